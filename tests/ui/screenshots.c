/* screenshots.c: the pictures of every page, made by the real window (tests/ui/screenshots)
 *
 * bd-screenshots --out DIR --certs DIR [--suffix -sv]
 *
 * Drives the window through every page against scripted loopback mail
 * servers (tests/servers/mailserver.py) that stand for imap.example.com and
 * smtp.example.com: a resolver of its own sends those names to 127.0.0.1,
 * and small relays on the standard ports (993, 465, 587; as root) lead to
 * the servers' own ports, so that the pictures show what a person sees.
 * One more server stands for mail.example.net (at 127.0.0.2, port 993),
 * whose certificate signs itself: the question whether to trust it. The
 * certificates in --certs are made by tests/ui/screenshots. Nothing touches
 * the network. Each page is drawn by GTK's own renderer into a PNG.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

#include "bd-application.h"
#include "bd-builtin-source.h"
#include "bd-error.h"
#include "bd-server-row.h"
#include "bd-window.h"
#include "ui-test-util.h"

#define WIDTH 640
#define HEIGHT 760

static const char example_document[] =
  "<?xml version=\"1.0\"?>\n"
  "<clientConfig version=\"1.1\">\n"
  "  <emailProvider id=\"example.com\">\n"
  "    <domain>example.com</domain>\n"
  "    <displayName>Example Mail</displayName>\n"
  "    <incomingServer type=\"imap\">\n"
  "      <hostname>imap.example.com</hostname><port>%u</port><socketType>SSL</socketType>\n"
  "      <username>%%EMAILADDRESS%%</username>\n"
  "      <authentication>password-cleartext</authentication>\n"
  "    </incomingServer>\n"
  "    <outgoingServer type=\"smtp\">\n"
  "      <hostname>smtp.example.com</hostname><port>%u</port><socketType>SSL</socketType>\n"
  "      <username>%%EMAILADDRESS%%</username>\n"
  "      <authentication>password-cleartext</authentication>\n"
  "    </outgoingServer>\n"
  "    <outgoingServer type=\"smtp\">\n"
  "      <hostname>smtp.example.com</hostname><port>%u</port><socketType>STARTTLS</socketType>\n"
  "      <username>%%EMAILADDRESS%%</username>\n"
  "      <authentication>password-cleartext</authentication>\n"
  "    </outgoingServer>\n"
  "    <requirement xmlns=\"https://brevduva.github.io/ns/provider/1\" kind=\"app-password\"\n"
  "                 url=\"https://example.com/help/app-passwords\"/>\n"
  "    <documentation url=\"https://example.com/help/mail-programs\">\n"
  "      <descr lang=\"en\">Example Mail in other mail programs</descr>\n"
  "    </documentation>\n"
  "  </emailProvider>\n"
  "</clientConfig>\n";

/* A resolver that knows every name as 127.0.0.1, but those under
 * example.net as 127.0.0.2. */
#define LOOPBACK_TYPE_RESOLVER (loopback_resolver_get_type ())
G_DECLARE_FINAL_TYPE (LoopbackResolver, loopback_resolver, LOOPBACK, RESOLVER, GResolver)

struct _LoopbackResolver
{
  GResolver parent_instance;
};

G_DEFINE_FINAL_TYPE (LoopbackResolver, loopback_resolver, G_TYPE_RESOLVER)

#define EXAMPLE_NET_ADDRESS "127.0.0.2"

static GList *
loopback_addresses (const char *hostname)
{
  if (g_str_has_suffix (hostname, ".example.net"))
    return g_list_prepend (NULL, g_inet_address_new_from_string (EXAMPLE_NET_ADDRESS));
  return g_list_prepend (NULL, g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4));
}

static GList *
loopback_lookup_by_name (GResolver     *resolver,
                         const char    *hostname,
                         GCancellable  *cancellable,
                         GError       **error)
{
  return loopback_addresses (hostname);
}

static void
loopback_lookup_by_name_async (GResolver           *resolver,
                               const char          *hostname,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);

  g_task_return_pointer (task, loopback_addresses (hostname),
                         (GDestroyNotify) g_resolver_free_addresses);
}

static GList *
loopback_lookup_by_name_finish (GResolver     *resolver,
                                GAsyncResult  *result,
                                GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GList *
loopback_lookup_by_name_with_flags (GResolver                *resolver,
                                    const char               *hostname,
                                    GResolverNameLookupFlags  flags,
                                    GCancellable             *cancellable,
                                    GError                  **error)
{
  return loopback_addresses (hostname);
}

static void
loopback_lookup_by_name_with_flags_async (GResolver                *resolver,
                                          const char               *hostname,
                                          GResolverNameLookupFlags  flags,
                                          GCancellable             *cancellable,
                                          GAsyncReadyCallback       callback,
                                          gpointer                  user_data)
{
  loopback_lookup_by_name_async (resolver, hostname, cancellable, callback, user_data);
}

static void
loopback_resolver_class_init (LoopbackResolverClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  resolver_class->lookup_by_name = loopback_lookup_by_name;
  resolver_class->lookup_by_name_async = loopback_lookup_by_name_async;
  resolver_class->lookup_by_name_finish = loopback_lookup_by_name_finish;
  resolver_class->lookup_by_name_with_flags = loopback_lookup_by_name_with_flags;
  resolver_class->lookup_by_name_with_flags_async = loopback_lookup_by_name_with_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = loopback_lookup_by_name_finish;
}

static void
loopback_resolver_init (LoopbackResolver *self)
{
}

/* A source that is still asking when the picture is taken. */
#define SLOW_TYPE_SOURCE (slow_source_get_type ())
G_DECLARE_FINAL_TYPE (SlowSource, slow_source, SLOW, SOURCE, BdSource)

struct _SlowSource
{
  BdSource parent_instance;

  const char *not_found;  /* NULL: never answers */
};

G_DEFINE_FINAL_TYPE (SlowSource, slow_source, BD_TYPE_SOURCE)

static gboolean
slow_answer_cb (gpointer user_data)
{
  GTask *task = user_data;
  SlowSource *self = g_task_get_source_object (task);

  if (!g_task_return_error_if_cancelled (task))
    g_task_return_new_error (task, BD_ERROR, BD_ERROR_PROVIDER_NOT_FOUND, "%s", self->not_found);
  return G_SOURCE_REMOVE;
}

static gboolean
slow_cancel_poll_cb (gpointer user_data)
{
  GTask *task = user_data;

  if (!g_task_return_error_if_cancelled (task))
    return G_SOURCE_CONTINUE;
  return G_SOURCE_REMOVE;
}

static void
slow_source_lookup_async (BdSource            *source,
                          BdAddress           *address,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  SlowSource *self = SLOW_SOURCE (source);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  if (self->not_found != NULL)
    g_timeout_add_full (G_PRIORITY_DEFAULT, 50, slow_answer_cb, task, g_object_unref);
  else
    g_timeout_add_full (G_PRIORITY_DEFAULT, 50, slow_cancel_poll_cb, task, g_object_unref);
}

static BdAccountConfig *
slow_source_lookup_finish (BdSource      *source,
                           GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
slow_source_class_init (SlowSourceClass *klass)
{
  BdSourceClass *source_class = BD_SOURCE_CLASS (klass);

  source_class->lookup_async = slow_source_lookup_async;
  source_class->lookup_finish = slow_source_lookup_finish;
}

static void
slow_source_init (SlowSource *self)
{
}

static BdSource *
slow_source_new (BdSourceKind  kind,
                 const char   *not_found)
{
  SlowSource *self = g_object_new (SLOW_TYPE_SOURCE, "kind", kind, NULL);

  self->not_found = not_found;
  return BD_SOURCE (self);
}

/* Relays from a standard port to a server's own. */
static void
relay_incoming_cb (GSocketService     *service,
                   GSocketConnection  *connection,
                   GObject            *source_object,
                   gpointer            user_data)
{
  guint16 port = GPOINTER_TO_UINT (user_data);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) upstream = NULL;

  upstream = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  if (upstream == NULL)
    return;
  g_io_stream_splice_async (G_IO_STREAM (connection), G_IO_STREAM (upstream),
                            G_IO_STREAM_SPLICE_NONE, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
}

/* Returns the port that leads to @port: @standard on @host (127.0.0.1 when
 * %NULL) when it can be had. */
static guint16
relay_on (const char *host,
          guint16     standard,
          guint16     port)
{
  GSocketService *service = g_socket_service_new ();
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = NULL;

  loopback = host != NULL ? g_inet_address_new_from_string (host)
                          : g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, standard);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      NULL, NULL, NULL))
    {
      g_printerr ("bd-screenshots: port %u is not free (or needs root); the pictures show "
                  "port %u instead\n", standard, port);
      g_object_unref (service);
      return port;
    }
  g_signal_connect (service, "incoming", G_CALLBACK (relay_incoming_cb), GUINT_TO_POINTER (port));
  return standard;
}

static guint16
relay (guint16 standard,
       guint16 port)
{
  return relay_on (NULL, standard, port);
}

static const char *out_dir;
static const char *suffix = "";

static void
shoot (GtkWidget  *widget,
       const char *name)
{
  g_autofree char *file = g_strconcat (name, suffix, ".png", NULL);
  g_autofree char *path = g_build_filename (out_dir, file, NULL);
  g_autoptr(GError) error = NULL;

  /* Let layout, transitions and row updates settle. */
  bd_test_spin (400);
  if (!ui_render_to_png (widget, path, &error))
    g_error ("%s", error->message);
  g_print ("%s\n", path);
}

static gboolean
has_detection (gpointer data)
{
  return bd_setup_session_get_detection (data) != NULL;
}

static gboolean
has_address_error (gpointer data)
{
  return bd_setup_session_get_address_error (data) != NULL;
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
has_message_dialog (gpointer data)
{
  return ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static gboolean
window_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

int
main (int    argc,
      char **argv)
{
  const char *certs = NULL;
  gboolean dark = FALSE;
  const char *localedir = g_getenv ("BREVDUVA_LOCALEDIR");
  GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_dir, "Where the PNGs go", "DIR" },
    { "certs", 0, 0, G_OPTION_ARG_FILENAME, &certs, "ca.crt, example.crt, example.key", "DIR" },
    { "suffix", 0, 0, G_OPTION_ARG_STRING, &suffix, "Appended to each name", "TEXT" },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, "In the dark style", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- screenshots of every page");
  g_autoptr(GError) error = NULL;
  g_autoptr(BdApplication) app = NULL;
  g_autoptr(BdTestServer) imap = NULL;
  g_autoptr(BdTestServer) submission = NULL;
  g_autoptr(BdTestServer) self_signed = NULL;
  g_autoptr(BdProviderDb) db = NULL;
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GBytes) ca = NULL;
  g_autoptr(GResolver) resolver = NULL;
  g_autoptr(GPtrArray) slow_sources = NULL;
  g_autofree char *text = NULL;
  BdSetupSession *session;
  BdWindow *window;
  GtkWidget *page;
  GtkWidget *row;
  GtkWidget *details;
  GtkWidget *dialog;
  gpointer window_pointer;
  guint16 self_signed_port;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || out_dir == NULL || certs == NULL)
    {
      g_printerr ("usage: bd-screenshots --out DIR --certs DIR [--suffix TEXT]\n");
      return 2;
    }

  gtk_init ();
  adw_init ();
  if (dark)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                        ADW_COLOR_SCHEME_FORCE_DARK);
  /* Pictures of the end states, not of the animations, in GNOME's font. */
  g_object_set (gtk_settings_get_default (),
                "gtk-enable-animations", FALSE,
                "gtk-font-name", "Cantarell 11",
                NULL);

  bd_test_certs_use_dir (certs);
  imap = bd_test_server_start_as ("imap", "implicit", "example", "alice@example.com",
                                  "correct horse", NULL);
  submission = bd_test_server_start_as ("smtp", "starttls", "example", "alice@example.com",
                                        "correct horse", NULL);
  self_signed = bd_test_server_start_as ("imap", "implicit", "self-signed", "alice@example.net",
                                         "correct horse", NULL);
  self_signed_port = relay_on (EXAMPLE_NET_ADDRESS, 993, bd_test_server_get_port (self_signed));
  /* Port 465 stands for one that this network blocks: nothing listens
   * there, so the connection is refused. */
  text = g_strdup_printf (example_document, relay (993, bd_test_server_get_port (imap)), 465,
                          relay (587, bd_test_server_get_port (submission)));
  document = g_bytes_new (text, strlen (text));
  db = bd_provider_db_new ();
  if (!bd_provider_db_add_document (db, "screenshots:example.com", document, &error))
    g_error ("%s", error->message);
  ca = bd_test_certs_load ("ca.crt");
  resolver = g_object_new (LOOPBACK_TYPE_RESOLVER, NULL);

  app = bd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);

  window = bd_window_new (app);
  window_pointer = window;
  g_object_add_weak_pointer (G_OBJECT (window), &window_pointer);
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_present (GTK_WINDOW (window));
  ui_wait_mapped (GTK_WIDGET (window));

  session = bd_window_get_session (window);
  bd_setup_session_set_provider_db (session, db);
  bd_setup_session_set_resolver (session, resolver);
  bd_setup_session_set_ca_pem (session, ca);
  bd_setup_session_set_probe_timeout (session, 5000);

  /* The address, and what is said about a wrong one. */
  bd_setup_session_set_address_text (session, "alice.example.com");
  bd_test_wait_until (has_address_error, session, 5000);
  shoot (GTK_WIDGET (window), "address-error");

  page = bd_window_get_visible_page (window);
  bd_setup_session_set_name (session, "Alice Andersson");
  bd_setup_session_set_address_text (session, "alice@example.com");
  gtk_editable_set_text (GTK_EDITABLE (ui_find_password_row (page)),
                         "correct horse");
  bd_test_wait_until (has_detection, session, 5000);
  shoot (GTK_WIDGET (window), "address");

  /* The detection, still asking, for a domain nobody knows yet. */
  slow_sources = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (slow_sources, bd_builtin_source_new (db));
  g_ptr_array_add (slow_sources, slow_source_new (BD_SOURCE_ISPDB, NULL));
  g_ptr_array_add (slow_sources, slow_source_new (BD_SOURCE_AUTOCONFIG, NULL));
  g_ptr_array_add (slow_sources,
                   slow_source_new (BD_SOURCE_WELL_KNOWN,
                                    /* TRANSLATORS: only in the screenshots of the
                                     * detection page (tests/ui/screenshots.c) */
                                    _("There is no autoconfig file at this address.")));
  g_ptr_array_add (slow_sources, slow_source_new (BD_SOURCE_SRV, NULL));
  g_ptr_array_add (slow_sources, slow_source_new (BD_SOURCE_MX, NULL));
  g_ptr_array_add (slow_sources, slow_source_new (BD_SOURCE_GUESS, NULL));
  bd_setup_session_set_sources (session, slow_sources);
  bd_setup_session_set_address_text (session, "alice@example.org");
  bd_setup_session_go_forward (session);
  bd_test_spin (300);
  shoot (GTK_WIDGET (window), "detection");
  bd_setup_session_cancel (session);
  bd_setup_session_set_sources (session, NULL);

  /* The servers, tested: one blocked port among them. */
  bd_setup_session_set_address_text (session, "alice@example.com");
  bd_setup_session_go_forward (session);
  bd_test_wait_until (has_detection, session, 5000);
  bd_test_spin (200);
  bd_test_wait_until (not_testing, session, 20000);
  shoot (GTK_WIDGET (window), "servers");

  /* The details of a test. */
  page = bd_window_get_visible_page (window);
  row = ui_find_widget (page, BD_TYPE_SERVER_ROW, 0);
  gtk_widget_activate_action (row, "row.details", NULL);
  bd_test_spin (300);
  details = NULL;
  {
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

        if (toplevel != GTK_WINDOW (window) &&
            gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window))
          details = GTK_WIDGET (toplevel);
      }
  }
  g_assert_nonnull (details);
  gtk_window_set_default_size (GTK_WINDOW (details), 560, HEIGHT);
  ui_wait_mapped (details);
  shoot (details, "details");
  gtk_window_destroy (GTK_WINDOW (details));

  /* The narrowest window, as on a phone. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  bd_test_spin (300);
  shoot (GTK_WIDGET (window), "narrow");
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  bd_test_spin (300);

  /* Done: the password in the keyring. */
  bd_setup_session_go_forward (session);
  bd_test_wait_until (stored_or_failed, session, 10000);
  shoot (GTK_WIDGET (window), "done");

  /* An existing account's settings, tested. */
  bd_setup_session_show_test_existing (session);
  page = bd_window_get_visible_page (window);
  gtk_editable_set_text (GTK_EDITABLE (ui_find_widget (page, BD_TYPE_ENTRY_ROW, 0)),
                         "imap.example.com");
  gtk_editable_set_text (GTK_EDITABLE (ui_find_widget (page, BD_TYPE_ENTRY_ROW, 2)),
                         "alice@example.com");
  gtk_editable_set_text (GTK_EDITABLE (ui_find_widget (page, BD_TYPE_ENTRY_ROW, 3)),
                         "smtp.example.com");
  gtk_editable_set_text (GTK_EDITABLE (ui_find_widget (page, BD_TYPE_ENTRY_ROW, 5)),
                         "alice@example.com");
  gtk_editable_set_text (GTK_EDITABLE (ui_find_password_row (page)),
                         "not the password");
  gtk_widget_activate_action (GTK_WIDGET (window), "setup.run-existing", NULL);
  bd_test_spin (200);
  bd_test_wait_until (not_testing, session, 20000);
  {
    GtkScrolledWindow *scrolled = GTK_SCROLLED_WINDOW (ui_find_widget (page,
                                                                       GTK_TYPE_SCROLLED_WINDOW,
                                                                       0));
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);

    bd_test_spin (200);
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  }
  shoot (GTK_WIDGET (window), "existing");

  /* A server whose certificate signs itself, and the question whether to
   * trust it: at the usual width, and on a phone. */
  {
    g_autofree char *port = g_strdup_printf ("%u", self_signed_port);

    gtk_editable_set_text (GTK_EDITABLE (ui_find_widget (page, BD_TYPE_ENTRY_ROW, 0)),
                           "mail.example.net");
    gtk_editable_set_text (GTK_EDITABLE (ui_find_widget (page, BD_TYPE_ENTRY_ROW, 1)), port);
    gtk_editable_set_text (GTK_EDITABLE (ui_find_widget (page, BD_TYPE_ENTRY_ROW, 2)),
                           "alice@example.net");
    gtk_editable_set_text (GTK_EDITABLE (ui_find_widget (page, BD_TYPE_ENTRY_ROW, 3)), "");
    gtk_editable_set_text (GTK_EDITABLE (ui_find_widget (page, BD_TYPE_ENTRY_ROW, 5)), "");
  }
  gtk_widget_activate_action (GTK_WIDGET (window), "setup.run-existing", NULL);
  bd_test_spin (200);
  bd_test_wait_until (not_testing, session, 20000);
  row = ui_find_widget (page, BD_TYPE_SERVER_ROW, 0);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_activate_action (row, "row.trust-certificate", NULL));
  bd_test_wait_until (has_message_dialog, NULL, 5000);
  dialog = GTK_WIDGET (ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  ui_wait_mapped (dialog);
  shoot (dialog, "trust");
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  bd_test_spin (300);
  shoot (dialog, "trust-narrow");
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);

  gtk_window_destroy (GTK_WINDOW (window));
  bd_test_wait_until (window_gone, &window_pointer, 5000);
  return 0;
}
