/* bd-export-mbsync.h: the account as an isync (mbsync) channel in ~/.mbsyncrc
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-export-target.h"

G_BEGIN_DECLS

#define BD_TYPE_EXPORT_MBSYNC (bd_export_mbsync_get_type ())

G_DECLARE_FINAL_TYPE (BdExportMbsync, bd_export_mbsync, BD, EXPORT_MBSYNC, BdExportTarget)

BdExportTarget *bd_export_mbsync_new (void);

G_END_DECLS
