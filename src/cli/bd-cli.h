/* bd-cli.h: brevduva-cli, the command line of DESIGN.md, and what its commands share
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

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

G_END_DECLS
