/* bd-export-goa.c
 *
 * GNOME Online Accounts keeps the desktop's mail accounts; Evolution and
 * Geary show each of them as their own. One D-Bus call makes an account:
 * org.gnome.OnlineAccounts.Manager.AddAccount, with the provider type
 * "imap_smtp", the settings as string "details" and the passwords as
 * "credentials". goa-daemon writes the details into its accounts.conf and
 * keeps the credentials in its own keyring item, so the password goes over
 * the session bus and nowhere else: never into a file, argv or the plan.
 *
 * The detail keys are those goa-daemon 3.46 (Debian 12) reads for an
 * "imap_smtp" account (goaimapsmtpprovider.c). Its switch is "Enabled", not
 * the "MailEnabled" of the other providers; hosts are "host:port", which
 * GOA, Evolution and Geary all split with g_network_address_parse(); the
 * credential keys are "imap-password" and "smtp-password". docs/export.md
 * lists every key and why.
 *
 * GOA's IMAP and SMTP account reads mail over IMAP only, and needs an SMTP
 * server: other accounts are refused. It cannot trust one certificate, only
 * "accept SSL errors" for a whole server, which a server pinned by its
 * fingerprint gets only when the person allowed that
 * (BD_EXPORT_ALLOW_ANY_CERTIFICATE), and then the plan says so.
 *
 * A provider that lets mail programs in only through its own web sign-in
 * (Google, Microsoft) is the job of GOA's own provider for it: the plan
 * opens the Online Accounts panel of GNOME Settings on that provider:
 * through its D-Bus name's "launch-panel" action where the name can be
 * reached (as GNOME Shell opens panels; the Flatpak may talk to it), else
 * by running it (gnome-control-center 43 takes `online-accounts add
 * PROVIDER`).
 *
 * An address GOA already has an account for is never touched: GOA keeps no
 * mark of who made an account, so there is no "Brevduva's own" account to
 * replace.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-enums.h"
#include "bd-error.h"
#include "bd-export-goa.h"
#include "bd-export-target-private.h"
#include "bd-secret-private.h"

#define GOA_NAME          "org.gnome.OnlineAccounts"
#define GOA_PATH          "/org/gnome/OnlineAccounts"
#define GOA_MANAGER_PATH  "/org/gnome/OnlineAccounts/Manager"
#define GOA_MANAGER_IFACE "org.gnome.OnlineAccounts.Manager"
#define GOA_ACCOUNT_IFACE "org.gnome.OnlineAccounts.Account"
#define GOA_MAIL_IFACE    "org.gnome.OnlineAccounts.Mail"
#define GOA_IMAP_SMTP     "imap_smtp"

/* AddAccount waits for the keyring, which may have to start first. */
#define GOA_CALL_TIMEOUT_MS 30000
/* is_available() may run in the main loop: a hung bus must not freeze it. */
#define GOA_PROBE_TIMEOUT_MS 3000

#define SETTINGS_PROGRAM "gnome-control-center"
/* GNOME Settings' own D-Bus name: its "launch-panel" action opens a panel
 * with arguments, as GNOME Shell opens it; reachable from the sandbox with
 * --talk-name=org.gnome.Settings, where the program itself is not. */
#define SETTINGS_NAME     "org.gnome.Settings"
#define SETTINGS_PATH     "/org/gnome/Settings"

struct _BdExportGoa
{
  BdExportTarget parent_instance;
};

G_DEFINE_FINAL_TYPE (BdExportGoa, bd_export_goa, BD_TYPE_EXPORT_TARGET)

/* The providers of data/providers/ whose web sign-in a provider of GOA
 * 3.46 does. It has none for Yahoo, AOL or Microsoft 365 work accounts
 * (its "ms_graph" provider came in 3.50). */
static const struct
{
  const char *provider_id;   /* data/providers/ */
  const char *goa_provider;  /* GOA's provider type */
} browser_providers[] = {
  { "gmail.com", "google" },
  { "outlook.com", "windows_live" },
};

/* The session bus, or export-program-not-found. */
static GDBusConnection *
goa_bus (GCancellable  *cancellable,
         GError       **error)
{
  g_autoptr(GError) local = NULL;
  GDBusConnection *bus = g_bus_get_sync (G_BUS_TYPE_SESSION, cancellable, &local);

  if (bus == NULL)
    g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_PROGRAM_NOT_FOUND,
                 _("GNOME Online Accounts cannot be reached: there is no session bus (%s)."),
                 local->message);
  return bus;
}

/* A failed call to goa-daemon, as export-program-not-found (a cancel stays
 * a cancel). Returns %FALSE. */
static gboolean
set_unreachable (GError  *local,
                 GError **error)
{
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_error_copy (local));
      return FALSE;
    }
  g_dbus_error_strip_remote_error (local);
  g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_PROGRAM_NOT_FOUND,
               _("GNOME Online Accounts did not answer on the session bus: %s"), local->message);
  return FALSE;
}

static gboolean
same_address (const char *candidate,
              const char *ascii,
              const char *display)
{
  g_autofree char *folded = g_utf8_casefold (candidate, -1);
  g_autofree char *ascii_folded = g_utf8_casefold (ascii, -1);
  g_autofree char *display_folded = g_utf8_casefold (display, -1);

  return g_str_equal (folded, ascii_folded) || g_str_equal (folded, display_folded);
}

/* Whether one of goa-daemon's objects is a mail account of the address:
 * its Mail interface's address, or, for an IMAP and SMTP account whose mail
 * is switched off (no Mail interface then), its identity, which is the
 * address. */
static gboolean
object_is_account_of (GVariant   *interfaces,
                      const char *ascii,
                      const char *display)
{
  g_autoptr(GVariant) mail = g_variant_lookup_value (interfaces, GOA_MAIL_IFACE,
                                                     G_VARIANT_TYPE_VARDICT);
  g_autoptr(GVariant) account = g_variant_lookup_value (interfaces, GOA_ACCOUNT_IFACE,
                                                        G_VARIANT_TYPE_VARDICT);
  const char *email = NULL;
  const char *type = NULL;
  const char *identity = NULL;

  if (mail != NULL && g_variant_lookup (mail, "EmailAddress", "&s", &email) &&
      same_address (email, ascii, display))
    return TRUE;
  return account != NULL &&
         g_variant_lookup (account, "ProviderType", "&s", &type) &&
         g_str_equal (type, GOA_IMAP_SMTP) &&
         g_variant_lookup (account, "Identity", "&s", &identity) &&
         same_address (identity, ascii, display);
}

/* export-already-configured when goa-daemon has a mail account for the
 * address, of any provider. Asking starts goa-daemon if it is activatable. */
static gboolean
check_not_configured (GDBusConnection  *bus,
                      const char       *ascii,
                      const char       *display,
                      GCancellable     *cancellable,
                      GError          **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariantIter) objects = NULL;
  GVariant *interfaces;

  reply = g_dbus_connection_call_sync (bus, GOA_NAME, GOA_PATH,
                                       "org.freedesktop.DBus.ObjectManager", "GetManagedObjects",
                                       NULL, G_VARIANT_TYPE ("(a{oa{sa{sv}}})"),
                                       G_DBUS_CALL_FLAGS_NONE, GOA_CALL_TIMEOUT_MS,
                                       cancellable, &local);
  if (reply == NULL)
    return set_unreachable (local, error);

  g_variant_get (reply, "(a{oa{sa{sv}}})", &objects);
  while (g_variant_iter_next (objects, "{&o@a{sa{sv}}}", NULL, &interfaces))
    {
      g_autoptr(GVariant) owned = interfaces;
      g_autoptr(GVariant) account = NULL;
      const char *provider = NULL;

      if (!object_is_account_of (owned, ascii, display))
        continue;
      account = g_variant_lookup_value (owned, GOA_ACCOUNT_IFACE, G_VARIANT_TYPE_VARDICT);
      if (account == NULL || !g_variant_lookup (account, "ProviderName", "&s", &provider))
        provider = "?";
      g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_ALREADY_CONFIGURED,
                   /* Translators: “… for alice@example.org (IMAP and SMTP) …” */
                   _("GNOME Online Accounts already has an account for %s (%s), and "
                     "Brevduva does not change an account that is there: remove it in "
                     "Settings, Online Accounts, to add the address again."),
                   display, provider);
      return FALSE;
    }
  return TRUE;
}

/* Who the provider is, for messages. */
static const char *
provider_label (BdExportAccount *account)
{
  const char *name = bd_export_account_get_provider_name (account);

  return name != NULL ? name : bd_address_get_domain (bd_export_account_get_address (account));
}

static const char *
goa_provider_for (BdExportAccount *account)
{
  const char *id = bd_export_account_get_provider_id (account);

  for (gsize i = 0; id != NULL && i < G_N_ELEMENTS (browser_providers); i++)
    if (g_str_equal (browser_providers[i].provider_id, id))
      return browser_providers[i].goa_provider;
  return NULL;
}

/* Whether @name runs on the session bus, or the bus can start it. */
static gboolean
bus_can_reach (const char *name)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) owned = NULL;
  g_autoptr(GVariant) names = NULL;
  g_autofree const char **activatable = NULL;
  gboolean has_owner = FALSE;

  if (bus == NULL)
    return FALSE;

  owned = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, GOA_PROBE_TIMEOUT_MS, NULL, NULL);
  if (owned != NULL)
    g_variant_get (owned, "(b)", &has_owner);
  if (has_owner)
    return TRUE;

  names = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "ListActivatableNames", NULL,
                                       G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE,
                                       GOA_PROBE_TIMEOUT_MS, NULL, NULL);
  if (names == NULL)
    return FALSE;
  g_variant_get (names, "(^a&s)", &activatable);
  return g_strv_contains (activatable, name);
}

/* The LAUNCH step: GNOME Settings' Online Accounts panel, on the sign-in of
 * GOA's @goa_provider; apply() reads the argv from the plan's data. */
static void
add_settings_launch (BdExportPlan *plan,
                     const char   *description,
                     const char   *goa_provider)
{
  const char *argv[] = { SETTINGS_PROGRAM, "online-accounts", "add", goa_provider, NULL };
  g_autofree char *command_line = g_strjoinv (" ", (char **) argv);
  GVariantDict data;

  bd_export_plan_add_launch (plan, description, command_line);
  g_variant_dict_init (&data, NULL);
  g_variant_dict_insert_value (&data, "launch", g_variant_new_strv (argv, -1));
  bd_export_plan_set_data (plan, g_variant_dict_end (&data));
}

/* A browser-login provider: no password account, but GNOME Settings opened
 * on GOA's own provider, where the person signs in on the provider's page.
 * export-browser-login-required when GOA has no such provider, or GNOME
 * Settings is not there to open it. */
static BdExportPlan *
plan_browser_sign_in (BdExportAccount  *account,
                      GError          **error)
{
  const char *goa_provider = goa_provider_for (account);
  g_autofree char *settings = NULL;
  g_autofree char *description = NULL;
  BdExportPlan *plan;

  if (goa_provider == NULL)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_BROWSER_LOGIN_REQUIRED,
                   _("%s lets mail programs in only through its own sign-in page, and GNOME "
                     "Online Accounts cannot sign in to it. Add the account in Thunderbird, "
                     "which opens that page."),
                   provider_label (account));
      return NULL;
    }

  settings = g_find_program_in_path (SETTINGS_PROGRAM);
  if (settings == NULL && !bus_can_reach (SETTINGS_NAME))
    {
      g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_BROWSER_LOGIN_REQUIRED,
                   _("%s lets mail programs in only through its own sign-in page. GNOME "
                     "Online Accounts opens that page from GNOME Settings "
                     "(gnome-control-center), which is not installed: install it, or add the "
                     "account in Thunderbird, which opens that page too."),
                   provider_label (account));
      return NULL;
    }

  plan = bd_export_plan_new ("goa");
  description = g_strdup_printf (_("Open Online Accounts in GNOME Settings, to sign in to %s "
                                   "on its own page"),
                                 provider_label (account));
  add_settings_launch (plan, description, goa_provider);
  bd_export_plan_add_warning (plan, _("GNOME Online Accounts does not use the password you "
                                      "gave Brevduva: you sign in on the provider’s page, and "
                                      "the account is added when you do."));
  return plan;
}

/* GOA's IMAP and SMTP account has one IMAP and one SMTP server. */
static gboolean
check_servers (BdServer  *incoming,
               BdServer  *outgoing,
               GError   **error)
{
  if (incoming == NULL)
    {
      g_set_error_literal (error, BD_ERROR, BD_ERROR_EXPORT_NOT_SUPPORTED,
                           _("GNOME Online Accounts needs an IMAP server to read mail from, "
                             "and this account has no incoming server."));
      return FALSE;
    }
  if (bd_server_get_protocol (incoming) != BD_PROTOCOL_IMAP)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_NOT_SUPPORTED,
                   _("GNOME Online Accounts reads mail only over IMAP, and this account’s "
                     "incoming server, %s, uses POP3. Choose the provider’s IMAP server, or "
                     "add the account to a program that reads POP3, such as Evolution or "
                     "Thunderbird."),
                   bd_server_get_hostname (incoming));
      return FALSE;
    }
  if (outgoing == NULL)
    {
      g_set_error_literal (error, BD_ERROR, BD_ERROR_EXPORT_NOT_SUPPORTED,
                           _("GNOME Online Accounts needs an SMTP server to send mail "
                             "through, and this account has no outgoing server."));
      return FALSE;
    }
  return TRUE;
}

/* insecure-server for a server without TLS: GOA would send it the
 * password in the clear (DESIGN.md, security rule 1). */
static gboolean
check_tls (BdServer  *server,
           GError   **error)
{
  if (bd_server_get_security (server) != BD_SECURITY_NONE)
    return TRUE;

  g_set_error (error, BD_ERROR, BD_ERROR_INSECURE_SERVER,
               _("%s offers no TLS, so GNOME Online Accounts would send it the password "
                 "unprotected; Brevduva does not hand such a server on."),
               bd_server_get_hostname (server));
  return FALSE;
}

/* export-certificate-not-expressible for a pinned server, unless the
 * person accepted that GOA accepts any certificate from it. */
static gboolean
check_pin (BdExportAccount  *account,
           BdServer         *server,
           BdExportFlags     flags,
           GError          **error)
{
  if (bd_export_account_get_pin (account, server) == NULL ||
      (flags & BD_EXPORT_ALLOW_ANY_CERTIFICATE) != 0)
    return TRUE;

  g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_CERTIFICATE_NOT_EXPRESSIBLE,
               _("You trusted the certificate of %s by its fingerprint. GNOME Online Accounts "
                 "cannot trust one certificate: it could only accept any certificate from "
                 "that server."),
               bd_server_get_hostname (server));
  return FALSE;
}

/* "host:port", as GOA and the programs that read its accounts split it;
 * an IPv6 address in brackets. */
static char *
dup_host_and_port (BdServer *server)
{
  const char *host = bd_server_get_hostname (server);

  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", host, bd_server_get_port (server));
  return g_strdup_printf ("%s:%u", host, bd_server_get_port (server));
}

/* The login name; GOA would put the local Unix user's name in for none. */
static const char *
user_name (BdServer   *server,
           const char *address)
{
  const char *name = bd_server_get_username (server);

  return name != NULL && *name != '\0' ? name : address;
}

/* Whether the SMTP server wants a login: it takes a password, or says
 * nothing of needing none. */
static gboolean
smtp_uses_password (BdServer *smtp)
{
  BdAuthFlags auth = bd_server_get_auth (smtp);

  if ((auth & (BD_AUTH_PASSWORD_CLEARTEXT | BD_AUTH_PASSWORD_ENCRYPTED)) != 0)
    return TRUE;
  return (auth & (BD_AUTH_NONE | BD_AUTH_CLIENT_IP_ADDRESS)) == 0;
}

static void
add_detail (GVariantBuilder *details,
            const char      *key,
            const char      *value)
{
  g_variant_builder_add (details, "{ss}", key, value);
}

static const char *
bool_text (gboolean value)
{
  return value ? "true" : "false";
}

/* One server's keys: PREFIX Host, UserName (IMAP; SMTP's depends on its
 * login), UseSsl (implicit TLS), UseTls (STARTTLS), AcceptSslErrors. */
static void
add_server_details (GVariantBuilder *details,
                    const char      *prefix,
                    BdServer        *server,
                    gboolean         accept_any_certificate)
{
  g_autofree char *host = dup_host_and_port (server);
  BdSecurity security = bd_server_get_security (server);
  g_autofree char *use_ssl = g_strconcat (prefix, "UseSsl", NULL);
  g_autofree char *use_tls = g_strconcat (prefix, "UseTls", NULL);
  g_autofree char *accept = g_strconcat (prefix, "AcceptSslErrors", NULL);
  g_autofree char *host_key = g_strconcat (prefix, "Host", NULL);

  add_detail (details, host_key, host);
  add_detail (details, use_ssl, bool_text (security == BD_SECURITY_TLS));
  add_detail (details, use_tls, bool_text (security == BD_SECURITY_STARTTLS));
  add_detail (details, accept, bool_text (accept_any_certificate));
}

/* The details of AddAccount: the keys of goa-daemon's accounts.conf. */
static GVariant *
build_details (BdExportAccount *account,
               const char      *address,
               gboolean         smtp_password)
{
  BdServer *imap = bd_export_account_get_incoming (account);
  BdServer *smtp = bd_export_account_get_outgoing (account);
  const char *name = bd_export_account_get_name (account);
  GVariantBuilder details;

  g_variant_builder_init (&details, G_VARIANT_TYPE ("a{ss}"));
  add_detail (&details, "Enabled", "true");
  add_detail (&details, "EmailAddress", address);
  if (name != NULL && *name != '\0')
    add_detail (&details, "Name", name);
  add_server_details (&details, "Imap", imap, bd_export_account_get_pin (account, imap) != NULL);
  add_detail (&details, "ImapUserName", user_name (imap, address));
  add_server_details (&details, "Smtp", smtp, bd_export_account_get_pin (account, smtp) != NULL);
  add_detail (&details, "SmtpUseAuth", bool_text (smtp_password));
  if (smtp_password)
    {
      add_detail (&details, "SmtpUserName", user_name (smtp, address));
      /* Evolution logs in with the first of these that is true; PLAIN is
       * what every submission server offers over TLS. */
      add_detail (&details, "SmtpAuthPlain", "true");
      add_detail (&details, "SmtpAuthLogin", "false");
    }
  return g_variant_builder_end (&details);
}

/* The call as the plan shows it: the credentials by their keys only. */
static char *
dup_call_text (const char *identity,
               const char *presentation,
               GVariant   *details,
               gboolean    smtp_password)
{
  g_autoptr(GVariant) identities = g_variant_ref_sink (g_variant_new ("(sss)", GOA_IMAP_SMTP,
                                                                      identity, presentation));
  g_autofree char *arguments = g_variant_print (identities, FALSE);
  GString *text = g_string_new (NULL);
  GVariantIter iter;
  const char *key;
  const char *value;

  /* The tuple's closing parenthesis gives way to the two dictionaries. */
  g_string_append_printf (text, "%s.AddAccount %.*s, credentials, details)\n",
                          GOA_MANAGER_IFACE, (int) strlen (arguments) - 1, arguments);
  g_string_append_printf (text,
                          /* Translators: %s is “imap-password” or “imap-password,
                           * smtp-password”: keys, not to be translated. */
                          _("   credentials: %s (the password you gave; GNOME Online Accounts "
                            "keeps it in its own keyring item)\n"),
                          smtp_password ? "imap-password, smtp-password" : "imap-password");
  g_string_append (text, _("   details:"));
  g_variant_iter_init (&iter, details);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    g_string_append_printf (text, "\n      %s=%s", key, value);
  return g_string_free (text, FALSE);
}

/* What the person must know before GOA has the account. */
static void
add_password_warnings (BdExportPlan    *plan,
                       BdExportAccount *account)
{
  BdServer *servers[] = {
    bd_export_account_get_incoming (account),
    bd_export_account_get_outgoing (account),
  };
  gboolean system_trust_needed = FALSE;

  for (gsize i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      g_autofree char *warning = NULL;

      if (bd_export_account_get_pin (account, servers[i]) == NULL)
        {
          system_trust_needed = TRUE;
          continue;
        }
      warning = g_strdup_printf (_("GNOME Online Accounts will accept any certificate from %s, "
                                   "not only the one you trusted, and so will Evolution and "
                                   "Geary, which use its settings: someone who can intercept "
                                   "the connection could pose as the server and read your "
                                   "password."),
                                 bd_server_get_hostname (servers[i]));
      bd_export_plan_add_warning (plan, warning);
    }

  if (system_trust_needed && bd_export_account_get_ca_file (account) != NULL)
    {
      g_autofree char *warning = NULL;

      warning = g_strdup_printf (_("The servers were proven against the certificate "
                                   "authorities in %s. GNOME Online Accounts trusts only this "
                                   "computer’s own, so it will refuse the servers unless that "
                                   "authority is installed on this computer."),
                                 bd_export_account_get_ca_file (account));
      bd_export_plan_add_warning (plan, warning);
    }
}

/* The refusals that need no D-Bus: the servers GOA can take, proven, with
 * TLS, pinned only if the person allowed any certificate. */
static gboolean
check_password_account (BdExportAccount  *account,
                        BdExportFlags     flags,
                        GError          **error)
{
  BdServer *incoming = bd_export_account_get_incoming (account);
  BdServer *outgoing = bd_export_account_get_outgoing (account);
  BdServer *servers[] = { incoming, outgoing };

  if (!check_servers (incoming, outgoing, error))
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      if (!bd_export_check_proven (account, servers[i], flags, error) ||
          !check_tls (servers[i], error) ||
          !check_pin (account, servers[i], flags, error))
        return FALSE;
    }
  return TRUE;
}

static BdExportPlan *
plan_password_account (BdExportAccount  *account,
                       const char       *ascii,
                       const char       *display)
{
  gboolean smtp_password = smtp_uses_password (bd_export_account_get_outgoing (account));
  g_autoptr(GVariant) details = g_variant_ref_sink (build_details (account, ascii,
                                                                   smtp_password));
  g_autofree char *call = dup_call_text (ascii, display, details, smtp_password);
  BdExportPlan *plan = bd_export_plan_new ("goa");
  GVariantDict data;

  bd_export_plan_add_dbus_call (plan, _("Add the account to GNOME Online Accounts, which "
                                        "keeps the password in its own keyring item; "
                                        "Evolution and Geary show its accounts"),
                                call);
  add_password_warnings (plan, account);

  g_variant_dict_init (&data, NULL);
  g_variant_dict_insert (&data, "identity", "s", ascii);
  g_variant_dict_insert (&data, "presentation-identity", "s", display);
  g_variant_dict_insert_value (&data, "details", details);
  g_variant_dict_insert (&data, "smtp-password", "b", smtp_password);
  bd_export_plan_set_data (plan, g_variant_dict_end (&data));
  return plan;
}

static BdExportPlan *
bd_export_goa_plan (BdExportTarget   *target,
                    BdExportAccount  *account,
                    BdExportFlags     flags,
                    GCancellable     *cancellable,
                    GError          **error)
{
  BdAddress *address = bd_export_account_get_address (account);
  g_autofree char *ascii = bd_address_dup_ascii (address);
  const char *display = bd_address_get_display (address);
  g_autoptr(BdExportPlan) plan = NULL;
  g_autoptr(GDBusConnection) bus = NULL;

  /* Every refusal that needs no D-Bus first; then whether GOA has the
   * address already. */
  if (bd_export_account_get_browser_login (account))
    plan = plan_browser_sign_in (account, error);
  else if (check_password_account (account, flags, error))
    plan = plan_password_account (account, ascii, display);
  if (plan == NULL)
    return NULL;

  bus = goa_bus (cancellable, error);
  if (bus == NULL || !check_not_configured (bus, ascii, display, cancellable, error))
    return NULL;
  return g_steal_pointer (&plan);
}

/* GNOME Settings' "launch-panel" action, as GNOME Shell calls it:
 * ("online-accounts", [<"add">, <PROVIDER>]) — @argv without the program. */
static gboolean
activate_settings_panel (const char  **argv,
                         GError      **error)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, error);
  g_autoptr(GVariant) reply = NULL;
  GVariantBuilder panel_args;
  GVariantBuilder parameter;

  if (bus == NULL)
    return FALSE;
  g_variant_builder_init (&panel_args, G_VARIANT_TYPE ("av"));
  for (guint i = 2; argv[i] != NULL; i++)
    g_variant_builder_add (&panel_args, "v", g_variant_new_string (argv[i]));
  g_variant_builder_init (&parameter, G_VARIANT_TYPE ("av"));
  g_variant_builder_add (&parameter, "v",
                         g_variant_new ("(s@av)", argv[1], g_variant_builder_end (&panel_args)));
  reply = g_dbus_connection_call_sync (bus, SETTINGS_NAME, SETTINGS_PATH, "org.gtk.Actions",
                                       "Activate",
                                       g_variant_new ("(s@ava{sv})", "launch-panel",
                                                      g_variant_builder_end (&parameter), NULL),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, GOA_CALL_TIMEOUT_MS,
                                       NULL, error);
  return reply != NULL;
}

/* The browser-login plan's step: GNOME Settings, over D-Bus where its name
 * can be reached (from the sandbox too), else the program, left running for
 * the person (a double fork: nothing to reap). */
static gboolean
launch_settings (BdExportStep  *step,
                 const char   **argv,
                 GError       **error)
{
  g_autoptr(GError) local = NULL;
  GSpawnFlags flags = G_SPAWN_SEARCH_PATH | G_SPAWN_STDIN_FROM_DEV_NULL |
                      G_SPAWN_STDOUT_TO_DEV_NULL;
  gboolean launched;

  if (bus_can_reach (SETTINGS_NAME))
    launched = activate_settings_panel (argv, &local);
  else
    launched = g_spawn_async (NULL, (char **) argv, NULL, flags, NULL, NULL, NULL, &local);
  if (!launched)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_PROGRAM_NOT_FOUND,
                   _("GNOME Settings could not be opened: %s"), local->message);
      return FALSE;
    }
  step->done = TRUE;
  return TRUE;
}

/* A string GVariant whose memory is wiped when the call is done with it. */
static GVariant *
new_secret_string (const char *password)
{
  gsize size = strlen (password) + 1;
  char *copy = g_memdup2 (password, size);
  g_autoptr(GBytes) bytes = g_bytes_new_with_free_func (copy, size,
                                                        (GDestroyNotify) bd_secret_string_free,
                                                        copy);

  return g_variant_new_from_bytes (G_VARIANT_TYPE_STRING, bytes, TRUE);
}

static GVariant *
build_credentials (const char *password,
                   gboolean    smtp_password)
{
  GVariantBuilder credentials;

  g_variant_builder_init (&credentials, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&credentials, "{sv}", "imap-password", new_secret_string (password));
  if (smtp_password)
    g_variant_builder_add (&credentials, "{sv}", "smtp-password", new_secret_string (password));
  return g_variant_builder_end (&credentials);
}

/* The password plan's step: AddAccount, once more sure that GOA has no
 * account for the address (the person may have added one meanwhile). */
static gboolean
add_account (BdExportStep  *step,
             GVariant      *data,
             const char    *password,
             GCancellable  *cancellable,
             GError       **error)
{
  const char *identity = NULL;
  const char *presentation = NULL;
  gboolean smtp_password = FALSE;
  g_autoptr(GVariant) details = g_variant_lookup_value (data, "details", G_VARIANT_TYPE ("a{ss}"));
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) local = NULL;

  if (!g_variant_lookup (data, "identity", "&s", &identity) ||
      !g_variant_lookup (data, "presentation-identity", "&s", &presentation) ||
      !g_variant_lookup (data, "smtp-password", "b", &smtp_password) || details == NULL)
    {
      g_set_error_literal (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                           _("This plan was not made for GNOME Online Accounts."));
      return FALSE;
    }
  if (password == NULL || *password == '\0' || !g_utf8_validate (password, -1, NULL))
    {
      g_set_error_literal (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                           _("GNOME Online Accounts needs the account’s password, as UTF-8 "
                             "text, and none was given."));
      return FALSE;
    }

  bus = goa_bus (cancellable, error);
  if (bus == NULL || !check_not_configured (bus, identity, presentation, cancellable, error))
    return FALSE;

  reply = g_dbus_connection_call_sync (bus, GOA_NAME, GOA_MANAGER_PATH, GOA_MANAGER_IFACE,
                                       "AddAccount",
                                       g_variant_new ("(sss@a{sv}@a{ss})", GOA_IMAP_SMTP,
                                                      identity, presentation,
                                                      build_credentials (password,
                                                                         smtp_password),
                                                      details),
                                       G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE,
                                       GOA_CALL_TIMEOUT_MS, cancellable, &local);
  if (reply == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      g_dbus_error_strip_remote_error (local);
      g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_WRITE_FAILED,
                   _("GNOME Online Accounts did not add the account: %s"), local->message);
      return FALSE;
    }
  step->done = TRUE;
  return TRUE;
}

static gboolean
bd_export_goa_apply (BdExportTarget  *target,
                     BdExportPlan    *plan,
                     const char      *password,
                     GCancellable    *cancellable,
                     GError         **error)
{
  GPtrArray *steps = bd_export_plan_get_steps (plan);
  GVariant *data = bd_export_plan_get_data (plan);
  g_autofree const char **launch = NULL;

  if (data == NULL || steps->len != 1)
    {
      g_set_error_literal (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                           _("This plan was not made for GNOME Online Accounts."));
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (g_variant_lookup (data, "launch", "^a&s", &launch))
    return launch_settings (g_ptr_array_index (steps, 0), launch, error);
  return add_account (g_ptr_array_index (steps, 0), data, password, cancellable, error);
}

/* Whether goa-daemon runs on the session bus, or the bus can start it. */
static gboolean
bd_export_goa_is_available (BdExportTarget *target)
{
  return bus_can_reach (GOA_NAME);
}

static void
bd_export_goa_class_init (BdExportGoaClass *klass)
{
  BdExportTargetClass *target_class = BD_EXPORT_TARGET_CLASS (klass);

  target_class->id = "goa";
  target_class->name = N_("GNOME Online Accounts");
  target_class->reachable_from_sandbox = TRUE;
  target_class->is_available = bd_export_goa_is_available;
  target_class->plan = bd_export_goa_plan;
  target_class->apply = bd_export_goa_apply;
}

static void
bd_export_goa_init (BdExportGoa *self)
{
}

BdExportTarget *
bd_export_goa_new (void)
{
  return g_object_new (BD_TYPE_EXPORT_GOA, NULL);
}
