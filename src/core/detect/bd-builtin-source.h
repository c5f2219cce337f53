/* bd-builtin-source.h: the built-in provider database as a detection source
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-provider-db.h"
#include "bd-source.h"

G_BEGIN_DECLS

#define BD_TYPE_BUILTIN_SOURCE (bd_builtin_source_get_type ())

G_DECLARE_FINAL_TYPE (BdBuiltinSource, bd_builtin_source, BD, BUILTIN_SOURCE, BdSource)

BdSource *bd_builtin_source_new (BdProviderDb *db);

G_END_DECLS
