/* keyring-test-util.c
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "keyring-test-util.h"

void
tool_run_free (ToolRun *run)
{
  g_free (run->out);
  g_free (run->err);
  g_free (run->cmdline);
  g_free (run->environment);
  g_free (run);
}

/* The NUL-separated file @name of process @pid, with the NULs made spaces. */
static char *
read_proc_file (const char *pid,
                const char *name)
{
  g_autofree char *path = g_build_filename ("/proc", pid, name, NULL);
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  for (gsize i = 0; i < length; i++)
    if (contents[i] == '\0')
      contents[i] = ' ';
  return contents;
}

/* Runs @argv with @input on its standard input. Other programs than ours run
 * without the tests' G_DEBUG=fatal-warnings: their warnings are not ours.
 * While the program waits for its input, its command line and environment
 * are read from /proc, for the tests that check a password is in neither. */
static ToolRun *
run_argv (const char  *input,
          const char  *variable,
          const char  *value,
          GPtrArray   *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  ToolRun *run = g_new0 (ToolRun, 1);
  const char *program = g_ptr_array_index (argv, 0);
  const char *pid;

  g_ptr_array_add (argv, NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (g_strcmp0 (program, g_getenv ("BD_CLI")) != 0)
    g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  if (variable != NULL)
    g_subprocess_launcher_setenv (launcher, variable, value, TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  pid = g_subprocess_get_identifier (process);
  if (pid != NULL)
    {
      run->cmdline = read_proc_file (pid, "cmdline");
      run->environment = read_proc_file (pid, "environ");
    }

  g_subprocess_communicate_utf8 (process, input, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process))
    g_test_message ("%s was killed; it said on stderr: %s", program, run->err);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  if (run->status != 0 && run->err != NULL && *run->err != '\0')
    g_test_message ("%s said on stderr: %s", program, run->err);
  return run;
}

static GPtrArray *
collect_args (const char *first_arg,
              va_list     args)
{
  GPtrArray *argv = g_ptr_array_new ();

  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  return argv;
}

/* Runs the NULL-terminated command line, with @input (may be %NULL) on its
 * standard input. */
ToolRun *
tool_run (const char *input,
          const char *first_arg,
          ...)
{
  g_autoptr(GPtrArray) argv = NULL;
  va_list args;

  va_start (args, first_arg);
  argv = collect_args (first_arg, args);
  va_end (args);
  return run_argv (input, NULL, NULL, argv);
}

/* The same, with the environment variable @variable set to @value. */
ToolRun *
tool_run_env (const char *input,
              const char *variable,
              const char *value,
              const char *first_arg,
              ...)
{
  g_autoptr(GPtrArray) argv = NULL;
  va_list args;

  va_start (args, first_arg);
  argv = collect_args (first_arg, args);
  va_end (args);
  return run_argv (input, variable, value, argv);
}

/* `secret-tool lookup protocol P server S user U [port N]`, as anyone would
 * type it. Returns: the password it printed, or %NULL when it found none. */
char *
secret_tool_lookup (const char *protocol,
                    const char *server,
                    const char *user,
                    const char *port)
{
  g_autoptr(ToolRun) run = NULL;

  if (port != NULL)
    run = tool_run (NULL, "secret-tool", "lookup", "protocol", protocol, "server", server,
                    "user", user, "port", port, NULL);
  else
    run = tool_run (NULL, "secret-tool", "lookup", "protocol", protocol, "server", server,
                    "user", user, NULL);

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
secret_tool_search (const char *attribute,
                    const char *value)
{
  g_autoptr(ToolRun) run = tool_run (NULL, "secret-tool", "search", "--all",
                                     attribute, value, NULL);

  return g_strconcat (run->out, run->err, NULL);
}

/* How many items `secret-tool search --all` lists: each starts with a line
 * such as “[/1]”, its path. */
guint
secret_tool_count (const char *attribute,
                   const char *value)
{
  g_autofree char *out = secret_tool_search (attribute, value);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    n += g_str_has_prefix (lines[i], "[/");
  return n;
}

/* Locks the default collection through the Secret Service's own D-Bus
 * method, as the screen lock or Passwords and Keys does. */
void
keyring_lock_default (void)
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
keyring_search_paths (const char *attribute,
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

void
got_result_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static gboolean
deadline_passed_cb (gpointer user_data)
{
  gboolean *passed = user_data;

  *passed = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until got_result_cb() fills @slot; a call that
 * takes longer than TEST_KEYRING_DEADLINE_SECONDS (a hang, say, on a prompt
 * nobody answers) fails the test. Returns: (transfer full): the result. */
GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  gboolean passed = FALSE;
  guint deadline = g_timeout_add_seconds (TEST_KEYRING_DEADLINE_SECONDS, deadline_passed_cb,
                                          &passed);

  while (*slot == NULL && !passed)
    g_main_context_iteration (NULL, TRUE);
  if (!passed)
    g_source_remove (deadline);
  g_assert_nonnull (*slot);
  return g_steal_pointer (slot);
}

guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

/* A server that takes a password over TLS. */
BdServer *
make_server (BdProtocol  protocol,
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
keyring_store (BdKeyring   *keyring,
               BdServer    *server,
               const char  *password,
               GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  bd_keyring_store_async (keyring, server, password, NULL, got_result_cb, &slot);
  result = wait_for_result (&slot);
  return bd_keyring_store_finish (keyring, result, error);
}

char *
keyring_lookup (BdKeyring  *keyring,
                BdServer   *server,
                GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  bd_keyring_lookup_async (keyring, server, NULL, got_result_cb, &slot);
  result = wait_for_result (&slot);
  return bd_keyring_lookup_finish (keyring, result, error);
}

gboolean
keyring_delete (BdKeyring  *keyring,
                BdServer   *server,
                GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  bd_keyring_delete_async (keyring, server, NULL, got_result_cb, &slot);
  result = wait_for_result (&slot);
  return bd_keyring_delete_finish (keyring, result, error);
}
