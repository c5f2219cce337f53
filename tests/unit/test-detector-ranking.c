/* test-detector-ranking.c: which answer wins, and when, with scripted sources
 *
 * The sources here are stand-ins with set delays, so that the detector's
 * rules are tested alone: the best-ranked answer wins once nothing better can
 * still come, a slower better source gets a grace period and no more, every
 * source has its own deadline, and cancelling ends everything at once. The
 * delays leave wide margins (hundreds of milliseconds) so that a loaded
 * machine cannot flip an outcome.
 *
 * The grace period itself (/ranking/grace/…) is tested on a clock the test
 * sets (bd_detector_set_clock()), with sources the test answers by hand and
 * round trips it reports for them: a better source that answers at 0.9 of
 * its allowance wins, one at 1.1 loses, whatever the machine's load.
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
  FAKE_BY_HAND,  /* answers when the test says so (fake_source_answer()) */
} FakeResult;

#define FAKE_TYPE_SOURCE (fake_source_get_type ())
G_DECLARE_FINAL_TYPE (FakeSource, fake_source, FAKE, SOURCE, BdSource)

struct _FakeSource
{
  BdSource parent_instance;

  FakeResult result;
  guint delay_ms;
  char *hostname;
  guint round_trips;   /* said at the start when not 0 */
  struct _Pending *by_hand;
};

G_DEFINE_FINAL_TYPE (FakeSource, fake_source, BD_TYPE_SOURCE)

typedef struct _Pending
{
  GTask *task;
  guint timeout_id;
  gulong cancelled_id;
} Pending;

static void
pending_finish (Pending *pending)
{
  GCancellable *cancellable = g_task_get_cancellable (pending->task);
  FakeSource *self = g_task_get_source_object (pending->task);

  if (self->by_hand == pending)
    self->by_hand = NULL;
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
  if (self->result == FAKE_ANSWER || self->result == FAKE_BY_HAND)
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
  if (self->result == FAKE_BY_HAND)
    self->by_hand = pending;
  else if (self->result != FAKE_NEVER)
    pending->timeout_id = g_timeout_add (self->delay_ms, answer_cb, pending);
  pending->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb),
                                                 pending, NULL);
  if (self->round_trips > 0)
    bd_source_report_progress (source, self->round_trips);
}

/* Answers now a source made with FAKE_BY_HAND. */
static void
fake_source_answer (BdSource *source)
{
  FakeSource *self = FAKE_SOURCE (source);

  g_assert_nonnull (self->by_hand);
  answer_cb (self->by_hand);
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

  /* The worse answers at 600 ms; with no round trip measured, those 600 ms
   * stand for one, and the better source, which said nothing of its
   * progress, is allowed a whole HTTPS fetch (4 round trips) from its start;
   * it answers at 700 ms. */
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

/* The grace period on a clock the test sets: it answers the sources by hand. */

static gint64 fake_now_us;

static gint64
fake_clock (gpointer user_data)
{
  return fake_now_us;
}

typedef struct
{
  GPtrArray *sources;   /* the better, then the worse */
  BdDetector *detector;
  GAsyncResult *slot;
  guint finished;
} GraceRun;

static void
grace_finished_cb (BdDetector            *detector,
                   const BdSourceAttempt *attempt,
                   GraceRun              *run)
{
  run->finished++;
}

static gboolean
grace_worse_finished (gpointer data)
{
  return ((GraceRun *) data)->finished >= 1;
}

static gboolean
grace_has_result (gpointer data)
{
  return ((GraceRun *) data)->slot != NULL;
}

/* At 0 µs starts a better source that says it needs @round_trips (when not
 * 0) and a worse one that reports the TCP connects @connects_us and the DNS
 * answers @dns_us it measured (0 ends each list), then answers at 10 ms.
 * Both are answered by hand. */
static void
grace_start (GraceRun     *run,
             guint         round_trips,
             const gint64 *connects_us,
             const gint64 *dns_us)
{
  g_autoptr(BdAddress) address = bd_address_parse ("eve@ranking.example", NULL);

  fake_now_us = 0;
  run->detector = bd_detector_new ();
  bd_detector_set_clock (run->detector, fake_clock, NULL);
  run->sources = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (run->sources, fake_source_new (BD_SOURCE_ISPDB, FAKE_BY_HAND, 0,
                                                  "better.example"));
  g_ptr_array_add (run->sources, fake_source_new (BD_SOURCE_SRV, FAKE_BY_HAND, 0,
                                                  "worse.example"));
  FAKE_SOURCE (g_ptr_array_index (run->sources, 0))->round_trips = round_trips;
  bd_detector_set_sources (run->detector, run->sources);
  g_signal_connect (run->detector, "source-finished", G_CALLBACK (grace_finished_cb), run);
  bd_detector_run_async (run->detector, address, NULL, bd_test_got_result_cb, &run->slot);

  for (guint i = 0; dns_us != NULL && dns_us[i] != 0; i++)
    bd_source_report_round_trip (g_ptr_array_index (run->sources, 1), BD_ROUND_TRIP_DNS,
                                 dns_us[i]);
  for (guint i = 0; connects_us != NULL && connects_us[i] != 0; i++)
    bd_source_report_round_trip (g_ptr_array_index (run->sources, 1), BD_ROUND_TRIP_CONNECT,
                                 connects_us[i]);
  fake_now_us = 10 * 1000;
  fake_source_answer (g_ptr_array_index (run->sources, 1));
  bd_test_wait_until (grace_worse_finished, run, 0);
  g_assert_null (run->slot);
}

/* The better source answers at @at_us, @allowance_us after its last step.
 * Within it, the test first lets the detector's grace timer run out on the
 * real clock (it must wait on, since the clock says the time is not up),
 * then answers. Past it, the detection must end without that answer: the
 * test waits for it, and a detector that waited longer would hang. No
 * outcome depends on how fast the machine is. Returns the winner's host. */
static char *
grace_finish (GraceRun *run,
              gint64    at_us,
              gint64    allowance_us,
              gint64    step_us)
{
  g_autoptr(BdDetection) detection = NULL;
  g_autoptr(GError) error = NULL;
  BdAccountConfig *config;
  GPtrArray *incoming;
  char *winner;

  fake_now_us = at_us;
  if (at_us < step_us + allowance_us)
    {
      bd_test_spin ((guint) (allowance_us / 1000) + 50);
      g_assert_null (run->slot);
      fake_source_answer (g_ptr_array_index (run->sources, 0));
    }
  bd_test_wait_until (grace_has_result, run, 0);

  detection = bd_detector_run_finish (run->detector, run->slot, &error);
  g_assert_no_error (error);
  config = bd_detection_get_config (detection);
  g_assert_nonnull (config);
  incoming = bd_account_config_get_incoming (config);
  winner = g_strdup (bd_server_get_hostname (g_ptr_array_index (incoming, 0)));

  g_clear_object (&run->slot);
  bd_test_iterate_pending ();
  g_clear_object (&run->detector);
  g_clear_pointer (&run->sources, g_ptr_array_unref);
  return winner;
}

static void
test_grace_allowance_counts_round_trips (void)
{
  /* × 1.5 for jitter, + 10 ms for scheduling; no floor in milliseconds. */
  g_assert_cmpint (bd_detector_grace_allowance_us (1, 100000), ==, 160000);
  g_assert_cmpint (bd_detector_grace_allowance_us (4, 20000), ==, 130000);
  g_assert_cmpint (bd_detector_grace_allowance_us (3, 1000), ==, 14500);
  g_assert_cmpint (bd_detector_grace_allowance_us (1, 0), ==, 10000);
}

/* A better source that says it needs @round_trips more (a DNS answer 1, a
 * request sent 1, an HTTPS fetch not yet connected 4), on a network whose
 * TCP connects measured @connects_us and DNS answers @dns_us (the round trip
 * that counts: @rtt_us), answering at @factor of its allowance. */
static void
check_grace (guint         round_trips,
             const gint64 *connects_us,
             const gint64 *dns_us,
             gint64        rtt_us,
             double        factor,
             const char   *expected)
{
  GraceRun run = { 0 };
  guint needed = round_trips > 0 ? round_trips : BD_SOURCE_DEFAULT_ROUND_TRIPS;
  gint64 allowance = bd_detector_grace_allowance_us (needed, rtt_us);
  g_autofree char *winner = NULL;

  grace_start (&run, round_trips, connects_us, dns_us);
  winner = grace_finish (&run, (gint64) (allowance * factor), allowance, 0);
  g_assert_cmpstr (winner, ==, expected);
}

static void
test_grace_dns_answer_at_0_9_wins (void)
{
  const gint64 rtts[] = { 100000, 0 };

  check_grace (1, NULL, rtts, 100000, 0.9, "better.example");
}

static void
test_grace_dns_answer_at_1_1_loses (void)
{
  const gint64 rtts[] = { 100000, 0 };

  check_grace (1, NULL, rtts, 100000, 1.1, "worse.example");
}

/* Jitter: TCP connects of 18, 26 and 20 ms; the largest counts. */
static void
test_grace_https_fetch_with_jitter_at_0_9_wins (void)
{
  const gint64 rtts[] = { 18000, 26000, 20000, 0 };

  check_grace (4, rtts, NULL, 26000, 0.9, "better.example");
}

static void
test_grace_https_fetch_with_jitter_at_1_1_loses (void)
{
  const gint64 rtts[] = { 18000, 26000, 20000, 0 };

  check_grace (4, rtts, NULL, 26000, 1.1, "worse.example");
}

/* A TCP connect is one round trip and nothing else: once one is measured,
 * a longer DNS answer (a recursive lookup, A then AAAA) no longer counts. */
static void
test_grace_connect_outranks_dns_at_0_9_wins (void)
{
  const gint64 connects[] = { 20000, 0 };
  const gint64 dns[] = { 80000, 0 };

  check_grace (2, connects, dns, 20000, 0.9, "better.example");
}

static void
test_grace_connect_outranks_dns_at_1_1_loses (void)
{
  const gint64 connects[] = { 20000, 0 };
  const gint64 dns[] = { 80000, 0 };

  check_grace (2, connects, dns, 20000, 1.1, "worse.example");
}

/* With nothing measured, the worse answer's own 10 ms stand for a round
 * trip, and a source that said nothing needs a whole HTTPS fetch. */
static void
test_grace_nothing_measured_at_0_9_wins (void)
{
  check_grace (0, NULL, NULL, 10000, 0.9, "better.example");
}

static void
test_grace_nothing_measured_at_1_1_loses (void)
{
  check_grace (0, NULL, NULL, 10000, 1.1, "worse.example");
}

/* Each step the source reports starts its allowance anew: at 200 ms, within
 * the 3 round trips of 50 ms it had (235 ms), it has connected and sent its
 * request, so it may answer until 200 ms + the allowance of 1 round trip
 * (285 ms): later than what it had at the start. */
static void
check_grace_after_progress (double      factor,
                            const char *expected)
{
  const gint64 rtts[] = { 50000, 0 };
  gint64 allowance = bd_detector_grace_allowance_us (1, 50000);
  GraceRun run = { 0 };
  g_autofree char *winner = NULL;

  grace_start (&run, 3, rtts, NULL);
  g_assert_cmpint (200000, <, bd_detector_grace_allowance_us (3, 50000));
  fake_now_us = 200000;
  bd_source_report_progress (g_ptr_array_index (run.sources, 0), 1);
  winner = grace_finish (&run, 200000 + (gint64) (allowance * factor), allowance, 200000);
  g_assert_cmpstr (winner, ==, expected);
}

static void
test_grace_restarts_with_each_step_at_0_9_wins (void)
{
  check_grace_after_progress (0.9, "better.example");
}

static void
test_grace_restarts_with_each_step_at_1_1_loses (void)
{
  check_grace_after_progress (1.1, "worse.example");
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
  g_test_add_func ("/ranking/grace/allowance-counts-round-trips",
                   test_grace_allowance_counts_round_trips);
  g_test_add_func ("/ranking/grace/dns-answer-at-0.9-of-allowance-wins",
                   test_grace_dns_answer_at_0_9_wins);
  g_test_add_func ("/ranking/grace/dns-answer-at-1.1-of-allowance-loses",
                   test_grace_dns_answer_at_1_1_loses);
  g_test_add_func ("/ranking/grace/https-fetch-with-jitter-at-0.9-wins",
                   test_grace_https_fetch_with_jitter_at_0_9_wins);
  g_test_add_func ("/ranking/grace/https-fetch-with-jitter-at-1.1-loses",
                   test_grace_https_fetch_with_jitter_at_1_1_loses);
  g_test_add_func ("/ranking/grace/tcp-connect-outranks-dns-time-0.9-wins",
                   test_grace_connect_outranks_dns_at_0_9_wins);
  g_test_add_func ("/ranking/grace/tcp-connect-outranks-dns-time-1.1-loses",
                   test_grace_connect_outranks_dns_at_1_1_loses);
  g_test_add_func ("/ranking/grace/nothing-measured-answer-time-stands-for-rtt-0.9-wins",
                   test_grace_nothing_measured_at_0_9_wins);
  g_test_add_func ("/ranking/grace/nothing-measured-answer-time-stands-for-rtt-1.1-loses",
                   test_grace_nothing_measured_at_1_1_loses);
  g_test_add_func ("/ranking/grace/restarts-with-each-step-0.9-wins",
                   test_grace_restarts_with_each_step_at_0_9_wins);
  g_test_add_func ("/ranking/grace/restarts-with-each-step-1.1-loses",
                   test_grace_restarts_with_each_step_at_1_1_loses);

  return g_test_run ();
}
