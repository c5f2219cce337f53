/* bd-line-reader.c
 *
 * A pure function of the bytes fed in: the probe's connection feeds what it
 * receives and takes out whole lines, so that the framing can be tested (and
 * fuzzed) without a socket.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-line-reader.h"

void
bd_line_reader_init (BdLineReader *self,
                     gsize         max_line)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (max_line > 0);

  self->buffer = g_byte_array_new ();
  self->max_line = max_line;
}

void
bd_line_reader_clear (BdLineReader *self)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->buffer, g_byte_array_unref);
}

void
bd_line_reader_feed (BdLineReader *self,
                     const guint8 *data,
                     gsize         length)
{
  g_return_if_fail (self != NULL && self->buffer != NULL);

  g_byte_array_append (self->buffer, data, length);
}

/**
 * bd_line_reader_next:
 * @line: (out): the next line without its CRLF (or bare LF) when the
 *   result is %BD_LINE_READER_LINE
 *
 * A NUL byte is never valid inside these protocols' lines; it becomes DEL
 * so that the line stays a C string and the sanitiser still marks it.
 *
 * Returns: whether a whole line was there, more bytes are needed, or the
 *   line passed the bound without ending.
 */
BdLineReaderStatus
bd_line_reader_next (BdLineReader  *self,
                     char         **line)
{
  const guint8 *newline;
  gsize length;
  char *text;

  g_return_val_if_fail (self != NULL && self->buffer != NULL, BD_LINE_READER_NEED_MORE);
  g_return_val_if_fail (line != NULL, BD_LINE_READER_NEED_MORE);

  *line = NULL;
  if (self->buffer->len == 0)
    return BD_LINE_READER_NEED_MORE;
  newline = memchr (self->buffer->data, '\n', self->buffer->len);
  if (newline == NULL)
    return self->buffer->len > self->max_line + 1 ? BD_LINE_READER_TOO_LONG
                                                  : BD_LINE_READER_NEED_MORE;

  length = (gsize) (newline - self->buffer->data);
  if (length > 0 && newline[-1] == '\r')
    length--;
  if (length > self->max_line)
    return BD_LINE_READER_TOO_LONG;

  text = g_malloc (length + 1);
  memcpy (text, self->buffer->data, length);
  text[length] = '\0';
  for (gsize i = 0; i < length; i++)
    if (text[i] == '\0')
      text[i] = '\x7f';
  g_byte_array_remove_range (self->buffer, 0, (guint) (newline - self->buffer->data) + 1);

  *line = text;
  return BD_LINE_READER_LINE;
}

/**
 * bd_line_reader_get_pending:
 *
 * Returns: how many received bytes are not yet taken out. After the reply to
 *   STARTTLS this must be 0 (security rule 2).
 */
gsize
bd_line_reader_get_pending (BdLineReader *self)
{
  g_return_val_if_fail (self != NULL && self->buffer != NULL, 0);

  return self->buffer->len;
}

/**
 * bd_line_reader_skip:
 * @remaining: (inout): how many bytes are still to be skipped
 *
 * Drops up to @remaining buffered bytes, for an IMAP literal (RFC 3501 §4.3)
 * the probe has no use for.
 *
 * Returns: %TRUE when nothing remains to be skipped.
 */
gboolean
bd_line_reader_skip (BdLineReader *self,
                     gsize        *remaining)
{
  gsize n;

  g_return_val_if_fail (self != NULL && self->buffer != NULL, TRUE);
  g_return_val_if_fail (remaining != NULL, TRUE);

  n = MIN (*remaining, self->buffer->len);
  g_byte_array_remove_range (self->buffer, 0, (guint) n);
  *remaining -= n;
  return *remaining == 0;
}
