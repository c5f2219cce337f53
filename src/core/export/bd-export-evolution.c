/* bd-export-evolution.c
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Evolution keeps every account as ESource key files in
 * ~/.config/evolution/sources/, one file per source, named UID.source, and
 * evolution-source-registry (evolution-data-server) loads them, at start
 * and whenever a file appears. A mail account is three sources, linked by
 * their UIDs, as Evolution's own account assistant writes them:
 *
 * - the account: [Mail Account] BackendName=imapx|pop and IdentityUid, with
 *   the incoming server in [Authentication] (Host, Port, User, Method,
 *   RememberPassword) and [Security] Method (ssl-on-alternate-port,
 *   starttls-on-standard-port). Camel's settings for the backend are bound
 *   to those two groups, so no [Imapx Backend] group is needed;
 * - the identity: [Mail Identity] Address, Name, and [Mail Submission]
 *   TransportUid;
 * - the transport: [Mail Transport] BackendName=smtp with its own
 *   [Authentication] and [Security].
 *
 * The group and key names are evolution-data-server 3.46's (Debian 12), as
 * its registry writes them itself; docs/export.md has them all. Each file
 * is new, so nothing is merged into the person's files. Brevduva marks its
 * own with a [Brevduva] group (Address, Role), which ESource keeps when
 * Evolution rewrites the file: exporting the same address again reuses
 * those UIDs and replaces exactly those files, while an identity for the
 * address in any other file means the person set the account up
 * themselves (export-already-configured).
 *
 * Evolution finds a source's password in the keyring under its own schema,
 * org.gnome.Evolution.Data.Source, by the attribute e-source-uid (with
 * eds-origin=evolution-data-server beside it, as e_source_store_password()
 * stores it): one item for the account and one for the transport. They
 * are planned before the files so that a running Evolution, which loads
 * the new sources at once, finds the password already there.
 *
 * Evolution has no key in these files that trusts one certificate: Camel
 * keeps certificates the person accepted in its own certificate database,
 * filled only by its trust prompt. So a pinned server is refused unless the
 * person allows it, and then the plan says that Evolution will ask.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-export-evolution.h"
#include "bd-export-files-private.h"
#include "bd-export-target-private.h"

#define SECRET_SCHEMA "org.gnome.Evolution.Data.Source"
#define OWN_GROUP "Brevduva"

typedef enum {
  ROLE_ACCOUNT,
  ROLE_IDENTITY,
  ROLE_TRANSPORT,
  N_ROLES
} Role;

static const char *const role_names[N_ROLES] = { "account", "identity", "transport" };

static const char *const add_descriptions[N_ROLES] = {
  N_("Add the account, which receives the mail"),
  N_("Add the identity: the name and address on mail sent"),
  N_("Add the outgoing server"),
};

static const char *const replace_descriptions[N_ROLES] = {
  N_("Replace the account Brevduva added before"),
  N_("Replace the identity Brevduva added before"),
  N_("Replace the outgoing server Brevduva added before"),
};

/* One source of the account: its UID and, when Brevduva wrote it before,
 * the file's text now. */
typedef struct
{
  char *uid;
  char *old_text;
} Source;

struct _BdExportEvolution
{
  BdExportTarget parent_instance;
};

G_DEFINE_FINAL_TYPE (BdExportEvolution, bd_export_evolution, BD_TYPE_EXPORT_TARGET)

static void
sources_clear (Source sources[N_ROLES])
{
  for (guint i = 0; i < N_ROLES; i++)
    {
      g_clear_pointer (&sources[i].uid, g_free);
      g_clear_pointer (&sources[i].old_text, g_free);
    }
}

static char *
dup_sources_dir (void)
{
  return g_build_filename (g_get_user_config_dir (), "evolution", "sources", NULL);
}

/* Whether @text names the same mailbox as @address. Both sides are compared
 * in ASCII form and without regard to case: treating Alice@ and alice@ as one
 * address refuses rather than adds a second account for the same mailbox. */
static gboolean
same_address (BdAddress  *address,
              const char *text)
{
  g_autoptr(BdAddress) other = NULL;
  g_autofree char *ascii = NULL;
  g_autofree char *other_ascii = NULL;

  if (text == NULL)
    return FALSE;
  other = bd_address_parse (text, NULL);
  if (other == NULL)
    return FALSE;
  ascii = bd_address_dup_ascii (address);
  other_ascii = bd_address_dup_ascii (other);
  return g_ascii_strcasecmp (ascii, other_ascii) == 0;
}

static int
role_from_name (const char *name)
{
  for (guint i = 0; i < N_ROLES; i++)
    if (g_strcmp0 (name, role_names[i]) == 0)
      return i;
  return -1;
}

/* Looks at one file of the folder: Brevduva's own source for @address
 * fills its role in @earlier; an identity for @address that Brevduva did
 * not write is an error. Files that are not sources are left alone. */
static gboolean
look_at_source (const char  *path,
                const char  *uid,
                BdAddress   *address,
                Source       earlier[N_ROLES],
                GError     **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autofree char *text = NULL;
  g_autofree char *own_address = NULL;
  g_autofree char *identity_address = NULL;

  /* A file that cannot be read is no source Evolution could read either. */
  if (!bd_export_read_file (path, &text, NULL) || text == NULL ||
      !g_key_file_load_from_data (key_file, text, -1, G_KEY_FILE_NONE, NULL))
    return TRUE;

  own_address = g_key_file_get_string (key_file, OWN_GROUP, "Address", NULL);
  if (own_address != NULL)
    {
      g_autofree char *role_name = g_key_file_get_string (key_file, OWN_GROUP, "Role", NULL);
      int role = role_from_name (role_name);

      if (role >= 0 && same_address (address, own_address) && earlier[role].uid == NULL)
        {
          earlier[role].uid = g_strdup (uid);
          earlier[role].old_text = g_steal_pointer (&text);
        }
      return TRUE;
    }

  identity_address = g_key_file_get_string (key_file, "Mail Identity", "Address", NULL);
  if (same_address (address, identity_address))
    {
      g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_ALREADY_CONFIGURED,
                   _("Evolution already has an account for %s, which Brevduva did not add "
                     "(%s). Nothing was changed."),
                   bd_address_get_display (address), path);
      return FALSE;
    }
  return TRUE;
}

/* Finds the sources Brevduva wrote for @address before, and refuses when
 * the person configured the address in Evolution themselves. */
static gboolean
find_earlier_sources (const char    *dir_path,
                      BdAddress     *address,
                      Source         earlier[N_ROLES],
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  /* No folder yet: Evolution has never been set up here. */
  if (dir == NULL)
    return TRUE;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *uid = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!g_str_has_suffix (name, ".source") || name[0] == '.')
        continue;
      path = g_build_filename (dir_path, name, NULL);
      uid = g_strndup (name, strlen (name) - strlen (".source"));
      if (!look_at_source (path, uid, address, earlier, error))
        return FALSE;
    }
  return TRUE;
}

/* The plan's warning for a pinned server the person let through: what
 * Evolution will do, and the fingerprint to compare. */
static void
add_pin_warning (BdExportPlan *plan,
                 const char   *host,
                 const char   *pin)
{
  g_autofree char *warning = NULL;
  const char *fingerprint = g_str_has_prefix (pin, "sha256:") ? pin + strlen ("sha256:") : pin;

  warning = g_strdup_printf (_("Evolution cannot keep the one certificate you trusted for %s. "
                               "The first time it connects, it shows the server’s certificate "
                               "and asks whether to trust it: accept it only if its SHA-256 "
                               "fingerprint is %s."), host, fingerprint);
  bd_export_plan_add_warning (plan, warning);
}

/* Each server handed to Evolution: TLS, proven (unless allowed), and no
 * pinned certificate that Evolution would have to ask about (unless
 * allowed, and then the plan says so). */
static gboolean
check_server (BdExportAccount  *account,
              BdServer         *server,
              BdExportFlags     flags,
              BdExportPlan     *plan,
              GError          **error)
{
  const char *host = bd_server_get_hostname (server);
  const char *pin = bd_export_account_get_pin (account, server);

  if (bd_server_get_security (server) == BD_SECURITY_NONE)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_INSECURE_SERVER,
                   _("%s offers no TLS, so Evolution would send it the password "
                     "unprotected; Brevduva does not hand such a server on."), host);
      return FALSE;
    }
  if (!bd_export_check_proven (account, server, flags, error))
    return FALSE;
  if (pin == NULL)
    return TRUE;
  if (!(flags & BD_EXPORT_ALLOW_ANY_CERTIFICATE))
    {
      g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_CERTIFICATE_NOT_EXPRESSIBLE,
                   _("You trusted the certificate of %s by its fingerprint, and Evolution "
                     "cannot be told to trust that one certificate."), host);
      return FALSE;
    }
  add_pin_warning (plan, host, pin);
  return TRUE;
}

static gboolean
check_account (BdExportTarget   *target,
               BdExportAccount  *account,
               BdExportFlags     flags,
               BdExportPlan     *plan,
               GError          **error)
{
  BdServer *incoming = bd_export_account_get_incoming (account);
  BdServer *outgoing = bd_export_account_get_outgoing (account);

  if (!bd_export_check_password_login (account, bd_export_target_get_name (target), error))
    return FALSE;
  if (incoming == NULL && outgoing == NULL)
    {
      g_set_error_literal (error, BD_ERROR, BD_ERROR_EXPORT_NOT_SUPPORTED,
                           _("There is no server to hand to Evolution."));
      return FALSE;
    }
  return (incoming == NULL || check_server (account, incoming, flags, plan, error)) &&
         (outgoing == NULL || check_server (account, outgoing, flags, plan, error));
}

/* Evolution's names for the login, as its own autoconfig sets them. For
 * IMAP and POP3 a password login is no SASL mechanism: "none", which
 * evolution-data-server also writes for an empty method, reaches Camel as
 * no mechanism, and Camel then sends IMAP's LOGIN or POP3's USER and PASS
 * with the password from the keyring. SMTP names a SASL mechanism: PLAIN,
 * which every server that takes passwords offers. */
static const char *
auth_method (BdServer *server)
{
  BdAuthFlags auth = bd_server_get_auth (server);

  if (auth & BD_AUTH_PASSWORD_CLEARTEXT)
    return bd_server_get_protocol (server) == BD_PROTOCOL_SMTP ? "PLAIN" : "none";
  if (auth & BD_AUTH_PASSWORD_ENCRYPTED)
    return "CRAM-MD5";
  return "none";
}

static GKeyFile *
new_source (BdExportAccount *account)
{
  GKeyFile *key_file = g_key_file_new ();
  BdAddress *address = bd_export_account_get_address (account);

  g_key_file_set_string (key_file, "Data Source", "DisplayName", bd_address_get_display (address));
  g_key_file_set_boolean (key_file, "Data Source", "Enabled", TRUE);
  g_key_file_set_string (key_file, "Data Source", "Parent", "");
  return key_file;
}

static void
set_server (GKeyFile *key_file,
            BdServer *server)
{
  const char *user = bd_server_get_username (server);

  /* A server that takes no password (an SMTP relay) gets no user: then
   * Evolution sends no login and asks for no password. */
  if (user == NULL || !bd_server_get_allows_password (server))
    user = "";
  g_key_file_set_string (key_file, "Authentication", "Host", bd_server_get_hostname (server));
  g_key_file_set_integer (key_file, "Authentication", "Port", bd_server_get_port (server));
  g_key_file_set_string (key_file, "Authentication", "User", user);
  g_key_file_set_string (key_file, "Authentication", "Method", auth_method (server));
  /* Evolution then takes the password from the keyring instead of asking. */
  g_key_file_set_boolean (key_file, "Authentication", "RememberPassword", TRUE);
  g_key_file_set_string (key_file, "Security", "Method",
                         bd_server_get_security (server) == BD_SECURITY_TLS
                         ? "ssl-on-alternate-port" : "starttls-on-standard-port");
}

/* The marker by which a later export knows its own files. */
static char *
finish_source (GKeyFile        *key_file,
               BdExportAccount *account,
               Role             role)
{
  g_autofree char *ascii = bd_address_dup_ascii (bd_export_account_get_address (account));

  g_key_file_set_string (key_file, OWN_GROUP, "Address", ascii);
  g_key_file_set_string (key_file, OWN_GROUP, "Role", role_names[role]);
  return g_key_file_to_data (key_file, NULL, NULL);
}

static char *
dup_account_text (BdExportAccount *account,
                  const Source     sources[N_ROLES])
{
  g_autoptr(GKeyFile) key_file = new_source (account);
  BdServer *incoming = bd_export_account_get_incoming (account);
  const char *backend = "none";

  if (incoming != NULL)
    backend = bd_server_get_protocol (incoming) == BD_PROTOCOL_POP3 ? "pop" : "imapx";
  g_key_file_set_string (key_file, "Mail Account", "BackendName", backend);
  g_key_file_set_string (key_file, "Mail Account", "IdentityUid", sources[ROLE_IDENTITY].uid);
  if (incoming != NULL)
    set_server (key_file, incoming);
  return finish_source (key_file, account, ROLE_ACCOUNT);
}

static char *
dup_identity_text (BdExportAccount *account,
                   const Source     sources[N_ROLES])
{
  g_autoptr(GKeyFile) key_file = new_source (account);
  BdAddress *address = bd_export_account_get_address (account);

  g_key_file_set_string (key_file, "Mail Identity", "Address", bd_address_get_display (address));
  g_key_file_set_string (key_file, "Mail Identity", "Name", bd_export_account_get_name (account));
  g_key_file_set_string (key_file, "Mail Submission", "TransportUid",
                         bd_export_account_get_outgoing (account) != NULL
                         ? sources[ROLE_TRANSPORT].uid : "");
  return finish_source (key_file, account, ROLE_IDENTITY);
}

static char *
dup_transport_text (BdExportAccount *account)
{
  g_autoptr(GKeyFile) key_file = new_source (account);

  g_key_file_set_string (key_file, "Mail Transport", "BackendName", "smtp");
  set_server (key_file, bd_export_account_get_outgoing (account));
  return finish_source (key_file, account, ROLE_TRANSPORT);
}

/* The keyring item e_source_lookup_password() finds for @uid. Its label is
 * the one evolution-data-server gives its own items, in its own (English)
 * words, so that the keyring's program shows it beside theirs. */
static void
add_password_step (BdExportPlan    *plan,
                   BdExportAccount *account,
                   const char      *uid,
                   const char      *kind,
                   const char      *description)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                            g_free, g_free);
  g_autofree char *label = NULL;

  g_hash_table_insert (attributes, g_strdup ("e-source-uid"), g_strdup (uid));
  g_hash_table_insert (attributes, g_strdup ("eds-origin"),
                       g_strdup ("evolution-data-server"));
  label = g_strdup_printf ("Evolution Data Source \"%s\" (%s)",
                           bd_address_get_display (bd_export_account_get_address (account)),
                           kind);
  bd_export_plan_add_keyring_item (plan, description, SECRET_SCHEMA, attributes, label);
}

static void
add_file_step (BdExportPlan *plan,
               const char   *dir_path,
               const Source *source,
               Role          role,
               const char   *text)
{
  g_autofree char *name = g_strconcat (source->uid, ".source", NULL);
  g_autofree char *path = g_build_filename (dir_path, name, NULL);
  const char *description = source->old_text != NULL ? _(replace_descriptions[role])
                                                     : _(add_descriptions[role]);

  /* Evolution writes its sources readable only by their owner. */
  bd_export_plan_add_file (plan, description, path, text, source->old_text, 0600);
}

static void
add_steps (BdExportPlan    *plan,
           BdExportAccount *account,
           const char      *dir_path,
           const Source     sources[N_ROLES])
{
  BdServer *incoming = bd_export_account_get_incoming (account);
  BdServer *outgoing = bd_export_account_get_outgoing (account);
  g_autofree char *account_text = dup_account_text (account, sources);
  g_autofree char *identity_text = dup_identity_text (account, sources);
  g_autofree char *transport_text = NULL;

  if (incoming != NULL && bd_server_get_allows_password (incoming))
    add_password_step (plan, account, sources[ROLE_ACCOUNT].uid,
                       bd_server_get_protocol (incoming) == BD_PROTOCOL_POP3
                       ? "Mail Account - pop" : "Mail Account - imapx",
                       _("Keep the password in the keyring, where Evolution looks for the "
                         "account’s password"));
  if (outgoing != NULL && bd_server_get_allows_password (outgoing))
    add_password_step (plan, account, sources[ROLE_TRANSPORT].uid, "Mail Transport - smtp",
                       _("Keep the password in the keyring, where Evolution looks for the "
                         "outgoing server’s password"));

  /* The sources a file refers to come first, for a registry that loads
   * each file as it appears. */
  if (outgoing != NULL)
    {
      transport_text = dup_transport_text (account);
      add_file_step (plan, dir_path, &sources[ROLE_TRANSPORT], ROLE_TRANSPORT, transport_text);
    }
  add_file_step (plan, dir_path, &sources[ROLE_IDENTITY], ROLE_IDENTITY, identity_text);
  add_file_step (plan, dir_path, &sources[ROLE_ACCOUNT], ROLE_ACCOUNT, account_text);
}

static void
add_warnings (BdExportPlan    *plan,
              BdExportAccount *account)
{
  const char *ca_file = bd_export_account_get_ca_file (account);

  if (ca_file != NULL)
    {
      g_autofree char *warning =
        g_strdup_printf (_("The servers were proven with the certificate authorities in %s. "
                           "Evolution trusts only the system’s, so it may show a server’s "
                           "certificate and ask whether to trust it."), ca_file);

      bd_export_plan_add_warning (plan, warning);
    }
  if (bd_export_account_get_incoming (account) == NULL)
    bd_export_plan_add_warning (plan, _("No incoming server was handed off: Evolution will "
                                        "only send mail from this address."));
  if (bd_export_account_get_outgoing (account) == NULL)
    bd_export_plan_add_warning (plan, _("No outgoing server was handed off: Evolution cannot "
                                        "send mail from this address until one is added in "
                                        "its account settings."));
}

static BdExportPlan *
bd_export_evolution_plan (BdExportTarget   *target,
                          BdExportAccount  *account,
                          BdExportFlags     flags,
                          GCancellable     *cancellable,
                          GError          **error)
{
  g_autoptr(BdExportPlan) plan = bd_export_plan_new (bd_export_target_get_id (target));
  g_autofree char *dir_path = dup_sources_dir ();
  Source sources[N_ROLES] = { { NULL, NULL } };

  if (!check_account (target, account, flags, plan, error) ||
      !find_earlier_sources (dir_path, bd_export_account_get_address (account), sources,
                             cancellable, error))
    {
      sources_clear (sources);
      return NULL;
    }

  /* A new source gets a new UID; an earlier one keeps its own, and with it
   * the folders and settings Evolution keeps under that UID. */
  for (guint i = 0; i < N_ROLES; i++)
    if (sources[i].uid == NULL)
      sources[i].uid = g_uuid_string_random ();

  add_steps (plan, account, dir_path, sources);
  add_warnings (plan, account);
  sources_clear (sources);
  return g_steal_pointer (&plan);
}

static void
bd_export_evolution_class_init (BdExportEvolutionClass *klass)
{
  BdExportTargetClass *target_class = BD_EXPORT_TARGET_CLASS (klass);

  target_class->id = "evolution";
  target_class->name = N_("Evolution");
  target_class->executable = "evolution";
  target_class->plan = bd_export_evolution_plan;
}

static void
bd_export_evolution_init (BdExportEvolution *self)
{
}

BdExportTarget *
bd_export_evolution_new (void)
{
  return g_object_new (BD_TYPE_EXPORT_EVOLUTION, NULL);
}
