/* bd-cli-test.c: brevduva-cli test URL…
 *
 *   test URL… [--user NAME] [--password-stdin] [--ca-file PEM] [--pin sha256:HEX]
 *             [--timeout SEC] [--json]
 *
 * The password is only ever the first line of standard input (never an
 * argument; bd-cli-password.c), in one buffer that is wiped before
 * the command returns. Every server is probed at once (bd-cli-prove.c);
 * Ctrl+C cancels the probes, which close their sockets at once. When no
 * name could be looked up, the network is diagnosed as check does
 * (bd-probe-cause.c): a broken name server is said once, first, not as
 * dns-not-found for every server.
 *
 * Exit status: 0 when every server works, 1 when one failed, 2 for bad
 * input, with one line on standard error.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "bd-cli.h"
#include "bd-cli-password.h"
#include "bd-cli-prove.h"
#include "bd-cli-test.h"
#include "bd-cli-wait.h"
#include "bd-error.h"
#include "bd-probe.h"
#include "bd-probe-cause.h"
#include "bd-network-facts.h"
#include "bd-probe-render.h"
#include "bd-server-url.h"
#include "bd-tls-certificate.h"

typedef struct
{
  char *user;
  gboolean password_stdin;
  char *ca_file;
  char *pin;
  double timeout;
  gboolean json;
} TestOptions;

static void
test_options_clear (TestOptions *options)
{
  g_free (options->user);
  g_free (options->ca_file);
  g_free (options->pin);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TestOptions, test_options_clear)

/* Checks the timeout, the CA file and the pin. */
static gboolean
check_options (TestOptions  *options,
               GBytes      **ca_pem,
               GError      **error)
{
  if (!bd_cli_check_timeout (options->timeout, error))
    return FALSE;
  if (!bd_cli_load_ca_file (options->ca_file, ca_pem, error))
    return FALSE;
  if (options->pin != NULL)
    {
      g_autofree char *parsed = bd_tls_pin_parse (options->pin, error);

      if (parsed == NULL)
        return FALSE;
    }
  return TRUE;
}

static BdProbe *
make_probe (BdServer            *server,
            const TestOptions   *options,
            GBytes              *ca_pem,
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

static gboolean
all_ok (GPtrArray *reports)
{
  for (guint i = 0; i < reports->len; i++)
    if (!bd_probe_report_get_ok (g_ptr_array_index (reports, i)))
      return FALSE;
  return TRUE;
}

/* As check prints them: the shared cause (if any) first and once, then
 * each server; --json keeps every server's error and adds "cause", and
 * "network" (bd-network-facts.c). */
static void
print_reports (GPtrArray    *reports,
               const GError *cause,
               gboolean      json)
{
  if (json)
    {
      g_autoptr(JsonNode) node = bd_probe_render_json (reports);
      g_autoptr(BdNetworkFacts) facts = bd_network_facts_new_for_system (reports);

      if (cause != NULL)
        json_object_set_member (json_node_get_object (node), "cause",
                                bd_probe_render_cause_json (cause));
      json_object_set_member (json_node_get_object (node), "network",
                              bd_network_facts_to_json (facts));
      bd_cli_print_json (node);
    }
  else
    {
      g_autofree char *text = bd_probe_render_text_under_cause (reports, cause);
      g_autoptr(GString) head = g_string_new (NULL);

      if (cause != NULL)
        bd_probe_render_append_cause (head, cause);
      printf ("%s%s", head->str, text);
    }
}

/* When no name could be looked up: whether this computer can look any name
 * up (bd-probe-cause.c); the reports it explains are blamed on it. */
static GError *
find_cause (GPtrArray  *reports,
            GError    **error)
{
  g_autoptr(BdCliWaiter) waiter = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if (!bd_probe_cause_wanted (reports))
    return NULL;
  waiter = bd_cli_waiter_new (1);
  bd_probe_cause_find_async (reports, NULL, bd_cli_waiter_get_cancellable (waiter),
                             bd_cli_waiter_result_cb, waiter);
  result = bd_cli_waiter_run_for_result (waiter);
  return bd_probe_cause_find_finish (result, error);
}

/* Every URL as a server; a password needs a user name for each. */
static GPtrArray *
parse_servers (int                 argc,
               char              **argv,
               const TestOptions  *options,
               GError            **error)
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
test_servers (GPtrArray         *servers,
              const TestOptions *options,
              GBytes            *ca_pem)
{
  g_autoptr(BdCliPassword) password = NULL;
  g_autoptr(GPtrArray) probes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GError) cause = NULL;
  g_autoptr(GError) error = NULL;

  if (options->password_stdin)
    {
      password = bd_cli_password_read_stdin (&error);
      if (password == NULL)
        return bd_cli_fail_usage (error->message);
    }

  for (guint i = 0; i < servers->len; i++)
    g_ptr_array_add (probes, make_probe (g_ptr_array_index (servers, i), options, ca_pem,
                                         password));
  reports = bd_cli_prove_servers (probes, ca_pem, &error);
  if (reports == NULL)
    return bd_cli_fail (error->message);
  cause = find_cause (reports, &error);
  if (error != NULL)
    return bd_cli_fail (error->message);
  print_reports (reports, cause, options->json);
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
  g_auto(TestOptions) options = { 0 };
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
  g_autoptr(GOptionContext) context =
    bd_cli_option_context_new ("test", _("URL…"),
                               _("Prove that mail servers work, over verified TLS, and "
                                 "explain any failure."), entries);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) ca_pem = NULL;
  g_autoptr(GPtrArray) servers = NULL;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return bd_cli_fail_usage (error->message);
  if (argc < 2)
    return bd_cli_fail_usage (_("test needs at least one server URL, for example: "
                                "brevduva-cli test imaps://imap.example.com"));
  if (!check_options (&options, &ca_pem, &error))
    return bd_cli_fail_usage (error->message);
  servers = parse_servers (argc, argv, &options, &error);
  if (servers == NULL)
    return bd_cli_fail_usage (error->message);

  return test_servers (servers, &options, ca_pem);
}
