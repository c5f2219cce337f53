/* bd-existing-page.c
 *
 * The person types (or pastes, as imaps://host:993) the settings of an
 * account they already use; Test runs every probe at once and shows the
 * same rows as the assistant, with Copy Report for a redacted text report.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bd-entry-row.h"
#include "bd-existing-page.h"
#include "bd-gui-util.h"
#include "bd-server-row.h"
#include "bd-server-url.h"

struct _BdExistingPage
{
  BdSessionPage parent_instance;
  guint16 incoming_default_port;
  guint16 outgoing_default_port;

  AdwComboRow *incoming_protocol_row;
  BdEntryRow *incoming_host_row;
  AdwComboRow *incoming_security_row;
  BdEntryRow *incoming_port_row;
  BdEntryRow *incoming_user_row;
  BdEntryRow *outgoing_host_row;
  AdwComboRow *outgoing_security_row;
  BdEntryRow *outgoing_port_row;
  BdEntryRow *outgoing_user_row;
  BdEntryRow *password_row;
  GtkWidget *test_button;
  AdwPreferencesGroup *results_group;
  GtkListBox *results_list;
};

G_DEFINE_FINAL_TYPE (BdExistingPage, bd_existing_page, BD_TYPE_SESSION_PAGE)

static GtkWidget *
create_server_row_cb (gpointer item,
                      gpointer user_data)
{
  BdExistingPage *self = user_data;

  return bd_server_row_new (BD_SERVER_CHECK (item),
                            bd_session_page_get_session (BD_SESSION_PAGE (self)));
}

static BdProtocol
incoming_protocol (BdExistingPage *self)
{
  return adw_combo_row_get_selected (self->incoming_protocol_row) == 1 ? BD_PROTOCOL_POP3
                                                                       : BD_PROTOCOL_IMAP;
}

/* A port still at the old default follows the protocol and security. */
static void
update_port (BdEntryRow *port_row,
             guint16     *last_default,
             guint16      new_default)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (port_row));
  g_autofree char *old = g_strdup_printf ("%u", *last_default);
  g_autofree char *port = g_strdup_printf ("%u", new_default);

  if (*text == '\0' || g_str_equal (text, old))
    gtk_editable_set_text (GTK_EDITABLE (port_row), port);
  *last_default = new_default;
}

static void
incoming_kind_cb (BdExistingPage *self)
{
  guint security = adw_combo_row_get_selected (self->incoming_security_row);

  if (security == GTK_INVALID_LIST_POSITION)
    return;
  update_port (self->incoming_port_row, &self->incoming_default_port,
               bd_server_default_port (incoming_protocol (self), (BdSecurity) security));
}

static void
outgoing_kind_cb (BdExistingPage *self)
{
  guint security = adw_combo_row_get_selected (self->outgoing_security_row);

  if (security == GTK_INVALID_LIST_POSITION)
    return;
  update_port (self->outgoing_port_row, &self->outgoing_default_port,
               bd_server_default_port (BD_PROTOCOL_SMTP, (BdSecurity) security));
}

/* The row passes the style class on to its field, with the accessible
 * invalid state. */
static void
mark_invalid (GtkWidget *row,
              gboolean   invalid)
{
  if (invalid)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

/* One server from the fields, or from a URL pasted into the server field. */
static BdServer *
read_server (BdExistingPage *self,
             BdProtocol      protocol,
             BdEntryRow     *host_row,
             AdwComboRow    *security_row,
             BdEntryRow     *port_row,
             BdEntryRow     *user_row)
{
  g_autofree char *host = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (host_row))));
  const char *user = gtk_editable_get_text (GTK_EDITABLE (user_row));
  g_autoptr(BdServer) server = NULL;
  guint64 port = 0;

  if (strstr (host, "://") != NULL)
    {
      g_autoptr(GError) error = NULL;

      server = bd_server_new_from_url (host, &error);
      mark_invalid (GTK_WIDGET (host_row), server == NULL);
      if (server == NULL)
        {
          bd_gui_toast (GTK_WIDGET (self), error->message);
          return NULL;
        }
      if (*user != '\0')
        bd_server_set_username (server, user);
      return g_steal_pointer (&server);
    }

  mark_invalid (GTK_WIDGET (host_row), *host == '\0');
  if (!g_ascii_string_to_unsigned (gtk_editable_get_text (GTK_EDITABLE (port_row)), 10, 1,
                                   G_MAXUINT16, &port, NULL))
    {
      mark_invalid (GTK_WIDGET (port_row), TRUE);
      bd_gui_toast (GTK_WIDGET (self), _("A port is a number from 1 to 65535."));
      return NULL;
    }
  mark_invalid (GTK_WIDGET (port_row), FALSE);
  if (*host == '\0')
    return NULL;
  return bd_server_new (protocol, host, (guint16) port,
                        (BdSecurity) adw_combo_row_get_selected (security_row),
                        *user != '\0' ? user : NULL);
}

/**
 * bd_existing_page_test:
 *
 * Tests what the fields say: the server for receiving mail, and the one for
 * sending mail when its name is given.
 */
void
bd_existing_page_test (BdExistingPage *self)
{
  g_autoptr(GPtrArray) servers = g_ptr_array_new_with_free_func (g_object_unref);
  BdSetupSession *session;
  BdServer *incoming;
  BdServer *outgoing = NULL;

  g_return_if_fail (BD_IS_EXISTING_PAGE (self));

  session = bd_session_page_get_session (BD_SESSION_PAGE (self));
  if (session == NULL)
    return;

  incoming = read_server (self, incoming_protocol (self), self->incoming_host_row,
                          self->incoming_security_row, self->incoming_port_row,
                          self->incoming_user_row);
  if (incoming == NULL)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->incoming_host_row));
      return;
    }
  g_ptr_array_add (servers, incoming);
  if (*gtk_editable_get_text (GTK_EDITABLE (self->outgoing_host_row)) != '\0')
    {
      outgoing = read_server (self, BD_PROTOCOL_SMTP, self->outgoing_host_row,
                              self->outgoing_security_row, self->outgoing_port_row,
                              self->outgoing_user_row);
      if (outgoing == NULL)
        return;
      g_ptr_array_add (servers, outgoing);
    }

  /* This account's password, not the assistant's. */
  bd_setup_session_set_existing_password (session,
                                          gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  bd_setup_session_test_existing (session, servers);
  gtk_widget_set_visible (GTK_WIDGET (self->results_group), TRUE);
}

static void
bd_existing_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_EXISTING_PAGE);

  G_OBJECT_CLASS (bd_existing_page_parent_class)->dispose (object);
}

static void
bd_existing_page_bind (BdSessionPage  *page,
                       BdSetupSession *session)
{
  BdExistingPage *self = BD_EXISTING_PAGE (page);

  gtk_list_box_bind_model (self->results_list, bd_setup_session_get_existing (session),
                           create_server_row_cb, self, NULL);
}

static void
bd_existing_page_unbind (BdSessionPage  *page,
                         BdSetupSession *session)
{
  BdExistingPage *self = BD_EXISTING_PAGE (page);

  gtk_list_box_bind_model (self->results_list, NULL, NULL, NULL, NULL);
}

static GtkWidget *
bd_existing_page_get_default_widget (BdSessionPage *page)
{
  BdExistingPage *self = BD_EXISTING_PAGE (page);

  return self->test_button;
}

static void
bd_existing_page_class_init (BdExistingPageClass *klass)
{
  BdSessionPageClass *page_class = BD_SESSION_PAGE_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_existing_page_dispose;
  page_class->bind = bd_existing_page_bind;
  page_class->unbind = bd_existing_page_unbind;
  page_class->get_default_widget = bd_existing_page_get_default_widget;

  g_type_ensure (BD_TYPE_ENTRY_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/brevduva/Brevduva/bd-existing-page.ui");
  bd_gui_class_bind_closures (widget_class);
  gtk_widget_class_bind_template_child (widget_class, BdExistingPage, incoming_protocol_row);
  gtk_widget_class_bind_template_child (widget_class, BdExistingPage, incoming_host_row);
  gtk_widget_class_bind_template_child (widget_class, BdExistingPage, incoming_security_row);
  gtk_widget_class_bind_template_child (widget_class, BdExistingPage, incoming_port_row);
  gtk_widget_class_bind_template_child (widget_class, BdExistingPage, incoming_user_row);
  gtk_widget_class_bind_template_child (widget_class, BdExistingPage, outgoing_host_row);
  gtk_widget_class_bind_template_child (widget_class, BdExistingPage, outgoing_security_row);
  gtk_widget_class_bind_template_child (widget_class, BdExistingPage, outgoing_port_row);
  gtk_widget_class_bind_template_child (widget_class, BdExistingPage, outgoing_user_row);
  gtk_widget_class_bind_template_child (widget_class, BdExistingPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, BdExistingPage, test_button);
  gtk_widget_class_bind_template_child (widget_class, BdExistingPage, results_group);
  gtk_widget_class_bind_template_child (widget_class, BdExistingPage, results_list);
  gtk_widget_class_bind_template_callback (widget_class, incoming_kind_cb);
  gtk_widget_class_bind_template_callback (widget_class, outgoing_kind_cb);
}

static void
bd_existing_page_init (BdExistingPage *self)
{
  g_autoptr(GListModel) incoming_security = bd_gui_security_model ();
  g_autoptr(GListModel) outgoing_security = bd_gui_security_model ();

  gtk_widget_init_template (GTK_WIDGET (self));
  bd_gui_hide_decorations (GTK_WIDGET (self), NULL);

  adw_combo_row_set_model (self->incoming_security_row, incoming_security);
  adw_combo_row_set_model (self->outgoing_security_row, outgoing_security);
  adw_combo_row_set_selected (self->incoming_security_row, BD_SECURITY_TLS);
  adw_combo_row_set_selected (self->outgoing_security_row, BD_SECURITY_STARTTLS);
  incoming_kind_cb (self);
  outgoing_kind_cb (self);

  bd_entry_row_set_label (self->incoming_host_row, _("Server for receiving mail"));
  bd_entry_row_set_label (self->incoming_port_row, _("Port for receiving mail"));
  bd_entry_row_set_label (self->incoming_user_row, _("User name for receiving mail"));
  bd_entry_row_set_label (self->outgoing_host_row, _("Server for sending mail"));
  bd_entry_row_set_label (self->outgoing_port_row, _("Port for sending mail"));
  bd_entry_row_set_label (self->outgoing_user_row, _("User name for sending mail"));
}

