/* bd-export-goa.h: the account as a GNOME Online Accounts mail account
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-export-target.h"

G_BEGIN_DECLS

#define BD_TYPE_EXPORT_GOA (bd_export_goa_get_type ())

G_DECLARE_FINAL_TYPE (BdExportGoa, bd_export_goa, BD, EXPORT_GOA, BdExportTarget)

BdExportTarget *bd_export_goa_new (void);

G_END_DECLS
