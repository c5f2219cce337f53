/* bd-cli-domain.h: brevduva-cli domain, the domain check for mail administrators
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int bd_cli_domain (int    argc,
                   char **argv);

G_END_DECLS
