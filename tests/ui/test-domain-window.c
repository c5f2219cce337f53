/* test-domain-window.c: "Check a Domain" under Xvfb
 *
 * The main menu opens it beside the assistant; bad input is said in one
 * line; a check runs to its report, one row per finding, with nothing to
 * publish when nothing proved good; closing the window frees it. What a
 * report suggests publishing is saved to a file by the save function given
 * a file (and a file that cannot be written is an error that names it, in
 * a dialog when the file chooser's answer was that file). The Save buttons,
 * reached by Tab and named for screen readers, open a file chooser (GTK's
 * own dialog here, in-process: there is no portal) with the name the text
 * is published under; answered as a person does, it saves exactly what
 * Copy copies, asks before replacing a file, writes nothing when cancelled,
 * refuses a path under a file itself, and a folder that takes no file
 * brings the window's "Not Saved", which stays until closed. An address
 * for the second autoconfig lookup that is not one, or not at the domain,
 * is said in one line. The names are answered by a resolver of the test's
 * own that knows none, so no network is needed (the checks themselves are proven in the detection
 * world, tests/integration/test-domain.py).
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "bd-application.h"
#include "bd-domain-render.h"
#include "bd-domain-window.h"
#include "bd-window.h"
#include "ui-test-util.h"

/* A resolver that knows no name and no record, and says so at once. */
#define NONE_TYPE_RESOLVER (none_resolver_get_type ())
G_DECLARE_FINAL_TYPE (NoneResolver, none_resolver, NONE, RESOLVER, GResolver)

struct _NoneResolver
{
  GResolver parent_instance;
};

G_DEFINE_FINAL_TYPE (NoneResolver, none_resolver, G_TYPE_RESOLVER)

static void
none_fail_async (GResolver           *resolver,
                 const char          *name,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);

  g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                           "No such name: %s", name);
}

static void
none_lookup_by_name_async (GResolver           *resolver,
                           const char          *name,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  none_fail_async (resolver, name, cancellable, callback, user_data);
}

static void
none_lookup_by_name_with_flags_async (GResolver                *resolver,
                                      const char               *name,
                                      GResolverNameLookupFlags  flags,
                                      GCancellable             *cancellable,
                                      GAsyncReadyCallback       callback,
                                      gpointer                  user_data)
{
  none_fail_async (resolver, name, cancellable, callback, user_data);
}

static void
none_lookup_records_async (GResolver           *resolver,
                           const char          *rrname,
                           GResolverRecordType  type,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  none_fail_async (resolver, rrname, cancellable, callback, user_data);
}

static gpointer
none_finish (GResolver     *resolver,
             GAsyncResult  *result,
             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GList *
none_lookup_by_name (GResolver     *resolver,
                     const char    *name,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "No such name: %s", name);
  return NULL;
}

static void
none_resolver_class_init (NoneResolverClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  resolver_class->lookup_by_name = none_lookup_by_name;
  resolver_class->lookup_by_name_async = none_lookup_by_name_async;
  resolver_class->lookup_by_name_finish = (gpointer) none_finish;
  resolver_class->lookup_by_name_with_flags_async = none_lookup_by_name_with_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = (gpointer) none_finish;
  resolver_class->lookup_records_async = none_lookup_records_async;
  resolver_class->lookup_records_finish = (gpointer) none_finish;
}

static void
none_resolver_init (NoneResolver *self)
{
}

static BdDomainWindow *
find_domain_window (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (BD_IS_DOMAIN_WINDOW (l->data))
      return l->data;
  return NULL;
}

static gboolean
has_report (gpointer data)
{
  return bd_domain_window_get_report (data) != NULL;
}

static gboolean
status_says_not_at (gpointer label)
{
  return strstr (gtk_label_get_text (label), "is not at example.test") != NULL;
}

static guint
count_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += GTK_IS_LIST_BOX_ROW (child);
  return n;
}

static void
test_domain_window (void)
{
  g_autoptr(BdApplication) app = bd_application_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GResolver) none = g_object_new (NONE_TYPE_RESOLVER, NULL);
  g_autoptr(GResolver) previous = g_resolver_get_default ();
  BdDomainWindow *domain_window;
  BdDomainReport *report;
  GtkWidget *findings_list, *publish_box, *status_label, *address_row;
  gboolean nothing_published = FALSE;
  BdWindow *window;

  ui_make_app_private (G_APPLICATION (app));
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  window = g_object_ref_sink (bd_window_new (app));
  gtk_window_present (GTK_WINDOW (window));
  ui_wait_mapped (GTK_WIDGET (window));

  /* The main menu's entry opens it, beside the assistant. */
  g_assert_null (find_domain_window ());
  g_action_group_activate_action (G_ACTION_GROUP (window), "check-domain", NULL);
  domain_window = find_domain_window ();
  g_assert_nonnull (domain_window);
  g_object_ref (domain_window);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (domain_window)) ==
                 GTK_WINDOW (window));
  ui_wait_mapped (GTK_WIDGET (domain_window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (domain_window)), ==, "Check a Domain");

  findings_list = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (domain_window),
                                                 BD_TYPE_DOMAIN_WINDOW, "findings_list"));
  publish_box = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (domain_window),
                                               BD_TYPE_DOMAIN_WINDOW, "publish_box"));
  status_label = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (domain_window),
                                                BD_TYPE_DOMAIN_WINDOW, "status_label"));

  /* Bad input: one line, no check. */
  bd_domain_window_check (domain_window, "alice@example.test");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status_label)), "is not a domain"));
  g_assert_false (gtk_widget_get_visible (findings_list));
  g_assert_null (bd_domain_window_get_report (domain_window));

  /* Enter in the domain's field checks what it holds, as the button does. */
  {
    GtkWidget *domain_row = GTK_WIDGET (gtk_widget_get_template_child (
      GTK_WIDGET (domain_window), BD_TYPE_DOMAIN_WINDOW, "domain_row"));

    gtk_label_set_text (GTK_LABEL (status_label), "");
    gtk_editable_set_text (GTK_EDITABLE (domain_row), "bob@example.test");
    g_signal_emit_by_name (ui_find_widget (domain_row, GTK_TYPE_ENTRY, 0), "activate");
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status_label)), "is not a domain"));
    gtk_editable_set_text (GTK_EDITABLE (domain_row), "");
  }

  /* An address that is not one, or not at the domain: said in one line. */
  g_resolver_set_default (none);
  address_row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (domain_window),
                                                           BD_TYPE_DOMAIN_WINDOW, "address_row"));
  gtk_editable_set_text (GTK_EDITABLE (address_row), "not an address");
  bd_domain_window_check (domain_window, "example.test");
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (status_label)), "Checking"));
  g_assert_false (gtk_widget_get_visible (findings_list));
  gtk_editable_set_text (GTK_EDITABLE (address_row), "bob@other.test");
  bd_domain_window_check (domain_window, "example.test");
  bd_test_wait_until (status_says_not_at, status_label, 20000);
  g_assert_null (bd_domain_window_get_report (domain_window));
  gtk_editable_set_text (GTK_EDITABLE (address_row), "");

  /* A domain that publishes nothing: a report, one row per finding. */
  bd_domain_check_set_ispdb_url (bd_domain_window_get_check (domain_window),
                                 "https://ispdb.example.test/v1.1/");
  bd_domain_check_set_timeout (bd_domain_window_get_check (domain_window), 5000);
  bd_domain_window_check (domain_window, "Example.TEST");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status_label)), "example.test"));
  bd_test_wait_until (has_report, domain_window, 20000);
  report = bd_domain_window_get_report (domain_window);
  g_assert_cmpstr (bd_domain_report_get_domain (report), ==, "example.test");
  g_assert_true (gtk_widget_get_visible (findings_list));
  g_assert_cmpuint (count_rows (findings_list), ==, bd_domain_report_get_findings (report)->len);
  for (guint i = 0; i < bd_domain_report_get_findings (report)->len; i++)
    nothing_published |= g_str_equal (bd_domain_finding_get_check (
                                        bd_domain_report_get_findings (report)->pdata[i]),
                                      "nothing-published");
  g_assert_true (nothing_published);
  g_assert_false (gtk_widget_get_visible (publish_box));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status_label)), "example.test:"));
  g_resolver_set_default (previous);

  /* Closing it frees it; the assistant stays. */
  gtk_window_destroy (GTK_WINDOW (domain_window));
  g_assert_finalize_object (domain_window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static BdDomainReport *
make_good_report (void)
{
  BdDomainReport *report = bd_domain_report_new ("example.test");
  g_autoptr(BdServer) imap = bd_server_new (BD_PROTOCOL_IMAP, "imap.example.test", 993,
                                            BD_SECURITY_TLS, "brevduva-domain-check@example.test");
  g_autoptr(BdServer) smtp = bd_server_new (BD_PROTOCOL_SMTP, "smtp.example.test", 465,
                                            BD_SECURITY_TLS, "brevduva-domain-check@example.test");

  bd_domain_report_add_good_server (report, imap);
  bd_domain_report_add_good_server (report, smtp);
  bd_domain_report_add (report, bd_domain_finding_new ("server", BD_DOMAIN_VERDICT_PASS, "ok",
                                                       NULL, NULL));
  return report;
}

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *error;
} SaveResult;

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SaveResult *save = user_data;

  save->ok = bd_domain_window_save_finish (BD_DOMAIN_WINDOW (object), result, &save->error);
  save->done = TRUE;
}

static gboolean
save_done (gpointer data)
{
  return ((SaveResult *) data)->done;
}

static gboolean
save_to (BdDomainWindow         *window,
         BdDomainWindowPublish   what,
         GFile                  *file,
         GError                **error)
{
  SaveResult save = { FALSE, FALSE, NULL };

  bd_domain_window_save_async (window, what, file, NULL, save_cb, &save);
  bd_test_wait_until (save_done, &save, 20000);
  if (save.error != NULL)
    g_propagate_error (error, save.error);
  return save.ok;
}

static char *
read_file (const char *path)
{
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  return text;
}

static gboolean
has_chooser (gpointer data)
{
  return ui_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL;
}

static gboolean
has_message_dialog (gpointer data)
{
  return ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* The whole text: a new file is written in place, so it is seen empty first. */
static gboolean
file_has_text (gpointer data)
{
  const char **path_and_text = data;
  g_autofree char *text = NULL;

  g_file_get_contents (path_and_text[0], &text, NULL, NULL);
  return g_strcmp0 (text, path_and_text[1]) == 0;
}

static gboolean
has_no_chooser (gpointer data)
{
  return ui_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) == NULL;
}

static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* For a condition no event of the main loop is sure to announce (a window
 * mapped or gone): wakes the loop to ask again. */
static void
wait_polling (BdTestCondition condition,
              gpointer        data)
{
  guint tick = g_timeout_add (50, tick_cb, NULL);

  bd_test_wait_until (condition, data, 20000);
  g_source_remove (tick);
}

static GtkWidget *
template_child (BdDomainWindow *window,
                const char     *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), BD_TYPE_DOMAIN_WINDOW,
                                                    name));
}

/* The button, clicked as a person does, asks where, with GTK's own chooser
 * here (no portal), in-process: a modal chooser to save a file, for the
 * window, with the name the text is published under. */
static GtkFileChooser *
open_chooser (BdDomainWindow *window,
              GtkWidget      *button,
              const char     *name)
{
  GtkWindow *chooser;
  g_autofree char *current_name = NULL;

  g_assert_null (ui_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_activate (button));
  wait_polling (has_chooser, NULL);
  chooser = ui_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==,
                   GTK_FILE_CHOOSER_ACTION_SAVE);
  g_assert_true (gtk_window_get_transient_for (chooser) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (chooser));
  current_name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpstr (current_name, ==, name);
  return GTK_FILE_CHOOSER (chooser);
}

/* Clicks the button of @dialog that answers @response, as a person does. */
static void
click_response (GtkWindow  *dialog,
                int         response,
                const char *label)
{
  GtkWidget *button = gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), response);

  g_assert_nonnull (button);
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, label);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_activate (button));
}

/* The person types where in the Name field, the whole path (the field takes
 * one), and clicks Save or Cancel. Browsing to the folder instead would set
 * it in the background while the chooser still lists the first one, and
 * GTK 4.8 then says "The folder contents could not be displayed: Operation
 * was cancelled" in a dialog of its own. */
static void
answer_chooser (GtkFileChooser *chooser,
                const char     *path,
                int             response)
{
  g_autoptr(GFile) chosen = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);

  gtk_file_chooser_set_current_name (chooser, path);
  chosen = gtk_file_chooser_get_file (chooser);
  g_assert_nonnull (chosen);
  g_assert_true (g_file_equal (chosen, file));
  click_response (GTK_WINDOW (chooser), response,
                  response == GTK_RESPONSE_ACCEPT ? "_Save" : "_Cancel");
}

/* Clicks the button labelled @label in @root, as a person does. */
static void
click_button (GtkWidget  *root,
              const char *label)
{
  GtkWidget *button;

  for (guint i = 0; (button = ui_find_widget (root, GTK_TYPE_BUTTON, i)) != NULL; i++)
    if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (button)), label) == 0)
      break;
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_activate (button));
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* A GTK message dialog of the chooser's own, over it. */
static GtkWindow *
find_chooser_message (const char *text)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      g_autofree char *said = NULL;

      if (!GTK_IS_MESSAGE_DIALOG (l->data) || !gtk_widget_get_visible (l->data))
        continue;
      g_object_get (l->data, "text", &said, NULL);
      if (strstr (said, text) != NULL)
        return l->data;
    }
  return NULL;
}

static gboolean
has_chooser_message (gpointer text)
{
  return find_chooser_message (text) != NULL;
}

typedef struct
{
  BdDomainWindow *window;
  const char *text;
} ToastWait;

static gboolean
has_toast (gpointer data)
{
  ToastWait *wait = data;

  return ui_find_label (GTK_WIDGET (wait->window), wait->text) != NULL;
}

/* Saved through the chooser: the file holds exactly the text. */
static void
wait_saved (const char *path,
            const char *text)
{
  const char *path_and_text[2] = { path, text };

  wait_polling (file_has_text, path_and_text);
  wait_polling (has_no_chooser, NULL);
  g_assert_null (ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

/* A window whose toast still moves is freed when it has stopped: freed
 * all the same, a moment later. */
static void
assert_freed (BdDomainWindow *window)
{
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  wait_polling (is_null, &weak);
}

/* Reads the clipboard's text the moment it is set, before X11 can tell of
 * the new owner (the window itself). */
static void
clipboard_changed_cb (GdkClipboard *clipboard,
                      char        **text)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  if (!gdk_clipboard_is_local (clipboard) || *text != NULL)
    return;
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (gdk_clipboard_get_content (clipboard), &value,
                                                 &error));
  g_assert_no_error (error);
  *text = g_value_dup_string (&value);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

/* What the Copy button puts on the clipboard. A button activated clicks
 * when its pressed look has been shown, a moment later. */
static char *
copy_with_button (BdDomainWindow *window,
                  GtkWidget      *button)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  char *text = NULL;
  gulong handler = g_signal_connect (clipboard, "changed", G_CALLBACK (clipboard_changed_cb),
                                     &text);

  g_assert_true (gtk_widget_activate (button));
  bd_test_wait_until (is_set, &text, 20000);
  g_signal_handler_disconnect (clipboard, handler);
  return text;
}

static void
test_domain_window_save (void)
{
  g_autoptr(BdDomainReport) report = make_good_report ();
  g_autoptr(BdDomainReport) empty = bd_domain_report_new ("example.test");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bd-domain-save-XXXXXX", &error);
  g_autofree char *config_path = g_build_filename (dir, "config-v1.1.xml", NULL);
  g_autofree char *srv_path = g_build_filename (dir, "example.test.zone", NULL);
  g_autofree char *answered_path = g_build_filename (dir, "answered.zone", NULL);
  g_autofree char *missing_path = g_build_filename (dir, "no-such-dir", "config-v1.1.xml",
                                                    NULL);
  g_autofree char *config = bd_domain_render_config_xml (report);
  g_autofree char *srv = bd_domain_render_srv (report);
  g_autofree char *saved = NULL;
  g_autoptr(GFile) config_file = g_file_new_for_path (config_path);
  g_autoptr(GFile) srv_file = g_file_new_for_path (srv_path);
  g_autoptr(GFile) missing_file = g_file_new_for_path (missing_path);
  g_autoptr(GFile) answered_file = g_file_new_for_path (answered_path);
  const char *path_and_text[2];
  GtkWindow *dialog;
  BdDomainWindow *window;
  GtkWidget *save_config_button, *save_srv_button, *publish_box;

  g_assert_no_error (error);
  g_assert_nonnull (config);
  g_assert_nonnull (srv);
  window = g_object_ref_sink (bd_domain_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  ui_wait_mapped (GTK_WIDGET (window));
  save_config_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                  BD_TYPE_DOMAIN_WINDOW,
                                                                  "save_config_button"));
  save_srv_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                               BD_TYPE_DOMAIN_WINDOW,
                                                               "save_srv_button"));
  publish_box = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                           BD_TYPE_DOMAIN_WINDOW, "publish_box"));

  /* Nothing proved good: nothing to save, and no buttons. */
  bd_domain_window_show_report (window, empty);
  g_assert_false (gtk_widget_get_visible (publish_box));
  g_assert_false (save_to (window, BD_DOMAIN_WINDOW_PUBLISH_CONFIG, config_file, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (g_file_test (config_path, G_FILE_TEST_EXISTS));

  /* Good servers: both buttons, keyboard-reachable and named. */
  bd_domain_window_show_report (window, report);
  g_assert_true (gtk_widget_get_visible (publish_box));
  g_assert_true (gtk_widget_get_visible (save_config_button));
  g_assert_true (gtk_widget_get_visible (save_srv_button));
  g_assert_true (gtk_widget_get_focusable (save_config_button));
  g_assert_true (gtk_widget_get_focusable (save_srv_button));
  g_assert_true (gtk_button_get_use_underline (GTK_BUTTON (save_config_button)));
  g_assert_true (gtk_button_get_use_underline (GTK_BUTTON (save_srv_button)));
  g_assert_nonnull (strstr (gtk_button_get_label (GTK_BUTTON (save_config_button)), "Save"));
  g_assert_nonnull (strstr (gtk_button_get_label (GTK_BUTTON (save_srv_button)), "SRV"));

  /* The save function writes exactly what the copy buttons copy. */
  g_assert_true (save_to (window, BD_DOMAIN_WINDOW_PUBLISH_CONFIG, config_file, &error));
  g_assert_no_error (error);
  saved = read_file (config_path);
  g_assert_cmpstr (saved, ==, config);
  g_clear_pointer (&saved, g_free);
  g_assert_true (save_to (window, BD_DOMAIN_WINDOW_PUBLISH_SRV, srv_file, &error));
  g_assert_no_error (error);
  saved = read_file (srv_path);
  g_assert_cmpstr (saved, ==, srv);
  g_clear_pointer (&saved, g_free);

  /* A file that cannot be written: an error that names it. */
  g_assert_false (save_to (window, BD_DOMAIN_WINDOW_PUBLISH_CONFIG, missing_file, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, missing_path));
  g_clear_error (&error);

  /* What the chooser's answer does: saves, or says in a dialog that stays
   * until closed that it could not, naming the file. */
  bd_domain_window_save_to_file (window, BD_DOMAIN_WINDOW_PUBLISH_SRV, answered_file);
  path_and_text[0] = answered_path;
  path_and_text[1] = srv;
  wait_polling (file_has_text, path_and_text);
  g_assert_null (ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  bd_domain_window_save_to_file (window, BD_DOMAIN_WINDOW_PUBLISH_CONFIG, missing_file);
  wait_polling (has_message_dialog, NULL);
  dialog = ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Not Saved");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            missing_path));
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_destroy (dialog);
  wait_polling (is_null, &dialog);

  g_assert_cmpuint (count_files (dir), ==, 3);

  assert_freed (window);
  g_unlink (config_path);
  g_unlink (srv_path);
  g_unlink (answered_path);
  g_rmdir (dir);
}

/* A screen reader names @button by its label, read as shown: no mnemonic
 * underscore, not twice (GTK 4.8 gives it a label property of its own,
 * underscore and all, as well). */
static void
assert_button_named (GtkWidget  *button,
                     const char *name)
{
  GtkWidget *label = gtk_button_get_child (GTK_BUTTON (button));

  g_assert_true (GTK_IS_LABEL (label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, name);
  gtk_test_accessible_assert_relation (GTK_ACCESSIBLE (button),
                                       GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL);
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (button),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL));
}

/* Tab from the window's start until the focus is on @button. */
static void
tab_to (BdDomainWindow *window,
        GtkWidget      *button)
{
  for (guint i = 0; i < 40; i++)
    {
      if (gtk_root_get_focus (GTK_ROOT (window)) == button)
        return;
      gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD);
    }
  g_error ("Tab never reached “%s”", gtk_button_get_label (GTK_BUTTON (button)));
}

/* The Save buttons, driven as a person does: by keyboard or click, the
 * chooser answered with a file (written with exactly what the Copy button
 * copies), with a file that is there (GTK asks before replacing it), with
 * Cancel (nothing written), with a path under a file (GTK's chooser refuses
 * it itself) and with a folder nobody can write in (the window's error,
 * which stays until closed). */
static void
test_domain_window_save_through_chooser (void)
{
  g_autoptr(BdDomainReport) report = make_good_report ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bd-domain-chooser-XXXXXX", &error);
  g_autofree char *config_path = g_build_filename (dir, "config-v1.1.xml", NULL);
  g_autofree char *srv_path = g_build_filename (dir, "example.test.srv.zone", NULL);
  g_autofree char *existing_path = g_build_filename (dir, "existing.xml", NULL);
  g_autofree char *cancelled_path = g_build_filename (dir, "cancelled.xml", NULL);
  g_autofree char *regular_path = g_build_filename (dir, "regular", NULL);
  g_autofree char *under_regular_path = g_build_filename (regular_path, "config-v1.1.xml", NULL);
  /* /proc takes no new file, not even from root (the tests run as root in
   * CI, where a read-only folder would not stop a write). */
  g_autofree char *unwritable_path = g_strdup_printf ("/proc/brevduva-test-%d.xml", getpid ());
  g_autofree char *config = bd_domain_render_config_xml (report);
  g_autofree char *srv = bd_domain_render_srv (report);
  g_autofree char *copied = NULL;
  g_autofree char *text = NULL;
  GtkWidget *save_config_button, *save_srv_button;
  GtkFileChooser *chooser;
  GtkWindow *message;
  BdDomainWindow *window;
  ToastWait saved_toast = { NULL, "Saved as config-v1.1.xml" };

  g_assert_no_error (error);
  g_assert_nonnull (config);
  g_assert_nonnull (srv);
  g_assert_true (g_file_test ("/proc/self", G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_set_contents (existing_path, "old", -1, NULL));
  g_assert_true (g_file_set_contents (regular_path, "a file", -1, NULL));
  window = g_object_ref_sink (bd_domain_window_new (NULL));
  saved_toast.window = window;
  gtk_window_present (GTK_WINDOW (window));
  ui_wait_mapped (GTK_WIDGET (window));
  bd_domain_window_show_report (window, report);
  save_config_button = template_child (window, "save_config_button");
  save_srv_button = template_child (window, "save_srv_button");

  /* By keyboard: Tab reaches the button, which has a name for screen
   * readers, and Enter opens the chooser. Saved: exactly what Copy copies. */
  tab_to (window, save_config_button);
  assert_button_named (save_config_button, "Save config-v1.1.xml…");
  assert_button_named (save_srv_button, "Save SRV Records…");
  chooser = open_chooser (window, gtk_root_get_focus (GTK_ROOT (window)), "config-v1.1.xml");
  answer_chooser (chooser, config_path, GTK_RESPONSE_ACCEPT);
  wait_saved (config_path, config);
  /* A toast says so, by the file's name (the next wait behind it, seconds). */
  wait_polling (has_toast, &saved_toast);
  copied = copy_with_button (window, template_child (window, "copy_config_button"));
  g_assert_cmpstr (copied, ==, config);
  g_clear_pointer (&copied, g_free);

  /* The SRV records, under the domain's name, clicked. */
  chooser = open_chooser (window, save_srv_button, "example.test.srv.zone");
  answer_chooser (chooser, srv_path, GTK_RESPONSE_ACCEPT);
  wait_saved (srv_path, srv);
  copied = copy_with_button (window, template_child (window, "copy_srv_button"));
  g_assert_cmpstr (copied, ==, srv);

  /* A file that is there: GTK asks first, and Replace replaces it. */
  chooser = open_chooser (window, save_config_button, "config-v1.1.xml");
  answer_chooser (chooser, existing_path, GTK_RESPONSE_ACCEPT);
  wait_polling (has_chooser_message, (gpointer) "already exists");
  click_response (find_chooser_message ("already exists"), GTK_RESPONSE_ACCEPT, "_Replace");
  wait_saved (existing_path, config);

  /* Cancel writes nothing. */
  chooser = open_chooser (window, save_config_button, "config-v1.1.xml");
  g_object_add_weak_pointer (G_OBJECT (chooser), (gpointer *) &chooser);
  answer_chooser (chooser, cancelled_path, GTK_RESPONSE_CANCEL);
  wait_polling (is_null, &chooser);
  g_assert_null (ui_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
  g_assert_false (g_file_test (cancelled_path, G_FILE_TEST_EXISTS));
  g_assert_null (ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  /* A path under a file: GTK's chooser says itself that it is not a
   * folder, and stays open; the window is not asked to write. */
  chooser = open_chooser (window, save_config_button, "config-v1.1.xml");
  g_object_add_weak_pointer (G_OBJECT (chooser), (gpointer *) &chooser);
  answer_chooser (chooser, under_regular_path, GTK_RESPONSE_ACCEPT);
  wait_polling (has_chooser_message, (gpointer) "not a folder");
  message = find_chooser_message ("not a folder");
  g_assert_true (gtk_window_get_transient_for (message) == GTK_WINDOW (chooser));
  click_response (message, GTK_RESPONSE_OK, "_OK");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (chooser)));
  g_assert_null (ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  answer_chooser (chooser, cancelled_path, GTK_RESPONSE_CANCEL);
  wait_polling (is_null, &chooser);
  g_assert_true (g_file_get_contents (regular_path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "a file");
  g_assert_false (g_file_test (cancelled_path, G_FILE_TEST_EXISTS));

  /* A folder nobody can write in: the window's "Not Saved", naming the
   * file, over the window; it stays after the chooser is gone, until the
   * person closes it. */
  chooser = open_chooser (window, save_config_button, "config-v1.1.xml");
  g_object_add_weak_pointer (G_OBJECT (chooser), (gpointer *) &chooser);
  answer_chooser (chooser, unwritable_path, GTK_RESPONSE_ACCEPT);
  wait_polling (has_message_dialog, NULL);
  wait_polling (is_null, &chooser);
  message = ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_object_add_weak_pointer (G_OBJECT (message), (gpointer *) &message);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (message)), ==,
                   "Not Saved");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (message)),
                            unwritable_path));
  g_assert_true (gtk_window_get_transient_for (message) == GTK_WINDOW (window));
  bd_test_iterate_pending ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (message)));
  g_assert_false (g_file_test (unwritable_path, G_FILE_TEST_EXISTS));
  click_button (GTK_WIDGET (message), "_Close");
  wait_polling (is_null, &message);

  g_assert_cmpuint (count_files (dir), ==, 4);
  assert_freed (window);
  g_unlink (config_path);
  g_unlink (srv_path);
  g_unlink (existing_path);
  g_unlink (regular_path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/domain-window/opens-checks-and-closes", test_domain_window);
  g_test_add_func ("/ui/domain-window/saves", test_domain_window_save);
  g_test_add_func ("/ui/domain-window/saves-through-the-chooser",
                   test_domain_window_save_through_chooser);

  return g_test_run ();
}
