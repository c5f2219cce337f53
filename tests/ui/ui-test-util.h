/* ui-test-util.h: helpers for driving the real window in-process (the rest is in tests/lib)
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bd-application.h"
#include "bd-entry-row.h"
#include "bd-setup-session.h"
#include "bd-test-mailserver.h"
#include "bd-window.h"

G_BEGIN_DECLS

void          ui_make_app_private   (GApplication  *app);
void          ui_wait_mapped        (GtkWidget     *widget);
GtkWidget    *ui_find_widget        (GtkWidget     *root,
                                     GType          type,
                                     guint          nth);
guint         ui_count_widgets      (GtkWidget     *root,
                                     GType          type);
gboolean      ui_is_password_row    (GtkWidget     *widget);
GtkWidget    *ui_find_password_row  (GtkWidget     *root);
GtkWidget    *ui_find_button_by_action (GtkWidget  *root,
                                     const char    *action_name);
GtkWidget    *ui_find_label         (GtkWidget     *root,
                                     const char    *text);
void          ui_open_assistant     (gboolean        offline,
                                     BdApplication **app,
                                     BdWindow      **window,
                                     BdSetupSession **session);
void          ui_close_assistant    (BdApplication **app,
                                     BdWindow      **window);
guint         ui_assert_server_rows_say (GtkWidget *page,
                                     const char    *words,
                                     guint          min_rows);
GtkWindow    *ui_find_toplevel      (GType          type);
gboolean      ui_has_toplevel       (gpointer       type);
gboolean      ui_has_no_toplevel    (gpointer       type);
void          ui_click_button       (GtkWidget     *root,
                                     const char    *label);
gboolean      ui_check_settled      (gpointer       check);
guint         ui_count_labels_with  (GtkWidget     *root,
                                     const char    *text,
                                     gboolean       mapped_only);
void          ui_assert_above       (GtkWidget     *top,
                                     GtkWidget     *below);
gboolean      ui_render_to_png      (GtkWidget     *widget,
                                     const char    *path,
                                     GError       **error);

G_END_DECLS
