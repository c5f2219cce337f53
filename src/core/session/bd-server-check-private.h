/* bd-server-check-private.h: what BdServerList does with a check whose probe it schedules
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-probe.h"
#include "bd-server-check.h"

G_BEGIN_DECLS

BdProbe *bd_server_check_new_probe (BdServerCheck *self,
                                    const char    *password,
                                    GBytes        *ca_pem,
                                    GResolver     *resolver,
                                    guint          timeout_ms);
void     bd_server_check_begin     (BdServerCheck *self,
                                    GCancellable  *cancellable);
void     bd_server_check_end       (BdServerCheck *self,
                                    GCancellable  *cancellable,
                                    BdProbeReport *report);
void     bd_server_check_refresh   (BdServerCheck *self);

G_END_DECLS
