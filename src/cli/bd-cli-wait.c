/* bd-cli-wait.c: the command line waits for the engine, and Ctrl+C stops it
 *
 * The engine is asynchronous (GIO style); a command is a straight line:
 * start an operation, wait for its answer, print it. BdCliWaiter is that
 * wait, the one every command uses: it runs the main loop until its
 * operations have all finished. Meanwhile Ctrl+C (SIGINT) and SIGTERM
 * cancel its GCancellable instead of killing the process, so probes close
 * their sockets and wipe their copies of the password, and the command
 * still says what happened and exits with its status. The operations must
 * be given the waiter's cancellable for that; each then still finishes,
 * with G_IO_ERROR_CANCELLED, so the waiter always returns.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <glib-unix.h>

#include "bd-cli-wait.h"

struct _BdCliWaiter
{
  GMainLoop *loop;
  GCancellable *cancellable;
  guint pending;
  GAsyncResult *result;   /* of the one operation, with bd_cli_waiter_result_cb() */
};

/**
 * bd_cli_waiter_new:
 * @pending: how many operations to wait for
 *
 * Returns: (transfer full): a waiter on the default main context.
 */
BdCliWaiter *
bd_cli_waiter_new (guint pending)
{
  BdCliWaiter *self = g_new0 (BdCliWaiter, 1);

  self->loop = g_main_loop_new (NULL, FALSE);
  self->cancellable = g_cancellable_new ();
  self->pending = pending;
  return self;
}

void
bd_cli_waiter_free (BdCliWaiter *self)
{
  if (self == NULL)
    return;
  g_main_loop_unref (self->loop);
  g_object_unref (self->cancellable);
  g_clear_object (&self->result);
  g_free (self);
}

/**
 * bd_cli_waiter_get_cancellable:
 *
 * Returns: (transfer none): the cancellable to give every operation; Ctrl+C
 *   cancels it.
 */
GCancellable *
bd_cli_waiter_get_cancellable (BdCliWaiter *self)
{
  return self->cancellable;
}

/**
 * bd_cli_waiter_done:
 *
 * Called once by each operation's callback, after it has taken its answer.
 */
void
bd_cli_waiter_done (BdCliWaiter *self)
{
  g_return_if_fail (self->pending > 0);

  self->pending--;
  g_main_loop_quit (self->loop);
}

static gboolean
interrupted_cb (gpointer user_data)
{
  BdCliWaiter *self = user_data;

  g_cancellable_cancel (self->cancellable);
  return G_SOURCE_CONTINUE;
}

/**
 * bd_cli_waiter_run:
 *
 * Runs the main loop until every operation has called bd_cli_waiter_done().
 * Whether Ctrl+C stopped them is g_cancellable_is_cancelled() of
 * bd_cli_waiter_get_cancellable().
 */
void
bd_cli_waiter_run (BdCliWaiter *self)
{
  guint sigint = g_unix_signal_add (SIGINT, interrupted_cb, self);
  guint sigterm = g_unix_signal_add (SIGTERM, interrupted_cb, self);

  while (self->pending > 0)
    g_main_loop_run (self->loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
}

/**
 * bd_cli_waiter_result_cb:
 * @user_data: the waiter, of one operation
 *
 * The callback of a waiter's one operation: keeps its result for
 * bd_cli_waiter_run_for_result().
 */
void
bd_cli_waiter_result_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  BdCliWaiter *self = user_data;

  g_return_if_fail (self->result == NULL);

  self->result = g_object_ref (result);
  bd_cli_waiter_done (self);
}

/**
 * bd_cli_waiter_run_for_result:
 *
 * Waits for the waiter's one operation, started with
 * bd_cli_waiter_result_cb() and the waiter as its callback.
 *
 * Returns: (transfer full): its result, for its _finish() function.
 */
GAsyncResult *
bd_cli_waiter_run_for_result (BdCliWaiter *self)
{
  bd_cli_waiter_run (self);
  return g_steal_pointer (&self->result);
}
