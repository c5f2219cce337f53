/* bd-thunderbird-profiles-private.h: Thunderbird's profiles, and whether it runs on one
 *
 * BdThunderbirdProfile (declared in bd-export-thunderbird.h, for the GUI
 * and the CLI) is one entry of ~/.thunderbird/profiles.ini;
 * bd-thunderbird-profiles.c reads them, finds the one to write to, and
 * tells whether Thunderbird holds it.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-export-thunderbird.h"

G_BEGIN_DECLS

/* Every profile of ~/.thunderbird/profiles.ini (element-type
 * BdThunderbirdProfile); empty when there is none, NULL with
 * export-write-failed when it cannot be read. */
GPtrArray *bd_thunderbird_profiles_list              (GError     **error);

/* The folder of the profile @wanted names: a name or an absolute path;
 * NULL is the default profile. */
char      *bd_thunderbird_profiles_dup_dir           (const char  *wanted,
                                                      GError     **error);

/* export-program-running when Thunderbird runs on the profile in @dir. */
gboolean   bd_thunderbird_profiles_check_not_running (const char  *dir,
                                                      GError     **error);

G_END_DECLS
