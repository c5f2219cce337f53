/* test-cli.c: brevduva-cli as a script sees it: exit codes, stdout, stderr, JSON
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "bd-export-target.h"
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

/* export: every piece of bad input is found before any lookup, so none of
 * these touches the network or the keyring. */
static void
test_export_needs_to (void)
{
  g_autofree char *ids = bd_export_target_dup_ids ();
  g_autoptr(BdTestRun) run = run_cli ("export", "alice@example.com", "--dry-run", NULL);

  assert_usage_error (run, "--to");
  g_assert_nonnull (strstr (run->err, ids));
}

static void
test_export_unknown_to (void)
{
  g_autofree char *ids = bd_export_target_dup_ids ();
  g_autoptr(BdTestRun) run = run_cli ("export", "alice@example.com", "--to", "frobmail",
                                      "--dry-run", NULL);

  assert_usage_error (run, "frobmail");
  /* The list comes from the engine's registry, every program in it. */
  g_assert_nonnull (strstr (run->err, ids));
  g_assert_nonnull (strstr (ids, "msmtp"));
}

static void
test_export_profile_with_another_target (void)
{
  g_autoptr(BdTestRun) run = run_cli ("export", "alice@example.com", "--to", "msmtp",
                                      "--profile", "default", "--dry-run", NULL);

  assert_usage_error (run, "--profile");
}

static void
test_export_bad_address (void)
{
  g_autoptr(BdTestRun) run = run_cli ("export", "alice.example.com", "--to", "msmtp", NULL);

  assert_usage_error (run, "@");
}

static void
test_export_two_addresses (void)
{
  g_autoptr(BdTestRun) run = run_cli ("export", "alice@example.com", "bob@example.com",
                                      "--to", "msmtp", "--dry-run", NULL);

  assert_usage_error (run, "one email address");
}

static void
test_export_missing_address (void)
{
  g_autoptr(BdTestRun) run = run_cli ("export", "--to", "msmtp", "--dry-run", NULL);

  assert_usage_error (run, "email address");
}

/* Standard input is not a terminal here: without --password-stdin there is
 * no way to ask, and a password is never an argument. */
static void
test_export_password_needs_stdin (void)
{
  g_autoptr(BdTestRun) run = run_cli ("export", "alice@example.com", "--to", "msmtp", NULL);

  assert_usage_error (run, "--password-stdin");
}

static void
test_export_print_goes_alone (void)
{
  g_autoptr(BdTestRun) with_json = run_cli ("export", "alice@example.com", "--to", "msmtp",
                                            "--print", "--json", NULL);
  g_autoptr(BdTestRun) with_dry_run = run_cli ("export", "alice@example.com", "--to", "msmtp",
                                               "--print", "--dry-run", NULL);

  assert_usage_error (with_json, "--print");
  assert_usage_error (with_dry_run, "--print");
}

static void
test_export_in_help (void)
{
  g_autofree char *ids = bd_export_target_dup_ids ();
  g_autofree char *usage = g_strdup_printf ("brevduva-cli export ADDRESS --to %s", ids);
  g_autoptr(BdTestRun) run = run_cli ("--help", NULL);
  g_autoptr(BdTestRun) command = run_cli ("export", "--help", NULL);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->out, usage));
  g_assert_nonnull (strstr (run->out, "\n  export "));
  g_assert_cmpint (command->status, ==, 0);
  g_assert_nonnull (strstr (command->out, "--to=PROGRAM"));
  g_assert_nonnull (strstr (command->out, "--dry-run"));
}

/* Runs brevduva-cli with HOME in a new temporary folder (removed after),
 * for the export runs that read a mail program's settings. */
static BdTestRun *
run_cli_in_home (const char *first_arg,
                 ...)
{
  g_autofree char *home = g_dir_make_tmp ("bd-test-cli-XXXXXX", NULL);
  const char *args[12] = { NULL };
  BdTestRun *run;
  va_list ap;
  guint n = 0;

  g_assert_nonnull (home);
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    {
      g_assert_cmpuint (n, <, G_N_ELEMENTS (args) - 1);
      args[n++] = arg;
    }
  va_end (ap);
  run = bd_test_tool_run_env (NULL, "HOME", home, g_getenv ("BD_CLI"), args[0], args[1],
                              args[2], args[3], args[4], args[5], args[6], args[7], args[8],
                              args[9], args[10], NULL);
  /* A dry run writes nothing: the folder is still empty. */
  g_assert_cmpint (g_rmdir (home), ==, 0);
  return run;
}

/* A provider that takes only its own browser sign-in: msmtp, which can only
 * send a password, refuses in the plan, before anything is read or written. */
static void
test_export_browser_login_refused (void)
{
  g_autoptr(BdTestRun) run = run_cli_in_home ("export", "alice@outlook.com", "--to", "msmtp",
                                              "--offline", "--dry-run", NULL);
  g_autoptr(BdTestRun) json = run_cli_in_home ("export", "alice@outlook.com", "--to", "msmtp",
                                               "--offline", "--dry-run", "--json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonObject *error;

  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_nonnull (strstr (run->err, "sign-in page"));
  g_assert_nonnull (strstr (run->err, "What to do: "));

  g_assert_cmpint (json->status, ==, 1);
  root = parse_json_object (json->out, parser);
  error = json_object_get_object_member (root, "error");
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==,
                   "export-browser-login-required");
  g_assert_false (json_object_get_boolean_member (root, "applied"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "steps")), ==, 0);
}

/* The built-in database, no network: the plan of an msmtp block, which
 * fetches the password with secret-tool, and no password read for it. */
static void
test_export_dry_run_offline (void)
{
  g_autoptr(BdTestRun) run = run_cli_in_home ("export", "alice@posteo.de", "--to", "msmtp",
                                              "--offline", "--dry-run", NULL);
  g_autoptr(BdTestRun) print = run_cli_in_home ("export", "alice@posteo.de", "--to", "msmtp",
                                                "--offline", "--print", NULL);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_nonnull (strstr (run->out, "msmtp/config"));
  g_assert_nonnull (strstr (run->out, "account \"alice@posteo.de\""));
  g_assert_nonnull (strstr (run->out, "secret-tool lookup"));

  g_assert_cmpint (print->status, ==, 0);
  g_assert_true (g_str_has_prefix (print->out, "# BEGIN brevduva alice@posteo.de\n"));
  g_assert_null (strstr (print->out, "msmtp/config"));
}

/* --profile reaches Thunderbird's target: the dry run plans the prefs of
 * the profile named, and a name profiles.ini lacks is refused. */
static void
test_export_profile_picks_thunderbird_profile (void)
{
  g_autofree char *home = g_dir_make_tmp ("bd-test-cli-XXXXXX", NULL);
  g_autofree char *thunderbird = g_build_filename (home, ".thunderbird", NULL);
  g_autofree char *work = g_build_filename (thunderbird, "abc.work", NULL);
  g_autofree char *other = g_build_filename (thunderbird, "def.default", NULL);
  g_autofree char *ini = g_build_filename (thunderbird, "profiles.ini", NULL);
  g_autofree char *prefs = g_build_filename (work, "prefs.js", NULL);
  g_autoptr(BdTestRun) run = NULL;
  g_autoptr(BdTestRun) missing = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (work, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (other, 0700), ==, 0);
  g_file_set_contents (ini, "[General]\nStartWithLastProfile=1\nVersion=2\n\n"
                       "[Profile0]\nName=work\nIsRelative=1\nPath=abc.work\n\n"
                       "[Profile1]\nName=default\nIsRelative=1\nPath=def.default\n"
                       "Default=1\n", -1, &error);
  g_assert_no_error (error);

  run = bd_test_tool_run_env (NULL, "HOME", home, g_getenv ("BD_CLI"), "export",
                              "alice@posteo.de", "--to", "thunderbird", "--profile", "work",
                              "--offline", "--dry-run", NULL);
  missing = bd_test_tool_run_env (NULL, "HOME", home, g_getenv ("BD_CLI"), "export",
                                  "alice@posteo.de", "--to", "thunderbird", "--profile",
                                  "nosuch", "--offline", "--dry-run", NULL);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (strstr (run->out, prefs));
  g_assert_null (strstr (run->out, "def.default"));
  g_assert_cmpint (missing->status, !=, 0);
  g_assert_nonnull (strstr (missing->err, "nosuch"));

  /* Nothing was written: only what the test made is there to remove. */
  g_assert_cmpint (g_remove (ini), ==, 0);
  g_assert_cmpint (g_rmdir (work), ==, 0);
  g_assert_cmpint (g_rmdir (other), ==, 0);
  g_assert_cmpint (g_rmdir (thunderbird), ==, 0);
  g_assert_cmpint (g_rmdir (home), ==, 0);
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
  g_test_add_func ("/cli/export/usage/no-to-exits-2-and-lists-programs", test_export_needs_to);
  g_test_add_func ("/cli/export/usage/unknown-to-exits-2-and-lists-programs",
                   test_export_unknown_to);
  g_test_add_func ("/cli/export/usage/profile-with-another-program-exits-2",
                   test_export_profile_with_another_target);
  g_test_add_func ("/cli/export/usage/bad-address-exits-2", test_export_bad_address);
  g_test_add_func ("/cli/export/usage/two-addresses-exit-2", test_export_two_addresses);
  g_test_add_func ("/cli/export/usage/missing-address-exits-2", test_export_missing_address);
  g_test_add_func ("/cli/export/usage/password-only-from-stdin-exits-2",
                   test_export_password_needs_stdin);
  g_test_add_func ("/cli/export/usage/print-alone-exits-2", test_export_print_goes_alone);
  g_test_add_func ("/cli/export/help-lists-export", test_export_in_help);
  g_test_add_func ("/cli/export/browser-login-provider-refused-by-msmtp",
                   test_export_browser_login_refused);
  g_test_add_func ("/cli/export/dry-run-and-print-offline", test_export_dry_run_offline);
  g_test_add_func ("/cli/export/profile-picks-thunderbird-profile",
                   test_export_profile_picks_thunderbird_profile);

  return g_test_run ();
}
