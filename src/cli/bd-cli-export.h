/* bd-cli-export.h: brevduva-cli export, the proven account into a mail program
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int bd_cli_export (int    argc,
                   char **argv);

G_END_DECLS
