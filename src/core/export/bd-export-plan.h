/* bd-export-plan.h: what handing an account to one mail program would do
 *
 * A plan lists every change: each file with its full new text, each keyring
 * item (never its password), each D-Bus call and each program opened. It is
 * shown as it is (a dry run), then applied by its target
 * (bd_export_target_apply_async()).
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "bd-server.h"

G_BEGIN_DECLS

typedef enum {
  BD_EXPORT_STEP_FILE,      /* create or change a file */
  BD_EXPORT_STEP_KEYRING,   /* keep the password in a keyring item */
  BD_EXPORT_STEP_DBUS,      /* call a service over D-Bus */
  BD_EXPORT_STEP_LAUNCH,    /* open a program for the person */
} BdExportStepKind;

/**
 * BdExportStep:
 * @kind: what it does
 * @description: one line for people, translated
 * @path: FILE: the file's absolute path
 * @text: FILE: its full new text; DBUS, LAUNCH: the call or command line
 * @old_text: FILE: its text now, or NULL when the file is created
 * @mode: FILE: its permissions (0600, 0644 …)
 * @server: KEYRING: Brevduva's own item for this login (bd-keyring.c), or NULL
 * @schema: KEYRING without @server: the libsecret schema's name
 * @attributes: KEYRING without @server: string attributes (name → value)
 * @label: KEYRING: the item's label
 * @done: set by apply once the step took effect
 *
 * Read-only outside bd-export-plan.c and the targets.
 */
typedef struct {
  BdExportStepKind  kind;
  char             *description;
  char             *path;
  char             *text;
  char             *old_text;
  guint             mode;
  BdServer         *server;
  char             *schema;
  GHashTable       *attributes;
  char             *label;
  gboolean          done;
} BdExportStep;

#define BD_TYPE_EXPORT_PLAN (bd_export_plan_get_type ())

G_DECLARE_FINAL_TYPE (BdExportPlan, bd_export_plan, BD, EXPORT_PLAN, GObject)

BdExportPlan  *bd_export_plan_new              (const char    *target_id);
const char    *bd_export_plan_get_target_id    (BdExportPlan  *self);

BdExportStep  *bd_export_plan_add_file         (BdExportPlan  *self,
                                                const char    *description,
                                                const char    *path,
                                                const char    *text,
                                                const char    *old_text,
                                                guint          mode);
BdExportStep  *bd_export_plan_add_own_keyring_item (BdExportPlan *self,
                                                const char    *description,
                                                BdServer      *server);
BdExportStep  *bd_export_plan_add_keyring_item (BdExportPlan  *self,
                                                const char    *description,
                                                const char    *schema,
                                                GHashTable    *attributes,
                                                const char    *label);
BdExportStep  *bd_export_plan_add_dbus_call    (BdExportPlan  *self,
                                                const char    *description,
                                                const char    *call);
BdExportStep  *bd_export_plan_add_launch       (BdExportPlan  *self,
                                                const char    *description,
                                                const char    *command_line);

/* Things the person must know: what the program will do that Brevduva
 * cannot make it do (translated sentences). */
void           bd_export_plan_add_warning      (BdExportPlan  *self,
                                                const char    *warning);
GPtrArray     *bd_export_plan_get_warnings     (BdExportPlan  *self);

/* (element-type BdExportStep) (transfer none) */
GPtrArray     *bd_export_plan_get_steps        (BdExportPlan  *self);

/* Target-specific data for apply (GOA's account details …). */
void           bd_export_plan_set_data         (BdExportPlan  *self,
                                                GVariant      *data);
GVariant      *bd_export_plan_get_data         (BdExportPlan  *self);

/* The dry run, for people: every step, every file's full new text. */
char          *bd_export_plan_dup_text         (BdExportPlan  *self);
/* Only the config text that would be written (--print). */
char          *bd_export_plan_dup_config_text  (BdExportPlan  *self);

G_END_DECLS
