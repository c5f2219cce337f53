/* test-probe-warm.c: connections proven while detection runs, handed to the probe that follows
 *
 * Issue 16 §2. Each case starts mailserver.py, warms a connection to it
 * through BdWarmConnections (the real probe code, parked after the
 * capabilities), and reads the server's record of what the client sent:
 *
 *  - a warmed server that is then probed is connected to once, not twice,
 *    and the login goes over that one connection (IMAP over implicit TLS,
 *    SMTP with STARTTLS); a probe that asks while the connection is still
 *    being warmed waits for it;
 *  - nothing that needs a credential (no AUTHENTICATE, LOGIN, AUTH, USER)
 *    crosses the wire before the taking probe resumes the connection;
 *  - a connection nobody takes is ended with the protocol's goodbye: when
 *    the detection picks another answer, and after the idle timeout;
 *  - a warm connection whose certificate failed is not used: the probe
 *    connects afresh and reports the failure as ever; and one verified
 *    without a pin is not handed to a probe that has one;
 *  - a warm-up that failed before reaching the server (no such name)
 *    stands for the probe, which does not ask again; a probe stopped while
 *    it waits for a warm-up stops it and reports how far it got; a run
 *    the pool keeps for the winner goes on when its caller (the guess
 *    source, stopped because another source won) gives up on it;
 *  - the detector warms the servers of an answer that waits out its grace
 *    period for a better-ranked source (scripted sources), keeps them when
 *    that answer wins and ends them politely when the better one does; and
 *    the assistant's server list goes on with them.
 *
 * The goodbye is read by the server when it will: the tests wait for it in
 * the record (an event), with a deadline only to fail.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-account-probe.h"
#include "bd-detector.h"
#include "bd-error.h"
#include "bd-probe.h"
#include "bd-server-url.h"
#include "bd-setup-session.h"
#include "bd-test-mailserver.h"
#include "bd-warm-connections.h"

#define TIMEOUT_MS 30000
#define RECORD_WAIT_MS 10000

static BdServer *
server_for (const char *scheme,
            guint16     port)
{
  g_autofree char *url = g_strdup_printf ("%s://localhost:%u", scheme, port);
  g_autoptr(GError) error = NULL;
  BdServer *server = bd_server_new_from_url (url, &error);

  g_assert_no_error (error);
  return server;
}

static GBytes *
load_ca (void)
{
  return bd_test_certs_load ("ca.crt");
}

static BdWarmConnections *
new_warm (void)
{
  g_autoptr(GBytes) ca = load_ca ();
  BdWarmConnections *warm = bd_warm_connections_new ();

  bd_warm_connections_set_ca_pem (warm, ca);
  bd_warm_connections_set_timeout (warm, TIMEOUT_MS);
  return warm;
}

/* A probe as BdAccountProbe makes them: the same anchors, taking from @warm. */
static BdProbe *
new_taker (BdServer          *server,
           BdWarmConnections *warm,
           const char        *password)
{
  g_autoptr(GBytes) ca = load_ca ();
  BdProbe *probe = bd_probe_new (server);

  bd_probe_set_username (probe, BD_TEST_USER);
  if (password != NULL)
    bd_probe_set_password (probe, password, -1);
  bd_probe_set_ca_pem (probe, ca);
  bd_probe_set_timeout (probe, TIMEOUT_MS);
  bd_probe_set_warm_connections (probe, warm);
  return probe;
}

static BdProbeReport *
run (BdProbe *probe)
{
  g_autoptr(GError) error = NULL;
  guint elapsed = 0;
  BdProbeReport *report = bd_test_probe_run (probe, NULL, &elapsed, &error);

  g_assert_no_error (error);
  g_test_message ("probe in %u ms: %s", elapsed,
                  bd_probe_report_get_error (report) != NULL
                    ? bd_probe_report_get_error (report)->message : "ok");
  return report;
}

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

typedef struct
{
  BdTestServer *server;
  const char *phase;
  const char *needle;
  guint n;
} RecordWait;

static gboolean
record_has (gpointer data)
{
  RecordWait *wait = data;
  g_autofree char *received = bd_test_server_dup_received (wait->server, wait->phase);

  return count (received, wait->needle) >= wait->n;
}

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Waits until the server has received @needle @n times in @phase. */
static void
wait_for_record (BdTestServer *server,
                 const char   *phase,
                 const char   *needle,
                 guint         n)
{
  RecordWait wait = { server, phase, needle, n };
  guint tick = g_timeout_add (20, tick_cb, NULL);

  bd_test_wait_until (record_has, &wait, RECORD_WAIT_MS);
  g_source_remove (tick);
}

static gboolean
parked (gpointer data)
{
  return bd_warm_connections_get_n_parked (data) > 0;
}

static gboolean
dropped (gpointer data)
{
  return bd_warm_connections_get_n_dropped (data) > 0;
}

static void
wait_parked (BdWarmConnections *warm)
{
  guint tick = g_timeout_add (20, tick_cb, NULL);

  bd_test_wait_until (parked, warm, RECORD_WAIT_MS);
  g_source_remove (tick);
}

/* Security rule 4: nothing of a login before the taking probe resumes. */
static void
assert_no_login_yet (BdTestServer *mailserver)
{
  g_autofree char *plain = bd_test_server_dup_received (mailserver, "plain");
  g_autofree char *inside = bd_test_server_dup_received (mailserver, "tls");
  const char *words[] = { "AUTHENTICATE", "LOGIN ", "AUTH ", "USER ", "PASS ",
                          BD_TEST_USER, BD_TEST_PASSWORD };

  for (gsize i = 0; i < G_N_ELEMENTS (words); i++)
    {
      g_assert_null (strstr (plain, words[i]));
      g_assert_null (strstr (inside, words[i]));
    }
}

static gboolean
has_step (BdProbeReport *report,
          const char    *name)
{
  GPtrArray *steps = bd_probe_report_get_steps (report);

  for (guint i = 0; i < steps->len; i++)
    if (g_str_equal (((BdProbeStep *) g_ptr_array_index (steps, i))->name, name))
      return TRUE;
  return FALSE;
}

typedef struct
{
  const char *protocol;   /* the server's */
  const char *tls;        /* the server's */
  const char *scheme;     /* the client's */
  const char *phase;      /* where each connection's @marker shows */
  const char *marker;     /* sent once on every connection */
  const char *goodbye;
  const char *auth;       /* what the login sends */
} WarmCase;

static const WarmCase imaps = { "imap", "implicit", "imaps", "tls", "LOGOUT\r\n", "LOGOUT\r\n",
                                "AUTHENTICATE" };
static const WarmCase pop3s = { "pop3", "implicit", "pop3s", "tls", "QUIT\r\n", "QUIT\r\n",
                                "AUTH " };
static const WarmCase smtp_starttls = { "smtp", "starttls", "smtp", "plain", "STARTTLS\r\n",
                                        "QUIT\r\n", "AUTH " };

/* A warmed server is connected to once: the probe logs in over that
 * connection. @early: the probe asks before the connection is parked. */
static void
check_taken_once (const WarmCase *c,
                  gboolean        early)
{
  g_autoptr(BdTestServer) mailserver = bd_test_server_start (c->protocol, c->tls, "good", NULL,
                                                             NULL);
  g_autoptr(BdServer) server = server_for (c->scheme, bd_test_server_get_port (mailserver));
  g_autoptr(BdWarmConnections) warm = new_warm ();
  g_autoptr(BdProbe) probe = new_taker (server, warm, BD_TEST_PASSWORD);
  g_autoptr(BdProbeReport) report = NULL;
  g_autofree char *received = NULL;

  bd_warm_connections_warm (warm, server);
  if (!early)
    {
      wait_parked (warm);
      assert_no_login_yet (mailserver);
    }
  report = run (probe);

  bd_test_assert_code (report, "ok");
  g_assert_cmpint (bd_probe_report_get_login (report), ==, BD_PROBE_LOGIN_OK);
  g_assert_true (has_step (report, "tls"));
  g_assert_true (has_step (report, "capabilities"));
  g_assert_true (has_step (report, "login"));
  g_assert_cmpuint (bd_warm_connections_get_n_taken (warm), ==, 1);
  wait_for_record (mailserver, "tls", c->goodbye, 1);
  received = bd_test_server_dup_received (mailserver, c->phase);
  g_assert_cmpuint (count (received, c->marker), ==, 1);
  g_clear_pointer (&received, g_free);
  received = bd_test_server_dup_received (mailserver, "tls");
  g_assert_cmpuint (count (received, c->auth), ==, 1);
  bd_test_server_assert_no_plain_credentials (mailserver, BD_TEST_PASSWORD);
  bd_test_assert_report_clean (report, BD_TEST_PASSWORD);
}

static void
test_taken_once (gconstpointer data)
{
  check_taken_once (data, FALSE);
}

static void
test_taken_while_warming (gconstpointer data)
{
  check_taken_once (data, TRUE);
}

/* The detection picked another answer: the warm connection says goodbye. */
static void
test_dropped_politely (void)
{
  g_autoptr(BdTestServer) mailserver = bd_test_server_start ("imap", "implicit", "good", NULL,
                                                             NULL);
  g_autoptr(BdServer) server = server_for ("imaps", bd_test_server_get_port (mailserver));
  g_autoptr(BdServer) other = server_for ("imaps", 1);
  g_autoptr(BdAccountConfig) winner = bd_account_config_new ();
  g_autoptr(BdWarmConnections) warm = new_warm ();

  bd_account_config_add_server (winner, other);
  bd_warm_connections_warm (warm, server);
  wait_parked (warm);
  bd_warm_connections_keep_only (warm, winner);
  g_assert_cmpuint (bd_warm_connections_get_n_dropped (warm), ==, 1);
  wait_for_record (mailserver, "tls", "LOGOUT\r\n", 1);
  assert_no_login_yet (mailserver);
}

/* Nobody took it: it ends after the idle timeout, with a goodbye. */
static void
test_idle_timeout (void)
{
  g_autoptr(BdTestServer) mailserver = bd_test_server_start ("smtp", "implicit", "good", NULL,
                                                             NULL);
  g_autoptr(BdServer) server = server_for ("smtps", bd_test_server_get_port (mailserver));
  g_autoptr(BdWarmConnections) warm = new_warm ();
  guint tick = g_timeout_add (20, tick_cb, NULL);

  bd_warm_connections_set_idle_timeout (warm, 100);
  bd_warm_connections_warm (warm, server);
  bd_test_wait_until (dropped, warm, RECORD_WAIT_MS);
  g_source_remove (tick);
  g_assert_cmpuint (bd_warm_connections_get_n_parked (warm), ==, 1);
  wait_for_record (mailserver, "tls", "QUIT\r\n", 1);
  assert_no_login_yet (mailserver);
}

/* A warm-up whose certificate failed parks nothing: the probe connects
 * afresh and reports the failure exactly as without warming. */
static void
test_bad_certificate_not_used (void)
{
  g_autoptr(BdTestServer) mailserver = bd_test_server_start ("imap", "implicit", "self-signed",
                                                             NULL, NULL);
  g_autoptr(BdServer) server = server_for ("imaps", bd_test_server_get_port (mailserver));
  g_autoptr(BdWarmConnections) warm = new_warm ();
  g_autoptr(BdProbe) probe = new_taker (server, warm, BD_TEST_PASSWORD);
  g_autoptr(BdProbeReport) report = NULL;
  g_autofree char *inside = NULL;

  bd_warm_connections_warm (warm, server);
  report = run (probe);

  bd_test_assert_code (report, "certificate-self-signed");
  g_assert_cmpstr (bd_probe_report_get_failed_step (report), ==, "tls");
  g_assert_cmpuint (bd_warm_connections_get_n_parked (warm), ==, 0);
  g_assert_cmpuint (bd_warm_connections_get_n_taken (warm), ==, 0);
  /* Nothing at all was said inside either TLS session. */
  inside = bd_test_server_dup_received (mailserver, "tls");
  g_assert_cmpstr (inside, ==, "");
}

/* Verified against the anchors without a pin is not the same verdict as a
 * pinned one: the pinned probe makes its own connection. */
static void
test_pin_not_shared (void)
{
  g_autoptr(BdTestServer) mailserver = bd_test_server_start ("imap", "implicit", "good", NULL,
                                                             NULL);
  g_autoptr(BdServer) server = server_for ("imaps", bd_test_server_get_port (mailserver));
  g_autoptr(BdWarmConnections) warm = new_warm ();
  g_autoptr(BdProbe) probe = new_taker (server, warm, NULL);
  g_autofree char *pin = bd_test_certs_sha256 ("good");
  g_autoptr(BdProbeReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_probe_set_pin (probe, pin, &error));
  g_assert_no_error (error);
  bd_warm_connections_warm (warm, server);
  wait_parked (warm);
  report = run (probe);

  bd_test_assert_code (report, "ok");
  g_assert_true (bd_probe_report_get_pinned (report));
  g_assert_cmpuint (bd_warm_connections_get_n_taken (warm), ==, 0);
  bd_warm_connections_drop_all (warm);
  wait_for_record (mailserver, "tls", "LOGOUT\r\n", 2);
}

/* The account probe without a password (settings from an unverified
 * source): both servers go on with their warm connections and are proven
 * up to the login, connected to once each. */
static void
test_account_without_login (void)
{
  g_autoptr(BdTestServer) imap = bd_test_server_start ("imap", "implicit", "good", NULL, NULL);
  g_autoptr(BdTestServer) smtp = bd_test_server_start ("smtp", "starttls", "good", NULL, NULL);
  g_autoptr(BdServer) incoming = server_for ("imaps", bd_test_server_get_port (imap));
  g_autoptr(BdServer) outgoing = server_for ("smtp", bd_test_server_get_port (smtp));
  g_autoptr(BdAccountConfig) config = bd_account_config_new ();
  g_autoptr(BdWarmConnections) warm = new_warm ();
  g_autoptr(BdAccountProbe) probe = NULL;
  g_autoptr(GBytes) ca = load_ca ();
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *plain = NULL;

  bd_account_config_add_server (config, incoming);
  bd_account_config_add_server (config, outgoing);
  bd_warm_connections_warm_config (warm, config);
  probe = bd_account_probe_new (config);
  bd_account_probe_set_ca_pem (probe, ca);
  bd_account_probe_set_timeout (probe, TIMEOUT_MS);
  bd_account_probe_set_warm_connections (probe, warm);
  reports = bd_test_account_probe_run (probe, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (reports->len, ==, 2);
  for (guint i = 0; i < reports->len; i++)
    {
      BdProbeReport *report = g_ptr_array_index (reports, i);

      bd_test_assert_code (report, "ok");
      g_assert_cmpint (bd_probe_report_get_login (report), ==, BD_PROBE_LOGIN_SKIPPED);
    }
  g_assert_cmpuint (bd_warm_connections_get_n_taken (warm), ==, 2);
  wait_for_record (imap, "tls", "LOGOUT\r\n", 1);
  wait_for_record (smtp, "tls", "QUIT\r\n", 1);
  plain = bd_test_server_dup_received (smtp, "plain");
  g_assert_cmpuint (count (plain, "STARTTLS\r\n"), ==, 1);
  assert_no_login_yet (imap);
  assert_no_login_yet (smtp);
}

/* A source the test answers by hand (or at once, with @immediate). */
#define HAND_TYPE_SOURCE (hand_source_get_type ())
G_DECLARE_FINAL_TYPE (HandSource, hand_source, HAND, SOURCE, BdSource)

struct _HandSource
{
  BdSource parent_instance;

  BdServer *immediate;   /* answered at once with this server */
  GTask *pending;
};

G_DEFINE_FINAL_TYPE (HandSource, hand_source, BD_TYPE_SOURCE)

static BdAccountConfig *
config_with (BdSourceKind  kind,
             BdServer     *server)
{
  BdAccountConfig *config = bd_account_config_new ();

  bd_account_config_add_server (config, server);
  bd_account_config_set_provenance (config, kind, NULL, BD_TRUST_UNVERIFIED);
  return config;
}

static void
hand_source_lookup_async (BdSource            *source,
                          BdAddress           *address,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  HandSource *self = HAND_SOURCE (source);
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);

  if (self->immediate != NULL)
    {
      g_task_return_pointer (task, config_with (bd_source_get_kind (source), self->immediate),
                             g_object_unref);
      return;
    }
  /* Still far from an answer, on a slow network: a long grace period. */
  bd_source_report_round_trip (source, BD_ROUND_TRIP_CONNECT, G_USEC_PER_SEC);
  bd_source_report_progress (source, 20);
  self->pending = g_steal_pointer (&task);
}

static BdAccountConfig *
hand_source_lookup_finish (BdSource      *source,
                           GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
hand_source_finalize (GObject *object)
{
  HandSource *self = HAND_SOURCE (object);

  g_clear_object (&self->immediate);
  g_assert_null (self->pending);
  G_OBJECT_CLASS (hand_source_parent_class)->finalize (object);
}

static void
hand_source_class_init (HandSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hand_source_finalize;
  BD_SOURCE_CLASS (klass)->lookup_async = hand_source_lookup_async;
  BD_SOURCE_CLASS (klass)->lookup_finish = hand_source_lookup_finish;
}

static void
hand_source_init (HandSource *self)
{
}

/* Answers the pending lookup: with @server, or "nothing there". */
static void
hand_source_answer (HandSource *self,
                    BdServer   *server)
{
  GTask *task = g_steal_pointer (&self->pending);

  g_assert_nonnull (task);
  if (server != NULL)
    g_task_return_pointer (task, config_with (bd_source_get_kind (BD_SOURCE (self)), server),
                           g_object_unref);
  else
    g_task_return_new_error (task, BD_ERROR, BD_ERROR_PROVIDER_NOT_FOUND, "nothing there");
  g_object_unref (task);
}

/* The ISPDB (better, answered by hand) and SRV (at once, with the
 * mailserver): the SRV answer waits out the ISPDB's grace period, and its
 * server is warmed meanwhile. @better_server: the ISPDB's answer, or NULL
 * for "nothing there". */
static void
check_detector_warms (BdServer *better_server,
                      gboolean  srv_wins)
{
  g_autoptr(BdTestServer) mailserver = bd_test_server_start ("imap", "implicit", "good", NULL,
                                                             NULL);
  g_autoptr(BdServer) server = server_for ("imaps", bd_test_server_get_port (mailserver));
  g_autoptr(BdWarmConnections) warm = new_warm ();
  g_autoptr(HandSource) ispdb = g_object_new (HAND_TYPE_SOURCE, "kind", BD_SOURCE_ISPDB, NULL);
  g_autoptr(HandSource) srv = g_object_new (HAND_TYPE_SOURCE, "kind", BD_SOURCE_SRV, NULL);
  g_autoptr(GPtrArray) sources = g_ptr_array_new ();
  g_autoptr(BdDetector) detector = bd_detector_new ();
  g_autoptr(BdAddress) address = bd_address_parse ("alice@warm.test", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(BdDetection) detection = NULL;
  GAsyncResult *slot = NULL;

  srv->immediate = g_object_ref (server);
  g_ptr_array_add (sources, ispdb);
  g_ptr_array_add (sources, srv);
  bd_detector_set_sources (detector, sources);
  bd_detector_set_warm_connections (detector, warm);
  bd_detector_run_async (detector, address, NULL, bd_test_got_result_cb, &slot);

  /* Warmed while the detection still waits for the ISPDB. */
  wait_parked (warm);
  g_assert_null (slot);
  assert_no_login_yet (mailserver);

  hand_source_answer (ispdb, better_server);
  result = bd_test_wait_for_result (&slot, RECORD_WAIT_MS);
  detection = bd_detector_run_finish (detector, result, NULL);
  g_assert_nonnull (detection);
  g_assert_cmpint (bd_account_config_get_source (bd_detection_get_config (detection)), ==,
                   srv_wins ? BD_SOURCE_SRV : BD_SOURCE_ISPDB);

  if (srv_wins)
    {
      g_autoptr(BdProbe) probe = new_taker (server, warm, NULL);
      g_autoptr(BdProbeReport) report = run (probe);
      g_autofree char *inside = NULL;

      bd_test_assert_code (report, "ok");
      g_assert_cmpuint (bd_warm_connections_get_n_taken (warm), ==, 1);
      wait_for_record (mailserver, "tls", "LOGOUT\r\n", 1);
      inside = bd_test_server_dup_received (mailserver, "tls");
      g_assert_cmpuint (count (inside, "LOGOUT\r\n"), ==, 1);
    }
  else
    {
      /* The losing answer's connection ends with a goodbye at once. */
      g_assert_cmpuint (bd_warm_connections_get_n_dropped (warm), ==, 1);
      wait_for_record (mailserver, "tls", "LOGOUT\r\n", 1);
      g_assert_cmpuint (bd_warm_connections_get_n_taken (warm), ==, 0);
    }
  assert_no_login_yet (mailserver);
}

static void
test_detector_keeps_the_winner (void)
{
  check_detector_warms (NULL, TRUE);
}

static void
test_detector_drops_the_loser (void)
{
  g_autoptr(BdServer) elsewhere = server_for ("imaps", 1);

  check_detector_warms (elsewhere, FALSE);
}

static gboolean
session_detected (gpointer data)
{
  return bd_setup_session_get_detection (data) != NULL;
}

static gboolean
check_done (gpointer data)
{
  BdCheckState state = bd_server_check_get_state (data);

  return state == BD_CHECK_STATE_OK || state == BD_CHECK_STATE_FAILED;
}

static gboolean
transcript_says (BdProbeReport *report,
                 const char    *text)
{
  GPtrArray *transcript = bd_probe_report_get_transcript (report);

  for (guint i = 0; i < transcript->len; i++)
    if (strstr (((BdTranscriptLine *) g_ptr_array_index (transcript, i))->line, text) != NULL)
      return TRUE;
  return FALSE;
}

/* The assistant: its detection warms the SRV answer's server while the
 * ISPDB is pending, and its server list's test goes on with it. */
/* An assistant whose detection has an SRV answer at once (@mailserver's
 * SMTPS) that waits for the ISPDB (@ispdb, answered by hand): returns once
 * the SRV answer's server is warmed up to its capabilities. */
static BdSetupSession *
start_assistant_warming (BdTestServer *mailserver,
                         HandSource   *ispdb)
{
  g_autoptr(BdServer) server = server_for ("smtps", bd_test_server_get_port (mailserver));
  g_autoptr(HandSource) srv = g_object_new (HAND_TYPE_SOURCE, "kind", BD_SOURCE_SRV, NULL);
  g_autoptr(GPtrArray) sources = g_ptr_array_new ();
  g_autoptr(GBytes) ca = load_ca ();
  BdSetupSession *session = bd_setup_session_new ();

  srv->immediate = g_object_ref (server);
  g_ptr_array_add (sources, ispdb);
  g_ptr_array_add (sources, srv);
  bd_setup_session_set_sources (session, sources);
  bd_setup_session_set_ca_pem (session, ca);
  bd_setup_session_set_probe_timeout (session, TIMEOUT_MS);
  bd_setup_session_set_detect_delay (session, 1);
  bd_setup_session_set_address_text (session, "alice@warm.test");

  /* The EHLO inside TLS: warmed up to the capabilities, still detecting. */
  wait_for_record (mailserver, "tls", "EHLO", 1);
  g_assert_null (bd_setup_session_get_detection (session));
  return session;
}

static void
test_assistant_goes_on_with_warm (void)
{
  g_autoptr(BdTestServer) mailserver = bd_test_server_start ("smtp", "implicit", "good", NULL,
                                                             NULL);
  g_autoptr(HandSource) ispdb = g_object_new (HAND_TYPE_SOURCE, "kind", BD_SOURCE_ISPDB, NULL);
  g_autoptr(BdSetupSession) session = NULL;
  g_autoptr(BdServerCheck) check = NULL;
  g_autofree char *inside = NULL;
  BdProbeReport *report;
  guint tick = g_timeout_add (20, tick_cb, NULL);

  session = start_assistant_warming (mailserver, ispdb);
  hand_source_answer (ispdb, NULL);
  bd_test_wait_until (session_detected, session, RECORD_WAIT_MS);

  bd_setup_session_test_servers (session);
  check = g_list_model_get_item (bd_setup_session_get_outgoing (session), 0);
  bd_test_wait_until (check_done, check, RECORD_WAIT_MS);
  g_source_remove (tick);
  report = bd_server_check_get_report (check);
  bd_test_assert_code (report, "ok");
  g_assert_true (transcript_says (report, "while the servers were still being looked for"));
  wait_for_record (mailserver, "tls", "QUIT\r\n", 1);
  inside = bd_test_server_dup_received (mailserver, "tls");
  g_assert_cmpuint (count (inside, "EHLO"), ==, 1);
  assert_no_login_yet (mailserver);
}

/* A person who cancels while the servers are still being looked for
 * leaves nothing open: the connection warmed meanwhile says goodbye at
 * once, not when the pool's idle timeout would have ended it. */
static void
test_assistant_cancel_drops_warm (void)
{
  g_autoptr(BdTestServer) mailserver = bd_test_server_start ("smtp", "implicit", "good", NULL,
                                                             NULL);
  g_autoptr(HandSource) ispdb = g_object_new (HAND_TYPE_SOURCE, "kind", BD_SOURCE_ISPDB, NULL);
  g_autoptr(BdSetupSession) session = NULL;
  RecordWait quit = { mailserver, "tls", "QUIT\r\n", 1 };
  guint tick = g_timeout_add (20, tick_cb, NULL);

  session = start_assistant_warming (mailserver, ispdb);
  bd_setup_session_cancel (session);
  /* Well before the idle timeout: the goodbye is the cancel's doing. */
  bd_test_wait_until (record_has, &quit, BD_WARM_CONNECTIONS_DEFAULT_IDLE_MS / 2);
  g_source_remove (tick);
  assert_no_login_yet (mailserver);
}

/* A resolver that knows no name, and counts the questions. */
#define NO_NAME_TYPE_RESOLVER (no_name_resolver_get_type ())
G_DECLARE_FINAL_TYPE (NoNameResolver, no_name_resolver, NO_NAME, RESOLVER, GResolver)

struct _NoNameResolver
{
  GResolver parent_instance;
  guint lookups;
};

G_DEFINE_FINAL_TYPE (NoNameResolver, no_name_resolver, G_TYPE_RESOLVER)

static void
no_name_lookup_async (GResolver           *resolver,
                      const char          *hostname,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);

  NO_NAME_RESOLVER (resolver)->lookups++;
  g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                           "No such name: %s", hostname);
}

static GList *
no_name_lookup_finish (GResolver     *resolver,
                       GAsyncResult  *result,
                       GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
no_name_resolver_class_init (NoNameResolverClass *klass)
{
  G_RESOLVER_CLASS (klass)->lookup_by_name_async = no_name_lookup_async;
  G_RESOLVER_CLASS (klass)->lookup_by_name_finish = no_name_lookup_finish;
}

static void
no_name_resolver_init (NoNameResolver *self)
{
}

/* The warm-up found no such name: the probe takes that report rather than
 * asking again (a dropped SYN would otherwise cost its deadline twice). */
static void
test_failed_lookup_stands_for_taker (void)
{
  g_autoptr(NoNameResolver) resolver = g_object_new (NO_NAME_TYPE_RESOLVER, NULL);
  g_autoptr(BdServer) server = bd_server_new (BD_PROTOCOL_IMAP, "imap.nowhere.test", 993,
                                              BD_SECURITY_TLS, BD_TEST_USER);
  g_autoptr(BdWarmConnections) warm = new_warm ();
  g_autoptr(BdProbe) probe = new_taker (server, warm, BD_TEST_PASSWORD);
  g_autoptr(BdProbeReport) report = NULL;

  bd_warm_connections_set_resolver (warm, G_RESOLVER (resolver));
  bd_probe_set_resolver (probe, G_RESOLVER (resolver));
  bd_warm_connections_warm (warm, server);
  report = run (probe);

  bd_test_assert_code (report, "dns-not-found");
  g_assert_cmpstr (bd_probe_report_get_failed_step (report), ==, "resolve");
  g_assert_cmpuint (resolver->lookups, ==, 1);
  g_assert_cmpuint (bd_warm_connections_get_n_taken (warm), ==, 0);
}

static gboolean
received_something (gpointer data)
{
  g_autofree char *plain = bd_test_server_dup_received (data, "plain");

  return plain[0] != '\0';
}

/* Stopped while it waits for a warm-up (another alternative was proven):
 * the warm-up stops too, and the probe says how far it got. */
static void
test_stopped_taker_reports_how_far (void)
{
  const char *extra[] = { "--behaviour=silent", NULL };
  g_autoptr(BdTestServer) mailserver = bd_test_server_start ("imap", "implicit", "good", NULL,
                                                             extra);
  g_autoptr(BdServer) server = server_for ("imaps", bd_test_server_get_port (mailserver));
  g_autoptr(BdWarmConnections) warm = new_warm ();
  g_autoptr(BdProbe) probe = new_taker (server, warm, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(BdProbeReport) stopped = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  guint tick = g_timeout_add (20, tick_cb, NULL);

  bd_warm_connections_warm (warm, server);
  bd_probe_run_async (probe, cancellable, bd_test_got_result_cb, &slot);
  /* The warm-up's ClientHello, which the silent server never answers. */
  bd_test_wait_until (received_something, mailserver, RECORD_WAIT_MS);
  g_cancellable_cancel (cancellable);
  result = bd_test_wait_for_result (&slot, RECORD_WAIT_MS);
  g_source_remove (tick);

  g_assert_null (bd_probe_run_finish (probe, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  stopped = bd_probe_run_dup_stopped_report (probe, result);
  g_assert_true (has_step (stopped, "connect"));
  g_assert_cmpstr (bd_probe_report_get_failed_step (stopped), ==, "tls");
}

/* The guess source stops its probes when another source wins; a run to a
 * server of the winner, kept by the pool (keep_only()), goes on and is
 * taken, rather than being stopped and made again. */
static void
test_kept_run_outlives_its_caller (void)
{
  g_autoptr(BdTestServer) mailserver = bd_test_server_start ("imap", "implicit", "good", NULL,
                                                             NULL);
  g_autoptr(BdServer) server = server_for ("imaps", bd_test_server_get_port (mailserver));
  g_autoptr(BdWarmConnections) warm = new_warm ();
  g_autoptr(BdAccountConfig) winner = bd_account_config_new ();
  g_autoptr(BdProbe) parking = bd_probe_new (server);
  g_autoptr(BdProbe) probe = new_taker (server, warm, BD_TEST_PASSWORD);
  g_autoptr(GCancellable) caller = g_cancellable_new ();
  g_autoptr(GBytes) ca = load_ca ();
  g_autoptr(BdProbeReport) report = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *inside = NULL;
  GAsyncResult *slot = NULL;

  bd_probe_set_login (parking, FALSE);
  bd_probe_set_ca_pem (parking, ca);
  bd_probe_set_timeout (parking, TIMEOUT_MS);
  bd_probe_set_parking (parking, warm);
  bd_probe_run_async (parking, caller, bd_test_got_result_cb, &slot);
  bd_account_config_add_server (winner, server);
  bd_warm_connections_keep_only (warm, winner);
  g_cancellable_cancel (caller);
  result = bd_test_wait_for_result (&slot, RECORD_WAIT_MS);

  report = run (probe);
  bd_test_assert_code (report, "ok");
  g_assert_cmpint (bd_probe_report_get_login (report), ==, BD_PROBE_LOGIN_OK);
  g_assert_cmpuint (bd_warm_connections_get_n_taken (warm), ==, 1);
  wait_for_record (mailserver, "tls", "LOGOUT\r\n", 1);
  inside = bd_test_server_dup_received (mailserver, "tls");
  g_assert_cmpuint (count (inside, "LOGOUT\r\n"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  bd_test_certs_init ();

  g_test_add_data_func ("/probe/warm/imaps/taken-once", &imaps, test_taken_once);
  g_test_add_data_func ("/probe/warm/smtp-starttls/taken-once", &smtp_starttls, test_taken_once);
  g_test_add_data_func ("/probe/warm/imaps/taken-while-warming", &imaps,
                        test_taken_while_warming);
  g_test_add_data_func ("/probe/warm/smtp-starttls/taken-while-warming", &smtp_starttls,
                        test_taken_while_warming);
  g_test_add_data_func ("/probe/warm/pop3s/taken-once", &pop3s, test_taken_once);
  g_test_add_data_func ("/probe/warm/pop3s/taken-while-warming", &pop3s,
                        test_taken_while_warming);
  g_test_add_func ("/probe/warm/dropped-politely", test_dropped_politely);
  g_test_add_func ("/probe/warm/idle-timeout", test_idle_timeout);
  g_test_add_func ("/probe/warm/bad-certificate-not-used", test_bad_certificate_not_used);
  g_test_add_func ("/probe/warm/pin-not-shared", test_pin_not_shared);
  g_test_add_func ("/probe/warm/failed-lookup-stands-for-taker",
                   test_failed_lookup_stands_for_taker);
  g_test_add_func ("/probe/warm/stopped-taker-reports-how-far",
                   test_stopped_taker_reports_how_far);
  g_test_add_func ("/probe/warm/kept-run-outlives-its-caller", test_kept_run_outlives_its_caller);
  g_test_add_func ("/probe/warm/account-without-login", test_account_without_login);
  g_test_add_func ("/probe/warm/detector-keeps-the-winner", test_detector_keeps_the_winner);
  g_test_add_func ("/probe/warm/detector-drops-the-loser", test_detector_drops_the_loser);
  g_test_add_func ("/probe/warm/assistant-goes-on-with-warm", test_assistant_goes_on_with_warm);
  g_test_add_func ("/probe/warm/assistant-cancel-drops-warm", test_assistant_cancel_drops_warm);

  return bd_test_run_and_clean_up ();
}
