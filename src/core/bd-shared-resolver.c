/* bd-shared-resolver.c
 *
 * The probes of one account often ask for the same name: smtp.example.com
 * on 465 and on 587, or imap and pop on one host. GLib's resolver asks the
 * system's getaddrinfo() every time, which caches nothing, so an alternative
 * started later paid one more round trip to the DNS server. This GResolver
 * wraps another one and asks it once per name: callers that ask while the
 * lookup runs wait for it, later ones get its answer at once. The account
 * probe also starts the lookups of every server at the start
 * (bd_shared_resolver_prefetch()), as RFC 8305 §3 asks of a client that
 * races connection attempts: resolve first, stagger only the connections.
 *
 * It lives as long as one account's test, so no answer outlives its TTL in
 * practice. Only name lookups are shared; the other kinds are passed on.
 * GLib has no such cache (GResolver is a thin layer over the system's), so
 * it is written here.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-shared-resolver.h"

/* One name: its lookup, then its answer, and the callers waiting for it. */
typedef struct
{
  gboolean done;
  GList *addresses;   /* of GInetAddress */
  GError *error;
  GPtrArray *waiters; /* of Waiter */
} Entry;

/* A caller waiting for an entry; it may give up (its cancellable). */
typedef struct
{
  GTask *task;
  GSource *cancel_source;
} Waiter;

struct _BdSharedResolver
{
  GResolver parent_instance;

  GResolver *inner;
  GHashTable *entries;       /* hostname → Entry */
  GCancellable *cancellable; /* the lookups' own: bd_shared_resolver_stop() */
  guint lookups;
};

G_DEFINE_FINAL_TYPE (BdSharedResolver, bd_shared_resolver, G_TYPE_RESOLVER)

static void
waiter_free (Waiter *waiter)
{
  if (waiter->cancel_source != NULL)
    {
      g_source_destroy (waiter->cancel_source);
      g_source_unref (waiter->cancel_source);
    }
  g_clear_object (&waiter->task);
  g_free (waiter);
}

static void
entry_free (Entry *entry)
{
  g_resolver_free_addresses (entry->addresses);
  g_clear_error (&entry->error);
  g_ptr_array_unref (entry->waiters);
  g_free (entry);
}

static GList *
copy_addresses (GList *addresses)
{
  return g_list_copy_deep (addresses, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
}

static void
answer (GTask *task,
        Entry *entry)
{
  if (entry->error != NULL)
    g_task_return_error (task, g_error_copy (entry->error));
  else
    g_task_return_pointer (task, copy_addresses (entry->addresses),
                           (GDestroyNotify) g_resolver_free_addresses);
}

/* The inner lookup of one name; it keeps the resolver, and so the entry,
 * alive until it ends. */
typedef struct
{
  BdSharedResolver *self;
  Entry *entry;
} Lookup;

static void
inner_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Lookup *lookup = user_data;
  Entry *entry = lookup->entry;
  g_autoptr(GPtrArray) waiters = NULL;

  entry->addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (object), result,
                                                       &entry->error);
  entry->done = TRUE;
  waiters = g_steal_pointer (&entry->waiters);
  entry->waiters = g_ptr_array_new_with_free_func ((GDestroyNotify) waiter_free);
  for (guint i = 0; i < waiters->len; i++)
    answer (((Waiter *) g_ptr_array_index (waiters, i))->task, entry);

  g_object_unref (lookup->self);
  g_free (lookup);
}

/* The entry for @hostname, its lookup started when it is new. */
static Entry *
ensure_entry (BdSharedResolver *self,
              const char       *hostname)
{
  Entry *entry = g_hash_table_lookup (self->entries, hostname);
  Lookup *lookup;

  if (entry != NULL)
    return entry;

  entry = g_new0 (Entry, 1);
  entry->waiters = g_ptr_array_new_with_free_func ((GDestroyNotify) waiter_free);
  g_hash_table_insert (self->entries, g_strdup (hostname), entry);
  self->lookups++;
  lookup = g_new0 (Lookup, 1);
  lookup->self = g_object_ref (self);
  lookup->entry = entry;
  g_resolver_lookup_by_name_async (self->inner, hostname, self->cancellable,
                                   inner_done_cb, lookup);
  return entry;
}

static gboolean
waiter_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  GTask *task = user_data;
  Entry *entry = g_task_get_task_data (task);

  for (guint i = 0; i < entry->waiters->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (entry->waiters, i);

      if (waiter->task == task)
        {
          g_task_return_error_if_cancelled (task);
          g_ptr_array_remove_index_fast (entry->waiters, i);
          break;
        }
    }
  return G_SOURCE_REMOVE;
}

static void
bd_shared_resolver_lookup_by_name_async (GResolver           *resolver,
                                         const char          *hostname,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  BdSharedResolver *self = BD_SHARED_RESOLVER (resolver);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Entry *entry = ensure_entry (self, hostname);
  Waiter *waiter;

  g_task_set_source_tag (task, bd_shared_resolver_lookup_by_name_async);
  g_task_set_task_data (task, entry, NULL);
  if (entry->done)
    {
      answer (task, entry);
      return;
    }

  waiter = g_new0 (Waiter, 1);
  waiter->task = g_object_ref (task);
  if (cancellable != NULL)
    {
      waiter->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (waiter->cancel_source, G_SOURCE_FUNC (waiter_cancelled_cb),
                             task, NULL);
      g_source_attach (waiter->cancel_source, g_task_get_context (task));
    }
  g_ptr_array_add (entry->waiters, waiter);
}

static GList *
bd_shared_resolver_lookup_by_name_finish (GResolver     *resolver,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, resolver), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Blocking lookups are not shared: they are passed on as they are. */
static GList *
bd_shared_resolver_lookup_by_name (GResolver     *resolver,
                                   const char    *hostname,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  return g_resolver_lookup_by_name (BD_SHARED_RESOLVER (resolver)->inner, hostname,
                                    cancellable, error);
}

static void
bd_shared_resolver_dispose (GObject *object)
{
  BdSharedResolver *self = BD_SHARED_RESOLVER (object);

  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (bd_shared_resolver_parent_class)->dispose (object);
}

static void
bd_shared_resolver_finalize (GObject *object)
{
  BdSharedResolver *self = BD_SHARED_RESOLVER (object);

  g_hash_table_unref (self->entries);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->inner);

  G_OBJECT_CLASS (bd_shared_resolver_parent_class)->finalize (object);
}

static void
bd_shared_resolver_class_init (BdSharedResolverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  object_class->dispose = bd_shared_resolver_dispose;
  object_class->finalize = bd_shared_resolver_finalize;
  resolver_class->lookup_by_name = bd_shared_resolver_lookup_by_name;
  resolver_class->lookup_by_name_async = bd_shared_resolver_lookup_by_name_async;
  resolver_class->lookup_by_name_finish = bd_shared_resolver_lookup_by_name_finish;
}

static void
bd_shared_resolver_init (BdSharedResolver *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) entry_free);
  self->cancellable = g_cancellable_new ();
}

/**
 * bd_shared_resolver_new:
 * @inner: (nullable): the resolver that looks names up; %NULL for
 *   g_resolver_get_default()
 */
BdSharedResolver *
bd_shared_resolver_new (GResolver *inner)
{
  BdSharedResolver *self = g_object_new (BD_TYPE_SHARED_RESOLVER, NULL);

  self->inner = inner != NULL ? g_object_ref (inner) : g_resolver_get_default ();
  return self;
}

/**
 * bd_shared_resolver_prefetch:
 *
 * Starts looking @hostname up, so that a probe that asks for it later gets
 * the answer without waiting another round trip. IP addresses and
 * "localhost" are answered by GResolver itself and need no lookup.
 */
void
bd_shared_resolver_prefetch (BdSharedResolver *self,
                             const char       *hostname)
{
  g_autoptr(GInetAddress) literal = NULL;

  g_return_if_fail (BD_IS_SHARED_RESOLVER (self));
  g_return_if_fail (hostname != NULL);

  literal = g_inet_address_new_from_string (hostname);
  if (literal != NULL || g_ascii_strcasecmp (hostname, "localhost") == 0)
    return;
  ensure_entry (self, hostname);
}

/**
 * bd_shared_resolver_get_lookups:
 *
 * Returns: how many names were passed on to the inner resolver (for tests).
 */
guint
bd_shared_resolver_get_lookups (BdSharedResolver *self)
{
  g_return_val_if_fail (BD_IS_SHARED_RESOLVER (self), 0);
  return self->lookups;
}

/**
 * bd_shared_resolver_stop:
 *
 * Cancels the lookups still running (their waiters get the error), for an
 * account test that has ended: a prefetch for a server that was never
 * needed must not outlive it.
 */
void
bd_shared_resolver_stop (BdSharedResolver *self)
{
  g_return_if_fail (BD_IS_SHARED_RESOLVER (self));
  g_cancellable_cancel (self->cancellable);
}
