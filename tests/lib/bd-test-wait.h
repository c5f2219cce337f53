/* bd-test-wait.h: running the main loop until something has happened
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef gboolean (*BdTestCondition) (gpointer data);

void          bd_test_wait_until        (BdTestCondition   condition,
                                         gpointer          data,
                                         guint             timeout_ms);
GAsyncResult *bd_test_wait_for_result   (GAsyncResult    **slot,
                                         guint             timeout_ms);
void          bd_test_got_result_cb     (GObject          *object,
                                         GAsyncResult     *result,
                                         gpointer          user_data);
void          bd_test_spin              (guint             ms);
void          bd_test_iterate_pending   (void);

G_END_DECLS
