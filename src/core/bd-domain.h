/* bd-domain.h: registrable domains (the public suffix list, through libpsl)
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *bd_domain_dup_registrable (const char *hostname);
gboolean  bd_domain_same_registrable (const char *a,
                                      const char *b);

G_END_DECLS
