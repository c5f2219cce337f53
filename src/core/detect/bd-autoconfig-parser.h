/* bd-autoconfig-parser.h: Mozilla clientConfig v1.1 documents (the ISPDB format)
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-account-config.h"

G_BEGIN_DECLS

/* Security rule 6 of DESIGN.md: no settings document is read past this size. */
#define BD_AUTOCONFIG_MAX_SIZE (1024 * 1024)

/* Namespace of Brevduva's own <requirement> element in data/providers/. */
#define BD_PROVIDER_NS "https://brevduva.github.io/ns/provider/1"

BdAccountConfig *bd_autoconfig_parse (GBytes  *document,
                                      GError **error);

G_END_DECLS
