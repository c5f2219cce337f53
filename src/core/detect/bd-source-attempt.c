/* bd-source-attempt.c
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-source-attempt.h"

struct _BdSourceAttempt
{
  BdSourceKind kind;
  char *url;
  BdSourceOutcome outcome;
  guint ms;
  char *code;
  char *message;
};

G_DEFINE_BOXED_TYPE (BdSourceAttempt, bd_source_attempt,
                     bd_source_attempt_copy, bd_source_attempt_free)

/**
 * bd_source_attempt_new:
 * @url: (nullable): what the source looked at
 * @ms: how long it took, in milliseconds
 * @code: (nullable): the stable name of the error, when it failed
 * @message: (nullable): why it failed or was skipped
 */
BdSourceAttempt *
bd_source_attempt_new (BdSourceKind     kind,
                       const char      *url,
                       BdSourceOutcome  outcome,
                       guint            ms,
                       const char      *code,
                       const char      *message)
{
  BdSourceAttempt *self = g_new0 (BdSourceAttempt, 1);

  self->kind = kind;
  self->url = g_strdup (url);
  self->outcome = outcome;
  self->ms = ms;
  self->code = g_strdup (code);
  self->message = g_strdup (message);

  return self;
}

BdSourceAttempt *
bd_source_attempt_copy (const BdSourceAttempt *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return bd_source_attempt_new (self->kind, self->url, self->outcome, self->ms, self->code,
                                self->message);
}

void
bd_source_attempt_free (BdSourceAttempt *self)
{
  if (self == NULL)
    return;
  g_free (self->url);
  g_free (self->code);
  g_free (self->message);
  g_free (self);
}

BdSourceKind
bd_source_attempt_get_kind (const BdSourceAttempt *self)
{
  g_return_val_if_fail (self != NULL, BD_SOURCE_BUILTIN);
  return self->kind;
}

const char *
bd_source_attempt_get_url (const BdSourceAttempt *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->url;
}

BdSourceOutcome
bd_source_attempt_get_outcome (const BdSourceAttempt *self)
{
  g_return_val_if_fail (self != NULL, BD_SOURCE_OUTCOME_FAILED);
  return self->outcome;
}

guint
bd_source_attempt_get_ms (const BdSourceAttempt *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->ms;
}

const char *
bd_source_attempt_get_message (const BdSourceAttempt *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->message;
}

/**
 * bd_source_attempt_get_code:
 *
 * Returns: (transfer none) (nullable): the error's stable name
 *   (docs/errors.md) when the source failed or found nothing.
 */
const char *
bd_source_attempt_get_code (const BdSourceAttempt *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->code;
}
