/* bd-export-neomutt.h: the account as a block of settings in NeoMutt's neomuttrc
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-export-target.h"

G_BEGIN_DECLS

#define BD_TYPE_EXPORT_NEOMUTT (bd_export_neomutt_get_type ())

G_DECLARE_FINAL_TYPE (BdExportNeomutt, bd_export_neomutt, BD, EXPORT_NEOMUTT, BdExportTarget)

BdExportTarget *bd_export_neomutt_new (void);

G_END_DECLS
