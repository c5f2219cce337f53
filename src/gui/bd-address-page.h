/* bd-address-page.h: the first page: name, address and password
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bd-session-page.h"

G_BEGIN_DECLS

#define BD_TYPE_ADDRESS_PAGE (bd_address_page_get_type ())

G_DECLARE_FINAL_TYPE (BdAddressPage, bd_address_page, BD, ADDRESS_PAGE, BdSessionPage)

void            bd_address_page_focus_address      (BdAddressPage  *self);
void            bd_address_page_focus_first        (BdAddressPage  *self);

G_END_DECLS
