/* bd-address.h: an email address, validated, with its domain in ASCII form
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BD_TYPE_ADDRESS (bd_address_get_type ())

G_DECLARE_FINAL_TYPE (BdAddress, bd_address, BD, ADDRESS, GObject)

BdAddress  *bd_address_parse            (const char  *text,
                                         GError     **error);
const char *bd_address_get_display      (BdAddress   *self);
const char *bd_address_get_local_part   (BdAddress   *self);
const char *bd_address_get_domain       (BdAddress   *self);
const char *bd_address_get_ascii_domain (BdAddress   *self);
char       *bd_address_dup_ascii        (BdAddress   *self);
char       *bd_address_expand           (BdAddress   *self,
                                         const char  *template_str);
gboolean    bd_address_domain_is_idn    (BdAddress   *self);

G_END_DECLS
