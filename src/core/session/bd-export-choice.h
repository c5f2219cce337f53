/* bd-export-choice.h: one mail program as the assistant's last page offers it, and how handing the account to it went
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "bd-export-target.h"

G_BEGIN_DECLS

typedef enum {
  BD_EXPORT_STATE_IDLE,
  BD_EXPORT_STATE_WORKING,
  BD_EXPORT_STATE_DONE,
  BD_EXPORT_STATE_FAILED,
  BD_EXPORT_STATE_NEEDS_DECISION,
} BdExportState;

#define BD_TYPE_EXPORT_STATE (bd_export_state_get_type ())
#define BD_TYPE_EXPORT_CHOICE (bd_export_choice_get_type ())

GType bd_export_state_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (BdExportChoice, bd_export_choice, BD, EXPORT_CHOICE, GObject)

BdExportChoice *bd_export_choice_new             (BdExportTarget *target);
BdExportTarget *bd_export_choice_get_target      (BdExportChoice *self);
const char     *bd_export_choice_get_id          (BdExportChoice *self);
const char     *bd_export_choice_get_name        (BdExportChoice *self);
const char     *bd_export_choice_get_description (BdExportChoice *self);
char           *bd_export_choice_dup_action_label (BdExportChoice *self);
BdExportState   bd_export_choice_get_state       (BdExportChoice *self);
const char     *bd_export_choice_get_message     (BdExportChoice *self);
const char     *bd_export_choice_get_decision    (BdExportChoice *self);
gboolean        bd_export_choice_get_sign_in     (BdExportChoice *self);

/* For the session, which runs the hand-off. */
void            bd_export_choice_set_sign_in     (BdExportChoice *self,
                                                  gboolean        sign_in);
void            bd_export_choice_set_state       (BdExportChoice *self,
                                                  BdExportState   state,
                                                  const char     *message,
                                                  const char     *decision);

G_END_DECLS
