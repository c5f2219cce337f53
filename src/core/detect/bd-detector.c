/* bd-detector.c
 *
 * All sources start together. The sources are ranked by their kind (the
 * order of BdSourceKind: built-in first, guessing last); the best-ranked
 * answer wins as soon as every better-ranked source has finished, and the
 * sources still running are cancelled and reported as skipped. Which
 * sources a run asks, in which order, made with which settings, is one
 * table in bd-source-lineup.c (with the setters of those settings that are
 * not properties).
 *
 * A better-ranked source still running is waited for only as long as it
 * could still plausibly answer, counted in round trips of this network: each
 * source says what it still needs (BdSource::progress: a DNS answer 1, an
 * HTTPS fetch from 5 before its name is resolved down to 2 or 1 once its
 * request is written) and hands on the round trips it measured
 * (BdSource::round-trip: TCP connects, DNS answers). From its last step it
 * is allowed bd_detector_grace_allowance_us(): its round trips × the largest
 * round trip measured in this run (a TCP connect if there is one) × 1.5,
 * plus a little for scheduling, or half the time the answer in hand took if
 * that is more (the pace of this machine now: a loaded CPU, a sanitizer,
 * TLS's arithmetic). There is no floor in milliseconds: on a fast
 * network the wait is short, on a slow one a better source that is really
 * on its way still wins (docs/decisions.md, "Grace period, in round trips").
 * A guess, though, never pre-empts a trusted source whose server already
 * has the request (bd_grace_period_guess_yields()).
 *
 * With warm connections, an answer's servers are proven (no credential)
 * while its grace period runs; only the winner's are kept (issue 16 §2).
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-detector.h"
#include "bd-detector-not-found-private.h"
#include "bd-grace-period-private.h"
#include "bd-error.h"
#include "bd-ispdb-source.h"
#include "bd-network-diagnosis.h"
#include "bd-source-lineup-private.h"

struct _BdDetector
{
  GObject parent_instance;

  BdSourceLineup lineup;      /* which sources, with what (bd-source-lineup.c) */
  guint timeout_ms;
  BdDetectorClock clock;      /* NULL: g_get_monotonic_time() */
  gpointer clock_data;
};

enum {
  PROP_0,
  PROP_OFFLINE,
  PROP_GUESS,
  PROP_TIMEOUT,
  PROP_ISPDB_URL,
  N_PROPS
};

enum {
  SOURCE_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BdDetector, bd_detector, G_TYPE_OBJECT)

/* Below the sources' I/O, so that an answer already received is handled
 * before a grace period that ends at the same moment. */
#define GRACE_PRIORITY (G_PRIORITY_DEFAULT + 10)

typedef struct
{
  BdSource *source;
  GCancellable *cancellable;
  GSource *deadline;
  BdAccountConfig *config;  /* set when the source answered */
  BdSourceAttempt *attempt; /* set when the source finished */
  gboolean started;
  gint64 started_us;
  guint round_trips_left;   /* what the source still needs, as it last said */
  gint64 step_us;           /* when it said so */
  gulong progress_id;
  gulong round_trip_id;
} SourceRun;

typedef struct
{
  BdDetection *detection;
  GPtrArray *runs;            /* of SourceRun, in rank order */
  GCancellable *caller_cancellable;
  gulong cancelled_id;
  GSource *timeout_source;
  GSource *grace_source;
  BdGracePeriod grace;        /* the network's round trip, as measured */
  gboolean done;
} RunData;

typedef struct
{
  GTask *task;
  SourceRun *run;
} RunRef;

static void
destroy_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static void
source_run_free (SourceRun *run)
{
  g_clear_signal_handler (&run->progress_id, run->source);
  g_clear_signal_handler (&run->round_trip_id, run->source);
  destroy_source (&run->deadline);
  g_clear_object (&run->source);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->config);
  g_clear_pointer (&run->attempt, bd_source_attempt_free);
  g_free (run);
}

static void
run_data_free (RunData *data)
{
  destroy_source (&data->timeout_source);
  destroy_source (&data->grace_source);
  if (data->cancelled_id != 0)
    g_cancellable_disconnect (data->caller_cancellable, data->cancelled_id);
  g_clear_object (&data->caller_cancellable);
  g_clear_object (&data->detection);
  g_ptr_array_unref (data->runs);
  g_free (data);
}

static void
bd_detector_finalize (GObject *object)
{
  BdDetector *self = BD_DETECTOR (object);

  bd_source_lineup_clear (&self->lineup);

  G_OBJECT_CLASS (bd_detector_parent_class)->finalize (object);
}

static void
bd_detector_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  BdDetector *self = BD_DETECTOR (object);

  switch (prop_id)
    {
    case PROP_OFFLINE:
      g_value_set_boolean (value, self->lineup.offline);
      break;
    case PROP_GUESS:
      g_value_set_boolean (value, self->lineup.guess);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout_ms);
      break;
    case PROP_ISPDB_URL:
      g_value_set_string (value, self->lineup.ispdb_url);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_detector_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  BdDetector *self = BD_DETECTOR (object);

  switch (prop_id)
    {
    case PROP_OFFLINE:
      bd_detector_set_offline (self, g_value_get_boolean (value));
      break;
    case PROP_GUESS:
      bd_detector_set_guess (self, g_value_get_boolean (value));
      break;
    case PROP_TIMEOUT:
      bd_detector_set_timeout (self, g_value_get_uint (value));
      break;
    case PROP_ISPDB_URL:
      bd_detector_set_ispdb_url (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_detector_class_init (BdDetectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bd_detector_finalize;
  object_class->get_property = bd_detector_get_property;
  object_class->set_property = bd_detector_set_property;

  properties[PROP_OFFLINE] =
    g_param_spec_boolean ("offline", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GUESS] =
    g_param_spec_boolean ("guess", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ISPDB_URL] =
    g_param_spec_string ("ispdb-url", NULL, NULL, BD_ISPDB_DEFAULT_URL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BdDetector::source-finished:
   * @attempt: what the source did
   *
   * Emitted on the caller's main context as each source answers, fails or
   * is skipped, for live progress.
   */
  signals[SOURCE_FINISHED] =
    g_signal_new ("source-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  BD_TYPE_SOURCE_ATTEMPT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
bd_detector_init (BdDetector *self)
{
  bd_source_lineup_init (&self->lineup);
}

BdDetector *
bd_detector_new (void)
{
  return g_object_new (BD_TYPE_DETECTOR, NULL);
}

/* For the setters in bd-source-lineup.c. */
BdSourceLineup *
bd_detector_get_lineup (BdDetector *self)
{
  return &self->lineup;
}

void
bd_detector_set_offline (BdDetector *self,
                         gboolean    offline)
{
  g_return_if_fail (BD_IS_DETECTOR (self));

  offline = !!offline;
  if (self->lineup.offline == offline)
    return;
  self->lineup.offline = offline;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE]);
}

gboolean
bd_detector_get_offline (BdDetector *self)
{
  g_return_val_if_fail (BD_IS_DETECTOR (self), FALSE);
  return self->lineup.offline;
}

void
bd_detector_set_guess (BdDetector *self,
                       gboolean    guess)
{
  g_return_if_fail (BD_IS_DETECTOR (self));

  guess = !!guess;
  if (self->lineup.guess == guess)
    return;
  self->lineup.guess = guess;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GUESS]);
}

gboolean
bd_detector_get_guess (BdDetector *self)
{
  g_return_val_if_fail (BD_IS_DETECTOR (self), FALSE);
  return self->lineup.guess;
}

/**
 * bd_detector_set_timeout:
 * @timeout_ms: the deadline for the whole detection; 0 for none
 */
void
bd_detector_set_timeout (BdDetector *self,
                         guint       timeout_ms)
{
  g_return_if_fail (BD_IS_DETECTOR (self));

  if (self->timeout_ms == timeout_ms)
    return;
  self->timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

guint
bd_detector_get_timeout (BdDetector *self)
{
  g_return_val_if_fail (BD_IS_DETECTOR (self), 0);
  return self->timeout_ms;
}

/**
 * bd_detector_set_ispdb_url:
 * @url: (nullable): the ISPDB's base URL; %NULL for Thunderbird's
 */
void
bd_detector_set_ispdb_url (BdDetector *self,
                           const char *url)
{
  g_return_if_fail (BD_IS_DETECTOR (self));

  if (url == NULL)
    url = BD_ISPDB_DEFAULT_URL;
  if (g_strcmp0 (self->lineup.ispdb_url, url) == 0)
    return;
  g_free (self->lineup.ispdb_url);
  self->lineup.ispdb_url = g_strdup (url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ISPDB_URL]);
}

const char *
bd_detector_get_ispdb_url (BdDetector *self)
{
  g_return_val_if_fail (BD_IS_DETECTOR (self), NULL);
  return self->lineup.ispdb_url;
}

/**
 * bd_detector_set_clock:
 * @clock: (nullable): returns the time in microseconds; %NULL for
 *   g_get_monotonic_time()
 *
 * For tests of the grace period: the detector reads the time (the sources'
 * steps, the grace deadlines, the attempts' milliseconds) from @clock, so
 * that a test decides when each thing happened. The timers still run on the
 * real clock; when one fires early by @clock, the detector waits on.
 */
void
bd_detector_set_clock (BdDetector      *self,
                       BdDetectorClock  clock,
                       gpointer         user_data)
{
  g_return_if_fail (BD_IS_DETECTOR (self));

  self->clock = clock;
  self->clock_data = user_data;
}

static void
add_run (GPtrArray *runs,
         BdSource  *source)
{
  SourceRun *run = g_new0 (SourceRun, 1);

  run->source = source;
  run->cancellable = g_cancellable_new ();
  g_ptr_array_add (runs, run);
}

/* One run per source of the lineup, in rank order (bd-source-lineup.c). */
static GPtrArray *
create_runs (BdDetector *self)
{
  g_autoptr(GPtrArray) sources = bd_source_lineup_create (&self->lineup);
  GPtrArray *runs = g_ptr_array_new_with_free_func ((GDestroyNotify) source_run_free);

  for (guint i = 0; i < sources->len; i++)
    add_run (runs, g_object_ref (g_ptr_array_index (sources, i)));
  return runs;
}

static gint64
now_us (BdDetector *self)
{
  return self->clock != NULL ? self->clock (self->clock_data) : g_get_monotonic_time ();
}

static guint
elapsed_ms (BdDetector      *self,
            const SourceRun *run)
{
  /* A source never started took no time, however slow the machine is. */
  if (!run->started)
    return 0;
  return (guint) ((now_us (self) - run->started_us) / 1000);
}

static void
record_attempt (GTask           *task,
                SourceRun       *run,
                BdSourceOutcome  outcome,
                const char      *message,
                const char      *code)
{
  RunData *data = g_task_get_task_data (task);
  BdDetector *self = g_task_get_source_object (task);
  g_autofree char *url = bd_source_dup_url (run->source, bd_detection_get_address (data->detection));

  destroy_source (&run->deadline);
  run->attempt = bd_source_attempt_new (bd_source_get_kind (run->source), url, outcome,
                                        elapsed_ms (self, run), code, message);
  g_signal_emit (self, signals[SOURCE_FINISHED], 0, run->attempt);
}

/* Security rule 4: settings that cannot be verified and point at another
 * domain's servers are shown for approval before any password goes there. */
static void
note_foreign_servers (BdAccountConfig *config,
                      BdAddress       *address)
{
  g_auto(GStrv) foreign = bd_account_config_dup_foreign_domains (config, address);
  g_autofree char *list = NULL;

  if (foreign[0] == NULL || bd_account_config_get_trust (config) == BD_TRUST_TRUSTED ||
      bd_account_config_find_note (config, BD_NOTE_FOREIGN_SERVERS) != NULL)
    return;
  list = g_strjoinv (", ", foreign);
  bd_account_config_add_note (config, bd_note_new (BD_NOTE_FOREIGN_SERVERS, list, NULL));
}

static void
finish_run (GTask           *task,
            BdAccountConfig *winner,
            GError          *error)
{
  BdDetector *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);

  data->done = TRUE;
  /* The timers hold references on the task: break the cycles. */
  destroy_source (&data->timeout_source);
  destroy_source (&data->grace_source);
  /* Before the sources are stopped: the guess's runs to the winner's servers go on. */
  if (self->lineup.warm != NULL)
    bd_warm_connections_keep_only (self->lineup.warm, winner);

  for (guint i = 0; i < data->runs->len; i++)
    {
      SourceRun *run = g_ptr_array_index (data->runs, i);

      if (run->attempt == NULL)
        {
          g_cancellable_cancel (run->cancellable);
          if (winner != NULL)
            record_attempt (task, run, BD_SOURCE_OUTCOME_SKIPPED,
                            _("Not needed: a better source answered."), NULL);
          else
            record_attempt (task, run, BD_SOURCE_OUTCOME_FAILED,
                            _("Stopped at the deadline."), bd_error_code_get_name (BD_ERROR_TIMED_OUT));
        }
      bd_detection_add_attempt (data->detection, bd_source_attempt_copy (run->attempt));
    }

  if (winner != NULL)
    note_foreign_servers (winner, bd_detection_get_address (data->detection));
  bd_detection_set_config (data->detection, winner);
  if (error != NULL)
    bd_detection_take_error (data->detection, error);

  g_task_return_pointer (task, g_object_ref (data->detection), g_object_unref);
}

static SourceRun *
best_answer (RunData *data,
             guint   *index)
{
  for (guint i = 0; i < data->runs->len; i++)
    {
      SourceRun *run = g_ptr_array_index (data->runs, i);

      if (run->config != NULL)
        {
          if (index != NULL)
            *index = i;
          return run;
        }
    }
  return NULL;
}

/* When the last better-ranked source still running (those before @best_index)
 * can no longer plausibly answer (bd-grace-period.c). */
static gint64
grace_deadline_us (RunData   *data,
                   SourceRun *best,
                   guint      best_index)
{
  gint64 best_us = (gint64) bd_source_attempt_get_ms (best->attempt) * 1000;
  gboolean guessed = bd_source_get_kind (best->source) == BD_SOURCE_GUESS;
  gint64 deadline = G_MININT64;

  for (guint i = 0; i < best_index; i++)
    {
      SourceRun *run = g_ptr_array_index (data->runs, i);

      if (run->attempt != NULL)
        continue;
      if (guessed && bd_grace_period_guess_yields (run->source, run->round_trips_left))
        return G_MAXINT64;
      deadline = MAX (deadline, bd_grace_period_deadline_us (&data->grace, best_us, run->step_us,
                                                             run->round_trips_left));
    }
  return deadline;
}

static gboolean grace_cb (gpointer user_data);

/* (Re)arms the grace timer for the present deadline. It never finishes the
 * run itself: it may be called from inside a source's own callbacks. */
static void
arm_grace (GTask *task)
{
  BdDetector *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  guint best_index = 0;
  SourceRun *best = best_answer (data, &best_index);
  gint64 deadline, now, left_us;

  if (data->done || best == NULL)
    return;

  deadline = grace_deadline_us (data, best, best_index);
  now = now_us (self);
  left_us = deadline > now ? deadline - now : 0;
  destroy_source (&data->grace_source);
  /* G_MAXINT64: no limit (a guess waiting for a trusted server), until a
   * source's progress or end arms it again. */
  data->grace_source = g_timeout_source_new (deadline == G_MAXINT64 ? G_MAXUINT
                                             : (guint) MIN ((left_us + 999) / 1000, G_MAXUINT));
  g_task_attach_source (task, data->grace_source, grace_cb);
  /* After attaching: g_task_attach_source() sets the task's priority. */
  g_source_set_priority (data->grace_source, GRACE_PRIORITY);
}

static gboolean
grace_cb (gpointer user_data)
{
  GTask *task = user_data;
  BdDetector *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  guint best_index = 0;
  SourceRun *best = best_answer (data, &best_index);

  /* The grace period only ever starts with an answer in hand. */
  g_assert (best != NULL);
  if (now_us (self) < grace_deadline_us (data, best, best_index))
    {
      /* A source moved on, or the clock is a test's: wait on. */
      arm_grace (task);
      return G_SOURCE_REMOVE;
    }
  finish_run (task, best->config, NULL);
  return G_SOURCE_REMOVE;
}

static void
source_progress_cb (BdSource *source,
                    guint     round_trips_left,
                    RunRef   *ref)
{
  BdDetector *self = g_task_get_source_object (ref->task);
  RunData *data = g_task_get_task_data (ref->task);

  if (data->done || ref->run->attempt != NULL)
    return;
  ref->run->round_trips_left = round_trips_left;
  ref->run->step_us = now_us (self);
  if (data->grace_source != NULL)
    arm_grace (ref->task);
}

static void
source_round_trip_cb (BdSource *source,
                      int       kind,
                      gint64    rtt_us,
                      RunRef   *ref)
{
  RunData *data = g_task_get_task_data (ref->task);

  if (data->done || !bd_grace_period_learn (&data->grace, kind, rtt_us))
    return;
  if (data->grace_source != NULL)
    arm_grace (ref->task);
}

/* A source that found "nothing there" only because no name could be looked
 * up (or every name led to a sign-in page) was not reached: say so, with
 * the cause's code. */
static void
mark_unreached (RunData      *data,
                const GError *cause)
{
  for (guint i = 0; i < data->runs->len; i++)
    {
      SourceRun *run = g_ptr_array_index (data->runs, i);
      BdSourceAttempt *unreached = bd_detector_dup_unreached_attempt (run->attempt, cause);

      if (unreached == NULL)
        continue;
      bd_source_attempt_free (run->attempt);
      run->attempt = unreached;
    }
}

/* Nothing found: bd_detector_new_not_found_error() for the run's domain. */
static GError *
not_found_error (GTask            *task,
                 BdNetworkVerdict  verdict)
{
  RunData *data = g_task_get_task_data (task);

  return bd_detector_new_not_found_error (
    bd_address_get_domain (bd_detection_get_address (data->detection)), verdict);
}

static void
diagnosed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);
  BdNetworkVerdict verdict;
  GError *error;

  verdict = bd_network_diagnosis_run_finish (BD_NETWORK_DIAGNOSIS (object), result, NULL);
  error = not_found_error (task, verdict);
  if (bd_network_verdict_is_local (verdict))
    mark_unreached (data, error);
  finish_run (task, NULL, error);
}

/* Nothing found by any source. Online, first find out whether this
 * computer can look names up at all (the ISPDB's host must exist), so that
 * a dead network is not reported as a domain without settings. */
static void
finish_not_found (GTask *task)
{
  BdDetector *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr(BdNetworkDiagnosis) diagnosis = NULL;
  g_autoptr(GUri) ispdb = NULL;

  /* Offline, scripted sources, or a run its caller stopped: nothing to
   * find out about the network (a diagnosis begun on a cancelled run would
   * only leave its lookups' answers undelivered). */
  if (self->lineup.offline || self->lineup.custom_sources != NULL ||
      g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      finish_run (task, NULL, not_found_error (task, BD_NETWORK_VERDICT_UNKNOWN));
      return;
    }

  /* No source is left to answer; only the deadline could still end the run. */
  data->done = TRUE;
  destroy_source (&data->timeout_source);
  diagnosis = bd_network_diagnosis_new ();
  bd_network_diagnosis_set_resolver (diagnosis, self->lineup.resolver);
  ispdb = g_uri_parse (self->lineup.ispdb_url, G_URI_FLAGS_NONE, NULL);
  if (ispdb != NULL)
    bd_network_diagnosis_add_reference_name (diagnosis, g_uri_get_host (ispdb));
  /* A captive portal sends the domain where it sends every name: to its
   * sign-in page (bd_network_diagnosis_set_suspect_name()). */
  bd_network_diagnosis_set_suspect_name (diagnosis,
    bd_address_get_ascii_domain (bd_detection_get_address (data->detection)));
  bd_network_diagnosis_run_async (diagnosis, g_task_get_cancellable (task), diagnosed_cb,
                                  g_object_ref (task));
}

/* Proves an answer's servers while it waits (BdWarmConnections). Not
 * offline: the unconfirmed guess there lists every conventional name. */
static void
warm_servers (GTask           *task,
              BdAccountConfig *config)
{
  BdDetector *self = g_task_get_source_object (task);

  if (self->lineup.warm != NULL && !self->lineup.offline)
    bd_warm_connections_warm_config (self->lineup.warm, config);
}

/* The best answer wins once every better-ranked source has finished. A
 * better-ranked source that is still running gets a grace period: as long as
 * it could still plausibly answer, in measured round trips (arm_grace()). A
 * slow or dead source does not hold up a good answer for long, but one that
 * is really on its way still wins. */
static void
maybe_finish (GTask *task)
{
  RunData *data = g_task_get_task_data (task);
  guint best_index = 0;
  SourceRun *best = best_answer (data, &best_index);

  for (guint i = 0; i < (best != NULL ? best_index : data->runs->len); i++)
    {
      SourceRun *run = g_ptr_array_index (data->runs, i);

      if (run->attempt == NULL)
        {
          if (best != NULL)
            {
              warm_servers (task, best->config);
              arm_grace (task);
            }
          return;
        }
    }

  if (best != NULL)
    {
      finish_run (task, best->config, NULL);
      return;
    }
  finish_not_found (task);
}

static void
source_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RunRef *ref = user_data;
  g_autoptr(GTask) task = ref->task;
  SourceRun *run = ref->run;
  RunData *data = g_task_get_task_data (task);
  g_autoptr(BdAccountConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  g_free (ref);
  config = bd_source_lookup_finish (BD_SOURCE (object), result, &error);
  if (data->done || run->attempt != NULL)
    return;

  if (config != NULL)
    {
      run->config = g_steal_pointer (&config);
      record_attempt (task, run, BD_SOURCE_OUTCOME_ANSWERED, NULL, NULL);
    }
  else if (g_error_matches (error, BD_ERROR, BD_ERROR_PROVIDER_NOT_FOUND))
    record_attempt (task, run, BD_SOURCE_OUTCOME_NOT_FOUND, error->message,
                    bd_error_get_name (error));
  else
    record_attempt (task, run, BD_SOURCE_OUTCOME_FAILED, error->message,
                    bd_error_get_name (error));

  maybe_finish (task);
}

static gboolean
source_deadline_cb (gpointer user_data)
{
  RunRef *ref = user_data;
  RunData *data = g_task_get_task_data (ref->task);
  BdDetector *self = g_task_get_source_object (ref->task);
  g_autofree char *message = NULL;

  if (data->done || ref->run->attempt != NULL)
    return G_SOURCE_REMOVE;

  message = g_strdup_printf (_("No answer within %u seconds."),
                             self->lineup.source_timeout_ms / 1000);
  g_cancellable_cancel (ref->run->cancellable);
  record_attempt (ref->task, ref->run, BD_SOURCE_OUTCOME_FAILED, message,
                  bd_error_code_get_name (BD_ERROR_TIMED_OUT));
  maybe_finish (ref->task);
  return G_SOURCE_REMOVE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  RunData *data = g_task_get_task_data (task);
  SourceRun *best = best_answer (data, NULL);

  finish_run (task, best != NULL ? best->config : NULL,
              best != NULL ? NULL
                           : g_error_new (BD_ERROR, BD_ERROR_DETECTION_TIMED_OUT,
                                          _("No source answered within the deadline.")));
  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *cancellable,
                     GPtrArray    *runs)
{
  for (guint i = 0; i < runs->len; i++)
    g_cancellable_cancel (((SourceRun *) g_ptr_array_index (runs, i))->cancellable);
}

static void
start_run (GTask     *task,
           SourceRun *run,
           BdAddress *address)
{
  BdDetector *self = g_task_get_source_object (task);
  RunRef *ref = g_new0 (RunRef, 1);
  RunRef *deadline_ref = g_new0 (RunRef, 1);
  RunRef *progress_ref = g_new0 (RunRef, 1);

  run->started = TRUE;
  run->started_us = now_us (self);
  run->step_us = run->started_us;
  run->round_trips_left = BD_SOURCE_DEFAULT_ROUND_TRIPS;

  /* The task is not referenced: the handlers go with the run (source_run_free). */
  progress_ref->task = task;
  progress_ref->run = run;
  run->progress_id = g_signal_connect_data (run->source, "progress",
                                            G_CALLBACK (source_progress_cb), progress_ref,
                                            (GClosureNotify) g_free, 0);
  run->round_trip_id = g_signal_connect (run->source, "round-trip",
                                         G_CALLBACK (source_round_trip_cb), progress_ref);

  deadline_ref->task = task;
  deadline_ref->run = run;
  run->deadline = g_timeout_source_new (self->lineup.source_timeout_ms);
  g_source_set_callback (run->deadline, source_deadline_cb, deadline_ref, g_free);
  g_source_attach (run->deadline, g_task_get_context (task));

  ref->task = g_object_ref (task);
  ref->run = run;
  bd_source_lookup_async (run->source, address, run->cancellable, source_done_cb, ref);
}

/**
 * bd_detector_run_async:
 *
 * Looks for the settings of @address in every source at once.
 */
void
bd_detector_run_async (BdDetector          *self,
                       BdAddress           *address,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *data;

  g_return_if_fail (BD_IS_DETECTOR (self));
  g_return_if_fail (BD_IS_ADDRESS (address));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_detector_run_async);
  g_task_set_check_cancellable (task, TRUE);

  data = g_new0 (RunData, 1);
  data->detection = bd_detection_new (address);
  data->runs = create_runs (self);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);

  if (cancellable != NULL)
    {
      data->caller_cancellable = g_object_ref (cancellable);
      data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                  data->runs, NULL);
    }
  if (self->timeout_ms > 0)
    {
      data->timeout_source = g_timeout_source_new (self->timeout_ms);
      g_task_attach_source (task, data->timeout_source, timeout_cb);
    }

  /* A domain the built-in database knows needs no network at all: the other
   * sources are not even started (DESIGN.md, "Built-in database"). */
  if (bd_source_lineup_builtin_suffices (&self->lineup, address))
    {
      for (guint i = 1; i < data->runs->len; i++)
        {
          SourceRun *run = g_ptr_array_index (data->runs, i);

          record_attempt (task, run, BD_SOURCE_OUTCOME_SKIPPED,
                          _("Not needed: the built-in database knows this domain."), NULL);
        }
      start_run (task, g_ptr_array_index (data->runs, 0), address);
      return;
    }

  for (guint i = 0; i < data->runs->len; i++)
    start_run (task, g_ptr_array_index (data->runs, i), address);
}

/**
 * bd_detector_run_finish:
 *
 * Returns: (transfer full): the detection, whose config is %NULL (and whose
 *   error says why) when nothing was found; %NULL only when cancelled.
 */
BdDetection *
bd_detector_run_finish (BdDetector    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (BD_IS_DETECTOR (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
