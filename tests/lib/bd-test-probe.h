/* bd-test-probe.h: a probe run to its end, and what its report must not hold
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-account-probe.h"
#include "bd-probe.h"

G_BEGIN_DECLS

BdProbeReport *bd_test_probe_run                  (BdProbe         *probe,
                                                   GCancellable    *cancellable,
                                                   guint           *elapsed_ms,
                                                   GError         **error);
GPtrArray     *bd_test_account_probe_run          (BdAccountProbe  *probe,
                                                   GCancellable    *cancellable,
                                                   GError         **error);
void           bd_test_assert_clean_text          (const char      *text);
void           bd_test_assert_report_clean        (BdProbeReport   *report,
                                                   const char      *password);
void           bd_test_assert_code                (BdProbeReport   *report,
                                                   const char      *code);

G_END_DECLS
