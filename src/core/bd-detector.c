/* bd-detector.c
 *
 * All sources start together. The sources are ranked by their kind (the
 * order of BdSourceKind: built-in first, guessing last); the best-ranked
 * answer wins as soon as every better-ranked source has finished, and the
 * sources still running are cancelled and reported as skipped.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-builtin-source.h"
#include "bd-detector.h"
#include "bd-error.h"
#include "bd-guess-source.h"

struct _BdDetector
{
  GObject parent_instance;

  gboolean offline;
  gboolean guess;
  guint timeout_ms;
  BdProviderDb *db;
};

enum {
  PROP_0,
  PROP_OFFLINE,
  PROP_GUESS,
  PROP_TIMEOUT,
  N_PROPS
};

enum {
  SOURCE_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BdDetector, bd_detector, G_TYPE_OBJECT)

typedef struct
{
  BdSource *source;
  BdAccountConfig *config;  /* set when the source answered */
  BdSourceAttempt *attempt; /* set when the source finished */
  gint64 started_us;
} SourceRun;

typedef struct
{
  BdDetection *detection;
  GArray *runs;               /* of SourceRun, in rank order */
  GCancellable *sources_cancellable;
  GCancellable *caller_cancellable;
  gulong cancelled_id;
  GSource *timeout_source;
  gboolean done;
} RunData;

static void
source_run_clear (SourceRun *run)
{
  g_clear_object (&run->source);
  g_clear_object (&run->config);
  g_clear_pointer (&run->attempt, bd_source_attempt_free);
}

static void
run_data_free (RunData *data)
{
  if (data->timeout_source != NULL)
    {
      g_source_destroy (data->timeout_source);
      g_source_unref (data->timeout_source);
    }
  if (data->cancelled_id != 0)
    g_cancellable_disconnect (data->caller_cancellable, data->cancelled_id);
  g_clear_object (&data->caller_cancellable);
  g_clear_object (&data->sources_cancellable);
  g_clear_object (&data->detection);
  g_array_unref (data->runs);
  g_free (data);
}

static void
bd_detector_finalize (GObject *object)
{
  BdDetector *self = BD_DETECTOR (object);

  g_clear_object (&self->db);

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
      g_value_set_boolean (value, self->offline);
      break;
    case PROP_GUESS:
      g_value_set_boolean (value, self->guess);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout_ms);
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
  self->guess = TRUE;
}

BdDetector *
bd_detector_new (void)
{
  return g_object_new (BD_TYPE_DETECTOR, NULL);
}

void
bd_detector_set_offline (BdDetector *self,
                         gboolean    offline)
{
  g_return_if_fail (BD_IS_DETECTOR (self));

  offline = !!offline;
  if (self->offline == offline)
    return;
  self->offline = offline;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE]);
}

gboolean
bd_detector_get_offline (BdDetector *self)
{
  g_return_val_if_fail (BD_IS_DETECTOR (self), FALSE);
  return self->offline;
}

void
bd_detector_set_guess (BdDetector *self,
                       gboolean    guess)
{
  g_return_if_fail (BD_IS_DETECTOR (self));

  guess = !!guess;
  if (self->guess == guess)
    return;
  self->guess = guess;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GUESS]);
}

gboolean
bd_detector_get_guess (BdDetector *self)
{
  g_return_val_if_fail (BD_IS_DETECTOR (self), FALSE);
  return self->guess;
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
 * bd_detector_set_provider_db:
 * @db: (nullable): the database for the built-in source; %NULL for the one
 *   compiled into the program
 */
void
bd_detector_set_provider_db (BdDetector   *self,
                             BdProviderDb *db)
{
  g_return_if_fail (BD_IS_DETECTOR (self));
  g_set_object (&self->db, db);
}

static GArray *
create_runs (BdDetector *self)
{
  GArray *runs = g_array_new (FALSE, TRUE, sizeof (SourceRun));
  SourceRun run = { NULL, };

  g_array_set_clear_func (runs, (GDestroyNotify) source_run_clear);

  run.source = bd_builtin_source_new (self->db);
  g_array_append_val (runs, run);

  /* The network sources (ISPDB, autoconfig, SRV, MX) join here, in rank
   * order, when they exist; until then every detection is offline. */

  if (self->guess)
    {
      run.source = bd_guess_source_new ();
      g_array_append_val (runs, run);
    }

  return runs;
}

static guint
elapsed_ms (const SourceRun *run)
{
  return (guint) ((g_get_monotonic_time () - run->started_us) / 1000);
}

static void
record_attempt (GTask           *task,
                SourceRun       *run,
                BdSourceOutcome  outcome,
                const char      *message)
{
  RunData *data = g_task_get_task_data (task);
  BdDetector *self = g_task_get_source_object (task);
  g_autofree char *url = bd_source_dup_url (run->source, bd_detection_get_address (data->detection));

  run->attempt = bd_source_attempt_new (bd_source_get_kind (run->source), url, outcome,
                                        elapsed_ms (run), message);
  g_signal_emit (self, signals[SOURCE_FINISHED], 0, run->attempt);
}

static void
finish_run (GTask           *task,
            BdAccountConfig *winner,
            GError          *error)
{
  RunData *data = g_task_get_task_data (task);

  data->done = TRUE;
  /* The timeout source holds a reference on the task: break the cycle. */
  if (data->timeout_source != NULL)
    {
      g_source_destroy (data->timeout_source);
      g_clear_pointer (&data->timeout_source, g_source_unref);
    }
  for (guint i = 0; i < data->runs->len; i++)
    {
      SourceRun *run = &g_array_index (data->runs, SourceRun, i);

      if (run->attempt == NULL)
        record_attempt (task, run, BD_SOURCE_OUTCOME_SKIPPED,
                        winner != NULL ? _("Not needed: a better source answered.")
                                       : _("Stopped at the deadline."));
      bd_detection_add_attempt (data->detection, bd_source_attempt_copy (run->attempt));
    }
  g_cancellable_cancel (data->sources_cancellable);

  bd_detection_set_config (data->detection, winner);
  if (error != NULL)
    bd_detection_take_error (data->detection, error);

  g_task_return_pointer (task, g_object_ref (data->detection), g_object_unref);
}

/* The best answer wins once every better-ranked source has finished. */
static void
maybe_finish (GTask *task)
{
  RunData *data = g_task_get_task_data (task);

  for (guint i = 0; i < data->runs->len; i++)
    {
      SourceRun *run = &g_array_index (data->runs, SourceRun, i);

      if (run->attempt == NULL)
        return;
      if (run->config != NULL)
        {
          finish_run (task, run->config, NULL);
          return;
        }
    }

  finish_run (task, NULL,
              g_error_new (BD_ERROR, BD_ERROR_PROVIDER_NOT_FOUND,
                           _("No settings were found for “%s”."),
                           bd_address_get_domain (bd_detection_get_address (data->detection))));
}

static void
source_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);
  BdSource *source = BD_SOURCE (object);
  g_autoptr(BdAccountConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  SourceRun *run = NULL;

  config = bd_source_lookup_finish (source, result, &error);
  if (data->done)
    return;

  for (guint i = 0; i < data->runs->len && run == NULL; i++)
    {
      if (g_array_index (data->runs, SourceRun, i).source == source)
        run = &g_array_index (data->runs, SourceRun, i);
    }
  g_assert (run != NULL);

  if (config != NULL)
    {
      run->config = g_steal_pointer (&config);
      record_attempt (task, run, BD_SOURCE_OUTCOME_ANSWERED, NULL);
    }
  else if (g_error_matches (error, BD_ERROR, BD_ERROR_PROVIDER_NOT_FOUND))
    record_attempt (task, run, BD_SOURCE_OUTCOME_NOT_FOUND, error->message);
  else
    record_attempt (task, run, BD_SOURCE_OUTCOME_FAILED, error->message);

  maybe_finish (task);
}

static gboolean
timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  RunData *data = g_task_get_task_data (task);
  BdAccountConfig *best = NULL;

  for (guint i = 0; i < data->runs->len && best == NULL; i++)
    best = g_array_index (data->runs, SourceRun, i).config;

  finish_run (task, best,
              best != NULL ? NULL
                           : g_error_new (BD_ERROR, BD_ERROR_DETECTION_TIMED_OUT,
                                          _("No source answered within the deadline.")));
  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *cancellable,
                     GCancellable *sources_cancellable)
{
  g_cancellable_cancel (sources_cancellable);
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
  data->sources_cancellable = g_cancellable_new ();
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);

  if (cancellable != NULL)
    {
      data->caller_cancellable = g_object_ref (cancellable);
      data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                  data->sources_cancellable, NULL);
    }
  if (self->timeout_ms > 0)
    {
      data->timeout_source = g_timeout_source_new (self->timeout_ms);
      g_task_attach_source (task, data->timeout_source, timeout_cb);
    }

  for (guint i = 0; i < data->runs->len; i++)
    {
      SourceRun *run = &g_array_index (data->runs, SourceRun, i);

      run->started_us = g_get_monotonic_time ();
      bd_source_lookup_async (run->source, address, data->sources_cancellable,
                              source_done_cb, g_object_ref (task));
    }
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
