/* bd-enums.c
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-enums.h"

G_DEFINE_ENUM_TYPE (BdProtocol, bd_protocol,
  G_DEFINE_ENUM_VALUE (BD_PROTOCOL_IMAP, "imap"),
  G_DEFINE_ENUM_VALUE (BD_PROTOCOL_POP3, "pop3"),
  G_DEFINE_ENUM_VALUE (BD_PROTOCOL_SMTP, "smtp"))

G_DEFINE_ENUM_TYPE (BdSecurity, bd_security,
  G_DEFINE_ENUM_VALUE (BD_SECURITY_TLS, "tls"),
  G_DEFINE_ENUM_VALUE (BD_SECURITY_STARTTLS, "starttls"),
  G_DEFINE_ENUM_VALUE (BD_SECURITY_NONE, "none"))

G_DEFINE_ENUM_TYPE (BdTrust, bd_trust,
  G_DEFINE_ENUM_VALUE (BD_TRUST_TRUSTED, "trusted"),
  G_DEFINE_ENUM_VALUE (BD_TRUST_UNVERIFIED, "unverified"))

G_DEFINE_ENUM_TYPE (BdSourceKind, bd_source_kind,
  G_DEFINE_ENUM_VALUE (BD_SOURCE_BUILTIN, "builtin"),
  G_DEFINE_ENUM_VALUE (BD_SOURCE_ISPDB, "ispdb"),
  G_DEFINE_ENUM_VALUE (BD_SOURCE_AUTOCONFIG, "autoconfig"),
  G_DEFINE_ENUM_VALUE (BD_SOURCE_WELL_KNOWN, "well-known"),
  G_DEFINE_ENUM_VALUE (BD_SOURCE_SRV, "srv"),
  G_DEFINE_ENUM_VALUE (BD_SOURCE_MX, "mx"),
  G_DEFINE_ENUM_VALUE (BD_SOURCE_GUESS, "guess"))

G_DEFINE_FLAGS_TYPE (BdAuthFlags, bd_auth_flags,
  G_DEFINE_ENUM_VALUE (BD_AUTH_PASSWORD_CLEARTEXT, "password-cleartext"),
  G_DEFINE_ENUM_VALUE (BD_AUTH_PASSWORD_ENCRYPTED, "password-encrypted"),
  G_DEFINE_ENUM_VALUE (BD_AUTH_OAUTH2, "oauth2"),
  G_DEFINE_ENUM_VALUE (BD_AUTH_NONE, "none"),
  G_DEFINE_ENUM_VALUE (BD_AUTH_CLIENT_IP_ADDRESS, "client-ip-address"),
  G_DEFINE_ENUM_VALUE (BD_AUTH_NTLM, "ntlm"),
  G_DEFINE_ENUM_VALUE (BD_AUTH_GSSAPI, "gssapi"),
  G_DEFINE_ENUM_VALUE (BD_AUTH_TLS_CLIENT_CERT, "tls-client-cert"),
  G_DEFINE_ENUM_VALUE (BD_AUTH_SMTP_AFTER_POP, "smtp-after-pop"))

G_DEFINE_ENUM_TYPE (BdNoteKind, bd_note_kind,
  G_DEFINE_ENUM_VALUE (BD_NOTE_DOCUMENTATION, "documentation"),
  G_DEFINE_ENUM_VALUE (BD_NOTE_ENABLE, "enable"),
  G_DEFINE_ENUM_VALUE (BD_NOTE_ENABLE_IMAP, "enable-imap"),
  G_DEFINE_ENUM_VALUE (BD_NOTE_ENABLE_POP, "enable-pop"),
  G_DEFINE_ENUM_VALUE (BD_NOTE_APP_PASSWORD, "app-password"),
  G_DEFINE_ENUM_VALUE (BD_NOTE_OAUTH2, "oauth2"),
  G_DEFINE_ENUM_VALUE (BD_NOTE_OAUTH2_ONLY, "oauth2-only"),
  G_DEFINE_ENUM_VALUE (BD_NOTE_BRIDGE, "bridge"),
  G_DEFINE_ENUM_VALUE (BD_NOTE_INSECURE_SERVER, "insecure-server"),
  G_DEFINE_ENUM_VALUE (BD_NOTE_UNVERIFIED_SOURCE, "unverified-source"),
  G_DEFINE_ENUM_VALUE (BD_NOTE_FOREIGN_SERVERS, "foreign-servers"))

G_DEFINE_ENUM_TYPE (BdSourceOutcome, bd_source_outcome,
  G_DEFINE_ENUM_VALUE (BD_SOURCE_OUTCOME_ANSWERED, "answered"),
  G_DEFINE_ENUM_VALUE (BD_SOURCE_OUTCOME_NOT_FOUND, "not-found"),
  G_DEFINE_ENUM_VALUE (BD_SOURCE_OUTCOME_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (BD_SOURCE_OUTCOME_SKIPPED, "skipped"))

/**
 * bd_enum_get_nick:
 *
 * Returns: (transfer none): the stable name of @value, or %NULL when
 *   @value is not a member of @enum_type.
 */
const char *
bd_enum_get_nick (GType enum_type,
                  int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (enum_type);
  GEnumValue *ev = g_enum_get_value (klass, value);

  return ev != NULL ? ev->value_nick : NULL;
}

gboolean
bd_enum_from_nick (GType       enum_type,
                   const char *nick,
                   int        *value)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *ev;

  g_return_val_if_fail (value != NULL, FALSE);

  if (nick == NULL)
    return FALSE;

  klass = g_type_class_ref (enum_type);
  ev = g_enum_get_value_by_nick (klass, nick);
  if (ev == NULL)
    return FALSE;

  *value = ev->value;
  return TRUE;
}

/**
 * bd_auth_flags_to_nicks:
 *
 * Returns: (transfer full): the stable names of the set flags, in the order
 *   of the enumeration.
 */
char **
bd_auth_flags_to_nicks (BdAuthFlags flags)
{
  g_autoptr(GFlagsClass) klass = g_type_class_ref (BD_TYPE_AUTH_FLAGS);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < klass->n_values; i++)
    {
      if (flags & klass->values[i].value)
        g_strv_builder_add (builder, klass->values[i].value_nick);
    }

  return g_strv_builder_end (builder);
}

const char *
bd_protocol_get_label (BdProtocol protocol)
{
  switch (protocol)
    {
    case BD_PROTOCOL_IMAP: return "IMAP";
    case BD_PROTOCOL_POP3: return "POP3";
    case BD_PROTOCOL_SMTP: return "SMTP";
    default: g_return_val_if_reached (NULL);
    }
}

const char *
bd_security_get_label (BdSecurity security)
{
  switch (security)
    {
    case BD_SECURITY_TLS: return "TLS";
    case BD_SECURITY_STARTTLS: return "STARTTLS";
    /* TRANSLATORS: the connection has no encryption at all */
    case BD_SECURITY_NONE: return C_("security", "none");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
bd_source_kind_get_label (BdSourceKind kind)
{
  switch (kind)
    {
    case BD_SOURCE_BUILTIN: return _("the built-in database");
    case BD_SOURCE_ISPDB: return _("Thunderbird’s ISPDB");
    case BD_SOURCE_AUTOCONFIG: return _("the provider’s autoconfig server");
    case BD_SOURCE_WELL_KNOWN: return _("the domain’s /.well-known/ autoconfig file");
    case BD_SOURCE_SRV: return _("DNS SRV records");
    case BD_SOURCE_MX: return _("the domain’s mail exchanger (MX)");
    case BD_SOURCE_GUESS: return _("guessing common server names");
    default: g_return_val_if_reached (NULL);
    }
}

const char *
bd_trust_get_label (BdTrust trust)
{
  switch (trust)
    {
    case BD_TRUST_TRUSTED: return _("trusted");
    case BD_TRUST_UNVERIFIED: return _("unverified");
    default: g_return_val_if_reached (NULL);
    }
}
