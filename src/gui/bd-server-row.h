/* bd-server-row.h: one server, its live test and its settings, as a list row
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bd-server-check.h"
#include "bd-setup-session.h"

G_BEGIN_DECLS

#define BD_TYPE_SERVER_ROW (bd_server_row_get_type ())

G_DECLARE_FINAL_TYPE (BdServerRow, bd_server_row, BD, SERVER_ROW, AdwExpanderRow)

GtkWidget     *bd_server_row_new       (BdServerCheck  *check,
                                        BdSetupSession *session);
BdServerCheck *bd_server_row_get_check (BdServerRow    *self);

G_END_DECLS
