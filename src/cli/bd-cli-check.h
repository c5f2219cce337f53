/* bd-cli-check.h: brevduva-cli check, an account's servers found and proven
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int bd_cli_check (int    argc,
                  char **argv);

G_END_DECLS
