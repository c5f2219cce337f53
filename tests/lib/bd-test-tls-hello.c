/* bd-test-tls-hello.c: a TLS ClientHello read from its bytes
 *
 * One handshake record holding one ClientHello (RFC 8446 §5.1, §4.1.2):
 * the legacy version, and each extension's type and body. Every length is
 * checked against what is there; a malformed hello fails the test.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-test-tls-hello.h"

struct _BdTestTlsHello
{
  guint legacy_version;
  GHashTable *extensions;      /* type (GUINT_TO_POINTER) → GBytes of its body */
};

void
bd_test_tls_hello_free (BdTestTlsHello *self)
{
  g_clear_pointer (&self->extensions, g_hash_table_unref);
  g_free (self);
}

static guint
read_u16 (const guint8 *p)
{
  return (guint) p[0] << 8 | p[1];
}

static guint
read_u24 (const guint8 *p)
{
  return (guint) p[0] << 16 | (guint) p[1] << 8 | p[2];
}

/* Skips a vector with a @width-byte length at *@at; FALSE when it overruns @end. */
static gboolean
skip_vector (const guint8 **at,
             const guint8  *end,
             guint          width)
{
  gsize length;

  if ((gsize) (end - *at) < width)
    return FALSE;
  length = width == 1 ? (*at)[0] : read_u16 (*at);
  *at += width;
  if ((gsize) (end - *at) < length)
    return FALSE;
  *at += length;
  return TRUE;
}

/**
 * bd_test_tls_hello_parse:
 * @record: exactly one TLS record holding one ClientHello
 *
 * Returns: (transfer full): the hello; the test fails when @record is not one.
 */
BdTestTlsHello *
bd_test_tls_hello_parse (GBytes *record)
{
  g_autoptr(BdTestTlsHello) self = g_new0 (BdTestTlsHello, 1);
  gsize size;
  const guint8 *data = g_bytes_get_data (record, &size);
  const guint8 *at, *end;

  g_assert_cmpuint (size, >=, 5 + 4 + 2 + 32);
  g_assert_cmpuint (data[0], ==, 22);                       /* handshake record */
  g_assert_cmpuint (read_u16 (data + 3), ==, size - 5);    /* one record, all of it */
  g_assert_cmpuint (data[5], ==, 1);                        /* ClientHello */
  g_assert_cmpuint (read_u24 (data + 6), ==, size - 9);
  self->legacy_version = read_u16 (data + 9);

  at = data + 9 + 2 + 32;
  end = data + size;
  g_assert_true (skip_vector (&at, end, 1));                /* legacy_session_id */
  g_assert_true (skip_vector (&at, end, 2));                /* cipher_suites */
  g_assert_true (skip_vector (&at, end, 1));                /* compression */
  g_assert_cmpuint (end - at, >=, 2);
  g_assert_cmpuint (read_u16 (at), ==, end - at - 2);
  at += 2;

  self->extensions = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_bytes_unref);
  while (at < end)
    {
      guint type, length;

      g_assert_cmpuint (end - at, >=, 4);
      type = read_u16 (at);
      length = read_u16 (at + 2);
      at += 4;
      g_assert_cmpuint (end - at, >=, length);
      g_assert_false (g_hash_table_contains (self->extensions, GUINT_TO_POINTER (type)));
      g_hash_table_insert (self->extensions, GUINT_TO_POINTER (type), g_bytes_new (at, length));
      at += length;
    }
  return g_steal_pointer (&self);
}

guint
bd_test_tls_hello_get_legacy_version (BdTestTlsHello *self)
{
  return self->legacy_version;
}

gboolean
bd_test_tls_hello_has (BdTestTlsHello *self,
                       guint           type)
{
  return g_hash_table_contains (self->extensions, GUINT_TO_POINTER (type));
}

/**
 * bd_test_tls_hello_dup_versions:
 *
 * Returns: (transfer full): the versions in supported_versions, as "0304 0303".
 */
char *
bd_test_tls_hello_dup_versions (BdTestTlsHello *self)
{
  GBytes *body = g_hash_table_lookup (self->extensions,
                                      GUINT_TO_POINTER (BD_TEST_TLS_EXT_SUPPORTED_VERSIONS));
  g_autoptr(GString) out = g_string_new (NULL);
  const guint8 *data;
  gsize size;

  g_assert_nonnull (body);
  data = g_bytes_get_data (body, &size);
  g_assert_cmpuint (size, >=, 1);
  g_assert_cmpuint (data[0], ==, size - 1);
  for (gsize i = 1; i + 1 < size; i += 2)
    g_string_append_printf (out, "%s%04x", out->len > 0 ? " " : "", read_u16 (data + i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * bd_test_tls_hello_assert_no_ticket_asked:
 *
 * A client that never resumes a session asks for no ticket: no
 * session_ticket (RFC 5077), no psk_key_exchange_modes (without which a
 * TLS 1.3 server SHOULD NOT send a NewSessionTicket, RFC 8446 §4.2.9), no
 * pre_shared_key, no early_data.
 */
void
bd_test_tls_hello_assert_no_ticket_asked (BdTestTlsHello *self)
{
  g_assert_false (bd_test_tls_hello_has (self, BD_TEST_TLS_EXT_SESSION_TICKET));
  g_assert_false (bd_test_tls_hello_has (self, BD_TEST_TLS_EXT_PSK_KEY_EXCHANGE_MODES));
  g_assert_false (bd_test_tls_hello_has (self, BD_TEST_TLS_EXT_PRE_SHARED_KEY));
  g_assert_false (bd_test_tls_hello_has (self, BD_TEST_TLS_EXT_EARLY_DATA));
}
