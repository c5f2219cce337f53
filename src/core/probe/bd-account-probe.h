/* bd-account-probe.h: proves every server of an account at once
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-account-config.h"
#include "bd-probe-report.h"

G_BEGIN_DECLS

#define BD_TYPE_ACCOUNT_PROBE (bd_account_probe_get_type ())

/* The delay between the outgoing alternatives' starts: RFC 8305 §5's lowest recommended Connection Attempt Delay: the names are
 * looked up before (BdSharedResolver), so this is the head start of the
 * preferred alternative's connection. */
#define BD_ACCOUNT_PROBE_DEFAULT_STAGGER_MS 100

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
void            bd_account_probe_run_async    (BdAccountProbe       *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
GPtrArray      *bd_account_probe_run_finish   (BdAccountProbe       *self,
                                               GAsyncResult         *result,
                                               GError              **error);
gboolean        bd_account_probe_is_usable    (GPtrArray            *reports);

G_END_DECLS
