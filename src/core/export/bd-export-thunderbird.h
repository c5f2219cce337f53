/* bd-export-thunderbird.h: the account as prefs of a Thunderbird profile
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-export-target.h"

G_BEGIN_DECLS

/**
 * BdThunderbirdProfile:
 * @name: the profile's name in profiles.ini ("default-esr" …)
 * @path: its folder, absolute
 * @is_default: Thunderbird opens it when started without a choice
 *
 * One Thunderbird profile, for the person to pick (the GUI, the CLI).
 */
typedef struct {
  char     *name;
  char     *path;
  gboolean  is_default;
} BdThunderbirdProfile;

void bd_thunderbird_profile_free (BdThunderbirdProfile *profile);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdThunderbirdProfile, bd_thunderbird_profile_free)

#define BD_TYPE_EXPORT_THUNDERBIRD (bd_export_thunderbird_get_type ())

G_DECLARE_FINAL_TYPE (BdExportThunderbird, bd_export_thunderbird, BD, EXPORT_THUNDERBIRD,
                      BdExportTarget)

BdExportTarget *bd_export_thunderbird_new          (void);

/* The profile to write to: a profile's name, or its folder's absolute
 * path; NULL is the default profile. */
const char     *bd_export_thunderbird_get_profile  (BdExportThunderbird *self);
void            bd_export_thunderbird_set_profile  (BdExportThunderbird *self,
                                                    const char          *profile);

/* Every profile of ~/.thunderbird/profiles.ini, in its order.
 * (element-type BdThunderbirdProfile) (transfer full); an empty array when
 * there is none (Thunderbird was never started). */
GPtrArray      *bd_export_thunderbird_list_profiles (GError            **error);

G_END_DECLS
