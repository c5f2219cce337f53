/* bd-line-reader.h: splits received bytes into bounded protocol lines (no I/O)
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Security rule 6 of DESIGN.md: every read is bounded. */
#define BD_LINE_READER_MAX_LINE 8192

typedef enum {
  BD_LINE_READER_NEED_MORE,
  BD_LINE_READER_LINE,
  BD_LINE_READER_TOO_LONG,
} BdLineReaderStatus;

typedef struct
{
  /*< private >*/
  GByteArray *buffer;
  gsize max_line;
} BdLineReader;

void               bd_line_reader_init        (BdLineReader  *self,
                                               gsize          max_line);
void               bd_line_reader_clear       (BdLineReader  *self);
void               bd_line_reader_feed        (BdLineReader  *self,
                                               const guint8  *data,
                                               gsize          length);
BdLineReaderStatus bd_line_reader_next        (BdLineReader  *self,
                                               char         **line);
gsize              bd_line_reader_get_pending (BdLineReader  *self);
gboolean           bd_line_reader_skip        (BdLineReader  *self,
                                               gsize         *remaining);

G_END_DECLS
