/* bd-shared-resolver.h: one name lookup shared by every probe of an account
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BD_TYPE_SHARED_RESOLVER (bd_shared_resolver_get_type ())

G_DECLARE_FINAL_TYPE (BdSharedResolver, bd_shared_resolver, BD, SHARED_RESOLVER, GResolver)

BdSharedResolver *bd_shared_resolver_new      (GResolver        *inner);
void              bd_shared_resolver_prefetch (BdSharedResolver *self,
                                               const char       *hostname);
guint             bd_shared_resolver_get_lookups (BdSharedResolver *self);
void              bd_shared_resolver_stop     (BdSharedResolver *self);

G_END_DECLS
