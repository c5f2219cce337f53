/* bd-export-aerc.c
 *
 * aerc 0.14 (Debian 12) reads its accounts from
 * $XDG_CONFIG_HOME/aerc/accounts.conf, an ini file with one [section] per
 * account, and refuses to start when that file may be read by anyone but
 * its owner (aerc-config(5), unsafe-accounts-conf): it is written 0600.
 * aerc.conf need not exist: aerc installs its defaults when it is missing.
 *
 * Brevduva adds one block, marked with the address (bd_export_merge_block(),
 * whose "#" markers aerc's ini parser takes for comments), holding the
 * section [ADDRESS]: source and outgoing URLs, source-cred-cmd and
 * outgoing-cred-cmd (a `secret-tool lookup` of Brevduva's own keyring
 * items, which aerc runs with sh -c: no password is in the file), from
 * and default. docs/export.md, "aerc", lists every key and why.
 *
 * aerc has no POP3 source, so a POP3 account is refused.
 *
 * Certificates: aerc (Go's crypto/tls) checks servers against the system's
 * trust store only, or the file named by the SSL_CERT_FILE environment
 * variable; accounts.conf has no key for a CA file, for one trusted
 * certificate or even for accepting any. So a certificate trusted by its
 * fingerprint is refused (export-certificate-not-expressible) unless the
 * person allows it, and then the plan says that aerc will refuse that
 * server until its certificate is trusted by the system; a CA file gets a
 * note on SSL_CERT_FILE.
 *
 * Quoting: aerc's ini parser (go-ini) cuts a value at the first # or ;
 * (an inline comment), but takes a value wrapped in backquotes as it is,
 * up to the last backquote. So a value with such characters is wrapped.
 * The cred commands are shell commands: the host and user in them are
 * shell-quoted. Control characters are refused.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-export-aerc.h"
#include "bd-export-files-private.h"
#include "bd-export-target-private.h"

struct _BdExportAerc
{
  BdExportTarget parent_instance;
};

G_DEFINE_FINAL_TYPE (BdExportAerc, bd_export_aerc, BD_TYPE_EXPORT_TARGET)

static gboolean
bd_export_aerc_is_available (BdExportTarget *target)
{
  g_autofree char *path = g_find_program_in_path ("aerc");

  return path != NULL;
}

/* FALSE with invalid-argument when @value holds a control character,
 * which would end the line it is written on. */
static gboolean
check_value (const char  *value,
             GError     **error)
{
  for (const char *p = value; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        {
          g_autofree char *escaped = g_strescape (value, NULL);

          g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_NOT_SUPPORTED,
                       _("“%s” holds a control character, which aerc cannot read from "
                         "its settings."), escaped);
          return FALSE;
        }
    }
  return TRUE;
}

/* "key = value\n", the value wrapped in backquotes when go-ini would
 * otherwise cut it (# or ;), strip its quotes or join the next line. */
static void
append_setting (GString    *out,
                const char *key,
                const char *value)
{
  gsize length = strlen (value);
  gboolean wrap = strpbrk (value, "#;`") != NULL ||
                  (length > 0 && (strchr ("\"' \t", value[0]) != NULL ||
                                  strchr ("\"' \t\\", value[length - 1]) != NULL));

  g_string_append_printf (out, "%s = %s%s%s\n", key, wrap ? "`" : "", value, wrap ? "`" : "");
}

/* The shell command that prints the password of Brevduva's keyring item
 * for @server (bd-keyring.c's attributes). */
static char *
dup_lookup_command (BdServer *server)
{
  g_autofree char *host = g_shell_quote (bd_server_get_hostname (server));
  g_autofree char *user = g_shell_quote (bd_server_get_username (server));
  const char *protocol = bd_server_get_protocol (server) == BD_PROTOCOL_SMTP ? "smtp" : "imap";

  return g_strdup_printf ("secret-tool lookup protocol %s server %s user %s port %u",
                          protocol, host, user, bd_server_get_port (server));
}

/* SCHEME://USER@HOST:PORT, the user URL-encoded. */
static char *
dup_url (const char *scheme,
         BdServer   *server)
{
  g_autofree char *user = g_uri_escape_string (bd_server_get_username (server), NULL, FALSE);
  const char *host = bd_server_get_hostname (server);
  gboolean ipv6 = strchr (host, ':') != NULL;

  return g_strdup_printf ("%s://%s@%s%s%s:%u", scheme, user, ipv6 ? "[" : "", host,
                          ipv6 ? "]" : "", bd_server_get_port (server));
}

/* NAME <ADDRESS>, the name in double quotes when it holds more than
 * letters, digits and spaces (RFC 5322's specials). */
static char *
dup_from (BdExportAccount *account)
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

/* FALSE when @server cannot be handed to aerc; a note on the plan where
 * aerc will behave differently from Brevduva's own check. */
static gboolean
check_server (BdExportPlan     *plan,
              BdExportAccount  *account,
              BdServer         *server,
              BdExportFlags     flags,
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
  if (!check_value (host, error) || !check_value (user, error))
    return FALSE;

  if (bd_export_account_get_pin (account, server) != NULL)
    {
      g_autofree char *warning = NULL;

      if ((flags & BD_EXPORT_ALLOW_ANY_CERTIFICATE) == 0)
        {
          g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_CERTIFICATE_NOT_EXPRESSIBLE,
                       _("You trusted the certificate of %s by its fingerprint, and aerc "
                         "cannot be told to trust one certificate."), host);
          return FALSE;
        }
      warning = g_strdup_printf (_("aerc cannot trust the certificate you trusted for %s, "
                                   "nor accept any certificate: it checks the server "
                                   "against the system’s trusted certificates, and will "
                                   "not connect to %s until its certificate is trusted "
                                   "there."), host, host);
      bd_export_plan_add_warning (plan, warning);
    }
  return TRUE;
}

/* The incoming server, if aerc can read mail from it. */
static BdServer *
get_imap_server (BdExportAccount  *account,
                 GError          **error)
{
  BdServer *server = bd_export_account_get_incoming (account);

  if (server != NULL && bd_server_get_protocol (server) == BD_PROTOCOL_IMAP)
    return server;

  g_set_error_literal (error, BD_ERROR, BD_ERROR_EXPORT_NOT_SUPPORTED,
                       server == NULL
                         ? _("The account has no incoming server, and aerc needs one.")
                         : _("aerc reads mail only over IMAP, and this account’s incoming "
                             "server is a POP3 server. Choose its IMAP server, if it has "
                             "one."));
  return NULL;
}

static char *
dup_block (BdExportAccount *account,
           BdServer        *incoming,
           BdServer        *outgoing,
           const char      *name)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean implicit = bd_server_get_security (incoming) == BD_SECURITY_TLS;
  g_autofree char *source = dup_url (implicit ? "imaps" : "imap", incoming);
  g_autofree char *source_command = dup_lookup_command (incoming);
  g_autofree char *from = dup_from (account);

  g_string_append_printf (out, "[%s]\n", name);
  append_setting (out, "source", source);
  append_setting (out, "source-cred-cmd", source_command);
  if (outgoing != NULL)
    {
      gboolean starttls = bd_server_get_security (outgoing) == BD_SECURITY_STARTTLS;
      g_autofree char *url = dup_url (starttls ? "smtp" : "smtps", outgoing);
      g_autofree char *command = dup_lookup_command (outgoing);

      append_setting (out, "outgoing", url);
      append_setting (out, "outgoing-cred-cmd", command);
      if (starttls)
        append_setting (out, "smtp-starttls", "yes");
    }
  append_setting (out, "from", from);
  append_setting (out, "default", "INBOX");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
add_keyring_steps (BdExportPlan *plan,
                   BdServer     *incoming,
                   BdServer     *outgoing)
{
  bd_export_plan_add_own_keyring_item (plan,
                                       _("Keep the incoming server’s password in the "
                                         "keyring, where aerc looks it up"),
                                       incoming);
  if (outgoing != NULL)
    bd_export_plan_add_own_keyring_item (plan,
                                         _("Keep the outgoing server’s password in the "
                                           "keyring, where aerc looks it up"),
                                         outgoing);
}

static void
add_warnings (BdExportPlan    *plan,
              BdExportAccount *account,
              BdServer        *outgoing)
{
  const char *ca_file = bd_export_account_get_ca_file (account);

  if (outgoing == NULL)
    bd_export_plan_add_warning (plan, _("The account has no outgoing server, so aerc will "
                                        "not send mail from it."));
  if (ca_file != NULL)
    {
      g_autofree char *warning = NULL;

      /* Translators: SSL_CERT_FILE is an environment variable; keep it. */
      warning = g_strdup_printf (_("aerc trusts the certificates in %s only when it is "
                                   "started with SSL_CERT_FILE=%s in its environment; "
                                   "otherwise it trusts the system’s certificates "
                                   "alone."), ca_file, ca_file);
      bd_export_plan_add_warning (plan, warning);
    }
}

static BdExportPlan *
bd_export_aerc_plan (BdExportTarget   *target,
                     BdExportAccount  *account,
                     BdExportFlags     flags,
                     GCancellable     *cancellable,
                     GError          **error)
{
  g_autofree char *name = bd_address_dup_ascii (bd_export_account_get_address (account));
  g_autoptr(BdExportPlan) plan = bd_export_plan_new ("aerc");
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "aerc",
                                            "accounts.conf", NULL);
  g_autofree char *old_text = NULL;
  g_autofree char *block = NULL;
  g_autofree char *new_text = NULL;
  BdServer *incoming;
  BdServer *outgoing = bd_export_account_get_outgoing (account);

  if (!bd_export_check_password_login (account, "aerc", error))
    return NULL;
  incoming = get_imap_server (account, error);
  if (incoming == NULL ||
      !check_server (plan, account, incoming, flags, error) ||
      (outgoing != NULL && !check_server (plan, account, outgoing, flags, error)))
    return NULL;
  /* The address names the section: "]" would end it early. */
  if (!check_value (name, error) || !check_value (bd_export_account_get_name (account), error))
    return NULL;
  if (strchr (name, ']') != NULL)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_NOT_SUPPORTED,
                   _("aerc cannot name an account “%s”."), name);
      return NULL;
    }

  if (!bd_export_read_file (path, &old_text, error))
    return NULL;
  block = dup_block (account, incoming, outgoing, name);
  new_text = bd_export_merge_block (old_text, "#", name, block, error);
  if (new_text == NULL)
    return NULL;

  bd_export_plan_add_file (plan, _("Add the account to aerc"), path, new_text, old_text, 0600);
  add_keyring_steps (plan, incoming, outgoing);
  add_warnings (plan, account, outgoing);
  return g_steal_pointer (&plan);
}

static void
bd_export_aerc_class_init (BdExportAercClass *klass)
{
  BdExportTargetClass *target_class = BD_EXPORT_TARGET_CLASS (klass);

  target_class->id = "aerc";
  target_class->name = N_("aerc");
  target_class->is_available = bd_export_aerc_is_available;
  target_class->plan = bd_export_aerc_plan;
}

static void
bd_export_aerc_init (BdExportAerc *self)
{
}

BdExportTarget *
bd_export_aerc_new (void)
{
  return g_object_new (BD_TYPE_EXPORT_AERC, NULL);
}
