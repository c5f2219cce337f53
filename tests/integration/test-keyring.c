/* test-keyring.c: BdKeyring against a real gnome-keyring-daemon
 *
 * Runs inside keyring-session, which gives it a private session bus and a
 * gnome-keyring-daemon with an unlocked "login" keyring and no prompter.
 * What BdKeyring stores is checked with secret-tool, as a person would.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <libsecret/secret.h>

#include "bd-error.h"
#include "bd-keyring.h"
#include "bd-test-keyring.h"

static void
assert_lookup (BdKeyring  *keyring,
               BdServer   *server,
               const char *expected)
{
  g_autoptr(GError) error = NULL;
  char *password = bd_test_keyring_lookup (keyring, server, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, expected);
  secret_password_free (password);
}

static void
test_stored_password_is_found_by_secret_tool (void)
{
  g_autoptr(BdKeyring) keyring = bd_keyring_new ();
  g_autoptr(BdServer) server = bd_test_keyring_server_new (BD_PROTOCOL_IMAP, "imap.store.example",
                                                           993, "alice@store.example");
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *found_with_port = NULL;

  g_assert_true (bd_test_keyring_store (keyring, server, "correct horse battery staple", &error));
  g_assert_no_error (error);

  found = bd_test_secret_tool_lookup ("imap", "imap.store.example", "alice@store.example", NULL);
  g_assert_cmpstr (found, ==, "correct horse battery staple");
  found_with_port = bd_test_secret_tool_lookup ("imap", "imap.store.example", "alice@store.example",
                                                "993");
  g_assert_cmpstr (found_with_port, ==, "correct horse battery staple");
  assert_lookup (keyring, server, "correct horse battery staple");

  g_assert_finalize_object (g_steal_pointer (&keyring));
}

static gboolean
has_line (const char *text,
          const char *line)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  return g_strv_contains ((const char * const *) lines, line);
}

/* The item is an org.gnome.keyring.NetworkPassword in the login keyring,
 * with the label a person sees in Passwords and Keys. */
static void
test_item_is_a_network_password_in_the_login_keyring (void)
{
  g_autoptr(BdKeyring) keyring = bd_keyring_new ();
  g_autoptr(BdServer) server = bd_test_keyring_server_new (BD_PROTOCOL_POP3, "pop.label.example",
                                                           995, "alice@label.example");
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *label = bd_keyring_dup_label (server);
  g_auto(GStrv) paths = NULL;

  g_assert_cmpstr (label, ==, "Mail password for alice@label.example on pop.label.example "
                              "(POP3, Brevduva)");
  g_assert_true (bd_test_keyring_store (keyring, server, "label-test-secret", &error));
  g_assert_no_error (error);

  out = bd_test_secret_tool_search ("server", "pop.label.example");
  g_assert_true (has_line (out, "label = Mail password for alice@label.example on "
                                "pop.label.example (POP3, Brevduva)"));
  g_assert_true (has_line (out, "schema = org.gnome.keyring.NetworkPassword"));
  g_assert_true (has_line (out, "attribute.user = alice@label.example"));
  g_assert_true (has_line (out, "attribute.server = pop.label.example"));
  g_assert_true (has_line (out, "attribute.protocol = pop3"));
  g_assert_true (has_line (out, "attribute.port = 995"));
  g_assert_cmpuint (bd_test_secret_tool_count ("server", "pop.label.example"), ==, 1);

  /* The default collection, which keyring-session made the login keyring. */
  paths = bd_test_keyring_search_paths ("server", "pop.label.example");
  g_assert_cmpuint (g_strv_length (paths), ==, 1);
  g_assert_true (g_str_has_prefix (paths[0], "/org/freedesktop/secrets/collection/login/"));
}

static void
test_storing_again_replaces_the_password (void)
{
  g_autoptr(BdKeyring) keyring = bd_keyring_new ();
  g_autoptr(BdServer) server = bd_test_keyring_server_new (BD_PROTOCOL_IMAP, "imap.replace.example",
                                                           993, "alice@replace.example");
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;

  g_assert_true (bd_test_keyring_store (keyring, server, "first password", &error));
  g_assert_no_error (error);
  g_assert_true (bd_test_keyring_store (keyring, server, "second password", &error));
  g_assert_no_error (error);

  assert_lookup (keyring, server, "second password");
  found = bd_test_secret_tool_lookup ("imap", "imap.replace.example", "alice@replace.example",
                                      NULL);
  g_assert_cmpstr (found, ==, "second password");
  g_assert_cmpuint (bd_test_secret_tool_count ("server", "imap.replace.example"), ==, 1);
}

/* One item per server login: IMAP and SMTP on one host are two logins. */
static void
test_each_protocol_has_its_own_item (void)
{
  g_autoptr(BdKeyring) keyring = bd_keyring_new ();
  g_autoptr(BdServer) imap = bd_test_keyring_server_new (BD_PROTOCOL_IMAP, "mail.both.example", 993,
                                                         "alice@both.example");
  g_autoptr(BdServer) smtp = bd_test_keyring_server_new (BD_PROTOCOL_SMTP, "mail.both.example", 465,
                                                         "alice@both.example");
  g_autoptr(GError) error = NULL;
  g_autofree char *found_imap = NULL;
  g_autofree char *found_smtp = NULL;

  g_assert_true (bd_test_keyring_store (keyring, imap, "imap secret", &error));
  g_assert_no_error (error);
  g_assert_true (bd_test_keyring_store (keyring, smtp, "smtp secret", &error));
  g_assert_no_error (error);

  found_imap = bd_test_secret_tool_lookup ("imap", "mail.both.example", "alice@both.example", NULL);
  found_smtp = bd_test_secret_tool_lookup ("smtp", "mail.both.example", "alice@both.example", NULL);
  g_assert_cmpstr (found_imap, ==, "imap secret");
  g_assert_cmpstr (found_smtp, ==, "smtp secret");
  g_assert_cmpuint (bd_test_secret_tool_count ("server", "mail.both.example"), ==, 2);
}

static void
test_delete_removes_the_item (void)
{
  g_autoptr(BdKeyring) keyring = bd_keyring_new ();
  g_autoptr(BdServer) server = bd_test_keyring_server_new (BD_PROTOCOL_SMTP, "smtp.delete.example",
                                                           587, "alice@delete.example");
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;

  g_assert_true (bd_test_keyring_store (keyring, server, "doomed password", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bd_test_secret_tool_count ("server", "smtp.delete.example"), ==, 1);

  g_assert_true (bd_test_keyring_delete (keyring, server, &error));
  g_assert_no_error (error);

  assert_lookup (keyring, server, NULL);
  found = bd_test_secret_tool_lookup ("smtp", "smtp.delete.example", "alice@delete.example", NULL);
  g_assert_null (found);
  g_assert_cmpuint (bd_test_secret_tool_count ("server", "smtp.delete.example"), ==, 0);

  /* Deleting what is not there is no error; it just deletes nothing. */
  g_assert_false (bd_test_keyring_delete (keyring, server, &error));
  g_assert_no_error (error);
}

static void
test_lookup_of_an_unknown_login_finds_nothing (void)
{
  g_autoptr(BdKeyring) keyring = bd_keyring_new ();
  g_autoptr(BdServer) server = bd_test_keyring_server_new (BD_PROTOCOL_IMAP, "imap.unknown.example",
                                                           993, "nobody@unknown.example");

  assert_lookup (keyring, server, NULL);
}

static void
test_login_without_user_or_password_is_refused (void)
{
  g_autoptr(BdKeyring) keyring = bd_keyring_new ();
  g_autoptr(BdServer) no_user = bd_test_keyring_server_new (BD_PROTOCOL_IMAP, "imap.refuse.example",
                                                            993, "");
  g_autoptr(BdServer) server = bd_test_keyring_server_new (BD_PROTOCOL_IMAP, "imap.refuse.example",
                                                           993, "alice@refuse.example");
  g_autoptr(GError) error = NULL;

  g_assert_false (bd_test_keyring_store (keyring, no_user, "a password", &error));
  g_assert_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_false (bd_test_keyring_store (keyring, server, "", &error));
  g_assert_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_cmpuint (bd_test_secret_tool_count ("server", "imap.refuse.example"), ==, 0);
}

static void
test_cancelled_store_stores_nothing (void)
{
  g_autoptr(BdKeyring) keyring = bd_keyring_new ();
  g_autoptr(BdServer) server = bd_test_keyring_server_new (BD_PROTOCOL_IMAP, "imap.cancel.example",
                                                           993, "alice@cancel.example");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  g_cancellable_cancel (cancellable);
  bd_keyring_store_async (keyring, server, "never stored", cancellable, bd_test_got_result_cb,
                          &slot);
  result = bd_test_wait_for_result (&slot, BD_TEST_KEYRING_DEADLINE_MS);
  g_assert_false (bd_keyring_store_finish (keyring, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (bd_test_secret_tool_count ("server", "imap.cancel.example"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keyring/stored-password-is-found-by-secret-tool",
                   test_stored_password_is_found_by_secret_tool);
  g_test_add_func ("/keyring/item-is-a-network-password-in-the-login-keyring",
                   test_item_is_a_network_password_in_the_login_keyring);
  g_test_add_func ("/keyring/storing-again-replaces-the-password",
                   test_storing_again_replaces_the_password);
  g_test_add_func ("/keyring/each-protocol-has-its-own-item",
                   test_each_protocol_has_its_own_item);
  g_test_add_func ("/keyring/delete-removes-the-item", test_delete_removes_the_item);
  g_test_add_func ("/keyring/lookup-of-an-unknown-login-finds-nothing",
                   test_lookup_of_an_unknown_login_finds_nothing);
  g_test_add_func ("/keyring/login-without-user-or-password-is-refused",
                   test_login_without_user_or_password_is_refused);
  g_test_add_func ("/keyring/cancelled-store-stores-nothing",
                   test_cancelled_store_stores_nothing);

  return g_test_run ();
}
