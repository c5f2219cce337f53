/* bd-probe-text.c
 *
 * A server's words end up in a terminal, in JSON and in the GUI. Whatever a
 * hostile server sends, the result is valid UTF-8 on one line, without
 * control characters, terminal escape sequences or bidirectional overrides
 * (which could make the text read differently from what it is), and of a
 * bounded length. Each thing removed becomes U+FFFD, so that the person can
 * see that something was there.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-probe-text.h"

#define REPLACEMENT "\xef\xbf\xbd"  /* U+FFFD */
#define ELLIPSIS "\xe2\x80\xa6"     /* U+2026 */

/* ECMA-48 §5.4: a control sequence is CSI, parameter bytes 0x30–0x3F,
 * intermediate bytes 0x20–0x2F and one final byte 0x40–0x7E. */
static const char *
skip_csi (const char *p)
{
  while (*p >= 0x30 && *p <= 0x3f)
    p++;
  while (*p >= 0x20 && *p <= 0x2f)
    p++;
  if (*p >= 0x40 && *p <= 0x7e)
    p++;
  return p;
}

/* An operating system command (ESC ]) runs to BEL or ST (ESC \). */
static const char *
skip_osc (const char *p)
{
  while (*p != '\0' && *p != '\a' && !(p[0] == '\x1b' && p[1] == '\\'))
    p++;
  if (*p == '\a')
    p++;
  else if (*p == '\x1b')
    p += 2;
  return p;
}

/* Returns where the text goes on after the escape sequence starting at @p. */
static const char *
skip_escape (const char *p)
{
  switch (p[1])
    {
    case '[':
      return skip_csi (p + 2);
    case ']':
      return skip_osc (p + 2);
    case '\0':
      return p + 1;
    default:
      return g_utf8_next_char (p + 1);
    }
}

static gboolean
is_unsafe (gunichar c)
{
  return (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f) ||
         (c >= 0x202a && c <= 0x202e) ||   /* bidi embeddings and overrides */
         (c >= 0x2066 && c <= 0x2069) ||   /* bidi isolates */
         c == 0x200e || c == 0x200f || c == 0x061c ||
         c == 0x2028 || c == 0x2029;       /* line and paragraph separators */
}

/**
 * bd_probe_text_sanitize:
 * @text: bytes from a server, in any encoding
 * @length: their length, or -1 when NUL-terminated
 * @max_chars: how many characters to keep at most; longer text ends with "…"
 *
 * Returns: (transfer full): valid UTF-8 without control characters; a tab
 *   becomes a space.
 */
char *
bd_probe_text_sanitize (const char *text,
                        gssize      length,
                        gsize       max_chars)
{
  g_autofree char *valid = NULL;
  GString *out;
  gsize chars = 0;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  valid = g_utf8_make_valid (text != NULL ? text : "", length);
  out = g_string_new (NULL);
  for (const char *p = valid; *p != '\0';)
    {
      gunichar c = g_utf8_get_char (p);

      if (chars == max_chars)
        {
          g_string_append (out, ELLIPSIS);
          break;
        }
      chars++;
      if (c == '\x1b')
        {
          g_string_append (out, REPLACEMENT);
          p = skip_escape (p);
          continue;
        }
      if (c == '\t')
        g_string_append_c (out, ' ');
      else if (is_unsafe (c))
        g_string_append (out, REPLACEMENT);
      else
        g_string_append_unichar (out, c);
      p = g_utf8_next_char (p);
    }

  return g_string_free (out, FALSE);
}
