/* bd-cli.c: brevduva-cli: the commands, detect, and what every command shares
 *
 * Bad input gets exactly one line on standard error and exit status 2;
 * a lookup or a server that fails gets status 1 (DESIGN.md). The helpers
 * here (bd_cli_fail_usage(), bd_cli_fail(), the option context, the
 * --timeout and --ca-file checks, the JSON output) are in one place so
 * that every command keeps that contract in the same words. Each command
 * but detect, which is a detection printed, has a file of its own.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "bd-cli.h"
#include "bd-cli-check.h"
#include "bd-cli-detect.h"
#include "bd-cli-domain.h"
#include "bd-cli-export.h"
#include "bd-cli-store.h"
#include "bd-cli-test.h"
#include "bd-error.h"
#include "bd-export-target.h"
#include "bd-report.h"
#include "bd-tls-certificate.h"

#define MAX_TIMEOUT_SECONDS 3600.0

static void
print_usage (FILE *stream)
{
  g_autofree char *targets = bd_export_target_dup_ids ();

  fprintf (stream, "%s\n  brevduva-cli detect ADDRESS [--offline] [--ispdb-url URL] [--ca-file PEM] "
           "[--no-guess] [--timeout SEC] [--json]\n"
           "  brevduva-cli test URL… [--user NAME] [--password-stdin] [--ca-file PEM] "
           "[--pin sha256:HEX] [--timeout SEC] [--json]\n"
           "  brevduva-cli check ADDRESS [--password-stdin] [--ca-file PEM] [--offline] "
           "[--timeout SEC] [--json]\n"
           "  brevduva-cli store ADDRESS [--password-stdin] [--offline] [--no-verify]\n"
           "  brevduva-cli export ADDRESS --to %s [--password-stdin] [--offline] "
           "[--no-verify] [--dry-run] [--print] [--json]\n"
           "  brevduva-cli domain DOMAIN [--ispdb-url URL] [--ca-file PEM] [--timeout SEC] "
           "[--json] [--write-config FILE] [--print-srv]\n"
           "  brevduva-cli domain --from FILE [--jobs N] [--json]\n"
           "\n%s\n  detect    %s\n  test      %s\n  check     %s\n  store     %s\n"
           "  export    %s\n  domain    %s\n\n%s\n",
           _("Usage:"), targets, _("Commands:"),
           _("Find the mail servers for an email address"),
           _("Prove that mail servers work, and explain any failure"),
           _("Find an account’s servers, then prove each one"),
           _("Store an account’s password in the keyring"),
           _("Prove an account, then hand it to a mail program"),
           _("Check the mail settings a domain publishes"),
           _("Run “brevduva-cli COMMAND --help” for the options of a command."));
}

/**
 * bd_cli_fail_usage:
 * @message: what was wrong with the input, in one line
 *
 * Bad input: one line on standard error, as the command-line contract asks.
 *
 * Returns: %BD_CLI_EXIT_USAGE, for the command to return.
 */
int
bd_cli_fail_usage (const char *message)
{
  fprintf (stderr, "brevduva-cli: %s\n", message);
  return BD_CLI_EXIT_USAGE;
}

/**
 * bd_cli_fail:
 * @message: what failed, in one line
 *
 * A lookup or a server that failed: one line on standard error.
 *
 * Returns: %BD_CLI_EXIT_FAILED, for the command to return.
 */
int
bd_cli_fail (const char *message)
{
  fprintf (stderr, "brevduva-cli: %s\n", message);
  return BD_CLI_EXIT_FAILED;
}

/**
 * bd_cli_option_context_new:
 * @command: the command's name, as typed
 * @parameter: its translated parameter, such as “ADDRESS”
 * @summary: its translated summary, for --help
 * @entries: its options, with untranslated descriptions
 *
 * Returns: (transfer full): the command's option context, translated.
 */
GOptionContext *
bd_cli_option_context_new (const char         *command,
                           const char         *parameter,
                           const char         *summary,
                           const GOptionEntry *entries)
{
  g_autofree char *parameters = g_strdup_printf ("%s %s", command, parameter);
  GOptionContext *context = g_option_context_new (parameters);

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  return context;
}

/**
 * bd_cli_check_timeout:
 * @seconds: the value of --timeout
 *
 * Returns: %FALSE with `invalid-argument` when it is out of range.
 */
gboolean
bd_cli_check_timeout (double   seconds,
                      GError **error)
{
  if (seconds >= 0 && seconds <= MAX_TIMEOUT_SECONDS)
    return TRUE;
  g_set_error_literal (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                       _("--timeout must be a number of seconds between 0 and 3600."));
  return FALSE;
}

/**
 * bd_cli_load_ca_file:
 * @path: (nullable): the value of --ca-file
 * @pem: (out) (transfer full): its certificates; untouched without @path
 *
 * Returns: %FALSE with `invalid-argument` when the file cannot be read or
 *   holds no certificate.
 */
gboolean
bd_cli_load_ca_file (const char  *path,
                     GBytes     **pem,
                     GError     **error)
{
  if (path == NULL)
    return TRUE;
  *pem = bd_tls_load_pem_file (path, error);
  return *pem != NULL;
}

/**
 * bd_cli_print_json:
 *
 * Prints @node as the command's one JSON object on standard output.
 */
void
bd_cli_print_json (JsonNode *node)
{
  g_autofree char *text = bd_report_json_to_string (node);

  printf ("%s\n", text);
}

/* Settings from a source that cannot be verified: what @what does. */
static char *
dup_unverified_reason (BdCliWithhold  what,
                       const char    *display,
                       const char    *source)
{
  switch (what)
    {
    case BD_CLI_WITHHOLD_REFUSE:
      return g_strdup_printf (_("The settings for %s come from %s, which cannot be verified, so "
                                "brevduva-cli does not send your password to those servers. To "
                                "store it without logging in, add --no-verify."),
                              display, source);
    case BD_CLI_WITHHOLD_REFUSE_EXPORT:
      return g_strdup_printf (_("The settings for %s come from %s, which cannot be verified, so "
                                "brevduva-cli does not send your password to those servers. To "
                                "hand them off without logging in, add --no-verify."),
                              display, source);
    case BD_CLI_WITHHOLD_TEST_WITHOUT:
    default:
      return g_strdup_printf (_("The settings for %s come from %s, which cannot be verified, so "
                                "brevduva-cli tests those servers without sending your "
                                "password."),
                              display, source);
    }
}

/* Servers in other domains than the address's: what @what does. */
static char *
dup_foreign_reason (BdCliWithhold  what,
                    const char    *display,
                    const char    *domains)
{
  switch (what)
    {
    case BD_CLI_WITHHOLD_REFUSE:
      return g_strdup_printf (_("The servers for %s are in other domains (%s), so brevduva-cli "
                                "does not send your password to them. To store it without "
                                "logging in, add --no-verify."),
                              display, domains);
    case BD_CLI_WITHHOLD_REFUSE_EXPORT:
      return g_strdup_printf (_("The servers for %s are in other domains (%s), so brevduva-cli "
                                "does not send your password to them. To hand them off without "
                                "logging in, add --no-verify."),
                              display, domains);
    case BD_CLI_WITHHOLD_TEST_WITHOUT:
    default:
      return g_strdup_printf (_("The servers for %s are in other domains (%s), so brevduva-cli "
                                "tests them without sending your password."),
                              display, domains);
    }
}

/**
 * bd_cli_dup_withheld_reason:
 * @approval: bd_account_config_needs_approval()'s verdict on @config
 * @what: what the command does instead of sending the password
 *
 * Security rule 4 on the command line, which cannot ask the person: why
 * the password does not go to these servers.
 *
 * Returns: (transfer full) (nullable): the reason, or %NULL when @approval
 *   is %BD_APPROVAL_NOT_NEEDED.
 */
char *
bd_cli_dup_withheld_reason (BdAccountConfig *config,
                            BdAddress       *address,
                            BdApproval       approval,
                            BdCliWithhold    what)
{
  const char *display = bd_address_get_display (address);
  const char *source;
  g_auto(GStrv) foreign = NULL;
  g_autofree char *domains = NULL;

  switch (approval)
    {
    case BD_APPROVAL_UNVERIFIED_SOURCE:
      source = bd_source_kind_get_label (bd_account_config_get_source (config));
      return dup_unverified_reason (what, display, source);
    case BD_APPROVAL_FOREIGN_DOMAINS:
      foreign = bd_account_config_dup_foreign_domains (config, address);
      domains = g_strjoinv (", ", foreign);
      return dup_foreign_reason (what, display, domains);
    case BD_APPROVAL_NOT_NEEDED:
    default:
      return NULL;
    }
}

static void
print_detection (BdDetection *detection,
                 gboolean     json)
{
  if (json)
    {
      g_autoptr(JsonNode) node = bd_report_detection_to_json (detection);

      bd_cli_print_json (node);
    }
  else
    {
      g_autofree char *text = bd_report_detection_to_text (detection);

      printf ("%s", text);
    }
}

/* Bad input is the CA file's, when it cannot be used. */
static int
detect_failed (const GError *error)
{
  if (g_error_matches (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT))
    return bd_cli_fail_usage (error->message);
  return bd_cli_fail (error->message);
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
  g_autoptr(GOptionContext) context =
    bd_cli_option_context_new ("detect", _("ADDRESS"),
                               _("Find the mail servers for an email address."), entries);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdAddress) address = NULL;
  g_autoptr(BdDetection) detection = NULL;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return bd_cli_fail_usage (error->message);

  if (argc < 2)
    return bd_cli_fail_usage (_("detect needs an email address, for example: "
                                "brevduva-cli detect alice@example.com"));
  if (argc > 2)
    return bd_cli_fail_usage (_("detect takes one email address; there were more arguments."));
  if (!bd_cli_check_timeout (timeout, &error))
    return bd_cli_fail_usage (error->message);

  if (ispdb_url != NULL && !g_str_has_prefix (ispdb_url, "https://") &&
      !g_str_has_prefix (ispdb_url, "http://"))
    return bd_cli_fail_usage (_("--ispdb-url must be an https:// address."));

  address = bd_address_parse (argv[1], &error);
  if (address == NULL)
    return bd_cli_fail_usage (error->message);

  detection = bd_cli_detect (address,
                             &(BdCliDetectOptions) { .offline = offline, .no_guess = no_guess,
                                                     .timeout = timeout, .ispdb_url = ispdb_url,
                                                     .ca_file = ca_file },
                             &error);
  if (detection == NULL)
    return detect_failed (error);

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
  if (g_str_equal (command, "export"))
    return bd_cli_export (argc - 1, argv + 1);
  if (g_str_equal (command, "domain"))
    return bd_cli_domain (argc - 1, argv + 1);

  {
    g_autofree char *message = g_strdup_printf (_("unknown command “%s”; run “brevduva-cli "
                                                  "--help” for the list."), command);
    return bd_cli_fail_usage (message);
  }
}
