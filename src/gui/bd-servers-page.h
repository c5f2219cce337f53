/* bd-servers-page.h: the third page: every server found, tested live, editable
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bd-session-page.h"

G_BEGIN_DECLS

#define BD_TYPE_SERVERS_PAGE (bd_servers_page_get_type ())

G_DECLARE_FINAL_TYPE (BdServersPage, bd_servers_page, BD, SERVERS_PAGE, BdSessionPage)


G_END_DECLS
