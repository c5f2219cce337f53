/* bd-test-tls-hello.h: a TLS ClientHello read from its bytes, to see what a client offers
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Extension types: RFC 8446 §4.2, RFC 5077, RFC 6066 §3. */
enum
{
  BD_TEST_TLS_EXT_SERVER_NAME = 0,
  BD_TEST_TLS_EXT_SESSION_TICKET = 35,
  BD_TEST_TLS_EXT_PRE_SHARED_KEY = 41,
  BD_TEST_TLS_EXT_EARLY_DATA = 42,
  BD_TEST_TLS_EXT_SUPPORTED_VERSIONS = 43,
  BD_TEST_TLS_EXT_PSK_KEY_EXCHANGE_MODES = 45,
  BD_TEST_TLS_EXT_KEY_SHARE = 51,
};

typedef struct _BdTestTlsHello BdTestTlsHello;

BdTestTlsHello *bd_test_tls_hello_parse              (GBytes         *record);
guint           bd_test_tls_hello_get_legacy_version (BdTestTlsHello *self);
gboolean        bd_test_tls_hello_has                (BdTestTlsHello *self,
                                                      guint           type);
char           *bd_test_tls_hello_dup_versions       (BdTestTlsHello *self);
void            bd_test_tls_hello_assert_no_ticket_asked (BdTestTlsHello *self);
void            bd_test_tls_hello_free               (BdTestTlsHello *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdTestTlsHello, bd_test_tls_hello_free)

G_END_DECLS
