/* bd-cli-store.c: brevduva-cli store ADDRESS [--password-stdin] [--offline] [--no-verify]
 *
 * Detects the account's servers (bd-cli-detect.c), logs in to the best IMAP,
 * the best POP3 and the best SMTP server that may get a password
 * (bd_server_get_allows_password()) to prove the password, then stores it
 * in the keyring for each server whose login succeeded: one keyring item
 * per login. --no-verify stores it for each of those servers without
 * logging in. The logins are proven as check proves an account
 * (BdAccountProbe, through bd-cli-prove.c), over settings that hold only
 * the servers to store.
 *
 * Security rule 4: settings from an unverified source, or that send the
 * password to another domain's servers (outside the built-in database), need
 * the person's approval before the password goes to them
 * (bd_account_config_needs_approval()). The command line cannot ask, so it
 * does not log in to such servers; --no-verify, which sends nothing, still
 * stores the password.
 *
 * The password is the first line of standard input, or, at a terminal
 * without --password-stdin, what is typed at a prompt that does not echo;
 * never an argument (bd-cli-password.c), and its buffer is wiped before the
 * command returns.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "bd-cli.h"
#include "bd-cli-detect.h"
#include "bd-cli-password.h"
#include "bd-cli-prove.h"
#include "bd-cli-store.h"
#include "bd-error.h"
#include "bd-keyring.h"
#include "bd-probe-report.h"

typedef struct
{
  gboolean password_stdin;
  gboolean offline;
  gboolean no_verify;
} StoreOptions;

/* The password: the first line of standard input, or typed at a terminal. */
static BdCliPassword *
read_password (const StoreOptions  *options,
               BdAddress           *address,
               GError             **error)
{
  if (options->password_stdin)
    return bd_cli_password_read_stdin (error);
  if (isatty (STDIN_FILENO))
    return bd_cli_password_prompt (bd_address_get_display (address), error);

  g_set_error_literal (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                       _("store reads the password from standard input: add "
                         "--password-stdin (a password is never taken from the "
                         "command line)."));
  return NULL;
}

static void
print_login_failed (BdServer      *server,
                    BdProbeReport *report)
{
  const GError *error = bd_probe_report_get_error (report);
  const char *reason = error != NULL ? error->message : _("No login was tried.");

  fprintf (stderr, "brevduva-cli: ");
  /* Translators: “The IMAP login to imap.example.com failed, so its password
   * was not stored: <the reason>” */
  fprintf (stderr, _("The %s login to %s failed, so its password was not stored: %s"),
           bd_protocol_get_label (bd_server_get_protocol (server)),
           bd_server_get_hostname (server), reason);
  fprintf (stderr, "\n");
}

/* Logs in to every server of @servers (of @config) as BdAccountProbe does,
 * and leaves in @servers only those whose login succeeded. Returns: %FALSE
 * with @error when Ctrl+C stopped the logins; else how many failed in
 * @failed. */
static gboolean
verify_logins (BdAccountConfig      *config,
               GPtrArray            *servers,
               const BdCliPassword  *password,
               guint                *failed,
               GError              **error)
{
  g_autoptr(GPtrArray) reports = bd_cli_prove_logins (config, servers, password, NULL, error);
  g_autoptr(GPtrArray) tried = NULL;

  if (reports == NULL)
    return FALSE;

  /* @servers holds @config's own servers, which outlive it. */
  tried = g_ptr_array_copy (servers, NULL, NULL);
  g_ptr_array_set_size (servers, 0);
  for (guint i = 0; i < tried->len; i++)
    {
      BdProbeReport *report = g_ptr_array_index (reports, i);
      BdServer *server = g_ptr_array_index (tried, i);

      if (bd_cli_login_succeeded (report))
        g_ptr_array_add (servers, server);
      else
        {
          print_login_failed (server, report);
          (*failed)++;
        }
    }
  return TRUE;
}

static int
store_servers (GPtrArray  *servers,
               const char *password)
{
  g_autoptr(BdKeyring) keyring = bd_keyring_new ();

  for (guint i = 0; i < servers->len; i++)
    {
      BdServer *server = g_ptr_array_index (servers, i);
      g_autoptr(GError) error = NULL;

      if (!bd_cli_store_password (keyring, server, password, &error))
        {
          g_autofree char *message =
            g_strdup_printf (_("Could not store the password for %s: %s"),
                             bd_server_get_hostname (server), error->message);

          return bd_cli_fail (message);
        }
      bd_cli_print_stored (server);
    }
  return BD_CLI_EXIT_OK;
}

static int
store_account (BdAddress           *address,
               const StoreOptions  *options,
               const BdCliPassword *password)
{
  const BdCliDetectOptions detect_options = { .offline = options->offline };
  g_autoptr(GError) error = NULL;
  g_autoptr(BdDetection) detection = NULL;
  g_autoptr(GPtrArray) servers = NULL;
  BdAccountConfig *config;
  guint failed = 0;
  int status;

  detection = bd_cli_detect (address, &detect_options, &error);
  if (detection == NULL)
    return bd_cli_fail (error->message);
  config = bd_cli_detection_get_config (detection, &error);
  if (config == NULL)
    return bd_cli_fail (error->message);

  servers = bd_cli_pick_servers (config, BD_CLI_PICK_EACH_PROTOCOL);
  if (servers->len == 0)
    {
      g_autofree char *message =
        g_strdup_printf (_("None of the servers for %s takes a password (the provider may "
                           "want you to sign in with OAuth2 instead), so nothing was "
                           "stored."), bd_address_get_display (address));

      return bd_cli_fail (message);
    }

  if (!options->no_verify)
    {
      g_autofree char *reason =
        bd_cli_dup_withheld_reason (config, address,
                                    bd_account_config_needs_approval (config, address),
                                    BD_CLI_WITHHOLD_REFUSE);

      if (reason != NULL)
        return bd_cli_fail (reason);
      if (!verify_logins (config, servers, password, &failed, &error))
        return bd_cli_fail (error->message);
    }

  status = store_servers (servers, password->bytes);
  return failed > 0 ? BD_CLI_EXIT_FAILED : status;
}

/* Parses the options and leaves the address in @argv[1]. */
static gboolean
parse_options (int            *argc,
               char         ***argv,
               StoreOptions   *options,
               GError        **error)
{
  const GOptionEntry entries[] = {
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &options->password_stdin,
      N_("Read the password from the first line of standard input"), NULL },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &options->offline,
      N_("Use only the built-in database and guessing; no network"), NULL },
    { "no-verify", 0, 0, G_OPTION_ARG_NONE, &options->no_verify,
      N_("Store the password without first logging in to check it"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    bd_cli_option_context_new ("store", _("ADDRESS"),
                               _("Store the password of an email account in the keyring, "
                                 "for each of its servers."), entries);

  return g_option_context_parse (context, argc, argv, error);
}

/**
 * bd_cli_store:
 * @argc: the number of arguments, the command “store” included
 * @argv: the arguments, starting with “store”
 *
 * Returns: the process's exit status.
 */
int
bd_cli_store (int    argc,
              char **argv)
{
  StoreOptions options = { FALSE, FALSE, FALSE };
  g_autoptr(GError) error = NULL;
  g_autoptr(BdAddress) address = NULL;
  g_autoptr(BdCliPassword) password = NULL;

  if (!parse_options (&argc, &argv, &options, &error))
    return bd_cli_fail_usage (error->message);
  if (argc < 2)
    return bd_cli_fail_usage (_("store needs an email address, for example: "
                                "brevduva-cli store alice@example.com --password-stdin"));
  if (argc > 2)
    return bd_cli_fail_usage (_("store takes one email address; there were more "
                                "arguments (the password is read from standard input)."));

  address = bd_address_parse (argv[1], &error);
  if (address == NULL)
    return bd_cli_fail_usage (error->message);

  password = read_password (&options, address, &error);
  if (password == NULL)
    return bd_cli_fail_usage (error->message);
  return store_account (address, &options, password);
}
