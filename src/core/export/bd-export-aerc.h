/* bd-export-aerc.h: the account as an aerc account in accounts.conf
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-export-target.h"

G_BEGIN_DECLS

#define BD_TYPE_EXPORT_AERC (bd_export_aerc_get_type ())

G_DECLARE_FINAL_TYPE (BdExportAerc, bd_export_aerc, BD, EXPORT_AERC, BdExportTarget)

BdExportTarget *bd_export_aerc_new (void);

G_END_DECLS
