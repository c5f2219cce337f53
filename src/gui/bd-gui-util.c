/* bd-gui-util.c
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bd-gui-util.h"

/**
 * bd_gui_label_editable:
 * @row: an #AdwEntryRow or #AdwPasswordEntryRow
 * @label: what a screen reader says for it
 *
 * Labels the row and the text field inside it, which is what has the focus,
 * so that a screen reader names the field as it is entered.
 */
void
bd_gui_label_editable (GtkWidget  *row,
                       const char *label)
{
  GtkEditable *delegate;

  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  /* GTK 4.8 reads the label and the row's title (its labelled-by) one
   * after the other: "Your name Your Name". The label alone. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  bd_gui_hide_decorations (row, NULL);
  delegate = gtk_editable_get_delegate (GTK_EDITABLE (row));
  if (delegate != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (delegate),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                    -1);
}

static gboolean
rehide_idle_cb (gpointer data)
{
  GtkWidget *image = data;

  gtk_accessible_update_state (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  return G_SOURCE_REMOVE;
}

/* GTK 4.8 shows an element to AT-SPI again whenever it becomes visible
 * (gtk_widget_show() sets GTK_ACCESSIBLE_STATE_HIDDEN to FALSE), and
 * libadwaita shows and hides its pencil as the row is edited: hidden again
 * once GTK is done. */
static void
rehide_cb (GtkWidget *image)
{
  g_idle_add_full (G_PRIORITY_HIGH_IDLE, rehide_idle_cb, g_object_ref (image), g_object_unref);
}

/**
 * bd_gui_hide_decorations:
 * @root: a widget, with libadwaita's own parts inside
 * @keep: (nullable): an image of ours to leave alone
 *
 * libadwaita 1.2 leaves its icons (an entry row's pencil, an expander's or
 * a combo row's arrow) in the accessible tree without a name, and its
 * password row's eye button named only by its tooltip: the icons are
 * hidden, the buttons named by their tooltip. And GTK 4.8 names a button
 * with a mnemonic "_Continue Continue" (its label, underscore and all, and
 * then its label widget): the first goes.
 */
void
bd_gui_hide_decorations (GtkWidget *root,
                         GtkWidget *keep)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    bd_gui_hide_decorations (child, keep);

  if (root == keep)
    return;
  if (GTK_IS_IMAGE (root) &&
      gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (root)) == GTK_ACCESSIBLE_ROLE_IMG &&
      !gtk_test_accessible_has_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL))
    {
      gtk_accessible_update_state (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      if (g_object_get_data (G_OBJECT (root), "bd-hidden") == NULL)
        {
          g_object_set_data (G_OBJECT (root), "bd-hidden", GINT_TO_POINTER (TRUE));
          g_signal_connect (root, "notify::visible", G_CALLBACK (rehide_cb), NULL);
        }
    }
  else if (GTK_IS_BUTTON (root) && gtk_button_get_label (GTK_BUTTON (root)) == NULL &&
           !gtk_test_accessible_has_property (GTK_ACCESSIBLE (root),
                                              GTK_ACCESSIBLE_PROPERTY_LABEL) &&
           gtk_widget_get_tooltip_text (root) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    gtk_widget_get_tooltip_text (root), -1);
  else if (GTK_IS_BUTTON (root) && gtk_button_get_use_underline (GTK_BUTTON (root)) &&
           gtk_button_get_label (GTK_BUTTON (root)) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

void
bd_gui_set_status_icon (GtkImage   *image,
                        const char *icon_name,
                        const char *style_class,
                        const char *accessible_label)
{
  static const char *classes[] = { "success", "error", "warning", "dim-label" };

  gtk_image_set_from_icon_name (image, icon_name);
  for (gsize i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (image), classes[i]);
  if (style_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (image), style_class);
  if (accessible_label != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                    -1);
}

/**
 * bd_gui_security_model:
 *
 * Returns: (transfer full): the security choices in the order of
 *   #BdSecurity, for an #AdwComboRow.
 */
GListModel *
bd_gui_security_model (void)
{
  const char *labels[] = {
    /* TRANSLATORS: a choice of connection security: encrypted from the start */
    _("TLS"),
    /* TRANSLATORS: a choice of connection security: encrypted after the greeting */
    _("STARTTLS"),
    /* TRANSLATORS: a choice of connection security */
    _("Unencrypted"),
    NULL,
  };

  return G_LIST_MODEL (gtk_string_list_new (labels));
}

/**
 * bd_gui_dup_server_subtitle:
 *
 * Returns: (transfer full): "IMAP · TLS" and the latest test's one line.
 */
char *
bd_gui_dup_server_subtitle (BdServerCheck *check)
{
  BdServer *server = bd_server_check_get_server (check);

  /* TRANSLATORS: "IMAP · TLS — Works, and the password was accepted." */
  return g_strdup_printf (_("%s · %s — %s"),
                          bd_protocol_get_label (bd_server_get_protocol (server)),
                          bd_security_get_label (bd_server_get_security (server)),
                          bd_server_check_get_summary (check));
}

/**
 * bd_gui_toast:
 *
 * Shows @title in the toast overlay of @widget's window.
 */
void
bd_gui_toast (GtkWidget  *widget,
              const char *title)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (overlay == NULL)
    {
      GtkRoot *root = gtk_widget_get_root (widget);
      GtkWidget *content = ADW_IS_APPLICATION_WINDOW (root)
                           ? adw_application_window_get_content (ADW_APPLICATION_WINDOW (root))
                           : NULL;

      if (ADW_IS_TOAST_OVERLAY (content))
        overlay = content;
    }
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (title));
}

void
bd_gui_copy_text (GtkWidget  *widget,
                  const char *text,
                  const char *toast)
{
  if (text == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  bd_gui_toast (widget, toast);
}

/**
 * bd_gui_dup_fingerprint_text:
 * @hex: a SHA-256 fingerprint in hex
 *
 * Returns: (transfer full): @hex in groups of four, easier to read out and
 *   to compare, and free to wrap on a narrow screen.
 */
char *
bd_gui_dup_fingerprint_text (const char *hex)
{
  GString *text = g_string_new (NULL);

  for (gsize i = 0; hex[i] != '\0'; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (text, ' ');
      g_string_append_c (text, g_ascii_tolower (hex[i]));
    }
  return g_string_free (text, FALSE);
}

/**
 * bd_gui_dup_fingerprint_lines:
 * @hex: a SHA-256 fingerprint in hex
 * @groups_per_line: how many groups of four go on one line
 *
 * Returns: (transfer full): @hex in groups of four, as
 *   bd_gui_dup_fingerprint_text() makes them, with a line break after
 *   every @groups_per_line groups.
 */
char *
bd_gui_dup_fingerprint_lines (const char *hex,
                              guint       groups_per_line)
{
  g_autofree char *grouped = bd_gui_dup_fingerprint_text (hex);
  guint spaces = 0;

  g_return_val_if_fail (groups_per_line > 0, NULL);

  for (char *p = grouped; *p != '\0'; p++)
    if (*p == ' ' && ++spaces % groups_per_line == 0)
      *p = '\n';
  return g_steal_pointer (&grouped);
}

/* Closures for the <binding>s of the .ui files. A GtkClosureExpression
 * passes the template's instance first, then the values of its
 * parameters; a string it gets back is the caller's to free. */

/**
 * bd_gui_is_set_cb:
 * @value: (nullable): an object or a string
 *
 * Returns: whether @value is there: a row shows only when it has something
 *   to show.
 */
gboolean
bd_gui_is_set_cb (gpointer this_object,
                  gpointer value)
{
  return value != NULL;
}

gboolean
bd_gui_not_cb (gpointer this_object,
               gboolean value)
{
  return !value;
}

/**
 * bd_gui_or_empty_cb:
 *
 * Returns: (transfer full): @text, or "" for none: a label's or a field's
 *   text is never %NULL.
 */
char *
bd_gui_or_empty_cb (gpointer    this_object,
                    const char *text)
{
  return g_strdup (text != NULL ? text : "");
}

/**
 * bd_gui_spinner_or_icon_cb:
 * @busy: whether the work still runs
 *
 * Returns: (transfer full): the page of a status stack to show: "spinner"
 *   while the work runs, else "icon".
 */
char *
bd_gui_spinner_or_icon_cb (gpointer this_object,
                           gboolean busy)
{
  return g_strdup (busy ? "spinner" : "icon");
}

/**
 * bd_gui_class_bind_closures:
 *
 * Makes the closures above known to @widget_class's template, by their
 * own names.
 */
void
bd_gui_class_bind_closures (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback_full (widget_class, "bd_gui_is_set_cb",
                                                G_CALLBACK (bd_gui_is_set_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "bd_gui_not_cb",
                                                G_CALLBACK (bd_gui_not_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "bd_gui_or_empty_cb",
                                                G_CALLBACK (bd_gui_or_empty_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "bd_gui_spinner_or_icon_cb",
                                                G_CALLBACK (bd_gui_spinner_or_icon_cb));
}
