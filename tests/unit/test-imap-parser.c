/* test-imap-parser.c: IMAP responses, capability lists, literals and quoting
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-error.h"
#include "bd-imap-parser.h"

typedef struct
{
  const char *name;
  const char *line;
  gboolean valid;
  BdImapResponseKind kind;
  BdImapStatus status;
  const char *tag;
  const char *data_name;
  const char *code;
  const char *code_data;
  const char *text;
} ResponseCase;

#define UNTAGGED BD_IMAP_RESPONSE_UNTAGGED
#define TAGGED BD_IMAP_RESPONSE_TAGGED
#define CONTINUATION BD_IMAP_RESPONSE_CONTINUATION

static const ResponseCase response_cases[] = {
  { "greeting", "* OK IMAP4rev1 ready", TRUE, UNTAGGED, BD_IMAP_STATUS_OK, NULL, NULL, NULL,
    NULL, "IMAP4rev1 ready" },
  { "greeting-with-capability", "* OK [CAPABILITY IMAP4rev1 STARTTLS] hi", TRUE, UNTAGGED,
    BD_IMAP_STATUS_OK, NULL, NULL, "CAPABILITY", "IMAP4rev1 STARTTLS", "hi" },
  { "preauth", "* PREAUTH [CAPABILITY IMAP4rev1] Logged in", TRUE, UNTAGGED,
    BD_IMAP_STATUS_PREAUTH, NULL, NULL, "CAPABILITY", "IMAP4rev1", "Logged in" },
  { "bye-unavailable", "* BYE [UNAVAILABLE] later", TRUE, UNTAGGED, BD_IMAP_STATUS_BYE, NULL,
    NULL, "UNAVAILABLE", NULL, "later" },
  { "status-lower-case", "* ok fine", TRUE, UNTAGGED, BD_IMAP_STATUS_OK, NULL, NULL, NULL, NULL,
    "fine" },
  { "status-without-text", "* OK", TRUE, UNTAGGED, BD_IMAP_STATUS_OK, NULL, NULL, NULL, NULL, "" },
  { "capability-data", "* CAPABILITY IMAP4rev1 AUTH=PLAIN", TRUE, UNTAGGED,
    BD_IMAP_STATUS_NONE, NULL, "CAPABILITY", NULL, NULL, "IMAP4rev1 AUTH=PLAIN" },
  { "numeric-data", "* 23 EXISTS", TRUE, UNTAGGED, BD_IMAP_STATUS_NONE, NULL, "EXISTS", NULL,
    NULL, "" },
  { "fetch-data", "* 1 FETCH (FLAGS (\\Seen))", TRUE, UNTAGGED, BD_IMAP_STATUS_NONE, NULL,
    "FETCH", NULL, NULL, "(FLAGS (\\Seen))" },
  { "tagged-ok", "A1 OK CAPABILITY completed", TRUE, TAGGED, BD_IMAP_STATUS_OK, "A1", NULL,
    NULL, NULL, "CAPABILITY completed" },
  { "tagged-no-code", "A3 NO [AUTHENTICATIONFAILED] Authentication failed.", TRUE, TAGGED,
    BD_IMAP_STATUS_NO, "A3", NULL, "AUTHENTICATIONFAILED", NULL, "Authentication failed." },
  { "tagged-bad", "a2 bad unknown", TRUE, TAGGED, BD_IMAP_STATUS_BAD, "a2", NULL, NULL, NULL,
    "unknown" },
  { "webalert-code-data", "* NO [WEBALERT https://x/y?a=1] Web login required.", TRUE,
    UNTAGGED, BD_IMAP_STATUS_NO, NULL, NULL, "WEBALERT", "https://x/y?a=1",
    "Web login required." },
  { "continuation", "+ dXNlcg==", TRUE, CONTINUATION, BD_IMAP_STATUS_NONE, NULL, NULL, NULL,
    NULL, "dXNlcg==" },
  { "empty-continuation", "+", TRUE, CONTINUATION, BD_IMAP_STATUS_NONE, NULL, NULL, NULL, NULL,
    "" },
  { "empty-line", "", FALSE },
  { "star-alone", "*", FALSE },
  { "star-no-space", "*OK", FALSE },
  { "tagged-preauth", "A1 PREAUTH no", FALSE },
  { "tagged-bye", "A1 BYE no", FALSE },
  { "tag-only", "A1", FALSE },
  { "tag-with-star", "A*1 OK x", FALSE },
  { "unclosed-code", "* OK [ALERT no end", FALSE },
  { "empty-code", "* OK [] x", FALSE },
  { "garbage", "\x7f\x01\x02 junk", FALSE },
  { "pop3-reply", "+OK POP3 ready", FALSE },
  { "smtp-reply", "220 mail ESMTP", FALSE },
};

static void
test_response (gconstpointer data)
{
  const ResponseCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdImapResponse) response = bd_imap_response_parse (c->line, &error);

  if (!c->valid)
    {
      g_assert_null (response);
      g_assert_error (error, BD_ERROR, BD_ERROR_PROTOCOL_ERROR);
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpint (response->kind, ==, c->kind);
  g_assert_cmpint (response->status, ==, c->status);
  g_assert_cmpstr (response->tag, ==, c->tag);
  g_assert_cmpstr (response->name, ==, c->data_name);
  g_assert_cmpstr (response->code, ==, c->code);
  g_assert_cmpstr (response->code_data, ==, c->code_data);
  g_assert_cmpstr (response->text, ==, c->text);
}

static void
test_capabilities (void)
{
  g_auto(GStrv) capabilities = bd_imap_capabilities_parse ("IMAP4rev1  starttls AUTH=plain "
                                                           "AUTH=SCRAM-SHA-256 LOGINDISABLED AUTH=");
  g_auto(GStrv) mechanisms = bd_imap_capabilities_dup_mechanisms ((const char * const *) capabilities);
  const char *const expected[] = { "IMAP4REV1", "STARTTLS", "AUTH=PLAIN", "AUTH=SCRAM-SHA-256",
                                   "LOGINDISABLED", "AUTH=", NULL };
  const char *const expected_mechanisms[] = { "PLAIN", "SCRAM-SHA-256", NULL };

  g_assert_true (g_strv_equal ((const char * const *) capabilities, expected));
  g_assert_true (g_strv_equal ((const char * const *) mechanisms, expected_mechanisms));
  g_assert_true (bd_imap_capabilities_has ((const char * const *) capabilities, "StartTLS"));
  g_assert_false (bd_imap_capabilities_has ((const char * const *) capabilities, "IDLE"));
}

typedef struct
{
  const char *line;
  gboolean literal;
  gsize size;
} LiteralCase;

static void
test_literals (void)
{
  static const LiteralCase cases[] = {
    { "* 1 FETCH (BODY[] {12}", TRUE, 12 },
    { "* 1 FETCH (BODY[] {12+}", TRUE, 12 },
    { "* 1 FETCH (BODY[] {0}", TRUE, 0 },
    { "* OK {not a literal}", FALSE, 0 },
    { "* OK {12", FALSE, 0 },
    { "* OK {}", FALSE, 0 },
    { "* OK 12}", FALSE, 0 },
    { "* OK {99999999999999999999}", TRUE, G_MAXSIZE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize size = 0;

      g_assert_cmpint (bd_imap_line_get_literal (cases[i].line, &size), ==, cases[i].literal);
      if (cases[i].literal)
        g_assert_cmpuint (size, ==, cases[i].size);
    }
}

typedef struct
{
  const char *name;
  const char *data;
  gsize length;         /* 0: strlen (data) */
  const char *reply;    /* the early reply found, or NULL */
} PendingCase;

static const PendingCase pending_cases[] = {
  { "nothing", "", 0, NULL },
  { "untagged", "* OK still here\r\n", 0, NULL },
  { "untagged-begun", "* OK sti", 0, NULL },
  { "tagged", "A2 OK Begin TLS\r\n", 0, "A2 OK Begin TLS" },
  { "tagged-after-untagged", "* OK x\r\nA2 OK Begin TLS\r\n", 0, "A2 OK Begin TLS" },
  { "tagged-bare-lf", "* OK x\nA2 NO no\n", 0, "A2 NO no" },
  { "tagged-begun", "A2 OK Beg", 0, "A2 OK Beg" },
  { "tag-first-byte", "* OK x\r\nA", 0, "A" },
  { "continuation", "+ go on\r\n", 0, "+ go on" },
  { "continuation-begun", "+", 0, "+" },
  { "literal-holds-tagged", "* ID (\"name\" {8}\r\nA9 OK hi)\r\n", 0, NULL },
  { "tagged-after-literal", "* ID (\"name\" {8}\r\nA9 OK hi)\r\nA2 NO x\r\n", 0, "A2 NO x" },
  { "empty-literal-tail", "* X {0}\r\nA3 OK x\r\n", 0, NULL },
  { "literal-not-all-there", "* X {20}\r\nA3 OK", 0, NULL },
  { "literal-in-tail", "* X {2}\r\nab {3}\r\nA1 )\r\nA5 OK\r\n", 0, "A5 OK" },
  { "non-synchronising-literal", "* X {3+}\r\nA1 )\r\n", 0, NULL },
  { "empty-line", "\r\n", 0, NULL },
  { "nul-first", "* OK\r\n\0A1 OK\r\n", 14, NULL },
};

static void
test_pending (gconstpointer data)
{
  const PendingCase *c = data;
  gsize length = c->length != 0 ? c->length : strlen (c->data);
  g_autofree char *reply = NULL;
  gboolean found = bd_imap_pending_find_reply ((const guint8 *) c->data, length, &reply);

  g_assert_cmpint (found, ==, c->reply != NULL);
  g_assert_cmpstr (reply, ==, c->reply);
}

static void
test_pending_without_data (void)
{
  g_assert_false (bd_imap_pending_find_reply (NULL, 0, NULL));
  g_assert_true (bd_imap_pending_find_reply ((const guint8 *) "A1 OK", 5, NULL));
}

static void
test_quote (void)
{
  g_autofree char *plain = bd_imap_quote ("alice@example.com");
  g_autofree char *escaped = bd_imap_quote ("pa\"ss\\word");
  g_autofree char *utf8 = bd_imap_quote ("lösen");
  g_autofree char *newline = bd_imap_quote ("a\r\nb");

  g_assert_cmpstr (plain, ==, "\"alice@example.com\"");
  g_assert_cmpstr (escaped, ==, "\"pa\\\"ss\\\\word\"");
  g_assert_null (utf8);
  g_assert_null (newline);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (response_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/imap-parser/response/%s", response_cases[i].name);

      g_test_add_data_func (path, &response_cases[i], test_response);
    }
  g_test_add_func ("/imap-parser/capabilities", test_capabilities);
  for (gsize i = 0; i < G_N_ELEMENTS (pending_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/imap-parser/pending/%s", pending_cases[i].name);

      g_test_add_data_func (path, &pending_cases[i], test_pending);
    }
  g_test_add_func ("/imap-parser/pending/without-data", test_pending_without_data);
  g_test_add_func ("/imap-parser/literals", test_literals);
  g_test_add_func ("/imap-parser/quote", test_quote);

  return g_test_run ();
}
