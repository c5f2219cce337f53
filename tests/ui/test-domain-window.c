/* test-domain-window.c: "Check a Domain" under Xvfb
 *
 * The main menu opens it beside the assistant; bad input is said in one
 * line; a check runs to its report, one row per finding, with nothing to
 * publish when nothing proved good; closing the window frees it. The names
 * are answered by a resolver of the test's own that knows none, so no
 * network is needed (the checks themselves are proven in the detection
 * world, tests/integration/test-domain.py).
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "bd-application.h"
#include "bd-domain-window.h"
#include "bd-window.h"
#include "ui-test-util.h"

/* A resolver that knows no name and no record, and says so at once. */
#define NONE_TYPE_RESOLVER (none_resolver_get_type ())
G_DECLARE_FINAL_TYPE (NoneResolver, none_resolver, NONE, RESOLVER, GResolver)

struct _NoneResolver
{
  GResolver parent_instance;
};

G_DEFINE_FINAL_TYPE (NoneResolver, none_resolver, G_TYPE_RESOLVER)

static void
none_fail_async (GResolver           *resolver,
                 const char          *name,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);

  g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                           "No such name: %s", name);
}

static void
none_lookup_by_name_async (GResolver           *resolver,
                           const char          *name,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  none_fail_async (resolver, name, cancellable, callback, user_data);
}

static void
none_lookup_by_name_with_flags_async (GResolver                *resolver,
                                      const char               *name,
                                      GResolverNameLookupFlags  flags,
                                      GCancellable             *cancellable,
                                      GAsyncReadyCallback       callback,
                                      gpointer                  user_data)
{
  none_fail_async (resolver, name, cancellable, callback, user_data);
}

static void
none_lookup_records_async (GResolver           *resolver,
                           const char          *rrname,
                           GResolverRecordType  type,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  none_fail_async (resolver, rrname, cancellable, callback, user_data);
}

static gpointer
none_finish (GResolver     *resolver,
             GAsyncResult  *result,
             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GList *
none_lookup_by_name (GResolver     *resolver,
                     const char    *name,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "No such name: %s", name);
  return NULL;
}

static void
none_resolver_class_init (NoneResolverClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  resolver_class->lookup_by_name = none_lookup_by_name;
  resolver_class->lookup_by_name_async = none_lookup_by_name_async;
  resolver_class->lookup_by_name_finish = (gpointer) none_finish;
  resolver_class->lookup_by_name_with_flags_async = none_lookup_by_name_with_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = (gpointer) none_finish;
  resolver_class->lookup_records_async = none_lookup_records_async;
  resolver_class->lookup_records_finish = (gpointer) none_finish;
}

static void
none_resolver_init (NoneResolver *self)
{
}

static BdDomainWindow *
find_domain_window (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (BD_IS_DOMAIN_WINDOW (l->data))
      return l->data;
  return NULL;
}

static gboolean
has_report (gpointer data)
{
  return bd_domain_window_get_report (data) != NULL;
}

static guint
count_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += GTK_IS_LIST_BOX_ROW (child);
  return n;
}

static void
test_domain_window (void)
{
  g_autoptr(BdApplication) app = bd_application_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GResolver) none = g_object_new (NONE_TYPE_RESOLVER, NULL);
  g_autoptr(GResolver) previous = g_resolver_get_default ();
  BdDomainWindow *domain_window;
  BdDomainReport *report;
  GtkWidget *findings_list, *publish_box, *status_label;
  gboolean nothing_published = FALSE;
  BdWindow *window;

  ui_make_app_private (G_APPLICATION (app));
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  window = g_object_ref_sink (bd_window_new (app));
  gtk_window_present (GTK_WINDOW (window));
  ui_wait_mapped (GTK_WIDGET (window));

  /* The main menu's entry opens it, beside the assistant. */
  g_assert_null (find_domain_window ());
  g_action_group_activate_action (G_ACTION_GROUP (window), "check-domain", NULL);
  domain_window = find_domain_window ();
  g_assert_nonnull (domain_window);
  g_object_ref (domain_window);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (domain_window)) ==
                 GTK_WINDOW (window));
  ui_wait_mapped (GTK_WIDGET (domain_window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (domain_window)), ==, "Check a Domain");

  findings_list = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (domain_window),
                                                 BD_TYPE_DOMAIN_WINDOW, "findings_list"));
  publish_box = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (domain_window),
                                               BD_TYPE_DOMAIN_WINDOW, "publish_box"));
  status_label = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (domain_window),
                                                BD_TYPE_DOMAIN_WINDOW, "status_label"));

  /* Bad input: one line, no check. */
  bd_domain_window_check (domain_window, "alice@example.test");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status_label)), "is not a domain"));
  g_assert_false (gtk_widget_get_visible (findings_list));
  g_assert_null (bd_domain_window_get_report (domain_window));

  /* A domain that publishes nothing: a report, one row per finding. */
  g_resolver_set_default (none);
  bd_domain_check_set_ispdb_url (bd_domain_window_get_check (domain_window),
                                 "https://ispdb.example.test/v1.1/");
  bd_domain_check_set_timeout (bd_domain_window_get_check (domain_window), 5000);
  bd_domain_window_check (domain_window, "Example.TEST");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status_label)), "example.test"));
  bd_test_wait_until (has_report, domain_window, 20000);
  report = bd_domain_window_get_report (domain_window);
  g_assert_cmpstr (bd_domain_report_get_domain (report), ==, "example.test");
  g_assert_true (gtk_widget_get_visible (findings_list));
  g_assert_cmpuint (count_rows (findings_list), ==, bd_domain_report_get_findings (report)->len);
  for (guint i = 0; i < bd_domain_report_get_findings (report)->len; i++)
    nothing_published |= g_str_equal (bd_domain_finding_get_check (
                                        bd_domain_report_get_findings (report)->pdata[i]),
                                      "nothing-published");
  g_assert_true (nothing_published);
  g_assert_false (gtk_widget_get_visible (publish_box));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status_label)), "example.test:"));
  g_resolver_set_default (previous);

  /* Closing it frees it; the assistant stays. */
  gtk_window_destroy (GTK_WINDOW (domain_window));
  g_assert_finalize_object (domain_window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/domain-window/opens-checks-and-closes", test_domain_window);

  return g_test_run ();
}
