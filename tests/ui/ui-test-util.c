/* ui-test-util.c
 *
 * The loopback mail servers are tests/servers/mailserver.py (Python 3's
 * standard library only), with certificates from tests/servers/make-certs.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "ui-test-util.h"

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * ui_wait_until:
 *
 * Runs the main loop until @condition holds, or fails the test.
 */
void
ui_wait_until (UiCondition condition,
               gpointer    data,
               guint       timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("timed out after %u ms", timeout_ms);
  g_source_remove (id);
}

/**
 * ui_make_app_private:
 *
 * Lets several applications register on the test's session bus, one after
 * another in the same process: each has a name of its own and is not unique.
 */
void
ui_make_app_private (GApplication *app)
{
  static guint serial;
  g_autofree char *id = g_strdup_printf ("%s.Test%u", APPLICATION_ID, ++serial);

  g_application_set_application_id (app, id);
  g_application_set_flags (app, G_APPLICATION_NON_UNIQUE);
}

void
ui_spin (guint ms)
{
  gboolean timed_out = FALSE;

  g_timeout_add (ms, timeout_cb, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

void
ui_wait_mapped (GtkWidget *widget)
{
  ui_wait_until (mapped, widget, 10000);
}

static GtkWidget *
find_nth (GtkWidget *widget,
          GType      type,
          guint     *nth)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    {
      if (*nth == 0)
        return widget;
      (*nth)--;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_nth (child, type, nth);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * ui_find_widget:
 *
 * Returns: (transfer none) (nullable): the @nth widget of @type under @root,
 *   depth first.
 */
GtkWidget *
ui_find_widget (GtkWidget *root,
                GType      type,
                guint      nth)
{
  return find_nth (root, type, &nth);
}

guint
ui_count_widgets (GtkWidget *root,
                  GType      type)
{
  guint n = 0;

  while (ui_find_widget (root, type, n) != NULL)
    n++;
  return n;
}

GtkWidget *
ui_find_button_by_action (GtkWidget  *root,
                          const char *action_name)
{
  for (guint i = 0;; i++)
    {
      GtkWidget *button = ui_find_widget (root, GTK_TYPE_BUTTON, i);

      if (button == NULL)
        return NULL;
      if (g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), action_name) == 0)
        return button;
    }
}

GtkWidget *
ui_find_label (GtkWidget  *root,
               const char *text)
{
  for (guint i = 0;; i++)
    {
      GtkWidget *label = ui_find_widget (root, GTK_TYPE_LABEL, i);

      if (label == NULL)
        return NULL;
      if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), text) == 0)
        return label;
    }
}

static char *
servers_dir (void)
{
  const char *root = g_getenv ("BD_SOURCE_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "tests", "servers", NULL);
}

/**
 * ui_make_certs:
 *
 * Returns: (transfer full): a new directory with the test PKI of
 *   tests/servers/make-certs; remove it with ui_remove_dir().
 */
char *
ui_make_certs (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *servers = servers_dir ();
  g_autofree char *script = g_build_filename (servers, "make-certs", NULL);
  char *dir = g_dir_make_tmp ("bd-ui-certs-XXXXXX", &error);
  g_autoptr(GSubprocess) process = NULL;

  g_assert_no_error (error);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                              "sh", script, dir, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
  return dir;
}

/**
 * ui_mail_server_start:
 *
 * Starts a scripted server on a loopback port and waits until it listens.
 */
UiMailServer *
ui_mail_server_start (const char *protocol,
                      const char *tls,
                      const char *cert_dir,
                      const char *cert_name,
                      const char *user,
                      const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *servers = servers_dir ();
  g_autofree char *script = g_build_filename (servers, "mailserver.py", NULL);
  g_autofree char *cert_file = g_strconcat (cert_name, ".crt", NULL);
  g_autofree char *key_file = g_strconcat (cert_name, ".key", NULL);
  g_autofree char *cert = g_build_filename (cert_dir, cert_file, NULL);
  g_autofree char *key = g_build_filename (cert_dir, key_file, NULL);
  g_autofree char *port_file = NULL;
  UiMailServer *server = g_new0 (UiMailServer, 1);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  server->dir = g_dir_make_tmp ("bd-ui-server-XXXXXX", &error);
  g_assert_no_error (error);
  port_file = g_build_filename (server->dir, "port", NULL);
  server->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                                      "python3", script,
                                      "--protocol", protocol, "--tls", tls,
                                      "--cert", cert, "--key", key,
                                      "--user", user, "--password", password,
                                      "--port-file", port_file,
                                      NULL);
  g_assert_no_error (error);

  while (server->port == 0)
    {
      g_autofree char *contents = NULL;
      guint64 port = 0;

      if (g_file_get_contents (port_file, &contents, NULL, NULL) &&
          g_ascii_string_to_unsigned (g_strstrip (contents), 10, 1, G_MAXUINT16, &port, NULL))
        server->port = (guint16) port;
      else if (g_get_monotonic_time () > deadline)
        g_error ("the %s server did not start", protocol);
      else
        ui_spin (20);
    }
  return server;
}

void
ui_remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_remove (child);
    }
  g_rmdir (path);
}

void
ui_mail_server_stop (UiMailServer *server)
{
  if (server == NULL)
    return;
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  g_clear_object (&server->process);
  ui_remove_dir (server->dir);
  g_free (server->dir);
  g_free (server);
}

/**
 * ui_render_to_png:
 *
 * Draws @widget as it is on screen into a PNG, with the renderer of its
 * window: no screen grab, so nothing else on the display gets in.
 */
gboolean
ui_render_to_png (GtkWidget   *widget,
                  const char  *path,
                  GError     **error)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  double width = gdk_paintable_get_intrinsic_width (paintable);
  double height = gdk_paintable_get_intrinsic_height (paintable);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "nothing to draw");
      return FALSE;
    }
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "could not write %s", path);
      return FALSE;
    }
  return TRUE;
}
