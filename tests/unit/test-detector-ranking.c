/* test-detector-ranking.c: which answer wins, and when, with scripted sources
 *
 * The sources here are stand-ins with set delays, so that the detector's
 * rules are tested alone: the best-ranked answer wins once nothing better can
 * still come, a slower better source gets a grace period and no more, every
 * source has its own deadline, and cancelling ends everything at once. The
 * delays leave wide margins (hundreds of milliseconds) so that a loaded
 * machine cannot flip an outcome.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-detector.h"
#include "bd-error.h"
#include "bd-test-wait.h"

typedef enum {
  FAKE_ANSWER,
  FAKE_NOT_FOUND,
  FAKE_FAIL,
  FAKE_NEVER,
} FakeResult;

#define FAKE_TYPE_SOURCE (fake_source_get_type ())
G_DECLARE_FINAL_TYPE (FakeSource, fake_source, FAKE, SOURCE, BdSource)

struct _FakeSource
{
  BdSource parent_instance;

  FakeResult result;
  guint delay_ms;
  char *hostname;
};

G_DEFINE_FINAL_TYPE (FakeSource, fake_source, BD_TYPE_SOURCE)

typedef struct
{
  GTask *task;
  guint timeout_id;
  gulong cancelled_id;
} Pending;

static void
pending_finish (Pending *pending)
{
  GCancellable *cancellable = g_task_get_cancellable (pending->task);

  g_clear_handle_id (&pending->timeout_id, g_source_remove);
  if (pending->cancelled_id != 0)
    g_cancellable_disconnect (cancellable, pending->cancelled_id);
  g_object_unref (pending->task);
  g_free (pending);
}

static gboolean
answer_cb (gpointer user_data)
{
  Pending *pending = user_data;
  FakeSource *self = g_task_get_source_object (pending->task);
  GTask *task = pending->task;

  pending->timeout_id = 0;
  if (self->result == FAKE_ANSWER)
    {
      BdAccountConfig *config = bd_account_config_new ();
      g_autoptr(BdServer) server = bd_server_new (BD_PROTOCOL_IMAP, self->hostname, 993,
                                                  BD_SECURITY_TLS, "u");

      bd_account_config_add_server (config, server);
      bd_account_config_set_provenance (config, bd_source_get_kind (BD_SOURCE (self)), NULL,
                                        BD_TRUST_TRUSTED);
      g_task_return_pointer (task, config, g_object_unref);
    }
  else if (self->result == FAKE_NOT_FOUND)
    g_task_return_new_error (task, BD_ERROR, BD_ERROR_PROVIDER_NOT_FOUND, "nothing");
  else
    g_task_return_new_error (task, BD_ERROR, BD_ERROR_HTTP_FAILED, "broken");

  pending_finish (pending);
  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_idle_cb (gpointer user_data)
{
  Pending *pending = user_data;

  g_task_return_error_if_cancelled (pending->task);
  pending_finish (pending);
  return G_SOURCE_REMOVE;
}

static void
cancelled_cb (GCancellable *cancellable,
              Pending      *pending)
{
  /* Not from inside the signal: disconnecting there would deadlock. */
  g_clear_handle_id (&pending->timeout_id, g_source_remove);
  g_idle_add (cancelled_idle_cb, pending);
}

static void
fake_source_lookup_async (BdSource            *source,
                          BdAddress           *address,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  FakeSource *self = FAKE_SOURCE (source);
  Pending *pending = g_new0 (Pending, 1);

  pending->task = g_task_new (self, cancellable, callback, user_data);
  if (self->result != FAKE_NEVER)
    pending->timeout_id = g_timeout_add (self->delay_ms, answer_cb, pending);
  pending->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb),
                                                 pending, NULL);
}

static void
fake_source_finalize (GObject *object)
{
  g_free (FAKE_SOURCE (object)->hostname);
  G_OBJECT_CLASS (fake_source_parent_class)->finalize (object);
}

static void
fake_source_class_init (FakeSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fake_source_finalize;
  BD_SOURCE_CLASS (klass)->lookup_async = fake_source_lookup_async;
}

static void
fake_source_init (FakeSource *self)
{
}

static BdSource *
fake_source_new (BdSourceKind kind,
                 FakeResult   result,
                 guint        delay_ms,
                 const char  *hostname)
{
  FakeSource *self = g_object_new (FAKE_TYPE_SOURCE, "kind", kind, NULL);

  self->result = result;
  self->delay_ms = delay_ms;
  self->hostname = g_strdup (hostname);
  return BD_SOURCE (self);
}

typedef struct
{
  BdDetection *detection;
  GError *error;
  guint progress;
  gint64 elapsed_us;
} Run;

static void
progress_cb (BdDetector            *detector,
             const BdSourceAttempt *attempt,
             Run                   *run)
{
  run->progress++;
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* Runs a detection over @sources (best first); cancels after @cancel_ms if set. */
static void
run_detection (Run        *run,
               BdDetector *detector,
               GPtrArray  *sources,
               guint       cancel_ms)
{
  g_autoptr(BdAddress) address = bd_address_parse ("eve@ranking.example", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  gint64 start = g_get_monotonic_time ();

  bd_detector_set_sources (detector, sources);
  g_signal_connect (detector, "source-finished", G_CALLBACK (progress_cb), run);
  if (cancel_ms > 0)
    g_timeout_add (cancel_ms, cancel_cb, cancellable);
  bd_detector_run_async (detector, address, cancellable, bd_test_got_result_cb, &slot);
  result = bd_test_wait_for_result (&slot, 0);
  run->elapsed_us = g_get_monotonic_time () - start;
  run->detection = bd_detector_run_finish (detector, result, &run->error);

  /* Let the cancelled sources wind down before the next test. */
  bd_test_iterate_pending ();
}

static void
run_clear (Run *run)
{
  g_clear_object (&run->detection);
  g_clear_error (&run->error);
}

static const char *
winner_host (Run *run)
{
  BdAccountConfig *config = bd_detection_get_config (run->detection);

  g_assert_nonnull (config);
  return bd_server_get_hostname (g_ptr_array_index (bd_account_config_get_incoming (config), 0));
}

static BdSourceOutcome
outcome (Run  *run,
         guint index)
{
  return bd_source_attempt_get_outcome (g_ptr_array_index (bd_detection_get_attempts (run->detection),
                                                           index));
}

static void
test_first_ranked_answer_wins_without_waiting (void)
{
  g_autoptr(BdDetector) detector = bd_detector_new ();
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_object_unref);
  Run run = { 0 };

  g_ptr_array_add (sources, fake_source_new (BD_SOURCE_ISPDB, FAKE_ANSWER, 10, "best.example"));
  g_ptr_array_add (sources, fake_source_new (BD_SOURCE_SRV, FAKE_NEVER, 0, NULL));
  run_detection (&run, detector, sources, 0);

  g_assert_no_error (run.error);
  g_assert_cmpstr (winner_host (&run), ==, "best.example");
  g_assert_cmpint (outcome (&run, 0), ==, BD_SOURCE_OUTCOME_ANSWERED);
  g_assert_cmpint (outcome (&run, 1), ==, BD_SOURCE_OUTCOME_SKIPPED);
  g_assert_cmpuint (run.progress, ==, 2);
  run_clear (&run);
}

static void
test_better_slower_source_wins_within_grace (void)
{
  g_autoptr(BdDetector) detector = bd_detector_new ();
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_object_unref);
  Run run = { 0 };

  /* The worse answers at 600 ms, so the grace lasts 300 ms (to 900 ms);
   * the better answers at 700 ms. */
  g_ptr_array_add (sources, fake_source_new (BD_SOURCE_AUTOCONFIG, FAKE_ANSWER, 700, "better.example"));
  g_ptr_array_add (sources, fake_source_new (BD_SOURCE_SRV, FAKE_ANSWER, 600, "worse.example"));
  run_detection (&run, detector, sources, 0);

  g_assert_cmpstr (winner_host (&run), ==, "better.example");
  g_assert_cmpint (outcome (&run, 1), ==, BD_SOURCE_OUTCOME_ANSWERED);
  run_clear (&run);
}

static void
test_dead_better_source_delays_only_by_grace (void)
{
  g_autoptr(BdDetector) detector = bd_detector_new ();
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_object_unref);
  Run run = { 0 };

  g_ptr_array_add (sources, fake_source_new (BD_SOURCE_ISPDB, FAKE_NEVER, 0, NULL));
  g_ptr_array_add (sources, fake_source_new (BD_SOURCE_SRV, FAKE_ANSWER, 100, "worse.example"));
  run_detection (&run, detector, sources, 0);

  g_assert_cmpstr (winner_host (&run), ==, "worse.example");
  g_assert_cmpint (outcome (&run, 0), ==, BD_SOURCE_OUTCOME_SKIPPED);
  /* Far below the dead source's own ten-second deadline. */
  g_assert_cmpint (run.elapsed_us, <, 5 * G_USEC_PER_SEC);
  run_clear (&run);
}

static void
test_failed_better_source_lets_worse_win_at_once (void)
{
  g_autoptr(BdDetector) detector = bd_detector_new ();
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_object_unref);
  Run run = { 0 };

  g_ptr_array_add (sources, fake_source_new (BD_SOURCE_ISPDB, FAKE_FAIL, 20, NULL));
  g_ptr_array_add (sources, fake_source_new (BD_SOURCE_AUTOCONFIG, FAKE_NOT_FOUND, 30, NULL));
  g_ptr_array_add (sources, fake_source_new (BD_SOURCE_SRV, FAKE_ANSWER, 40, "srv.example"));
  run_detection (&run, detector, sources, 0);

  g_assert_cmpstr (winner_host (&run), ==, "srv.example");
  g_assert_cmpint (outcome (&run, 0), ==, BD_SOURCE_OUTCOME_FAILED);
  g_assert_cmpint (outcome (&run, 1), ==, BD_SOURCE_OUTCOME_NOT_FOUND);
  g_assert_cmpint (outcome (&run, 2), ==, BD_SOURCE_OUTCOME_ANSWERED);
  run_clear (&run);
}

static void
test_every_source_has_its_own_deadline (void)
{
  g_autoptr(BdDetector) detector = bd_detector_new ();
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_object_unref);
  Run run = { 0 };
  const BdSourceAttempt *dead;

  bd_detector_set_source_timeout (detector, 300);
  g_ptr_array_add (sources, fake_source_new (BD_SOURCE_ISPDB, FAKE_NEVER, 0, NULL));
  g_ptr_array_add (sources, fake_source_new (BD_SOURCE_SRV, FAKE_NOT_FOUND, 10, NULL));
  run_detection (&run, detector, sources, 0);

  g_assert_null (bd_detection_get_config (run.detection));
  g_assert_error ((GError *) bd_detection_get_error (run.detection), BD_ERROR,
                  BD_ERROR_PROVIDER_NOT_FOUND);
  dead = g_ptr_array_index (bd_detection_get_attempts (run.detection), 0);
  g_assert_cmpint (bd_source_attempt_get_outcome (dead), ==, BD_SOURCE_OUTCOME_FAILED);
  g_assert_cmpuint (bd_source_attempt_get_ms (dead), >=, 300);
  run_clear (&run);
}

static void
test_overall_timeout_without_answer (void)
{
  g_autoptr(BdDetector) detector = bd_detector_new ();
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_object_unref);
  Run run = { 0 };

  bd_detector_set_timeout (detector, 200);
  g_ptr_array_add (sources, fake_source_new (BD_SOURCE_ISPDB, FAKE_NEVER, 0, NULL));
  g_ptr_array_add (sources, fake_source_new (BD_SOURCE_SRV, FAKE_NEVER, 0, NULL));
  run_detection (&run, detector, sources, 0);

  g_assert_no_error (run.error);
  g_assert_error ((GError *) bd_detection_get_error (run.detection), BD_ERROR,
                  BD_ERROR_DETECTION_TIMED_OUT);
  /* Stopped by the deadline is a failure, not "not needed". */
  g_assert_cmpint (outcome (&run, 0), ==, BD_SOURCE_OUTCOME_FAILED);
  g_assert_cmpint (outcome (&run, 1), ==, BD_SOURCE_OUTCOME_FAILED);
  g_assert_cmpstr (bd_source_attempt_get_code (g_ptr_array_index (bd_detection_get_attempts (run.detection), 0)),
                   ==, "timed-out");
  run_clear (&run);
}

static void
test_cancel_mid_way_ends_at_once (void)
{
  g_autoptr(BdDetector) detector = bd_detector_new ();
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_object_unref);
  Run run = { 0 };

  g_ptr_array_add (sources, fake_source_new (BD_SOURCE_ISPDB, FAKE_NEVER, 0, NULL));
  g_ptr_array_add (sources, fake_source_new (BD_SOURCE_SRV, FAKE_NEVER, 0, NULL));
  run_detection (&run, detector, sources, 100);

  g_assert_null (run.detection);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (run.elapsed_us, <, 5 * G_USEC_PER_SEC);
  run_clear (&run);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ranking/first-ranked-answer-wins-without-waiting",
                   test_first_ranked_answer_wins_without_waiting);
  g_test_add_func ("/ranking/better-slower-source-wins-within-grace",
                   test_better_slower_source_wins_within_grace);
  g_test_add_func ("/ranking/dead-better-source-delays-only-by-grace",
                   test_dead_better_source_delays_only_by_grace);
  g_test_add_func ("/ranking/failed-better-source-lets-worse-win-at-once",
                   test_failed_better_source_lets_worse_win_at_once);
  g_test_add_func ("/ranking/every-source-has-its-own-deadline",
                   test_every_source_has_its_own_deadline);
  g_test_add_func ("/ranking/overall-timeout-without-answer", test_overall_timeout_without_answer);
  g_test_add_func ("/ranking/cancel-mid-way-ends-at-once", test_cancel_mid_way_ends_at_once);

  return g_test_run ();
}
