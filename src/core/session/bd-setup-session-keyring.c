/* bd-setup-session-keyring.c
 *
 * The setup session's keyring run: once the person continues from the
 * servers, the password is stored in the keyring once for each chosen
 * server, one after the other, and #BdSetupSession:store-state tells how it
 * goes. The password is handed to the keyring, never copied here.
 *
 * Like the detection run, a store run does not hold the session: an
 * abandoned run has no session any more, and ends by freeing itself.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-setup-session-private.h"
#include "bd-util-private.h"

struct _BdStoreRun
{
  BdSetupSession *self;      /* NULL once abandoned */
  GCancellable *cancellable;
  GPtrArray *servers;        /* still to store */
};

static void
store_run_free (BdStoreRun *run)
{
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->servers, g_ptr_array_unref);
  g_free (run);
}

void
bd_setup_session_set_store_state (BdSetupSession *self,
                                  BdStoreState    state,
                                  const char     *error)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (bd_set_str (&self->store_error, error))
    bd_setup_session_notify_prop (self, PROP_STORE_ERROR);
  if (self->store_state != state)
    {
      self->store_state = state;
      bd_setup_session_notify_prop (self, PROP_STORE_STATE);
    }
  bd_setup_session_update_derived (self);
  g_object_thaw_notify (G_OBJECT (self));
}

void
bd_setup_session_abandon_store (BdSetupSession *self)
{
  BdStoreRun *run = g_steal_pointer (&self->store_run);

  if (run == NULL)
    return;
  run->self = NULL;
  g_cancellable_cancel (run->cancellable);
}

static void store_next (BdStoreRun *run);

static void
store_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  BdStoreRun *run = user_data;
  BdSetupSession *self = run->self;
  g_autoptr(GError) error = NULL;

  if (!bd_keyring_store_finish (BD_KEYRING (object), result, &error))
    {
      if (self != NULL)
        {
          self->store_run = NULL;
          bd_setup_session_set_store_state (self, BD_STORE_STATE_FAILED, error->message);
        }
      store_run_free (run);
      return;
    }
  g_ptr_array_remove_index (run->servers, 0);
  store_next (run);
}

static void
store_next (BdStoreRun *run)
{
  BdSetupSession *self = run->self;

  if (self == NULL)
    {
      store_run_free (run);
      return;
    }
  if (run->servers->len == 0)
    {
      self->store_run = NULL;
      bd_setup_session_set_store_state (self, BD_STORE_STATE_STORED, NULL);
      store_run_free (run);
      return;
    }
  bd_keyring_store_async (self->keyring, g_ptr_array_index (run->servers, 0), self->password,
                          run->cancellable, store_done_cb, run);
}

/**
 * bd_setup_session_store:
 *
 * Stores the password in the keyring, once for each chosen server (the
 * #BdSetupSession:store-state tells how it goes). The servers page's
 * Continue does this.
 */
void
bd_setup_session_store (BdSetupSession *self)
{
  BdServerCheck *incoming;
  BdServerCheck *outgoing;
  BdStoreRun *run;

  g_return_if_fail (BD_IS_SETUP_SESSION (self));

  bd_setup_session_abandon_store (self);

  incoming = bd_server_list_get_chosen (self->incoming);
  outgoing = bd_server_list_get_chosen (self->outgoing);
  if (self->password == NULL || incoming == NULL)
    {
      bd_setup_session_set_store_state (self, BD_STORE_STATE_FAILED,
                                        _("There is no password or no working server to store it for."));
      return;
    }

  if (self->keyring == NULL)
    self->keyring = bd_keyring_new ();

  run = g_new0 (BdStoreRun, 1);
  run->self = self;
  run->cancellable = g_cancellable_new ();
  self->store_run = run;
  run->servers = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (run->servers, g_object_ref (bd_server_check_get_server (incoming)));
  if (outgoing != NULL)
    g_ptr_array_add (run->servers, g_object_ref (bd_server_check_get_server (outgoing)));

  bd_setup_session_set_store_state (self, BD_STORE_STATE_STORING, NULL);
  store_next (run);
}

BdStoreState
bd_setup_session_get_store_state (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), BD_STORE_STATE_NONE);

  return self->store_state;
}

/**
 * bd_setup_session_get_store_error:
 *
 * Returns: (nullable): why the password could not be stored.
 */
const char *
bd_setup_session_get_store_error (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  return self->store_error;
}
