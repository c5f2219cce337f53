/* test-proxy-cause.c: the assistant behind a proxy that cannot be reached
 *
 * The real window, under tests/ui/run-ui, with the desktop's proxy setting
 * as GNOME keeps it (org.gnome.system.proxy: a SOCKS proxy at a port of
 * 127.0.0.1 where nothing listens) and GIO's GNOME proxy resolver, which is
 * how the assistant finds the proxy on a GNOME desktop. Every server then
 * fails at the proxy, the same way: the page must say the proxy's failure
 * once, above the rows, with what to do (issue 13 §2, §4), and each row
 * only that it was not tried. Both for the servers found for an address
 * (found by the built-in database alone: nothing is looked up) and for an
 * existing account's servers typed on their own page. The names are never
 * looked up here: they go to the proxy, which is not there.
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

static guint16 proxy_port;   /* where nothing listens */

typedef struct
{
  BdApplication *app;
  BdWindow *window;
  BdSetupSession *session;
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

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(BdProviderDb) db = bd_provider_db_new ();
  g_autoptr(GBytes) document = g_bytes_new_static (proxied_document,
                                                   strlen (proxied_document));
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  /* Brevduva uses the network, which is the proxy alone. */
  g_settings_set_boolean (settings, "offline", FALSE);

  fixture->app = bd_application_new ();
  ui_make_app_private (G_APPLICATION (fixture->app));
  g_assert_true (g_application_register (G_APPLICATION (fixture->app), NULL, &error));
  g_assert_no_error (error);

  fixture->window = g_object_ref_sink (bd_window_new (fixture->app));
  fixture->session = bd_window_get_session (fixture->window);
  g_assert_false (bd_setup_session_get_offline (fixture->session));

  /* Detection asks the built-in database alone: no name is looked up. */
  g_assert_true (bd_provider_db_add_document (db, "test:example.test", document, &error));
  g_assert_no_error (error);
  g_ptr_array_add (sources, bd_builtin_source_new (db));
  bd_setup_session_set_sources (fixture->session, sources);

  gtk_window_present (GTK_WINDOW (fixture->window));
  ui_wait_mapped (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->window);
  bd_test_spin (200);
  g_clear_object (&fixture->app);
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
  g_autofree char *proxy = g_strdup_printf ("127.0.0.1:%u", proxy_port);
  GtkWidget *cause_label;
  guint rows;

  g_assert_nonnull (strstr (cause, proxy));
  cause_label = ui_find_label (page, cause);
  g_assert_nonnull (cause_label);
  g_assert_true (gtk_widget_get_mapped (cause_label));
  g_assert_cmpuint (ui_count_labels_with (page, proxy, TRUE), ==, 1);
  g_assert_cmpuint (ui_count_labels_with (page, bd_error_code_get_advice (
                                            BD_ERROR_PROXY_UNREACHABLE), TRUE), ==, 1);

  rows = ui_count_widgets (page, BD_TYPE_SERVER_ROW);
  g_assert_cmpuint (rows, >=, n_rows);
  ui_assert_above (cause_label, ui_find_widget (page, BD_TYPE_SERVER_ROW, 0));
  for (guint i = 0; i < rows; i++)
    {
      GtkWidget *row = ui_find_widget (page, BD_TYPE_SERVER_ROW, i);
      const char *subtitle = adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row));

      if (g_test_verbose ())
        g_test_message ("%s: %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                        subtitle);
      g_assert_nonnull (strstr (subtitle, NOT_TRIED));
    }
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

static void
test_existing_servers (Fixture       *fixture,
                       gconstpointer  user_data)
{
  GtkWidget *page;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                             "setup.test-existing", NULL));
  bd_test_wait_until (on_existing_page, fixture->session, 15000);
  page = bd_window_get_visible_page (fixture->window);
  /* Incoming host, port and user name; then the outgoing host. */
  gtk_editable_set_text (GTK_EDITABLE (ui_find_widget (page, BD_TYPE_ENTRY_ROW, 0)),
                         "imap.example.test");
  gtk_editable_set_text (GTK_EDITABLE (ui_find_widget (page, BD_TYPE_ENTRY_ROW, 1)), "993");
  gtk_editable_set_text (GTK_EDITABLE (ui_find_widget (page, BD_TYPE_ENTRY_ROW, 2)), "alice");
  gtk_editable_set_text (GTK_EDITABLE (ui_find_widget (page, BD_TYPE_ENTRY_ROW, 3)),
                         "smtp.example.test");
  gtk_widget_activate (bd_session_page_get_default_widget (BD_SESSION_PAGE (page)));
  bd_test_wait_until (existing_diagnosed, fixture->session, 30000);
  bd_test_spin (100);

  g_assert_null (bd_setup_session_get_network_cause (fixture->session));
  assert_said_once (page, bd_setup_session_get_existing_cause (fixture->session), 2);
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
  proxy_port = closed_port ();
  set_desktop_proxy (proxy_port);

#define ADD(path, func) \
  g_test_add ("/ui/proxy-cause/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("found-servers-say-the-proxy-once", test_found_servers);
  ADD ("existing-servers-say-the-proxy-once", test_existing_servers);

  return bd_test_run_and_clean_up ();
}
