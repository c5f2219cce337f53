/* bd-test-keyring.c
 *
 * The keyring tests run inside tests/integration/keyring-session: a private
 * session bus with a gnome-keyring-daemon of its own. They look at what
 * Brevduva stored as anyone would, with secret-tool and the Secret
 * Service's D-Bus methods, and wait for BdKeyring's calls under a
 * deadline, so that a prompt nobody answers fails the test.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-test-keyring.h"

/* `secret-tool lookup protocol P server S user U [port N]`, as anyone would
 * type it. Returns: the password it printed, or %NULL when it found none. */
char *
bd_test_secret_tool_lookup (const char *protocol,
                            const char *server,
                            const char *user,
                            const char *port)
{
  g_autoptr(BdTestRun) run = NULL;

  if (port != NULL)
    run = bd_test_tool_run (NULL, "secret-tool", "lookup", "protocol", protocol,
                            "server", server, "user", user, "port", port, NULL);
  else
    run = bd_test_tool_run (NULL, "secret-tool", "lookup", "protocol", protocol,
                            "server", server, "user", user, NULL);

  if (run->status != 0)
    {
      g_assert_cmpstr (run->out, ==, "");
      return NULL;
    }
  /* secret-tool ends the password with a newline only at a terminal. */
  if (g_str_has_suffix (run->out, "\n"))
    run->out[strlen (run->out) - 1] = '\0';
  return g_steal_pointer (&run->out);
}

/* `secret-tool search --all ATTRIBUTE VALUE`: every item, locked or not,
 * with its label, secret, schema and attributes. secret-tool prints the
 * schema and the attributes on stderr, the rest on stdout; this returns
 * both. */
char *
bd_test_secret_tool_search (const char *attribute,
                            const char *value)
{
  g_autoptr(BdTestRun) run = bd_test_tool_run (NULL, "secret-tool", "search", "--all",
                                               attribute, value, NULL);

  return g_strconcat (run->out, run->err, NULL);
}

/* How many items `secret-tool search --all` lists: each starts with a line
 * such as “[/1]”, its path. */
guint
bd_test_secret_tool_count (const char *attribute,
                           const char *value)
{
  g_autofree char *out = bd_test_secret_tool_search (attribute, value);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    n += g_str_has_prefix (lines[i], "[/");
  return n;
}

/* Locks the default collection through the Secret Service's own D-Bus
 * method, as the screen lock or Passwords and Keys does. */
void
bd_test_keyring_lock_default (void)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) alias = NULL;
  g_autoptr(GVariant) property = NULL;
  g_autoptr(GVariant) locked = NULL;
  g_autoptr(GError) error = NULL;
  const char *collection;
  const char *paths[2] = { NULL, NULL };

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  alias = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                       "org.freedesktop.Secret.Service", "ReadAlias",
                                       g_variant_new ("(s)", "default"), G_VARIANT_TYPE ("(o)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (alias, "(&o)", &collection);
  g_assert_cmpstr (collection, ==, "/org/freedesktop/secrets/collection/login");

  paths[0] = collection;
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                       "org.freedesktop.Secret.Service", "Lock",
                                       g_variant_new ("(^ao)", paths), G_VARIANT_TYPE ("(aoo)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);

  property = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", collection,
                                          "org.freedesktop.DBus.Properties", "Get",
                                          g_variant_new ("(ss)", "org.freedesktop.Secret.Collection",
                                                         "Locked"),
                                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                          NULL, &error);
  g_assert_no_error (error);
  g_variant_get (property, "(v)", &locked);
  g_assert_true (g_variant_get_boolean (locked));
}

/* The D-Bus paths of the items whose @attribute is @value, locked or not,
 * from the Secret Service's SearchItems. */
char **
bd_test_keyring_search_paths (const char *attribute,
                              const char *value)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariantBuilder) attributes = g_variant_builder_new (G_VARIANT_TYPE ("a{ss}"));
  g_autoptr(GError) error = NULL;
  g_autofree const char **unlocked = NULL;
  g_autofree const char **locked = NULL;
  GPtrArray *paths = g_ptr_array_new ();

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  g_variant_builder_add (attributes, "{ss}", attribute, value);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                       "org.freedesktop.Secret.Service", "SearchItems",
                                       g_variant_new ("(a{ss})", attributes),
                                       G_VARIANT_TYPE ("(aoao)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                       NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(^a&o^a&o)", &unlocked, &locked);
  for (guint i = 0; unlocked[i] != NULL; i++)
    g_ptr_array_add (paths, g_strdup (unlocked[i]));
  for (guint i = 0; locked[i] != NULL; i++)
    g_ptr_array_add (paths, g_strdup (locked[i]));
  g_ptr_array_add (paths, NULL);
  return (char **) g_ptr_array_free (paths, FALSE);
}

/* A server that takes a password over TLS. */
BdServer *
bd_test_keyring_server_new (BdProtocol  protocol,
                            const char *hostname,
                            guint16     port,
                            const char *username)
{
  BdServer *server = bd_server_new (protocol, hostname, port, BD_SECURITY_TLS, username);

  bd_server_set_auth (server, BD_AUTH_PASSWORD_CLEARTEXT);
  return server;
}

/* BdKeyring's operations, waited for under the deadline. */
gboolean
bd_test_keyring_store (BdKeyring   *keyring,
                       BdServer    *server,
                       const char  *password,
                       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  bd_keyring_store_async (keyring, server, password, NULL, bd_test_got_result_cb, &slot);
  result = bd_test_wait_for_result (&slot, BD_TEST_KEYRING_DEADLINE_MS);
  return bd_keyring_store_finish (keyring, result, error);
}

char *
bd_test_keyring_lookup (BdKeyring  *keyring,
                        BdServer   *server,
                        GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  bd_keyring_lookup_async (keyring, server, NULL, bd_test_got_result_cb, &slot);
  result = bd_test_wait_for_result (&slot, BD_TEST_KEYRING_DEADLINE_MS);
  return bd_keyring_lookup_finish (keyring, result, error);
}

gboolean
bd_test_keyring_delete (BdKeyring  *keyring,
                        BdServer   *server,
                        GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  bd_keyring_delete_async (keyring, server, NULL, bd_test_got_result_cb, &slot);
  result = bd_test_wait_for_result (&slot, BD_TEST_KEYRING_DEADLINE_MS);
  return bd_keyring_delete_finish (keyring, result, error);
}
