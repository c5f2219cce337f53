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

  GtkStack *status_stack;
  GtkSpinner *spinner;
  GtkImage *status_image;
};

G_DEFINE_FINAL_TYPE (BdSourceRow, bd_source_row, ADW_TYPE_ACTION_ROW)

static void
update (BdSourceRow *self)
{
  BdSourceState state = bd_source_progress_get_state (self->progress);
  guint ms = bd_source_progress_get_ms (self->progress);
  const char *message = bd_source_progress_get_message (self->progress);
  g_autofree char *subtitle = NULL;

  gtk_spinner_set_spinning (self->spinner, state == BD_SOURCE_STATE_RUNNING);
  gtk_stack_set_visible_child_name (self->status_stack,
                                    state == BD_SOURCE_STATE_RUNNING ? "spinner" : "icon");
  switch (state)
    {
    case BD_SOURCE_STATE_ANSWERED:
      bd_gui_set_status_icon (self->status_image, "emblem-ok-symbolic", "success",
                              _("Answered"));
      break;
    case BD_SOURCE_STATE_FAILED:
      bd_gui_set_status_icon (self->status_image, "dialog-error-symbolic", "error", _("Failed"));
      break;
    case BD_SOURCE_STATE_NOT_FOUND:
      bd_gui_set_status_icon (self->status_image, "window-close-symbolic", "dim-label",
                              _("Nothing there"));
      break;
    case BD_SOURCE_STATE_SKIPPED:
      bd_gui_set_status_icon (self->status_image, "action-unavailable-symbolic", "dim-label",
                              _("Skipped"));
      break;
    case BD_SOURCE_STATE_RUNNING:
    default:
      break;
    }

  if (state != BD_SOURCE_STATE_RUNNING && state != BD_SOURCE_STATE_SKIPPED && ms > 0)
    /* TRANSLATORS: a source's outcome and how long it took: "Found the settings. (12 ms)" */
    subtitle = g_strdup_printf (_("%s (%u ms)"), message, ms);
  else
    subtitle = g_strdup (message);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
}

static void
bd_source_row_dispose (GObject *object)
{
  BdSourceRow *self = BD_SOURCE_ROW (object);

  if (self->progress != NULL)
    g_signal_handlers_disconnect_by_data (self->progress, self);
  g_clear_object (&self->progress);
  gtk_widget_dispose_template (GTK_WIDGET (object), BD_TYPE_SOURCE_ROW);

  G_OBJECT_CLASS (bd_source_row_parent_class)->dispose (object);
}

static void
bd_source_row_class_init (BdSourceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bd_source_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/brevduva/Brevduva/bd-source-row.ui");
  gtk_widget_class_bind_template_child (widget_class, BdSourceRow, status_stack);
  gtk_widget_class_bind_template_child (widget_class, BdSourceRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, BdSourceRow, status_image);
}

static void
bd_source_row_init (BdSourceRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
bd_source_row_new (BdSourceProgress *progress)
{
  BdSourceRow *self;

  g_return_val_if_fail (BD_IS_SOURCE_PROGRESS (progress), NULL);

  self = g_object_new (BD_TYPE_SOURCE_ROW, NULL);
  self->progress = g_object_ref (progress);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self),
                                 bd_source_progress_get_title (progress));
  g_signal_connect_swapped (progress, "notify", G_CALLBACK (update), self);
  update (self);
  return GTK_WIDGET (self);
}

BdSourceProgress *
bd_source_row_get_progress (BdSourceRow *self)
{
  g_return_val_if_fail (BD_IS_SOURCE_ROW (self), NULL);

  return self->progress;
}
