/* bd-srv-source.h: DNS SRV records (RFC 6186, RFC 8314)
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-source.h"

G_BEGIN_DECLS

#define BD_TYPE_SRV_SOURCE (bd_srv_source_get_type ())

G_DECLARE_FINAL_TYPE (BdSrvSource, bd_srv_source, BD, SRV_SOURCE, BdSource)

BdSource *bd_srv_source_new (GResolver *resolver);

G_END_DECLS
