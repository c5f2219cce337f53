/* ui-test-util.h: helpers for driving the real window in-process
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bd-setup-session.h"

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  char *dir;
  guint16 port;
} UiMailServer;

typedef gboolean (*UiCondition) (gpointer data);

void          ui_wait_until         (UiCondition    condition,
                                     gpointer       data,
                                     guint          timeout_ms);
void          ui_make_app_private   (GApplication  *app);
void          ui_spin               (guint          ms);
void          ui_wait_mapped        (GtkWidget     *widget);
GtkWidget    *ui_find_widget        (GtkWidget     *root,
                                     GType          type,
                                     guint          nth);
guint         ui_count_widgets      (GtkWidget     *root,
                                     GType          type);
GtkWidget    *ui_find_button_by_action (GtkWidget  *root,
                                     const char    *action_name);
GtkWidget    *ui_find_label         (GtkWidget     *root,
                                     const char    *text);
char         *ui_make_certs         (void);
UiMailServer *ui_mail_server_start  (const char    *protocol,
                                     const char    *tls,
                                     const char    *cert_dir,
                                     const char    *cert_name,
                                     const char    *user,
                                     const char    *password);
void          ui_mail_server_stop   (UiMailServer  *server);
void          ui_remove_dir         (const char    *path);
gboolean      ui_render_to_png      (GtkWidget     *widget,
                                     const char    *path,
                                     GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UiMailServer, ui_mail_server_stop)

G_END_DECLS
