/* test-cli.c: brevduva-cli as a script sees it: exit codes, stdout, stderr, JSON
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bd-test-mailserver.h"

/* Runs brevduva-cli with the arguments, which end with NULL, and nothing on
 * standard input. */
#define run_cli(...) bd_test_cli_run_args (NULL, __VA_ARGS__)

static JsonObject *
parse_json_object (const char *text,
                   JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_detect_known_provider_human (void)
{
  g_autoptr(BdTestRun) run = run_cli ("detect", "alice@gmail.com", NULL);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_nonnull (strstr (run->out, "imap.gmail.com:993"));
  g_assert_nonnull (strstr (run->out, "smtp.gmail.com:465"));
  g_assert_nonnull (strstr (run->out, "pop.gmail.com:995"));
  /* The app-password note reaches the output, with the provider's link. */
  g_assert_nonnull (strstr (run->out, "app password"));
  g_assert_nonnull (strstr (run->out, "https://support.google.com/"));
  /* It ends with where the answer came from and how far to trust it. */
  g_assert_true (g_str_has_suffix (run->out, "Source: the built-in database (trusted).\n"));
}

static void
assert_server_shape (JsonNode *node)
{
  JsonObject *server;
  const char *protocol;
  const char *security;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  server = json_node_get_object (node);
  protocol = json_object_get_string_member (server, "protocol");
  security = json_object_get_string_member (server, "security");
  g_assert_true (g_strv_contains ((const char *[]) { "imap", "pop3", "smtp", NULL }, protocol));
  g_assert_true (g_strv_contains ((const char *[]) { "tls", "starttls", "none", NULL }, security));
  g_assert_nonnull (json_object_get_string_member (server, "host"));
  g_assert_cmpint (json_object_get_int_member (server, "port"), >, 0);
  g_assert_cmpint (json_object_get_int_member (server, "port"), <=, 65535);
  g_assert_true (json_object_has_member (server, "username"));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (server, "auth")));
}

static void
test_detect_json_shape (void)
{
  g_autoptr(BdTestRun) run = run_cli ("detect", "alice@gmail.com", "--offline", "--json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *incoming;
  JsonArray *outgoing;
  JsonArray *sources;
  JsonObject *first_source;

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
  root = parse_json_object (run->out, parser);

  g_assert_cmpstr (json_object_get_string_member (root, "address"), ==, "alice@gmail.com");
  g_assert_cmpstr (json_object_get_string_member (root, "domain"), ==, "gmail.com");
  g_assert_cmpstr (json_object_get_string_member (root, "source"), ==, "builtin");
  g_assert_cmpstr (json_object_get_string_member (root, "trust"), ==, "trusted");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "provider"),
                                                  "id"), ==, "gmail.com");
  g_assert_nonnull (json_object_get_string_member (json_object_get_object_member (root, "provider"),
                                                   "name"));

  incoming = json_object_get_array_member (root, "incoming");
  outgoing = json_object_get_array_member (root, "outgoing");
  g_assert_cmpuint (json_array_get_length (incoming), >=, 2);
  g_assert_cmpuint (json_array_get_length (outgoing), >=, 1);
  for (guint i = 0; i < json_array_get_length (incoming); i++)
    assert_server_shape (json_array_get_element (incoming, i));
  for (guint i = 0; i < json_array_get_length (outgoing); i++)
    assert_server_shape (json_array_get_element (outgoing, i));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (incoming, 0),
                                                  "host"), ==, "imap.gmail.com");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (incoming, 0),
                                                  "username"), ==, "alice@gmail.com");

  sources = json_object_get_array_member (root, "sources");
  g_assert_cmpuint (json_array_get_length (sources), >=, 1);
  first_source = json_array_get_object_element (sources, 0);
  g_assert_cmpstr (json_object_get_string_member (first_source, "name"), ==, "builtin");
  g_assert_cmpstr (json_object_get_string_member (first_source, "outcome"), ==, "answered");
  g_assert_true (json_object_has_member (first_source, "url"));
  g_assert_cmpint (json_object_get_int_member (first_source, "ms"), >=, 0);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "notes")));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "notes")), >, 0);
}

static void
test_detect_unknown_domain_is_unverified_guess (void)
{
  g_autoptr(BdTestRun) run = run_cli ("detect", "bob@brevduva-test.example", "--offline", "--json",
                                      NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *incoming;

  g_assert_cmpint (run->status, ==, 0);
  root = parse_json_object (run->out, parser);
  g_assert_cmpstr (json_object_get_string_member (root, "source"), ==, "guess");
  g_assert_cmpstr (json_object_get_string_member (root, "trust"), ==, "unverified");
  incoming = json_object_get_array_member (root, "incoming");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (incoming, 0),
                                                  "host"), ==, "imap.brevduva-test.example");
}

static void
test_detect_unknown_domain_without_guessing_fails (void)
{
  g_autoptr(BdTestRun) run = run_cli ("detect", "bob@brevduva-test.example", "--offline",
                                      "--no-guess", "--json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonObject *error;

  g_assert_cmpint (run->status, ==, 1);
  root = parse_json_object (run->out, parser);
  g_assert_true (json_object_get_null_member (root, "source"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "incoming")), ==, 0);
  error = json_object_get_object_member (root, "error");
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "provider-not-found");
}

static void
test_detect_idn_keeps_spelling (void)
{
  g_autoptr(BdTestRun) run = run_cli ("detect", "bob@exempel.åäö.se", "--offline", "--json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;

  g_assert_cmpint (run->status, ==, 0);
  root = parse_json_object (run->out, parser);
  g_assert_cmpstr (json_object_get_string_member (root, "domain"), ==, "exempel.åäö.se");
  g_assert_cmpstr (json_object_get_string_member (root, "ascii_domain"), ==,
                   "exempel.xn--4cab6c.se");
}

/* Bad input: exactly one line on stderr, nothing on stdout, exit 2. */
static void
assert_usage_error (BdTestRun  *run,
                    const char *expected)
{
  g_assert_cmpint (run->status, ==, 2);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_cmpuint (bd_test_count_lines (run->err), ==, 1);
  g_assert_true (g_str_has_prefix (run->err, "brevduva-cli: "));
  if (expected != NULL)
    g_assert_nonnull (strstr (run->err, expected));
}

static void
test_bad_address_missing_at (void)
{
  g_autoptr(BdTestRun) run = run_cli ("detect", "alice.example.com", "--json", NULL);
  assert_usage_error (run, "@");
}

static void
test_bad_address_empty_domain (void)
{
  g_autoptr(BdTestRun) run = run_cli ("detect", "alice@", NULL);
  assert_usage_error (run, "nothing after");
}

static void
test_bad_address_two_at (void)
{
  g_autoptr(BdTestRun) run = run_cli ("detect", "a@b@example.com", NULL);
  assert_usage_error (run, "more than one");
}

static void
test_missing_address (void)
{
  g_autoptr(BdTestRun) run = run_cli ("detect", NULL);
  assert_usage_error (run, "email address");
}

static void
test_extra_argument (void)
{
  g_autoptr(BdTestRun) run = run_cli ("detect", "a@example.com", "b@example.com", NULL);
  assert_usage_error (run, NULL);
}

static void
test_unknown_option (void)
{
  g_autoptr(BdTestRun) run = run_cli ("detect", "a@example.com", "--frobnicate", NULL);
  assert_usage_error (run, "frobnicate");
}

static void
test_bad_timeout (void)
{
  g_autoptr(BdTestRun) run = run_cli ("detect", "a@example.com", "--timeout", "-3", NULL);
  assert_usage_error (run, "--timeout");
}

static void
test_unknown_command (void)
{
  g_autoptr(BdTestRun) run = run_cli ("frobnicate", NULL);
  assert_usage_error (run, "frobnicate");
}

static void
test_no_command_prints_usage (void)
{
  const char *const no_arguments[] = { NULL };
  g_autoptr(BdTestRun) run = bd_test_cli_run (NULL, no_arguments);

  g_assert_cmpint (run->status, ==, 2);
  g_assert_nonnull (strstr (run->err, "brevduva-cli detect ADDRESS"));
}

static void
test_help_goes_to_stdout (void)
{
  g_autoptr(BdTestRun) run = run_cli ("--help", NULL);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->out, "brevduva-cli detect ADDRESS"));
  g_assert_cmpstr (run->err, ==, "");
}

static void
test_version (void)
{
  g_autoptr(BdTestRun) run = run_cli ("--version", NULL);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->out, ==, "brevduva-cli " PACKAGE_VERSION "\n");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/detect/known-provider-human-table", test_detect_known_provider_human);
  g_test_add_func ("/cli/detect/json-has-documented-shape", test_detect_json_shape);
  g_test_add_func ("/cli/detect/unknown-domain-is-unverified-guess",
                   test_detect_unknown_domain_is_unverified_guess);
  g_test_add_func ("/cli/detect/no-guess-unknown-domain-exits-1",
                   test_detect_unknown_domain_without_guessing_fails);
  g_test_add_func ("/cli/detect/idn-domain-keeps-spelling", test_detect_idn_keeps_spelling);
  g_test_add_func ("/cli/usage/missing-at-exits-2", test_bad_address_missing_at);
  g_test_add_func ("/cli/usage/empty-domain-exits-2", test_bad_address_empty_domain);
  g_test_add_func ("/cli/usage/two-at-exits-2", test_bad_address_two_at);
  g_test_add_func ("/cli/usage/missing-address-exits-2", test_missing_address);
  g_test_add_func ("/cli/usage/extra-argument-exits-2", test_extra_argument);
  g_test_add_func ("/cli/usage/unknown-option-exits-2", test_unknown_option);
  g_test_add_func ("/cli/usage/negative-timeout-exits-2", test_bad_timeout);
  g_test_add_func ("/cli/usage/unknown-command-exits-2", test_unknown_command);
  g_test_add_func ("/cli/usage/no-command-prints-usage", test_no_command_prints_usage);
  g_test_add_func ("/cli/usage/help-goes-to-stdout", test_help_goes_to_stdout);
  g_test_add_func ("/cli/usage/version", test_version);

  return g_test_run ();
}
