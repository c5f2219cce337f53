/* bd-cli-wait.h: the command line waits for the engine, and Ctrl+C stops it
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _BdCliWaiter BdCliWaiter;

BdCliWaiter  *bd_cli_waiter_new             (guint         pending);
void          bd_cli_waiter_free            (BdCliWaiter  *self);
GCancellable *bd_cli_waiter_get_cancellable (BdCliWaiter  *self);
void          bd_cli_waiter_done            (BdCliWaiter  *self);
void          bd_cli_waiter_run             (BdCliWaiter  *self);
void          bd_cli_waiter_result_cb       (GObject      *object,
                                             GAsyncResult *result,
                                             gpointer      user_data);
GAsyncResult *bd_cli_waiter_run_for_result  (BdCliWaiter  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdCliWaiter, bd_cli_waiter_free)

G_END_DECLS
