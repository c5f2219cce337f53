/* bd-warm-connections.c
 *
 * Proving while detecting (issue 16 §2). Once a candidate answer exists
 * (an answer waiting out its grace period, or a guess that connected), its
 * servers are proven as far as they can be without a credential: DNS, TCP,
 * verified TLS (for STARTTLS up to the verified TLS after it), greeting,
 * capabilities. Each such run parks its connection here
 * (bd_probe_set_parking()); a later probe of the same server
 * (bd_probe_set_warm_connections()) takes it and goes on with the login,
 * if any, and the logout. Security rule 4: nothing that needs a credential
 * is sent before the taker resumes the connection.
 *
 * A connection goes only to a probe of the same protocol, host, port and
 * security with the same anchors and pin, so it is exactly as verified as
 * a fresh one. A run that failed parks nothing and the taker tries afresh
 * (a TLS failure is reported as ever), except that a run that never
 * reached the server (no such name, a refused or dropped connection)
 * stands for the taker, which would only wait out the same deadline
 * again. A taker stopped while it waits stops the run and reports how far
 * it got. What nobody takes ends politely (goodbye and close_notify,
 * bd_probe_parked_drop()): when another answer wins (keep_only()), when
 * the owner is done (drop_all()), or after the idle timeout.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-probe.h"
#include "bd-warm-connections-private.h"

typedef struct
{
  guint id;
  char *key;
  BdProbeParked *parked;      /* set once parked, until taken or dropped */
  GCancellable *cancellable;  /* the warming run's own */
  GCancellable *caller;       /* the run's caller's, which cancels it until adopted */
  gulong link;
  GSource *expiry;
  GQueue waiters;             /* of GTask, probes waiting for this run */
} Entry;

typedef struct
{
  GCancellable *cancellable;
  gulong handler;
  gboolean done;
  gboolean stopped;           /* cancelled; waits for the run it stopped */
  BdProbeReport *report;      /* the run's, for a stopped or failed taker */
} Waiter;

struct _BdWarmConnections
{
  GObject parent_instance;

  GPtrArray *entries;         /* of Entry */
  GBytes *ca_pem;
  GResolver *resolver;
  guint timeout_ms;
  guint idle_ms;
  guint next_id;
  GCancellable *cancellable;  /* the pool's own warming probes */
  guint n_parked;
  guint n_taken;
  guint n_dropped;
};

G_DEFINE_FINAL_TYPE (BdWarmConnections, bd_warm_connections, G_TYPE_OBJECT)

static void
waiter_free (Waiter *waiter)
{
  if (waiter->handler != 0)
    g_cancellable_disconnect (waiter->cancellable, waiter->handler);
  g_clear_object (&waiter->cancellable);
  g_clear_object (&waiter->report);
  g_free (waiter);
}

static void
drop_parked (gpointer parked)
{
  if (parked != NULL)
    bd_probe_parked_drop (parked);
}

/* Answers one waiting probe: @parked (transfer full), or NULL for "go
 * fresh" or, with @report, "this is your report"; a stopped one with
 * %G_IO_ERROR_CANCELLED and the run's @report, as far as it got. */
static void
serve (GTask         *task,
       BdProbeParked *parked,
       BdProbeReport *report)
{
  Waiter *waiter = g_task_get_task_data (task);

  waiter->done = TRUE;
  if (waiter->handler != 0)
    g_cancellable_disconnect (waiter->cancellable, waiter->handler);
  waiter->handler = 0;
  if (report != NULL)
    waiter->report = g_object_ref (report);
  if (waiter->stopped)
    {
      g_clear_pointer (&parked, bd_probe_parked_drop);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                               _("The test was stopped."));
    }
  else
    g_task_return_pointer (task, parked, drop_parked);
  g_object_unref (task);
}

/* The run goes on whatever its caller does now: the pool keeps it for the
 * winner's probes (the guess source, stopped because another source won,
 * no longer stops a run to a server of the winner), or it has ended. */
static void
adopt (Entry *entry)
{
  if (entry->link != 0)
    g_cancellable_disconnect (entry->caller, entry->link);
  entry->link = 0;
  g_clear_object (&entry->caller);
}

static void
entry_free (Entry *entry)
{
  GTask *task;

  adopt (entry);
  while ((task = g_queue_pop_head (&entry->waiters)) != NULL)
    serve (task, NULL, NULL);
  if (entry->expiry != NULL)
    {
      g_source_destroy (entry->expiry);
      g_source_unref (entry->expiry);
    }
  g_clear_pointer (&entry->parked, bd_probe_parked_drop);
  g_clear_object (&entry->cancellable);
  g_free (entry->key);
  g_free (entry);
}

static void
bd_warm_connections_dispose (GObject *object)
{
  bd_warm_connections_drop_all (BD_WARM_CONNECTIONS (object));

  G_OBJECT_CLASS (bd_warm_connections_parent_class)->dispose (object);
}

static void
bd_warm_connections_finalize (GObject *object)
{
  BdWarmConnections *self = BD_WARM_CONNECTIONS (object);

  g_ptr_array_unref (self->entries);
  g_clear_pointer (&self->ca_pem, g_bytes_unref);
  g_clear_object (&self->resolver);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (bd_warm_connections_parent_class)->finalize (object);
}

static void
bd_warm_connections_class_init (BdWarmConnectionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bd_warm_connections_dispose;
  object_class->finalize = bd_warm_connections_finalize;
}

static void
bd_warm_connections_init (BdWarmConnections *self)
{
  self->entries = g_ptr_array_new ();
  self->idle_ms = BD_WARM_CONNECTIONS_DEFAULT_IDLE_MS;
  self->cancellable = g_cancellable_new ();
}

/**
 * bd_warm_connections_new:
 *
 * Returns: (transfer full): an empty set of warm connections.
 */
BdWarmConnections *
bd_warm_connections_new (void)
{
  return g_object_new (BD_TYPE_WARM_CONNECTIONS, NULL);
}

/**
 * bd_warm_connections_set_ca_pem:
 * @pem: (nullable): the anchors the probes that take the connections
 *   are given (`--ca-file`); the warming probes get the same
 */
void
bd_warm_connections_set_ca_pem (BdWarmConnections *self,
                                GBytes            *pem)
{
  g_return_if_fail (BD_IS_WARM_CONNECTIONS (self));

  g_clear_pointer (&self->ca_pem, g_bytes_unref);
  if (pem != NULL)
    self->ca_pem = g_bytes_ref (pem);
}

/**
 * bd_warm_connections_set_timeout:
 * @timeout_ms: each warming step's deadline; 0 for the probe's default
 */
void
bd_warm_connections_set_timeout (BdWarmConnections *self,
                                 guint              timeout_ms)
{
  g_return_if_fail (BD_IS_WARM_CONNECTIONS (self));
  self->timeout_ms = timeout_ms;
}

/**
 * bd_warm_connections_set_idle_timeout:
 * @idle_ms: how long a parked connection waits to be taken
 */
void
bd_warm_connections_set_idle_timeout (BdWarmConnections *self,
                                      guint              idle_ms)
{
  g_return_if_fail (BD_IS_WARM_CONNECTIONS (self));
  self->idle_ms = idle_ms;
}

/**
 * bd_warm_connections_set_resolver:
 * @resolver: (nullable): for the warming probes; %NULL for the default
 */
void
bd_warm_connections_set_resolver (BdWarmConnections *self,
                                  GResolver         *resolver)
{
  g_return_if_fail (BD_IS_WARM_CONNECTIONS (self));
  g_set_object (&self->resolver, resolver);
}

/* "imap|imap.example.com|993|tls": what a connection was made to. */
static char *
dup_server_key (BdServer *server)
{
  g_autofree char *host = g_ascii_strdown (bd_server_get_hostname (server), -1);

  return g_strdup_printf ("%d|%s|%u|%d", bd_server_get_protocol (server), host,
                          bd_server_get_port (server), bd_server_get_security (server));
}

/**
 * bd_warm_connections_dup_key:
 * @ca_pem: (nullable): the probe's extra anchors
 * @pin: (nullable): the probe's pin
 *
 * Returns: (transfer full): what a warm connection must match to be
 *   handed over: the server, and how its certificate was judged.
 */
char *
bd_warm_connections_dup_key (BdServer   *server,
                             GBytes     *ca_pem,
                             const char *pin)
{
  g_autofree char *server_key = dup_server_key (server);
  g_autofree char *anchors = NULL;

  if (ca_pem != NULL)
    anchors = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, ca_pem);
  return g_strdup_printf ("%s|%s|%s", server_key, pin != NULL ? pin : "",
                          anchors != NULL ? anchors : "");
}

static void
forward_cancel_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static Entry *
find_by_key (BdWarmConnections *self,
             const char        *key)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (g_str_equal (entry->key, key))
        return entry;
    }
  return NULL;
}

static Entry *
find_by_id (BdWarmConnections *self,
            guint              id)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->id == id)
        return entry;
    }
  return NULL;
}

/* Ends @entry: a running warm-up is stopped, waiting probes go fresh, a
 * parked connection says goodbye. */
static void
remove_entry (BdWarmConnections *self,
              Entry             *entry)
{
  g_ptr_array_remove (self->entries, entry);
  if (entry->parked != NULL)
    self->n_dropped++;
  if (entry->cancellable != NULL)
    g_cancellable_cancel (entry->cancellable);
  entry_free (entry);
}

/**
 * bd_warm_connections_begin:
 * @key: bd_warm_connections_dup_key() of the parking probe
 * @own: the parking run's own cancellable; cancelled when the entry is
 *   dropped
 * @caller: (nullable): the run's caller's, which cancels @own too until
 *   the run ends or the pool keeps it for a winner (keep_only())
 *
 * A probe that will park its connection says so before it starts, so that
 * a probe of the same server asking meanwhile waits for it.
 *
 * Returns: the entry's id for bd_warm_connections_end(); 0 when a
 *   connection to that server is being warmed or kept already.
 */
guint
bd_warm_connections_begin (BdWarmConnections *self,
                           const char        *key,
                           GCancellable      *own,
                           GCancellable      *caller)
{
  Entry *entry;

  g_return_val_if_fail (BD_IS_WARM_CONNECTIONS (self), 0);

  if (find_by_key (self, key) != NULL)
    return 0;
  entry = g_new0 (Entry, 1);
  entry->id = ++self->next_id;
  entry->key = g_strdup (key);
  entry->cancellable = g_object_ref (own);
  if (caller != NULL)
    {
      entry->caller = g_object_ref (caller);
      entry->link = g_cancellable_connect (caller, G_CALLBACK (forward_cancel_cb),
                                           g_object_ref (own), g_object_unref);
    }
  g_queue_init (&entry->waiters);
  g_ptr_array_add (self->entries, entry);
  return entry->id;
}

typedef struct
{
  BdWarmConnections *self;  /* not referenced: the entry's source goes first */
  guint id;
} Expiry;

static gboolean
expiry_cb (gpointer user_data)
{
  Expiry *expiry = user_data;
  Entry *entry = find_by_id (expiry->self, expiry->id);

  if (entry != NULL)
    {
      g_clear_pointer (&entry->expiry, g_source_unref);
      remove_entry (expiry->self, entry);
    }
  return G_SOURCE_REMOVE;
}

static void
start_expiry (BdWarmConnections *self,
              Entry             *entry)
{
  Expiry *expiry = g_new0 (Expiry, 1);

  expiry->self = self;
  expiry->id = entry->id;
  entry->expiry = g_timeout_source_new (self->idle_ms);
  g_source_set_callback (entry->expiry, expiry_cb, expiry, g_free);
  g_source_attach (entry->expiry, g_main_context_get_thread_default ());
}

/* A run that failed before it reached the server (no such name, a port
 * that refuses or drops connections) would fail the same way again at
 * once, or after the same deadline: its report stands for the taker's. A
 * run that got further is not reused (a TLS failure above all: the taker
 * tries afresh and reports it as ever). */
static gboolean
failed_before_server (BdProbeReport *report)
{
  const char *step = bd_probe_report_get_failed_step (report);
  const GError *error = bd_probe_report_get_error (report);

  return error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
         (g_strcmp0 (step, "resolve") == 0 || g_strcmp0 (step, "connect") == 0);
}

/**
 * bd_warm_connections_end:
 * @id: what bd_warm_connections_begin() returned
 * @parked: (transfer full) (nullable): the connection, when the run passed
 * @report: (nullable): the run's report, as far as it got
 *
 * The parking run is over. Called on the pool's main context.
 */
void
bd_warm_connections_end (BdWarmConnections *self,
                         guint              id,
                         BdProbeParked     *parked,
                         BdProbeReport     *report)
{
  Entry *entry;
  GTask *task;
  gboolean failed;

  g_return_if_fail (BD_IS_WARM_CONNECTIONS (self));

  entry = find_by_id (self, id);
  if (entry == NULL)
    {
      /* Dropped while it ran. */
      if (parked != NULL)
        self->n_dropped++;
      g_clear_pointer (&parked, bd_probe_parked_drop);
      return;
    }
  if (parked != NULL)
    self->n_parked++;
  adopt (entry);
  g_clear_object (&entry->cancellable);
  failed = parked == NULL && report != NULL && failed_before_server (report);
  while ((task = g_queue_pop_head (&entry->waiters)) != NULL)
    {
      Waiter *waiter = g_task_get_task_data (task);

      if (waiter->stopped)
        serve (task, NULL, report);
      else if (parked != NULL)
        {
          self->n_taken++;
          serve (task, g_steal_pointer (&parked), NULL);
        }
      else
        serve (task, NULL, failed ? report : NULL);
      /* One taker per connection, and per failed report. */
      failed = FALSE;
    }
  if (parked == NULL)
    {
      g_ptr_array_remove (self->entries, entry);
      entry_free (entry);
      return;
    }
  entry->parked = parked;
  start_expiry (self, entry);
}

static gboolean
waiter_cancelled_idle (gpointer user_data)
{
  GTask *task = user_data;
  BdWarmConnections *self = g_task_get_source_object (task);
  Waiter *waiter = g_task_get_task_data (task);

  if (waiter->done || waiter->stopped)
    return G_SOURCE_REMOVE;
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);
      gboolean all_stopped = TRUE;

      if (g_queue_find (&entry->waiters, task) == NULL)
        continue;
      /* The run this probe waits for stands for it: stop it too, and
       * answer with its report once it has stopped (end()), unless another
       * probe still waits for it. */
      waiter->stopped = TRUE;
      for (GList *l = entry->waiters.head; l != NULL; l = l->next)
        all_stopped = all_stopped && ((Waiter *) g_task_get_task_data (l->data))->stopped;
      if (all_stopped && entry->cancellable != NULL)
        g_cancellable_cancel (entry->cancellable);
      break;
    }
  return G_SOURCE_REMOVE;
}

static void
waiter_cancelled_cb (GCancellable *cancellable,
                     GTask        *task)
{
  /* Not from inside the signal: g_cancellable_disconnect() would deadlock. */
  g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT,
                              waiter_cancelled_idle, g_object_ref (task), g_object_unref);
}

/**
 * bd_warm_connections_take_async:
 * @key: bd_warm_connections_dup_key() of the taking probe
 *
 * Asks for a parked connection to @key's server. One being warmed is
 * waited for.
 */
void
bd_warm_connections_take_async (BdWarmConnections   *self,
                                const char          *key,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Waiter *waiter;
  Entry *entry;

  g_return_if_fail (BD_IS_WARM_CONNECTIONS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_warm_connections_take_async);
  waiter = g_new0 (Waiter, 1);
  g_task_set_task_data (task, waiter, (GDestroyNotify) waiter_free);

  entry = find_by_key (self, key);
  if (entry != NULL && entry->parked != NULL)
    {
      BdProbeParked *parked = g_steal_pointer (&entry->parked);

      g_ptr_array_remove (self->entries, entry);
      entry_free (entry);
      if (!bd_probe_parked_is_idle (parked))
        {
          /* The server spoke or left meanwhile: a fresh connection instead. */
          self->n_dropped++;
          bd_probe_parked_drop (parked);
          parked = NULL;
        }
      else
        self->n_taken++;
      serve (g_steal_pointer (&task), parked, NULL);
      return;
    }
  if (entry == NULL)
    {
      serve (g_steal_pointer (&task), NULL, NULL);
      return;
    }
  if (cancellable != NULL)
    {
      waiter->cancellable = g_object_ref (cancellable);
      waiter->handler = g_cancellable_connect (cancellable, G_CALLBACK (waiter_cancelled_cb),
                                               task, NULL);
    }
  g_queue_push_tail (&entry->waiters, g_steal_pointer (&task));
}

/**
 * bd_warm_connections_take_finish:
 * @report: (out) (transfer full) (nullable): with %NULL returned, the
 *   report that stands for the probe's: the run it waited for failed
 *   before reaching the server, or (with %G_IO_ERROR_CANCELLED) it was
 *   stopped with the probe; %NULL when the probe must connect afresh
 *
 * Returns: (transfer full) (nullable): the parked connection, or %NULL
 *   (without @error) when there is none to take. %NULL with
 *   %G_IO_ERROR_CANCELLED when cancelled.
 */
BdProbeParked *
bd_warm_connections_take_finish (BdWarmConnections  *self,
                                 GAsyncResult       *result,
                                 BdProbeReport     **report,
                                 GError            **error)
{
  Waiter *waiter;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  waiter = g_task_get_task_data (G_TASK (result));
  *report = waiter->report != NULL ? g_object_ref (waiter->report) : NULL;
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
warmed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  BdProbeReport *report = bd_probe_run_finish (BD_PROBE (object), result, NULL);

  /* The connection, if any, is parked; the report goes with it. */
  g_clear_object (&report);
  g_object_unref (object);
}

/**
 * bd_warm_connections_warm:
 *
 * Starts proving @server without a login, to park its connection, unless
 * one is being warmed or kept already. A server without TLS is never
 * warmed (a probe never even asks it).
 */
void
bd_warm_connections_warm (BdWarmConnections *self,
                          BdServer          *server)
{
  g_autofree char *key = NULL;
  BdProbe *probe;

  g_return_if_fail (BD_IS_WARM_CONNECTIONS (self));
  g_return_if_fail (BD_IS_SERVER (server));

  if (bd_server_get_security (server) == BD_SECURITY_NONE)
    return;
  key = bd_warm_connections_dup_key (server, self->ca_pem, NULL);
  if (find_by_key (self, key) != NULL)
    return;

  probe = bd_probe_new (server);
  bd_probe_set_login (probe, FALSE);
  bd_probe_set_timeout (probe, self->timeout_ms);
  bd_probe_set_ca_pem (probe, self->ca_pem);
  if (self->resolver != NULL)
    bd_probe_set_resolver (probe, self->resolver);
  bd_probe_set_parking (probe, self);
  bd_probe_run_async (probe, self->cancellable, warmed_cb, NULL);
}

/**
 * bd_warm_connections_warm_config:
 *
 * bd_warm_connections_warm() for every server of @config.
 */
void
bd_warm_connections_warm_config (BdWarmConnections *self,
                                 BdAccountConfig   *config)
{
  GPtrArray *sides[2];

  g_return_if_fail (BD_IS_WARM_CONNECTIONS (self));
  g_return_if_fail (BD_IS_ACCOUNT_CONFIG (config));

  sides[0] = bd_account_config_get_incoming (config);
  sides[1] = bd_account_config_get_outgoing (config);
  for (guint s = 0; s < G_N_ELEMENTS (sides); s++)
    for (guint i = 0; i < sides[s]->len; i++)
      bd_warm_connections_warm (self, g_ptr_array_index (sides[s], i));
}

static gboolean
config_has_key (BdAccountConfig *config,
                const char      *key)
{
  GPtrArray *sides[2] = { bd_account_config_get_incoming (config),
                          bd_account_config_get_outgoing (config) };

  for (guint s = 0; s < G_N_ELEMENTS (sides); s++)
    for (guint i = 0; i < sides[s]->len; i++)
      {
        g_autofree char *server_key = dup_server_key (g_ptr_array_index (sides[s], i));
        gsize length = strlen (server_key);

        if (strncmp (key, server_key, length) == 0 && key[length] == '|')
          return TRUE;
      }
  return FALSE;
}

/**
 * bd_warm_connections_keep_only:
 * @config: (nullable): the answer that won; %NULL: none did
 *
 * Drops (politely) every connection, warm or warming, to a server that is
 * not one of @config's; the others are kept whatever their runs' callers
 * do now (call it before stopping the sources).
 */
void
bd_warm_connections_keep_only (BdWarmConnections *self,
                               BdAccountConfig   *config)
{
  g_return_if_fail (BD_IS_WARM_CONNECTIONS (self));

  for (guint i = self->entries->len; i > 0; i--)
    {
      Entry *entry = g_ptr_array_index (self->entries, i - 1);

      if (config == NULL || !config_has_key (config, entry->key))
        remove_entry (self, entry);
      else
        adopt (entry);
    }
}

/**
 * bd_warm_connections_drop_all:
 *
 * Stops every warming probe and ends every parked connection politely.
 */
void
bd_warm_connections_drop_all (BdWarmConnections *self)
{
  g_return_if_fail (BD_IS_WARM_CONNECTIONS (self));

  bd_warm_connections_keep_only (self, NULL);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

/**
 * bd_warm_connections_get_n_parked:
 *
 * Returns: how many warming runs parked a connection so far.
 */
guint
bd_warm_connections_get_n_parked (BdWarmConnections *self)
{
  g_return_val_if_fail (BD_IS_WARM_CONNECTIONS (self), 0);
  return self->n_parked;
}

/**
 * bd_warm_connections_get_n_taken:
 *
 * Returns: how many parked connections a probe took over so far.
 */
guint
bd_warm_connections_get_n_taken (BdWarmConnections *self)
{
  g_return_val_if_fail (BD_IS_WARM_CONNECTIONS (self), 0);
  return self->n_taken;
}

/**
 * bd_warm_connections_get_n_dropped:
 *
 * Returns: how many parked connections were ended untaken so far.
 */
guint
bd_warm_connections_get_n_dropped (BdWarmConnections *self)
{
  g_return_val_if_fail (BD_IS_WARM_CONNECTIONS (self), 0);
  return self->n_dropped;
}
