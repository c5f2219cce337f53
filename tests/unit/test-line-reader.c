/* test-line-reader.c: bounded line framing, fed in every possible split
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-line-reader.h"

typedef struct
{
  const char *name;
  const char *input;
  gsize input_length;          /* 0: strlen (input) */
  gsize max_line;
  const char *lines[4];        /* the lines expected, in order */
  BdLineReaderStatus last;     /* what comes after them */
  gsize pending;               /* bytes left in the buffer */
} FramingCase;

static const FramingCase framing_cases[] = {
  { "crlf", "* OK ready\r\n", 0, 64, { "* OK ready" }, BD_LINE_READER_NEED_MORE, 0 },
  { "bare-lf", "+OK\n-ERR no\n", 0, 64, { "+OK", "-ERR no" }, BD_LINE_READER_NEED_MORE, 0 },
  { "empty-line", "\r\n", 0, 64, { "" }, BD_LINE_READER_NEED_MORE, 0 },
  { "partial-kept", "220 a\r\n250-b", 0, 64, { "220 a" }, BD_LINE_READER_NEED_MORE, 5 },
  { "exactly-max", "12345678\r\n", 0, 8, { "12345678" }, BD_LINE_READER_NEED_MORE, 0 },
  { "one-over-max", "123456789\r\n", 0, 8, { NULL }, BD_LINE_READER_TOO_LONG, 11 },
  { "endless-without-newline", "1234567890", 0, 8, { NULL }, BD_LINE_READER_TOO_LONG, 10 },
  { "nul-becomes-del", "a\0b\r\n", 5, 64, { "a\x7f" "b" }, BD_LINE_READER_NEED_MORE, 0 },
  { "lone-cr-kept", "a\rb\n", 0, 64, { "a\rb" }, BD_LINE_READER_NEED_MORE, 0 },
};

/* Feeds @input in pieces of @step bytes and collects what comes out. */
static void
check_framing (const FramingCase *c,
               gsize              step)
{
  gsize length = c->input_length != 0 ? c->input_length : strlen (c->input);
  BdLineReader reader;
  guint got = 0;
  BdLineReaderStatus status = BD_LINE_READER_NEED_MORE;

  bd_line_reader_init (&reader, c->max_line);
  for (gsize offset = 0; offset < length && status != BD_LINE_READER_TOO_LONG; offset += step)
    {
      bd_line_reader_feed (&reader, (const guint8 *) c->input + offset, MIN (step, length - offset));
      for (;;)
        {
          g_autofree char *line = NULL;

          status = bd_line_reader_next (&reader, &line);
          if (status != BD_LINE_READER_LINE)
            break;
          g_assert_nonnull (c->lines[got]);
          g_assert_cmpstr (line, ==, c->lines[got]);
          got++;
        }
    }
  g_assert_null (c->lines[got]);
  g_assert_cmpint (status, ==, c->last);
  if (status == BD_LINE_READER_NEED_MORE)
    g_assert_cmpuint (bd_line_reader_get_pending (&reader), ==, c->pending);
  bd_line_reader_clear (&reader);
}

static void
test_framing (gconstpointer data)
{
  const FramingCase *c = data;
  gsize length = c->input_length != 0 ? c->input_length : strlen (c->input);

  for (gsize step = 1; step <= length; step++)
    check_framing (c, step);
}

static void
test_skip_literal (void)
{
  BdLineReader reader;
  g_autofree char *line = NULL;
  gsize remaining = 5;

  bd_line_reader_init (&reader, 64);
  bd_line_reader_feed (&reader, (const guint8 *) "abc", 3);
  g_assert_false (bd_line_reader_skip (&reader, &remaining));
  g_assert_cmpuint (remaining, ==, 2);
  bd_line_reader_feed (&reader, (const guint8 *) "de)\r\n", 5);
  g_assert_true (bd_line_reader_skip (&reader, &remaining));
  g_assert_cmpint (bd_line_reader_next (&reader, &line), ==, BD_LINE_READER_LINE);
  g_assert_cmpstr (line, ==, ")");
  bd_line_reader_clear (&reader);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (framing_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/line-reader/framing/%s", framing_cases[i].name);

      g_test_add_data_func (path, &framing_cases[i], test_framing);
    }
  g_test_add_func ("/line-reader/skips-literal-across-reads", test_skip_literal);

  return g_test_run ();
}
