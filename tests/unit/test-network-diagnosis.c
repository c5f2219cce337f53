/* test-network-diagnosis.c: can this computer look names up, told from the facts
 *
 * The verdict, table by table, as a pure function of what GNetworkMonitor
 * says and how the lookups of names that must exist ended; then whole runs
 * with a scripted resolver and a scripted monitor (no network at all).
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "bd-error.h"
#include "bd-network-diagnosis.h"
#include "bd-test-wait.h"

#define R BD_NAME_LOOKUP_RESOLVED
#define N BD_NAME_LOOKUP_NOT_FOUND
#define F BD_NAME_LOOKUP_FAILED
#define T BD_NAME_LOOKUP_TIMED_OUT

typedef struct
{
  const char *name;
  gboolean available;
  GNetworkConnectivity connectivity;
  BdNameLookup lookups[3];
  guint n_lookups;
  BdNetworkVerdict verdict;
  const char *code;   /* the cause's, or NULL */
} ClassifyCase;

static const ClassifyCase classify_cases[] = {
  { "one-name-resolves-names-work", TRUE, G_NETWORK_CONNECTIVITY_FULL, { N, R, T }, 3,
    BD_NETWORK_VERDICT_NAMES_WORK, NULL },
  { "resolves-though-monitor-says-offline", FALSE, G_NETWORK_CONNECTIVITY_LOCAL, { F, R }, 2,
    BD_NETWORK_VERDICT_NAMES_WORK, NULL },
  { "no-network-every-lookup-fails-offline", FALSE, G_NETWORK_CONNECTIVITY_LOCAL, { F, F }, 2,
    BD_NETWORK_VERDICT_OFFLINE, "network-unreachable" },
  { "no-network-even-with-not-found-offline", FALSE, G_NETWORK_CONNECTIVITY_LOCAL, { N, N }, 2,
    BD_NETWORK_VERDICT_OFFLINE, "network-unreachable" },
  { "every-name-not-found-dns-denies-all", TRUE, G_NETWORK_CONNECTIVITY_FULL, { N, N, N }, 3,
    BD_NETWORK_VERDICT_DNS_DENIES_ALL, "dns-unavailable" },
  { "not-found-and-timeouts-dns-denies-all", TRUE, G_NETWORK_CONNECTIVITY_FULL, { T, N }, 2,
    BD_NETWORK_VERDICT_DNS_DENIES_ALL, "dns-unavailable" },
  { "every-lookup-times-out-dns-silent", TRUE, G_NETWORK_CONNECTIVITY_FULL, { T, T }, 2,
    BD_NETWORK_VERDICT_DNS_SILENT, "dns-unavailable" },
  { "every-lookup-fails-dns-silent", TRUE, G_NETWORK_CONNECTIVITY_LIMITED, { F, T }, 2,
    BD_NETWORK_VERDICT_DNS_SILENT, "dns-unavailable" },
  { "portal-without-names-captive-portal", TRUE, G_NETWORK_CONNECTIVITY_PORTAL, { N, N }, 2,
    BD_NETWORK_VERDICT_CAPTIVE_PORTAL, "captive-portal" },
  { "portal-even-if-names-resolve-captive-portal", TRUE, G_NETWORK_CONNECTIVITY_PORTAL,
    { R, R }, 2, BD_NETWORK_VERDICT_CAPTIVE_PORTAL, "captive-portal" },
  { "nothing-asked-online-unknown", TRUE, G_NETWORK_CONNECTIVITY_FULL, { 0 }, 0,
    BD_NETWORK_VERDICT_UNKNOWN, NULL },
  { "nothing-asked-offline-offline", FALSE, G_NETWORK_CONNECTIVITY_LOCAL, { 0 }, 0,
    BD_NETWORK_VERDICT_OFFLINE, "network-unreachable" },
};

static void
test_classify (gconstpointer data)
{
  const ClassifyCase *c = data;
  BdNetworkVerdict verdict;
  g_autoptr(GError) cause = NULL;

  verdict = bd_network_verdict_classify (c->available, c->connectivity, c->lookups,
                                         c->n_lookups);
  g_assert_cmpint (verdict, ==, c->verdict);
  cause = bd_network_verdict_to_error (verdict);
  g_assert_cmpstr (cause != NULL ? bd_error_get_name (cause) : NULL, ==, c->code);
  g_assert_cmpint (bd_network_verdict_is_local (verdict), ==, c->code != NULL);
}

static void
test_lookup_from_error (void)
{
  g_autoptr(GError) not_found = g_error_new_literal (G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                                                     "no");
  g_autoptr(GError) temporary = g_error_new_literal (G_RESOLVER_ERROR,
                                                     G_RESOLVER_ERROR_TEMPORARY_FAILURE, "no");
  g_autoptr(GError) timed_out = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "no");

  g_assert_cmpint (bd_name_lookup_from_error (NULL), ==, BD_NAME_LOOKUP_RESOLVED);
  g_assert_cmpint (bd_name_lookup_from_error (not_found), ==, BD_NAME_LOOKUP_NOT_FOUND);
  g_assert_cmpint (bd_name_lookup_from_error (temporary), ==, BD_NAME_LOOKUP_FAILED);
  g_assert_cmpint (bd_name_lookup_from_error (timed_out), ==, BD_NAME_LOOKUP_TIMED_OUT);
}

/* ---- a resolver that answers from a script: "found.test" resolves, names
 * starting "silent" never answer, the others are not found ---- */

#define TEST_TYPE_SCRIPTED_RESOLVER (test_scripted_resolver_get_type ())
G_DECLARE_FINAL_TYPE (TestScriptedResolver, test_scripted_resolver, TEST, SCRIPTED_RESOLVER,
                      GResolver)

struct _TestScriptedResolver
{
  GResolver parent_instance;
  GPtrArray *asked;
  GPtrArray *silent;   /* of GTask, answered only by scripted_resolver_release() */
};

G_DEFINE_FINAL_TYPE (TestScriptedResolver, test_scripted_resolver, G_TYPE_RESOLVER)

static void
scripted_lookup_async (GResolver           *resolver,
                       const char          *hostname,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  TestScriptedResolver *self = TEST_SCRIPTED_RESOLVER (resolver);
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);

  g_ptr_array_add (self->asked, g_strdup (hostname));
  if (g_str_has_prefix (hostname, "silent"))
    {
      g_ptr_array_add (self->silent, g_steal_pointer (&task));
      return;
    }
  if (g_strcmp0 (hostname, "found.test") == 0)
    {
      g_task_return_pointer (task,
                             g_list_append (NULL, g_inet_address_new_from_string ("192.0.2.1")),
                             (GDestroyNotify) g_resolver_free_addresses);
      return;
    }
  g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                           "No such name: %s", hostname);
  return;
}

static GList *
scripted_lookup_finish (GResolver     *resolver,
                        GAsyncResult  *result,
                        GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_scripted_resolver_finalize (GObject *object)
{
  TestScriptedResolver *self = TEST_SCRIPTED_RESOLVER (object);

  g_ptr_array_unref (self->asked);
  g_ptr_array_unref (self->silent);
  G_OBJECT_CLASS (test_scripted_resolver_parent_class)->finalize (object);
}

static void
test_scripted_resolver_class_init (TestScriptedResolverClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_scripted_resolver_finalize;
  G_RESOLVER_CLASS (klass)->lookup_by_name_async = scripted_lookup_async;
  G_RESOLVER_CLASS (klass)->lookup_by_name_finish = scripted_lookup_finish;
}

static void
test_scripted_resolver_init (TestScriptedResolver *self)
{
  self->asked = g_ptr_array_new_with_free_func (g_free);
  self->silent = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Ends the lookups that never answered, so that nothing is left running. */
static void
scripted_resolver_release (TestScriptedResolver *self)
{
  g_autoptr(GPtrArray) silent = g_steal_pointer (&self->silent);

  self->silent = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < silent->len; i++)
    g_task_return_new_error (g_ptr_array_index (silent, i), G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             "Released");
  g_clear_pointer (&silent, g_ptr_array_unref);
  bd_test_iterate_pending ();
}

/* ---- a monitor that says what the test wants ---- */

#define TEST_TYPE_SCRIPTED_MONITOR (test_scripted_monitor_get_type ())
G_DECLARE_FINAL_TYPE (TestScriptedMonitor, test_scripted_monitor, TEST, SCRIPTED_MONITOR,
                      GObject)

struct _TestScriptedMonitor
{
  GObject parent_instance;
  gboolean available;
  GNetworkConnectivity connectivity;
};

enum {
  MONITOR_PROP_0,
  MONITOR_PROP_AVAILABLE,
  MONITOR_PROP_METERED,
  MONITOR_PROP_CONNECTIVITY,
};

static gboolean
scripted_monitor_init_sync (GInitable     *initable,
                            GCancellable  *cancellable,
                            GError       **error)
{
  return TRUE;
}

static void
scripted_monitor_initable_init (GInitableIface *iface)
{
  iface->init = scripted_monitor_init_sync;
}

static void
scripted_monitor_iface_init (GNetworkMonitorInterface *iface)
{
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestScriptedMonitor, test_scripted_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      scripted_monitor_initable_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR,
                                                      scripted_monitor_iface_init))

static void
scripted_monitor_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TestScriptedMonitor *self = TEST_SCRIPTED_MONITOR (object);

  switch (prop_id)
    {
    case MONITOR_PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case MONITOR_PROP_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case MONITOR_PROP_CONNECTIVITY:
      g_value_set_enum (value, self->connectivity);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_scripted_monitor_class_init (TestScriptedMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = scripted_monitor_get_property;
  g_object_class_override_property (object_class, MONITOR_PROP_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, MONITOR_PROP_METERED, "network-metered");
  g_object_class_override_property (object_class, MONITOR_PROP_CONNECTIVITY, "connectivity");
}

static void
test_scripted_monitor_init (TestScriptedMonitor *self)
{
  self->available = TRUE;
  self->connectivity = G_NETWORK_CONNECTIVITY_FULL;
}

static BdNetworkVerdict
run_diagnosis (const char * const *names,
               gboolean            available,
               guint               timeout_ms,
               TestScriptedResolver **resolver_out)
{
  g_autoptr(BdNetworkDiagnosis) diagnosis = bd_network_diagnosis_new ();
  TestScriptedResolver *resolver = g_object_new (TEST_TYPE_SCRIPTED_RESOLVER, NULL);
  g_autoptr(TestScriptedMonitor) monitor = g_object_new (TEST_TYPE_SCRIPTED_MONITOR, NULL);
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  BdNetworkVerdict verdict;

  monitor->available = available;
  bd_network_diagnosis_set_resolver (diagnosis, G_RESOLVER (resolver));
  bd_network_diagnosis_set_monitor (diagnosis, G_NETWORK_MONITOR (monitor));
  bd_network_diagnosis_set_timeout (diagnosis, timeout_ms);
  for (guint i = 0; names[i] != NULL; i++)
    bd_network_diagnosis_add_reference_name (diagnosis, names[i]);
  bd_network_diagnosis_run_async (diagnosis, NULL, bd_test_got_result_cb, &slot);
  result = bd_test_wait_for_result (&slot, 5000);
  verdict = bd_network_diagnosis_run_finish (diagnosis, result, &error);
  g_assert_no_error (error);
  scripted_resolver_release (resolver);
  *resolver_out = resolver;
  return verdict;
}

static void
test_run_one_name_resolves (void)
{
  const char *names[] = { "found.test", "missing.test", NULL };
  g_autoptr(TestScriptedResolver) resolver = NULL;

  g_assert_cmpint (run_diagnosis (names, TRUE, 2000, &resolver), ==,
                   BD_NETWORK_VERDICT_NAMES_WORK);
}

static void
test_run_every_name_denied (void)
{
  const char *names[] = { "missing.test", NULL };
  g_autoptr(TestScriptedResolver) resolver = NULL;

  /* The reference names come from the environment (main()) after the caller's. */
  g_assert_cmpint (run_diagnosis (names, TRUE, 300, &resolver), ==,
                   BD_NETWORK_VERDICT_DNS_DENIES_ALL);
  g_assert_cmpuint (resolver->asked->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (resolver->asked, 0), ==, "missing.test");
  g_assert_cmpstr (g_ptr_array_index (resolver->asked, 1), ==, "silent-env1.test");
  g_assert_cmpstr (g_ptr_array_index (resolver->asked, 2), ==, "silent-env2.test");
}

static void
test_run_silent_resolver_ends_at_deadline (void)
{
  const char *names[] = { "silent1.test", "silent2.test", NULL };
  g_autoptr(TestScriptedResolver) resolver = NULL;
  gint64 start = g_get_monotonic_time ();

  g_assert_cmpint (run_diagnosis (names, TRUE, 200, &resolver), ==,
                   BD_NETWORK_VERDICT_DNS_SILENT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
}

static void
test_run_offline (void)
{
  const char *names[] = { "silent.test", "missing.test", NULL };
  g_autoptr(TestScriptedResolver) resolver = NULL;

  g_assert_cmpint (run_diagnosis (names, FALSE, 200, &resolver), ==,
                   BD_NETWORK_VERDICT_OFFLINE);
}

int
main (int    argc,
      char **argv)
{
  /* Never the default names, which are on the internet: these never answer. */
  g_setenv ("BREVDUVA_REFERENCE_NAMES", "silent-env1.test, silent-env2.test", TRUE);
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (classify_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/network-diagnosis/classify/%s",
                                               classify_cases[i].name);

      g_test_add_data_func (path, &classify_cases[i], test_classify);
    }
  g_test_add_func ("/network-diagnosis/lookup-outcome-from-error", test_lookup_from_error);
  g_test_add_func ("/network-diagnosis/run/one-name-resolving-means-names-work",
                   test_run_one_name_resolves);
  g_test_add_func ("/network-diagnosis/run/every-name-denied-means-dns-denies-all",
                   test_run_every_name_denied);
  g_test_add_func ("/network-diagnosis/run/silent-resolver-ends-at-deadline",
                   test_run_silent_resolver_ends_at_deadline);
  g_test_add_func ("/network-diagnosis/run/no-network-means-offline", test_run_offline);

  return g_test_run ();
}
