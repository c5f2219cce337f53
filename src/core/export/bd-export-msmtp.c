/* bd-export-msmtp.c
 *
 * msmtp sends mail for terminal mail programs (neomutt, aerc …). Its
 * account is a block in the one user file msmtp 1.8 reads: ~/.msmtprc when
 * that exists, else $XDG_CONFIG_HOME/msmtp/config (msmtp(1), FILES; it
 * never reads the second when the first exists). The account is named
 * after the address, so `msmtp -a ADDRESS` picks it.
 *
 * The password is not in the file: `passwordeval` runs `secret-tool lookup`
 * for Brevduva's own keyring item of the SMTP login (bd-keyring.c), which
 * the plan stores. msmtp runs that command through the shell, so the host
 * and user name in it are shell-quoted; and every value is quoted the way
 * msmtp reads quotes (the first and last double quote of an argument are
 * taken away, nothing inside is special), so no value can add a command.
 * A value with a line break cannot be written at all, and is refused.
 *
 * Trust: a certificate the person trusted by its fingerprint becomes
 * `tls_fingerprint` (msmtp then accepts that one certificate and no other);
 * else `tls_trust_file` is the CA file the server was proven against, or
 * msmtp's `system`. docs/export.md, "msmtp", lists every key and why.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-export-files-private.h"
#include "bd-export-msmtp.h"
#include "bd-export-target-private.h"
#include "bd-export-text-private.h"
#include "bd-keyring.h"
#include "bd-tls-certificate.h"

#define MSMTP_MODE 0600

struct _BdExportMsmtp
{
  BdExportTarget parent_instance;
};

G_DEFINE_FINAL_TYPE (BdExportMsmtp, bd_export_msmtp, BD_TYPE_EXPORT_TARGET)

/* Where msmtp looks for the user's file. */
static char *
config_path (void)
{
  g_autofree char *msmtprc = g_build_filename (g_get_home_dir (), ".msmtprc", NULL);

  if (g_file_test (msmtprc, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&msmtprc);
  return g_build_filename (g_get_user_config_dir (), "msmtp", "config", NULL);
}

/* @value as one msmtp argument: in double quotes, of which msmtp takes
 * away the first and the last only. */
static gboolean
quote (GString     *out,
       const char  *key,
       const char  *value,
       GError     **error)
{
  if (!bd_export_check_value (value, "msmtp", error))
    return FALSE;
  g_string_append_printf (out, "%s \"%s\"\n", key, value);
  return TRUE;
}

/* "sha256:HEX" as msmtp writes a fingerprint: "AB:CD:…". */
static char *
dup_fingerprint (const char  *pin,
                 GError     **error)
{
  g_autofree char *hex = bd_tls_pin_parse (pin, error);
  GString *out;

  if (hex == NULL)
    return NULL;
  out = g_string_new (NULL);
  for (gsize i = 0; hex[i] != '\0'; i += 2)
    g_string_append_printf (out, "%s%c%c", i > 0 ? ":" : "",
                            g_ascii_toupper (hex[i]), g_ascii_toupper (hex[i + 1]));
  return g_string_free (out, FALSE);
}

/* The command msmtp runs for the password: Brevduva's keyring item. */
static char *
dup_password_command (BdServer *server)
{
  g_autofree char *lookup = bd_keyring_dup_lookup_command (server);

  /* msmtp(1): the command must not read the message from standard input. */
  return g_strconcat (lookup, " </dev/null", NULL);
}

static gboolean
append_trust (GString          *out,
              BdExportAccount  *account,
              BdServer         *server,
              GError          **error)
{
  const char *pin = bd_export_account_get_pin (account, server);
  const char *ca_file = bd_export_account_get_ca_file (account);
  g_autofree char *fingerprint = NULL;
  g_autofree char *ca_path = NULL;

  if (pin != NULL)
    {
      fingerprint = dup_fingerprint (pin, error);
      return fingerprint != NULL && quote (out, "tls_fingerprint", fingerprint, error);
    }
  if (ca_file == NULL)
    return quote (out, "tls_trust_file", "system", error);
  ca_path = g_canonicalize_filename (ca_file, NULL);
  return quote (out, "tls_trust_file", ca_path, error);
}

/* The account's lines, between Brevduva's markers. */
static char *
dup_block (BdExportAccount  *account,
           const char       *address,
           BdServer         *server,
           GError          **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *command = dup_password_command (server);
  g_autofree char *port = g_strdup_printf ("%u", bd_server_get_port (server));
  gboolean starttls = bd_server_get_security (server) == BD_SECURITY_STARTTLS;

  g_string_append (out, "# Written by Brevduva; the password comes from the keyring.\n");
  if (!quote (out, "account", address, error) ||
      !quote (out, "host", bd_server_get_hostname (server), error) ||
      !quote (out, "port", port, error) ||
      !quote (out, "tls", "on", error) ||
      !quote (out, "tls_starttls", starttls ? "on" : "off", error) ||
      !append_trust (out, account, server, error) ||
      !quote (out, "auth", "on", error) ||
      !quote (out, "user", bd_server_get_username (server), error) ||
      !quote (out, "passwordeval", command, error) ||
      !quote (out, "from", address, error))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static BdExportPlan *
bd_export_msmtp_plan (BdExportTarget   *target,
                      BdExportAccount  *account,
                      BdExportFlags     flags,
                      GCancellable     *cancellable,
                      GError          **error)
{
  BdServer *server = bd_export_account_get_outgoing (account);
  g_autofree char *address = bd_address_dup_ascii (bd_export_account_get_address (account));
  g_autofree char *path = config_path ();
  g_autofree char *block = NULL;
  g_autofree char *old_text = NULL;
  g_autofree char *text = NULL;
  g_autofree char *description = NULL;
  g_autoptr(BdExportPlan) plan = NULL;
  const char *program = bd_export_target_get_name (target);

  if (!bd_export_check_password_login (account, program, error))
    return NULL;
  if (server == NULL)
    {
      g_set_error_literal (error, BD_ERROR, BD_ERROR_EXPORT_NOT_SUPPORTED,
                           _("msmtp only sends mail, and this account has no outgoing "
                             "(SMTP) server."));
      return NULL;
    }
  if (!bd_export_check_server (account, server, flags, program, error))
    return NULL;

  block = dup_block (account, address, server, error);
  if (block == NULL || !bd_export_read_file (path, &old_text, error))
    return NULL;
  text = bd_export_merge_block (old_text, "#", address, block, error);
  if (text == NULL)
    return NULL;

  plan = bd_export_plan_new ("msmtp");
  bd_export_plan_add_lookup_items (plan, program, NULL, server);
  description = g_strdup_printf (_("Add the account %s to msmtp’s settings"), address);
  bd_export_plan_add_file (plan, description, path, text, old_text, MSMTP_MODE);
  return g_steal_pointer (&plan);
}

static void
bd_export_msmtp_class_init (BdExportMsmtpClass *klass)
{
  BdExportTargetClass *target_class = BD_EXPORT_TARGET_CLASS (klass);

  target_class->id = "msmtp";
  target_class->name = N_("msmtp");
  target_class->executable = "msmtp";
  target_class->plan = bd_export_msmtp_plan;
}

static void
bd_export_msmtp_init (BdExportMsmtp *self)
{
}

BdExportTarget *
bd_export_msmtp_new (void)
{
  return g_object_new (BD_TYPE_EXPORT_MSMTP, NULL);
}
