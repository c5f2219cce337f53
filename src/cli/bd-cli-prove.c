/* bd-cli-prove.c: servers proven while the command waits: test's, and an account's
 *
 * Two ways to prove servers, and no third: `test` proves the URLs it was
 * given, each on its own and all at once (BdProbe); `check` and `store`
 * prove an account's servers with the engine's one account policy
 * (BdAccountProbe: incoming all at once, outgoing alternatives staggered,
 * names looked up once), so the command line and the assistant agree.
 *
 * Both parse the trust store on the command's main thread right after the
 * probes have started, while they wait for DNS (bd_probe_prepare_trust()),
 * so that the first SYN does not wait for it; the main thread has nothing
 * else to do meanwhile. Ctrl+C stops the probes (BdCliWaiter).
 *
 * store and export share one way to pick the servers that get the
 * password (bd_cli_pick_servers()), to prove those logins
 * (bd_cli_prove_logins()) and to keep the password in the keyring
 * (bd_cli_store_password()), so that what export hands off is proven and
 * stored exactly as store proves and stores it.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "bd-account-probe.h"
#include "bd-cli-prove.h"
#include "bd-cli-wait.h"
#include "bd-note.h"
#include "bd-probe.h"

typedef struct
{
  BdCliWaiter *waiter;
  GPtrArray *reports;   /* in the order of the probes */
  guint index;
} ProbeSlot;

/* The report of a probe that was cancelled stays NULL. */
static void
clear_report (gpointer report)
{
  if (report != NULL)
    g_object_unref (report);
}

static void
probe_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ProbeSlot *slot = user_data;
  BdProbeReport *report = bd_probe_run_finish (BD_PROBE (object), result, NULL);

  if (report != NULL)
    g_ptr_array_index (slot->reports, slot->index) = report;
  bd_cli_waiter_done (slot->waiter);
}

/**
 * bd_cli_prove_servers:
 * @probes: (element-type BdProbe): set up, not yet run
 * @ca_pem: (nullable): the anchors the probes were given
 *
 * Runs every probe at once.
 *
 * Returns: (transfer container) (element-type BdProbeReport) (nullable):
 *   the reports, in the order of @probes; %NULL with
 *   %G_IO_ERROR_CANCELLED when Ctrl+C stopped them.
 */
GPtrArray *
bd_cli_prove_servers (GPtrArray  *probes,
                      GBytes     *ca_pem,
                      GError    **error)
{
  g_autoptr(BdCliWaiter) waiter = bd_cli_waiter_new (probes->len);
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func (clear_report);
  g_autofree ProbeSlot *slots = g_new0 (ProbeSlot, probes->len);
  GCancellable *cancellable = bd_cli_waiter_get_cancellable (waiter);

  g_ptr_array_set_size (reports, probes->len);
  for (guint i = 0; i < probes->len; i++)
    {
      slots[i] = (ProbeSlot) { waiter, reports, i };
      bd_probe_run_async (g_ptr_array_index (probes, i), cancellable, probe_done_cb, &slots[i]);
    }
  /* A failure is the probes' to report. */
  bd_probe_prepare_trust (ca_pem, NULL);
  bd_cli_waiter_run (waiter);

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The test was stopped."));
      return NULL;
    }
  return g_steal_pointer (&reports);
}

/**
 * bd_cli_prove_account:
 * @config: the servers to prove, and the provider's notes for the advice
 * @password: (nullable): to log in with, as each server's user name
 * @ca_pem: (nullable): anchors to trust besides the system's
 * @timeout: each step's deadline in seconds; 0 for the default
 * @warm: (nullable): connections proven while detection ran, to go on with
 * @cause: (out) (optional) (nullable) (transfer full): what made several
 *   servers fail at once (bd_account_probe_get_cause()), or %NULL
 *
 * Returns: (transfer container) (element-type BdProbeReport) (nullable):
 *   one report per server, incoming first (bd_account_probe_run_finish());
 *   %NULL with %G_IO_ERROR_CANCELLED when Ctrl+C stopped them.
 */
GPtrArray *
bd_cli_prove_account (BdAccountConfig      *config,
                      const BdCliPassword  *password,
                      GBytes               *ca_pem,
                      double                timeout,
                      BdWarmConnections    *warm,
                      GError              **cause,
                      GError              **error)
{
  g_autoptr(BdAccountProbe) probe = bd_account_probe_new (config);
  g_autoptr(BdCliWaiter) waiter = bd_cli_waiter_new (1);
  g_autoptr(GAsyncResult) result = NULL;
  GPtrArray *reports;

  if (cause != NULL)
    *cause = NULL;
  if (password != NULL)
    bd_account_probe_set_password (probe, password->bytes, (gssize) password->length);
  bd_account_probe_set_ca_pem (probe, ca_pem);
  bd_account_probe_set_timeout (probe, (guint) (timeout * 1000));
  bd_account_probe_set_warm_connections (probe, warm);
  bd_account_probe_run_async (probe, bd_cli_waiter_get_cancellable (waiter),
                              bd_cli_waiter_result_cb, waiter);
  /* A failure is the probes' to report. */
  bd_probe_prepare_trust (ca_pem, NULL);
  result = bd_cli_waiter_run_for_result (waiter);
  reports = bd_account_probe_run_finish (probe, result, error);
  if (reports != NULL && cause != NULL && bd_account_probe_get_cause (probe) != NULL)
    *cause = g_error_copy (bd_account_probe_get_cause (probe));
  return reports;
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

/**
 * bd_cli_pick_servers:
 * @pick: one server of each protocol, or one incoming server only
 *
 * Returns: (transfer container) (element-type BdServer): the servers of
 *   @config whose logins get the password, incoming first; @config's own.
 */
GPtrArray *
bd_cli_pick_servers (BdAccountConfig *config,
                     BdCliPick        pick)
{
  GPtrArray *servers = g_ptr_array_new ();
  BdServer *imap = find_best (bd_account_config_get_incoming (config), BD_PROTOCOL_IMAP);
  BdServer *pop3 = find_best (bd_account_config_get_incoming (config), BD_PROTOCOL_POP3);
  BdServer *smtp = find_best (bd_account_config_get_outgoing (config), BD_PROTOCOL_SMTP);

  if (imap != NULL)
    g_ptr_array_add (servers, imap);
  if (pop3 != NULL && (imap == NULL || pick == BD_CLI_PICK_EACH_PROTOCOL))
    g_ptr_array_add (servers, pop3);
  if (smtp != NULL)
    g_ptr_array_add (servers, smtp);
  return servers;
}

/* The account's settings with only @servers, and the provider's notes (the
 * advice for a refused login): what the logins prove. */
static BdAccountConfig *
new_config_of (BdAccountConfig *config,
               GPtrArray       *servers)
{
  BdAccountConfig *chosen = bd_account_config_new ();
  GPtrArray *notes = bd_account_config_get_notes (config);

  bd_account_config_set_provider_id (chosen, bd_account_config_get_provider_id (config));
  bd_account_config_set_display_name (chosen, bd_account_config_get_display_name (config));
  bd_account_config_set_provenance (chosen, bd_account_config_get_source (config),
                                    bd_account_config_get_source_url (config),
                                    bd_account_config_get_trust (config));
  for (guint i = 0; i < servers->len; i++)
    bd_account_config_add_server (chosen, g_ptr_array_index (servers, i));
  for (guint i = 0; i < notes->len; i++)
    bd_account_config_add_note (chosen, bd_note_copy (g_ptr_array_index (notes, i)));
  return chosen;
}

/* The server of the @index-th report of a run over @chosen: incoming first. */
static BdServer *
get_reported_server (BdAccountConfig *chosen,
                     guint            index)
{
  GPtrArray *incoming = bd_account_config_get_incoming (chosen);

  if (index < incoming->len)
    return g_ptr_array_index (incoming, index);
  return g_ptr_array_index (bd_account_config_get_outgoing (chosen), index - incoming->len);
}

/**
 * bd_cli_prove_logins:
 * @config: the settings @servers come from (their provider's notes give
 *   the advice for a refused login)
 * @servers: (element-type BdServer): bd_cli_pick_servers()'s
 * @password: to log in to each with, as its user name
 * @ca_pem: (nullable): anchors to trust besides the system's
 *
 * Logs in to every server of @servers as BdAccountProbe does.
 *
 * Returns: (transfer container) (element-type BdProbeReport) (nullable):
 *   one report per server, in the order of @servers; %NULL with
 *   %G_IO_ERROR_CANCELLED when Ctrl+C stopped the logins.
 */
GPtrArray *
bd_cli_prove_logins (BdAccountConfig      *config,
                     GPtrArray            *servers,
                     const BdCliPassword  *password,
                     GBytes               *ca_pem,
                     GError              **error)
{
  g_autoptr(BdAccountConfig) chosen = new_config_of (config, servers);
  g_autoptr(GPtrArray) reports = NULL;
  GPtrArray *ordered;

  reports = bd_cli_prove_account (chosen, password, ca_pem, 0, NULL, NULL, error);
  if (reports == NULL)
    return NULL;

  /* @chosen holds @servers' own objects, so each report finds its place. */
  ordered = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_set_size (ordered, servers->len);
  for (guint i = 0; i < reports->len; i++)
    {
      guint index = 0;

      if (g_ptr_array_find (servers, get_reported_server (chosen, i), &index))
        g_ptr_array_index (ordered, index) = g_object_ref (g_ptr_array_index (reports, i));
    }
  /* BdAccountProbe reports on every server it was given. */
  for (guint i = 0; i < ordered->len; i++)
    g_assert (g_ptr_array_index (ordered, i) != NULL);
  return ordered;
}

/**
 * bd_cli_login_succeeded:
 *
 * Returns: whether @report proves its login.
 */
gboolean
bd_cli_login_succeeded (BdProbeReport *report)
{
  return report != NULL &&
         bd_probe_report_get_ok (report) &&
         bd_probe_report_get_login (report) == BD_PROBE_LOGIN_OK;
}

/**
 * bd_cli_store_password:
 *
 * Keeps @password in @keyring for @server's login, waiting for it (Ctrl+C
 * stops the wait).
 */
gboolean
bd_cli_store_password (BdKeyring   *keyring,
                       BdServer    *server,
                       const char  *password,
                       GError     **error)
{
  g_autoptr(BdCliWaiter) waiter = bd_cli_waiter_new (1);
  g_autoptr(GAsyncResult) result = NULL;

  bd_keyring_store_async (keyring, server, password, bd_cli_waiter_get_cancellable (waiter),
                          bd_cli_waiter_result_cb, waiter);
  result = bd_cli_waiter_run_for_result (waiter);
  return bd_keyring_store_finish (keyring, result, error);
}

/**
 * bd_cli_print_stored:
 *
 * Says on standard output that @server's password is in the keyring.
 */
void
bd_cli_print_stored (BdServer *server)
{
  /* Translators: “Stored the IMAP password for alice@example.com on
   * imap.example.com, port 993.” */
  printf (_("Stored the %s password for %s on %s, port %u.\n"),
          bd_protocol_get_label (bd_server_get_protocol (server)),
          bd_server_get_username (server),
          bd_server_get_hostname (server),
          (guint) bd_server_get_port (server));
}
