/* test-provider-db.c: the built-in database: every file, every rule, every seed provider
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-error.h"
#include "bd-provider-db.h"

static BdProviderDb *
load_builtin (void)
{
  g_autoptr(GError) error = NULL;
  BdProviderDb *db = bd_provider_db_new_builtin (&error);

  g_assert_no_error (error);
  g_assert_nonnull (db);
  return db;
}

static void
test_every_file_parses (void)
{
  g_autoptr(BdProviderDb) db = load_builtin ();

  g_test_message ("%u providers, %u domains",
                  bd_provider_db_get_providers (db)->len, bd_provider_db_get_n_domains (db));
  g_assert_cmpuint (bd_provider_db_get_providers (db)->len, >=, 50);
  g_assert_cmpuint (bd_provider_db_get_n_domains (db), >=, bd_provider_db_get_providers (db)->len);
}

static void
test_every_provider_has_incoming_and_outgoing (void)
{
  g_autoptr(BdProviderDb) db = load_builtin ();
  GPtrArray *providers = bd_provider_db_get_providers (db);

  for (guint i = 0; i < providers->len; i++)
    {
      BdAccountConfig *config = g_ptr_array_index (providers, i);

      g_test_message ("%s", bd_account_config_get_provider_id (config));
      g_assert_cmpuint (bd_account_config_get_incoming (config)->len, >, 0);
      g_assert_cmpuint (bd_account_config_get_outgoing (config)->len, >, 0);
      g_assert_nonnull (bd_account_config_get_display_name (config));
      g_assert_cmpint (bd_account_config_get_source (config), ==, BD_SOURCE_BUILTIN);
      g_assert_cmpint (bd_account_config_get_trust (config), ==, BD_TRUST_TRUSTED);
      g_assert_true (g_str_has_prefix (bd_account_config_get_source_url (config),
                                       "resource:///io/github/brevduva/Brevduva/providers/"));
    }
}

/* Every server uses TLS or STARTTLS; one without either is kept only when it
 * takes no password at all, and then never gets one. */
static void
assert_server_is_safe (BdAccountConfig *config,
                       BdServer        *server)
{
  if (bd_server_get_security (server) != BD_SECURITY_NONE)
    return;

  g_test_message ("%s: %s has no TLS", bd_account_config_get_provider_id (config),
                  bd_server_get_hostname (server));
  g_assert_false (bd_server_get_allows_password (server));
  g_assert_cmpint (bd_server_get_auth (server) & ~(BD_AUTH_NONE | BD_AUTH_CLIENT_IP_ADDRESS),
                   ==, 0);
  g_assert_nonnull (bd_account_config_find_note (config, BD_NOTE_INSECURE_SERVER));
}

static void
test_every_server_uses_tls_or_takes_no_password (void)
{
  g_autoptr(BdProviderDb) db = load_builtin ();
  GPtrArray *providers = bd_provider_db_get_providers (db);

  for (guint i = 0; i < providers->len; i++)
    {
      BdAccountConfig *config = g_ptr_array_index (providers, i);

      for (guint j = 0; j < bd_account_config_get_incoming (config)->len; j++)
        assert_server_is_safe (config, g_ptr_array_index (bd_account_config_get_incoming (config), j));
      for (guint j = 0; j < bd_account_config_get_outgoing (config)->len; j++)
        assert_server_is_safe (config, g_ptr_array_index (bd_account_config_get_outgoing (config), j));
    }
}

static void
test_every_note_has_a_link (void)
{
  g_autoptr(BdProviderDb) db = load_builtin ();
  GPtrArray *providers = bd_provider_db_get_providers (db);

  for (guint i = 0; i < providers->len; i++)
    {
      BdAccountConfig *config = g_ptr_array_index (providers, i);
      GPtrArray *notes = bd_account_config_get_notes (config);

      for (guint j = 0; j < notes->len; j++)
        {
          const BdNote *note = g_ptr_array_index (notes, j);
          BdNoteKind kind = bd_note_get_kind (note);

          if (kind == BD_NOTE_INSECURE_SERVER || kind == BD_NOTE_OAUTH2)
            continue;
          g_test_message ("%s: %s", bd_account_config_get_provider_id (config),
                          bd_enum_get_nick (BD_TYPE_NOTE_KIND, kind));
          g_assert_true (g_str_has_prefix (bd_note_get_url (note), "https://"));
        }
    }
}

typedef struct
{
  const char *domain;
  BdProtocol protocol;
  const char *hostname;
  guint16 port;
  BdSecurity security;
} Seed;

/* The providers a person is most likely to have, and the servers named in
 * the product's origin. */
static const Seed seeds[] = {
  { "gmail.com", BD_PROTOCOL_IMAP, "imap.gmail.com", 993, BD_SECURITY_TLS },
  { "gmail.com", BD_PROTOCOL_POP3, "pop.gmail.com", 995, BD_SECURITY_TLS },
  { "gmail.com", BD_PROTOCOL_SMTP, "smtp.gmail.com", 465, BD_SECURITY_TLS },
  { "gmail.com", BD_PROTOCOL_SMTP, "smtp.gmail.com", 587, BD_SECURITY_STARTTLS },
  { "googlemail.com", BD_PROTOCOL_IMAP, "imap.gmail.com", 993, BD_SECURITY_TLS },
  { "hotmail.com", BD_PROTOCOL_IMAP, "outlook.office365.com", 993, BD_SECURITY_TLS },
  { "hotmail.com", BD_PROTOCOL_SMTP, "smtp-mail.outlook.com", 587, BD_SECURITY_STARTTLS },
  { "outlook.com", BD_PROTOCOL_IMAP, "outlook.office365.com", 993, BD_SECURITY_TLS },
  { "live.com", BD_PROTOCOL_SMTP, "smtp-mail.outlook.com", 587, BD_SECURITY_STARTTLS },
  { "msn.com", BD_PROTOCOL_IMAP, "outlook.office365.com", 993, BD_SECURITY_TLS },
  { "yahoo.com", BD_PROTOCOL_IMAP, "imap.mail.yahoo.com", 993, BD_SECURITY_TLS },
  { "yahoo.com", BD_PROTOCOL_SMTP, "smtp.mail.yahoo.com", 465, BD_SECURITY_TLS },
  { "icloud.com", BD_PROTOCOL_IMAP, "imap.mail.me.com", 993, BD_SECURITY_TLS },
  { "me.com", BD_PROTOCOL_SMTP, "smtp.mail.me.com", 587, BD_SECURITY_STARTTLS },
  { "aol.com", BD_PROTOCOL_IMAP, "imap.aol.com", 993, BD_SECURITY_TLS },
  { "aol.com", BD_PROTOCOL_SMTP, "smtp.aol.com", 465, BD_SECURITY_TLS },
  { "gmx.net", BD_PROTOCOL_IMAP, "imap.gmx.net", 993, BD_SECURITY_TLS },
  { "gmx.de", BD_PROTOCOL_SMTP, "mail.gmx.net", 465, BD_SECURITY_TLS },
  { "web.de", BD_PROTOCOL_IMAP, "imap.web.de", 993, BD_SECURITY_TLS },
  { "web.de", BD_PROTOCOL_SMTP, "smtp.web.de", 587, BD_SECURITY_STARTTLS },
  { "t-online.de", BD_PROTOCOL_IMAP, "secureimap.t-online.de", 993, BD_SECURITY_TLS },
  { "t-online.de", BD_PROTOCOL_SMTP, "securesmtp.t-online.de", 465, BD_SECURITY_TLS },
  { "orange.fr", BD_PROTOCOL_IMAP, "imap.orange.fr", 993, BD_SECURITY_TLS },
  { "orange.fr", BD_PROTOCOL_SMTP, "smtp.orange.fr", 465, BD_SECURITY_TLS },
  { "free.fr", BD_PROTOCOL_IMAP, "imap.free.fr", 993, BD_SECURITY_TLS },
  { "free.fr", BD_PROTOCOL_SMTP, "smtp.free.fr", 465, BD_SECURITY_TLS },
  { "mail.ru", BD_PROTOCOL_IMAP, "imap.mail.ru", 993, BD_SECURITY_TLS },
  { "mail.ru", BD_PROTOCOL_SMTP, "smtp.mail.ru", 465, BD_SECURITY_TLS },
  { "yandex.ru", BD_PROTOCOL_IMAP, "imap.yandex.com", 993, BD_SECURITY_TLS },
  { "yandex.ru", BD_PROTOCOL_SMTP, "smtp.yandex.com", 465, BD_SECURITY_TLS },
  { "fastmail.com", BD_PROTOCOL_IMAP, "imap.fastmail.com", 993, BD_SECURITY_TLS },
  { "fastmail.com", BD_PROTOCOL_SMTP, "smtp.fastmail.com", 465, BD_SECURITY_TLS },
  { "zoho.com", BD_PROTOCOL_IMAP, "imap.zoho.com", 993, BD_SECURITY_TLS },
  { "zoho.com", BD_PROTOCOL_SMTP, "smtp.zoho.com", 465, BD_SECURITY_TLS },
  { "proton.me", BD_PROTOCOL_IMAP, "127.0.0.1", 1143, BD_SECURITY_STARTTLS },
  { "protonmail.com", BD_PROTOCOL_SMTP, "127.0.0.1", 1025, BD_SECURITY_STARTTLS },
  { "posteo.de", BD_PROTOCOL_IMAP, "posteo.de", 993, BD_SECURITY_TLS },
  { "mailbox.org", BD_PROTOCOL_IMAP, "imap.mailbox.org", 993, BD_SECURITY_TLS },
  { "mailbox.org", BD_PROTOCOL_SMTP, "smtp.mailbox.org", 465, BD_SECURITY_TLS },
  { "qq.com", BD_PROTOCOL_IMAP, "imap.qq.com", 993, BD_SECURITY_TLS },
  { "qq.com", BD_PROTOCOL_SMTP, "smtp.qq.com", 465, BD_SECURITY_TLS },
  { "163.com", BD_PROTOCOL_IMAP, "imap.163.com", 993, BD_SECURITY_TLS },
  { "163.com", BD_PROTOCOL_SMTP, "smtp.163.com", 465, BD_SECURITY_TLS },
  { "naver.com", BD_PROTOCOL_IMAP, "imap.naver.com", 993, BD_SECURITY_TLS },
  { "comcast.net", BD_PROTOCOL_IMAP, "imap.comcast.net", 993, BD_SECURITY_TLS },
  { "comcast.net", BD_PROTOCOL_SMTP, "smtp.comcast.net", 587, BD_SECURITY_STARTTLS },
  { "telia.com", BD_PROTOCOL_IMAP, "mailin.telia.com", 993, BD_SECURITY_TLS },
  { "videotron.ca", BD_PROTOCOL_SMTP, "relais.videotron.ca", 25, BD_SECURITY_NONE },
};

static gboolean
has_server (GPtrArray  *servers,
            const Seed *seed)
{
  for (guint i = 0; i < servers->len; i++)
    {
      BdServer *server = g_ptr_array_index (servers, i);

      if (bd_server_get_protocol (server) == seed->protocol &&
          g_strcmp0 (bd_server_get_hostname (server), seed->hostname) == 0 &&
          bd_server_get_port (server) == seed->port &&
          bd_server_get_security (server) == seed->security)
        return TRUE;
    }
  return FALSE;
}

static void
test_seed_provider (gconstpointer data)
{
  const Seed *seed = data;
  g_autoptr(BdProviderDb) db = load_builtin ();
  BdAccountConfig *config = bd_provider_db_lookup (db, seed->domain);

  g_assert_nonnull (config);
  g_assert_true (has_server (seed->protocol == BD_PROTOCOL_SMTP
                               ? bd_account_config_get_outgoing (config)
                               : bd_account_config_get_incoming (config),
                             seed));
}

static void
test_hotmail_uses_todays_servers (void)
{
  g_autoptr(BdProviderDb) db = load_builtin ();
  BdAccountConfig *config = bd_provider_db_lookup (db, "hotmail.com");
  GPtrArray *outgoing = bd_account_config_get_outgoing (config);

  for (guint i = 0; i < outgoing->len; i++)
    g_assert_cmpstr (bd_server_get_hostname (g_ptr_array_index (outgoing, i)), !=, "smtp.live.com");
}

typedef struct
{
  const char *domain;
  BdNoteKind kind;
} RequiredNote;

static const RequiredNote required_notes[] = {
  { "gmail.com", BD_NOTE_APP_PASSWORD },
  { "yahoo.com", BD_NOTE_APP_PASSWORD },
  { "icloud.com", BD_NOTE_APP_PASSWORD },
  { "aol.com", BD_NOTE_APP_PASSWORD },
  { "hotmail.com", BD_NOTE_OAUTH2_ONLY },
  { "outlook.com", BD_NOTE_OAUTH2_ONLY },
  { "proton.me", BD_NOTE_BRIDGE },
  { "gmx.net", BD_NOTE_ENABLE_IMAP },
  { "web.de", BD_NOTE_ENABLE_IMAP },
  { "videotron.ca", BD_NOTE_INSECURE_SERVER },
};

static void
test_required_note (gconstpointer data)
{
  const RequiredNote *required = data;
  g_autoptr(BdProviderDb) db = load_builtin ();
  BdAccountConfig *config = bd_provider_db_lookup (db, required->domain);

  g_assert_nonnull (config);
  g_assert_nonnull (bd_account_config_find_note (config, required->kind));
}

static void
test_lookup_ignores_case (void)
{
  g_autoptr(BdProviderDb) db = load_builtin ();

  g_assert_true (bd_provider_db_lookup (db, "GMail.COM") == bd_provider_db_lookup (db, "gmail.com"));
  g_assert_null (bd_provider_db_lookup (db, "brevduva-test.example"));
}

static GBytes *
tiny_document (const char *domain)
{
  g_autofree char *text = g_strdup_printf (
    "<clientConfig version=\"1.1\"><emailProvider id=\"%s\"><domain>%s</domain>"
    "<incomingServer type=\"imap\"><hostname>imap.%s</hostname><port>993</port>"
    "<socketType>SSL</socketType><username>%%EMAILADDRESS%%</username></incomingServer>"
    "</emailProvider></clientConfig>", domain, domain, domain);

  return g_bytes_new (text, strlen (text));
}

static void
test_duplicate_domain_is_refused (void)
{
  g_autoptr(BdProviderDb) db = bd_provider_db_new ();
  g_autoptr(GBytes) first = tiny_document ("dup.example");
  g_autoptr(GBytes) second = tiny_document ("dup.example");
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_provider_db_add_document (db, "test:first", first, &error));
  g_assert_no_error (error);
  g_assert_false (bd_provider_db_add_document (db, "test:second", second, &error));
  g_assert_error (error, BD_ERROR, BD_ERROR_CONFIG_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "dup.example"));
  g_assert_nonnull (strstr (error->message, "test:first"));
  /* The first stays; the second was not half-added. */
  g_assert_cmpstr (bd_account_config_get_source_url (bd_provider_db_lookup (db, "dup.example")),
                   ==, "test:first");
  g_assert_cmpuint (bd_provider_db_get_providers (db)->len, ==, 1);
}

static void
test_broken_document_names_its_file (void)
{
  g_autoptr(BdProviderDb) db = bd_provider_db_new ();
  g_autoptr(GBytes) broken = g_bytes_new_static ("<clientConfig>", 14);
  g_autoptr(GError) error = NULL;

  g_assert_false (bd_provider_db_add_document (db, "test:broken", broken, &error));
  g_assert_error (error, BD_ERROR, BD_ERROR_CONFIG_MALFORMED);
  g_assert_true (g_str_has_prefix (error->message, "test:broken: "));
}

static void
test_default_is_shared (void)
{
  g_assert_true (bd_provider_db_get_default () == bd_provider_db_get_default ());
  g_assert_nonnull (bd_provider_db_lookup (bd_provider_db_get_default (), "gmail.com"));
}

/* The shared database parses a document when one of its domains is first
 * looked up, by the build's index: every domain must come back with the
 * settings of the document that names it, from a database that had
 * parsed nothing yet, and an unknown domain with none. */
static void
test_index_answers_as_the_whole (void)
{
  g_autoptr(BdProviderDb) whole = load_builtin ();
  GPtrArray *providers = bd_provider_db_get_providers (whole);
  guint domains = 0;

  for (guint i = 0; i < providers->len; i++)
    {
      BdAccountConfig *config = g_ptr_array_index (providers, i);
      GPtrArray *names = bd_account_config_get_domains (config);

      for (guint j = 0; j < names->len; j++)
        {
          g_autoptr(BdProviderDb) indexed = bd_provider_db_new_builtin_indexed ();
          g_autofree char *upper = g_ascii_strup (g_ptr_array_index (names, j), -1);
          BdAccountConfig *found = bd_provider_db_lookup (indexed, upper);

          g_assert_nonnull (found);
          g_assert_cmpstr (bd_account_config_get_source_url (found), ==,
                           bd_account_config_get_source_url (config));
          domains++;
        }
    }
  g_assert_cmpuint (domains, ==, bd_provider_db_get_n_domains (whole));

  {
    g_autoptr(BdProviderDb) indexed = bd_provider_db_new_builtin_indexed ();

    g_assert_null (bd_provider_db_lookup (indexed, "example.invalid"));
    g_assert_null (bd_provider_db_lookup (indexed, "mail.gmail.com"));
    /* A question about the whole parses the whole. */
    g_assert_cmpuint (bd_provider_db_get_n_domains (indexed), ==,
                      bd_provider_db_get_n_domains (whole));
    g_assert_cmpuint (bd_provider_db_get_providers (indexed)->len, ==, providers->len);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/provider-db/builtin/every-file-parses", test_every_file_parses);
  g_test_add_func ("/provider-db/builtin/every-provider-has-incoming-and-outgoing",
                   test_every_provider_has_incoming_and_outgoing);
  g_test_add_func ("/provider-db/builtin/every-server-uses-tls-or-takes-no-password",
                   test_every_server_uses_tls_or_takes_no_password);
  g_test_add_func ("/provider-db/builtin/every-note-links-to-https",
                   test_every_note_has_a_link);
  g_test_add_func ("/provider-db/builtin/hotmail-uses-todays-servers",
                   test_hotmail_uses_todays_servers);
  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    {
      g_autofree char *path = g_strdup_printf ("/provider-db/seed/%s/%s-%s-%u", seeds[i].domain,
                                               bd_enum_get_nick (BD_TYPE_PROTOCOL, seeds[i].protocol),
                                               seeds[i].hostname, seeds[i].port);
      g_test_add_data_func (path, &seeds[i], test_seed_provider);
    }
  for (guint i = 0; i < G_N_ELEMENTS (required_notes); i++)
    {
      g_autofree char *path = g_strdup_printf ("/provider-db/note/%s/%s", required_notes[i].domain,
                                               bd_enum_get_nick (BD_TYPE_NOTE_KIND,
                                                                 required_notes[i].kind));
      g_test_add_data_func (path, &required_notes[i], test_required_note);
    }
  g_test_add_func ("/provider-db/lookup-ignores-case", test_lookup_ignores_case);
  g_test_add_func ("/provider-db/duplicate-domain-is-refused", test_duplicate_domain_is_refused);
  g_test_add_func ("/provider-db/broken-document-names-its-file",
                   test_broken_document_names_its_file);
  g_test_add_func ("/provider-db/default-is-shared", test_default_is_shared);
  g_test_add_func ("/provider-db/builtin/index-answers-as-the-whole",
                   test_index_answers_as_the_whole);

  return g_test_run ();
}
