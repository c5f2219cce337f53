/* bd-warm-connections-private.h: how BdProbe parks and takes warm connections (internal)
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-probe-steps-private.h"
#include "bd-warm-connections.h"

G_BEGIN_DECLS

char          *bd_warm_connections_dup_key    (BdServer           *server,
                                               GBytes             *ca_pem,
                                               const char         *pin);
guint          bd_warm_connections_begin      (BdWarmConnections  *self,
                                               const char         *key,
                                               GCancellable       *own,
                                               GCancellable       *caller);
void           bd_warm_connections_end        (BdWarmConnections  *self,
                                               guint               id,
                                               BdProbeParked      *parked,
                                               BdProbeReport      *report);
void           bd_warm_connections_take_async (BdWarmConnections  *self,
                                               const char         *key,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
BdProbeParked *bd_warm_connections_take_finish (BdWarmConnections *self,
                                               GAsyncResult       *result,
                                               BdProbeReport     **report,
                                               GError            **error);

G_END_DECLS
