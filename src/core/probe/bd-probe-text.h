/* bd-probe-text.h: what a server says, made safe to show (no I/O)
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How much of a server's words a report keeps, in characters. */
#define BD_PROBE_TEXT_MAX_CHARS 400

char *bd_probe_text_sanitize (const char *text,
                              gssize      length,
                              gsize       max_chars);

G_END_DECLS
