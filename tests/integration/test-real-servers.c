/* test-real-servers.c: brevduva-cli test against a real Dovecot and Postfix
 *
 * tests/servers/real-servers starts Dovecot (IMAP and POP3, STARTTLS and
 * implicit TLS) and Postfix (submission with STARTTLS, and smtps, SASL
 * through Dovecot) on loopback for this program alone; it needs root, and
 * every test is skipped without it. Each test runs in a subprocess, so that
 * a failed assertion still lets this process stop the servers.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "bd-test-mailserver.h"

#define PASSWORD "Riktigt-lösen-7"

static const char *const services[][2] = {
  { "imap", "imap" }, { "imaps", "imaps" }, { "pop3", "pop3" }, { "pop3s", "pop3s" },
  { "submission", "smtp" }, { "smtps", "smtps" },
};

/* The servers this process started; in a test's subprocess, those of its
 * parent. */
static BdTestRealServers *servers;
static char *skip_reason;

static gboolean
skipped (void)
{
  if (skip_reason == NULL)
    return FALSE;
  g_test_skip (skip_reason);
  return TRUE;
}

/* brevduva-cli test on all six ports, with @password on standard input. */
static BdTestRun *
test_all_ports (const char *password,
                gboolean    json)
{
  g_autoptr(GPtrArray) arguments = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *input = g_strconcat (password, "\n", NULL);
  BdTestRun *run;

  g_ptr_array_add (arguments, g_strdup ("test"));
  for (gsize i = 0; i < G_N_ELEMENTS (services); i++)
    g_ptr_array_add (arguments,
                     g_strdup_printf ("%s://localhost:%u", services[i][1],
                                      bd_test_real_servers_get_port (servers, services[i][0])));
  g_ptr_array_add (arguments, g_strdup ("--user=" BD_TEST_USER));
  g_ptr_array_add (arguments, g_strdup ("--password-stdin"));
  g_ptr_array_add (arguments, g_strdup ("--ca-file"));
  g_ptr_array_add (arguments, bd_test_real_servers_dup_path (servers, "certs", "ca.crt", NULL));
  g_ptr_array_add (arguments, g_strdup ("--timeout=5"));
  if (json)
    g_ptr_array_add (arguments, g_strdup ("--json"));
  g_ptr_array_add (arguments, NULL);
  run = bd_test_cli_run (input, (const char * const *) arguments->pdata);

  /* Security rule 5: the password is in nothing printed. */
  g_assert_null (strstr (run->out, password));
  g_assert_null (strstr (run->err, password));
  return run;
}

static JsonArray *
results_of (JsonParser   *parser,
            BdTestRun *run)
{
  JsonArray *results;

  g_assert_true (json_parser_load_from_data (parser, run->out, -1, NULL));
  results = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                          "results");
  g_assert_cmpuint (json_array_get_length (results), ==, G_N_ELEMENTS (services));
  return results;
}

static void
test_right_password_body (void)
{
  g_autoptr(BdTestRun) run = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *sha_file = NULL;
  g_autofree char *sha256 = NULL;
  JsonArray *results;

  sha_file = bd_test_real_servers_dup_path (servers, "certs", "good.sha256", NULL);
  g_assert_true (g_file_get_contents (sha_file, &sha256, NULL, NULL));
  g_strstrip (sha256);

  run = test_all_ports (PASSWORD, TRUE);
  g_assert_cmpint (run->status, ==, 0);
  results = results_of (parser, run);
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);
      JsonObject *tls = json_object_get_object_member (result, "tls");
      JsonObject *certificate = json_object_get_object_member (tls, "certificate");

      g_test_message ("%s: %s, %s", json_object_get_string_member (result, "url"),
                      json_object_get_string_member (tls, "version"),
                      json_object_get_string_member (result, "login_mechanism"));
      g_assert_true (json_object_get_boolean_member (result, "ok"));
      g_assert_cmpstr (json_object_get_string_member (result, "login"), ==, "ok");
      g_assert_true (g_str_has_prefix (json_object_get_string_member (tls, "version"), "TLS1."));
      g_assert_nonnull (json_object_get_string_member (tls, "cipher"));
      g_assert_true (json_object_get_boolean_member (certificate, "verified"));
      g_assert_cmpstr (json_object_get_string_member (certificate, "sha256"), ==, sha256);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result,
                                                                             "capabilities")),
                        >, 0);
    }
}

static void
test_right_password_text_body (void)
{
  g_autoptr(BdTestRun) run = NULL;
  g_auto(GStrv) lines = NULL;

  run = test_all_ports (PASSWORD, FALSE);
  g_assert_cmpint (run->status, ==, 0);
  lines = g_strsplit (run->out, "\n", -1);
  for (gsize i = 0; i < G_N_ELEMENTS (services); i++)
    {
      g_assert_true (g_str_has_prefix (lines[i], "✓ "));
      g_assert_nonnull (strstr (lines[i], "TLS1."));
    }
}

static void
test_wrong_password_body (void)
{
  g_autoptr(BdTestRun) run = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *results;

  run = test_all_ports ("Fel-" PASSWORD, TRUE);
  g_assert_cmpint (run->status, ==, 1);
  results = results_of (parser, run);
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);
      JsonObject *error = json_object_get_object_member (result, "error");

      g_assert_false (json_object_get_boolean_member (result, "ok"));
      g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "login-failed");
      g_assert_cmpstr (json_object_get_string_member (error, "step"), ==, "login");
      g_assert_cmpstr (json_object_get_string_member (result, "login"), ==, "failed");
      g_assert_nonnull (json_object_get_string_member (error, "server_says"));
    }
}

/* Dovecot takes loopback for a secure channel and would accept a login in
 * plain text there; its log shows that every login came over TLS. */
static void
test_dovecot_logins_over_tls_body (void)
{
  g_autofree char *log = NULL;
  g_autofree char *path = NULL;
  g_auto(GStrv) lines = NULL;
  guint logins = 0;

  path = bd_test_real_servers_dup_path (servers, "dovecot.log", NULL);
  g_assert_true (g_file_get_contents (path, &log, NULL, NULL));
  lines = g_strsplit (log, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strstr (lines[i], "Login: user=") == NULL &&
          strstr (lines[i], "auth failed") == NULL)
        continue;
      logins++;
      g_assert_nonnull (strstr (lines[i], "TLS"));
      g_assert_null (strstr (lines[i], "secured"));
    }
  g_assert_cmpuint (logins, >, 0);
  g_assert_null (strstr (log, PASSWORD));
}

/* Runs @body in a subprocess of this test, which sees the servers this
 * process started. */
static void
in_subprocess (gconstpointer data)
{
  void (*body) (void) = (void (*) (void)) data;

  if (g_test_subprocess ())
    {
      servers = bd_test_real_servers_attach ();
      body ();
      g_clear_pointer (&servers, bd_test_real_servers_stop);
      return;
    }
  if (skipped ())
    return;
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT |
                                   G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
add_test (const char *path,
          void      (*body) (void))
{
  g_test_add_data_func (path, (gconstpointer) body, in_subprocess);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  if (!g_test_subprocess ())
    {
      /* A failed test must not keep this process from stopping the servers. */
      g_test_set_nonfatal_assertions ();
      servers = bd_test_real_servers_start (PASSWORD, &skip_reason);
    }

  add_test ("/integration/test/right-password-every-port-json", test_right_password_body);
  add_test ("/integration/test/right-password-every-port-text", test_right_password_text_body);
  add_test ("/integration/test/wrong-password-login-failed", test_wrong_password_body);
  add_test ("/integration/test/dovecot-logins-only-over-tls", test_dovecot_logins_over_tls_body);

  status = g_test_run ();
  g_clear_pointer (&servers, bd_test_real_servers_stop);
  g_free (skip_reason);
  return status;
}
