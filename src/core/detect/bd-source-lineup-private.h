/* bd-source-lineup-private.h: which sources the detector asks, in rank order, and with what
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-address.h"
#include "bd-detector.h"
#include "bd-http-client.h"
#include "bd-provider-db.h"
#include "bd-source.h"
#include "bd-warm-connections.h"

G_BEGIN_DECLS

/* The detector's settings that decide its sources and what each is given.
 * The detector owns one; its setters write here (bd-source-lineup.c holds
 * those that are not properties). */
typedef struct
{
  gboolean offline;
  gboolean guess;
  guint source_timeout_ms;    /* each source's own deadline */
  char *ispdb_url;
  char *ca_file;              /* --ca-file's extra trust anchor; NULL: none */
  BdProviderDb *db;           /* NULL: the one compiled into the program */
  BdHttpClient *http;
  GResolver *resolver;        /* NULL: the default */
  BdWarmConnections *warm;    /* NULL: nothing is proven before the answer */
  GPtrArray *custom_sources;  /* of BdSource, replacing the standard lineup */
} BdSourceLineup;

void            bd_source_lineup_init             (BdSourceLineup       *self);
void            bd_source_lineup_clear            (BdSourceLineup       *self);
GPtrArray      *bd_source_lineup_create           (const BdSourceLineup *self);
gboolean        bd_source_lineup_builtin_suffices (const BdSourceLineup *self,
                                                   BdAddress            *address);

/* bd-detector.c: the detector's own, which its setters here write. */
BdSourceLineup *bd_detector_get_lineup            (BdDetector           *self);

G_END_DECLS
