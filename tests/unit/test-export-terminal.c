/* test-export-terminal.c: the plans of the terminal targets (isync/mbsync,
 * aerc, NeoMutt): the exact lines that matter, the quoting of hostile
 * names, a certificate trusted by fingerprint, the file each program
 * reads. tests/clients/test-terminal.py runs the real programs on what
 * they write; this covers what its driver cannot give them (a pinned
 * certificate itself).
 *
 * HOME and XDG_CONFIG_HOME point into a temporary directory of the test's
 * own, set before GLib reads them. Plans change nothing, so no test
 * applies one.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "bd-error.h"
#include "bd-export-aerc.h"
#include "bd-export-mbsync.h"
#include "bd-export-neomutt.h"
#include "bd-test-mailserver.h"
#include "bd-test-wait.h"

#define ALICE "alice@example.com"
/* Any bytes do: no plan parses the certificate, it only writes it. */
#define FAKE_DER "not really a certificate, but bytes all the same"

static char *test_root;

static BdExportAccount *
new_account (const char *user,
             const char *pin)
{
  g_autoptr(BdAddress) address = bd_address_parse (ALICE, NULL);
  g_autoptr(BdServer) imap = bd_server_new (BD_PROTOCOL_IMAP, "imap.example.com", 993,
                                            BD_SECURITY_TLS, user);
  g_autoptr(BdServer) smtp = bd_server_new (BD_PROTOCOL_SMTP, "smtp.example.com", 587,
                                            BD_SECURITY_STARTTLS, user);
  g_autoptr(GBytes) der = g_bytes_new_static (FAKE_DER, strlen (FAKE_DER));
  BdExportAccount *account = bd_export_account_new (address);

  bd_export_account_set_name (account, "Alice Liddell");
  bd_export_account_set_server (account, imap, TRUE, pin, pin != NULL ? der : NULL);
  bd_export_account_set_server (account, smtp, TRUE, NULL, NULL);
  return account;
}

static BdExportPlan *
plan (const char       *id,
      BdExportAccount  *account,
      BdExportFlags     flags,
      GError          **error)
{
  g_autoptr(BdExportTarget) target = bd_export_target_new_for_id (id);
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_nonnull (target);
  bd_export_target_plan_async (target, account, flags, NULL, bd_test_got_result_cb, &slot);
  result = bd_test_wait_for_result (&slot, 10000);
  return bd_export_target_plan_finish (target, result, error);
}

/* The plan's FILE step for @path. */
static BdExportStep *
file_step (BdExportPlan *self,
           const char   *path)
{
  GPtrArray *steps = bd_export_plan_get_steps (self);

  for (guint i = 0; i < steps->len; i++)
    {
      BdExportStep *step = g_ptr_array_index (steps, i);

      if (step->kind == BD_EXPORT_STEP_FILE && g_strcmp0 (step->path, path) == 0)
        return step;
    }
  g_error ("the plan writes no %s", path);
  return NULL;
}

static guint
count_steps (BdExportPlan     *self,
             BdExportStepKind  kind)
{
  GPtrArray *steps = bd_export_plan_get_steps (self);
  guint n = 0;

  for (guint i = 0; i < steps->len; i++)
    n += ((BdExportStep *) g_ptr_array_index (steps, i))->kind == kind;
  return n;
}

static char *
home_path (const char *first,
           ...)
{
  va_list args;
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  char *path;

  g_ptr_array_add (parts, (gpointer) g_get_home_dir ());
  g_ptr_array_add (parts, (gpointer) first);
  va_start (args, first);
  for (const char *part = va_arg (args, const char *); part != NULL;
       part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  path = g_build_filenamev ((char **) parts->pdata);
  return path;
}

static char *
fake_pem (void)
{
  g_autofree char *base64 = g_base64_encode ((const guchar *) FAKE_DER, strlen (FAKE_DER));

  return g_strdup_printf ("-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----\n",
                          base64);
}

/* ---- mbsync ------------------------------------------------------------ */

static void
test_mbsync_block_quotes_a_hostile_user (void)
{
  g_autoptr(BdExportAccount) account = new_account ("a\"b\\c' $(x)", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdExportPlan) result = plan ("mbsync", account, 0, &error);
  g_autofree char *path = home_path (".mbsyncrc", NULL);
  BdExportStep *step;

  g_assert_no_error (error);
  step = file_step (result, path);
  g_assert_cmpuint (step->mode, ==, 0600);
  g_assert_nonnull (strstr (step->text, "\nUser \"a\\\"b\\\\c' $(x)\"\n"));
  /* Shell-quoted ('\'' for the quote), then escaped for mbsync. */
  g_assert_nonnull (strstr (step->text,
                            "\nPassCmd \"secret-tool lookup protocol imap server "
                            "'imap.example.com' user 'a\\\"b\\\\c'\\\\'' $(x)' port 993\"\n"));
  g_assert_nonnull (strstr (step->text, "\nSSLType IMAPS\n"));
  g_assert_null (strstr (step->text, "CertificateFile"));
  g_assert_cmpuint (count_steps (result, BD_EXPORT_STEP_KEYRING), ==, 1);
}

static void
test_mbsync_pinned_certificate_is_written_and_named (void)
{
  g_autoptr(BdExportAccount) account = new_account (ALICE, "sha256:" "ab" "cd");
  g_autoptr(GError) error = NULL;
  g_autoptr(BdExportPlan) result = NULL;
  g_autofree char *rc = home_path (".mbsyncrc", NULL);
  g_autofree char *pem_path = home_path (".mbsync", ALICE ".pem", NULL);
  g_autofree char *pem = fake_pem ();
  g_autofree char *line = g_strdup_printf ("\nCertificateFile \"%s\"\n", pem_path);
  BdExportStep *step;

  result = plan ("mbsync", account, 0, &error);
  g_assert_no_error (error);
  step = file_step (result, pem_path);
  g_assert_cmpuint (step->mode, ==, 0600);
  g_assert_nonnull (strstr (step->text, pem));
  g_assert_nonnull (strstr (file_step (result, rc)->text, line));
}

static void
test_mbsync_control_character_is_refused (void)
{
  g_autoptr(BdExportAccount) account = new_account ("alice\nPassCmd \"evil\"", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdExportPlan) result = plan ("mbsync", account, 0, &error);

  g_assert_error (error, BD_ERROR, BD_ERROR_EXPORT_NOT_SUPPORTED);
  g_assert_null (result);
}

/* ---- aerc -------------------------------------------------------------- */

static void
test_aerc_block_and_wrapped_values (void)
{
  g_autoptr(BdExportAccount) account = new_account ("alice#1;x", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdExportPlan) result = NULL;
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "aerc", "accounts.conf",
                                            NULL);
  BdExportStep *step;

  bd_export_account_set_name (account, "Liddell, Alice");
  result = plan ("aerc", account, 0, &error);
  g_assert_no_error (error);
  step = file_step (result, path);
  g_assert_cmpuint (step->mode, ==, 0600);
  g_assert_nonnull (strstr (step->text, "\n[" ALICE "]\n"));
  g_assert_nonnull (strstr (step->text,
                            "\nsource = imaps://alice%231%3Bx@imap.example.com:993\n"));
  /* # and ; would start an inline comment: the value is in backquotes. */
  g_assert_nonnull (strstr (step->text,
                            "\nsource-cred-cmd = `secret-tool lookup protocol imap server "
                            "'imap.example.com' user 'alice#1;x' port 993`\n"));
  g_assert_nonnull (strstr (step->text,
                            "\noutgoing = smtp://alice%231%3Bx@smtp.example.com:587\n"));
  g_assert_nonnull (strstr (step->text, "\nsmtp-starttls = yes\n"));
  g_assert_nonnull (strstr (step->text, "\nfrom = `\"Liddell, Alice\" <" ALICE ">`\n"));
  g_assert_cmpuint (count_steps (result, BD_EXPORT_STEP_KEYRING), ==, 2);
}

static void
test_aerc_pin_is_refused_or_noted (void)
{
  g_autoptr(BdExportAccount) account = new_account (ALICE, "sha256:abcd");
  g_autoptr(GError) error = NULL;
  g_autoptr(BdExportPlan) result = plan ("aerc", account, 0, &error);
  GPtrArray *warnings;
  gboolean noted = FALSE;

  g_assert_error (error, BD_ERROR, BD_ERROR_EXPORT_CERTIFICATE_NOT_EXPRESSIBLE);
  g_assert_null (result);
  g_clear_error (&error);

  result = plan ("aerc", account, BD_EXPORT_ALLOW_ANY_CERTIFICATE, &error);
  g_assert_no_error (error);
  warnings = bd_export_plan_get_warnings (result);
  for (guint i = 0; i < warnings->len; i++)
    noted |= strstr (g_ptr_array_index (warnings, i), "imap.example.com") != NULL;
  g_assert_true (noted);
}

static void
test_aerc_pop3_is_refused (void)
{
  g_autoptr(BdAddress) address = bd_address_parse (ALICE, NULL);
  g_autoptr(BdServer) pop3 = bd_server_new (BD_PROTOCOL_POP3, "pop.example.com", 995,
                                            BD_SECURITY_TLS, ALICE);
  g_autoptr(BdExportAccount) account = bd_export_account_new (address);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdExportPlan) result = NULL;

  bd_export_account_set_server (account, pop3, TRUE, NULL, NULL);
  result = plan ("aerc", account, 0, &error);
  g_assert_error (error, BD_ERROR, BD_ERROR_EXPORT_NOT_SUPPORTED);
  g_clear_error (&error);
  g_clear_object (&result);
  result = plan ("mbsync", account, 0, &error);
  g_assert_error (error, BD_ERROR, BD_ERROR_EXPORT_NOT_SUPPORTED);
}

/* ---- NeoMutt ----------------------------------------------------------- */

static void
test_neomutt_block_escapes_for_neomutt_and_the_shell (void)
{
  g_autoptr(BdExportAccount) account = new_account ("a\"b`c$d", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdExportPlan) result = plan ("neomutt", account, 0, &error);
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "neomutt", "neomuttrc",
                                            NULL);
  BdExportStep *step;

  g_assert_no_error (error);
  step = file_step (result, path);
  g_assert_nonnull (strstr (step->text, "\nset imap_user = \"a\\\"b\\`c\\$d\"\n"));
  g_assert_nonnull (strstr (step->text,
                            "\nset imap_pass = \"`secret-tool lookup protocol imap server "
                            "'imap.example.com' user 'a\\\"b\\`c\\$d' port 993`\"\n"));
  g_assert_nonnull (strstr (step->text, "\nset folder = \"imaps://imap.example.com:993/\"\n"));
  g_assert_nonnull (strstr (step->text,
                            "\nset smtp_url = \"smtp://a%22b%60c%24d@smtp.example.com:587/\"\n"));
  g_assert_nonnull (strstr (step->text, "\nset ssl_force_tls = yes\n"));
}

static void
test_neomutt_pinned_certificate_gets_its_host_line (void)
{
  g_autoptr(BdExportAccount) account = new_account (ALICE, "sha256:abcd");
  g_autoptr(GError) error = NULL;
  g_autoptr(BdExportPlan) result = plan ("neomutt", account, 0, &error);
  g_autofree char *pem_path = g_build_filename (g_get_user_config_dir (), "neomutt",
                                                "brevduva-" ALICE ".pem", NULL);
  g_autofree char *rc = g_build_filename (g_get_user_config_dir (), "neomutt", "neomuttrc",
                                          NULL);
  g_autofree char *md5 = g_compute_checksum_for_data (G_CHECKSUM_MD5,
                                                      (const guchar *) FAKE_DER,
                                                      strlen (FAKE_DER));
  g_autoptr(GString) host_line = g_string_new ("#H imap.example.com ");
  g_autofree char *pem = fake_pem ();
  g_autofree char *setting = g_strdup_printf ("\nset certificate_file = \"%s\"\n", pem_path);
  BdExportStep *step;

  g_assert_no_error (error);
  for (guint i = 0; md5[i] != '\0'; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (host_line, ' ');
      g_string_append_c (host_line, g_ascii_toupper (md5[i]));
    }
  g_string_append_c (host_line, '\n');
  step = file_step (result, pem_path);
  g_assert_true (g_str_has_prefix (step->text, host_line->str));
  g_assert_nonnull (strstr (step->text, pem));
  g_assert_nonnull (strstr (file_step (result, rc)->text, setting));
}

static void
test_neomutt_writes_to_the_file_it_reads (void)
{
  g_autofree char *muttrc = home_path (".muttrc", NULL);
  g_autoptr(BdExportAccount) account = new_account (ALICE, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdExportPlan) result = NULL;
  BdExportStep *step;

  g_assert_true (g_file_set_contents (muttrc, "set editor = vi\n", -1, NULL));
  result = plan ("neomutt", account, 0, &error);
  g_assert_no_error (error);
  step = file_step (result, muttrc);
  g_assert_cmpstr (step->old_text, ==, "set editor = vi\n");
  g_assert_true (g_str_has_prefix (step->text, "set editor = vi\n"));
  g_remove (muttrc);
}

static void
test_neomutt_second_account_gets_a_note (void)
{
  g_autofree char *rc = g_build_filename (g_get_user_config_dir (), "neomutt", "neomuttrc",
                                          NULL);
  g_autofree char *dir = g_path_get_dirname (rc);
  g_autoptr(BdExportAccount) account = new_account (ALICE, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdExportPlan) result = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (rc,
                                      "# BEGIN brevduva bob@example.com\n"
                                      "set imap_user = \"bob@example.com\"\n"
                                      "# END brevduva bob@example.com\n", -1, NULL));
  result = plan ("neomutt", account, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bd_export_plan_get_warnings (result)->len, ==, 1);
  g_remove (rc);

  /* Alone in the file, no note. */
  g_clear_object (&result);
  result = plan ("neomutt", account, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bd_export_plan_get_warnings (result)->len, ==, 0);
}

static void
test_registry_lists_the_terminal_targets (void)
{
  const char *ids[] = { "mbsync", "aerc", "neomutt" };
  GType types[] = { BD_TYPE_EXPORT_MBSYNC, BD_TYPE_EXPORT_AERC, BD_TYPE_EXPORT_NEOMUTT };

  for (gsize i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(BdExportTarget) target = bd_export_target_new_for_id (ids[i]);

      g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (target, types[i]));
      g_assert_cmpstr (bd_export_target_get_id (target), ==, ids[i]);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = NULL;
  g_autofree char *config = NULL;
  int status;

  /* Before GLib reads them: the targets read and plan under HOME and XDG. */
  test_root = g_dir_make_tmp ("bd-test-export-terminal-XXXXXX", NULL);
  g_assert_nonnull (test_root);
  home = g_build_filename (test_root, "home", NULL);
  config = g_build_filename (home, ".config", NULL);
  g_mkdir_with_parents (config, 0700);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export-terminal/mbsync/block-quotes-a-hostile-user",
                   test_mbsync_block_quotes_a_hostile_user);
  g_test_add_func ("/export-terminal/mbsync/pinned-certificate-is-written-and-named",
                   test_mbsync_pinned_certificate_is_written_and_named);
  g_test_add_func ("/export-terminal/mbsync/control-character-is-refused",
                   test_mbsync_control_character_is_refused);
  g_test_add_func ("/export-terminal/aerc/block-and-wrapped-values",
                   test_aerc_block_and_wrapped_values);
  g_test_add_func ("/export-terminal/aerc/pin-is-refused-or-noted",
                   test_aerc_pin_is_refused_or_noted);
  g_test_add_func ("/export-terminal/aerc-and-mbsync/pop3-is-refused",
                   test_aerc_pop3_is_refused);
  g_test_add_func ("/export-terminal/neomutt/block-escapes-for-neomutt-and-the-shell",
                   test_neomutt_block_escapes_for_neomutt_and_the_shell);
  g_test_add_func ("/export-terminal/neomutt/pinned-certificate-gets-its-host-line",
                   test_neomutt_pinned_certificate_gets_its_host_line);
  g_test_add_func ("/export-terminal/neomutt/writes-to-the-file-it-reads",
                   test_neomutt_writes_to_the_file_it_reads);
  g_test_add_func ("/export-terminal/neomutt/second-account-gets-a-note",
                   test_neomutt_second_account_gets_a_note);
  g_test_add_func ("/export-terminal/registry-lists-the-terminal-targets",
                   test_registry_lists_the_terminal_targets);

  status = g_test_run ();
  bd_test_remove_dir (test_root);
  return status;
}
