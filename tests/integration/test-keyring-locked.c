/* test-keyring-locked.c: a locked keyring gives a clear error, not a hang
 *
 * Runs inside keyring-session, whose bus has no prompter: when the Secret
 * Service is asked to unlock, the prompt fails at once, just as when a person
 * dismisses it. Its own test, because libsecret 0.20.5 leaks on every unlock
 * prompt; lsan-libsecret.supp names those leaks for this test alone.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-error.h"
#include "bd-keyring.h"
#include "bd-test-keyring.h"

static void
assert_locked_error (const GError *error,
                     gint64        started)
{
  double seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;

  g_assert_error (error, BD_ERROR, BD_TEST_KEYRING_LOCKED_CODE);
  g_assert_nonnull (strstr (error->message, BD_TEST_KEYRING_LOCKED_TEXT));
  g_test_message ("locked error after %.3f s: %s", seconds, error->message);
  g_assert_cmpfloat (seconds, <, 5.0);
}

/* With the keyring locked and no prompter (as when the person dismisses the
 * unlock prompt), every operation ends soon with the “locked” error. */
static void
test_locked_keyring_gives_a_clear_error (void)
{
  g_autoptr(BdKeyring) keyring = bd_keyring_new ();
  g_autoptr(BdServer) server = bd_test_keyring_server_new (BD_PROTOCOL_IMAP, "imap.locked.example",
                                                           993, "alice@locked.example");
  g_autoptr(BdServer) other = bd_test_keyring_server_new (BD_PROTOCOL_IMAP,
                                                          "imap.locked-new.example", 993,
                                                          "alice@locked.example");
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  char *password;
  gint64 started;

  g_assert_true (bd_test_keyring_store (keyring, server, "locked away", &error));
  g_assert_no_error (error);
  bd_test_keyring_lock_default ();

  started = g_get_monotonic_time ();
  password = bd_test_keyring_lookup (keyring, server, &error);
  g_assert_null (password);
  assert_locked_error (error, started);
  g_clear_error (&error);

  started = g_get_monotonic_time ();
  g_assert_false (bd_test_keyring_store (keyring, other, "not stored", &error));
  assert_locked_error (error, started);
  g_clear_error (&error);

  started = g_get_monotonic_time ();
  g_assert_false (bd_test_keyring_delete (keyring, server, &error));
  assert_locked_error (error, started);
  g_clear_error (&error);

  /* The item is still there, locked; nothing new was stored. */
  found = bd_test_secret_tool_lookup ("imap", "imap.locked.example", "alice@locked.example", NULL);
  g_assert_null (found);
  g_assert_cmpuint (bd_test_secret_tool_count ("server", "imap.locked.example"), ==, 1);
  g_assert_cmpuint (bd_test_secret_tool_count ("server", "imap.locked-new.example"), ==, 0);
}

static void
assert_cli_not_revealed (BdTestRun  *run,
                         const char *password)
{
  g_assert_null (strstr (run->out, password));
  g_assert_null (strstr (run->err, password));
  g_assert_nonnull (run->cmdline);
  g_assert_null (strstr (run->cmdline, password));
}

/* The command line says so in one line, with exit status 1. */
static void
test_store_into_locked_keyring_fails_clearly (void)
{
  g_autoptr(BdTestRun) run = NULL;
  gint64 started;
  double seconds;

  bd_test_keyring_lock_default ();
  started = g_get_monotonic_time ();
  run = bd_test_tool_run ("carol-secret\n", g_getenv ("BD_CLI"), "store", "carol@gmail.com",
                          "--offline", "--no-verify", "--password-stdin", NULL);
  seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  g_test_message ("store into the locked keyring took %.3f s", seconds);

  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpuint (bd_test_count_lines (run->err), ==, 1);
  g_assert_nonnull (strstr (run->err, BD_TEST_KEYRING_LOCKED_TEXT));
  assert_cli_not_revealed (run, "carol-secret");
  g_assert_cmpfloat (seconds, <, 10.0);
  g_assert_cmpuint (bd_test_secret_tool_count ("user", "carol@gmail.com"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keyring-locked/keyring-gives-a-clear-error",
                   test_locked_keyring_gives_a_clear_error);
  g_test_add_func ("/keyring-locked/cli-store-fails-clearly",
                   test_store_into_locked_keyring_fails_clearly);

  return g_test_run ();
}
