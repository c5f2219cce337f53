/* test-export-files.c: the hand-off's blocks, its all-or-nothing files, and
 * the refusals every password-based target makes (through msmtp)
 *
 * HOME and XDG_CONFIG_HOME point into a temporary directory of the test's
 * own, set before GLib reads them; every file test works in a directory of
 * its own below it.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/fs.h>
#include <glib/gstdio.h>

#include "bd-error.h"
#include "bd-export-files-private.h"
#include "bd-export-msmtp.h"
#include "bd-test-mailserver.h"
#include "bd-test-wait.h"

#define ALICE "alice@example.com"
#define BLOCK_V1 "account alice@example.com\nhost smtp.example.com\n"
#define BLOCK_V2 "account alice@example.com\nhost mail.example.com\nport 465\n"
#define MARKED(block) "# BEGIN brevduva " ALICE "\n" block "# END brevduva " ALICE "\n"

static char *test_root;

/* ---- Blocks ------------------------------------------------------------ */

static char *
merge (const char  *old_text,
       const char  *address,
       const char  *block,
       GError     **error)
{
  return bd_export_merge_block (old_text, "#", address, block, error);
}

static void
test_block_makes_a_new_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = merge (NULL, ALICE, BLOCK_V1, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, MARKED (BLOCK_V1));

  /* A block without its last line end gets one. */
  g_clear_pointer (&text, g_free);
  text = merge ("", ALICE, "account alice@example.com", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, MARKED ("account alice@example.com\n"));
}

static void
test_block_is_appended_after_what_is_there (void)
{
  const char *old_text = "defaults\nport 587\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *text = merge (old_text, ALICE, BLOCK_V1, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "defaults\nport 587\n\n" MARKED (BLOCK_V1));
  g_assert_true (g_str_has_prefix (text, old_text));

  /* After a blank line, no second one. */
  g_clear_pointer (&text, g_free);
  text = merge ("defaults\n\n", ALICE, BLOCK_V1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "defaults\n\n" MARKED (BLOCK_V1));
}

static void
test_own_block_is_replaced_and_nothing_else (void)
{
  const char *before = "# my settings\ndefaults\n\ttls on  \n\n";
  const char *after = "\naccount bob@example.com\nhost bob.example.com\n";
  g_autofree char *old_text = g_strconcat (before, MARKED (BLOCK_V1), after, NULL);
  g_autofree char *want = g_strconcat (before, MARKED (BLOCK_V2), after, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = merge (old_text, ALICE, BLOCK_V2, &error);
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, want);

  /* The same block again changes nothing at all. */
  again = merge (text, ALICE, BLOCK_V2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, text);

  /* Markers are found whatever the address's case. */
  g_clear_pointer (&again, g_free);
  again = merge (text, "Alice@Example.COM", BLOCK_V2, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (again, before));
  g_assert_true (g_str_has_suffix (again, after));
}

static void
test_address_configured_outside_is_refused (void)
{
  static const struct { const char *text; guint line; } cases[] = {
    { "defaults\naccount alice@example.com\nhost x\n", 2 },
    { "account work\nfrom ALICE@Example.com\n", 2 },
    { "# alice@example.com.\n", 1 },
    { "[work]\nfrom = Alice <alice@example.com>\n", 2 },
    { "user=alice@example.com\n", 1 },
    { "set from='alice@example.com'\n", 1 },
    { MARKED (BLOCK_V1) "account again\nuser alice@example.com\n", 6 },
    { "# BEGIN brevduva alice@example.com\nhost x\n", 1 },
    { "# END brevduva alice@example.com\n", 1 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = merge (cases[i].text, ALICE, BLOCK_V1, &error);
      g_autofree char *line = g_strdup_printf ("line %u", cases[i].line);

      g_test_message ("case %zu: %s", i, cases[i].text);
      g_assert_null (text);
      g_assert_error (error, BD_ERROR, BD_ERROR_EXPORT_ALREADY_CONFIGURED);
      g_assert_nonnull (strstr (error->message, line));
    }
}

static void
test_longer_addresses_are_other_accounts (void)
{
  static const char * const others[] = {
    "account malice@example.com\n",
    "account alice@example.com.au\n",
    "account alice@example.community\n",
    "account bob.alice@example.com\n",
    "account alice+work@example.com\n",
    "account alice@example.com-mail.example\n",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = merge (others[i], ALICE, BLOCK_V1, &error);

      g_assert_no_error (error);
      g_assert_true (g_str_has_prefix (text, others[i]));
    }
}

static void
test_two_addresses_have_blocks_side_by_side (void)
{
  const char *bob_block = "account bob@example.com\nhost smtp.example.com\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *alice = merge (NULL, ALICE, BLOCK_V1, &error);
  g_autofree char *both = merge (alice, "bob@example.com", bob_block, &error);
  g_autofree char *changed = NULL;
  g_autofree char *want = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (both, ==, MARKED (BLOCK_V1) "\n# BEGIN brevduva bob@example.com\n"
                   "account bob@example.com\nhost smtp.example.com\n"
                   "# END brevduva bob@example.com\n");

  /* Alice's block changes; Bob's stays byte for byte. */
  changed = merge (both, ALICE, BLOCK_V2, &error);
  g_assert_no_error (error);
  want = g_strconcat (MARKED (BLOCK_V2), both + strlen (MARKED (BLOCK_V1)), NULL);
  g_assert_cmpstr (changed, ==, want);
}

static void
test_crlf_and_missing_last_line_end_are_kept (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *crlf = merge ("defaults\r\nport 587\r\n", ALICE, "account alice@example.com\n",
                                 &error);
  g_autofree char *replaced = NULL;
  g_autofree char *unended = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (crlf, ==, "defaults\r\nport 587\r\n\r\n# BEGIN brevduva alice@example.com\r\n"
                   "account alice@example.com\r\n# END brevduva alice@example.com\r\n");

  /* A block with CRLF markers is found and replaced. */
  replaced = merge (crlf, ALICE, "host x\n", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (replaced, ==, "defaults\r\nport 587\r\n\r\n# BEGIN brevduva alice@example.com\r\n"
                   "host x\r\n# END brevduva alice@example.com\r\n");

  unended = merge ("defaults\nport 587", ALICE, BLOCK_V1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (unended, ==, "defaults\nport 587\n\n" MARKED (BLOCK_V1));
}

/* ---- Files, all or nothing --------------------------------------------- */

static char *
make_dir (const char *name)
{
  char *dir = g_build_filename (test_root, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  return dir;
}

static void
write_file (const char *path,
            const char *text,
            guint       mode)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

/* No temporary file of Brevduva's is left in @dir. */
static void
assert_no_temp_files (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    if (strstr (name, ".brevduva-") != NULL && !g_str_has_suffix (name, BD_EXPORT_BACKUP_SUFFIX))
      g_error ("a temporary file was left behind: %s/%s", dir, name);
}

static void
test_files_are_written_with_backup_and_mode (void)
{
  g_autofree char *dir = make_dir ("written");
  g_autofree char *existing = g_build_filename (dir, "config", NULL);
  g_autofree char *created = g_build_filename (dir, "new", "sub", "accounts.conf", NULL);
  g_autofree char *backup = g_strconcat (existing, BD_EXPORT_BACKUP_SUFFIX, NULL);
  g_autofree char *created_dir = g_path_get_dirname (created);
  g_autoptr(BdExportPlan) plan = bd_export_plan_new ("test");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  BdExportStep *first, *second;

  write_file (existing, "old text\n", 0640);
  first = bd_export_plan_add_file (plan, "change", existing, "new text\n", "old text\n", 0600);
  second = bd_export_plan_add_file (plan, "create", created, "created\n", NULL, 0600);

  g_assert_true (bd_export_plan_apply_files (plan, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (first->done);
  g_assert_true (second->done);

  text = read_file (existing);
  g_assert_cmpstr (text, ==, "new text\n");
  g_assert_cmpuint (file_mode (existing), ==, 0600);
  g_clear_pointer (&text, g_free);
  text = read_file (backup);
  g_assert_cmpstr (text, ==, "old text\n");
  /* The backup keeps the permissions of the file it copies. */
  g_assert_cmpuint (file_mode (backup), ==, 0640);
  g_clear_pointer (&text, g_free);
  text = read_file (created);
  g_assert_cmpstr (text, ==, "created\n");
  g_assert_cmpuint (file_mode (created), ==, 0600);
  g_assert_cmpuint (file_mode (created_dir), ==, 0700);
  g_clear_pointer (&text, g_free);
  text = g_strconcat (created, BD_EXPORT_BACKUP_SUFFIX, NULL);
  g_assert_false (g_file_test (text, G_FILE_TEST_EXISTS));
  assert_no_temp_files (dir);
  assert_no_temp_files (created_dir);
}

/* Applies a plan of two steps, the second bound to fail; checks that the
 * first file is as it was, and that the error names both. */
static void
assert_second_step_fails (const char *dir,
                          const char *second_path,
                          const char *second_old_text,
                          const char *expected_cause)
{
  g_autofree char *first_path = g_build_filename (dir, "first", NULL);
  g_autoptr(BdExportPlan) plan = bd_export_plan_new ("test");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  BdExportStep *first;

  write_file (first_path, "first, old\n", 0644);
  first = bd_export_plan_add_file (plan, "first", first_path, "first, new\n", "first, old\n",
                                   0600);
  bd_export_plan_add_file (plan, "second", second_path, "second, new\n", second_old_text, 0600);

  g_assert_false (bd_export_plan_apply_files (plan, NULL, &error));
  g_assert_error (error, BD_ERROR, BD_ERROR_EXPORT_WRITE_FAILED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, second_path));
  g_assert_nonnull (strstr (error->message, expected_cause));
  g_assert_nonnull (strstr (error->message, first_path));
  g_assert_false (first->done);

  text = read_file (first_path);
  g_assert_cmpstr (text, ==, "first, old\n");
  g_assert_cmpuint (file_mode (first_path), ==, 0644);
  assert_no_temp_files (dir);
}

static void
test_path_that_is_a_folder_changes_nothing (void)
{
  g_autofree char *dir = make_dir ("folder");
  g_autofree char *second = make_dir ("folder/second");

  assert_second_step_fails (dir, second, NULL, "is not a file");
  assert_no_temp_files (second);
}

static void
test_folder_that_cannot_be_made_changes_nothing (void)
{
  g_autofree char *dir = make_dir ("blocked");
  g_autofree char *blocker = g_build_filename (dir, "not-a-folder", NULL);
  g_autofree char *second = g_build_filename (blocker, "config", NULL);

  /* The second file's folder would be where a file is. */
  write_file (blocker, "", 0644);
  assert_second_step_fails (dir, second, NULL, "cannot be read");
}

/* The second file's name is allowed, but its temporary file's (longer by
 * Brevduva's prefix and suffix) is not: the first file's temporary files
 * are written by then, and must go again. */
static void
test_file_that_cannot_be_written_changes_nothing (void)
{
  g_autofree char *dir = make_dir ("unwritable");
  g_autofree char *name = g_strnfill (240, 'n');
  g_autofree char *second = g_build_filename (dir, name, NULL);

  assert_second_step_fails (dir, second, NULL, "cannot be written");
  g_assert_false (g_file_test (second, G_FILE_TEST_EXISTS));
}

static void
test_file_changed_since_the_plan_changes_nothing (void)
{
  g_autofree char *dir = make_dir ("changed");
  g_autofree char *second = g_build_filename (dir, "second", NULL);

  write_file (second, "edited by the person after the plan\n", 0600);
  assert_second_step_fails (dir, second, "as the plan saw it\n", "was changed after the plan");
  g_clear_pointer (&second, g_free);
  second = g_build_filename (dir, "created-meanwhile", NULL);
  write_file (second, "made after the plan\n", 0600);
  assert_second_step_fails (dir, second, NULL, "was created after the plan");
}

static gboolean
set_immutable (const char *path,
               gboolean    immutable)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  int flags = 0;
  gboolean ok;

  g_assert_cmpint (fd, >=, 0);
  ok = ioctl (fd, FS_IOC_GETFLAGS, &flags) == 0;
  if (ok)
    {
      flags = immutable ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
      ok = ioctl (fd, FS_IOC_SETFLAGS, &flags) == 0;
    }
  close (fd);
  return ok;
}

/* The first file is already replaced when the second fails: it is put
 * back. Only an immutable file refuses root a rename, so this needs root
 * and a file system with that flag. */
static void
test_failure_part_way_puts_back_what_was_changed (void)
{
  g_autofree char *dir = make_dir ("part-way");
  g_autofree char *second = g_build_filename (dir, "second", NULL);
  g_autofree char *text = NULL;

  if (geteuid () != 0)
    {
      g_test_skip ("not root: only an immutable file makes a rename fail part-way");
      return;
    }
  write_file (second, "second, old\n", 0600);
  if (!set_immutable (second, TRUE))
    {
      g_test_skip ("this file system has no immutable files");
      return;
    }

  assert_second_step_fails (dir, second, "second, old\n", "cannot be replaced");
  g_assert_true (set_immutable (second, FALSE));
  text = read_file (second);
  g_assert_cmpstr (text, ==, "second, old\n");
}

/* ---- Targets: msmtp and the refusals they share ------------------------ */

static BdExportAccount *
new_account (gboolean proven)
{
  g_autoptr(BdAddress) address = bd_address_parse (ALICE, NULL);
  g_autoptr(BdServer) smtp = bd_server_new (BD_PROTOCOL_SMTP, "smtp.example.com", 587,
                                            BD_SECURITY_STARTTLS, ALICE);
  g_autoptr(BdServer) imap = bd_server_new (BD_PROTOCOL_IMAP, "imap.example.com", 993,
                                            BD_SECURITY_TLS, ALICE);
  BdExportAccount *account = bd_export_account_new (address);

  bd_export_account_set_server (account, imap, proven, NULL, NULL);
  bd_export_account_set_server (account, smtp, proven, NULL, NULL);
  return account;
}

static BdExportPlan *
plan_msmtp (BdExportAccount  *account,
            BdExportFlags     flags,
            GError          **error)
{
  g_autoptr(BdExportTarget) target = bd_export_target_new_for_id ("msmtp");
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_true (BD_IS_EXPORT_MSMTP (target));
  bd_export_target_plan_async (target, account, flags, NULL, bd_test_got_result_cb, &slot);
  result = bd_test_wait_for_result (&slot, 10000);
  return bd_export_target_plan_finish (target, result, error);
}

static void
remove_msmtp_files (void)
{
  g_autofree char *msmtprc = g_build_filename (g_get_home_dir (), ".msmtprc", NULL);
  g_autofree char *config = g_build_filename (g_get_user_config_dir (), "msmtp", "config", NULL);

  g_remove (msmtprc);
  g_remove (config);
}

static const char *
plan_file_text (BdExportPlan *plan)
{
  GPtrArray *steps = bd_export_plan_get_steps (plan);

  for (guint i = 0; i < steps->len; i++)
    {
      BdExportStep *step = g_ptr_array_index (steps, i);

      if (step->kind == BD_EXPORT_STEP_FILE)
        return step->text;
    }
  g_assert_not_reached ();
}

static void
test_registry_lists_msmtp (void)
{
  g_autoptr(GPtrArray) targets = bd_export_targets_new_all ();
  g_autofree char *ids = bd_export_target_dup_ids ();
  g_auto(GStrv) id_list = g_strsplit (ids, "|", -1);

  g_assert_cmpuint (targets->len, ==, g_strv_length (id_list));
  g_assert_true (g_strv_contains ((const char * const *) id_list, "msmtp"));
  for (guint i = 0; i < targets->len; i++)
    g_assert_cmpstr (bd_export_target_get_id (g_ptr_array_index (targets, i)), ==, id_list[i]);
  g_assert_null (bd_export_target_new_for_id ("no-such-program"));
}

static void
test_unproven_server_is_refused_without_the_flag (void)
{
  g_autoptr(BdExportAccount) account = new_account (FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdExportPlan) refused = NULL;
  g_autoptr(BdExportPlan) allowed = NULL;

  remove_msmtp_files ();
  refused = plan_msmtp (account, BD_EXPORT_FLAGS_NONE, &error);
  g_assert_null (refused);
  g_assert_error (error, BD_ERROR, BD_ERROR_EXPORT_NOT_PROVEN);
  g_assert_nonnull (strstr (error->message, "smtp.example.com"));
  g_clear_error (&error);

  allowed = plan_msmtp (account, BD_EXPORT_ALLOW_UNPROVEN, &error);
  g_assert_no_error (error);
  g_assert_nonnull (allowed);
}

static void
test_browser_login_account_is_refused (void)
{
  g_autoptr(BdExportAccount) account = new_account (TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdExportPlan) plan = NULL;

  remove_msmtp_files ();
  bd_export_account_set_browser_login (account, TRUE);
  plan = plan_msmtp (account, BD_EXPORT_ALLOW_UNPROVEN | BD_EXPORT_ALLOW_ANY_CERTIFICATE, &error);
  g_assert_null (plan);
  g_assert_error (error, BD_ERROR, BD_ERROR_EXPORT_BROWSER_LOGIN_REQUIRED);
}

static void
test_account_without_outgoing_server_is_refused (void)
{
  g_autoptr(BdAddress) address = bd_address_parse (ALICE, NULL);
  g_autoptr(BdExportAccount) account = bd_export_account_new (address);
  g_autoptr(BdServer) imap = bd_server_new (BD_PROTOCOL_IMAP, "imap.example.com", 993,
                                            BD_SECURITY_TLS, ALICE);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdExportPlan) plan = NULL;

  bd_export_account_set_server (account, imap, TRUE, NULL, NULL);
  plan = plan_msmtp (account, BD_EXPORT_FLAGS_NONE, &error);
  g_assert_null (plan);
  g_assert_error (error, BD_ERROR, BD_ERROR_EXPORT_NOT_SUPPORTED);
}

static void
test_msmtp_block_names_the_keyring_item_and_no_password (void)
{
  g_autoptr(BdExportAccount) account = new_account (TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdExportPlan) plan = NULL;
  g_autofree char *xdg = g_build_filename (g_get_user_config_dir (), "msmtp", "config", NULL);
  GPtrArray *steps;
  BdExportStep *keyring, *file;

  remove_msmtp_files ();
  plan = plan_msmtp (account, BD_EXPORT_FLAGS_NONE, &error);
  g_assert_no_error (error);
  steps = bd_export_plan_get_steps (plan);
  g_assert_cmpuint (steps->len, ==, 2);
  keyring = g_ptr_array_index (steps, 0);
  file = g_ptr_array_index (steps, 1);

  g_assert_cmpint (keyring->kind, ==, BD_EXPORT_STEP_KEYRING);
  g_assert_true (keyring->server == bd_export_account_get_outgoing (account));
  g_assert_cmpint (file->kind, ==, BD_EXPORT_STEP_FILE);
  /* No ~/.msmtprc: msmtp reads $XDG_CONFIG_HOME/msmtp/config. */
  g_assert_cmpstr (file->path, ==, xdg);
  g_assert_null (file->old_text);
  g_assert_cmpuint (file->mode, ==, 0600);
  g_assert_cmpstr (file->text, ==,
                   "# BEGIN brevduva alice@example.com\n"
                   "# Written by Brevduva; the password comes from the keyring.\n"
                   "account \"alice@example.com\"\n"
                   "host \"smtp.example.com\"\n"
                   "port \"587\"\n"
                   "tls \"on\"\n"
                   "tls_starttls \"on\"\n"
                   "tls_trust_file \"system\"\n"
                   "auth \"on\"\n"
                   "user \"alice@example.com\"\n"
                   "passwordeval \"secret-tool lookup protocol smtp server 'smtp.example.com' "
                   "user 'alice@example.com' port 587 </dev/null\"\n"
                   "from \"alice@example.com\"\n"
                   "# END brevduva alice@example.com\n");
}

static void
test_msmtp_pin_becomes_its_fingerprint (void)
{
  g_autoptr(BdExportAccount) account = new_account (TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdExportPlan) plan = NULL;
  BdServer *smtp = bd_export_account_get_outgoing (account);
  const char *pin = "sha256:00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

  remove_msmtp_files ();
  bd_export_account_set_server (account, smtp, TRUE, pin, NULL);
  bd_export_account_set_ca_file (account, "/etc/test-ca.pem");
  plan = plan_msmtp (account, BD_EXPORT_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (plan_file_text (plan),
                            "\ntls_fingerprint \"00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:"
                            "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF\"\n"));
  /* The fingerprint is the only trust msmtp then has: no CA file beside it. */
  g_assert_null (strstr (plan_file_text (plan), "tls_trust_file"));
}

static void
test_msmtp_hostile_user_name_adds_no_line_nor_command (void)
{
  g_autoptr(BdExportAccount) account = new_account (TRUE);
  BdServer *smtp = bd_export_account_get_outgoing (account);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdExportPlan) plan = NULL;

  remove_msmtp_files ();
  bd_server_set_username (smtp, "a\"b' $(touch /tmp/owned); `id`");
  plan = plan_msmtp (account, BD_EXPORT_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (plan_file_text (plan), "\nuser \"a\"b' $(touch /tmp/owned); `id`\"\n"));
  g_assert_nonnull (strstr (plan_file_text (plan),
                            " user 'a\"b'\\'' $(touch /tmp/owned); `id`' port 587 </dev/null\"\n"));
  g_clear_object (&plan);

  bd_server_set_username (smtp, "alice\npasswordeval \"cat /etc/shadow\"");
  plan = plan_msmtp (account, BD_EXPORT_FLAGS_NONE, &error);
  g_assert_null (plan);
  g_assert_error (error, BD_ERROR, BD_ERROR_EXPORT_NOT_SUPPORTED);
}

static void
test_msmtp_uses_msmtprc_when_it_exists_and_keeps_it (void)
{
  g_autoptr(BdExportAccount) account = new_account (TRUE);
  g_autofree char *msmtprc = g_build_filename (g_get_home_dir (), ".msmtprc", NULL);
  const char *old_text = "defaults\nlogfile ~/.msmtp.log\n\naccount work\nhost smtp.work.example\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(BdExportPlan) plan = NULL;
  BdExportStep *file;

  remove_msmtp_files ();
  write_file (msmtprc, old_text, 0600);
  plan = plan_msmtp (account, BD_EXPORT_FLAGS_NONE, &error);
  g_assert_no_error (error);
  file = g_ptr_array_index (bd_export_plan_get_steps (plan), 1);
  g_assert_cmpstr (file->path, ==, msmtprc);
  g_assert_cmpstr (file->old_text, ==, old_text);
  g_assert_true (g_str_has_prefix (file->text, old_text));
  g_clear_object (&plan);

  /* The address set up by hand: refused, and the file says where. */
  write_file (msmtprc, "account alice@example.com\nhost smtp.example.com\n", 0600);
  plan = plan_msmtp (account, BD_EXPORT_FLAGS_NONE, &error);
  g_assert_null (plan);
  g_assert_error (error, BD_ERROR, BD_ERROR_EXPORT_ALREADY_CONFIGURED);
  g_assert_nonnull (strstr (error->message, "line 1"));
  remove_msmtp_files ();
}

static void
test_apply_without_password_changes_nothing (void)
{
  g_autoptr(BdExportAccount) account = new_account (TRUE);
  g_autoptr(BdExportTarget) target = bd_export_msmtp_new ();
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdExportPlan) plan = NULL;
  BdExportStep *file;

  remove_msmtp_files ();
  plan = plan_msmtp (account, BD_EXPORT_FLAGS_NONE, &error);
  g_assert_no_error (error);
  bd_export_target_apply_async (target, plan, NULL, NULL, bd_test_got_result_cb, &slot);
  result = bd_test_wait_for_result (&slot, 10000);
  g_assert_false (bd_export_target_apply_finish (target, result, &error));
  g_assert_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "No file was changed."));
  file = g_ptr_array_index (bd_export_plan_get_steps (plan), 1);
  g_assert_false (file->done);
  g_assert_false (g_file_test (file->path, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = NULL;
  g_autofree char *config = NULL;
  int status;

  /* Before GLib reads them: the targets write under HOME and XDG. */
  test_root = g_dir_make_tmp ("bd-test-export-XXXXXX", NULL);
  g_assert_nonnull (test_root);
  home = g_build_filename (test_root, "home", NULL);
  config = g_build_filename (home, ".config", NULL);
  g_mkdir_with_parents (config, 0700);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export-files/block/makes-a-new-file", test_block_makes_a_new_file);
  g_test_add_func ("/export-files/block/is-appended-after-what-is-there",
                   test_block_is_appended_after_what_is_there);
  g_test_add_func ("/export-files/block/own-block-is-replaced-and-nothing-else",
                   test_own_block_is_replaced_and_nothing_else);
  g_test_add_func ("/export-files/block/address-configured-outside-is-refused",
                   test_address_configured_outside_is_refused);
  g_test_add_func ("/export-files/block/longer-addresses-are-other-accounts",
                   test_longer_addresses_are_other_accounts);
  g_test_add_func ("/export-files/block/two-addresses-have-blocks-side-by-side",
                   test_two_addresses_have_blocks_side_by_side);
  g_test_add_func ("/export-files/block/crlf-and-missing-last-line-end-are-kept",
                   test_crlf_and_missing_last_line_end_are_kept);
  g_test_add_func ("/export-files/apply/files-are-written-with-backup-and-mode",
                   test_files_are_written_with_backup_and_mode);
  g_test_add_func ("/export-files/apply/path-that-is-a-folder-changes-nothing",
                   test_path_that_is_a_folder_changes_nothing);
  g_test_add_func ("/export-files/apply/folder-that-cannot-be-made-changes-nothing",
                   test_folder_that_cannot_be_made_changes_nothing);
  g_test_add_func ("/export-files/apply/file-that-cannot-be-written-changes-nothing",
                   test_file_that_cannot_be_written_changes_nothing);
  g_test_add_func ("/export-files/apply/file-changed-since-the-plan-changes-nothing",
                   test_file_changed_since_the_plan_changes_nothing);
  g_test_add_func ("/export-files/apply/failure-part-way-puts-back-what-was-changed",
                   test_failure_part_way_puts_back_what_was_changed);
  g_test_add_func ("/export-files/target/registry-lists-msmtp", test_registry_lists_msmtp);
  g_test_add_func ("/export-files/target/unproven-server-is-refused-without-the-flag",
                   test_unproven_server_is_refused_without_the_flag);
  g_test_add_func ("/export-files/target/browser-login-account-is-refused",
                   test_browser_login_account_is_refused);
  g_test_add_func ("/export-files/target/account-without-outgoing-server-is-refused",
                   test_account_without_outgoing_server_is_refused);
  g_test_add_func ("/export-files/target/apply-without-password-changes-nothing",
                   test_apply_without_password_changes_nothing);
  g_test_add_func ("/export-files/msmtp/block-names-the-keyring-item-and-no-password",
                   test_msmtp_block_names_the_keyring_item_and_no_password);
  g_test_add_func ("/export-files/msmtp/pin-becomes-its-fingerprint",
                   test_msmtp_pin_becomes_its_fingerprint);
  g_test_add_func ("/export-files/msmtp/hostile-user-name-adds-no-line-nor-command",
                   test_msmtp_hostile_user_name_adds_no_line_nor_command);
  g_test_add_func ("/export-files/msmtp/uses-msmtprc-when-it-exists-and-keeps-it",
                   test_msmtp_uses_msmtprc_when_it_exists_and_keeps_it);

  status = g_test_run ();
  bd_test_remove_dir (test_root);
  g_free (test_root);
  return status;
}
