/* bd-provider-db.c
 *
 * The files of data/providers/ are compiled into the program as a GResource
 * (see src/core/meson.build), so that a known domain is found with no
 * network and no file on disk. They are parsed by the same parser as any
 * document from the network: the database gets no special trust in its
 * format, only in its origin.
 *
 * The shared database (bd_provider_db_get_default()) parses a document only
 * when one of its domains is first looked up: the build writes an index of
 * every domain and its document (data/providers/make-index.py), so a check
 * parses one document, not all of them (issue 16 §3: that was a fifth of
 * a check's instructions, before its first packet).
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-autoconfig-parser.h"
#include "bd-error.h"
#include "bd-provider-db.h"
#include "bd-providers-index.h"
#include "bd-providers-resources.h"

#define PROVIDERS_PATH "/io/github/brevduva/Brevduva/providers/"

struct _BdProviderDb
{
  GObject parent_instance;

  GPtrArray *providers;     /* of BdAccountConfig, in load order */
  GHashTable *by_domain;    /* ASCII domain → BdAccountConfig (borrowed) */

  /* Loaded on demand from the index (bd_provider_db_new_builtin_indexed()):
   * lookups may come from any thread. */
  gboolean indexed;
  GMutex lock;
  GHashTable *loaded;       /* names of the documents parsed so far */
};

G_DEFINE_FINAL_TYPE (BdProviderDb, bd_provider_db, G_TYPE_OBJECT)

static void
bd_provider_db_finalize (GObject *object)
{
  BdProviderDb *self = BD_PROVIDER_DB (object);

  g_hash_table_unref (self->by_domain);
  g_ptr_array_unref (self->providers);
  g_hash_table_unref (self->loaded);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (bd_provider_db_parent_class)->finalize (object);
}

static void
bd_provider_db_class_init (BdProviderDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bd_provider_db_finalize;
}

static void
bd_provider_db_init (BdProviderDb *self)
{
  self->providers = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_domain = g_hash_table_new (g_str_hash, g_str_equal);
  self->loaded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_init (&self->lock);
}

/**
 * bd_provider_db_new:
 *
 * Returns: (transfer full): an empty database; see
 *   bd_provider_db_add_document().
 */
BdProviderDb *
bd_provider_db_new (void)
{
  return g_object_new (BD_TYPE_PROVIDER_DB, NULL);
}

/**
 * bd_provider_db_add_document:
 * @uri: where the document comes from; becomes the settings' source URL
 *
 * Parses one clientConfig document and indexes it by each of its domains.
 * A domain that another document already claims is an error: the database
 * must say one thing per domain.
 */
gboolean
bd_provider_db_add_document (BdProviderDb  *self,
                             const char    *uri,
                             GBytes        *document,
                             GError       **error)
{
  g_autoptr(BdAccountConfig) config = NULL;
  GPtrArray *domains;

  g_return_val_if_fail (BD_IS_PROVIDER_DB (self), FALSE);
  g_return_val_if_fail (uri != NULL, FALSE);
  g_return_val_if_fail (document != NULL, FALSE);

  config = bd_autoconfig_parse (document, error);
  if (config == NULL)
    {
      g_prefix_error (error, "%s: ", uri);
      return FALSE;
    }
  bd_account_config_set_provenance (config, BD_SOURCE_BUILTIN, uri, BD_TRUST_TRUSTED);

  domains = bd_account_config_get_domains (config);
  for (guint i = 0; i < domains->len; i++)
    {
      const char *domain = g_ptr_array_index (domains, i);
      BdAccountConfig *other = g_hash_table_lookup (self->by_domain, domain);

      if (other != NULL)
        {
          g_set_error (error, BD_ERROR, BD_ERROR_CONFIG_INVALID_VALUE,
                       _("%s: the domain “%s” is already listed by %s."),
                       uri, domain, bd_account_config_get_source_url (other));
          return FALSE;
        }
    }

  for (guint i = 0; i < domains->len; i++)
    g_hash_table_insert (self->by_domain, g_ptr_array_index (domains, i), config);
  g_ptr_array_add (self->providers, g_steal_pointer (&config));

  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Parses the built-in document @name (a file of data/providers/), once. */
static gboolean
load_builtin_document (BdProviderDb  *self,
                       const char    *name,
                       GError       **error)
{
  g_autofree char *path = g_strconcat (PROVIDERS_PATH, name, NULL);
  g_autofree char *uri = g_strconcat ("resource://", path, NULL);
  g_autoptr(GBytes) bytes = NULL;

  if (g_hash_table_contains (self->loaded, name))
    return TRUE;
  bytes = g_resource_lookup_data (bd_providers_get_resource (), path,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL || !bd_provider_db_add_document (self, uri, bytes, error))
    return FALSE;
  g_hash_table_add (self->loaded, g_strdup (name));
  return TRUE;
}

/* Every built-in document, sorted, so that load order (and any error) does
 * not depend on hashing. */
static gboolean
load_all_builtin (BdProviderDb  *self,
                  GError       **error)
{
  g_auto(GStrv) names = NULL;

  names = g_resource_enumerate_children (bd_providers_get_resource (), PROVIDERS_PATH,
                                         G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (names == NULL)
    return FALSE;
  g_qsort_with_data (names, (gint) g_strv_length (names), sizeof (char *),
                     compare_names, NULL);
  for (guint i = 0; names[i] != NULL; i++)
    if (!load_builtin_document (self, names[i], error))
      return FALSE;
  return TRUE;
}

/**
 * bd_provider_db_new_builtin:
 *
 * Loads every document compiled into the program.
 *
 * Returns: (transfer full): the database, or %NULL when a document is
 *   broken (which the data tests prevent from ever shipping).
 */
BdProviderDb *
bd_provider_db_new_builtin (GError **error)
{
  g_autoptr(BdProviderDb) self = bd_provider_db_new ();

  if (!load_all_builtin (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * bd_provider_db_new_builtin_indexed:
 *
 * Returns: (transfer full): the database of the documents compiled into the
 *   program, each parsed when one of its domains is first looked up (the
 *   build's index says which document names a domain). It answers as
 *   bd_provider_db_new_builtin()'s does; lookups may come from any thread.
 */
BdProviderDb *
bd_provider_db_new_builtin_indexed (void)
{
  BdProviderDb *self = bd_provider_db_new ();

  self->indexed = TRUE;
  return self;
}

static int
compare_index_entry (const void *key,
                     const void *entry)
{
  return strcmp (key, ((const BdProviderIndexEntry *) entry)->domain);
}

/* The built-in document that names @domain, when it is not parsed yet. */
static void
load_indexed_locked (BdProviderDb *self,
                     const char   *domain)
{
  const BdProviderIndexEntry *entry;
  g_autoptr(GError) error = NULL;

  entry = bsearch (domain, bd_provider_index, G_N_ELEMENTS (bd_provider_index),
                   sizeof bd_provider_index[0], compare_index_entry);
  if (entry != NULL && !load_builtin_document (self, entry->document, &error))
    g_critical ("The built-in provider database is broken: %s", error->message);
}

/* Before a question about the whole database: every document parsed. */
static void
load_all_indexed (BdProviderDb *self)
{
  g_autoptr(GError) error = NULL;

  if (!self->indexed)
    return;
  g_mutex_lock (&self->lock);
  if (!load_all_builtin (self, &error))
    g_critical ("The built-in provider database is broken: %s", error->message);
  g_mutex_unlock (&self->lock);
}

/**
 * bd_provider_db_get_default:
 *
 * Returns: (transfer none): the built-in database, shared by every thread
 *   for the life of the process; each document is parsed on first use
 *   (bd_provider_db_new_builtin_indexed()).
 */
BdProviderDb *
bd_provider_db_get_default (void)
{
  static gsize instance;

  if (g_once_init_enter (&instance))
    g_once_init_leave (&instance, (gsize) bd_provider_db_new_builtin_indexed ());

  return (BdProviderDb *) instance;
}

/**
 * bd_provider_db_lookup:
 * @ascii_domain: a mail domain in ASCII (IDNA) form
 *
 * Returns: (transfer none) (nullable): the provider's settings, with
 *   placeholders unexpanded.
 */
BdAccountConfig *
bd_provider_db_lookup (BdProviderDb *self,
                       const char   *ascii_domain)
{
  g_autofree char *key = NULL;
  BdAccountConfig *config;

  g_return_val_if_fail (BD_IS_PROVIDER_DB (self), NULL);
  g_return_val_if_fail (ascii_domain != NULL, NULL);

  key = g_ascii_strdown (ascii_domain, -1);
  if (!self->indexed)
    return g_hash_table_lookup (self->by_domain, key);

  g_mutex_lock (&self->lock);
  config = g_hash_table_lookup (self->by_domain, key);
  if (config == NULL)
    {
      load_indexed_locked (self, key);
      config = g_hash_table_lookup (self->by_domain, key);
    }
  g_mutex_unlock (&self->lock);
  /* Never freed before the database: the pointer stays good. */
  return config;
}

/**
 * bd_provider_db_get_providers:
 *
 * Returns: (transfer none) (element-type BdAccountConfig): every provider.
 */
GPtrArray *
bd_provider_db_get_providers (BdProviderDb *self)
{
  g_return_val_if_fail (BD_IS_PROVIDER_DB (self), NULL);

  load_all_indexed (self);
  return self->providers;
}

guint
bd_provider_db_get_n_domains (BdProviderDb *self)
{
  g_return_val_if_fail (BD_IS_PROVIDER_DB (self), 0);

  load_all_indexed (self);
  return g_hash_table_size (self->by_domain);
}
