/* test-window.c: the real window under Xvfb: it opens, is labelled, and is freed
 *
 * Closing it ends every piece of work the assistant started.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "bd-application.h"
#include "bd-window.h"
#include "ui-test-util.h"

/* A detection source that never answers, and notes when it is cancelled. */
#define NEVER_TYPE_SOURCE (never_source_get_type ())
G_DECLARE_FINAL_TYPE (NeverSource, never_source, NEVER, SOURCE, BdSource)

struct _NeverSource
{
  BdSource parent_instance;

  gboolean started;
  gboolean cancelled;
};

G_DEFINE_FINAL_TYPE (NeverSource, never_source, BD_TYPE_SOURCE)

static void
never_cancelled_cb (GCancellable *cancellable,
                    NeverSource  *self)
{
  self->cancelled = TRUE;
}

static void
never_source_lookup_async (BdSource            *source,
                           BdAddress           *address,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  NeverSource *self = NEVER_SOURCE (source);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  self->started = TRUE;
  /* The task is dropped unanswered; only the cancellation is watched. */
  g_cancellable_connect (cancellable, G_CALLBACK (never_cancelled_cb), self, NULL);
  g_task_set_task_data (task, g_object_ref (cancellable), g_object_unref);
  g_object_set_data_full (G_OBJECT (self), "task", g_steal_pointer (&task), g_object_unref);
}

static BdAccountConfig *
never_source_lookup_finish (BdSource      *source,
                            GAsyncResult  *result,
                            GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
never_source_class_init (NeverSourceClass *klass)
{
  BD_SOURCE_CLASS (klass)->lookup_async = never_source_lookup_async;
  BD_SOURCE_CLASS (klass)->lookup_finish = never_source_lookup_finish;
}

static void
never_source_init (NeverSource *self)
{
}

static GtkWidget *
find_menu_button (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_menu_button (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_window_opens_with_labelled_menu (void)
{
  g_autoptr(BdApplication) app = bd_application_new ();
  g_autoptr(GError) error = NULL;
  BdWindow *window;
  GtkWidget *menu_button;

  ui_make_app_private (G_APPLICATION (app));
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  window = bd_window_new (app);
  g_object_ref_sink (window);
  gtk_window_present (GTK_WINDOW (window));
  ui_wait_mapped (GTK_WIDGET (window));

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Brevduva");
  /* Fits the narrowest width the metainfo promises (phones). */
  {
    int minimum = 0;

    gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1,
                        &minimum, NULL, NULL, NULL);
    g_assert_cmpint (minimum, <=, 360);
  }

  menu_button = find_menu_button (GTK_WIDGET (window));
  g_assert_nonnull (menu_button);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (menu_button), ==, "Main Menu");

  /* The app's actions and accelerators are in place. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                  "app.quit");
    g_assert_cmpstr (accels[0], ==, "<Control>q");
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_window_close_cancels_work (void)
{
  g_autoptr(BdApplication) app = bd_application_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  NeverSource *never;
  BdSetupSession *session;
  BdWindow *window;

  g_settings_set_boolean (settings, "offline", TRUE);
  ui_make_app_private (G_APPLICATION (app));
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));

  window = g_object_ref_sink (bd_window_new (app));
  gtk_window_present (GTK_WINDOW (window));
  ui_wait_mapped (GTK_WIDGET (window));

  never = g_object_new (NEVER_TYPE_SOURCE, "kind", BD_SOURCE_ISPDB, NULL);
  g_ptr_array_add (sources, g_object_ref (never));
  session = bd_window_get_session (window);
  g_object_add_weak_pointer (G_OBJECT (session), (gpointer *) &session);
  bd_setup_session_set_sources (session, sources);
  bd_setup_session_set_address_text (session, "alice@example.org");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "setup.continue", NULL));
  g_assert_true (bd_setup_session_get_detecting (session));
  g_assert_true (bd_setup_session_get_busy (session));
  bd_test_spin (100);
  g_assert_true (never->started);
  g_assert_false (never->cancelled);

  /* Closing the window ends the session and what it runs. */
  gtk_window_close (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  g_assert_null (session);
  g_assert_true (never->cancelled);

  /* The window's size is kept for the next start. */
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), >, 0);

  g_ptr_array_set_size (sources, 0);
  g_object_unref (never);
}

static GtkWidget *
find_shortcuts_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (GTK_IS_SHORTCUTS_WINDOW (toplevel))
        return GTK_WIDGET (toplevel);
    }
  return NULL;
}

static GtkWidget *
find_shortcut_titled (GtkWidget  *widget,
                      const char *title)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *own = NULL;

      g_object_get (widget, "title", &own, NULL);
      if (g_strcmp0 (own, title) == 0)
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_shortcut_titled (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
overlay_hidden (gpointer data)
{
  return !gtk_widget_get_visible (GTK_WIDGET (data));
}

/* The shortcuts window is not built with the main window, to keep it off
 * the first frame; Ctrl+? and the menu entry build it when first asked. */
static void
test_window_builds_shortcuts_window_when_first_shown (void)
{
  g_autoptr(BdApplication) app = bd_application_new ();
  g_autoptr(GError) error = NULL;
  BdWindow *window;
  GtkShortcutsWindow *overlay;
  GtkWidget *shortcut;
  g_autofree char *action_name = NULL;

  ui_make_app_private (G_APPLICATION (app));
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  window = g_object_ref_sink (bd_window_new (app));
  gtk_window_present (GTK_WINDOW (window));
  ui_wait_mapped (GTK_WIDGET (window));
  bd_test_spin (100);

  /* Not built at the start. */
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_null (find_shortcuts_window ());

  /* Asked for by the same action and accelerator as GtkApplication's own. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "show-help-overlay"));
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                  "win.show-help-overlay");
    g_assert_nonnull (accels);
    g_assert_cmpstr (accels[0], ==, "<Control>question");
  }
  {
    g_auto(GStrv) actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (app),
                                                                  "<Control>question");
    g_assert_nonnull (actions);
    g_assert_cmpstr (actions[0], ==, "win.show-help-overlay");
  }

  /* Activating it builds the window and shows it, over the main window. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay",
                                             NULL));
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  g_assert_true (GTK_WIDGET (overlay) == find_shortcuts_window ());
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (overlay)) == GTK_WINDOW (window));
  ui_wait_mapped (GTK_WIDGET (overlay));

  /* It holds the shortcuts, named by the action they stand for. */
  shortcut = find_shortcut_titled (GTK_WIDGET (overlay), "Show Shortcuts");
  g_assert_nonnull (shortcut);
  g_object_get (shortcut, "action-name", &action_name, NULL);
  g_assert_cmpstr (action_name, ==, "win.show-help-overlay");
  g_assert_nonnull (find_shortcut_titled (GTK_WIDGET (overlay), "Test an Existing Account"));

  /* Closing hides it; asking again shows the same one. */
  gtk_window_close (GTK_WINDOW (overlay));
  bd_test_wait_until (overlay_hidden, overlay, 5000);
  g_assert_true (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)) ==
                 overlay);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay",
                                             NULL));
  g_assert_true (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)) ==
                 overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));

  /* It goes with the main window. */
  g_object_add_weak_pointer (G_OBJECT (overlay), (gpointer *) &overlay);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  g_assert_null (overlay);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/window/opens-with-labelled-menu", test_window_opens_with_labelled_menu);
  g_test_add_func ("/ui/window/close-cancels-work", test_window_close_cancels_work);
  g_test_add_func ("/ui/window/builds-shortcuts-window-when-first-shown",
                   test_window_builds_shortcuts_window_when_first_shown);

  return g_test_run ();
}
