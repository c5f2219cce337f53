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

#include <glib/gi18n.h>

#include "bd-address-page.h"
#include "bd-gui-util.h"

struct _BdAddressPage
{
  AdwBin parent_instance;

  BdSetupSession *session;
  GBinding *name_binding;
  GBinding *address_binding;

  AdwEntryRow *name_row;
  AdwEntryRow *address_row;
  GtkRevealer *error_revealer;
  GtkLabel *error_label;
  AdwPasswordEntryRow *password_row;
  GtkWidget *continue_button;
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BdAddressPage, bd_address_page, ADW_TYPE_BIN)

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

static void
address_error_cb (BdAddressPage *self)
{
  const char *error = bd_setup_session_get_address_error (self->session);

  if (error != NULL)
    {
      gtk_label_set_text (self->error_label, error);
      gtk_widget_add_css_class (GTK_WIDGET (self->address_row), "error");
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->address_row), "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->address_row),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               error != NULL ? GTK_ACCESSIBLE_INVALID_TRUE
                                             : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
  gtk_revealer_set_reveal_child (self->error_revealer, error != NULL);
}

static void
page_cb (BdAddressPage *self)
{
  /* A new start empties the password field too. */
  if (!bd_setup_session_get_has_password (self->session) &&
      *gtk_editable_get_text (GTK_EDITABLE (self->password_row)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
}

static void
password_changed_cb (BdAddressPage *self)
{
  if (self->session != NULL)
    bd_setup_session_set_password (self->session,
                                   gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
}

static void
bd_address_page_dispose (GObject *object)
{
  BdAddressPage *self = BD_ADDRESS_PAGE (object);

  bd_address_page_set_session (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_ADDRESS_PAGE);

  G_OBJECT_CLASS (bd_address_page_parent_class)->dispose (object);
}

static void
bd_address_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BdAddressPage *self = BD_ADDRESS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_address_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BdAddressPage *self = BD_ADDRESS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      bd_address_page_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_address_page_class_init (BdAddressPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_address_page_dispose;
  object_class->get_property = bd_address_page_get_property;
  object_class->set_property = bd_address_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BD_TYPE_SETUP_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/brevduva/Brevduva/bd-address-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BdAddressPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, BdAddressPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, BdAddressPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, BdAddressPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, BdAddressPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, BdAddressPage, continue_button);
  gtk_widget_class_bind_template_callback (widget_class, password_changed_cb);
}

static void
bd_address_page_init (BdAddressPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  bd_gui_label_editable (GTK_WIDGET (self->name_row), _("Your name"));
  bd_gui_label_editable (GTK_WIDGET (self->address_row), _("Email address"));
  bd_gui_label_editable (GTK_WIDGET (self->password_row), _("Password"));
  /* The message under the address describes it. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->address_row),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->error_label, NULL,
                                  -1);
}

BdSetupSession *
bd_address_page_get_session (BdAddressPage *self)
{
  g_return_val_if_fail (BD_IS_ADDRESS_PAGE (self), NULL);

  return self->session;
}

void
bd_address_page_set_session (BdAddressPage  *self,
                             BdSetupSession *session)
{
  g_return_if_fail (BD_IS_ADDRESS_PAGE (self));

  if (self->session == session)
    return;

  if (self->session != NULL)
    {
      g_clear_pointer (&self->name_binding, g_binding_unbind);
      g_clear_pointer (&self->address_binding, g_binding_unbind);
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_clear_object (&self->session);
    }
  if (session != NULL)
    {
      self->session = g_object_ref (session);
      self->name_binding =
        g_object_bind_property_full (session, "name", self->name_row, "text",
                                     G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                                     null_to_empty_cb, NULL, NULL, NULL);
      self->address_binding =
        g_object_bind_property_full (session, "address-text", self->address_row, "text",
                                     G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                                     null_to_empty_cb, NULL, NULL, NULL);
      g_signal_connect_swapped (session, "notify::address-error",
                                G_CALLBACK (address_error_cb), self);
      g_signal_connect_swapped (session, "notify::page", G_CALLBACK (page_cb), self);
      address_error_cb (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

GtkWidget *
bd_address_page_get_default_widget (BdAddressPage *self)
{
  g_return_val_if_fail (BD_IS_ADDRESS_PAGE (self), NULL);

  return self->continue_button;
}

void
bd_address_page_focus_address (BdAddressPage *self)
{
  g_return_if_fail (BD_IS_ADDRESS_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->address_row));
}
