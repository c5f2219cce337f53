/* bd-export-choice.c
 *
 * One mail program on the assistant's last page: the target that hands the
 * account to it, and how that went, as properties a row binds to. The
 * states: idle (not tried), working, done (with what the program will do),
 * failed (the exact failure and what to do about it) and needs-decision
 * (the person trusted a certificate by its fingerprint, the program cannot
 * keep one certificate, and only the person may let it accept any: the
 * decision says what the program will then do).
 *
 * The choice runs nothing itself: the session builds the account and runs
 * the target (bd-setup-session-export.c), and sets the state here. So a row
 * shows what the session did, and no widget decides anything.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-export-choice.h"
#include "bd-util-private.h"

struct _BdExportChoice
{
  GObject parent_instance;

  BdExportTarget *target;
  BdExportState state;
  char *message;
  char *decision;
  gboolean sign_in;
};

enum {
  PROP_0,
  PROP_TARGET,
  PROP_ID,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_ACTION_LABEL,
  PROP_STATE,
  PROP_MESSAGE,
  PROP_DECISION,
  PROP_SIGN_IN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ENUM_TYPE (BdExportState, bd_export_state,
                    G_DEFINE_ENUM_VALUE (BD_EXPORT_STATE_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (BD_EXPORT_STATE_WORKING, "working"),
                    G_DEFINE_ENUM_VALUE (BD_EXPORT_STATE_DONE, "done"),
                    G_DEFINE_ENUM_VALUE (BD_EXPORT_STATE_FAILED, "failed"),
                    G_DEFINE_ENUM_VALUE (BD_EXPORT_STATE_NEEDS_DECISION, "needs-decision"))

G_DEFINE_FINAL_TYPE (BdExportChoice, bd_export_choice, G_TYPE_OBJECT)

/* What each program is to a person who has not heard of it. Geary is
 * reached through GNOME Online Accounts, so it is named there. */
static const struct
{
  const char *id;
  const char *description;
} descriptions[] = {
  { "goa", N_("Evolution, Geary and GNOME Calendar take the account from here; GNOME keeps "
              "its password.") },
  { "evolution", N_("Evolution’s own account, with the password in the keyring under "
                    "Evolution’s name.") },
  { "thunderbird", N_("Adds the account to your Thunderbird profile, while Thunderbird is "
                      "closed.") },
  { "msmtp", N_("Sends mail from the command line and other programs; it takes the password "
                "from the keyring.") },
  { "mbsync", N_("Copies your mail into a folder on this computer; it takes the password "
                 "from the keyring.") },
  { "aerc", N_("The aerc mail program for the terminal; it takes the password from the "
               "keyring.") },
  { "neomutt", N_("The NeoMutt mail program for the terminal; it takes the password from the "
                  "keyring.") },
};

static void
bd_export_choice_dispose (GObject *object)
{
  BdExportChoice *self = BD_EXPORT_CHOICE (object);

  g_clear_object (&self->target);

  G_OBJECT_CLASS (bd_export_choice_parent_class)->dispose (object);
}

static void
bd_export_choice_finalize (GObject *object)
{
  BdExportChoice *self = BD_EXPORT_CHOICE (object);

  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->decision, g_free);

  G_OBJECT_CLASS (bd_export_choice_parent_class)->finalize (object);
}

static void
bd_export_choice_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BdExportChoice *self = BD_EXPORT_CHOICE (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      g_value_set_object (value, self->target);
      break;
    case PROP_ID:
      g_value_set_string (value, bd_export_choice_get_id (self));
      break;
    case PROP_NAME:
      g_value_set_string (value, bd_export_choice_get_name (self));
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, bd_export_choice_get_description (self));
      break;
    case PROP_ACTION_LABEL:
      g_value_take_string (value, bd_export_choice_dup_action_label (self));
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_DECISION:
      g_value_set_string (value, self->decision);
      break;
    case PROP_SIGN_IN:
      g_value_set_boolean (value, self->sign_in);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_export_choice_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  BdExportChoice *self = BD_EXPORT_CHOICE (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      self->target = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
ro_string (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                              G_PARAM_STATIC_STRINGS);
}

static void
bd_export_choice_class_init (BdExportChoiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bd_export_choice_dispose;
  object_class->finalize = bd_export_choice_finalize;
  object_class->get_property = bd_export_choice_get_property;
  object_class->set_property = bd_export_choice_set_property;

  properties[PROP_TARGET] =
    g_param_spec_object ("target", NULL, NULL, BD_TYPE_EXPORT_TARGET,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ID] = ro_string ("id");
  properties[PROP_NAME] = ro_string ("name");
  properties[PROP_DESCRIPTION] = ro_string ("description");
  /* "Add to msmtp", or the sign-in hand-off's own words. */
  properties[PROP_ACTION_LABEL] = ro_string ("action-label");
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, BD_TYPE_EXPORT_STATE, BD_EXPORT_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The result, or the exact failure and what to do about it. */
  properties[PROP_MESSAGE] = ro_string ("message");
  /* needs-decision: what the program will do if the person lets it. */
  properties[PROP_DECISION] = ro_string ("decision");
  properties[PROP_SIGN_IN] =
    g_param_spec_boolean ("sign-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bd_export_choice_init (BdExportChoice *self)
{
}

/**
 * bd_export_choice_new:
 *
 * Returns: (transfer full): the program of @target, not tried yet.
 */
BdExportChoice *
bd_export_choice_new (BdExportTarget *target)
{
  g_return_val_if_fail (BD_IS_EXPORT_TARGET (target), NULL);

  return g_object_new (BD_TYPE_EXPORT_CHOICE, "target", target, NULL);
}

BdExportTarget *
bd_export_choice_get_target (BdExportChoice *self)
{
  g_return_val_if_fail (BD_IS_EXPORT_CHOICE (self), NULL);

  return self->target;
}

/**
 * bd_export_choice_get_id:
 *
 * Returns: the target's `--to` name: "goa", "msmtp" …
 */
const char *
bd_export_choice_get_id (BdExportChoice *self)
{
  g_return_val_if_fail (BD_IS_EXPORT_CHOICE (self), NULL);

  return bd_export_target_get_id (self->target);
}

/**
 * bd_export_choice_get_name:
 *
 * Returns: the program's name, for people.
 */
const char *
bd_export_choice_get_name (BdExportChoice *self)
{
  g_return_val_if_fail (BD_IS_EXPORT_CHOICE (self), NULL);

  return _(bd_export_target_get_name (self->target));
}

/**
 * bd_export_choice_get_description:
 *
 * Returns: one sentence on what the program does with the account.
 */
const char *
bd_export_choice_get_description (BdExportChoice *self)
{
  const char *id;

  g_return_val_if_fail (BD_IS_EXPORT_CHOICE (self), NULL);

  id = bd_export_choice_get_id (self);
  for (gsize i = 0; i < G_N_ELEMENTS (descriptions); i++)
    if (g_strcmp0 (descriptions[i].id, id) == 0)
      return _(descriptions[i].description);
  return "";
}

/**
 * bd_export_choice_dup_action_label:
 *
 * Returns: (transfer full): what the button says, naming the program, so
 *   that it says which program also to a screen reader.
 */
char *
bd_export_choice_dup_action_label (BdExportChoice *self)
{
  g_return_val_if_fail (BD_IS_EXPORT_CHOICE (self), NULL);

  if (self->sign_in)
    /* TRANSLATORS: %s is a program, "GNOME Online Accounts" */
    return g_strdup_printf (_("Sign In With %s"), bd_export_choice_get_name (self));
  /* TRANSLATORS: %s is a mail program, "Evolution", "msmtp" … */
  return g_strdup_printf (_("Add to %s"), bd_export_choice_get_name (self));
}

BdExportState
bd_export_choice_get_state (BdExportChoice *self)
{
  g_return_val_if_fail (BD_IS_EXPORT_CHOICE (self), BD_EXPORT_STATE_IDLE);

  return self->state;
}

/**
 * bd_export_choice_get_message:
 *
 * Returns: (nullable): the result, or the exact failure with its advice.
 */
const char *
bd_export_choice_get_message (BdExportChoice *self)
{
  g_return_val_if_fail (BD_IS_EXPORT_CHOICE (self), NULL);

  return self->message;
}

/**
 * bd_export_choice_get_decision:
 *
 * Returns: (nullable): in needs-decision, what the program will do with
 *   the server's certificate if the person lets it accept any.
 */
const char *
bd_export_choice_get_decision (BdExportChoice *self)
{
  g_return_val_if_fail (BD_IS_EXPORT_CHOICE (self), NULL);

  return self->decision;
}

/**
 * bd_export_choice_get_sign_in:
 *
 * Returns: whether the provider takes only its own web sign-in, so that
 *   the program is asked to open it rather than given a password.
 */
gboolean
bd_export_choice_get_sign_in (BdExportChoice *self)
{
  g_return_val_if_fail (BD_IS_EXPORT_CHOICE (self), FALSE);

  return self->sign_in;
}

void
bd_export_choice_set_sign_in (BdExportChoice *self,
                              gboolean        sign_in)
{
  g_return_if_fail (BD_IS_EXPORT_CHOICE (self));

  sign_in = !!sign_in;
  if (self->sign_in == sign_in)
    return;
  self->sign_in = sign_in;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGN_IN]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTION_LABEL]);
}

/**
 * bd_export_choice_set_state:
 * @message: (nullable): the result or the failure, for people
 * @decision: (nullable): in needs-decision, what the program will do
 *
 * The message is set before the state is notified, so that whoever
 * follows the state reads the message that goes with it.
 */
void
bd_export_choice_set_state (BdExportChoice *self,
                            BdExportState   state,
                            const char     *message,
                            const char     *decision)
{
  g_return_if_fail (BD_IS_EXPORT_CHOICE (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (bd_set_str (&self->message, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
  if (bd_set_str (&self->decision, decision))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DECISION]);
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}
