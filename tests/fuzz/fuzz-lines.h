/* fuzz-lines.h: what the protocol fuzz targets share
 *
 * Each protocol target takes its input as the bytes a server sends. They go
 * through the probe's own line reader twice, once in one piece and once in
 * small pieces (as a slow or hostile server would send them), and both ways
 * must give the same lines: the framing may not depend on how the bytes
 * arrive. Every line goes to the protocol's parser, and whatever the server
 * said is put through the sanitiser that stands between it and a terminal.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>
#include <glib.h>

#include "bd-error.h"
#include "bd-line-reader.h"
#include "bd-probe-text.h"

/* Smaller than the probe's bound, so that libFuzzer's inputs of a few
 * kilobytes reach the over-long line. */
#define FUZZ_MAX_LINE 512

/* Returns how many raw octets follow @line and are to be skipped (an IMAP
 * literal), usually 0. */
typedef gsize (*FuzzLineFunc) (const char *line,
                               gpointer    user_data);

/* What the sanitiser promises for anything a server says. */
static inline void
fuzz_check_sanitized (const char *text,
                      gssize      length)
{
  g_autofree char *safe = bd_probe_text_sanitize (text, length, BD_PROBE_TEXT_MAX_CHARS);
  glong chars;

  g_assert (safe != NULL);
  g_assert (g_utf8_validate (safe, -1, NULL));
  chars = g_utf8_strlen (safe, -1);
  /* The bound, plus the ellipsis that marks a cut. */
  g_assert (chars <= BD_PROBE_TEXT_MAX_CHARS + 1);
  for (const char *p = safe; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_assert (c >= 0x20);
      g_assert (c < 0x7f || c > 0x9f);
      g_assert (!(c >= 0x202a && c <= 0x202e));
      g_assert (!(c >= 0x2066 && c <= 0x2069));
      g_assert (c != 0x200e && c != 0x200f && c != 0x061c && c != 0x2028 && c != 0x2029);
    }
}

/* A parser's error must be the one the probe reports for broken framing. */
static inline void
fuzz_check_protocol_error (GError *error)
{
  g_assert (error != NULL);
  g_assert (error->domain == BD_ERROR);
  g_assert (error->code == BD_ERROR_PROTOCOL_ERROR);
  g_assert (error->message[0] != '\0');
}

/* A string of upper-case words as the parsers hand on (keywords, codes). */
static inline void
fuzz_check_upper (const char *word)
{
  g_assert (word != NULL);
  for (const char *p = word; *p != '\0'; p++)
    g_assert (!g_ascii_islower (*p));
}

/**
 * fuzz_read_lines:
 * @chunk: how many octets to feed at a time; 0 for all at once
 *
 * Feeds @data to a #BdLineReader and calls @func for each line, skipping
 * what @func asks to skip, until the bytes run out or a line is too long.
 *
 * Returns: (transfer full): a transcript of every line and the final state,
 *   to compare between ways of feeding.
 */
static inline GString *
fuzz_read_lines (const guint8 *data,
                 gsize         size,
                 gsize         chunk,
                 FuzzLineFunc  func,
                 gpointer      user_data)
{
  BdLineReader reader;
  GString *transcript = g_string_new (NULL);
  gsize offset = 0;
  gsize skip = 0;
  gboolean too_long = FALSE;

  bd_line_reader_init (&reader, FUZZ_MAX_LINE);
  do
    {
      gsize n = chunk == 0 ? size - offset : MIN (chunk, size - offset);

      bd_line_reader_feed (&reader, data + offset, n);
      offset += n;
      while (!too_long)
        {
          g_autofree char *line = NULL;
          BdLineReaderStatus status;

          if (skip > 0 && !bd_line_reader_skip (&reader, &skip))
            break;
          status = bd_line_reader_next (&reader, &line);
          if (status == BD_LINE_READER_NEED_MORE)
            {
              g_assert (line == NULL);
              break;
            }
          if (status == BD_LINE_READER_TOO_LONG)
            {
              g_assert (line == NULL);
              g_string_append (transcript, "<too long>\n");
              too_long = TRUE;
              break;
            }
          g_assert (status == BD_LINE_READER_LINE);
          g_assert (line != NULL);
          g_assert (strlen (line) <= FUZZ_MAX_LINE);
          g_assert (strchr (line, '\n') == NULL);
          g_string_append_printf (transcript, "%s\n", line);
          skip = func (line, user_data);
        }
    }
  while (!too_long && offset < size);

  if (!too_long)
    {
      gsize pending = bd_line_reader_get_pending (&reader);

      /* A line in wait is never longer than the bound and its CRLF. */
      if (skip == 0)
        g_assert (pending <= FUZZ_MAX_LINE + 1);
      g_string_append_printf (transcript, "<pending %" G_GSIZE_FORMAT
                              ", to skip %" G_GSIZE_FORMAT ">\n", pending, skip);
    }
  bd_line_reader_clear (&reader);
  return transcript;
}

/**
 * fuzz_run_lines:
 *
 * Reads @data both ways, with a fresh state from @reset before each, and
 * asserts that the same lines come out.
 */
static inline void
fuzz_run_lines (const guint8 *data,
                gsize         size,
                FuzzLineFunc  func,
                void        (*reset) (gpointer user_data),
                gpointer      user_data)
{
  g_autoptr(GString) whole = NULL;
  g_autoptr(GString) pieces = NULL;
  /* 1 to 7 octets at a time, chosen by the input so that libFuzzer explores it. */
  gsize chunk = size > 0 ? (data[size - 1] % 7) + 1 : 1;

  reset (user_data);
  whole = fuzz_read_lines (data, size, 0, func, user_data);
  reset (user_data);
  pieces = fuzz_read_lines (data, size, chunk, func, user_data);
  reset (user_data);
  g_assert (g_string_equal (whole, pieces));
}
