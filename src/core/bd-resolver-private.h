/* bd-resolver-private.h: the DNS answer parser, for its fuzz target
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GList *bd_resolver_parse_answer (const guchar         *answer,
                                 int                   len,
                                 const char           *rrname,
                                 GResolverRecordType   type,
                                 GError              **error);

G_END_DECLS
