/* bd-guess-source.h: the conventional server names of a domain
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-source.h"
#include "bd-warm-connections.h"

G_BEGIN_DECLS

#define BD_TYPE_GUESS_SOURCE (bd_guess_source_get_type ())

G_DECLARE_FINAL_TYPE (BdGuessSource, bd_guess_source, BD, GUESS_SOURCE, BdSource)

BdSource *bd_guess_source_new           (void);
BdSource *bd_guess_source_new_confirmed (GResolver  *resolver,
                                         const char *ca_file,
                                         guint       probe_timeout_ms);
void      bd_guess_source_set_warm_connections (BdGuessSource     *self,
                                         BdWarmConnections *warm);

G_END_DECLS
