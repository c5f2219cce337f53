/* bd-pop3-parser.c
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-pop3-parser.h"

void
bd_pop3_reply_free (BdPop3Reply *reply)
{
  if (reply == NULL)
    return;
  g_free (reply->code);
  g_free (reply->text);
  g_free (reply);
}

/* RFC 2449 §8: resp-code = "[" resp-level *("/" resp-level) "]", each level
 * an atom of printable characters other than "/" and "]". */
static void
parse_code (const char  *p,
            BdPop3Reply *reply)
{
  const char *end;

  if (*p == '[' && (end = strchr (p, ']')) != NULL && end > p + 1)
    {
      gboolean valid = TRUE;

      for (const char *q = p + 1; q < end; q++)
        valid = valid && *q > 0x20 && *q < 0x7f;
      if (valid)
        {
          reply->code = g_ascii_strup (p + 1, end - (p + 1));
          p = end + 1;
          while (*p == ' ')
            p++;
        }
    }
  reply->text = g_strdup (p);
}

/**
 * bd_pop3_reply_parse:
 * @line: one line from the server, without its CRLF
 *
 * Returns: (transfer full) (nullable): the reply, or %NULL with
 *   `protocol-error` when the line starts with neither `+OK`, `-ERR` nor
 *   the SASL continuation `+` (RFC 5034 §4).
 */
BdPop3Reply *
bd_pop3_reply_parse (const char  *line,
                     GError     **error)
{
  g_autoptr(BdPop3Reply) reply = g_new0 (BdPop3Reply, 1);
  const char *rest;

  g_return_val_if_fail (line != NULL, NULL);

  /* The status indicators are upper case (RFC 1939 §3), but servers vary. */
  if (g_ascii_strncasecmp (line, "+OK", 3) == 0 && (line[3] == ' ' || line[3] == '\0'))
    {
      reply->kind = BD_POP3_REPLY_OK;
      rest = line + 3;
    }
  else if (g_ascii_strncasecmp (line, "-ERR", 4) == 0 && (line[4] == ' ' || line[4] == '\0'))
    {
      reply->kind = BD_POP3_REPLY_ERR;
      rest = line + 4;
    }
  else if (line[0] == '+' && (line[1] == ' ' || line[1] == '\0'))
    {
      reply->kind = BD_POP3_REPLY_CONTINUATION;
      reply->text = g_strdup (line[1] == ' ' ? line + 2 : line + 1);
      return g_steal_pointer (&reply);
    }
  else
    {
      g_set_error_literal (error, BD_ERROR, BD_ERROR_PROTOCOL_ERROR,
                           _("The server’s answer is not a POP3 reply."));
      return NULL;
    }

  if (*rest == ' ')
    rest++;
  parse_code (rest, reply);
  return g_steal_pointer (&reply);
}

/**
 * bd_pop3_multiline_unstuff:
 * @end: (out): whether @line is the terminating "."
 *
 * RFC 1939 §3: a line of a multi-line reply that starts with "." has had
 * another "." put in front of it; a lone "." ends the reply.
 *
 * Returns: (transfer none): the line's content, within @line.
 */
const char *
bd_pop3_multiline_unstuff (const char *line,
                           gboolean   *end)
{
  g_return_val_if_fail (line != NULL && end != NULL, NULL);

  *end = strcmp (line, ".") == 0;
  return line[0] == '.' && !*end ? line + 1 : line;
}

/**
 * bd_pop3_capabilities_get_mechanisms:
 * @capabilities: the lines of a CAPA reply (RFC 2449 §5)
 *
 * Returns: (transfer full): the mechanisms of the `SASL` capability.
 */
char **
bd_pop3_capabilities_get_mechanisms (const char * const *capabilities)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; capabilities != NULL && capabilities[i] != NULL; i++)
    {
      g_auto(GStrv) words = NULL;

      if (g_ascii_strncasecmp (capabilities[i], "SASL ", 5) != 0)
        continue;
      words = g_strsplit (capabilities[i] + 5, " ", -1);
      for (guint j = 0; words[j] != NULL; j++)
        if (words[j][0] != '\0')
          {
            g_autofree char *upper = g_ascii_strup (words[j], -1);

            g_strv_builder_add (builder, upper);
          }
    }
  return g_strv_builder_end (builder);
}

/**
 * bd_pop3_capabilities_has:
 *
 * Returns: whether a CAPA line's first word is @name, such as `STLS` or `USER`.
 */
gboolean
bd_pop3_capabilities_has (const char * const *capabilities,
                          const char         *name)
{
  gsize length = strlen (name);

  for (guint i = 0; capabilities != NULL && capabilities[i] != NULL; i++)
    if (g_ascii_strncasecmp (capabilities[i], name, length) == 0 &&
        (capabilities[i][length] == '\0' || capabilities[i][length] == ' '))
      return TRUE;
  return FALSE;
}
