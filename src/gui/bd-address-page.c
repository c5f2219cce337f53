/* bd-address-page.c
 *
 * The name and the address are bound both ways to the session; the password
 * goes to the session as it is typed and is never a property. The message
 * under the address comes from the session, which shows it once the typing
 * pauses on something that is not an address.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-address-page.h"
#include "bd-entry-row.h"
#include "bd-gui-util.h"

struct _BdAddressPage
{
  BdSessionPage parent_instance;
  /* The name and the address, both ways, with whichever session the page
   * shows. */
  GBindingGroup *bindings;

  BdEntryRow *name_row;
  BdEntryRow *address_row;
  GtkLabel *error_label;
  BdEntryRow *password_row;
  GtkWidget *continue_button;
};

G_DEFINE_FINAL_TYPE (BdAddressPage, bd_address_page, BD_TYPE_SESSION_PAGE)

/* The session's strings may be NULL; a text field's never are. */
static gboolean
null_to_empty_cb (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  const char *text = g_value_get_string (from);

  g_value_set_string (to, text != NULL ? text : "");
  return TRUE;
}

/* The message under the address; once the address is right, the last one
 * stays while the revealer slides it away. */
static char *
error_text_cb (BdAddressPage *self,
               const char    *error)
{
  if (error == NULL && self->error_label != NULL)
    return g_strdup (gtk_label_get_label (self->error_label));
  return g_strdup (error != NULL ? error : "");
}

/* A style class is not a property to bind. The row passes it on to the
 * field, with the accessible invalid state. */
static void
address_error_cb (BdAddressPage *self)
{
  BdSetupSession *session = bd_session_page_get_session (BD_SESSION_PAGE (self));
  const char *error = bd_setup_session_get_address_error (session);

  if (error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->address_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->address_row), "error");
}

/* The password is never a property: the field is emptied by hand when the
 * assistant starts over. */
static void
page_cb (BdAddressPage *self)
{
  BdSetupSession *session = bd_session_page_get_session (BD_SESSION_PAGE (self));

  if (!bd_setup_session_get_has_password (session) &&
      *gtk_editable_get_text (GTK_EDITABLE (self->password_row)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
}

static void
password_changed_cb (BdAddressPage *self)
{
  BdSetupSession *session = bd_session_page_get_session (BD_SESSION_PAGE (self));

  if (session != NULL)
    bd_setup_session_set_password (session,
                                   gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
}

static void
bd_address_page_dispose (GObject *object)
{
  BdAddressPage *self = BD_ADDRESS_PAGE (object);

  g_clear_object (&self->bindings);
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_ADDRESS_PAGE);

  G_OBJECT_CLASS (bd_address_page_parent_class)->dispose (object);
}

static void
bd_address_page_bind (BdSessionPage  *page,
                      BdSetupSession *session)
{
  BdAddressPage *self = BD_ADDRESS_PAGE (page);

  g_signal_connect_swapped (session, "notify::address-error",
                            G_CALLBACK (address_error_cb), self);
  g_signal_connect_swapped (session, "notify::page", G_CALLBACK (page_cb), self);
  address_error_cb (self);
}

static GtkWidget *
bd_address_page_get_default_widget (BdSessionPage *page)
{
  BdAddressPage *self = BD_ADDRESS_PAGE (page);

  return self->continue_button;
}

static void
bd_address_page_class_init (BdAddressPageClass *klass)
{
  BdSessionPageClass *page_class = BD_SESSION_PAGE_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_address_page_dispose;
  page_class->bind = bd_address_page_bind;
  page_class->get_default_widget = bd_address_page_get_default_widget;

  g_type_ensure (BD_TYPE_ENTRY_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/brevduva/Brevduva/bd-address-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BdAddressPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, BdAddressPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, BdAddressPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, BdAddressPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, BdAddressPage, continue_button);
  gtk_widget_class_bind_template_callback (widget_class, password_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, error_text_cb);
  bd_gui_class_bind_closures (widget_class);
}

static void
bd_address_page_init (BdAddressPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bd_gui_hide_decorations (GTK_WIDGET (self), NULL);

  self->bindings = g_binding_group_new ();
  g_binding_group_bind_full (self->bindings, "name", self->name_row, "text",
                             G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                             null_to_empty_cb, NULL, NULL, NULL);
  g_binding_group_bind_full (self->bindings, "address-text", self->address_row, "text",
                             G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                             null_to_empty_cb, NULL, NULL, NULL);
  g_object_bind_property (self, "session", self->bindings, "source", G_BINDING_SYNC_CREATE);

  /* Each field is named by its row's title. The message under the address
   * describes the field, which is what a screen reader is in. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (bd_entry_row_get_text_widget (self->address_row)),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->error_label, NULL,
                                  -1);
}

void
bd_address_page_focus_address (BdAddressPage *self)
{
  g_return_if_fail (BD_IS_ADDRESS_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->address_row));
}

/**
 * bd_address_page_focus_first:
 *
 * Puts the keyboard focus on the first field that still needs the person:
 * the name while it is empty, then the address while it is empty or
 * invalid, then the password; the name when all are filled in. So a person
 * who types name, Tab, address, Tab, password from the start fills each
 * field in its turn (issue 15: the focus began in the address).
 */
void
bd_address_page_focus_first (BdAddressPage *self)
{
  GtkWidget *row = GTK_WIDGET (self->name_row);
  BdSetupSession *session;
  const char *name;

  g_return_if_fail (BD_IS_ADDRESS_PAGE (self));

  session = bd_session_page_get_session (BD_SESSION_PAGE (self));
  name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  if (name != NULL && name[0] != '\0')
    {
      if (session == NULL || !bd_setup_session_get_address_valid (session))
        row = GTK_WIDGET (self->address_row);
      else if (!bd_setup_session_get_has_password (session))
        row = GTK_WIDGET (self->password_row);
    }
  gtk_widget_grab_focus (row);
}
