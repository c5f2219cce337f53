/* bd-cli.h: brevduva-cli, the command line of DESIGN.md, and what its commands share
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bd-account-config.h"

G_BEGIN_DECLS

/* Exit statuses, part of the stable interface. */
#define BD_CLI_EXIT_OK 0
#define BD_CLI_EXIT_FAILED 1
#define BD_CLI_EXIT_USAGE 2

int             bd_cli_run                (int            argc,
                                           char         **argv);

int             bd_cli_fail_usage         (const char    *message);
int             bd_cli_fail               (const char    *message);
GOptionContext *bd_cli_option_context_new (const char    *command,
                                           const char    *parameter,
                                           const char    *summary,
                                           const GOptionEntry *entries);
gboolean        bd_cli_check_timeout      (double         seconds,
                                           GError       **error);
gboolean        bd_cli_load_ca_file       (const char    *path,
                                           GBytes       **pem,
                                           GError       **error);
void            bd_cli_print_json         (JsonNode      *node);

/* What a command does with a password it may not send (security rule 4). */
typedef enum {
  BD_CLI_WITHHOLD_TEST_WITHOUT,   /* check: tests the servers without it */
  BD_CLI_WITHHOLD_REFUSE,         /* store: stores nothing, but for --no-verify */
  BD_CLI_WITHHOLD_REFUSE_EXPORT,  /* export: hands off nothing, but for --no-verify */
} BdCliWithhold;

char           *bd_cli_dup_withheld_reason (BdAccountConfig *config,
                                            BdAddress       *address,
                                            BdApproval       approval,
                                            BdCliWithhold    what);

G_END_DECLS
