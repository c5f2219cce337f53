/* bd-done-page.h: the last page: the password kept, the settings to take away
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bd-session-page.h"

G_BEGIN_DECLS

#define BD_TYPE_DONE_PAGE (bd_done_page_get_type ())

G_DECLARE_FINAL_TYPE (BdDonePage, bd_done_page, BD, DONE_PAGE, BdSessionPage)


G_END_DECLS
