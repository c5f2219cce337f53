/* test-address.c: parsing and validating what a person types as their address
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-address.h"
#include "bd-error.h"

/* Every text in the tables below may contain "{X*N}", which stands for N
 * copies of the one character X, so that the length limits stay readable:
 * "{a*64}@example.com" is a local part of exactly 64 octets. A "{" that is
 * not followed by that form (the atext "{|}" for instance) is kept as it is. */
static char *
expand_pattern (const char *pattern)
{
  GString *out;

  if (pattern == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = pattern; *p != '\0';)
    {
      if (*p == '{' && p[1] != '\0')
        {
          const char *character = p + 1;
          const char *star = g_utf8_next_char (character);
          char *end = NULL;
          guint64 count = 0;

          if (*star == '*' && g_ascii_isdigit (star[1]))
            {
              count = g_ascii_strtoull (star + 1, &end, 10);
              if (*end == '}')
                {
                  for (guint64 i = 0; i < count; i++)
                    g_string_append_len (out, character, star - character);
                  p = end + 1;
                  continue;
                }
            }
        }
      g_string_append_c (out, *p++);
    }

  return g_string_free (out, FALSE);
}

/* Accepted addresses */

typedef struct
{
  const char *name;
  const char *text;
  const char *display;
  const char *local_part;
  const char *domain;
  const char *ascii_domain;
  gboolean is_idn;
} GoodCase;

static const GoodCase good_cases[] = {
  { "plain", "alice@example.com",
    "alice@example.com", "alice", "example.com", "example.com", FALSE },
  { "surrounding-spaces-trimmed", "   alice@example.com  ",
    "alice@example.com", "alice", "example.com", "example.com", FALSE },
  { "surrounding-tabs-and-newlines-trimmed", "\t\r\nalice@example.com\n",
    "alice@example.com", "alice", "example.com", "example.com", FALSE },
  { "surrounding-no-break-spaces-trimmed", "\u00A0alice@example.com\u00A0\u3000",
    "alice@example.com", "alice", "example.com", "example.com", FALSE },
  { "plus-addressing", "alice+newsletters@example.com",
    "alice+newsletters@example.com", "alice+newsletters", "example.com", "example.com", FALSE },
  { "digits-only-local-part", "1234567890@example.com",
    "1234567890@example.com", "1234567890", "example.com", "example.com", FALSE },
  { "dots-inside-local-part", "alice.b.cooper@example.com",
    "alice.b.cooper@example.com", "alice.b.cooper", "example.com", "example.com", FALSE },
  { "every-atext-special-in-local-part", "!#$%&'*+-/=?^_`{|}~@example.com",
    "!#$%&'*+-/=?^_`{|}~@example.com", "!#$%&'*+-/=?^_`{|}~", "example.com", "example.com",
    FALSE },
  { "underscore-in-local-part", "first_last@example.com",
    "first_last@example.com", "first_last", "example.com", "example.com", FALSE },
  { "single-character-labels", "a@b.co",
    "a@b.co", "a", "b.co", "b.co", FALSE },
  { "subdomains", "alice@mail.eu.example.co.uk",
    "alice@mail.eu.example.co.uk", "alice", "mail.eu.example.co.uk", "mail.eu.example.co.uk",
    FALSE },
  { "hyphen-inside-label", "alice@my-mail.example-provider.com",
    "alice@my-mail.example-provider.com", "alice", "my-mail.example-provider.com",
    "my-mail.example-provider.com", FALSE },
  { "numeric-label-before-alphabetic-tld", "alice@123.example.com",
    "alice@123.example.com", "alice", "123.example.com", "123.example.com", FALSE },
  { "tld-with-digit-and-letter", "alice@example.x1",
    "alice@example.x1", "alice", "example.x1", "example.x1", FALSE },
  { "upper-case-domain-lower-cased-only-in-ascii-form", "Alice.Smith@Example.COM",
    "Alice.Smith@Example.COM", "Alice.Smith", "Example.COM", "example.com", FALSE },
  { "local-part-of-64-octets", "{a*64}@example.com",
    "{a*64}@example.com", "{a*64}", "example.com", "example.com", FALSE },
  { "label-of-63-octets", "alice@{b*63}.example.com",
    "alice@{b*63}.example.com", "alice", "{b*63}.example.com", "{b*63}.example.com", FALSE },
  { "address-of-254-octets-with-longest-local-part", "{a*64}@{c*63}.{d*63}.{e*57}.com",
    "{a*64}@{c*63}.{d*63}.{e*57}.com", "{a*64}", "{c*63}.{d*63}.{e*57}.com",
    "{c*63}.{d*63}.{e*57}.com", FALSE },
  { "address-of-254-octets-with-longest-domain", "a@{b*63}.{c*63}.{d*63}.{e*60}",
    "a@{b*63}.{c*63}.{d*63}.{e*60}", "a", "{b*63}.{c*63}.{d*63}.{e*60}",
    "{b*63}.{c*63}.{d*63}.{e*60}", FALSE },
  { "idn-swedish-label", "anna@exempel.åäö.se",
    "anna@exempel.åäö.se", "anna", "exempel.åäö.se", "exempel.xn--4cab6c.se", TRUE },
  { "idn-german", "hans@bücher.de",
    "hans@bücher.de", "hans", "bücher.de", "xn--bcher-kva.de", TRUE },
  { "idn-upper-case-lower-cased-in-ascii-form", "Hans@BÜCHER.DE",
    "Hans@BÜCHER.DE", "Hans", "BÜCHER.DE", "xn--bcher-kva.de", TRUE },
  { "idn-japanese", "taro@日本語.jp",
    "taro@日本語.jp", "taro", "日本語.jp", "xn--wgv71a119e.jp", TRUE },
  { "idn-japanese-ideographic-full-stop", "taro@例え。jp",
    "taro@例え。jp", "taro", "例え。jp", "xn--r8jz45g.jp", TRUE },
  { "idn-cyrillic-with-idn-tld", "ivan@пример.рф",
    "ivan@пример.рф", "ivan", "пример.рф", "xn--e1afmkfd.xn--p1ai", TRUE },
  { "idn-greek", "eleni@παράδειγμα.δοκιμή",
    "eleni@παράδειγμα.δοκιμή", "eleni", "παράδειγμα.δοκιμή",
    "xn--hxajbheg2az3al.xn--jxalpdlp", TRUE },
  { "idn-spanish", "ana@ñandú.cl",
    "ana@ñandú.cl", "ana", "ñandú.cl", "xn--and-6ma2c.cl", TRUE },
  { "idn-already-in-ascii-form", "hans@xn--bcher-kva.de",
    "hans@xn--bcher-kva.de", "hans", "xn--bcher-kva.de", "xn--bcher-kva.de", FALSE },
  { "utf8-local-part-rfc6531", "användare@exempel.se",
    "användare@exempel.se", "användare", "exempel.se", "exempel.se", FALSE },
  { "utf8-local-part-and-idn-domain", "用户@用户.例子",
    "用户@用户.例子", "用户", "用户.例子", "xn--zouo53b.xn--fsqu00a", TRUE },
  { "utf8-local-part-of-64-octets", "{å*32}@example.com",
    "{å*32}@example.com", "{å*32}", "example.com", "example.com", FALSE },
};

static void
test_accepts (gconstpointer data)
{
  const GoodCase *c = data;
  g_autofree char *text = expand_pattern (c->text);
  g_autofree char *display = expand_pattern (c->display);
  g_autofree char *local_part = expand_pattern (c->local_part);
  g_autofree char *domain = expand_pattern (c->domain);
  g_autofree char *ascii_domain = expand_pattern (c->ascii_domain);
  g_autofree char *ascii = NULL;
  g_autofree char *expected_ascii = NULL;
  g_autoptr(GError) error = NULL;
  BdAddress *address;

  address = bd_address_parse (text, &error);
  g_assert_no_error (error);
  g_assert_true (BD_IS_ADDRESS (address));

  g_assert_cmpstr (bd_address_get_display (address), ==, display);
  g_assert_cmpstr (bd_address_get_local_part (address), ==, local_part);
  g_assert_cmpstr (bd_address_get_domain (address), ==, domain);
  g_assert_cmpstr (bd_address_get_ascii_domain (address), ==, ascii_domain);
  g_assert_cmpint (bd_address_domain_is_idn (address), ==, c->is_idn);

  expected_ascii = g_strconcat (local_part, "@", ascii_domain, NULL);
  ascii = bd_address_dup_ascii (address);
  g_assert_cmpstr (ascii, ==, expected_ascii);

  g_assert_finalize_object (address);
}

/* Refused addresses */

typedef struct
{
  const char *name;
  const char *text;
  BdErrorCode code;
  const char *mention;  /* the message must contain this */
} BadCase;

static const BadCase bad_cases[] = {
  { "empty", "", BD_ERROR_ADDRESS_EMPTY, "empty" },
  { "only-white-space", " \t\n ", BD_ERROR_ADDRESS_EMPTY, "empty" },
  { "missing-at", "alice.example.com", BD_ERROR_ADDRESS_MISSING_AT, "alice.example.com" },
  { "fullwidth-at-is-not-an-at", "alice＠example.com", BD_ERROR_ADDRESS_MISSING_AT, "“@”" },
  { "two-at", "alice@bob@example.com", BD_ERROR_ADDRESS_MULTIPLE_AT, "more than one" },
  { "quoted-local-part-with-at", "\"alice@home\"@example.com",
    BD_ERROR_ADDRESS_MULTIPLE_AT, "more than one" },
  { "empty-local-part", "@example.com", BD_ERROR_ADDRESS_EMPTY_LOCAL_PART, "before the “@”" },
  { "empty-domain", "alice@", BD_ERROR_ADDRESS_EMPTY_DOMAIN, "after the “@”" },
  { "lone-at", "@", BD_ERROR_ADDRESS_EMPTY_LOCAL_PART, "before the “@”" },
  { "space-inside-local-part", "alice smith@example.com", BD_ERROR_ADDRESS_CONTAINS_SPACE,
    "spaces" },
  { "space-inside-domain", "alice@exam ple.com", BD_ERROR_ADDRESS_CONTAINS_SPACE, "spaces" },
  { "space-before-at", "alice @example.com", BD_ERROR_ADDRESS_CONTAINS_SPACE, "spaces" },
  { "tab-inside", "alice\t@example.com", BD_ERROR_ADDRESS_CONTAINS_SPACE, "spaces" },
  { "newline-inside", "alice@example.com\nbcc@example.org", BD_ERROR_ADDRESS_CONTAINS_SPACE,
    "spaces" },
  { "no-break-space-inside", "alice\u00A0smith@example.com", BD_ERROR_ADDRESS_CONTAINS_SPACE,
    "spaces" },
  { "local-part-of-65-octets", "{a*65}@example.com", BD_ERROR_ADDRESS_LOCAL_PART_TOO_LONG,
    "64" },
  { "utf8-local-part-of-66-octets", "{å*33}@example.com",
    BD_ERROR_ADDRESS_LOCAL_PART_TOO_LONG, "64" },
  { "label-of-64-octets", "alice@{b*64}.example.com", BD_ERROR_ADDRESS_DOMAIN_TOO_LONG, "63" },
  { "domain-of-254-octets", "a@{b*63}.{c*63}.{d*63}.{e*62}", BD_ERROR_ADDRESS_DOMAIN_TOO_LONG,
    "253" },
  { "address-of-255-octets-with-longest-local-part", "{a*64}@{c*63}.{d*63}.{e*58}.com",
    BD_ERROR_ADDRESS_TOO_LONG, "254" },
  { "address-of-255-octets-with-253-octet-domain", "a@{b*63}.{c*63}.{d*63}.{e*61}",
    BD_ERROR_ADDRESS_TOO_LONG, "254" },
  { "leading-dot-in-local-part", ".alice@example.com", BD_ERROR_ADDRESS_INVALID_LOCAL_PART,
    "dot" },
  { "trailing-dot-in-local-part", "alice.@example.com", BD_ERROR_ADDRESS_INVALID_LOCAL_PART,
    "dot" },
  { "double-dot-in-local-part", "alice..smith@example.com",
    BD_ERROR_ADDRESS_INVALID_LOCAL_PART, "two dots" },
  { "parenthesis-comment", "alice(work)@example.com", BD_ERROR_ADDRESS_INVALID_CHARACTER,
    "“(”" },
  { "comma", "alice,bob@example.com", BD_ERROR_ADDRESS_INVALID_CHARACTER, "“,”" },
  { "double-quote", "\"alice\"@example.com", BD_ERROR_ADDRESS_INVALID_CHARACTER, "“\"”" },
  { "angle-brackets", "<alice@example.com>", BD_ERROR_ADDRESS_INVALID_CHARACTER, "“<”" },
  { "backslash", "ali\\ce@example.com", BD_ERROR_ADDRESS_INVALID_CHARACTER, "“\\”" },
  { "semicolon", "alice;@example.com", BD_ERROR_ADDRESS_INVALID_CHARACTER, "“;”" },
  { "square-bracket-in-local-part", "al[ice@example.com", BD_ERROR_ADDRESS_INVALID_CHARACTER,
    "“[”" },
  { "control-character-in-local-part", "ali\001ce@example.com",
    BD_ERROR_ADDRESS_INVALID_CHARACTER, "control character" },
  { "escape-character-in-domain", "alice@exam\033ple.com", BD_ERROR_ADDRESS_INVALID_CHARACTER,
    "control character" },
  { "delete-character", "alice\177@example.com", BD_ERROR_ADDRESS_INVALID_CHARACTER,
    "control character" },
  { "vertical-tab-inside", "alice\v@example.com", BD_ERROR_ADDRESS_INVALID_CHARACTER,
    "control character" },
  { "zero-width-space-inside", "alice\u200B@example.com", BD_ERROR_ADDRESS_INVALID_CHARACTER,
    "invisible" },
  { "byte-order-mark-in-front", "\uFEFFalice@example.com", BD_ERROR_ADDRESS_INVALID_CHARACTER,
    "invisible" },
  { "replacement-character", "alice\uFFFD@example.com", BD_ERROR_ADDRESS_INVALID_CHARACTER,
    "invisible" },
  { "invalid-utf8-byte", "al\377ice@example.com", BD_ERROR_ADDRESS_INVALID_CHARACTER,
    "not valid text" },
  { "truncated-utf8-sequence", "alice@b\303.de", BD_ERROR_ADDRESS_INVALID_CHARACTER,
    "not valid text" },
  { "latin1-encoded-domain", "hans@b\374cher.de", BD_ERROR_ADDRESS_INVALID_CHARACTER,
    "not valid text" },
  { "ipv4-literal", "alice@[192.0.2.1]", BD_ERROR_ADDRESS_INVALID_DOMAIN, "[192.0.2.1]" },
  { "ipv6-literal", "alice@[IPv6:2001:db8::1]", BD_ERROR_ADDRESS_INVALID_DOMAIN,
    "[IPv6:2001:db8::1]" },
  { "bare-ipv4-address", "alice@192.0.2.1", BD_ERROR_ADDRESS_INVALID_DOMAIN, "IP address" },
  { "all-numeric-tld", "alice@example.123", BD_ERROR_ADDRESS_INVALID_DOMAIN, "example.123" },
  { "single-label-domain", "alice@localhost", BD_ERROR_ADDRESS_INVALID_DOMAIN, "no dot" },
  { "single-label-idn-domain", "hans@bücher", BD_ERROR_ADDRESS_INVALID_DOMAIN, "bücher" },
  { "hyphen-at-label-start", "alice@-example.com", BD_ERROR_ADDRESS_INVALID_DOMAIN, "hyphen" },
  { "hyphen-at-label-end", "alice@example-.com", BD_ERROR_ADDRESS_INVALID_DOMAIN, "hyphen" },
  { "hyphen-at-tld-end", "alice@example.com-", BD_ERROR_ADDRESS_INVALID_DOMAIN, "hyphen" },
  { "underscore-in-domain", "alice@mail_server.example.com", BD_ERROR_ADDRESS_INVALID_DOMAIN,
    "“_”" },
  { "exclamation-mark-in-domain", "alice@exam!ple.com", BD_ERROR_ADDRESS_INVALID_DOMAIN,
    "“!”" },
  { "underscore-in-idn-domain", "hans@bü_cher.de", BD_ERROR_ADDRESS_INVALID_DOMAIN, "“_”" },
  { "leading-dot-in-domain", "alice@.example.com", BD_ERROR_ADDRESS_INVALID_DOMAIN,
    "empty part" },
  { "trailing-dot-in-domain", "alice@example.com.", BD_ERROR_ADDRESS_INVALID_DOMAIN,
    "empty part" },
  { "double-dot-in-domain", "alice@example..com", BD_ERROR_ADDRESS_INVALID_DOMAIN,
    "empty part" },
  { "double-dot-in-idn-domain", "hans@bücher..de", BD_ERROR_ADDRESS_INVALID_DOMAIN,
    "empty part" },
};

static void
test_rejects (gconstpointer data)
{
  const BadCase *c = data;
  g_autofree char *text = expand_pattern (c->text);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdAddress) address = NULL;

  address = bd_address_parse (text, &error);
  g_assert_error (error, BD_ERROR, (int) c->code);
  g_assert_null (address);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (strstr (error->message, c->mention) == NULL)
    g_error ("message “%s” does not mention “%s”", error->message, c->mention);
}

static void
test_rejects_null (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdAddress) address = bd_address_parse (NULL, &error);

  g_assert_error (error, BD_ERROR, BD_ERROR_ADDRESS_INVALID_CHARACTER);
  g_assert_null (address);
}

/* Refusing an address must also work for callers that ignore the error. */
static void
test_rejects_without_error_location (void)
{
  g_autoptr(BdAddress) address = bd_address_parse ("alice@", NULL);

  g_assert_null (address);
}

/* Placeholder expansion */

typedef struct
{
  const char *name;
  const char *address;
  const char *template_str;
  const char *expected;
} ExpandCase;

static const ExpandCase expand_cases[] = {
  { "email-address", "alice@example.com", "%EMAILADDRESS%", "alice@example.com" },
  { "email-local-part", "alice@example.com", "%EMAILLOCALPART%", "alice" },
  { "email-domain", "alice@example.com", "%EMAILDOMAIN%", "example.com" },
  { "placeholder-inside-text", "alice@example.com", "imap.%EMAILDOMAIN%",
    "imap.example.com" },
  { "repeated-placeholders", "alice@example.com",
    "%EMAILLOCALPART%.%EMAILLOCALPART%@%EMAILDOMAIN%/%EMAILDOMAIN%",
    "alice.alice@example.com/example.com" },
  { "every-placeholder-together", "alice@example.com",
    "%EMAILADDRESS% %EMAILLOCALPART% %EMAILDOMAIN%", "alice@example.com alice example.com" },
  { "lower-case-placeholder", "alice@example.com", "imap.%emaildomain%", "imap.example.com" },
  { "mixed-case-placeholder", "alice@example.com", "%EmailLocalPart%+%eMaIlAdDrEsS%",
    "alice+alice@example.com" },
  { "unknown-placeholder-left-alone", "alice@example.com", "%FOO%.%EMAILDOMAIN%",
    "%FOO%.example.com" },
  { "placeholder-without-closing-percent-left-alone", "alice@example.com", "%EMAILDOMAIN",
    "%EMAILDOMAIN" },
  { "stray-percent-signs-kept", "alice@example.com", "100% %%EMAILDOMAIN%%",
    "100% %example.com%" },
  { "no-placeholder", "alice@example.com", "imap.example.net", "imap.example.net" },
  { "empty-template", "alice@example.com", "", "" },
  { "utf8-text-kept", "alice@example.com", "åäö %EMAILLOCALPART% 日本", "åäö alice 日本" },
  { "domain-in-ascii-form", "Hans@BÜCHER.DE", "imap.%EMAILDOMAIN%", "imap.xn--bcher-kva.de" },
  { "address-with-ascii-domain", "Hans@BÜCHER.DE", "%EMAILADDRESS%", "Hans@xn--bcher-kva.de" },
  { "local-part-in-original-case", "Hans@BÜCHER.DE", "%EMAILLOCALPART%", "Hans" },
  { "utf8-local-part-kept", "användare@exempel.åäö.se", "%EMAILADDRESS%",
    "användare@exempel.xn--4cab6c.se" },
  { "trimmed-address", "  alice@example.com\n", "<%EMAILADDRESS%>", "<alice@example.com>" },
};

static void
test_expand (gconstpointer data)
{
  const ExpandCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdAddress) address = bd_address_parse (c->address, &error);
  g_autofree char *expanded = NULL;

  g_assert_no_error (error);
  expanded = bd_address_expand (address, c->template_str);
  g_assert_cmpstr (expanded, ==, c->expected);
}

/* The properties carry the same values as the getters. */
static void
test_properties (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdAddress) address = bd_address_parse (" Hans@Bücher.DE ", &error);
  g_autofree char *display = NULL;
  g_autofree char *local_part = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *ascii_domain = NULL;

  g_assert_no_error (error);
  g_object_get (address,
                "display", &display,
                "local-part", &local_part,
                "domain", &domain,
                "ascii-domain", &ascii_domain,
                NULL);
  g_assert_cmpstr (display, ==, "Hans@Bücher.DE");
  g_assert_cmpstr (local_part, ==, "Hans");
  g_assert_cmpstr (domain, ==, "Bücher.DE");
  g_assert_cmpstr (ascii_domain, ==, "xn--bcher-kva.de");
}

/* The helper above is itself part of what the length cases prove. */
static void
test_pattern_helper (void)
{
  g_autofree char *plain = expand_pattern ("{|}~");
  g_autofree char *repeated = expand_pattern ("x{a*3}y{å*2}z");
  g_autofree char *long_label = expand_pattern ("{b*63}");

  g_assert_cmpstr (plain, ==, "{|}~");
  g_assert_cmpstr (repeated, ==, "xaaayååz");
  g_assert_cmpuint (strlen (long_label), ==, 63);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/address/pattern-helper", test_pattern_helper);

  for (guint i = 0; i < G_N_ELEMENTS (good_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/address/accepts/", good_cases[i].name, NULL);

      g_test_add_data_func (path, &good_cases[i], test_accepts);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/address/rejects/", bad_cases[i].name, NULL);

      g_test_add_data_func (path, &bad_cases[i], test_rejects);
    }
  g_test_add_func ("/address/rejects/null", test_rejects_null);
  g_test_add_func ("/address/rejects/without-error-location", test_rejects_without_error_location);

  for (guint i = 0; i < G_N_ELEMENTS (expand_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/address/expand/", expand_cases[i].name, NULL);

      g_test_add_data_func (path, &expand_cases[i], test_expand);
    }

  g_test_add_func ("/address/properties-match-getters", test_properties);

  return g_test_run ();
}
