/* bd-source-row.c
 *
 * A spinner while the source is asked, then ✓ (answered), ✗ (failed), a
 * dimmed "nothing there" or "skipped", with the source's own words below.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bd-gui-util.h"
#include "bd-source-row.h"

struct _BdSourceRow
{
  AdwActionRow parent_instance;

  BdSourceProgress *progress;

  GtkImage *status_image;
};

enum {
  PROP_0,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BdSourceRow, bd_source_row, ADW_TYPE_ACTION_ROW)

/* How each outcome looks: the icon, its style, and what a screen reader
 * says for it. A source still asked shows the spinner. */
static const struct
{
  const char *icon_name;
  const char *style_class;
  const char *label;
} state_looks[] = {
  [BD_SOURCE_STATE_RUNNING] = { "content-loading-symbolic", NULL, NULL },
  [BD_SOURCE_STATE_ANSWERED] = { "emblem-ok-symbolic", "success", N_("Answered") },
  [BD_SOURCE_STATE_FAILED] = { "dialog-error-symbolic", "error", N_("Failed") },
  [BD_SOURCE_STATE_NOT_FOUND] = { "window-close-symbolic", "dim-label", N_("Nothing there") },
  [BD_SOURCE_STATE_SKIPPED] = { "action-unavailable-symbolic", "dim-label", N_("Skipped") },
};

static gboolean
running_cb (BdSourceRow   *self,
            BdSourceState  state)
{
  return state == BD_SOURCE_STATE_RUNNING;
}

static char *
state_icon_cb (BdSourceRow   *self,
               BdSourceState  state)
{
  g_return_val_if_fail (state < G_N_ELEMENTS (state_looks), NULL);

  return g_strdup (state_looks[state].icon_name);
}

static GStrv
state_style_cb (BdSourceRow   *self,
                BdSourceState  state)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (state < G_N_ELEMENTS (state_looks), NULL);

  if (state_looks[state].style_class != NULL)
    g_strv_builder_add (builder, state_looks[state].style_class);
  return g_strv_builder_end (builder);
}

static char *
subtitle_cb (BdSourceProgress *progress,
             BdSourceState     state,
             const char       *message,
             guint             ms)
{
  if (state != BD_SOURCE_STATE_RUNNING && state != BD_SOURCE_STATE_SKIPPED && ms > 0)
    /* TRANSLATORS: a source's outcome and how long it took: "Found the settings. (12 ms)" */
    return g_strdup_printf (_("%s (%u ms)"), message, ms);
  return g_strdup (message);
}

/* What no binding can set: the accessible label of the outcome's icon. */
static void
state_cb (BdSourceRow *self)
{
  BdSourceState state = bd_source_progress_get_state (self->progress);

  g_return_if_fail (state < G_N_ELEMENTS (state_looks));

  if (state_looks[state].label != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_image),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, _(state_looks[state].label),
                                    -1);
}

/* The row's own title and subtitle are bound here, with the progress as
 * the expression's "this": GTK 4.8 cannot undo a <binding> in the .ui
 * whose target is the template itself (it drops a weak reference twice as
 * the row goes). */
static void
bind_own_properties (BdSourceRow *self)
{
  GtkExpression *params[] = {
    gtk_property_expression_new (BD_TYPE_SOURCE_PROGRESS, NULL, "state"),
    gtk_property_expression_new (BD_TYPE_SOURCE_PROGRESS, NULL, "message"),
    gtk_property_expression_new (BD_TYPE_SOURCE_PROGRESS, NULL, "ms"),
  };

  g_object_bind_property (self->progress, "title", self, "title", G_BINDING_SYNC_CREATE);
  gtk_expression_bind (gtk_cclosure_expression_new (G_TYPE_STRING, NULL,
                                                    G_N_ELEMENTS (params), params,
                                                    G_CALLBACK (subtitle_cb), NULL, NULL),
                       self, "subtitle", self->progress);
}

static void
bd_source_row_constructed (GObject *object)
{
  BdSourceRow *self = BD_SOURCE_ROW (object);

  G_OBJECT_CLASS (bd_source_row_parent_class)->constructed (object);

  g_assert (BD_IS_SOURCE_PROGRESS (self->progress));
  bind_own_properties (self);
  g_signal_connect_swapped (self->progress, "notify::state", G_CALLBACK (state_cb), self);
  state_cb (self);
}

static void
bd_source_row_dispose (GObject *object)
{
  BdSourceRow *self = BD_SOURCE_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_SOURCE_ROW);
  if (self->progress != NULL)
    g_signal_handlers_disconnect_by_data (self->progress, self);
  g_clear_object (&self->progress);

  G_OBJECT_CLASS (bd_source_row_parent_class)->dispose (object);
}

static void
bd_source_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BdSourceRow *self = BD_SOURCE_ROW (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      g_value_set_object (value, self->progress);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_source_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  BdSourceRow *self = BD_SOURCE_ROW (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      self->progress = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_source_row_class_init (BdSourceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bd_source_row_constructed;
  object_class->dispose = bd_source_row_dispose;
  object_class->get_property = bd_source_row_get_property;
  object_class->set_property = bd_source_row_set_property;

  /**
   * BdSourceRow:progress:
   *
   * The source the row shows, and how far it got.
   */
  properties[PROP_PROGRESS] =
    g_param_spec_object ("progress", NULL, NULL, BD_TYPE_SOURCE_PROGRESS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/brevduva/Brevduva/bd-source-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BdSourceRow, status_image);
  gtk_widget_class_bind_template_callback (widget_class, running_cb);
  gtk_widget_class_bind_template_callback (widget_class, state_icon_cb);
  gtk_widget_class_bind_template_callback (widget_class, state_style_cb);
  bd_gui_class_bind_closures (widget_class);
}

static void
bd_source_row_init (BdSourceRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
bd_source_row_new (BdSourceProgress *progress)
{
  g_return_val_if_fail (BD_IS_SOURCE_PROGRESS (progress), NULL);

  return g_object_new (BD_TYPE_SOURCE_ROW, "progress", progress, NULL);
}

BdSourceProgress *
bd_source_row_get_progress (BdSourceRow *self)
{
  g_return_val_if_fail (BD_IS_SOURCE_ROW (self), NULL);

  return self->progress;
}
