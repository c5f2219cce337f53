/* minimal-window.c: the yardstick for the desktop program's start-up
 *
 * An AdwApplication that opens one empty AdwApplicationWindow of the same
 * default size as Brevduva's main window, and nothing else. build-aux/bench
 * launches it beside `brevduva` under the same Xvfb and measures both the
 * same way (tests/bench/first-frame).
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>

static void
activate_cb (GApplication *app,
             gpointer      user_data)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));

  gtk_window_set_default_size (GTK_WINDOW (window), 600, 700);
  gtk_window_set_title (GTK_WINDOW (window), "Minimal");
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.brevduva.BenchMinimal",
                                                       G_APPLICATION_DEFAULT_FLAGS);

  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
