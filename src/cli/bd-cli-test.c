/* bd-cli-test.c: brevduva-cli test URL… and brevduva-cli check ADDRESS
 *
 *   test URL…     [--user NAME] [--password-stdin] [--ca-file PEM] [--pin sha256:HEX]
 *                 [--timeout SEC] [--json]
 *   check ADDRESS [--password-stdin] [--ca-file PEM] [--offline] [--timeout SEC] [--json]
 *
 * The password is only ever the first line of standard input (never an
 * argument; bd-cli-password.c), in one buffer that is wiped before
 * the command returns. Every server is probed at once; Ctrl+C cancels the
 * probes, which close their sockets at once.
 *
 * Exit status: 0 when every server (test) or the account (check) works,
 * 1 when one failed, 2 for bad input, with one line on standard error.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib-unix.h>
#include <glib/gi18n.h>

#include "bd-account-probe.h"
#include "bd-cli.h"
#include "bd-cli-password.h"
#include "bd-cli-test.h"
#include "bd-detector.h"
#include "bd-error.h"
#include "bd-probe.h"
#include "bd-probe-render.h"
#include "bd-report.h"
#include "bd-server-url.h"
#include "bd-tls-certificate.h"
#include "bd-tls-context-private.h"

#define MAX_TIMEOUT_SECONDS 3600.0
typedef struct
{
  char *user;
  gboolean password_stdin;
  char *ca_file;
  char *pin;
  double timeout;
  gboolean offline;
  gboolean json;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->user);
  g_free (options->ca_file);
  g_free (options->pin);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static int
fail_usage (const char *message)
{
  fprintf (stderr, "brevduva-cli: %s\n", message);
  return BD_CLI_EXIT_USAGE;
}

static GOptionContext *
new_context (const char   *command,
             const char   *parameter,
             const char   *summary,
             GOptionEntry *entries)
{
  g_autofree char *parameters = g_strdup_printf ("%s %s", command, parameter);
  GOptionContext *context = g_option_context_new (parameters);

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  return context;
}

/* Checks what both commands share: the timeout, the CA file, the pin. */
static gboolean
check_options (Options  *options,
               GBytes  **ca_pem,
               GError  **error)
{
  if (options->timeout < 0 || options->timeout > MAX_TIMEOUT_SECONDS)
    {
      g_set_error_literal (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                           _("--timeout must be a number of seconds between 0 and 3600."));
      return FALSE;
    }
  if (options->ca_file != NULL)
    {
      *ca_pem = bd_tls_load_pem_file (options->ca_file, error);
      if (*ca_pem == NULL)
        return FALSE;
    }
  if (options->pin != NULL)
    {
      g_autofree char *parsed = bd_tls_pin_parse (options->pin, error);

      if (parsed == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
print_json (JsonNode *node)
{
  g_autofree char *text = bd_report_json_to_string (node);

  printf ("%s\n", text);
}

/* ---- waiting for the probes, with Ctrl+C cancelling them ---- */

typedef struct
{
  GMainLoop *loop;
  GCancellable *cancellable;
  guint pending;
} Waiter;

static gboolean
interrupted_cb (gpointer user_data)
{
  Waiter *waiter = user_data;

  g_cancellable_cancel (waiter->cancellable);
  return G_SOURCE_CONTINUE;
}

static void
waiter_run (Waiter *waiter)
{
  guint sigint = g_unix_signal_add (SIGINT, interrupted_cb, waiter);
  guint sigterm = g_unix_signal_add (SIGTERM, interrupted_cb, waiter);

  while (waiter->pending > 0)
    g_main_loop_run (waiter->loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
}

static void
waiter_done (Waiter *waiter)
{
  waiter->pending--;
  g_main_loop_quit (waiter->loop);
}

/* ---- test URL… ---- */

typedef struct
{
  Waiter *waiter;
  GPtrArray *reports;   /* in the order of the URLs */
  guint index;
} TestSlot;

static void
probe_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  TestSlot *slot = user_data;
  BdProbeReport *report = bd_probe_run_finish (BD_PROBE (object), result, NULL);

  if (report != NULL)
    g_ptr_array_index (slot->reports, slot->index) = report;
  waiter_done (slot->waiter);
}

static BdProbe *
make_probe (BdServer       *server,
            const Options  *options,
            GBytes         *ca_pem,
            const BdCliPassword *password)
{
  BdProbe *probe = bd_probe_new (server);

  if (options->user != NULL)
    bd_probe_set_username (probe, options->user);
  if (password != NULL)
    bd_probe_set_password (probe, password->bytes, (gssize) password->length);
  bd_probe_set_ca_pem (probe, ca_pem);
  bd_probe_set_pin (probe, options->pin, NULL);
  bd_probe_set_timeout (probe, (guint) (options->timeout * 1000));
  return probe;
}

/* Parses the trust store (and @ca_pem) now, while the probes wait for
 * their DNS answers, instead of in the first probe's thread before its
 * first SYN; the probes then share it (bd_tls_context_new()'s cache).
 * Done here, on the command line's own main thread, which has nothing
 * else to do meanwhile; a failure is the probes' to report.
 * Returns: (transfer full) (nullable): the context, to hold until the end. */
static BdTlsContext *
warm_trust_store (GBytes *ca_pem)
{
  return bd_tls_context_new (ca_pem, NULL);
}

/* The report of a probe that was cancelled stays NULL. */
static void
clear_report (gpointer report)
{
  if (report != NULL)
    g_object_unref (report);
}

/* Runs every probe at once. Returns: (transfer full): the reports, or
 * %NULL when interrupted. */
static GPtrArray *
run_probes (GPtrArray      *servers,
            const Options  *options,
            GBytes         *ca_pem,
            const BdCliPassword *password)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) probes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func (clear_report);
  g_autofree TestSlot *slots = g_new0 (TestSlot, servers->len);
  g_autoptr(BdTlsContext) trust = NULL;
  Waiter waiter = { loop, cancellable, servers->len };

  g_ptr_array_set_size (reports, servers->len);
  for (guint i = 0; i < servers->len; i++)
    {
      BdProbe *probe = make_probe (g_ptr_array_index (servers, i), options, ca_pem, password);

      g_ptr_array_add (probes, probe);
      slots[i] = (TestSlot) { &waiter, reports, i };
      bd_probe_run_async (probe, cancellable, probe_done_cb, &slots[i]);
    }
  trust = warm_trust_store (ca_pem);
  waiter_run (&waiter);

  if (g_cancellable_is_cancelled (cancellable))
    return NULL;
  return g_steal_pointer (&reports);
}

static gboolean
all_ok (GPtrArray *reports)
{
  for (guint i = 0; i < reports->len; i++)
    if (!bd_probe_report_get_ok (g_ptr_array_index (reports, i)))
      return FALSE;
  return TRUE;
}

static void
print_reports (GPtrArray *reports,
               gboolean   json)
{
  if (json)
    {
      g_autoptr(JsonNode) node = bd_probe_render_json (reports);

      print_json (node);
    }
  else
    {
      g_autofree char *text = bd_probe_render_text (reports);

      printf ("%s", text);
    }
}

/* Every URL as a server; a password needs a user name for each. */
static GPtrArray *
parse_servers (int             argc,
               char          **argv,
               const Options  *options,
               GError        **error)
{
  g_autoptr(GPtrArray) servers = g_ptr_array_new_with_free_func (g_object_unref);

  for (int i = 1; i < argc; i++)
    {
      BdServer *server = bd_server_new_from_url (argv[i], error);

      if (server == NULL)
        return NULL;
      g_ptr_array_add (servers, server);
      if (options->password_stdin && options->user == NULL &&
          bd_server_get_username (server) == NULL)
        {
          g_set_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                       _("A password needs a user name: add --user NAME, or write it in "
                         "the URL, as in imaps://NAME@%s."), bd_server_get_hostname (server));
          return NULL;
        }
    }
  return g_steal_pointer (&servers);
}

static int
test_servers (GPtrArray     *servers,
              const Options *options,
              GBytes        *ca_pem)
{
  g_autoptr(BdCliPassword) password = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GError) error = NULL;

  if (options->password_stdin)
    {
      password = bd_cli_password_read_stdin (&error);
      if (password == NULL)
        return fail_usage (error->message);
    }

  reports = run_probes (servers, options, ca_pem, password);
  if (reports == NULL)
    {
      fprintf (stderr, "brevduva-cli: %s\n", _("The test was stopped."));
      return BD_CLI_EXIT_FAILED;
    }
  print_reports (reports, options->json);
  return all_ok (reports) ? BD_CLI_EXIT_OK : BD_CLI_EXIT_FAILED;
}

/**
 * bd_cli_test:
 * @argv: the arguments, starting with “test”
 *
 * Returns: the process's exit status.
 */
int
bd_cli_test (int    argc,
             char **argv)
{
  g_auto(Options) options = { 0 };
  GOptionEntry entries[] = {
    { "user", 0, 0, G_OPTION_ARG_STRING, &options.user,
      N_("Log in with this user name"), N_("NAME") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &options.password_stdin,
      N_("Read the password from the first line of standard input, and log in"), NULL },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &options.ca_file,
      N_("Also trust the certificate authorities in this PEM file"), N_("PEM") },
    { "pin", 0, 0, G_OPTION_ARG_STRING, &options.pin,
      N_("Accept exactly the certificate with this fingerprint"), N_("sha256:HEX") },
    { "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &options.timeout,
      N_("Give each step SEC seconds (default 10)"), N_("SEC") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json,
      N_("Print one JSON object"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context ("test", _("URL…"),
                                                   _("Prove that mail servers work, over "
                                                     "verified TLS, and explain any "
                                                     "failure."), entries);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) ca_pem = NULL;
  g_autoptr(GPtrArray) servers = NULL;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail_usage (error->message);
  if (argc < 2)
    return fail_usage (_("test needs at least one server URL, for example: "
                         "brevduva-cli test imaps://imap.example.com"));
  if (!check_options (&options, &ca_pem, &error))
    return fail_usage (error->message);
  servers = parse_servers (argc, argv, &options, &error);
  if (servers == NULL)
    return fail_usage (error->message);

  return test_servers (servers, &options, ca_pem);
}

/* ---- check ADDRESS ---- */

typedef struct
{
  Waiter *waiter;
  GAsyncResult *result;
} CheckSlot;

static void
check_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  CheckSlot *slot = user_data;

  slot->result = g_object_ref (result);
  waiter_done (slot->waiter);
}

static BdDetection *
detect (BdAddress      *address,
        const Options  *options,
        GError        **error)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(BdDetector) detector = bd_detector_new ();
  g_autoptr(GAsyncResult) result = NULL;
  Waiter waiter = { loop, cancellable, 1 };
  CheckSlot slot = { &waiter, NULL };

  bd_detector_set_offline (detector, options->offline);
  if (options->ca_file != NULL && !bd_detector_set_ca_file (detector, options->ca_file, error))
    return NULL;
  bd_detector_run_async (detector, address, cancellable, check_done_cb, &slot);
  waiter_run (&waiter);
  result = slot.result;
  return bd_detector_run_finish (detector, result, error);
}

static GPtrArray *
probe_account (BdAccountConfig *config,
               const Options   *options,
               GBytes          *ca_pem,
               const BdCliPassword *password,
               GError         **error)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(BdAccountProbe) probe = bd_account_probe_new (config);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(BdTlsContext) trust = NULL;
  Waiter waiter = { loop, cancellable, 1 };
  CheckSlot slot = { &waiter, NULL };

  if (password != NULL)
    bd_account_probe_set_password (probe, password->bytes, (gssize) password->length);
  bd_account_probe_set_ca_pem (probe, ca_pem);
  bd_account_probe_set_timeout (probe, (guint) (options->timeout * 1000));
  bd_account_probe_run_async (probe, cancellable, check_done_cb, &slot);
  trust = warm_trust_store (ca_pem);
  waiter_run (&waiter);
  result = slot.result;
  return bd_account_probe_run_finish (probe, result, error);
}

/* {"ok", "detection": {…detect…}, "results": [… as in test …]} */
static void
print_check_json (BdDetection *detection,
                  GPtrArray   *reports,
                  gboolean     usable)
{
  g_autoptr(JsonNode) results = bd_probe_render_json (reports);
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();

  json_object_set_boolean_member (object, "ok", usable);
  json_object_set_member (object, "detection", bd_report_detection_to_json (detection));
  json_object_set_member (object, "results",
                          json_node_copy (json_object_get_member (json_node_get_object (results),
                                                                  "results")));
  json_node_take_object (root, object);
  print_json (root);
}

static void
print_check_text (BdDetection *detection,
                  GPtrArray   *reports,
                  gboolean     usable)
{
  BdAccountConfig *config = bd_detection_get_config (detection);
  const char *provider = bd_account_config_get_display_name (config);
  g_autofree char *text = bd_probe_render_text (reports);
  g_autofree char *footer = bd_report_config_footer_to_text (config);

  /* TRANSLATORS: "Servers of alice@example.com (Example Mail):" */
  printf (_("Servers of %s (%s):\n"), bd_address_get_display (bd_detection_get_address (detection)),
          provider != NULL ? provider : bd_address_get_domain (bd_detection_get_address (detection)));
  printf ("%s", text);
  printf ("%s\n", footer);
  printf ("%s\n", usable ? _("The account works: at least one incoming and one outgoing "
                             "server passed.")
                         : _("The account does not work yet: see the failures above."));
}

static int
check_account (BdAddress     *address,
               const Options *options,
               GBytes        *ca_pem,
               BdCliPassword *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdDetection) detection = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  BdAccountConfig *config;
  gboolean usable;

  detection = detect (address, options, &error);
  if (detection == NULL)
    {
      fprintf (stderr, "brevduva-cli: %s\n", error->message);
      return BD_CLI_EXIT_FAILED;
    }
  config = bd_detection_get_config (detection);
  if (config == NULL)
    {
      const GError *failure = bd_detection_get_error (detection);

      fprintf (stderr, "brevduva-cli: %s\n",
               failure != NULL ? failure->message : _("No mail servers were found."));
      return BD_CLI_EXIT_FAILED;
    }

  reports = probe_account (config, options, ca_pem, password, &error);
  if (reports == NULL)
    {
      fprintf (stderr, "brevduva-cli: %s\n", error->message);
      return BD_CLI_EXIT_FAILED;
    }
  usable = bd_account_probe_is_usable (reports);
  if (options->json)
    print_check_json (detection, reports, usable);
  else
    print_check_text (detection, reports, usable);
  return usable ? BD_CLI_EXIT_OK : BD_CLI_EXIT_FAILED;
}

/**
 * bd_cli_check:
 * @argv: the arguments, starting with “check”
 *
 * Returns: the process's exit status.
 */
int
bd_cli_check (int    argc,
              char **argv)
{
  g_auto(Options) options = { 0 };
  GOptionEntry entries[] = {
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &options.password_stdin,
      N_("Read the password from the first line of standard input, and log in"), NULL },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &options.ca_file,
      N_("Also trust the certificate authorities in this PEM file"), N_("PEM") },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &options.offline,
      N_("Find the servers in the built-in database only"), NULL },
    { "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &options.timeout,
      N_("Give each step SEC seconds (default 10)"), N_("SEC") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json,
      N_("Print one JSON object"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context ("check", _("ADDRESS"),
                                                   _("Find an account’s servers, then prove "
                                                     "each one."), entries);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) ca_pem = NULL;
  g_autoptr(BdAddress) address = NULL;
  g_autoptr(BdCliPassword) password = NULL;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail_usage (error->message);
  if (argc != 2)
    return fail_usage (_("check needs one email address, for example: "
                         "brevduva-cli check alice@example.com"));
  if (!check_options (&options, &ca_pem, &error))
    return fail_usage (error->message);
  address = bd_address_parse (argv[1], &error);
  if (address == NULL)
    return fail_usage (error->message);
  if (options.password_stdin)
    {
      password = bd_cli_password_read_stdin (&error);
      if (password == NULL)
        return fail_usage (error->message);
    }

  return check_account (address, &options, ca_pem, password);
}
