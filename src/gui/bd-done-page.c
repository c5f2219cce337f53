/* bd-done-page.c
 *
 * Says whether the password is in the keyring (and why not, with Try
 * Again), offers to add the account to each mail program on this computer
 * (one #BdExportRow each, from the session's export choices), shows the
 * settings in use, and offers them and the diagnostic report to take away.
 *
 * A program that cannot keep the one certificate the person trusted by its
 * fingerprint is not handed the account until the person says so: the
 * page asks (an #AdwMessageDialog that says what the program will do), and
 * only "Accept Any Certificate" tries again with
 * BD_EXPORT_ALLOW_ANY_CERTIFICATE.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bd-done-page.h"
#include "bd-export-row.h"
#include "bd-gui-util.h"

struct _BdDonePage
{
  BdSessionPage parent_instance;

  GtkWidget *retry_button;
  GtkWidget *copy_button;
  GtkWidget *export_list;
};

G_DEFINE_FINAL_TYPE (BdDonePage, bd_done_page, BD_TYPE_SESSION_PAGE)

static gboolean
storing_cb (BdDonePage   *self,
            BdStoreState  state)
{
  return state == BD_STORE_STATE_STORING;
}

static gboolean
failed_cb (BdDonePage   *self,
           BdStoreState  state)
{
  return state == BD_STORE_STATE_FAILED;
}

/* While the password is stored, the spinner hides the icon. */
static char *
status_icon_cb (BdDonePage   *self,
                BdStoreState  state)
{
  return g_strdup (state == BD_STORE_STATE_FAILED ? "dialog-warning-symbolic"
                                                  : "emblem-ok-symbolic");
}

static GStrv
status_style_cb (BdDonePage   *self,
                 BdStoreState  state)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_strv_builder_add (builder, state == BD_STORE_STATE_FAILED ? "warning" : "success");
  return g_strv_builder_end (builder);
}

static char *
title_cb (BdDonePage   *self,
          BdStoreState  state)
{
  switch (state)
    {
    case BD_STORE_STATE_STORING:
      return g_strdup (_("Saving Your Password…"));
    case BD_STORE_STATE_FAILED:
      return g_strdup (_("The Password Was Not Saved"));
    case BD_STORE_STATE_STORED:
    case BD_STORE_STATE_NONE:
    default:
      return g_strdup (_("Your Account Is Ready"));
    }
}

static char *
description_cb (BdDonePage   *self,
                BdStoreState  state,
                const char   *error,
                BdAddress    *address)
{
  const char *display = address != NULL ? bd_address_get_display (address) : "";

  switch (state)
    {
    case BD_STORE_STATE_STORING:
      return g_strdup (_("Brevduva is putting the password in the keyring."));
    case BD_STORE_STATE_FAILED:
      return g_strdup_printf ("%s\n\n%s", error,
                              _("The servers work. Try again, or copy the settings and "
                                "enter the password in your mail program."));
    case BD_STORE_STATE_STORED:
    case BD_STORE_STATE_NONE:
    default:
      /* TRANSLATORS: %s is the email address */
      return g_strdup_printf (_("The servers of %s work, and the password is in the "
                                "keyring."), display);
    }
}

/* The server in use. The page is a parameter too: the server may have been
 * edited since it was chosen, and the row says what it is now. */
static char *
server_cb (BdDonePage    *self,
           BdServerCheck *check,
           BdSetupPage    page)
{
  BdServer *server;
  g_autofree char *title = NULL;
  const char *username;

  if (check == NULL)
    return g_strdup ("");
  server = bd_server_check_get_server (check);
  username = bd_server_get_username (server);
  title = bd_server_check_dup_title (check);
  /* TRANSLATORS: "IMAP, TLS, imap.example.com:993, user name alice" */
  return g_strdup_printf (_("%s · %s · %s · user name %s"),
                          bd_protocol_get_label (bd_server_get_protocol (server)),
                          bd_security_get_label (bd_server_get_security (server)),
                          title, username != NULL ? username : "—");
}

static GtkWidget *
create_export_row (gpointer item,
                   gpointer user_data)
{
  return bd_export_row_new (BD_EXPORT_CHOICE (item));
}

/* An empty boxed list would still draw its frame. */
static void
export_items_changed_cb (BdDonePage *self)
{
  BdSetupSession *session = bd_session_page_get_session (BD_SESSION_PAGE (self));
  GListModel *choices;

  if (session == NULL || self->export_list == NULL)
    return;
  choices = bd_setup_session_get_export_choices (session);
  gtk_widget_set_visible (self->export_list, g_list_model_get_n_items (choices) > 0);
}

static void
bd_done_page_bind (BdSessionPage  *page,
                   BdSetupSession *session)
{
  BdDonePage *self = BD_DONE_PAGE (page);
  GListModel *choices = bd_setup_session_get_export_choices (session);

  gtk_list_box_bind_model (GTK_LIST_BOX (self->export_list), choices, create_export_row, NULL,
                           NULL);
  g_signal_connect_object (choices, "items-changed", G_CALLBACK (export_items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  export_items_changed_cb (self);
}

static void
bd_done_page_unbind (BdSessionPage  *page,
                     BdSetupSession *session)
{
  BdDonePage *self = BD_DONE_PAGE (page);

  g_signal_handlers_disconnect_by_data (bd_setup_session_get_export_choices (session), self);
  gtk_list_box_bind_model (GTK_LIST_BOX (self->export_list), NULL, NULL, NULL, NULL);
}

static BdExportChoice *
find_choice (BdDonePage *self,
             GVariant   *parameter)
{
  BdSetupSession *session = bd_session_page_get_session (BD_SESSION_PAGE (self));

  if (session == NULL)
    return NULL;
  return bd_setup_session_find_export_choice (session, g_variant_get_string (parameter, NULL));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BdDonePage *self = BD_DONE_PAGE (widget);
  BdExportChoice *choice = find_choice (self, parameter);

  if (choice != NULL)
    bd_setup_session_export (bd_session_page_get_session (BD_SESSION_PAGE (self)), choice,
                             BD_EXPORT_FLAGS_NONE);
}

static void
decision_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      BdDonePage       *self)
{
  BdExportChoice *choice = g_object_get_data (G_OBJECT (dialog), "bd-choice");
  BdSetupSession *session = bd_session_page_get_session (BD_SESSION_PAGE (self));

  if (session == NULL)
    return;
  if (g_strcmp0 (response, "accept") == 0)
    bd_setup_session_export (session, choice, BD_EXPORT_ALLOW_ANY_CERTIFICATE);
  else
    bd_setup_session_decline_export (session, choice);
}

/* The program cannot keep the one certificate the person trusted: it could
 * only accept any certificate for the server. The person decides. */
static void
decide_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BdDonePage *self = BD_DONE_PAGE (widget);
  BdExportChoice *choice = find_choice (self, parameter);
  GtkWidget *dialog;
  g_autofree char *body = NULL;
  const char *decision;

  if (choice == NULL || bd_export_choice_get_state (choice) != BD_EXPORT_STATE_NEEDS_DECISION)
    return;
  decision = bd_export_choice_get_decision (choice);
  body = g_strdup_printf (
    /* TRANSLATORS: %s is a mail program; then what it will do */
    _("You trusted a server’s certificate by its fingerprint, and %s cannot trust one "
      "certificate. It can only accept any certificate for that server, so someone who "
      "can pose as the server could read your password and your mail.\n\n%s"),
    bd_export_choice_get_name (choice), decision != NULL ? decision : "");
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Accept Any Certificate?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "accept", _("_Accept Any Certificate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "accept",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_set_title (GTK_WINDOW (dialog), _("Accept Any Certificate?"));
  g_object_set_data_full (G_OBJECT (dialog), "bd-choice", g_object_ref (choice),
                          g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (decision_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
bd_done_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_DONE_PAGE);

  G_OBJECT_CLASS (bd_done_page_parent_class)->dispose (object);
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
  page_class->unbind = bd_done_page_unbind;
  page_class->get_default_widget = bd_done_page_get_default_widget;

  gtk_widget_class_install_action (widget_class, "done.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "done.decide", "s", decide_action);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/brevduva/Brevduva/bd-done-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BdDonePage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, BdDonePage, copy_button);
  gtk_widget_class_bind_template_child (widget_class, BdDonePage, export_list);
  gtk_widget_class_bind_template_callback (widget_class, storing_cb);
  gtk_widget_class_bind_template_callback (widget_class, failed_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_icon_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_style_cb);
  gtk_widget_class_bind_template_callback (widget_class, title_cb);
  gtk_widget_class_bind_template_callback (widget_class, description_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_cb);
  bd_gui_class_bind_closures (widget_class);
}

static void
bd_done_page_init (BdDonePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bd_gui_hide_decorations (GTK_WIDGET (self), NULL);
}

