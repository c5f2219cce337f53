/* test-autoconfig-parser.c: clientConfig documents, complete, odd and hostile
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-autoconfig-parser.h"
#include "bd-error.h"

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define PROVIDER_START \
  "<clientConfig version=\"1.1\">\n" \
  "  <emailProvider id=\"example.com\">\n" \
  "    <domain>example.com</domain>\n"
#define PROVIDER_END \
  "  </emailProvider>\n" \
  "</clientConfig>\n"
/* A document with the given children of <emailProvider> after its domain. */
#define DOC(children) XML_DECL PROVIDER_START children PROVIDER_END
#define SERVER(element, type, children) \
  "<" element " type=\"" type "\">" children "</" element ">\n"
#define IMAP(children) SERVER ("incomingServer", "imap", children)
#define SMTP(children) SERVER ("outgoingServer", "smtp", children)
#define IMAP_SERVER \
  IMAP ("<hostname>imap.example.com</hostname><port>993</port>" \
        "<socketType>SSL</socketType><username>%EMAILADDRESS%</username>")
#define REQUIREMENT(kind) \
  "<requirement xmlns=\"" BD_PROVIDER_NS "\" kind=\"" kind "\"" \
  " url=\"https://example.com/help/" kind "\"/>\n"
/* A string literal with its length, for the tables: some hold NUL bytes. */
#define WITH_LEN(literal) literal, sizeof (literal) - 1

/* Copies exactly @len bytes, without a terminating NUL, so that a parser
 * reading past the end of its input is caught by valgrind and ASan. */
static GBytes *
bytes_new (const char *data,
           gsize       len)
{
  return g_bytes_new (data, len);
}

static BdAccountConfig *
parse_ok_len (const char *data,
              gsize       len)
{
  g_autoptr(GBytes) bytes = bytes_new (data, len);
  g_autoptr(GError) error = NULL;
  BdAccountConfig *config;

  config = bd_autoconfig_parse (bytes, &error);
  g_assert_no_error (error);
  g_assert_true (BD_IS_ACCOUNT_CONFIG (config));
  return config;
}

static BdAccountConfig *
parse_ok (const char *text)
{
  return parse_ok_len (text, strlen (text));
}

static void
assert_parse_fails_len (const char  *data,
                        gsize        len,
                        BdErrorCode  code,
                        const char  *mention)
{
  g_autoptr(GBytes) bytes = bytes_new (data, len);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdAccountConfig) config = NULL;

  config = bd_autoconfig_parse (bytes, &error);
  g_assert_error (error, BD_ERROR, (int) code);
  g_assert_null (config);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (mention != NULL && strstr (error->message, mention) == NULL)
    g_error ("message “%s” does not mention “%s”", error->message, mention);
}

static void
assert_server (BdServer    *server,
               BdProtocol   protocol,
               const char  *hostname,
               guint16      port,
               BdSecurity   security,
               const char  *username,
               BdAuthFlags  auth)
{
  g_assert_true (BD_IS_SERVER (server));
  g_assert_cmpint (bd_server_get_protocol (server), ==, protocol);
  g_assert_cmpstr (bd_server_get_hostname (server), ==, hostname);
  g_assert_cmpuint (bd_server_get_port (server), ==, port);
  g_assert_cmpint (bd_server_get_security (server), ==, security);
  g_assert_cmpstr (bd_server_get_username (server), ==, username);
  g_assert_cmphex (bd_server_get_auth (server), ==, auth);
}

static void
assert_note (BdAccountConfig *config,
             guint            index,
             BdNoteKind       kind,
             const char      *text,
             const char      *url)
{
  GPtrArray *notes = bd_account_config_get_notes (config);
  const BdNote *note;

  g_assert_cmpuint (index, <, notes->len);
  note = g_ptr_array_index (notes, index);
  g_assert_cmpint (bd_note_get_kind (note), ==, kind);
  g_assert_cmpstr (bd_note_get_text (note), ==, text);
  g_assert_cmpstr (bd_note_get_url (note), ==, url);
}

static BdServer *
only_incoming (BdAccountConfig *config)
{
  GPtrArray *incoming = bd_account_config_get_incoming (config);

  g_assert_cmpuint (incoming->len, ==, 1);
  return g_ptr_array_index (incoming, 0);
}

/* One document with every field of the format */

static const char full_document[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<!-- Written for Brevduva's tests; every field of clientConfig v1.1. -->\n"
  "<?xml-stylesheet type=\"text/xsl\" href=\"https://example.com/style.xsl\"?>\n"
  "<clientConfig version=\"1.1\">\n"
  "  <emailProvider id=\"example.com\">\n"
  "    <domain>example.com</domain>\n"
  "    <domain>  Example.NET\n  </domain>\n"
  "    <domain>exempel.åäö.se</domain>\n"
  "    <displayName>Exempel &amp; Co. Mail – Sverige</displayName>\n"
  "    <displayShortName>Exempel</displayShortName>\n"
  "    <incomingServer type=\"imap\">\n"
  "      <hostname>imap.example.com</hostname>\n"
  "      <port>993</port>\n"
  "      <socketType>SSL</socketType>\n"
  "      <username>%EMAILADDRESS%</username>\n"
  "      <authentication>password-cleartext</authentication>\n"
  "      <authentication>OAuth2</authentication>\n"
  "      <password>hunter2</password>\n"
  "    </incomingServer>\n"
  "    <incomingServer type=\"exchange\">\n"
  "      <hostname>outlook.example.com</hostname>\n"
  "      <port>443</port>\n"
  "      <socketType>SSL</socketType>\n"
  "      <username>%EMAILADDRESS%</username>\n"
  "      <authentication>OAuth2</authentication>\n"
  "      <owaURL>https://outlook.example.com/owa/</owaURL>\n"
  "      <ewsURL>https://outlook.example.com/ews/exchange.asmx</ewsURL>\n"
  "    </incomingServer>\n"
  "    <incomingServer type=\"imap\">\n"
  "      <hostname>imap.%EMAILDOMAIN%</hostname>\n"
  "      <port>143</port>\n"
  "      <socketType>STARTTLS</socketType>\n"
  "      <username>%EMAILLOCALPART%</username>\n"
  "      <authentication>password-encrypted</authentication>\n"
  "      <authentication>GSSAPI</authentication>\n"
  "      <authentication>NTLM</authentication>\n"
  "    </incomingServer>\n"
  "    <incomingServer type=\"pop3\">\n"
  "      <hostname>pop.example.com</hostname>\n"
  "      <port>995</port>\n"
  "      <socketType>ssl</socketType>\n"
  "      <username>%EMAILLOCALPART%@%EMAILDOMAIN%</username>\n"
  "      <authentication>plain</authentication>\n"
  "      <authentication>secure</authentication>\n"
  "      <authentication>TLS-client-cert</authentication>\n"
  "      <authentication>x-carrier-pigeon</authentication>\n"
  "      <pop3>\n"
  "        <leaveMessagesOnServer>true</leaveMessagesOnServer>\n"
  "        <downloadOnBiff>true</downloadOnBiff>\n"
  "        <daysToLeaveMessagesOnServer>14</daysToLeaveMessagesOnServer>\n"
  "        <checkInterval minutes=\"15\"/>\n"
  "      </pop3>\n"
  "    </incomingServer>\n"
  "    <outgoingServer type=\"smtp\">\n"
  "      <hostname>smtp.example.com</hostname>\n"
  "      <port>465</port>\n"
  "      <socketType>SSL</socketType>\n"
  "      <username>%EMAILADDRESS%</username>\n"
  "      <password>hunter2</password>\n"
  "      <addThisServer>true</addThisServer>\n"
  "      <useGlobalPreferredServer>false</useGlobalPreferredServer>\n"
  "    </outgoingServer>\n"
  "    <outgoingServer type=\"smtp\">\n"
  "      <hostname>relay.example.com</hostname>\n"
  "      <port>25</port>\n"
  "      <socketType>plain</socketType>\n"
  "      <authentication>none</authentication>\n"
  "      <restriction>client-IP-address</restriction>\n"
  "    </outgoingServer>\n"
  "    <identity/>\n"
  "    <inputField key=\"USERNAME\" label=\"Login name\">alice</inputField>\n"
  "    <documentation url=\"https://example.com/help/mail\">\n"
  "      <descr lang=\"de\">E-Mail-Programm einrichten</descr>\n"
  "      <descr lang=\"en\">Setting up your mail program</descr>\n"
  "      <descr lang=\"sv\">Ställ in ditt e-postprogram</descr>\n"
  "    </documentation>\n"
  "    <enable visiturl=\"https://example.com/settings/imap\">\n"
  "      <instruction lang=\"sv\">Slå på IMAP i inställningarna.</instruction>\n"
  "      <instruction lang=\"en\">Turn on IMAP in the settings.</instruction>\n"
  "    </enable>\n"
  "    <instructions>\n"
  "      <descr lang=\"en\">Ignored: free-form instructions.</descr>\n"
  "    </instructions>\n"
  "    <requirement xmlns=\"" BD_PROVIDER_NS "\" kind=\"app-password\"\n"
  "                 url=\"https://example.com/help/app-password\">\n"
  "      Create an app password first.\n"
  "    </requirement>\n"
  "    " REQUIREMENT ("oauth2")
  "    " REQUIREMENT ("enable-imap")
  "    " REQUIREMENT ("enable-pop")
  "    <bd:requirement xmlns:bd=\"" BD_PROVIDER_NS "\" kind=\"bridge\"\n"
  "                    url=\"https://example.com/help/bridge\"/>\n"
  "    <requirement kind=\"app-password\">Not in Brevduva's namespace: ignored.</requirement>\n"
  "  </emailProvider>\n"
  "  <oAuth2>\n"
  "    <issuer>login.example.com</issuer>\n"
  "    <scope>https://mail.example.com/ offline_access</scope>\n"
  "    <authURL>https://login.example.com/authorize</authURL>\n"
  "    <tokenURL>https://login.example.com/token</tokenURL>\n"
  "  </oAuth2>\n"
  "  <webMail>\n"
  "    <loginPage url=\"https://mail.example.com/\"/>\n"
  "  </webMail>\n"
  "  <clientConfigUpdate url=\"https://example.com/config-v1.1.xml\"/>\n"
  "</clientConfig>\n";

static void
assert_no_secret (const char *value)
{
  g_assert_true (value == NULL || strstr (value, "hunter2") == NULL);
}

static void
test_full_document (void)
{
  BdAccountConfig *config = parse_ok (full_document);
  GPtrArray *domains = bd_account_config_get_domains (config);
  GPtrArray *incoming = bd_account_config_get_incoming (config);
  GPtrArray *outgoing = bd_account_config_get_outgoing (config);
  GPtrArray *notes = bd_account_config_get_notes (config);

  g_assert_cmpstr (bd_account_config_get_provider_id (config), ==, "example.com");
  g_assert_cmpstr (bd_account_config_get_display_name (config), ==,
                   "Exempel & Co. Mail – Sverige");
  g_assert_cmpstr (bd_account_config_get_short_name (config), ==, "Exempel");

  g_assert_cmpuint (domains->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (domains, 0), ==, "example.com");
  g_assert_cmpstr (g_ptr_array_index (domains, 1), ==, "example.net");
  g_assert_cmpstr (g_ptr_array_index (domains, 2), ==, "exempel.xn--4cab6c.se");

  /* In document order; the exchange server is left out. */
  g_assert_cmpuint (incoming->len, ==, 3);
  assert_server (g_ptr_array_index (incoming, 0), BD_PROTOCOL_IMAP, "imap.example.com", 993,
                 BD_SECURITY_TLS, "%EMAILADDRESS%",
                 BD_AUTH_PASSWORD_CLEARTEXT | BD_AUTH_OAUTH2);
  assert_server (g_ptr_array_index (incoming, 1), BD_PROTOCOL_IMAP, "imap.%EMAILDOMAIN%", 143,
                 BD_SECURITY_STARTTLS, "%EMAILLOCALPART%",
                 BD_AUTH_PASSWORD_ENCRYPTED | BD_AUTH_GSSAPI | BD_AUTH_NTLM);
  assert_server (g_ptr_array_index (incoming, 2), BD_PROTOCOL_POP3, "pop.example.com", 995,
                 BD_SECURITY_TLS, "%EMAILLOCALPART%@%EMAILDOMAIN%",
                 BD_AUTH_PASSWORD_CLEARTEXT | BD_AUTH_PASSWORD_ENCRYPTED |
                 BD_AUTH_TLS_CLIENT_CERT);

  g_assert_cmpuint (outgoing->len, ==, 2);
  /* No <authentication>: the format's default, a password. */
  assert_server (g_ptr_array_index (outgoing, 0), BD_PROTOCOL_SMTP, "smtp.example.com", 465,
                 BD_SECURITY_TLS, "%EMAILADDRESS%", BD_AUTH_PASSWORD_CLEARTEXT);
  assert_server (g_ptr_array_index (outgoing, 1), BD_PROTOCOL_SMTP, "relay.example.com", 25,
                 BD_SECURITY_NONE, NULL, BD_AUTH_NONE | BD_AUTH_CLIENT_IP_ADDRESS);

  for (guint i = 0; i < incoming->len; i++)
    {
      BdServer *server = g_ptr_array_index (incoming, i);

      g_assert_true (bd_server_is_incoming (server));
      g_assert_true (bd_server_get_allows_password (server));
      assert_no_secret (bd_server_get_hostname (server));
      assert_no_secret (bd_server_get_username (server));
    }
  g_assert_false (bd_server_is_incoming (g_ptr_array_index (outgoing, 0)));
  g_assert_true (bd_server_get_allows_password (g_ptr_array_index (outgoing, 0)));
  g_assert_false (bd_server_get_allows_password (g_ptr_array_index (outgoing, 1)));

  /* The notes in document order, then those the parser derives. */
  g_assert_cmpuint (notes->len, ==, 9);
  assert_note (config, 0, BD_NOTE_DOCUMENTATION, "Setting up your mail program",
               "https://example.com/help/mail");
  assert_note (config, 1, BD_NOTE_ENABLE, "Turn on IMAP in the settings.",
               "https://example.com/settings/imap");
  assert_note (config, 2, BD_NOTE_APP_PASSWORD, "Create an app password first.",
               "https://example.com/help/app-password");
  assert_note (config, 3, BD_NOTE_OAUTH2_ONLY, NULL, "https://example.com/help/oauth2");
  assert_note (config, 4, BD_NOTE_ENABLE_IMAP, NULL, "https://example.com/help/enable-imap");
  assert_note (config, 5, BD_NOTE_ENABLE_POP, NULL, "https://example.com/help/enable-pop");
  assert_note (config, 6, BD_NOTE_BRIDGE, NULL, "https://example.com/help/bridge");
  assert_note (config, 7, BD_NOTE_OAUTH2, NULL, NULL);
  assert_note (config, 8, BD_NOTE_INSECURE_SERVER, NULL, NULL);
  for (guint i = 0; i < notes->len; i++)
    assert_no_secret (bd_note_get_text (g_ptr_array_index (notes, i)));

  /* Provenance is the caller's to set. */
  g_assert_null (bd_account_config_get_source_url (config));

  g_assert_finalize_object (config);
}

/* Expanding the parsed settings for an address is what the rest of the
 * engine does with them; the placeholders must have survived for that. */
static void
test_full_document_expands (void)
{
  BdAccountConfig *config = parse_ok (full_document);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdAddress) address = bd_address_parse ("Anna@Exempel.ÅÄÖ.se", &error);
  BdAccountConfig *expanded;
  GPtrArray *incoming;

  g_assert_no_error (error);
  expanded = bd_account_config_expand (config, address);
  incoming = bd_account_config_get_incoming (expanded);
  g_assert_cmpuint (incoming->len, ==, 3);
  g_assert_cmpstr (bd_server_get_username (g_ptr_array_index (incoming, 0)), ==,
                   "Anna@exempel.xn--4cab6c.se");
  g_assert_cmpstr (bd_server_get_hostname (g_ptr_array_index (incoming, 1)), ==,
                   "imap.exempel.xn--4cab6c.se");
  g_assert_cmpstr (bd_server_get_username (g_ptr_array_index (incoming, 1)), ==, "Anna");

  /* The parsed original keeps its placeholders. */
  incoming = bd_account_config_get_incoming (config);
  g_assert_cmpstr (bd_server_get_hostname (g_ptr_array_index (incoming, 1)), ==,
                   "imap.%EMAILDOMAIN%");

  g_assert_finalize_object (expanded);
  g_assert_finalize_object (config);
}

/* Smaller documents, each proving one rule */

static void
test_default_provider_id_and_name (void)
{
  BdAccountConfig *config = parse_ok (XML_DECL
                                      "<clientConfig version=\"1.1\"><emailProvider>"
                                      "<domain>Mail.Example.ORG</domain>"
                                      "<domain>example.org</domain>"
                                      IMAP_SERVER
                                      "</emailProvider></clientConfig>");

  g_assert_cmpstr (bd_account_config_get_provider_id (config), ==, "mail.example.org");
  g_assert_cmpstr (bd_account_config_get_display_name (config), ==, "mail.example.org");
  g_assert_null (bd_account_config_get_short_name (config));
  g_assert_cmpuint (bd_account_config_get_notes (config)->len, ==, 0);
  g_assert_finalize_object (config);
}

static void
test_outgoing_only_is_enough (void)
{
  BdAccountConfig *config = parse_ok (DOC (SMTP ("<hostname>smtp.example.com</hostname>"
                                                 "<port>587</port>"
                                                 "<socketType>STARTTLS</socketType>"
                                                 "<username>%EMAILADDRESS%</username>")));

  g_assert_cmpuint (bd_account_config_get_incoming (config)->len, ==, 0);
  g_assert_cmpuint (bd_account_config_get_outgoing (config)->len, ==, 1);
  g_assert_finalize_object (config);
}

static void
test_cdata_in_hostname (void)
{
  BdAccountConfig *config = parse_ok (DOC (IMAP ("<hostname><![CDATA[imap.example.com]]>"
                                                 "</hostname><port>993</port>"
                                                 "<socketType><![CDATA[SSL]]></socketType>"
                                                 "<username><![CDATA[%EMAILADDRESS%]]>"
                                                 "</username>")));

  assert_server (only_incoming (config), BD_PROTOCOL_IMAP, "imap.example.com", 993,
                 BD_SECURITY_TLS, "%EMAILADDRESS%", BD_AUTH_PASSWORD_CLEARTEXT);
  g_assert_finalize_object (config);
}

static void
test_whitespace_around_values_trimmed (void)
{
  BdAccountConfig *config = parse_ok (DOC (IMAP ("<hostname>\n\t  imap.example.com \r\n"
                                                 "</hostname>"
                                                 "<port> 993\n</port>"
                                                 "<socketType>\tSSL </socketType>"
                                                 "<username>\n  %EMAILADDRESS%\n</username>"
                                                 "<authentication> password-encrypted\n"
                                                 "</authentication>")
                                           "<documentation url=\"  https://example.com/help \">"
                                           "<descr lang=\" en \">\n  Help  \n</descr>"
                                           "</documentation>"));

  assert_server (only_incoming (config), BD_PROTOCOL_IMAP, "imap.example.com", 993,
                 BD_SECURITY_TLS, "%EMAILADDRESS%", BD_AUTH_PASSWORD_ENCRYPTED);
  assert_note (config, 0, BD_NOTE_DOCUMENTATION, "Help", "https://example.com/help");
  g_assert_finalize_object (config);
}

static void
test_comments_and_processing_instructions_ignored (void)
{
  BdAccountConfig *config = parse_ok ("<?xml version=\"1.0\"?>\n"
                                      "<!-- before -->\n"
                                      "<?some-tool with=\"data\"?>\n"
                                      "<clientConfig version=\"1.1\">\n"
                                      "<!-- inside -->\n"
                                      "<emailProvider id=\"example.com\">"
                                      "<?pi?><domain><!-- c -->example.com<?pi?></domain>"
                                      "<!-- <incomingServer type=\"pop3\"><hostname>x</hostname>"
                                      "</incomingServer> -->"
                                      IMAP ("<hostname>imap.<!-- not a comment in the name -->"
                                            "example.com<?pi x?></hostname>"
                                            "<port><!-- c -->993</port>"
                                            "<socketType>SSL<!-- c --></socketType>"
                                            "<username>%EMAILADDRESS%</username>")
                                      "</emailProvider>\n"
                                      "</clientConfig>\n"
                                      "<!-- after -->\n"
                                      "<?after?>\n");

  g_assert_cmpstr (g_ptr_array_index (bd_account_config_get_domains (config), 0), ==,
                   "example.com");
  assert_server (only_incoming (config), BD_PROTOCOL_IMAP, "imap.example.com", 993,
                 BD_SECURITY_TLS, "%EMAILADDRESS%", BD_AUTH_PASSWORD_CLEARTEXT);
  g_assert_finalize_object (config);
}

static void
test_character_references_decoded (void)
{
  BdAccountConfig *config = parse_ok (DOC ("<displayName>B&#252;cher &amp; &#x4E66; "
                                           "&lt;Mail&gt; &quot;&apos;</displayName>"
                                           IMAP_SERVER));

  g_assert_cmpstr (bd_account_config_get_display_name (config), ==,
                   "Bücher & 书 <Mail> \"'");
  g_assert_finalize_object (config);
}

static void
test_utf8_byte_order_mark_accepted (void)
{
  BdAccountConfig *config = parse_ok ("\xEF\xBB\xBF" DOC (IMAP_SERVER));

  g_assert_cmpuint (bd_account_config_get_incoming (config)->len, ==, 1);
  g_assert_finalize_object (config);
}

static void
test_no_xml_declaration_accepted (void)
{
  BdAccountConfig *config = parse_ok (PROVIDER_START IMAP_SERVER PROVIDER_END);

  g_assert_cmpuint (bd_account_config_get_incoming (config)->len, ==, 1);
  g_assert_finalize_object (config);
}

/* The format is UTF-8 whatever the declaration claims: a document that says
 * ISO-8859-1 but is valid UTF-8 is read as UTF-8, not turned into mojibake. */
static void
test_declared_latin1_read_as_utf8 (void)
{
  BdAccountConfig *config = parse_ok ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
                                      PROVIDER_START
                                      "<displayName>Bücher Mail</displayName>"
                                      IMAP_SERVER
                                      PROVIDER_END);

  g_assert_cmpstr (bd_account_config_get_display_name (config), ==, "Bücher Mail");
  g_assert_finalize_object (config);
}

static void
test_ip_address_hostname_accepted (void)
{
  BdAccountConfig *config = parse_ok (DOC (IMAP ("<hostname>127.0.0.1</hostname><port>1143</port>"
                                                 "<socketType>STARTTLS</socketType>"
                                                 "<username>%EMAILADDRESS%</username>")
                                           SMTP ("<hostname>::1</hostname><port>1025</port>"
                                                 "<socketType>STARTTLS</socketType>"
                                                 "<username>%EMAILADDRESS%</username>")
                                           REQUIREMENT ("bridge")));

  assert_server (only_incoming (config), BD_PROTOCOL_IMAP, "127.0.0.1", 1143,
                 BD_SECURITY_STARTTLS, "%EMAILADDRESS%", BD_AUTH_PASSWORD_CLEARTEXT);
  assert_server (g_ptr_array_index (bd_account_config_get_outgoing (config), 0),
                 BD_PROTOCOL_SMTP, "::1", 1025, BD_SECURITY_STARTTLS, "%EMAILADDRESS%",
                 BD_AUTH_PASSWORD_CLEARTEXT);
  assert_note (config, 0, BD_NOTE_BRIDGE, NULL, "https://example.com/help/bridge");
  g_assert_finalize_object (config);
}

static void
test_port_bounds_accepted (void)
{
  BdAccountConfig *config = parse_ok (DOC (IMAP ("<hostname>imap.example.com</hostname>"
                                                 "<port>1</port><socketType>SSL</socketType>"
                                                 "<username>u</username>")
                                           IMAP ("<hostname>imap.example.com</hostname>"
                                                 "<port>65535</port><socketType>SSL</socketType>"
                                                 "<username>u</username>")));
  GPtrArray *incoming = bd_account_config_get_incoming (config);

  g_assert_cmpuint (incoming->len, ==, 2);
  g_assert_cmpuint (bd_server_get_port (g_ptr_array_index (incoming, 0)), ==, 1);
  g_assert_cmpuint (bd_server_get_port (g_ptr_array_index (incoming, 1)), ==, 65535);
  g_assert_finalize_object (config);
}

/* Security rule 1: a server without TLS never gets a password, whatever it
 * claims, and the person is told about it. */
static void
test_plain_server_never_gets_password (void)
{
  BdAccountConfig *config = parse_ok (DOC (IMAP ("<hostname>imap.example.com</hostname>"
                                                 "<port>143</port><socketType>plain</socketType>"
                                                 "<username>%EMAILADDRESS%</username>"
                                                 "<authentication>password-cleartext"
                                                 "</authentication>")));
  BdServer *server = only_incoming (config);

  g_assert_cmpint (bd_server_get_security (server), ==, BD_SECURITY_NONE);
  g_assert_cmphex (bd_server_get_auth (server), ==, BD_AUTH_PASSWORD_CLEARTEXT);
  g_assert_false (bd_server_get_allows_password (server));
  g_assert_nonnull (bd_account_config_find_note (config, BD_NOTE_INSECURE_SERVER));
  g_assert_cmpuint (bd_account_config_get_notes (config)->len, ==, 1);
  g_assert_finalize_object (config);
}

static void
test_secure_servers_have_no_insecure_note (void)
{
  BdAccountConfig *config = parse_ok (DOC (IMAP_SERVER));

  g_assert_null (bd_account_config_find_note (config, BD_NOTE_INSECURE_SERVER));
  g_assert_finalize_object (config);
}

static void
test_no_login_needs_no_username (void)
{
  BdAccountConfig *config = parse_ok (DOC (SMTP ("<hostname>relay.example.com</hostname>"
                                                 "<port>587</port>"
                                                 "<socketType>STARTTLS</socketType>"
                                                 "<authentication>client-IP-address"
                                                 "</authentication>")));
  BdServer *server = g_ptr_array_index (bd_account_config_get_outgoing (config), 0);

  g_assert_null (bd_server_get_username (server));
  g_assert_cmphex (bd_server_get_auth (server), ==, BD_AUTH_CLIENT_IP_ADDRESS);
  g_assert_false (bd_server_get_allows_password (server));
  g_assert_finalize_object (config);
}

/* Unknown methods are ignored as if they were not there, so a server that
 * names only unknown ones gets the format's default. */
static void
test_only_unknown_authentication_means_default (void)
{
  BdAccountConfig *config = parse_ok (DOC (IMAP ("<hostname>imap.example.com</hostname>"
                                                 "<port>993</port><socketType>SSL</socketType>"
                                                 "<username>%EMAILADDRESS%</username>"
                                                 "<authentication>x-future</authentication>"
                                                 "<authentication></authentication>")));
  BdServer *server = only_incoming (config);

  g_assert_cmphex (bd_server_get_auth (server), ==, BD_AUTH_PASSWORD_CLEARTEXT);
  g_assert_true (bd_server_get_allows_password (server));
  g_assert_finalize_object (config);
}

static void
test_documentation_language_choice (void)
{
  BdAccountConfig *config = parse_ok (DOC (IMAP_SERVER
                                           "<documentation url=\"https://example.com/a\">"
                                           "<descr lang=\"de\">Hilfe</descr>"
                                           "<descr lang=\"fr\">Aide</descr>"
                                           "</documentation>"
                                           "<documentation url=\"https://example.com/b\">"
                                           "<descr lang=\"sv\">Hjälp</descr>"
                                           "<descr>Help without a language</descr>"
                                           "<descr lang=\"EN\">Help in English</descr>"
                                           "</documentation>"
                                           "<documentation url=\"https://example.com/c\"/>"
                                           "<enable visiturl=\"https://example.com/d\">"
                                           "<instruction lang=\"nb\">Slå på IMAP.</instruction>"
                                           "</enable>"));

  g_assert_cmpuint (bd_account_config_get_notes (config)->len, ==, 4);
  /* No English: the first one. */
  assert_note (config, 0, BD_NOTE_DOCUMENTATION, "Hilfe", "https://example.com/a");
  /* A descr without lang counts as English, and the first English wins. */
  assert_note (config, 1, BD_NOTE_DOCUMENTATION, "Help without a language",
               "https://example.com/b");
  assert_note (config, 2, BD_NOTE_DOCUMENTATION, NULL, "https://example.com/c");
  assert_note (config, 3, BD_NOTE_ENABLE, "Slå på IMAP.", "https://example.com/d");
  g_assert_finalize_object (config);
}

/* The provider's words are shown to the person: bounded, and still UTF-8. */
static void
test_long_note_text_truncated (void)
{
  g_autoptr(GString) doc = g_string_new (XML_DECL PROVIDER_START IMAP_SERVER
                                         "<documentation url=\"https://example.com/\">"
                                         "<descr lang=\"en\">");
  g_autoptr(GString) text = g_string_new (NULL);
  BdAccountConfig *config;
  const char *note_text;

  for (guint i = 0; i < 5000; i++)
    g_string_append (text, "å");
  g_string_append (doc, text->str);
  g_string_append (doc, "</descr></documentation>" PROVIDER_END);

  config = parse_ok_len (doc->str, doc->len);
  note_text = bd_note_get_text (bd_account_config_find_note (config, BD_NOTE_DOCUMENTATION));
  g_assert_nonnull (note_text);
  g_assert_cmpuint (strlen (note_text), >, 1000);
  g_assert_cmpuint (strlen (note_text), <=, 1024);
  g_assert_true (g_utf8_validate (note_text, -1, NULL));
  g_assert_true (g_str_has_prefix (text->str, note_text));
  g_assert_finalize_object (config);
}

/* Elements in other namespaces are not the format's, and XInclude is never
 * processed. */
static void
test_foreign_namespaces_ignored (void)
{
  BdAccountConfig *config = parse_ok (DOC ("<displayName>Example"
                                           "<xi:include"
                                           " xmlns:xi=\"http://www.w3.org/2001/XInclude\""
                                           " href=\"file:///etc/passwd\" parse=\"text\"/>"
                                           "</displayName>"
                                           "<x:domain xmlns:x=\"urn:x\">evil.example</x:domain>"
                                           IMAP ("<hostname>imap.example.com</hostname>"
                                                 "<x:hostname xmlns:x=\"urn:x\">evil.example"
                                                 "</x:hostname>"
                                                 "<port>993</port><socketType>SSL</socketType>"
                                                 "<username>u</username>")));

  g_assert_cmpstr (bd_account_config_get_display_name (config), ==, "Example");
  g_assert_cmpuint (bd_account_config_get_domains (config)->len, ==, 1);
  g_assert_cmpstr (bd_server_get_hostname (only_incoming (config)), ==, "imap.example.com");
  g_assert_finalize_object (config);
}

/* Exactly BD_AUTOCONFIG_MAX_SIZE bytes is still read; see the table of
 * refusals for one byte more. */
static char *
document_of_size (gsize size)
{
  const char *head = DOC (IMAP_SERVER) "<!--";
  const char *tail = "-->\n";
  GString *doc = g_string_new (head);

  g_assert_cmpuint (size, >, strlen (head) + strlen (tail));
  while (doc->len < size - strlen (tail))
    g_string_append_c (doc, 'x');
  g_string_append (doc, tail);
  g_assert_cmpuint (doc->len, ==, size);
  return g_string_free (doc, FALSE);
}

static void
test_largest_document_accepted (void)
{
  g_autofree char *doc = document_of_size (BD_AUTOCONFIG_MAX_SIZE);
  BdAccountConfig *config = parse_ok_len (doc, BD_AUTOCONFIG_MAX_SIZE);

  g_assert_cmpuint (bd_account_config_get_incoming (config)->len, ==, 1);
  g_assert_finalize_object (config);
}

/* Every value of <authentication> */

typedef struct
{
  const char *name;
  const char *value;
  BdAuthFlags auth;
} AuthCase;

static const AuthCase auth_cases[] = {
  { "password-cleartext", "password-cleartext", BD_AUTH_PASSWORD_CLEARTEXT },
  { "plain-is-old-name-of-password-cleartext", "plain", BD_AUTH_PASSWORD_CLEARTEXT },
  { "password-encrypted", "password-encrypted", BD_AUTH_PASSWORD_ENCRYPTED },
  { "secure-is-old-name-of-password-encrypted", "secure", BD_AUTH_PASSWORD_ENCRYPTED },
  { "oauth2", "OAuth2", BD_AUTH_OAUTH2 },
  { "none", "none", BD_AUTH_NONE },
  { "client-ip-address", "client-IP-address", BD_AUTH_CLIENT_IP_ADDRESS },
  { "ntlm", "NTLM", BD_AUTH_NTLM },
  { "gssapi", "GSSAPI", BD_AUTH_GSSAPI },
  { "tls-client-cert", "TLS-client-cert", BD_AUTH_TLS_CLIENT_CERT },
  { "smtp-after-pop", "smtp-after-pop", BD_AUTH_SMTP_AFTER_POP },
  { "case-insensitive-oauth2", "oauth2", BD_AUTH_OAUTH2 },
  { "case-insensitive-password-cleartext", "Password-Cleartext", BD_AUTH_PASSWORD_CLEARTEXT },
};

static void
test_authentication (gconstpointer data)
{
  const AuthCase *c = data;
  g_autofree char *doc = g_strdup_printf (DOC (SMTP ("<hostname>smtp.example.com</hostname>"
                                                     "<port>465</port>"
                                                     "<socketType>SSL</socketType>"
                                                     "<username>u</username>"
                                                     "<authentication>%s</authentication>")),
                                          c->value);
  BdAccountConfig *config = parse_ok (doc);
  BdServer *server = g_ptr_array_index (bd_account_config_get_outgoing (config), 0);

  g_assert_cmphex (bd_server_get_auth (server), ==, c->auth);
  g_assert_finalize_object (config);
}

/* Every value of <socketType> */

typedef struct
{
  const char *name;
  const char *value;
  BdSecurity security;
} SocketCase;

static const SocketCase socket_cases[] = {
  { "ssl-is-implicit-tls", "SSL", BD_SECURITY_TLS },
  { "ssl-lower-case", "ssl", BD_SECURITY_TLS },
  { "starttls", "STARTTLS", BD_SECURITY_STARTTLS },
  { "starttls-mixed-case", "StartTLS", BD_SECURITY_STARTTLS },
  { "plain-is-no-tls", "plain", BD_SECURITY_NONE },
  { "plain-upper-case", "PLAIN", BD_SECURITY_NONE },
};

static void
test_socket_type (gconstpointer data)
{
  const SocketCase *c = data;
  g_autofree char *doc = g_strdup_printf (DOC (IMAP ("<hostname>imap.example.com</hostname>"
                                                     "<port>993</port>"
                                                     "<socketType>%s</socketType>"
                                                     "<username>u</username>")),
                                          c->value);
  BdAccountConfig *config = parse_ok (doc);

  g_assert_cmpint (bd_server_get_security (only_incoming (config)), ==, c->security);
  g_assert_finalize_object (config);
}

/* Refused documents */

typedef struct
{
  const char *name;
  const char *data;
  gsize len;
  BdErrorCode code;
  const char *mention;  /* the message must contain this, unless NULL */
} BadCase;

static const BadCase bad_cases[] = {
  /* Not UTF-8 */
  { "latin1-byte-despite-declaration",
    WITH_LEN ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
              PROVIDER_START "<displayName>B\374cher</displayName>" IMAP_SERVER PROVIDER_END),
    BD_ERROR_CONFIG_INVALID_ENCODING, "UTF-8" },
  { "utf16le-with-byte-order-mark",
    WITH_LEN ("\xFF\xFE<\0?\0x\0m\0l\0 \0v\0e\0r\0s\0i\0o\0n\0=\0\"\0001\0.\0000\0\"\0?\0>\0"
              "<\0c\0l\0i\0e\0n\0t\0C\0o\0n\0f\0i\0g\0/\0>\0"),
    BD_ERROR_CONFIG_INVALID_ENCODING, NULL },
  { "utf16be-with-byte-order-mark",
    WITH_LEN ("\xFE\xFF\0<\0c\0l\0i\0e\0n\0t\0C\0o\0n\0f\0i\0g\0/\0>"),
    BD_ERROR_CONFIG_INVALID_ENCODING, NULL },
  { "utf16le-without-byte-order-mark",
    WITH_LEN ("<\0c\0l\0i\0e\0n\0t\0C\0o\0n\0f\0i\0g\0/\0>\0"),
    BD_ERROR_CONFIG_INVALID_ENCODING, NULL },
  { "nul-byte-inside",
    WITH_LEN (XML_DECL PROVIDER_START "<displayName>Ex\0ample</displayName>" IMAP_SERVER
              PROVIDER_END),
    BD_ERROR_CONFIG_INVALID_ENCODING, NULL },
  { "nul-byte-at-end", WITH_LEN (DOC (IMAP_SERVER) "\0"), BD_ERROR_CONFIG_INVALID_ENCODING,
    NULL },
  { "overlong-utf8-sequence",
    WITH_LEN (DOC ("<displayName>\xC0\xAF</displayName>" IMAP_SERVER)),
    BD_ERROR_CONFIG_INVALID_ENCODING, NULL },
  { "utf8-encoded-surrogate",
    WITH_LEN (DOC ("<displayName>\xED\xA0\x80</displayName>" IMAP_SERVER)),
    BD_ERROR_CONFIG_INVALID_ENCODING, NULL },

  /* Not well-formed */
  { "empty", WITH_LEN (""), BD_ERROR_CONFIG_MALFORMED, NULL },
  { "only-white-space", WITH_LEN (" \n\t\n"), BD_ERROR_CONFIG_MALFORMED, NULL },
  { "only-xml-declaration", WITH_LEN (XML_DECL), BD_ERROR_CONFIG_MALFORMED, NULL },
  { "plain-text", WITH_LEN ("imap.example.com 993 SSL"), BD_ERROR_CONFIG_MALFORMED, NULL },
  { "json", WITH_LEN ("{\"clientConfig\": {}}"), BD_ERROR_CONFIG_MALFORMED, NULL },
  { "truncated",
    WITH_LEN (XML_DECL PROVIDER_START IMAP_SERVER), BD_ERROR_CONFIG_MALFORMED, NULL },
  { "mismatched-tags",
    WITH_LEN (DOC ("<displayName>Example</displayname>" IMAP_SERVER)),
    BD_ERROR_CONFIG_MALFORMED, NULL },
  { "two-root-elements",
    WITH_LEN (DOC (IMAP_SERVER) "<clientConfig/>"), BD_ERROR_CONFIG_MALFORMED, NULL },
  { "undeclared-entity",
    WITH_LEN (DOC ("<displayName>&xxe;</displayName>" IMAP_SERVER)),
    BD_ERROR_CONFIG_MALFORMED, NULL },
  { "unescaped-ampersand",
    WITH_LEN (DOC ("<displayName>A & B</displayName>" IMAP_SERVER)),
    BD_ERROR_CONFIG_MALFORMED, NULL },
  { "unquoted-attribute",
    WITH_LEN (XML_DECL "<clientConfig version=1.1><emailProvider/></clientConfig>"),
    BD_ERROR_CONFIG_MALFORMED, NULL },
  { "lower-case-doctype-is-not-xml",
    WITH_LEN ("<!doctype html><html></html>"), BD_ERROR_CONFIG_MALFORMED, NULL },

  /* Any DOCTYPE */
  { "external-entity-file-etc-passwd",
    WITH_LEN ("<?xml version=\"1.0\"?>\n"
              "<!DOCTYPE clientConfig [\n"
              "  <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n"
              "]>\n"
              PROVIDER_START "<displayName>&xxe;</displayName>" IMAP_SERVER PROVIDER_END),
    BD_ERROR_CONFIG_FORBIDDEN_DTD, "DOCTYPE" },
  { "external-entity-over-http",
    WITH_LEN ("<?xml version=\"1.0\"?>\n"
              "<!DOCTYPE clientConfig [\n"
              "  <!ENTITY xxe SYSTEM \"http://127.0.0.1:9/secret\">\n"
              "]>\n"
              PROVIDER_START "<displayName>&xxe;</displayName>" IMAP_SERVER PROVIDER_END),
    BD_ERROR_CONFIG_FORBIDDEN_DTD, "DOCTYPE" },
  { "parameter-entity",
    WITH_LEN ("<?xml version=\"1.0\"?>\n"
              "<!DOCTYPE clientConfig [\n"
              "  <!ENTITY % remote SYSTEM \"http://127.0.0.1:9/evil.dtd\">\n"
              "  %remote;\n"
              "]>\n"
              DOC (IMAP_SERVER)),
    BD_ERROR_CONFIG_FORBIDDEN_DTD, "DOCTYPE" },
  { "parameter-entity-exfiltration",
    WITH_LEN ("<?xml version=\"1.0\"?>\n"
              "<!DOCTYPE clientConfig [\n"
              "  <!ENTITY % file SYSTEM \"file:///etc/hostname\">\n"
              "  <!ENTITY % eval \"<!ENTITY &#x25; exfil SYSTEM "
              "'http://127.0.0.1:9/?x=%file;'>\">\n"
              "  %eval;\n"
              "  %exfil;\n"
              "]>\n"
              PROVIDER_START IMAP_SERVER PROVIDER_END),
    BD_ERROR_CONFIG_FORBIDDEN_DTD, "DOCTYPE" },
  { "external-dtd-system",
    WITH_LEN ("<?xml version=\"1.0\"?>\n"
              "<!DOCTYPE clientConfig SYSTEM \"http://127.0.0.1:9/clientConfig.dtd\">\n"
              DOC (IMAP_SERVER)),
    BD_ERROR_CONFIG_FORBIDDEN_DTD, "DOCTYPE" },
  { "external-dtd-local-file",
    WITH_LEN ("<!DOCTYPE clientConfig SYSTEM \"/etc/passwd\">\n"
              PROVIDER_START IMAP_SERVER PROVIDER_END),
    BD_ERROR_CONFIG_FORBIDDEN_DTD, "DOCTYPE" },
  { "external-dtd-public",
    WITH_LEN ("<?xml version=\"1.0\"?>\n"
              "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" "
              "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\n"
              PROVIDER_START IMAP_SERVER PROVIDER_END),
    BD_ERROR_CONFIG_FORBIDDEN_DTD, "DOCTYPE" },
  { "empty-internal-subset",
    WITH_LEN ("<?xml version=\"1.0\"?>\n<!DOCTYPE clientConfig []>\n"
              PROVIDER_START IMAP_SERVER PROVIDER_END),
    BD_ERROR_CONFIG_FORBIDDEN_DTD, "DOCTYPE" },
  { "bare-doctype",
    WITH_LEN ("<!DOCTYPE clientConfig>" PROVIDER_START IMAP_SERVER PROVIDER_END),
    BD_ERROR_CONFIG_FORBIDDEN_DTD, "DOCTYPE" },
  { "internal-entity-in-attribute-default",
    WITH_LEN ("<?xml version=\"1.0\"?>\n"
              "<!DOCTYPE clientConfig [\n"
              "  <!ATTLIST emailProvider id CDATA \"evil.example\">\n"
              "]>\n"
              "<clientConfig version=\"1.1\"><emailProvider><domain>example.com</domain>"
              IMAP_SERVER PROVIDER_END),
    BD_ERROR_CONFIG_FORBIDDEN_DTD, "DOCTYPE" },

  /* Another kind of document */
  { "html-root", WITH_LEN ("<html><body><p>Not found</p></body></html>"),
    BD_ERROR_CONFIG_NOT_AUTOCONFIG, "clientConfig" },
  { "microsoft-autodiscover",
    WITH_LEN (XML_DECL
              "<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/"
              "responseschema/2006\"><Response/></Autodiscover>"),
    BD_ERROR_CONFIG_NOT_AUTOCONFIG, "clientConfig" },
  { "provider-without-clientconfig",
    WITH_LEN ("<emailProvider id=\"example.com\"><domain>example.com</domain>" IMAP_SERVER
              "</emailProvider>"),
    BD_ERROR_CONFIG_NOT_AUTOCONFIG, "clientConfig" },
  { "clientconfig-in-wrong-case",
    WITH_LEN ("<ClientConfig><emailProvider/></ClientConfig>"),
    BD_ERROR_CONFIG_NOT_AUTOCONFIG, "clientConfig" },

  /* Missing fields */
  { "no-email-provider",
    WITH_LEN (XML_DECL "<clientConfig version=\"1.1\"><oAuth2/></clientConfig>"),
    BD_ERROR_CONFIG_MISSING_FIELD, "emailProvider" },
  { "empty-client-config",
    WITH_LEN ("<clientConfig/>"), BD_ERROR_CONFIG_MISSING_FIELD, "emailProvider" },
  { "no-domain",
    WITH_LEN (XML_DECL "<clientConfig version=\"1.1\"><emailProvider id=\"example.com\">"
              IMAP_SERVER PROVIDER_END),
    BD_ERROR_CONFIG_MISSING_FIELD, "domain" },
  { "no-server", WITH_LEN (DOC ("<displayName>Example</displayName>")),
    BD_ERROR_CONFIG_MISSING_FIELD, "server" },
  { "only-exchange-server",
    WITH_LEN (DOC (SERVER ("incomingServer", "exchange",
                           "<hostname>outlook.example.com</hostname><port>443</port>"
                           "<socketType>SSL</socketType><username>u</username>"))),
    BD_ERROR_CONFIG_MISSING_FIELD, "server" },
  { "server-without-type",
    WITH_LEN (DOC ("<incomingServer><hostname>imap.example.com</hostname><port>993</port>"
                   "<socketType>SSL</socketType><username>u</username></incomingServer>")),
    BD_ERROR_CONFIG_MISSING_FIELD, "server" },
  { "smtp-as-incoming-server",
    WITH_LEN (DOC (SERVER ("incomingServer", "smtp",
                           "<hostname>smtp.example.com</hostname><port>465</port>"
                           "<socketType>SSL</socketType><username>u</username>"))),
    BD_ERROR_CONFIG_MISSING_FIELD, "server" },
  { "server-without-hostname",
    WITH_LEN (DOC (IMAP ("<port>993</port><socketType>SSL</socketType>"
                         "<username>u</username>"))),
    BD_ERROR_CONFIG_MISSING_FIELD, "<hostname>" },
  { "server-with-empty-hostname",
    WITH_LEN (DOC (IMAP ("<hostname>  </hostname><port>993</port>"
                         "<socketType>SSL</socketType><username>u</username>"))),
    BD_ERROR_CONFIG_MISSING_FIELD, "<hostname>" },
  { "server-without-port",
    WITH_LEN (DOC (IMAP ("<hostname>imap.example.com</hostname>"
                         "<socketType>SSL</socketType><username>u</username>"))),
    BD_ERROR_CONFIG_MISSING_FIELD, "<port>" },
  { "server-without-socket-type",
    WITH_LEN (DOC (SMTP ("<hostname>smtp.example.com</hostname><port>465</port>"
                         "<username>u</username>"))),
    BD_ERROR_CONFIG_MISSING_FIELD, "<socketType>" },
  { "server-without-username-default-auth",
    WITH_LEN (DOC (IMAP ("<hostname>imap.example.com</hostname><port>993</port>"
                         "<socketType>SSL</socketType>"))),
    BD_ERROR_CONFIG_MISSING_FIELD, "<username>" },
  { "server-without-username-password-auth",
    WITH_LEN (DOC (SMTP ("<hostname>smtp.example.com</hostname><port>465</port>"
                         "<socketType>SSL</socketType>"
                         "<authentication>password-encrypted</authentication>"))),
    BD_ERROR_CONFIG_MISSING_FIELD, "<username>" },
  { "server-with-empty-username-oauth2",
    WITH_LEN (DOC (IMAP ("<hostname>imap.example.com</hostname><port>993</port>"
                         "<socketType>SSL</socketType><username/>"
                         "<authentication>OAuth2</authentication>"))),
    BD_ERROR_CONFIG_MISSING_FIELD, "<username>" },
  { "server-without-username-none-and-password-auth",
    WITH_LEN (DOC (SMTP ("<hostname>smtp.example.com</hostname><port>465</port>"
                         "<socketType>SSL</socketType>"
                         "<authentication>none</authentication>"
                         "<authentication>password-cleartext</authentication>"))),
    BD_ERROR_CONFIG_MISSING_FIELD, "<username>" },

  /* Invalid values */
  { "port-zero",
    WITH_LEN (DOC (IMAP ("<hostname>imap.example.com</hostname><port>0</port>"
                         "<socketType>SSL</socketType><username>u</username>"))),
    BD_ERROR_CONFIG_INVALID_VALUE, "“0”" },
  { "port-65536",
    WITH_LEN (DOC (IMAP ("<hostname>imap.example.com</hostname><port>65536</port>"
                         "<socketType>SSL</socketType><username>u</username>"))),
    BD_ERROR_CONFIG_INVALID_VALUE, "“65536”" },
  { "port-not-a-number",
    WITH_LEN (DOC (IMAP ("<hostname>imap.example.com</hostname><port>abc</port>"
                         "<socketType>SSL</socketType><username>u</username>"))),
    BD_ERROR_CONFIG_INVALID_VALUE, "“abc”" },
  { "port-negative",
    WITH_LEN (DOC (IMAP ("<hostname>imap.example.com</hostname><port>-993</port>"
                         "<socketType>SSL</socketType><username>u</username>"))),
    BD_ERROR_CONFIG_INVALID_VALUE, "“-993”" },
  { "port-with-sign",
    WITH_LEN (DOC (IMAP ("<hostname>imap.example.com</hostname><port>+993</port>"
                         "<socketType>SSL</socketType><username>u</username>"))),
    BD_ERROR_CONFIG_INVALID_VALUE, "“+993”" },
  { "port-that-overflows-64-bits",
    WITH_LEN (DOC (IMAP ("<hostname>imap.example.com</hostname>"
                         "<port>18446744073709552609</port>"
                         "<socketType>SSL</socketType><username>u</username>"))),
    BD_ERROR_CONFIG_INVALID_VALUE, "18446744073709552609" },
  { "port-with-trailing-text",
    WITH_LEN (DOC (IMAP ("<hostname>imap.example.com</hostname><port>993/tcp</port>"
                         "<socketType>SSL</socketType><username>u</username>"))),
    BD_ERROR_CONFIG_INVALID_VALUE, "“993/tcp”" },
  { "port-hexadecimal",
    WITH_LEN (DOC (IMAP ("<hostname>imap.example.com</hostname><port>0x3e1</port>"
                         "<socketType>SSL</socketType><username>u</username>"))),
    BD_ERROR_CONFIG_INVALID_VALUE, "“0x3e1”" },
  { "unknown-socket-type",
    WITH_LEN (DOC (IMAP ("<hostname>imap.example.com</hostname><port>993</port>"
                         "<socketType>TLS</socketType><username>u</username>"))),
    BD_ERROR_CONFIG_INVALID_VALUE, "“TLS”" },
  { "socket-type-ssl-version",
    WITH_LEN (DOC (IMAP ("<hostname>imap.example.com</hostname><port>993</port>"
                         "<socketType>SSLv3</socketType><username>u</username>"))),
    BD_ERROR_CONFIG_INVALID_VALUE, "“SSLv3”" },
  { "hostname-with-space",
    WITH_LEN (DOC (IMAP ("<hostname>imap example.com</hostname><port>993</port>"
                         "<socketType>SSL</socketType><username>u</username>"))),
    BD_ERROR_CONFIG_INVALID_VALUE, "“imap example.com”" },
  { "hostname-is-url",
    WITH_LEN (DOC (IMAP ("<hostname>https://imap.example.com/</hostname><port>993</port>"
                         "<socketType>SSL</socketType><username>u</username>"))),
    BD_ERROR_CONFIG_INVALID_VALUE, "“https://imap.example.com/”" },
  { "hostname-with-user",
    WITH_LEN (DOC (IMAP ("<hostname>alice@imap.example.com</hostname><port>993</port>"
                         "<socketType>SSL</socketType><username>u</username>"))),
    BD_ERROR_CONFIG_INVALID_VALUE, "“alice@imap.example.com”" },
  { "hostname-with-port",
    WITH_LEN (DOC (IMAP ("<hostname>imap.example.com:993</hostname><port>993</port>"
                         "<socketType>SSL</socketType><username>u</username>"))),
    BD_ERROR_CONFIG_INVALID_VALUE, "“imap.example.com:993”" },
  { "hostname-leading-hyphen",
    WITH_LEN (DOC (IMAP ("<hostname>-imap.example.com</hostname><port>993</port>"
                         "<socketType>SSL</socketType><username>u</username>"))),
    BD_ERROR_CONFIG_INVALID_VALUE, "“-imap.example.com”" },
  { "hostname-double-dot",
    WITH_LEN (DOC (IMAP ("<hostname>imap..example.com</hostname><port>993</port>"
                         "<socketType>SSL</socketType><username>u</username>"))),
    BD_ERROR_CONFIG_INVALID_VALUE, "“imap..example.com”" },
  { "hostname-leading-dot",
    WITH_LEN (DOC (IMAP ("<hostname>.example.com</hostname><port>993</port>"
                         "<socketType>SSL</socketType><username>u</username>"))),
    BD_ERROR_CONFIG_INVALID_VALUE, "“.example.com”" },
  { "hostname-with-newline-inside",
    WITH_LEN (DOC (IMAP ("<hostname>imap.example.com\nevil.example</hostname><port>993</port>"
                         "<socketType>SSL</socketType><username>u</username>"))),
    BD_ERROR_CONFIG_INVALID_VALUE, NULL },
  { "hostname-unknown-placeholder",
    WITH_LEN (DOC (IMAP ("<hostname>imap.%FOO%</hostname><port>993</port>"
                         "<socketType>SSL</socketType><username>u</username>"))),
    BD_ERROR_CONFIG_INVALID_VALUE, "“imap.%FOO%”" },
  { "hostname-of-254-octets",
    WITH_LEN (DOC (IMAP ("<hostname>"
                         "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa."
                         "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb."
                         "ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc."
                         "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
                         "</hostname><port>993</port>"
                         "<socketType>SSL</socketType><username>u</username>"))),
    BD_ERROR_CONFIG_INVALID_VALUE, NULL },
  { "unknown-requirement-kind",
    WITH_LEN (DOC (IMAP_SERVER REQUIREMENT ("carrier-pigeon"))),
    BD_ERROR_CONFIG_INVALID_VALUE, "“carrier-pigeon”" },
  { "requirement-without-kind",
    WITH_LEN (DOC (IMAP_SERVER "<requirement xmlns=\"" BD_PROVIDER_NS "\"/>")),
    BD_ERROR_CONFIG_INVALID_VALUE, NULL },
  { "requirement-kind-in-wrong-case",
    WITH_LEN (DOC (IMAP_SERVER REQUIREMENT ("App-Password"))),
    BD_ERROR_CONFIG_INVALID_VALUE, "“App-Password”" },
  { "domain-with-space",
    WITH_LEN (XML_DECL "<clientConfig><emailProvider><domain>exam ple.com</domain>"
              IMAP_SERVER PROVIDER_END),
    BD_ERROR_CONFIG_INVALID_VALUE, "“exam ple.com”" },
  { "domain-is-ip-address",
    WITH_LEN (XML_DECL "<clientConfig><emailProvider><domain>192.0.2.1</domain>"
              IMAP_SERVER PROVIDER_END),
    BD_ERROR_CONFIG_INVALID_VALUE, "“192.0.2.1”" },
  { "domain-empty",
    WITH_LEN (XML_DECL "<clientConfig><emailProvider><domain> </domain>"
              IMAP_SERVER PROVIDER_END),
    BD_ERROR_CONFIG_INVALID_VALUE, NULL },
  { "domain-is-placeholder",
    WITH_LEN (XML_DECL "<clientConfig><emailProvider><domain>%EMAILDOMAIN%</domain>"
              IMAP_SERVER PROVIDER_END),
    BD_ERROR_CONFIG_INVALID_VALUE, "%EMAILDOMAIN%" },
  { "second-domain-invalid",
    WITH_LEN (DOC ("<domain>example.com/evil</domain>" IMAP_SERVER)),
    BD_ERROR_CONFIG_INVALID_VALUE, "“example.com/evil”" },
  { "invalid-second-server-refuses-document",
    WITH_LEN (DOC (IMAP_SERVER
                   IMAP ("<hostname>imap.example.com</hostname><port>99999</port>"
                         "<socketType>SSL</socketType><username>u</username>"))),
    BD_ERROR_CONFIG_INVALID_VALUE, "“99999”" },
};

static void
test_rejects (gconstpointer data)
{
  const BadCase *c = data;

  assert_parse_fails_len (c->data, c->len, c->code, c->mention);
}

/* Documents too big to write out */

static void
test_rejects_one_byte_too_large (void)
{
  g_autofree char *doc = document_of_size (BD_AUTOCONFIG_MAX_SIZE + 1);

  assert_parse_fails_len (doc, BD_AUTOCONFIG_MAX_SIZE + 1, BD_ERROR_CONFIG_TOO_LARGE, "1024");
}

/* The size is checked before anything else looks at the bytes. */
static void
test_rejects_large_garbage_before_reading_it (void)
{
  gsize size = 16 * 1024 * 1024;
  g_autofree char *garbage = g_malloc0 (size);

  assert_parse_fails_len (garbage, size, BD_ERROR_CONFIG_TOO_LARGE, NULL);
}

/* "Billion laughs": ten entities of ten references each, a gigabyte once
 * expanded. The DOCTYPE is refused before any of it is read. */
static void
test_rejects_billion_laughs (void)
{
  g_autoptr(GString) doc = g_string_new ("<?xml version=\"1.0\"?>\n"
                                         "<!DOCTYPE clientConfig [\n"
                                         "  <!ENTITY lol0 \"lol\">\n");

  for (guint level = 1; level <= 9; level++)
    {
      g_string_append_printf (doc, "  <!ENTITY lol%u \"", level);
      for (guint i = 0; i < 10; i++)
        g_string_append_printf (doc, "&lol%u;", level - 1);
      g_string_append (doc, "\">\n");
    }
  g_string_append (doc, "]>\n"
                        PROVIDER_START
                        "<displayName>&lol9;</displayName>"
                        IMAP_SERVER
                        PROVIDER_END);

  assert_parse_fails_len (doc->str, doc->len, BD_ERROR_CONFIG_FORBIDDEN_DTD, "DOCTYPE");
}

/* A quadratic blow-up needs no nesting: one entity, referenced many times. */
static void
test_rejects_quadratic_blowup (void)
{
  g_autoptr(GString) doc = g_string_new ("<?xml version=\"1.0\"?>\n"
                                         "<!DOCTYPE clientConfig [<!ENTITY a \"");

  for (guint i = 0; i < 50000; i++)
    g_string_append_c (doc, 'a');
  g_string_append (doc, "\">]>\n" PROVIDER_START "<displayName>");
  for (guint i = 0; i < 10000; i++)
    g_string_append (doc, "&a;");
  g_string_append (doc, "</displayName>" IMAP_SERVER PROVIDER_END);
  g_assert_cmpuint (doc->len, <=, BD_AUTOCONFIG_MAX_SIZE);

  assert_parse_fails_len (doc->str, doc->len, BD_ERROR_CONFIG_FORBIDDEN_DTD, "DOCTYPE");
}

/* 10000 nested unknown elements must not exhaust the stack: libxml2 stops at
 * its depth limit (malformed), or the document is read and still lacks what
 * the format needs (missing field). */
static void
test_deep_nesting_does_not_crash (void)
{
  g_autoptr(GString) doc = g_string_new (XML_DECL "<clientConfig version=\"1.1\">");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdAccountConfig) config = NULL;

  for (guint i = 0; i < 10000; i++)
    g_string_append (doc, "<x>");
  for (guint i = 0; i < 10000; i++)
    g_string_append (doc, "</x>");
  g_string_append (doc, "</clientConfig>");

  bytes = bytes_new (doc->str, doc->len);
  config = bd_autoconfig_parse (bytes, &error);
  g_assert_null (config);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (g_error_matches (error, BD_ERROR, BD_ERROR_CONFIG_MALFORMED) ||
                 g_error_matches (error, BD_ERROR, BD_ERROR_CONFIG_MISSING_FIELD));
}

/* The same depth inside a value the parser reads must not crash either. */
static void
test_deep_nesting_inside_value_does_not_crash (void)
{
  g_autoptr(GString) doc = g_string_new (XML_DECL PROVIDER_START "<displayName>");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdAccountConfig) config = NULL;

  for (guint i = 0; i < 10000; i++)
    g_string_append (doc, "<b>x");
  for (guint i = 0; i < 10000; i++)
    g_string_append (doc, "</b>");
  g_string_append (doc, "</displayName>" IMAP_SERVER PROVIDER_END);

  bytes = bytes_new (doc->str, doc->len);
  config = bd_autoconfig_parse (bytes, &error);
  if (config != NULL)
    {
      g_assert_no_error (error);
      g_assert_finalize_object (g_steal_pointer (&config));
    }
  else
    {
      g_assert_error (error, BD_ERROR, BD_ERROR_CONFIG_MALFORMED);
    }
}

/* Many servers are fine; the parser keeps them all, in order. */
static void
test_many_servers_kept_in_order (void)
{
  g_autoptr(GString) doc = g_string_new (XML_DECL PROVIDER_START);
  BdAccountConfig *config;
  GPtrArray *incoming;

  for (guint i = 1; i <= 200; i++)
    g_string_append_printf (doc, IMAP ("<hostname>imap%u.example.com</hostname>"
                                       "<port>%u</port><socketType>SSL</socketType>"
                                       "<username>u</username>"), i, i);
  g_string_append (doc, PROVIDER_END);

  config = parse_ok_len (doc->str, doc->len);
  incoming = bd_account_config_get_incoming (config);
  g_assert_cmpuint (incoming->len, ==, 200);
  for (guint i = 0; i < incoming->len; i++)
    g_assert_cmpuint (bd_server_get_port (g_ptr_array_index (incoming, i)), ==, i + 1);
  g_assert_finalize_object (config);
}

/* The parser is a pure function: the same bytes give the same result, and
 * parsing leaves no state behind that changes the next parse. */
static void
test_parse_twice_same_result (void)
{
  BdAccountConfig *first = parse_ok (full_document);
  BdAccountConfig *second;

  assert_parse_fails_len (WITH_LEN ("<!DOCTYPE x>" PROVIDER_START IMAP_SERVER PROVIDER_END),
                          BD_ERROR_CONFIG_FORBIDDEN_DTD, NULL);
  second = parse_ok (full_document);
  g_assert_cmpuint (bd_account_config_get_notes (first)->len, ==,
                    bd_account_config_get_notes (second)->len);
  g_assert_cmpuint (bd_account_config_get_incoming (first)->len, ==,
                    bd_account_config_get_incoming (second)->len);
  g_assert_cmpstr (bd_account_config_get_display_name (first), ==,
                   bd_account_config_get_display_name (second));
  g_assert_finalize_object (first);
  g_assert_finalize_object (second);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/autoconfig-parser/full-document/every-field", test_full_document);
  g_test_add_func ("/autoconfig-parser/full-document/placeholders-expand-later",
                   test_full_document_expands);
  g_test_add_func ("/autoconfig-parser/accepts/default-provider-id-and-name-from-first-domain",
                   test_default_provider_id_and_name);
  g_test_add_func ("/autoconfig-parser/accepts/outgoing-server-only", test_outgoing_only_is_enough);
  g_test_add_func ("/autoconfig-parser/accepts/cdata-in-hostname", test_cdata_in_hostname);
  g_test_add_func ("/autoconfig-parser/accepts/whitespace-around-values-trimmed",
                   test_whitespace_around_values_trimmed);
  g_test_add_func ("/autoconfig-parser/accepts/comments-and-processing-instructions-ignored",
                   test_comments_and_processing_instructions_ignored);
  g_test_add_func ("/autoconfig-parser/accepts/character-references-decoded",
                   test_character_references_decoded);
  g_test_add_func ("/autoconfig-parser/accepts/utf8-byte-order-mark",
                   test_utf8_byte_order_mark_accepted);
  g_test_add_func ("/autoconfig-parser/accepts/no-xml-declaration",
                   test_no_xml_declaration_accepted);
  g_test_add_func ("/autoconfig-parser/accepts/declared-latin1-read-as-utf8",
                   test_declared_latin1_read_as_utf8);
  g_test_add_func ("/autoconfig-parser/accepts/ip-address-hostname",
                   test_ip_address_hostname_accepted);
  g_test_add_func ("/autoconfig-parser/accepts/port-1-and-65535", test_port_bounds_accepted);
  g_test_add_func ("/autoconfig-parser/accepts/largest-document", test_largest_document_accepted);
  g_test_add_func ("/autoconfig-parser/accepts/many-servers-kept-in-order",
                   test_many_servers_kept_in_order);
  g_test_add_func ("/autoconfig-parser/accepts/same-result-twice", test_parse_twice_same_result);
  g_test_add_func ("/autoconfig-parser/security/plain-server-never-gets-password",
                   test_plain_server_never_gets_password);
  g_test_add_func ("/autoconfig-parser/security/tls-servers-have-no-insecure-note",
                   test_secure_servers_have_no_insecure_note);
  g_test_add_func ("/autoconfig-parser/authentication/no-login-needs-no-username",
                   test_no_login_needs_no_username);
  g_test_add_func ("/autoconfig-parser/authentication/only-unknown-values-mean-default",
                   test_only_unknown_authentication_means_default);
  g_test_add_func ("/autoconfig-parser/notes/documentation-language-choice",
                   test_documentation_language_choice);
  g_test_add_func ("/autoconfig-parser/notes/long-text-truncated-as-utf8",
                   test_long_note_text_truncated);
  g_test_add_func ("/autoconfig-parser/accepts/foreign-namespaces-and-xinclude-ignored",
                   test_foreign_namespaces_ignored);

  for (guint i = 0; i < G_N_ELEMENTS (auth_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/autoconfig-parser/authentication/",
                                           auth_cases[i].name, NULL);

      g_test_add_data_func (path, &auth_cases[i], test_authentication);
    }

  for (guint i = 0; i < G_N_ELEMENTS (socket_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/autoconfig-parser/socket-type/",
                                           socket_cases[i].name, NULL);

      g_test_add_data_func (path, &socket_cases[i], test_socket_type);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/autoconfig-parser/rejects/", bad_cases[i].name, NULL);

      g_test_add_data_func (path, &bad_cases[i], test_rejects);
    }
  g_test_add_func ("/autoconfig-parser/rejects/one-byte-over-size-limit",
                   test_rejects_one_byte_too_large);
  g_test_add_func ("/autoconfig-parser/rejects/large-garbage-before-reading-it",
                   test_rejects_large_garbage_before_reading_it);
  g_test_add_func ("/autoconfig-parser/rejects/billion-laughs", test_rejects_billion_laughs);
  g_test_add_func ("/autoconfig-parser/rejects/quadratic-blowup", test_rejects_quadratic_blowup);
  g_test_add_func ("/autoconfig-parser/hostile/deep-nesting-does-not-crash",
                   test_deep_nesting_does_not_crash);
  g_test_add_func ("/autoconfig-parser/hostile/deep-nesting-inside-value-does-not-crash",
                   test_deep_nesting_inside_value_does_not_crash);

  return g_test_run ();
}
