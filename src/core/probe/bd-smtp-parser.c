/* bd-smtp-parser.c
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-smtp-parser.h"

BdSmtpReply *
bd_smtp_reply_new (void)
{
  BdSmtpReply *reply = g_new0 (BdSmtpReply, 1);

  reply->lines = g_ptr_array_new_with_free_func (g_free);
  return reply;
}

void
bd_smtp_reply_free (BdSmtpReply *reply)
{
  if (reply == NULL)
    return;
  g_free (reply->enhanced);
  g_ptr_array_unref (reply->lines);
  g_free (reply);
}

/* RFC 3463 §2: class "." subject "." detail, class 2, 4 or 5, subject and
 * detail of one to three digits. */
static char *
parse_enhanced (const char *text)
{
  const char *p = text;

  if (*p != '2' && *p != '4' && *p != '5')
    return NULL;
  p++;
  for (int part = 0; part < 2; part++)
    {
      int digits = 0;

      if (*p++ != '.')
        return NULL;
      while (g_ascii_isdigit (*p) && digits < 4)
        {
          p++;
          digits++;
        }
      if (digits == 0 || digits > 3)
        return NULL;
    }
  if (*p != ' ' && *p != '\0')
    return NULL;
  return g_strndup (text, p - text);
}

static gboolean
malformed (GError **error)
{
  g_set_error_literal (error, BD_ERROR, BD_ERROR_PROTOCOL_ERROR,
                       _("The server’s answer is not an SMTP reply."));
  return FALSE;
}

/**
 * bd_smtp_reply_add_line:
 * @line: one line from the server, without its CRLF
 *
 * Reply-line = *( Reply-code "-" [ textstring ] CRLF )
 *              Reply-code [ SP textstring ] CRLF     (RFC 5321 §4.2)
 *
 * Every line of a reply carries the same code; the reply is complete
 * after the line whose code is followed by a space or nothing.
 *
 * Returns: %FALSE with `protocol-error` when the line breaks the grammar.
 */
gboolean
bd_smtp_reply_add_line (BdSmtpReply  *reply,
                        const char   *line,
                        GError      **error)
{
  guint code;
  const char *text;

  g_return_val_if_fail (reply != NULL && line != NULL, FALSE);
  g_return_val_if_fail (!reply->complete, FALSE);

  if (!(line[0] >= '2' && line[0] <= '5' && line[1] >= '0' && line[1] <= '5' &&
        g_ascii_isdigit (line[2])))
    return malformed (error);
  if (line[3] != ' ' && line[3] != '-' && line[3] != '\0')
    return malformed (error);

  code = (guint) ((line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0'));
  if (reply->code != 0 && reply->code != code)
    return malformed (error);
  reply->code = code;

  text = line[3] == '\0' ? "" : line + 4;
  g_ptr_array_add (reply->lines, g_strdup (text));
  if (reply->enhanced == NULL)
    reply->enhanced = parse_enhanced (text);
  reply->complete = line[3] != '-';
  return TRUE;
}

/**
 * bd_smtp_reply_dup_text:
 *
 * Returns: (transfer full): the lines' text joined by spaces, for the report.
 */
char *
bd_smtp_reply_dup_text (BdSmtpReply *reply)
{
  GString *text;

  g_return_val_if_fail (reply != NULL, NULL);

  text = g_string_new (NULL);
  for (guint i = 0; i < reply->lines->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, g_ptr_array_index (reply->lines, i));
    }
  return g_string_free (text, FALSE);
}

/**
 * bd_smtp_reply_dup_code:
 *
 * Returns: (transfer full): the reply code as text, such as "535".
 */
char *
bd_smtp_reply_dup_code (BdSmtpReply *reply)
{
  g_return_val_if_fail (reply != NULL, NULL);

  return g_strdup_printf ("%03u", reply->code);
}

/**
 * bd_smtp_ehlo_dup_keywords:
 *
 * The first line of the EHLO reply greets; each further line names one
 * extension and its parameters (RFC 5321 §4.1.1.1).
 *
 * Returns: (transfer full): the extension lines, keyword in upper case.
 */
char **
bd_smtp_ehlo_dup_keywords (BdSmtpReply *reply)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (reply != NULL, NULL);

  for (guint i = 1; i < reply->lines->len; i++)
    {
      const char *line = g_ptr_array_index (reply->lines, i);
      const char *space = strchr (line, ' ');
      gsize keyword_length = space != NULL ? (gsize) (space - line) : strlen (line);
      g_autofree char *keyword = g_ascii_strup (line, keyword_length);
      g_autofree char *entry = NULL;

      if (keyword_length == 0)
        continue;
      entry = g_strconcat (keyword, space != NULL ? space : "", NULL);
      g_strv_builder_add (builder, entry);
    }
  return g_strv_builder_end (builder);
}

static gboolean
keyword_matches (const char *entry,
                 const char *name,
                 const char **parameters)
{
  gsize length = strlen (name);

  if (g_ascii_strncasecmp (entry, name, length) != 0)
    return FALSE;
  /* Old servers write "AUTH=PLAIN LOGIN" beside (or instead of) "AUTH PLAIN LOGIN". */
  if (entry[length] != '\0' && entry[length] != ' ' && entry[length] != '=')
    return FALSE;
  if (parameters != NULL)
    *parameters = entry[length] != '\0' ? entry + length + 1 : "";
  return TRUE;
}

/**
 * bd_smtp_ehlo_dup_mechanisms:
 *
 * Returns: (transfer full): the mechanisms of the AUTH extension (RFC 4954
 *   §3), each once, in upper case.
 */
char **
bd_smtp_ehlo_dup_mechanisms (const char * const *keywords)
{
  g_autoptr(GPtrArray) mechanisms = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; keywords != NULL && keywords[i] != NULL; i++)
    {
      const char *parameters;
      g_auto(GStrv) words = NULL;

      if (!keyword_matches (keywords[i], "AUTH", &parameters))
        continue;
      words = g_strsplit (parameters, " ", -1);
      for (guint j = 0; words[j] != NULL; j++)
        {
          g_autofree char *upper = g_ascii_strup (words[j], -1);

          if (upper[0] != '\0' &&
              !g_ptr_array_find_with_equal_func (mechanisms, upper, g_str_equal, NULL))
            g_ptr_array_add (mechanisms, g_steal_pointer (&upper));
        }
    }
  g_ptr_array_add (mechanisms, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&mechanisms), FALSE);
}

gboolean
bd_smtp_ehlo_has (const char * const *keywords,
                  const char         *name)
{
  for (guint i = 0; keywords != NULL && keywords[i] != NULL; i++)
    if (keyword_matches (keywords[i], name, NULL))
      return TRUE;
  return FALSE;
}
