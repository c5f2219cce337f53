/* bd-export-neomutt.c
 *
 * NeoMutt (20220429, Debian 12) reads one user config file, the first of
 * ten it looks for (its manual, "Location of user config files"):
 * $XDG_CONFIG_HOME/neomutt/neomuttrc, …/neomutt/muttrc, …/mutt/neomuttrc,
 * …/mutt/muttrc, ~/.neomutt/neomuttrc, ~/.neomutt/muttrc,
 * ~/.mutt/neomuttrc, ~/.mutt/muttrc, ~/.neomuttrc, ~/.muttrc. Brevduva
 * adds its block to the one NeoMutt reads now, or creates the first when
 * there is none: a new file earlier in that list would hide the person's
 * own. The block may land in a file that Mutt reads too, so it uses the
 * names both know (realname, spoolfile), not NeoMutt's newer synonyms.
 *
 * The block (marked with the address, bd_export_merge_block()) sets the
 * IMAP (or POP3) and SMTP settings, ssl_force_tls, the account's CA file,
 * and, for a certificate trusted by its fingerprint, certificate_file: a
 * file of Brevduva's with the certificate (PEM) and a "#H HOST MD5" line,
 * NeoMutt's own record that it is good for that host name.
 * docs/export.md, "NeoMutt", lists every key and why.
 *
 * The passwords: each *_pass is "`secret-tool lookup …`", a command whose
 * output NeoMutt substitutes when it reads the file (backquotes are run
 * inside double quotes, by sh -c), so no password is in the file.
 *
 * Quoting: in a double-quoted value NeoMutt takes \ as an escape, expands
 * $VARIABLES and runs `commands`; so \, ", ` and $ are escaped. Inside a
 * backquoted command NeoMutt undoes those escapes before the shell sees the
 * command, in which the host and user are shell-quoted. Control characters
 * are refused.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-export-files-private.h"
#include "bd-export-neomutt.h"
#include "bd-export-target-private.h"
#include "bd-export-text-private.h"
#include "bd-keyring.h"

struct _BdExportNeomutt
{
  BdExportTarget parent_instance;
};

G_DEFINE_FINAL_TYPE (BdExportNeomutt, bd_export_neomutt, BD_TYPE_EXPORT_TARGET)

/* @value escaped for a double-quoted NeoMutt string. */
static void
append_escaped (GString    *out,
                const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    {
      if (strchr ("\\\"`$", *p) != NULL)
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
}

/* set KEY = "VALUE" */
static void
append_setting (GString    *out,
                const char *key,
                const char *value)
{
  g_string_append_printf (out, "set %s = \"", key);
  append_escaped (out, value);
  g_string_append (out, "\"\n");
}

/* set KEY = "`secret-tool lookup …`": the password of Brevduva's keyring
 * item for @server (bd-keyring.c's attributes). */
static void
append_lookup (GString    *out,
               const char *key,
               BdServer   *server)
{
  g_autofree char *command = bd_keyring_dup_lookup_command (server);

  g_string_append_printf (out, "set %s = \"`", key);
  append_escaped (out, command);
  g_string_append (out, "`\"\n");
}

/* SCHEME://[USER@]HOST:PORT/, the user URL-encoded. */
static char *
dup_url (BdServer *server,
         gboolean  with_user)
{
  const char *host = bd_server_get_hostname (server);
  gboolean ipv6 = strchr (host, ':') != NULL;
  gboolean implicit = bd_server_get_security (server) == BD_SECURITY_TLS;
  g_autofree char *user = NULL;
  const char *scheme;

  switch (bd_server_get_protocol (server))
    {
    case BD_PROTOCOL_IMAP: scheme = implicit ? "imaps" : "imap"; break;
    case BD_PROTOCOL_POP3: scheme = implicit ? "pops" : "pop"; break;
    case BD_PROTOCOL_SMTP:
    default: scheme = implicit ? "smtps" : "smtp"; break;
    }
  if (with_user)
    user = g_uri_escape_string (bd_server_get_username (server), NULL, FALSE);
  return g_strdup_printf ("%s://%s%s%s%s%s:%u/", scheme, user != NULL ? user : "",
                          user != NULL ? "@" : "", ipv6 ? "[" : "", host, ipv6 ? "]" : "",
                          bd_server_get_port (server));
}

/* The file NeoMutt reads: the first of its list that exists, else the
 * first of the list. */
static char *
dup_config_path (void)
{
  const char *config = g_get_user_config_dir ();
  const char *home = g_get_home_dir ();
  char *candidates[] = {
    g_build_filename (config, "neomutt", "neomuttrc", NULL),
    g_build_filename (config, "neomutt", "muttrc", NULL),
    g_build_filename (config, "mutt", "neomuttrc", NULL),
    g_build_filename (config, "mutt", "muttrc", NULL),
    g_build_filename (home, ".neomutt", "neomuttrc", NULL),
    g_build_filename (home, ".neomutt", "muttrc", NULL),
    g_build_filename (home, ".mutt", "neomuttrc", NULL),
    g_build_filename (home, ".mutt", "muttrc", NULL),
    g_build_filename (home, ".neomuttrc", NULL),
    g_build_filename (home, ".muttrc", NULL),
  };
  char *found = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (candidates) && found == NULL; i++)
    {
      if (g_file_test (candidates[i], G_FILE_TEST_EXISTS))
        found = g_strdup (candidates[i]);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (candidates); i++)
    g_free (candidates[i]);
  return found != NULL ? found
                       : g_build_filename (config, "neomutt", "neomuttrc", NULL);
}

/* FALSE when @server cannot be handed to NeoMutt. */
static gboolean
check_server (BdExportAccount  *account,
              BdServer         *server,
              BdExportFlags     flags,
              const char       *program,
              GError          **error)
{
  return bd_export_check_server (account, server, flags, program, error) &&
         bd_export_check_pinned_certificate (account, server, program, error);
}

/* "AB12 CD34 …": the MD5 of @der in groups of four, as NeoMutt's "#H"
 * lines hold it. */
static char *
dup_md5_groups (GBytes *der)
{
  g_autofree char *hex = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, der);
  g_autoptr(GString) out = g_string_new (NULL);

  for (gsize i = 0; hex[i] != '\0'; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, g_ascii_toupper (hex[i]));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Plans Brevduva's certificate file for NeoMutt when a server is pinned;
 * returns its path, or NULL when no server is. */
static char *
plan_certificates (BdExportPlan     *plan,
                   BdExportAccount  *account,
                   const char       *name,
                   const char       *program,
                   GError          **error)
{
  BdServer *servers[] = { bd_export_account_get_incoming (account),
                          bd_export_account_get_outgoing (account) };
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *file = g_strconcat ("brevduva-", name, ".pem", NULL);
  g_autofree char *path = NULL;
  g_autofree char *warning = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      GBytes *der;
      g_autofree char *md5 = NULL;

      if (servers[i] == NULL || bd_export_account_get_pin (account, servers[i]) == NULL)
        continue;
      der = bd_export_account_get_pinned_certificate (account, servers[i]);
      md5 = dup_md5_groups (der);
      g_string_append_printf (text, "#H %s %s\n", bd_server_get_hostname (servers[i]), md5);
      bd_export_append_pem (text, der);
    }
  if (text->len == 0)
    return NULL;

  g_strdelimit (file, "/", '_');
  path = g_build_filename (g_get_user_config_dir (), "neomutt", file, NULL);
  if (!bd_export_plan_add_certificate_file (plan, program, path, text->str, error))
    return NULL;
  warning = g_strdup_printf (_("From now on NeoMutt keeps the certificates you accept in "
                                 "Brevduva’s certificate file, %s, instead of the one it "
                                 "used before."), path);
  bd_export_plan_add_warning (plan, warning);
  return g_steal_pointer (&path);
}

static void
append_incoming (GString  *out,
                 BdServer *server)
{
  g_autofree char *url = dup_url (server, FALSE);

  if (bd_server_get_protocol (server) == BD_PROTOCOL_IMAP)
    {
      append_setting (out, "imap_user", bd_server_get_username (server));
      append_lookup (out, "imap_pass", server);
      append_setting (out, "folder", url);
      append_setting (out, "spoolfile", "+INBOX");
    }
  else
    {
      append_setting (out, "pop_user", bd_server_get_username (server));
      append_lookup (out, "pop_pass", server);
      append_setting (out, "spoolfile", url);
    }
}

static char *
dup_block (BdExportAccount *account,
           BdServer        *incoming,
           BdServer        *outgoing,
           const char      *certificate_file)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *from = bd_export_dup_from (account);
  const char *name = bd_export_account_get_name (account);
  const char *ca_file = bd_export_account_get_ca_file (account);

  append_setting (out, "from", from);
  if (name != NULL && *name != '\0')
    append_setting (out, "realname", name);
  if (incoming != NULL)
    append_incoming (out, incoming);
  if (outgoing != NULL)
    {
      g_autofree char *url = dup_url (outgoing, TRUE);

      append_setting (out, "smtp_url", url);
      append_lookup (out, "smtp_pass", outgoing);
    }
  g_string_append (out, "set ssl_force_tls = yes\n");
  if (ca_file != NULL)
    append_setting (out, "ssl_ca_certificates_file", ca_file);
  if (certificate_file != NULL)
    append_setting (out, "certificate_file", certificate_file);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
check_account (BdExportAccount  *account,
               BdServer         *incoming,
               BdServer         *outgoing,
               BdExportFlags     flags,
               const char       *program,
               GError          **error)
{
  if (!bd_export_check_password_login (account, program, error))
    return FALSE;
  if (incoming == NULL && outgoing == NULL)
    {
      g_set_error_literal (error, BD_ERROR, BD_ERROR_EXPORT_NOT_SUPPORTED,
                           _("The account has no server to hand on."));
      return FALSE;
    }
  return (incoming == NULL || check_server (account, incoming, flags, program, error)) &&
         (outgoing == NULL || check_server (account, outgoing, flags, program, error)) &&
         bd_export_check_value (bd_address_get_display (bd_export_account_get_address (account)),
                                program, error) &&
         bd_export_check_value (bd_export_account_get_name (account), program, error) &&
         bd_export_check_value (bd_export_account_get_ca_file (account), program, error);
}

/* How many of Brevduva's blocks @text holds (bd_export_merge_block()'s
 * BEGIN markers, whatever their case). */
static guint
count_blocks (const char *text)
{
  g_autofree char *folded = g_ascii_strdown (text, -1);
  guint n = 0;

  for (const char *p = strstr (folded, "# begin brevduva "); p != NULL;
       p = strstr (p + 1, "# begin brevduva "))
    n++;
  return n;
}

static BdExportPlan *
bd_export_neomutt_plan (BdExportTarget   *target,
                        BdExportAccount  *account,
                        BdExportFlags     flags,
                        GCancellable     *cancellable,
                        GError          **error)
{
  g_autofree char *name = bd_address_dup_ascii (bd_export_account_get_address (account));
  BdServer *incoming = bd_export_account_get_incoming (account);
  BdServer *outgoing = bd_export_account_get_outgoing (account);
  g_autoptr(BdExportPlan) plan = bd_export_plan_new ("neomutt");
  g_autofree char *path = dup_config_path ();
  g_autofree char *certificate_file = NULL;
  g_autofree char *old_text = NULL;
  g_autofree char *block = NULL;
  g_autofree char *new_text = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *program = bd_export_target_get_name (target);

  if (!check_account (account, incoming, outgoing, flags, program, error) ||
      !bd_export_read_file (path, &old_text, error))
    return NULL;

  /* The certificate's file first: NeoMutt must find it when it reads the
   * settings. */
  certificate_file = plan_certificates (plan, account, name, program, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  block = dup_block (account, incoming, outgoing, certificate_file);
  new_text = bd_export_merge_block (old_text, "#", name, block, error);
  if (new_text == NULL)
    return NULL;

  /* Translators: %s is a mail program, such as aerc. */
  description = g_strdup_printf (_("Add the account to %s"), program);
  bd_export_plan_add_file (plan, description, path, new_text, old_text, 0600);
  /* NeoMutt has one set of these variables, not one per account. */
  if (count_blocks (new_text) > 1)
    bd_export_plan_add_warning (plan, _("NeoMutt has one set of these settings: of the "
                                        "accounts Brevduva added to this file, the last one "
                                        "in it is the one NeoMutt opens."));
  bd_export_plan_add_lookup_items (plan, program, incoming, outgoing);
  if (outgoing == NULL)
    bd_export_plan_warn_no_outgoing (plan, program);
  return g_steal_pointer (&plan);
}

static void
bd_export_neomutt_class_init (BdExportNeomuttClass *klass)
{
  BdExportTargetClass *target_class = BD_EXPORT_TARGET_CLASS (klass);

  target_class->id = "neomutt";
  target_class->name = N_("NeoMutt");
  target_class->executable = "neomutt";
  target_class->plan = bd_export_neomutt_plan;
}

static void
bd_export_neomutt_init (BdExportNeomutt *self)
{
}

BdExportTarget *
bd_export_neomutt_new (void)
{
  return g_object_new (BD_TYPE_EXPORT_NEOMUTT, NULL);
}
