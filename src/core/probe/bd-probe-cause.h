/* bd-probe-cause.h: one cause for servers that all failed before a word was said
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-probe-report.h"

G_BEGIN_DECLS

gboolean    bd_probe_cause_failed_at_lookup (BdProbeReport        *report);
gboolean    bd_probe_cause_wanted           (GPtrArray            *reports);
void        bd_probe_cause_blame            (BdProbeReport        *report,
                                             const GError         *cause);
const char *bd_probe_cause_get_not_tried    (const GError         *cause);
const char *bd_probe_cause_get_report_not_tried
                                            (BdProbeReport        *report);
void        bd_probe_cause_find_async       (GPtrArray            *reports,
                                             GResolver            *resolver,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
GError     *bd_probe_cause_find_finish      (GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
