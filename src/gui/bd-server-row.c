/* bd-server-row.c
 *
 * The row shows where the server is and how its latest test went: a spinner
 * while it runs, then ✓ or ✗ with the one-line reason. Expanded, it says
 * what to do about a failure and lets the person edit the host, port,
 * security and user name; each change is tested again at once. A server
 * that fails only because its certificate cannot be verified offers to
 * trust that one certificate, after a question that shows its fingerprint.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "bd-details-window.h"
#include "bd-entry-row.h"
#include "bd-gui-util.h"
#include "bd-server-row.h"
#include "bd-trust-dialog.h"

struct _BdServerRow
{
  AdwExpanderRow parent_instance;

  BdServerCheck *check;
  BdSetupSession *session; /* weak */
  /* Whether the server is one of the assistant's, which can be chosen,
   * rather than one of an existing account's, which are only tested. */
  gboolean in_list;

  GtkImage *status_image;
  BdEntryRow *host_row;
  BdEntryRow *port_row;
  AdwComboRow *security_row;
  BdEntryRow *username_row;
  GtkWidget *trust_row;
  GtkWidget *pin_row;
  GtkWidget *details_row;
};

enum {
  PROP_0,
  PROP_CHECK,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BdServerRow, bd_server_row, ADW_TYPE_EXPANDER_ROW)

/* How each state of a test looks: the icon beside the row, its style,
 * and what a screen reader says for it. A test that runs shows the
 * spinner, with the untested icon behind it. */
static const struct
{
  const char *icon_name;
  const char *style_class;
  const char *label;
} state_looks[] = {
  [BD_CHECK_STATE_UNTESTED] = { "content-loading-symbolic", "dim-label", N_("Not tested") },
  [BD_CHECK_STATE_TESTING] = { "content-loading-symbolic", "dim-label", N_("Not tested") },
  [BD_CHECK_STATE_OK] = { "emblem-ok-symbolic", "success", N_("Works") },
  [BD_CHECK_STATE_FAILED] = { "dialog-error-symbolic", "error", N_("Failed") },
};

/* An existing account's servers are only tested, never chosen. */
static gboolean
is_existing (BdServerRow *self)
{
  GListModel *existing = bd_setup_session_get_existing (self->session);
  guint n = g_list_model_get_n_items (existing);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BdServerCheck) check = g_list_model_get_item (existing, i);

      if (check == self->check)
        return TRUE;
    }
  return FALSE;
}

static gboolean
can_trust (BdServerRow *self)
{
  return self->session != NULL && bd_server_check_get_untrusted_fingerprint (self->check) != NULL;
}

/* "IMAP · TLS — Works": the title follows the server's protocol and
 * security, the summary the latest test. */
static char *
subtitle_cb (BdServerCheck *check,
             const char    *title,
             const char    *summary)
{
  return bd_gui_dup_server_subtitle (check);
}

static gboolean
testing_cb (BdServerRow  *self,
            BdCheckState  state)
{
  return state == BD_CHECK_STATE_TESTING;
}

static char *
state_icon_cb (BdServerRow  *self,
               BdCheckState  state)
{
  g_return_val_if_fail (state < G_N_ELEMENTS (state_looks), NULL);

  return g_strdup (state_looks[state].icon_name);
}

static GStrv
state_style_cb (BdServerRow  *self,
                BdCheckState  state)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (state < G_N_ELEMENTS (state_looks), NULL);

  g_strv_builder_add (builder, state_looks[state].style_class);
  return g_strv_builder_end (builder);
}

static gboolean
in_use_cb (BdServerRow *self,
           gboolean     selected)
{
  return selected && self->in_list;
}

static gboolean
can_use_cb (BdServerRow  *self,
            BdCheckState  state,
            gboolean      selected)
{
  return self->in_list && state == BD_CHECK_STATE_OK && !selected;
}

/* The untrusted certificate comes with the test's result. */
static gboolean
can_trust_cb (BdServerRow   *self,
              BdCheckState   state,
              BdProbeReport *report)
{
  return can_trust (self);
}

/* The one-click fix of a security setting that does not match the port. */
static gboolean
can_correct_cb (BdServerRow   *self,
                BdCheckState   state,
                BdProbeReport *report)
{
  return self->check != NULL && bd_server_check_get_corrected_security (self->check, NULL);
}

static char *
correct_title_cb (BdServerRow   *self,
                  BdCheckState   state,
                  BdProbeReport *report)
{
  BdSecurity corrected;

  if (self->check == NULL || !bd_server_check_get_corrected_security (self->check, &corrected))
    return g_strdup ("");
  return g_strdup (corrected == BD_SECURITY_TLS ? _("Use _TLS on This Port and Test Again")
                                                : _("Use _STARTTLS on This Port and Test Again"));
}

static char *
pin_text_cb (BdServerRow *self,
             const char  *pin)
{
  if (pin == NULL)
    return g_strdup ("");
  return bd_gui_dup_fingerprint_text (pin + strlen ("sha256:"));
}

/* What no binding can set: the accessible label of the state's icon, and
 * which of the row's actions can run. */
static void
state_cb (BdServerRow *self)
{
  BdCheckState state = bd_server_check_get_state (self->check);

  g_return_if_fail (state < G_N_ELEMENTS (state_looks));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(state_looks[state].label),
                                  -1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.trust-certificate", can_trust (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.details",
                                 bd_server_check_get_report (self->check) != NULL);
}

static void
fill_fields (BdServerRow *self)
{
  BdServer *server = bd_server_check_get_server (self->check);
  g_autofree char *port = g_strdup_printf ("%u", bd_server_get_port (server));
  const char *username = bd_server_get_username (server);

  gtk_editable_set_text (GTK_EDITABLE (self->host_row), bd_server_get_hostname (server));
  gtk_editable_set_text (GTK_EDITABLE (self->port_row), port);
  gtk_editable_set_text (GTK_EDITABLE (self->username_row), username != NULL ? username : "");
  adw_combo_row_set_selected (self->security_row, bd_server_get_security (server));
}

static void
test_now (BdServerRow *self)
{
  if (self->session != NULL)
    bd_setup_session_test_server (self->session, self->check);
}

static void
host_apply_cb (BdServerRow *self)
{
  g_autofree char *host = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->host_row))));

  if (*host == '\0')
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->host_row), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->host_row), "error");
  bd_server_set_hostname (bd_server_check_get_server (self->check), host);
  test_now (self);
}

static void
port_apply_cb (BdServerRow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->port_row));
  guint64 port = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT16, &port, NULL))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->port_row), "error");
      bd_gui_toast (GTK_WIDGET (self), _("A port is a number from 1 to 65535."));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->port_row), "error");
  bd_server_set_port (bd_server_check_get_server (self->check), (guint16) port);
  test_now (self);
}

static void
username_apply_cb (BdServerRow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->username_row));

  bd_server_set_username (bd_server_check_get_server (self->check), *text != '\0' ? text : NULL);
  test_now (self);
}

static void
security_selected_cb (BdServerRow *self)
{
  BdServer *server;
  guint selected = adw_combo_row_get_selected (self->security_row);

  if (self->check == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;
  server = bd_server_check_get_server (self->check);
  if ((guint) bd_server_get_security (server) == selected)
    return;
  bd_server_set_security (server, (BdSecurity) selected);
  test_now (self);
}

static void
correct_security_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  BdServerRow *self = BD_SERVER_ROW (widget);

  if (self->check != NULL && bd_server_check_apply_corrected_security (self->check))
    test_now (self);
}

static void
test_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  test_now (BD_SERVER_ROW (widget));
}

static void
use_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  BdServerRow *self = BD_SERVER_ROW (widget);

  if (self->session != NULL)
    bd_setup_session_choose (self->session, self->check);
}

static void
details_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BdServerRow *self = BD_SERVER_ROW (widget);
  BdProbeReport *report = bd_server_check_get_report (self->check);
  GtkWidget *window;

  if (report == NULL)
    return;
  window = bd_details_window_new (report);
  if (self->session != NULL)
    bd_details_window_offer_trust (BD_DETAILS_WINDOW (window), self->session, self->check);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (window));
}

static void
trust_certificate_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  BdServerRow *self = BD_SERVER_ROW (widget);
  GtkWidget *dialog;

  if (!can_trust (self))
    return;
  dialog = bd_trust_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->session,
                                self->check);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The row's own title and subtitle are bound here, with the check as the
 * expression's "this": GTK 4.8 cannot undo a <binding> in the .ui whose
 * target is the template itself (it drops a weak reference twice as the
 * row goes). */
static void
bind_own_properties (BdServerRow *self)
{
  GtkExpression *params[] = {
    gtk_property_expression_new (BD_TYPE_SERVER_CHECK, NULL, "title"),
    gtk_property_expression_new (BD_TYPE_SERVER_CHECK, NULL, "summary"),
  };

  g_object_bind_property (self->check, "title", self, "title", G_BINDING_SYNC_CREATE);
  gtk_expression_bind (gtk_cclosure_expression_new (G_TYPE_STRING, NULL,
                                                    G_N_ELEMENTS (params), params,
                                                    G_CALLBACK (subtitle_cb), NULL, NULL),
                       self, "subtitle", self->check);
}

static void
bd_server_row_constructed (GObject *object)
{
  BdServerRow *self = BD_SERVER_ROW (object);

  G_OBJECT_CLASS (bd_server_row_parent_class)->constructed (object);

  g_assert (BD_IS_SERVER_CHECK (self->check));
  bind_own_properties (self);
  /* A check stays in the model it came in, for as long as its row lives. */
  self->in_list = self->session != NULL && !is_existing (self);
  fill_fields (self);
  g_signal_connect_swapped (self->check, "notify::state", G_CALLBACK (state_cb), self);
  state_cb (self);
}

static void
bd_server_row_dispose (GObject *object)
{
  BdServerRow *self = BD_SERVER_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_SERVER_ROW);
  if (self->check != NULL)
    g_signal_handlers_disconnect_by_data (self->check, self);
  g_clear_object (&self->check);
  g_clear_weak_pointer (&self->session);

  G_OBJECT_CLASS (bd_server_row_parent_class)->dispose (object);
}

static void
bd_server_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BdServerRow *self = BD_SERVER_ROW (object);

  switch (prop_id)
    {
    case PROP_CHECK:
      g_value_set_object (value, self->check);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_server_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  BdServerRow *self = BD_SERVER_ROW (object);

  switch (prop_id)
    {
    case PROP_CHECK:
      self->check = g_value_dup_object (value);
      break;
    case PROP_SESSION:
      g_set_weak_pointer (&self->session, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_server_row_class_init (BdServerRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bd_server_row_constructed;
  object_class->dispose = bd_server_row_dispose;
  object_class->get_property = bd_server_row_get_property;
  object_class->set_property = bd_server_row_set_property;

  /**
   * BdServerRow:check:
   *
   * The server the row shows, and its test.
   */
  properties[PROP_CHECK] =
    g_param_spec_object ("check", NULL, NULL, BD_TYPE_SERVER_CHECK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * BdServerRow:session:
   *
   * The session that tests the server again and stores it; %NULL for a
   * row that only shows a test.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BD_TYPE_SETUP_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BD_TYPE_ENTRY_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/brevduva/Brevduva/bd-server-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BdServerRow, status_image);
  gtk_widget_class_bind_template_child (widget_class, BdServerRow, host_row);
  gtk_widget_class_bind_template_child (widget_class, BdServerRow, port_row);
  gtk_widget_class_bind_template_child (widget_class, BdServerRow, security_row);
  gtk_widget_class_bind_template_child (widget_class, BdServerRow, username_row);
  gtk_widget_class_bind_template_child (widget_class, BdServerRow, trust_row);
  gtk_widget_class_bind_template_child (widget_class, BdServerRow, pin_row);
  gtk_widget_class_bind_template_child (widget_class, BdServerRow, details_row);
  gtk_widget_class_bind_template_callback (widget_class, host_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, port_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, username_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, security_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, testing_cb);
  gtk_widget_class_bind_template_callback (widget_class, state_icon_cb);
  gtk_widget_class_bind_template_callback (widget_class, state_style_cb);
  gtk_widget_class_bind_template_callback (widget_class, in_use_cb);
  gtk_widget_class_bind_template_callback (widget_class, can_use_cb);
  gtk_widget_class_bind_template_callback (widget_class, can_trust_cb);
  gtk_widget_class_bind_template_callback (widget_class, pin_text_cb);
  gtk_widget_class_bind_template_callback (widget_class, can_correct_cb);
  gtk_widget_class_bind_template_callback (widget_class, correct_title_cb);
  bd_gui_class_bind_closures (widget_class);

  gtk_widget_class_install_action (widget_class, "row.test", NULL, test_action);
  gtk_widget_class_install_action (widget_class, "row.correct-security", NULL,
                                   correct_security_action);
  gtk_widget_class_install_action (widget_class, "row.use", NULL, use_action);
  gtk_widget_class_install_action (widget_class, "row.details", NULL, details_action);
  gtk_widget_class_install_action (widget_class, "row.trust-certificate", NULL,
                                   trust_certificate_action);
}

/* libadwaita 1.2's expander row: its header, which has the focus, is
 * named by the title alone, says nothing of the subtitle, and is never
 * expanded. The header is the first row in the first list inside. */
static GtkWidget *
header_row (BdServerRow *self)
{
  GtkWidget *box = gtk_widget_get_first_child (GTK_WIDGET (self));
  GtkWidget *list = box != NULL ? gtk_widget_get_first_child (box) : NULL;
  GtkWidget *header = list != NULL ? gtk_widget_get_first_child (list) : NULL;

  return ADW_IS_ACTION_ROW (header) ? header : NULL;
}

static void
describe_cb (BdServerRow *self)
{
  const char *subtitle = adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (self));
  gboolean expanded = adw_expander_row_get_expanded (ADW_EXPANDER_ROW (self));
  GtkWidget *header = header_row (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  subtitle != NULL ? subtitle : "", -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_EXPANDED, expanded, -1);
  if (header == NULL)
    return;
  gtk_accessible_update_property (GTK_ACCESSIBLE (header), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  subtitle != NULL ? subtitle : "", -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (header), GTK_ACCESSIBLE_STATE_EXPANDED, expanded,
                               -1);
}

/* "Trust This Certificate…" goes once the certificate is trusted, and the
 * keyboard with it: GTK 4.8 leaves the focus on nothing, or on the list
 * that held the row, where a screen reader has nothing to say. It goes to
 * the row that says the certificate is accepted instead. */
static void
trust_row_visible_cb (BdServerRow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (gtk_widget_get_visible (self->trust_row) || root == NULL)
    return;
  if (focus == NULL || focus == gtk_widget_get_parent (self->trust_row))
    gtk_widget_grab_focus (gtk_widget_get_visible (self->pin_row) ? self->pin_row
                                                                  : self->details_row);
}

static void
bd_server_row_init (BdServerRow *self)
{
  g_autoptr(GListModel) security = bd_gui_security_model ();

  gtk_widget_init_template (GTK_WIDGET (self));
  bd_gui_hide_decorations (GTK_WIDGET (self), GTK_WIDGET (self->status_image));
  g_signal_connect (self, "notify::subtitle", G_CALLBACK (describe_cb), NULL);
  g_signal_connect (self, "notify::expanded", G_CALLBACK (describe_cb), NULL);
  g_signal_connect_object (self->trust_row, "notify::visible", G_CALLBACK (trust_row_visible_cb),
                           self, G_CONNECT_SWAPPED);

  adw_combo_row_set_model (self->security_row, security);
  bd_entry_row_set_label (self->host_row, _("Server name"));
  bd_entry_row_set_label (self->port_row, _("Port"));
  bd_entry_row_set_label (self->username_row, _("User name"));
}

/**
 * bd_server_row_new:
 * @check: the server and its test
 * @session: (nullable): the session that tests it again and stores it
 */
GtkWidget *
bd_server_row_new (BdServerCheck  *check,
                   BdSetupSession *session)
{
  g_return_val_if_fail (BD_IS_SERVER_CHECK (check), NULL);
  g_return_val_if_fail (session == NULL || BD_IS_SETUP_SESSION (session), NULL);

  return g_object_new (BD_TYPE_SERVER_ROW, "check", check, "session", session, NULL);
}

BdServerCheck *
bd_server_row_get_check (BdServerRow *self)
{
  g_return_val_if_fail (BD_IS_SERVER_ROW (self), NULL);

  return self->check;
}
