/* test-thunderbird-prefs.c: Thunderbird's prefs.js, read line by line and
 * merged with Brevduva's block (bd-thunderbird-prefs.c)
 *
 * Tables: lines and what they read as; values and how they are quoted;
 * files and the keys an account gets in them; files and the whole text a
 * merge makes of them, byte for byte. The clients test (test-thunderbird.py)
 * shows the real Thunderbird loading such a file.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-address.h"
#include "bd-thunderbird-prefs-private.h"

#define ALICE "alice@example.com"
#define HEADER "// Mozilla User Preferences\n\n"

/* A line of prefs.js as Thunderbird writes it; STR() a string literal. */
#define PREF(name, literal) "user_pref(\"" name "\", " literal ");\n"
#define STR(s) "\"" s "\""

/* What add_block() adds, for the keys given (as strings). */
#define BLOCK(a, s, i, type) \
  PREF ("mail.account.account" a ".brevduva_address", STR (ALICE)) \
  PREF ("mail.server.server" s ".type", STR (type)) \
  PREF ("mail.server.server" s ".hostname", STR ("imap.example.com")) \
  PREF ("mail.server.server" s ".brevduva_address", STR (ALICE)) \
  PREF ("mail.identity.id" i ".useremail", STR (ALICE)) \
  PREF ("mail.identity.id" i ".brevduva_address", STR (ALICE))
#define SMTP_BLOCK(m) \
  PREF ("mail.smtpserver.smtp" m ".hostname", STR ("smtp.example.com")) \
  PREF ("mail.smtpserver.smtp" m ".brevduva_address", STR (ALICE))

static BdThunderbirdPrefs *
prefs_new (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdAddress) address = bd_address_parse (ALICE, &error);

  g_assert_no_error (error);
  return bd_thunderbird_prefs_new (text, address);
}

/* ---- Lines ------------------------------------------------------------- */

typedef struct {
  const char *name;
  const char *line;
  const char *pref;    /* NULL: the line is no pref */
  const char *value;
} LineCase;

static const LineCase line_cases[] = {
  { "string", "user_pref(\"mail.server.server1.hostname\", \"imap.example.com\");",
    "mail.server.server1.hostname", "imap.example.com" },
  { "empty-string", "user_pref(\"a\", \"\");", "a", "" },
  { "escaped-quote", "user_pref(\"a\", \"say \\\"hi\\\"\");", "a", "say \"hi\"" },
  { "escaped-backslash", "user_pref(\"a\", \"C:\\\\dir\\\\\");", "a", "C:\\dir\\" },
  { "escaped-line-ends", "user_pref(\"a\", \"one\\ntwo\\rthree\\tfour\");", "a",
    "one\ntwo\rthree\tfour" },
  { "escaped-apostrophe", "user_pref(\"a\", \"it\\'s\");", "a", "it's" },
  { "unicode-escape", "user_pref(\"a\", \"Andr\\u00e9 \\u00C9\");", "a", "Andr\xc3\xa9 \xc3\x89" },
  { "unicode-surrogates", "user_pref(\"a\", \"\\ud83d\\udc26\");", "a", "\xf0\x9f\x90\xa6" },
  /* Escapes that are no character stand for the letter after the
   * backslash, as they always did: a lone surrogate, too few digits, NUL. */
  { "lone-surrogate", "user_pref(\"a\", \"\\ud83dx\");", "a", "ud83dx" },
  { "bad-surrogate-pair", "user_pref(\"a\", \"\\ud83d\\u0041\");", "a", "ud83dA" },
  { "short-unicode-escape", "user_pref(\"a\", \"\\u00e\");", "a", "u00e" },
  { "unicode-nul", "user_pref(\"a\", \"x\\u0000y\");", "a", "xu0000y" },
  { "raw-utf8", "user_pref(\"mail.identity.id1.fullName\", \"Bj\xc3\xb6rn\");",
    "mail.identity.id1.fullName", "Bj\xc3\xb6rn" },
  { "string-with-paren", "user_pref(\"a\", \"x); user_pref(\\\"b\\\", 1\");", "a",
    "x); user_pref(\"b\", 1" },
  { "escaped-name", "user_pref(\"a\\\"b\", 1);", "a\"b", "1" },
  { "integer", "user_pref(\"mail.account.lastKey\", 3);", "mail.account.lastKey", "3" },
  { "negative-integer", "user_pref(\"a\", -1);", "a", "-1" },
  { "true", "user_pref(\"a\", true);", "a", "true" },
  { "false", "user_pref(\"a\", false);", "a", "false" },
  { "leading-space", " \t user_pref(\"a\", true);", "a", "true" },
  { "no-space", "user_pref(\"a\",\"b\");", "a", "b" },
  { "odd-spacing", "user_pref(\"a\"  ,   42   )  ;", "a", "42" },
  { "trailing-comment", "user_pref(\"a\", 7); // seven", "a", "7" },
  { "carriage-return", "user_pref(\"a\", \"b\");\r", "a", "b" },
  { "comment", "// Mozilla User Preferences", NULL },
  { "commented-out", "// user_pref(\"a\", 1);", NULL },
  { "block-comment", "/* user_pref(\"a\", 1); */", NULL },
  { "empty", "", NULL },
  { "prose", "this line is not a pref", NULL },
  { "pref-not-user-pref", "pref(\"a\", 1);", NULL },
  { "sticky-pref", "sticky_pref(\"a\", 1);", NULL },
  { "space-before-name", "user_pref( \"a\", 1);", NULL },
  { "unterminated-name", "user_pref(\"a, 1);", NULL },
  { "no-comma", "user_pref(\"a\" 1);", NULL },
  { "unterminated-string", "user_pref(\"a\", \"b);", NULL },
  { "escape-at-end", "user_pref(\"a\", \"b\\", NULL },
  { "no-paren", "user_pref(\"a\", 1", NULL },
};

static void
test_line (gconstpointer data)
{
  const LineCase *c = data;
  char *name = NULL;
  char *value = NULL;
  gboolean is_pref = bd_thunderbird_prefs_parse_line (c->line, &name, &value);

  g_assert_cmpint (is_pref, ==, c->pref != NULL);
  g_assert_cmpstr (name, ==, c->pref);
  g_assert_cmpstr (value, ==, c->value);
  g_free (name);
  g_free (value);
}

/* ---- Quoting ------------------------------------------------------------ */

typedef struct {
  const char *name;
  const char *value;
  const char *literal;
} QuoteCase;

static const QuoteCase quote_cases[] = {
  { "plain", "imap.example.com", "\"imap.example.com\"" },
  { "empty", "", "\"\"" },
  { "quote", "a\"b", "\"a\\\"b\"" },
  { "backslash", "a\\b\\", "\"a\\\\b\\\\\"" },
  { "line-ends", "a\nb\rc", "\"a\\nb\\rc\"" },
  { "utf8", "Bj\xc3\xb6rn", "\"Bj\xc3\xb6rn\"" },
  /* A backslash-u in a value is text, not an escape to decode. */
  { "backslash-u", "\\u0041", "\"\\\\u0041\"" },
  { "injection", "x\");\nuser_pref(\"mail.server.server1.hostname\", \"evil",
    "\"x\\\");\\nuser_pref(\\\"mail.server.server1.hostname\\\", \\\"evil\"" },
};

static void
test_quote (gconstpointer data)
{
  const QuoteCase *c = data;
  g_autofree char *literal = bd_thunderbird_prefs_quote (c->value);
  g_autofree char *line = g_strdup_printf ("user_pref(\"a\", %s);", literal);
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;

  g_assert_cmpstr (literal, ==, c->literal);
  g_assert_null (strchr (literal, '\n'));
  /* It reads back as the same value, on one line. */
  g_assert_true (bd_thunderbird_prefs_parse_line (line, &name, &value));
  g_assert_cmpstr (name, ==, "a");
  g_assert_cmpstr (value, ==, c->value);
}

/* ---- Keys --------------------------------------------------------------- */

typedef struct {
  const char *name;
  const char *text;
  gboolean with_smtp;
  guint max[BD_THUNDERBIRD_N_BRANCHES];
  guint own[BD_THUNDERBIRD_N_BRANCHES];
  guint keys[BD_THUNDERBIRD_N_BRANCHES];
} KeysCase;

/* Numbers with gaps, and keys that are no account's. */
#define GAPS \
  PREF ("mail.account.account1.server", STR ("server1")) \
  PREF ("mail.account.account3.server", STR ("server7")) \
  PREF ("mail.identity.id2.useremail", STR ("carol@example.net")) \
  PREF ("mail.server.server7.hostname", STR ("imap.example.net")) \
  PREF ("mail.smtpserver.smtp1.brevduva_address", STR ("bob@example.org")) \
  PREF ("mail.account.account0.server", STR ("x")) \
  PREF ("mail.account.accountx.server", STR ("x")) \
  PREF ("mail.account.account.server", STR ("x")) \
  PREF ("mail.server.server12", STR ("x")) \
  PREF ("mail.server.server4294967296.hostname", STR ("x")) \
  PREF ("mail.identity.smtp5.useremail", STR ("x")) \
  "// " PREF ("mail.account.account8.server", STR ("server8")) \
  "user_pref(\"mail.server.server9.hostname\" \"no comma\");\n"

/* Brevduva's own branches for the address (its case does not matter),
 * among another person's. */
#define OWN \
  PREF ("mail.account.account1.server", STR ("server1")) \
  PREF ("mail.account.account2.brevduva_address", STR ("ALICE@Example.COM")) \
  PREF ("mail.account.account2.server", STR ("server2")) \
  PREF ("mail.account.account3.server", STR ("server3")) \
  PREF ("mail.account.lastKey", "3") \
  PREF ("mail.accountmanager.accounts", STR ("account1,account2,account3")) \
  PREF ("mail.accountmanager.defaultaccount", STR ("account1")) \
  PREF ("mail.identity.id2.brevduva_address", STR (ALICE)) \
  PREF ("mail.identity.id2.fullName", STR ("Old Name")) \
  PREF ("mail.identity.id2.htmlSigText", STR ("-- \\nAlice")) \
  PREF ("mail.server.server2.brevduva_address", STR (ALICE)) \
  PREF ("mail.server.server2.directory", STR ("/home/alice/ImapMail/imap.example.com")) \
  PREF ("mail.server.server2.hostname", STR ("old.example.com")) \
  PREF ("mail.server.server2.type", STR ("imap")) \
  PREF ("mail.server.server3.hostname", STR ("imap.example.net")) \
  PREF ("mail.smtp.defaultserver", STR ("smtp1")) \
  PREF ("mail.smtpserver.smtp1.hostname", STR ("smtp.example.org")) \
  PREF ("mail.smtpserver.smtp2.brevduva_address", STR (ALICE)) \
  PREF ("mail.smtpserver.smtp2.hostname", STR ("old-smtp.example.com")) \
  PREF ("mail.smtpservers", STR ("smtp1,smtp2"))

static const KeysCase keys_cases[] = {
  { "empty", NULL, TRUE, { 0, 0, 0, 0 }, { 0, 0, 0, 0 }, { 1, 1, 1, 1 } },
  { "empty-without-smtp", "", FALSE, { 0, 0, 0, 0 }, { 0, 0, 0, 0 }, { 1, 1, 1, 0 } },
  { "after-the-highest", GAPS, TRUE, { 3, 7, 2, 1 }, { 0, 0, 0, 0 }, { 4, 8, 3, 2 } },
  { "own-again", OWN, TRUE, { 3, 3, 2, 2 }, { 2, 2, 2, 2 }, { 2, 2, 2, 2 } },
  { "own-without-smtp", OWN, FALSE, { 3, 3, 2, 2 }, { 2, 2, 2, 2 }, { 2, 2, 2, 0 } },
};

static void
test_keys (gconstpointer data)
{
  const KeysCase *c = data;
  g_autoptr(BdThunderbirdPrefs) prefs = prefs_new (c->text);
  guint keys[BD_THUNDERBIRD_N_BRANCHES];

  for (BdThunderbirdBranch b = 0; b < BD_THUNDERBIRD_N_BRANCHES; b++)
    {
      g_assert_cmpuint (bd_thunderbird_prefs_get_max (prefs, b), ==, c->max[b]);
      g_assert_cmpuint (bd_thunderbird_prefs_get_own (prefs, b), ==, c->own[b]);
    }
  bd_thunderbird_prefs_choose_keys (prefs, "imap", c->with_smtp, keys);
  for (BdThunderbirdBranch b = 0; b < BD_THUNDERBIRD_N_BRANCHES; b++)
    g_assert_cmpuint (keys[b], ==, c->keys[b]);
}

/* Another person's identity or server is found; Brevduva's own is not. */
static void
test_find (void)
{
  const char *text = OWN
                     PREF ("mail.identity.id1.useremail", STR ("bob@example.org"))
                     PREF ("mail.identity.id4.useremail", STR ("Alice@EXAMPLE.com"))
                     PREF ("mail.server.server3.type", STR ("imap"))
                     PREF ("mail.server.server3.userName", STR ("alice"));
  g_autoptr(BdThunderbirdPrefs) prefs = prefs_new (text);
  g_autoptr(BdThunderbirdPrefs) own_only = prefs_new (OWN);

  g_assert_cmpuint (bd_thunderbird_prefs_find_identity (prefs), ==, 4);
  g_assert_cmpuint (bd_thunderbird_prefs_find_identity (own_only), ==, 0);

  g_assert_cmpuint (bd_thunderbird_prefs_find_server (prefs, "IMAP", "IMAP.example.net",
                                                      "alice"), ==, 3);
  g_assert_cmpuint (bd_thunderbird_prefs_find_server (prefs, "POP3", "imap.example.net",
                                                      "alice"), ==, 0);
  g_assert_cmpuint (bd_thunderbird_prefs_find_server (prefs, "IMAP", "imap.example.net",
                                                      "Alice"), ==, 0);
  g_assert_cmpuint (bd_thunderbird_prefs_find_server (prefs, "IMAP", "old.example.com",
                                                      NULL), ==, 0);
}

/* ---- Merging ------------------------------------------------------------ */

typedef struct {
  const char *name;
  const char *old_text;
  const char *type;        /* the incoming server's */
  gboolean with_smtp;
  const char *new_text;    /* NULL: the old text is kept whole, at the start */
} MergeCase;

/* Another person's account, comments, odd spacing, a CRLF line and a line
 * that is no pref: all must come through as they are. */
#define OTHER_HEAD \
  "// Mozilla User Preferences\n" \
  "\n" \
  "/* A comment, as a person may leave one. */\n" \
  PREF ("mail.account.account1.identities", STR ("id1")) \
  PREF ("mail.account.account1.server", STR ("server1"))
#define OTHER_MIDDLE \
  PREF ("mail.accountmanager.defaultaccount", STR ("account1")) \
  "  user_pref(\"mail.identity.id1.useremail\" ,\"bob@example.org\" )  ;\n" \
  PREF ("mail.identity.id1.fullName", STR ("Bob \\\"B\\\" Andr\\u00e9")) \
  "user_pref(\"mail.server.server1.hostname\", \"imap.example.org\");\r\n" \
  PREF ("mail.server.server1.type", STR ("imap")) \
  PREF ("mail.smtp.defaultserver", STR ("smtp1")) \
  PREF ("mail.smtpserver.smtp1.hostname", STR ("smtp.example.org"))
#define OTHER_TAIL \
  "this line is not a pref; it stays\n" \
  "\n" \
  PREF ("mail.shell.checkDefaultClient", "false")
#define OTHER \
  OTHER_HEAD \
  PREF ("mail.account.lastKey", "1") \
  PREF ("mail.accountmanager.accounts", STR ("account1")) \
  OTHER_MIDDLE \
  PREF ("mail.smtpservers", STR ("smtp1")) \
  OTHER_TAIL

/* OWN without the prefs Brevduva writes. */
#define OWN_KEPT \
  PREF ("mail.account.account1.server", STR ("server1")) \
  PREF ("mail.account.account3.server", STR ("server3")) \
  PREF ("mail.account.lastKey", "3") \
  PREF ("mail.accountmanager.accounts", STR ("account1,account2,account3")) \
  PREF ("mail.accountmanager.defaultaccount", STR ("account1")) \
  PREF ("mail.identity.id2.htmlSigText", STR ("-- \\nAlice"))
#define OWN_KEPT_DIRECTORY \
  PREF ("mail.server.server2.directory", STR ("/home/alice/ImapMail/imap.example.com"))
#define OWN_KEPT_TAIL \
  PREF ("mail.server.server3.hostname", STR ("imap.example.net")) \
  PREF ("mail.smtp.defaultserver", STR ("smtp1")) \
  PREF ("mail.smtpserver.smtp1.hostname", STR ("smtp.example.org"))

static const MergeCase merge_cases[] = {
  { "new-file", NULL, "imap", TRUE,
    HEADER
    PREF ("mail.account.lastKey", "1")
    PREF ("mail.accountmanager.accounts", STR ("account1"))
    PREF ("mail.accountmanager.defaultaccount", STR ("account1"))
    PREF ("mail.smtp.defaultserver", STR ("smtp1"))
    PREF ("mail.smtpservers", STR ("smtp1"))
    BLOCK ("1", "1", "1", "imap") SMTP_BLOCK ("1") },
  { "empty-file-without-smtp", "", "pop3", FALSE,
    HEADER
    PREF ("mail.account.lastKey", "1")
    PREF ("mail.accountmanager.accounts", STR ("account1"))
    PREF ("mail.accountmanager.defaultaccount", STR ("account1"))
    BLOCK ("1", "1", "1", "pop3") },
  { "last-line-without-end", "user_pref(\"a\", 1);", "imap", FALSE,
    PREF ("a", "1")
    PREF ("mail.account.lastKey", "1")
    PREF ("mail.accountmanager.accounts", STR ("account1"))
    PREF ("mail.accountmanager.defaultaccount", STR ("account1"))
    BLOCK ("1", "1", "1", "imap") },
  { "keeps-other-lines", OTHER, "imap", TRUE,
    OTHER_HEAD
    PREF ("mail.account.lastKey", "2")
    PREF ("mail.accountmanager.accounts", STR ("account1,account2"))
    OTHER_MIDDLE
    PREF ("mail.smtpservers", STR ("smtp1,smtp2"))
    OTHER_TAIL
    BLOCK ("2", "2", "2", "imap") SMTP_BLOCK ("2") },
  { "next-free-numbers", GAPS, "imap", TRUE, NULL },
  { "replaces-own", OWN, "imap", TRUE,
    OWN_KEPT OWN_KEPT_DIRECTORY OWN_KEPT_TAIL
    PREF ("mail.smtpservers", STR ("smtp1,smtp2"))
    BLOCK ("2", "2", "2", "imap") SMTP_BLOCK ("2") },
  { "drops-own-smtp-server", OWN, "imap", FALSE,
    OWN_KEPT OWN_KEPT_DIRECTORY OWN_KEPT_TAIL
    PREF ("mail.smtpservers", STR ("smtp1"))
    BLOCK ("2", "2", "2", "imap") },
  { "drops-own-server-of-another-type", OWN, "pop3", TRUE,
    OWN_KEPT OWN_KEPT_TAIL
    PREF ("mail.smtpservers", STR ("smtp1,smtp2"))
    BLOCK ("2", "2", "2", "pop3") SMTP_BLOCK ("2") },
  { "default-smtp-server-goes-with-it",
    PREF ("mail.smtp.defaultserver", STR ("smtp1"))
    PREF ("mail.smtpserver.smtp1.brevduva_address", STR (ALICE))
    PREF ("mail.smtpservers", STR ("smtp1")),
    "imap", FALSE,
    PREF ("mail.smtpservers", STR (""))
    PREF ("mail.account.lastKey", "1")
    PREF ("mail.accountmanager.accounts", STR ("account1"))
    PREF ("mail.accountmanager.defaultaccount", STR ("account1"))
    BLOCK ("1", "1", "1", "imap") },
  { "global-pref-set-twice",
    PREF ("mail.account.lastKey", "1")
    PREF ("mail.account.account1.server", STR ("server1"))
    PREF ("mail.accountmanager.accounts", STR ("account1"))
    PREF ("mail.account.lastKey", "1"),
    "imap", FALSE,
    PREF ("mail.account.lastKey", "2")
    PREF ("mail.account.account1.server", STR ("server1"))
    PREF ("mail.accountmanager.accounts", STR ("account1,account2"))
    PREF ("mail.accountmanager.defaultaccount", STR ("account2"))
    BLOCK ("2", "1", "1", "imap") },
};

/* Adds what BLOCK() and SMTP_BLOCK() say. */
static void
add_block (BdThunderbirdPrefs *prefs,
           const char         *type,
           gboolean            with_smtp)
{
  guint keys[BD_THUNDERBIRD_N_BRANCHES];

  bd_thunderbird_prefs_choose_keys (prefs, type, with_smtp, keys);
  bd_thunderbird_prefs_add_string (prefs, BD_THUNDERBIRD_ACCOUNT, BD_THUNDERBIRD_MARK_ATTR,
                                   ALICE);
  bd_thunderbird_prefs_add_string (prefs, BD_THUNDERBIRD_SERVER, "type", type);
  bd_thunderbird_prefs_add_string (prefs, BD_THUNDERBIRD_SERVER, "hostname",
                                   "imap.example.com");
  bd_thunderbird_prefs_add_string (prefs, BD_THUNDERBIRD_SERVER, BD_THUNDERBIRD_MARK_ATTR,
                                   ALICE);
  bd_thunderbird_prefs_add_string (prefs, BD_THUNDERBIRD_IDENTITY, "useremail", ALICE);
  bd_thunderbird_prefs_add_string (prefs, BD_THUNDERBIRD_IDENTITY, BD_THUNDERBIRD_MARK_ATTR,
                                   ALICE);
  if (!with_smtp)
    return;
  bd_thunderbird_prefs_add_string (prefs, BD_THUNDERBIRD_SMTP, "hostname", "smtp.example.com");
  bd_thunderbird_prefs_add_string (prefs, BD_THUNDERBIRD_SMTP, BD_THUNDERBIRD_MARK_ATTR,
                                   ALICE);
}

static void
test_merge (gconstpointer data)
{
  const MergeCase *c = data;
  g_autoptr(BdThunderbirdPrefs) prefs = prefs_new (c->old_text);
  g_autoptr(BdThunderbirdPrefs) again = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;

  add_block (prefs, c->type, c->with_smtp);
  text = bd_thunderbird_prefs_dup_text (prefs);
  if (c->new_text != NULL)
    g_assert_cmpstr (text, ==, c->new_text);
  else
    g_assert_true (g_str_has_prefix (text, c->old_text));

  /* Writing the same again changes nothing: the block is Brevduva's own. */
  again = prefs_new (text);
  add_block (again, c->type, c->with_smtp);
  text_again = bd_thunderbird_prefs_dup_text (again);
  g_assert_cmpstr (text_again, ==, text);
}

/* Whatever a value holds, it stays inside its own pref: the merged text
 * reads back as exactly the prefs written, each with its value. */
static void
test_hostile_values (void)
{
  const char *const values[] = {
    "x\");\nuser_pref(\"mail.server.server1.hostname\", \"evil.example",
    "x\"); user_pref(\"mail.identity.id1.useremail\", \"" ALICE "\"); //",
    "ends in a backslash\\",
    "\\\");\r\nuser_pref(\"a\", 1);//",
    "\\u0022); user_pref(\\u0022a\\u0022, 1); //",
    "*/ user_pref(\"a\", 1); /*",
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(BdThunderbirdPrefs) prefs = prefs_new (NULL);
      g_autoptr(BdThunderbirdPrefs) read = NULL;
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL;
      guint keys[BD_THUNDERBIRD_N_BRANCHES];
      guint n_prefs = 0;

      bd_thunderbird_prefs_choose_keys (prefs, "imap", TRUE, keys);
      bd_thunderbird_prefs_add_string (prefs, BD_THUNDERBIRD_SERVER, "hostname", values[i]);
      bd_thunderbird_prefs_add_string (prefs, BD_THUNDERBIRD_SMTP, "description", values[i]);
      text = bd_thunderbird_prefs_dup_text (prefs);

      read = prefs_new (text);
      g_assert_cmpstr (bd_thunderbird_prefs_get_key (read, BD_THUNDERBIRD_SERVER, 1,
                                                     "hostname"), ==, values[i]);
      g_assert_cmpstr (bd_thunderbird_prefs_get_key (read, BD_THUNDERBIRD_SMTP, 1,
                                                     "description"), ==, values[i]);
      g_assert_null (bd_thunderbird_prefs_get (read, "a"));
      g_assert_null (bd_thunderbird_prefs_get (read, "mail.identity.id1.useremail"));
      g_assert_cmpuint (bd_thunderbird_prefs_find_identity (read), ==, 0);

      /* The header's two lines, five global prefs and the two written. */
      lines = g_strsplit (text, "\n", -1);
      g_assert_cmpuint (g_strv_length (lines), ==, 2 + 5 + 2 + 1);
      for (guint j = 0; lines[j] != NULL; j++)
        {
          g_autofree char *name = NULL;
          g_autofree char *value = NULL;

          n_prefs += bd_thunderbird_prefs_parse_line (lines[j], &name, &value);
        }
      g_assert_cmpuint (n_prefs, ==, 5 + 2);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (line_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/thunderbird-prefs/line/%s", line_cases[i].name);

      g_test_add_data_func (path, &line_cases[i], test_line);
    }
  for (guint i = 0; i < G_N_ELEMENTS (quote_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/thunderbird-prefs/quote/%s",
                                               quote_cases[i].name);

      g_test_add_data_func (path, &quote_cases[i], test_quote);
    }
  for (guint i = 0; i < G_N_ELEMENTS (keys_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/thunderbird-prefs/keys/%s", keys_cases[i].name);

      g_test_add_data_func (path, &keys_cases[i], test_keys);
    }
  g_test_add_func ("/thunderbird-prefs/find", test_find);
  for (guint i = 0; i < G_N_ELEMENTS (merge_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/thunderbird-prefs/merge/%s",
                                               merge_cases[i].name);

      g_test_add_data_func (path, &merge_cases[i], test_merge);
    }
  g_test_add_func ("/thunderbird-prefs/hostile-values", test_hostile_values);

  return g_test_run ();
}
