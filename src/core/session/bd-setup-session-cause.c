/* bd-setup-session-cause.c
 *
 * The setup session's shared causes. When the tests of a set of servers
 * have all ended and they failed at once (no name could be looked up, a
 * captive portal's sign-in page, the desktop's proxy), the session asks
 * bd-probe-cause.c, the rule `check` and `test` follow, for their one
 * cause. That cause is said once above the rows, with its advice, and each
 * row it explains says only that it was not tried.
 *
 * There are two such sets, each with its own cause: the servers found for
 * the address (the incoming and outgoing lists: network-cause), and the
 * existing account's servers that the person typed (existing-cause).
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-error.h"
#include "bd-probe-cause.h"
#include "bd-server-check-private.h"
#include "bd-setup-session-private.h"

static gboolean
is_existing (BdSetupSession *self,
             BdServerList   *list)
{
  return list == self->existing;
}

static BdSessionCause *
cause_of (BdSetupSession *self,
          BdServerList   *list)
{
  return is_existing (self, list) ? &self->existing_cause : &self->found_cause;
}

static void
set_cause (BdSetupSession *self,
           BdServerList   *list,
           GError         *cause)
{
  BdSessionCause *state = cause_of (self, list);

  if (state->cause == NULL && cause == NULL)
    return;
  g_clear_error (&state->cause);
  state->cause = cause;
  if (is_existing (self, list))
    {
      bd_setup_session_notify_prop (self, PROP_EXISTING_CAUSE);
      bd_setup_session_notify_prop (self, PROP_EXISTING_CAUSE_ADVICE);
    }
  else
    {
      bd_setup_session_notify_prop (self, PROP_NETWORK_CAUSE);
      bd_setup_session_notify_prop (self, PROP_NETWORK_CAUSE_ADVICE);
    }
}

static void
stop_finding (BdSessionCause *state)
{
  if (state->cancellable != NULL)
    g_cancellable_cancel (state->cancellable);
  g_clear_object (&state->cancellable);
}

/**
 * bd_setup_session_want_cause:
 * @list: one of the session's lists, whose servers are tested now
 *
 * Stops the diagnosis that runs for @list's set of servers and forgets
 * its cause; a new one is looked for once the tests starting now end.
 */
void
bd_setup_session_want_cause (BdSetupSession *self,
                             BdServerList   *list)
{
  BdSessionCause *state = cause_of (self, list);

  stop_finding (state);
  set_cause (self, list, NULL);
  state->wanted = TRUE;
}

/* The failed rows of @list, and their reports, by the same index. */
static void
collect_failed (BdServerList *list,
                GPtrArray    *checks,
                GPtrArray    *reports)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(BdServerCheck) check = g_list_model_get_item (G_LIST_MODEL (list), i);
      BdProbeReport *report = bd_server_check_get_report (check);

      if (report == NULL || bd_server_check_get_state (check) != BD_CHECK_STATE_FAILED)
        continue;
      g_ptr_array_add (checks, g_object_ref (check));
      g_ptr_array_add (reports, g_object_ref (report));
    }
}

typedef struct
{
  BdSetupSession *self;  /* not held: a cancelled diagnosis does not touch it */
  BdServerList *list;    /* which set: not held either */
  GPtrArray *checks;
} CauseRun;

static void
cause_found_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  CauseRun *run = user_data;
  g_autoptr(GPtrArray) checks = run->checks;
  BdSetupSession *self = run->self;
  BdServerList *list = run->list;
  g_autoptr(GError) error = NULL;
  GError *cause;

  g_free (run);
  cause = bd_probe_cause_find_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&cause_of (self, list)->cancellable);
  /* The rows' reports were blamed in place: they say so now. */
  for (guint i = 0; cause != NULL && i < checks->len; i++)
    bd_server_check_refresh (g_ptr_array_index (checks, i));
  set_cause (self, list, cause);
  bd_setup_session_update_derived (self);
}

/* Whether a server of @list's set is being tested. */
static gboolean
set_is_testing (BdSetupSession *self,
                BdServerList   *list)
{
  if (is_existing (self, list))
    return bd_server_list_get_testing (self->existing);
  return bd_server_list_get_testing (self->incoming) ||
         bd_server_list_get_testing (self->outgoing);
}

/* Once every test of @list's set has ended: one cause for them all? */
static void
testing_cb (BdSetupSession *self,
            GParamSpec     *pspec,
            BdServerList   *list)
{
  BdSessionCause *state = cause_of (self, list);
  g_autoptr(GPtrArray) reports = NULL;
  CauseRun *run;

  if (!state->wanted || set_is_testing (self, list))
    return;
  state->wanted = FALSE;
  reports = g_ptr_array_new_with_free_func (g_object_unref);
  run = g_new0 (CauseRun, 1);
  run->self = self;
  run->list = list;
  run->checks = g_ptr_array_new_with_free_func (g_object_unref);
  if (is_existing (self, list))
    collect_failed (self->existing, run->checks, reports);
  else
    {
      collect_failed (self->incoming, run->checks, reports);
      collect_failed (self->outgoing, run->checks, reports);
    }
  state->cancellable = g_cancellable_new ();
  bd_probe_cause_find_async (reports, self->resolver, state->cancellable, cause_found_cb, run);
  bd_setup_session_update_derived (self);
}

/**
 * bd_setup_session_watch_cause:
 * @list: one of the session's lists, as it is made
 *
 * Looks for @list's set's cause whenever its tests end and one is wanted.
 */
void
bd_setup_session_watch_cause (BdSetupSession *self,
                              BdServerList   *list)
{
  g_signal_connect_object (list, "notify::testing", G_CALLBACK (testing_cb), self,
                           G_CONNECT_SWAPPED);
}

/**
 * bd_setup_session_finding_cause:
 *
 * Returns: whether a diagnosis runs, for either set.
 */
gboolean
bd_setup_session_finding_cause (BdSetupSession *self)
{
  return self->found_cause.cancellable != NULL || self->existing_cause.cancellable != NULL;
}

/* The lists let go of the session: no diagnosis may reach it. */
void
bd_setup_session_stop_causes (BdSetupSession *self)
{
  stop_finding (&self->found_cause);
  stop_finding (&self->existing_cause);
}

void
bd_setup_session_clear_causes (BdSetupSession *self)
{
  bd_setup_session_stop_causes (self);
  g_clear_error (&self->found_cause.cause);
  g_clear_error (&self->existing_cause.cause);
}

static const char *
cause_text (const BdSessionCause *state)
{
  return state->cause != NULL ? state->cause->message : NULL;
}

static const char *
cause_advice (const BdSessionCause *state)
{
  if (state->cause == NULL || state->cause->domain != BD_ERROR)
    return NULL;
  return bd_error_code_get_advice (state->cause->code);
}

/**
 * bd_setup_session_get_network_cause:
 *
 * Returns: (nullable): what made the found servers fail at once (this
 *   computer offline, no working name server, a sign-in page, the
 *   desktop's proxy), said once above them; %NULL when there is none.
 */
const char *
bd_setup_session_get_network_cause (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  return cause_text (&self->found_cause);
}

/**
 * bd_setup_session_get_network_cause_advice:
 *
 * Returns: (nullable): what to do about the network cause.
 */
const char *
bd_setup_session_get_network_cause_advice (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  return cause_advice (&self->found_cause);
}

/**
 * bd_setup_session_get_existing_cause:
 *
 * Returns: (nullable): as bd_setup_session_get_network_cause(), for the
 *   existing account's servers (bd_setup_session_test_existing()).
 */
const char *
bd_setup_session_get_existing_cause (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  return cause_text (&self->existing_cause);
}

/**
 * bd_setup_session_get_existing_cause_advice:
 *
 * Returns: (nullable): what to do about the existing servers' cause.
 */
const char *
bd_setup_session_get_existing_cause_advice (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  return cause_advice (&self->existing_cause);
}
