/* bd-builtin-source.c
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-builtin-source.h"
#include "bd-error.h"

struct _BdBuiltinSource
{
  BdSource parent_instance;

  BdProviderDb *db;
};

G_DEFINE_FINAL_TYPE (BdBuiltinSource, bd_builtin_source, BD_TYPE_SOURCE)

static void
bd_builtin_source_lookup_async (BdSource            *source,
                                BdAddress           *address,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  BdBuiltinSource *self = BD_BUILTIN_SOURCE (source);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  BdAccountConfig *config;

  g_task_set_source_tag (task, bd_builtin_source_lookup_async);

  config = bd_provider_db_lookup (self->db, bd_address_get_ascii_domain (address));
  if (config == NULL)
    {
      g_task_return_new_error (task, BD_ERROR, BD_ERROR_PROVIDER_NOT_FOUND,
                               _("The built-in database does not know “%s”."),
                               bd_address_get_domain (address));
      return;
    }

  g_task_return_pointer (task, bd_account_config_expand (config, address), g_object_unref);
}

static char *
bd_builtin_source_dup_url (BdSource  *source,
                           BdAddress *address)
{
  BdBuiltinSource *self = BD_BUILTIN_SOURCE (source);
  BdAccountConfig *config = bd_provider_db_lookup (self->db, bd_address_get_ascii_domain (address));

  return config != NULL ? g_strdup (bd_account_config_get_source_url (config)) : NULL;
}

static void
bd_builtin_source_dispose (GObject *object)
{
  BdBuiltinSource *self = BD_BUILTIN_SOURCE (object);

  g_clear_object (&self->db);

  G_OBJECT_CLASS (bd_builtin_source_parent_class)->dispose (object);
}

static void
bd_builtin_source_class_init (BdBuiltinSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  BdSourceClass *source_class = BD_SOURCE_CLASS (klass);

  object_class->dispose = bd_builtin_source_dispose;
  source_class->lookup_async = bd_builtin_source_lookup_async;
  source_class->dup_url = bd_builtin_source_dup_url;
}

static void
bd_builtin_source_init (BdBuiltinSource *self)
{
}

/**
 * bd_builtin_source_new:
 * @db: (nullable): the database; %NULL for the one compiled into the program
 */
BdSource *
bd_builtin_source_new (BdProviderDb *db)
{
  BdBuiltinSource *self = g_object_new (BD_TYPE_BUILTIN_SOURCE,
                                        "kind", BD_SOURCE_BUILTIN,
                                        NULL);

  self->db = g_object_ref (db != NULL ? db : bd_provider_db_get_default ());
  return BD_SOURCE (self);
}
