/* bd-keyring.h: mail passwords in the system keyring (the Secret Service)
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-server.h"

G_BEGIN_DECLS

#define BD_TYPE_KEYRING (bd_keyring_get_type ())

G_DECLARE_FINAL_TYPE (BdKeyring, bd_keyring, BD, KEYRING, GObject)

BdKeyring  *bd_keyring_new           (void);
char       *bd_keyring_dup_label     (BdServer             *server);
/* `secret-tool lookup …` of @server's item, for another program's settings. */
char       *bd_keyring_dup_lookup_command (BdServer        *server);

void        bd_keyring_store_async   (BdKeyring            *self,
                                      BdServer             *server,
                                      const char           *password,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean    bd_keyring_store_finish  (BdKeyring            *self,
                                      GAsyncResult         *result,
                                      GError              **error);
void        bd_keyring_lookup_async  (BdKeyring            *self,
                                      BdServer             *server,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
char       *bd_keyring_lookup_finish (BdKeyring            *self,
                                      GAsyncResult         *result,
                                      GError              **error);
void        bd_keyring_delete_async  (BdKeyring            *self,
                                      BdServer             *server,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean    bd_keyring_delete_finish (BdKeyring            *self,
                                      GAsyncResult         *result,
                                      GError              **error);

/* Blocking, for worker threads (the hand-off, src/core/export). */
gboolean    bd_keyring_store_sync      (BdKeyring          *self,
                                        BdServer           *server,
                                        const char         *password,
                                        GCancellable       *cancellable,
                                        GError            **error);
gboolean    bd_keyring_store_item_sync (BdKeyring          *self,
                                        const char         *schema_name,
                                        GHashTable         *attributes,
                                        const char         *label,
                                        const char         *password,
                                        GCancellable       *cancellable,
                                        GError            **error);

G_END_DECLS
