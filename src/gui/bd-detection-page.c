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
  BdSessionPage parent_instance;

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

G_DEFINE_FINAL_TYPE (BdDetectionPage, bd_detection_page, BD_TYPE_SESSION_PAGE)

static GtkWidget *
create_source_row_cb (gpointer item,
                      gpointer user_data)
{
  return bd_source_row_new (BD_SOURCE_PROGRESS (item));
}

static void
update (BdDetectionPage *self)
{
  BdSetupSession *session = bd_session_page_get_session (BD_SESSION_PAGE (self));
  gboolean detecting = bd_setup_session_get_detecting (session);
  const char *error = bd_setup_session_get_detection_error (session);
  BdAddress *address = bd_setup_session_get_address (session);
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
      const char *advice = bd_setup_session_get_detection_advice (session);

      gtk_label_set_text (self->title_label, _("No Settings Found"));
      gtk_image_set_from_icon_name (self->status_image, "dialog-warning-symbolic");
      description = advice != NULL ? g_strdup_printf ("%s\n\n%s", error, advice)
                                   : g_strdup (error);
    }
  else
    {
      const char *provider;
      BdAccountConfig *config = bd_setup_session_get_config (session);

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
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_DETECTION_PAGE);

  G_OBJECT_CLASS (bd_detection_page_parent_class)->dispose (object);
}

static void
bd_detection_page_bind (BdSessionPage  *page,
                        BdSetupSession *session)
{
  BdDetectionPage *self = BD_DETECTION_PAGE (page);

  gtk_list_box_bind_model (self->sources_list, bd_setup_session_get_sources (session),
                           create_source_row_cb, NULL, NULL);
  g_signal_connect_swapped (session, "notify::detecting", G_CALLBACK (update), self);
  g_signal_connect_swapped (session, "notify::detection", G_CALLBACK (update), self);
  g_signal_connect_swapped (session, "notify::address", G_CALLBACK (update), self);
  update (self);
}

static void
bd_detection_page_unbind (BdSessionPage  *page,
                          BdSetupSession *session)
{
  BdDetectionPage *self = BD_DETECTION_PAGE (page);

  gtk_list_box_bind_model (self->sources_list, NULL, NULL, NULL, NULL);
}

static GtkWidget *
bd_detection_page_get_default_widget (BdSessionPage *page)
{
  BdDetectionPage *self = BD_DETECTION_PAGE (page);

  /* Try Again after a failure, else Cancel. */
  if (gtk_widget_get_visible (self->retry_button))
    return self->retry_button;
  return self->cancel_button;
}

static void
bd_detection_page_class_init (BdDetectionPageClass *klass)
{
  BdSessionPageClass *page_class = BD_SESSION_PAGE_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_detection_page_dispose;
  page_class->bind = bd_detection_page_bind;
  page_class->unbind = bd_detection_page_unbind;
  page_class->get_default_widget = bd_detection_page_get_default_widget;

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

