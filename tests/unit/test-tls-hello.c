/* test-tls-hello.c: what Brevduva's ClientHello offers, read from its bytes
 *
 * Each session from bd_tls_context_new_session() writes its ClientHello into a
 * buffer (a push function; the pull function says "try again", so the
 * handshake stops there), and the test reads the extensions from those bytes
 * (RFC 8446 §4.1.2). A probe never resumes a session, so it must not ask for
 * tickets: no session_ticket (RFC 5077), no psk_key_exchange_modes, no
 * pre_shared_key, no early_data (RFC 8446 §4.2). Without psk_key_exchange_modes
 * a server SHOULD NOT send a NewSessionTicket (§4.2.9); a TLS 1.2 server MUST
 * NOT send one without session_ticket. Everything else stays: TLS 1.3 and 1.2
 * only (security rule 7), SNI, key share. A session made the way GnuTLS makes
 * one by default shows that the reader does see the extensions when they are
 * there.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <gnutls/gnutls.h>

#include "bd-test-tls-hello.h"
#include "bd-tls-context-private.h"

static ssize_t
push_cb (gnutls_transport_ptr_t  ptr,
         const void             *data,
         size_t                  size)
{
  g_byte_array_append (ptr, data, (guint) size);
  return (ssize_t) size;
}

static ssize_t
pull_cb (gnutls_transport_ptr_t  ptr,
         void                   *data,
         size_t                  size)
{
  errno = EAGAIN;
  return -1;
}

/* The bytes of the first flight @session writes. */
static GBytes *
capture_hello (gnutls_session_t session)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  int rc;

  gnutls_transport_set_ptr (session, out);
  gnutls_transport_set_push_function (session, push_cb);
  gnutls_transport_set_pull_function (session, pull_cb);
  rc = gnutls_handshake (session);
  g_assert_cmpint (rc, ==, GNUTLS_E_AGAIN);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static BdTestTlsHello *
brevduva_hello (const char *hostname,
                gboolean    legacy_only)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdTlsContext) context = bd_tls_context_new (NULL, &error);
  gnutls_session_t session;
  g_autoptr(GBytes) bytes = NULL;

  g_assert_no_error (error);
  session = bd_tls_context_new_session (context, hostname, legacy_only, &error);
  g_assert_no_error (error);
  bytes = capture_hello (session);
  gnutls_deinit (session);
  return bd_test_tls_hello_parse (bytes);
}

static void
test_modern_asks_for_no_ticket (void)
{
  g_autoptr(BdTestTlsHello) hello = brevduva_hello ("mail.example.com", FALSE);
  g_autofree char *versions = bd_test_tls_hello_dup_versions (hello);

  bd_test_tls_hello_assert_no_ticket_asked (hello);
  /* The rest of the hello as before: TLS 1.3 and 1.2 only, a key share, the name. */
  g_assert_cmpstr (versions, ==, "0304 0303");
  g_assert_true (bd_test_tls_hello_has (hello, BD_TEST_TLS_EXT_KEY_SHARE));
  g_assert_true (bd_test_tls_hello_has (hello, BD_TEST_TLS_EXT_SERVER_NAME));
}

static void
test_ip_address_sends_no_name (void)
{
  g_autoptr(BdTestTlsHello) hello = brevduva_hello ("127.0.0.1", FALSE);

  bd_test_tls_hello_assert_no_ticket_asked (hello);
  g_assert_false (bd_test_tls_hello_has (hello, BD_TEST_TLS_EXT_SERVER_NAME));
}

/* The second handshake that only learns a refused server's old version. */
static void
test_legacy_asks_for_no_ticket (void)
{
  g_autoptr(BdTestTlsHello) hello = brevduva_hello ("mail.example.com", TRUE);

  bd_test_tls_hello_assert_no_ticket_asked (hello);
  g_assert_false (bd_test_tls_hello_has (hello, BD_TEST_TLS_EXT_SUPPORTED_VERSIONS));
  g_assert_cmpuint (bd_test_tls_hello_get_legacy_version (hello), ==, 0x0302);
}

/* The control: GnuTLS's own default hello asks for tickets, and the reader sees it. */
static void
test_default_gnutls_asks_for_tickets (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(BdTestTlsHello) hello = NULL;
  gnutls_certificate_credentials_t credentials;
  gnutls_session_t session;

  g_assert_cmpint (gnutls_certificate_allocate_credentials (&credentials), ==, 0);
  g_assert_cmpint (gnutls_init (&session, GNUTLS_CLIENT | GNUTLS_NONBLOCK), ==, 0);
  g_assert_cmpint (gnutls_priority_set_direct (session, "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2",
                                               NULL), ==, 0);
  g_assert_cmpint (gnutls_credentials_set (session, GNUTLS_CRD_CERTIFICATE, credentials), ==, 0);
  bytes = capture_hello (session);
  gnutls_deinit (session);
  gnutls_certificate_free_credentials (credentials);

  hello = bd_test_tls_hello_parse (bytes);
  g_assert_true (bd_test_tls_hello_has (hello, BD_TEST_TLS_EXT_SESSION_TICKET));
  g_assert_true (bd_test_tls_hello_has (hello, BD_TEST_TLS_EXT_PSK_KEY_EXCHANGE_MODES));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tls-hello/modern/asks-for-no-ticket", test_modern_asks_for_no_ticket);
  g_test_add_func ("/tls-hello/modern/ip-address-sends-no-name", test_ip_address_sends_no_name);
  g_test_add_func ("/tls-hello/legacy/asks-for-no-ticket", test_legacy_asks_for_no_ticket);
  g_test_add_func ("/tls-hello/control/default-gnutls-asks-for-tickets",
                   test_default_gnutls_asks_for_tickets);

  return g_test_run ();
}
