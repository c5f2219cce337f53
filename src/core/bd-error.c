/* bd-error.c
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "bd-enums.h"
#include "bd-error.h"

G_DEFINE_QUARK (bd-error-quark, bd_error)

G_DEFINE_ENUM_TYPE (BdErrorCode, bd_error_code,
  G_DEFINE_ENUM_VALUE (BD_ERROR_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_INVALID_ARGUMENT, "invalid-argument"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_ADDRESS_EMPTY, "address-empty"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_ADDRESS_MISSING_AT, "address-missing-at"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_ADDRESS_MULTIPLE_AT, "address-multiple-at"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_ADDRESS_EMPTY_LOCAL_PART, "address-empty-local-part"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_ADDRESS_EMPTY_DOMAIN, "address-empty-domain"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_ADDRESS_INVALID_DOMAIN, "address-invalid-domain"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_ADDRESS_CONTAINS_SPACE, "address-contains-space"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_ADDRESS_INVALID_CHARACTER, "address-invalid-character"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_ADDRESS_INVALID_LOCAL_PART, "address-invalid-local-part"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_ADDRESS_LOCAL_PART_TOO_LONG, "address-local-part-too-long"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_ADDRESS_DOMAIN_TOO_LONG, "address-domain-too-long"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_ADDRESS_TOO_LONG, "address-too-long"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_CONFIG_TOO_LARGE, "config-too-large"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_CONFIG_INVALID_ENCODING, "config-invalid-encoding"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_CONFIG_MALFORMED, "config-malformed"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_CONFIG_FORBIDDEN_DTD, "config-forbidden-dtd"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_CONFIG_NOT_AUTOCONFIG, "config-not-autoconfig"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_CONFIG_MISSING_FIELD, "config-missing-field"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_CONFIG_INVALID_VALUE, "config-invalid-value"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_PROVIDER_NOT_FOUND, "provider-not-found"),
  G_DEFINE_ENUM_VALUE (BD_ERROR_DETECTION_TIMED_OUT, "detection-timed-out"))

/**
 * bd_error_code_get_name:
 *
 * Returns: (transfer none): the stable kebab-case name of @code.
 */
const char *
bd_error_code_get_name (BdErrorCode code)
{
  const char *nick = bd_enum_get_nick (BD_TYPE_ERROR_CODE, code);

  return nick != NULL ? nick : "failed";
}

/**
 * bd_error_get_name:
 *
 * Returns: (transfer none): the stable name for any #GError: the code's name
 *   in the %BD_ERROR domain, "cancelled" for a cancelled operation, and
 *   "failed" for anything else.
 */
const char *
bd_error_get_name (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == BD_ERROR)
    return bd_error_code_get_name (error->code);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "cancelled";
  return "failed";
}

/**
 * bd_error_code_get_advice:
 *
 * Returns: (transfer none): what the person can do about @code, translated.
 */
const char *
bd_error_code_get_advice (BdErrorCode code)
{
  switch (code)
    {
    case BD_ERROR_FAILED:
      return _("Something unexpected went wrong. Try again; if it keeps happening, "
               "save the report and send it to the Brevduva developers.");
    case BD_ERROR_INVALID_ARGUMENT:
      return _("Check the command line against “brevduva-cli --help”.");
    case BD_ERROR_ADDRESS_EMPTY:
      return _("Type your full email address, for example alice@example.com.");
    case BD_ERROR_ADDRESS_MISSING_AT:
      return _("An email address has an “@” between your name and the provider’s domain, "
               "for example alice@example.com.");
    case BD_ERROR_ADDRESS_MULTIPLE_AT:
      return _("Keep only one “@”: the part after it must be the provider’s domain.");
    case BD_ERROR_ADDRESS_EMPTY_LOCAL_PART:
      return _("Add your user name before the “@”.");
    case BD_ERROR_ADDRESS_EMPTY_DOMAIN:
      return _("Add your provider’s domain after the “@”, for example example.com.");
    case BD_ERROR_ADDRESS_INVALID_DOMAIN:
      return _("Check the spelling of the part after the “@”: it must be a domain name "
               "such as example.com.");
    case BD_ERROR_ADDRESS_CONTAINS_SPACE:
      return _("Remove the spaces: an email address has none.");
    case BD_ERROR_ADDRESS_INVALID_CHARACTER:
      return _("Remove the character that cannot appear in an email address.");
    case BD_ERROR_ADDRESS_INVALID_LOCAL_PART:
      return _("Check the dots in the part before the “@”: it may not start or end with a "
               "dot, nor have two in a row.");
    case BD_ERROR_ADDRESS_LOCAL_PART_TOO_LONG:
      return _("The part before the “@” may be at most 64 bytes long (a letter outside "
               "English takes two or more); check what you pasted.");
    case BD_ERROR_ADDRESS_DOMAIN_TOO_LONG:
      return _("The domain may be at most 253 characters long, each part between dots at "
               "most 63; check what you pasted.");
    case BD_ERROR_ADDRESS_TOO_LONG:
      return _("An email address may be at most 254 characters long; check what you pasted.");
    case BD_ERROR_CONFIG_TOO_LARGE:
    case BD_ERROR_CONFIG_INVALID_ENCODING:
    case BD_ERROR_CONFIG_MALFORMED:
    case BD_ERROR_CONFIG_FORBIDDEN_DTD:
    case BD_ERROR_CONFIG_NOT_AUTOCONFIG:
    case BD_ERROR_CONFIG_MISSING_FIELD:
    case BD_ERROR_CONFIG_INVALID_VALUE:
      return _("This settings file cannot be used. Brevduva ignores it and tries the other "
               "sources; tell the provider that its autoconfig file is broken.");
    case BD_ERROR_PROVIDER_NOT_FOUND:
      return _("No settings were found for this domain. Look up your provider’s "
               "“IMAP and SMTP settings” page and enter the servers by hand.");
    case BD_ERROR_DETECTION_TIMED_OUT:
      return _("The lookup took too long. Check your network connection and try again, "
               "or enter the servers by hand.");
    default:
      g_return_val_if_reached (NULL);
    }
}
