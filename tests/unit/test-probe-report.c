/* test-probe-report.c: a probe's report as `test --json` and as a diagnosis in words
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-error.h"
#include "bd-probe-render.h"
#include "bd-probe-report.h"
#include "bd-report.h"

static BdProbeReport *
make_report (gboolean ok)
{
  g_autoptr(BdServer) server = bd_server_new (BD_PROTOCOL_IMAP, "imap.example.com", 993,
                                              BD_SECURITY_TLS, "alice");
  BdProbeReport *report = bd_probe_report_new (server);
  const char *const capabilities[] = { "IMAP4REV1", "AUTH=PLAIN", NULL };
  const char *const mechanisms[] = { "PLAIN", NULL };

  bd_probe_report_add_step (report, "resolve", TRUE, 3);
  bd_probe_report_add_step (report, "connect", TRUE, 10);
  bd_probe_report_add_step (report, "tls", TRUE, 40);
  bd_probe_report_set_tls (report, "TLS1.3", "TLS_AES_256_GCM_SHA384");
  bd_probe_report_add_transcript (report, BD_TRANSCRIPT_CLIENT, "A3 AUTHENTICATE PLAIN");
  bd_probe_report_add_transcript (report, BD_TRANSCRIPT_CLIENT, "<hidden>");
  bd_probe_report_add_transcript (report, BD_TRANSCRIPT_SERVER, "A3 NO \x1b[31mno\x1b[0m");
  bd_probe_report_set_capabilities (report, capabilities);
  bd_probe_report_set_auth_mechanisms (report, mechanisms);
  if (ok)
    {
      bd_probe_report_add_step (report, "login", TRUE, 5);
      bd_probe_report_set_login (report, BD_PROBE_LOGIN_OK, "PLAIN");
      return report;
    }
  bd_probe_report_add_step (report, "login", FALSE, 5);
  bd_probe_report_set_login (report, BD_PROBE_LOGIN_FAILED, NULL);
  bd_probe_report_set_server_says (report, "NO [AUTHENTICATIONFAILED] \x1b]0;x\x07" "bad\r\n");
  bd_probe_report_set_help_url (report, "https://example.com/app-passwords");
  bd_probe_report_take_error (report, g_error_new_literal (BD_ERROR, BD_ERROR_LOGIN_FAILED,
                                                           "The server refused."));
  return report;
}

static JsonObject *
first_result (JsonNode *root)
{
  JsonArray *results = json_object_get_array_member (json_node_get_object (root), "results");

  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  return json_array_get_object_element (results, 0);
}

/* Every member DESIGN.md names is there (others may be added). */
static void
assert_design_members (JsonObject *result)
{
  static const char *const members[] = { "url", "ok", "error", "steps", "tls", "capabilities",
                                         "auth_mechanisms", "login", NULL };

  for (guint i = 0; members[i] != NULL; i++)
    g_assert_true (json_object_has_member (result, members[i]));
}

static void
test_json_failure (void)
{
  g_autoptr(BdProbeReport) report = make_report (FALSE);
  g_autoptr(GPtrArray) reports = g_ptr_array_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  JsonObject *result;
  JsonObject *error;
  JsonObject *step;

  g_ptr_array_add (reports, report);
  root = bd_probe_render_json (reports);
  result = first_result (root);
  assert_design_members (result);
  g_assert_cmpstr (json_object_get_string_member (result, "url"), ==, "imaps://imap.example.com:993");
  g_assert_false (json_object_get_boolean_member (result, "ok"));
  g_assert_cmpstr (json_object_get_string_member (result, "login"), ==, "failed");

  error = json_object_get_object_member (result, "error");
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "login-failed");
  g_assert_cmpstr (json_object_get_string_member (error, "message"), ==, "The server refused.");
  g_assert_cmpstr (json_object_get_string_member (error, "server_says"), ==,
                   "NO [AUTHENTICATIONFAILED] \xef\xbf\xbd" "bad\xef\xbf\xbd\xef\xbf\xbd");
  g_assert_cmpstr (json_object_get_string_member (error, "step"), ==, "login");
  g_assert_cmpstr (json_object_get_string_member (error, "help_url"), ==,
                   "https://example.com/app-passwords");
  g_assert_nonnull (json_object_get_string_member (error, "advice"));

  step = json_array_get_object_element (json_object_get_array_member (result, "steps"), 3);
  g_assert_cmpstr (json_object_get_string_member (step, "name"), ==, "login");
  g_assert_false (json_object_get_boolean_member (step, "ok"));
  g_assert_cmpint (json_object_get_int_member (step, "ms"), ==, 5);

  text = bd_report_json_to_string (root);
  g_assert_null (strstr (text, "\\u001b"));
}

static void
test_json_success (void)
{
  g_autoptr(BdProbeReport) report = make_report (TRUE);
  g_autoptr(JsonNode) node = bd_probe_render_report_json (report);
  JsonObject *result = json_node_get_object (node);
  JsonObject *tls = json_object_get_object_member (result, "tls");
  JsonArray *transcript = json_object_get_array_member (result, "transcript");

  assert_design_members (result);
  g_assert_true (json_object_get_boolean_member (result, "ok"));
  g_assert_true (json_object_get_null_member (result, "error"));
  g_assert_cmpstr (json_object_get_string_member (tls, "version"), ==, "TLS1.3");
  g_assert_cmpstr (json_object_get_string_member (tls, "cipher"), ==, "TLS_AES_256_GCM_SHA384");
  g_assert_true (json_object_has_member (tls, "certificate"));
  g_assert_cmpstr (json_object_get_string_member (result, "login"), ==, "ok");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "auth_mechanisms")),
                    ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (transcript, 1),
                                                  "line"), ==, "<hidden>");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (transcript, 2),
                                                  "line"), ==, "A3 NO \xef\xbf\xbdno\xef\xbf\xbd");
}

static void
test_text (void)
{
  g_autoptr(BdProbeReport) good = make_report (TRUE);
  g_autoptr(BdProbeReport) bad = make_report (FALSE);
  g_autoptr(GPtrArray) reports = g_ptr_array_new ();
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  g_ptr_array_add (reports, good);
  g_ptr_array_add (reports, bad);
  text = bd_probe_render_text (reports);
  lines = g_strsplit (text, "\n", -1);

  g_assert_true (g_str_has_prefix (lines[0], "✓ imaps://imap.example.com:993"));
  g_assert_nonnull (strstr (lines[0], "TLS1.3"));
  g_assert_nonnull (strstr (lines[0], "PLAIN"));
  g_assert_true (g_str_has_prefix (lines[1], "✗ imaps://imap.example.com:993"));
  g_assert_nonnull (strstr (lines[1], bd_probe_step_get_label ("login")));
  g_assert_nonnull (strstr (lines[1], "login-failed"));
  g_assert_nonnull (strstr (text, bd_error_code_get_advice (BD_ERROR_LOGIN_FAILED)));
  g_assert_nonnull (strstr (text, "https://example.com/app-passwords"));
  g_assert_null (strstr (text, "\x1b"));
}

static void
test_not_run (void)
{
  g_autoptr(BdServer) server = bd_server_new (BD_PROTOCOL_SMTP, "smtp.example.com", 587,
                                              BD_SECURITY_STARTTLS, NULL);
  g_autoptr(BdProbeReport) report = bd_probe_report_new (server);

  g_assert_false (bd_probe_report_get_ok (report));
  g_assert_null (bd_probe_report_get_failed_step (report));
  g_assert_false (bd_probe_report_get_verified (report));
  g_assert_cmpint (bd_probe_report_get_login (report), ==, BD_PROBE_LOGIN_SKIPPED);
  g_assert_cmpstr (bd_probe_login_get_nick (BD_PROBE_LOGIN_SKIPPED), ==, "skipped");
}

static void
test_transcript_bounded (void)
{
  g_autoptr(BdProbeReport) report = make_report (TRUE);
  g_autofree char *long_line = g_strnfill (10000, 'x');

  for (guint i = 0; i < BD_PROBE_REPORT_MAX_TRANSCRIPT + 50; i++)
    bd_probe_report_add_transcript (report, BD_TRANSCRIPT_SERVER, long_line);
  g_assert_cmpuint (bd_probe_report_get_transcript (report)->len, ==,
                    BD_PROBE_REPORT_MAX_TRANSCRIPT);
  g_assert_cmpuint (strlen (((BdTranscriptLine *) g_ptr_array_index (
                      bd_probe_report_get_transcript (report), 5))->line), <, 1000);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/probe-report/json/failure-has-code-words-step-advice", test_json_failure);
  g_test_add_func ("/probe-report/json/success-has-tls-and-masked-transcript", test_json_success);
  g_test_add_func ("/probe-report/text/one-line-per-server-with-advice", test_text);
  g_test_add_func ("/probe-report/empty-report-is-not-ok", test_not_run);
  g_test_add_func ("/probe-report/transcript-is-bounded", test_transcript_bounded);

  return g_test_run ();
}
