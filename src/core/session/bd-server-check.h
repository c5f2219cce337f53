/* bd-server-check.h: one server of the assistant and its live test, for a list row
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-probe-report.h"
#include "bd-server.h"

G_BEGIN_DECLS

typedef enum {
  BD_CHECK_STATE_UNTESTED,
  BD_CHECK_STATE_TESTING,
  BD_CHECK_STATE_OK,
  BD_CHECK_STATE_FAILED,
} BdCheckState;

#define BD_TYPE_CHECK_STATE (bd_check_state_get_type ())
#define BD_TYPE_SERVER_CHECK (bd_server_check_get_type ())

GType bd_check_state_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (BdServerCheck, bd_server_check, BD, SERVER_CHECK, GObject)

BdServerCheck *bd_server_check_new             (BdServer       *server,
                                                gboolean        alternative);
BdServer      *bd_server_check_get_server      (BdServerCheck  *self);
gboolean       bd_server_check_get_alternative (BdServerCheck  *self);
BdCheckState   bd_server_check_get_state       (BdServerCheck  *self);
char          *bd_server_check_dup_title       (BdServerCheck  *self);
const char    *bd_server_check_get_summary     (BdServerCheck  *self);
const char    *bd_server_check_get_advice      (BdServerCheck  *self);
BdProbeReport *bd_server_check_get_report      (BdServerCheck  *self);
gboolean       bd_server_check_get_selected    (BdServerCheck  *self);
void           bd_server_check_set_selected    (BdServerCheck  *self,
                                                gboolean        selected);
void           bd_server_check_run             (BdServerCheck  *self,
                                                const char     *password,
                                                GBytes         *ca_pem,
                                                GResolver      *resolver,
                                                guint           timeout_ms);
void           bd_server_check_cancel          (BdServerCheck  *self);
const char    *bd_server_check_get_pin         (BdServerCheck  *self);
gboolean       bd_server_check_set_pin         (BdServerCheck  *self,
                                                const char     *pin,
                                                GError        **error);
const char    *bd_server_check_get_untrusted_fingerprint (BdServerCheck *self);
gboolean       bd_server_check_get_corrected_security (BdServerCheck *self,
                                                       BdSecurity    *security);
gboolean       bd_server_check_apply_corrected_security (BdServerCheck *self);
void           bd_server_check_reset           (BdServerCheck  *self);
void           bd_server_check_skip            (BdServerCheck  *self,
                                                const char     *reason);

G_END_DECLS
