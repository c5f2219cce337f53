/* ui-test-util.c
 *
 * What only GTK tests need. The loopback mail servers, their certificates
 * and the waiting on the main loop come from tests/lib
 * (bd-test-mailserver.h), as for every other tier.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-server-row.h"
#include "ui-test-util.h"

/**
 * ui_make_app_private:
 *
 * Lets several applications register on the test's session bus, one after
 * another in the same process: each has a name of its own and is not unique.
 */
void
ui_make_app_private (GApplication *app)
{
  static guint serial;
  g_autofree char *id = g_strdup_printf ("%s.Test%u", APPLICATION_ID, ++serial);

  g_application_set_application_id (app, id);
  g_application_set_flags (app, G_APPLICATION_NON_UNIQUE);
}

static gboolean
mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

void
ui_wait_mapped (GtkWidget *widget)
{
  bd_test_wait_until (mapped, widget, 10000);
}

static GtkWidget *
find_nth (GtkWidget *widget,
          GType      type,
          guint     *nth)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    {
      if (*nth == 0)
        return widget;
      (*nth)--;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_nth (child, type, nth);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * ui_find_widget:
 *
 * Returns: (transfer none) (nullable): the @nth widget of @type under @root,
 *   depth first.
 */
GtkWidget *
ui_find_widget (GtkWidget *root,
                GType      type,
                guint      nth)
{
  return find_nth (root, type, &nth);
}

guint
ui_count_widgets (GtkWidget *root,
                  GType      type)
{
  guint n = 0;

  while (ui_find_widget (root, type, n) != NULL)
    n++;
  return n;
}

/* Whether @widget is a text field row for a password (a BdEntryRow with
 * "password" set). */
gboolean
ui_is_password_row (GtkWidget *widget)
{
  gboolean password = FALSE;

  if (widget == NULL || !BD_IS_ENTRY_ROW (widget))
    return FALSE;
  g_object_get (widget, "password", &password, NULL);
  return password;
}

/* The first password field's row under @root. */
GtkWidget *
ui_find_password_row (GtkWidget *root)
{
  for (guint i = 0;; i++)
    {
      GtkWidget *row = ui_find_widget (root, BD_TYPE_ENTRY_ROW, i);

      if (row == NULL || ui_is_password_row (row))
        return row;
    }
}

GtkWidget *
ui_find_button_by_action (GtkWidget  *root,
                          const char *action_name)
{
  for (guint i = 0;; i++)
    {
      GtkWidget *button = ui_find_widget (root, GTK_TYPE_BUTTON, i);

      if (button == NULL)
        return NULL;
      if (g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), action_name) == 0)
        return button;
    }
}

GtkWidget *
ui_find_label (GtkWidget  *root,
               const char *text)
{
  for (guint i = 0;; i++)
    {
      GtkWidget *label = ui_find_widget (root, GTK_TYPE_LABEL, i);

      if (label == NULL)
        return NULL;
      if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), text) == 0)
        return label;
    }
}

/**
 * ui_render_to_png:
 *
 * Draws @widget as it is on screen into a PNG, with the renderer of its
 * window: no screen grab, so nothing else on the display gets in.
 */
gboolean
ui_render_to_png (GtkWidget   *widget,
                  const char  *path,
                  GError     **error)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  double width = gdk_paintable_get_intrinsic_width (paintable);
  double height = gdk_paintable_get_intrinsic_height (paintable);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "nothing to draw");
      return FALSE;
    }
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "could not write %s", path);
      return FALSE;
    }
  return TRUE;
}

/**
 * ui_count_labels_with:
 * @mapped_only: count only the labels on screen
 *
 * Returns: how many labels under @root have a text that holds @text.
 */
guint
ui_count_labels_with (GtkWidget  *root,
                      const char *text,
                      gboolean    mapped_only)
{
  guint count = 0;

  for (guint i = 0;; i++)
    {
      GtkWidget *label = ui_find_widget (root, GTK_TYPE_LABEL, i);

      if (label == NULL)
        return count;
      if (mapped_only && !gtk_widget_get_mapped (label))
        continue;
      if (strstr (gtk_label_get_text (GTK_LABEL (label)), text) != NULL)
        count++;
    }
}

/* Asserts that @top is drawn above @below in their window. */
void
ui_assert_above (GtkWidget *top,
                 GtkWidget *below)
{
  graphene_point_t a;
  graphene_point_t b;

  g_assert_true (gtk_widget_compute_point (top, GTK_WIDGET (gtk_widget_get_root (top)),
                                           &GRAPHENE_POINT_INIT (0, 0), &a));
  g_assert_true (gtk_widget_compute_point (below, GTK_WIDGET (gtk_widget_get_root (below)),
                                           &GRAPHENE_POINT_INIT (0, 0), &b));
  g_assert_cmpfloat (a.y, <, b.y);
}

/**
 * ui_open_assistant:
 * @offline: the "offline" setting it starts with
 * @app: (out): the application, registered privately
 * @window: (out): its window, on screen
 * @session: (out) (transfer none): the window's session
 *
 * Opens the assistant as a person starts it.
 */
void
ui_open_assistant (gboolean         offline,
                   BdApplication  **app,
                   BdWindow       **window,
                   BdSetupSession **session)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GError) error = NULL;

  g_settings_set_boolean (settings, "offline", offline);
  *app = bd_application_new ();
  ui_make_app_private (G_APPLICATION (*app));
  g_assert_true (g_application_register (G_APPLICATION (*app), NULL, &error));
  g_assert_no_error (error);

  *window = g_object_ref_sink (bd_window_new (*app));
  *session = bd_window_get_session (*window);
  g_assert_true (bd_setup_session_get_offline (*session) == offline);
  gtk_window_present (GTK_WINDOW (*window));
  ui_wait_mapped (GTK_WIDGET (*window));
}

/**
 * ui_close_assistant:
 *
 * Closes what ui_open_assistant() opened; the window must be freed.
 */
void
ui_close_assistant (BdApplication **app,
                    BdWindow      **window)
{
  gtk_window_destroy (GTK_WINDOW (*window));
  g_assert_finalize_object (*window);
  *window = NULL;
  /* Tests that the closing cancelled end in their threads. */
  bd_test_spin (200);
  g_clear_object (app);
}

/**
 * ui_assert_server_rows_say:
 * @min_rows: how many server rows @page has at least
 *
 * Asserts that every server row of @page says @words in its subtitle.
 *
 * Returns: how many there are.
 */
guint
ui_assert_server_rows_say (GtkWidget  *page,
                           const char *words,
                           guint       min_rows)
{
  guint rows = ui_count_widgets (page, BD_TYPE_SERVER_ROW);

  g_assert_cmpuint (rows, >=, min_rows);
  for (guint i = 0; i < rows; i++)
    {
      GtkWidget *row = ui_find_widget (page, BD_TYPE_SERVER_ROW, i);
      const char *subtitle = adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row));

      if (g_test_verbose ())
        g_test_message ("%s: %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                        subtitle);
      g_assert_nonnull (strstr (subtitle, words));
    }
  return rows;
}

/**
 * ui_find_toplevel:
 *
 * Returns: (transfer none) (nullable): a visible window of @type.
 */
GtkWindow *
ui_find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

/* Conditions for bd_test_wait_until(): @type is a GType, as
 * GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG). */
gboolean
ui_has_toplevel (gpointer type)
{
  return ui_find_toplevel ((GType) GPOINTER_TO_SIZE (type)) != NULL;
}

gboolean
ui_has_no_toplevel (gpointer type)
{
  return ui_find_toplevel ((GType) GPOINTER_TO_SIZE (type)) == NULL;
}

/* Clicks the button under @root whose label is @label, as a person would. */
void
ui_click_button (GtkWidget  *root,
                 const char *label)
{
  for (guint i = 0;; i++)
    {
      GtkWidget *button = ui_find_widget (root, GTK_TYPE_BUTTON, i);

      g_assert_nonnull (button);
      if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (button)), label) == 0)
        {
          g_signal_emit_by_name (button, "clicked");
          return;
        }
    }
}

/* Whether the BdServerCheck @check has ended, either way. */
gboolean
ui_check_settled (gpointer check)
{
  BdCheckState state = bd_server_check_get_state (check);

  return state == BD_CHECK_STATE_OK || state == BD_CHECK_STATE_FAILED;
}
