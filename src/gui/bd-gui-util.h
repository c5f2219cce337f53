/* bd-gui-util.h: small helpers shared by the assistant's widgets
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bd-server-check.h"
#include "bd-setup-session.h"
#include "bd-source-progress.h"

G_BEGIN_DECLS

void         bd_gui_hide_decorations     (GtkWidget      *root,
                                          GtkWidget      *keep);
void         bd_gui_label_editable       (GtkWidget      *row,
                                          const char     *label);
void         bd_gui_set_status_icon      (GtkImage       *image,
                                          const char     *icon_name,
                                          const char     *style_class,
                                          const char     *accessible_label);
GListModel  *bd_gui_security_model       (void);
char        *bd_gui_dup_server_subtitle  (BdServerCheck  *check);
void         bd_gui_toast                (GtkWidget      *widget,
                                          const char     *title);
void         bd_gui_copy_text            (GtkWidget      *widget,
                                          const char     *text,
                                          const char     *toast);
char        *bd_gui_dup_fingerprint_text (const char     *hex);
char        *bd_gui_dup_fingerprint_lines (const char    *hex,
                                           guint          groups_per_line);

/* Closures for the .ui files' <binding>s. */
void         bd_gui_class_bind_closures  (GtkWidgetClass *widget_class);
gboolean     bd_gui_is_set_cb            (gpointer        this_object,
                                          gpointer        value);
gboolean     bd_gui_not_cb               (gpointer        this_object,
                                          gboolean        value);
char        *bd_gui_or_empty_cb          (gpointer        this_object,
                                          const char     *text);
char        *bd_gui_spinner_or_icon_cb   (gpointer        this_object,
                                          gboolean        busy);

G_END_DECLS
