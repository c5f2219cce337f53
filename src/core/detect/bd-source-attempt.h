/* bd-source-attempt.h: what one detection source did, for progress and the report
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "bd-enums.h"

G_BEGIN_DECLS

#define BD_TYPE_SOURCE_ATTEMPT (bd_source_attempt_get_type ())

typedef struct _BdSourceAttempt BdSourceAttempt;

GType             bd_source_attempt_get_type    (void) G_GNUC_CONST;
BdSourceAttempt  *bd_source_attempt_new         (BdSourceKind           kind,
                                                 const char            *url,
                                                 BdSourceOutcome        outcome,
                                                 guint                  ms,
                                                 const char            *code,
                                                 const char            *message);
BdSourceAttempt  *bd_source_attempt_copy        (const BdSourceAttempt *self);
void              bd_source_attempt_free        (BdSourceAttempt       *self);
BdSourceKind      bd_source_attempt_get_kind    (const BdSourceAttempt *self);
const char       *bd_source_attempt_get_url     (const BdSourceAttempt *self);
BdSourceOutcome   bd_source_attempt_get_outcome (const BdSourceAttempt *self);
guint             bd_source_attempt_get_ms      (const BdSourceAttempt *self);
const char       *bd_source_attempt_get_code    (const BdSourceAttempt *self);
const char       *bd_source_attempt_get_message (const BdSourceAttempt *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdSourceAttempt, bd_source_attempt_free)

G_END_DECLS
