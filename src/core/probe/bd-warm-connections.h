/* bd-warm-connections.h: connections proven up to the capabilities while detection runs, for the probes that follow
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-account-config.h"
#include "bd-server.h"

G_BEGIN_DECLS

#define BD_TYPE_WARM_CONNECTIONS (bd_warm_connections_get_type ())

/* How long a parked connection waits to be taken before it is ended:
 * long enough for a detection's last grace period and the start of the
 * probes, far shorter than any server's idle timeout before a login. */
#define BD_WARM_CONNECTIONS_DEFAULT_IDLE_MS 5000

G_DECLARE_FINAL_TYPE (BdWarmConnections, bd_warm_connections, BD, WARM_CONNECTIONS, GObject)

BdWarmConnections *bd_warm_connections_new          (void);
void               bd_warm_connections_set_ca_pem   (BdWarmConnections *self,
                                                     GBytes            *pem);
void               bd_warm_connections_set_timeout  (BdWarmConnections *self,
                                                     guint              timeout_ms);
void               bd_warm_connections_set_idle_timeout (BdWarmConnections *self,
                                                     guint              idle_ms);
void               bd_warm_connections_set_resolver (BdWarmConnections *self,
                                                     GResolver         *resolver);
void               bd_warm_connections_warm         (BdWarmConnections *self,
                                                     BdServer          *server);
void               bd_warm_connections_warm_config  (BdWarmConnections *self,
                                                     BdAccountConfig   *config);
void               bd_warm_connections_keep_only    (BdWarmConnections *self,
                                                     BdAccountConfig   *config);
void               bd_warm_connections_drop_all     (BdWarmConnections *self);
guint              bd_warm_connections_get_n_parked (BdWarmConnections *self);
guint              bd_warm_connections_get_n_taken  (BdWarmConnections *self);
guint              bd_warm_connections_get_n_dropped (BdWarmConnections *self);

G_END_DECLS
