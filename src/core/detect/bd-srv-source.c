/* bd-srv-source.c
 *
 * Asks for the six services of RFC 6186 §3 and RFC 8314 §5.1 at once. GIO's
 * g_srv_target_list_sort() orders each answer by priority and, within a
 * priority, by RFC 2782's weighted random choice, and turns a lone "." target
 * ("decidedly not available", RFC 2782) into an empty list. Implicit TLS
 * services come before their STARTTLS twins (RFC 8314 §5.1). The answer is
 * unverified: without DNSSEC validation anyone on the path can forge it.
 *
 * Bounded work (DESIGN.md, security rule 6): an answer may hold hundreds of
 * targets (a 64 KiB DNS message over TCP holds thousands), and every server
 * kept here is later probed, in parallel. Only the first
 * MAX_TARGETS_PER_SERVICE targets of each service, in RFC 2782 order, are
 * kept. A target must name a host (RFC 2782: "the domain name of the target
 * host"): one with an underscore label, such as the record's own name
 * "_imaps._tcp.example.com", is a service name, not a host, and is dropped.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-srv-source.h"

struct _BdSrvSource
{
  BdSource parent_instance;

  GResolver *resolver;
};

G_DEFINE_FINAL_TYPE (BdSrvSource, bd_srv_source, BD_TYPE_SOURCE)

static const struct {
  const char *service;
  BdProtocol protocol;
  BdSecurity security;
} services[] = {
  { "_imaps._tcp.", BD_PROTOCOL_IMAP, BD_SECURITY_TLS },
  { "_imap._tcp.", BD_PROTOCOL_IMAP, BD_SECURITY_STARTTLS },
  { "_pop3s._tcp.", BD_PROTOCOL_POP3, BD_SECURITY_TLS },
  { "_pop3._tcp.", BD_PROTOCOL_POP3, BD_SECURITY_STARTTLS },
  { "_submissions._tcp.", BD_PROTOCOL_SMTP, BD_SECURITY_TLS },
  { "_submission._tcp.", BD_PROTOCOL_SMTP, BD_SECURITY_STARTTLS },
};

#define N_SERVICES G_N_ELEMENTS (services)

/* More alternatives than a person would ever try, few enough to probe. */
#define MAX_TARGETS_PER_SERVICE 4

typedef struct
{
  BdAddress *address;
  GList *targets[N_SERVICES];   /* of GSrvTarget, sorted */
  GError *failure;              /* the first error other than "no such record" */
  guint pending;
  gint64 asked_us;              /* when the questions went out */
} Lookup;

typedef struct
{
  GTask *task;
  guint index;
} ServiceQuery;

static void
lookup_free (Lookup *lookup)
{
  for (guint i = 0; i < N_SERVICES; i++)
    g_list_free_full (lookup->targets[i], (GDestroyNotify) g_srv_target_free);
  g_clear_error (&lookup->failure);
  g_clear_object (&lookup->address);
  g_free (lookup);
}

/* Turns the raw (priority, weight, port, target) records into sorted targets. */
static GList *
records_to_targets (GList *records)
{
  GList *targets = NULL;

  for (GList *l = records; l != NULL; l = l->next)
    {
      guint16 priority, weight, port;
      const char *target;

      g_variant_get (l->data, "(qqq&s)", &priority, &weight, &port, &target);
      /* The root, written "." or left empty by the parser, means "not offered". */
      if (target[0] == '\0' || g_str_equal (target, "."))
        target = ".";
      targets = g_list_prepend (targets, g_srv_target_new (target, port, priority, weight));
    }

  return g_srv_target_list_sort (g_list_reverse (targets));
}

/* A host name, not a service name: no label starts with "_" (RFC 2782, RFC 8552 §2). */
static gboolean
is_host_target (const char *target)
{
  if (target[0] == '_')
    return FALSE;
  for (const char *dot = strchr (target, '.'); dot != NULL; dot = strchr (dot + 1, '.'))
    if (dot[1] == '_')
      return FALSE;
  return TRUE;
}

static BdAccountConfig *
build_config (Lookup *lookup)
{
  BdAccountConfig *config = bd_account_config_new ();
  const char *domain = bd_address_get_ascii_domain (lookup->address);
  g_autofree char *username = bd_address_dup_ascii (lookup->address);
  g_autofree char *url = g_strconcat ("dns:", domain, "?type=SRV", NULL);

  bd_account_config_set_provider_id (config, domain);
  bd_account_config_set_display_name (config, bd_address_get_domain (lookup->address));
  bd_account_config_add_domain (config, domain);

  for (guint i = 0; i < N_SERVICES; i++)
    {
      guint kept = 0;

      for (GList *l = lookup->targets[i]; l != NULL && kept < MAX_TARGETS_PER_SERVICE;
           l = l->next)
        {
          const char *host = g_srv_target_get_hostname (l->data);
          g_autoptr(BdServer) server = NULL;

          if (g_str_equal (host, ".") || g_srv_target_get_port (l->data) == 0 ||
              !is_host_target (host))
            continue;
          kept++;
          server = bd_server_new (services[i].protocol, host, g_srv_target_get_port (l->data),
                                  services[i].security, username);
          bd_account_config_add_server (config, server);
        }
    }

  bd_account_config_set_provenance (config, BD_SOURCE_SRV, url, BD_TRUST_UNVERIFIED);
  bd_account_config_add_note (config, bd_note_new (BD_NOTE_UNVERIFIED_SOURCE, NULL, NULL));
  return config;
}

static void
finish_lookup (GTask *task)
{
  Lookup *lookup = g_task_get_task_data (task);
  g_autoptr(BdAccountConfig) config = build_config (lookup);

  if (bd_account_config_get_incoming (config)->len + bd_account_config_get_outgoing (config)->len > 0)
    {
      g_task_return_pointer (task, g_steal_pointer (&config), g_object_unref);
      return;
    }
  if (lookup->failure != NULL)
    {
      g_task_return_new_error (task, BD_ERROR, BD_ERROR_DNS_FAILED,
                               _("The SRV lookup failed: %s"), lookup->failure->message);
      return;
    }
  g_task_return_new_error (task, BD_ERROR, BD_ERROR_PROVIDER_NOT_FOUND,
                           _("“%s” publishes no mail SRV records."),
                           bd_address_get_domain (lookup->address));
}

static void
records_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ServiceQuery *query = user_data;
  g_autoptr(GTask) task = query->task;
  Lookup *lookup = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GList *records;

  records = g_resolver_lookup_records_finish (G_RESOLVER (object), result, &error);
  /* The first answer is the round trip to the resolver (docs/decisions.md). */
  if (lookup->pending == N_SERVICES &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    bd_source_report_round_trip (g_task_get_source_object (task), BD_ROUND_TRIP_DNS,
                                 g_get_monotonic_time () - lookup->asked_us);
  if (records != NULL)
    lookup->targets[query->index] = records_to_targets (records);
  else if (!g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND) &&
           lookup->failure == NULL)
    lookup->failure = g_steal_pointer (&error);
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);
  g_free (query);

  if (--lookup->pending == 0)
    finish_lookup (task);
}

static void
bd_srv_source_lookup_async (BdSource            *source,
                            BdAddress           *address,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  BdSrvSource *self = BD_SRV_SOURCE (source);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Lookup *lookup = g_new0 (Lookup, 1);

  g_task_set_source_tag (task, bd_srv_source_lookup_async);
  lookup->address = g_object_ref (address);
  lookup->pending = N_SERVICES;
  lookup->asked_us = g_get_monotonic_time ();
  g_task_set_task_data (task, lookup, (GDestroyNotify) lookup_free);
  /* Six questions at once: one round trip to the answer. */
  bd_source_report_progress (source, 1);

  for (guint i = 0; i < N_SERVICES; i++)
    {
      g_autofree char *name = g_strconcat (services[i].service,
                                           bd_address_get_ascii_domain (address), NULL);
      ServiceQuery *query = g_new0 (ServiceQuery, 1);

      query->task = g_object_ref (task);
      query->index = i;
      g_resolver_lookup_records_async (self->resolver, name, G_RESOLVER_RECORD_SRV,
                                       cancellable, records_cb, query);
    }
}

static char *
bd_srv_source_dup_url (BdSource  *source,
                       BdAddress *address)
{
  return g_strconcat ("dns:", bd_address_get_ascii_domain (address), "?type=SRV", NULL);
}

static void
bd_srv_source_dispose (GObject *object)
{
  g_clear_object (&BD_SRV_SOURCE (object)->resolver);
  G_OBJECT_CLASS (bd_srv_source_parent_class)->dispose (object);
}

static void
bd_srv_source_class_init (BdSrvSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bd_srv_source_dispose;
  BD_SOURCE_CLASS (klass)->lookup_async = bd_srv_source_lookup_async;
  BD_SOURCE_CLASS (klass)->dup_url = bd_srv_source_dup_url;
}

static void
bd_srv_source_init (BdSrvSource *self)
{
}

/**
 * bd_srv_source_new:
 * @resolver: (nullable): the resolver; %NULL for the default
 */
BdSource *
bd_srv_source_new (GResolver *resolver)
{
  BdSrvSource *self = g_object_new (BD_TYPE_SRV_SOURCE, "kind", BD_SOURCE_SRV, NULL);

  self->resolver = resolver != NULL ? g_object_ref (resolver) : g_resolver_get_default ();
  return BD_SOURCE (self);
}
