/* bd-imap-parser.c
 *
 * Only as much of IMAP as a probe reads: status responses with their
 * response codes (RFC 3501 §7.1), untagged data (§7.2–7.4) by name,
 * continuation requests (§7.5) and capability lists (§7.2.1). Unknown
 * untagged data is passed on for the caller to ignore, as §2.2.2 asks.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-imap-parser.h"

void
bd_imap_response_free (BdImapResponse *response)
{
  if (response == NULL)
    return;
  g_free (response->tag);
  g_free (response->name);
  g_free (response->code);
  g_free (response->code_data);
  g_free (response->text);
  g_free (response);
}

/* RFC 3501 §9: ATOM-CHAR is any CHAR except atom-specials. */
static gboolean
is_atom_char (char c)
{
  return c > 0x20 && c < 0x7f && strchr ("(){%*\"\\]", c) == NULL;
}

static gboolean
is_tag_char (char c)
{
  return is_atom_char (c) && c != '+';
}

static BdImapStatus
status_from_word (const char *word,
                  gsize       length)
{
  static const struct { const char *word; BdImapStatus status; } words[] = {
    { "OK", BD_IMAP_STATUS_OK },
    { "NO", BD_IMAP_STATUS_NO },
    { "BAD", BD_IMAP_STATUS_BAD },
    { "BYE", BD_IMAP_STATUS_BYE },
    { "PREAUTH", BD_IMAP_STATUS_PREAUTH },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (words); i++)
    if (strlen (words[i].word) == length && g_ascii_strncasecmp (word, words[i].word, length) == 0)
      return words[i].status;
  return BD_IMAP_STATUS_NONE;
}

static gboolean
malformed (GError **error)
{
  g_set_error_literal (error, BD_ERROR, BD_ERROR_PROTOCOL_ERROR,
                       _("The server’s answer is not an IMAP response."));
  return FALSE;
}

/* resp-text = ["[" resp-text-code "]" SP] text */
static gboolean
parse_resp_text (const char      *p,
                 BdImapResponse  *response,
                 GError         **error)
{
  if (*p == '[')
    {
      const char *end = strchr (p, ']');
      const char *name_end = p + 1;

      if (end == NULL)
        return malformed (error);
      while (name_end < end && is_atom_char (*name_end))
        name_end++;
      if (name_end == p + 1 || (name_end != end && *name_end != ' '))
        return malformed (error);
      response->code = g_ascii_strup (p + 1, name_end - (p + 1));
      if (name_end < end)
        response->code_data = g_strndup (name_end + 1, end - (name_end + 1));
      p = end + 1;
      if (*p == ' ')
        p++;
    }
  response->text = g_strdup (p);
  return TRUE;
}

static gboolean
parse_untagged (const char      *p,
                BdImapResponse  *response,
                GError         **error)
{
  const char *word_end = p;

  /* "* 23 EXISTS": the name follows the number (§7.3, §7.4). */
  if (g_ascii_isdigit (*p))
    {
      while (g_ascii_isdigit (*p))
        p++;
      if (*p != ' ')
        return malformed (error);
      p++;
      word_end = p;
    }
  while (is_atom_char (*word_end))
    word_end++;
  if (word_end == p || (*word_end != ' ' && *word_end != '\0'))
    return malformed (error);

  response->status = status_from_word (p, word_end - p);
  if (response->status != BD_IMAP_STATUS_NONE)
    return parse_resp_text (*word_end == ' ' ? word_end + 1 : word_end, response, error);

  response->name = g_ascii_strup (p, word_end - p);
  response->text = g_strdup (*word_end == ' ' ? word_end + 1 : word_end);
  return TRUE;
}

static gboolean
parse_tagged (const char      *p,
              BdImapResponse  *response,
              GError         **error)
{
  const char *tag_end = p;
  const char *word_end;

  while (is_tag_char (*tag_end))
    tag_end++;
  if (tag_end == p || *tag_end != ' ')
    return malformed (error);
  response->tag = g_strndup (p, tag_end - p);

  p = tag_end + 1;
  for (word_end = p; g_ascii_isalpha (*word_end); word_end++)
    ;
  response->status = status_from_word (p, word_end - p);
  /* Only OK, NO and BAD complete a command (§7.1). */
  if (response->status != BD_IMAP_STATUS_OK && response->status != BD_IMAP_STATUS_NO &&
      response->status != BD_IMAP_STATUS_BAD)
    return malformed (error);
  if (*word_end != ' ' && *word_end != '\0')
    return malformed (error);
  return parse_resp_text (*word_end == ' ' ? word_end + 1 : word_end, response, error);
}

/**
 * bd_imap_response_parse:
 * @line: one line from the server, without its CRLF
 *
 * Returns: (transfer full) (nullable): the response, or %NULL with
 *   `protocol-error` when the line is not one.
 */
BdImapResponse *
bd_imap_response_parse (const char  *line,
                        GError     **error)
{
  g_autoptr(BdImapResponse) response = g_new0 (BdImapResponse, 1);
  gboolean ok;

  g_return_val_if_fail (line != NULL, NULL);

  if (line[0] == '+' && (line[1] == ' ' || line[1] == '\0'))
    {
      response->kind = BD_IMAP_RESPONSE_CONTINUATION;
      response->text = g_strdup (line[1] == ' ' ? line + 2 : line + 1);
      return g_steal_pointer (&response);
    }

  if (line[0] == '*')
    {
      response->kind = BD_IMAP_RESPONSE_UNTAGGED;
      ok = line[1] == ' ' ? parse_untagged (line + 2, response, error) : malformed (error);
    }
  else
    {
      response->kind = BD_IMAP_RESPONSE_TAGGED;
      ok = parse_tagged (line, response, error);
    }

  return ok ? g_steal_pointer (&response) : NULL;
}

/**
 * bd_imap_capabilities_parse:
 * @data: the text after `CAPABILITY`, in a response or a response code
 *
 * Returns: (transfer full): the capabilities in upper case, in order.
 */
char **
bd_imap_capabilities_parse (const char *data)
{
  g_auto(GStrv) words = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (data != NULL, NULL);

  words = g_strsplit (data, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *upper = NULL;

      if (words[i][0] == '\0')
        continue;
      upper = g_ascii_strup (words[i], -1);
      g_strv_builder_add (builder, upper);
    }
  return g_strv_builder_end (builder);
}

/**
 * bd_imap_capabilities_dup_mechanisms:
 *
 * Returns: (transfer full): the SASL mechanisms of the `AUTH=` capabilities
 *   (RFC 3501 §6.2.2).
 */
char **
bd_imap_capabilities_dup_mechanisms (const char * const *capabilities)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; capabilities != NULL && capabilities[i] != NULL; i++)
    if (g_ascii_strncasecmp (capabilities[i], "AUTH=", 5) == 0 && capabilities[i][5] != '\0')
      g_strv_builder_add (builder, capabilities[i] + 5);
  return g_strv_builder_end (builder);
}

gboolean
bd_imap_capabilities_has (const char * const *capabilities,
                          const char         *name)
{
  for (guint i = 0; capabilities != NULL && capabilities[i] != NULL; i++)
    if (g_ascii_strcasecmp (capabilities[i], name) == 0)
      return TRUE;
  return FALSE;
}

/**
 * bd_imap_line_get_literal:
 * @size: (out): the literal's size in octets
 *
 * Returns: whether @line ends with a literal's announcement, `{N}` or the
 *   non-synchronising `{N+}` (RFC 3501 §4.3, RFC 7888), whose N octets
 *   follow the line.
 */
gboolean
bd_imap_line_get_literal (const char *line,
                          gsize      *size)
{
  const char *open;
  const char *p;
  guint64 value;

  g_return_val_if_fail (line != NULL && size != NULL, FALSE);

  if (!g_str_has_suffix (line, "}"))
    return FALSE;
  open = strrchr (line, '{');
  if (open == NULL || !g_ascii_isdigit (open[1]))
    return FALSE;
  for (p = open + 1; g_ascii_isdigit (*p); p++)
    ;
  if (!(p[0] == '}' && p[1] == '\0') && !(p[0] == '+' && p[1] == '}' && p[2] == '\0'))
    return FALSE;
  if (p - open > 10)
    value = G_MAXSIZE;
  else
    value = g_ascii_strtoull (open + 1, NULL, 10);
  *size = (gsize) MIN (value, G_MAXSIZE);
  return TRUE;
}

/* One line of @data from @start: its length to the LF, or to the end. */
static gsize
line_length (const guint8 *data,
             gsize         length,
             gsize         start,
             gboolean     *complete)
{
  const guint8 *end = memchr (data + start, '\n', length - start);

  *complete = end != NULL;
  return end != NULL ? (gsize) (end - data) - start : length - start;
}

static char *
dup_line (const guint8 *data,
          gsize         length)
{
  if (length > 0 && data[length - 1] == '\r')
    length--;
  return g_strndup ((const char *) data, length);
}

/**
 * bd_imap_pending_find_reply:
 * @data: (array length=length) (nullable): bytes received and not yet read,
 *   starting where a response starts
 * @reply: (out) (optional): the reply found, without its line end
 *
 * Between commands a server may send untagged data (RFC 3501 §5.3), but a
 * tagged reply or a continuation request (§7.5) only answers a command:
 * one that is there before the command was sent answers a command never
 * sent. A line that has only begun counts by its first byte; literals in
 * untagged data are stepped over (§4.3), so that what they hold is not
 * taken for a reply.
 *
 * Returns: whether @data holds the start of a tagged reply or of a
 *   continuation request.
 */
gboolean
bd_imap_pending_find_reply (const guint8  *data,
                            gsize          length,
                            char         **reply)
{
  gsize start = 0;
  gboolean tail = FALSE;   /* the line goes on a response after its literal */

  while (start < length)
    {
      gboolean complete;
      gsize n = line_length (data, length, start, &complete);
      g_autofree char *line = dup_line (data + start, n);
      gsize literal = 0;

      if (!tail && (line[0] == '+' || is_tag_char (line[0])))
        {
          if (reply != NULL)
            *reply = g_steal_pointer (&line);
          return TRUE;
        }
      if (!complete)
        return FALSE;
      start += n + 1;
      tail = bd_imap_line_get_literal (line, &literal);
      if (tail && literal > length - start)
        return FALSE;
      if (tail)
        start += literal;
    }
  return FALSE;
}

/**
 * bd_imap_quote:
 *
 * Returns: (transfer full) (nullable): @string as an IMAP quoted string
 *   (RFC 3501 §4.3), or %NULL when it can only go as a literal (it has a
 *   line break, a NUL or a byte above 127).
 */
char *
bd_imap_quote (const char *string)
{
  GString *out;

  g_return_val_if_fail (string != NULL, NULL);

  for (const char *p = string; *p != '\0'; p++)
    if (*p == '\r' || *p == '\n' || (guchar) *p > 0x7f)
      return NULL;

  out = g_string_new ("\"");
  for (const char *p = string; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}
