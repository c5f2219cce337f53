/* bd-test-mailserver.c
 *
 * Certificates are made once per test program with tests/servers/make-certs
 * into a temporary directory; every case starts its own mailserver.py (by
 * PID, stopped with SIGTERM and waited for), whose record of every byte
 * received proves what did or did not cross the wire before TLS. The real
 * Dovecot and Postfix of tests/servers/real-servers are started once per
 * program, in a directory of their own, and need root.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "bd-test-mailserver.h"

/* real-servers exits so when it cannot run here (not root, no Dovecot). */
#define EXIT_SKIP 77

/* How the subprocesses of a test find the real servers it started. */
#define REAL_SERVERS_DIR_VARIABLE "BD_TEST_REAL_SERVERS_DIR"

struct _BdTestServer
{
  GSubprocess *process;
  char *dir;
  char *record;
  guint16 port;
};

struct _BdTestRealServers
{
  char *dir;
  JsonParser *ports;
  gboolean owned;
};

static char *certs_dir;
static gboolean certs_dir_owned;

/* The interpreter for tests/servers: $BD_PYTHON, or python3 from PATH. */
const char *
bd_test_python (void)
{
  const char *python = g_getenv ("BD_PYTHON");

  return python != NULL && python[0] != '\0' ? python : "python3";
}

/* tests/servers/@file in the source tree. */
char *
bd_test_servers_path (const char *file)
{
  const char *root = g_getenv ("BD_SOURCE_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "tests", "servers", file, NULL);
}

/* Removes a directory made for the test, and everything in it. */
static void
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children =
    g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                               G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;

  while (children != NULL &&
         (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr(GFileInfo) owned = info;
      g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (owned));

      if (g_file_query_file_type (child, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL) ==
          G_FILE_TYPE_DIRECTORY)
        remove_tree (child);
      else
        g_file_delete (child, NULL, NULL);
    }
  g_file_delete (file, NULL, NULL);
}

/**
 * bd_test_remove_dir:
 * @path: a directory the test made
 *
 * Removes it and everything in it, without following symbolic links.
 */
void
bd_test_remove_dir (const char *path)
{
  g_autoptr(GFile) dir = g_file_new_for_path (path);

  remove_tree (dir);
}

/* ---- certificates ---- */

/**
 * bd_test_certs_init:
 *
 * Makes the certificate sets of tests/servers/make-certs (its README lists
 * them) in a temporary directory, which bd_test_certs_cleanup() removes.
 */
void
bd_test_certs_init (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = bd_test_servers_path ("make-certs");
  g_autoptr(GSubprocess) process = NULL;

  g_assert_null (certs_dir);
  certs_dir = g_dir_make_tmp ("bd-test-certs-XXXXXX", &error);
  g_assert_no_error (error);
  certs_dir_owned = TRUE;
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                              "sh", script, certs_dir, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);
}

/**
 * bd_test_certs_use_dir:
 * @dir: a directory of NAME.crt and NAME.key files, made by the caller
 *
 * Takes the certificates from @dir instead, and leaves it in place.
 */
void
bd_test_certs_use_dir (const char *dir)
{
  g_assert_null (certs_dir);
  certs_dir = g_strdup (dir);
  certs_dir_owned = FALSE;
}

char *
bd_test_certs_path (const char *file)
{
  g_assert_nonnull (certs_dir);
  return g_build_filename (certs_dir, file, NULL);
}

/* "sha256:HEX" of a certificate set, from make-certs' NAME.sha256. */
char *
bd_test_certs_sha256 (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".sha256", NULL);
  g_autofree char *path = bd_test_certs_path (file);
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return g_strconcat ("sha256:", g_strstrip (contents), NULL);
}

/* The contents of @file (such as "ca.crt"), for an API that takes PEM. */
GBytes *
bd_test_certs_load (const char *file)
{
  g_autofree char *path = bd_test_certs_path (file);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

void
bd_test_certs_cleanup (void)
{
  if (certs_dir != NULL && certs_dir_owned)
    bd_test_remove_dir (certs_dir);
  g_clear_pointer (&certs_dir, g_free);
}

/* ---- scripted servers: mailserver.py ---- */

static void
add_cert_arguments (GPtrArray  *argv,
                    const char *cert)
{
  g_autofree char *crt = g_strconcat (cert, ".crt", NULL);
  /* incomplete and complete share leaf's key. */
  gboolean leaf = g_str_equal (cert, "incomplete") || g_str_equal (cert, "complete");
  g_autofree char *key = g_strconcat (leaf ? "leaf" : cert, ".key", NULL);

  g_ptr_array_add (argv, g_strdup ("--cert"));
  g_ptr_array_add (argv, bd_test_certs_path (crt));
  g_ptr_array_add (argv, g_strdup ("--key"));
  g_ptr_array_add (argv, bd_test_certs_path (key));
}

/* mailserver.py prints "PORT <n>" once it listens: no polling. */
static guint16
read_port (GSubprocess *process)
{
  g_autoptr(GDataInputStream) stream =
    g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line (stream, NULL, NULL, &error);
  guint64 port = 0;

  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "PORT "));
  g_assert_true (g_ascii_string_to_unsigned (line + 5, 10, 1, G_MAXUINT16, &port, NULL));
  return (guint16) port;
}

/**
 * bd_test_server_start:
 * @tls: "implicit", "starttls" or "none"
 * @cert: a certificate set of make-certs, such as "good"
 * @password: (nullable): the account's password, %BD_TEST_PASSWORD by default
 * @extra: (nullable): more arguments, NULL-terminated
 *
 * Starts a scripted server for %BD_TEST_USER on a loopback port; the
 * certificates must have been made (bd_test_certs_init()).
 */
BdTestServer *
bd_test_server_start (const char  *protocol,
                      const char  *tls,
                      const char  *cert,
                      const char  *password,
                      const char **extra)
{
  return bd_test_server_start_as (protocol, tls, cert, BD_TEST_USER, password, extra);
}

/**
 * bd_test_server_start_as:
 * @user: the account's user name
 *
 * The same, for another account than %BD_TEST_USER's.
 */
BdTestServer *
bd_test_server_start_as (const char  *protocol,
                         const char  *tls,
                         const char  *cert,
                         const char  *user,
                         const char  *password,
                         const char **extra)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  BdTestServer *self = g_new0 (BdTestServer, 1);

  self->dir = g_dir_make_tmp ("bd-test-server-XXXXXX", &error);
  g_assert_no_error (error);
  self->record = g_build_filename (self->dir, "record.jsonl", NULL);

  g_ptr_array_add (argv, g_strdup (bd_test_python ()));
  g_ptr_array_add (argv, bd_test_servers_path ("mailserver.py"));
  g_ptr_array_add (argv, g_strconcat ("--protocol=", protocol, NULL));
  g_ptr_array_add (argv, g_strconcat ("--tls=", tls, NULL));
  add_cert_arguments (argv, cert);
  g_ptr_array_add (argv, g_strconcat ("--user=", user, NULL));
  g_ptr_array_add (argv, g_strconcat ("--password=", password != NULL ? password
                                                                       : BD_TEST_PASSWORD, NULL));
  g_ptr_array_add (argv, g_strconcat ("--record=", self->record, NULL));
  g_ptr_array_add (argv, g_strdup ("--idle-timeout=20"));
  g_ptr_array_add (argv, g_strdup ("--endless-seconds=20"));
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (extra[i]));
  g_ptr_array_add (argv, NULL);

  self->process = g_subprocess_newv ((const char * const *) argv->pdata,
                                     G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  self->port = read_port (self->process);
  return self;
}

guint16
bd_test_server_get_port (BdTestServer *self)
{
  return self->port;
}

/**
 * bd_test_server_dup_received:
 * @phase: "plain" or "tls"
 *
 * Returns: (transfer full): every byte clients sent in @phase, from the
 *   record, as one NUL-terminated buffer (NUL bytes become spaces).
 */
char *
bd_test_server_dup_received (BdTestServer *self,
                             const char   *phase)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GString *received = g_string_new (NULL);

  if (!g_file_get_contents (self->record, &contents, NULL, NULL))
    return g_string_free (received, FALSE);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree guchar *data = NULL;
      JsonObject *object;
      gsize length = 0;

      if (lines[i][0] == '\0')
        continue;
      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      object = json_node_get_object (json_parser_get_root (parser));
      if (!g_str_equal (json_object_get_string_member (object, "phase"), phase))
        continue;
      data = g_base64_decode (json_object_get_string_member (object, "data"), &length);
      for (gsize j = 0; j < length; j++)
        g_string_append_c (received, data[j] != '\0' ? (char) data[j] : ' ');
    }
  return g_string_free (received, FALSE);
}

static gboolean
contains_ignoring_case (const char *haystack,
                        const char *needle)
{
  g_autofree char *lower_haystack = g_ascii_strdown (haystack, -1);
  g_autofree char *lower_needle = g_ascii_strdown (needle, -1);

  return strstr (lower_haystack, lower_needle) != NULL;
}

/* No user name, no password (in clear or in base64) and no command that
 * logs in are in what the server received in @phase. */
static void
assert_no_credentials (BdTestServer *self,
                       const char   *phase,
                       const char   *password)
{
  g_autofree char *received = bd_test_server_dup_received (self, phase);
  g_autofree char *user64 = g_base64_encode ((const guchar *) BD_TEST_USER, strlen (BD_TEST_USER));
  const char *const words[] = { BD_TEST_USER, "AUTH", "LOGIN", "USER", "PASS", "alice", NULL };

  for (guint i = 0; words[i] != NULL; i++)
    if (contains_ignoring_case (received, words[i]))
      g_error ("“%s” was sent (%s): %s", words[i], phase, received);
  g_assert_null (strstr (received, user64));
  if (password != NULL)
    {
      g_autofree char *password64 = g_base64_encode ((const guchar *) password, strlen (password));

      g_assert_null (strstr (received, password));
      g_assert_null (strstr (received, password64));
    }
}

/**
 * bd_test_server_assert_no_plain_credentials:
 *
 * Security rule 1: before TLS, no user name, no password (in clear or in
 * base64) and no command that logs in reached the server.
 */
void
bd_test_server_assert_no_plain_credentials (BdTestServer *self,
                                            const char   *password)
{
  assert_no_credentials (self, "plain", password);
}

/**
 * bd_test_server_assert_no_login_sent:
 *
 * For a probe that stopped before logging in: no credential and no command
 * that logs in reached the server, before TLS or over it.
 */
void
bd_test_server_assert_no_login_sent (BdTestServer *self,
                                     const char   *password)
{
  assert_no_credentials (self, "plain", password);
  assert_no_credentials (self, "tls", password);
}

void
bd_test_server_stop (BdTestServer *self)
{
  if (self == NULL)
    return;
  g_subprocess_send_signal (self->process, SIGTERM);
  g_subprocess_wait (self->process, NULL, NULL);
  g_clear_object (&self->process);
  bd_test_remove_dir (self->dir);
  g_free (self->dir);
  g_free (self->record);
  g_free (self);
}

/* ---- real servers: Dovecot and Postfix ---- */

static int
run_real_servers (const char *action,
                  const char *dir)
{
  g_autofree char *script = bd_test_servers_path ("real-servers");
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                              bd_test_python (), script, action, dir, NULL);
  g_assert_no_error (error);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

static BdTestRealServers *
real_servers_new (const char *dir,
                  gboolean    owned)
{
  BdTestRealServers *self = g_new0 (BdTestRealServers, 1);
  g_autofree char *ports_file = g_build_filename (dir, "ports.json", NULL);
  g_autoptr(GError) error = NULL;

  self->dir = g_strdup (dir);
  self->owned = owned;
  self->ports = json_parser_new ();
  json_parser_load_from_file (self->ports, ports_file, &error);
  g_assert_no_error (error);
  return self;
}

/**
 * bd_test_real_servers_start:
 * @password: the account's password (the user is %BD_TEST_USER)
 * @skip_reason: (out): why the servers cannot run here, when they cannot
 *
 * Starts Dovecot (IMAP and POP3, STARTTLS and implicit TLS) and Postfix
 * (submission and smtps) on free loopback ports, with make-certs'
 * certificates in their directory's `certs`. The test's subprocesses
 * find them with bd_test_real_servers_attach().
 *
 * Returns: (nullable): the servers, or %NULL when @skip_reason says why not
 */
BdTestRealServers *
bd_test_real_servers_start (const char  *password,
                            char       **skip_reason)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bd-real-servers-XXXXXX", &error);
  g_autofree char *password_file = NULL;
  g_autofree char *password_line = g_strconcat (password, "\n", NULL);
  int status;

  g_assert_no_error (error);
  password_file = g_build_filename (dir, "password", NULL);
  g_assert_true (g_file_set_contents (password_file, password_line, -1, NULL));

  status = run_real_servers ("start", dir);
  if (status == EXIT_SKIP)
    {
      *skip_reason = g_strdup ("real-servers cannot run here (it needs root, Dovecot and Postfix)");
      bd_test_remove_dir (dir);
      return NULL;
    }
  g_assert_cmpint (status, ==, 0);
  g_setenv (REAL_SERVERS_DIR_VARIABLE, dir, TRUE);
  return real_servers_new (dir, TRUE);
}

/**
 * bd_test_real_servers_attach:
 *
 * In a subprocess of the test (g_test_trap_subprocess()), the servers that
 * the test started. Stopping them only lets go of them.
 */
BdTestRealServers *
bd_test_real_servers_attach (void)
{
  const char *dir = g_getenv (REAL_SERVERS_DIR_VARIABLE);

  g_assert_nonnull (dir);
  return real_servers_new (dir, FALSE);
}

/* The servers' directory: logs (dovecot.log, postfix.log), certs/. */
const char *
bd_test_real_servers_get_dir (BdTestRealServers *self)
{
  return self->dir;
}

/**
 * bd_test_real_servers_get_port:
 * @service: "imap", "imaps", "pop3", "pop3s", "submission" or "smtps"
 */
guint16
bd_test_real_servers_get_port (BdTestRealServers *self,
                               const char        *service)
{
  JsonObject *ports = json_node_get_object (json_parser_get_root (self->ports));
  gint64 port = json_object_get_int_member (ports, service);

  g_assert_cmpint (port, >, 0);
  g_assert_cmpint (port, <=, G_MAXUINT16);
  return (guint16) port;
}

/* A file in the servers' directory, such as ("certs", "ca.crt", NULL). */
char *
bd_test_real_servers_dup_path (BdTestRealServers *self,
                               const char        *first_element,
                               ...)
{
  g_autoptr(GPtrArray) elements = g_ptr_array_new ();
  va_list args;

  g_ptr_array_add (elements, self->dir);
  va_start (args, first_element);
  for (const char *element = first_element; element != NULL; element = va_arg (args, const char *))
    g_ptr_array_add (elements, (gpointer) element);
  va_end (args);
  g_ptr_array_add (elements, NULL);
  return g_build_filenamev ((char **) elements->pdata);
}

/* Stops the servers this process started, and removes their directory. */
void
bd_test_real_servers_stop (BdTestRealServers *self)
{
  if (self == NULL)
    return;
  if (self->owned)
    {
      g_assert_cmpint (run_real_servers ("stop", self->dir), ==, 0);
      bd_test_remove_dir (self->dir);
      g_unsetenv (REAL_SERVERS_DIR_VARIABLE);
    }
  g_clear_object (&self->ports);
  g_free (self->dir);
  g_free (self);
}

/* Runs the tests added, then removes the certificates made for them. */
int
bd_test_run_and_clean_up (void)
{
  int status = g_test_run ();

  bd_test_certs_cleanup ();
  return status;
}
