/* bd-export-thunderbird.c
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The account as prefs of one Thunderbird profile (docs/export.md,
 * "Thunderbird"). Why it is built this way:
 *
 * - prefs.js, not user.js. Thunderbird reads user.js at every start and
 *   lets it override prefs.js forever, so an account written there could
 *   never be changed or removed in Thunderbird itself. prefs.js is
 *   Thunderbird's own store, read at start and rewritten (sorted, comments
 *   dropped) when it quits; so it is written only while Thunderbird does
 *   not run on the profile (export-program-running otherwise, checked when
 *   planning and again when applying), and the apply refuses when the file
 *   changed since the plan.
 * - Brevduva's mark is a pref, `brevduva_address`, on the account, server,
 *   identity and SMTP server it wrote: a comment would not survive
 *   Thunderbird's rewrite. Writing again for the same address keeps their
 *   keys (so the account keeps its place) and replaces the prefs Brevduva
 *   writes in those four branches, keeping what Thunderbird added there
 *   (the server's folder: without it Thunderbird would make a new, empty
 *   one); it edits nothing else but the lists that name them
 *   (mail.accountmanager.accounts, mail.smtpservers) and defaults that
 *   were empty.
 * - Keys: one more than the highest of each kind in use (accountN,
 *   serverN, idN, smtpN), never a gap, so that a deleted account's leftover
 *   folders are not taken over; mail.account.lastKey, from which Thunderbird
 *   numbers its next account without looking, is raised to ours.
 * - No password: Thunderbird keeps passwords in its own logins store,
 *   encrypted with the profile's key4.db, which Brevduva cannot write
 *   safely, and it does not read the GNOME keyring. It asks once, on its
 *   first connection, and offers to remember the password (a plan warning
 *   says so).
 * - A pinned certificate goes into the profile's cert_override.txt, the
 *   store behind Thunderbird's own "Confirm Security Exception": host:port,
 *   SHA-256 (OID.2.16.840.1.101.3.4.2.1) and the fingerprint, exactly the
 *   one certificate the person trusted (the clients test proves that
 *   Thunderbird accepts it).
 *
 * bd-thunderbird-profiles.c finds the profile and whether Thunderbird runs
 * on it; bd-thunderbird-prefs.c reads prefs.js and merges the account's
 * prefs into it. This file says which prefs the account gets.
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "bd-error.h"
#include "bd-export-files-private.h"
#include "bd-export-target-private.h"
#include "bd-export-thunderbird.h"
#include "bd-thunderbird-prefs-private.h"
#include "bd-thunderbird-profiles-private.h"
#include "bd-util-private.h"

#define SHA256_OID "OID.2.16.840.1.101.3.4.2.1"
#define OVERRIDE_HEADER "# PSM Certificate Override Settings file\n" \
                        "# This is a generated file!  Do not edit.\n"

/* nsMsgSocketType and nsMsgAuthMethod. */
#define SOCKET_STARTTLS 2
#define SOCKET_TLS      3
#define AUTH_PASSWORD_CLEARTEXT 3
#define AUTH_PASSWORD_ENCRYPTED 4

struct _BdExportThunderbird
{
  BdExportTarget parent_instance;

  char *profile;
};

enum {
  PROP_0,
  PROP_PROFILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BdExportThunderbird, bd_export_thunderbird, BD_TYPE_EXPORT_TARGET)

/* ------------------------------------------------------------------------
 * The account's prefs (bd-thunderbird-prefs.c reads and merges prefs.js)
 * ------------------------------------------------------------------------ */

/* export-already-configured: an identity with the address, or an incoming
 * server of the same kind for the same login, that Brevduva did not write. */
static gboolean
check_not_configured (BdThunderbirdPrefs  *prefs,
                      BdAddress           *address,
                      BdServer            *incoming,
                      const char          *user,
                      GError             **error)
{
  const char *type = bd_protocol_get_label (bd_server_get_protocol (incoming));
  const char *host = bd_server_get_hostname (incoming);
  guint n;

  if ((n = bd_thunderbird_prefs_find_identity (prefs)) != 0)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_ALREADY_CONFIGURED,
                   _("Thunderbird already has an identity for %s (mail.identity.id%u), "
                     "which Brevduva did not write."),
                   bd_address_get_display (address), n);
      return FALSE;
    }
  if ((n = bd_thunderbird_prefs_find_server (prefs, type, host, user)) != 0)
    {
      host = bd_thunderbird_prefs_get_key (prefs, BD_THUNDERBIRD_SERVER, n, "hostname");
      g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_ALREADY_CONFIGURED,
                   _("Thunderbird already has the %s login %s on %s "
                     "(mail.server.server%u), which Brevduva did not write."),
                   type, user, host, n);
      return FALSE;
    }
  return TRUE;
}

static int
auth_method (BdServer *server)
{
  BdAuthFlags auth = bd_server_get_auth (server);

  /* Over TLS a plain password is what Brevduva proved; CRAM-MD5 and the
   * like only when the server offers nothing else. */
  if ((auth & BD_AUTH_PASSWORD_CLEARTEXT) == 0 && (auth & BD_AUTH_PASSWORD_ENCRYPTED) != 0)
    return AUTH_PASSWORD_ENCRYPTED;
  return AUTH_PASSWORD_CLEARTEXT;
}

static int
socket_type (BdServer *server)
{
  return bd_server_get_security (server) == BD_SECURITY_STARTTLS ? SOCKET_STARTTLS
                                                                 : SOCKET_TLS;
}

static const char *
login_name (BdExportAccount *account,
            BdServer        *server)
{
  const char *user = bd_server_get_username (server);

  if (user != NULL && *user != '\0')
    return user;
  return bd_address_get_display (bd_export_account_get_address (account));
}

static const char *
server_type (BdServer *server)
{
  return bd_server_get_protocol (server) == BD_PROTOCOL_POP3 ? "pop3" : "imap";
}

/* The add_*_prefs() write only attributes that own_attrs in
 * bd-thunderbird-prefs.c lists: writing again replaces exactly those. */
static void
add_server_prefs (BdThunderbirdPrefs *prefs,
                  BdExportAccount    *account,
                  BdServer           *server)
{
  const char *address = bd_address_get_display (bd_export_account_get_address (account));
  gboolean pop3 = bd_server_get_protocol (server) == BD_PROTOCOL_POP3;
  BdThunderbirdBranch b = BD_THUNDERBIRD_SERVER;

  bd_thunderbird_prefs_add_string (prefs, b, "type", server_type (server));
  bd_thunderbird_prefs_add_string (prefs, b, "hostname", bd_server_get_hostname (server));
  bd_thunderbird_prefs_add_int (prefs, b, "port", bd_server_get_port (server));
  bd_thunderbird_prefs_add_int (prefs, b, "socketType", socket_type (server));
  bd_thunderbird_prefs_add_string (prefs, b, "userName", login_name (account, server));
  bd_thunderbird_prefs_add_int (prefs, b, "authMethod", auth_method (server));
  bd_thunderbird_prefs_add_string (prefs, b, "name", address);
  bd_thunderbird_prefs_add_bool (prefs, b, "login_at_startup", TRUE);
  bd_thunderbird_prefs_add_bool (prefs, b, "check_new_mail", TRUE);
  bd_thunderbird_prefs_add_int (prefs, b, "check_time", 10);
  if (pop3)
    {
      /* As Thunderbird's own account setup does: the mail stays on the
       * server for 14 days, and what is deleted here is deleted there. */
      bd_thunderbird_prefs_add_bool (prefs, b, "leave_on_server", TRUE);
      bd_thunderbird_prefs_add_int (prefs, b, "num_days_to_leave_on_server", 14);
      bd_thunderbird_prefs_add_bool (prefs, b, "delete_by_age_from_server", TRUE);
      bd_thunderbird_prefs_add_bool (prefs, b, "delete_mail_left_on_server", TRUE);
      bd_thunderbird_prefs_add_bool (prefs, b, "download_on_biff", TRUE);
    }
  bd_thunderbird_prefs_add_string (prefs, b, BD_THUNDERBIRD_MARK_ATTR, address);
}

static void
add_smtp_prefs (BdThunderbirdPrefs *prefs,
                BdExportAccount    *account,
                BdServer           *server)
{
  BdAddress *address = bd_export_account_get_address (account);
  const char *provider = bd_export_account_get_provider_name (account);
  BdThunderbirdBranch b = BD_THUNDERBIRD_SMTP;

  bd_thunderbird_prefs_add_string (prefs, b, "type", "smtp");
  bd_thunderbird_prefs_add_string (prefs, b, "description",
                                   provider != NULL ? provider
                                                    : bd_address_get_domain (address));
  bd_thunderbird_prefs_add_string (prefs, b, "hostname", bd_server_get_hostname (server));
  bd_thunderbird_prefs_add_int (prefs, b, "port", bd_server_get_port (server));
  bd_thunderbird_prefs_add_int (prefs, b, "try_ssl", socket_type (server));
  bd_thunderbird_prefs_add_string (prefs, b, "username", login_name (account, server));
  bd_thunderbird_prefs_add_int (prefs, b, "authMethod", auth_method (server));
  bd_thunderbird_prefs_add_string (prefs, b, BD_THUNDERBIRD_MARK_ATTR,
                                   bd_address_get_display (address));
}

static void
add_account_prefs (BdThunderbirdPrefs *prefs,
                   BdExportAccount    *account,
                   const guint         keys[BD_THUNDERBIRD_N_BRANCHES])
{
  const char *address = bd_address_get_display (bd_export_account_get_address (account));
  const char *name = bd_export_account_get_name (account);
  g_autofree char *server = g_strdup_printf ("server%u", keys[BD_THUNDERBIRD_SERVER]);
  g_autofree char *identity = g_strdup_printf ("id%u", keys[BD_THUNDERBIRD_IDENTITY]);

  bd_thunderbird_prefs_add_string (prefs, BD_THUNDERBIRD_ACCOUNT, "server", server);
  bd_thunderbird_prefs_add_string (prefs, BD_THUNDERBIRD_ACCOUNT, "identities", identity);
  bd_thunderbird_prefs_add_string (prefs, BD_THUNDERBIRD_ACCOUNT, BD_THUNDERBIRD_MARK_ATTR,
                                   address);

  bd_thunderbird_prefs_add_string (prefs, BD_THUNDERBIRD_IDENTITY, "useremail", address);
  if (name != NULL && *name != '\0')
    bd_thunderbird_prefs_add_string (prefs, BD_THUNDERBIRD_IDENTITY, "fullName", name);
  if (keys[BD_THUNDERBIRD_SMTP] != 0)
    {
      g_autofree char *smtp = g_strdup_printf ("smtp%u", keys[BD_THUNDERBIRD_SMTP]);

      bd_thunderbird_prefs_add_string (prefs, BD_THUNDERBIRD_IDENTITY, "smtpServer", smtp);
    }
  bd_thunderbird_prefs_add_bool (prefs, BD_THUNDERBIRD_IDENTITY, "valid", TRUE);
  bd_thunderbird_prefs_add_string (prefs, BD_THUNDERBIRD_IDENTITY, BD_THUNDERBIRD_MARK_ATTR,
                                   address);
}

/* ------------------------------------------------------------------------
 * cert_override.txt
 * ------------------------------------------------------------------------ */

/* "sha256:HEX" → "AB:CD:…" as Thunderbird writes it, or NULL. */
static char *
dup_override_fingerprint (const char *pin)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *hex;

  if (pin == NULL || !g_str_has_prefix (pin, "sha256:"))
    return NULL;
  hex = pin + strlen ("sha256:");
  if (strlen (hex) != 64)
    return NULL;
  for (guint i = 0; i < 64; i += 2)
    {
      if (!g_ascii_isxdigit (hex[i]) || !g_ascii_isxdigit (hex[i + 1]))
        return NULL;
      if (out->len > 0)
        g_string_append_c (out, ':');
      g_string_append_c (out, g_ascii_toupper (hex[i]));
      g_string_append_c (out, g_ascii_toupper (hex[i + 1]));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Replaces the override of @server in @text (a GString of the whole file)
 * by one for @fingerprint; warns when another certificate was trusted. */
static void
override_server (GString      *text,
                 BdServer     *server,
                 const char   *fingerprint,
                 BdExportPlan *plan)
{
  g_autofree char *key = g_strdup_printf ("%s:%u:\t", bd_server_get_hostname (server),
                                          bd_server_get_port (server));
  g_autofree char *line = g_strdup_printf ("%s" SHA256_OID "\t%s\t", key, fingerprint);
  g_auto(GStrv) lines = g_strsplit (text->str, "\n", -1);
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean written = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i + 1] == NULL && *lines[i] == '\0')
        break;
      if (!g_str_has_prefix (lines[i], key))
        {
          g_string_append_printf (out, "%s\n", lines[i]);
          continue;
        }
      /* The server's line is replaced where it stands. */
      if (!written)
        g_string_append_printf (out, "%s\n", line);
      written = TRUE;
      if (strstr (lines[i], fingerprint) == NULL)
        {
          g_autofree char *warning = NULL;

          warning = g_strdup_printf (_("Thunderbird trusted another certificate for %s "
                                       "port %u; it now trusts the one you accepted."),
                                     bd_server_get_hostname (server),
                                     bd_server_get_port (server));
          bd_export_plan_add_warning (plan, warning);
        }
    }
  if (!written)
    g_string_append_printf (out, "%s\n", line);
  g_string_assign (text, out->str);
}

/* The new cert_override.txt for the account's pins, or NULL when there is
 * no pin. */
static char *
dup_new_overrides (BdExportAccount  *account,
                   const char       *old_text,
                   BdExportPlan     *plan,
                   GError          **error)
{
  BdServer *servers[] = { bd_export_account_get_incoming (account),
                          bd_export_account_get_outgoing (account) };
  g_autoptr(GString) text = g_string_new (old_text != NULL ? old_text : OVERRIDE_HEADER);
  gboolean any = FALSE;

  if (text->len > 0 && text->str[text->len - 1] != '\n')
    g_string_append_c (text, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      const char *pin = servers[i] != NULL ? bd_export_account_get_pin (account, servers[i])
                                           : NULL;
      g_autofree char *fingerprint = dup_override_fingerprint (pin);

      if (pin == NULL)
        continue;
      if (fingerprint == NULL)
        {
          g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_CERTIFICATE_NOT_EXPRESSIBLE,
                       _("The trusted certificate of %s is not a SHA-256 fingerprint (%s)."),
                       bd_server_get_hostname (servers[i]), pin);
          return NULL;
        }
      override_server (text, servers[i], fingerprint, plan);
      any = TRUE;
    }
  if (!any)
    return NULL;
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* ------------------------------------------------------------------------
 * The target
 * ------------------------------------------------------------------------ */

static guint
file_mode (const char *path,
           guint       fallback)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return fallback;
  return st.st_mode & 0777;
}

/* Refusals that need no file: web sign-in only, unproven servers, no
 * incoming server (invalid-argument), a server without TLS
 * (insecure-server). */
static gboolean
check_account (BdExportAccount  *account,
               BdExportFlags     flags,
               GError          **error)
{
  BdServer *incoming = bd_export_account_get_incoming (account);
  BdServer *outgoing = bd_export_account_get_outgoing (account);
  BdServer *servers[] = { incoming, outgoing };

  if (!bd_export_check_password_login (account, "Thunderbird", error) ||
      !bd_export_check_proven (account, incoming, flags, error) ||
      !bd_export_check_proven (account, outgoing, flags, error))
    return FALSE;
  if (incoming == NULL)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                   _("Thunderbird needs an incoming server (IMAP or POP3) for an account."));
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      if (servers[i] == NULL || bd_server_get_security (servers[i]) != BD_SECURITY_NONE)
        continue;
      g_set_error (error, BD_ERROR, BD_ERROR_INSECURE_SERVER,
                   _("%s is reached without TLS: Brevduva hands on no account that would "
                     "send the password in the clear."),
                   bd_server_get_hostname (servers[i]));
      return FALSE;
    }
  return TRUE;
}

static void
add_warnings (BdExportPlan    *plan,
              BdExportAccount *account)
{
  BdServer *outgoing = bd_export_account_get_outgoing (account);
  const char *ca_file = bd_export_account_get_ca_file (account);

  bd_export_plan_add_warning (plan,
                              _("Thunderbird keeps passwords in its own store, which Brevduva "
                                "cannot write to: it asks for the password the first time it "
                                "connects, and offers to remember it."));
  if (outgoing == NULL)
    bd_export_plan_add_warning (plan,
                                _("No outgoing server is handed on: Thunderbird sends from "
                                  "this address through its default outgoing server."));
  if (ca_file != NULL)
    {
      g_autofree char *warning = NULL;

      warning = g_strdup_printf (_("Thunderbird trusts its own list of certificate "
                                   "authorities, not %s: a server certificate that only it "
                                   "vouches for (and that you did not trust by its "
                                   "fingerprint) makes Thunderbird ask you."),
                                 ca_file);
      bd_export_plan_add_warning (plan, warning);
    }
}

static gboolean
plan_prefs (BdExportPlan     *plan,
            BdExportAccount  *account,
            const char       *dir,
            GError          **error)
{
  BdAddress *address = bd_export_account_get_address (account);
  BdServer *incoming = bd_export_account_get_incoming (account);
  BdServer *outgoing = bd_export_account_get_outgoing (account);
  g_autofree char *path = g_build_filename (dir, "prefs.js", NULL);
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;
  g_autofree char *description = NULL;
  g_autoptr(BdThunderbirdPrefs) prefs = NULL;
  guint keys[BD_THUNDERBIRD_N_BRANCHES];

  if (!bd_export_read_file (path, &old_text, error))
    return FALSE;
  prefs = bd_thunderbird_prefs_new (old_text, address);
  if (!check_not_configured (prefs, address, incoming, login_name (account, incoming), error))
    return FALSE;

  bd_thunderbird_prefs_choose_keys (prefs, server_type (incoming), outgoing != NULL, keys);
  add_account_prefs (prefs, account, keys);
  add_server_prefs (prefs, account, incoming);
  if (outgoing != NULL)
    add_smtp_prefs (prefs, account, outgoing);
  new_text = bd_thunderbird_prefs_dup_text (prefs);

  description = g_strdup_printf (_("Add the account %s to Thunderbird (account%u)"),
                                 bd_address_get_display (address),
                                 keys[BD_THUNDERBIRD_ACCOUNT]);
  bd_export_plan_add_file (plan, description, path, new_text, old_text,
                           file_mode (path, 0600));
  return TRUE;
}

static gboolean
plan_overrides (BdExportPlan     *plan,
                BdExportAccount  *account,
                const char       *dir,
                GError          **error)
{
  g_autofree char *path = g_build_filename (dir, "cert_override.txt", NULL);
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!bd_export_read_file (path, &old_text, error))
    return FALSE;
  new_text = dup_new_overrides (account, old_text, plan, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (new_text == NULL || g_strcmp0 (new_text, old_text) == 0)
    return TRUE;
  bd_export_plan_add_file (plan,
                           _("Trust in Thunderbird exactly the certificate you trusted by "
                             "its fingerprint"),
                           path, new_text, old_text, file_mode (path, 0600));
  return TRUE;
}

static BdExportPlan *
bd_export_thunderbird_plan (BdExportTarget   *target,
                            BdExportAccount  *account,
                            BdExportFlags     flags,
                            GCancellable     *cancellable,
                            GError          **error)
{
  BdExportThunderbird *self = BD_EXPORT_THUNDERBIRD (target);
  g_autoptr(BdExportPlan) plan = NULL;
  g_autofree char *dir = NULL;

  if (!check_account (account, flags, error))
    return NULL;
  dir = bd_thunderbird_profiles_dup_dir (self->profile, error);
  if (dir == NULL || !bd_thunderbird_profiles_check_not_running (dir, error))
    return NULL;

  plan = bd_export_plan_new (bd_export_target_get_id (target));
  if (!plan_prefs (plan, account, dir, error) ||
      !plan_overrides (plan, account, dir, error))
    return NULL;
  add_warnings (plan, account);
  bd_export_plan_set_data (plan, g_variant_new_string (dir));
  return g_steal_pointer (&plan);
}

/* Thunderbird may have started since the plan: it would overwrite
 * prefs.js when it quits. */
static gboolean
bd_export_thunderbird_apply (BdExportTarget  *target,
                             BdExportPlan    *plan,
                             const char      *password,
                             GCancellable    *cancellable,
                             GError         **error)
{
  GVariant *data = bd_export_plan_get_data (plan);

  if (data != NULL &&
      !bd_thunderbird_profiles_check_not_running (g_variant_get_string (data, NULL), error))
    return FALSE;
  return BD_EXPORT_TARGET_CLASS (bd_export_thunderbird_parent_class)->apply (target, plan,
                                                                            password,
                                                                            cancellable,
                                                                            error);
}

static void
bd_export_thunderbird_finalize (GObject *object)
{
  BdExportThunderbird *self = BD_EXPORT_THUNDERBIRD (object);

  g_free (self->profile);

  G_OBJECT_CLASS (bd_export_thunderbird_parent_class)->finalize (object);
}

static void
bd_export_thunderbird_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  BdExportThunderbird *self = BD_EXPORT_THUNDERBIRD (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      g_value_set_string (value, self->profile);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_export_thunderbird_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  BdExportThunderbird *self = BD_EXPORT_THUNDERBIRD (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      bd_export_thunderbird_set_profile (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_export_thunderbird_class_init (BdExportThunderbirdClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  BdExportTargetClass *target_class = BD_EXPORT_TARGET_CLASS (klass);

  object_class->finalize = bd_export_thunderbird_finalize;
  object_class->get_property = bd_export_thunderbird_get_property;
  object_class->set_property = bd_export_thunderbird_set_property;

  target_class->id = "thunderbird";
  target_class->name = N_("Thunderbird");
  target_class->executable = "thunderbird";
  target_class->plan = bd_export_thunderbird_plan;
  target_class->apply = bd_export_thunderbird_apply;

  /**
   * BdExportThunderbird:profile:
   *
   * The profile to write to: a name from profiles.ini, or a profile
   * folder's absolute path; %NULL for the default profile.
   */
  properties[PROP_PROFILE] =
    g_param_spec_string ("profile", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bd_export_thunderbird_init (BdExportThunderbird *self)
{
}

BdExportTarget *
bd_export_thunderbird_new (void)
{
  return g_object_new (BD_TYPE_EXPORT_THUNDERBIRD, NULL);
}

/**
 * bd_export_thunderbird_list_profiles:
 *
 * Returns: (transfer full) (element-type BdThunderbirdProfile): the
 *   profiles of ~/.thunderbird/profiles.ini, in its order; empty when there
 *   is no profiles.ini (Thunderbird was never started). %NULL with
 *   `export-write-failed` when it exists but cannot be read.
 */
GPtrArray *
bd_export_thunderbird_list_profiles (GError **error)
{
  return bd_thunderbird_profiles_list (error);
}

const char *
bd_export_thunderbird_get_profile (BdExportThunderbird *self)
{
  g_return_val_if_fail (BD_IS_EXPORT_THUNDERBIRD (self), NULL);

  return self->profile;
}

void
bd_export_thunderbird_set_profile (BdExportThunderbird *self,
                                   const char          *profile)
{
  g_return_if_fail (BD_IS_EXPORT_THUNDERBIRD (self));

  if (bd_set_str (&self->profile, profile))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
}
