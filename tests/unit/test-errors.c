/* test-errors.c: every error code has a stable name, advice, and a line in docs/errors.md
 *
 * The Swedish section of docs/errors.md quotes po/sv.po; a test holds the two
 * together, so that a change to one is made in the other.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "bd-enums.h"
#include "bd-error.h"

static gboolean
is_kebab_case (const char *name)
{
  if (name == NULL || !g_ascii_islower (name[0]))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    {
      if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
        return FALSE;
      if (*p == '-' && (p[1] == '-' || p[1] == '\0'))
        return FALSE;
    }
  return TRUE;
}

static void
test_names_are_unique_kebab_case (void)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (BD_TYPE_ERROR_CODE);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < klass->n_values; i++)
    {
      const char *name = bd_error_code_get_name (klass->values[i].value);

      g_test_message ("%s", name);
      g_assert_true (is_kebab_case (name));
      g_assert_false (g_hash_table_contains (seen, name));
      g_hash_table_add (seen, (gpointer) name);
    }
}

static void
test_every_code_has_advice (void)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (BD_TYPE_ERROR_CODE);

  for (guint i = 0; i < klass->n_values; i++)
    {
      const char *advice = bd_error_code_get_advice (klass->values[i].value);

      g_assert_nonnull (advice);
      g_assert_cmpuint (strlen (advice), >, 20);
    }
}

static void
test_codes_keep_their_numbers (void)
{
  /* Stable interface: appending is fine, renumbering is not. */
  g_assert_cmpint (BD_ERROR_FAILED, ==, 0);
  g_assert_cmpstr (bd_error_code_get_name (BD_ERROR_ADDRESS_MISSING_AT), ==, "address-missing-at");
  g_assert_cmpstr (bd_error_code_get_name (BD_ERROR_PROVIDER_NOT_FOUND), ==, "provider-not-found");
}

static void
test_docs_list_every_code (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("BD_SOURCE_ROOT"), "docs", "errors.md", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GEnumClass) klass = g_type_class_ref (BD_TYPE_ERROR_CODE);

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < klass->n_values; i++)
    {
      g_autofree char *heading = g_strdup_printf ("## `%s`", klass->values[i].value_nick);

      g_test_message ("%s", heading);
      g_assert_nonnull (strstr (text, heading));
    }
}

/* The text of a PO string literal, "…" without its quotes, unescaped. */
static void
append_po_string (GString    *out,
                  const char *literal)
{
  const char *p = strchr (literal, '"');
  const char *end = strrchr (literal, '"');

  g_assert_nonnull (p);
  g_assert_true (end > p);
  for (p++; p < end; p++)
    {
      if (*p == '\\' && p + 1 < end)
        {
          p++;
          g_string_append_c (out, *p == 'n' ? '\n' : *p == 't' ? '\t' : *p);
        }
      else
        g_string_append_c (out, *p);
    }
}

/* The translations of a PO file, msgid to msgstr, for the entries that have
 * no context and are neither fuzzy, plural nor obsolete. */
static GHashTable *
read_po (const char *path)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GString *msgid = g_string_new (NULL);
  GString *msgstr = g_string_new (NULL);
  GString *current = NULL;
  gboolean skip = FALSE;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, "#~") || g_str_has_prefix (line, "msgctxt") ||
          g_str_has_prefix (line, "msgid_plural") ||
          (g_str_has_prefix (line, "#,") && strstr (line, "fuzzy") != NULL))
        skip = TRUE;
      else if (g_str_has_prefix (line, "msgid "))
        append_po_string (current = msgid, line);
      else if (g_str_has_prefix (line, "msgstr "))
        append_po_string (current = msgstr, line);
      else if (line[0] == '"' && current != NULL)
        append_po_string (current, line);

      /* A blank line, or the end, closes the entry. */
      if (*line == '\0' || lines[i + 1] == NULL)
        {
          if (!skip && msgid->len > 0 && msgstr->len > 0)
            g_hash_table_replace (table, g_strdup (msgid->str), g_strdup (msgstr->str));
          g_string_truncate (msgid, 0);
          g_string_truncate (msgstr, 0);
          current = NULL;
          skip = FALSE;
        }
    }
  g_string_free (msgid, TRUE);
  g_string_free (msgstr, TRUE);
  return table;
}

static void
test_docs_swedish_matches_sv_po (void)
{
  g_autofree char *doc_path = g_build_filename (g_getenv ("BD_SOURCE_ROOT"), "docs", "errors.md", NULL);
  g_autofree char *po_path = g_build_filename (g_getenv ("BD_SOURCE_ROOT"), "po", "sv.po", NULL);
  g_autoptr(GHashTable) swedish = read_po (po_path);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GEnumClass) klass = g_type_class_ref (BD_TYPE_ERROR_CODE);
  const char *section;
  guint checked = 0;

  g_file_get_contents (doc_path, &text, NULL, &error);
  g_assert_no_error (error);
  section = strstr (text, "\n## På svenska\n");
  g_assert_nonnull (section);

  for (guint i = 0; i < klass->n_values; i++)
    {
      const char *nick = klass->values[i].value_nick;
      /* The tests run untranslated, so this is the msgid. */
      const char *advice = bd_error_code_get_advice (klass->values[i].value);
      const char *translation = g_hash_table_lookup (swedish, advice);
      g_autofree char *line = NULL;

      /* A code still without Swedish is for the translations test to name. */
      if (translation == NULL)
        {
          g_test_message ("%s: not translated yet", nick);
          continue;
        }
      line = g_strdup_printf ("\n- `%s`: %s\n", nick, translation);
      g_test_message ("%s", nick);
      g_assert_nonnull (strstr (section, line));
      checked++;
    }
  /* Most codes have Swedish: none found means that sv.po was misread. */
  g_assert_cmpuint (checked, >, 0);
}

static void
test_error_names_outside_the_domain (void)
{
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "x");
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");
  g_autoptr(GError) ours = g_error_new_literal (BD_ERROR, BD_ERROR_ADDRESS_EMPTY, "x");

  g_assert_cmpstr (bd_error_get_name (cancelled), ==, "cancelled");
  g_assert_cmpstr (bd_error_get_name (other), ==, "failed");
  g_assert_cmpstr (bd_error_get_name (ours), ==, "address-empty");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/errors/names-are-unique-kebab-case", test_names_are_unique_kebab_case);
  g_test_add_func ("/errors/every-code-has-advice", test_every_code_has_advice);
  g_test_add_func ("/errors/codes-keep-their-numbers", test_codes_keep_their_numbers);
  g_test_add_func ("/errors/docs-list-every-code", test_docs_list_every_code);
  g_test_add_func ("/errors/docs-swedish-matches-sv-po", test_docs_swedish_matches_sv_po);
  g_test_add_func ("/errors/names-outside-the-domain", test_error_names_outside_the_domain);

  return g_test_run ();
}
