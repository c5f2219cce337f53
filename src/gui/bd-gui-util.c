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
  delegate = gtk_editable_get_delegate (GTK_EDITABLE (row));
  if (delegate != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (delegate),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                    -1);
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
 * bd_gui_show_check_state:
 * @stack: a stack with a "spinner" and an "icon" page
 *
 * Shows a server test's state: a spinner while it runs, then ✓ or ✗.
 */
void
bd_gui_show_check_state (GtkStack     *stack,
                         GtkImage     *image,
                         BdCheckState  state)
{
  GtkWidget *spinner = gtk_stack_get_child_by_name (stack, "spinner");

  gtk_spinner_set_spinning (GTK_SPINNER (spinner), state == BD_CHECK_STATE_TESTING);
  gtk_stack_set_visible_child_name (stack, state == BD_CHECK_STATE_TESTING ? "spinner" : "icon");
  switch (state)
    {
    case BD_CHECK_STATE_OK:
      bd_gui_set_status_icon (image, "emblem-ok-symbolic", "success", _("Works"));
      break;
    case BD_CHECK_STATE_FAILED:
      bd_gui_set_status_icon (image, "dialog-error-symbolic", "error", _("Failed"));
      break;
    case BD_CHECK_STATE_TESTING:
    case BD_CHECK_STATE_UNTESTED:
    default:
      bd_gui_set_status_icon (image, "content-loading-symbolic", "dim-label", _("Not tested"));
      break;
    }
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
