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
#include "bd-gui-util.h"
#include "bd-server-row.h"

struct _BdServerRow
{
  AdwExpanderRow parent_instance;

  BdServerCheck *check;
  BdSetupSession *session;

  GtkStack *status_stack;
  GtkImage *status_image;
  GtkLabel *in_use_label;
  AdwActionRow *advice_row;
  AdwActionRow *trust_row;
  AdwActionRow *pin_row;
  AdwActionRow *use_row;
  AdwEntryRow *host_row;
  AdwEntryRow *port_row;
  AdwComboRow *security_row;
  AdwEntryRow *username_row;
  AdwActionRow *details_row;
};

G_DEFINE_FINAL_TYPE (BdServerRow, bd_server_row, ADW_TYPE_EXPANDER_ROW)

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

static void
update (BdServerRow *self)
{
  BdCheckState state = bd_server_check_get_state (self->check);
  const char *advice = bd_server_check_get_advice (self->check);
  g_autofree char *title = bd_server_check_dup_title (self->check);
  g_autofree char *subtitle = bd_gui_dup_server_subtitle (self->check);
  gboolean selected = bd_server_check_get_selected (self->check);
  gboolean in_list = self->session != NULL && !is_existing (self);
  gboolean can_trust = self->session != NULL &&
                       bd_server_check_get_untrusted_fingerprint (self->check) != NULL;
  const char *pin = bd_server_check_get_pin (self->check);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);
  bd_gui_show_check_state (self->status_stack, self->status_image, state);

  gtk_widget_set_visible (GTK_WIDGET (self->advice_row), advice != NULL);
  adw_action_row_set_subtitle (self->advice_row, advice != NULL ? advice : "");
  gtk_widget_set_visible (GTK_WIDGET (self->trust_row), can_trust);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.trust-certificate", can_trust);
  gtk_widget_set_visible (GTK_WIDGET (self->pin_row), pin != NULL);
  if (pin != NULL)
    {
      g_autofree char *grouped = bd_gui_dup_fingerprint_text (pin + strlen ("sha256:"));

      adw_action_row_set_subtitle (self->pin_row, grouped);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->in_use_label), selected && in_list);
  gtk_widget_set_visible (GTK_WIDGET (self->use_row),
                          in_list && state == BD_CHECK_STATE_OK && !selected);
  gtk_widget_set_sensitive (GTK_WIDGET (self->details_row),
                            bd_server_check_get_report (self->check) != NULL);
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

  if (self->session != NULL)
    bd_gui_confirm_trust_certificate (GTK_WINDOW (gtk_widget_get_root (widget)), self->session,
                                      self->check);
}

static void
bd_server_row_dispose (GObject *object)
{
  BdServerRow *self = BD_SERVER_ROW (object);

  if (self->check != NULL)
    g_signal_handlers_disconnect_by_data (self->check, self);
  g_clear_object (&self->check);
  g_clear_weak_pointer (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_SERVER_ROW);

  G_OBJECT_CLASS (bd_server_row_parent_class)->dispose (object);
}

static void
bd_server_row_class_init (BdServerRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_server_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/brevduva/Brevduva/bd-server-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BdServerRow, status_stack);
  gtk_widget_class_bind_template_child (widget_class, BdServerRow, status_image);
  gtk_widget_class_bind_template_child (widget_class, BdServerRow, in_use_label);
  gtk_widget_class_bind_template_child (widget_class, BdServerRow, advice_row);
  gtk_widget_class_bind_template_child (widget_class, BdServerRow, trust_row);
  gtk_widget_class_bind_template_child (widget_class, BdServerRow, pin_row);
  gtk_widget_class_bind_template_child (widget_class, BdServerRow, use_row);
  gtk_widget_class_bind_template_child (widget_class, BdServerRow, host_row);
  gtk_widget_class_bind_template_child (widget_class, BdServerRow, port_row);
  gtk_widget_class_bind_template_child (widget_class, BdServerRow, security_row);
  gtk_widget_class_bind_template_child (widget_class, BdServerRow, username_row);
  gtk_widget_class_bind_template_child (widget_class, BdServerRow, details_row);
  gtk_widget_class_bind_template_callback (widget_class, host_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, port_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, username_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, security_selected_cb);

  gtk_widget_class_install_action (widget_class, "row.test", NULL, test_action);
  gtk_widget_class_install_action (widget_class, "row.use", NULL, use_action);
  gtk_widget_class_install_action (widget_class, "row.details", NULL, details_action);
  gtk_widget_class_install_action (widget_class, "row.trust-certificate", NULL,
                                   trust_certificate_action);
}

static void
bd_server_row_init (BdServerRow *self)
{
  g_autoptr(GListModel) security = bd_gui_security_model ();

  gtk_widget_init_template (GTK_WIDGET (self));

  adw_combo_row_set_model (self->security_row, security);
  bd_gui_label_editable (GTK_WIDGET (self->host_row), _("Server name"));
  bd_gui_label_editable (GTK_WIDGET (self->port_row), _("Port"));
  bd_gui_label_editable (GTK_WIDGET (self->username_row), _("User name"));
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
  BdServerRow *self;

  g_return_val_if_fail (BD_IS_SERVER_CHECK (check), NULL);

  self = g_object_new (BD_TYPE_SERVER_ROW, NULL);
  self->check = g_object_ref (check);
  g_set_weak_pointer (&self->session, session);
  fill_fields (self);
  g_signal_connect_swapped (check, "notify", G_CALLBACK (update), self);
  update (self);
  return GTK_WIDGET (self);
}

BdServerCheck *
bd_server_row_get_check (BdServerRow *self)
{
  g_return_val_if_fail (BD_IS_SERVER_ROW (self), NULL);

  return self->check;
}
