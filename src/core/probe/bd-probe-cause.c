/* bd-probe-cause.c
 *
 * When no server's name could be looked up, one failed lookup does not
 * prove that a name does not exist: BdNetworkDiagnosis then says whether
 * this computer can look names up at all. If it cannot (offline, a broken
 * name server, a sign-in page), that is the shared cause of every such
 * failure, said once by the front ends, and each of those servers was
 * "not tried" for it.
 *
 * A captive portal's name server answers every name, with its own
 * address, where nothing but a web server listens: every server then fails
 * at connecting, and a name looked up proves nothing either. So when every
 * server failed before one of them said a word, at a connection refused or
 * unanswered (and not on this computer), the diagnosis is asked too, with
 * the address the first such server's name led to as its suspect
 * (bd_network_diagnosis_set_suspect_address()); only its verdict "sign in
 * to this network first" is a cause then.
 *
 * A proxy that cannot be reached, or that wants a sign-in the desktop's
 * setting does not have, fails every server the same way, before any of
 * them is asked anything: when two servers or more failed at the same
 * proxy with the same words, that failure is their shared cause too, and
 * no diagnosis is needed (the proxy's address is in its words). A proxy
 * that refused one destination is that server's own failure.
 *
 * The rule lives here once, for every way servers are proven: an account's
 * (BdAccountProbe, for check and store), the URLs of `brevduva-cli test`
 * (plain BdProbes), and the assistant's rows (BdSetupSession).
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-network-diagnosis.h"
#include "bd-probe-cause.h"

/**
 * bd_probe_cause_failed_at_lookup:
 *
 * Returns: whether @report failed while its server's name was looked up.
 */
gboolean
bd_probe_cause_failed_at_lookup (BdProbeReport *report)
{
  const GError *error;

  g_return_val_if_fail (BD_IS_PROBE_REPORT (report), FALSE);

  error = bd_probe_report_get_error (report);
  if (error == NULL || error->domain != BD_ERROR)
    return FALSE;
  return g_strcmp0 (bd_probe_report_get_failed_step (report), "resolve") == 0 &&
         (error->code == BD_ERROR_DNS_NOT_FOUND || error->code == BD_ERROR_DNS_FAILED ||
          error->code == BD_ERROR_TIMED_OUT);
}

/* Whether some server's name was looked up: then names work. */
static gboolean
some_name_resolved (GPtrArray *reports)
{
  for (guint i = 0; i < reports->len; i++)
    {
      GPtrArray *steps = bd_probe_report_get_steps (g_ptr_array_index (reports, i));

      for (guint j = 0; j < steps->len; j++)
        {
          const BdProbeStep *step = g_ptr_array_index (steps, j);

          if (g_strcmp0 (step->name, "resolve") == 0 && step->ok)
            return TRUE;
        }
    }
  return FALSE;
}

/* Whether @report failed at connecting. A failure at the desktop's proxy
 * does not count: it is no sign of a sign-in page, and asking where the
 * server's name leads would look up here the name that only the proxy
 * was to see. */
static gboolean
failed_at_connect (BdProbeReport *report)
{
  const GError *error = bd_probe_report_get_error (report);

  return error != NULL &&
         g_strcmp0 (bd_probe_report_get_failed_step (report), "connect") == 0 &&
         !g_error_matches (error, BD_ERROR, BD_ERROR_PROXY_UNREACHABLE) &&
         !g_error_matches (error, BD_ERROR, BD_ERROR_PROXY_REFUSED) &&
         !g_error_matches (error, BD_ERROR, BD_ERROR_PROXY_AUTH_FAILED);
}

static gboolean
is_proxy_cause (const GError *error)
{
  return g_error_matches (error, BD_ERROR, BD_ERROR_PROXY_UNREACHABLE) ||
         g_error_matches (error, BD_ERROR, BD_ERROR_PROXY_AUTH_FAILED);
}

/* Whether @report failed at connecting, at the proxy, as @error says. */
static gboolean
failed_at_proxy_as (BdProbeReport *report,
                    const GError  *error)
{
  const GError *own = bd_probe_report_get_error (report);

  return own != NULL && own->domain == error->domain && own->code == error->code &&
         g_strcmp0 (bd_probe_report_get_failed_step (report), "connect") == 0 &&
         g_strcmp0 (own->message, error->message) == 0;
}

/* The failure at the desktop's proxy that two reports or more share, word
 * for word (it names the proxy, not the server); else %NULL. */
static const GError *
find_shared_proxy_failure (GPtrArray *reports)
{
  for (guint i = 0; i < reports->len; i++)
    {
      const GError *error = bd_probe_report_get_error (g_ptr_array_index (reports, i));

      if (!is_proxy_cause (error) ||
          !failed_at_proxy_as (g_ptr_array_index (reports, i), error))
        continue;
      for (guint j = i + 1; j < reports->len; j++)
        if (failed_at_proxy_as (g_ptr_array_index (reports, j), error))
          return error;
    }
  return NULL;
}

/* The first report that failed at connecting, when every report failed
 * before a server said a word (at its lookup or its connection); else
 * %NULL. */
static BdProbeReport *
find_unreached (GPtrArray *reports)
{
  BdProbeReport *first = NULL;

  for (guint i = 0; i < reports->len; i++)
    {
      BdProbeReport *report = g_ptr_array_index (reports, i);

      if (failed_at_connect (report))
        first = first != NULL ? first : report;
      else if (!bd_probe_cause_failed_at_lookup (report))
        return NULL;
    }
  return first;
}

/**
 * bd_probe_cause_wanted:
 * @reports: (element-type BdProbeReport): every report of one run
 *
 * Returns: whether a name failed and none at all could be looked up, or
 *   every server failed before it said a word, one at least at connecting
 *   (a captive portal's way): then only a diagnosis of the network can tell
 *   what the failures mean. Or several failed at the same proxy: a cause
 *   that needs no diagnosis.
 */
gboolean
bd_probe_cause_wanted (GPtrArray *reports)
{
  gboolean lookup_failed = FALSE;

  g_return_val_if_fail (reports != NULL, FALSE);

  for (guint i = 0; i < reports->len; i++)
    lookup_failed |= bd_probe_cause_failed_at_lookup (g_ptr_array_index (reports, i));
  return (lookup_failed && !some_name_resolved (reports)) || find_unreached (reports) != NULL ||
         find_shared_proxy_failure (reports) != NULL;
}

/**
 * bd_probe_cause_blame:
 * @cause: the shared cause (bd_network_verdict_to_error(), or the proxy's
 *   failure)
 *
 * @report, which failed at its lookup, at connecting under a captive
 * portal, or at the proxy, was not tried, for @cause; it gets @cause's code
 * and is marked as explained by it (bd_probe_report_get_shared_cause()).
 */
void
bd_probe_cause_blame (BdProbeReport *report,
                      const GError  *cause)
{
  const char *hostname;

  g_return_if_fail (BD_IS_PROBE_REPORT (report));
  g_return_if_fail (cause != NULL);

  hostname = bd_server_get_hostname (bd_probe_report_get_server (report));
  if (is_proxy_cause (cause))
    bd_probe_report_take_shared_cause (report,
      g_error_new (BD_ERROR, cause->code,
                   /* TRANSLATORS: "Not tried: the way to imap.example.com goes through the
                    * proxy. The proxy 127.0.0.1:1080 cannot be reached: …" (the cause follows) */
                   _("Not tried: the way to “%s” goes through the proxy. %s"),
                   hostname, cause->message));
  else if (failed_at_connect (report))
    bd_probe_report_take_shared_cause (report,
      g_error_new (BD_ERROR, cause->code,
                   /* TRANSLATORS: "Not tried: imap.example.com leads to this network's
                    * sign-in page. Sign in to this network first: …" (the cause follows) */
                   _("Not tried: “%s” leads to this network’s sign-in page, not to the "
                     "server. %s"),
                   hostname, cause->message));
  else
    bd_probe_report_take_shared_cause (report,
      g_error_new (BD_ERROR, cause->code,
                   /* TRANSLATORS: "Not tried: imap.example.com could not be looked up. This
                    * computer cannot look up names: …" (the shared cause follows) */
                   _("Not tried: “%s” could not be looked up. %s"),
                   hostname, cause->message));
}

/**
 * bd_probe_cause_get_report_not_tried:
 *
 * Returns: (nullable): the few words a server's row says when @report was
 *   blamed on a shared cause (bd_probe_cause_blame()), which is said once
 *   above the rows; %NULL for any other report.
 */
const char *
bd_probe_cause_get_report_not_tried (BdProbeReport *report)
{
  g_return_val_if_fail (BD_IS_PROBE_REPORT (report), NULL);

  if (!bd_probe_report_get_shared_cause (report))
    return NULL;
  return bd_probe_cause_get_not_tried (bd_probe_report_get_error (report));
}

/**
 * bd_probe_cause_get_not_tried:
 * @cause: a shared cause
 *
 * Returns: (nullable): the few words a server's row says under @cause,
 *   which is said once above the rows; %NULL when @cause is not one.
 */
const char *
bd_probe_cause_get_not_tried (const GError *cause)
{
  g_return_val_if_fail (cause != NULL, NULL);

  return bd_network_cause_get_words (cause, BD_CAUSE_WORDS_NOT_TRIED);
}

/* Blames the reports that @cause explains: those that failed at their
 * lookup, and when @portal, those that failed at connecting too.
 * Returns: whether it explained any. */
static gboolean
blame_all (GPtrArray    *reports,
           const GError *cause,
           gboolean      portal)
{
  gboolean blamed = FALSE;

  for (guint i = 0; i < reports->len; i++)
    {
      BdProbeReport *report = g_ptr_array_index (reports, i);

      if (bd_probe_cause_failed_at_lookup (report) || (portal && failed_at_connect (report)))
        {
          bd_probe_cause_blame (report, cause);
          blamed = TRUE;
        }
    }
  return blamed;
}

/* Blames every report that failed at the proxy as @failure says.
 * Returns: (transfer full): the cause. */
static GError *
blame_proxy (GPtrArray    *reports,
             const GError *failure)
{
  GError *cause = g_error_copy (failure);

  for (guint i = 0; i < reports->len; i++)
    if (failed_at_proxy_as (g_ptr_array_index (reports, i), cause))
      bd_probe_cause_blame (g_ptr_array_index (reports, i), cause);
  return cause;
}

static void
diagnosed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GPtrArray *reports = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  BdNetworkVerdict verdict;
  GError *cause;

  verdict = bd_network_diagnosis_run_finish (BD_NETWORK_DIAGNOSIS (object), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  cause = bd_network_verdict_to_error (verdict);
  if (cause != NULL && !blame_all (reports, cause, verdict == BD_NETWORK_VERDICT_CAPTIVE_PORTAL))
    g_clear_error (&cause);
  /* No cause is an answer too: names work. */
  g_task_return_pointer (task, cause, (GDestroyNotify) g_error_free);
}

/* A server's name led to this address: the diagnosis may ask it. */
static void
suspect_looked_up_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(BdNetworkDiagnosis) diagnosis = NULL;
  GList *addresses;
  GInetAddress *first;
  g_autofree char *text = NULL;

  addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (object), result, NULL);
  if (g_task_return_error_if_cancelled (task))
    {
      g_resolver_free_addresses (addresses);
      return;
    }
  first = addresses != NULL ? addresses->data : NULL;
  /* A server on this computer or its own network is no sign-in page. */
  if (first == NULL || g_inet_address_get_is_loopback (first) ||
      g_inet_address_get_is_link_local (first) || g_inet_address_get_is_any (first))
    {
      g_resolver_free_addresses (addresses);
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  text = g_inet_address_to_string (first);
  g_resolver_free_addresses (addresses);

  diagnosis = bd_network_diagnosis_new ();
  bd_network_diagnosis_set_resolver (diagnosis, G_RESOLVER (object));
  bd_network_diagnosis_set_suspect_address (diagnosis, text);
  bd_network_diagnosis_run_async (diagnosis, g_task_get_cancellable (task), diagnosed_cb,
                                  g_object_ref (task));
}

/**
 * bd_probe_cause_find_async:
 * @reports: (element-type BdProbeReport): every report of one run
 * @resolver: (nullable): the resolver the servers were looked up with
 *
 * Finds the shared cause of @reports' failures, when
 * bd_probe_cause_wanted() says one is needed, and blames every report it
 * explains on it (bd_probe_cause_blame()): those that failed at their
 * lookup, and under a captive portal those that failed at connecting.
 */
void
bd_probe_cause_find_async (GPtrArray           *reports,
                           GResolver           *resolver,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(BdNetworkDiagnosis) diagnosis = NULL;
  g_autoptr(GResolver) default_resolver = NULL;
  const GError *proxy_failure;
  BdProbeReport *unreached;

  g_return_if_fail (reports != NULL);
  g_return_if_fail (resolver == NULL || G_IS_RESOLVER (resolver));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_probe_cause_find_async);
  g_task_set_task_data (task, g_ptr_array_ref (reports), (GDestroyNotify) g_ptr_array_unref);
  if (!bd_probe_cause_wanted (reports))
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  proxy_failure = find_shared_proxy_failure (reports);
  if (proxy_failure != NULL)
    {
      g_task_return_pointer (task, blame_proxy (reports, proxy_failure),
                             (GDestroyNotify) g_error_free);
      return;
    }
  unreached = find_unreached (reports);
  if (unreached != NULL)
    {
      /* Where did the names lead? (The lookup is the probe's again, from
       * the resolver's cache as a rule.) */
      BdServer *server = bd_probe_report_get_server (unreached);

      if (resolver == NULL)
        resolver = default_resolver = g_resolver_get_default ();
      g_resolver_lookup_by_name_async (resolver, bd_server_get_hostname (server), cancellable,
                                       suspect_looked_up_cb, g_steal_pointer (&task));
      return;
    }
  diagnosis = bd_network_diagnosis_new ();
  bd_network_diagnosis_set_resolver (diagnosis, resolver);
  bd_network_diagnosis_run_async (diagnosis, cancellable, diagnosed_cb, g_steal_pointer (&task));
}

/**
 * bd_probe_cause_find_finish:
 *
 * Returns: (transfer full) (nullable): the shared cause, or %NULL when
 *   there is none (names work, or nothing needed a diagnosis), or with
 *   @error set when cancelled.
 */
GError *
bd_probe_cause_find_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bd_probe_cause_find_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
