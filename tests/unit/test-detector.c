/* test-detector.c: ranking, outcomes per source, expansion, cancellation (offline sources)
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-detector.h"
#include "bd-error.h"
#include "bd-guess-source.h"
#include "bd-test-wait.h"

static void
source_finished_cb (BdDetector            *detector,
                    const BdSourceAttempt *attempt,
                    guint                 *n_finished)
{
  (*n_finished)++;
}

static BdDetection *
detect (BdDetector   *detector,
        const char   *text,
        GCancellable *cancellable,
        GError      **error,
        guint        *n_finished)
{
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(BdAddress) address = bd_address_parse (text, &parse_error);
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  guint finished = 0;
  gulong handler;

  g_assert_no_error (parse_error);
  handler = g_signal_connect (detector, "source-finished", G_CALLBACK (source_finished_cb),
                              &finished);
  bd_detector_run_async (detector, address, cancellable, bd_test_got_result_cb, &slot);
  result = bd_test_wait_for_result (&slot, 0);
  g_signal_handler_disconnect (detector, handler);

  if (n_finished != NULL)
    *n_finished = finished;
  return bd_detector_run_finish (detector, result, error);
}

static const BdSourceAttempt *
attempt_of (BdDetection  *detection,
            BdSourceKind  kind)
{
  GPtrArray *attempts = bd_detection_get_attempts (detection);

  for (guint i = 0; i < attempts->len; i++)
    {
      const BdSourceAttempt *attempt = g_ptr_array_index (attempts, i);

      if (bd_source_attempt_get_kind (attempt) == kind)
        return attempt;
    }
  g_assert_not_reached ();
}

static void
test_builtin_wins_and_guess_is_skipped (void)
{
  g_autoptr(BdDetector) detector = bd_detector_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BdDetection) detection = NULL;
  BdAccountConfig *config;
  guint n_finished = 0;

  bd_detector_set_offline (detector, TRUE);
  detection = detect (detector, "Alice@GMail.com", NULL, &error, &n_finished);
  g_assert_no_error (error);

  config = bd_detection_get_config (detection);
  g_assert_nonnull (config);
  g_assert_null (bd_detection_get_error (detection));
  g_assert_cmpstr (bd_account_config_get_provider_id (config), ==, "gmail.com");
  g_assert_cmpint (bd_account_config_get_source (config), ==, BD_SOURCE_BUILTIN);
  g_assert_cmpint (bd_account_config_get_trust (config), ==, BD_TRUST_TRUSTED);

  /* One attempt per source, in rank order, each reported as it finished. */
  g_assert_cmpuint (bd_detection_get_attempts (detection)->len, ==, 2);
  g_assert_cmpuint (n_finished, ==, 2);
  g_assert_cmpint (bd_source_attempt_get_outcome (attempt_of (detection, BD_SOURCE_BUILTIN)), ==,
                   BD_SOURCE_OUTCOME_ANSWERED);
  g_assert_cmpint (bd_source_attempt_get_outcome (attempt_of (detection, BD_SOURCE_GUESS)), ==,
                   BD_SOURCE_OUTCOME_SKIPPED);
  g_assert_true (g_str_has_suffix (bd_source_attempt_get_url (attempt_of (detection,
                                                                          BD_SOURCE_BUILTIN)),
                                   "/gmail.com.xml"));
}

/* A domain the database knows is answered without a single network source
 * being started, online or not. */
static void
test_known_domain_needs_no_network (void)
{
  g_autoptr(BdDetector) detector = bd_detector_new ();
  g_autoptr(BdDetection) detection = NULL;
  GPtrArray *attempts;

  detection = detect (detector, "alice@gmail.com", NULL, NULL, NULL);
  attempts = bd_detection_get_attempts (detection);
  g_assert_cmpuint (attempts->len, >=, 7);
  g_assert_cmpint (bd_source_attempt_get_outcome (g_ptr_array_index (attempts, 0)), ==,
                   BD_SOURCE_OUTCOME_ANSWERED);
  for (guint i = 1; i < attempts->len; i++)
    {
      const BdSourceAttempt *attempt = g_ptr_array_index (attempts, i);

      g_assert_cmpint (bd_source_attempt_get_outcome (attempt), ==, BD_SOURCE_OUTCOME_SKIPPED);
      g_assert_cmpuint (bd_source_attempt_get_ms (attempt), ==, 0);
    }
  g_assert_cmpint (bd_source_attempt_get_kind (g_ptr_array_index (attempts, 1)), ==,
                   BD_SOURCE_ISPDB);
}

static void
test_username_is_expanded_for_the_address (void)
{
  g_autoptr(BdDetector) detector = bd_detector_new ();
  g_autoptr(BdDetection) detection = NULL;
  BdServer *imap;

  detection = detect (detector, "Alice@GMail.com", NULL, NULL, NULL);
  imap = g_ptr_array_index (bd_account_config_get_incoming (bd_detection_get_config (detection)), 0);
  g_assert_cmpstr (bd_server_get_hostname (imap), ==, "imap.gmail.com");
  g_assert_cmpstr (bd_server_get_username (imap), ==, "Alice@gmail.com");
  g_assert_null (strchr (bd_server_get_username (imap), '%'));
}

static void
test_unknown_domain_falls_back_to_unverified_guess (void)
{
  g_autoptr(BdDetector) detector = bd_detector_new ();
  g_autoptr(BdDetection) detection = NULL;
  BdAccountConfig *config;
  BdServer *first;

  bd_detector_set_offline (detector, TRUE);
  detection = detect (detector, "bob@brevduva-test.example", NULL, NULL, NULL);
  config = bd_detection_get_config (detection);

  g_assert_nonnull (config);
  g_assert_cmpint (bd_account_config_get_source (config), ==, BD_SOURCE_GUESS);
  g_assert_cmpint (bd_account_config_get_trust (config), ==, BD_TRUST_UNVERIFIED);
  g_assert_nonnull (bd_account_config_find_note (config, BD_NOTE_UNVERIFIED_SOURCE));
  g_assert_cmpint (bd_source_attempt_get_outcome (attempt_of (detection, BD_SOURCE_BUILTIN)), ==,
                   BD_SOURCE_OUTCOME_NOT_FOUND);
  g_assert_cmpint (bd_source_attempt_get_outcome (attempt_of (detection, BD_SOURCE_GUESS)), ==,
                   BD_SOURCE_OUTCOME_ANSWERED);

  first = g_ptr_array_index (bd_account_config_get_incoming (config), 0);
  g_assert_cmpstr (bd_server_get_hostname (first), ==, "imap.brevduva-test.example");
  g_assert_cmpuint (bd_server_get_port (first), ==, 993);
  g_assert_cmpint (bd_server_get_security (first), ==, BD_SECURITY_TLS);
  first = g_ptr_array_index (bd_account_config_get_outgoing (config), 0);
  g_assert_cmpstr (bd_server_get_hostname (first), ==, "smtp.brevduva-test.example");
  g_assert_cmpuint (bd_server_get_port (first), ==, 465);
}

static void
test_idn_domain_is_guessed_in_ascii (void)
{
  g_autoptr(BdDetector) detector = bd_detector_new ();
  g_autoptr(BdDetection) detection = NULL;
  BdAccountConfig *config;

  bd_detector_set_offline (detector, TRUE);
  detection = detect (detector, "bob@exempel.åäö.se", NULL, NULL, NULL);
  config = bd_detection_get_config (detection);
  g_assert_cmpstr (bd_server_get_hostname (g_ptr_array_index (bd_account_config_get_incoming (config), 0)),
                   ==, "imap.exempel.xn--4cab6c.se");
  g_assert_cmpstr (bd_account_config_get_display_name (config), ==, "exempel.åäö.se");
  g_assert_cmpstr (bd_address_get_domain (bd_detection_get_address (detection)), ==,
                   "exempel.åäö.se");
}

static void
test_nothing_found_without_guessing (void)
{
  g_autoptr(BdDetector) detector = bd_detector_new ();
  g_autoptr(BdDetection) detection = NULL;
  g_autoptr(GError) error = NULL;

  bd_detector_set_offline (detector, TRUE);
  bd_detector_set_guess (detector, FALSE);
  detection = detect (detector, "bob@brevduva-test.example", NULL, &error, NULL);
  g_assert_no_error (error);
  g_assert_null (bd_detection_get_config (detection));
  g_assert_error ((GError *) bd_detection_get_error (detection), BD_ERROR,
                  BD_ERROR_PROVIDER_NOT_FOUND);
  g_assert_cmpuint (bd_detection_get_attempts (detection)->len, ==, 1);
}

static void
test_injected_database_is_used (void)
{
  static const char doc[] =
    "<clientConfig version=\"1.1\"><emailProvider id=\"corp.example\">"
    "<domain>corp.example</domain><displayName>Corp</displayName>"
    "<incomingServer type=\"imap\"><hostname>mx.%EMAILDOMAIN%</hostname><port>993</port>"
    "<socketType>SSL</socketType><username>%EMAILLOCALPART%</username></incomingServer>"
    "<outgoingServer type=\"smtp\"><hostname>mx.corp.example</hostname><port>587</port>"
    "<socketType>STARTTLS</socketType><username>%EMAILLOCALPART%</username></outgoingServer>"
    "</emailProvider></clientConfig>";
  g_autoptr(BdProviderDb) db = bd_provider_db_new ();
  g_autoptr(GBytes) bytes = g_bytes_new_static (doc, sizeof doc - 1);
  g_autoptr(BdDetector) detector = bd_detector_new ();
  g_autoptr(BdDetection) detection = NULL;
  g_autoptr(GError) error = NULL;
  BdServer *imap;

  g_assert_true (bd_provider_db_add_document (db, "test:corp", bytes, &error));
  bd_detector_set_provider_db (detector, db);
  detection = detect (detector, "carol@corp.example", NULL, NULL, NULL);

  imap = g_ptr_array_index (bd_account_config_get_incoming (bd_detection_get_config (detection)), 0);
  g_assert_cmpstr (bd_server_get_hostname (imap), ==, "mx.corp.example");
  g_assert_cmpstr (bd_server_get_username (imap), ==, "carol");
  /* The database keeps its template. */
  imap = g_ptr_array_index (bd_account_config_get_incoming (bd_provider_db_lookup (db, "corp.example")), 0);
  g_assert_cmpstr (bd_server_get_hostname (imap), ==, "mx.%EMAILDOMAIN%");
}

static void
test_cancelled_before_start (void)
{
  g_autoptr(BdDetector) detector = bd_detector_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(BdDetection) detection = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  detection = detect (detector, "alice@gmail.com", cancellable, &error, NULL);
  g_assert_null (detection);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* How many sources of each kind a run asks, for the progress view: the
 * HTTP kinds twice online (https:// and http://), the guess only with
 * guessing on, nothing but the built-in database and the guess offline. */
static void
assert_counts (BdDetector  *detector,
               const guint  expected[BD_SOURCE_GUESS + 1])
{
  for (BdSourceKind kind = BD_SOURCE_BUILTIN; kind <= BD_SOURCE_GUESS; kind++)
    g_assert_cmpuint (bd_detector_count_sources (detector, kind), ==, expected[kind]);
}

static void
test_sources_are_counted (void)
{
  /* BUILTIN, ISPDB, AUTOCONFIG, WELL_KNOWN, SRV, MX, GUESS */
  static const guint online[] = { 1, 1, 2, 2, 1, 1, 1 };
  static const guint online_no_guess[] = { 1, 1, 2, 2, 1, 1, 0 };
  static const guint offline[] = { 1, 0, 0, 0, 0, 0, 1 };
  static const guint offline_no_guess[] = { 1, 0, 0, 0, 0, 0, 0 };
  static const guint custom[] = { 0, 0, 0, 0, 0, 0, 2 };
  g_autoptr(BdDetector) detector = bd_detector_new ();
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_object_unref);

  assert_counts (detector, online);
  bd_detector_set_ispdb_url (detector, "https://ispdb.invalid/v1.1/");
  assert_counts (detector, online);
  bd_detector_set_guess (detector, FALSE);
  assert_counts (detector, online_no_guess);
  bd_detector_set_offline (detector, TRUE);
  assert_counts (detector, offline_no_guess);
  bd_detector_set_guess (detector, TRUE);
  assert_counts (detector, offline);

  /* A test's own sources replace the lineup, whatever the settings. */
  g_ptr_array_add (sources, bd_guess_source_new ());
  g_ptr_array_add (sources, bd_guess_source_new ());
  bd_detector_set_sources (detector, sources);
  assert_counts (detector, custom);
  bd_detector_set_offline (detector, FALSE);
  assert_counts (detector, custom);
}

/* Counting reads the lineup; it makes no source (an HTTP source's client,
 * the guess's resolver). In a process of its own, where nothing else has
 * made one, no source's class exists after every kind is counted in every
 * setting. */
static void
test_counting_makes_no_source (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(BdDetector) detector = bd_detector_new ();

      for (guint setting = 0; setting < 4; setting++)
        {
          bd_detector_set_offline (detector, setting & 1);
          bd_detector_set_guess (detector, setting & 2);
          for (BdSourceKind kind = BD_SOURCE_BUILTIN; kind <= BD_SOURCE_GUESS; kind++)
            bd_detector_count_sources (detector, kind);
        }
      g_assert_null (g_type_class_peek (BD_TYPE_SOURCE));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_detector_is_finalized (void)
{
  BdDetector *detector = bd_detector_new ();
  BdDetection *detection = detect (detector, "alice@gmail.com", NULL, NULL, NULL);

  g_assert_finalize_object (detection);
  g_assert_finalize_object (detector);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/detector/builtin-wins-and-guess-is-skipped",
                   test_builtin_wins_and_guess_is_skipped);
  g_test_add_func ("/detector/known-domain-needs-no-network", test_known_domain_needs_no_network);
  g_test_add_func ("/detector/username-is-expanded-for-the-address",
                   test_username_is_expanded_for_the_address);
  g_test_add_func ("/detector/unknown-domain-falls-back-to-unverified-guess",
                   test_unknown_domain_falls_back_to_unverified_guess);
  g_test_add_func ("/detector/idn-domain-is-guessed-in-ascii", test_idn_domain_is_guessed_in_ascii);
  g_test_add_func ("/detector/nothing-found-without-guessing", test_nothing_found_without_guessing);
  g_test_add_func ("/detector/injected-database-is-used", test_injected_database_is_used);
  g_test_add_func ("/detector/cancelled-before-start-reports-cancelled",
                   test_cancelled_before_start);
  g_test_add_func ("/detector/sources-are-counted", test_sources_are_counted);
  g_test_add_func ("/detector/counting-makes-no-source", test_counting_makes_no_source);
  g_test_add_func ("/detector/no-reference-leaks", test_detector_is_finalized);

  return g_test_run ();
}
