/* bd-autoconfig-source.h: the provider's own autoconfig host (autoconfig.DOMAIN)
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-http-source.h"

G_BEGIN_DECLS

#define BD_TYPE_AUTOCONFIG_SOURCE (bd_autoconfig_source_get_type ())

G_DECLARE_FINAL_TYPE (BdAutoconfigSource, bd_autoconfig_source, BD, AUTOCONFIG_SOURCE, BdHttpSource)

BdSource *bd_autoconfig_source_new (BdHttpClient *client,
                                    gboolean      https);

G_END_DECLS
