/* test-probe-behaviours.c: one protocol's probe against every scripted misbehaviour
 *
 * Built three times, for IMAP, POP3 and SMTP (BD_TEST_PROTOCOL is 0, 1 or 2).
 * Each row starts mailserver.py with behaviours, probes it through the real
 * code path (resolver, sockets, GnuTLS, SASL) at localhost, and checks the
 * exact error code, the failing step, the time taken, that nothing of the
 * login crossed the wire before TLS (the server's record), and that what
 * the report shows is clean.
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

#ifndef BD_TEST_PROTOCOL
#error "BD_TEST_PROTOCOL must be 0 (IMAP), 1 (POP3) or 2 (SMTP)"
#endif

#define NA NULL   /* the behaviour does not apply to this protocol */
#define WRONG "Wrong-password-9"
#define UTF8_PASSWORD "Lösen ord ✓"

typedef enum {
  CHECK_SERVER_SAYS = 1 << 0,       /* the server's words are in the report */
  CHECK_NO_PRETLS_CAPS = 1 << 1,    /* only what was said over TLS is kept */
  CHECK_ALERT = 1 << 2,             /* the IMAP [ALERT] is in the report */
  MAY_TIME_OUT = 1 << 3,            /* timed-out is as right as the code */
  CHECK_NO_ALERT = 1 << 4,          /* an [ALERT] sent before TLS is forgotten */
  CHECK_NO_LOGIN_SENT = 1 << 5,     /* no login went out, not even over TLS */
} Checks;

typedef struct
{
  const char *name;
  const char *tls;              /* implicit or starttls */
  const char *behaviours;       /* for --behaviour, comma-separated */
  const char *password;         /* the probe's; NULL: no login */
  const char *server_password;  /* NULL: BD_TEST_PASSWORD */
  guint timeout_ms;
  const char *expected[3];      /* per protocol: "ok", an error code, or NA */
  const char *step;             /* the failing step, when it fails */
  const char *mechanism[3];     /* per protocol, for a login that works */
  Checks checks;
  const char *says[3];          /* per protocol: what the server's words must hold */
} BehaviourCase;

#define RIGHT BD_TEST_PASSWORD
#define ALL(x) { x, x, x }
#define SCRAM ALL ("SCRAM-SHA-256")
#define PLAIN ALL ("PLAIN")

static const BehaviourCase cases[] = {
  /* Over verified TLS PLAIN is preferred (docs/decisions.md). */
  { "starttls/works", "starttls", NULL, RIGHT, NULL, 2000, ALL ("ok"), NULL, PLAIN },
  { "implicit/works", "implicit", NULL, RIGHT, NULL, 2000, ALL ("ok"), NULL, PLAIN },
  { "starttls/without-login", "starttls", NULL, NULL, NULL, 2000, ALL ("ok") },
  { "starttls/wrong-password", "starttls", NULL, WRONG, NULL, 2000, ALL ("login-failed"),
    "login", {}, CHECK_SERVER_SAYS },
  { "implicit/wrong-password", "implicit", NULL, WRONG, NULL, 2000, ALL ("login-failed"),
    "login", {}, CHECK_SERVER_SAYS },
  { "implicit/utf8-password-by-login", "implicit", "only-login", UTF8_PASSWORD, UTF8_PASSWORD,
    2000, ALL ("ok"), NULL, { "LOGIN", "USER", "LOGIN" } },
  { "implicit/utf8-password-by-plain", "implicit", NULL, UTF8_PASSWORD, UTF8_PASSWORD, 2000,
    ALL ("ok"), NULL, PLAIN },
  { "implicit/utf8-password-by-scram", "implicit", "only-scram-sha-256", UTF8_PASSWORD,
    UTF8_PASSWORD, 2000, ALL ("ok"), NULL, SCRAM },
  /* Security rule 1: no STARTTLS, no fallback. */
  { "strip-starttls", "starttls", "strip-starttls", RIGHT, NULL, 2000,
    ALL ("starttls-not-offered"), "starttls" },
  { "refuse-starttls", "starttls", "refuse-starttls", RIGHT, NULL, 2000,
    ALL ("starttls-refused"), "starttls", {}, CHECK_SERVER_SAYS },
  { "refuse-starttls-502", "starttls", "refuse-starttls-502", RIGHT, NULL, 2000,
    ALL ("starttls-refused"), "starttls", {}, CHECK_SERVER_SAYS },
  /* Security rule 2: bytes after the STARTTLS reply. A server that goes on in plain
   * text answers the ClientHello only if it holds a line end, so either code is right. */
  { "starttls-no-tls", "starttls", "starttls-no-tls", RIGHT, NULL, 500,
    ALL ("starttls-injection"), "tls", {}, MAY_TIME_OUT },
  { "inject-after-starttls", "starttls", "inject-after-starttls", RIGHT, NULL, 2000,
    ALL ("starttls-injection"), "starttls", {}, CHECK_SERVER_SAYS },
  /* Security rule 2: capabilities asked again after TLS, the old ones forgotten. */
  { "pretls-capabilities-lie", "starttls", "pretls-capabilities-lie", RIGHT, NULL, 2000,
    ALL ("ok"), NULL, SCRAM, CHECK_NO_PRETLS_CAPS },
  { "pretls-untagged-junk", "starttls", "pretls-untagged-junk", RIGHT, NULL, 2000,
    { "ok", NA, NA }, NULL, PLAIN, CHECK_NO_ALERT },
  { "starttls/preauth", "starttls", "preauth", RIGHT, NULL, 2000,
    { "preauth-refused", NA, NA }, "greeting", {}, CHECK_SERVER_SAYS },
  { "implicit/preauth", "implicit", "preauth", RIGHT, NULL, 2000, { "ok", NA, NA } },
  { "bye-greeting", "starttls", "bye-greeting", RIGHT, NULL, 2000,
    ALL ("server-unavailable"), "greeting", {}, CHECK_SERVER_SAYS },
  { "tagged-greeting", "starttls", "tagged-greeting", RIGHT, NULL, 2000,
    { "protocol-error", NA, NA }, "greeting", {}, CHECK_SERVER_SAYS },
  { "garbage-greeting", "starttls", "garbage-greeting", RIGHT, NULL, 2000,
    ALL ("protocol-error"), "greeting", {}, CHECK_SERVER_SAYS },
  { "multiline-greeting", "starttls", "multiline-greeting", RIGHT, NULL, 2000,
    { NA, NA, "ok" }, NULL, PLAIN },
  /* The greeting's [CAPABILITY] saves the CAPABILITY command over implicit TLS: the
   * login is the first command. */
  { "unknown-tag-reply", "implicit", "unknown-tag-reply", RIGHT, NULL, 2000,
    { "protocol-error", NA, NA }, "login", {}, CHECK_SERVER_SAYS },
  { "ansi-in-text", "starttls", "ansi-in-text,bye-greeting", RIGHT, NULL, 2000,
    ALL ("server-unavailable"), "greeting", {}, CHECK_SERVER_SAYS },
  { "ansi-in-text-login", "implicit", "ansi-in-text", WRONG, NULL, 2000,
    ALL ("login-failed"), "login", {}, CHECK_SERVER_SAYS },
  { "invalid-utf8", "starttls", "invalid-utf8,bye-greeting", RIGHT, NULL, 2000,
    ALL ("server-unavailable"), "greeting", {}, CHECK_SERVER_SAYS },
  /* Security rule 6: every read bounded, every step on a deadline. */
  { "long-line", "starttls", "long-line", RIGHT, NULL, 2000, ALL ("response-too-long"),
    "greeting" },
  { "starttls/endless-multiline", "starttls", "endless-multiline", RIGHT, NULL, 2000,
    ALL ("response-too-long"), "starttls" },
  { "implicit/endless-multiline", "implicit", "endless-multiline", RIGHT, NULL, 2000,
    ALL ("response-too-long"), "capabilities" },
  { "starttls/silent", "starttls", "silent", RIGHT, NULL, 500, ALL ("timed-out"), "greeting" },
  { "implicit/silent", "implicit", "silent", RIGHT, NULL, 500, ALL ("timed-out"), "tls" },
  { "starttls/stall-handshake", "starttls", "stall-handshake", RIGHT, NULL, 500,
    ALL ("timed-out"), "tls" },
  { "implicit/stall-handshake", "implicit", "stall-handshake", RIGHT, NULL, 500,
    ALL ("timed-out"), "tls" },
  { "starttls/slow", "starttls", "slow", RIGHT, NULL, 500, ALL ("timed-out"), "greeting" },
  { "implicit/slow-within-deadline", "implicit", "slow", NULL, NULL, 3000, { "ok", NA, NA } },
  /* The reset may overtake the greeting: either step may fail. */
  { "starttls/reset-after-greeting", "starttls", "reset-after-greeting", RIGHT, NULL, 2000,
    ALL ("protocol-error"), NULL },
  { "implicit/reset-after-greeting", "implicit", "reset-after-greeting", RIGHT, NULL, 2000,
    ALL ("protocol-error"), NULL },
  { "plaintext-on-tls", "implicit", "plaintext-on-tls", RIGHT, NULL, 2000,
    ALL ("plaintext-on-tls-port"), "tls", {}, CHECK_SERVER_SAYS },
  { "tls-on-plaintext", "starttls", "tls-on-plaintext", RIGHT, NULL, 2000,
    ALL ("tls-on-plaintext-port"), "greeting" },
  /* The providers' own words. */
  { "app-password-reply", "implicit", "app-password-reply", RIGHT, NULL, 2000,
    ALL ("app-password-required"), "login", {}, CHECK_SERVER_SAYS },
  { "webloginrequired", "implicit", "webloginrequired", RIGHT, NULL, 2000,
    ALL ("oauth2-required"), "login", {}, CHECK_SERVER_SAYS },
  /* Microsoft says it in words only over SMTP; its IMAP and POP3 replies are a plain refusal. */
  { "basic-auth-disabled", "implicit", "basic-auth-disabled", RIGHT, NULL, 2000,
    { "login-failed", "login-failed", "oauth2-required" }, "login", {}, CHECK_SERVER_SAYS },
  { "yahoo-app-password", "implicit", "yahoo-app-password", RIGHT, NULL, 2000,
    ALL ("login-failed"), "login", {}, CHECK_SERVER_SAYS },
  { "imap-disabled", "implicit", "imap-disabled", RIGHT, NULL, 2000,
    { "service-not-enabled", "service-not-enabled", NA }, "login", {}, CHECK_SERVER_SAYS },
  { "unavailable", "implicit", "unavailable", RIGHT, NULL, 2000, ALL ("server-unavailable"),
    "login", {}, CHECK_SERVER_SAYS },
  { "alert", "implicit", "alert", RIGHT, NULL, 2000, { "ok", NA, NA }, NULL, PLAIN, CHECK_ALERT },
  { "alert-wrong-password", "implicit", "alert", WRONG, NULL, 2000, { "login-failed", NA, NA },
    "login", {}, CHECK_SERVER_SAYS | CHECK_ALERT },
  /* Mechanisms. */
  { "no-auth", "starttls", "no-auth", RIGHT, NULL, 2000, ALL ("login-disabled"), "login" },
  { "only-login", "starttls", "only-login", RIGHT, NULL, 2000, ALL ("ok"), NULL,
    { "LOGIN", "USER", "LOGIN" } },
  { "only-cram-md5", "starttls", "only-cram-md5", RIGHT, NULL, 2000, ALL ("ok"), NULL,
    ALL ("CRAM-MD5") },
  { "only-scram-sha-256", "starttls", "only-scram-sha-256", RIGHT, NULL, 2000, ALL ("ok"), NULL,
    SCRAM },
  /* Issue 17: a reply that is there before its command was sent fails the step that
   * would send the command, at once. The long deadline makes a regression show: the
   * client would take the reply for its own and fail at "tls" (time-out) or succeed. */
  { "early-starttls-reply", "starttls", "early-starttls-reply", RIGHT, NULL, 10000,
    ALL ("protocol-error"), "starttls", {}, CHECK_SERVER_SAYS | CHECK_NO_LOGIN_SENT,
    { "A2 OK Begin TLS", "+OK Begin TLS", "220 2.0.0 Ready to start TLS" } },
  { "early-login-reply", "starttls", "early-login-reply", RIGHT, NULL, 10000,
    ALL ("protocol-error"), "login", {}, CHECK_SERVER_SAYS | CHECK_NO_LOGIN_SENT,
    { "A3 OK Logged in", "+OK Logged in", "235 2.7.0 Authentication successful" } },
  { "early-login-reply-to-login", "starttls", "early-login-reply,only-login", RIGHT, NULL, 10000,
    ALL ("protocol-error"), "login", {}, CHECK_SERVER_SAYS | CHECK_NO_LOGIN_SENT,
    { "A3 OK Logged in", "+OK Logged in", "235 2.7.0 Authentication successful" } },
  /* RFC 3501 §5.3: untagged data between commands is no early reply, not even a
   * literal in it that looks like one. */
  { "unsolicited-untagged", "starttls", "unsolicited-untagged", RIGHT, NULL, 2000,
    { "ok", NA, NA }, NULL, PLAIN },
  /* RFC 5321 §3.8: a 421 may come before the command it answers. */
  { "unsolicited-421", "starttls", "unsolicited-421", RIGHT, NULL, 10000,
    { NA, NA, "server-unavailable" }, "login", {}, CHECK_SERVER_SAYS | CHECK_NO_LOGIN_SENT,
    { NA, NA, "421 4.3.2 Service shutting down" } },
};

static const char *const protocols[] = { "imap", "pop3", "smtp" };
static const char *const implicit_schemes[] = { "imaps", "pop3s", "smtps" };

static BdServer *
server_for (const BehaviourCase *c,
            guint16              port)
{
  gboolean implicit = g_str_equal (c->tls, "implicit");
  const char *scheme = implicit ? implicit_schemes[BD_TEST_PROTOCOL] : protocols[BD_TEST_PROTOCOL];
  g_autofree char *url = g_strdup_printf ("%s://localhost:%u", scheme, port);

  return bd_server_new_from_url (url, NULL);
}

/* What the server says only before TLS must not be in the report. */
static void
check_no_pretls_capabilities (BdProbeReport *report)
{
  static const char *const pretls_only[][3] = {
    { "STARTTLS", "AUTH=PLAIN", "AUTH=LOGIN" },
    { "STLS", "USER", "SASL PLAIN LOGIN" },
    { "STARTTLS", "AUTH PLAIN LOGIN", "AUTH PLAIN LOGIN" },
  };
  const char * const *capabilities = bd_probe_report_get_capabilities (report);
  const char * const *mechanisms = bd_probe_report_get_auth_mechanisms (report);

  g_assert_nonnull (capabilities[0]);
  for (guint i = 0; i < 3; i++)
    g_assert_false (g_strv_contains (capabilities, pretls_only[BD_TEST_PROTOCOL][i]));
  g_assert_false (g_strv_contains (mechanisms, "PLAIN"));
}

static void
check_success (const BehaviourCase *c,
               BdProbeReport       *report)
{
  GPtrArray *chain = bd_probe_report_get_certificates (report);

  g_assert_nonnull (bd_probe_report_get_tls_version (report));
  g_assert_nonnull (chain);
  g_assert_true (bd_probe_report_get_verified (report));
  g_assert_nonnull (bd_probe_report_get_capabilities (report)[0]);
  g_assert_cmpstr (bd_probe_report_get_address (report), ==, "127.0.0.1");
  if (c->mechanism[BD_TEST_PROTOCOL] != NULL)
    {
      g_assert_cmpint (bd_probe_report_get_login (report), ==, BD_PROBE_LOGIN_OK);
      g_assert_cmpstr (bd_probe_report_get_login_mechanism (report), ==,
                       c->mechanism[BD_TEST_PROTOCOL]);
    }
  else
    g_assert_cmpint (bd_probe_report_get_login (report), ==, BD_PROBE_LOGIN_SKIPPED);
}

static void
check_failure (const BehaviourCase *c,
               BdProbeReport       *report)
{
  const char *expected = c->expected[BD_TEST_PROTOCOL];
  const GError *error = bd_probe_report_get_error (report);

  g_assert_nonnull (error);
  if ((c->checks & MAY_TIME_OUT) && g_str_equal (bd_error_get_name (error), "timed-out"))
    g_test_message ("timed out instead of %s, which the behaviour allows", expected);
  else
    bd_test_assert_code (report, expected);
  if (c->step != NULL)
    g_assert_cmpstr (bd_probe_report_get_failed_step (report), ==, c->step);
  if (c->checks & CHECK_SERVER_SAYS)
    g_assert_nonnull (bd_probe_report_get_server_says (report));
  if (c->says[BD_TEST_PROTOCOL] != NULL)
    g_assert_nonnull (strstr (bd_probe_report_get_server_says (report), c->says[BD_TEST_PROTOCOL]));
  if (g_str_equal (bd_error_get_name (error), "login-failed"))
    g_assert_cmpint (bd_probe_report_get_login (report), ==, BD_PROBE_LOGIN_FAILED);
}

static void
test_behaviour (gconstpointer data)
{
  const BehaviourCase *c = data;
  g_autofree char *behaviour = c->behaviours != NULL ? g_strconcat ("--behaviour=", c->behaviours,
                                                                    NULL) : NULL;
  const char *extra[] = { behaviour, NULL };
  g_autoptr(BdTestServer) mailserver = bd_test_server_start (protocols[BD_TEST_PROTOCOL], c->tls,
                                                            "good", c->server_password, extra);
  g_autoptr(BdServer) server = server_for (c, bd_test_server_get_port (mailserver));
  g_autoptr(BdProbe) probe = bd_probe_new (server);
  g_autofree char *ca_file = bd_test_certs_path ("ca.crt");
  g_autoptr(BdProbeReport) report = NULL;
  g_autoptr(GError) error = NULL;
  guint elapsed = 0;

  bd_probe_set_username (probe, BD_TEST_USER);
  if (c->password != NULL)
    bd_probe_set_password (probe, c->password, -1);
  g_assert_true (bd_probe_set_ca_file (probe, ca_file, &error));
  bd_probe_set_timeout (probe, c->timeout_ms);

  report = bd_test_probe_run (probe, NULL, &elapsed, &error);
  g_assert_no_error (error);
  g_test_message ("%s in %u ms: %s", c->name, elapsed,
                  bd_probe_report_get_error (report) != NULL
                    ? bd_probe_report_get_error (report)->message : "ok");

  if (g_str_equal (c->expected[BD_TEST_PROTOCOL], "ok"))
    check_success (c, report);
  else
    check_failure (c, report);
  if (c->checks & CHECK_NO_PRETLS_CAPS)
    check_no_pretls_capabilities (report);
  if (c->checks & CHECK_NO_ALERT)
    g_assert_null (bd_probe_report_get_alert (report));
  if (c->checks & CHECK_ALERT)
    g_assert_nonnull (strstr (c->checks & CHECK_SERVER_SAYS ? bd_probe_report_get_server_says (report)
                                                            : bd_probe_report_get_alert (report),
                              "alert from the test server"));

  /* Every step has its deadline: a silent server costs at most the greeting
   * and the check for TLS on the port. */
  g_assert_cmpuint (elapsed, <, 3 * c->timeout_ms + 3000);
  bd_test_server_assert_no_plain_credentials (mailserver, c->password);
  if (c->checks & CHECK_NO_LOGIN_SENT)
    bd_test_server_assert_no_login_sent (mailserver, c->password);
  bd_test_assert_report_clean (report, c->password);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  bd_test_certs_init ();

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = NULL;

      if (cases[i].expected[BD_TEST_PROTOCOL] == NA)
        continue;
      path = g_strdup_printf ("/probe/%s/%s", protocols[BD_TEST_PROTOCOL], cases[i].name);
      g_test_add_data_func (path, &cases[i], test_behaviour);
    }

  return bd_test_run_and_clean_up ();
}
