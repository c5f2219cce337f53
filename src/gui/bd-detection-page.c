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
#include "bd-gui-util.h"
#include "bd-source-row.h"

struct _BdDetectionPage
{
  BdSessionPage parent_instance;

  GtkListBox *sources_list;
  GtkWidget *retry_button;
  GtkWidget *cancel_button;
};

G_DEFINE_FINAL_TYPE (BdDetectionPage, bd_detection_page, BD_TYPE_SESSION_PAGE)

static GtkWidget *
create_source_row_cb (gpointer item,
                      gpointer user_data)
{
  return bd_source_row_new (BD_SOURCE_PROGRESS (item));
}

/* Try Again and Enter Settings by Hand, once nothing was found. */
static gboolean
failed_cb (BdDetectionPage *self,
           gboolean         detecting,
           const char      *error)
{
  return !detecting && error != NULL;
}

static char *
status_icon_cb (BdDetectionPage *self,
                gboolean         detecting,
                const char      *error)
{
  if (detecting)
    return g_strdup ("system-search-symbolic");
  return g_strdup (error != NULL ? "dialog-warning-symbolic" : "emblem-ok-symbolic");
}

static char *
title_cb (BdDetectionPage *self,
          gboolean         detecting,
          const char      *error)
{
  if (detecting)
    return g_strdup (_("Finding Your Settings"));
  if (error != NULL)
    return g_strdup (_("No Settings Found"));
  return g_strdup (_("Settings Found"));
}

static char *
description_cb (BdDetectionPage *self,
                gboolean         detecting,
                const char      *error,
                const char      *advice,
                const char      *provider,
                BdAddress       *address)
{
  const char *domain = address != NULL ? bd_address_get_domain (address) : "";

  if (detecting)
    /* TRANSLATORS: %s is a domain such as example.com */
    return g_strdup_printf (_("Asking where the mail servers of %s are…"), domain);
  if (error != NULL)
    return advice != NULL ? g_strdup_printf ("%s\n\n%s", error, advice) : g_strdup (error);
  return g_strdup (provider != NULL ? provider : domain);
}

static void
bd_detection_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_DETECTION_PAGE);

  G_OBJECT_CLASS (bd_detection_page_parent_class)->dispose (object);
}

/* A list box has no model property to bind. */
static void
bd_detection_page_bind (BdSessionPage  *page,
                        BdSetupSession *session)
{
  BdDetectionPage *self = BD_DETECTION_PAGE (page);

  gtk_list_box_bind_model (self->sources_list, bd_setup_session_get_sources (session),
                           create_source_row_cb, NULL, NULL);
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
  gtk_widget_class_bind_template_child (widget_class, BdDetectionPage, sources_list);
  gtk_widget_class_bind_template_child (widget_class, BdDetectionPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, BdDetectionPage, cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, failed_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_icon_cb);
  gtk_widget_class_bind_template_callback (widget_class, title_cb);
  gtk_widget_class_bind_template_callback (widget_class, description_cb);
  bd_gui_class_bind_closures (widget_class);
}

static void
bd_detection_page_init (BdDetectionPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bd_gui_hide_decorations (GTK_WIDGET (self), NULL);
}

