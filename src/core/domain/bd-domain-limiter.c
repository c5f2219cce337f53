/* bd-domain-limiter.c
 *
 * A hosting company checks every customer domain at once (brevduva-cli
 * domain --from), and hundreds of them name the same mail server. Each
 * probe of a server asks here first: below the limit for its host name it
 * starts at once, otherwise it waits in that host's queue until a probe of
 * the same host ends. One limiter is shared by every check of a run. It
 * lives in one main context: acquire and release are called from there.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-domain-limiter.h"

typedef struct
{
  guint active;
  GQueue waiting;     /* of Waiter */
} Host;

typedef struct
{
  BdDomainLimiterFunc start;
  gpointer user_data;
} Waiter;

struct _BdDomainLimiter
{
  GObject parent_instance;

  guint per_host;
  guint peak;
  GHashTable *hosts;  /* lower-case name → Host */
};

G_DEFINE_FINAL_TYPE (BdDomainLimiter, bd_domain_limiter, G_TYPE_OBJECT)

static void
host_free (Host *host)
{
  g_queue_clear_full (&host->waiting, g_free);
  g_free (host);
}

static void
bd_domain_limiter_finalize (GObject *object)
{
  BdDomainLimiter *self = BD_DOMAIN_LIMITER (object);

  g_hash_table_unref (self->hosts);
  G_OBJECT_CLASS (bd_domain_limiter_parent_class)->finalize (object);
}

static void
bd_domain_limiter_class_init (BdDomainLimiterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bd_domain_limiter_finalize;
}

static void
bd_domain_limiter_init (BdDomainLimiter *self)
{
  self->hosts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) host_free);
}

/**
 * bd_domain_limiter_new:
 * @per_host: how many connections to one host may be open at once (0: the default)
 */
BdDomainLimiter *
bd_domain_limiter_new (guint per_host)
{
  BdDomainLimiter *self = g_object_new (BD_TYPE_DOMAIN_LIMITER, NULL);

  self->per_host = per_host > 0 ? per_host : BD_DOMAIN_LIMITER_DEFAULT_PER_HOST;
  return self;
}

static Host *
lookup_host (BdDomainLimiter *self,
             const char      *name)
{
  g_autofree char *key = g_ascii_strdown (name, -1);
  Host *host = g_hash_table_lookup (self->hosts, key);

  if (host == NULL)
    {
      host = g_new0 (Host, 1);
      g_queue_init (&host->waiting);
      g_hash_table_insert (self->hosts, g_steal_pointer (&key), host);
    }
  return host;
}

/**
 * bd_domain_limiter_acquire:
 * @start: called, maybe before this returns, when a connection to @host may open
 *
 * Every call must be matched by one bd_domain_limiter_release() once the
 * connection is closed.
 */
void
bd_domain_limiter_acquire (BdDomainLimiter     *self,
                           const char          *host,
                           BdDomainLimiterFunc  start,
                           gpointer             user_data)
{
  Host *entry;

  g_return_if_fail (BD_IS_DOMAIN_LIMITER (self));
  g_return_if_fail (host != NULL && start != NULL);

  entry = lookup_host (self, host);
  if (entry->active < self->per_host)
    {
      entry->active++;
      self->peak = MAX (self->peak, entry->active);
      start (user_data);
      return;
    }
  g_queue_push_tail (&entry->waiting, g_memdup2 (&(Waiter) { start, user_data }, sizeof (Waiter)));
}

void
bd_domain_limiter_release (BdDomainLimiter *self,
                           const char      *host)
{
  Host *entry;
  g_autofree Waiter *next = NULL;

  g_return_if_fail (BD_IS_DOMAIN_LIMITER (self));

  entry = lookup_host (self, host);
  g_return_if_fail (entry->active > 0);
  next = g_queue_pop_head (&entry->waiting);
  if (next == NULL)
    {
      entry->active--;
      return;
    }
  /* The slot passes straight to the next in line. */
  next->start (next->user_data);
}

/**
 * bd_domain_limiter_get_peak:
 *
 * Returns: the most connections ever open to one host at once.
 */
guint
bd_domain_limiter_get_peak (BdDomainLimiter *self)
{
  g_return_val_if_fail (BD_IS_DOMAIN_LIMITER (self), 0);
  return self->peak;
}
