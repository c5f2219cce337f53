/* address-window.c: the second yardstick for the desktop program's start-up
 *
 * An AdwApplication whose one window shows the same widgets as Brevduva's
 * first page (src/gui/bd-window.ui and bd-address-page.ui, issue 16 §4),
 * built by code: a header bar with a window title (empty on this page, as
 * in Brevduva), a hidden back button and the main menu button, a leaflet
 * with one page, a status page with the application's icon, title and
 * description, the name and address rows and the password row (each a
 * GtkEntry or GtkPasswordEntry in an AdwActionRow, as BdEntryRow is), the
 * group's description, and the Continue pill. The same texts, the same
 * default size. No templates, no GSettings, no session object, no engine:
 * what Brevduva's first frame costs beyond this is Brevduva's own overhead,
 * apart from the cost of drawing text. tests/bench/bench launches it beside
 * `brevduva` and the empty window (minimal-window.c) and measures all three
 * the same way (tests/bench/first-frame).
 *
 * Build: cc -O2 -DICON_DIR='"ROOT/data/icons"' address-window.c $(pkg-config
 * --cflags --libs libadwaita-1)
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>

#ifndef ICON_DIR
#define ICON_DIR "data/icons"
#endif

static GtkWidget *
entry_row (const char *title,
           gboolean    password)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *entry = password ? g_object_new (GTK_TYPE_PASSWORD_ENTRY,
                                              "show-peek-icon", TRUE, NULL)
                              : gtk_entry_new ();
  GtkWidget *apply = gtk_button_new_from_icon_name ("object-select-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (entry, TRUE);
  if (!password)
    gtk_editable_set_width_chars (GTK_EDITABLE (entry), 12);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), entry);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), entry);
  /* BdEntryRow's apply button, hidden as on the address page. */
  gtk_widget_set_valign (apply, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (apply, FALSE);
  gtk_widget_add_css_class (apply, "circular");
  gtk_widget_add_css_class (apply, "suggested-action");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), apply);
  return row;
}

static GtkWidget *
address_page (void)
{
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *status = adw_status_page_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *names = adw_preferences_group_new ();
  GtkWidget *secret = adw_preferences_group_new ();
  GtkWidget *revealer = gtk_revealer_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic ("_Continue");

  gtk_widget_set_vexpand (status, TRUE);
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "io.github.brevduva.Brevduva");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), "Set Up a Mail Account");
  adw_status_page_set_description (ADW_STATUS_PAGE (status),
                                   "Brevduva finds your provider’s mail servers, tests them, "
                                   "and keeps your password safe in the keyring.");
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 480);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (names), entry_row ("Your Name", FALSE));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (names), entry_row ("Email Address", FALSE));
  gtk_box_append (GTK_BOX (inner), names);
  /* The error message's place: hidden until an address is wrong. */
  gtk_revealer_set_transition_type (GTK_REVEALER (revealer),
                                    GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_widget_set_margin_top (revealer, 6);
  gtk_revealer_set_child (GTK_REVEALER (revealer), gtk_label_new (NULL));
  gtk_box_append (GTK_BOX (inner), revealer);
  gtk_widget_set_margin_top (secret, 18);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (secret),
                                         "Brevduva sends it only over an encrypted connection, "
                                         "and only to servers you approve. If your provider "
                                         "asks for an app password, enter that.");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (secret), entry_row ("Password", TRUE));
  gtk_box_append (GTK_BOX (inner), secret);
  adw_clamp_set_child (ADW_CLAMP (clamp), inner);
  adw_status_page_set_child (ADW_STATUS_PAGE (status), clamp);
  gtk_box_append (GTK_BOX (page), status);

  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (button, 12);
  gtk_widget_set_margin_bottom (button, 24);
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_box_append (GTK_BOX (page), button);
  return page;
}

static GtkWidget *
header_bar (void)
{
  GtkWidget *bar = adw_header_bar_new ();
  GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");
  GtkWidget *menu_button = gtk_menu_button_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) first = g_menu_new ();
  g_autoptr(GMenu) second = g_menu_new ();

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (bar),
                                   adw_window_title_new ("", NULL));
  gtk_widget_set_visible (back, FALSE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (bar), back);
  g_menu_append (first, "_Test an Existing Account", "setup.test-existing");
  g_menu_append (first, "_Check a Domain…", "win.check-domain");
  g_menu_append (first, "_Start Over", "setup.restart");
  g_menu_append (second, "_Keyboard Shortcuts", "win.show-help-overlay");
  g_menu_append (second, "_About Brevduva", "app.about");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (first));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (second));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "open-menu-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), G_MENU_MODEL (menu));
  gtk_menu_button_set_primary (GTK_MENU_BUTTON (menu_button), TRUE);
  adw_header_bar_pack_end (ADW_HEADER_BAR (bar), menu_button);
  return bar;
}

static void
activate_cb (GApplication *app,
             gpointer      user_data)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *leaflet = adw_leaflet_new ();

  /* Where Brevduva's icon is found when it runs uninstalled (it has it in
   * its resources); here from the source tree. */
  gtk_icon_theme_add_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                  ICON_DIR);
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 700);
  gtk_widget_set_size_request (window, 360, 294);
  gtk_window_set_title (GTK_WINDOW (window), "Brevduva");
  gtk_box_append (GTK_BOX (box), header_bar ());
  adw_leaflet_set_can_unfold (ADW_LEAFLET (leaflet), FALSE);
  gtk_widget_set_vexpand (leaflet, TRUE);
  adw_leaflet_append (ADW_LEAFLET (leaflet), address_page ());
  gtk_box_append (GTK_BOX (box), leaflet);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), box);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), overlay);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.brevduva.BenchAddress",
                                                       G_APPLICATION_DEFAULT_FLAGS);

  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
