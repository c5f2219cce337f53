/* fuzz-smtp.c: libFuzzer target for the SMTP reply parser, behind the line reader
 *
 * The input is what an SMTP server sends: replies of one or more lines, one
 * after another (greeting, EHLO, STARTTLS, AUTH …). After a line the parser
 * refuses, a new reply starts, so that the rest of the input is still
 * parsed. See fuzz-lines.h.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-probe-replies.h"
#include "bd-smtp-parser.h"
#include "fuzz-lines.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

typedef struct
{
  BdSmtpReply *reply;
} SmtpState;

/* RFC 3463 §2: class.subject.detail, one to three digits each. */
static void
check_enhanced (const char *enhanced)
{
  g_auto(GStrv) parts = g_strsplit (enhanced, ".", -1);

  g_assert (g_strv_length (parts) == 3);
  g_assert (strcmp (parts[0], "2") == 0 || strcmp (parts[0], "4") == 0 ||
            strcmp (parts[0], "5") == 0);
  for (guint i = 1; i < 3; i++)
    {
      gsize length = strlen (parts[i]);

      g_assert (length >= 1 && length <= 3);
      for (gsize j = 0; j < length; j++)
        g_assert (g_ascii_isdigit (parts[i][j]));
    }
}

static void
check_complete (BdSmtpReply *reply)
{
  g_autofree char *text = bd_smtp_reply_dup_text (reply);
  g_autofree char *code = bd_smtp_reply_dup_code (reply);
  g_auto(GStrv) keywords = bd_smtp_ehlo_dup_keywords (reply);
  g_auto(GStrv) mechanisms = NULL;
  BdErrorCode classified;

  g_assert (reply->code >= 200 && reply->code <= 559);
  g_assert (reply->lines->len >= 1);
  g_assert (strlen (code) == 3 && (guint) g_ascii_strtoull (code, NULL, 10) == reply->code);
  g_assert (text != NULL);
  fuzz_check_sanitized (text, -1);
  if (reply->enhanced != NULL)
    check_enhanced (reply->enhanced);

  /* Every line after the first is one extension, its keyword upper case. */
  g_assert (g_strv_length (keywords) <= reply->lines->len - 1);
  for (guint i = 0; keywords[i] != NULL; i++)
    {
      const char *space = strchr (keywords[i], ' ');
      gsize length = space != NULL ? (gsize) (space - keywords[i]) : strlen (keywords[i]);
      g_autofree char *keyword = g_strndup (keywords[i], length);

      g_assert (length > 0);
      fuzz_check_upper (keyword);
      g_assert (bd_smtp_ehlo_has ((const char * const *) keywords, keyword));
    }
  mechanisms = bd_smtp_ehlo_dup_mechanisms ((const char * const *) keywords);
  g_assert (mechanisms != NULL);
  for (guint i = 0; mechanisms[i] != NULL; i++)
    {
      g_assert (mechanisms[i][0] != '\0');
      g_assert (strchr (mechanisms[i], ' ') == NULL);
      fuzz_check_upper (mechanisms[i]);
      /* Each mechanism once. */
      for (guint j = 0; j < i; j++)
        g_assert (strcmp (mechanisms[i], mechanisms[j]) != 0);
    }
  if (mechanisms[0] != NULL)
    g_assert (bd_smtp_ehlo_has ((const char * const *) keywords, "AUTH"));

  classified = bd_probe_replies_classify (BD_PROTOCOL_SMTP, code, text, BD_ERROR_LOGIN_FAILED);
  g_assert (bd_error_code_get_name (classified) != NULL);
}

static gsize
smtp_line (const char *line,
           gpointer    user_data)
{
  SmtpState *state = user_data;
  g_autoptr(GError) error = NULL;
  guint code_before = state->reply->code;
  guint lines_before = state->reply->lines->len;

  fuzz_check_sanitized (line, -1);

  if (!bd_smtp_reply_add_line (state->reply, line, &error))
    {
      fuzz_check_protocol_error (error);
      /* A refused line leaves the reply as it was. */
      g_assert (state->reply->code == code_before);
      g_assert (state->reply->lines->len == lines_before);
      g_assert (!state->reply->complete);
      bd_smtp_reply_free (state->reply);
      state->reply = bd_smtp_reply_new ();
      return 0;
    }
  g_assert (error == NULL);
  g_assert (state->reply->lines->len == lines_before + 1);
  g_assert (code_before == 0 || state->reply->code == code_before);
  g_assert (g_ascii_isdigit (line[0]) && g_ascii_isdigit (line[1]) && g_ascii_isdigit (line[2]));
  g_assert (state->reply->complete == (line[3] != '-'));

  if (state->reply->complete)
    {
      check_complete (state->reply);
      bd_smtp_reply_free (state->reply);
      state->reply = bd_smtp_reply_new ();
    }
  return 0;
}

static void
smtp_reset (gpointer user_data)
{
  SmtpState *state = user_data;

  g_clear_pointer (&state->reply, bd_smtp_reply_free);
  state->reply = bd_smtp_reply_new ();
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  SmtpState state = { NULL };

  fuzz_run_lines (data, size, smtp_line, smtp_reset, &state);
  g_clear_pointer (&state.reply, bd_smtp_reply_free);
  return 0;
}
