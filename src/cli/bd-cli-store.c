/* bd-cli-store.c: brevduva-cli store ADDRESS [--password-stdin] [--offline] [--no-verify]
 *
 * Detects the account's servers, logs in to the best IMAP, the best POP3 and
 * the best SMTP server that may get a password (bd_server_get_allows_password())
 * to prove the password, then stores it in the keyring for each server whose
 * login succeeded: one keyring item per login. --no-verify stores it for
 * each of those servers without logging in.
 *
 * Security rule 4: settings from an unverified source, or that send the
 * password to another domain's servers (outside the built-in database), need
 * the person's approval before the password goes to them. The command line
 * cannot ask, so it does not log in to such servers; --no-verify, which sends
 * nothing, still stores the password.
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
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "bd-cli.h"
#include "bd-cli-password.h"
#include "bd-cli-store.h"
#include "bd-detector.h"
#include "bd-error.h"
#include "bd-keyring.h"
#include "bd-probe.h"

typedef struct
{
  gboolean password_stdin;
  gboolean offline;
  gboolean no_verify;
} StoreOptions;

typedef struct
{
  GMainLoop *loop;
  GAsyncResult *result;
} Wait;

typedef struct
{
  GMainLoop *loop;
  guint pending;
} ProbeWait;

typedef struct
{
  ProbeWait *wait;
  BdProbeReport *report;
} ProbeSlot;

static int
store_usage_error (const char *message)
{
  fprintf (stderr, "brevduva-cli: %s\n", message);
  return BD_CLI_EXIT_USAGE;
}

static int
store_failed (const char *message)
{
  fprintf (stderr, "brevduva-cli: %s\n", message);
  return BD_CLI_EXIT_FAILED;
}

static void
wait_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

/* Runs the main loop until the operation that was given wait_done_cb() and
 * @wait has finished. Returns: (transfer full): its result. */
static GAsyncResult *
wait_for_result (Wait *wait)
{
  g_main_loop_run (wait->loop);
  return g_steal_pointer (&wait->result);
}

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

static BdDetection *
detect (BdAddress  *address,
        gboolean    offline,
        GError    **error)
{
  g_autoptr(BdDetector) detector = bd_detector_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GAsyncResult) result = NULL;
  Wait wait = { loop, NULL };

  bd_detector_set_offline (detector, offline);
  bd_detector_run_async (detector, address, NULL, wait_done_cb, &wait);
  result = wait_for_result (&wait);
  return bd_detector_run_finish (detector, result, error);
}

static gboolean
store_password (BdKeyring   *keyring,
                BdServer    *server,
                const char  *password,
                GError     **error)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GAsyncResult) result = NULL;
  Wait wait = { loop, NULL };

  bd_keyring_store_async (keyring, server, password, NULL, wait_done_cb, &wait);
  result = wait_for_result (&wait);
  return bd_keyring_store_finish (keyring, result, error);
}

/* The first server of @protocol in @candidates (ranked best first) that may
 * get a password. */
static BdServer *
find_best (GPtrArray  *candidates,
           BdProtocol  protocol)
{
  for (guint i = 0; i < candidates->len; i++)
    {
      BdServer *server = g_ptr_array_index (candidates, i);

      if (bd_server_get_protocol (server) == protocol &&
          bd_server_get_allows_password (server))
        return server;
    }
  return NULL;
}

/* Returns: (transfer container): the servers whose logins get the password. */
static GPtrArray *
pick_servers (BdAccountConfig *config)
{
  GPtrArray *servers = g_ptr_array_new ();
  BdServer *imap = find_best (bd_account_config_get_incoming (config), BD_PROTOCOL_IMAP);
  BdServer *pop3 = find_best (bd_account_config_get_incoming (config), BD_PROTOCOL_POP3);
  BdServer *smtp = find_best (bd_account_config_get_outgoing (config), BD_PROTOCOL_SMTP);

  if (imap != NULL)
    g_ptr_array_add (servers, imap);
  if (pop3 != NULL)
    g_ptr_array_add (servers, pop3);
  if (smtp != NULL)
    g_ptr_array_add (servers, smtp);
  return servers;
}

static void
print_stored (BdServer *server)
{
  /* Translators: “Stored the IMAP password for alice@example.com on
   * imap.example.com, port 993.” */
  printf (_("Stored the %s password for %s on %s, port %u.\n"),
          bd_protocol_get_label (bd_server_get_protocol (server)),
          bd_server_get_username (server),
          bd_server_get_hostname (server),
          (guint) bd_server_get_port (server));
}

static void
probe_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ProbeSlot *slot = user_data;

  slot->report = bd_probe_run_finish (BD_PROBE (object), result, NULL);
  if (--slot->wait->pending == 0)
    g_main_loop_quit (slot->wait->loop);
}

static gboolean
login_succeeded (BdProbeReport *report)
{
  return report != NULL && bd_probe_report_get_ok (report) &&
         bd_probe_report_get_login (report) == BD_PROBE_LOGIN_OK;
}

static void
print_login_failed (BdServer      *server,
                    BdProbeReport *report)
{
  const GError *error = report != NULL ? bd_probe_report_get_error (report) : NULL;
  const char *reason = error != NULL ? error->message : _("No login was tried.");

  fprintf (stderr, "brevduva-cli: ");
  /* Translators: “The IMAP login to imap.example.com failed, so its password
   * was not stored: <the reason>” */
  fprintf (stderr, _("The %s login to %s failed, so its password was not stored: %s"),
           bd_protocol_get_label (bd_server_get_protocol (server)),
           bd_server_get_hostname (server), reason);
  fprintf (stderr, "\n");
}

/* Logs in to every server of @servers at once, and leaves in @servers only
 * those whose login succeeded. Returns: how many failed. */
static guint
verify_logins (GPtrArray  *servers,
               const char *password)
{
  g_autoptr(GPtrArray) verified = g_ptr_array_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GPtrArray) probes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree ProbeSlot *slots = g_new0 (ProbeSlot, servers->len);
  ProbeWait wait = { loop, servers->len };
  guint failed = 0;

  for (guint i = 0; i < servers->len; i++)
    {
      BdProbe *probe = bd_probe_new (g_ptr_array_index (servers, i));

      bd_probe_set_password (probe, password, -1);
      g_ptr_array_add (probes, probe);
      slots[i] = (ProbeSlot) { &wait, NULL };
      bd_probe_run_async (probe, NULL, probe_done_cb, &slots[i]);
    }
  g_main_loop_run (loop);

  for (guint i = 0; i < servers->len; i++)
    {
      BdServer *server = g_ptr_array_index (servers, i);

      if (login_succeeded (slots[i].report))
        g_ptr_array_add (verified, server);
      else
        {
          print_login_failed (server, slots[i].report);
          failed++;
        }
      g_clear_object (&slots[i].report);
    }

  g_ptr_array_set_size (servers, 0);
  g_ptr_array_extend (servers, verified, NULL, NULL);
  return failed;
}

/* Security rule 4, as bd_account_config_needs_approval() decides it; the
 * command line cannot ask, so it says why it does not log in. Returns:
 * (nullable): the reason, or %NULL when the settings need no approval. */
static char *
dup_approval_reason (BdAccountConfig *config,
                     BdAddress       *address)
{
  g_auto(GStrv) foreign = NULL;
  g_autofree char *domains = NULL;

  switch (bd_account_config_needs_approval (config, address))
    {
    case BD_APPROVAL_UNVERIFIED_SOURCE:
      return g_strdup_printf (_("The settings for %s come from %s, which cannot be verified, so "
                                "brevduva-cli does not send your password to those servers. To "
                                "store it without logging in, add --no-verify."),
                              bd_address_get_display (address),
                              bd_source_kind_get_label (bd_account_config_get_source (config)));
    case BD_APPROVAL_FOREIGN_DOMAINS:
      foreign = bd_account_config_dup_foreign_domains (config, address);
      domains = g_strjoinv (", ", foreign);
      return g_strdup_printf (_("The servers for %s are in other domains (%s), so brevduva-cli "
                                "does not send your password to them. To store it without "
                                "logging in, add --no-verify."),
                              bd_address_get_display (address), domains);
    case BD_APPROVAL_NOT_NEEDED:
    default:
      return NULL;
    }
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

      if (!store_password (keyring, server, password, &error))
        {
          g_autofree char *message =
            g_strdup_printf (_("Could not store the password for %s: %s"),
                             bd_server_get_hostname (server), error->message);

          return store_failed (message);
        }
      print_stored (server);
    }
  return BD_CLI_EXIT_OK;
}

static int
store_account (BdAddress          *address,
               const StoreOptions *options,
               const char         *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdDetection) detection = NULL;
  g_autoptr(GPtrArray) servers = NULL;
  BdAccountConfig *config;
  guint failed = 0;
  int status;

  detection = detect (address, options->offline, &error);
  if (detection == NULL)
    return store_failed (error->message);

  config = bd_detection_get_config (detection);
  if (config == NULL)
    {
      const GError *detect_error = bd_detection_get_error (detection);

      return store_failed (detect_error != NULL ? detect_error->message
                                                : _("No mail servers were found."));
    }

  servers = pick_servers (config);
  if (servers->len == 0)
    {
      g_autofree char *message =
        g_strdup_printf (_("None of the servers for %s takes a password (the provider may "
                           "want you to sign in with OAuth2 instead), so nothing was "
                           "stored."), bd_address_get_display (address));

      return store_failed (message);
    }

  if (!options->no_verify)
    {
      g_autofree char *reason = dup_approval_reason (config, address);

      if (reason != NULL)
        return store_failed (reason);
      failed = verify_logins (servers, password);
    }

  status = store_servers (servers, password);
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
  g_autofree char *parameters = g_strconcat ("store ", _("ADDRESS"), NULL);
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);

  g_option_context_set_summary (context, _("Store the password of an email account in "
                                           "the keyring, for each of its servers."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
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
    return store_usage_error (error->message);
  if (argc < 2)
    return store_usage_error (_("store needs an email address, for example: "
                                "brevduva-cli store alice@example.com --password-stdin"));
  if (argc > 2)
    return store_usage_error (_("store takes one email address; there were more "
                                "arguments (the password is read from standard input)."));

  address = bd_address_parse (argv[1], &error);
  if (address == NULL)
    return store_usage_error (error->message);

  password = read_password (&options, address, &error);
  if (password == NULL)
    return store_usage_error (error->message);
  return store_account (address, &options, password->bytes);
}
