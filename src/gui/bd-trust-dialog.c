/* bd-trust-dialog.c
 *
 * Asks the person whether to accept exactly one certificate, the one a
 * server's latest test could not verify (security rule 3): why it could not
 * be verified, whose it is, and its SHA-256 fingerprint to compare with the
 * one the provider published. Only Trust accepts it, and then the server is
 * tested again with it.
 *
 * The question is asked about what the dialog shows: the fingerprint and
 * the words are taken from the server's report once, when the dialog is
 * made, and Trust hands the session that fingerprint, which it accepts
 * only while it is still the one the server shows.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bd-gui-util.h"
#include "bd-tls-certificate.h"
#include "bd-tls-verify.h"
#include "bd-trust-dialog.h"

struct _BdTrustDialog
{
  AdwMessageDialog parent_instance;

  BdSetupSession *session; /* weak */
  BdServerCheck *check;
  char *fingerprint;
  GtkWidget *toast_widget; /* weak */
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_CHECK,
  PROP_FINGERPRINT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BdTrustDialog, bd_trust_dialog, ADW_TYPE_MESSAGE_DIALOG)

static char *
fingerprint_lines_cb (BdTrustDialog *self,
                      const char    *fingerprint)
{
  if (fingerprint == NULL)
    return g_strdup ("");
  return bd_gui_dup_fingerprint_lines (fingerprint, 4);
}

/* Why the certificate cannot be verified, whose it is, and what accepting
 * it means. */
static char *
dup_body (BdServerCheck *check)
{
  BdProbeReport *report = bd_server_check_get_report (check);
  const BdTlsCertificate *leaf = g_ptr_array_index (bd_probe_report_get_certificates (report), 0);
  const char * const *problems = bd_probe_report_get_problems (report);
  const GError *error = bd_probe_report_get_error (report);
  g_autoptr(GString) reasons = g_string_new (NULL);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *until = NULL;

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
  return g_string_free (g_steal_pointer (&body), FALSE);
}

static void
bd_trust_dialog_response (AdwMessageDialog *dialog,
                          const char       *response)
{
  BdTrustDialog *self = BD_TRUST_DIALOG (dialog);

  if (!g_str_equal (response, "trust") || self->session == NULL)
    return;
  /* The session accepts only the certificate that was shown. */
  if (!bd_setup_session_trust_certificate (self->session, self->check, self->fingerprint) &&
      self->toast_widget != NULL)
    bd_gui_toast (self->toast_widget,
                  _("The server’s certificate changed meanwhile. Look at it again."));
}

static void
bd_trust_dialog_constructed (GObject *object)
{
  BdTrustDialog *self = BD_TRUST_DIALOG (object);
  g_autofree char *body = NULL;

  G_OBJECT_CLASS (bd_trust_dialog_parent_class)->constructed (object);

  g_assert (BD_IS_SERVER_CHECK (self->check));
  self->fingerprint = g_strdup (bd_server_check_get_untrusted_fingerprint (self->check));
  g_return_if_fail (self->fingerprint != NULL);
  g_object_notify_by_pspec (object, properties[PROP_FINGERPRINT]);
  /* Written once, like the fingerprint: the words go with it. */
  body = dup_body (self->check);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
}

static void
bd_trust_dialog_dispose (GObject *object)
{
  BdTrustDialog *self = BD_TRUST_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_TRUST_DIALOG);
  g_clear_weak_pointer (&self->session);
  g_clear_weak_pointer (&self->toast_widget);
  g_clear_object (&self->check);

  G_OBJECT_CLASS (bd_trust_dialog_parent_class)->dispose (object);
}

static void
bd_trust_dialog_finalize (GObject *object)
{
  BdTrustDialog *self = BD_TRUST_DIALOG (object);

  g_clear_pointer (&self->fingerprint, g_free);

  G_OBJECT_CLASS (bd_trust_dialog_parent_class)->finalize (object);
}

static void
bd_trust_dialog_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BdTrustDialog *self = BD_TRUST_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_CHECK:
      g_value_set_object (value, self->check);
      break;
    case PROP_FINGERPRINT:
      g_value_set_string (value, self->fingerprint);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_trust_dialog_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BdTrustDialog *self = BD_TRUST_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_set_weak_pointer (&self->session, g_value_get_object (value));
      break;
    case PROP_CHECK:
      self->check = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_trust_dialog_class_init (BdTrustDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->constructed = bd_trust_dialog_constructed;
  object_class->dispose = bd_trust_dialog_dispose;
  object_class->finalize = bd_trust_dialog_finalize;
  object_class->get_property = bd_trust_dialog_get_property;
  object_class->set_property = bd_trust_dialog_set_property;
  dialog_class->response = bd_trust_dialog_response;

  /**
   * BdTrustDialog:session:
   *
   * The session that tests the server, and that accepts the certificate.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BD_TYPE_SETUP_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * BdTrustDialog:check:
   *
   * The server whose latest test failed only because of its certificate.
   */
  properties[PROP_CHECK] =
    g_param_spec_object ("check", NULL, NULL, BD_TYPE_SERVER_CHECK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * BdTrustDialog:fingerprint:
   *
   * The SHA-256 fingerprint, in lower-case hex, of the certificate the
   * dialog asks about: the one the check's report held when the dialog was
   * made.
   */
  properties[PROP_FINGERPRINT] =
    g_param_spec_string ("fingerprint", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/brevduva/Brevduva/bd-trust-dialog.ui");
  gtk_widget_class_bind_template_callback (widget_class, fingerprint_lines_cb);
}

static void
bd_trust_dialog_init (BdTrustDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bd_gui_hide_decorations (GTK_WIDGET (self), NULL);
}

/**
 * bd_trust_dialog_new:
 * @parent: the window the dialog belongs to
 * @session: the session that tests the server
 * @check: a server whose test failed only because of its certificate, so
 *   that bd_server_check_get_untrusted_fingerprint() names one
 *
 * Returns: (transfer floating): the question, to present.
 */
GtkWidget *
bd_trust_dialog_new (GtkWindow      *parent,
                     BdSetupSession *session,
                     BdServerCheck  *check)
{
  BdTrustDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (BD_IS_SETUP_SESSION (session), NULL);
  g_return_val_if_fail (BD_IS_SERVER_CHECK (check), NULL);
  g_return_val_if_fail (bd_server_check_get_untrusted_fingerprint (check) != NULL, NULL);

  self = g_object_new (BD_TYPE_TRUST_DIALOG,
                       "transient-for", parent,
                       "session", session,
                       "check", check,
                       NULL);
  /* A certificate that changed meanwhile is said in the parent's toasts. */
  g_set_weak_pointer (&self->toast_widget, GTK_WIDGET (parent));
  return GTK_WIDGET (self);
}

/**
 * bd_trust_dialog_get_check:
 *
 * Returns: (transfer none): the server the dialog asks about.
 */
BdServerCheck *
bd_trust_dialog_get_check (BdTrustDialog *self)
{
  g_return_val_if_fail (BD_IS_TRUST_DIALOG (self), NULL);

  return self->check;
}

/**
 * bd_trust_dialog_get_fingerprint:
 *
 * Returns: the fingerprint the dialog shows, in lower-case hex.
 */
const char *
bd_trust_dialog_get_fingerprint (BdTrustDialog *self)
{
  g_return_val_if_fail (BD_IS_TRUST_DIALOG (self), NULL);

  return self->fingerprint;
}
