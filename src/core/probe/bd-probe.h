/* bd-probe.h: proves one server: name, connection, TLS, greeting, capabilities, login
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-probe-report.h"
#include "bd-server.h"
#include "bd-warm-connections.h"

G_BEGIN_DECLS

#define BD_TYPE_PROBE (bd_probe_get_type ())

#define BD_PROBE_DEFAULT_TIMEOUT_MS 10000

G_DECLARE_FINAL_TYPE (BdProbe, bd_probe, BD, PROBE, GObject)

BdProbe       *bd_probe_new          (BdServer             *server);
BdServer      *bd_probe_get_server   (BdProbe              *self);
void           bd_probe_set_username (BdProbe              *self,
                                      const char           *username);
const char    *bd_probe_get_username (BdProbe              *self);
void           bd_probe_set_password (BdProbe              *self,
                                      const char           *password,
                                      gssize                length);
gboolean       bd_probe_set_ca_file  (BdProbe              *self,
                                      const char           *path,
                                      GError              **error);
void           bd_probe_set_ca_pem   (BdProbe              *self,
                                      GBytes               *pem);
gboolean       bd_probe_set_pin      (BdProbe              *self,
                                      const char           *pin,
                                      GError              **error);
void           bd_probe_set_timeout  (BdProbe              *self,
                                      guint                 timeout_ms);
guint          bd_probe_get_timeout  (BdProbe              *self);
void           bd_probe_set_login    (BdProbe              *self,
                                      gboolean              login);
gboolean       bd_probe_get_login    (BdProbe              *self);
void           bd_probe_set_resolver (BdProbe              *self,
                                      GResolver            *resolver);
void           bd_probe_set_warm_connections (BdProbe       *self,
                                      BdWarmConnections    *warm);
void           bd_probe_set_parking  (BdProbe              *self,
                                      BdWarmConnections    *warm);
void           bd_probe_run_async    (BdProbe              *self,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
BdProbeReport *bd_probe_run_finish   (BdProbe              *self,
                                      GAsyncResult         *result,
                                      GError              **error);
BdProbeReport *bd_probe_run_dup_stopped_report (BdProbe         *self,
                                                GAsyncResult    *result);

gboolean       bd_probe_prepare_trust (GBytes               *extra_ca_pem,
                                       GError              **error);

G_END_DECLS
