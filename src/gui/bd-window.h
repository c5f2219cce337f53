/* bd-window.h: the assistant's window: a header bar over the pages
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bd-application.h"
#include "bd-setup-session.h"

G_BEGIN_DECLS

#define BD_TYPE_WINDOW (bd_window_get_type ())

G_DECLARE_FINAL_TYPE (BdWindow, bd_window, BD, WINDOW, AdwApplicationWindow)

BdWindow       *bd_window_new              (BdApplication *application);
BdSetupSession *bd_window_get_session      (BdWindow      *self);
GtkWidget      *bd_window_get_visible_page (BdWindow      *self);
GtkWidget      *bd_window_get_page         (BdWindow      *self,
                                            BdSetupPage    page);

G_END_DECLS
