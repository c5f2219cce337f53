/* bd-provider-db.h: the built-in provider database, indexed by domain
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-account-config.h"

G_BEGIN_DECLS

#define BD_TYPE_PROVIDER_DB (bd_provider_db_get_type ())

G_DECLARE_FINAL_TYPE (BdProviderDb, bd_provider_db, BD, PROVIDER_DB, GObject)

BdProviderDb    *bd_provider_db_new               (void);
BdProviderDb    *bd_provider_db_new_builtin       (GError       **error);
BdProviderDb    *bd_provider_db_new_builtin_indexed (void);
BdProviderDb    *bd_provider_db_get_default       (void);
gboolean         bd_provider_db_add_document      (BdProviderDb  *self,
                                                   const char    *uri,
                                                   GBytes        *document,
                                                   GError       **error);
BdAccountConfig *bd_provider_db_lookup            (BdProviderDb  *self,
                                                   const char    *ascii_domain);
GPtrArray       *bd_provider_db_get_providers     (BdProviderDb  *self);
guint            bd_provider_db_get_n_domains     (BdProviderDb  *self);

G_END_DECLS
