/* bd-export-text.c
 *
 * What the terminal targets (msmtp, mbsync, aerc, NeoMutt) share: each
 * writes plain-text settings, line by line, in which a shell command
 * (bd_keyring_dup_lookup_command()) fetches the password from Brevduva's
 * own keyring item, which the plan stores. So each refuses the same
 * servers (no password is handed on without encryption, nor looked up
 * without a user name), refuses a value that would end its line, and
 * plans the same keyring items. How a value is quoted differs from one
 * program to the next, and stays in each target.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-export-files-private.h"
#include "bd-export-target-private.h"
#include "bd-export-text-private.h"

static gboolean
has_control_character (const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        return TRUE;
    }
  return FALSE;
}

/**
 * bd_export_check_value:
 * @value: (nullable): a value for @program's settings; %NULL passes
 * @program: the program's name for people
 *
 * A control character (a line break above all) would end the line the
 * value is written on, and start a setting of its own: no quoting of
 * these programs can hold one.
 *
 * Returns: %FALSE with `export-not-supported` when @value holds one.
 */
gboolean
bd_export_check_value (const char  *value,
                       const char  *program,
                       GError     **error)
{
  g_autofree char *escaped = NULL;

  if (value == NULL || !has_control_character (value))
    return TRUE;

  escaped = g_strescape (value, NULL);
  /* Translators: the first %s is a value (a user name, a server, a file), the
   * second a mail program, such as aerc. */
  g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_NOT_SUPPORTED,
               _("“%s” holds a control character, which %s cannot read from its "
                 "settings."), escaped, program);
  return FALSE;
}

/**
 * bd_export_check_server:
 * @account: the account
 * @server: one of its servers, whose password @program will look up
 * @flags: the hand-off's flags
 * @program: the program's name for people
 *
 * Returns: %FALSE with `export-not-proven` (bd_export_check_proven()),
 *   `insecure-server` when @server offers no encryption (its password
 *   would cross the network in the clear), `export-not-supported` when it
 *   has no user name to look the password up by, or when its host or user
 *   name holds a control character (bd_export_check_value()).
 */
gboolean
bd_export_check_server (BdExportAccount  *account,
                        BdServer         *server,
                        BdExportFlags     flags,
                        const char       *program,
                        GError          **error)
{
  const char *host = bd_server_get_hostname (server);
  const char *user = bd_server_get_username (server);

  if (!bd_export_check_proven (account, server, flags, error))
    return FALSE;
  if (bd_server_get_security (server) == BD_SECURITY_NONE)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_INSECURE_SERVER,
                   _("%s offers no encryption, so no password is handed on for it."), host);
      return FALSE;
    }
  if (user == NULL || *user == '\0')
    {
      g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_NOT_SUPPORTED,
                   _("The server %s has no user name to sign in with."), host);
      return FALSE;
    }
  return bd_export_check_value (host, program, error) &&
         bd_export_check_value (user, program, error);
}

/**
 * bd_export_get_imap_server:
 * @account: the account
 * @program: the program's name for people
 *
 * Returns: (transfer none) (nullable): the account's incoming server, or
 *   %NULL with `export-not-supported` when it has none, or a POP3 one:
 *   @program reads mail only over IMAP.
 */
BdServer *
bd_export_get_imap_server (BdExportAccount  *account,
                           const char       *program,
                           GError          **error)
{
  BdServer *server = bd_export_account_get_incoming (account);

  if (server == NULL)
    {
      /* Translators: %s is a mail program, such as aerc. */
      g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_NOT_SUPPORTED,
                   _("The account has no incoming server, and %s needs one."), program);
      return NULL;
    }
  if (bd_server_get_protocol (server) != BD_PROTOCOL_IMAP)
    {
      /* Translators: %s is a mail program, such as aerc. */
      g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_NOT_SUPPORTED,
                   _("%s reads mail only over IMAP, and this account’s incoming server "
                     "is a POP3 server. Choose its IMAP server, if it has one."), program);
      return NULL;
    }
  return server;
}

/**
 * bd_export_check_pinned_certificate:
 * @account: the account
 * @server: one of its servers
 * @program: the program's name for people
 *
 * For a program that can trust one certificate, but not a fingerprint:
 * it needs the certificate the person trusted by its fingerprint.
 *
 * Returns: %FALSE with `export-certificate-not-expressible` when @server's
 *   certificate was trusted by its fingerprint and is not at hand.
 */
gboolean
bd_export_check_pinned_certificate (BdExportAccount  *account,
                                    BdServer         *server,
                                    const char       *program,
                                    GError          **error)
{
  if (bd_export_account_get_pin (account, server) == NULL ||
      bd_export_account_get_pinned_certificate (account, server) != NULL)
    return TRUE;

  /* Translators: the first %s is a server, the second a mail program, such
   * as NeoMutt. */
  g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_CERTIFICATE_NOT_EXPRESSIBLE,
               _("You trusted the certificate of %s by its fingerprint, but the "
                 "certificate itself is not at hand, and %s can trust only a "
                 "certificate, not a fingerprint. Test the server again, then hand "
                 "the account on."), bd_server_get_hostname (server), program);
  return FALSE;
}

/**
 * bd_export_plan_add_certificate_file:
 * @plan: the plan
 * @program: the program's name for people
 * @path: the file, Brevduva's own
 * @text: its text: the certificates, as PEM
 *
 * Adds a FILE step for the file that keeps the certificate the person
 * trusted, for @program to trust it. Only its owner may read it (0600):
 * it says which server the person trusts.
 *
 * Returns: %FALSE when the file there now cannot be read
 *   (bd_export_read_file()).
 */
gboolean
bd_export_plan_add_certificate_file (BdExportPlan  *plan,
                                     const char    *program,
                                     const char    *path,
                                     const char    *text,
                                     GError       **error)
{
  g_autofree char *old_text = NULL;
  g_autofree char *description = NULL;

  if (!bd_export_read_file (path, &old_text, error))
    return FALSE;
  /* Translators: %s is a mail program, such as NeoMutt. */
  description = g_strdup_printf (_("Keep the certificate you trusted, for %s to trust it"),
                                 program);
  bd_export_plan_add_file (plan, description, path, text, old_text, 0600);
  return TRUE;
}

/**
 * bd_export_plan_warn_no_outgoing:
 * @plan: the plan
 * @program: the program's name for people
 *
 * Warns that @program, which could send mail, will not send it from this
 * account: it has no outgoing server to hand on.
 */
void
bd_export_plan_warn_no_outgoing (BdExportPlan *plan,
                                 const char   *program)
{
  g_autofree char *warning = NULL;

  /* Translators: %s is a mail program, such as aerc. */
  warning = g_strdup_printf (_("The account has no outgoing server, so %s will not send "
                               "mail from it."), program);
  bd_export_plan_add_warning (plan, warning);
}

/**
 * bd_export_dup_from:
 * @account: the account
 *
 * Returns: (transfer full): "NAME <ADDRESS>", the name in double quotes
 *   (with \ and " escaped) when it holds one of RFC 5322's specials; the
 *   address alone when there is no name.
 */
char *
bd_export_dup_from (BdExportAccount *account)
{
  const char *name = bd_export_account_get_name (account);
  g_autofree char *address = bd_address_dup_ascii (bd_export_account_get_address (account));
  g_autoptr(GString) quoted = NULL;

  if (name == NULL || *name == '\0')
    return g_steal_pointer (&address);
  if (strpbrk (name, "()<>[]:;@\\,.\"") == NULL)
    return g_strdup_printf ("%s <%s>", name, address);

  quoted = g_string_new ("\"");
  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (quoted, '\\');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '"');
  return g_strdup_printf ("%s <%s>", quoted->str, address);
}

/**
 * bd_export_append_pem:
 * @out: where the text goes
 * @der: a certificate, DER-encoded
 *
 * Appends @der as one PEM certificate, in lines of 64 characters.
 */
void
bd_export_append_pem (GString *out,
                      GBytes  *der)
{
  gsize size = 0;
  const guchar *data = g_bytes_get_data (der, &size);
  g_autofree char *base64 = g_base64_encode (data, size);
  gsize length = strlen (base64);

  g_string_append (out, "-----BEGIN CERTIFICATE-----\n");
  for (gsize i = 0; i < length; i += 64)
    {
      g_string_append_len (out, base64 + i, MIN (64, length - i));
      g_string_append_c (out, '\n');
    }
  g_string_append (out, "-----END CERTIFICATE-----\n");
}

/**
 * bd_export_plan_add_lookup_items:
 * @plan: the plan
 * @program: the program's name for people
 * @incoming: (nullable): the incoming server
 * @outgoing: (nullable): the outgoing server
 *
 * Adds a KEYRING step for Brevduva's own item of each server: the item
 * the program's lookup command reads.
 */
void
bd_export_plan_add_lookup_items (BdExportPlan *plan,
                                 const char   *program,
                                 BdServer     *incoming,
                                 BdServer     *outgoing)
{
  g_autofree char *description = NULL;

  if (incoming != NULL)
    {
      /* Translators: %s is a mail program, such as aerc. */
      description = g_strdup_printf (_("Keep the incoming server’s password in the "
                                       "keyring, where %s looks it up"), program);
      bd_export_plan_add_own_keyring_item (plan, description, incoming);
      g_clear_pointer (&description, g_free);
    }
  if (outgoing != NULL)
    {
      /* Translators: %s is a mail program, such as aerc. */
      description = g_strdup_printf (_("Keep the outgoing server’s password in the "
                                       "keyring, where %s looks it up"), program);
      bd_export_plan_add_own_keyring_item (plan, description, outgoing);
    }
}
