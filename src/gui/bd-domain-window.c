/* bd-domain-window.c
 *
 * The assistant's "Check a Domain" (issue 14): a domain, the check
 * (BdDomainCheck, the same engine as `brevduva-cli domain`), one row per
 * finding with its evidence and fix, and what to publish, to copy or to
 * save. The window holds no protocol logic; it shows a BdDomainReport.
 * Closing it cancels the check.
 *
 * Saving asks for a file with GtkFileChooserNative (GTK 4.8 has no
 * GtkFileDialog), which goes through the file chooser portal in the
 * Flatpak; the text is written by bd_domain_window_save_async(). Without a
 * portal the chooser is GTK's own dialog, in-process, which the tests answer
 * as a person does.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bd-domain-render.h"
#include "bd-domain-window.h"
#include "bd-entry-row.h"
#include "bd-gui-util.h"

struct _BdDomainWindow
{
  AdwWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  BdEntryRow *domain_row;
  BdEntryRow *address_row;
  GtkButton *check_button;
  GtkSpinner *spinner;
  GtkLabel *status_label;
  GtkListBox *findings_list;
  GtkWidget *publish_box;
  GtkWidget *copy_config_button;
  GtkWidget *copy_srv_button;
  GtkWidget *save_config_button;
  GtkWidget *save_srv_button;
  GtkFileChooserNative *chooser;    /* while it asks where to save */

  BdDomainCheck *check;
  BdDomainReport *report;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (BdDomainWindow, bd_domain_window, ADW_TYPE_WINDOW)

static const char *
verdict_icon (BdDomainVerdict verdict)
{
  switch (verdict)
    {
    case BD_DOMAIN_VERDICT_PASS:
      return "emblem-ok-symbolic";
    case BD_DOMAIN_VERDICT_INFO:
      return "dialog-information-symbolic";
    case BD_DOMAIN_VERDICT_WARNING:
      return "dialog-warning-symbolic";
    case BD_DOMAIN_VERDICT_FAIL:
    default:
      return "dialog-error-symbolic";
    }
}

static const char *
verdict_style (BdDomainVerdict verdict)
{
  switch (verdict)
    {
    case BD_DOMAIN_VERDICT_PASS:
      return "success";
    case BD_DOMAIN_VERDICT_WARNING:
      return "warning";
    case BD_DOMAIN_VERDICT_FAIL:
      return "error";
    case BD_DOMAIN_VERDICT_INFO:
    default:
      return "dim-label";
    }
}

static GtkWidget *
detail_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  return label;
}

/* One finding: the verdict as an icon (and in words, for screen readers),
 * the title, and, expanded, the evidence and the fix. */
static GtkWidget *
finding_row (const BdDomainFinding *finding)
{
  BdDomainVerdict verdict = bd_domain_finding_get_verdict (finding);
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (verdict_icon (verdict));
  const char *evidence = bd_domain_finding_get_evidence (finding);
  const char *fix = bd_domain_finding_get_fix (finding);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), bd_domain_finding_get_title (finding));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), bd_domain_verdict_get_label (verdict));
  gtk_widget_add_css_class (icon, verdict_style (verdict));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  bd_domain_verdict_get_label (verdict), -1);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), icon);
  if (evidence != NULL)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), detail_label (evidence));
  if (fix != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Fix: %s"), fix);

      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), detail_label (text));
    }
  gtk_widget_set_sensitive (row, TRUE);
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (row), evidence != NULL || fix != NULL);
  return row;
}

static void
clear_findings (BdDomainWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->findings_list))) != NULL)
    gtk_list_box_remove (self->findings_list, child);
  gtk_widget_set_visible (GTK_WIDGET (self->findings_list), FALSE);
  gtk_widget_set_visible (self->publish_box, FALSE);
}

static void
set_busy (BdDomainWindow *self,
          gboolean        busy)
{
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_button), !busy);
}

static void
show_report (BdDomainWindow *self)
{
  GPtrArray *findings = bd_domain_report_get_findings (self->report);
  g_autofree char *config = bd_domain_render_config_xml (self->report);
  g_autofree char *srv = bd_domain_render_srv (self->report);
  g_autofree char *summary = NULL;

  for (guint i = 0; i < findings->len; i++)
    gtk_list_box_append (self->findings_list, finding_row (findings->pdata[i]));
  /* The expanders' arrows, nameless, out of the screen reader's way. */
  bd_gui_hide_decorations (GTK_WIDGET (self->findings_list), NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->findings_list), findings->len > 0);

  summary = g_strdup_printf (_("%s: passed %u, warnings %u, failed %u."),
                             bd_domain_report_get_domain (self->report),
                             bd_domain_report_count (self->report, BD_DOMAIN_VERDICT_PASS),
                             bd_domain_report_count (self->report, BD_DOMAIN_VERDICT_WARNING),
                             bd_domain_report_count (self->report, BD_DOMAIN_VERDICT_FAIL));
  gtk_label_set_text (self->status_label, summary);
  gtk_widget_set_visible (self->copy_config_button, config != NULL);
  gtk_widget_set_visible (self->save_config_button, config != NULL);
  gtk_widget_set_visible (self->copy_srv_button, srv != NULL);
  gtk_widget_set_visible (self->save_srv_button, srv != NULL);
  gtk_widget_set_visible (self->publish_box, config != NULL || srv != NULL);
}

static void
check_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(BdDomainWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdDomainReport) report = bd_domain_check_run_finish (BD_DOMAIN_CHECK (object), result,
                                                                 &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (report == NULL)
    {
      gtk_label_set_text (self->status_label, error->message);
      return;
    }
  bd_domain_window_show_report (self, report);
}

/**
 * bd_domain_window_show_report:
 * @report: a finished check's report
 *
 * Shows @report, with what it suggests publishing, to copy or save.
 */
void
bd_domain_window_show_report (BdDomainWindow *self,
                              BdDomainReport *report)
{
  g_return_if_fail (BD_IS_DOMAIN_WINDOW (self));
  g_return_if_fail (BD_IS_DOMAIN_REPORT (report));

  clear_findings (self);
  g_set_object (&self->report, report);
  show_report (self);
}

/* The optional address: autoconfig is then also asked with it. Whether it
 * is at the domain is the engine's to say. */
static gboolean
set_address (BdDomainWindow  *self,
             GError         **error)
{
  g_autofree char *address = g_strstrip (g_strdup (gtk_editable_get_text (
                                           GTK_EDITABLE (self->address_row))));

  return bd_domain_check_set_address (self->check, address[0] != '\0' ? address : NULL, error);
}

/**
 * bd_domain_window_check:
 * @domain: the domain, as the person typed it
 *
 * Starts checking @domain, stopping a check that still runs.
 */
void
bd_domain_window_check (BdDomainWindow *self,
                        const char     *domain)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ascii = NULL;

  g_return_if_fail (BD_IS_DOMAIN_WINDOW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->report);
  clear_findings (self);

  ascii = bd_domain_check_normalize (domain, &error);
  if (ascii == NULL)
    {
      set_busy (self, FALSE);
      gtk_label_set_text (self->status_label, error->message);
      return;
    }
  if (!set_address (self, &error))
    {
      set_busy (self, FALSE);
      gtk_label_set_text (self->status_label, error->message);
      return;
    }
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->domain_row)), domain) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->domain_row), domain);
  {
    g_autofree char *status = g_strdup_printf (_("Checking %s…"), ascii);

    gtk_label_set_text (self->status_label, status);
  }
  set_busy (self, TRUE);
  self->cancellable = g_cancellable_new ();
  bd_domain_check_run_async (self->check, ascii, self->cancellable, check_done_cb,
                             g_object_ref (self));
}

static void
check_clicked_cb (BdDomainWindow *self)
{
  bd_domain_window_check (self, gtk_editable_get_text (GTK_EDITABLE (self->domain_row)));
}

static void
domain_activated_cb (BdDomainWindow *self)
{
  check_clicked_cb (self);
}

static void
copy_text (BdDomainWindow *self,
           char           *text,
           const char     *toast)
{
  g_autofree char *owned = text;

  if (owned == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), owned);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (toast));
}

static void
copy_config_cb (BdDomainWindow *self)
{
  if (self->report != NULL)
    copy_text (self, bd_domain_render_config_xml (self->report),
               _("config-v1.1.xml copied"));
}

static void
copy_srv_cb (BdDomainWindow *self)
{
  if (self->report != NULL)
    copy_text (self, bd_domain_render_srv (self->report), _("SRV records copied"));
}

static char *
dup_publish_text (BdDomainWindow        *self,
                  BdDomainWindowPublish  what)
{
  if (self->report == NULL)
    return NULL;
  return what == BD_DOMAIN_WINDOW_PUBLISH_CONFIG ? bd_domain_render_config_xml (self->report)
                                                 : bd_domain_render_srv (self->report);
}

static void
replace_contents_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_parse_name (G_FILE (object));

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      g_task_return_new_error (task, error->domain, error->code,
                               _("%s could not be saved: %s"), name, error->message);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * bd_domain_window_save_async:
 * @what: the config-v1.1.xml or the SRV records of the last report
 * @file: where; replaced at once (the file chooser has asked)
 *
 * Writes what the last report suggests publishing to @file.
 */
void
bd_domain_window_save_async (BdDomainWindow        *self,
                             BdDomainWindowPublish  what,
                             GFile                 *file,
                             GCancellable          *cancellable,
                             GAsyncReadyCallback    callback,
                             gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length;

  g_return_if_fail (BD_IS_DOMAIN_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_domain_window_save_async);
  text = dup_publish_text (self, what);
  if (text == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("There is nothing to save: no server proved good."));
      return;
    }
  length = strlen (text);
  bytes = g_bytes_new_take (g_steal_pointer (&text), length);
  /* The chooser has asked before replacing a file; one that is there is
   * replaced atomically (written beside it, then renamed over it). */
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_NONE, cancellable,
                                       replace_contents_cb, g_steal_pointer (&task));
}

/**
 * bd_domain_window_save_finish:
 *
 * Returns: %TRUE when the file was written; else %FALSE with an error
 *   whose message names the file.
 */
gboolean
bd_domain_window_save_finish (BdDomainWindow  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  BdDomainWindow *self = BD_DOMAIN_WINDOW (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *toast = NULL;
  GtkWidget *dialog;

  if (bd_domain_window_save_finish (self, result, &error))
    {
      toast = g_strdup_printf (_("Saved as %s"), basename);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (toast));
      return;
    }
  /* A toast goes by unread: a failed save is said until the person closes it. */
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Not Saved"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * bd_domain_window_save_to_file:
 * @file: the file the person chose
 *
 * Saves what the last report suggests publishing to @file, as the file
 * chooser's answer does, and says how it went: a toast, or a dialog that
 * names the file.
 */
void
bd_domain_window_save_to_file (BdDomainWindow        *self,
                               BdDomainWindowPublish  what,
                               GFile                 *file)
{
  g_return_if_fail (BD_IS_DOMAIN_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  bd_domain_window_save_async (self, what, file, NULL, save_done_cb, g_object_ref (file));
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     BdDomainWindow  *self)
{
  BdDomainWindowPublish what = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (chooser),
                                                                    "bd-publish"));
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    bd_domain_window_save_to_file (self, what, file);
  g_clear_object (&self->chooser);
}

static void
ask_where_to_save (BdDomainWindow        *self,
                   BdDomainWindowPublish  what)
{
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  /* One at a time: it is modal, but a key repeat is quicker. */
  if (self->report == NULL || self->chooser != NULL)
    return;
  chooser = gtk_file_chooser_native_new (what == BD_DOMAIN_WINDOW_PUBLISH_CONFIG
                                         ? _("Save config-v1.1.xml")
                                         : _("Save SRV Records"),
                                         GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  /* The name the document is published under; the zone lines named for
   * the domain, to paste into its zone. */
  name = what == BD_DOMAIN_WINDOW_PUBLISH_CONFIG
    ? g_strdup ("config-v1.1.xml")
    : g_strdup_printf ("%s.srv.zone", bd_domain_report_get_domain (self->report));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "bd-publish", GUINT_TO_POINTER (what));
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  self->chooser = chooser;
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_config_cb (BdDomainWindow *self)
{
  ask_where_to_save (self, BD_DOMAIN_WINDOW_PUBLISH_CONFIG);
}

static void
save_srv_cb (BdDomainWindow *self)
{
  ask_where_to_save (self, BD_DOMAIN_WINDOW_PUBLISH_SRV);
}

static void
bd_domain_window_dispose (GObject *object)
{
  BdDomainWindow *self = BD_DOMAIN_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->check);
  g_clear_object (&self->report);
  gtk_widget_dispose_template (GTK_WIDGET (self), BD_TYPE_DOMAIN_WINDOW);

  G_OBJECT_CLASS (bd_domain_window_parent_class)->dispose (object);
}

static void
bd_domain_window_class_init (BdDomainWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* Its fields, as the assistant's, report their focus to screen readers. */
  g_type_ensure (BD_TYPE_ENTRY_ROW);

  object_class->dispose = bd_domain_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/brevduva/Brevduva/bd-domain-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BdDomainWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BdDomainWindow, domain_row);
  gtk_widget_class_bind_template_child (widget_class, BdDomainWindow, address_row);
  gtk_widget_class_bind_template_child (widget_class, BdDomainWindow, check_button);
  gtk_widget_class_bind_template_child (widget_class, BdDomainWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, BdDomainWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, BdDomainWindow, findings_list);
  gtk_widget_class_bind_template_child (widget_class, BdDomainWindow, publish_box);
  gtk_widget_class_bind_template_child (widget_class, BdDomainWindow, copy_config_button);
  gtk_widget_class_bind_template_child (widget_class, BdDomainWindow, copy_srv_button);
  gtk_widget_class_bind_template_child (widget_class, BdDomainWindow, save_config_button);
  gtk_widget_class_bind_template_child (widget_class, BdDomainWindow, save_srv_button);
  gtk_widget_class_bind_template_callback (widget_class, check_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, domain_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_config_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_srv_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_config_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_srv_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bd_domain_window_init (BdDomainWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* As the assistant's: no "_Check Check" from GTK 4.8 for a button with a
   * mnemonic, no nameless icons of libadwaita's. */
  bd_gui_hide_decorations (GTK_WIDGET (self), NULL);
  self->check = bd_domain_check_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->findings_list),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->status_label, NULL,
                                  -1);
}

/**
 * bd_domain_window_new:
 * @parent: (nullable): the assistant's window
 */
BdDomainWindow *
bd_domain_window_new (GtkWindow *parent)
{
  return g_object_new (BD_TYPE_DOMAIN_WINDOW,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       NULL);
}

/**
 * bd_domain_window_get_check:
 *
 * Returns: (transfer none): the engine the window runs, to set a CA file,
 *   an ISPDB or a resolver on (the tests do).
 */
BdDomainCheck *
bd_domain_window_get_check (BdDomainWindow *self)
{
  g_return_val_if_fail (BD_IS_DOMAIN_WINDOW (self), NULL);
  return self->check;
}

/**
 * bd_domain_window_get_report:
 *
 * Returns: (transfer none) (nullable): the last finished check's report.
 */
BdDomainReport *
bd_domain_window_get_report (BdDomainWindow *self)
{
  g_return_val_if_fail (BD_IS_DOMAIN_WINDOW (self), NULL);
  return self->report;
}
