/* bd-export-mbsync.c
 *
 * isync's mbsync copies IMAP mailboxes into local Maildirs. Version 1.4.4
 * (Debian 12) reads only ~/.mbsyncrc (or the file given with -c); it knows
 * no XDG location. Brevduva adds one block there, marked with the address
 * (bd_export_merge_block()), holding four sections named after the
 * address, as mbsync(1) describes them:
 *
 * - IMAPAccount: Host, Port, User, PassCmd (a `secret-tool lookup` of
 *   Brevduva's own keyring item, so no password is in the file), SSLType
 *   (IMAPS for implicit TLS, STARTTLS; 1.4.4 does not know 1.5's TLSType)
 *   and CertificateFile when there is one to name;
 * - IMAPStore ADDRESS-remote on that account;
 * - MaildirStore ADDRESS-local under ~/Mail/ADDRESS/ (Verbatim subfolders,
 *   INBOX as ~/Mail/ADDRESS/INBOX);
 * - Channel ADDRESS: every mailbox (Patterns *), created on the local side
 *   only, the sync state kept inside each Maildir (SyncState *).
 *
 * mbsync ends a section at an empty line and refuses to open a Maildir
 * store whose Path does not exist, so the block ends with an empty line
 * and apply() makes ~/Mail/ADDRESS/ before it writes anything.
 *
 * Certificates: CertificateFile holds CA certificates (trust anchors, on
 * top of the system's) and server certificates, which mbsync trusts as
 * they are. So the account's CA file is named as it is, and a certificate
 * the person trusted by its fingerprint is written, as PEM, to its own
 * file in ~/.mbsync/ (the CA file's certificates after it): mbsync then
 * trusts that one certificate, and nothing else that fails verification.
 *
 * Quoting: mbsync takes an argument in double quotes with backslash and
 * double quote escaped; PassCmd is a shell command inside such an argument,
 * so the host and user are shell-quoted first, then the whole escaped.
 * Control characters (a newline would start a new line of config) are
 * refused.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "bd-error.h"
#include "bd-export-files-private.h"
#include "bd-export-mbsync.h"
#include "bd-export-target-private.h"
#include "bd-export-text-private.h"
#include "bd-keyring.h"

struct _BdExportMbsync
{
  BdExportTarget parent_instance;
};

G_DEFINE_FINAL_TYPE (BdExportMbsync, bd_export_mbsync, BD_TYPE_EXPORT_TARGET)

/* What the plan carries for apply(): the Maildir root to create. */
#define PLAN_DATA_TYPE G_VARIANT_TYPE_STRING

/* @value as one mbsync argument: in double quotes, \ and " escaped. */
static void
append_quoted (GString    *out,
               const char *value)
{
  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* "KEY "VALUE"\n" */
static void
append_setting (GString    *out,
                const char *key,
                const char *value)
{
  g_string_append_printf (out, "%s ", key);
  append_quoted (out, value);
  g_string_append_c (out, '\n');
}

/* The file that holds the certificate the person trusted by its
 * fingerprint: ~/.mbsync/ADDRESS.pem ("/" in the address made "_"). */
static char *
dup_pin_path (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".pem", NULL);

  g_strdelimit (file, "/", '_');
  return g_build_filename (g_get_home_dir (), ".mbsync", file, NULL);
}

/* Plans the pinned certificate's file, when @server has a pin (whose
 * certificate is at hand: bd_export_check_pinned_certificate()). Sets
 * @certificate_file to the file mbsync's CertificateFile names, or NULL
 * for the system's trust store alone. */
static gboolean
plan_certificate (BdExportPlan     *plan,
                  BdExportAccount  *account,
                  BdServer         *server,
                  const char       *name,
                  const char       *program,
                  char            **certificate_file,
                  GError          **error)
{
  const char *ca_file = bd_export_account_get_ca_file (account);
  const char *pin = bd_export_account_get_pin (account, server);
  GBytes *der = bd_export_account_get_pinned_certificate (account, server);
  g_autofree char *path = NULL;
  g_autofree char *ca_text = NULL;
  g_autoptr(GString) pem = NULL;

  *certificate_file = NULL;
  if (pin == NULL)
    {
      *certificate_file = g_strdup (ca_file);
      return TRUE;
    }

  path = dup_pin_path (name);
  if (ca_file != NULL && !bd_export_read_file (ca_file, &ca_text, error))
    return FALSE;

  pem = g_string_new (NULL);
  g_string_append_printf (pem, "# %s (%s)\n", bd_server_get_hostname (server), pin);
  bd_export_append_pem (pem, der);
  if (ca_text != NULL)
    g_string_append (pem, ca_text);
  if (!bd_export_plan_add_certificate_file (plan, program, path, pem->str, error))
    return FALSE;
  *certificate_file = g_steal_pointer (&path);
  return TRUE;
}

/* The Maildir root: ~/Mail/ADDRESS/ ("/" in the address made "_"). */
static char *
dup_maildir (const char *name)
{
  g_autofree char *dir = g_strdelimit (g_strdup (name), "/", '_');

  return g_build_filename (g_get_home_dir (), "Mail", dir, NULL);
}

static char *
dup_block (BdServer   *server,
           const char *name,
           const char *maildir,
           const char *certificate_file)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *remote = g_strconcat (name, "-remote", NULL);
  g_autofree char *local = g_strconcat (name, "-local", NULL);
  g_autofree char *far = g_strconcat (":", remote, ":", NULL);
  g_autofree char *near = g_strconcat (":", local, ":", NULL);
  g_autofree char *path = g_strconcat (maildir, G_DIR_SEPARATOR_S, NULL);
  g_autofree char *inbox = g_build_filename (maildir, "INBOX", NULL);
  g_autofree char *command = bd_keyring_dup_lookup_command (server);
  gboolean implicit = bd_server_get_security (server) == BD_SECURITY_TLS;

  /* The empty line ends whatever section comes before the block. */
  g_string_append_c (out, '\n');
  append_setting (out, "IMAPAccount", name);
  append_setting (out, "Host", bd_server_get_hostname (server));
  g_string_append_printf (out, "Port %u\n", bd_server_get_port (server));
  append_setting (out, "User", bd_server_get_username (server));
  append_setting (out, "PassCmd", command);
  g_string_append_printf (out, "SSLType %s\n", implicit ? "IMAPS" : "STARTTLS");
  if (certificate_file != NULL)
    append_setting (out, "CertificateFile", certificate_file);

  g_string_append_c (out, '\n');
  append_setting (out, "IMAPStore", remote);
  append_setting (out, "Account", name);

  g_string_append_c (out, '\n');
  append_setting (out, "MaildirStore", local);
  g_string_append (out, "SubFolders Verbatim\n");
  append_setting (out, "Path", path);
  append_setting (out, "Inbox", inbox);

  g_string_append_c (out, '\n');
  append_setting (out, "Channel", name);
  append_setting (out, "Far", far);
  append_setting (out, "Near", near);
  g_string_append (out, "Patterns *\n");
  g_string_append (out, "Create Near\n");
  g_string_append (out, "SyncState *\n");
  /* …and the one after it. */
  g_string_append_c (out, '\n');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static BdExportPlan *
bd_export_mbsync_plan (BdExportTarget   *target,
                       BdExportAccount  *account,
                       BdExportFlags     flags,
                       GCancellable     *cancellable,
                       GError          **error)
{
  g_autofree char *name = bd_address_dup_ascii (bd_export_account_get_address (account));
  g_autoptr(BdExportPlan) plan = bd_export_plan_new ("mbsync");
  g_autofree char *path = g_build_filename (g_get_home_dir (), ".mbsyncrc", NULL);
  g_autofree char *maildir = dup_maildir (name);
  g_autofree char *certificate_file = NULL;
  g_autofree char *old_text = NULL;
  g_autofree char *block = NULL;
  g_autofree char *new_text = NULL;
  g_autofree char *description = NULL;
  const char *program = bd_export_target_get_name (target);
  BdServer *server;

  if (!bd_export_check_password_login (account, program, error))
    return NULL;
  server = bd_export_get_imap_server (account, program, error);
  if (server == NULL || !bd_export_check_server (account, server, flags, program, error) ||
      !bd_export_check_pinned_certificate (account, server, program, error))
    return NULL;
  /* The address names the sections; the Maildir is a Path. */
  if (!bd_export_check_value (name, program, error) ||
      !bd_export_check_value (maildir, program, error))
    return NULL;

  if (!bd_export_read_file (path, &old_text, error))
    return NULL;

  /* The certificate's file is planned first: mbsync must find it when it
   * reads the settings. */
  if (!plan_certificate (plan, account, server, name, program, &certificate_file, error) ||
      !bd_export_check_value (certificate_file, program, error))
    return NULL;

  block = dup_block (server, name, maildir, certificate_file);
  new_text = bd_export_merge_block (old_text, "#", name, block, error);
  if (new_text == NULL)
    return NULL;

  /* Translators: %s is a folder, such as /home/alice/Mail/alice@example.com. */
  description = g_strdup_printf (_("Add the account to isync (mbsync), with the mail "
                                   "copied into %s"), maildir);
  bd_export_plan_add_file (plan, description, path, new_text, old_text, 0600);
  bd_export_plan_add_lookup_items (plan, program, server, NULL);
  bd_export_plan_set_data (plan, g_variant_new_string (maildir));
  return g_steal_pointer (&plan);
}

/* Makes the Maildir root first (mbsync opens no store without it; an
 * empty folder left behind by a later failure does no harm), then applies
 * the files and the keyring item as every target does. */
static gboolean
bd_export_mbsync_apply (BdExportTarget  *target,
                        BdExportPlan    *plan,
                        const char      *password,
                        GCancellable    *cancellable,
                        GError         **error)
{
  GVariant *data = bd_export_plan_get_data (plan);
  const char *maildir;

  g_return_val_if_fail (data != NULL && g_variant_is_of_type (data, PLAN_DATA_TYPE), FALSE);

  maildir = g_variant_get_string (data, NULL);
  if (g_mkdir_with_parents (maildir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_WRITE_FAILED,
                   _("The mail folder %s could not be made (%s), so nothing was "
                     "changed."), maildir, g_strerror (saved_errno));
      return FALSE;
    }
  return BD_EXPORT_TARGET_CLASS (bd_export_mbsync_parent_class)->apply (target, plan, password,
                                                                        cancellable, error);
}

static void
bd_export_mbsync_class_init (BdExportMbsyncClass *klass)
{
  BdExportTargetClass *target_class = BD_EXPORT_TARGET_CLASS (klass);

  target_class->id = "mbsync";
  target_class->name = N_("isync (mbsync)");
  target_class->executable = "mbsync";
  target_class->plan = bd_export_mbsync_plan;
  target_class->apply = bd_export_mbsync_apply;
}

static void
bd_export_mbsync_init (BdExportMbsync *self)
{
}

BdExportTarget *
bd_export_mbsync_new (void)
{
  return g_object_new (BD_TYPE_EXPORT_MBSYNC, NULL);
}
