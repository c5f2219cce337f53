/* bd-tls-certificate.c
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-tls-certificate.h"

#define SHA256_SIZE 32
#define MAX_SANS 100
#define MAX_KEY_PURPOSES 64

struct _BdTlsCertificate
{
  GBytes *der;
  char *subject;
  char *issuer;
  char **sans;
  GDateTime *not_before;
  GDateTime *not_after;
  char *sha256;
  char *key_type;
  guint key_bits;
  char *signature_algorithm;
  gboolean self_issued;
  gboolean weak_signature;
  gboolean for_tls_servers;
};

G_DEFINE_BOXED_TYPE (BdTlsCertificate, bd_tls_certificate,
                     bd_tls_certificate_copy, bd_tls_certificate_free)

static char *
hex_encode (const guint8 *data,
            gsize         length)
{
  GString *hex = g_string_sized_new (length * 2);

  for (gsize i = 0; i < length; i++)
    g_string_append_printf (hex, "%02x", data[i]);
  return g_string_free (hex, FALSE);
}

static char *
dup_dn (gnutls_x509_crt_t crt,
        gboolean          issuer)
{
  gnutls_datum_t dn = { NULL, 0 };
  char *text;
  int rc;

  rc = issuer ? gnutls_x509_crt_get_issuer_dn3 (crt, &dn, 0)
              : gnutls_x509_crt_get_dn3 (crt, &dn, 0);
  if (rc < 0)
    return g_strdup ("");
  text = g_utf8_make_valid ((const char *) dn.data, dn.size);
  gnutls_free (dn.data);
  return text;
}

/* The DNS names and IP addresses of the subjectAltName extension (RFC 5280 §4.2.1.6). */
static char **
dup_sans (gnutls_x509_crt_t crt)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (unsigned i = 0; i < MAX_SANS; i++)
    {
      char buffer[1024];
      size_t size = sizeof buffer - 1;
      int type = gnutls_x509_crt_get_subject_alt_name (crt, i, buffer, &size, NULL);

      if (type == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        break;
      if (type == GNUTLS_SAN_DNSNAME)
        {
          g_autofree char *name = g_utf8_make_valid (buffer, (gssize) size);

          g_strv_builder_add (builder, name);
        }
      else if (type == GNUTLS_SAN_IPADDRESS && (size == 4 || size == 16))
        {
          g_autoptr(GInetAddress) address =
            g_inet_address_new_from_bytes ((const guint8 *) buffer,
                                           size == 4 ? G_SOCKET_FAMILY_IPV4 : G_SOCKET_FAMILY_IPV6);
          g_autofree char *text = g_inet_address_to_string (address);

          g_strv_builder_add (builder, text);
        }
    }
  return g_strv_builder_end (builder);
}

static void
read_key (BdTlsCertificate  *self,
          gnutls_x509_crt_t  crt)
{
  unsigned bits = 0;
  int pk = gnutls_x509_crt_get_pk_algorithm (crt, &bits);
  int sign = gnutls_x509_crt_get_signature_algorithm (crt);
  gnutls_digest_algorithm_t digest;
  const char *name;

  name = pk >= 0 ? gnutls_pk_get_name (pk) : NULL;
  self->key_type = g_strdup (name != NULL ? name : "unknown");
  self->key_bits = bits;
  name = sign >= 0 ? gnutls_sign_get_name (sign) : NULL;
  self->signature_algorithm = g_strdup (name != NULL ? name : "unknown");

  digest = sign >= 0 ? gnutls_sign_get_hash_algorithm (sign) : GNUTLS_DIG_UNKNOWN;
  self->weak_signature = digest == GNUTLS_DIG_SHA1 || digest == GNUTLS_DIG_MD5 ||
                         digest == GNUTLS_DIG_MD2;
}

/* RFC 5280 §4.2.1.12: without an Extended Key Usage extension a certificate
 * may serve any purpose; with one, it must name id-kp-serverAuth to identify
 * a TLS server. anyExtendedKeyUsage alone is not enough: the CA/Browser
 * Forum's Baseline Requirements forbid it in server certificates, and
 * OpenSSL and NSS refuse it for a server too (docs/decisions.md). */
static gboolean
allows_tls_server (gnutls_x509_crt_t crt)
{
  for (unsigned i = 0; i < MAX_KEY_PURPOSES; i++)
    {
      char oid[128];
      size_t size = sizeof oid;
      int rc = gnutls_x509_crt_get_key_purpose_oid (crt, i, oid, &size, NULL);

      if (rc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        return i == 0;
      /* An extension GnuTLS cannot read names no purpose we can trust. */
      if (rc == GNUTLS_E_SHORT_MEMORY_BUFFER)
        continue;
      if (rc < 0)
        return FALSE;
      if (g_str_equal (oid, GNUTLS_KP_TLS_WWW_SERVER))
        return TRUE;
    }
  return FALSE;
}

static gboolean
read_certificate (BdTlsCertificate  *self,
                  gnutls_x509_crt_t  crt)
{
  guint8 digest[SHA256_SIZE];
  size_t size = sizeof digest;
  time_t not_before = gnutls_x509_crt_get_activation_time (crt);
  time_t not_after = gnutls_x509_crt_get_expiration_time (crt);

  if (gnutls_x509_crt_get_fingerprint (crt, GNUTLS_DIG_SHA256, digest, &size) < 0 ||
      not_before == (time_t) -1 || not_after == (time_t) -1)
    return FALSE;

  self->sha256 = hex_encode (digest, size);
  self->subject = dup_dn (crt, FALSE);
  self->issuer = dup_dn (crt, TRUE);
  self->sans = dup_sans (crt);
  self->not_before = g_date_time_new_from_unix_utc (not_before);
  self->not_after = g_date_time_new_from_unix_utc (not_after);
  self->self_issued = gnutls_x509_crt_check_issuer (crt, crt) != 0;
  self->for_tls_servers = allows_tls_server (crt);
  read_key (self, crt);
  return self->not_before != NULL && self->not_after != NULL;
}

/**
 * bd_tls_certificate_new_from_der:
 *
 * Returns: (transfer full) (nullable): the certificate's facts, or %NULL
 *   with `tls-handshake-failed` when @der is not a certificate.
 */
BdTlsCertificate *
bd_tls_certificate_new_from_der (GBytes  *der,
                                 GError **error)
{
  g_autoptr(BdTlsCertificate) self = g_new0 (BdTlsCertificate, 1);
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t datum;
  gsize size;
  gboolean ok;

  g_return_val_if_fail (der != NULL, NULL);

  datum.data = (unsigned char *) g_bytes_get_data (der, &size);
  datum.size = (unsigned int) size;
  ok = gnutls_x509_crt_init (&crt) >= 0 &&
       gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_DER) >= 0 &&
       read_certificate (self, crt);
  if (crt != NULL)
    gnutls_x509_crt_deinit (crt);
  if (!ok)
    {
      g_set_error_literal (error, BD_ERROR, BD_ERROR_TLS_HANDSHAKE_FAILED,
                           _("The server sent a certificate that cannot be read."));
      return NULL;
    }
  self->der = g_bytes_ref (der);
  return g_steal_pointer (&self);
}

BdTlsCertificate *
bd_tls_certificate_copy (const BdTlsCertificate *self)
{
  BdTlsCertificate *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->der = g_bytes_ref (self->der);
  copy->subject = g_strdup (self->subject);
  copy->issuer = g_strdup (self->issuer);
  copy->sans = g_strdupv (self->sans);
  copy->not_before = g_date_time_ref (self->not_before);
  copy->not_after = g_date_time_ref (self->not_after);
  copy->sha256 = g_strdup (self->sha256);
  copy->key_type = g_strdup (self->key_type);
  copy->signature_algorithm = g_strdup (self->signature_algorithm);
  return copy;
}

void
bd_tls_certificate_free (BdTlsCertificate *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->der, g_bytes_unref);
  g_free (self->subject);
  g_free (self->issuer);
  g_strfreev (self->sans);
  g_clear_pointer (&self->not_before, g_date_time_unref);
  g_clear_pointer (&self->not_after, g_date_time_unref);
  g_free (self->sha256);
  g_free (self->key_type);
  g_free (self->signature_algorithm);
  g_free (self);
}

/* The subject and issuer are RFC 4514 strings, such as "CN=mail.example.com,O=Example". */
const char *
bd_tls_certificate_get_subject (const BdTlsCertificate *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->subject;
}

const char *
bd_tls_certificate_get_issuer (const BdTlsCertificate *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->issuer;
}

const char * const *
bd_tls_certificate_get_sans (const BdTlsCertificate *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return (const char * const *) self->sans;
}

GDateTime *
bd_tls_certificate_get_not_before (const BdTlsCertificate *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->not_before;
}

GDateTime *
bd_tls_certificate_get_not_after (const BdTlsCertificate *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->not_after;
}

/* The SHA-256 of the DER form, in lower-case hex: what `--pin sha256:` takes. */
const char *
bd_tls_certificate_get_sha256 (const BdTlsCertificate *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->sha256;
}

/* GnuTLS's name of the key's algorithm: "RSA", "ECDSA", "EdDSA (Ed25519)". */
const char *
bd_tls_certificate_get_key_type (const BdTlsCertificate *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->key_type;
}

guint
bd_tls_certificate_get_key_bits (const BdTlsCertificate *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->key_bits;
}

/* GnuTLS's name of the signature's algorithm, such as "RSA-SHA256". */
const char *
bd_tls_certificate_get_signature_algorithm (const BdTlsCertificate *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->signature_algorithm;
}

/* Whether the certificate names itself as its issuer (a root, or self-signed). */
gboolean
bd_tls_certificate_is_self_issued (const BdTlsCertificate *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->self_issued;
}

/* Signed with SHA-1, MD5 or MD2, which can be forged. */
gboolean
bd_tls_certificate_has_weak_signature (const BdTlsCertificate *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->weak_signature;
}

/* Whether the certificate may identify a TLS server: it has no Extended
 * Key Usage, or one that names id-kp-serverAuth. */
gboolean
bd_tls_certificate_is_for_tls_servers (const BdTlsCertificate *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->for_tls_servers;
}

/* An RSA or DSA key shorter than 2048 bits. */
gboolean
bd_tls_certificate_has_weak_key (const BdTlsCertificate *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return (g_str_equal (self->key_type, "RSA") || g_str_equal (self->key_type, "DSA")) &&
         self->key_bits < BD_TLS_MIN_RSA_BITS;
}

GBytes *
bd_tls_certificate_get_der (const BdTlsCertificate *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->der;
}

/**
 * bd_tls_pin_parse:
 * @pin: `sha256:` and 64 hex digits, in either case, optionally in pairs
 *   separated by colons (as `certtool` and browsers print them)
 *
 * Returns: (transfer full) (nullable): the fingerprint in lower-case hex,
 *   or %NULL with `invalid-argument`.
 */
char *
bd_tls_pin_parse (const char  *pin,
                  GError     **error)
{
  g_autoptr(GString) hex = g_string_new (NULL);
  gboolean valid;

  g_return_val_if_fail (pin != NULL, NULL);

  valid = g_ascii_strncasecmp (pin, "sha256:", 7) == 0;
  for (const char *p = pin + (valid ? 7 : 0); valid && *p != '\0'; p++)
    {
      if (g_ascii_isxdigit (*p))
        g_string_append_c (hex, g_ascii_tolower (*p));
      else
        valid = *p == ':';
    }
  if (valid && hex->len == SHA256_SIZE * 2)
    return g_string_free (g_steal_pointer (&hex), FALSE);

  g_set_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a certificate fingerprint; write it as sha256: followed by "
                 "64 hexadecimal digits."), pin);
  return NULL;
}

/**
 * bd_tls_load_pem_file:
 *
 * Reads a file of PEM certificates to trust (`--ca-file`).
 *
 * Returns: (transfer full) (nullable): the file's contents, or %NULL with
 *   `invalid-argument` when it cannot be read or holds no certificate.
 */
GBytes *
bd_tls_load_pem_file (const char  *path,
                      GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gnutls_x509_crt_t *list = NULL;
  unsigned int count = 0;
  gnutls_datum_t datum;
  gsize length = 0;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                   _("The certificate file cannot be read: %s"), local_error->message);
      return NULL;
    }

  datum.data = (unsigned char *) contents;
  datum.size = (unsigned int) length;
  rc = gnutls_x509_crt_list_import2 (&list, &count, &datum, GNUTLS_X509_FMT_PEM, 0);
  for (unsigned int i = 0; rc >= 0 && i < count; i++)
    gnutls_x509_crt_deinit (list[i]);
  gnutls_free (list);
  if (rc < 0 || count == 0)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                   _("“%s” holds no PEM certificate."), path);
      return NULL;
    }

  return g_bytes_new_take (g_steal_pointer (&contents), length);
}
