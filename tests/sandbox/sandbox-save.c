/* sandbox-save.c: the assistant's own Save, inside the sandbox
 *
 * bd-sandbox-save --imap PORT --smtp PORT --ca-file PEM --address ADDRESS
 *
 * test-sandbox.py runs this inside the sandbox it builds (bubblewrap, the
 * session bus through xdg-dbus-proxy, the manifest's finish-args), on the
 * host's X display, with the password on the first line of standard input.
 * It opens brevduva's own window (BdWindow) and goes the way a person goes,
 * through the widgets: the name, the address and the password typed into
 * the address page's fields, Continue, the servers proven (an IMAP server
 * with implicit TLS and an SMTP server with STARTTLS, scripted, on the
 * host's loopback, trusted through --ca-file, from a provider entry made
 * here for ADDRESS's domain), and Continue again: the Save, which stores the
 * password through libsecret. In the sandbox that is the Secret portal and
 * the app's own keyring file; test-sandbox.py reads it back from there.
 *
 * With a libsecret older than 0.21.4 (Debian 12 has 0.20.5, the stand-in
 * for the GNOME runtime here), the portal's key for the app is fetched once
 * before the window opens, as brevduva-cli fetches it: see
 * open_keyring_early().
 *
 * It prints one line, {"page","store_state","store_error"}, and exits 0
 * once the done page says the password is stored, 1 otherwise. Never the
 * password.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <libsecret/secret.h>

#include "bd-application.h"
#include "bd-builtin-source.h"
#include "bd-entry-row.h"
#include "bd-test-mailserver.h"
#include "bd-window.h"

#define DEADLINE_MS 30000

static const char provider_document[] =
  "<?xml version=\"1.0\"?>\n"
  "<clientConfig version=\"1.1\">\n"
  "  <emailProvider id=\"%s\">\n"
  "    <domain>%s</domain>\n"
  "    <displayName>Sandbox Mail</displayName>\n"
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

typedef struct
{
  BdSetupSession *session;
  BdSetupPage page;
} PageWait;

static gboolean
on_page (gpointer data)
{
  PageWait *wait = data;

  return bd_setup_session_get_page (wait->session) == wait->page;
}

static gboolean
address_valid (gpointer data)
{
  return bd_setup_session_get_address_valid (data);
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

static gboolean
mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

/* The @nth text field of @root, in the order they are laid out. */
static GtkWidget *
find_field (GtkWidget *root,
            guint     *nth)
{
  if (BD_IS_ENTRY_ROW (root))
    {
      if (*nth == 0)
        return root;
      (*nth)--;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_field (child, nth);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
type_into (BdWindow   *window,
           guint       nth,
           const char *text)
{
  GtkWidget *field = find_field (bd_window_get_visible_page (window), &nth);

  if (field == NULL)
    g_error ("the address page has no text field %u", nth);
  gtk_widget_grab_focus (field);
  gtk_editable_set_text (GTK_EDITABLE (field), text);
}

/* What the program waits for next, on standard error: where it stopped,
 * should a wait time out. */
static void
step (const char *what)
{
  g_printerr ("bd-sandbox-save: %s\n", what);
}

static void
wait_for_page (BdSetupSession *session,
               BdSetupPage     page)
{
  PageWait wait = { session, page };

  bd_test_wait_until (on_page, &wait, DEADLINE_MS);
}

/* libsecret before 0.21.4 subscribes to the Secret portal's Response only
 * once the reply to its RetrieveSecret call has been dispatched, and GDBus
 * drops a signal nobody has subscribed to yet (flatpak_sandbox.py tells the
 * whole story). brevduva-cli, whose keyring calls wait in a main context of
 * their own, loses that race now and then (the test runs it again then);
 * the window, whose main loop is drawing the done page when the reply comes,
 * loses it every time, and its Save would wait forever. The GNOME runtime's
 * libsecret has the fix. Here, the first use of the keyring, the one that
 * asks the portal for the app's key and opens libsecret's file backend, is
 * therefore a lookup made the CLI's way; the Save then stores through that
 * same backend, as the app's own code does it. */
static void
open_keyring_early (void)
{
#if !SECRET_CHECK_VERSION(0, 21, 4)
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;

  found = secret_password_lookup_sync (SECRET_SCHEMA_COMPAT_NETWORK, NULL, &error,
                                       "server", "sandbox-save.invalid", NULL);
  if (error != NULL)
    g_error ("the keyring cannot be opened: %s", error->message);
  g_assert_null (found);
#endif
}

static void
report (BdSetupSession *session)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GEnumClass) pages = g_type_class_ref (BD_TYPE_SETUP_PAGE);
  g_autoptr(GEnumClass) states = g_type_class_ref (BD_TYPE_STORE_STATE);
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "page");
  json_builder_add_string_value (builder,
                                 g_enum_get_value (pages, bd_setup_session_get_page (session))->value_nick);
  json_builder_set_member_name (builder, "store_state");
  json_builder_add_string_value (builder,
                                 g_enum_get_value (states,
                                                   bd_setup_session_get_store_state (session))->value_nick);
  json_builder_set_member_name (builder, "store_error");
  json_builder_add_string_value (builder, bd_setup_session_get_store_error (session));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
  fflush (stdout);
}

int
main (int    argc,
      char **argv)
{
  int imap_port = 0;
  int smtp_port = 0;
  g_autofree char *ca_file = NULL;
  g_autofree char *address = NULL;
  GOptionEntry entries[] = {
    { "imap", 0, 0, G_OPTION_ARG_INT, &imap_port, "The IMAP server's port (implicit TLS)", "PORT" },
    { "smtp", 0, 0, G_OPTION_ARG_INT, &smtp_port, "The SMTP server's port (STARTTLS)", "PORT" },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, "The servers' CA", "PEM" },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address, "The address to set up", "ADDRESS" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- the assistant's Save");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(BdApplication) app = NULL;
  g_autoptr(BdProviderDb) db = NULL;
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GIOChannel) input = NULL;
  g_autofree char *password = NULL;
  g_autofree char *text = NULL;
  g_autofree char *ca = NULL;
  gsize ca_length = 0;
  const char *domain;
  BdSetupSession *session;
  BdWindow *window;
  BdStoreState state;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || imap_port <= 0 ||
      smtp_port <= 0 || ca_file == NULL || address == NULL || strchr (address, '@') == NULL)
    {
      g_printerr ("usage: bd-sandbox-save --imap PORT --smtp PORT --ca-file PEM --address ADDRESS\n");
      return 2;
    }
  input = g_io_channel_unix_new (0);
  if (g_io_channel_read_line (input, &password, NULL, NULL, &error) != G_IO_STATUS_NORMAL)
    g_error ("no password on standard input");
  g_strchomp (password);
  if (!g_file_get_contents (ca_file, &ca, &ca_length, &error))
    g_error ("%s", error->message);

  step ("opening the keyring");
  open_keyring_early ();

  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  /* The provider entry below, and nothing from the network. */
  settings = g_settings_new (APPLICATION_ID);
  g_settings_set_boolean (settings, "offline", TRUE);

  domain = strchr (address, '@') + 1;
  text = g_strdup_printf (provider_document, domain, domain, imap_port, smtp_port);
  document = g_bytes_new (text, strlen (text));
  db = bd_provider_db_new ();
  if (!bd_provider_db_add_document (db, "sandbox:provider", document, &error))
    g_error ("%s", error->message);
  sources = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (sources, bd_builtin_source_new (db));

  app = bd_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);
  window = BD_WINDOW (bd_window_new (app));
  session = bd_window_get_session (window);
  bd_setup_session_set_provider_db (session, db);
  bd_setup_session_set_sources (session, sources);
  g_clear_pointer (&document, g_bytes_unref);
  document = g_bytes_new_take (g_steal_pointer (&ca), ca_length);
  bd_setup_session_set_ca_pem (session, document);
  bd_setup_session_set_probe_timeout (session, 10000);
  step ("waiting for the window to show");
  gtk_window_present (GTK_WINDOW (window));
  bd_test_wait_until (mapped, window, DEADLINE_MS);

  /* The address page, as typed. */
  type_into (window, 0, "Alice Sandbox");
  type_into (window, 1, address);
  type_into (window, 2, password);
  step ("waiting for the address to be valid");
  bd_test_wait_until (address_valid, session, DEADLINE_MS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "setup.continue", NULL));

  /* The servers, proven; then the Save. */
  step ("waiting for the servers page");
  wait_for_page (session, BD_SETUP_PAGE_SERVERS);
  step ("waiting for the servers to be proven");
  bd_test_wait_until (can_continue, session, DEADLINE_MS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "setup.continue", NULL));
  step ("waiting for the done page");
  wait_for_page (session, BD_SETUP_PAGE_DONE);
  step ("waiting for the password to be stored");
  bd_test_wait_until (stored_or_failed, session, DEADLINE_MS);

  report (session);
  state = bd_setup_session_get_store_state (session);
  gtk_window_destroy (GTK_WINDOW (window));
  bd_test_spin (100);
  return state == BD_STORE_STATE_STORED ? 0 : 1;
}
