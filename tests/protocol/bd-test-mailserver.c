/* bd-test-mailserver.c
 *
 * Certificates are made once per test program with tests/servers/make-certs
 * into a temporary directory; every case starts its own mailserver.py (by
 * PID, stopped with SIGTERM and waited for), whose record of every byte
 * received proves what did or did not cross the wire before TLS.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "bd-error.h"
#include "bd-probe-render.h"
#include "bd-report.h"
#include "bd-test-mailserver.h"

struct _BdTestServer
{
  GSubprocess *process;
  char *dir;
  char *record;
  guint16 port;
};

static char *certs_dir;

/* The interpreter for tests/servers: $BD_PYTHON, or python3 from PATH. */
const char *
bd_test_python (void)
{
  const char *python = g_getenv ("BD_PYTHON");

  return python != NULL && python[0] != '\0' ? python : "python3";
}

static char *
servers_path (const char *file)
{
  const char *root = g_getenv ("BD_SOURCE_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "tests", "servers", file, NULL);
}

/* Removes a directory made for the test, and what is in it (no subdirectories). */
static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

void
bd_test_certs_init (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = servers_path ("make-certs");
  g_autoptr(GSubprocess) process = NULL;

  certs_dir = g_dir_make_tmp ("bd-protocol-certs-XXXXXX", &error);
  g_assert_no_error (error);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                              "sh", script, certs_dir, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);
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

void
bd_test_certs_cleanup (void)
{
  if (certs_dir != NULL)
    remove_dir (certs_dir);
  g_clear_pointer (&certs_dir, g_free);
}

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
 */
BdTestServer *
bd_test_server_start (const char  *protocol,
                      const char  *tls,
                      const char  *cert,
                      const char  *password,
                      const char **extra)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  BdTestServer *self = g_new0 (BdTestServer, 1);

  self->dir = g_dir_make_tmp ("bd-protocol-server-XXXXXX", &error);
  g_assert_no_error (error);
  self->record = g_build_filename (self->dir, "record.jsonl", NULL);

  g_ptr_array_add (argv, g_strdup (bd_test_python ()));
  g_ptr_array_add (argv, servers_path ("mailserver.py"));
  g_ptr_array_add (argv, g_strconcat ("--protocol=", protocol, NULL));
  g_ptr_array_add (argv, g_strconcat ("--tls=", tls, NULL));
  add_cert_arguments (argv, cert);
  g_ptr_array_add (argv, g_strconcat ("--user=", BD_TEST_USER, NULL));
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
  remove_dir (self->dir);
  g_free (self->dir);
  g_free (self->record);
  g_free (self);
}

typedef struct
{
  GMainLoop *loop;
  BdProbeReport *report;
  GError *error;
} ProbeWait;

static void
probe_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ProbeWait *wait = user_data;

  wait->report = bd_probe_run_finish (BD_PROBE (object), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

/**
 * bd_test_probe_run:
 * @elapsed_ms: (out): how long the probe took, as the caller saw it
 *
 * Runs @probe to its end on a main loop of its own.
 */
BdProbeReport *
bd_test_probe_run (BdProbe       *probe,
                   GCancellable  *cancellable,
                   guint         *elapsed_ms,
                   GError       **error)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  ProbeWait wait = { loop, NULL, NULL };
  gint64 start = g_get_monotonic_time ();

  bd_probe_run_async (probe, cancellable, probe_done_cb, &wait);
  g_main_loop_run (loop);
  *elapsed_ms = (guint) ((g_get_monotonic_time () - start) / 1000);
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.report;
}

/* Valid UTF-8 without a control character (security rule for server_says). */
void
bd_test_assert_clean_text (const char *text)
{
  if (text == NULL)
    return;
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
        g_error ("control character U+%04X in “%s”", c, text);
    }
}

/* Nothing the person sees holds a control character or the password. */
void
bd_test_assert_report_clean (BdProbeReport *report,
                             const char    *password)
{
  g_autoptr(JsonNode) node = bd_probe_render_report_json (report);
  g_autofree char *json = bd_report_json_to_string (node);
  g_autoptr(GString) text = g_string_new (NULL);
  GPtrArray *transcript = bd_probe_report_get_transcript (report);

  bd_test_assert_clean_text (bd_probe_report_get_server_says (report));
  bd_test_assert_clean_text (bd_probe_report_get_alert (report));
  for (guint i = 0; i < transcript->len; i++)
    bd_test_assert_clean_text (((BdTranscriptLine *) g_ptr_array_index (transcript, i))->line);
  bd_probe_render_append_text (text, report);
  if (password != NULL)
    {
      g_assert_null (strstr (json, password));
      g_assert_null (strstr (text->str, password));
    }
}

/* @code: "ok", or the error code's name. */
void
bd_test_assert_code (BdProbeReport *report,
                     const char    *code)
{
  const GError *error = bd_probe_report_get_error (report);

  if (g_str_equal (code, "ok"))
    {
      if (error != NULL)
        g_error ("expected success, got %s: %s (server says: %s)", bd_error_get_name (error),
                 error->message, bd_probe_report_get_server_says (report));
      g_assert_true (bd_probe_report_get_ok (report));
      return;
    }
  g_assert_nonnull (error);
  g_assert_cmpstr (bd_error_get_name (error), ==, code);
  g_assert_false (bd_probe_report_get_ok (report));
}

/**
 * bd_test_cli_run:
 * @input: what brevduva-cli reads on standard input
 * @arguments: its arguments, NULL-terminated
 */
BdTestCliRun *
bd_test_cli_run (const char         *input,
                 const char * const *arguments)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  BdTestCliRun *run = g_new0 (BdTestCliRun, 1);

  g_ptr_array_add (argv, (gpointer) g_getenv ("BD_CLI"));
  for (guint i = 0; arguments[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) arguments[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  return run;
}

void
bd_test_cli_run_free (BdTestCliRun *run)
{
  if (run == NULL)
    return;
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

/* Runs the tests added, then removes the certificates made for them. */
int
bd_test_run_and_clean_up (void)
{
  int status = g_test_run ();

  bd_test_certs_cleanup ();
  return status;
}
