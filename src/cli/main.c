/* main.c: brevduva-cli
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "bd-cli.h"
#include "bd-resolver.h"

int
main (int    argc,
      char **argv)
{
  const char *localedir = g_getenv ("BREVDUVA_LOCALEDIR");

  /* build-aux/run points BREVDUVA_LOCALEDIR at the build tree's catalogues. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("brevduva-cli");
  /* Standard output is the command's answer (one JSON object with --json);
   * GLib's debug and info messages would go there too and break it. */
  g_log_writer_default_set_use_stderr (TRUE);
  /* GLib's own resolver queues a detection's lookups (bd-resolver.c). */
  bd_resolver_install (BD_RESOLVER_DEFAULT_THREADS);

  return bd_cli_run (argc, argv);
}
