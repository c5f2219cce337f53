/* bd-session-page.h: a page of the assistant, bound to the session
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bd-setup-session.h"

G_BEGIN_DECLS

#define BD_TYPE_SESSION_PAGE (bd_session_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (BdSessionPage, bd_session_page, BD, SESSION_PAGE, AdwBin)

/**
 * BdSessionPageClass:
 * @bind: shows @session where the .ui's bindings cannot: binds list models
 *   and connects to its notifications, with the page as the handlers' data
 *   (they are disconnected for it)
 * @unbind: lets go of what @bind set up beyond those handlers; not called
 *   while the page is disposed, when its template is already gone
 * @get_default_widget: the button that Enter activates on this page
 */
struct _BdSessionPageClass
{
  AdwBinClass parent_class;

  void        (*bind)               (BdSessionPage  *self,
                                     BdSetupSession *session);
  void        (*unbind)             (BdSessionPage  *self,
                                     BdSetupSession *session);
  GtkWidget * (*get_default_widget) (BdSessionPage  *self);
};

BdSetupSession *bd_session_page_get_session        (BdSessionPage  *self);
void            bd_session_page_set_session        (BdSessionPage  *self,
                                                    BdSetupSession *session);
GtkWidget      *bd_session_page_get_default_widget (BdSessionPage  *self);

G_END_DECLS
