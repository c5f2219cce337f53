/* test-export.c: the last page hands the account to the mail programs (issue 12 §5), under Xvfb
 *
 * The real window, with its real session, under tests/ui/run-ui: a private
 * display, a private session bus with an unlocked gnome-keyring-daemon, and
 * HOME and the XDG folders in a temporary folder (keyring-session), so that
 * what msmtp's target writes lands there and nothing of the user's is
 * touched. The servers are scripted ones on loopback (tests/servers) with
 * certificates from a test CA, which the session is given as a CA file, so
 * that msmtp's block trusts that CA.
 *
 * The programs listed are the real targets that are available here
 * (msmtp is installed); the question about a certificate that a program
 * cannot keep is asked of a target made for the test, which cannot keep
 * one, because whether a real one can is that target's business and may
 * change.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <adwaita.h>

#include "bd-application.h"
#include "bd-done-page.h"
#include "bd-error.h"
#include "bd-export-row.h"
#include "bd-window.h"
#include "ui-test-util.h"

#define USER "alice@example.test"
#define PASSWORD "s3cret horse"

static const char loopback_document[] =
  "<?xml version=\"1.0\"?>\n"
  "<clientConfig version=\"1.1\">\n"
  "  <emailProvider id=\"example.test\">\n"
  "    <domain>example.test</domain>\n"
  "    <displayName>Loopback Mail</displayName>\n"
  "    <incomingServer type=\"imap\">\n"
  "      <hostname>localhost</hostname><port>%u</port><socketType>SSL</socketType>\n"
  "      <username>%%EMAILADDRESS%%</username>\n"
  "      <authentication>password-cleartext</authentication>\n"
  "    </incomingServer>\n"
  "    <outgoingServer type=\"smtp\">\n"
  "      <hostname>localhost</hostname><port>%u</port><socketType>STARTTLS</socketType>\n"
  "      <username>%%EMAILADDRESS%%</username>\n"
  "      <authentication>password-cleartext</authentication>\n"
  "    </outgoingServer>\n"
  "  </emailProvider>\n"
  "</clientConfig>\n";

/* A program that cannot keep one trusted certificate. */

#define TEST_TYPE_CERTLESS_TARGET (test_certless_target_get_type ())
G_DECLARE_FINAL_TYPE (TestCertlessTarget, test_certless_target, TEST, CERTLESS_TARGET,
                      BdExportTarget)

struct _TestCertlessTarget
{
  BdExportTarget parent_instance;
};

G_DEFINE_FINAL_TYPE (TestCertlessTarget, test_certless_target, BD_TYPE_EXPORT_TARGET)

#define CERTLESS_WARNING "Certless Mail will accept any certificate for localhost."

static gint certless_applied;

static gboolean
certless_is_available (BdExportTarget *target)
{
  return TRUE;
}

static BdExportPlan *
certless_plan (BdExportTarget   *target,
               BdExportAccount  *account,
               BdExportFlags     flags,
               GCancellable     *cancellable,
               GError          **error)
{
  BdExportPlan *plan;
  BdServer *incoming = bd_export_account_get_incoming (account);

  if (bd_export_account_get_pin (account, incoming) != NULL &&
      !(flags & BD_EXPORT_ALLOW_ANY_CERTIFICATE))
    {
      g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_CERTIFICATE_NOT_EXPRESSIBLE,
                   "Certless Mail cannot trust one certificate.");
      return NULL;
    }
  plan = bd_export_plan_new ("certless");
  if (flags & BD_EXPORT_ALLOW_ANY_CERTIFICATE)
    bd_export_plan_add_warning (plan, CERTLESS_WARNING);
  return plan;
}

static gboolean
certless_apply (BdExportTarget  *target,
                BdExportPlan    *plan,
                const char      *password,
                GCancellable    *cancellable,
                GError         **error)
{
  g_assert_cmpstr (password, ==, PASSWORD);
  g_atomic_int_inc (&certless_applied);
  return TRUE;
}

static void
test_certless_target_class_init (TestCertlessTargetClass *klass)
{
  BdExportTargetClass *target_class = BD_EXPORT_TARGET_CLASS (klass);

  target_class->id = "certless";
  target_class->name = "Certless Mail";
  target_class->is_available = certless_is_available;
  target_class->plan = certless_plan;
  target_class->apply = certless_apply;
}

static void
test_certless_target_init (TestCertlessTarget *self)
{
}

/* GNOME Online Accounts, as the session knows it: by its id. */

#define TEST_TYPE_FAKE_GOA (test_fake_goa_get_type ())
G_DECLARE_FINAL_TYPE (TestFakeGoa, test_fake_goa, TEST, FAKE_GOA, BdExportTarget)

struct _TestFakeGoa
{
  BdExportTarget parent_instance;
};

G_DEFINE_FINAL_TYPE (TestFakeGoa, test_fake_goa, BD_TYPE_EXPORT_TARGET)

static void
test_fake_goa_class_init (TestFakeGoaClass *klass)
{
  BdExportTargetClass *target_class = BD_EXPORT_TARGET_CLASS (klass);

  target_class->id = "goa";
  target_class->name = "Fake Accounts";
  target_class->is_available = certless_is_available;
}

static void
test_fake_goa_init (TestFakeGoa *self)
{
}

/* The fixture. */

typedef struct
{
  BdApplication *app;
  BdWindow *window;
  BdSetupSession *session;
  BdTestServer *imap;
  BdTestServer *smtp;
} Fixture;

static char *
msmtp_xdg_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "msmtp", "config", NULL);
}

static char *
msmtprc_path (void)
{
  return g_build_filename (g_get_home_dir (), ".msmtprc", NULL);
}

/* Every file msmtp's target may have written, and its backups, gone. */
static void
remove_msmtp_files (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "msmtp", NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autoptr(GDir) home = g_dir_open (g_get_home_dir (), 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_no_errno (g_unlink (path));
    }
  while (home != NULL && (name = g_dir_read_name (home)) != NULL)
    if (g_str_has_prefix (name, ".msmtprc"))
      {
        g_autofree char *path = g_build_filename (g_get_home_dir (), name, NULL);

        g_assert_no_errno (g_unlink (path));
      }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  /* The test's own HOME, never the person's. */
  g_assert_nonnull (g_getenv ("BD_KEYRING_SESSION_DIR"));
  g_assert_true (g_str_has_prefix (g_get_home_dir (), g_getenv ("BD_KEYRING_SESSION_DIR")));
  remove_msmtp_files ();

  ui_open_assistant (TRUE, &fixture->app, &fixture->window, &fixture->session);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  ui_close_assistant (&fixture->app, &fixture->window);
  g_clear_pointer (&fixture->imap, bd_test_server_stop);
  g_clear_pointer (&fixture->smtp, bd_test_server_stop);
  remove_msmtp_files ();
}

static void
start_servers (Fixture    *fixture,
               const char *imap_cert)
{
  g_autoptr(BdProviderDb) db = bd_provider_db_new ();
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *ca = bd_test_certs_path ("ca.crt");

  fixture->imap = bd_test_server_start_as ("imap", "implicit", imap_cert, USER, PASSWORD, NULL);
  fixture->smtp = bd_test_server_start_as ("smtp", "starttls", "good", USER, PASSWORD, NULL);
  text = g_strdup_printf (loopback_document, bd_test_server_get_port (fixture->imap),
                          bd_test_server_get_port (fixture->smtp));
  document = g_bytes_new (text, strlen (text));
  g_assert_true (bd_provider_db_add_document (db, "test:example.test", document, &error));
  g_assert_no_error (error);
  bd_setup_session_set_provider_db (fixture->session, db);
  g_assert_true (bd_setup_session_set_ca_file (fixture->session, ca, &error));
  g_assert_no_error (error);
}

static gboolean
on_servers (gpointer data)
{
  return bd_setup_session_get_page (data) == BD_SETUP_PAGE_SERVERS;
}

static gboolean
can_continue (gpointer data)
{
  return bd_setup_session_get_can_continue (data);
}

static gboolean
stored_or_failed (gpointer data)
{
  BdStoreState state = bd_setup_session_get_store_state (data);

  return state == BD_STORE_STATE_STORED || state == BD_STORE_STATE_FAILED;
}

static void
go_to_servers (Fixture *fixture)
{
  bd_setup_session_set_name (fixture->session, "Alice Example");
  bd_setup_session_set_address_text (fixture->session, USER);
  bd_setup_session_set_password (fixture->session, PASSWORD);
  g_assert_true (bd_setup_session_go_forward (fixture->session));
  bd_test_wait_until (on_servers, fixture->session, 15000);
}

/* Through the servers, proven with the password, to the last page. */
static GtkWidget *
go_to_done (Fixture *fixture)
{
  bd_test_wait_until (can_continue, fixture->session, 20000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "setup.continue",
                                             NULL));
  g_assert_cmpint (bd_setup_session_get_page (fixture->session), ==, BD_SETUP_PAGE_DONE);
  bd_test_wait_until (stored_or_failed, fixture->session, 10000);
  g_assert_cmpint (bd_setup_session_get_store_state (fixture->session), ==,
                   BD_STORE_STATE_STORED);
  bd_test_spin (50);
  g_assert_true (BD_IS_DONE_PAGE (bd_window_get_visible_page (fixture->window)));
  return bd_window_get_visible_page (fixture->window);
}

static BdExportRow *
find_row (GtkWidget  *page,
          const char *id)
{
  GtkWidget *row;

  for (guint i = 0; (row = ui_find_widget (page, BD_TYPE_EXPORT_ROW, i)) != NULL; i++)
    if (g_strcmp0 (bd_export_choice_get_id (bd_export_row_get_choice (BD_EXPORT_ROW (row))),
                   id) == 0)
      return BD_EXPORT_ROW (row);
  return NULL;
}

static gboolean
choice_settled (gpointer data)
{
  BdExportState state = bd_export_choice_get_state (data);

  return state != BD_EXPORT_STATE_IDLE && state != BD_EXPORT_STATE_WORKING;
}

/* Presses the row's button, as the person would, and waits for the end. */
static void
press_add (BdExportRow *row)
{
  GtkWidget *button = bd_export_row_get_button (row);

  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  bd_test_wait_until (choice_settled, bd_export_row_get_choice (row), 20000);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

/* Every available program, in the engine's order but GNOME Online
 * Accounts first, one row each, with a button that names it. */
static void
test_done_page_lists_available_programs (Fixture       *fixture,
                                         gconstpointer  user_data)
{
  g_autoptr(GPtrArray) targets = bd_export_targets_new_all ();
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  GtkWidget *page;
  GtkWidget *row;
  guint n = 0;

  for (guint i = 0; i < targets->len; i++)
    {
      BdExportTarget *target = g_ptr_array_index (targets, i);

      if (!bd_export_target_is_available (target))
        continue;
      if (g_str_equal (bd_export_target_get_id (target), "goa"))
        g_ptr_array_insert (expected, 0, (gpointer) bd_export_target_get_id (target));
      else
        g_ptr_array_add (expected, (gpointer) bd_export_target_get_id (target));
    }
  /* msmtp is installed here: it is always offered. */
  g_assert_true (g_ptr_array_find_with_equal_func (expected, "msmtp", g_str_equal, NULL));

  start_servers (fixture, "good");
  go_to_servers (fixture);
  page = go_to_done (fixture);

  for (n = 0; (row = ui_find_widget (page, BD_TYPE_EXPORT_ROW, n)) != NULL; n++)
    {
      BdExportChoice *choice = bd_export_row_get_choice (BD_EXPORT_ROW (row));
      g_autofree char *label = g_strdup_printf ("Add to %s", bd_export_choice_get_name (choice));

      g_assert_cmpuint (n, <, expected->len);
      g_assert_cmpstr (bd_export_choice_get_id (choice), ==, g_ptr_array_index (expected, n));
      g_assert_cmpint (bd_export_choice_get_state (choice), ==, BD_EXPORT_STATE_IDLE);
      g_assert_true (gtk_widget_get_visible (row));
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (bd_export_row_get_button (
                                             BD_EXPORT_ROW (row))),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL, label);
      /* Before anything is done, the row says what the program does. */
      g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                       bd_export_choice_get_description (choice));
    }
  g_assert_cmpuint (n, ==, expected->len);
  /* Copy Settings stays. */
  g_assert_nonnull (ui_find_button_by_action (page, "setup.copy-settings"));
  /* What to Do Next no longer says that every program finds the password
   * in the keyring. */
  g_assert_null (ui_find_label (page, "Open your mail program, such as Evolution, Thunderbird "
                                      "or Geary, and add the account with these settings. "
                                      "Programs that use the keyring find the password there; "
                                      "others ask for it once."));
}

static char *
secret_lookup (const char *protocol,
               guint16     port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) lookup = NULL;
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  char *stored = NULL;

  lookup = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                             "secret-tool", "lookup", "protocol", protocol, "server", "localhost",
                             "user", USER, "port", port_text, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (lookup, NULL, NULL, &stored, NULL, &error));
  g_assert_no_error (error);
  return stored;
}

/* "Add to msmtp": the block in msmtp's file, with no password in it, the
 * password in the keyring where its command looks, ✓ and the result on
 * the row and to a screen reader. */
static void
test_add_to_msmtp_writes_its_config (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  g_autofree char *path = msmtp_xdg_path ();
  g_autofree char *rc = msmtprc_path ();
  g_autofree char *text = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *ca = bd_test_certs_path ("ca.crt");
  BdExportChoice *choice;
  BdExportRow *row;
  GtkWidget *page;
  struct stat st;

  start_servers (fixture, "good");
  go_to_servers (fixture);
  page = go_to_done (fixture);
  row = find_row (page, "msmtp");
  g_assert_nonnull (row);
  choice = bd_export_row_get_choice (row);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  press_add (row);
  g_assert_cmpstr (bd_export_choice_get_message (choice), !=, NULL);
  g_test_message ("msmtp: %s", bd_export_choice_get_message (choice));
  g_assert_cmpint (bd_export_choice_get_state (choice), ==, BD_EXPORT_STATE_DONE);
  g_assert_nonnull (strstr (bd_export_choice_get_message (choice), "Added to msmtp"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   bd_export_choice_get_message (choice));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       bd_export_choice_get_message (choice));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (bd_export_row_get_button (row)),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       bd_export_choice_get_message (choice));

  /* The file msmtp reads when there is no ~/.msmtprc, for the person only. */
  g_assert_false (g_file_test (rc, G_FILE_TEST_EXISTS));
  text = read_file (path);
  g_assert_no_errno (g_stat (path, &st));
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_nonnull (strstr (text, USER));
  g_assert_nonnull (strstr (text, "secret-tool lookup"));
  g_assert_nonnull (strstr (text, ca));
  g_assert_null (strstr (text, PASSWORD));
  {
    g_autofree char *port = g_strdup_printf ("%u", bd_test_server_get_port (fixture->smtp));

    g_assert_nonnull (strstr (text, port));
  }

  /* The password is where the block's command looks for it. */
  stored = secret_lookup ("smtp", bd_test_server_get_port (fixture->smtp));
  g_assert_cmpstr (g_strstrip (stored), ==, PASSWORD);
}

/* The address already set up by hand: the exact failure on that row, and
 * nothing changed. */
static void
test_refusal_shows_on_its_row_and_changes_nothing (Fixture       *fixture,
                                                   gconstpointer  user_data)
{
  g_autofree char *rc = msmtprc_path ();
  g_autofree char *path = msmtp_xdg_path ();
  g_autofree char *after = NULL;
  const char *by_hand = "# mine\naccount " USER "\nhost smtp.example.test\nfrom " USER "\n";
  const char *message;
  BdExportChoice *choice;
  BdExportRow *row;
  GtkWidget *page;
  GtkWidget *other;

  g_assert_true (g_file_set_contents (rc, by_hand, -1, NULL));
  start_servers (fixture, "good");
  go_to_servers (fixture);
  page = go_to_done (fixture);
  row = find_row (page, "msmtp");
  choice = bd_export_row_get_choice (row);

  press_add (row);
  g_assert_cmpint (bd_export_choice_get_state (choice), ==, BD_EXPORT_STATE_FAILED);
  message = bd_export_choice_get_message (choice);
  g_test_message ("msmtp: %s", message);
  /* The engine's words, and its advice. */
  g_assert_nonnull (strstr (message, "already set up on line 2"));
  g_assert_nonnull (strstr (message, bd_error_code_get_advice (
                                       BD_ERROR_EXPORT_ALREADY_CONFIGURED)));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, message);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       message);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (bd_export_row_get_button (row))), ==,
                   "Try Again");

  /* Nothing changed: the file as it was, no other file written. */
  after = read_file (rc);
  g_assert_cmpstr (after, ==, by_hand);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  /* Only that row says so. */
  for (guint i = 0; (other = ui_find_widget (page, BD_TYPE_EXPORT_ROW, i)) != NULL; i++)
    if (other != GTK_WIDGET (row))
      g_assert_cmpint (bd_export_choice_get_state (bd_export_row_get_choice (
                         BD_EXPORT_ROW (other))), ==, BD_EXPORT_STATE_IDLE);
}

static AdwMessageDialog *
press_add_for_question (BdExportRow *row)
{
  g_signal_emit_by_name (bd_export_row_get_button (row), "clicked");
  g_test_message ("waiting for the question");
  bd_test_wait_until (ui_has_toplevel, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), 20000);
  g_assert_cmpint (bd_export_choice_get_state (bd_export_row_get_choice (row)), ==,
                   BD_EXPORT_STATE_NEEDS_DECISION);
  return ADW_MESSAGE_DIALOG (ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

/* A certificate trusted by its fingerprint, and a program that cannot keep
 * it: the person is asked, with what the program will do; Cancel hands
 * nothing over, "Accept Any Certificate" does, and only then. */
static void
test_unkeepable_pin_asks_the_person (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *pin = NULL;
  BdServerCheck *check;
  AdwMessageDialog *dialog;
  BdExportChoice *choice;
  BdExportRow *row;
  GtkWidget *page;

  start_servers (fixture, "self-signed");
  pin = bd_test_certs_sha256 ("self-signed");
  go_to_servers (fixture);
  check = g_list_model_get_item (bd_setup_session_get_incoming (fixture->session), 0);
  g_object_unref (check);
  bd_test_wait_until (ui_check_settled, check, 20000);
  g_assert_true (bd_setup_session_trust_certificate (fixture->session, check,
                                                     pin + strlen ("sha256:")));
  g_ptr_array_add (targets, g_object_new (TEST_TYPE_CERTLESS_TARGET, NULL));
  bd_setup_session_set_export_targets (fixture->session, targets);
  page = go_to_done (fixture);
  g_assert_cmpstr (bd_server_check_get_pin (bd_setup_session_get_chosen_incoming (
                     fixture->session)), ==, pin);
  row = find_row (page, "certless");
  g_assert_nonnull (row);
  choice = bd_export_row_get_choice (row);

  /* Cancel: nothing handed over, and the row says why. */
  dialog = press_add_for_question (row);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Accept Any Certificate?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Certless Mail"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), CERTLESS_WARNING));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "accept"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  ui_click_button (GTK_WIDGET (dialog), "_Cancel");
  bd_test_wait_until (ui_has_no_toplevel, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), 5000);
  g_assert_cmpint (bd_export_choice_get_state (choice), ==, BD_EXPORT_STATE_FAILED);
  g_assert_nonnull (strstr (bd_export_choice_get_message (choice),
                            "Certless Mail cannot trust one certificate."));
  g_assert_nonnull (strstr (bd_export_choice_get_message (choice), "Nothing was changed."));
  g_assert_cmpint (g_atomic_int_get (&certless_applied), ==, 0);

  /* Accept Any Certificate: handed over, with what the program will do. */
  dialog = press_add_for_question (row);
  ui_click_button (GTK_WIDGET (dialog), "_Accept Any Certificate");
  bd_test_wait_until (choice_settled, choice, 20000);
  g_assert_cmpint (bd_export_choice_get_state (choice), ==, BD_EXPORT_STATE_DONE);
  g_assert_cmpint (g_atomic_int_get (&certless_applied), ==, 1);
  g_assert_nonnull (strstr (bd_export_choice_get_message (choice), "Added to Certless Mail."));
  g_assert_nonnull (strstr (bd_export_choice_get_message (choice), CERTLESS_WARNING));
  bd_test_wait_until (ui_has_no_toplevel, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), 5000);
}

static gboolean
has_detection (gpointer data)
{
  return bd_setup_session_get_detection (data) != NULL;
}

/* A provider that takes only its own web sign-in (Outlook.com, from the
 * built-in database): GNOME Online Accounts alone, as the sign-in, and
 * without it a note that says which programs can sign in; never a
 * password-based program. Any other provider: every program, GNOME Online
 * Accounts first. */
static void
test_browser_login_offers_only_the_sign_in_and_goa_comes_first (Fixture       *fixture,
                                                                gconstpointer  user_data)
{
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) without_goa = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *label = NULL;
  GListModel *choices;
  g_autoptr(BdExportChoice) choice = NULL;

  g_ptr_array_add (targets, bd_export_target_new_for_id ("msmtp"));
  g_ptr_array_add (targets, g_object_new (TEST_TYPE_FAKE_GOA, NULL));
  bd_setup_session_set_export_targets (fixture->session, targets);
  bd_setup_session_set_address_text (fixture->session, "alice@outlook.com");
  bd_test_wait_until (has_detection, fixture->session, 10000);
  g_assert_nonnull (bd_setup_session_get_config (fixture->session));

  choices = bd_setup_session_get_export_choices (fixture->session);
  g_assert_cmpuint (g_list_model_get_n_items (choices), ==, 1);
  choice = g_list_model_get_item (choices, 0);
  g_assert_cmpstr (bd_export_choice_get_id (choice), ==, "goa");
  g_assert_true (bd_export_choice_get_sign_in (choice));
  label = bd_export_choice_dup_action_label (choice);
  g_assert_cmpstr (label, ==, "Sign In With Fake Accounts");
  g_assert_null (bd_setup_session_get_export_note (fixture->session));

  g_ptr_array_add (without_goa, bd_export_target_new_for_id ("msmtp"));
  bd_setup_session_set_export_targets (fixture->session, without_goa);
  g_assert_cmpuint (g_list_model_get_n_items (choices), ==, 0);
  g_assert_cmpstr (bd_setup_session_get_export_note (fixture->session), ==,
                   bd_error_code_get_advice (BD_ERROR_EXPORT_BROWSER_LOGIN_REQUIRED));

  /* Another provider, after starting over: the password-based program. */
  bd_setup_session_restart (fixture->session);
  g_assert_cmpuint (g_list_model_get_n_items (choices), ==, 1);
  g_assert_null (bd_setup_session_get_export_note (fixture->session));

  /* With GNOME Online Accounts there, it comes first, as "Add to …". */
  bd_setup_session_set_export_targets (fixture->session, targets);
  g_assert_cmpuint (g_list_model_get_n_items (choices), ==, 2);
  g_clear_object (&choice);
  choice = g_list_model_get_item (choices, 0);
  g_assert_cmpstr (bd_export_choice_get_id (choice), ==, "goa");
  g_assert_false (bd_export_choice_get_sign_in (choice));
  g_clear_pointer (&label, g_free);
  label = bd_export_choice_dup_action_label (choice);
  g_assert_cmpstr (label, ==, "Add to Fake Accounts");
  g_clear_object (&choice);
  choice = g_list_model_get_item (choices, 1);
  g_assert_cmpstr (bd_export_choice_get_id (choice), ==, "msmtp");
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  bd_test_certs_init ();

#define ADD(path, func) \
  g_test_add ("/ui/export/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("done-page-lists-available-programs", test_done_page_lists_available_programs);
  ADD ("add-to-msmtp-writes-its-config", test_add_to_msmtp_writes_its_config);
  ADD ("refusal-shows-on-its-row-and-changes-nothing",
       test_refusal_shows_on_its_row_and_changes_nothing);
  ADD ("unkeepable-pin-asks-the-person", test_unkeepable_pin_asks_the_person);
  ADD ("browser-login-offers-only-the-sign-in-and-goa-comes-first",
       test_browser_login_offers_only_the_sign_in_and_goa_comes_first);

  return bd_test_run_and_clean_up ();
}
