/* bd-existing-page.h: tests the settings of an account the person already has
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bd-session-page.h"

G_BEGIN_DECLS

#define BD_TYPE_EXISTING_PAGE (bd_existing_page_get_type ())

G_DECLARE_FINAL_TYPE (BdExistingPage, bd_existing_page, BD, EXISTING_PAGE, BdSessionPage)

void            bd_existing_page_test               (BdExistingPage *self);

G_END_DECLS
