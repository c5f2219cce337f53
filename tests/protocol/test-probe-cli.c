/* test-probe-cli.c: brevduva-cli test and check, as a script sees them
 *
 * Exit status 0 / 1 / 2, one line on standard error for bad input, the JSON
 * of DESIGN.md, and never the password in anything printed.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "bd-test-mailserver.h"

static void
assert_no_password (BdTestRun *run)
{
  g_assert_null (strstr (run->out, BD_TEST_PASSWORD));
  g_assert_null (strstr (run->err, BD_TEST_PASSWORD));
}

static void
assert_one_error_line (BdTestRun *run)
{
  g_assert_cmpint (run->status, ==, 2);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "brevduva-cli: "));
  g_assert_nonnull (strchr (run->err, '\n'));
  g_assert_cmpstr (strchr (run->err, '\n'), ==, "\n");
}

static JsonObject *
only_result (JsonParser *parser,
             const char *text)
{
  JsonArray *results;

  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  results = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                          "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  return json_array_get_object_element (results, 0);
}

static void
test_json_works (void)
{
  g_autoptr(BdTestServer) mailserver = bd_test_server_start ("imap", "starttls", "good", NULL,
                                                            NULL);
  g_autofree char *url = g_strdup_printf ("imap://localhost:%u",
                                          bd_test_server_get_port (mailserver));
  g_autofree char *ca = bd_test_certs_path ("ca.crt");
  g_autofree char *sha256 = bd_test_certs_sha256 ("good");
  g_autoptr(BdTestRun) run = bd_test_cli_run_args (BD_TEST_PASSWORD "\n", "test", url,
                                                   "--user", BD_TEST_USER, "--password-stdin",
                                                   "--ca-file", ca, "--timeout", "2", "--json",
                                                   NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *result;
  JsonObject *tls;
  JsonObject *certificate;

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
  assert_no_password (run);
  result = only_result (parser, run->out);
  g_assert_cmpstr (json_object_get_string_member (result, "url"), ==, url);
  g_assert_true (json_object_get_boolean_member (result, "ok"));
  g_assert_true (json_object_get_null_member (result, "error"));
  g_assert_cmpstr (json_object_get_string_member (result, "login"), ==, "ok");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "steps")), ==, 8);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "capabilities")),
                    >, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result,
                                                                         "auth_mechanisms")),
                    ==, 5);
  tls = json_object_get_object_member (result, "tls");
  certificate = json_object_get_object_member (tls, "certificate");
  g_assert_nonnull (json_object_get_string_member (tls, "version"));
  g_assert_nonnull (json_object_get_string_member (tls, "cipher"));
  g_assert_cmpstr (json_object_get_string_member (certificate, "sha256"), ==,
                   sha256 + strlen ("sha256:"));
  g_assert_true (json_object_get_boolean_member (certificate, "verified"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (certificate, "problems")),
                    ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (certificate, "sans")),
                    ==, 3);
  g_assert_nonnull (json_object_get_string_member (certificate, "not_after"));
}

static void
test_text_diagnosis (void)
{
  g_autoptr(BdTestServer) mailserver = bd_test_server_start ("smtp", "implicit", "good", NULL,
                                                            NULL);
  g_autofree char *url = g_strdup_printf ("smtps://localhost:%u",
                                          bd_test_server_get_port (mailserver));
  g_autofree char *ca = bd_test_certs_path ("ca.crt");
  g_autoptr(BdTestRun) run = bd_test_cli_run_args ("Wrong-" BD_TEST_PASSWORD "\n", "test", url,
                                                   "--user", BD_TEST_USER, "--password-stdin",
                                                   "--ca-file", ca, NULL);

  g_assert_cmpint (run->status, ==, 1);
  g_assert_true (g_str_has_prefix (run->out, "✗ smtps://localhost:"));
  g_assert_nonnull (strstr (run->out, "login-failed"));
  g_assert_nonnull (strstr (run->out, "535"));
  assert_no_password (run);
}

/* Several URLs: probed at once, reported in order; one failure fails the run. */
static void
test_several_urls (void)
{
  g_autoptr(BdTestServer) mailserver = bd_test_server_start ("pop3", "implicit", "self-signed",
                                                            NULL, NULL);
  g_autofree char *url = g_strdup_printf ("pop3s://localhost:%u",
                                          bd_test_server_get_port (mailserver));
  g_autofree char *pin = bd_test_certs_sha256 ("self-signed");
  g_autoptr(BdTestRun) pinned = bd_test_cli_run_args ("", "test", url, "--pin", pin, NULL);
  g_autoptr(BdTestRun) both = bd_test_cli_run_args ("", "test", url, "--pin", pin,
                                                    "imaps://127.0.0.1:1", NULL);
  g_auto(GStrv) lines = g_strsplit (both->out, "\n", -1);

  g_assert_cmpint (pinned->status, ==, 0);
  g_assert_true (g_str_has_prefix (pinned->out, "✓ pop3s://localhost:"));
  g_assert_cmpint (both->status, ==, 1);
  g_assert_true (g_str_has_prefix (lines[0], "✓ pop3s://localhost:"));
  g_assert_true (g_str_has_prefix (lines[1], "✗ imaps://127.0.0.1:1"));
  g_assert_nonnull (strstr (lines[1], "connection-refused"));
}

typedef struct
{
  const char *name;
  const char *input;
  const char *args[8];
} UsageCase;

static const UsageCase usage_cases[] = {
  { "no-url", "", { "test" } },
  { "unknown-scheme", "", { "test", "http://example.com" } },
  { "port-out-of-range", "", { "test", "imaps://example.com:70000" } },
  { "empty-host", "", { "test", "imaps://:993" } },
  { "password-in-url", "", { "test", "imaps://alice:" BD_TEST_PASSWORD "@example.com" } },
  { "password-without-user", BD_TEST_PASSWORD "\n",
    { "test", "imaps://example.com", "--password-stdin" } },
  { "empty-password", "\n", { "test", "imaps://example.com", "--user", "a", "--password-stdin" } },
  { "bad-pin", "", { "test", "imaps://example.com", "--pin", "md5:abc" } },
  { "missing-ca-file", "", { "test", "imaps://example.com", "--ca-file", "/nonexistent.pem" } },
  { "timeout-out-of-range", "", { "test", "imaps://example.com", "--timeout", "-1" } },
  { "unknown-option", "", { "test", "imaps://example.com", "--password", BD_TEST_PASSWORD } },
  { "check-without-address", "", { "check" } },
  { "check-bad-address", "", { "check", "alice.example.com" } },
  { "check-two-addresses", "", { "check", "a@example.com", "b@example.com" } },
};

static void
test_usage (gconstpointer data)
{
  const UsageCase *c = data;
  g_autoptr(BdTestRun) run = bd_test_cli_run (c->input, c->args);

  assert_one_error_line (run);
  assert_no_password (run);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  bd_test_certs_init ();

  g_test_add_func ("/cli/test/json-has-every-member-and-no-password", test_json_works);
  g_test_add_func ("/cli/test/text-is-a-diagnosis", test_text_diagnosis);
  g_test_add_func ("/cli/test/several-urls-in-order", test_several_urls);
  for (gsize i = 0; i < G_N_ELEMENTS (usage_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cli/usage/%s", usage_cases[i].name);

      g_test_add_data_func (path, &usage_cases[i], test_usage);
    }

  return bd_test_run_and_clean_up ();
}
