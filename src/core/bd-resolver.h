/* bd-resolver.h: a GResolver with a thread pool of its own
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BD_TYPE_RESOLVER (bd_resolver_get_type ())

G_DECLARE_FINAL_TYPE (BdResolver, bd_resolver, BD, RESOLVER, GResolver)

BdResolver *bd_resolver_new     (guint max_threads);
void        bd_resolver_install (guint max_threads);

/* A detection asks ~18 questions at once, and its probes a few more. */
#define BD_RESOLVER_DEFAULT_THREADS 32

G_END_DECLS
