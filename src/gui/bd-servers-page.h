/* bd-servers-page.h: the third page: every server found, tested live, editable
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bd-setup-session.h"

G_BEGIN_DECLS

#define BD_TYPE_SERVERS_PAGE (bd_servers_page_get_type ())

G_DECLARE_FINAL_TYPE (BdServersPage, bd_servers_page, BD, SERVERS_PAGE, AdwBin)

BdSetupSession *bd_servers_page_get_session        (BdServersPage  *self);
void            bd_servers_page_set_session        (BdServersPage  *self,
                                                    BdSetupSession *session);
GtkWidget      *bd_servers_page_get_default_widget (BdServersPage  *self);

G_END_DECLS
