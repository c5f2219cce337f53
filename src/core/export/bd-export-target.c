/* bd-export-target.c
 *
 * The base of every mail program Brevduva hands an account to. A target
 * only plans (what it would write, store or call) and, when it needs more
 * than files and keyring items, applies; everything a target shares lives
 * here: running both in a worker thread, the password's wiped copy for the
 * time of an apply, the default apply (bd-export-files.c: files all or
 * nothing, then keyring items), the refusals every password-based target
 * makes (bd-export-target-private.h) and the registry of targets.
 *
 * The password is copied once, into memory wiped when the task ends; it is
 * never a property, never logged and never part of a plan.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-export-aerc.h"
#include "bd-export-evolution.h"
#include "bd-export-files-private.h"
#include "bd-export-goa.h"
#include "bd-export-mbsync.h"
#include "bd-export-msmtp.h"
#include "bd-export-neomutt.h"
#include "bd-export-target.h"
#include "bd-export-target-private.h"
#include "bd-export-thunderbird.h"
#include "bd-secret-private.h"

G_DEFINE_ABSTRACT_TYPE (BdExportTarget, bd_export_target, G_TYPE_OBJECT)

/* Every target, in the order people see them: GNOME Online Accounts
 * first (Geary and Evolution pick its accounts up), then the programs
 * with windows, then the terminal ones. One line each. */
static GType (* const target_types[]) (void) = {
  bd_export_goa_get_type,
  bd_export_evolution_get_type,
  bd_export_thunderbird_get_type,
  bd_export_msmtp_get_type,
  bd_export_mbsync_get_type,
  bd_export_aerc_get_type,
  bd_export_neomutt_get_type,
};

/* A program is installed when its command is in PATH. */
static gboolean
bd_export_target_real_is_available (BdExportTarget *self)
{
  const char *executable = BD_EXPORT_TARGET_GET_CLASS (self)->executable;
  g_autofree char *path = NULL;

  if (executable == NULL)
    return TRUE;
  path = g_find_program_in_path (executable);
  return path != NULL;
}

static gboolean
bd_export_target_real_apply (BdExportTarget  *self,
                             BdExportPlan    *plan,
                             const char      *password,
                             GCancellable    *cancellable,
                             GError         **error)
{
  return bd_export_plan_apply_files_and_keyring (plan, password, cancellable, error);
}

static void
bd_export_target_class_init (BdExportTargetClass *klass)
{
  klass->is_available = bd_export_target_real_is_available;
  klass->apply = bd_export_target_real_apply;
}

static void
bd_export_target_init (BdExportTarget *self)
{
}

/**
 * bd_export_targets_new_all:
 *
 * Returns: (transfer full) (element-type BdExportTarget): one of every
 *   target, in the order people see them.
 */
GPtrArray *
bd_export_targets_new_all (void)
{
  GPtrArray *targets = g_ptr_array_new_with_free_func (g_object_unref);

  for (gsize i = 0; i < G_N_ELEMENTS (target_types); i++)
    g_ptr_array_add (targets, g_object_new (target_types[i] (), NULL));
  return targets;
}

/* The class of the i-th target, which the caller unrefs. */
static BdExportTargetClass *
target_class_ref (gsize i)
{
  return g_type_class_ref (target_types[i] ());
}

/**
 * bd_export_target_new_for_id:
 * @id: a target's id, as `--to` takes it ("msmtp" …)
 *
 * Returns: (transfer full) (nullable): that target, or %NULL when there is
 *   none of that id.
 */
BdExportTarget *
bd_export_target_new_for_id (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (target_types); i++)
    {
      BdExportTargetClass *klass = target_class_ref (i);
      gboolean found = g_strcmp0 (klass->id, id) == 0;

      g_type_class_unref (klass);
      if (found)
        return g_object_new (target_types[i] (), NULL);
    }
  return NULL;
}

/**
 * bd_export_target_dup_ids:
 *
 * Returns: (transfer full): every target's id, in order, joined by "|"
 *   ("goa|evolution|…"), for usage messages.
 */
char *
bd_export_target_dup_ids (void)
{
  g_autoptr(GString) ids = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (target_types); i++)
    {
      BdExportTargetClass *klass = target_class_ref (i);

      if (ids->len > 0)
        g_string_append_c (ids, '|');
      g_string_append (ids, klass->id);
      g_type_class_unref (klass);
    }
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

const char *
bd_export_target_get_id (BdExportTarget *self)
{
  g_return_val_if_fail (BD_IS_EXPORT_TARGET (self), NULL);

  return BD_EXPORT_TARGET_GET_CLASS (self)->id;
}

/* Returns: the target's name for people, translated. */
const char *
bd_export_target_get_name (BdExportTarget *self)
{
  g_return_val_if_fail (BD_IS_EXPORT_TARGET (self), NULL);

  return _(BD_EXPORT_TARGET_GET_CLASS (self)->name);
}

/* Flatpak puts this file in every sandbox it makes. */
static gboolean
is_sandboxed (void)
{
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

/* Returns: whether the program (or its service) is on this computer, and
 * can be reached from where Brevduva runs. */
gboolean
bd_export_target_is_available (BdExportTarget *self)
{
  BdExportTargetClass *klass;

  g_return_val_if_fail (BD_IS_EXPORT_TARGET (self), FALSE);

  klass = BD_EXPORT_TARGET_GET_CLASS (self);
  if (is_sandboxed () && !klass->reachable_from_sandbox)
    return FALSE;
  return klass->is_available (self);
}

/* The plan's worker: the account is not touched by anyone else while it
 * runs (the caller keeps it, and the task holds a reference). */
typedef struct
{
  BdExportAccount *account;
  BdExportFlags flags;
} PlanData;

static void
plan_data_free (PlanData *data)
{
  g_clear_object (&data->account);
  g_free (data);
}

/* Why @self cannot be handed anything here: not installed, or out of the
 * sandbox's reach (docs/decisions.md). */
static GError *
new_unavailable_error (BdExportTarget *self)
{
  if (is_sandboxed () && !BD_EXPORT_TARGET_GET_CLASS (self)->reachable_from_sandbox)
    return g_error_new (BD_ERROR, BD_ERROR_EXPORT_PROGRAM_NOT_FOUND,
                        _("%s cannot be reached from inside the sandbox Brevduva runs in: "
                          "its settings would run commands outside it. Copy the settings "
                          "instead, or add the account to GNOME Online Accounts."),
                        bd_export_target_get_name (self));
  return g_error_new (BD_ERROR, BD_ERROR_EXPORT_PROGRAM_NOT_FOUND,
                      _("%s is not installed on this computer, or its service does not run."),
                      bd_export_target_get_name (self));
}

static void
plan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  BdExportTarget *self = source_object;
  PlanData *data = task_data;
  BdExportPlan *plan;
  GError *error = NULL;

  /* The one check of every caller: the assistant offers only the programs
   * that are there, and the command line gets the same answer. */
  if (!bd_export_target_is_available (self))
    {
      g_task_return_error (task, new_unavailable_error (self));
      return;
    }
  plan = BD_EXPORT_TARGET_GET_CLASS (self)->plan (self, data->account, data->flags,
                                                  cancellable, &error);
  if (plan == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, plan, g_object_unref);
}

/**
 * bd_export_target_plan_async:
 * @self: a target
 * @account: the proven account
 * @flags: what the person allowed beyond the rules
 * @cancellable: (nullable): cancels the planning
 * @callback: called with the plan, or why there is none
 * @user_data: data for @callback
 *
 * Plans handing @account to the target's program, in a worker thread.
 * Nothing is changed: the plan only says what would be.
 */
void
bd_export_target_plan_async (BdExportTarget      *self,
                             BdExportAccount     *account,
                             BdExportFlags        flags,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PlanData *data;

  g_return_if_fail (BD_IS_EXPORT_TARGET (self));
  g_return_if_fail (BD_IS_EXPORT_ACCOUNT (account));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_export_target_plan_async);

  data = g_new0 (PlanData, 1);
  data->account = g_object_ref (account);
  data->flags = flags;
  g_task_set_task_data (task, data, (GDestroyNotify) plan_data_free);
  g_task_run_in_thread (task, plan_thread);
}

/**
 * bd_export_target_plan_finish:
 *
 * Returns: (transfer full) (nullable): the plan, or %NULL with @error set
 *   (one of the `export-*` codes when the target refuses).
 */
BdExportPlan *
bd_export_target_plan_finish (BdExportTarget  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (BD_IS_EXPORT_TARGET (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bd_export_target_plan_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  BdExportPlan *plan;
  BdSecretString *password;   /* wiped when the task ends */
} ApplyData;

static void
apply_data_free (ApplyData *data)
{
  g_clear_object (&data->plan);
  bd_secret_string_clear (&data->password);
  g_free (data);
}

static void
apply_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BdExportTarget *self = source_object;
  ApplyData *data = task_data;
  GError *error = NULL;

  if (!BD_EXPORT_TARGET_GET_CLASS (self)->apply (self, data->plan, data->password,
                                                 cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * bd_export_target_apply_async:
 * @self: the target that made @plan
 * @plan: the plan, as shown to the person
 * @password: (nullable): the password, for the plan's keyring items
 * @cancellable: (nullable): cancels the apply before a step begins
 * @callback: called when the plan is applied, or why it is not
 * @user_data: data for @callback
 *
 * Applies @plan in a worker thread. The steps that took effect are marked
 * done in @plan; on failure, the error says what was and was not done.
 */
void
bd_export_target_apply_async (BdExportTarget      *self,
                              BdExportPlan        *plan,
                              const char          *password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ApplyData *data;

  g_return_if_fail (BD_IS_EXPORT_TARGET (self));
  g_return_if_fail (BD_IS_EXPORT_PLAN (plan));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_export_target_apply_async);

  if (g_strcmp0 (bd_export_plan_get_target_id (plan), bd_export_target_get_id (self)) != 0)
    {
      g_task_return_new_error (task, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                               _("This plan was made for another program (%s)."),
                               bd_export_plan_get_target_id (plan));
      return;
    }

  data = g_new0 (ApplyData, 1);
  data->plan = g_object_ref (plan);
  data->password = g_strdup (password);
  g_task_set_task_data (task, data, (GDestroyNotify) apply_data_free);
  g_task_run_in_thread (task, apply_thread);
}

/**
 * bd_export_target_apply_finish:
 *
 * Returns: %TRUE when every step took effect; otherwise %FALSE with
 *   @error set (`export-write-failed` says which files were and were not
 *   changed).
 */
gboolean
bd_export_target_apply_finish (BdExportTarget  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (BD_IS_EXPORT_TARGET (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bd_export_target_apply_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The refusals every password-based target makes (bd-export-target-private.h). */

/**
 * bd_export_check_password_login:
 * @account: the account
 * @program: the program's name, for the message
 *
 * Returns: %FALSE with `export-browser-login-required` when the provider
 *   lets mail programs in only through its own web sign-in, so that no
 *   password-based account must be made for it.
 */
gboolean
bd_export_check_password_login (BdExportAccount  *account,
                                const char       *program,
                                GError          **error)
{
  g_return_val_if_fail (BD_IS_EXPORT_ACCOUNT (account), FALSE);

  if (!bd_export_account_get_browser_login (account))
    return TRUE;

  g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_BROWSER_LOGIN_REQUIRED,
               _("%s lets mail programs in only through its own sign-in page, and %s "
                 "can only sign in with a password."),
               bd_export_account_get_provider_name (account) != NULL
                 ? bd_export_account_get_provider_name (account)
                 : bd_address_get_domain (bd_export_account_get_address (account)),
               program);
  return FALSE;
}

/**
 * bd_export_check_proven:
 * @account: the account
 * @server: (nullable): one of its servers; %NULL passes
 * @flags: %BD_EXPORT_ALLOW_UNPROVEN lets an unproven server pass
 *
 * Returns: %FALSE with `export-not-proven` when @server's login did not
 *   succeed in this run and the person did not allow that.
 */
gboolean
bd_export_check_proven (BdExportAccount  *account,
                        BdServer         *server,
                        BdExportFlags     flags,
                        GError          **error)
{
  g_return_val_if_fail (BD_IS_EXPORT_ACCOUNT (account), FALSE);

  if (server == NULL || (flags & BD_EXPORT_ALLOW_UNPROVEN) != 0 ||
      bd_export_account_get_proven (account, server))
    return TRUE;

  g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_NOT_PROVEN,
               _("The login to %s (%s) was not proven in this run, so it is not handed "
                 "on."),
               bd_server_get_hostname (server),
               bd_protocol_get_label (bd_server_get_protocol (server)));
  return FALSE;
}
