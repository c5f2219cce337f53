/* test-keyring-absent.c: no Secret Service at all gives a clear error, at once
 *
 * Runs inside `keyring-session --no-daemon`: a private session bus on which
 * nobody owns org.freedesktop.secrets and nothing can be activated.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-error.h"
#include "bd-keyring.h"
#include "bd-test-keyring.h"

#define PASSWORD "absent-keyring-password"

static void
assert_unavailable_error (const GError *error,
                          gint64        started)
{
  double seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;

  g_assert_error (error, BD_ERROR, BD_TEST_KEYRING_UNAVAILABLE_CODE);
  g_assert_nonnull (strstr (error->message, BD_TEST_KEYRING_UNAVAILABLE_TEXT));
  g_assert_null (strstr (error->message, PASSWORD));
  g_test_message ("unavailable error after %.3f s: %s", seconds, error->message);
  g_assert_cmpfloat (seconds, <, 5.0);
}

static void
test_no_secret_service_gives_a_clear_error (void)
{
  g_autoptr(BdKeyring) keyring = bd_keyring_new ();
  g_autoptr(BdServer) server = bd_server_new (BD_PROTOCOL_IMAP, "imap.absent.example", 993,
                                              BD_SECURITY_TLS, "alice@absent.example");
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(GAsyncResult) looked_up = NULL;
  g_autoptr(GAsyncResult) deleted = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  gint64 started;

  started = g_get_monotonic_time ();
  bd_keyring_store_async (keyring, server, PASSWORD, NULL, bd_test_got_result_cb, &slot);
  stored = bd_test_wait_for_result (&slot, BD_TEST_KEYRING_DEADLINE_MS);
  g_assert_false (bd_keyring_store_finish (keyring, stored, &error));
  assert_unavailable_error (error, started);
  g_clear_error (&error);

  started = g_get_monotonic_time ();
  bd_keyring_lookup_async (keyring, server, NULL, bd_test_got_result_cb, &slot);
  looked_up = bd_test_wait_for_result (&slot, BD_TEST_KEYRING_DEADLINE_MS);
  g_assert_null (bd_keyring_lookup_finish (keyring, looked_up, &error));
  assert_unavailable_error (error, started);
  g_clear_error (&error);

  started = g_get_monotonic_time ();
  bd_keyring_delete_async (keyring, server, NULL, bd_test_got_result_cb, &slot);
  deleted = bd_test_wait_for_result (&slot, BD_TEST_KEYRING_DEADLINE_MS);
  g_assert_false (bd_keyring_delete_finish (keyring, deleted, &error));
  assert_unavailable_error (error, started);
}

static void
assert_cli_says_unavailable (BdTestRun *run)
{
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_cmpuint (bd_test_count_lines (run->err), ==, 1);
  g_assert_nonnull (strstr (run->err, BD_TEST_KEYRING_UNAVAILABLE_TEXT));
  g_assert_null (strstr (run->err, PASSWORD));
}

static void
test_cli_store_without_secret_service_fails (void)
{
  g_autoptr(BdTestRun) run = bd_test_tool_run (PASSWORD "\n", g_getenv ("BD_CLI"), "store",
                                               "alice@gmail.com", "--offline", "--no-verify",
                                               "--password-stdin", NULL);

  assert_cli_says_unavailable (run);
}

/* Not even a session bus (a text console, a cron job). */
static void
test_cli_store_without_session_bus_fails (void)
{
  g_autofree char *no_bus = g_strdup_printf ("unix:path=%s/no-such-bus",
                                             g_getenv ("BD_KEYRING_SESSION_DIR"));
  g_autoptr(BdTestRun) run = bd_test_tool_run_env (PASSWORD "\n", "DBUS_SESSION_BUS_ADDRESS",
                                                   no_bus, g_getenv ("BD_CLI"), "store",
                                                   "alice@gmail.com", "--offline", "--no-verify",
                                                   "--password-stdin", NULL);

  assert_cli_says_unavailable (run);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keyring-absent/no-secret-service-gives-a-clear-error",
                   test_no_secret_service_gives_a_clear_error);
  g_test_add_func ("/keyring-absent/cli-store-without-secret-service-fails",
                   test_cli_store_without_secret_service_fails);
  g_test_add_func ("/keyring-absent/cli-store-without-session-bus-fails",
                   test_cli_store_without_session_bus_fails);

  return g_test_run ();
}
