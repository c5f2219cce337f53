/* bd-export-msmtp.h: msmtp, the SMTP client of terminal mail setups
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-export-target.h"

G_BEGIN_DECLS

#define BD_TYPE_EXPORT_MSMTP (bd_export_msmtp_get_type ())

G_DECLARE_FINAL_TYPE (BdExportMsmtp, bd_export_msmtp, BD, EXPORT_MSMTP, BdExportTarget)

BdExportTarget *bd_export_msmtp_new (void);

G_END_DECLS
