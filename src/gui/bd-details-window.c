/* bd-details-window.c
 *
 * The whole of a probe report, in groups: the result and what to do, the
 * connection and its encryption, the server's certificate, every step with
 * its time, what the server offers, and the transcript with every secret
 * hidden (the report never holds one). For a server that fails only
 * because of its certificate, Trust… asks whether to accept that one
 * certificate by its fingerprint.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bd-gui-util.h"
#include "bd-details-window.h"
#include "bd-server-check.h"
#include "bd-probe-render.h"
#include "bd-tls-certificate.h"
#include "bd-trust-dialog.h"

struct _BdDetailsWindow
{
  AdwWindow parent_instance;

  BdProbeReport *report;
  BdSetupSession *session; /* weak */
  BdServerCheck *check;

  AdwWindowTitle *window_title;
  AdwPreferencesGroup *result_group;
  AdwPreferencesGroup *connection_group;
  AdwPreferencesGroup *certificate_group;
  GtkWidget *trust_button;
  AdwPreferencesGroup *steps_group;
  AdwPreferencesGroup *capabilities_group;
  AdwPreferencesGroup *transcript_group;
  GtkTextView *transcript_view;
};

G_DEFINE_FINAL_TYPE (BdDetailsWindow, bd_details_window, ADW_TYPE_WINDOW)

static GtkWidget *
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value != NULL ? value : "");
  adw_preferences_group_add (group, row);
  return row;
}

static char *
join (const char * const *strv,
      const char         *separator)
{
  if (strv == NULL || strv[0] == NULL)
    {
      /* TRANSLATORS: in place of an empty list (of capabilities, login
       * methods or certificate problems) */
      return g_strdup (C_("empty list", "None"));
    }
  return g_strjoinv (separator, (char **) strv);
}

static char *
capitalize (const char *text)
{
  gunichar first = g_utf8_get_char (text);
  char buffer[8] = { 0 };

  g_unichar_to_utf8 (g_unichar_totitle (first), buffer);
  return g_strconcat (buffer, g_utf8_next_char (text), NULL);
}

static char *
format_date (GDateTime *date)
{
  if (date == NULL)
    return g_strdup (_("Unknown"));
  return g_date_time_format (date, "%Y-%m-%d %H:%M UTC");
}

static void
fill_result (BdDetailsWindow *self)
{
  const GError *error = bd_probe_report_get_error (self->report);
  const char *failed_step = bd_probe_report_get_failed_step (self->report);
  const char *server_says = bd_probe_report_get_server_says (self->report);
  const char *mechanism = bd_probe_report_get_login_mechanism (self->report);
  const char *login;
  GtkWidget *row;

  row = add_row (self->result_group, _("Outcome"),
                 error != NULL ? error->message : _("The server works."));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             g_object_new (GTK_TYPE_IMAGE,
                                           "icon-name", error != NULL ? "dialog-error-symbolic"
                                                                      : "emblem-ok-symbolic",
                                           /* The row's text says it. */
                                           "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                           NULL));
  if (failed_step != NULL)
    {
      g_autofree char *step = capitalize (bd_probe_step_get_label (failed_step));

      add_row (self->result_group, _("Failed Step"), step);
    }
  if (bd_probe_report_get_advice (self->report) != NULL)
    add_row (self->result_group, _("What to Do"), bd_probe_report_get_advice (self->report));
  if (server_says != NULL)
    add_row (self->result_group, _("The Server Said"), server_says);

  switch (bd_probe_report_get_login (self->report))
    {
    case BD_PROBE_LOGIN_OK:
      login = _("The password was accepted.");
      break;
    case BD_PROBE_LOGIN_FAILED:
      login = _("The password was refused.");
      break;
    case BD_PROBE_LOGIN_SKIPPED:
    default:
      login = _("Not tried.");
      break;
    }
  row = add_row (self->result_group, _("Login"), login);
  if (mechanism != NULL)
    {
      /* TRANSLATORS: the login's outcome and the SASL mechanism used: "The password was accepted. (SCRAM-SHA-256)" */
      g_autofree char *text = g_strdup_printf (_("%s (%s)"), login, mechanism);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
    }
}

static void
fill_connection (BdDetailsWindow *self)
{
  const char *address = bd_probe_report_get_address (self->report);
  const char *version = bd_probe_report_get_tls_version (self->report);
  const char *cipher = bd_probe_report_get_tls_cipher (self->report);
  const char * const *problems = bd_probe_report_get_problems (self->report);
  g_autofree char *problem_text = NULL;

  add_row (self->connection_group, _("Server"), bd_probe_report_get_url (self->report));
  if (address != NULL)
    add_row (self->connection_group, _("Connected To"), address);
  add_row (self->connection_group, _("Encryption"),
           /* TRANSLATORS: "Encryption: None", the connection is not encrypted */
           version != NULL ? version : C_("encryption", "None"));
  if (cipher != NULL)
    add_row (self->connection_group, _("Cipher"), cipher);
  if (version == NULL)
    return;
  if (bd_probe_report_get_pinned (self->report))
    add_row (self->connection_group, _("Certificate Check"),
             _("Accepted by its fingerprint"));
  else if (bd_probe_report_get_verified (self->report))
    add_row (self->connection_group, _("Certificate Check"), _("Verified"));
  else
    {
      problem_text = join (problems, ", ");
      add_row (self->connection_group, _("Certificate Check"), problem_text);
    }
}

static void
fill_certificate (BdDetailsWindow *self)
{
  GPtrArray *chain = bd_probe_report_get_certificates (self->report);
  const BdTlsCertificate *leaf;
  g_autofree char *sans = NULL;
  g_autofree char *not_before = NULL;
  g_autofree char *not_after = NULL;
  g_autofree char *key = NULL;

  if (chain == NULL || chain->len == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->certificate_group), FALSE);
      return;
    }
  leaf = g_ptr_array_index (chain, 0);
  sans = join (bd_tls_certificate_get_sans (leaf), ", ");
  not_before = format_date (bd_tls_certificate_get_not_before (leaf));
  not_after = format_date (bd_tls_certificate_get_not_after (leaf));
  /* TRANSLATORS: a public key: "RSA, 2048 bits" */
  key = g_strdup_printf (_("%s, %u bits"), bd_tls_certificate_get_key_type (leaf),
                         bd_tls_certificate_get_key_bits (leaf));

  add_row (self->certificate_group, _("Subject"), bd_tls_certificate_get_subject (leaf));
  add_row (self->certificate_group, _("Names"), sans);
  add_row (self->certificate_group, _("Issued By"), bd_tls_certificate_get_issuer (leaf));
  add_row (self->certificate_group, _("Valid From"), not_before);
  add_row (self->certificate_group, _("Valid Until"), not_after);
  add_row (self->certificate_group, _("Public Key"), key);
  add_row (self->certificate_group, _("Signature"),
           bd_tls_certificate_get_signature_algorithm (leaf));
  add_row (self->certificate_group, _("SHA-256 Fingerprint"),
           bd_tls_certificate_get_sha256 (leaf));
  if (chain->len > 1)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "The server sent %u more certificate.",
                                                            "The server sent %u more certificates.",
                                                            chain->len - 1),
                                               chain->len - 1);

      add_row (self->certificate_group, _("Chain"), text);
    }
}

static void
fill_steps (BdDetailsWindow *self)
{
  GPtrArray *steps = bd_probe_report_get_steps (self->report);

  for (guint i = 0; i < steps->len; i++)
    {
      const BdProbeStep *step = g_ptr_array_index (steps, i);
      g_autofree char *title = capitalize (bd_probe_step_get_label (step->name));
      /* TRANSLATORS: how long a step took */
      g_autofree char *ms = g_strdup_printf (_("%u ms"), step->ms);
      GtkWidget *row = add_row (self->steps_group, title, ms);
      GtkWidget *icon = gtk_image_new ();

      bd_gui_set_status_icon (GTK_IMAGE (icon),
                              step->ok ? "emblem-ok-symbolic" : "dialog-error-symbolic",
                              step->ok ? "success" : "error",
                              step->ok ? _("Done") : _("Failed"));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->steps_group), steps->len > 0);
}

static void
fill_capabilities (BdDetailsWindow *self)
{
  g_autofree char *capabilities = join (bd_probe_report_get_capabilities (self->report), " ");
  g_autofree char *mechanisms = join (bd_probe_report_get_auth_mechanisms (self->report), " ");

  add_row (self->capabilities_group, _("Capabilities"), capabilities);
  add_row (self->capabilities_group, _("Login Methods"), mechanisms);
}

static void
fill_transcript (BdDetailsWindow *self)
{
  GPtrArray *transcript = bd_probe_report_get_transcript (self->report);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < transcript->len; i++)
    {
      const BdTranscriptLine *line = g_ptr_array_index (transcript, i);
      const char *prefix;

      switch (line->direction)
        {
        case BD_TRANSCRIPT_CLIENT:
          prefix = "C: ";
          break;
        case BD_TRANSCRIPT_SERVER:
          prefix = "S: ";
          break;
        case BD_TRANSCRIPT_NOTE:
        default:
          prefix = "   ";
          break;
        }
      g_string_append_printf (text, "%s%s\n", prefix, line->line);
    }
  if (text->len > 0)
    g_string_truncate (text, text->len - 1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->transcript_view), text->str, -1);
  gtk_widget_set_visible (GTK_WIDGET (self->transcript_group), transcript->len > 0);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  BdDetailsWindow *self = BD_DETAILS_WINDOW (widget);
  g_autoptr(GString) text = g_string_new (NULL);

  bd_probe_render_append_text (text, self->report);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text->str);
}

static void
trust_certificate_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  BdDetailsWindow *self = BD_DETAILS_WINDOW (widget);
  GtkWidget *dialog;

  /* The server may be under test again by now, with nothing to accept. */
  if (self->session == NULL || self->check == NULL ||
      bd_server_check_get_untrusted_fingerprint (self->check) == NULL)
    return;
  dialog = bd_trust_dialog_new (GTK_WINDOW (self), self->session, self->check);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
bd_details_window_dispose (GObject *object)
{
  BdDetailsWindow *self = BD_DETAILS_WINDOW (object);

  if (self->check != NULL)
    g_signal_handlers_disconnect_by_data (self->check, self);
  g_clear_object (&self->check);
  g_clear_weak_pointer (&self->session);
  g_clear_object (&self->report);
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_DETAILS_WINDOW);

  G_OBJECT_CLASS (bd_details_window_parent_class)->dispose (object);
}

static void
bd_details_window_class_init (BdDetailsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_details_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/brevduva/Brevduva/bd-details-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BdDetailsWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, BdDetailsWindow, result_group);
  gtk_widget_class_bind_template_child (widget_class, BdDetailsWindow, connection_group);
  gtk_widget_class_bind_template_child (widget_class, BdDetailsWindow, certificate_group);
  gtk_widget_class_bind_template_child (widget_class, BdDetailsWindow, trust_button);
  gtk_widget_class_bind_template_child (widget_class, BdDetailsWindow, steps_group);
  gtk_widget_class_bind_template_child (widget_class, BdDetailsWindow, capabilities_group);
  gtk_widget_class_bind_template_child (widget_class, BdDetailsWindow, transcript_group);
  gtk_widget_class_bind_template_child (widget_class, BdDetailsWindow, transcript_view);

  gtk_widget_class_install_action (widget_class, "details.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "details.trust-certificate", NULL,
                                   trust_certificate_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bd_details_window_init (BdDetailsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bd_gui_hide_decorations (GTK_WIDGET (self), NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.trust-certificate", FALSE);
}

/**
 * bd_details_window_new:
 *
 * Returns: (transfer floating): a window showing @report.
 */
GtkWidget *
bd_details_window_new (BdProbeReport *report)
{
  BdDetailsWindow *self;

  g_return_val_if_fail (BD_IS_PROBE_REPORT (report), NULL);

  self = g_object_new (BD_TYPE_DETAILS_WINDOW, NULL);
  self->report = g_object_ref (report);
  adw_window_title_set_subtitle (self->window_title, bd_probe_report_get_url (report));
  fill_result (self);
  fill_connection (self);
  fill_certificate (self);
  fill_steps (self);
  fill_capabilities (self);
  fill_transcript (self);
  return GTK_WIDGET (self);
}

/**
 * bd_details_window_offer_trust:
 * @session: the session that tests @check's server
 * @check: the server whose report the window shows
 *
 * Offers Trust… when the report's failure is only about the certificate.
 * Once the certificate is accepted, the window closes: the server is being
 * tested again, and its row shows how that goes.
 */
void
bd_details_window_offer_trust (BdDetailsWindow *self,
                               BdSetupSession  *session,
                               BdServerCheck   *check)
{
  gboolean offered;

  g_return_if_fail (BD_IS_DETAILS_WINDOW (self));
  g_return_if_fail (BD_IS_SETUP_SESSION (session));
  g_return_if_fail (BD_IS_SERVER_CHECK (check));
  g_return_if_fail (self->check == NULL);

  offered = bd_server_check_get_report (check) == self->report &&
            bd_server_check_get_untrusted_fingerprint (check) != NULL;
  gtk_widget_set_visible (self->trust_button, offered);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.trust-certificate", offered);
  if (!offered)
    return;
  g_set_weak_pointer (&self->session, session);
  self->check = g_object_ref (check);
  /* Not state to bind but a moment to act on: the certificate is accepted,
   * and the report shown is no longer the server's. */
  g_signal_connect_swapped (check, "notify::pin", G_CALLBACK (gtk_window_close), self);
}
