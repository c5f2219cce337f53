/* bd-done-page.c
 *
 * Says whether the password is in the keyring (and why not, with Try
 * Again), shows the settings in use, and offers them and the diagnostic
 * report to take away.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bd-done-page.h"
#include "bd-gui-util.h"

struct _BdDonePage
{
  BdSessionPage parent_instance;

  GtkStack *status_stack;
  GtkSpinner *spinner;
  GtkImage *status_image;
  GtkLabel *title_label;
  GtkLabel *description_label;
  AdwActionRow *incoming_row;
  AdwActionRow *outgoing_row;
  GtkWidget *retry_button;
  GtkWidget *copy_button;
};

G_DEFINE_FINAL_TYPE (BdDonePage, bd_done_page, BD_TYPE_SESSION_PAGE)

static void
show_server (AdwActionRow  *row,
             BdServerCheck *check)
{
  BdServer *server;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  const char *username;

  gtk_widget_set_visible (GTK_WIDGET (row), check != NULL);
  if (check == NULL)
    return;
  server = bd_server_check_get_server (check);
  username = bd_server_get_username (server);
  title = bd_server_check_dup_title (check);
  /* TRANSLATORS: "IMAP, TLS, imap.example.com:993, user name alice" */
  subtitle = g_strdup_printf (_("%s · %s · %s · user name %s"),
                              bd_protocol_get_label (bd_server_get_protocol (server)),
                              bd_security_get_label (bd_server_get_security (server)),
                              title, username != NULL ? username : "—");
  adw_action_row_set_subtitle (row, subtitle);
}

static void
update (BdDonePage *self)
{
  BdSetupSession *session = bd_session_page_get_session (BD_SESSION_PAGE (self));
  BdStoreState state = bd_setup_session_get_store_state (session);
  BdAddress *address = bd_setup_session_get_address (session);
  const char *display = address != NULL ? bd_address_get_display (address) : "";
  g_autofree char *description = NULL;

  gtk_spinner_set_spinning (self->spinner, state == BD_STORE_STATE_STORING);
  gtk_stack_set_visible_child_name (self->status_stack,
                                    state == BD_STORE_STATE_STORING ? "spinner" : "icon");
  gtk_widget_set_visible (self->retry_button, state == BD_STORE_STATE_FAILED);

  switch (state)
    {
    case BD_STORE_STATE_STORING:
      gtk_label_set_text (self->title_label, _("Saving Your Password…"));
      description = g_strdup (_("Brevduva is putting the password in the keyring."));
      break;
    case BD_STORE_STATE_FAILED:
      bd_gui_set_status_icon (self->status_image, "dialog-warning-symbolic", "warning", NULL);
      gtk_label_set_text (self->title_label, _("The Password Was Not Saved"));
      description = g_strdup_printf ("%s\n\n%s", bd_setup_session_get_store_error (session),
                                     _("The servers work. Try again, or copy the settings and "
                                       "enter the password in your mail program."));
      break;
    case BD_STORE_STATE_STORED:
    case BD_STORE_STATE_NONE:
    default:
      bd_gui_set_status_icon (self->status_image, "emblem-ok-symbolic", "success", NULL);
      gtk_label_set_text (self->title_label, _("Your Account Is Ready"));
      /* TRANSLATORS: %s is the email address */
      description = g_strdup_printf (_("The servers of %s work, and the password is in the "
                                       "keyring."), display);
      break;
    }
  gtk_label_set_text (self->description_label, description);

  show_server (self->incoming_row, bd_setup_session_get_chosen_incoming (session));
  show_server (self->outgoing_row, bd_setup_session_get_chosen_outgoing (session));
}

static void
bd_done_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_DONE_PAGE);

  G_OBJECT_CLASS (bd_done_page_parent_class)->dispose (object);
}

static void
bd_done_page_bind (BdSessionPage  *page,
                   BdSetupSession *session)
{
  BdDonePage *self = BD_DONE_PAGE (page);

  g_signal_connect_swapped (session, "notify::store-state", G_CALLBACK (update), self);
  g_signal_connect_swapped (session, "notify::store-error", G_CALLBACK (update), self);
  g_signal_connect_swapped (session, "notify::chosen-incoming", G_CALLBACK (update), self);
  g_signal_connect_swapped (session, "notify::chosen-outgoing", G_CALLBACK (update), self);
  g_signal_connect_swapped (session, "notify::page", G_CALLBACK (update), self);
  update (self);
}

static GtkWidget *
bd_done_page_get_default_widget (BdSessionPage *page)
{
  BdDonePage *self = BD_DONE_PAGE (page);

  /* Try Again after a failure, else Copy Settings. */
  if (gtk_widget_get_visible (self->retry_button))
    return self->retry_button;
  return self->copy_button;
}

static void
bd_done_page_class_init (BdDonePageClass *klass)
{
  BdSessionPageClass *page_class = BD_SESSION_PAGE_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_done_page_dispose;
  page_class->bind = bd_done_page_bind;
  page_class->get_default_widget = bd_done_page_get_default_widget;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/brevduva/Brevduva/bd-done-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BdDonePage, status_stack);
  gtk_widget_class_bind_template_child (widget_class, BdDonePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, BdDonePage, status_image);
  gtk_widget_class_bind_template_child (widget_class, BdDonePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, BdDonePage, description_label);
  gtk_widget_class_bind_template_child (widget_class, BdDonePage, incoming_row);
  gtk_widget_class_bind_template_child (widget_class, BdDonePage, outgoing_row);
  gtk_widget_class_bind_template_child (widget_class, BdDonePage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, BdDonePage, copy_button);
}

static void
bd_done_page_init (BdDonePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

