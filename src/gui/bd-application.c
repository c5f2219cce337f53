/* bd-application.c
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bd-application.h"
#include "bd-window.h"

struct _BdApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (BdApplication, bd_application, ADW_TYPE_APPLICATION)

static void
bd_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (bd_window_new (BD_APPLICATION (app)));
  gtk_window_present (window);
}

static void
about_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { "The Brevduva developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", "Brevduva",
                         "application-icon", APPLICATION_ID,
                         "developer-name", "The Brevduva developers",
                         "version", PACKAGE_VERSION,
                         "website", "https://github.com/brevduva/brevduva",
                         "issue-url", "https://github.com/brevduva/brevduva/issues",
                         "developers", developers,
                         /* TRANSLATORS: your name and address, one translator per line */
                         "translator-credits", _("translator-credits"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("Sets up and diagnoses mail accounts"),
                         NULL);
}

static void
quit_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", about_action_cb, NULL, NULL, NULL },
  { "quit", quit_action_cb, NULL, NULL, NULL },
};

static void
bd_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  /* GtkApplication's own accelerator for the shortcuts window, which it
   * sets only for a gtk/help-overlay.ui resource; ours is
   * bd-help-overlay.ui, built when first shown (bd-window.c). */
  static const char *help_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (bd_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay",
                                         help_accels);
}

static void
bd_application_class_init (BdApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = bd_application_activate;
  app_class->startup = bd_application_startup;
}

static void
bd_application_init (BdApplication *self)
{
}

BdApplication *
bd_application_new (void)
{
  return g_object_new (BD_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/brevduva/Brevduva",
                       NULL);
}
