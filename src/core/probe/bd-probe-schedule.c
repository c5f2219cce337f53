/* bd-probe-schedule.c
 *
 * The one rule for when the servers of an account are probed, used by the
 * command line (BdAccountProbe) and by the assistant (BdServerList), so
 * that both prove an account the same way.
 *
 * Every incoming server starts at once: each is a choice of its own (IMAP
 * or POP3), and keeps its own result. The outgoing servers are
 * alternatives (465 and 587, other hosts): they start one after another,
 * in the order they were added, BD_PROBE_SCHEDULE_DEFAULT_STAGGER_MS apart,
 * like RFC 8305's connection attempts, so that the preferred one has a head
 * start; one that fails before its successor's turn lets the successor
 * start at once. Every name is looked up once, as soon as its probe is
 * added (BdSharedResolver), so a later alternative on the same host does
 * not wait for DNS again. As soon as one alternative is proven, the others
 * are not needed: those still running are stopped and those not started
 * never start, and each of them is still reported, honestly (see
 * not_needed_error()).
 *
 * Each report is handed out (::probe-finished) as soon as it is known, for
 * a list that shows every server's progress. The owner may withdraw one
 * probe by cancelling the cancellable it was added with; the run's
 * cancellable withdraws them all. A schedule runs once.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-probe-schedule.h"
#include "bd-shared-resolver.h"

/* How many of the proven alternative's connect times another one may wait
 * for its connection before it counts as not answering; and at least this
 * long, for loopback and LANs, where a SYN-ACK takes well under a
 * millisecond: as long as the head start the other one had to give. */
#define NO_ANSWER_RTTS 3
#define NO_ANSWER_MIN_MS BD_PROBE_SCHEDULE_DEFAULT_STAGGER_MS

typedef enum {
  ENTRY_WAITING,
  ENTRY_RUNNING,
  ENTRY_DONE,
} EntryState;

/* One probe and what became of it. */
typedef struct
{
  BdProbe *probe;
  GCancellable *cancellable;
  BdProbeReport *report;      /* NULL until done, and for a withdrawn probe */
  EntryState state;
  gboolean alternative;       /* an outgoing server */
  gboolean stopped;           /* by the schedule: another alternative was proven */
} Entry;

struct _BdProbeSchedule
{
  GObject parent_instance;

  BdSharedResolver *resolver;
  gboolean owns_resolver;
  guint stagger_ms;
  GPtrArray *entries;         /* of Entry, in the order added */
  GPtrArray *timers;          /* of GSource: the alternatives' turns */
  BdProbeReport *proven;      /* the alternative that passed first (its entry's) */
  GCancellable *cancellable;  /* the run's */
  gulong cancelled_id;
  guint running;
  gboolean started;
  gboolean done;
};

enum {
  PROBE_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BdProbeSchedule, bd_probe_schedule, G_TYPE_OBJECT)

static void
entry_free (Entry *entry)
{
  g_clear_object (&entry->probe);
  g_clear_object (&entry->cancellable);
  g_clear_object (&entry->report);
  g_free (entry);
}

/* The reports of withdrawn probes stay NULL. */
static void
clear_report (gpointer report)
{
  if (report != NULL)
    g_object_unref (report);
}

static void
bd_probe_schedule_finalize (GObject *object)
{
  BdProbeSchedule *self = BD_PROBE_SCHEDULE (object);

  if (self->cancelled_id != 0)
    g_cancellable_disconnect (self->cancellable, self->cancelled_id);
  g_clear_object (&self->cancellable);
  g_ptr_array_unref (self->timers);
  g_ptr_array_unref (self->entries);
  if (self->owns_resolver)
    bd_shared_resolver_stop (self->resolver);
  g_clear_object (&self->resolver);

  G_OBJECT_CLASS (bd_probe_schedule_parent_class)->finalize (object);
}

static void
bd_probe_schedule_class_init (BdProbeScheduleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bd_probe_schedule_finalize;

  /**
   * BdProbeSchedule::probe-finished:
   * @index: the probe's, as bd_probe_schedule_add() returned it
   * @report: its report; an alternative that was not needed has one too
   *
   * One probe's result is known. A withdrawn probe has none.
   */
  signals[PROBE_FINISHED] =
    g_signal_new ("probe-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, BD_TYPE_PROBE_REPORT);
}

static void
bd_probe_schedule_init (BdProbeSchedule *self)
{
  self->stagger_ms = BD_PROBE_SCHEDULE_DEFAULT_STAGGER_MS;
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  self->timers = g_ptr_array_new_with_free_func ((GDestroyNotify) g_source_unref);
}

/**
 * bd_probe_schedule_new:
 * @resolver: (nullable): the resolver the probes look their names up
 *   with; a #BdSharedResolver is used as it is, so that several schedules
 *   share one, and any other is wrapped in one of the schedule's own
 *   (%NULL: the default resolver)
 *
 * Returns: (transfer full): an empty schedule.
 */
BdProbeSchedule *
bd_probe_schedule_new (GResolver *resolver)
{
  BdProbeSchedule *self;

  g_return_val_if_fail (resolver == NULL || G_IS_RESOLVER (resolver), NULL);

  self = g_object_new (BD_TYPE_PROBE_SCHEDULE, NULL);
  if (resolver != NULL && BD_IS_SHARED_RESOLVER (resolver))
    self->resolver = g_object_ref (BD_SHARED_RESOLVER (resolver));
  else
    {
      self->resolver = bd_shared_resolver_new (resolver);
      self->owns_resolver = TRUE;
    }
  return self;
}

/**
 * bd_probe_schedule_set_stagger:
 * @stagger_ms: the delay between two alternatives' starts
 */
void
bd_probe_schedule_set_stagger (BdProbeSchedule *self,
                               guint            stagger_ms)
{
  g_return_if_fail (BD_IS_PROBE_SCHEDULE (self));

  self->stagger_ms = stagger_ms;
}

/**
 * bd_probe_schedule_add:
 * @probe: a probe, not run yet; the schedule sets its resolver
 * @cancellable: (nullable): cancelling it withdraws the probe
 *
 * Adds @probe, and starts looking up its server's name.
 *
 * Returns: the probe's index: its place in the reports, and in
 *   #BdProbeSchedule::probe-finished.
 */
guint
bd_probe_schedule_add (BdProbeSchedule *self,
                       BdProbe         *probe,
                       GCancellable    *cancellable)
{
  BdServer *server;
  const char *hostname;
  Entry *entry;

  g_return_val_if_fail (BD_IS_PROBE_SCHEDULE (self), 0);
  g_return_val_if_fail (BD_IS_PROBE (probe), 0);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), 0);
  g_return_val_if_fail (!self->started, 0);

  server = bd_probe_get_server (probe);
  hostname = bd_server_get_hostname (server);
  if (hostname != NULL && *hostname != '\0')
    bd_shared_resolver_prefetch (self->resolver, hostname);
  bd_probe_set_resolver (probe, G_RESOLVER (self->resolver));

  entry = g_new0 (Entry, 1);
  entry->probe = g_object_ref (probe);
  entry->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  entry->alternative = !bd_server_is_incoming (server);
  entry->state = ENTRY_WAITING;
  g_ptr_array_add (self->entries, entry);
  return self->entries->len - 1;
}

static Entry *
entry_at (BdProbeSchedule *self,
          guint            index)
{
  return g_ptr_array_index (self->entries, index);
}

/* Withdrawn by its owner (or with the run), not stopped by the schedule. */
static gboolean
entry_withdrawn (Entry *entry)
{
  return !entry->stopped && g_cancellable_is_cancelled (entry->cancellable);
}

static void
destroy_timers (BdProbeSchedule *self)
{
  for (guint i = 0; i < self->timers->len; i++)
    g_source_destroy (g_ptr_array_index (self->timers, i));
  g_ptr_array_set_size (self->timers, 0);
}

static void
finish_if_done (GTask *task)
{
  BdProbeSchedule *self = g_task_get_source_object (task);
  GPtrArray *reports;

  if (self->done || self->running > 0)
    return;
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = entry_at (self, i);

      if (entry->state == ENTRY_WAITING && !entry_withdrawn (entry))
        return;
    }

  self->done = TRUE;
  destroy_timers (self);
  if (self->owns_resolver)
    bd_shared_resolver_stop (self->resolver);
  if (self->cancellable != NULL && g_cancellable_is_cancelled (self->cancellable))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                               _("The test was stopped."));
      return;
    }
  reports = g_ptr_array_new_full (self->entries->len, clear_report);
  for (guint i = 0; i < self->entries->len; i++)
    {
      BdProbeReport *report = entry_at (self, i)->report;

      g_ptr_array_add (reports, report != NULL ? g_object_ref (report) : NULL);
    }
  g_task_return_pointer (task, reports, (GDestroyNotify) g_ptr_array_unref);
}

static guint
step_ms (BdProbeReport *report,
         const char    *name)
{
  GPtrArray *steps = bd_probe_report_get_steps (report);

  for (guint i = 0; i < steps->len; i++)
    {
      BdProbeStep *step = g_ptr_array_index (steps, i);

      if (g_str_equal (step->name, name))
        return step->ms;
    }
  return 0;
}

/* The error of an alternative stopped, or never started, because
 * self->proven passed, so that a port whose SYNs are dropped does not hold
 * the whole check until its connect deadline, and is still named:
 *
 *  - one still waiting for its TCP connection after at least
 *    NO_ANSWER_RTTS times as long as the proven one took to connect (a
 *    SYN-ACK comes one round trip after the SYN; the kernel resends a lost
 *    SYN only after a second) is reported as `timed-out` at `connect`,
 *    "did not answer", which on such a network means that a firewall
 *    drops connections to that port;
 *  - any other is reported as `cancelled`, "not needed", with the step it
 *    had reached (or none, never started).
 *
 * One that finished before it could be stopped keeps its own result. */
static GError *
not_needed_error (BdProbeSchedule *self,
                  BdProbeReport   *stopped)
{
  const char *proven = bd_probe_report_get_url (self->proven);
  guint limit = MAX (NO_ANSWER_RTTS * step_ms (self->proven, "connect"), NO_ANSWER_MIN_MS);

  if (stopped != NULL && g_strcmp0 (bd_probe_report_get_failed_step (stopped), "connect") == 0 &&
      step_ms (stopped, "connect") >= limit)
    return g_error_new (BD_ERROR, BD_ERROR_TIMED_OUT,
                        /* TRANSLATORS: "No answer to the connection within 1.2 seconds,
                         * while smtp://smtp.example.com:587 worked: …" */
                        _("No answer to the connection within %.1f seconds, while %s worked: a "
                          "firewall on the way probably drops connections to this port."),
                        step_ms (stopped, "connect") / 1000.0, proven);
  if (stopped != NULL)
    return g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                        /* TRANSLATORS: %s is the server that worked, as a URL */
                        _("Not needed: %s worked first, so this test was stopped."), proven);
  return g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                      /* TRANSLATORS: %s is the server that worked, as a URL */
                      _("Not needed: %s worked first, so this one was not tested."), proven);
}

/* Keeps @report as the result of the probe at @index, and says so. */
static void
settle (BdProbeSchedule *self,
        guint            index,
        BdProbeReport   *report)
{
  Entry *entry = entry_at (self, index);

  entry->state = ENTRY_DONE;
  g_set_object (&entry->report, report);
  if (report != NULL)
    g_signal_emit (self, signals[PROBE_FINISHED], 0, index, report);
}

/* One alternative passed: stop the others and never start the rest. */
static void
stop_alternatives (BdProbeSchedule *self,
                   BdProbeReport   *proven)
{
  self->proven = proven;
  destroy_timers (self);
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = entry_at (self, i);

      if (!entry->alternative || entry_withdrawn (entry))
        continue;
      if (entry->state == ENTRY_RUNNING)
        {
          entry->stopped = TRUE;
          g_cancellable_cancel (entry->cancellable);
        }
      else if (entry->state == ENTRY_WAITING)
        {
          g_autoptr(BdProbeReport) report = bd_probe_report_new (bd_probe_get_server (entry->probe));

          bd_probe_report_take_error (report, not_needed_error (self, NULL));
          settle (self, i, report);
        }
    }
}

static void probe_done_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data);

static void
start (GTask *task,
       Entry *entry)
{
  BdProbeSchedule *self = g_task_get_source_object (task);

  entry->state = ENTRY_RUNNING;
  self->running++;
  bd_probe_run_async (entry->probe, entry->cancellable, probe_done_cb, g_object_ref (task));
}

/* Starts the first alternative still waiting for its turn; a withdrawn one
 * gives its turn to the next. */
static void
start_next_alternative (GTask *task)
{
  BdProbeSchedule *self = g_task_get_source_object (task);

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = entry_at (self, i);

      if (!entry->alternative || entry->state != ENTRY_WAITING)
        continue;
      if (entry_withdrawn (entry))
        {
          entry->state = ENTRY_DONE;
          continue;
        }
      start (task, entry);
      return;
    }
}

static gboolean
alternative_running (BdProbeSchedule *self)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = entry_at (self, i);

      if (entry->alternative && entry->state == ENTRY_RUNNING)
        return TRUE;
    }
  return FALSE;
}

static guint
find_entry (BdProbeSchedule *self,
            BdProbe         *probe)
{
  for (guint i = 0; i < self->entries->len; i++)
    if (entry_at (self, i)->probe == probe)
      return i;
  g_assert_not_reached ();
}

static void
probe_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BdProbeSchedule *self = g_task_get_source_object (task);
  guint index = find_entry (self, BD_PROBE (object));
  Entry *entry = entry_at (self, index);
  g_autoptr(BdProbeReport) report = NULL;

  report = bd_probe_run_finish (BD_PROBE (object), result, NULL);
  self->running--;
  /* A report that came as its owner withdrew the probe is not wanted. */
  if (entry_withdrawn (entry))
    g_clear_object (&report);
  else if (report == NULL && entry->stopped)
    {
      report = bd_probe_run_dup_stopped_report (BD_PROBE (object), result);
      bd_probe_report_take_error (report, not_needed_error (self, report));
    }
  settle (self, index, report);

  if (entry->alternative && self->proven == NULL && report != NULL &&
      bd_probe_report_get_ok (report))
    stop_alternatives (self, entry->report);
  /* A failed (or withdrawn) alternative hands its turn on at once. */
  else if (entry->alternative && self->proven == NULL && !alternative_running (self))
    start_next_alternative (task);
  finish_if_done (task);
}

static gboolean
turn_cb (gpointer user_data)
{
  GTask *task = user_data;
  BdProbeSchedule *self = g_task_get_source_object (task);

  /* An earlier failure may have started this one already. */
  if (!self->done && self->proven == NULL)
    start_next_alternative (task);
  finish_if_done (task);
  return G_SOURCE_REMOVE;
}

/* The run's cancellable withdraws every probe. */
static void
run_cancelled_cb (GCancellable *cancellable,
                  gpointer      user_data)
{
  BdProbeSchedule *self = user_data;

  for (guint i = 0; i < self->entries->len; i++)
    g_cancellable_cancel (entry_at (self, i)->cancellable);
}

/**
 * bd_probe_schedule_run_async:
 *
 * Runs every probe added: the incoming ones at once, the outgoing ones as
 * staggered alternatives.
 */
void
bd_probe_schedule_run_async (BdProbeSchedule     *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  guint alternatives = 0;

  g_return_if_fail (BD_IS_PROBE_SCHEDULE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (!self->started);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_probe_schedule_run_async);
  self->started = TRUE;
  if (cancellable != NULL)
    {
      self->cancellable = g_object_ref (cancellable);
      self->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (run_cancelled_cb),
                                                  self, NULL);
    }

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = entry_at (self, i);

      if (entry->alternative)
        alternatives++;
      else if (entry_withdrawn (entry))
        entry->state = ENTRY_DONE;
      else
        start (task, entry);
    }
  if (alternatives > 0)
    start_next_alternative (task);
  for (guint i = 1; i < alternatives; i++)
    {
      GSource *timer = g_timeout_source_new (i * self->stagger_ms);

      g_source_set_callback (timer, turn_cb, g_object_ref (task), g_object_unref);
      g_source_attach (timer, g_task_get_context (task));
      g_ptr_array_add (self->timers, timer);
    }
  finish_if_done (task);
}

/**
 * bd_probe_schedule_run_finish:
 *
 * Returns: (transfer container) (element-type BdProbeReport): one report
 *   per probe, in the order they were added, %NULL for a withdrawn one;
 *   %NULL only when the run was cancelled.
 */
GPtrArray *
bd_probe_schedule_run_finish (BdProbeSchedule  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (BD_IS_PROBE_SCHEDULE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
