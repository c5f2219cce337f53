/* bd-detection-page.h: the second page: every source's progress while the settings are found
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bd-session-page.h"

G_BEGIN_DECLS

#define BD_TYPE_DETECTION_PAGE (bd_detection_page_get_type ())

G_DECLARE_FINAL_TYPE (BdDetectionPage, bd_detection_page, BD, DETECTION_PAGE, BdSessionPage)


G_END_DECLS
