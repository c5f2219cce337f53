/* bd-grace-period-private.h: how long the detector waits for a better source
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "bd-source.h"

G_BEGIN_DECLS

/* What one run has measured of the network's round trip. */
typedef struct
{
  gint64 connect_rtt_us;  /* the largest TCP connect measured; 0: none yet */
  gint64 dns_rtt_us;      /* the largest DNS answer time measured; 0: none yet */
} BdGracePeriod;

gboolean bd_grace_period_learn        (BdGracePeriod       *self,
                                       int                  kind,
                                       gint64               rtt_us);
gboolean bd_grace_period_guess_yields (BdSource            *better_source,
                                       guint                round_trips_left);
gint64   bd_grace_period_deadline_us  (const BdGracePeriod *self,
                                       gint64               best_us,
                                       gint64               step_us,
                                       guint                round_trips_left);

G_END_DECLS
