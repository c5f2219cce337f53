/* main.c: brevduva, the desktop assistant
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "bd-application.h"
#include "bd-resolver.h"

int
main (int    argc,
      char **argv)
{
  const char *localedir = g_getenv ("BREVDUVA_LOCALEDIR");
  g_autoptr(BdApplication) app = NULL;

  /* build-aux/run points BREVDUVA_LOCALEDIR at the build tree's catalogues. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* GLib's own resolver queues a detection's lookups (bd-resolver.c). */
  bd_resolver_install (BD_RESOLVER_DEFAULT_THREADS);

  app = bd_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
