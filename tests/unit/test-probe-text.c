/* test-probe-text.c: a server's words made safe for a terminal, JSON and the GUI
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-probe-text.h"

typedef struct
{
  const char *name;
  const char *input;
  gssize length;
  gsize max_chars;
  const char *expected;
} SanitizeCase;

#define R "\xef\xbf\xbd"

static const SanitizeCase sanitize_cases[] = {
  { "plain-kept", "OK Logged in", -1, 100, "OK Logged in" },
  { "utf8-kept", "Inloggad som Åsa ✓", -1, 100, "Inloggad som Åsa ✓" },
  { "tab-is-space", "a\tb", -1, 100, "a b" },
  { "newline-replaced", "a\r\nb", -1, 100, "a" R R "b" },
  { "bell-backspace-del", "a\a\b\x7f" "b", -1, 100, "a" R R R "b" },
  { "csi-colour", "\x1b[31m\x1b[1mred\x1b[0m", -1, 100, R R "red" R },
  { "csi-clear-screen", "x\x1b[2Jy", -1, 100, "x" R "y" },
  { "osc-title", "\x1b]0;owned\x07text", -1, 100, R "text" },
  { "osc-st", "\x1b]0;owned\x1b\\text", -1, 100, R "text" },
  { "lone-escape-at-end", "a\x1b", -1, 100, "a" R },
  { "c1-control", "a\xc2\x9b" "31mb", -1, 100, "a" R "31mb" },
  { "invalid-utf8", "ok \xff\xfe\xc3\x28", -1, 100, "ok " R R R "(" },
  { "nul-inside", "a\0b", 3, 100, "a" R "b" },
  { "bidi-override", "abc\xe2\x80\xae" "def", -1, 100, "abc" R "def" },
  { "bidi-isolate", "\xe2\x81\xa6x", -1, 100, R "x" },
  { "line-separator", "a\xe2\x80\xa8" "b", -1, 100, "a" R "b" },
  { "capped", "abcdefgh", -1, 5, "abcde…" },
  { "capped-exactly", "abcde", -1, 5, "abcde" },
  { "empty", "", -1, 5, "" },
};

static gboolean
has_control (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
        return TRUE;
    }
  return FALSE;
}

static void
test_sanitize (gconstpointer data)
{
  const SanitizeCase *c = data;
  g_autofree char *out = bd_probe_text_sanitize (c->input, c->length, c->max_chars);

  g_assert_cmpstr (out, ==, c->expected);
  g_assert_true (g_utf8_validate (out, -1, NULL));
  g_assert_false (has_control (out));
}

/* Every byte value, in every position, comes out valid and free of controls. */
static void
test_sanitize_all_bytes (void)
{
  for (guint a = 0; a < 256; a++)
    {
      char input[4] = { 'x', (char) a, (char) (255 - a), '[' };
      g_autofree char *out = bd_probe_text_sanitize (input, sizeof input, 50);

      g_assert_true (g_utf8_validate (out, -1, NULL));
      g_assert_false (has_control (out));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (sanitize_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/probe-text/sanitize/%s", sanitize_cases[i].name);

      g_test_add_data_func (path, &sanitize_cases[i], test_sanitize);
    }
  g_test_add_func ("/probe-text/sanitize/every-byte-is-safe", test_sanitize_all_bytes);

  return g_test_run ();
}
