/* bd-test-wait.c
 *
 * A test waits for events, never for a guessed time (DESIGN.md): these run
 * the thread-default main context until a condition holds or a callback has
 * handed over its result. A deadline, where a test gives one, is a hang
 * guard that names what it waited for, before meson's own timeout would
 * end the test without a word.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-test-wait.h"

static gboolean
deadline_passed_cb (gpointer user_data)
{
  gboolean *passed = user_data;

  *passed = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * bd_test_wait_until:
 * @condition: asked after every iteration of the main context
 * @timeout_ms: how long to wait before the test fails, or 0 to wait as long
 *   as it takes (the test's timeout in meson then ends it)
 *
 * Runs the main context until @condition holds, or fails the test.
 */
void
bd_test_wait_until (BdTestCondition condition,
                    gpointer        data,
                    guint           timeout_ms)
{
  gboolean passed = FALSE;
  gboolean done;
  guint deadline = 0;

  if (timeout_ms > 0)
    deadline = g_timeout_add (timeout_ms, deadline_passed_cb, &passed);
  while (!(done = condition (data)) && !passed)
    g_main_context_iteration (NULL, TRUE);
  if (!done)
    g_error ("timed out after %u ms", timeout_ms);
  if (deadline != 0 && !passed)
    g_source_remove (deadline);
}

/**
 * bd_test_got_result_cb:
 * @user_data: a `GAsyncResult **`, %NULL until the call ends
 *
 * The callback for an asynchronous call that bd_test_wait_for_result()
 * waits for: it keeps a reference to the result in the slot.
 */
void
bd_test_got_result_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  GAsyncResult **slot = data;

  return *slot != NULL;
}

/**
 * bd_test_wait_for_result:
 * @slot: the slot given to bd_test_got_result_cb()
 * @timeout_ms: as for bd_test_wait_until()
 *
 * Runs the main context until bd_test_got_result_cb() has filled @slot,
 * and empties it again for the next call.
 *
 * Returns: (transfer full): the result, for the call's `_finish` function
 */
GAsyncResult *
bd_test_wait_for_result (GAsyncResult **slot,
                         guint          timeout_ms)
{
  bd_test_wait_until (has_result, slot, timeout_ms);
  return g_steal_pointer (slot);
}

/**
 * bd_test_spin:
 *
 * Runs the main context for @ms, for what has no event to wait for: a
 * frame drawn, an animation ended, a thread that winds down.
 */
void
bd_test_spin (guint ms)
{
  gboolean passed = FALSE;

  g_timeout_add (ms, deadline_passed_cb, &passed);
  while (!passed)
    g_main_context_iteration (NULL, TRUE);
}

/**
 * bd_test_iterate_pending:
 *
 * Dispatches what is ready in the main context, without blocking.
 */
void
bd_test_iterate_pending (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}
