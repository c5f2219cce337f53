/* bd-source-progress.c
 *
 * The assistant shows one row per kind of source. Some kinds run more than
 * once (the autoconfig and well-known files are asked for over HTTPS and over
 * plain HTTP), so a row stays running until every run of its kind has
 * reported, and then shows the most telling outcome: an answer beats a
 * failure, which beats "nothing there", which beats "skipped".
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-source-progress.h"

struct _BdSourceProgress
{
  GObject parent_instance;

  BdSourceKind kind;
  guint expected;
  guint received;
  BdSourceState best;
  BdSourceState state;
  char *message;
  guint ms;
};

enum {
  PROP_0,
  PROP_KIND,
  PROP_TITLE,
  PROP_STATE,
  PROP_DONE,
  PROP_MESSAGE,
  PROP_MS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ENUM_TYPE (BdSourceState, bd_source_state,
                    G_DEFINE_ENUM_VALUE (BD_SOURCE_STATE_RUNNING, "running"),
                    G_DEFINE_ENUM_VALUE (BD_SOURCE_STATE_ANSWERED, "answered"),
                    G_DEFINE_ENUM_VALUE (BD_SOURCE_STATE_NOT_FOUND, "not-found"),
                    G_DEFINE_ENUM_VALUE (BD_SOURCE_STATE_FAILED, "failed"),
                    G_DEFINE_ENUM_VALUE (BD_SOURCE_STATE_SKIPPED, "skipped"))

G_DEFINE_FINAL_TYPE (BdSourceProgress, bd_source_progress, G_TYPE_OBJECT)

/**
 * bd_source_kind_get_title:
 *
 * Returns: a short capitalised name of the source, for a list row.
 */
const char *
bd_source_kind_get_title (BdSourceKind kind)
{
  switch (kind)
    {
    case BD_SOURCE_BUILTIN: return _("Built-in Database");
    case BD_SOURCE_ISPDB: return _("Thunderbird’s ISPDB");
    case BD_SOURCE_AUTOCONFIG: return _("Provider’s Autoconfig Server");
    case BD_SOURCE_WELL_KNOWN: return _("Domain’s Autoconfig File");
    case BD_SOURCE_SRV: return _("DNS Service Records (SRV)");
    case BD_SOURCE_MX: return _("Mail Exchanger (MX)");
    case BD_SOURCE_GUESS: return _("Common Server Names");
    default: g_return_val_if_reached (NULL);
    }
}

static int
state_rank (BdSourceState state)
{
  switch (state)
    {
    case BD_SOURCE_STATE_ANSWERED: return 4;
    case BD_SOURCE_STATE_FAILED: return 3;
    case BD_SOURCE_STATE_NOT_FOUND: return 2;
    case BD_SOURCE_STATE_SKIPPED: return 1;
    case BD_SOURCE_STATE_RUNNING:
    default: return 0;
    }
}

static BdSourceState
state_from_outcome (BdSourceOutcome outcome)
{
  switch (outcome)
    {
    case BD_SOURCE_OUTCOME_ANSWERED: return BD_SOURCE_STATE_ANSWERED;
    case BD_SOURCE_OUTCOME_NOT_FOUND: return BD_SOURCE_STATE_NOT_FOUND;
    case BD_SOURCE_OUTCOME_FAILED: return BD_SOURCE_STATE_FAILED;
    case BD_SOURCE_OUTCOME_SKIPPED:
    default: return BD_SOURCE_STATE_SKIPPED;
    }
}

static void
bd_source_progress_finalize (GObject *object)
{
  BdSourceProgress *self = BD_SOURCE_PROGRESS (object);

  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (bd_source_progress_parent_class)->finalize (object);
}

static void
bd_source_progress_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BdSourceProgress *self = BD_SOURCE_PROGRESS (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_TITLE:
      g_value_set_string (value, bd_source_progress_get_title (self));
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_DONE:
      g_value_set_boolean (value, bd_source_progress_get_done (self));
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, bd_source_progress_get_message (self));
      break;
    case PROP_MS:
      g_value_set_uint (value, self->ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_source_progress_class_init (BdSourceProgressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bd_source_progress_finalize;
  object_class->get_property = bd_source_progress_get_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, BD_TYPE_SOURCE_KIND, BD_SOURCE_BUILTIN,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, BD_TYPE_SOURCE_STATE, BD_SOURCE_STATE_RUNNING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DONE] =
    g_param_spec_boolean ("done", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MS] =
    g_param_spec_uint ("ms", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bd_source_progress_init (BdSourceProgress *self)
{
  self->state = BD_SOURCE_STATE_RUNNING;
  self->best = BD_SOURCE_STATE_RUNNING;
}

/**
 * bd_source_progress_new:
 * @kind: the kind of source
 * @expected: how many runs of that kind the detector starts; 0 when it starts
 *   none, and the row is then shown as skipped at once
 *
 * Returns: (transfer full): a running row.
 */
BdSourceProgress *
bd_source_progress_new (BdSourceKind kind,
                        guint        expected)
{
  BdSourceProgress *self = g_object_new (BD_TYPE_SOURCE_PROGRESS, NULL);

  self->kind = kind;
  self->expected = expected;
  return self;
}

BdSourceKind
bd_source_progress_get_kind (BdSourceProgress *self)
{
  g_return_val_if_fail (BD_IS_SOURCE_PROGRESS (self), BD_SOURCE_BUILTIN);

  return self->kind;
}

const char *
bd_source_progress_get_title (BdSourceProgress *self)
{
  g_return_val_if_fail (BD_IS_SOURCE_PROGRESS (self), NULL);

  return bd_source_kind_get_title (self->kind);
}

BdSourceState
bd_source_progress_get_state (BdSourceProgress *self)
{
  g_return_val_if_fail (BD_IS_SOURCE_PROGRESS (self), BD_SOURCE_STATE_RUNNING);

  return self->state;
}

gboolean
bd_source_progress_get_done (BdSourceProgress *self)
{
  g_return_val_if_fail (BD_IS_SOURCE_PROGRESS (self), FALSE);

  return self->state != BD_SOURCE_STATE_RUNNING;
}

/**
 * bd_source_progress_get_message:
 *
 * Returns: what the row says under its title: "Asking…" while running, then
 *   the outcome in the source's own words.
 */
const char *
bd_source_progress_get_message (BdSourceProgress *self)
{
  g_return_val_if_fail (BD_IS_SOURCE_PROGRESS (self), NULL);

  if (self->state == BD_SOURCE_STATE_RUNNING)
    return _("Asking…");
  if (self->state == BD_SOURCE_STATE_ANSWERED)
    return _("Found the settings.");
  return self->message != NULL ? self->message : "";
}

guint
bd_source_progress_get_ms (BdSourceProgress *self)
{
  g_return_val_if_fail (BD_IS_SOURCE_PROGRESS (self), 0);

  return self->ms;
}

static void
set_state (BdSourceProgress *self,
           BdSourceState     state)
{
  gboolean was_done = bd_source_progress_get_done (self);

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
  if (was_done != bd_source_progress_get_done (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE]);
}

/**
 * bd_source_progress_add_attempt:
 *
 * Counts one finished run of this row's kind; once all have reported, the
 * row shows the most telling outcome.
 */
void
bd_source_progress_add_attempt (BdSourceProgress      *self,
                                const BdSourceAttempt *attempt)
{
  BdSourceState state;

  g_return_if_fail (BD_IS_SOURCE_PROGRESS (self));
  g_return_if_fail (attempt != NULL);
  g_return_if_fail (bd_source_attempt_get_kind (attempt) == self->kind);

  self->received++;
  state = state_from_outcome (bd_source_attempt_get_outcome (attempt));
  if (state_rank (state) >= state_rank (self->best))
    {
      self->best = state;
      g_free (self->message);
      self->message = g_strdup (bd_source_attempt_get_message (attempt));
    }
  self->ms = MAX (self->ms, bd_source_attempt_get_ms (attempt));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MS]);

  if (self->received >= self->expected || self->best == BD_SOURCE_STATE_ANSWERED)
    set_state (self, self->best);
}

/**
 * bd_source_progress_finish:
 * @message: (nullable): why a row that never heard back is skipped
 *
 * Ends the row when the detection has ended: a row still running is shown
 * as skipped with @message.
 */
void
bd_source_progress_finish (BdSourceProgress *self,
                           const char       *message)
{
  g_return_if_fail (BD_IS_SOURCE_PROGRESS (self));

  if (self->state != BD_SOURCE_STATE_RUNNING)
    return;
  if (self->best == BD_SOURCE_STATE_RUNNING)
    {
      self->best = BD_SOURCE_STATE_SKIPPED;
      g_free (self->message);
      self->message = g_strdup (message);
    }
  set_state (self, self->best);
}
