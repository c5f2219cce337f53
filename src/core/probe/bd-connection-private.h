/* bd-connection-private.h: BdConnection, one TCP connection of a probe, with deadlines, bounds and TLS
 *
 * Internal to the probe; runs in a worker thread, blocking with poll().
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <gnutls/gnutls.h>

#include "bd-probe-report.h"

G_BEGIN_DECLS

/* Security rule 6 of DESIGN.md: one response (all its lines) is bounded. */
#define BD_CONNECTION_MAX_RESPONSE (64 * 1024)
/* RFC 8305 §5: the next address is tried this long after the previous one. */
#define BD_CONNECTION_ATTEMPT_DELAY_MS 250

typedef struct _BdConnection BdConnection;

BdConnection     *bd_connection_new            (GCancellable      *cancellable,
                                                BdProbeReport     *report);
void              bd_connection_free           (BdConnection      *self);
void              bd_connection_set_step       (BdConnection      *self,
                                                const char        *step,
                                                guint              timeout_ms);
gboolean          bd_connection_connect        (BdConnection      *self,
                                                GList             *addresses,
                                                guint16            port,
                                                GError           **error);
gboolean          bd_connection_connect_to     (BdConnection      *self,
                                                const char        *hostname,
                                                GList             *addresses,
                                                guint16            port,
                                                const char * const *proxies,
                                                GError           **error);
const char       *bd_connection_get_proxy      (BdConnection      *self);
gboolean          bd_proxy_is_direct           (const char * const *proxies);
const char       *bd_connection_get_address    (BdConnection      *self);
gint64            bd_connection_get_round_trip (BdConnection      *self);
gint64            bd_connection_get_deadline   (BdConnection      *self);
gboolean          bd_connection_read_line      (BdConnection      *self,
                                                char             **line,
                                                GError           **error);
gboolean          bd_connection_skip           (BdConnection      *self,
                                                gsize              length,
                                                GError           **error);
gboolean          bd_connection_write_line     (BdConnection      *self,
                                                const char        *line,
                                                const char        *shown,
                                                GError           **error);
void              bd_connection_set_masked_prefix (BdConnection   *self,
                                                const char        *prefix);
char             *bd_connection_dup_local_literal (BdConnection   *self);
void              bd_connection_set_expect_text (BdConnection     *self,
                                                gboolean           expect_text);
gboolean          bd_connection_receive_available (BdConnection   *self,
                                                GError           **error);
char             *bd_connection_dup_pending_line (BdConnection    *self);
gboolean          bd_connection_has_pending    (BdConnection      *self);
gboolean          bd_connection_handshake      (BdConnection      *self,
                                                gnutls_session_t   session,
                                                GError           **error);
gboolean          bd_connection_start_handshake (BdConnection     *self,
                                                gnutls_session_t   session);
gboolean          bd_connection_continue_handshake (BdConnection  *self);
gnutls_session_t  bd_connection_get_session    (BdConnection      *self);
gboolean          bd_connection_get_tls_up     (BdConnection      *self);
int               bd_connection_get_tls_error  (BdConnection      *self,
                                                int               *alert);
GBytes           *bd_connection_dup_first_bytes (BdConnection     *self);
GBytes           *bd_connection_peek_pending   (BdConnection      *self);
BdConnection     *bd_connection_wait_readable  (BdConnection      *self,
                                                BdConnection      *other,
                                                gint64             until,
                                                GError           **error);
gboolean          bd_connection_is_open        (BdConnection      *self);
gboolean          bd_connection_close_notify   (BdConnection      *self);
void              bd_connection_linger         (BdConnection      *self,
                                                guint              timeout_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdConnection, bd_connection_free)

G_END_DECLS
