/* bd-account-config.h: what a source knows of an account's servers, and where it came from
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "bd-address.h"
#include "bd-enums.h"
#include "bd-note.h"
#include "bd-server.h"

G_BEGIN_DECLS

#define BD_TYPE_ACCOUNT_CONFIG (bd_account_config_get_type ())

G_DECLARE_FINAL_TYPE (BdAccountConfig, bd_account_config, BD, ACCOUNT_CONFIG, GObject)

BdAccountConfig *bd_account_config_new              (void);
const char      *bd_account_config_get_provider_id  (BdAccountConfig *self);
void             bd_account_config_set_provider_id  (BdAccountConfig *self,
                                                     const char      *provider_id);
const char      *bd_account_config_get_display_name (BdAccountConfig *self);
void             bd_account_config_set_display_name (BdAccountConfig *self,
                                                     const char      *display_name);
const char      *bd_account_config_get_short_name   (BdAccountConfig *self);
void             bd_account_config_set_short_name   (BdAccountConfig *self,
                                                     const char      *short_name);
void             bd_account_config_add_domain       (BdAccountConfig *self,
                                                     const char      *domain);
GPtrArray       *bd_account_config_get_domains      (BdAccountConfig *self);
void             bd_account_config_add_server       (BdAccountConfig *self,
                                                     BdServer        *server);
GPtrArray       *bd_account_config_get_incoming     (BdAccountConfig *self);
GPtrArray       *bd_account_config_get_outgoing     (BdAccountConfig *self);
void             bd_account_config_add_note         (BdAccountConfig *self,
                                                     BdNote          *note);
GPtrArray       *bd_account_config_get_notes        (BdAccountConfig *self);
const BdNote    *bd_account_config_find_note        (BdAccountConfig *self,
                                                     BdNoteKind       kind);
void             bd_account_config_set_provenance   (BdAccountConfig *self,
                                                     BdSourceKind     source,
                                                     const char      *url,
                                                     BdTrust          trust);
BdSourceKind     bd_account_config_get_source       (BdAccountConfig *self);
const char      *bd_account_config_get_source_url   (BdAccountConfig *self);
BdTrust          bd_account_config_get_trust        (BdAccountConfig *self);
BdAccountConfig *bd_account_config_expand           (BdAccountConfig *self,
                                                     BdAddress       *address);
char           **bd_account_config_dup_foreign_domains (BdAccountConfig *self,
                                                       BdAddress       *address);

/* Why a password may not go to these settings' servers without the person's
 * approval (security rule 4), most telling first. */
typedef enum {
  BD_APPROVAL_NOT_NEEDED,
  BD_APPROVAL_UNVERIFIED_SOURCE,   /* http://, SRV, MX or a guess */
  BD_APPROVAL_FOREIGN_DOMAINS,     /* servers outside the address's domain */
} BdApproval;

BdApproval       bd_account_config_needs_approval       (BdAccountConfig *self,
                                                         BdAddress       *address);

G_END_DECLS
