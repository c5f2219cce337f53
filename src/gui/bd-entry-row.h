/* bd-entry-row.h: a text field in a list row that a screen reader can follow
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BD_TYPE_ENTRY_ROW (bd_entry_row_get_type ())

G_DECLARE_FINAL_TYPE (BdEntryRow, bd_entry_row, BD, ENTRY_ROW, AdwActionRow)

GtkWidget *bd_entry_row_new            (gboolean    password);
GtkWidget *bd_entry_row_get_text_widget (BdEntryRow *self);
void       bd_entry_row_set_label      (BdEntryRow *self,
                                        const char *label);

G_END_DECLS
