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
  /* A missing system store leaves only --ca-file; every chain is then
   * reported untrusted, which is the truth on such a system. */
  gnutls_certificate_set_x509_system_trust (self->credentials);

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
  const char *where = NULL;
  int rc;

  g_return_val_if_fail (self != NULL && hostname != NULL, NULL);

  rc = gnutls_init (&session, GNUTLS_CLIENT | GNUTLS_NONBLOCK);
  if (rc < 0)
    {
      tls_failed (error, "gnutls_init", rc);
      return NULL;
    }
  rc = gnutls_priority_set_direct (session, legacy_only ? LEGACY_PRIORITY : MODERN_PRIORITY,
                                   &where);
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

/* Whether the trust store holds the issuer of @der. */
static gboolean
issuer_is_known (BdTlsContext *self,
                 GBytes       *der)
{
  gnutls_x509_crt_t crt = import_der (der);
  gnutls_x509_crt_t issuer = NULL;
  gboolean known;

  if (crt == NULL)
    return FALSE;
  known = gnutls_certificate_get_issuer (self->credentials, crt, &issuer,
                                         GNUTLS_TL_GET_COPY) >= 0;
  if (issuer != NULL)
    gnutls_x509_crt_deinit (issuer);
  gnutls_x509_crt_deinit (crt);
  return known;
}

static gboolean
host_matches (GBytes     *der,
              const char *hostname)
{
  gnutls_x509_crt_t crt = import_der (der);
  gboolean matches;

  if (crt == NULL)
    return FALSE;
  matches = gnutls_x509_crt_check_hostname2 (crt, hostname, 0) != 0;
  gnutls_x509_crt_deinit (crt);
  return matches;
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
  const BdTlsCertificate *top;
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
  top = g_ptr_array_index (facts->chain, facts->chain->len - 1);
  rc = verify_for_tls_server (session, hostname, &input.status);
  if (rc < 0)
    input.status = GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND;
  input.chain = facts->chain;
  input.host_matches = host_matches (bd_tls_certificate_get_der (leaf), hostname);
  input.for_tls_servers = bd_tls_certificate_is_for_tls_servers (leaf);
  input.top_issuer_known = issuer_is_known (self, bd_tls_certificate_get_der (top));
  input.now = now;
  facts->problems = bd_tls_verify_problems (&input);

  return g_steal_pointer (&facts);
}
