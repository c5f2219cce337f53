/* bd-server-url.h: servers from the command line's URLs (imaps://host:993 …)
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-server.h"

G_BEGIN_DECLS

BdServer *bd_server_new_from_url (const char  *url,
                                  GError     **error);

G_END_DECLS
