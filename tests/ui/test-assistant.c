/* test-assistant.c: the assistant's pages, driven in-process under Xvfb
 *
 * The real window, with its real session, under tests/ui/run-ui: a private
 * display and a private session bus with an unlocked gnome-keyring-daemon.
 * Detection runs offline (the GSettings key `offline`), so that gmail.com
 * is answered by the built-in database and nothing touches the network;
 * the servers that are tested are scripted ones on loopback
 * (tests/servers/mailserver.py, started by tests/lib) with certificates
 * made for the test program.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "bd-address-page.h"
#include "bd-application.h"
#include "bd-details-window.h"
#include "bd-detection-page.h"
#include "bd-error.h"
#include "bd-done-page.h"
#include "bd-existing-page.h"
#include "bd-server-row.h"
#include "bd-servers-page.h"
#include "bd-session-page.h"
#include "bd-trust-dialog.h"
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

/* A provider with a server for receiving mail and none for sending. */
static const char receiving_only_document[] =
  "<?xml version=\"1.0\"?>\n"
  "<clientConfig version=\"1.1\">\n"
  "  <emailProvider id=\"example.test\">\n"
  "    <domain>example.test</domain>\n"
  "    <displayName>Receiving Only</displayName>\n"
  "    <incomingServer type=\"imap\">\n"
  "      <hostname>localhost</hostname><port>1</port><socketType>SSL</socketType>\n"
  "      <username>%EMAILADDRESS%</username>\n"
  "      <authentication>password-cleartext</authentication>\n"
  "    </incomingServer>\n"
  "  </emailProvider>\n"
  "</clientConfig>\n";

typedef struct
{
  BdApplication *app;
  BdWindow *window;
  BdSetupSession *session;
  BdTestServer *imap;
  BdTestServer *smtp;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  /* Nothing of the tests goes to the network. */
  ui_open_assistant (TRUE, &fixture->app, &fixture->window, &fixture->session);
}

/* Scripted IMAP and SMTP servers on loopback, and a provider that points
 * at them. */
static void
start_servers_with (Fixture    *fixture,
                    const char *imap_cert)
{
  g_autoptr(BdProviderDb) db = bd_provider_db_new ();
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GBytes) ca = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  fixture->imap = bd_test_server_start_as ("imap", "implicit", imap_cert, USER, PASSWORD, NULL);
  fixture->smtp = bd_test_server_start_as ("smtp", "starttls", "good", USER, PASSWORD, NULL);

  text = g_strdup_printf (loopback_document, bd_test_server_get_port (fixture->imap),
                          bd_test_server_get_port (fixture->smtp));
  document = g_bytes_new (text, strlen (text));
  g_assert_true (bd_provider_db_add_document (db, "test:example.test", document, &error));
  g_assert_no_error (error);
  bd_setup_session_set_provider_db (fixture->session, db);

  ca = bd_test_certs_load ("ca.crt");
  bd_setup_session_set_ca_pem (fixture->session, ca);
}

static void
start_servers (Fixture *fixture)
{
  start_servers_with (fixture, "good");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  ui_close_assistant (&fixture->app, &fixture->window);
  g_clear_pointer (&fixture->imap, bd_test_server_stop);
  g_clear_pointer (&fixture->smtp, bd_test_server_stop);
}

static GtkWidget *
page (Fixture *fixture)
{
  return bd_window_get_visible_page (fixture->window);
}

static GtkWidget *
focus (Fixture *fixture)
{
  return gtk_root_get_focus (GTK_ROOT (fixture->window));
}

/* The row (or button) that holds the focus. */
static GtkWidget *
focus_owner (Fixture *fixture,
             GType    type)
{
  GtkWidget *widget = focus (fixture);

  g_assert_nonnull (widget);
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  return gtk_widget_get_ancestor (widget, type);
}

static void
type_into_focus (Fixture    *fixture,
                 const char *text)
{
  GtkWidget *widget = focus (fixture);

  g_assert_true (GTK_IS_EDITABLE (widget));
  gtk_editable_set_text (GTK_EDITABLE (widget), text);
}

/* Enter: what the window's default widget does. A button shows itself
 * pressed for a moment before it is clicked. */
static void
press_enter (Fixture *fixture)
{
  GtkWidget *widget = gtk_window_get_default_widget (GTK_WINDOW (fixture->window));

  g_assert_nonnull (widget);
  g_assert_true (gtk_widget_is_sensitive (widget));
  gtk_widget_activate_default (focus (fixture));
  bd_test_spin (400);
}

static void
tab (Fixture          *fixture,
     GtkDirectionType  direction)
{
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), direction));
}

/* As a person does from the start: the focus is on the name (issue 15), so
 * Tab once to the address, then type it. */
static void
type_address (Fixture    *fixture,
              const char *address)
{
  GtkWidget *name_row = ui_find_widget (page (fixture), BD_TYPE_ENTRY_ROW, 0);

  if (focus_owner (fixture, BD_TYPE_ENTRY_ROW) == name_row)
    tab (fixture, GTK_DIR_TAB_FORWARD);
  g_assert_true (focus_owner (fixture, BD_TYPE_ENTRY_ROW) ==
                 ui_find_widget (page (fixture), BD_TYPE_ENTRY_ROW, 1));
  type_into_focus (fixture, address);
}

typedef struct
{
  Fixture *fixture;
  BdSetupPage page;
} PageWait;

static gboolean
on_page (gpointer data)
{
  PageWait *wait = data;

  return bd_setup_session_get_page (wait->fixture->session) == wait->page;
}

static void
wait_for_page (Fixture     *fixture,
               BdSetupPage  expected)
{
  PageWait wait = { fixture, expected };

  bd_test_wait_until (on_page, &wait, 15000);
  /* The leaflet shows it, too. */
  bd_test_spin (50);
}

static gboolean
has_detection (gpointer data)
{
  return bd_setup_session_get_detection (data) != NULL;
}

static gboolean
can_continue (gpointer data)
{
  return bd_setup_session_get_can_continue (data);
}

static gboolean
not_testing (gpointer data)
{
  return !bd_setup_session_get_testing (data);
}

static gboolean
stored_or_failed (gpointer data)
{
  BdStoreState state = bd_setup_session_get_store_state (data);

  return state == BD_STORE_STATE_STORED || state == BD_STORE_STATE_FAILED;
}

static gboolean
revealed (gpointer data)
{
  return gtk_revealer_get_reveal_child (GTK_REVEALER (data));
}

/* The group that holds @title. */
static GtkWidget *
group_titled (GtkWidget  *root,
              const char *title)
{
  GtkWidget *label = ui_find_label (root, title);

  g_assert_nonnull (label);
  return gtk_widget_get_ancestor (label, ADW_TYPE_PREFERENCES_GROUP);
}

static void
test_gmail_detected_offline_shows_server_rows (Fixture       *fixture,
                                               gconstpointer  user_data)
{
  GtkWidget *continue_button;
  GtkWidget *row;
  g_autofree char *subtitle = NULL;

  g_assert_true (BD_IS_ADDRESS_PAGE (page (fixture)));
  /* The first field, the name, has the focus from the start. */
  g_assert_true (focus_owner (fixture, BD_TYPE_ENTRY_ROW) ==
                 ui_find_widget (page (fixture), BD_TYPE_ENTRY_ROW, 0));
  continue_button = gtk_window_get_default_widget (GTK_WINDOW (fixture->window));
  g_assert_false (gtk_widget_is_sensitive (continue_button));

  type_address (fixture, "alice@gmail.com");
  g_assert_true (gtk_widget_is_sensitive (continue_button));
  /* Detection runs while the person is still on the first page. */
  bd_test_wait_until (has_detection, fixture->session, 10000);
  g_assert_true (BD_IS_ADDRESS_PAGE (page (fixture)));

  press_enter (fixture);
  wait_for_page (fixture, BD_SETUP_PAGE_SERVERS);
  g_assert_true (BD_IS_SERVERS_PAGE (page (fixture)));
  g_assert_true (gtk_widget_is_ancestor (focus (fixture), page (fixture)));

  /* IMAP, POP3 and their alternatives; SMTP on two ports. */
  g_assert_cmpuint (ui_count_widgets (page (fixture), BD_TYPE_SERVER_ROW), >=, 4);
  row = ui_find_widget (page (fixture), BD_TYPE_SERVER_ROW, 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "imap.gmail.com:993");
  subtitle = g_strdup (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)));
  g_assert_nonnull (strstr (subtitle, "IMAP"));
  g_assert_nonnull (strstr (subtitle, "offline"));
  /* Gmail's notes, with links, are shown. */
  g_assert_nonnull (ui_find_label (page (fixture), "From Your Provider"));
  g_assert_true (gtk_widget_get_visible (group_titled (page (fixture), "Sending Mail")));
}

/* "Sending Mail" shows only when there is a server for it: the group
 * follows the number of the session's servers. */
static void
test_sending_group_shows_only_with_servers (Fixture       *fixture,
                                            gconstpointer  user_data)
{
  g_autoptr(BdProviderDb) db = bd_provider_db_new ();
  g_autoptr(GBytes) document = g_bytes_new_static (receiving_only_document,
                                                   sizeof receiving_only_document - 1);
  g_autoptr(GError) error = NULL;

  g_assert_true (bd_provider_db_add_document (db, "test:example.test", document, &error));
  g_assert_no_error (error);
  bd_setup_session_set_provider_db (fixture->session, db);

  type_address (fixture, USER);
  bd_test_wait_until (has_detection, fixture->session, 10000);
  press_enter (fixture);
  wait_for_page (fixture, BD_SETUP_PAGE_SERVERS);
  g_assert_nonnull (ui_find_label (page (fixture), "Receiving Only"));
  g_assert_cmpuint (g_list_model_get_n_items (bd_setup_session_get_incoming (fixture->session)),
                    >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (bd_setup_session_get_outgoing (fixture->session)),
                    ==, 0);
  g_assert_true (gtk_widget_get_visible (group_titled (page (fixture), "Receiving Mail")));
  g_assert_false (gtk_widget_get_visible (group_titled (page (fixture), "Sending Mail")));
}

static void
test_bad_address_shows_message_and_blocks_continue (Fixture       *fixture,
                                                    gconstpointer  user_data)
{
  GtkWidget *address_page = page (fixture);
  GtkWidget *revealer = ui_find_widget (address_page, GTK_TYPE_REVEALER, 0);
  GtkWidget *label;
  GtkWidget *continue_button = gtk_window_get_default_widget (GTK_WINDOW (fixture->window));

  type_address (fixture, "alice.example.com");
  g_assert_false (gtk_widget_is_sensitive (continue_button));
  bd_test_wait_until (revealed, revealer, 5000);

  label = ui_find_widget (revealer, GTK_TYPE_LABEL, 0);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "@"));
  g_assert_true (gtk_widget_has_css_class (focus_owner (fixture, BD_TYPE_ENTRY_ROW), "error"));
  g_assert_false (gtk_widget_is_sensitive (continue_button));
  g_assert_cmpint (bd_setup_session_get_page (fixture->session), ==, BD_SETUP_PAGE_ADDRESS);

  /* Corrected, the message goes and Continue comes. */
  type_into_focus (fixture, "alice@example.com");
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  g_assert_true (gtk_widget_is_sensitive (continue_button));
}

static gboolean
window_is_short (gpointer data)
{
  return gtk_widget_get_height (GTK_WIDGET (data)) <= 480;
}

static gboolean
child_revealed (gpointer data)
{
  return gtk_revealer_get_child_revealed (GTK_REVEALER (data));
}

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  guint *frames = user_data;

  (*frames)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
two_frames_drawn (gpointer data)
{
  return *(guint *) data >= 2;
}

typedef struct
{
  GtkWidget *window;
  int width;
} WindowWidth;

static gboolean
window_has_width (gpointer data)
{
  WindowWidth *want = data;

  int width = gtk_widget_get_width (want->window);

  /* The default size counts the client-side frame, the width does not. */
  return width > 0 && ABS (width - want->width) <= 16;
}

/* Issue 15, the first minute: at the default size (600 wide, as the
 * schema's window-width gives it) and at 360 px, a person who types their
 * name, Tab, the address, Tab, the password ends on a valid address page
 * with Continue in view, and Continue is the window's default. */
static void
test_first_minute_name_tab_address_tab_password (Fixture       *fixture,
                                                 gconstpointer  user_data)
{
  int width = GPOINTER_TO_INT (user_data);
  GtkWidget *continue_button = gtk_window_get_default_widget (GTK_WINDOW (fixture->window));
  WindowWidth want = { GTK_WIDGET (fixture->window), width };
  graphene_rect_t bounds;
  guint frames = 0;
  guint tick;
  int default_width = 0;
  int default_height = 0;

  /* GTK 4.8 takes no NULL here. */
  gtk_window_get_default_size (GTK_WINDOW (fixture->window), &default_width, &default_height);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, default_height);
  bd_test_wait_until (window_has_width, &want, 5000);

  g_assert_true (focus_owner (fixture, BD_TYPE_ENTRY_ROW) ==
                 ui_find_widget (page (fixture), BD_TYPE_ENTRY_ROW, 0));
  type_into_focus (fixture, "Alice Example");
  tab (fixture, GTK_DIR_TAB_FORWARD);
  type_into_focus (fixture, USER);
  tab (fixture, GTK_DIR_TAB_FORWARD);
  g_assert_true (ui_is_password_row (focus_owner (fixture, ADW_TYPE_PREFERENCES_ROW)));
  type_into_focus (fixture, PASSWORD);

  g_assert_cmpstr (bd_setup_session_get_name (fixture->session), ==, "Alice Example");
  g_assert_true (bd_setup_session_get_address_valid (fixture->session));
  g_assert_true (bd_setup_session_get_has_password (fixture->session));
  g_assert_true (gtk_widget_is_sensitive (continue_button));

  tick = gtk_widget_add_tick_callback (GTK_WIDGET (fixture->window), count_frame_cb, &frames,
                                       NULL);
  bd_test_wait_until (two_frames_drawn, &frames, 5000);
  gtk_widget_remove_tick_callback (GTK_WIDGET (fixture->window), tick);
  g_assert_true (gtk_widget_get_mapped (continue_button));
  g_assert_true (gtk_widget_compute_bounds (continue_button, GTK_WIDGET (fixture->window),
                                            &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=,
                     gtk_widget_get_width (GTK_WIDGET (fixture->window)));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=,
                     gtk_widget_get_height (GTK_WIDGET (fixture->window)));
}

/* On a short window, with the message under the address shown, Continue is
 * still in sight: it sits below the part of the page that scrolls. (Above
 * it, the message and the hint above the password took five lines in
 * Swedish, and pushed it below the window's edge.) */
static void
test_continue_stays_in_sight_on_a_short_window (Fixture       *fixture,
                                                gconstpointer  user_data)
{
  GtkWidget *revealer = ui_find_widget (page (fixture), GTK_TYPE_REVEALER, 0);
  GtkWidget *continue_button = gtk_window_get_default_widget (GTK_WINDOW (fixture->window));
  graphene_rect_t bounds;
  guint frames = 0;
  guint tick;

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 600, 420);
  bd_test_wait_until (window_is_short, fixture->window, 5000);
  type_address (fixture, "alice.example.com");
  bd_test_wait_until (child_revealed, revealer, 5000);
  /* The layout after the slide is done by the second frame from now. */
  tick = gtk_widget_add_tick_callback (GTK_WIDGET (fixture->window), count_frame_cb, &frames,
                                       NULL);
  bd_test_wait_until (two_frames_drawn, &frames, 5000);
  gtk_widget_remove_tick_callback (GTK_WIDGET (fixture->window), tick);

  g_assert_true (gtk_widget_get_mapped (continue_button));
  g_assert_true (gtk_widget_compute_bounds (continue_button, GTK_WIDGET (fixture->window),
                                            &bounds));
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=,
                     gtk_widget_get_height (GTK_WIDGET (fixture->window)));
}

static void
test_keyboard_alone_goes_through_every_page (Fixture       *fixture,
                                             gconstpointer  user_data)
{
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  GtkWidget *address_row;
  GtkWidget *name_row;
  guint name_at = G_MAXUINT, address_at = G_MAXUINT, password_at = G_MAXUINT;
  guint continue_at = G_MAXUINT;
  g_autofree char *stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) lookup = NULL;

  start_servers (fixture);

  /* Tab order on the first page: name, address, password, Continue, and
   * round again to the name. */
  name_row = focus_owner (fixture, BD_TYPE_ENTRY_ROW);
  g_assert_true (name_row == ui_find_widget (page (fixture), BD_TYPE_ENTRY_ROW, 0));
  address_row = ui_find_widget (page (fixture), BD_TYPE_ENTRY_ROW, 1);
  g_assert_true (name_row != address_row);
  gtk_widget_grab_focus (name_row);
  for (guint i = 0; i < 16; i++)
    {
      GtkWidget *row;

      tab (fixture, GTK_DIR_TAB_FORWARD);
      row = focus_owner (fixture, ADW_TYPE_PREFERENCES_ROW);
      g_ptr_array_add (order, row != NULL ? row : focus (fixture));
    }
  for (guint i = 0; i < order->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (order, i);

      if (widget == address_row)
        address_at = MIN (address_at, i);
      else if (ui_is_password_row (widget))
        password_at = MIN (password_at, i);
      else if (widget == gtk_window_get_default_widget (GTK_WINDOW (fixture->window)))
        continue_at = MIN (continue_at, i);
      else if (widget == name_row)
        name_at = MIN (name_at, i);
    }
  g_assert_cmpuint (address_at, ==, 0);
  g_assert_cmpuint (password_at, ==, 1);
  /* Continue is not focusable until the address is valid. */
  g_assert_cmpuint (continue_at, ==, G_MAXUINT);
  g_assert_cmpuint (name_at, >, password_at);
  g_assert_cmpuint (name_at, <, G_MAXUINT);

  /* Name, address and password, each reached by Tab. */
  gtk_widget_grab_focus (address_row);
  tab (fixture, GTK_DIR_TAB_BACKWARD);
  type_into_focus (fixture, "Alice Example");
  tab (fixture, GTK_DIR_TAB_FORWARD);
  g_assert_true (focus_owner (fixture, BD_TYPE_ENTRY_ROW) == address_row);
  type_into_focus (fixture, USER);
  while (!ui_is_password_row (focus_owner (fixture, ADW_TYPE_PREFERENCES_ROW)))
    tab (fixture, GTK_DIR_TAB_FORWARD);
  type_into_focus (fixture, PASSWORD);
  g_assert_true (bd_setup_session_get_has_password (fixture->session));

  /* Enter goes on; the servers are found and proven. */
  press_enter (fixture);
  wait_for_page (fixture, BD_SETUP_PAGE_SERVERS);
  g_assert_true (gtk_widget_is_ancestor (focus (fixture), page (fixture)));
  bd_test_wait_until (can_continue, fixture->session, 20000);
  g_assert_cmpint (bd_server_check_get_state (bd_setup_session_get_chosen_incoming (fixture->session)),
                   ==, BD_CHECK_STATE_OK);
  g_assert_nonnull (bd_setup_session_get_chosen_outgoing (fixture->session));

  /* Enter stores the password. */
  press_enter (fixture);
  wait_for_page (fixture, BD_SETUP_PAGE_DONE);
  g_assert_true (BD_IS_DONE_PAGE (page (fixture)));
  bd_test_wait_until (stored_or_failed, fixture->session, 10000);
  g_assert_cmpstr (bd_setup_session_get_store_error (fixture->session), ==, NULL);
  g_assert_cmpint (bd_setup_session_get_store_state (fixture->session), ==,
                   BD_STORE_STATE_STORED);
  g_assert_nonnull (ui_find_label (page (fixture), "Your Account Is Ready"));

  /* …where secret-tool finds it. */
  lookup = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                             "secret-tool", "lookup", "protocol", "imap", "server", "localhost",
                             "user", USER, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (lookup, NULL, NULL, &stored, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (g_strstrip (stored), ==, PASSWORD);

  /* The main menu's "Test an Existing Account" (Ctrl+T). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                             "setup.test-existing", NULL));
  wait_for_page (fixture, BD_SETUP_PAGE_TEST_EXISTING);
  g_assert_true (BD_IS_EXISTING_PAGE (page (fixture)));
  g_assert_true (gtk_widget_is_ancestor (focus (fixture), page (fixture)));
  while (!BD_IS_ENTRY_ROW (focus_owner (fixture, ADW_TYPE_PREFERENCES_ROW)))
    tab (fixture, GTK_DIR_TAB_FORWARD);
  type_into_focus (fixture, "localhost");
  {
    g_autofree char *port = g_strdup_printf ("%u", bd_test_server_get_port (fixture->imap));
    GtkWidget *port_row = ui_find_widget (page (fixture), BD_TYPE_ENTRY_ROW, 1);

    gtk_editable_set_text (GTK_EDITABLE (port_row), port);
  }
  press_enter (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (bd_setup_session_get_existing (fixture->session)),
                    ==, 1);
  bd_test_wait_until (not_testing, fixture->session, 20000);
  g_assert_cmpuint (ui_count_widgets (page (fixture), BD_TYPE_SERVER_ROW), ==, 1);
  {
    g_autoptr(BdServerCheck) check = g_list_model_get_item (
      bd_setup_session_get_existing (fixture->session), 0);

    /* No password on this page: the server is proven, the login not tried. */
    g_assert_cmpint (bd_server_check_get_state (check), ==, BD_CHECK_STATE_OK);
  }

  /* Alt+Left goes back the way it came. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "setup.back", NULL));
  wait_for_page (fixture, BD_SETUP_PAGE_DONE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "setup.back", NULL));
  wait_for_page (fixture, BD_SETUP_PAGE_SERVERS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "setup.back", NULL));
  wait_for_page (fixture, BD_SETUP_PAGE_ADDRESS);
  g_assert_true (BD_IS_ADDRESS_PAGE (page (fixture)));
  g_assert_false (gtk_widget_get_visible (ui_find_button_by_action (GTK_WIDGET (fixture->window),
                                                                    "setup.back")));
}

static void
test_edited_port_is_tested_again (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  GtkWidget *row;
  GtkWidget *port_row;
  GtkWidget *status_icon;
  BdServerCheck *check;
  g_autofree char *port = NULL;

  start_servers (fixture);
  type_address (fixture, USER);
  bd_setup_session_set_password (fixture->session, PASSWORD);
  press_enter (fixture);
  wait_for_page (fixture, BD_SETUP_PAGE_SERVERS);
  bd_test_wait_until (can_continue, fixture->session, 20000);

  row = ui_find_widget (page (fixture), BD_TYPE_SERVER_ROW, 0);
  check = bd_server_row_get_check (BD_SERVER_ROW (row));
  g_assert_cmpint (bd_server_check_get_state (check), ==, BD_CHECK_STATE_OK);

  /* A port where nothing listens: tested at once, and explained. */
  port_row = ui_find_widget (row, BD_TYPE_ENTRY_ROW, 1);
  gtk_editable_set_text (GTK_EDITABLE (port_row), "9");
  g_signal_emit_by_name (port_row, "apply");
  g_assert_cmpint (bd_server_check_get_state (check), ==, BD_CHECK_STATE_TESTING);
  bd_test_wait_until (not_testing, fixture->session, 20000);
  g_assert_cmpint (bd_server_check_get_state (check), ==, BD_CHECK_STATE_FAILED);
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), "refused"));
  /* The icon says so to a screen reader, too. */
  status_icon = gtk_stack_get_child_by_name (GTK_STACK (ui_find_widget (row, GTK_TYPE_STACK, 0)),
                                             "icon");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (status_icon),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Failed");
  g_assert_true (gtk_widget_has_css_class (status_icon, "error"));
  g_assert_nonnull (bd_server_check_get_advice (check));
  g_assert_false (bd_setup_session_get_can_continue (fixture->session));

  /* A port that is not a number is refused before any test. */
  gtk_editable_set_text (GTK_EDITABLE (port_row), "nine");
  g_signal_emit_by_name (port_row, "apply");
  g_assert_true (gtk_widget_has_css_class (port_row, "error"));

  /* Back to the right port: it works again. */
  port = g_strdup_printf ("%u", bd_test_server_get_port (fixture->imap));
  gtk_editable_set_text (GTK_EDITABLE (port_row), port);
  g_signal_emit_by_name (port_row, "apply");
  g_assert_false (gtk_widget_has_css_class (port_row, "error"));
  bd_test_spin (100);
  bd_test_wait_until (not_testing, fixture->session, 20000);
  g_assert_cmpint (bd_server_check_get_state (check), ==, BD_CHECK_STATE_OK);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (status_icon),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Works");
  g_assert_true (gtk_widget_has_css_class (status_icon, "success"));
  g_assert_false (gtk_widget_has_css_class (status_icon, "error"));
  bd_test_wait_until (can_continue, fixture->session, 5000);
}

static void
assert_labelled (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_labelled (child);

  /* Every text field: by a label of its own, or by the row's title (the
   * labelled-by relation libadwaita gives the row's activatable widget, the
   * entry around the text). */
  if (BD_IS_ENTRY_ROW (widget))
    {
      GtkWidget *text = bd_entry_row_get_text_widget (BD_ENTRY_ROW (widget));
      GtkWidget *entry = gtk_widget_get_parent (text);

      g_assert_true (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (widget)) == entry);
      if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (text),
                                             GTK_ACCESSIBLE_PROPERTY_LABEL) &&
          !gtk_test_accessible_has_relation (GTK_ACCESSIBLE (entry),
                                             GTK_ACCESSIBLE_RELATION_LABELLED_BY))
        g_error ("the field “%s” has no accessible label",
                 adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)));
    }
  /* Every button of ours that shows no text. */
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) == NULL &&
      gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)) != NULL &&
      (g_str_has_prefix (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "setup.") ||
       g_str_has_prefix (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "row.")))
    g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                                     GTK_ACCESSIBLE_PROPERTY_LABEL));
  if (GTK_IS_MENU_BUTTON (widget))
    g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                                     GTK_ACCESSIBLE_PROPERTY_LABEL));
}

static void
test_every_control_is_labelled (Fixture       *fixture,
                                gconstpointer  user_data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);

  /* The window starts with the first page alone; the others are made
   * when they are needed. */
  g_assert_cmpuint (ui_count_widgets (window, BD_TYPE_ADDRESS_PAGE), ==, 1);
  g_assert_cmpuint (ui_count_widgets (window, BD_TYPE_DETECTION_PAGE), ==, 0);
  g_assert_cmpuint (ui_count_widgets (window, BD_TYPE_SERVERS_PAGE), ==, 0);
  g_assert_cmpuint (ui_count_widgets (window, BD_TYPE_DONE_PAGE), ==, 0);
  g_assert_cmpuint (ui_count_widgets (window, BD_TYPE_EXISTING_PAGE), ==, 0);

  /* Every page, built; the servers page with its rows. */
  for (BdSetupPage p = BD_SETUP_PAGE_ADDRESS; p <= BD_SETUP_PAGE_TEST_EXISTING; p++)
    g_assert_true (BD_IS_SESSION_PAGE (bd_window_get_page (fixture->window, p)));
  g_assert_cmpuint (ui_count_widgets (window, BD_TYPE_SERVERS_PAGE), ==, 1);
  g_assert_true (bd_session_page_get_session (BD_SESSION_PAGE (bd_window_get_page (
    fixture->window, BD_SETUP_PAGE_DONE))) == fixture->session);
  bd_setup_session_set_address_text (fixture->session, "alice@gmail.com");
  bd_test_wait_until (has_detection, fixture->session, 10000);
  g_assert_cmpuint (ui_count_widgets (window, BD_TYPE_SERVER_ROW), >, 0);
  assert_labelled (window);
}

static AdwMessageDialog *
open_trust_dialog (GtkWidget *row)
{
  g_assert_true (gtk_widget_activate_action (row, "row.trust-certificate", NULL));
  g_test_message ("waiting for the question");
  bd_test_wait_until (ui_has_toplevel, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), 5000);
  return ADW_MESSAGE_DIALOG (ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

static gboolean
label_contains (GtkWidget  *root,
                const char *text)
{
  for (guint i = 0;; i++)
    {
      GtkWidget *label = ui_find_widget (root, GTK_TYPE_LABEL, i);

      if (label == NULL)
        return FALSE;
      if (strstr (gtk_label_get_text (GTK_LABEL (label)), text) != NULL)
        return TRUE;
    }
}

static void
test_self_signed_certificate_is_trusted_by_fingerprint (Fixture       *fixture,
                                                        gconstpointer  user_data)
{
  g_autofree char *pin = NULL;
  const char *hex;
  g_autofree char *settings = NULL;
  g_autofree char *report = NULL;
  g_autofree char *first_group = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *row;
  GtkWidget *trust_row;
  GtkWindow *details;
  BdServerCheck *check;
  BdProbeReport *probe_report;

  /* The IMAP server shows a certificate signed by itself. */
  start_servers_with (fixture, "self-signed");
  pin = bd_test_certs_sha256 ("self-signed");
  hex = pin + strlen ("sha256:");

  type_address (fixture, USER);
  bd_setup_session_set_password (fixture->session, PASSWORD);
  press_enter (fixture);
  wait_for_page (fixture, BD_SETUP_PAGE_SERVERS);

  row = ui_find_widget (page (fixture), BD_TYPE_SERVER_ROW, 0);
  check = bd_server_row_get_check (BD_SERVER_ROW (row));
  bd_test_wait_until (ui_check_settled, check, 20000);

  /* ✗, with the certificate's reason; the password was not sent. */
  g_assert_cmpint (bd_server_check_get_state (check), ==, BD_CHECK_STATE_FAILED);
  probe_report = bd_server_check_get_report (check);
  g_assert_error ((GError *) bd_probe_report_get_error (probe_report), BD_ERROR,
                  BD_ERROR_CERTIFICATE_SELF_SIGNED);
  g_assert_cmpint (bd_probe_report_get_login (probe_report), ==, BD_PROBE_LOGIN_SKIPPED);
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)),
                            "signed by itself"));
  g_assert_cmpstr (bd_server_check_get_untrusted_fingerprint (check), ==, hex);
  g_assert_false (bd_setup_session_get_can_continue (fixture->session));

  /* The details show the certificate and offer to trust it. */
  g_assert_true (gtk_widget_activate_action (row, "row.details", NULL));
  g_test_message ("waiting for the details");
  bd_test_wait_until (ui_has_toplevel, GSIZE_TO_POINTER (BD_TYPE_DETAILS_WINDOW), 5000);
  details = ui_find_toplevel (BD_TYPE_DETAILS_WINDOW);
  g_assert_nonnull (ui_find_label (GTK_WIDGET (details), hex));
  g_assert_true (gtk_widget_get_visible (ui_find_button_by_action (GTK_WIDGET (details),
                                                                   "details.trust-certificate")));
  /* Trust… there asks the same question, over the details. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (details), "details.trust-certificate",
                                             NULL));
  bd_test_wait_until (ui_has_toplevel, GSIZE_TO_POINTER (BD_TYPE_TRUST_DIALOG), 5000);
  dialog = ADW_MESSAGE_DIALOG (ui_find_toplevel (BD_TYPE_TRUST_DIALOG));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == details);
  g_assert_cmpstr (bd_trust_dialog_get_fingerprint (BD_TRUST_DIALOG (dialog)), ==, hex);
  ui_click_button (GTK_WIDGET (dialog), "_Cancel");
  bd_test_wait_until (ui_has_no_toplevel, GSIZE_TO_POINTER (BD_TYPE_TRUST_DIALOG), 5000);
  g_assert_null (bd_server_check_get_pin (check));
  gtk_window_destroy (details);

  /* The row offers it too; the question names the reason and shows the
   * fingerprint. Cancel changes nothing. */
  trust_row = NULL;
  for (guint i = 0; (trust_row = ui_find_widget (row, ADW_TYPE_ACTION_ROW, i)) != NULL; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (trust_row)),
                   "row.trust-certificate") == 0)
      break;
  g_assert_nonnull (trust_row);
  g_assert_true (gtk_widget_get_visible (trust_row));
  dialog = open_trust_dialog (row);
  /* Its own class, which holds the fingerprint it shows and the server. */
  g_assert_true (BD_IS_TRUST_DIALOG (dialog));
  g_assert_cmpstr (bd_trust_dialog_get_fingerprint (BD_TRUST_DIALOG (dialog)), ==, hex);
  g_assert_true (bd_trust_dialog_get_check (BD_TRUST_DIALOG (dialog)) == check);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Trust This Certificate?");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Trust This Certificate?");
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "trust"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "signed by itself"));
  first_group = g_strndup (hex, 4);
  g_assert_true (label_contains (adw_message_dialog_get_extra_child (dialog), first_group));
  /* The fingerprint is a block of four lines of four groups, whatever the
   * width; the certificate, which issued itself, is named once. */
  {
    g_autofree char *lower = g_ascii_strdown (hex, -1);
    g_autofree char *block = g_strdup_printf ("%.4s %.4s %.4s %.4s\n%.4s", lower, lower + 4,
                                              lower + 8, lower + 12, lower + 16);

    g_assert_true (label_contains (adw_message_dialog_get_extra_child (dialog), block));
  }
  g_assert_null (strstr (adw_message_dialog_get_body (dialog), "issued by"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  ui_click_button (GTK_WIDGET (dialog), "_Cancel");
  g_test_message ("waiting for the question to go");
  bd_test_wait_until (ui_has_no_toplevel, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), 5000);
  g_assert_null (bd_server_check_get_pin (check));
  g_assert_cmpint (bd_server_check_get_state (check), ==, BD_CHECK_STATE_FAILED);

  /* Trust: tested again with exactly that certificate, and the password. */
  dialog = open_trust_dialog (row);
  ui_click_button (GTK_WIDGET (dialog), "_Trust");
  g_assert_cmpstr (bd_server_check_get_pin (check), ==, pin);
  bd_test_wait_until (ui_check_settled, check, 20000);
  g_assert_cmpint (bd_server_check_get_state (check), ==, BD_CHECK_STATE_OK);
  probe_report = bd_server_check_get_report (check);
  g_assert_true (bd_probe_report_get_pinned (probe_report));
  g_assert_cmpint (bd_probe_report_get_login (probe_report), ==, BD_PROBE_LOGIN_OK);
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)),
                            "accepted by its fingerprint"));
  g_assert_false (gtk_widget_get_visible (trust_row));
  g_assert_true (label_contains (row, first_group));

  g_assert_true (gtk_widget_activate_action (row, "row.details", NULL));
  g_test_message ("waiting for the details");
  bd_test_wait_until (ui_has_toplevel, GSIZE_TO_POINTER (BD_TYPE_DETAILS_WINDOW), 5000);
  details = ui_find_toplevel (BD_TYPE_DETAILS_WINDOW);
  g_assert_nonnull (ui_find_label (GTK_WIDGET (details), "Accepted by its fingerprint"));
  g_assert_false (gtk_widget_get_visible (ui_find_button_by_action (GTK_WIDGET (details),
                                                                    "details.trust-certificate")));
  gtk_window_destroy (details);

  /* The pin goes with the settings and the report. */
  bd_test_wait_until (can_continue, fixture->session, 20000);
  g_assert_true (bd_setup_session_get_chosen_incoming (fixture->session) == check);
  settings = bd_setup_session_dup_settings_text (fixture->session);
  g_assert_nonnull (strstr (settings, pin));
  report = bd_setup_session_dup_report_text (fixture->session);
  g_assert_nonnull (strstr (report, pin));

  /* Another server name forgets it. */
  bd_server_set_hostname (bd_server_check_get_server (check), "127.0.0.1");
  g_assert_null (bd_server_check_get_pin (check));
}

static gboolean
existing_settled (gpointer data)
{
  GListModel *existing = bd_setup_session_get_existing (data);
  g_autoptr(BdServerCheck) check = g_list_model_get_item (existing, 0);

  return check != NULL && ui_check_settled (check);
}

static void
test_existing_account_has_its_own_password (Fixture       *fixture,
                                            gconstpointer  user_data)
{
  g_autofree char *port = NULL;
  g_autoptr(BdServerCheck) existing = NULL;
  GtkWidget *existing_page;

  start_servers (fixture);
  type_address (fixture, USER);
  bd_setup_session_set_password (fixture->session, PASSWORD);
  press_enter (fixture);
  wait_for_page (fixture, BD_SETUP_PAGE_SERVERS);
  bd_test_wait_until (can_continue, fixture->session, 20000);

  /* The existing account, with a wrong password of its own. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                             "setup.test-existing", NULL));
  wait_for_page (fixture, BD_SETUP_PAGE_TEST_EXISTING);
  existing_page = page (fixture);
  port = g_strdup_printf ("%u", bd_test_server_get_port (fixture->imap));
  gtk_editable_set_text (GTK_EDITABLE (ui_find_widget (existing_page, BD_TYPE_ENTRY_ROW, 0)),
                         "localhost");
  gtk_editable_set_text (GTK_EDITABLE (ui_find_widget (existing_page, BD_TYPE_ENTRY_ROW, 1)),
                         port);
  gtk_editable_set_text (GTK_EDITABLE (ui_find_widget (existing_page, BD_TYPE_ENTRY_ROW, 2)),
                         USER);
  gtk_editable_set_text (GTK_EDITABLE (ui_find_password_row (existing_page)),
                         "not the password");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                             "setup.run-existing", NULL));
  bd_test_wait_until (existing_settled, fixture->session, 20000);
  existing = g_list_model_get_item (bd_setup_session_get_existing (fixture->session), 0);
  g_assert_cmpint (bd_server_check_get_state (existing), ==, BD_CHECK_STATE_FAILED);
  g_assert_cmpint (bd_probe_report_get_login (bd_server_check_get_report (existing)), ==,
                   BD_PROBE_LOGIN_FAILED);

  /* The assistant's password is untouched: back on the servers, the login
   * still works. */
  g_assert_true (bd_setup_session_get_has_password (fixture->session));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "setup.back", NULL));
  wait_for_page (fixture, BD_SETUP_PAGE_SERVERS);
  bd_setup_session_test_servers (fixture->session);
  bd_test_wait_until (not_testing, fixture->session, 20000);
  bd_test_wait_until (can_continue, fixture->session, 20000);
  g_assert_cmpint (bd_probe_report_get_login (bd_server_check_get_report (
                     bd_setup_session_get_chosen_incoming (fixture->session))), ==,
                   BD_PROBE_LOGIN_OK);
}

/* The AdwActionRow of @root whose action is @action_name, or NULL. */
static GtkWidget *
find_action_row (GtkWidget  *root,
                 const char *action_name)
{
  for (guint i = 0;; i++)
    {
      GtkWidget *row = ui_find_widget (root, ADW_TYPE_ACTION_ROW, i);

      if (row == NULL)
        return NULL;
      if (g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (row)), action_name) == 0)
        return row;
    }
}

/* Issue 13 §3: the security setting swapped, both ways. A port that speaks
 * TLS from its first byte, given STARTTLS settings, and a STARTTLS port
 * given TLS settings, fail with that reason, and the row offers the other
 * setting; one activation tests the same server with it. */
typedef struct
{
  const char *server_mode;   /* the scripted IMAP server's: "implicit" or "starttls" */
  BdSecurity typed;          /* what the person chose */
  BdErrorCode code;          /* why it fails */
  const char *offer;         /* the row that corrects it */
  BdSecurity corrected;
} SwappedSecurity;

static const SwappedSecurity starttls_on_tls_port = {
  "implicit", BD_SECURITY_STARTTLS, BD_ERROR_TLS_ON_PLAINTEXT_PORT,
  "Use _TLS on This Port and Test Again", BD_SECURITY_TLS,
};

static const SwappedSecurity tls_on_starttls_port = {
  "starttls", BD_SECURITY_TLS, BD_ERROR_PLAINTEXT_ON_TLS_PORT,
  "Use _STARTTLS on This Port and Test Again", BD_SECURITY_STARTTLS,
};

static void
test_wrong_security_is_corrected_in_one_step (Fixture       *fixture,
                                              gconstpointer  user_data)
{
  const SwappedSecurity *swap = user_data;
  g_autoptr(BdTestServer) imap = NULL;
  g_autofree char *port = NULL;
  g_autoptr(BdServerCheck) check = NULL;
  g_autoptr(GBytes) ca = bd_test_certs_load ("ca.crt");
  GtkWidget *existing_page;
  GtkWidget *server_row;
  GtkWidget *correct_row;

  imap = bd_test_server_start_as ("imap", swap->server_mode, "good", USER, PASSWORD, NULL);
  bd_setup_session_set_ca_pem (fixture->session, ca);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                             "setup.test-existing", NULL));
  wait_for_page (fixture, BD_SETUP_PAGE_TEST_EXISTING);
  existing_page = page (fixture);
  /* The incoming side's second combo row is its security. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (ui_find_widget (existing_page,
                                                             ADW_TYPE_COMBO_ROW, 1)),
                              swap->typed);
  port = g_strdup_printf ("%u", bd_test_server_get_port (imap));
  gtk_editable_set_text (GTK_EDITABLE (ui_find_widget (existing_page, BD_TYPE_ENTRY_ROW, 0)),
                         "localhost");
  gtk_editable_set_text (GTK_EDITABLE (ui_find_widget (existing_page, BD_TYPE_ENTRY_ROW, 1)),
                         port);
  gtk_editable_set_text (GTK_EDITABLE (ui_find_widget (existing_page, BD_TYPE_ENTRY_ROW, 2)),
                         USER);
  gtk_editable_set_text (GTK_EDITABLE (ui_find_password_row (existing_page)), PASSWORD);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                             "setup.run-existing", NULL));
  bd_test_wait_until (existing_settled, fixture->session, 20000);
  check = g_list_model_get_item (bd_setup_session_get_existing (fixture->session), 0);
  g_assert_cmpint (bd_server_check_get_state (check), ==, BD_CHECK_STATE_FAILED);
  g_assert_error ((GError *) bd_probe_report_get_error (bd_server_check_get_report (check)),
                  BD_ERROR, swap->code);

  server_row = ui_find_widget (existing_page, BD_TYPE_SERVER_ROW, 0);
  correct_row = find_action_row (server_row, "row.correct-security");
  g_assert_nonnull (correct_row);
  g_assert_true (gtk_widget_get_visible (correct_row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (correct_row)), ==,
                   swap->offer);

  g_assert_true (gtk_widget_activate_action (server_row, "row.correct-security", NULL));
  bd_test_wait_until (not_testing, fixture->session, 20000);
  bd_test_wait_until (ui_check_settled, check, 20000);
  g_assert_cmpint (bd_server_check_get_state (check), ==, BD_CHECK_STATE_OK);
  g_assert_cmpint (bd_probe_report_get_login (bd_server_check_get_report (check)), ==,
                   BD_PROBE_LOGIN_OK);
  g_assert_cmpint (bd_server_get_security (bd_server_check_get_server (check)), ==,
                   swap->corrected);
  g_assert_false (gtk_widget_get_visible (correct_row));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  bd_test_certs_init ();

#define ADD(path, func) \
  g_test_add ("/ui/assistant/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("gmail-detected-offline-shows-server-rows", test_gmail_detected_offline_shows_server_rows);
  ADD ("sending-group-shows-only-with-servers", test_sending_group_shows_only_with_servers);
  ADD ("bad-address-shows-message-and-blocks-continue",
       test_bad_address_shows_message_and_blocks_continue);
  ADD ("continue-stays-in-sight-on-a-short-window",
       test_continue_stays_in_sight_on_a_short_window);
  ADD ("keyboard-alone-goes-through-every-page", test_keyboard_alone_goes_through_every_page);
  g_test_add ("/ui/assistant/first-minute-name-tab-address-tab-password-600", Fixture,
              GINT_TO_POINTER (600), fixture_set_up,
              test_first_minute_name_tab_address_tab_password, fixture_tear_down);
  g_test_add ("/ui/assistant/first-minute-name-tab-address-tab-password-360", Fixture,
              GINT_TO_POINTER (360), fixture_set_up,
              test_first_minute_name_tab_address_tab_password, fixture_tear_down);
  ADD ("edited-port-is-tested-again", test_edited_port_is_tested_again);
  ADD ("every-control-is-labelled", test_every_control_is_labelled);
  ADD ("self-signed-certificate-is-trusted-by-fingerprint",
       test_self_signed_certificate_is_trusted_by_fingerprint);
  ADD ("existing-account-has-its-own-password", test_existing_account_has_its_own_password);
  g_test_add ("/ui/assistant/wrong-security-is-corrected-in-one-step/starttls-on-tls-port",
              Fixture, &starttls_on_tls_port, fixture_set_up,
              test_wrong_security_is_corrected_in_one_step, fixture_tear_down);
  g_test_add ("/ui/assistant/wrong-security-is-corrected-in-one-step/tls-on-starttls-port",
              Fixture, &tls_on_starttls_port, fixture_set_up,
              test_wrong_security_is_corrected_in_one_step, fixture_tear_down);

  return bd_test_run_and_clean_up ();
}
