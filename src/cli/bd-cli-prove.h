/* bd-cli-prove.h: servers proven while the command waits: test's, and an account's
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-account-config.h"
#include "bd-cli-password.h"
#include "bd-keyring.h"
#include "bd-probe-report.h"
#include "bd-warm-connections.h"

G_BEGIN_DECLS

GPtrArray *bd_cli_prove_servers (GPtrArray           *probes,
                                 GBytes              *ca_pem,
                                 GError             **error);
GPtrArray *bd_cli_prove_account (BdAccountConfig     *config,
                                 const BdCliPassword *password,
                                 GBytes              *ca_pem,
                                 double               timeout,
                                 BdWarmConnections   *warm,
                                 GError             **cause,
                                 GError             **error);

/* Which of an account's servers get the password. */
typedef enum {
  BD_CLI_PICK_EACH_PROTOCOL,   /* store: the best IMAP, POP3 and SMTP */
  BD_CLI_PICK_ONE_INCOMING,    /* export: the best IMAP (else POP3), and SMTP */
} BdCliPick;

GPtrArray *bd_cli_pick_servers    (BdAccountConfig     *config,
                                   BdCliPick            pick);
GPtrArray *bd_cli_prove_logins    (BdAccountConfig     *config,
                                   GPtrArray           *servers,
                                   const BdCliPassword *password,
                                   GBytes              *ca_pem,
                                   GError             **error);
gboolean   bd_cli_login_succeeded (BdProbeReport       *report);
gboolean   bd_cli_store_password  (BdKeyring           *keyring,
                                   BdServer            *server,
                                   const char          *password,
                                   GError             **error);
void       bd_cli_print_stored    (BdServer            *server);

G_END_DECLS
