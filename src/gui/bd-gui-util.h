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

void         bd_gui_label_editable       (GtkWidget      *row,
                                          const char     *label);
void         bd_gui_set_status_icon      (GtkImage       *image,
                                          const char     *icon_name,
                                          const char     *style_class,
                                          const char     *accessible_label);
void         bd_gui_show_check_state     (GtkStack       *stack,
                                          GtkImage       *image,
                                          BdCheckState    state);
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
GtkWidget   *bd_gui_confirm_trust_certificate (GtkWindow      *parent,
                                               BdSetupSession *session,
                                               BdServerCheck  *check);

G_END_DECLS
