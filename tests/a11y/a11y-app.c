/* a11y-app.c: the real window, in a world of loopback servers, for test-a11y.py
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bd-a11y-app [--width W] [--height H]
 *
 * The accessibility tier reads the window from outside, over AT-SPI, as a
 * screen reader does, and drives it with the keyboard alone; so this program
 * only builds the world and opens the window, and then stays out of the way.
 * It is brevduva itself (the same BdApplication and BdWindow, from the gui
 * library) with its network replaced, as tests/ui/screenshots.c does:
 *
 * - alice@example.test is known to the provider database, with scripted
 *   loopback servers (tests/servers/mailserver.py, started by tests/lib):
 *   IMAP whose certificate signs itself, so that the person is asked to
 *   trust it; SMTP submission on a loopback port where nothing listens (held
 *   bound but not listening, so every connection is refused), so that the
 *   person must correct the port to the SMTP server's real one; and SMTP
 *   that takes the connection and never answers, so that one row is still
 *   being tested when the servers page appears (until the probe's deadline,
 *   10 s). The provider's documentation link makes a row of notes.
 * - any other domain is looked up by sources that never answer, so that the
 *   detection page stays on screen until the person cancels it.
 *
 * Nothing touches the network. When the window is up it prints one line,
 * "READY imap=N smtp=N closed=N silent=N", and then runs until the window
 * is closed or it gets SIGTERM or SIGINT; then it stops its servers and
 * removes their certificates. Animations are off, so that every layout the
 * test reads is final.
 *
 * The test drives the window only by the keyboard and reads it only over
 * AT-SPI. It may also ask, one line on standard input, one JSON line back:
 *
 * - "sync": answered once GTK has handled every input event that reached
 *   the X server before the question (so that the effect of a key can be
 *   awaited without guessing a time): {"ok":true}
 * - "focus": the same, then where GTK itself has the keyboard focus, as a
 *   reference to compare AT-SPI with (GTK 4.8 does not show every focus to
 *   AT-SPI): {"window","id","type","row","label","x","y","width",
 *   "height","page_x","page_y"}, with "row" the title of the row around the
 *   focus, the bounds in the coordinates of the focus's window, and
 *   page_x/page_y where it is on the page with nothing scrolled (so that
 *   the order of two places does not depend on the scrolling between).
 * - "page": the page the session is on: {"page"}.
 *
 * These only read; nothing changes the window but the keyboard.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <gio/gunixinputstream.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "bd-application.h"
#include "bd-builtin-source.h"
#include "bd-test-mailserver.h"
#include "bd-window.h"
#include "ui-test-util.h"

#define USER "alice@example.test"
#define PASSWORD "s3cret horse"

static const char example_document[] =
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
  "    <outgoingServer type=\"smtp\">\n"
  "      <hostname>localhost</hostname><port>%u</port><socketType>SSL</socketType>\n"
  "      <username>%%EMAILADDRESS%%</username>\n"
  "      <authentication>password-cleartext</authentication>\n"
  "    </outgoingServer>\n"
  "    <documentation url=\"https://example.test/help/mail-programs\">\n"
  "      <descr lang=\"en\">Loopback Mail in other mail programs</descr>\n"
  "    </documentation>\n"
  "  </emailProvider>\n"
  "</clientConfig>\n";

/* A detection source that never answers: it ends only when cancelled. */
#define NEVER_TYPE_SOURCE (never_source_get_type ())
G_DECLARE_FINAL_TYPE (NeverSource, never_source, NEVER, SOURCE, BdSource)

struct _NeverSource
{
  BdSource parent_instance;
};

G_DEFINE_FINAL_TYPE (NeverSource, never_source, BD_TYPE_SOURCE)

/* Ends the lookup once it is cancelled. */
static gboolean
never_poll_cb (gpointer user_data)
{
  GTask *task = user_data;

  if (!g_task_return_error_if_cancelled (task))
    return G_SOURCE_CONTINUE;
  return G_SOURCE_REMOVE;
}

static void
never_source_lookup_async (BdSource            *source,
                           BdAddress           *address,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task = g_task_new (source, cancellable, callback, user_data);

  g_timeout_add_full (G_PRIORITY_DEFAULT, 50, never_poll_cb, task, g_object_unref);
}

static BdAccountConfig *
never_source_lookup_finish (BdSource      *source,
                            GAsyncResult  *result,
                            GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
never_source_class_init (NeverSourceClass *klass)
{
  BD_SOURCE_CLASS (klass)->lookup_async = never_source_lookup_async;
  BD_SOURCE_CLASS (klass)->lookup_finish = never_source_lookup_finish;
}

static void
never_source_init (NeverSource *self)
{
}

/* A loopback port that refuses every connection, for as long as the
 * returned socket lives: bound, so that nobody else takes it, but not
 * listening. */
static GSocket *
hold_closed_port (guint16 *port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                  G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  g_socket_bind (socket, any_port, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return socket;
}

/* Handles every event that reached the X server before now. */
static void
settle (void)
{
  GdkDisplay *display = gdk_display_get_default ();

  gdk_display_sync (display);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static GtkWindow *
focus_window (GtkWindow *main_window)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (gtk_widget_get_visible (l->data) && gtk_window_is_active (l->data))
      return l->data;
  return main_window;
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         double       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, (gint64) value);
}

static void
describe_focus (JsonBuilder *builder,
                GtkWindow   *main_window)
{
  GtkWindow *window = focus_window (main_window);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
  GtkWidget *row;
  GtkWidget *scrolled;
  GtkWidget *scrolled_content;
  graphene_rect_t bounds;
  graphene_rect_t in_content;
  graphene_rect_t content;
  const char *label = NULL;
  g_autofree char *id = NULL;

  json_builder_set_member_name (builder, "window");
  json_builder_add_string_value (builder, gtk_window_get_title (window));
  if (focus == NULL)
    return;
  id = g_strdup_printf ("%p", (gpointer) focus);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, G_OBJECT_TYPE_NAME (focus));
  row = gtk_widget_get_ancestor (focus, ADW_TYPE_PREFERENCES_ROW);
  if (row != NULL)
    {
      json_builder_set_member_name (builder, "row");
      json_builder_add_string_value (builder,
                                     adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
    }
  if (GTK_IS_BUTTON (focus))
    label = gtk_button_get_label (GTK_BUTTON (focus));
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, label);
  if (!gtk_widget_compute_bounds (focus, GTK_WIDGET (window), &bounds))
    return;
  add_int (builder, "x", bounds.origin.x);
  add_int (builder, "y", bounds.origin.y);
  add_int (builder, "width", bounds.size.width);
  add_int (builder, "height", bounds.size.height);

  /* Where it is on the page as laid out, whatever is scrolled: its place
   * in the scrolled content, moved to where that content begins. */
  scrolled = gtk_widget_get_ancestor (focus, GTK_TYPE_SCROLLED_WINDOW);
  scrolled_content = scrolled != NULL ? gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled))
                                      : NULL;
  /* A viewport stays put; what it holds is what scrolls. */
  if (GTK_IS_VIEWPORT (scrolled_content))
    scrolled_content = gtk_viewport_get_child (GTK_VIEWPORT (scrolled_content));
  if (scrolled_content != NULL &&
      gtk_widget_compute_bounds (focus, scrolled_content, &in_content) &&
      gtk_widget_compute_bounds (scrolled, GTK_WIDGET (window), &content))
    {
      bounds.origin.x = content.origin.x + in_content.origin.x;
      bounds.origin.y = content.origin.y + in_content.origin.y;
    }
  add_int (builder, "page_x", bounds.origin.x);
  add_int (builder, "page_y", bounds.origin.y);
}

typedef struct
{
  GDataInputStream *input;
  GtkWindow **window;
} Commands;

static void read_command (Commands *commands);

static void
command_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Commands *commands = user_data;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *line = NULL;
  g_autofree char *text = NULL;
  GtkWindow *window = *commands->window;

  line = g_data_input_stream_read_line_finish_utf8 (commands->input, result, NULL, NULL);
  if (line == NULL || window == NULL)
    return;

  settle ();
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  if (g_str_equal (line, "focus"))
    describe_focus (builder, window);
  else if (g_str_equal (line, "page"))
    {
      BdSetupSession *session = bd_window_get_session (BD_WINDOW (window));
      g_autoptr(GEnumClass) pages = g_type_class_ref (BD_TYPE_SETUP_PAGE);

      json_builder_set_member_name (builder, "page");
      json_builder_add_string_value (builder,
                                     g_enum_get_value (pages, bd_setup_session_get_page (session))->value_nick);
    }
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, g_str_equal (line, "sync") ||
                                           g_str_equal (line, "focus") ||
                                           g_str_equal (line, "page"));
  json_builder_end_object (builder);
  generator = json_generator_new ();
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
  fflush (stdout);
  read_command (commands);
}

static void
read_command (Commands *commands)
{
  g_data_input_stream_read_line_async (commands->input, G_PRIORITY_LOW, NULL, command_cb,
                                       commands);
}

static gboolean
quit_cb (gpointer user_data)
{
  GtkWindow **window = user_data;

  if (*window != NULL)
    gtk_window_destroy (*window);
  return G_SOURCE_CONTINUE;
}

int
main (int    argc,
      char **argv)
{
  const char *localedir = g_getenv ("BREVDUVA_LOCALEDIR");
  int width = 0;
  int height = 0;
  GOptionEntry entries[] = {
    { "width", 0, 0, G_OPTION_ARG_INT, &width, "The window's width (default: its own)", "W" },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, "The window's height (default: its own)", "H" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- the window, for test-a11y.py");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(BdApplication) app = NULL;
  g_autoptr(BdTestServer) imap = NULL;
  g_autoptr(BdTestServer) smtp = NULL;
  g_autoptr(BdTestServer) silent = NULL;
  const char *silent_behaviour[] = { "--behaviour=silent", NULL };
  g_autoptr(GSocket) closed = NULL;
  g_autoptr(BdProviderDb) db = NULL;
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GBytes) ca = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autofree char *text = NULL;
  guint16 imap_port, smtp_port, silent_port, closed_port = 0;
  BdSetupSession *session;
  GtkWindow *window;
  guint term_id, int_id;
  g_autoptr(GInputStream) stdin_stream = NULL;
  Commands commands;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bd-a11y-app: %s\n", error->message);
      return 2;
    }

  gtk_init ();
  adw_init ();
  /* Every layout is final as soon as it is shown: the test reads where
   * things are, never in the middle of a slide. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  /* Only the built-in database (below) and loopback servers. */
  settings = g_settings_new (APPLICATION_ID);
  g_settings_set_boolean (settings, "offline", TRUE);

  bd_test_certs_init ();
  imap = bd_test_server_start_as ("imap", "implicit", "self-signed", USER, PASSWORD, NULL);
  smtp = bd_test_server_start_as ("smtp", "starttls", "good", USER, PASSWORD, NULL);
  silent = bd_test_server_start_as ("smtp", "implicit", "good", USER, PASSWORD, silent_behaviour);
  imap_port = bd_test_server_get_port (imap);
  silent_port = bd_test_server_get_port (silent);
  smtp_port = bd_test_server_get_port (smtp);
  closed = hold_closed_port (&closed_port);

  text = g_strdup_printf (example_document, imap_port, closed_port, silent_port);
  document = g_bytes_new (text, strlen (text));
  db = bd_provider_db_new ();
  if (!bd_provider_db_add_document (db, "a11y:example.test", document, &error))
    g_error ("%s", error->message);
  ca = bd_test_certs_load ("ca.crt");

  /* The built-in database ranks first and answers at once for
   * example.test; for any other domain the others are still asking. */
  sources = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (sources, bd_builtin_source_new (db));
  g_ptr_array_add (sources, g_object_new (NEVER_TYPE_SOURCE, "kind", BD_SOURCE_ISPDB, NULL));
  g_ptr_array_add (sources, g_object_new (NEVER_TYPE_SOURCE, "kind", BD_SOURCE_AUTOCONFIG, NULL));
  g_ptr_array_add (sources, g_object_new (NEVER_TYPE_SOURCE, "kind", BD_SOURCE_SRV, NULL));

  app = bd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);

  window = GTK_WINDOW (bd_window_new (app));
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  if (width > 0 || height > 0)
    {
      int default_width, default_height;

      gtk_window_get_default_size (window, &default_width, &default_height);
      gtk_window_set_default_size (window, width > 0 ? width : default_width,
                                   height > 0 ? height : default_height);
    }

  session = bd_window_get_session (BD_WINDOW (window));
  bd_setup_session_set_provider_db (session, db);
  bd_setup_session_set_sources (session, sources);
  bd_setup_session_set_ca_pem (session, ca);
  bd_setup_session_set_probe_timeout (session, 10000);

  term_id = g_unix_signal_add (SIGTERM, quit_cb, &window);
  int_id = g_unix_signal_add (SIGINT, quit_cb, &window);

  gtk_window_present (window);
  ui_wait_mapped (GTK_WIDGET (window));
  g_print ("READY imap=%u smtp=%u closed=%u silent=%u\n", imap_port, smtp_port, closed_port,
           silent_port);
  fflush (stdout);

  stdin_stream = g_unix_input_stream_new (0, FALSE);
  commands.input = g_data_input_stream_new (stdin_stream);
  commands.window = &window;
  read_command (&commands);

  while (window != NULL)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (term_id);
  g_source_remove (int_id);
  g_clear_object (&commands.input);
  /* Tests that the closing cancelled end in their threads. */
  bd_test_spin (200);
  g_clear_pointer (&imap, bd_test_server_stop);
  g_clear_pointer (&smtp, bd_test_server_stop);
  g_clear_pointer (&silent, bd_test_server_stop);
  bd_test_certs_cleanup ();
  return 0;
}
