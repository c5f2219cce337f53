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
#include "bd-export-text-private.h"
#include "bd-keyring.h"

struct _BdExportAerc
{
  BdExportTarget parent_instance;
};

G_DEFINE_FINAL_TYPE (BdExportAerc, bd_export_aerc, BD_TYPE_EXPORT_TARGET)

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

/* FALSE when @server cannot be handed to aerc; a note on the plan where
 * aerc will behave differently from Brevduva's own check. */
static gboolean
check_server (BdExportPlan     *plan,
              BdExportAccount  *account,
              BdServer         *server,
              BdExportFlags     flags,
              const char       *program,
              GError          **error)
{
  const char *host = bd_server_get_hostname (server);

  if (!bd_export_check_server (account, server, flags, program, error))
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

static char *
dup_block (BdExportAccount *account,
           BdServer        *incoming,
           BdServer        *outgoing,
           const char      *name)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean implicit = bd_server_get_security (incoming) == BD_SECURITY_TLS;
  g_autofree char *source = dup_url (implicit ? "imaps" : "imap", incoming);
  g_autofree char *source_command = bd_keyring_dup_lookup_command (incoming);
  g_autofree char *from = bd_export_dup_from (account);

  g_string_append_printf (out, "[%s]\n", name);
  append_setting (out, "source", source);
  append_setting (out, "source-cred-cmd", source_command);
  if (outgoing != NULL)
    {
      gboolean starttls = bd_server_get_security (outgoing) == BD_SECURITY_STARTTLS;
      g_autofree char *url = dup_url (starttls ? "smtp" : "smtps", outgoing);
      g_autofree char *command = bd_keyring_dup_lookup_command (outgoing);

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
add_warnings (BdExportPlan    *plan,
              BdExportAccount *account,
              BdServer        *outgoing,
              const char      *program)
{
  const char *ca_file = bd_export_account_get_ca_file (account);

  if (outgoing == NULL)
    bd_export_plan_warn_no_outgoing (plan, program);
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
  g_autofree char *description = NULL;
  BdServer *incoming;
  BdServer *outgoing = bd_export_account_get_outgoing (account);
  const char *program = bd_export_target_get_name (target);

  if (!bd_export_check_password_login (account, program, error))
    return NULL;
  incoming = bd_export_get_imap_server (account, program, error);
  if (incoming == NULL ||
      !check_server (plan, account, incoming, flags, program, error) ||
      (outgoing != NULL && !check_server (plan, account, outgoing, flags, program, error)))
    return NULL;
  /* The address names the section: "]" would end it early. */
  if (!bd_export_check_value (name, program, error) ||
      !bd_export_check_value (bd_export_account_get_name (account), program, error))
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

  /* Translators: %s is a mail program, such as aerc. */
  description = g_strdup_printf (_("Add the account to %s"), program);
  bd_export_plan_add_file (plan, description, path, new_text, old_text, 0600);
  bd_export_plan_add_lookup_items (plan, program, incoming, outgoing);
  add_warnings (plan, account, outgoing, program);
  return g_steal_pointer (&plan);
}

static void
bd_export_aerc_class_init (BdExportAercClass *klass)
{
  BdExportTargetClass *target_class = BD_EXPORT_TARGET_CLASS (klass);

  target_class->id = "aerc";
  target_class->name = N_("aerc");
  target_class->executable = "aerc";
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
