/* test-errors.c: every error code has a stable name, advice, and a line in docs/errors.md
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
  g_test_add_func ("/errors/names-outside-the-domain", test_error_names_outside_the_domain);

  return g_test_run ();
}
