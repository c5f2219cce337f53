/* bd-ispdb-source.h: Thunderbird's ISPDB (https://autoconfig.thunderbird.net/v1.1/DOMAIN)
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-http-source.h"

G_BEGIN_DECLS

#define BD_ISPDB_DEFAULT_URL "https://autoconfig.thunderbird.net/v1.1/"

#define BD_TYPE_ISPDB_SOURCE (bd_ispdb_source_get_type ())

G_DECLARE_FINAL_TYPE (BdIspdbSource, bd_ispdb_source, BD, ISPDB_SOURCE, BdHttpSource)

BdSource *bd_ispdb_source_new         (BdHttpClient *client,
                                       const char   *base_url);
char     *bd_ispdb_source_build_url   (const char   *base_url,
                                       const char   *ascii_domain);

G_END_DECLS
