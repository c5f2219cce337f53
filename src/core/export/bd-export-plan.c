/* bd-export-plan.c
 *
 * The steps are plain structs, owned by the plan: a target adds them with
 * the bd_export_plan_add_*() functions, and the plan's apply (the target's)
 * marks each one done. Nothing here touches a file, the keyring or D-Bus.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-export-plan.h"

struct _BdExportPlan
{
  GObject parent_instance;

  char      *target_id;
  GPtrArray *steps;      /* (element-type BdExportStep) */
  GPtrArray *warnings;   /* (element-type utf8) */
  GVariant  *data;
};

G_DEFINE_FINAL_TYPE (BdExportPlan, bd_export_plan, G_TYPE_OBJECT)

static void
step_free (BdExportStep *step)
{
  g_free (step->description);
  g_free (step->path);
  g_free (step->text);
  g_free (step->old_text);
  g_clear_object (&step->server);
  g_free (step->schema);
  g_clear_pointer (&step->attributes, g_hash_table_unref);
  g_free (step->label);
  g_free (step);
}

static void
bd_export_plan_finalize (GObject *object)
{
  BdExportPlan *self = BD_EXPORT_PLAN (object);

  g_free (self->target_id);
  g_ptr_array_unref (self->steps);
  g_ptr_array_unref (self->warnings);
  g_clear_pointer (&self->data, g_variant_unref);

  G_OBJECT_CLASS (bd_export_plan_parent_class)->finalize (object);
}

static void
bd_export_plan_class_init (BdExportPlanClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bd_export_plan_finalize;
}

static void
bd_export_plan_init (BdExportPlan *self)
{
  self->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
}

/**
 * bd_export_plan_new:
 * @target_id: the id of the target that makes it ("msmtp" …)
 *
 * Returns: (transfer full): a plan with no step.
 */
BdExportPlan *
bd_export_plan_new (const char *target_id)
{
  BdExportPlan *self;

  g_return_val_if_fail (target_id != NULL, NULL);

  self = g_object_new (BD_TYPE_EXPORT_PLAN, NULL);
  self->target_id = g_strdup (target_id);
  return self;
}

const char *
bd_export_plan_get_target_id (BdExportPlan *self)
{
  g_return_val_if_fail (BD_IS_EXPORT_PLAN (self), NULL);

  return self->target_id;
}

static BdExportStep *
add_step (BdExportPlan     *self,
          BdExportStepKind  kind,
          const char       *description)
{
  BdExportStep *step = g_new0 (BdExportStep, 1);

  step->kind = kind;
  step->description = g_strdup (description);
  g_ptr_array_add (self->steps, step);
  return step;
}

/**
 * bd_export_plan_add_file:
 * @path: the file's absolute path
 * @text: its whole new text
 * @old_text: (nullable): its text now; %NULL when the file is created
 * @mode: its permissions
 *
 * Returns: (transfer none): the step.
 */
BdExportStep *
bd_export_plan_add_file (BdExportPlan *self,
                         const char   *description,
                         const char   *path,
                         const char   *text,
                         const char   *old_text,
                         guint         mode)
{
  BdExportStep *step;

  g_return_val_if_fail (BD_IS_EXPORT_PLAN (self), NULL);
  g_return_val_if_fail (path != NULL && g_path_is_absolute (path), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  step = add_step (self, BD_EXPORT_STEP_FILE, description);
  step->path = g_strdup (path);
  step->text = g_strdup (text);
  step->old_text = g_strdup (old_text);
  step->mode = mode;
  return step;
}

/**
 * bd_export_plan_add_own_keyring_item:
 * @server: the login whose password Brevduva keeps (bd-keyring.c)
 *
 * Returns: (transfer none): the step.
 */
BdExportStep *
bd_export_plan_add_own_keyring_item (BdExportPlan *self,
                                     const char   *description,
                                     BdServer     *server)
{
  BdExportStep *step;

  g_return_val_if_fail (BD_IS_EXPORT_PLAN (self), NULL);
  g_return_val_if_fail (BD_IS_SERVER (server), NULL);

  step = add_step (self, BD_EXPORT_STEP_KEYRING, description);
  step->server = g_object_ref (server);
  return step;
}

/**
 * bd_export_plan_add_keyring_item:
 * @schema: the libsecret schema's name, as the program looks it up
 * @attributes: (element-type utf8 utf8): the item's string attributes
 * @label: the item's label, as the keyring's own program shows it
 *
 * Returns: (transfer none): the step.
 */
BdExportStep *
bd_export_plan_add_keyring_item (BdExportPlan *self,
                                 const char   *description,
                                 const char   *schema,
                                 GHashTable   *attributes,
                                 const char   *label)
{
  BdExportStep *step;

  g_return_val_if_fail (BD_IS_EXPORT_PLAN (self), NULL);
  g_return_val_if_fail (schema != NULL && attributes != NULL, NULL);

  step = add_step (self, BD_EXPORT_STEP_KEYRING, description);
  step->schema = g_strdup (schema);
  step->attributes = g_hash_table_ref (attributes);
  step->label = g_strdup (label);
  return step;
}

/**
 * bd_export_plan_add_dbus_call:
 * @call: the call as people read it, without any secret
 *
 * Returns: (transfer none): the step.
 */
BdExportStep *
bd_export_plan_add_dbus_call (BdExportPlan *self,
                              const char   *description,
                              const char   *call)
{
  BdExportStep *step;

  g_return_val_if_fail (BD_IS_EXPORT_PLAN (self), NULL);

  step = add_step (self, BD_EXPORT_STEP_DBUS, description);
  step->text = g_strdup (call);
  return step;
}

/**
 * bd_export_plan_add_launch:
 * @command_line: the program to open, as a shell would read it
 *
 * Returns: (transfer none): the step.
 */
BdExportStep *
bd_export_plan_add_launch (BdExportPlan *self,
                           const char   *description,
                           const char   *command_line)
{
  BdExportStep *step;

  g_return_val_if_fail (BD_IS_EXPORT_PLAN (self), NULL);

  step = add_step (self, BD_EXPORT_STEP_LAUNCH, description);
  step->text = g_strdup (command_line);
  return step;
}

void
bd_export_plan_add_warning (BdExportPlan *self,
                            const char   *warning)
{
  g_return_if_fail (BD_IS_EXPORT_PLAN (self));
  g_return_if_fail (warning != NULL);

  g_ptr_array_add (self->warnings, g_strdup (warning));
}

/**
 * bd_export_plan_get_warnings:
 *
 * Returns: (transfer none) (element-type utf8): what the person must know.
 */
GPtrArray *
bd_export_plan_get_warnings (BdExportPlan *self)
{
  g_return_val_if_fail (BD_IS_EXPORT_PLAN (self), NULL);

  return self->warnings;
}

/**
 * bd_export_plan_get_steps:
 *
 * Returns: (transfer none) (element-type BdExportStep): the steps, in order.
 */
GPtrArray *
bd_export_plan_get_steps (BdExportPlan *self)
{
  g_return_val_if_fail (BD_IS_EXPORT_PLAN (self), NULL);

  return self->steps;
}

/* @data: (transfer floating or full) */
void
bd_export_plan_set_data (BdExportPlan *self,
                         GVariant     *data)
{
  g_return_if_fail (BD_IS_EXPORT_PLAN (self));

  g_clear_pointer (&self->data, g_variant_unref);
  self->data = data != NULL ? g_variant_ref_sink (data) : NULL;
}

/**
 * bd_export_plan_get_data:
 *
 * Returns: (transfer none) (nullable): what the target keeps for its apply.
 */
GVariant *
bd_export_plan_get_data (BdExportPlan *self)
{
  g_return_val_if_fail (BD_IS_EXPORT_PLAN (self), NULL);

  return self->data;
}

/* Each line of @text, indented, so that a file's text stands apart from
 * the plan's own lines. */
static void
append_indented (GString    *out,
                 const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = g_strv_length (lines);

  /* A final newline makes an empty last piece, not a line. */
  if (n > 0 && lines[n - 1][0] == '\0')
    n--;
  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "    %s\n", lines[i]);
}

static void
append_step (GString            *out,
             guint               number,
             const BdExportStep *step)
{
  g_string_append_printf (out, "%u. %s\n", number, step->description);
  switch (step->kind)
    {
    case BD_EXPORT_STEP_FILE:
      /* Translators: a file in a plan: “File: /home/alice/.msmtprc (permissions 0600,
       * new file)”. */
      g_string_append_printf (out, _("   File: %s (permissions %04o, %s)\n"), step->path,
                              step->mode, step->old_text != NULL ? _("changed") : _("new file"));
      append_indented (out, step->text);
      break;
    case BD_EXPORT_STEP_KEYRING:
      if (step->label != NULL)
        g_string_append_printf (out, _("   Keyring item: %s\n"), step->label);
      break;
    case BD_EXPORT_STEP_DBUS:
    case BD_EXPORT_STEP_LAUNCH:
    default:
      if (step->text != NULL)
        g_string_append_printf (out, "   %s\n", step->text);
      break;
    }
}

/**
 * bd_export_plan_dup_text:
 *
 * Returns: (transfer full): the plan for people: each step, each file's
 *   whole new text, and the warnings. Never a password: no step holds one.
 */
char *
bd_export_plan_dup_text (BdExportPlan *self)
{
  GString *out;

  g_return_val_if_fail (BD_IS_EXPORT_PLAN (self), NULL);

  out = g_string_new (NULL);
  for (guint i = 0; i < self->steps->len; i++)
    append_step (out, i + 1, g_ptr_array_index (self->steps, i));
  for (guint i = 0; i < self->warnings->len; i++)
    /* Translators: a warning in a plan. */
    g_string_append_printf (out, _("Note: %s\n"), (char *) g_ptr_array_index (self->warnings, i));
  return g_string_free (out, FALSE);
}

/**
 * bd_export_plan_dup_config_text:
 *
 * Returns: (transfer full): the whole new text of the plan's files: of
 *   one file as it is; of several, each after a “==> PATH <==” line (as
 *   head(1) shows several files). "" when the plan writes no file.
 */
char *
bd_export_plan_dup_config_text (BdExportPlan *self)
{
  GString *out;
  guint files = 0;

  g_return_val_if_fail (BD_IS_EXPORT_PLAN (self), NULL);

  for (guint i = 0; i < self->steps->len; i++)
    files += ((BdExportStep *) g_ptr_array_index (self->steps, i))->kind == BD_EXPORT_STEP_FILE;

  out = g_string_new (NULL);
  for (guint i = 0; i < self->steps->len; i++)
    {
      BdExportStep *step = g_ptr_array_index (self->steps, i);

      if (step->kind != BD_EXPORT_STEP_FILE)
        continue;
      if (files > 1)
        g_string_append_printf (out, "%s==> %s <==\n", out->len > 0 ? "\n" : "", step->path);
      g_string_append (out, step->text);
    }
  return g_string_free (out, FALSE);
}
