/* bd-window.c
 *
 * The window owns the session and shows its page: a leaflet that slides
 * forward and back, a back button, and the page's main button as the
 * default widget so that Enter goes on. Every button is wired to an action
 * of the "setup" group here, enabled as the session allows.
 *
 * Only the address page is built with the window; every other page is made
 * the first time it is needed and then kept, so that the first frame does
 * not wait for pages the person may never see. The keyboard shortcuts
 * window (win.show-help-overlay, Ctrl+?) is made the same way, when it is
 * first asked for, rather than by GtkApplication as the window opens.
 *
 * Closing the window ends the session, which cancels everything that runs.
 * The window's size is kept in GSettings, as is whether to work offline.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bd-address-page.h"
#include "bd-detection-page.h"
#include "bd-done-page.h"
#include "bd-domain-window.h"
#include "bd-existing-page.h"
#include "bd-gui-util.h"
#include "bd-servers-page.h"
#include "bd-window.h"

#define N_PAGES (BD_SETUP_PAGE_TEST_EXISTING + 1)

struct _BdWindow
{
  AdwApplicationWindow parent_instance;

  BdSetupSession *session;
  GSettings *settings;
  GtkFileChooserNative *report_chooser;

  AdwToastOverlay *toast_overlay;
  AdwLeaflet *leaflet;
  BdAddressPage *address_page;
  /* Indexed by BdSetupPage; NULL until first shown. */
  BdSessionPage *pages[N_PAGES];
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BdWindow, bd_window, ADW_TYPE_APPLICATION_WINDOW)

static const struct
{
  const char *name;
  GType (*get_type) (void);
} page_info[N_PAGES] = {
  [BD_SETUP_PAGE_ADDRESS] = { "address", bd_address_page_get_type },
  [BD_SETUP_PAGE_DETECTION] = { "detection", bd_detection_page_get_type },
  [BD_SETUP_PAGE_SERVERS] = { "servers", bd_servers_page_get_type },
  [BD_SETUP_PAGE_DONE] = { "done", bd_done_page_get_type },
  [BD_SETUP_PAGE_TEST_EXISTING] = { "test-existing", bd_existing_page_get_type },
};

/* The page, made now if it was not yet: in the leaflet's order of the
 * pages, so that it slides in from the side it belongs on. */
static GtkWidget *
ensure_page (BdWindow    *self,
             BdSetupPage  page)
{
  GtkWidget *widget;
  GtkWidget *before = NULL;
  AdwLeafletPage *leaflet_page;

  g_return_val_if_fail (page < N_PAGES, NULL);

  if (self->pages[page] != NULL)
    return GTK_WIDGET (self->pages[page]);

  widget = g_object_new (page_info[page].get_type (), "session", self->session, NULL);
  self->pages[page] = BD_SESSION_PAGE (widget);
  for (int i = (int) page - 1; i >= 0 && before == NULL; i--)
    if (self->pages[i] != NULL)
      before = GTK_WIDGET (self->pages[i]);
  leaflet_page = adw_leaflet_insert_child_after (self->leaflet, widget, before);
  adw_leaflet_page_set_name (leaflet_page, page_info[page].name);
  return widget;
}

static char *
page_title_cb (BdWindow    *self,
               BdSetupPage  page)
{
  switch (page)
    {
    case BD_SETUP_PAGE_DETECTION: return g_strdup (_("Finding Settings"));
    case BD_SETUP_PAGE_SERVERS: return g_strdup (_("Servers"));
    case BD_SETUP_PAGE_DONE: return g_strdup (_("Done"));
    case BD_SETUP_PAGE_TEST_EXISTING: return g_strdup (_("Test an Existing Account"));
    case BD_SETUP_PAGE_ADDRESS:
    default: return g_strdup ("");
    }
}

static void
update_default (BdWindow *self)
{
  BdSessionPage *page = BD_SESSION_PAGE (ensure_page (self, bd_setup_session_get_page (self->session)));

  gtk_window_set_default_widget (GTK_WINDOW (self), bd_session_page_get_default_widget (page));
}

/* An action's enabled state is not a property to bind: set by hand, from
 * the session's notifications. */
static void
update_actions (BdWindow *self)
{
  BdSetupSession *session = self->session;
  BdSetupPage page = bd_setup_session_get_page (session);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.continue",
                                 bd_setup_session_get_can_continue (session));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.back",
                                 bd_setup_session_get_can_go_back (session));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.approve",
                                 bd_setup_session_get_approval_needed (session) &&
                                 !bd_setup_session_get_approved (session));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.copy-settings",
                                 bd_setup_session_get_chosen_incoming (session) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.store",
                                 bd_setup_session_get_store_state (session) !=
                                 BD_STORE_STATE_STORING);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.test-existing",
                                 page != BD_SETUP_PAGE_TEST_EXISTING);
  update_default (self);
}

/* A page is made when it is first shown, which no binding does; the
 * keyboard focus follows it. */
static void
page_cb (BdWindow *self)
{
  BdSetupPage page = bd_setup_session_get_page (self->session);
  GtkWidget *widget = ensure_page (self, page);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  adw_leaflet_set_visible_child (self->leaflet, widget);
  update_actions (self);

  /* The keyboard follows the page. */
  if (focus == NULL || !gtk_widget_is_ancestor (focus, widget))
    {
      if (page == BD_SETUP_PAGE_ADDRESS)
        bd_address_page_focus_first (self->address_page);
      else
        gtk_widget_child_focus (widget, GTK_DIR_TAB_FORWARD);
    }
}

static void
continue_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  BdWindow *self = BD_WINDOW (widget);

  if (!bd_setup_session_go_forward (self->session) &&
      bd_setup_session_get_page (self->session) == BD_SETUP_PAGE_ADDRESS)
    bd_address_page_focus_address (self->address_page);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  bd_setup_session_go_back (BD_WINDOW (widget)->session);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  bd_setup_session_cancel (BD_WINDOW (widget)->session);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  bd_setup_session_start_detection (BD_WINDOW (widget)->session);
}

static void
approve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  bd_setup_session_approve (BD_WINDOW (widget)->session);
}

static void
test_existing_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  bd_setup_session_show_test_existing (BD_WINDOW (widget)->session);
}

static void
run_existing_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  BdWindow *self = BD_WINDOW (widget);

  bd_existing_page_test (BD_EXISTING_PAGE (ensure_page (self, BD_SETUP_PAGE_TEST_EXISTING)));
}

static void
restart_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  bd_setup_session_restart (BD_WINDOW (widget)->session);
}

static void
store_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  bd_setup_session_store (BD_WINDOW (widget)->session);
}

static void
copy_settings_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  g_autofree char *text = bd_setup_session_dup_settings_text (BD_WINDOW (widget)->session);

  bd_gui_copy_text (widget, text, _("Settings copied"));
}

static void
copy_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_autofree char *text = bd_setup_session_dup_report_text (BD_WINDOW (widget)->session);

  bd_gui_copy_text (widget, text, _("Report copied"));
}

static void
report_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(BdWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        bd_gui_toast (GTK_WIDGET (self), error->message);
      return;
    }
  bd_gui_toast (GTK_WIDGET (self), _("Report saved"));
}

static void
report_chooser_cb (BdWindow             *self,
                   int                   response,
                   GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize len;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->report_chooser);
  if (file == NULL)
    return;

  text = bd_setup_session_dup_report_text (self->session);
  len = strlen (text);
  bytes = g_bytes_new_take (g_steal_pointer (&text), len);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                       report_saved_cb, g_object_ref (self));
}

static void
save_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  BdWindow *self = BD_WINDOW (widget);

  if (self->report_chooser != NULL)
    return;
  self->report_chooser = gtk_file_chooser_native_new (_("Save Diagnostic Report"),
                                                      GTK_WINDOW (self),
                                                      GTK_FILE_CHOOSER_ACTION_SAVE,
                                                      _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->report_chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->report_chooser),
                                     "brevduva-report.txt");
  g_signal_connect_swapped (self->report_chooser, "response",
                            G_CALLBACK (report_chooser_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->report_chooser));
}

/* win.show-help-overlay: the shortcuts window, built the first time. Once
 * handed to GtkApplicationWindow, it is hidden rather than destroyed when
 * closed, is transient for this window, and goes with it. */
static void
show_help_overlay_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (user_data);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource ("/io/github/brevduva/Brevduva/bd-help-overlay.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (window, overlay);
    }
  gtk_window_present (GTK_WINDOW (overlay));
}

/* win.check-domain: "Check a Domain", for mail administrators, in a window
 * of its own beside the assistant (bd-domain-window.c). */
static void
check_domain_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  gtk_window_present (GTK_WINDOW (bd_domain_window_new (GTK_WINDOW (user_data))));
}

static const GActionEntry win_actions[] = {
  { "show-help-overlay", show_help_overlay_cb, NULL, NULL, NULL },
  { "check-domain", check_domain_cb, NULL, NULL, NULL },
};

static gboolean
bd_window_close_request (GtkWindow *window)
{
  BdWindow *self = BD_WINDOW (window);
  int width = 0;
  int height = 0;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (bd_window_parent_class)->close_request (window);
}

static void
bd_window_dispose (GObject *object)
{
  BdWindow *self = BD_WINDOW (object);

  /* Closing the window ends all its work. */
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      bd_setup_session_cancel (self->session);
    }
  if (self->report_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->report_chooser));
  g_clear_object (&self->report_chooser);
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_WINDOW);
  memset (self->pages, 0, sizeof self->pages);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bd_window_parent_class)->dispose (object);
}

static void
bd_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  BdWindow *self = BD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_window_class_init (BdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = bd_window_dispose;
  object_class->get_property = bd_window_get_property;
  window_class->close_request = bd_window_close_request;

  /**
   * BdWindow:session:
   *
   * The assistant's state, which the window and its pages show; made with
   * the window, and ended with it.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BD_TYPE_SETUP_SESSION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BD_TYPE_ADDRESS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/brevduva/Brevduva/bd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BdWindow, address_page);
  gtk_widget_class_bind_template_callback (widget_class, page_title_cb);

  gtk_widget_class_install_action (widget_class, "setup.continue", NULL, continue_action);
  gtk_widget_class_install_action (widget_class, "setup.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "setup.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "setup.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "setup.approve", NULL, approve_action);
  gtk_widget_class_install_action (widget_class, "setup.test-existing", NULL,
                                   test_existing_action);
  gtk_widget_class_install_action (widget_class, "setup.run-existing", NULL, run_existing_action);
  gtk_widget_class_install_action (widget_class, "setup.restart", NULL, restart_action);
  gtk_widget_class_install_action (widget_class, "setup.store", NULL, store_action);
  gtk_widget_class_install_action (widget_class, "setup.copy-settings", NULL,
                                   copy_settings_action);
  gtk_widget_class_install_action (widget_class, "setup.copy-report", NULL, copy_report_action);
  gtk_widget_class_install_action (widget_class, "setup.save-report", NULL, save_report_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "setup.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Back, 0, "setup.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK,
                                       "setup.test-existing", NULL);
}

static void
bd_window_init (BdWindow *self)
{
  g_autofree char *ispdb_url = NULL;
  BdSetupSession *session;

  gtk_widget_init_template (GTK_WIDGET (self));
  bd_gui_hide_decorations (GTK_WIDGET (self), NULL);
  /* In the window's "win" group, where GtkApplicationWindow would put its
   * own; with ours there, it adds none. */
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions,
                                   G_N_ELEMENTS (win_actions), self);

  self->settings = g_settings_new (APPLICATION_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  session = self->session = bd_setup_session_new ();
  bd_setup_session_set_offline (session, g_settings_get_boolean (self->settings, "offline"));
  ispdb_url = g_settings_get_string (self->settings, "ispdb-url");
  bd_setup_session_set_ispdb_url (session, ispdb_url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);

  self->pages[BD_SETUP_PAGE_ADDRESS] = BD_SESSION_PAGE (self->address_page);
  bd_session_page_set_session (self->pages[BD_SETUP_PAGE_ADDRESS], session);

  g_signal_connect_swapped (session, "notify::page", G_CALLBACK (page_cb), self);
  g_signal_connect_swapped (session, "notify::can-continue", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (session, "notify::can-go-back", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (session, "notify::approval-needed", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (session, "notify::approved", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (session, "notify::chosen-incoming", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (session, "notify::store-state", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (session, "notify::detecting", G_CALLBACK (update_default), self);
  page_cb (self);
}

BdWindow *
bd_window_new (BdApplication *application)
{
  return g_object_new (BD_TYPE_WINDOW, "application", application, NULL);
}

/**
 * bd_window_get_session:
 *
 * Returns: (transfer none): the assistant's state.
 */
BdSetupSession *
bd_window_get_session (BdWindow *self)
{
  g_return_val_if_fail (BD_IS_WINDOW (self), NULL);

  return self->session;
}

/**
 * bd_window_get_visible_page:
 *
 * Returns: (transfer none): the page the leaflet shows.
 */
GtkWidget *
bd_window_get_visible_page (BdWindow *self)
{
  g_return_val_if_fail (BD_IS_WINDOW (self), NULL);

  return adw_leaflet_get_visible_child (self->leaflet);
}

/**
 * bd_window_get_page:
 *
 * Returns: (transfer none): the widget of @page, made now if it had not
 *   been shown yet.
 */
GtkWidget *
bd_window_get_page (BdWindow    *self,
                    BdSetupPage  page)
{
  g_return_val_if_fail (BD_IS_WINDOW (self), NULL);
  g_return_val_if_fail (page < N_PAGES, NULL);

  return ensure_page (self, page);
}
