/* test-account-config.c: the model: servers, notes, provenance, expansion, enums
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-account-config.h"

static void
test_servers_are_sorted_by_direction (void)
{
  g_autoptr(BdAccountConfig) config = bd_account_config_new ();
  g_autoptr(BdServer) smtp = bd_server_new (BD_PROTOCOL_SMTP, "smtp.example.com", 465,
                                            BD_SECURITY_TLS, "u");
  g_autoptr(BdServer) imap = bd_server_new (BD_PROTOCOL_IMAP, "imap.example.com", 993,
                                            BD_SECURITY_TLS, "u");
  g_autoptr(BdServer) pop = bd_server_new (BD_PROTOCOL_POP3, "pop.example.com", 995,
                                           BD_SECURITY_TLS, "u");

  bd_account_config_add_server (config, smtp);
  bd_account_config_add_server (config, imap);
  bd_account_config_add_server (config, pop);

  g_assert_cmpuint (bd_account_config_get_incoming (config)->len, ==, 2);
  g_assert_true (g_ptr_array_index (bd_account_config_get_incoming (config), 0) == imap);
  g_assert_true (g_ptr_array_index (bd_account_config_get_incoming (config), 1) == pop);
  g_assert_cmpuint (bd_account_config_get_outgoing (config)->len, ==, 1);
  g_assert_true (g_ptr_array_index (bd_account_config_get_outgoing (config), 0) == smtp);
}

static void
test_expand_copies_everything (void)
{
  g_autoptr(BdAccountConfig) config = bd_account_config_new ();
  g_autoptr(BdServer) imap = bd_server_new (BD_PROTOCOL_IMAP, "imap.%EMAILDOMAIN%", 993,
                                            BD_SECURITY_TLS, "%EMAILLOCALPART%");
  g_autoptr(BdAddress) address = bd_address_parse ("eve@example.org", NULL);
  g_autoptr(BdAccountConfig) expanded = NULL;
  BdServer *copy;

  bd_server_set_auth (imap, BD_AUTH_PASSWORD_ENCRYPTED);
  bd_account_config_set_provider_id (config, "example.org");
  bd_account_config_set_display_name (config, "Example");
  bd_account_config_set_short_name (config, "Ex");
  bd_account_config_add_domain (config, "Example.ORG");
  bd_account_config_add_server (config, imap);
  bd_account_config_add_note (config, bd_note_new (BD_NOTE_ENABLE_IMAP, "Switch it on",
                                                   "https://example.org/imap"));
  bd_account_config_set_provenance (config, BD_SOURCE_ISPDB, "https://ispdb.example/x",
                                    BD_TRUST_TRUSTED);

  expanded = bd_account_config_expand (config, address);
  g_assert_cmpstr (bd_account_config_get_provider_id (expanded), ==, "example.org");
  g_assert_cmpstr (bd_account_config_get_short_name (expanded), ==, "Ex");
  g_assert_cmpstr (g_ptr_array_index (bd_account_config_get_domains (expanded), 0), ==,
                   "example.org");
  g_assert_cmpint (bd_account_config_get_source (expanded), ==, BD_SOURCE_ISPDB);
  g_assert_cmpstr (bd_account_config_get_source_url (expanded), ==, "https://ispdb.example/x");
  g_assert_cmpint (bd_account_config_get_trust (expanded), ==, BD_TRUST_TRUSTED);
  g_assert_cmpstr (bd_note_get_text (bd_account_config_find_note (expanded, BD_NOTE_ENABLE_IMAP)),
                   ==, "Switch it on");
  g_assert_null (bd_account_config_find_note (expanded, BD_NOTE_OAUTH2));

  copy = g_ptr_array_index (bd_account_config_get_incoming (expanded), 0);
  g_assert_true (copy != imap);
  g_assert_cmpstr (bd_server_get_hostname (copy), ==, "imap.example.org");
  g_assert_cmpstr (bd_server_get_username (copy), ==, "eve");
  g_assert_cmpint (bd_server_get_auth (copy), ==, BD_AUTH_PASSWORD_ENCRYPTED);
  g_assert_cmpstr (bd_server_get_hostname (imap), ==, "imap.%EMAILDOMAIN%");

  g_assert_finalize_object (g_steal_pointer (&expanded));
}

typedef struct
{
  const char *name;
  BdSourceKind source;
  BdTrust trust;
  const char *hosts[3];
  BdApproval expected;
} ApprovalCase;

/* Security rule 4, decided in one place for the assistant and for store. */
static const ApprovalCase approval_cases[] = {
  { "trusted-own-domain", BD_SOURCE_AUTOCONFIG, BD_TRUST_TRUSTED,
    { "imap.example.org", "smtp.mail.example.org" }, BD_APPROVAL_NOT_NEEDED },
  { "trusted-foreign-domain", BD_SOURCE_ISPDB, BD_TRUST_TRUSTED,
    { "imap.example.org", "smtp.hoster.example" }, BD_APPROVAL_FOREIGN_DOMAINS },
  { "builtin-foreign-domain-reviewed-by-hand", BD_SOURCE_BUILTIN, BD_TRUST_TRUSTED,
    { "outlook.office365.com", "smtp.office365.com" }, BD_APPROVAL_NOT_NEEDED },
  { "srv-own-domain", BD_SOURCE_SRV, BD_TRUST_UNVERIFIED, { "imap.example.org" },
    BD_APPROVAL_UNVERIFIED_SOURCE },
  { "guess-own-domain", BD_SOURCE_GUESS, BD_TRUST_UNVERIFIED, { "mail.example.org" },
    BD_APPROVAL_UNVERIFIED_SOURCE },
  { "unverified-beats-foreign", BD_SOURCE_MX, BD_TRUST_UNVERIFIED, { "mx.hoster.example" },
    BD_APPROVAL_UNVERIFIED_SOURCE },
};

static void
test_needs_approval (gconstpointer data)
{
  const ApprovalCase *c = data;
  g_autoptr(BdAccountConfig) config = bd_account_config_new ();
  g_autoptr(BdAddress) address = bd_address_parse ("eve@example.org", NULL);

  for (guint i = 0; c->hosts[i] != NULL; i++)
    {
      g_autoptr(BdServer) server = bd_server_new (i == 0 ? BD_PROTOCOL_IMAP : BD_PROTOCOL_SMTP,
                                                  c->hosts[i], i == 0 ? 993 : 465,
                                                  BD_SECURITY_TLS, "eve@example.org");

      bd_account_config_add_server (config, server);
    }
  bd_account_config_set_provenance (config, c->source, "https://example.org/x", c->trust);
  g_assert_cmpint (bd_account_config_needs_approval (config, address), ==, c->expected);
}

static void
test_password_only_over_tls (void)
{
  g_autoptr(BdServer) server = bd_server_new (BD_PROTOCOL_SMTP, "smtp.example.com", 587,
                                              BD_SECURITY_STARTTLS, "u");

  g_assert_true (bd_server_get_allows_password (server));
  bd_server_set_security (server, BD_SECURITY_NONE);
  g_assert_false (bd_server_get_allows_password (server));
  bd_server_set_security (server, BD_SECURITY_TLS);
  bd_server_set_auth (server, BD_AUTH_OAUTH2);
  g_assert_false (bd_server_get_allows_password (server));
  bd_server_set_auth (server, BD_AUTH_OAUTH2 | BD_AUTH_PASSWORD_ENCRYPTED);
  g_assert_true (bd_server_get_allows_password (server));
}

static void
test_server_urls (void)
{
  g_autoptr(BdServer) imaps = bd_server_new (BD_PROTOCOL_IMAP, "imap.example.com", 993,
                                             BD_SECURITY_TLS, NULL);
  g_autoptr(BdServer) submission = bd_server_new (BD_PROTOCOL_SMTP, "smtp.example.com", 587,
                                                  BD_SECURITY_STARTTLS, NULL);
  g_autoptr(BdServer) pop_v6 = bd_server_new (BD_PROTOCOL_POP3, "::1", 995, BD_SECURITY_TLS, NULL);
  g_autoptr(BdServer) relay = bd_server_new (BD_PROTOCOL_SMTP, "relay.example.com", 25,
                                             BD_SECURITY_NONE, NULL);
  g_autofree char *a = bd_server_dup_url (imaps);
  g_autofree char *b = bd_server_dup_url (submission);
  g_autofree char *c = bd_server_dup_url (pop_v6);
  g_autofree char *d = bd_server_dup_url (relay);

  g_assert_cmpstr (a, ==, "imaps://imap.example.com:993");
  g_assert_cmpstr (b, ==, "smtp://smtp.example.com:587");
  g_assert_cmpstr (c, ==, "pop3s://[::1]:995");
  g_assert_cmpstr (d, ==, "smtp://relay.example.com:25;security=none");
}

static void
test_default_ports (void)
{
  g_assert_cmpuint (bd_server_default_port (BD_PROTOCOL_IMAP, BD_SECURITY_TLS), ==, 993);
  g_assert_cmpuint (bd_server_default_port (BD_PROTOCOL_IMAP, BD_SECURITY_STARTTLS), ==, 143);
  g_assert_cmpuint (bd_server_default_port (BD_PROTOCOL_POP3, BD_SECURITY_TLS), ==, 995);
  g_assert_cmpuint (bd_server_default_port (BD_PROTOCOL_POP3, BD_SECURITY_STARTTLS), ==, 110);
  g_assert_cmpuint (bd_server_default_port (BD_PROTOCOL_SMTP, BD_SECURITY_TLS), ==, 465);
  g_assert_cmpuint (bd_server_default_port (BD_PROTOCOL_SMTP, BD_SECURITY_STARTTLS), ==, 587);
}

static void
test_enum_nicks_round_trip (void)
{
  const GType types[] = {
    BD_TYPE_PROTOCOL, BD_TYPE_SECURITY, BD_TYPE_TRUST, BD_TYPE_SOURCE_KIND,
    BD_TYPE_NOTE_KIND, BD_TYPE_SOURCE_OUTCOME,
  };

  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    {
      g_autoptr(GEnumClass) klass = g_type_class_ref (types[t]);

      for (guint i = 0; i < klass->n_values; i++)
        {
          int value = -1;

          g_assert_true (bd_enum_from_nick (types[t], klass->values[i].value_nick, &value));
          g_assert_cmpint (value, ==, klass->values[i].value);
          g_assert_cmpstr (bd_enum_get_nick (types[t], value), ==, klass->values[i].value_nick);
        }
    }
  {
    int value = -1;
    g_assert_false (bd_enum_from_nick (BD_TYPE_PROTOCOL, "gopher", &value));
    g_assert_false (bd_enum_from_nick (BD_TYPE_PROTOCOL, NULL, &value));
  }
}

static void
test_auth_flags_to_nicks (void)
{
  g_auto(GStrv) none = bd_auth_flags_to_nicks (0);
  g_auto(GStrv) two = bd_auth_flags_to_nicks (BD_AUTH_OAUTH2 | BD_AUTH_PASSWORD_CLEARTEXT);

  g_assert_cmpuint (g_strv_length (none), ==, 0);
  g_assert_cmpuint (g_strv_length (two), ==, 2);
  g_assert_cmpstr (two[0], ==, "password-cleartext");
  g_assert_cmpstr (two[1], ==, "oauth2");
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_server_notifies_only_real_changes (void)
{
  g_autoptr(BdServer) server = bd_server_new (BD_PROTOCOL_IMAP, "a.example", 993,
                                              BD_SECURITY_TLS, NULL);
  guint port_changes = 0;
  guint allows_changes = 0;

  g_signal_connect (server, "notify::port", G_CALLBACK (count_notify_cb), &port_changes);
  g_signal_connect (server, "notify::allows-password", G_CALLBACK (count_notify_cb),
                    &allows_changes);
  bd_server_set_port (server, 993);
  g_assert_cmpuint (port_changes, ==, 0);
  bd_server_set_port (server, 143);
  g_assert_cmpuint (port_changes, ==, 1);
  bd_server_set_security (server, BD_SECURITY_NONE);
  g_assert_cmpuint (allows_changes, ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/account-config/servers-sorted-by-direction-in-order",
                   test_servers_are_sorted_by_direction);
  g_test_add_func ("/account-config/expand-copies-everything-and-keeps-template",
                   test_expand_copies_everything);
  for (gsize i = 0; i < G_N_ELEMENTS (approval_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/account-config/needs-approval/%s",
                                               approval_cases[i].name);

      g_test_add_data_func (path, &approval_cases[i], test_needs_approval);
    }
  g_test_add_func ("/server/password-only-over-tls", test_password_only_over_tls);
  g_test_add_func ("/server/urls", test_server_urls);
  g_test_add_func ("/server/default-ports", test_default_ports);
  g_test_add_func ("/enums/nicks-round-trip", test_enum_nicks_round_trip);
  g_test_add_func ("/enums/auth-flags-to-nicks", test_auth_flags_to_nicks);
  g_test_add_func ("/server/notifies-only-real-changes", test_server_notifies_only_real_changes);

  return g_test_run ();
}
