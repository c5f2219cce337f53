/* fuzz-imap.c: libFuzzer target for the IMAP reply parser, behind the line reader
 *
 * The input is what an IMAP server sends: greeting, untagged data, literals,
 * tagged replies, or anything else. See fuzz-lines.h.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-imap-parser.h"
#include "bd-connection-private.h"
#include "bd-probe-replies.h"
#include "fuzz-lines.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_capabilities (const char *data)
{
  g_auto(GStrv) capabilities = bd_imap_capabilities_parse (data);
  g_auto(GStrv) mechanisms = NULL;

  g_assert (capabilities != NULL);
  for (guint i = 0; capabilities[i] != NULL; i++)
    {
      g_assert (capabilities[i][0] != '\0');
      g_assert (strchr (capabilities[i], ' ') == NULL);
      fuzz_check_upper (capabilities[i]);
      g_assert (bd_imap_capabilities_has ((const char * const *) capabilities, capabilities[i]));
    }
  mechanisms = bd_imap_capabilities_dup_mechanisms ((const char * const *) capabilities);
  g_assert (mechanisms != NULL);
  for (guint i = 0; mechanisms[i] != NULL; i++)
    {
      g_autofree char *capability = g_strconcat ("AUTH=", mechanisms[i], NULL);

      g_assert (mechanisms[i][0] != '\0');
      g_assert (bd_imap_capabilities_has ((const char * const *) capabilities, capability));
    }
}

static void
check_quote (const char *string)
{
  g_autofree char *quoted = bd_imap_quote (string);
  g_autoptr(GString) unquoted = NULL;
  gsize length;

  if (quoted == NULL)
    {
      /* Only what a quoted string cannot carry goes as a literal. */
      gboolean needs_literal = FALSE;

      for (const char *p = string; *p != '\0'; p++)
        needs_literal = needs_literal || *p == '\r' || *p == '\n' || (guchar) *p > 0x7f;
      g_assert (needs_literal);
      return;
    }

  /* The quoted string reads back as the original, and nothing escapes it. */
  length = strlen (quoted);
  g_assert (length >= 2 && quoted[0] == '"' && quoted[length - 1] == '"');
  unquoted = g_string_new (NULL);
  for (gsize i = 1; i < length - 1; i++)
    {
      if (quoted[i] == '\\')
        {
          i++;
          g_assert (i < length - 1);
          g_assert (quoted[i] == '"' || quoted[i] == '\\');
        }
      else
        g_assert (quoted[i] != '"');
      g_string_append_c (unquoted, quoted[i]);
    }
  g_assert_cmpstr (unquoted->str, ==, string);
}

static gsize
imap_line (const char *line,
           gpointer    user_data)
{
  g_autoptr(BdImapResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  gsize literal = 0;
  BdErrorCode classified;

  fuzz_check_sanitized (line, -1);
  check_quote (line);

  if (bd_imap_line_get_literal (line, &literal))
    {
      g_assert (g_str_has_suffix (line, "}"));
      g_assert (strchr (line, '{') != NULL);
      /* The probe gives up on a literal larger than any answer (security rule 6). */
      if (literal > BD_CONNECTION_MAX_RESPONSE)
        literal = 0;
    }

  response = bd_imap_response_parse (line, &error);
  g_assert ((response == NULL) != (error == NULL));
  if (response == NULL)
    {
      fuzz_check_protocol_error (error);
      return literal;
    }

  g_assert (response->text != NULL);
  fuzz_check_sanitized (response->text, -1);
  switch (response->kind)
    {
    case BD_IMAP_RESPONSE_CONTINUATION:
      g_assert (line[0] == '+');
      g_assert (response->tag == NULL && response->name == NULL && response->code == NULL);
      break;
    case BD_IMAP_RESPONSE_TAGGED:
      /* A tag is an atom without "+", and only OK, NO, BAD complete a command. */
      g_assert (response->tag != NULL && response->tag[0] != '\0');
      g_assert (g_str_has_prefix (line, response->tag));
      g_assert (strcmp (response->tag, "*") != 0 && strchr (response->tag, '+') == NULL);
      g_assert (strchr (response->tag, ' ') == NULL);
      g_assert (response->status == BD_IMAP_STATUS_OK || response->status == BD_IMAP_STATUS_NO ||
                response->status == BD_IMAP_STATUS_BAD);
      g_assert (response->name == NULL);
      break;
    case BD_IMAP_RESPONSE_UNTAGGED:
      g_assert (g_str_has_prefix (line, "* "));
      g_assert (response->tag == NULL);
      /* Untagged data has a name; a status response has none. */
      g_assert ((response->name != NULL) == (response->status == BD_IMAP_STATUS_NONE));
      if (response->name != NULL)
        {
          g_assert (response->name[0] != '\0');
          fuzz_check_upper (response->name);
          if (strcmp (response->name, "CAPABILITY") == 0)
            check_capabilities (response->text);
        }
      break;
    default:
      g_assert_not_reached ();
    }

  if (response->code != NULL)
    {
      g_assert (response->code[0] != '\0');
      g_assert (strchr (response->code, ' ') == NULL && strchr (response->code, ']') == NULL);
      fuzz_check_upper (response->code);
      fuzz_check_sanitized (response->code, -1);
      if (strcmp (response->code, "CAPABILITY") == 0 && response->code_data != NULL)
        check_capabilities (response->code_data);
    }
  else
    g_assert (response->code_data == NULL);
  if (response->code_data != NULL)
    {
      g_assert (strchr (response->code_data, ']') == NULL);
      fuzz_check_sanitized (response->code_data, -1);
    }

  classified = bd_probe_replies_classify (BD_PROTOCOL_IMAP, response->code, response->text,
                                          BD_ERROR_LOGIN_FAILED);
  g_assert (bd_error_code_get_name (classified) != NULL);
  return literal;
}

static void
imap_reset (gpointer user_data)
{
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  fuzz_run_lines (data, size, imap_line, imap_reset, NULL);
  return 0;
}
