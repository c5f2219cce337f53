/* fuzz-pop3.c: libFuzzer target for the POP3 reply parser, behind the line reader
 *
 * The input is what a POP3 server sends. As in a probe, the first reply is
 * the greeting, the second answers CAPA (a multi-line list up to "." when
 * it is +OK), the third STLS, the fourth CAPA again, and so on. See
 * fuzz-lines.h.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-pop3-parser.h"
#include "bd-probe-replies.h"
#include "fuzz-lines.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

typedef struct
{
  guint replies;           /* single-line replies so far */
  GStrvBuilder *capabilities;  /* while in a CAPA list, else NULL */
} Pop3State;

static void
check_capabilities (char **capabilities)
{
  g_auto(GStrv) mechanisms = bd_pop3_capabilities_get_mechanisms ((const char * const *) capabilities);

  for (guint i = 0; capabilities[i] != NULL; i++)
    {
      const char *space = strchr (capabilities[i], ' ');
      g_autofree char *first = g_strndup (capabilities[i],
                                          space != NULL ? (gsize) (space - capabilities[i])
                                                        : strlen (capabilities[i]));

      if (first[0] != '\0')
        g_assert (bd_pop3_capabilities_has ((const char * const *) capabilities, first));
    }
  g_assert (mechanisms != NULL);
  for (guint i = 0; mechanisms[i] != NULL; i++)
    {
      g_assert (mechanisms[i][0] != '\0');
      g_assert (strchr (mechanisms[i], ' ') == NULL);
      fuzz_check_upper (mechanisms[i]);
    }
  if (mechanisms[0] != NULL)
    g_assert (bd_pop3_capabilities_has ((const char * const *) capabilities, "SASL"));
}

static gsize
pop3_line (const char *line,
           gpointer    user_data)
{
  Pop3State *state = user_data;
  g_autoptr(BdPop3Reply) reply = NULL;
  g_autoptr(GError) error = NULL;
  BdErrorCode classified;

  fuzz_check_sanitized (line, -1);

  if (state->capabilities != NULL)
    {
      gboolean end;
      const char *content = bd_pop3_multiline_unstuff (line, &end);

      /* The content is the line, or the line without its stuffed dot. */
      g_assert (end == (strcmp (line, ".") == 0));
      g_assert (content == line || (line[0] == '.' && content == line + 1));
      if (!end)
        {
          g_strv_builder_add (state->capabilities, content);
          return 0;
        }
      {
        g_auto(GStrv) capabilities = g_strv_builder_end (state->capabilities);

        g_clear_pointer (&state->capabilities, g_strv_builder_unref);
        check_capabilities (capabilities);
      }
      return 0;
    }

  reply = bd_pop3_reply_parse (line, &error);
  g_assert ((reply == NULL) != (error == NULL));
  state->replies++;
  if (reply == NULL)
    {
      fuzz_check_protocol_error (error);
      g_assert (line[0] != '+' || (line[1] != ' ' && line[1] != '\0'));
      return 0;
    }

  g_assert (reply->text != NULL);
  fuzz_check_sanitized (reply->text, -1);
  switch (reply->kind)
    {
    case BD_POP3_REPLY_OK:
      g_assert (g_ascii_strncasecmp (line, "+OK", 3) == 0);
      if (state->replies % 2 == 0)
        state->capabilities = g_strv_builder_new ();
      break;
    case BD_POP3_REPLY_ERR:
      g_assert (g_ascii_strncasecmp (line, "-ERR", 4) == 0);
      break;
    case BD_POP3_REPLY_CONTINUATION:
      g_assert (line[0] == '+');
      g_assert (reply->code == NULL);
      break;
    default:
      g_assert_not_reached ();
    }

  if (reply->code != NULL)
    {
      /* An extended code is printable ASCII without spaces (RFC 2449 §8). */
      g_assert (reply->code[0] != '\0');
      for (const char *p = reply->code; *p != '\0'; p++)
        g_assert (*p > 0x20 && *p < 0x7f && *p != ']');
      fuzz_check_upper (reply->code);
    }

  classified = bd_probe_replies_classify (BD_PROTOCOL_POP3, reply->code, reply->text,
                                          BD_ERROR_LOGIN_FAILED);
  g_assert (bd_error_code_get_name (classified) != NULL);
  return 0;
}

static void
pop3_reset (gpointer user_data)
{
  Pop3State *state = user_data;

  state->replies = 0;
  g_clear_pointer (&state->capabilities, g_strv_builder_unref);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  Pop3State state = { 0, NULL };

  fuzz_run_lines (data, size, pop3_line, pop3_reset, &state);
  return 0;
}
