/* bd-check-render.h: the assistant's servers as text: the settings to copy, and the diagnosis
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-address.h"
#include "bd-detection.h"
#include "bd-server-check.h"

G_BEGIN_DECLS

char *bd_check_render_settings (BdAddress     *address,
                                BdServerCheck *incoming,
                                BdServerCheck *outgoing);
char *bd_check_render_report   (BdDetection   *detection,
                                GListModel    *checks,
                                GListModel    *more_checks);

G_END_DECLS
