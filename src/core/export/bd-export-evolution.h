/* bd-export-evolution.h: the account as Evolution's own sources
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-export-target.h"

G_BEGIN_DECLS

#define BD_TYPE_EXPORT_EVOLUTION (bd_export_evolution_get_type ())

G_DECLARE_FINAL_TYPE (BdExportEvolution, bd_export_evolution, BD, EXPORT_EVOLUTION, BdExportTarget)

BdExportTarget *bd_export_evolution_new (void);

G_END_DECLS
