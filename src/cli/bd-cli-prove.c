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
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bd-account-probe.h"
#include "bd-cli-prove.h"
#include "bd-cli-wait.h"
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
