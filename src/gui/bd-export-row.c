/* bd-export-row.c
 *
 * One mail program on the last page: its name, what it does with the
 * account, and its own button ("Add", or "Sign In" for a provider that
 * takes only its own web sign-in), named for a screen reader after the
 * program ("Add to msmtp"). Once pressed, a spinner, then ✓ and what was
 * done, or ⚠ and the exact failure with what to do (the icon beside the
 * button, so that every row's title starts at the same place), in the
 * subtitle and in
 * the accessible description of the row and the button, so that a screen
 * reader tells it where the focus is.
 *
 * The button activates done.export with the program's id; when the
 * session needs the person to decide about a certificate, the row asks the
 * page with done.decide. The row decides nothing itself.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bd-export-row.h"
#include "bd-gui-util.h"

struct _BdExportRow
{
  AdwActionRow parent_instance;

  BdExportChoice *choice;

  GtkStack *status_stack;
  GtkSpinner *spinner;
  GtkImage *status_image;
  GtkButton *button;
};

enum {
  PROP_0,
  PROP_CHOICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BdExportRow, bd_export_row, ADW_TYPE_ACTION_ROW)

/* How each state looks; idle shows no icon, working the spinner. */
static const struct
{
  const char *icon_name;
  const char *style_class;
  const char *label;
} state_looks[] = {
  [BD_EXPORT_STATE_IDLE] = { NULL, NULL, NULL },
  [BD_EXPORT_STATE_WORKING] = { NULL, NULL, NULL },
  [BD_EXPORT_STATE_DONE] = { "emblem-ok-symbolic", "success", N_("Added") },
  [BD_EXPORT_STATE_FAILED] = { "dialog-warning-symbolic", "error", N_("Not added") },
  [BD_EXPORT_STATE_NEEDS_DECISION] = { "dialog-question-symbolic", "warning",
                                       N_("Waiting for your decision") },
};

static const char *
button_label (BdExportChoice *choice)
{
  if (bd_export_choice_get_sign_in (choice))
    return _("Sign In");
  if (bd_export_choice_get_state (choice) == BD_EXPORT_STATE_FAILED)
    return _("Try Again");
  return _("Add");
}

static void
update_button (BdExportRow *self)
{
  g_autofree char *label = bd_export_choice_dup_action_label (self->choice);

  gtk_button_set_label (self->button, button_label (self->choice));
  /* The button says which program, to a screen reader too. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), label);
  gtk_widget_set_sensitive (GTK_WIDGET (self->button),
                            bd_export_choice_get_state (self->choice) !=
                            BD_EXPORT_STATE_WORKING);
}

static void
update_status (BdExportRow *self)
{
  BdExportState state = bd_export_choice_get_state (self->choice);
  const char *message = bd_export_choice_get_message (self->choice);
  const char *subtitle = message != NULL ? message
                                         : bd_export_choice_get_description (self->choice);

  g_return_if_fail (state < G_N_ELEMENTS (state_looks));

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->status_stack), state != BD_EXPORT_STATE_IDLE);
  gtk_spinner_set_spinning (self->spinner, state == BD_EXPORT_STATE_WORKING);
  gtk_stack_set_visible_child_name (self->status_stack,
                                    state == BD_EXPORT_STATE_WORKING ? "spinner" : "icon");
  if (state_looks[state].icon_name != NULL)
    bd_gui_set_status_icon (self->status_image, state_looks[state].icon_name,
                            state_looks[state].style_class, _(state_looks[state].label));

  /* The result reaches a screen reader on the row and on its button;
   * after the button's tooltip, which GTK 4.8 makes its description too. */
  update_button (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle,
                                  -1);
}

static void
state_cb (BdExportRow *self)
{
  update_status (self);
  if (bd_export_choice_get_state (self->choice) == BD_EXPORT_STATE_NEEDS_DECISION)
    gtk_widget_activate_action (GTK_WIDGET (self), "done.decide", "s",
                                bd_export_choice_get_id (self->choice));
}

static void
bd_export_row_constructed (GObject *object)
{
  BdExportRow *self = BD_EXPORT_ROW (object);

  G_OBJECT_CLASS (bd_export_row_parent_class)->constructed (object);

  g_assert (BD_IS_EXPORT_CHOICE (self->choice));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self),
                                 bd_export_choice_get_name (self->choice));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->button), "s",
                                    bd_export_choice_get_id (self->choice));
  g_signal_connect_swapped (self->choice, "notify::state", G_CALLBACK (state_cb), self);
  g_signal_connect_swapped (self->choice, "notify::message", G_CALLBACK (update_status), self);
  g_signal_connect_swapped (self->choice, "notify::sign-in", G_CALLBACK (update_status), self);
  update_status (self);
}

static void
bd_export_row_dispose (GObject *object)
{
  BdExportRow *self = BD_EXPORT_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_EXPORT_ROW);
  if (self->choice != NULL)
    g_signal_handlers_disconnect_by_data (self->choice, self);
  g_clear_object (&self->choice);

  G_OBJECT_CLASS (bd_export_row_parent_class)->dispose (object);
}

static void
bd_export_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BdExportRow *self = BD_EXPORT_ROW (object);

  switch (prop_id)
    {
    case PROP_CHOICE:
      g_value_set_object (value, self->choice);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_export_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  BdExportRow *self = BD_EXPORT_ROW (object);

  switch (prop_id)
    {
    case PROP_CHOICE:
      self->choice = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_export_row_class_init (BdExportRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bd_export_row_constructed;
  object_class->dispose = bd_export_row_dispose;
  object_class->get_property = bd_export_row_get_property;
  object_class->set_property = bd_export_row_set_property;

  /**
   * BdExportRow:choice:
   *
   * The program the row offers, and how handing the account to it went.
   */
  properties[PROP_CHOICE] =
    g_param_spec_object ("choice", NULL, NULL, BD_TYPE_EXPORT_CHOICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/brevduva/Brevduva/bd-export-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BdExportRow, status_stack);
  gtk_widget_class_bind_template_child (widget_class, BdExportRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, BdExportRow, status_image);
  gtk_widget_class_bind_template_child (widget_class, BdExportRow, button);
}

static void
bd_export_row_init (BdExportRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
bd_export_row_new (BdExportChoice *choice)
{
  g_return_val_if_fail (BD_IS_EXPORT_CHOICE (choice), NULL);

  return g_object_new (BD_TYPE_EXPORT_ROW, "choice", choice, NULL);
}

BdExportChoice *
bd_export_row_get_choice (BdExportRow *self)
{
  g_return_val_if_fail (BD_IS_EXPORT_ROW (self), NULL);

  return self->choice;
}

/**
 * bd_export_row_get_button:
 *
 * Returns: (transfer none): the row's "Add to …" button.
 */
GtkWidget *
bd_export_row_get_button (BdExportRow *self)
{
  g_return_val_if_fail (BD_IS_EXPORT_ROW (self), NULL);

  return GTK_WIDGET (self->button);
}
