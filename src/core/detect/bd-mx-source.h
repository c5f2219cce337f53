/* bd-mx-source.h: the domain's mail exchanger, mapped to the provider that runs it
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-http-client.h"
#include "bd-provider-db.h"
#include "bd-source.h"

G_BEGIN_DECLS

#define BD_TYPE_MX_SOURCE (bd_mx_source_get_type ())

G_DECLARE_FINAL_TYPE (BdMxSource, bd_mx_source, BD, MX_SOURCE, BdSource)

BdSource *bd_mx_source_new (GResolver    *resolver,
                            BdProviderDb *db,
                            BdHttpClient *client,
                            const char   *ispdb_url);

G_END_DECLS
