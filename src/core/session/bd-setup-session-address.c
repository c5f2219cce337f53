/* bd-setup-session-address.c
 *
 * What the person types on the setup session's first page: the name, and
 * the address, which is parsed at every key. Its validity follows at once;
 * an error message only once the typing pauses (an address half typed is
 * not yet wrong), and a valid address that stays unchanged for
 * #BdSetupSession:detect-delay starts the detection, so that the servers
 * are often known before the person presses Continue.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-setup-session-private.h"
#include "bd-util-private.h"

void
bd_setup_session_set_address_error (BdSetupSession *self,
                                    const char     *message)
{
  if (g_strcmp0 (self->address_error, message) == 0)
    return;
  g_free (self->address_error);
  self->address_error = g_strdup (message);
  bd_setup_session_notify_prop (self, PROP_ADDRESS_ERROR);
}

static gboolean
typing_paused_cb (gpointer user_data)
{
  BdSetupSession *self = user_data;

  self->typing_id = 0;
  if (self->address == NULL)
    {
      bd_setup_session_set_address_error (self, self->address_error_pending);
      return G_SOURCE_REMOVE;
    }
  if (self->detected_for == NULL)
    bd_setup_session_start_detection (self);
  return G_SOURCE_REMOVE;
}

const char *
bd_setup_session_get_name (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  return self->name;
}

void
bd_setup_session_set_name (BdSetupSession *self,
                           const char     *name)
{
  g_return_if_fail (BD_IS_SETUP_SESSION (self));

  if (bd_set_str (&self->name, name))
    bd_setup_session_notify_prop (self, PROP_NAME);
}

const char *
bd_setup_session_get_address_text (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  return self->address_text;
}

/**
 * bd_setup_session_set_address_text:
 *
 * Takes the address as typed so far. Its validity follows at once; an error
 * message only once the typing pauses (an address half typed is not yet
 * wrong), or at once when one is already shown. A valid address that stays
 * unchanged for #BdSetupSession:detect-delay starts the detection.
 */
void
bd_setup_session_set_address_text (BdSetupSession *self,
                                   const char     *text)
{
  g_autoptr(BdAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ascii = NULL;
  gboolean was_valid;

  g_return_if_fail (BD_IS_SETUP_SESSION (self));

  if (!bd_set_str (&self->address_text, text))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  bd_setup_session_notify_prop (self, PROP_ADDRESS_TEXT);

  was_valid = self->address != NULL;
  if (text != NULL && *text != '\0')
    address = bd_address_parse (text, &error);
  g_set_object (&self->address, address);
  bd_setup_session_notify_prop (self, PROP_ADDRESS);
  if (was_valid != (address != NULL))
    bd_setup_session_notify_prop (self, PROP_ADDRESS_VALID);

  g_free (self->address_error_pending);
  self->address_error_pending = error != NULL ? g_strdup (error->message) : NULL;
  if (address != NULL || text == NULL || *text == '\0')
    bd_setup_session_set_address_error (self, NULL);
  else if (self->address_error != NULL)
    bd_setup_session_set_address_error (self, self->address_error_pending);

  /* Another address: what was found for the old one no longer applies. */
  if (address != NULL)
    ascii = bd_address_dup_ascii (address);
  if (g_strcmp0 (ascii, self->detected_for) != 0)
    bd_setup_session_clear_detection (self);

  g_clear_handle_id (&self->typing_id, g_source_remove);
  if ((address == NULL && self->address_error_pending != NULL) ||
      (address != NULL && self->detected_for == NULL))
    self->typing_id = g_timeout_add (self->detect_delay_ms, typing_paused_cb, self);

  bd_setup_session_update_derived (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * bd_setup_session_get_address:
 *
 * Returns: (transfer none) (nullable): the address, when what was typed is
 *   valid.
 */
BdAddress *
bd_setup_session_get_address (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  return self->address;
}

gboolean
bd_setup_session_get_address_valid (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), FALSE);

  return self->address != NULL;
}

/**
 * bd_setup_session_get_address_error:
 *
 * Returns: (nullable): why the address is not valid, once that is worth
 *   saying.
 */
const char *
bd_setup_session_get_address_error (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  return self->address_error;
}

/**
 * bd_setup_session_set_detect_delay:
 * @delay_ms: how long the typing of a valid address must pause before the
 *   detection starts
 */
void
bd_setup_session_set_detect_delay (BdSetupSession *self,
                                   guint           delay_ms)
{
  g_return_if_fail (BD_IS_SETUP_SESSION (self));

  if (self->detect_delay_ms == delay_ms)
    return;
  self->detect_delay_ms = delay_ms;
  bd_setup_session_notify_prop (self, PROP_DETECT_DELAY);
}

guint
bd_setup_session_get_detect_delay (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), 0);

  return self->detect_delay_ms;
}
