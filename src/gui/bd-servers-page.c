/* bd-servers-page.c
 *
 * The servers found, each tested live. Settings that need the person's
 * approval (security rule 4) say why at the top, and are tested without the
 * password until approved. The provider's notes (app passwords, switching
 * IMAP on…) link to the provider's own help.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bd-entry-row.h"
#include "bd-gui-util.h"
#include "bd-server-row.h"
#include "bd-servers-page.h"

struct _BdServersPage
{
  BdSessionPage parent_instance;

  AdwPreferencesGroup *notes_group;
  GtkListBox *notes_list;
  GtkListBox *incoming_list;
  GtkListBox *outgoing_list;
  GtkNoSelection *outgoing_model;
  BdEntryRow *password_row;
  GtkWidget *continue_button;
};

G_DEFINE_FINAL_TYPE (BdServersPage, bd_servers_page, BD_TYPE_SESSION_PAGE)

static GtkWidget *
create_server_row_cb (gpointer item,
                      gpointer user_data)
{
  BdServersPage *self = user_data;

  return bd_server_row_new (BD_SERVER_CHECK (item),
                            bd_session_page_get_session (BD_SESSION_PAGE (self)));
}

static const char *
note_title (const BdNote *note)
{
  if (bd_note_get_kind (note) == BD_NOTE_DOCUMENTATION)
    return _("The provider’s help");
  return bd_note_get_message (note);
}

/* The notes are rows made from the config, as the list box has no model
 * to bind for them. */
static void
config_cb (BdServersPage *self)
{
  BdSetupSession *session = bd_session_page_get_session (BD_SESSION_PAGE (self));
  BdAccountConfig *config = bd_setup_session_get_config (session);
  GPtrArray *notes = config != NULL ? bd_account_config_get_notes (config) : NULL;
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->notes_list))) != NULL)
    gtk_list_box_remove (self->notes_list, child);

  for (guint i = 0; notes != NULL && i < notes->len; i++)
    {
      const BdNote *note = g_ptr_array_index (notes, i);
      BdNoteKind kind = bd_note_get_kind (note);
      const char *text = bd_note_get_text (note);
      const char *url = bd_note_get_url (note);
      GtkWidget *row;

      /* The approval row at the top says these. */
      if (kind == BD_NOTE_UNVERIFIED_SOURCE || kind == BD_NOTE_FOREIGN_SERVERS)
        continue;

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), note_title (note));
      if (text != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
      if (kind == BD_NOTE_APP_PASSWORD || kind == BD_NOTE_OAUTH2_ONLY ||
          kind == BD_NOTE_BRIDGE || kind == BD_NOTE_ENABLE_IMAP || kind == BD_NOTE_ENABLE ||
          kind == BD_NOTE_INSECURE_SERVER)
        {
          GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-information-symbolic");

          gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, _("Important"), -1);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
        }
      if (url != NULL)
        {
          GtkWidget *icon = gtk_image_new_from_icon_name ("adw-external-link-symbolic");

          gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, _("Opens in the browser"),
                                          -1);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          gtk_widget_set_tooltip_text (row, url);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "servers.open-link");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", url);
        }
      gtk_list_box_append (self->notes_list, row);
      shown++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->notes_group), shown > 0);
}

static void
open_link_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (widget)), g_variant_get_string (parameter, NULL),
                GDK_CURRENT_TIME);
}

static char *
title_cb (BdServersPage *self,
          const char    *provider)
{
  return g_strdup (provider != NULL ? provider : _("Your Servers"));
}

static gboolean
approval_cb (BdServersPage *self,
             gboolean       needed,
             gboolean       approved)
{
  return needed && !approved;
}

/* Why the settings need the person's approval (security rule 4). */
static char *
approval_text_cb (BdServersPage      *self,
                  BdAccountConfig    *config,
                  gboolean            unverified,
                  const char * const *foreign,
                  BdAddress          *address)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (config == NULL)
    return g_strdup ("");
  if (unverified)
    {
      /* TRANSLATORS: %s names a source, such as "DNS SRV records" */
      g_string_append_printf (text, _("These settings come from %s, which cannot be verified."),
                              bd_source_kind_get_label (bd_account_config_get_source (config)));
      g_string_append_c (text, ' ');
    }
  if (foreign != NULL && foreign[0] != NULL && address != NULL)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) foreign);

      /* TRANSLATORS: "The servers belong to example.net, not to example.com." */
      g_string_append_printf (text, _("The servers belong to %s, not to %s."), list,
                              bd_address_get_domain (address));
      g_string_append_c (text, ' ');
    }
  g_string_append (text, _("Approve them only if you expected this. Until then, Brevduva tests "
                           "the servers without your password."));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
has_items_cb (BdServersPage *self,
              guint          n_items)
{
  return n_items > 0;
}

static gboolean
has_text_cb (BdServersPage *self,
             const char    *text)
{
  return text != NULL && *text != '\0';
}

static char *
password_title_cb (BdServersPage *self,
                   gboolean       has_password)
{
  return g_strdup (has_password ? _("Try Another Password") : _("Password"));
}

/* What stands between the person and Save Password. */
static char *
hint_cb (BdServersPage *self,
         gboolean       can_continue,
         gboolean       approval_needed,
         gboolean       approved,
         gboolean       has_password,
         gboolean       testing,
         BdServerCheck *chosen_incoming)
{
  if (can_continue)
    return g_strdup (_("Your password goes to the keyring, for the servers marked “In Use”."));
  if (approval_needed && !approved)
    return g_strdup (_("Approve the settings first."));
  if (!has_password)
    return g_strdup (_("Enter your password to test the login."));
  if (testing)
    return g_strdup (_("Testing the servers…"));
  if (chosen_incoming == NULL)
    return g_strdup (_("No server for receiving mail works yet. Open one to see why."));
  return g_strdup (_("No server for sending mail works yet. Open one to see why."));
}

static void
password_apply_cb (BdServersPage *self)
{
  BdSetupSession *session = bd_session_page_get_session (BD_SESSION_PAGE (self));

  if (session == NULL)
    return;
  bd_setup_session_set_password (session,
                                 gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  bd_setup_session_test_servers (session);
}

static void
bd_servers_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_SERVERS_PAGE);

  G_OBJECT_CLASS (bd_servers_page_parent_class)->dispose (object);
}

static void
bd_servers_page_bind (BdSessionPage  *page,
                      BdSetupSession *session)
{
  BdServersPage *self = BD_SERVERS_PAGE (page);

  gtk_list_box_bind_model (self->incoming_list, bd_setup_session_get_incoming (session),
                           create_server_row_cb, self, NULL);
  gtk_list_box_bind_model (self->outgoing_list, bd_setup_session_get_outgoing (session),
                           create_server_row_cb, self, NULL);
  g_signal_connect_swapped (session, "notify::config", G_CALLBACK (config_cb), self);
  config_cb (self);
}

static void
bd_servers_page_unbind (BdSessionPage  *page,
                        BdSetupSession *session)
{
  BdServersPage *self = BD_SERVERS_PAGE (page);

  gtk_list_box_bind_model (self->incoming_list, NULL, NULL, NULL, NULL);
  gtk_list_box_bind_model (self->outgoing_list, NULL, NULL, NULL, NULL);
}

static GtkWidget *
bd_servers_page_get_default_widget (BdSessionPage *page)
{
  BdServersPage *self = BD_SERVERS_PAGE (page);

  return self->continue_button;
}

static void
bd_servers_page_class_init (BdServersPageClass *klass)
{
  BdSessionPageClass *page_class = BD_SESSION_PAGE_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_servers_page_dispose;
  page_class->bind = bd_servers_page_bind;
  page_class->unbind = bd_servers_page_unbind;
  page_class->get_default_widget = bd_servers_page_get_default_widget;

  g_type_ensure (BD_TYPE_ENTRY_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/brevduva/Brevduva/bd-servers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BdServersPage, notes_group);
  gtk_widget_class_bind_template_child (widget_class, BdServersPage, notes_list);
  gtk_widget_class_bind_template_child (widget_class, BdServersPage, incoming_list);
  gtk_widget_class_bind_template_child (widget_class, BdServersPage, outgoing_list);
  gtk_widget_class_bind_template_child (widget_class, BdServersPage, outgoing_model);
  gtk_widget_class_bind_template_child (widget_class, BdServersPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, BdServersPage, continue_button);
  gtk_widget_class_bind_template_callback (widget_class, password_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, title_cb);
  gtk_widget_class_bind_template_callback (widget_class, approval_cb);
  gtk_widget_class_bind_template_callback (widget_class, approval_text_cb);
  gtk_widget_class_bind_template_callback (widget_class, has_items_cb);
  gtk_widget_class_bind_template_callback (widget_class, has_text_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_title_cb);
  gtk_widget_class_bind_template_callback (widget_class, hint_cb);

  gtk_widget_class_install_action (widget_class, "servers.open-link", "s", open_link_action);
}

static void
bd_servers_page_init (BdServersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bd_gui_hide_decorations (GTK_WIDGET (self), NULL);

  bd_entry_row_set_label (self->password_row, _("Password"));
}

