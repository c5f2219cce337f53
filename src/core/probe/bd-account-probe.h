/* bd-account-probe.h: proves every server of an account, as BdProbeSchedule schedules them
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-account-config.h"
#include "bd-probe-report.h"
#include "bd-probe-schedule.h"

G_BEGIN_DECLS

#define BD_TYPE_ACCOUNT_PROBE (bd_account_probe_get_type ())

/* The delay between the outgoing alternatives' starts: the schedule's. */
#define BD_ACCOUNT_PROBE_DEFAULT_STAGGER_MS BD_PROBE_SCHEDULE_DEFAULT_STAGGER_MS

G_DECLARE_FINAL_TYPE (BdAccountProbe, bd_account_probe, BD, ACCOUNT_PROBE, GObject)

BdAccountProbe *bd_account_probe_new          (BdAccountConfig      *config);
void            bd_account_probe_set_password (BdAccountProbe       *self,
                                               const char           *password,
                                               gssize                length);
void            bd_account_probe_set_ca_pem   (BdAccountProbe       *self,
                                               GBytes               *pem);
void            bd_account_probe_set_timeout  (BdAccountProbe       *self,
                                               guint                 timeout_ms);
void            bd_account_probe_set_stagger  (BdAccountProbe       *self,
                                               guint                 stagger_ms);
void            bd_account_probe_set_resolver (BdAccountProbe       *self,
                                               GResolver            *resolver);
void            bd_account_probe_set_warm_connections (BdAccountProbe *self,
                                               BdWarmConnections    *warm);
void            bd_account_probe_run_async    (BdAccountProbe       *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
GPtrArray      *bd_account_probe_run_finish   (BdAccountProbe       *self,
                                               GAsyncResult         *result,
                                               GError              **error);
const GError   *bd_account_probe_get_cause    (BdAccountProbe       *self);
gboolean        bd_account_probe_is_usable    (GPtrArray            *reports);

G_END_DECLS
