/* bd-domain-resolver.h: a GResolver with a thread pool of its own
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BD_TYPE_DOMAIN_RESOLVER (bd_domain_resolver_get_type ())

G_DECLARE_FINAL_TYPE (BdDomainResolver, bd_domain_resolver, BD, DOMAIN_RESOLVER, GResolver)

BdDomainResolver *bd_domain_resolver_new (guint max_threads);

G_END_DECLS
