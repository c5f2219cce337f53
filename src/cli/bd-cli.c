/* bd-cli.c
 *
 * Bad input gets exactly one line on standard error and exit status 2;
 * a lookup or a server that fails gets status 1 (DESIGN.md).
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "bd-cli.h"
#include "bd-cli-store.h"
#include "bd-cli-test.h"
#include "bd-detector.h"
#include "bd-error.h"
#include "bd-report.h"

#define MAX_TIMEOUT_SECONDS 3600.0

typedef struct
{
  GMainLoop *loop;
  BdDetection *detection;
  GError *error;
} DetectWait;

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n  brevduva-cli detect ADDRESS [--offline] [--ispdb-url URL] [--ca-file PEM] "
           "[--no-guess] [--timeout SEC] [--json]\n"
           "  brevduva-cli test URL… [--user NAME] [--password-stdin] [--ca-file PEM] "
           "[--pin sha256:HEX] [--timeout SEC] [--json]\n"
           "  brevduva-cli check ADDRESS [--password-stdin] [--ca-file PEM] [--offline] "
           "[--json]\n"
           "  brevduva-cli store ADDRESS [--password-stdin] [--offline] [--no-verify]\n"
           "\n%s\n  detect    %s\n  test      %s\n  check     %s\n  store     %s\n\n%s\n",
           _("Usage:"), _("Commands:"),
           _("Find the mail servers for an email address"),
           _("Prove that mail servers work, and explain any failure"),
           _("Find an account’s servers, then prove each one"),
           _("Store an account’s password in the keyring"),
           _("Run “brevduva-cli COMMAND --help” for the options of a command."));
}

/* One line on standard error, as the command-line contract asks. */
static int
usage_error (const char *message)
{
  fprintf (stderr, "brevduva-cli: %s\n", message);
  return BD_CLI_EXIT_USAGE;
}

static void
detect_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  DetectWait *wait = user_data;

  wait->detection = bd_detector_run_finish (BD_DETECTOR (object), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static BdDetection *
run_detection (BdDetector  *detector,
               BdAddress   *address,
               GError     **error)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  DetectWait wait = { loop, NULL, NULL };

  bd_detector_run_async (detector, address, NULL, detect_done_cb, &wait);
  g_main_loop_run (loop);

  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.detection;
}

static void
print_detection (BdDetection *detection,
                 gboolean     json)
{
  if (json)
    {
      g_autoptr(JsonNode) node = bd_report_detection_to_json (detection);
      g_autofree char *text = bd_report_json_to_string (node);

      printf ("%s\n", text);
    }
  else
    {
      g_autofree char *text = bd_report_detection_to_text (detection);

      printf ("%s", text);
    }
}

static int
command_detect (int    argc,
                char **argv)
{
  gboolean offline = FALSE;
  gboolean no_guess = FALSE;
  gboolean json = FALSE;
  double timeout = 0;
  g_autofree char *ispdb_url = NULL;
  g_autofree char *ca_file = NULL;
  const GOptionEntry entries[] = {
    { "offline", 0, 0, G_OPTION_ARG_NONE, &offline,
      N_("Use only the built-in database and guessing; no network"), NULL },
    { "no-guess", 0, 0, G_OPTION_ARG_NONE, &no_guess,
      N_("Do not guess server names"), NULL },
    { "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &timeout,
      N_("Give up after SEC seconds"), N_("SEC") },
    { "ispdb-url", 0, 0, G_OPTION_ARG_STRING, &ispdb_url,
      N_("Ask this ISPDB instead of Thunderbird’s"), N_("URL") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("Also trust the certificate authorities in this PEM file"), N_("PEM") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON object"), NULL },
    { NULL }
  };
  g_autofree char *parameters = g_strconcat ("detect ", _("ADDRESS"), NULL);
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdAddress) address = NULL;
  g_autoptr(BdDetector) detector = NULL;
  g_autoptr(BdDetection) detection = NULL;

  g_option_context_set_summary (context, _("Find the mail servers for an email address."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (error->message);

  if (argc < 2)
    return usage_error (_("detect needs an email address, for example: "
                          "brevduva-cli detect alice@example.com"));
  if (argc > 2)
    return usage_error (_("detect takes one email address; there were more arguments."));
  if (timeout < 0 || timeout > MAX_TIMEOUT_SECONDS)
    return usage_error (_("--timeout must be a number of seconds between 0 and 3600."));

  if (ispdb_url != NULL && !g_str_has_prefix (ispdb_url, "https://") &&
      !g_str_has_prefix (ispdb_url, "http://"))
    return usage_error (_("--ispdb-url must be an https:// address."));

  address = bd_address_parse (argv[1], &error);
  if (address == NULL)
    return usage_error (error->message);

  detector = bd_detector_new ();
  if (ca_file != NULL && !bd_detector_set_ca_file (detector, ca_file, &error))
    return usage_error (error->message);
  if (ispdb_url != NULL)
    bd_detector_set_ispdb_url (detector, ispdb_url);
  bd_detector_set_offline (detector, offline);
  bd_detector_set_guess (detector, !no_guess);
  bd_detector_set_timeout (detector, (guint) (timeout * 1000));

  detection = run_detection (detector, address, &error);
  if (detection == NULL)
    {
      fprintf (stderr, "brevduva-cli: %s\n", error->message);
      return BD_CLI_EXIT_FAILED;
    }

  print_detection (detection, json);
  return bd_detection_get_config (detection) != NULL ? BD_CLI_EXIT_OK : BD_CLI_EXIT_FAILED;
}

/**
 * bd_cli_run:
 *
 * Returns: the process's exit status.
 */
int
bd_cli_run (int    argc,
            char **argv)
{
  const char *command;

  if (argc < 2)
    {
      print_usage (stderr);
      return BD_CLI_EXIT_USAGE;
    }

  command = argv[1];
  if (g_str_equal (command, "--help") || g_str_equal (command, "-h") ||
      g_str_equal (command, "help"))
    {
      print_usage (stdout);
      return BD_CLI_EXIT_OK;
    }
  if (g_str_equal (command, "--version"))
    {
      printf ("brevduva-cli %s\n", PACKAGE_VERSION);
      return BD_CLI_EXIT_OK;
    }
  if (g_str_equal (command, "detect"))
    return command_detect (argc - 1, argv + 1);
  if (g_str_equal (command, "test"))
    return bd_cli_test (argc - 1, argv + 1);
  if (g_str_equal (command, "check"))
    return bd_cli_check (argc - 1, argv + 1);
  if (g_str_equal (command, "store"))
    return bd_cli_store (argc - 1, argv + 1);

  {
    g_autofree char *message = g_strdup_printf (_("unknown command “%s”; run “brevduva-cli "
                                                  "--help” for the list."), command);
    return usage_error (message);
  }
}
