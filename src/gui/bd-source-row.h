/* bd-source-row.h: one detection source's progress, as a list row
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bd-source-progress.h"

G_BEGIN_DECLS

#define BD_TYPE_SOURCE_ROW (bd_source_row_get_type ())

G_DECLARE_FINAL_TYPE (BdSourceRow, bd_source_row, BD, SOURCE_ROW, AdwActionRow)

GtkWidget        *bd_source_row_new          (BdSourceProgress *progress);
BdSourceProgress *bd_source_row_get_progress (BdSourceRow      *self);

G_END_DECLS
