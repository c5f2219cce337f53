/* bd-cli-store.h: brevduva-cli store, the password into the keyring
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int bd_cli_store (int    argc,
                  char **argv);

G_END_DECLS
