/* bd-cli-prove.h: servers proven while the command waits: test's, and an account's
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-account-config.h"
#include "bd-cli-password.h"

G_BEGIN_DECLS

GPtrArray *bd_cli_prove_servers (GPtrArray           *probes,
                                 GBytes              *ca_pem,
                                 GError             **error);
GPtrArray *bd_cli_prove_account (BdAccountConfig     *config,
                                 const BdCliPassword *password,
                                 GBytes              *ca_pem,
                                 double               timeout,
                                 GError             **cause,
                                 GError             **error);

G_END_DECLS
