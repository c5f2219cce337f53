/* bd-gui-util.c
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bd-gui-util.h"
#include "bd-tls-certificate.h"
#include "bd-tls-verify.h"

/**
 * bd_gui_label_editable:
 * @row: an #AdwEntryRow or #AdwPasswordEntryRow
 * @label: what a screen reader says for it
 *
 * Labels the row and the text field inside it, which is what has the focus,
 * so that a screen reader names the field as it is entered.
 */
void
bd_gui_label_editable (GtkWidget  *row,
                       const char *label)
{
  GtkEditable *delegate;

  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  delegate = gtk_editable_get_delegate (GTK_EDITABLE (row));
  if (delegate != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (delegate),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                    -1);
}

void
bd_gui_set_status_icon (GtkImage   *image,
                        const char *icon_name,
                        const char *style_class,
                        const char *accessible_label)
{
  static const char *classes[] = { "success", "error", "warning", "dim-label" };

  gtk_image_set_from_icon_name (image, icon_name);
  for (gsize i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (image), classes[i]);
  if (style_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (image), style_class);
  if (accessible_label != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                    -1);
}

/**
 * bd_gui_show_check_state:
 * @stack: a stack with a "spinner" and an "icon" page
 *
 * Shows a server test's state: a spinner while it runs, then ✓ or ✗.
 */
void
bd_gui_show_check_state (GtkStack     *stack,
                         GtkImage     *image,
                         BdCheckState  state)
{
  GtkWidget *spinner = gtk_stack_get_child_by_name (stack, "spinner");

  gtk_spinner_set_spinning (GTK_SPINNER (spinner), state == BD_CHECK_STATE_TESTING);
  gtk_stack_set_visible_child_name (stack, state == BD_CHECK_STATE_TESTING ? "spinner" : "icon");
  switch (state)
    {
    case BD_CHECK_STATE_OK:
      bd_gui_set_status_icon (image, "emblem-ok-symbolic", "success", _("Works"));
      break;
    case BD_CHECK_STATE_FAILED:
      bd_gui_set_status_icon (image, "dialog-error-symbolic", "error", _("Failed"));
      break;
    case BD_CHECK_STATE_TESTING:
    case BD_CHECK_STATE_UNTESTED:
    default:
      bd_gui_set_status_icon (image, "content-loading-symbolic", "dim-label", _("Not tested"));
      break;
    }
}

/**
 * bd_gui_security_model:
 *
 * Returns: (transfer full): the security choices in the order of
 *   #BdSecurity, for an #AdwComboRow.
 */
GListModel *
bd_gui_security_model (void)
{
  const char *labels[] = {
    /* TRANSLATORS: a choice of connection security: encrypted from the start */
    _("TLS"),
    /* TRANSLATORS: a choice of connection security: encrypted after the greeting */
    _("STARTTLS"),
    /* TRANSLATORS: a choice of connection security */
    _("Unencrypted"),
    NULL,
  };

  return G_LIST_MODEL (gtk_string_list_new (labels));
}

/**
 * bd_gui_dup_server_subtitle:
 *
 * Returns: (transfer full): "IMAP · TLS" and the latest test's one line.
 */
char *
bd_gui_dup_server_subtitle (BdServerCheck *check)
{
  BdServer *server = bd_server_check_get_server (check);

  /* TRANSLATORS: "IMAP · TLS — Works, and the password was accepted." */
  return g_strdup_printf (_("%s · %s — %s"),
                          bd_protocol_get_label (bd_server_get_protocol (server)),
                          bd_security_get_label (bd_server_get_security (server)),
                          bd_server_check_get_summary (check));
}

/**
 * bd_gui_toast:
 *
 * Shows @title in the toast overlay of @widget's window.
 */
void
bd_gui_toast (GtkWidget  *widget,
              const char *title)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (overlay == NULL)
    {
      GtkRoot *root = gtk_widget_get_root (widget);
      GtkWidget *content = ADW_IS_APPLICATION_WINDOW (root)
                           ? adw_application_window_get_content (ADW_APPLICATION_WINDOW (root))
                           : NULL;

      if (ADW_IS_TOAST_OVERLAY (content))
        overlay = content;
    }
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (title));
}

void
bd_gui_copy_text (GtkWidget  *widget,
                  const char *text,
                  const char *toast)
{
  if (text == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  bd_gui_toast (widget, toast);
}

/**
 * bd_gui_dup_fingerprint_text:
 * @hex: a SHA-256 fingerprint in hex
 *
 * Returns: (transfer full): @hex in groups of four, easier to read out and
 *   to compare, and free to wrap on a narrow screen.
 */
char *
bd_gui_dup_fingerprint_text (const char *hex)
{
  GString *text = g_string_new (NULL);

  for (gsize i = 0; hex[i] != '\0'; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (text, ' ');
      g_string_append_c (text, g_ascii_tolower (hex[i]));
    }
  return g_string_free (text, FALSE);
}

/**
 * bd_gui_dup_fingerprint_lines:
 * @hex: a SHA-256 fingerprint in hex
 * @groups_per_line: how many groups of four go on one line
 *
 * Returns: (transfer full): @hex in groups of four, as
 *   bd_gui_dup_fingerprint_text() makes them, with a line break after
 *   every @groups_per_line groups.
 */
char *
bd_gui_dup_fingerprint_lines (const char *hex,
                              guint       groups_per_line)
{
  g_autofree char *grouped = bd_gui_dup_fingerprint_text (hex);
  guint spaces = 0;

  g_return_val_if_fail (groups_per_line > 0, NULL);

  for (char *p = grouped; *p != '\0'; p++)
    if (*p == ' ' && ++spaces % groups_per_line == 0)
      *p = '\n';
  return g_steal_pointer (&grouped);
}

typedef struct
{
  BdSetupSession *session; /* weak */
  BdServerCheck *check;
  char *fingerprint;
  GtkWidget *toast_widget; /* weak */
} TrustData;

static void
trust_data_free (gpointer  user_data,
                 GClosure *closure)
{
  TrustData *data = user_data;

  g_clear_weak_pointer (&data->session);
  g_clear_weak_pointer (&data->toast_widget);
  g_clear_object (&data->check);
  g_free (data->fingerprint);
  g_free (data);
}

static void
trust_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   TrustData        *data)
{
  if (!g_str_equal (response, "trust") || data->session == NULL)
    return;
  /* The session accepts only the certificate that was shown. */
  if (!bd_setup_session_trust_certificate (data->session, data->check, data->fingerprint) &&
      data->toast_widget != NULL)
    bd_gui_toast (data->toast_widget,
                  _("The server’s certificate changed meanwhile. Look at it again."));
}

/**
 * bd_gui_confirm_trust_certificate:
 * @parent: the window the dialog belongs to
 * @session: the session that tests the server
 * @check: a server whose test failed only because of its certificate
 *
 * Asks the person whether to accept exactly this certificate, showing why
 * it could not be verified and its fingerprint (security rule 3). Only
 * "Trust" accepts it, and then the server is tested again with it.
 *
 * Returns: (transfer none) (nullable): the dialog, shown; %NULL when there
 *   is no certificate to accept.
 */
GtkWidget *
bd_gui_confirm_trust_certificate (GtkWindow      *parent,
                                  BdSetupSession *session,
                                  BdServerCheck  *check)
{
  const char *fingerprint = bd_server_check_get_untrusted_fingerprint (check);
  BdProbeReport *report = bd_server_check_get_report (check);
  const char * const *problems;
  const BdTlsCertificate *leaf;
  const GError *error;
  g_autoptr(GString) reasons = g_string_new (NULL);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *until = NULL;
  g_autofree char *grouped = NULL;
  GtkWidget *dialog;
  GtkWidget *box;
  GtkWidget *label;
  TrustData *data;

  g_return_val_if_fail (BD_IS_SETUP_SESSION (session), NULL);
  g_return_val_if_fail (BD_IS_SERVER_CHECK (check), NULL);

  if (fingerprint == NULL)
    return NULL;

  leaf = g_ptr_array_index (bd_probe_report_get_certificates (report), 0);
  problems = bd_probe_report_get_problems (report);
  for (guint i = 0; problems != NULL && problems[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (reasons, ", ");
      g_string_append (reasons, bd_tls_problem_get_label (problems[i]));
    }
  /* "host:993" stays on one line: a word joiner after the colon. */
  title = bd_server_check_dup_title (check);
  {
    g_auto(GStrv) parts = g_strsplit (title, ":", -1);

    g_free (title);
    title = g_strjoinv (":\u2060", parts);
  }
  until = g_date_time_format (bd_tls_certificate_get_not_after (leaf), "%Y-%m-%d");

  /* TRANSLATORS: "The certificate of imap.example.com:993 cannot be verified: signed by itself." */
  g_string_append_printf (body, _("The certificate of %s cannot be verified: %s."), title,
                          reasons->len > 0 ? reasons->str : _("not trusted"));
  error = bd_probe_report_get_error (report);
  if (error != NULL && g_error_matches (error, BD_ERROR, BD_ERROR_CERTIFICATE_PIN_MISMATCH))
    g_string_append_printf (body, " %s", _("It is not the certificate you accepted before."));
  g_string_append (body, "\n\n");
  /* A certificate that names itself as its issuer is not named twice. */
  if (g_strcmp0 (bd_tls_certificate_get_subject (leaf), bd_tls_certificate_get_issuer (leaf)) == 0)
    /* TRANSLATORS: the certificate's holder, who also issued it, and its last day: "CN=mail.example.net, valid until 2030-01-01" */
    g_string_append_printf (body, _("%s, valid until %s."),
                            bd_tls_certificate_get_subject (leaf), until);
  else
    /* TRANSLATORS: the certificate's holder, issuer and last day: "CN=mail.example.com, issued by CN=Example CA, valid until 2030-01-01" */
    g_string_append_printf (body, _("%s, issued by %s, valid until %s."),
                            bd_tls_certificate_get_subject (leaf),
                            bd_tls_certificate_get_issuer (leaf), until);
  g_string_append (body, "\n\n");
  g_string_append (body, _("Someone between you and the server could show such a certificate to "
                           "read your password. Trust it only if your provider or administrator "
                           "gave you this fingerprint. Brevduva then accepts this one certificate "
                           "for this server, and no other."));

  dialog = adw_message_dialog_new (parent, _("Trust This Certificate?"), body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "trust", _("_Trust"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "trust",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  /* The fingerprint, to compare with the one the provider published. */
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  label = gtk_label_new (_("SHA-256 Fingerprint"));
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  /* Four lines of four groups: a square block that reads the same at any
   * width, rather than lines that break wherever the dialog ends. */
  grouped = bd_gui_dup_fingerprint_lines (fingerprint, 4);
  label = gtk_label_new (grouped);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "monospace");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("SHA-256 Fingerprint"),
                                  -1);
  gtk_box_append (GTK_BOX (box), label);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  data = g_new0 (TrustData, 1);
  g_set_weak_pointer (&data->session, session);
  g_set_weak_pointer (&data->toast_widget, GTK_WIDGET (parent));
  data->check = g_object_ref (check);
  data->fingerprint = g_strdup (fingerprint);
  g_signal_connect_data (dialog, "response", G_CALLBACK (trust_response_cb), data,
                         trust_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}
