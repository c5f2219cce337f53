/* test-proxy-cause.c: the assistant behind the desktop's SOCKS proxy
 *
 * The real window, under tests/ui/run-ui-socks (run-ui beside a real
 * danted on 127.0.0.1 that refuses one destination port), with the
 * desktop's proxy setting as GNOME keeps it (org.gnome.system.proxy, a
 * SOCKS host and port) and GIO's GNOME proxy resolver, which is how the
 * assistant finds the proxy on a GNOME desktop (issue 13 §4, §7):
 *
 *  - unreachable: the setting names a port of 127.0.0.1 where nothing
 *    listens. Every server fails at the proxy, the same way: the page says
 *    the proxy's failure once, above the rows, with what to do, and each
 *    row only that it was not tried. Both for the servers found for an
 *    address (by the built-in database alone: nothing is looked up) and for
 *    an existing account's servers typed on their own page;
 *  - working: an existing account's server, a scripted IMAP server on
 *    loopback, logs in through danted, whose log shows the connection;
 *  - refused: a server at the port danted refuses fails with the proxy's
 *    refusal, named as the proxy's, on its own row.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "bd-application.h"
#include "bd-builtin-source.h"
#include "bd-error.h"
#include "bd-probe-report.h"
#include "bd-server-row.h"
#include "bd-session-page.h"
#include "bd-window.h"
#include "ui-test-util.h"

#define NOT_TRIED "Not tried: the proxy cannot be reached."

static const char proxied_document[] =
  "<?xml version=\"1.0\"?>\n"
  "<clientConfig version=\"1.1\">\n"
  "  <emailProvider id=\"example.test\">\n"
  "    <domain>example.test</domain>\n"
  "    <displayName>Behind the Proxy</displayName>\n"
  "    <incomingServer type=\"imap\">\n"
  "      <hostname>imap.example.test</hostname><port>993</port><socketType>SSL</socketType>\n"
  "      <username>%EMAILADDRESS%</username>\n"
  "      <authentication>password-cleartext</authentication>\n"
  "    </incomingServer>\n"
  "    <outgoingServer type=\"smtp\">\n"
  "      <hostname>smtp.example.test</hostname><port>465</port><socketType>SSL</socketType>\n"
  "      <username>%EMAILADDRESS%</username>\n"
  "      <authentication>password-cleartext</authentication>\n"
  "    </outgoingServer>\n"
  "  </emailProvider>\n"
  "</clientConfig>\n";

#define USER "alice@example.test"
#define PASSWORD "Proxy-lösen-13"

static guint16 closed_port_number;   /* where nothing listens */

typedef struct
{
  BdApplication *app;
  BdWindow *window;
  BdSetupSession *session;
  guint16 proxy_port;        /* the desktop's proxy setting's */
} Fixture;

/* A port of 127.0.0.1 that was free a moment ago: nothing listens there. */
static guint16
closed_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* The desktop's proxy, as GNOME Settings writes it. */
static void
set_desktop_proxy (guint16 port)
{
  g_autoptr(GSettings) proxy = g_settings_new ("org.gnome.system.proxy");
  g_autoptr(GSettings) socks = g_settings_new ("org.gnome.system.proxy.socks");
  const char *none[] = { NULL };

  g_settings_set_string (socks, "host", "127.0.0.1");
  g_settings_set_int (socks, "port", port);
  g_settings_set_strv (proxy, "ignore-hosts", none);
  g_settings_set_enum (proxy, "mode", 1 /* manual */);
}

static guint16
env_port (const char *name)
{
  const char *value = g_getenv (name);

  g_assert_nonnull (value);
  return (guint16) g_ascii_strtoull (value, NULL, 10);
}

/* danted's, from run-ui-socks. */
static guint16
socks_port (void)
{
  return env_port ("BD_TEST_SOCKS_PORT");
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(BdProviderDb) db = bd_provider_db_new ();
  g_autoptr(GBytes) document = g_bytes_new_static (proxied_document,
                                                   strlen (proxied_document));
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  fixture->proxy_port = GPOINTER_TO_UINT (user_data) != 0 ? socks_port () : closed_port_number;
  set_desktop_proxy (fixture->proxy_port);
  /* Brevduva uses the network, which is the proxy alone. */
  ui_open_assistant (FALSE, &fixture->app, &fixture->window, &fixture->session);

  /* Detection asks the built-in database alone: no name is looked up. */
  g_assert_true (bd_provider_db_add_document (db, "test:example.test", document, &error));
  g_assert_no_error (error);
  g_ptr_array_add (sources, bd_builtin_source_new (db));
  bd_setup_session_set_sources (fixture->session, sources);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  ui_close_assistant (&fixture->app, &fixture->window);
}

static gboolean
on_page (BdSetupSession *session,
         BdSetupPage     page)
{
  return bd_setup_session_get_page (session) == page;
}

static gboolean
on_servers_page (gpointer data)
{
  return on_page (data, BD_SETUP_PAGE_SERVERS);
}

static gboolean
on_existing_page (gpointer data)
{
  return on_page (data, BD_SETUP_PAGE_TEST_EXISTING);
}

static gboolean
found_diagnosed (gpointer data)
{
  return !bd_setup_session_get_testing (data) &&
         bd_setup_session_get_network_cause (data) != NULL;
}

static gboolean
existing_diagnosed (gpointer data)
{
  return !bd_setup_session_get_testing (data) &&
         bd_setup_session_get_existing_cause (data) != NULL;
}

/* @page says @cause once, on screen, above its server rows (@n_rows at
 * least: the assistant adds the usual alternatives to the found ones), each
 * of which says only that it was not tried. */
static void
assert_said_once (GtkWidget  *page,
                  const char *cause,
                  guint       n_rows)
{
  g_autofree char *proxy = g_strdup_printf ("127.0.0.1:%u", closed_port_number);
  GtkWidget *cause_label;

  g_assert_nonnull (strstr (cause, proxy));
  cause_label = ui_find_label (page, cause);
  g_assert_nonnull (cause_label);
  g_assert_true (gtk_widget_get_mapped (cause_label));
  g_assert_cmpuint (ui_count_labels_with (page, proxy, TRUE), ==, 1);
  g_assert_cmpuint (ui_count_labels_with (page, bd_error_code_get_advice (
                                            BD_ERROR_PROXY_UNREACHABLE), TRUE), ==, 1);

  ui_assert_server_rows_say (page, NOT_TRIED, n_rows);
  ui_assert_above (cause_label, ui_find_widget (page, BD_TYPE_SERVER_ROW, 0));
}

static void
test_found_servers (Fixture       *fixture,
                    gconstpointer  user_data)
{
  GtkWidget *entry;
  GtkWidget *page;

  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->window), GTK_DIR_TAB_FORWARD));
  entry = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (GTK_IS_EDITABLE (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), "alice@example.test");
  gtk_widget_activate (gtk_window_get_default_widget (GTK_WINDOW (fixture->window)));
  bd_test_wait_until (on_servers_page, fixture->session, 20000);
  bd_test_wait_until (found_diagnosed, fixture->session, 30000);
  bd_test_spin (100);

  g_assert_cmpstr (bd_setup_session_get_network_cause_advice (fixture->session), ==,
                   bd_error_code_get_advice (BD_ERROR_PROXY_UNREACHABLE));
  page = bd_window_get_visible_page (fixture->window);
  assert_said_once (page, bd_setup_session_get_network_cause (fixture->session), 2);
}

/* Opens the page for an existing account and tests @incoming_host:@port
 * (implicit TLS), with @outgoing_host if not %NULL; returns the page. */
static GtkWidget *
test_existing (Fixture    *fixture,
               const char *incoming_host,
               guint16     port,
               const char *outgoing_host,
               const char *password)
{
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  GtkWidget *page;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                             "setup.test-existing", NULL));
  bd_test_wait_until (on_existing_page, fixture->session, 15000);
  page = bd_window_get_visible_page (fixture->window);
  /* Incoming host, port and user name; then the outgoing host. */
  gtk_editable_set_text (GTK_EDITABLE (ui_find_widget (page, BD_TYPE_ENTRY_ROW, 0)),
                         incoming_host);
  gtk_editable_set_text (GTK_EDITABLE (ui_find_widget (page, BD_TYPE_ENTRY_ROW, 1)), port_text);
  gtk_editable_set_text (GTK_EDITABLE (ui_find_widget (page, BD_TYPE_ENTRY_ROW, 2)), USER);
  if (outgoing_host != NULL)
    gtk_editable_set_text (GTK_EDITABLE (ui_find_widget (page, BD_TYPE_ENTRY_ROW, 3)),
                           outgoing_host);
  if (password != NULL)
    gtk_editable_set_text (GTK_EDITABLE (ui_find_password_row (page)), password);
  gtk_widget_activate (bd_session_page_get_default_widget (BD_SESSION_PAGE (page)));
  return page;
}

static void
test_existing_servers (Fixture       *fixture,
                       gconstpointer  user_data)
{
  GtkWidget *page;

  page = test_existing (fixture, "imap.example.test", 993, "smtp.example.test", NULL);
  bd_test_wait_until (existing_diagnosed, fixture->session, 30000);
  bd_test_spin (100);

  g_assert_null (bd_setup_session_get_network_cause (fixture->session));
  assert_said_once (page, bd_setup_session_get_existing_cause (fixture->session), 2);
}

static gboolean
existing_settled (gpointer data)
{
  return !bd_setup_session_get_testing (data) &&
         g_list_model_get_n_items (bd_setup_session_get_existing (data)) > 0;
}

static BdServerCheck *
first_existing (Fixture *fixture)
{
  return g_list_model_get_item (bd_setup_session_get_existing (fixture->session), 0);
}

static char *
danted_log (void)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (g_getenv ("BD_TEST_SOCKS_LOG"), &text, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&text);
}

static void
test_working (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(BdTestServer) imap = NULL;
  g_autoptr(GBytes) ca = bd_test_certs_load ("ca.crt");
  g_autoptr(BdServerCheck) check = NULL;
  g_autofree char *destination = NULL;
  g_autofree char *log = NULL;
  GtkWidget *page;

  imap = bd_test_server_start_as ("imap", "implicit", "good", USER, PASSWORD, NULL);
  bd_setup_session_set_ca_pem (fixture->session, ca);
  page = test_existing (fixture, "localhost", bd_test_server_get_port (imap), NULL, PASSWORD);
  bd_test_wait_until (existing_settled, fixture->session, 30000);

  check = first_existing (fixture);
  g_assert_cmpint (bd_server_check_get_state (check), ==, BD_CHECK_STATE_OK);
  g_assert_cmpint (bd_probe_report_get_login (bd_server_check_get_report (check)), ==,
                   BD_PROBE_LOGIN_OK);
  g_assert_null (bd_setup_session_get_existing_cause (fixture->session));
  g_assert_cmpuint (ui_count_labels_with (page, "proxy", TRUE), ==, 0);

  /* It went through the proxy: danted made the connection. */
  destination = g_strdup_printf ("127.0.0.1.%u", bd_test_server_get_port (imap));
  log = danted_log ();
  if (g_test_verbose ())
    g_test_message ("danted: %s", log);
  g_assert_nonnull (strstr (log, destination));
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(BdServerCheck) check = NULL;
  g_autofree char *proxy = g_strdup_printf ("127.0.0.1:%u", fixture->proxy_port);
  const GError *error;
  GtkWidget *page;
  GtkWidget *row;
  const char *subtitle;

  page = test_existing (fixture, "localhost", env_port ("BD_TEST_SOCKS_BLOCKED_PORT"), NULL,
                        NULL);
  bd_test_wait_until (existing_settled, fixture->session, 30000);

  check = first_existing (fixture);
  g_assert_cmpint (bd_server_check_get_state (check), ==, BD_CHECK_STATE_FAILED);
  error = bd_probe_report_get_error (bd_server_check_get_report (check));
  g_assert_error (error, BD_ERROR, BD_ERROR_PROXY_REFUSED);
  g_assert_nonnull (strstr (error->message, proxy));
  /* The proxy's refusal of this one server is its row's, not a shared cause. */
  g_assert_null (bd_setup_session_get_existing_cause (fixture->session));
  row = ui_find_widget (page, BD_TYPE_SERVER_ROW, 0);
  subtitle = adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row));
  g_assert_nonnull (strstr (subtitle, proxy));
  g_assert_null (strstr (subtitle, "Not tried"));
}

int
main (int    argc,
      char **argv)
{
  /* GIO's GNOME proxy resolver reads org.gnome.system.proxy, as on a GNOME
   * desktop; it is chosen before GIO first looks for one. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "gnome", TRUE);
  g_setenv ("XDG_CURRENT_DESKTOP", "GNOME", TRUE);
  g_unsetenv ("all_proxy");
  g_unsetenv ("ALL_PROXY");

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  bd_test_certs_init ();
  closed_port_number = closed_port ();

#define ADD(path, func, proxy) \
  g_test_add ("/ui/proxy-cause/" path, Fixture, GUINT_TO_POINTER (proxy), fixture_set_up, \
              func, fixture_tear_down)

  ADD ("unreachable/found-servers-say-the-proxy-once", test_found_servers, FALSE);
  ADD ("unreachable/existing-servers-say-the-proxy-once", test_existing_servers, FALSE);
  ADD ("working/logs-in-through-the-proxy", test_working, TRUE);
  ADD ("refused/named-as-the-proxy-refusal", test_refused, TRUE);

  return bd_test_run_and_clean_up ();
}
