/* bd-source-progress.h: one detection source's live progress, for the assistant's list
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "bd-enums.h"
#include "bd-source-attempt.h"

G_BEGIN_DECLS

typedef enum {
  BD_SOURCE_STATE_RUNNING,
  BD_SOURCE_STATE_ANSWERED,
  BD_SOURCE_STATE_NOT_FOUND,
  BD_SOURCE_STATE_FAILED,
  BD_SOURCE_STATE_SKIPPED,
} BdSourceState;

#define BD_TYPE_SOURCE_STATE (bd_source_state_get_type ())
#define BD_TYPE_SOURCE_PROGRESS (bd_source_progress_get_type ())

GType bd_source_state_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (BdSourceProgress, bd_source_progress, BD, SOURCE_PROGRESS, GObject)

BdSourceProgress *bd_source_progress_new         (BdSourceKind           kind,
                                                  guint                  expected);
BdSourceKind      bd_source_progress_get_kind    (BdSourceProgress      *self);
const char       *bd_source_progress_get_title   (BdSourceProgress      *self);
BdSourceState     bd_source_progress_get_state   (BdSourceProgress      *self);
gboolean          bd_source_progress_get_done    (BdSourceProgress      *self);
const char       *bd_source_progress_get_message (BdSourceProgress      *self);
guint             bd_source_progress_get_ms      (BdSourceProgress      *self);
void              bd_source_progress_add_attempt (BdSourceProgress      *self,
                                                  const BdSourceAttempt *attempt);
void              bd_source_progress_finish      (BdSourceProgress      *self,
                                                  const char            *message);
const char       *bd_source_kind_get_title       (BdSourceKind           kind);

G_END_DECLS
