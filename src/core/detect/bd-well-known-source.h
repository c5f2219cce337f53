/* bd-well-known-source.h: DOMAIN/.well-known/autoconfig/mail/config-v1.1.xml
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-http-source.h"

G_BEGIN_DECLS

#define BD_TYPE_WELL_KNOWN_SOURCE (bd_well_known_source_get_type ())

G_DECLARE_FINAL_TYPE (BdWellKnownSource, bd_well_known_source, BD, WELL_KNOWN_SOURCE, BdHttpSource)

BdSource *bd_well_known_source_new (BdHttpClient *client,
                                    gboolean      https);

G_END_DECLS
