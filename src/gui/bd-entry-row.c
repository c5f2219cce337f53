/* bd-entry-row.c
 *
 * A GtkEntry (or GtkPasswordEntry) in an AdwActionRow, in place of
 * libadwaita 1.2's AdwEntryRow and AdwPasswordEntryRow, whose text never
 * shows its focus over AT-SPI: a screen reader said nothing when Tab landed
 * in a field (issue 15). A plain GtkEntry's does.
 *
 * It keeps what the pages relied on in the entry rows: it is a GtkEditable
 * (its text, the "changed" signal and the text property to bind in a .ui
 * template go to the field's GtkText), and with show-apply-button, Enter or
 * the ✓ button beside the field emits "apply". The row itself takes no
 * focus: Tab goes from field to field, as in the entry rows. The field is
 * named by the row's title, or by bd_entry_row_set_label(); the "error"
 * style class put on the row reaches the field, and with it the invalid
 * state a screen reader says.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bd-entry-row.h"

struct _BdEntryRow
{
  AdwActionRow parent_instance;

  GtkWidget *entry;
  GtkWidget *apply_button;
  char *label;
  gboolean password;
  gboolean show_apply_button;
  gboolean activates_default;
  GtkInputPurpose input_purpose;
  GtkInputHints input_hints;
};

static void bd_entry_row_editable_init (GtkEditableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BdEntryRow, bd_entry_row, ADW_TYPE_ACTION_ROW,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_EDITABLE,
                                                      bd_entry_row_editable_init))

enum {
  PROP_0,
  PROP_PASSWORD,
  PROP_SHOW_APPLY_BUTTON,
  PROP_ACTIVATES_DEFAULT,
  PROP_INPUT_PURPOSE,
  PROP_INPUT_HINTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_APPLY,
  SIGNAL_ENTRY_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkEditable *
bd_entry_row_get_delegate (GtkEditable *editable)
{
  BdEntryRow *self = BD_ENTRY_ROW (editable);

  if (self->entry == NULL)
    return NULL;
  return gtk_editable_get_delegate (GTK_EDITABLE (self->entry));
}

static void
bd_entry_row_editable_init (GtkEditableInterface *iface)
{
  iface->get_delegate = bd_entry_row_get_delegate;
}

/* libadwaita labels the row's activatable widget, the entry, by the row's
 * title (a labelled-by relation): over AT-SPI that is the field's name. A
 * label of our own goes on the entry and on the GtkText inside it, which
 * has the focus, and replaces the relation rather than joining it (GTK 4.8
 * would read both: "User name User Name"). */
static void
update_label (BdEntryRow *self)
{
  GtkAccessible *fields[2];

  if (self->entry == NULL)
    return;
  fields[0] = GTK_ACCESSIBLE (self->entry);
  fields[1] = GTK_ACCESSIBLE (bd_entry_row_get_text_widget (self));
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (self->label == NULL)
        {
          gtk_accessible_reset_property (fields[i], GTK_ACCESSIBLE_PROPERTY_LABEL);
          continue;
        }
      gtk_accessible_reset_relation (fields[i], GTK_ACCESSIBLE_RELATION_LABELLED_BY);
      gtk_accessible_update_property (fields[i], GTK_ACCESSIBLE_PROPERTY_LABEL, self->label, -1);
    }
}

static void
update_settings (BdEntryRow *self)
{
  GtkWidget *text;

  if (self->entry == NULL)
    return;
  text = bd_entry_row_get_text_widget (self);
  g_object_set (self->entry, "activates-default", self->activates_default, NULL);
  if (!self->password)
    g_object_set (text,
                  "input-purpose", self->input_purpose,
                  "input-hints", self->input_hints,
                  NULL);
}

/* The pages mark a field wrong with the "error" style class on the row, as
 * they did on the entry rows; the field shows it, and says it. */
static void
css_classes_cb (BdEntryRow *self)
{
  gboolean error = gtk_widget_has_css_class (GTK_WIDGET (self), "error");

  if (self->entry == NULL)
    return;
  if (error)
    gtk_widget_add_css_class (self->entry, "error");
  else
    gtk_widget_remove_css_class (self->entry, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (bd_entry_row_get_text_widget (self)),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               error ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

/* The ✓ shows once the person has typed something that is not applied yet
 * (text set by the program, while the field has no focus, is applied). */
static void
changed_cb (BdEntryRow *self)
{
  if (!self->show_apply_button || self->entry == NULL)
    return;
  if (gtk_widget_has_focus (bd_entry_row_get_text_widget (self)))
    gtk_widget_set_visible (self->apply_button, TRUE);
}

static void
apply (BdEntryRow *self)
{
  gtk_widget_set_visible (self->apply_button, FALSE);
  g_signal_emit (self, signals[SIGNAL_APPLY], 0);
}

static void
activate_cb (BdEntryRow *self)
{
  g_signal_emit (self, signals[SIGNAL_ENTRY_ACTIVATED], 0);
  if (self->show_apply_button)
    apply (self);
}

static void
apply_clicked_cb (BdEntryRow *self)
{
  /* The button goes away under the pointer: the keyboard stays in the field. */
  gtk_widget_grab_focus (self->entry);
  apply (self);
}

static gboolean
bd_entry_row_grab_focus (GtkWidget *widget)
{
  BdEntryRow *self = BD_ENTRY_ROW (widget);

  return self->entry != NULL && gtk_widget_grab_focus (self->entry);
}

/* As AdwEntryRow does: the keyboard moves through the row's children only.
 * GtkListBoxRow's own way puts the focus on the row as it leaves a child
 * backwards, which here is the field again: Shift+Tab would stay put. */
static gboolean
bd_entry_row_focus (GtkWidget        *widget,
                    GtkDirectionType  direction)
{
  gboolean backward = direction == GTK_DIR_TAB_BACKWARD || direction == GTK_DIR_UP ||
                      direction == GTK_DIR_LEFT;
  GtkWidget *child = gtk_widget_get_focus_child (widget);

  if (child != NULL)
    return gtk_widget_child_focus (child, direction);
  for (child = backward ? gtk_widget_get_last_child (widget) : gtk_widget_get_first_child (widget);
       child != NULL;
       child = backward ? gtk_widget_get_prev_sibling (child) : gtk_widget_get_next_sibling (child))
    {
      if (gtk_widget_child_focus (child, direction))
        return TRUE;
    }
  return FALSE;
}

static void
bd_entry_row_constructed (GObject *object)
{
  BdEntryRow *self = BD_ENTRY_ROW (object);

  G_OBJECT_CLASS (bd_entry_row_parent_class)->constructed (object);

  if (self->password)
    self->entry = g_object_new (GTK_TYPE_PASSWORD_ENTRY,
                                "show-peek-icon", TRUE,
                                NULL);
  else
    self->entry = gtk_entry_new ();
  gtk_widget_set_valign (self->entry, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (self->entry, TRUE);
  /* A small natural width, so that the row gives the title its whole width
   * first ("Användarnamn" is not broken at 360 px), and the field the room
   * that is left. */
  gtk_editable_set_width_chars (GTK_EDITABLE (bd_entry_row_get_text_widget (self)), 8);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (bd_entry_row_get_text_widget (self)), 8);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->entry);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self), self->entry);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (activate_cb), self);

  self->apply_button = gtk_button_new_from_icon_name ("object-select-symbolic");
  gtk_widget_set_valign (self->apply_button, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (self->apply_button, FALSE);
  gtk_widget_set_tooltip_text (self->apply_button, _("Apply"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->apply_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Apply"),
                                  -1);
  gtk_widget_add_css_class (self->apply_button, "circular");
  gtk_widget_add_css_class (self->apply_button, "suggested-action");
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->apply_button);
  g_signal_connect_swapped (self->apply_button, "clicked", G_CALLBACK (apply_clicked_cb), self);

  gtk_editable_init_delegate (GTK_EDITABLE (self));
  g_signal_connect_swapped (self, "changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self, "notify::css-classes", G_CALLBACK (css_classes_cb), self);
  update_settings (self);
  update_label (self);
}

static void
bd_entry_row_dispose (GObject *object)
{
  BdEntryRow *self = BD_ENTRY_ROW (object);

  if (self->entry != NULL)
    {
      gtk_editable_finish_delegate (GTK_EDITABLE (self));
      self->entry = NULL;
    }

  G_OBJECT_CLASS (bd_entry_row_parent_class)->dispose (object);
}

static void
bd_entry_row_finalize (GObject *object)
{
  BdEntryRow *self = BD_ENTRY_ROW (object);

  g_free (self->label);

  G_OBJECT_CLASS (bd_entry_row_parent_class)->finalize (object);
}

static void
bd_entry_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BdEntryRow *self = BD_ENTRY_ROW (object);

  if (gtk_editable_delegate_get_property (object, prop_id, value, pspec))
    return;

  switch (prop_id)
    {
    case PROP_PASSWORD:
      g_value_set_boolean (value, self->password);
      break;
    case PROP_SHOW_APPLY_BUTTON:
      g_value_set_boolean (value, self->show_apply_button);
      break;
    case PROP_ACTIVATES_DEFAULT:
      g_value_set_boolean (value, self->activates_default);
      break;
    case PROP_INPUT_PURPOSE:
      g_value_set_enum (value, self->input_purpose);
      break;
    case PROP_INPUT_HINTS:
      g_value_set_flags (value, self->input_hints);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_entry_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  BdEntryRow *self = BD_ENTRY_ROW (object);

  if (gtk_editable_delegate_set_property (object, prop_id, value, pspec))
    return;

  switch (prop_id)
    {
    case PROP_PASSWORD:
      self->password = g_value_get_boolean (value);
      break;
    case PROP_SHOW_APPLY_BUTTON:
      self->show_apply_button = g_value_get_boolean (value);
      if (!self->show_apply_button && self->apply_button != NULL)
        gtk_widget_set_visible (self->apply_button, FALSE);
      break;
    case PROP_ACTIVATES_DEFAULT:
      self->activates_default = g_value_get_boolean (value);
      update_settings (self);
      break;
    case PROP_INPUT_PURPOSE:
      self->input_purpose = g_value_get_enum (value);
      update_settings (self);
      break;
    case PROP_INPUT_HINTS:
      self->input_hints = g_value_get_flags (value);
      update_settings (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_entry_row_class_init (BdEntryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bd_entry_row_constructed;
  object_class->dispose = bd_entry_row_dispose;
  object_class->finalize = bd_entry_row_finalize;
  object_class->get_property = bd_entry_row_get_property;
  object_class->set_property = bd_entry_row_set_property;
  widget_class->grab_focus = bd_entry_row_grab_focus;
  widget_class->focus = bd_entry_row_focus;

  properties[PROP_PASSWORD] =
    g_param_spec_boolean ("password", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_APPLY_BUTTON] =
    g_param_spec_boolean ("show-apply-button", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVATES_DEFAULT] =
    g_param_spec_boolean ("activates-default", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_INPUT_PURPOSE] =
    g_param_spec_enum ("input-purpose", NULL, NULL,
                       GTK_TYPE_INPUT_PURPOSE, GTK_INPUT_PURPOSE_FREE_FORM,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_INPUT_HINTS] =
    g_param_spec_flags ("input-hints", NULL, NULL,
                        GTK_TYPE_INPUT_HINTS, GTK_INPUT_HINT_NONE,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_editable_install_properties (object_class, N_PROPS);

  /**
   * BdEntryRow::apply:
   *
   * The person applied the text: Enter in the field, or the ✓ beside it,
   * with show-apply-button.
   */
  signals[SIGNAL_APPLY] = g_signal_new ("apply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * BdEntryRow::entry-activated:
   *
   * Enter in the field, as AdwEntryRow's signal of that name.
   */
  signals[SIGNAL_ENTRY_ACTIVATED] = g_signal_new ("entry-activated", G_TYPE_FROM_CLASS (klass),
                                                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                  G_TYPE_NONE, 0);
}

static void
bd_entry_row_init (BdEntryRow *self)
{
  /* The field takes the focus, not the row around it (one Tab stop). */
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
}

/**
 * bd_entry_row_new:
 * @password: a password field (its text hidden, with an eye to show it)
 */
GtkWidget *
bd_entry_row_new (gboolean password)
{
  return g_object_new (BD_TYPE_ENTRY_ROW, "password", password, NULL);
}

/**
 * bd_entry_row_get_text_widget:
 *
 * Returns: (transfer none): the GtkText that has the focus when the field
 *   has it.
 */
GtkWidget *
bd_entry_row_get_text_widget (BdEntryRow *self)
{
  g_return_val_if_fail (BD_IS_ENTRY_ROW (self), NULL);

  return GTK_WIDGET (bd_entry_row_get_delegate (GTK_EDITABLE (self)));
}

/**
 * bd_entry_row_set_label:
 * @label: (nullable): what a screen reader calls the field; %NULL: the
 *   row's title
 *
 * For a field whose title alone is not enough ("Server", twice on a page).
 */
void
bd_entry_row_set_label (BdEntryRow *self,
                        const char *label)
{
  g_return_if_fail (BD_IS_ENTRY_ROW (self));

  g_free (self->label);
  self->label = g_strdup (label);
  update_label (self);
}
