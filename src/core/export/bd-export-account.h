/* bd-export-account.h: a proven account, as it is handed to a mail program
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "bd-account-config.h"
#include "bd-address.h"
#include "bd-server.h"

G_BEGIN_DECLS

#define BD_TYPE_EXPORT_ACCOUNT (bd_export_account_get_type ())

G_DECLARE_FINAL_TYPE (BdExportAccount, bd_export_account, BD, EXPORT_ACCOUNT, GObject)

BdExportAccount *bd_export_account_new                  (BdAddress       *address);
BdExportAccount *bd_export_account_new_from_config      (BdAccountConfig *config,
                                                         BdAddress       *address);
BdAddress       *bd_export_account_get_address          (BdExportAccount *self);

/* The person's name for the From line; "" when none was given. */
const char      *bd_export_account_get_name             (BdExportAccount *self);
void             bd_export_account_set_name             (BdExportAccount *self,
                                                         const char      *name);

/* The provider, from the settings (may be NULL). */
const char      *bd_export_account_get_provider_id      (BdExportAccount *self);
const char      *bd_export_account_get_provider_name    (BdExportAccount *self);
void             bd_export_account_set_provider         (BdExportAccount *self,
                                                         const char      *id,
                                                         const char      *name);

/* The chosen servers: one incoming (IMAP or POP3) and one outgoing (SMTP),
 * each either may be absent. @proven: its login succeeded in this run.
 * @pin: "sha256:HEX" when the person trusted the certificate by its
 * fingerprint, else NULL; @pinned_der: that certificate (DER), if known. */
void             bd_export_account_set_server           (BdExportAccount *self,
                                                         BdServer        *server,
                                                         gboolean         proven,
                                                         const char      *pin,
                                                         GBytes          *pinned_der);
BdServer        *bd_export_account_get_incoming         (BdExportAccount *self);
BdServer        *bd_export_account_get_outgoing         (BdExportAccount *self);
gboolean         bd_export_account_get_proven           (BdExportAccount *self,
                                                         BdServer        *server);
const char      *bd_export_account_get_pin              (BdExportAccount *self,
                                                         BdServer        *server);
GBytes          *bd_export_account_get_pinned_certificate (BdExportAccount *self,
                                                         BdServer        *server);

/* The provider lets people in only through its own web sign-in (OAuth2):
 * never hand off a password-based account for it. */
gboolean         bd_export_account_get_browser_login    (BdExportAccount *self);
void             bd_export_account_set_browser_login    (BdExportAccount *self,
                                                         gboolean         browser_login);

/* The CA file (PEM) the servers were proven against (--ca-file), or NULL
 * for the system's trust store. */
const char      *bd_export_account_get_ca_file          (BdExportAccount *self);
void             bd_export_account_set_ca_file          (BdExportAccount *self,
                                                         const char      *path);

G_END_DECLS
