/* bd-trust-dialog.h: the question whether to accept one certificate by its fingerprint
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "bd-server-check.h"
#include "bd-setup-session.h"

G_BEGIN_DECLS

#define BD_TYPE_TRUST_DIALOG (bd_trust_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BdTrustDialog, bd_trust_dialog, BD, TRUST_DIALOG, AdwMessageDialog)

GtkWidget     *bd_trust_dialog_new             (GtkWindow      *parent,
                                                BdSetupSession *session,
                                                BdServerCheck  *check);
BdServerCheck *bd_trust_dialog_get_check       (BdTrustDialog  *self);
const char    *bd_trust_dialog_get_fingerprint (BdTrustDialog  *self);

G_END_DECLS
