/* test-smtp-parser.c: SMTP replies (single and multi-line) and EHLO keywords
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-error.h"
#include "bd-smtp-parser.h"

typedef struct
{
  const char *name;
  const char *lines[6];
  gboolean valid;
  guint code;
  const char *enhanced;
  const char *text;
} ReplyCase;

static const ReplyCase reply_cases[] = {
  { "greeting", { "220 mail.example.com ESMTP" }, TRUE, 220, NULL, "mail.example.com ESMTP" },
  { "code-only", { "250" }, TRUE, 250, NULL, "" },
  { "multi-line", { "220-first", "220-second", "220 last" }, TRUE, 220, NULL,
    "first second last" },
  { "enhanced", { "535 5.7.8 Authentication credentials invalid" }, TRUE, 535, "5.7.8",
    "5.7.8 Authentication credentials invalid" },
  { "enhanced-multi-line", { "534-5.7.14 <https://x>", "534 5.7.14 Please log in" }, TRUE, 534,
    "5.7.14", "5.7.14 <https://x> 5.7.14 Please log in" },
  { "enhanced-three-digit-detail", { "535 5.7.139 basic authentication is disabled" }, TRUE, 535,
    "5.7.139", "5.7.139 basic authentication is disabled" },
  { "not-enhanced", { "250 1.2.3 not a class" }, TRUE, 250, NULL, "1.2.3 not a class" },
  { "codes-differ", { "250-a", "251 b" }, FALSE },
  { "bad-first-digit", { "650 x" }, FALSE },
  { "bad-second-digit", { "270 x" }, FALSE },
  { "letters", { "2x0 x" }, FALSE },
  { "no-separator", { "250x" }, FALSE },
  { "imap", { "* OK hi" }, FALSE },
  { "empty", { "" }, FALSE },
};

static void
test_reply (gconstpointer data)
{
  const ReplyCase *c = data;
  g_autoptr(BdSmtpReply) reply = bd_smtp_reply_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean ok = TRUE;

  for (guint i = 0; ok && c->lines[i] != NULL; i++)
    {
      g_assert_false (reply->complete);
      ok = bd_smtp_reply_add_line (reply, c->lines[i], &error);
    }
  if (!c->valid)
    {
      g_assert_false (ok);
      g_assert_error (error, BD_ERROR, BD_ERROR_PROTOCOL_ERROR);
      return;
    }
  g_assert_no_error (error);
  g_assert_true (reply->complete);
  g_assert_cmpuint (reply->code, ==, c->code);
  g_assert_cmpstr (reply->enhanced, ==, c->enhanced);
  text = bd_smtp_reply_dup_text (reply);
  g_assert_cmpstr (text, ==, c->text);
}

static void
test_ehlo (void)
{
  const char *const lines[] = { "250-mail.example.com Hello", "250-PIPELINING", "250-starttls",
                                "250-AUTH PLAIN LOGIN", "250-AUTH=LOGIN CRAM-MD5",
                                "250 SIZE 10240000" };
  const char *const keywords[] = { "PIPELINING", "STARTTLS", "AUTH PLAIN LOGIN",
                                   "AUTH=LOGIN CRAM-MD5", "SIZE 10240000", NULL };
  const char *const mechanisms[] = { "PLAIN", "LOGIN", "CRAM-MD5", NULL };
  g_autoptr(BdSmtpReply) reply = bd_smtp_reply_new ();
  g_auto(GStrv) got_keywords = NULL;
  g_auto(GStrv) got_mechanisms = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (lines); i++)
    g_assert_true (bd_smtp_reply_add_line (reply, lines[i], NULL));
  got_keywords = bd_smtp_ehlo_dup_keywords (reply);
  got_mechanisms = bd_smtp_ehlo_dup_mechanisms ((const char * const *) got_keywords);

  g_assert_true (g_strv_equal ((const char * const *) got_keywords, keywords));
  g_assert_true (g_strv_equal ((const char * const *) got_mechanisms, mechanisms));
  g_assert_true (bd_smtp_ehlo_has ((const char * const *) got_keywords, "STARTTLS"));
  g_assert_true (bd_smtp_ehlo_has ((const char * const *) got_keywords, "auth"));
  g_assert_false (bd_smtp_ehlo_has ((const char * const *) got_keywords, "START"));
  g_assert_false (bd_smtp_ehlo_has ((const char * const *) got_keywords, "8BITMIME"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (reply_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/smtp-parser/reply/%s", reply_cases[i].name);

      g_test_add_data_func (path, &reply_cases[i], test_reply);
    }
  g_test_add_func ("/smtp-parser/ehlo-keywords", test_ehlo);

  return g_test_run ();
}
