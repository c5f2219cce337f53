/* test-pop3-parser.c: POP3 replies, extended response codes, multi-line unstuffing, CAPA
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-error.h"
#include "bd-pop3-parser.h"

typedef struct
{
  const char *name;
  const char *line;
  gboolean valid;
  BdPop3ReplyKind kind;
  const char *code;
  const char *text;
} ReplyCase;

static const ReplyCase reply_cases[] = {
  { "ok", "+OK POP3 ready", TRUE, BD_POP3_REPLY_OK, NULL, "POP3 ready" },
  { "ok-bare", "+OK", TRUE, BD_POP3_REPLY_OK, NULL, "" },
  { "ok-lower-case", "+ok fine", TRUE, BD_POP3_REPLY_OK, NULL, "fine" },
  { "err", "-ERR no such user", TRUE, BD_POP3_REPLY_ERR, NULL, "no such user" },
  { "err-code", "-ERR [AUTH] Invalid credentials", TRUE, BD_POP3_REPLY_ERR, "AUTH",
    "Invalid credentials" },
  { "err-hierarchical-code", "-ERR [SYS/TEMP] busy", TRUE, BD_POP3_REPLY_ERR, "SYS/TEMP", "busy" },
  { "err-code-lower-case", "-ERR [in-use] locked", TRUE, BD_POP3_REPLY_ERR, "IN-USE", "locked" },
  { "err-bracket-not-code", "-ERR [not a code] x", TRUE, BD_POP3_REPLY_ERR, NULL,
    "[not a code] x" },
  { "continuation", "+ PDEyMzQ+", TRUE, BD_POP3_REPLY_CONTINUATION, NULL, "PDEyMzQ+" },
  { "empty-continuation", "+", TRUE, BD_POP3_REPLY_CONTINUATION, NULL, "" },
  { "okay-is-not-ok", "+OKAY", FALSE },
  { "imap", "* OK hi", FALSE },
  { "smtp", "220 hi", FALSE },
  { "empty", "", FALSE },
};

static void
test_reply (gconstpointer data)
{
  const ReplyCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdPop3Reply) reply = bd_pop3_reply_parse (c->line, &error);

  if (!c->valid)
    {
      g_assert_null (reply);
      g_assert_error (error, BD_ERROR, BD_ERROR_PROTOCOL_ERROR);
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpint (reply->kind, ==, c->kind);
  g_assert_cmpstr (reply->code, ==, c->code);
  g_assert_cmpstr (reply->text, ==, c->text);
}

static void
test_unstuff (void)
{
  gboolean end = FALSE;

  g_assert_cmpstr (bd_pop3_multiline_unstuff ("TOP", &end), ==, "TOP");
  g_assert_false (end);
  g_assert_cmpstr (bd_pop3_multiline_unstuff ("..dot", &end), ==, ".dot");
  g_assert_false (end);
  g_assert_cmpstr (bd_pop3_multiline_unstuff (".", &end), ==, ".");
  g_assert_true (end);
  g_assert_cmpstr (bd_pop3_multiline_unstuff ("", &end), ==, "");
  g_assert_false (end);
}

static void
test_capabilities (void)
{
  const char *const capa[] = { "TOP", "USER", "SASL PLAIN  scram-sha-256", "STLS",
                               "SASLX NOT", "IMPLEMENTATION x", NULL };
  const char *const mechanisms[] = { "PLAIN", "SCRAM-SHA-256", NULL };
  g_auto(GStrv) got = bd_pop3_capabilities_get_mechanisms (capa);

  g_assert_true (g_strv_equal ((const char * const *) got, mechanisms));
  g_assert_true (bd_pop3_capabilities_has (capa, "stls"));
  g_assert_true (bd_pop3_capabilities_has (capa, "USER"));
  g_assert_true (bd_pop3_capabilities_has (capa, "SASL"));
  g_assert_false (bd_pop3_capabilities_has (capa, "UIDL"));
  g_assert_false (bd_pop3_capabilities_has (capa, "TO"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (reply_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/pop3-parser/reply/%s", reply_cases[i].name);

      g_test_add_data_func (path, &reply_cases[i], test_reply);
    }
  g_test_add_func ("/pop3-parser/multiline-unstuff", test_unstuff);
  g_test_add_func ("/pop3-parser/capabilities", test_capabilities);

  return g_test_run ();
}
