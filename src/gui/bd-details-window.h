/* bd-details-window.h: everything one server test found, for the curious and for support
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bd-probe-report.h"
#include "bd-setup-session.h"

G_BEGIN_DECLS

#define BD_TYPE_DETAILS_WINDOW (bd_details_window_get_type ())

G_DECLARE_FINAL_TYPE (BdDetailsWindow, bd_details_window, BD, DETAILS_WINDOW, AdwWindow)

GtkWidget *bd_details_window_new         (BdProbeReport   *report);
void       bd_details_window_offer_trust (BdDetailsWindow *self,
                                          BdSetupSession  *session,
                                          BdServerCheck   *check);

G_END_DECLS
