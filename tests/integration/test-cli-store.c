/* test-cli-store.c: `brevduva-cli store` against a real gnome-keyring-daemon
 *
 * Runs inside keyring-session. gmail.com comes from the built-in database
 * (--offline), so nothing touches the network.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-test-keyring.h"

#define PASSWORD "Pässword with spaces & 100% sign"
#define NEW_PASSWORD "the-new-password"

static BdTestRun *
run_store (const char *input,
           const char *address)
{
  return bd_test_tool_run (input, g_getenv ("BD_CLI"), "store", address, "--offline", "--no-verify",
                           "--password-stdin", NULL);
}

static void
assert_not_revealed (BdTestRun  *run,
                     const char *password)
{
  g_assert_null (strstr (run->out, password));
  g_assert_null (strstr (run->err, password));
  /* The CLI was waiting for its password when these were read. */
  g_assert_nonnull (run->cmdline);
  g_assert_nonnull (strstr (run->cmdline, "store"));
  g_assert_null (strstr (run->cmdline, password));
  g_assert_nonnull (run->environment);
  g_assert_null (strstr (run->environment, password));
}

static void
assert_stored (const char *protocol,
               const char *server,
               const char *port,
               const char *password)
{
  g_autofree char *found = bd_test_secret_tool_lookup (protocol, server, "alice@gmail.com", NULL);
  g_autofree char *found_with_port = bd_test_secret_tool_lookup (protocol, server,
                                                                 "alice@gmail.com", port);

  g_assert_cmpstr (found, ==, password);
  g_assert_cmpstr (found_with_port, ==, password);
}

static void
test_store_puts_each_server_in_the_keyring (void)
{
  g_autoptr(BdTestRun) run = run_store (PASSWORD "\n", "alice@gmail.com");

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpuint (bd_test_count_lines (run->out), ==, 3);
  g_assert_nonnull (strstr (run->out, "IMAP password for alice@gmail.com on imap.gmail.com, "
                                      "port 993"));
  g_assert_nonnull (strstr (run->out, "POP3 password for alice@gmail.com on pop.gmail.com, "
                                      "port 995"));
  g_assert_nonnull (strstr (run->out, "SMTP password for alice@gmail.com on smtp.gmail.com, "
                                      "port 465"));
  assert_not_revealed (run, PASSWORD);

  assert_stored ("imap", "imap.gmail.com", "993", PASSWORD);
  assert_stored ("pop3", "pop.gmail.com", "995", PASSWORD);
  assert_stored ("smtp", "smtp.gmail.com", "465", PASSWORD);
  g_assert_cmpuint (bd_test_secret_tool_count ("user", "alice@gmail.com"), ==, 3);
}

static void
test_store_again_replaces_the_passwords (void)
{
  g_autoptr(BdTestRun) first = run_store (PASSWORD "\n", "alice@gmail.com");
  g_autoptr(BdTestRun) second = run_store (NEW_PASSWORD "\r\nthe second line is ignored\n",
                                         "alice@gmail.com");

  g_assert_cmpint (first->status, ==, 0);
  g_assert_cmpint (second->status, ==, 0);
  assert_not_revealed (second, NEW_PASSWORD);
  assert_stored ("imap", "imap.gmail.com", "993", NEW_PASSWORD);
  assert_stored ("pop3", "pop.gmail.com", "995", NEW_PASSWORD);
  assert_stored ("smtp", "smtp.gmail.com", "465", NEW_PASSWORD);
  g_assert_cmpuint (bd_test_secret_tool_count ("user", "alice@gmail.com"), ==, 3);
}

typedef struct
{
  const char *name;
  const char *input;
  const char *args[6];
} BadInput;

static void
assert_refused (const BadInput *bad)
{
  g_autoptr(BdTestRun) run = bd_test_tool_run (bad->input, g_getenv ("BD_CLI"), "store",
                                               bad->args[0], bad->args[1], bad->args[2],
                                               bad->args[3], bad->args[4], bad->args[5], NULL);

  g_test_message ("case: %s", bad->name);
  g_assert_cmpint (run->status, ==, 2);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_cmpuint (bd_test_count_lines (run->err), ==, 1);
  g_assert_true (g_str_has_prefix (run->err, "brevduva-cli: "));
  g_assert_null (strstr (run->err, "bob-secret"));
}

/* Bad input: one line on stderr, exit status 2, nothing stored. */
static void
test_bad_input_is_refused (void)
{
  g_autofree char *long_password = g_strnfill (5000, 'x');
  g_autofree char *long_input = g_strconcat (long_password, "\n", NULL);
  const BadInput cases[] = {
    { "bad address", "bob-secret\n",
      { "bob.gmail.com", "--offline", "--no-verify", "--password-stdin" } },
    { "empty password", "\n",
      { "bob@gmail.com", "--offline", "--no-verify", "--password-stdin" } },
    { "no input at all", "",
      { "bob@gmail.com", "--offline", "--no-verify", "--password-stdin" } },
    { "password not UTF-8", "\xff\xfe bob-secret\n",
      { "bob@gmail.com", "--offline", "--no-verify", "--password-stdin" } },
    { "password too long", long_input,
      { "bob@gmail.com", "--offline", "--no-verify", "--password-stdin" } },
    { "no --password-stdin, and no terminal", "bob-secret\n",
      { "bob@gmail.com", "--offline", "--no-verify" } },
    { "password as an argument", "",
      { "bob@gmail.com", "bob-secret", "--offline", "--no-verify", "--password-stdin" } },
    { "unknown option", "bob-secret\n",
      { "bob@gmail.com", "--password", "bob-secret", "--no-verify" } },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_refused (&cases[i]);

  g_assert_cmpuint (bd_test_secret_tool_count ("user", "bob@gmail.com"), ==, 0);
}

/* Without --no-verify each login is tried first, and a password is stored
 * only for the servers whose login succeeded. With no network at all (a
 * network namespace of its own) every login fails, so nothing is stored. */
static void
test_failed_logins_store_nothing (void)
{
  g_autoptr(BdTestRun) probe = bd_test_tool_run (NULL, "unshare", "--net", "true", NULL);
  g_autoptr(BdTestRun) run = NULL;

  if (probe->status != 0)
    {
      g_test_skip ("unshare --net needs root (CAP_SYS_ADMIN)");
      return;
    }

  run = bd_test_tool_run_env ("dave-secret\n", "G_DEBUG", g_getenv ("G_DEBUG"), "unshare", "--net",
                              "--", g_getenv ("BD_CLI"), "store", "dave@gmail.com", "--offline",
                              "--password-stdin", NULL);

  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_cmpuint (bd_test_count_lines (run->err), ==, 3);
  g_assert_nonnull (strstr (run->err, "The IMAP login to imap.gmail.com failed, so its "
                                      "password was not stored"));
  g_assert_nonnull (strstr (run->err, "The POP3 login to pop.gmail.com failed"));
  g_assert_nonnull (strstr (run->err, "The SMTP login to smtp.gmail.com failed"));
  g_assert_null (strstr (run->err, "dave-secret"));
  g_assert_cmpuint (bd_test_secret_tool_count ("user", "dave@gmail.com"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-store/store-puts-each-server-in-the-keyring",
                   test_store_puts_each_server_in_the_keyring);
  g_test_add_func ("/cli-store/store-again-replaces-the-passwords",
                   test_store_again_replaces_the_passwords);
  g_test_add_func ("/cli-store/bad-input-is-refused", test_bad_input_is_refused);
  g_test_add_func ("/cli-store/failed-logins-store-nothing", test_failed_logins_store_nothing);

  return g_test_run ();
}
