/* bd-enums.h: the small vocabularies shared by every part of the engine
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The nick of each value is its stable name in JSON and on the command line. */

typedef enum {
  BD_PROTOCOL_IMAP,
  BD_PROTOCOL_POP3,
  BD_PROTOCOL_SMTP,
} BdProtocol;

typedef enum {
  BD_SECURITY_TLS,       /* implicit TLS from the first byte (RFC 8314) */
  BD_SECURITY_STARTTLS,  /* plaintext greeting, then STARTTLS, required */
  BD_SECURITY_NONE,      /* no TLS at all: never gets a password */
} BdSecurity;

typedef enum {
  BD_TRUST_TRUSTED,
  BD_TRUST_UNVERIFIED,
} BdTrust;

typedef enum {
  BD_SOURCE_BUILTIN,
  BD_SOURCE_ISPDB,
  BD_SOURCE_AUTOCONFIG,
  BD_SOURCE_WELL_KNOWN,
  BD_SOURCE_SRV,
  BD_SOURCE_MX,
  BD_SOURCE_GUESS,
} BdSourceKind;

typedef enum {
  BD_AUTH_PASSWORD_CLEARTEXT = 1 << 0,
  BD_AUTH_PASSWORD_ENCRYPTED = 1 << 1,
  BD_AUTH_OAUTH2             = 1 << 2,
  BD_AUTH_NONE               = 1 << 3,
  BD_AUTH_CLIENT_IP_ADDRESS  = 1 << 4,
  BD_AUTH_NTLM               = 1 << 5,
  BD_AUTH_GSSAPI             = 1 << 6,
  BD_AUTH_TLS_CLIENT_CERT    = 1 << 7,
  BD_AUTH_SMTP_AFTER_POP     = 1 << 8,
} BdAuthFlags;

typedef enum {
  BD_NOTE_DOCUMENTATION,
  BD_NOTE_ENABLE,
  BD_NOTE_ENABLE_IMAP,
  BD_NOTE_ENABLE_POP,
  BD_NOTE_APP_PASSWORD,
  BD_NOTE_OAUTH2,
  BD_NOTE_OAUTH2_ONLY,
  BD_NOTE_BRIDGE,
  BD_NOTE_INSECURE_SERVER,
  BD_NOTE_UNVERIFIED_SOURCE,
  BD_NOTE_FOREIGN_SERVERS,
} BdNoteKind;

typedef enum {
  BD_SOURCE_OUTCOME_ANSWERED,
  BD_SOURCE_OUTCOME_NOT_FOUND,
  BD_SOURCE_OUTCOME_FAILED,
  BD_SOURCE_OUTCOME_SKIPPED,
} BdSourceOutcome;

#define BD_TYPE_PROTOCOL (bd_protocol_get_type ())
#define BD_TYPE_SECURITY (bd_security_get_type ())
#define BD_TYPE_TRUST (bd_trust_get_type ())
#define BD_TYPE_SOURCE_KIND (bd_source_kind_get_type ())
#define BD_TYPE_AUTH_FLAGS (bd_auth_flags_get_type ())
#define BD_TYPE_NOTE_KIND (bd_note_kind_get_type ())
#define BD_TYPE_SOURCE_OUTCOME (bd_source_outcome_get_type ())

GType bd_protocol_get_type (void) G_GNUC_CONST;
GType bd_security_get_type (void) G_GNUC_CONST;
GType bd_trust_get_type (void) G_GNUC_CONST;
GType bd_source_kind_get_type (void) G_GNUC_CONST;
GType bd_auth_flags_get_type (void) G_GNUC_CONST;
GType bd_note_kind_get_type (void) G_GNUC_CONST;
GType bd_source_outcome_get_type (void) G_GNUC_CONST;

const char  *bd_enum_get_nick      (GType        enum_type,
                                    int          value);
gboolean     bd_enum_from_nick     (GType        enum_type,
                                    const char  *nick,
                                    int         *value);
char       **bd_auth_flags_to_nicks (BdAuthFlags flags);

const char  *bd_protocol_get_label (BdProtocol   protocol);
const char  *bd_security_get_label (BdSecurity   security);
const char  *bd_source_kind_get_label (BdSourceKind kind);
const char  *bd_trust_get_label    (BdTrust      trust);

G_END_DECLS
