/* bd-mx-source.c
 *
 * A custom domain hosted by Google Workspace or Microsoft 365 has its own
 * name but the hoster's servers: its MX record points at aspmx.l.google.com
 * or *.mail.protection.outlook.com. So: take the most preferred MX host
 * (RFC 5321 §5.1), its registrable domain (libpsl), and look that domain up
 * in the built-in database, then the ISPDB, then its https autoconfig host —
 * never sending the person's address to that other domain. The settings are
 * expanded for the person's own address and marked unverified: the MX answer
 * is unsigned, and the servers belong to another domain.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-autoconfig-parser.h"
#include "bd-domain.h"
#include "bd-error.h"
#include "bd-ispdb-source.h"
#include "bd-mx-source.h"

struct _BdMxSource
{
  BdSource parent_instance;

  GResolver *resolver;
  BdProviderDb *db;
  BdHttpClient *client;
  char *ispdb_url;
};

G_DEFINE_FINAL_TYPE (BdMxSource, bd_mx_source, BD_TYPE_SOURCE)

typedef struct
{
  BdAddress *address;
  char *mx_host;
  char *mx_domain;   /* the MX host's registrable domain */
  guint step;        /* which HTTP lookup is running: 0 ISPDB, 1 autoconfig */
  gint64 asked_us;   /* when the MX question went out */
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_clear_object (&lookup->address);
  g_free (lookup->mx_host);
  g_free (lookup->mx_domain);
  g_free (lookup);
}

static void
return_config (GTask           *task,
               BdAccountConfig *found)
{
  Lookup *lookup = g_task_get_task_data (task);
  g_autoptr(BdAccountConfig) config = bd_account_config_expand (found, lookup->address);
  g_autofree char *url = g_strconcat ("dns:", bd_address_get_ascii_domain (lookup->address),
                                      "?type=MX#", lookup->mx_host, NULL);

  bd_account_config_set_provenance (config, BD_SOURCE_MX, url, BD_TRUST_UNVERIFIED);
  bd_account_config_add_note (config, bd_note_new (BD_NOTE_UNVERIFIED_SOURCE, NULL, NULL));
  g_task_return_pointer (task, g_steal_pointer (&config), g_object_unref);
}

static void fetch_next (GTask *task);

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Lookup *lookup = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(BdAccountConfig) parsed = NULL;
  g_autoptr(GError) error = NULL;

  body = bd_http_client_get_finish (BD_HTTP_CLIENT (object), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (body != NULL)
    parsed = bd_autoconfig_parse (body, NULL);
  if (parsed != NULL)
    {
      return_config (task, parsed);
      return;
    }

  lookup->step++;
  fetch_next (task);
}

static void
fetch_next (GTask *task)
{
  BdMxSource *self = g_task_get_source_object (task);
  Lookup *lookup = g_task_get_task_data (task);
  g_autofree char *url = NULL;

  if (lookup->step == 0)
    url = bd_ispdb_source_build_url (self->ispdb_url, lookup->mx_domain);
  else if (lookup->step == 1)
    url = g_strconcat ("https://autoconfig.", lookup->mx_domain, "/mail/config-v1.1.xml", NULL);

  if (url == NULL)
    {
      g_task_return_new_error (task, BD_ERROR, BD_ERROR_PROVIDER_NOT_FOUND,
                               _("Mail for “%s” goes to %s, whose settings are unknown."),
                               bd_address_get_domain (lookup->address), lookup->mx_host);
      return;
    }

  bd_http_client_get_async (self->client, url, BD_SOURCE (self), g_task_get_cancellable (task),
                            fetch_cb, g_object_ref (task));
}

/* The most preferred exchanger, without its trailing dot. */
static char *
pick_exchanger (GList *records)
{
  const char *best = NULL;
  guint16 best_preference = G_MAXUINT16;

  for (GList *l = records; l != NULL; l = l->next)
    {
      guint16 preference;
      const char *host;

      g_variant_get (l->data, "(q&s)", &preference, &host);
      if (host[0] != '\0' && !g_str_equal (host, ".") &&
          (best == NULL || preference < best_preference))
        {
          best = host;
          best_preference = preference;
        }
    }

  if (best == NULL)
    return NULL;
  return g_str_has_suffix (best, ".") ? g_strndup (best, strlen (best) - 1) : g_strdup (best);
}

static void
mx_cb (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BdMxSource *self = g_task_get_source_object (task);
  Lookup *lookup = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *own_domain = NULL;
  GList *records;
  gboolean had_records;
  BdAccountConfig *known;

  records = g_resolver_lookup_records_finish (G_RESOLVER (object), result, &error);
  had_records = records != NULL;
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    bd_source_report_round_trip (BD_SOURCE (self), BD_ROUND_TRIP_DNS,
                                 g_get_monotonic_time () - lookup->asked_us);
  lookup->mx_host = pick_exchanger (records);
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);

  if (lookup->mx_host == NULL)
    {
      if (error != NULL && !g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
        g_task_return_new_error (task, BD_ERROR, BD_ERROR_DNS_FAILED,
                                 _("The MX lookup failed: %s"), error->message);
      else if (had_records)
        /* Only "." exchangers: the null MX of RFC 7505 §3. */
        g_task_return_new_error (task, BD_ERROR, BD_ERROR_PROVIDER_NOT_FOUND,
                                 _("“%s” says it accepts no mail (its MX record is empty)."),
                                 bd_address_get_domain (lookup->address));
      else
        g_task_return_new_error (task, BD_ERROR, BD_ERROR_PROVIDER_NOT_FOUND,
                                 _("“%s” has no mail exchanger (MX) record."),
                                 bd_address_get_domain (lookup->address));
      return;
    }

  lookup->mx_domain = bd_domain_dup_registrable (lookup->mx_host);
  own_domain = bd_domain_dup_registrable (bd_address_get_ascii_domain (lookup->address));
  if (lookup->mx_domain == NULL || g_strcmp0 (lookup->mx_domain, own_domain) == 0)
    {
      /* The domain runs its own mail: the other sources cover it. */
      g_task_return_new_error (task, BD_ERROR, BD_ERROR_PROVIDER_NOT_FOUND,
                               _("Mail for “%s” goes to its own server %s."),
                               bd_address_get_domain (lookup->address), lookup->mx_host);
      return;
    }

  known = bd_provider_db_lookup (self->db, lookup->mx_domain);
  if (known != NULL)
    {
      return_config (task, known);
      return;
    }
  fetch_next (task);
}

static void
bd_mx_source_lookup_async (BdSource            *source,
                           BdAddress           *address,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  BdMxSource *self = BD_MX_SOURCE (source);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Lookup *lookup = g_new0 (Lookup, 1);

  g_task_set_source_tag (task, bd_mx_source_lookup_async);
  lookup->address = g_object_ref (address);
  g_task_set_task_data (task, lookup, (GDestroyNotify) lookup_free);

  /* An answer from the built-in database needs only the MX answer. */
  lookup->asked_us = g_get_monotonic_time ();
  bd_source_report_progress (source, 1);
  g_resolver_lookup_records_async (self->resolver, bd_address_get_ascii_domain (address),
                                   G_RESOLVER_RECORD_MX, cancellable, mx_cb,
                                   g_steal_pointer (&task));
}

static char *
bd_mx_source_dup_url (BdSource  *source,
                      BdAddress *address)
{
  return g_strconcat ("dns:", bd_address_get_ascii_domain (address), "?type=MX", NULL);
}

static void
bd_mx_source_dispose (GObject *object)
{
  BdMxSource *self = BD_MX_SOURCE (object);

  g_clear_object (&self->resolver);
  g_clear_object (&self->db);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (bd_mx_source_parent_class)->dispose (object);
}

static void
bd_mx_source_finalize (GObject *object)
{
  g_free (BD_MX_SOURCE (object)->ispdb_url);
  G_OBJECT_CLASS (bd_mx_source_parent_class)->finalize (object);
}

static void
bd_mx_source_class_init (BdMxSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bd_mx_source_dispose;
  object_class->finalize = bd_mx_source_finalize;
  BD_SOURCE_CLASS (klass)->lookup_async = bd_mx_source_lookup_async;
  BD_SOURCE_CLASS (klass)->dup_url = bd_mx_source_dup_url;
}

static void
bd_mx_source_init (BdMxSource *self)
{
}

/**
 * bd_mx_source_new:
 * @resolver: (nullable): the resolver; %NULL for the default
 * @db: (nullable): the database; %NULL for the built-in one
 * @ispdb_url: (nullable): the ISPDB's base URL; %NULL for Thunderbird's
 */
BdSource *
bd_mx_source_new (GResolver    *resolver,
                  BdProviderDb *db,
                  BdHttpClient *client,
                  const char   *ispdb_url)
{
  BdMxSource *self = g_object_new (BD_TYPE_MX_SOURCE, "kind", BD_SOURCE_MX, NULL);

  self->resolver = resolver != NULL ? g_object_ref (resolver) : g_resolver_get_default ();
  self->db = g_object_ref (db != NULL ? db : bd_provider_db_get_default ());
  self->client = g_object_ref (client);
  self->ispdb_url = g_strdup (ispdb_url != NULL ? ispdb_url : BD_ISPDB_DEFAULT_URL);
  return BD_SOURCE (self);
}
