/* bd-server.h: one mail server of an account
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "bd-address.h"
#include "bd-enums.h"

G_BEGIN_DECLS

#define BD_TYPE_SERVER (bd_server_get_type ())

G_DECLARE_FINAL_TYPE (BdServer, bd_server, BD, SERVER, GObject)

BdServer    *bd_server_new                (BdProtocol   protocol,
                                           const char  *hostname,
                                           guint16      port,
                                           BdSecurity   security,
                                           const char  *username);
BdProtocol   bd_server_get_protocol       (BdServer    *self);
const char  *bd_server_get_hostname       (BdServer    *self);
void         bd_server_set_hostname       (BdServer    *self,
                                           const char  *hostname);
guint16      bd_server_get_port           (BdServer    *self);
void         bd_server_set_port           (BdServer    *self,
                                           guint16      port);
BdSecurity   bd_server_get_security       (BdServer    *self);
void         bd_server_set_security       (BdServer    *self,
                                           BdSecurity   security);
const char  *bd_server_get_username       (BdServer    *self);
void         bd_server_set_username       (BdServer    *self,
                                           const char  *username);
BdAuthFlags  bd_server_get_auth           (BdServer    *self);
void         bd_server_set_auth           (BdServer    *self,
                                           BdAuthFlags  auth);
gboolean     bd_server_get_allows_password (BdServer   *self);
gboolean     bd_server_is_incoming        (BdServer    *self);
char        *bd_server_dup_url            (BdServer    *self);
BdServer    *bd_server_expand             (BdServer    *self,
                                           BdAddress   *address);
guint16      bd_server_default_port       (BdProtocol   protocol,
                                           BdSecurity   security);

G_END_DECLS
