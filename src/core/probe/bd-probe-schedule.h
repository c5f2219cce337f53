/* bd-probe-schedule.h: when each probe of an account starts, and which stop once one is proven
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-probe.h"

G_BEGIN_DECLS

#define BD_TYPE_PROBE_SCHEDULE (bd_probe_schedule_get_type ())

/* The delay between the outgoing alternatives' starts: RFC 8305 §5's lowest
 * recommended Connection Attempt Delay. The names are looked up before
 * (BdSharedResolver), so this is the head start of the preferred
 * alternative's connection. */
#define BD_PROBE_SCHEDULE_DEFAULT_STAGGER_MS 100

G_DECLARE_FINAL_TYPE (BdProbeSchedule, bd_probe_schedule, BD, PROBE_SCHEDULE, GObject)

BdProbeSchedule *bd_probe_schedule_new         (GResolver            *resolver);
void             bd_probe_schedule_set_stagger (BdProbeSchedule      *self,
                                                guint                 stagger_ms);
guint            bd_probe_schedule_add         (BdProbeSchedule      *self,
                                                BdProbe              *probe,
                                                GCancellable         *cancellable);
void             bd_probe_schedule_run_async   (BdProbeSchedule      *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
GPtrArray       *bd_probe_schedule_run_finish  (BdProbeSchedule      *self,
                                                GAsyncResult         *result,
                                                GError              **error);

G_END_DECLS
