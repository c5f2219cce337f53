/* test-network-cause.c: the assistant on a computer that cannot look names up
 *
 * The real window, in a network namespace whose name server answers "no
 * such name" for every name (tests/ui/run-ui-netns, brevduva_test.Netns),
 * under tests/ui/run-ui. Brevduva is not offline here: it tries. gmail.com
 * is found in the built-in database, and every server's name then fails to
 * be looked up. The servers page must say why once, at the top, with what
 * to do (issue 13 §2): "This computer cannot look up names…", and each row
 * only that it was not tried; never that imap.gmail.com does not exist.
 * And detection of an unknown domain must not end in "No settings were
 * found", nor show its sources as "nothing there" (§1).
 *
 * The same, in a captive portal's namespace (every name leads to one
 * address, where a web server redirects every page to a sign-in page):
 * "Sign in to this network first", once.
 *
 * It runs only where run-ui-netns says it is in such a namespace
 * (BD_TEST_NETNS=nxdomain or portal): elsewhere it would ask the real
 * network.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "bd-application.h"
#include "bd-error.h"
#include "bd-server-row.h"
#include "bd-servers-page.h"
#include "bd-session-page.h"
#include "bd-source-row.h"
#include "bd-window.h"
#include "ui-test-util.h"

/* What the page must say, by the namespace's kind. */
typedef struct
{
  const char *kind;
  BdErrorCode code;
  const char *cause;       /* how the cause begins */
  const char *not_tried;   /* what each row says */
  const char *not_reached; /* what a detection source says; NULL: not checked */
} Expected;

static const Expected expectations[] = {
  { "nxdomain", BD_ERROR_DNS_UNAVAILABLE, "This computer cannot look up names",
    "Not tried: this computer cannot look up names.",
    "Not reached: this computer cannot look up names." },
  { "silent", BD_ERROR_DNS_UNAVAILABLE, "This computer cannot look up names",
    "Not tried: this computer cannot look up names.",
    "Not reached: this computer cannot look up names." },
  { "noroute", BD_ERROR_NETWORK_UNREACHABLE, "This computer is not connected",
    "Not tried: this computer is offline.",
    "Not reached: this computer is offline." },
  { "portal", BD_ERROR_CAPTIVE_PORTAL, "Sign in to this network first",
    "Not tried: this network wants you to sign in first.", NULL },
};

static const Expected *expected;

typedef struct
{
  BdApplication *app;
  BdWindow *window;
  BdSetupSession *session;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  /* Brevduva tries the network: the namespace's name server is all it finds. */
  ui_open_assistant (FALSE, &fixture->app, &fixture->window, &fixture->session);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  ui_close_assistant (&fixture->app, &fixture->window);
}

static gboolean
has_detection (gpointer data)
{
  return bd_setup_session_get_detection (data) != NULL;
}

static gboolean
on_servers_page (gpointer data)
{
  return bd_setup_session_get_page (data) == BD_SETUP_PAGE_SERVERS;
}

/* The tests have ended, and the cause is known. */
static gboolean
diagnosed (gpointer data)
{
  return !bd_setup_session_get_testing (data) &&
         bd_setup_session_get_network_cause (data) != NULL;
}

static void
test_says_the_cause_once (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  GtkWidget *page;
  GtkWidget *continue_button;
  GtkWidget *entry;
  GtkWidget *cause_label;
  const char *cause;
  const char *advice;

  /* As a person does: the focus is on the name; Tab to the address. */
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD));
  entry = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (GTK_IS_EDITABLE (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), "alice@gmail.com");
  /* Detection asks the network too, and its diagnosis may take its
   * deadline; the built-in database answers. */
  bd_test_wait_until (has_detection, fixture->session, 30000);
  continue_button = gtk_window_get_default_widget (GTK_WINDOW (fixture->window));
  g_assert_true (gtk_widget_is_sensitive (continue_button));
  gtk_widget_activate (continue_button);
  bd_test_wait_until (on_servers_page, fixture->session, 15000);
  bd_test_wait_until (diagnosed, fixture->session, 60000);
  bd_test_spin (100);

  page = bd_window_get_visible_page (fixture->window);
  g_assert_true (BD_IS_SERVERS_PAGE (page));

  /* The cause, in words, and what to do. */
  cause = bd_setup_session_get_network_cause (fixture->session);
  g_assert_true (g_str_has_prefix (cause, expected->cause));
  advice = bd_setup_session_get_network_cause_advice (fixture->session);
  g_assert_cmpstr (advice, ==, bd_error_code_get_advice (expected->code));

  /* Once, at the top, on screen; the advice once too. */
  cause_label = ui_find_label (page, cause);
  g_assert_nonnull (cause_label);
  g_assert_true (gtk_widget_get_mapped (cause_label));
  g_assert_cmpuint (ui_count_labels_with (page, expected->cause, TRUE), ==, 1);
  g_assert_cmpuint (ui_count_labels_with (page, advice, TRUE), ==, 1);

  /* Every server: not tried, for that cause; none is said not to exist. */
  ui_assert_server_rows_say (page, expected->not_tried, 4);
  ui_assert_above (cause_label, ui_find_widget (page, BD_TYPE_SERVER_ROW, 0));
  g_assert_cmpuint (ui_count_labels_with (page, "does not exist", FALSE), ==, 0);
  g_assert_cmpuint (ui_count_labels_with (page, "refused the connection", FALSE), ==, 0);
}

static gboolean
on_detection_page (gpointer data)
{
  return bd_setup_session_get_page (data) == BD_SETUP_PAGE_DETECTION;
}

/* Detection too: the sources that could not be asked are not "nothing
 * there", and the page does not say that no settings were found. */
static void
test_detection_is_not_nothing_there (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  GtkWidget *entry;
  GtkWidget *page;
  const GError *error;
  guint rows;
  guint unreached = 0;

  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD));
  entry = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (GTK_IS_EDITABLE (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), "alice@unknown-domain.test");
  gtk_widget_activate (gtk_window_get_default_widget (GTK_WINDOW (fixture->window)));
  bd_test_wait_until (on_detection_page, fixture->session, 15000);
  bd_test_wait_until (has_detection, fixture->session, 60000);
  bd_test_spin (100);

  error = bd_detection_get_error (bd_setup_session_get_detection (fixture->session));
  g_assert_error (error, BD_ERROR, expected->code);
  page = bd_window_get_visible_page (fixture->window);
  g_assert_cmpuint (ui_count_labels_with (page, "No settings were found", FALSE), ==, 0);
  g_assert_cmpuint (ui_count_labels_with (page, expected->cause, TRUE), >=, 1);

  rows = ui_count_widgets (page, BD_TYPE_SOURCE_ROW);
  g_assert_cmpuint (rows, >=, 3);
  for (guint i = 0; i < rows; i++)
    {
      GtkWidget *row = ui_find_widget (page, BD_TYPE_SOURCE_ROW, i);
      BdSourceProgress *progress = bd_source_row_get_progress (BD_SOURCE_ROW (row));
      const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

      if (g_test_verbose ())
        g_test_message ("%s: %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                        subtitle);
      if (bd_source_progress_get_kind (progress) == BD_SOURCE_BUILTIN)
        continue;
      g_assert_cmpint (bd_source_progress_get_state (progress), !=, BD_SOURCE_STATE_NOT_FOUND);
      if (strstr (subtitle, expected->not_reached) != NULL)
        unreached++;
    }
  g_assert_cmpuint (unreached, >=, 1);
}

static gboolean
on_existing_page (gpointer data)
{
  return bd_setup_session_get_page (data) == BD_SETUP_PAGE_TEST_EXISTING;
}

/* The tests of the existing account's servers have ended, and the cause is
 * known. */
static gboolean
existing_diagnosed (gpointer data)
{
  return !bd_setup_session_get_testing (data) &&
         bd_setup_session_get_existing_cause (data) != NULL;
}

/* The servers of an account the person already has, typed on the page that
 * tests them: the same cause, once, above their rows. */
static void
test_existing_says_the_cause_once (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  GtkWidget *page;
  GtkWidget *cause_label;
  const char *cause;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                             "setup.test-existing", NULL));
  bd_test_wait_until (on_existing_page, fixture->session, 15000);
  page = bd_window_get_visible_page (fixture->window);
  /* Incoming host, port and user name; then the outgoing host. */
  gtk_editable_set_text (GTK_EDITABLE (ui_find_widget (page, BD_TYPE_ENTRY_ROW, 0)),
                         "imap.example.com");
  gtk_editable_set_text (GTK_EDITABLE (ui_find_widget (page, BD_TYPE_ENTRY_ROW, 1)), "993");
  gtk_editable_set_text (GTK_EDITABLE (ui_find_widget (page, BD_TYPE_ENTRY_ROW, 2)), "alice");
  gtk_editable_set_text (GTK_EDITABLE (ui_find_widget (page, BD_TYPE_ENTRY_ROW, 3)),
                         "smtp.example.com");
  gtk_widget_activate (bd_session_page_get_default_widget (BD_SESSION_PAGE (page)));
  bd_test_wait_until (existing_diagnosed, fixture->session, 60000);
  bd_test_spin (100);

  cause = bd_setup_session_get_existing_cause (fixture->session);
  g_assert_true (g_str_has_prefix (cause, expected->cause));
  g_assert_cmpstr (bd_setup_session_get_existing_cause_advice (fixture->session), ==,
                   bd_error_code_get_advice (expected->code));
  /* The found servers' cause is another's. */
  g_assert_null (bd_setup_session_get_network_cause (fixture->session));

  cause_label = ui_find_label (page, cause);
  g_assert_nonnull (cause_label);
  g_assert_true (gtk_widget_get_mapped (cause_label));
  g_assert_cmpuint (ui_count_labels_with (page, expected->cause, TRUE), ==, 1);

  g_assert_cmpuint (ui_assert_server_rows_say (page, expected->not_tried, 2), ==, 2);
  ui_assert_above (cause_label, ui_find_widget (page, BD_TYPE_SERVER_ROW, 0));
  g_assert_cmpuint (ui_count_labels_with (page, "does not exist", FALSE), ==, 0);
}

static void
test_not_in_namespace (void)
{
  g_test_skip ("needs the namespace of tests/ui/run-ui-netns (it would use the network)");
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  for (gsize i = 0; i < G_N_ELEMENTS (expectations); i++)
    if (g_strcmp0 (g_getenv ("BD_TEST_NETNS"), expectations[i].kind) == 0)
      expected = &expectations[i];
  if (expected == NULL)
    {
      g_test_add_func ("/ui/network-cause/not-in-namespace", test_not_in_namespace);
      return g_test_run ();
    }

#define ADD(path, func) \
  g_test_add ("/ui/network-cause/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("says-the-cause-once", test_says_the_cause_once);
  if (expected->not_reached != NULL)
    ADD ("detection-is-not-nothing-there", test_detection_is_not_nothing_there);
  ADD ("existing-account-says-the-cause-once", test_existing_says_the_cause_once);

  return bd_test_run_and_clean_up ();
}
