/* test-probe-goodbye.c: how a probe ends the conversation, and what it says on the way
 *
 * Issue 13. Each case starts mailserver.py, probes it through the real code
 * path, and reads the server's record of what the client sent:
 *
 *  - every ending that leaves the server waiting for a command (a refused
 *    login, a refusal such as POP3's [IN-USE], no password at all) ends
 *    with the protocol's LOGOUT or QUIT;
 *  - after a certificate that failed verification nothing at all is said
 *    inside TLS (docs/decisions.md);
 *  - an IMAP greeting with [CAPABILITY …] saves the CAPABILITY command over
 *    implicit TLS, and only finds STARTTLS before TLS (security rule 2);
 *  - a STARTTLS client at an implicit-TLS port is told so quickly: with a
 *    30 s deadline, a regression shows as `timed-out`, not as a slow test.
 *
 * The goodbye is written before the verdict, but the server reads it when it
 * will: the tests wait for it to appear in the record (an event), with a
 * deadline only to fail.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-error.h"
#include "bd-probe.h"
#include "bd-server-url.h"
#include "bd-test-mailserver.h"

#define WRONG "Wrong-password-9"
#define RIGHT BD_TEST_PASSWORD
/* Long enough that a regression to waiting out the greeting shows as a time-out. */
#define LONG_TIMEOUT_MS 30000
#define RECORD_WAIT_MS 10000

typedef struct
{
  const char *name;
  const char *protocol;     /* imap, pop3 or smtp */
  const char *tls;          /* the server's: implicit or starttls */
  gboolean client_tls;      /* the client's security: TLS (TRUE) or STARTTLS */
  const char *cert;         /* the server's certificate set */
  const char *behaviours;   /* nullable */
  const char *password;     /* nullable: no login */
  const char *code;         /* "ok" or the error code */
  const char *step;         /* the failing step, when it fails */
  const char *goodbye;      /* the last line the server gets inside TLS, or NULL for none at all */
} GoodbyeCase;

static const GoodbyeCase cases[] = {
  /* The goodbye after a refused login (RFC 3501 §6.1.3, RFC 1939 §5, RFC 5321 §4.1.1.10). */
  { "imap/implicit/wrong-password", "imap", "implicit", TRUE, "good", NULL, WRONG,
    "login-failed", "login", "LOGOUT" },
  { "imap/starttls/wrong-password", "imap", "starttls", FALSE, "good", NULL, WRONG,
    "login-failed", "login", "LOGOUT" },
  { "pop3/implicit/wrong-password", "pop3", "implicit", TRUE, "good", NULL, WRONG,
    "login-failed", "login", "QUIT" },
  { "pop3/starttls/wrong-password", "pop3", "starttls", FALSE, "good", NULL, WRONG,
    "login-failed", "login", "QUIT" },
  { "smtp/implicit/wrong-password", "smtp", "implicit", TRUE, "good", NULL, WRONG,
    "login-failed", "login", "QUIT" },
  { "smtp/starttls/wrong-password", "smtp", "starttls", FALSE, "good", NULL, WRONG,
    "login-failed", "login", "QUIT" },
  /* The same after other endings that leave the server waiting. */
  { "imap/implicit/right-password", "imap", "implicit", TRUE, "good", NULL, RIGHT, "ok", NULL,
    "LOGOUT" },
  { "imap/implicit/without-password", "imap", "implicit", TRUE, "good", NULL, NULL, "ok", NULL,
    "LOGOUT" },
  { "smtp/starttls/without-password", "smtp", "starttls", FALSE, "good", NULL, NULL, "ok", NULL,
    "QUIT" },
  { "imap/implicit/no-mechanism", "imap", "implicit", TRUE, "good", "no-auth", RIGHT,
    "login-disabled", "login", "LOGOUT" },
  { "smtp/implicit/no-mechanism", "smtp", "implicit", TRUE, "good", "no-auth", RIGHT,
    "login-disabled", "login", "QUIT" },
  { "imap/implicit/protocol-error-after-whole-reply", "imap", "implicit", TRUE, "good",
    "unknown-tag-reply", RIGHT, "protocol-error", "login", "LOGOUT" },
  { "smtp/implicit/unavailable", "smtp", "implicit", TRUE, "good", "unavailable", RIGHT,
    "server-unavailable", "login", "QUIT" },
  /* RFC 2449 §8.1: a wait, not a wrong password; and still a goodbye. */
  { "pop3/implicit/login-delay", "pop3", "implicit", TRUE, "good", "pop3-login-delay", RIGHT,
    "server-unavailable", "login", "QUIT" },
  { "pop3/implicit/in-use", "pop3", "implicit", TRUE, "good", "pop3-in-use", RIGHT,
    "server-unavailable", "login", "QUIT" },
  { "pop3/starttls/in-use-by-user-pass", "pop3", "starttls", FALSE, "good",
    "pop3-in-use,only-login", RIGHT, "server-unavailable", "login", "QUIT" },
  /* Nothing at all inside TLS that failed verification: only its close_notify. */
  { "imap/implicit/untrusted-certificate", "imap", "implicit", TRUE, "self-signed", NULL,
    RIGHT, "certificate-self-signed", "tls", NULL },
  { "imap/starttls/untrusted-certificate", "imap", "starttls", FALSE, "self-signed", NULL,
    RIGHT, "certificate-self-signed", "tls", NULL },
  { "smtp/implicit/untrusted-certificate", "smtp", "implicit", TRUE, "self-signed", NULL,
    RIGHT, "certificate-self-signed", "tls", NULL },
  { "pop3/starttls/untrusted-certificate", "pop3", "starttls", FALSE, "self-signed", NULL,
    RIGHT, "certificate-self-signed", "tls", NULL },
};

static BdServer *
server_for (const char *protocol,
            gboolean    tls,
            guint16     port)
{
  g_autofree char *url = g_strdup_printf ("%s%s://localhost:%u", protocol, tls ? "s" : "",
                                          port);

  return bd_server_new_from_url (url, NULL);
}

/* Probes @mailserver as @protocol with the client's @tls setting. */
static BdProbeReport *
probe (BdTestServer *mailserver,
       const char   *protocol,
       gboolean      tls,
       const char   *password,
       guint         timeout_ms)
{
  g_autoptr(BdServer) server = server_for (protocol, tls, bd_test_server_get_port (mailserver));
  g_autoptr(BdProbe) probe = bd_probe_new (server);
  g_autofree char *ca_file = bd_test_certs_path ("ca.crt");
  g_autoptr(GError) error = NULL;
  BdProbeReport *report;
  guint elapsed = 0;

  bd_probe_set_username (probe, BD_TEST_USER);
  if (password != NULL)
    bd_probe_set_password (probe, password, -1);
  g_assert_true (bd_probe_set_ca_file (probe, ca_file, &error));
  bd_probe_set_timeout (probe, timeout_ms);

  report = bd_test_probe_run (probe, NULL, &elapsed, &error);
  g_assert_no_error (error);
  g_test_message ("%s%s in %u ms: %s", protocol, tls ? "s" : "", elapsed,
                  bd_probe_report_get_error (report) != NULL
                    ? bd_probe_report_get_error (report)->message : "ok");
  return report;
}

static BdTestServer *
start_server (const char *protocol,
              const char *tls,
              const char *cert,
              const char *behaviours)
{
  g_autofree char *behaviour = behaviours != NULL ? g_strconcat ("--behaviour=", behaviours, NULL)
                                                  : NULL;
  const char *extra[] = { behaviour, NULL };

  return bd_test_server_start (protocol, tls, cert, NULL, extra);
}

typedef struct
{
  BdTestServer *server;
  const char *phase;
  const char *line;
} RecordWait;

static gboolean
record_ends_with (gpointer data)
{
  RecordWait *wait = data;
  g_autofree char *received = bd_test_server_dup_received (wait->server, wait->phase);
  g_autofree char *tail = g_strconcat (wait->line, "\r\n", NULL);

  return g_str_has_suffix (received, tail);
}

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Waits until the last thing the server received in @phase is the command
 * @line (its tag aside): the goodbye, read whenever the server reads it. */
static void
wait_for_last_command (BdTestServer *server,
                       const char   *phase,
                       const char   *line)
{
  RecordWait wait = { server, phase, line };
  guint tick = g_timeout_add (20, tick_cb, NULL);

  bd_test_wait_until (record_ends_with, &wait, RECORD_WAIT_MS);
  g_source_remove (tick);
}

static gboolean
contains_ignoring_case (const char *haystack,
                        const char *needle)
{
  g_autofree char *lower_haystack = g_ascii_strdown (haystack, -1);
  g_autofree char *lower_needle = g_ascii_strdown (needle, -1);

  return strstr (lower_haystack, lower_needle) != NULL;
}

static void
test_goodbye (gconstpointer data)
{
  const GoodbyeCase *c = data;
  g_autoptr(BdTestServer) mailserver = start_server (c->protocol, c->tls, c->cert, c->behaviours);
  g_autoptr(BdProbeReport) report = probe (mailserver, c->protocol, c->client_tls, c->password,
                                           LONG_TIMEOUT_MS);

  bd_test_assert_code (report, c->code);
  g_assert_cmpstr (bd_probe_report_get_failed_step (report), ==, c->step);
  if (c->goodbye != NULL)
    wait_for_last_command (mailserver, "tls", c->goodbye);
  else
    {
      /* The goodbye is written before the verdict: a LOGOUT or QUIT sent by
       * mistake would be in the server's socket by now. */
      g_autofree char *inside = bd_test_server_dup_received (mailserver, "tls");

      g_assert_cmpstr (inside, ==, "");
    }
  bd_test_server_assert_no_plain_credentials (mailserver, c->password);
  bd_test_assert_report_clean (report, c->password);
}

/* RFC 2449 §8.1.1, §8.1.2: the person reads the reason, not "wrong password". */
static void
test_pop3_refusal_words (gconstpointer data)
{
  const char *const *expected = data;
  g_autoptr(BdTestServer) mailserver = start_server ("pop3", "implicit", "good", expected[0]);
  g_autoptr(BdProbeReport) report = probe (mailserver, "pop3", TRUE, RIGHT, LONG_TIMEOUT_MS);
  const GError *error = bd_probe_report_get_error (report);

  bd_test_assert_code (report, "server-unavailable");
  g_assert_nonnull (strstr (bd_probe_report_get_server_says (report), expected[1]));
  g_assert_nonnull (strstr (error->message, expected[2]));
  g_assert_cmpint (bd_probe_report_get_login (report), ==, BD_PROBE_LOGIN_FAILED);
}

static const char *const login_delay[] = { "pop3-login-delay", "[LOGIN-DELAY]", "every so often" };
static const char *const in_use[] = { "pop3-in-use", "[IN-USE]", "Another program" };

/* RFC 3501 §7.1: over implicit TLS the greeting's list is the capability
 * list; no CAPABILITY command goes out. */
static void
test_greeting_capability_implicit (void)
{
  g_autoptr(BdTestServer) mailserver = start_server ("imap", "implicit", "good", NULL);
  g_autoptr(BdProbeReport) report = probe (mailserver, "imap", TRUE, RIGHT, LONG_TIMEOUT_MS);
  g_autofree char *inside = NULL;
  const char * const *capabilities = bd_probe_report_get_capabilities (report);

  bd_test_assert_code (report, "ok");
  wait_for_last_command (mailserver, "tls", "LOGOUT");
  inside = bd_test_server_dup_received (mailserver, "tls");
  g_assert_false (contains_ignoring_case (inside, "CAPABILITY"));
  g_assert_true (g_strv_contains (capabilities, "IMAP4REV1"));
  g_assert_true (g_strv_contains (bd_probe_report_get_auth_mechanisms (report), "PLAIN"));
  g_assert_cmpstr (bd_probe_report_get_login_mechanism (report), ==, "PLAIN");
}

/* Security rule 2: before TLS the greeting's list only finds STARTTLS (no
 * CAPABILITY command for that), and after TLS the list is asked again. */
static void
test_greeting_capability_starttls (void)
{
  g_autoptr(BdTestServer) mailserver = start_server ("imap", "starttls", "good", NULL);
  g_autoptr(BdProbeReport) report = probe (mailserver, "imap", FALSE, NULL, LONG_TIMEOUT_MS);
  g_autofree char *before = NULL;
  g_autofree char *inside = NULL;

  bd_test_assert_code (report, "ok");
  wait_for_last_command (mailserver, "tls", "LOGOUT");
  before = bd_test_server_dup_received (mailserver, "plain");
  inside = bd_test_server_dup_received (mailserver, "tls");
  g_assert_true (contains_ignoring_case (before, "STARTTLS"));
  g_assert_false (contains_ignoring_case (before, "CAPABILITY"));
  g_assert_true (contains_ignoring_case (inside, "CAPABILITY"));
  g_assert_false (g_strv_contains (bd_probe_report_get_capabilities (report), "STARTTLS"));
}

/* Issue 13 §3: an implicit-TLS port says nothing until it gets a ClientHello.
 * A STARTTLS client must name that at the greeting, with no time-out; with
 * a 30 s deadline a regression shows as `timed-out`. */
static void
test_tls_port_named_quickly (gconstpointer data)
{
  const char *protocol = data;
  g_autoptr(BdTestServer) mailserver = start_server (protocol, "implicit", "good", NULL);
  g_autoptr(BdProbeReport) report = probe (mailserver, protocol, FALSE, RIGHT, LONG_TIMEOUT_MS);
  g_autofree char *before = NULL;

  bd_test_assert_code (report, "tls-on-plaintext-port");
  g_assert_cmpstr (bd_probe_report_get_failed_step (report), ==, "greeting");
  /* Nothing but the second connection's ClientHello, which the server's TLS
   * library takes and does not record, reached the server. */
  before = bd_test_server_dup_received (mailserver, "plain");
  g_assert_cmpstr (before, ==, "");
  bd_test_server_assert_no_login_sent (mailserver, RIGHT);
}

/* A slow but real greeting on a STARTTLS port is never taken for TLS: the
 * TLS hello on the second connection gets a greeting too, not TLS, and the
 * first connection's greeting decides. */
static void
test_slow_greeting_not_misjudged (void)
{
  g_autoptr(BdTestServer) mailserver = start_server ("imap", "starttls", "good", "slow");
  g_autoptr(BdProbeReport) report = probe (mailserver, "imap", FALSE, NULL, LONG_TIMEOUT_MS);

  bd_test_assert_code (report, "ok");
  g_assert_true (bd_probe_report_get_verified (report));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  bd_test_certs_init ();

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/probe/goodbye/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_goodbye);
    }
  g_test_add_data_func ("/probe/goodbye/pop3/login-delay-is-named", login_delay,
                        test_pop3_refusal_words);
  g_test_add_data_func ("/probe/goodbye/pop3/in-use-is-named", in_use, test_pop3_refusal_words);
  g_test_add_func ("/probe/greeting-capability/implicit-tls-asks-nothing",
                   test_greeting_capability_implicit);
  g_test_add_func ("/probe/greeting-capability/starttls-asks-again-after-tls",
                   test_greeting_capability_starttls);
  g_test_add_data_func ("/probe/wrong-security/imap-tls-port-named-at-greeting", "imap",
                        test_tls_port_named_quickly);
  g_test_add_data_func ("/probe/wrong-security/pop3-tls-port-named-at-greeting", "pop3",
                        test_tls_port_named_quickly);
  g_test_add_data_func ("/probe/wrong-security/smtp-tls-port-named-at-greeting", "smtp",
                        test_tls_port_named_quickly);
  g_test_add_func ("/probe/wrong-security/slow-greeting-not-misjudged",
                   test_slow_greeting_not_misjudged);

  return bd_test_run_and_clean_up ();
}
