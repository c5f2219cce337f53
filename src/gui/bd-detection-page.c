/* bd-detection-page.c
 *
 * One row per kind of source, live, while the detection runs; Cancel goes
 * back to the address. When nothing is found the page says why and what to
 * do, and offers to try again or to enter the settings by hand.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bd-detection-page.h"
#include "bd-source-row.h"

struct _BdDetectionPage
{
  AdwBin parent_instance;

  BdSetupSession *session;

  GtkStack *status_stack;
  GtkSpinner *spinner;
  GtkImage *status_image;
  GtkLabel *title_label;
  GtkLabel *description_label;
  GtkListBox *sources_list;
  GtkWidget *retry_button;
  GtkWidget *manual_button;
  GtkWidget *cancel_button;
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BdDetectionPage, bd_detection_page, ADW_TYPE_BIN)

static GtkWidget *
create_source_row_cb (gpointer item,
                      gpointer user_data)
{
  return bd_source_row_new (BD_SOURCE_PROGRESS (item));
}

static void
update (BdDetectionPage *self)
{
  gboolean detecting = bd_setup_session_get_detecting (self->session);
  const char *error = bd_setup_session_get_detection_error (self->session);
  BdAddress *address = bd_setup_session_get_address (self->session);
  const char *domain = address != NULL ? bd_address_get_domain (address) : "";
  g_autofree char *description = NULL;

  gtk_spinner_set_spinning (self->spinner, detecting);
  gtk_stack_set_visible_child_name (self->status_stack, detecting ? "spinner" : "icon");
  gtk_widget_set_visible (self->cancel_button, detecting);
  gtk_widget_set_visible (self->retry_button, !detecting && error != NULL);
  gtk_widget_set_visible (self->manual_button, !detecting && error != NULL);

  if (detecting)
    {
      gtk_label_set_text (self->title_label, _("Finding Your Settings"));
      /* TRANSLATORS: %s is a domain such as example.com */
      description = g_strdup_printf (_("Asking where the mail servers of %s are…"), domain);
    }
  else if (error != NULL)
    {
      const char *advice = bd_setup_session_get_detection_advice (self->session);

      gtk_label_set_text (self->title_label, _("No Settings Found"));
      gtk_image_set_from_icon_name (self->status_image, "dialog-warning-symbolic");
      description = advice != NULL ? g_strdup_printf ("%s\n\n%s", error, advice)
                                   : g_strdup (error);
    }
  else
    {
      const char *provider;
      BdAccountConfig *config = bd_setup_session_get_config (self->session);

      provider = config != NULL ? bd_account_config_get_display_name (config) : NULL;
      gtk_label_set_text (self->title_label, _("Settings Found"));
      gtk_image_set_from_icon_name (self->status_image, "emblem-ok-symbolic");
      description = g_strdup (provider != NULL ? provider : domain);
    }
  gtk_label_set_text (self->description_label, description);
}

static void
bd_detection_page_dispose (GObject *object)
{
  BdDetectionPage *self = BD_DETECTION_PAGE (object);

  bd_detection_page_set_session (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_DETECTION_PAGE);

  G_OBJECT_CLASS (bd_detection_page_parent_class)->dispose (object);
}

static void
bd_detection_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  BdDetectionPage *self = BD_DETECTION_PAGE (object);

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
bd_detection_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  BdDetectionPage *self = BD_DETECTION_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      bd_detection_page_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_detection_page_class_init (BdDetectionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_detection_page_dispose;
  object_class->get_property = bd_detection_page_get_property;
  object_class->set_property = bd_detection_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BD_TYPE_SETUP_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/brevduva/Brevduva/bd-detection-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BdDetectionPage, status_stack);
  gtk_widget_class_bind_template_child (widget_class, BdDetectionPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, BdDetectionPage, status_image);
  gtk_widget_class_bind_template_child (widget_class, BdDetectionPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, BdDetectionPage, description_label);
  gtk_widget_class_bind_template_child (widget_class, BdDetectionPage, sources_list);
  gtk_widget_class_bind_template_child (widget_class, BdDetectionPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, BdDetectionPage, manual_button);
  gtk_widget_class_bind_template_child (widget_class, BdDetectionPage, cancel_button);
}

static void
bd_detection_page_init (BdDetectionPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

BdSetupSession *
bd_detection_page_get_session (BdDetectionPage *self)
{
  g_return_val_if_fail (BD_IS_DETECTION_PAGE (self), NULL);

  return self->session;
}

void
bd_detection_page_set_session (BdDetectionPage *self,
                               BdSetupSession  *session)
{
  g_return_if_fail (BD_IS_DETECTION_PAGE (self));

  if (self->session == session)
    return;

  if (self->session != NULL)
    {
      gtk_list_box_bind_model (self->sources_list, NULL, NULL, NULL, NULL);
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_clear_object (&self->session);
    }
  if (session != NULL)
    {
      self->session = g_object_ref (session);
      gtk_list_box_bind_model (self->sources_list, bd_setup_session_get_sources (session),
                               create_source_row_cb, NULL, NULL);
      g_signal_connect_swapped (session, "notify::detecting", G_CALLBACK (update), self);
      g_signal_connect_swapped (session, "notify::detection", G_CALLBACK (update), self);
      g_signal_connect_swapped (session, "notify::address", G_CALLBACK (update), self);
      update (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * bd_detection_page_get_default_widget:
 *
 * Returns: (transfer none): what Enter presses: Try Again after a failure,
 *   else Cancel.
 */
GtkWidget *
bd_detection_page_get_default_widget (BdDetectionPage *self)
{
  g_return_val_if_fail (BD_IS_DETECTION_PAGE (self), NULL);

  if (gtk_widget_get_visible (self->retry_button))
    return self->retry_button;
  return self->cancel_button;
}
