/* bd-network-diagnosis.c
 *
 * One failed lookup cannot tell "this name does not exist" from "this
 * computer cannot look any name up": a resolver that answers "no such
 * name" for every name (a captive portal, filtering DNS, a broken VPN, an
 * offline machine with a stale resolver) says the same words about
 * imap.gmail.com as about a typo. So when lookups fail, this asks about
 * names that must exist (the reference names: the root's a.root-servers.net
 * and IANA's example.com by default, plus whatever the caller knows must
 * exist, such as the ISPDB's host), and what GNetworkMonitor knows, and
 * says which it is: no network, a name server that denies everything, one
 * that does not answer, a network that wants a sign-in first, or names
 * that work (so the failed one really does not exist).
 *
 * The verdict is a pure function of those facts
 * (bd_network_verdict_classify()), tested table by table; the run only
 * gathers them. A name that resolves settles it at once: names work. The
 * reference names are looked up at the same time, under one deadline, so
 * a resolver that never answers costs that deadline and no more.
 *
 * Tests must not reach the internet, and the reference names would: the
 * environment variable BREVDUVA_REFERENCE_NAMES (names separated by commas
 * or spaces) replaces the default ones, so a test world's own DNS serves
 * them.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-network-diagnosis.h"

static const char * const default_reference_names[] = {
  "a.root-servers.net",
  "example.com",
};

struct _BdNetworkDiagnosis
{
  GObject parent_instance;

  GResolver *resolver;
  GNetworkMonitor *monitor;
  GPtrArray *names;   /* of char *, the caller's own reference names */
  guint timeout_ms;
};

G_DEFINE_FINAL_TYPE (BdNetworkDiagnosis, bd_network_diagnosis, G_TYPE_OBJECT)

/**
 * bd_network_verdict_classify:
 * @network_available: what g_network_monitor_get_network_available() says
 * @connectivity: what g_network_monitor_get_connectivity() says
 * @lookups: (array length=n_lookups): how each lookup of a reference name ended
 *
 * A name that resolves is the strongest fact: names work, whatever the
 * monitor believes (it cannot see a proxy or a route it does not know),
 * unless the monitor knows the network holds everything back for a
 * sign-in page. Without one, no network at all explains every failure;
 * otherwise the name server is broken, in one of two ways.
 *
 * Returns: the verdict.
 */
BdNetworkVerdict
bd_network_verdict_classify (gboolean              network_available,
                             GNetworkConnectivity  connectivity,
                             const BdNameLookup   *lookups,
                             guint                 n_lookups)
{
  gboolean denied = FALSE;

  g_return_val_if_fail (lookups != NULL || n_lookups == 0, BD_NETWORK_VERDICT_UNKNOWN);

  if (connectivity == G_NETWORK_CONNECTIVITY_PORTAL && network_available)
    return BD_NETWORK_VERDICT_CAPTIVE_PORTAL;
  for (guint i = 0; i < n_lookups; i++)
    if (lookups[i] == BD_NAME_LOOKUP_RESOLVED)
      return BD_NETWORK_VERDICT_NAMES_WORK;
  if (!network_available)
    return BD_NETWORK_VERDICT_OFFLINE;
  if (n_lookups == 0)
    return BD_NETWORK_VERDICT_UNKNOWN;
  for (guint i = 0; i < n_lookups; i++)
    denied |= lookups[i] == BD_NAME_LOOKUP_NOT_FOUND;
  /* One "no such name" for a name that must exist is enough: a name server
   * that answers at all, and answers that, is the one that is wrong. */
  return denied ? BD_NETWORK_VERDICT_DNS_DENIES_ALL : BD_NETWORK_VERDICT_DNS_SILENT;
}

/**
 * bd_network_verdict_is_local:
 *
 * Returns: whether @verdict is about this computer or its network, so that
 *   a failed lookup says nothing about the name itself.
 */
gboolean
bd_network_verdict_is_local (BdNetworkVerdict verdict)
{
  return verdict == BD_NETWORK_VERDICT_OFFLINE ||
         verdict == BD_NETWORK_VERDICT_DNS_DENIES_ALL ||
         verdict == BD_NETWORK_VERDICT_DNS_SILENT ||
         verdict == BD_NETWORK_VERDICT_CAPTIVE_PORTAL;
}

/**
 * bd_network_verdict_to_error:
 *
 * Returns: (transfer full) (nullable): the cause, in the words a person
 *   sees once, above everything it explains (its advice is the code's);
 *   %NULL when @verdict is not about this computer.
 */
GError *
bd_network_verdict_to_error (BdNetworkVerdict verdict)
{
  switch (verdict)
    {
    case BD_NETWORK_VERDICT_OFFLINE:
      return g_error_new_literal (BD_ERROR, BD_ERROR_NETWORK_UNREACHABLE,
                                  _("This computer is not connected to a network, so no "
                                    "name can be looked up."));
    case BD_NETWORK_VERDICT_DNS_DENIES_ALL:
      return g_error_new_literal (BD_ERROR, BD_ERROR_DNS_UNAVAILABLE,
                                  _("This computer cannot look up names: its name server "
                                    "says that even names that must exist do not."));
    case BD_NETWORK_VERDICT_DNS_SILENT:
      return g_error_new_literal (BD_ERROR, BD_ERROR_DNS_UNAVAILABLE,
                                  _("This computer cannot look up names: its name server "
                                    "does not answer."));
    case BD_NETWORK_VERDICT_CAPTIVE_PORTAL:
      return g_error_new_literal (BD_ERROR, BD_ERROR_CAPTIVE_PORTAL,
                                  _("This network lets nothing through until you sign in "
                                    "to it."));
    case BD_NETWORK_VERDICT_UNKNOWN:
    case BD_NETWORK_VERDICT_NAMES_WORK:
    default:
      return NULL;
    }
}

/**
 * bd_name_lookup_from_error:
 * @error: (nullable): how a lookup failed; %NULL when it resolved
 */
BdNameLookup
bd_name_lookup_from_error (const GError *error)
{
  if (error == NULL)
    return BD_NAME_LOOKUP_RESOLVED;
  if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
    return BD_NAME_LOOKUP_NOT_FOUND;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return BD_NAME_LOOKUP_TIMED_OUT;
  return BD_NAME_LOOKUP_FAILED;
}

static void
bd_network_diagnosis_finalize (GObject *object)
{
  BdNetworkDiagnosis *self = BD_NETWORK_DIAGNOSIS (object);

  g_clear_object (&self->resolver);
  g_clear_object (&self->monitor);
  g_clear_pointer (&self->names, g_ptr_array_unref);

  G_OBJECT_CLASS (bd_network_diagnosis_parent_class)->finalize (object);
}

static void
bd_network_diagnosis_class_init (BdNetworkDiagnosisClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bd_network_diagnosis_finalize;
}

static void
bd_network_diagnosis_init (BdNetworkDiagnosis *self)
{
  self->names = g_ptr_array_new_with_free_func (g_free);
  self->timeout_ms = BD_NETWORK_DIAGNOSIS_DEFAULT_TIMEOUT_MS;
}

BdNetworkDiagnosis *
bd_network_diagnosis_new (void)
{
  return g_object_new (BD_TYPE_NETWORK_DIAGNOSIS, NULL);
}

/* The resolver to ask; the default one when unset. */
void
bd_network_diagnosis_set_resolver (BdNetworkDiagnosis *self,
                                   GResolver          *resolver)
{
  g_return_if_fail (BD_IS_NETWORK_DIAGNOSIS (self));
  g_return_if_fail (resolver == NULL || G_IS_RESOLVER (resolver));

  g_set_object (&self->resolver, resolver);
}

/* The monitor to ask; the default one when unset. */
void
bd_network_diagnosis_set_monitor (BdNetworkDiagnosis *self,
                                  GNetworkMonitor    *monitor)
{
  g_return_if_fail (BD_IS_NETWORK_DIAGNOSIS (self));
  g_return_if_fail (monitor == NULL || G_IS_NETWORK_MONITOR (monitor));

  g_set_object (&self->monitor, monitor);
}

void
bd_network_diagnosis_set_timeout (BdNetworkDiagnosis *self,
                                  guint               timeout_ms)
{
  g_return_if_fail (BD_IS_NETWORK_DIAGNOSIS (self));

  self->timeout_ms = timeout_ms > 0 ? timeout_ms : BD_NETWORK_DIAGNOSIS_DEFAULT_TIMEOUT_MS;
}

/**
 * bd_network_diagnosis_add_reference_name:
 * @hostname: a name that must exist, asked besides the default ones (the
 *   ISPDB's host, say); ignored when %NULL or empty
 */
void
bd_network_diagnosis_add_reference_name (BdNetworkDiagnosis *self,
                                         const char         *hostname)
{
  g_return_if_fail (BD_IS_NETWORK_DIAGNOSIS (self));

  if (hostname == NULL || *hostname == '\0')
    return;
  for (guint i = 0; i < self->names->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (self->names, i), hostname) == 0)
      return;
  g_ptr_array_add (self->names, g_strdup (hostname));
}

/* The caller's names, then BREVDUVA_REFERENCE_NAMES or the default ones. */
static GPtrArray *
dup_reference_names (BdNetworkDiagnosis *self)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *env = g_getenv ("BREVDUVA_REFERENCE_NAMES");
  g_auto(GStrv) from_env = NULL;

  for (guint i = 0; i < self->names->len; i++)
    g_ptr_array_add (names, g_strdup (g_ptr_array_index (self->names, i)));
  if (env != NULL)
    {
      from_env = g_strsplit_set (env, ", ", -1);
      for (guint i = 0; from_env[i] != NULL; i++)
        if (*from_env[i] != '\0')
          g_ptr_array_add (names, g_strdup (from_env[i]));
    }
  else
    {
      for (gsize i = 0; i < G_N_ELEMENTS (default_reference_names); i++)
        g_ptr_array_add (names, g_strdup (default_reference_names[i]));
    }
  return names;
}

typedef struct
{
  GPtrArray *names;
  BdNameLookup *lookups;     /* TIMED_OUT until the lookup ends */
  guint pending;
  gboolean network_available;
  GNetworkConnectivity connectivity;
  GCancellable *cancellable; /* the lookups' own, cancelled when the run ends */
  GCancellable *caller_cancellable;
  gulong cancelled_id;
  GSource *timeout;
  gboolean done;
} RunData;

static void
run_data_free (RunData *data)
{
  if (data->timeout != NULL)
    {
      g_source_destroy (data->timeout);
      g_source_unref (data->timeout);
    }
  if (data->caller_cancellable != NULL)
    g_cancellable_disconnect (data->caller_cancellable, data->cancelled_id);
  g_clear_object (&data->caller_cancellable);
  g_clear_object (&data->cancellable);
  g_ptr_array_unref (data->names);
  g_free (data->lookups);
  g_free (data);
}

typedef struct
{
  GTask *task;
  guint index;
} LookupRef;

static void
finish (GTask *task)
{
  RunData *data = g_task_get_task_data (task);
  BdNetworkVerdict verdict;

  data->done = TRUE;
  if (data->timeout != NULL)
    {
      g_source_destroy (data->timeout);
      g_clear_pointer (&data->timeout, g_source_unref);
    }
  g_cancellable_cancel (data->cancellable);
  if (g_task_return_error_if_cancelled (task))
    return;

  verdict = bd_network_verdict_classify (data->network_available, data->connectivity,
                                         data->lookups, data->names->len);
  g_debug ("Network diagnosis: %u names, network %s, verdict %d", data->names->len,
           data->network_available ? "available" : "unavailable", verdict);
  g_task_return_int (task, verdict);
  return;
}

static void
looked_up_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LookupRef *ref = user_data;
  g_autoptr(GTask) task = ref->task;
  RunData *data = g_task_get_task_data (task);
  guint index = ref->index;
  g_autoptr(GError) error = NULL;
  GList *addresses;

  g_free (ref);
  addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (object), result, &error);
  g_resolver_free_addresses (addresses);
  if (data->done)
    return;

  data->lookups[index] = bd_name_lookup_from_error (error);
  data->pending--;
  if (data->lookups[index] == BD_NAME_LOOKUP_RESOLVED || data->pending == 0)
    finish (task);
}

static gboolean
timeout_cb (gpointer user_data)
{
  GTask *task = user_data;

  /* The lookups still running stay TIMED_OUT. */
  finish (task);
  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

/**
 * bd_network_diagnosis_run_async:
 *
 * Asks GNetworkMonitor, and looks up every reference name at once under
 * one deadline; ends as soon as one resolves.
 */
void
bd_network_diagnosis_run_async (BdNetworkDiagnosis  *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GResolver) resolver = NULL;
  GNetworkMonitor *monitor;
  RunData *data;

  g_return_if_fail (BD_IS_NETWORK_DIAGNOSIS (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_network_diagnosis_run_async);

  monitor = self->monitor != NULL ? self->monitor : g_network_monitor_get_default ();
  resolver = self->resolver != NULL ? g_object_ref (self->resolver) : g_resolver_get_default ();

  data = g_new0 (RunData, 1);
  data->names = dup_reference_names (self);
  data->lookups = g_new (BdNameLookup, MAX (data->names->len, 1));
  data->pending = data->names->len;
  data->network_available = g_network_monitor_get_network_available (monitor);
  data->connectivity = g_network_monitor_get_connectivity (monitor);
  data->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);

  if (cancellable != NULL)
    {
      data->caller_cancellable = g_object_ref (cancellable);
      data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                  data->cancellable, NULL);
    }

  if (data->names->len == 0)
    {
      finish (task);
      return;
    }

  data->timeout = g_timeout_source_new (self->timeout_ms);
  g_task_attach_source (task, data->timeout, timeout_cb);
  for (guint i = 0; i < data->names->len; i++)
    {
      LookupRef *ref = g_new0 (LookupRef, 1);

      data->lookups[i] = BD_NAME_LOOKUP_TIMED_OUT;
      ref->task = g_object_ref (task);
      ref->index = i;
      g_resolver_lookup_by_name_async (resolver, g_ptr_array_index (data->names, i),
                                       data->cancellable, looked_up_cb, ref);
    }
}

/**
 * bd_network_diagnosis_run_finish:
 *
 * Returns: the verdict; %BD_NETWORK_VERDICT_UNKNOWN with
 *   %G_IO_ERROR_CANCELLED when cancelled.
 */
BdNetworkVerdict
bd_network_diagnosis_run_finish (BdNetworkDiagnosis  *self,
                                 GAsyncResult        *result,
                                 GError             **error)
{
  GError *local = NULL;
  gssize verdict;

  g_return_val_if_fail (BD_IS_NETWORK_DIAGNOSIS (self), BD_NETWORK_VERDICT_UNKNOWN);
  g_return_val_if_fail (g_task_is_valid (result, self), BD_NETWORK_VERDICT_UNKNOWN);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bd_network_diagnosis_run_async,
                        BD_NETWORK_VERDICT_UNKNOWN);

  verdict = g_task_propagate_int (G_TASK (result), &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return BD_NETWORK_VERDICT_UNKNOWN;
    }
  return (BdNetworkVerdict) verdict;
}
