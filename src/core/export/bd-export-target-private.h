/* bd-export-target-private.h: the refusals every password-based target makes
 *
 * A target's plan() calls these first, so that each rule of issue 12 §4
 * is written once (docs/export.md, "The rules").
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-export-target.h"

G_BEGIN_DECLS

/* export-browser-login-required when the provider takes only its own web
 * sign-in; @program is the target's name for people. */
gboolean bd_export_check_password_login (BdExportAccount  *account,
                                         const char       *program,
                                         GError          **error);

/* export-not-proven when @server (nullable: passes) was not proven in this
 * run, unless @flags has BD_EXPORT_ALLOW_UNPROVEN. */
gboolean bd_export_check_proven         (BdExportAccount  *account,
                                         BdServer         *server,
                                         BdExportFlags     flags,
                                         GError          **error);

G_END_DECLS
