/* bd-export-target.h: one mail program that Brevduva hands an account to
 *
 * Each program is a subclass (bd-export-goa.c, bd-export-evolution.c …).
 * plan() and apply() run in a worker thread (GTask), so they may block
 * on files and D-Bus; they are called through the _async functions.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-export-account.h"
#include "bd-export-plan.h"

G_BEGIN_DECLS

typedef enum {
  BD_EXPORT_FLAGS_NONE            = 0,
  /* Hand off servers whose login was not proven in this run. */
  BD_EXPORT_ALLOW_UNPROVEN        = 1 << 0,
  /* The person accepted that a program which cannot keep one trusted
   * certificate will accept any certificate for that server. */
  BD_EXPORT_ALLOW_ANY_CERTIFICATE = 1 << 1,
} BdExportFlags;

#define BD_TYPE_EXPORT_TARGET (bd_export_target_get_type ())

G_DECLARE_DERIVABLE_TYPE (BdExportTarget, bd_export_target, BD, EXPORT_TARGET, GObject)

struct _BdExportTargetClass
{
  GObjectClass parent_class;

  const char *id;     /* the --to name: "goa", "evolution" … */
  const char *name;   /* for people, N_() marked: "GNOME Online Accounts" */
  /* Reached over D-Bus, so usable from inside the Flatpak sandbox; a
   * program whose files or commands live on the host is not (its config
   * would run commands outside the sandbox, and look up a password the
   * sandbox's own keyring holds: docs/decisions.md). */
  gboolean    reachable_from_sandbox;
  /* The program's command ("msmtp"), or NULL: the default is_available()
   * looks for it in PATH (and is TRUE when there is none to look for). */
  const char *executable;

  /* The program (or its service) is on this computer. */
  gboolean      (*is_available) (BdExportTarget   *self);
  /* Worker thread. */
  BdExportPlan *(*plan)         (BdExportTarget   *self,
                                 BdExportAccount  *account,
                                 BdExportFlags     flags,
                                 GCancellable     *cancellable,
                                 GError          **error);
  /* Worker thread. The default applies the plan's FILE and KEYRING steps
   * all or nothing (bd_export_plan_apply_files_and_keyring()). */
  gboolean      (*apply)        (BdExportTarget   *self,
                                 BdExportPlan     *plan,
                                 const char       *password,
                                 GCancellable     *cancellable,
                                 GError          **error);
};

/* Every target, in the order people see them. (element-type BdExportTarget) */
GPtrArray      *bd_export_targets_new_all          (void);
BdExportTarget *bd_export_target_new_for_id        (const char       *id);
/* "goa|evolution|…", for usage messages */
char           *bd_export_target_dup_ids           (void);

const char     *bd_export_target_get_id            (BdExportTarget   *self);
const char     *bd_export_target_get_name          (BdExportTarget   *self);
gboolean        bd_export_target_is_available      (BdExportTarget   *self);

void            bd_export_target_plan_async        (BdExportTarget   *self,
                                                    BdExportAccount  *account,
                                                    BdExportFlags     flags,
                                                    GCancellable     *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer          user_data);
BdExportPlan   *bd_export_target_plan_finish       (BdExportTarget   *self,
                                                    GAsyncResult     *result,
                                                    GError          **error);

/* @password: may be NULL for a plan without password steps; copied into
 * memory that is wiped when the apply is done. */
void            bd_export_target_apply_async       (BdExportTarget   *self,
                                                    BdExportPlan     *plan,
                                                    const char       *password,
                                                    GCancellable     *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer          user_data);
gboolean        bd_export_target_apply_finish      (BdExportTarget   *self,
                                                    GAsyncResult     *result,
                                                    GError          **error);

G_END_DECLS
