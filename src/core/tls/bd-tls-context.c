/* bd-tls-context.c
 *
 * Security rule 7 of DESIGN.md: TLS 1.2 is the minimum. GnuTLS on Debian 12
 * still offers TLS 1.0 and 1.1 with NORMAL, so both are taken out. The
 * legacy-only session exists for one purpose: when a server refuses the
 * modern versions, a second handshake that offers only TLS 1.0/1.1 tells
 * which version it speaks, so that the report can say "TLS 1.0 only".
 * Nothing is ever sent over such a session.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gnutls/x509.h>
#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-tls-certificate.h"
#include "bd-tls-context-private.h"
#include "bd-tls-verify.h"

#define MODERN_PRIORITY "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"
#define LEGACY_PRIORITY "NORMAL:-VERS-ALL:+VERS-TLS1.1:+VERS-TLS1.0"

/* A context is shared, read-only, by every probe with the same trust
 * anchors, and kept for a while (see bd_tls_context_new()). */
#define CONTEXT_MAX_AGE_S 300
#define MAX_CONTEXTS 4

struct _BdTlsContext
{
  gatomicrefcount ref_count;
  GBytes *extra_ca_pem;    /* NULL: the system store alone */
  gint64 loaded;           /* monotonic µs */
  gnutls_certificate_credentials_t credentials;
};

/* The contexts made so far, newest last; each holds one reference. */
G_LOCK_DEFINE_STATIC (contexts);
static GPtrArray *contexts;

static gboolean
tls_failed (GError     **error,
            const char  *what,
            int          rc)
{
  g_set_error (error, BD_ERROR, BD_ERROR_FAILED, "%s: %s", what, gnutls_strerror (rc));
  return FALSE;
}

static void
context_free (BdTlsContext *self)
{
  if (self->credentials != NULL)
    gnutls_certificate_free_credentials (self->credentials);
  g_clear_pointer (&self->extra_ca_pem, g_bytes_unref);
  g_free (self);
}

/* The system store goes into a trust list with TRUST_LIST_BUCKETS hash
 * buckets instead of the 127 that gnutls_certificate_allocate_credentials()
 * gives. GnuTLS adds the system store without duplicates: each new root is
 * compared with every root already in its bucket (by subject name, rendered
 * as text when the bytes differ, then by DER), and with Debian's ~145 roots
 * in 127 buckets that was 110 comparisons and 23 M instructions, 14 % of a
 * whole `brevduva-cli check` (docs/performance.md, "Fixed costs"). With
 * 2039 buckets (a prime) nearly every root has a bucket of its own. The
 * list holds the same roots, found by the same hash of the same name; only
 * fewer strangers share a bucket, which verification walks as well. */
#define TRUST_LIST_BUCKETS 2039

static gboolean
load_system_trust (gnutls_certificate_credentials_t   credentials,
                   GError                           **error)
{
  gnutls_x509_trust_list_t list = NULL;
  int rc;

  rc = gnutls_x509_trust_list_init (&list, TRUST_LIST_BUCKETS);
  if (rc < 0)
    return tls_failed (error, "gnutls_x509_trust_list_init", rc);
  /* A missing system store leaves only --ca-file; every chain is then
   * reported untrusted, which is the truth on such a system. The flag is
   * the one gnutls_certificate_set_x509_system_trust() passes. */
  gnutls_x509_trust_list_add_system_trust (list, GNUTLS_TL_USE_IN_TLS, 0);
  /* The credentials own the list from here on. */
  gnutls_certificate_set_trust_list (credentials, list, 0);
  return TRUE;
}

static BdTlsContext *
context_load (GBytes  *extra_ca_pem,
              GError **error)
{
  g_autoptr(BdTlsContext) self = g_new0 (BdTlsContext, 1);
  int rc;

  g_atomic_ref_count_init (&self->ref_count);
  self->loaded = g_get_monotonic_time ();
  rc = gnutls_certificate_allocate_credentials (&self->credentials);
  if (rc < 0)
    {
      tls_failed (error, "gnutls_certificate_allocate_credentials", rc);
      return NULL;
    }
  if (!load_system_trust (self->credentials, error))
    return NULL;

  if (extra_ca_pem != NULL)
    {
      gsize size;
      gnutls_datum_t datum;

      datum.data = (unsigned char *) g_bytes_get_data (extra_ca_pem, &size);
      datum.size = (unsigned int) size;
      rc = gnutls_certificate_set_x509_trust_mem (self->credentials, &datum,
                                                  GNUTLS_X509_FMT_PEM);
      if (rc <= 0)
        {
          g_set_error_literal (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                               _("The certificate file holds no usable certificate."));
          return NULL;
        }
      self->extra_ca_pem = g_bytes_ref (extra_ca_pem);
    }
  return g_steal_pointer (&self);
}

static gboolean
context_matches (BdTlsContext *self,
                 GBytes       *extra_ca_pem,
                 gint64        now)
{
  if (now - self->loaded > CONTEXT_MAX_AGE_S * G_TIME_SPAN_SECOND)
    return FALSE;
  if (self->extra_ca_pem == NULL || extra_ca_pem == NULL)
    return self->extra_ca_pem == extra_ca_pem;
  return g_bytes_equal (self->extra_ca_pem, extra_ca_pem);
}

/**
 * bd_tls_context_new:
 * @extra_ca_pem: (nullable): PEM certificates to trust besides the system's
 *
 * Loading the system trust store parses every certificate in it: with
 * Debian's ~140 roots that was 41 % of the instructions of a whole
 * `brevduva-cli check` when each probe loaded it for itself. So contexts
 * are shared: the probes of one process with the same anchors — the
 * system store alone, or the system store plus the very same --ca-file
 * bytes — get one context, loaded once under a lock (probes that start
 * together wait for the one load rather than each doing it). Sharing is
 * safe because credentials are never changed after they are loaded, and
 * GnuTLS lets sessions in any thread use the same read-only credentials.
 * Anchors never leak between settings: extra anchors live only in the
 * context made for exactly those bytes, and a probe without them gets one
 * without them. A context is reused for CONTEXT_MAX_AGE_S at most, so a
 * long-running program sees a changed system store on its next test.
 *
 * Returns: (transfer full) (nullable): credentials trusting the system store
 *   and @extra_ca_pem; release with bd_tls_context_unref().
 */
BdTlsContext *
bd_tls_context_new (GBytes  *extra_ca_pem,
                    GError **error)
{
  gint64 now = g_get_monotonic_time ();
  BdTlsContext *self = NULL;

  G_LOCK (contexts);
  if (contexts == NULL)
    contexts = g_ptr_array_new_with_free_func ((GDestroyNotify) bd_tls_context_unref);
  for (guint i = 0; i < contexts->len && self == NULL; i++)
    if (context_matches (g_ptr_array_index (contexts, i), extra_ca_pem, now))
      self = bd_tls_context_ref (g_ptr_array_index (contexts, i));
  if (self == NULL)
    {
      self = context_load (extra_ca_pem, error);
      if (self != NULL)
        {
          /* Forget the expired ones, then the oldest (the first) while
           * there are too many; probes using them keep their reference. */
          for (guint i = contexts->len; i > 0; i--)
            if (now - ((BdTlsContext *) g_ptr_array_index (contexts, i - 1))->loaded >
                CONTEXT_MAX_AGE_S * G_TIME_SPAN_SECOND)
              g_ptr_array_remove_index (contexts, i - 1);
          while (contexts->len >= MAX_CONTEXTS)
            g_ptr_array_remove_index (contexts, 0);
          g_ptr_array_add (contexts, bd_tls_context_ref (self));
        }
    }
  G_UNLOCK (contexts);
  return self;
}

BdTlsContext *
bd_tls_context_ref (BdTlsContext *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
bd_tls_context_unref (BdTlsContext *self)
{
  if (self == NULL)
    return;
  if (g_atomic_ref_count_dec (&self->ref_count))
    context_free (self);
}

/* Each priority string is parsed once per process, not per session
 * (~90 k instructions each time), and kept: sessions share the parsed
 * form read-only. A string the system's GnuTLS configuration leaves
 * nothing of fails every session that asks for it, as it did when each
 * session parsed it. */
static int
set_priority (gnutls_session_t session,
              gboolean         legacy_only)
{
  static gsize once[2];
  static gnutls_priority_t priorities[2];
  static int results[2];
  guint i = legacy_only ? 1 : 0;

  if (g_once_init_enter (&once[i]))
    {
      results[i] = gnutls_priority_init2 (&priorities[i],
                                          legacy_only ? LEGACY_PRIORITY : MODERN_PRIORITY,
                                          NULL, 0);
      g_once_init_leave (&once[i], 1);
    }
  if (results[i] < 0)
    return results[i];
  return gnutls_priority_set (session, priorities[i]);
}

/**
 * bd_tls_context_new_session:
 * @hostname: the name to verify, and to send as SNI unless it is an IP
 *   address (RFC 6066 §3)
 * @legacy_only: offer only TLS 1.0 and 1.1, to learn a refused server's version
 *
 * Returns: (nullable): a client session; the caller sets its transport.
 */
gnutls_session_t
bd_tls_context_new_session (BdTlsContext  *self,
                            const char    *hostname,
                            gboolean       legacy_only,
                            GError       **error)
{
  gnutls_session_t session = NULL;
  int rc;

  g_return_val_if_fail (self != NULL && hostname != NULL, NULL);

  /* GNUTLS_NO_TICKETS: a probe never resumes a session (it must see the
   * certificate every time), so it asks for no tickets: no session_ticket
   * extension (TLS 1.2) and no psk_key_exchange_modes (TLS 1.3), without
   * which a server SHOULD NOT send a NewSessionTicket (RFC 8446 §4.2.9).
   * OpenSSL (Postfix, Dovecot) and GnuTLS servers send one anyway; with
   * Postfix's Nagle that ticket delays the greeting by a round trip that no
   * client setting avoids (docs/performance.md, "The domain check"). */
  rc = gnutls_init (&session, GNUTLS_CLIENT | GNUTLS_NONBLOCK | GNUTLS_NO_TICKETS);
  if (rc < 0)
    {
      tls_failed (error, "gnutls_init", rc);
      return NULL;
    }
  rc = set_priority (session, legacy_only);
  if (rc >= 0)
    rc = gnutls_credentials_set (session, GNUTLS_CRD_CERTIFICATE, self->credentials);
  if (rc >= 0 && !g_hostname_is_ip_address (hostname))
    rc = gnutls_server_name_set (session, GNUTLS_NAME_DNS, hostname, strlen (hostname));
  if (rc < 0)
    {
      gnutls_deinit (session);
      tls_failed (error, "gnutls session", rc);
      return NULL;
    }
  return session;
}

void
bd_tls_facts_free (BdTlsFacts *facts)
{
  if (facts == NULL)
    return;
  g_free (facts->version);
  g_free (facts->cipher);
  g_clear_pointer (&facts->chain, g_ptr_array_unref);
  g_strfreev (facts->problems);
  g_free (facts);
}

/**
 * bd_tls_session_dup_version:
 *
 * Returns: (transfer full): the negotiated protocol, such as "TLS1.3".
 */
char *
bd_tls_session_dup_version (gnutls_session_t session)
{
  const char *name = gnutls_protocol_get_name (gnutls_protocol_get_version (session));

  return g_strdup (name != NULL ? name : "unknown");
}

/**
 * bd_tls_bytes_look_like_record:
 *
 * Returns: whether @bytes start like a TLS server's answer: an alert (21),
 *   or a handshake record (22) that is not a ClientHello (type 1), the
 *   client's own hello echoed back by a server that reads it as a command
 *   (RFC 8446 §5.1, §4).
 */
gboolean
bd_tls_bytes_look_like_record (GBytes *bytes)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  if (size < 2 || data[1] != 0x03)
    return FALSE;
  if (data[0] == 0x15)
    return TRUE;
  return data[0] == 0x16 && (size < 6 || data[5] != 0x01);
}

static gnutls_x509_crt_t
import_der (GBytes *der)
{
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t datum;
  gsize size;

  datum.data = (unsigned char *) g_bytes_get_data (der, &size);
  datum.size = (unsigned int) size;
  if (gnutls_x509_crt_init (&crt) < 0)
    return NULL;
  if (gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER) < 0)
    {
      gnutls_x509_crt_deinit (crt);
      return NULL;
    }
  return crt;
}

static GPtrArray *
read_chain (gnutls_session_t   session,
            GError           **error)
{
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func ((GDestroyNotify) bd_tls_certificate_free);
  const gnutls_datum_t *peers;
  unsigned int count = 0;

  peers = gnutls_certificate_get_peers (session, &count);
  if (peers == NULL || count == 0)
    {
      g_set_error_literal (error, BD_ERROR, BD_ERROR_TLS_HANDSHAKE_FAILED,
                           _("The server sent no certificate."));
      return NULL;
    }
  for (unsigned int i = 0; i < count; i++)
    {
      g_autoptr(GBytes) der = g_bytes_new (peers[i].data, peers[i].size);
      BdTlsCertificate *certificate = bd_tls_certificate_new_from_der (der, error);

      if (certificate == NULL)
        return NULL;
      g_ptr_array_add (chain, certificate);
    }
  return g_steal_pointer (&chain);
}

/* Whether the trust store holds the issuer of @crt. */
static gboolean
issuer_is_known (BdTlsContext      *self,
                 gnutls_x509_crt_t  crt)
{
  gnutls_x509_crt_t issuer = NULL;
  gboolean known;

  if (crt == NULL)
    return FALSE;
  known = gnutls_certificate_get_issuer (self->credentials, crt, &issuer,
                                         GNUTLS_TL_GET_COPY) >= 0;
  if (issuer != NULL)
    gnutls_x509_crt_deinit (issuer);
  return known;
}

static gboolean
host_matches (gnutls_x509_crt_t  crt,
              const char        *hostname)
{
  return crt != NULL && gnutls_x509_crt_check_hostname2 (crt, hostname, 0) != 0;
}

/**
 * bd_tls_context_knows_issuer:
 * @der: a certificate, DER
 *
 * Returns: whether the context's trust anchors hold the issuer of @der
 *   (a root that is its own issuer counts when it is itself an anchor).
 */
gboolean
bd_tls_context_knows_issuer (BdTlsContext *self,
                             GBytes       *der)
{
  gnutls_x509_crt_t crt;
  gboolean known;

  g_return_val_if_fail (self != NULL && der != NULL, FALSE);

  crt = import_der (der);
  known = issuer_is_known (self, crt);
  if (crt != NULL)
    gnutls_x509_crt_deinit (crt);
  return known;
}

/* Parsing a certificate costs GnuTLS ~0.8 M instructions: the leaf is
 * parsed once, and the top of the chain only when its issuer matters,
 * which is when GnuTLS found no trusted signer (bd-tls-verify.c). */
static void
check_leaf_and_top (BdTlsContext      *self,
                    BdTlsVerifyInput  *input,
                    const char        *hostname)
{
  const BdTlsCertificate *leaf = g_ptr_array_index (input->chain, 0);
  const BdTlsCertificate *top = g_ptr_array_index (input->chain, input->chain->len - 1);
  gnutls_x509_crt_t leaf_crt = import_der (bd_tls_certificate_get_der (leaf));

  input->host_matches = host_matches (leaf_crt, hostname);
  if (input->status & GNUTLS_CERT_SIGNER_NOT_FOUND)
    {
      gnutls_x509_crt_t top_crt = top == leaf ? leaf_crt
                                              : import_der (bd_tls_certificate_get_der (top));

      input->top_issuer_known = issuer_is_known (self, top_crt);
      if (top_crt != NULL && top_crt != leaf_crt)
        gnutls_x509_crt_deinit (top_crt);
    }
  if (leaf_crt != NULL)
    gnutls_x509_crt_deinit (leaf_crt);
}

/* Security rule 3: the chain must lead to a trusted root, name @hostname and
 * be made for TLS servers. gnutls_certificate_verify_peers3() checks only the
 * first two; the key purpose (RFC 5280 §4.2.1.12) is typed data of its own,
 * and without it a client certificate from a trusted CA would pass. */
static int
verify_for_tls_server (gnutls_session_t  session,
                       const char       *hostname,
                       guint            *status)
{
  gnutls_typed_vdata_st data[] = {
    { .type = GNUTLS_DT_DNS_HOSTNAME, .data = (unsigned char *) hostname },
    { .type = GNUTLS_DT_KEY_PURPOSE_OID, .data = (unsigned char *) GNUTLS_KP_TLS_WWW_SERVER },
  };
  unsigned verdict = 0;
  int rc;

  rc = gnutls_certificate_verify_peers (session, data, G_N_ELEMENTS (data), &verdict);
  *status = verdict;
  return rc;
}

/**
 * bd_tls_context_check_session:
 *
 * After a handshake: the version, the cipher suite, the chain, and every
 * problem found with it for @hostname.
 *
 * Returns: (transfer full) (nullable): the facts, or %NULL when the server
 *   sent no readable certificate.
 */
BdTlsFacts *
bd_tls_context_check_session (BdTlsContext      *self,
                              gnutls_session_t   session,
                              const char        *hostname,
                              GError           **error)
{
  g_autoptr(BdTlsFacts) facts = g_new0 (BdTlsFacts, 1);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  BdTlsVerifyInput input = { 0 };
  const BdTlsCertificate *leaf;
  const char *cipher;
  int rc;

  g_return_val_if_fail (self != NULL && session != NULL && hostname != NULL, NULL);

  facts->version = bd_tls_session_dup_version (session);
  cipher = gnutls_ciphersuite_get (session);
  facts->cipher = g_strdup (cipher != NULL ? cipher : "unknown");
  facts->chain = read_chain (session, error);
  if (facts->chain == NULL)
    return NULL;

  leaf = g_ptr_array_index (facts->chain, 0);
  rc = verify_for_tls_server (session, hostname, &input.status);
  if (rc < 0)
    input.status = GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND;
  input.chain = facts->chain;
  check_leaf_and_top (self, &input, hostname);
  input.for_tls_servers = bd_tls_certificate_is_for_tls_servers (leaf);
  input.now = now;
  facts->problems = bd_tls_verify_problems (&input);

  return g_steal_pointer (&facts);
}
