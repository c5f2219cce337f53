/* bd-export-row.h: one mail program on the last page, with its "Add to …" button and its result
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bd-export-choice.h"

G_BEGIN_DECLS

#define BD_TYPE_EXPORT_ROW (bd_export_row_get_type ())

G_DECLARE_FINAL_TYPE (BdExportRow, bd_export_row, BD, EXPORT_ROW, AdwActionRow)

GtkWidget      *bd_export_row_new        (BdExportChoice *choice);
BdExportChoice *bd_export_row_get_choice (BdExportRow    *self);
GtkWidget      *bd_export_row_get_button (BdExportRow    *self);

G_END_DECLS
