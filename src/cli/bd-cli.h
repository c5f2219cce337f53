/* bd-cli.h: brevduva-cli, the command line of DESIGN.md
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses, part of the stable interface. */
#define BD_CLI_EXIT_OK 0
#define BD_CLI_EXIT_FAILED 1
#define BD_CLI_EXIT_USAGE 2

int bd_cli_run (int    argc,
                char **argv);

G_END_DECLS
