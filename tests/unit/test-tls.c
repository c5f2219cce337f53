/* test-tls.c: certificate facts, pins, CA files, and every reason a chain fails
 *
 * The certificates below were made once with certtool (ECDSA P-256 "Fixture CA",
 * valid 2020–2100; "mail.example.com" signed by it; "weak.example.com", an RSA-1024
 * key signed with ECDSA-SHA1; and the mail.example.com key signed by itself).
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "bd-error.h"
#include "bd-tls-certificate.h"
#include "bd-tls-context-private.h"
#include "bd-tls-verify.h"

#define SYSTEM_BUNDLE "/etc/ssl/certs/ca-certificates.crt"  /* Debian's, GnuTLS's system store */

#define CA_SHA256 "e88f111173e35212fab15e8455d898fd3d2ef64a53ae0ec8a0c0a675c96286b3"
#define LEAF_SHA256 "e93e860242cb996cfb76fceb26d834fd0d11e3f666c7364f980a678c818cfbe2"

static const char ca_pem[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIBcDCCARagAwIBAgIUVNmrI1cvFIxXUrONMVKlDyrA9rcwCgYIKoZIzj0EAwIw\n"
  "FTETMBEGA1UEAxMKRml4dHVyZSBDQTAgFw0yMDAxMDEwMDAwMDBaGA8yMTAwMDEw\n"
  "MTAwMDAwMFowFTETMBEGA1UEAxMKRml4dHVyZSBDQTBZMBMGByqGSM49AgEGCCqG\n"
  "SM49AwEHA0IABN2ee6JbhJSlHlLMApUIMOHKpEejMsmQX9IKRxWnOgsCIE41kkCp\n"
  "3gJKvQAXysnF3ZvG0W3KEBcKG22gqLy4Zx+jQjBAMA8GA1UdEwEB/wQFMAMBAf8w\n"
  "DgYDVR0PAQH/BAQDAgIEMB0GA1UdDgQWBBTueoKwgBRa93to0ggERhPKaqzGDTAK\n"
  "BggqhkjOPQQDAgNIADBFAiEAqOoCX3ypB124e1zCK6u4yVg+jjKVO6u6pPZ64I20\n"
  "8IACICn04x9RDnKeThCPk8n0LpLvY8NQ6qMXAGA/9aG7liAf\n"
  "-----END CERTIFICATE-----\n";

static const char leaf_pem[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIB8zCCAZigAwIBAgIUOrXRX6chw3E8RlgLZkjxqE6vV8swCgYIKoZIzj0EAwIw\n"
  "FTETMBEGA1UEAxMKRml4dHVyZSBDQTAgFw0yMDAxMDEwMDAwMDBaGA8yMTAwMDEw\n"
  "MTAwMDAwMFowLTEQMA4GA1UEChMHRXhhbXBsZTEZMBcGA1UEAxMQbWFpbC5leGFt\n"
  "cGxlLmNvbTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABGSB+lgsr35sSJK4MNOC\n"
  "HdxHl43Acto+5HOlrjLgp6//4sqerc1Vui184wDVbqBUhp4TwCoerIjlkM0SbJDU\n"
  "pRWjgaswgagwDAYDVR0TAQH/BAIwADAzBgNVHREELDAqghBtYWlsLmV4YW1wbGUu\n"
  "Y29tghBpbWFwLmV4YW1wbGUuY29thwTAAAIHMBMGA1UdJQQMMAoGCCsGAQUFBwMB\n"
  "MA4GA1UdDwEB/wQEAwIHgDAdBgNVHQ4EFgQUSug++7Z80x35lFKlM1nYThnzJUow\n"
  "HwYDVR0jBBgwFoAU7nqCsIAUWvd7aNIIBEYTymqsxg0wCgYIKoZIzj0EAwIDSQAw\n"
  "RgIhANUEJQuGeoh01RYaQkBiRDLbs29BiZ14Tu2xapJwto1WAiEA8yPHu3An1Cje\n"
  "8l82qiaUXqronQpKVLYnS/vS5W9CPmU=\n"
  "-----END CERTIFICATE-----\n";

static const char weak_pem[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIB/jCCAaSgAwIBAgIUGns75XakE1NECxb6O6IOFqCsehQwCQYHKoZIzj0EATAV\n"
  "MRMwEQYDVQQDEwpGaXh0dXJlIENBMCAXDTIwMDEwMTAwMDAwMFoYDzIxMDAwMTAx\n"
  "MDAwMDAwWjAbMRkwFwYDVQQDExB3ZWFrLmV4YW1wbGUuY29tMIGfMA0GCSqGSIb3\n"
  "DQEBAQUAA4GNADCBiQKBgQDuTaRhb46vCi9whsQgOAnF1PROLgCh9VimxFBxizYX\n"
  "Z3PDKgZ1YUm0Pio80VzxwxdmTHPLQIslEhUAKTyHQO4jIzGsXOx0XTiCUYzl5lS9\n"
  "OPXVMvnKlrhsYgqibQpW5tSgIQ5jpL36uYKvU+hgicChvDW5yk8ejWxn6gZYHE4T\n"
  "TQIDAQABo4GDMIGAMAwGA1UdEwEB/wQCMAAwGwYDVR0RBBQwEoIQd2Vhay5leGFt\n"
  "cGxlLmNvbTATBgNVHSUEDDAKBggrBgEFBQcDATAdBgNVHQ4EFgQUlF0sue7SxOOr\n"
  "Sp5v0hdLTyBoCkQwHwYDVR0jBBgwFoAU7nqCsIAUWvd7aNIIBEYTymqsxg0wCQYH\n"
  "KoZIzj0EAQNJADBGAiEA84IkPv7tIxZw4ifmLWKxcsZgELrV8qZn+3efAbKs7qcC\n"
  "IQD1pCv31TDRJngsJgTsEhBR9T6jByNzuZFU2GdENOlDlg==\n"
  "-----END CERTIFICATE-----\n";

static const char self_pem[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIB6jCCAY+gAwIBAgIULas9v1CNR5VjL1SzuXEUZK/qItQwCgYIKoZIzj0EAwIw\n"
  "LTEQMA4GA1UEChMHRXhhbXBsZTEZMBcGA1UEAxMQbWFpbC5leGFtcGxlLmNvbTAg\n"
  "Fw0yMDAxMDEwMDAwMDBaGA8yMTAwMDEwMTAwMDAwMFowLTEQMA4GA1UEChMHRXhh\n"
  "bXBsZTEZMBcGA1UEAxMQbWFpbC5leGFtcGxlLmNvbTBZMBMGByqGSM49AgEGCCqG\n"
  "SM49AwEHA0IABGSB+lgsr35sSJK4MNOCHdxHl43Acto+5HOlrjLgp6//4sqerc1V\n"
  "ui184wDVbqBUhp4TwCoerIjlkM0SbJDUpRWjgYowgYcwDAYDVR0TAQH/BAIwADAz\n"
  "BgNVHREELDAqghBtYWlsLmV4YW1wbGUuY29tghBpbWFwLmV4YW1wbGUuY29thwTA\n"
  "AAIHMBMGA1UdJQQMMAoGCCsGAQUFBwMBMA4GA1UdDwEB/wQEAwIHgDAdBgNVHQ4E\n"
  "FgQUSug++7Z80x35lFKlM1nYThnzJUowCgYIKoZIzj0EAwIDSQAwRgIhAMVyX7wB\n"
  "/t6k906T2IlUJrb188kEKMDsIGNp/GijjGQHAiEA0d0fnJ8jq3X6FkOdEuyfSjA+\n"
  "t15LlyTCIG3z70QpfLY=\n"
  "-----END CERTIFICATE-----\n";

static BdTlsCertificate *
load (const char *pem)
{
  gnutls_datum_t in = { (unsigned char *) pem, (unsigned int) strlen (pem) };
  gnutls_datum_t der = { NULL, 0 };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  BdTlsCertificate *certificate;

  g_assert_cmpint (gnutls_pem_base64_decode2 ("CERTIFICATE", &in, &der), ==, 0);
  bytes = g_bytes_new (der.data, der.size);
  gnutls_free (der.data);
  certificate = bd_tls_certificate_new_from_der (bytes, &error);
  g_assert_no_error (error);
  return certificate;
}

static void
test_facts (void)
{
  g_autoptr(BdTlsCertificate) leaf = load (leaf_pem);
  g_autoptr(BdTlsCertificate) copy = bd_tls_certificate_copy (leaf);
  const char *const sans[] = { "mail.example.com", "imap.example.com", "192.0.2.7", NULL };
  g_autofree char *not_after = g_date_time_format_iso8601 (bd_tls_certificate_get_not_after (copy));

  g_assert_cmpstr (bd_tls_certificate_get_subject (copy), ==, "CN=mail.example.com,O=Example");
  g_assert_cmpstr (bd_tls_certificate_get_issuer (copy), ==, "CN=Fixture CA");
  g_assert_true (g_strv_equal (bd_tls_certificate_get_sans (copy), sans));
  g_assert_cmpstr (bd_tls_certificate_get_sha256 (copy), ==, LEAF_SHA256);
  g_assert_cmpstr (not_after, ==, "2100-01-01T00:00:00Z");
  g_assert_cmpstr (bd_tls_certificate_get_key_type (copy), ==, "EC/ECDSA");
  g_assert_cmpuint (bd_tls_certificate_get_key_bits (copy), ==, 256);
  g_assert_cmpstr (bd_tls_certificate_get_signature_algorithm (copy), ==, "ECDSA-SHA256");
  g_assert_false (bd_tls_certificate_is_self_issued (copy));
  g_assert_false (bd_tls_certificate_has_weak_signature (copy));
  g_assert_false (bd_tls_certificate_has_weak_key (copy));
}

static void
test_weak_facts (void)
{
  g_autoptr(BdTlsCertificate) weak = load (weak_pem);
  g_autoptr(BdTlsCertificate) ca = load (ca_pem);

  g_assert_cmpstr (bd_tls_certificate_get_key_type (weak), ==, "RSA");
  g_assert_cmpuint (bd_tls_certificate_get_key_bits (weak), ==, 1024);
  g_assert_true (bd_tls_certificate_has_weak_signature (weak));
  g_assert_true (bd_tls_certificate_has_weak_key (weak));
  g_assert_true (bd_tls_certificate_is_self_issued (ca));
  g_assert_cmpstr (bd_tls_certificate_get_sha256 (ca), ==, CA_SHA256);
}

static void
test_not_a_certificate (void)
{
  g_autoptr(GBytes) junk = g_bytes_new_static ("\x30\x03\x02\x01\x00", 5);
  g_autoptr(GError) error = NULL;

  g_assert_null (bd_tls_certificate_new_from_der (junk, &error));
  g_assert_error (error, BD_ERROR, BD_ERROR_TLS_HANDSHAKE_FAILED);
}

typedef struct
{
  const char *pin;
  const char *expected;   /* NULL: refused */
} PinCase;

static void
test_pins (void)
{
  static const PinCase cases[] = {
    { "sha256:" LEAF_SHA256, LEAF_SHA256 },
    { "SHA256:E93E860242CB996CFB76FCEB26D834FD0D11E3F666C7364F980A678C818CFBE2", LEAF_SHA256 },
    { "sha256:e9:3e:86:02:42:cb:99:6c:fb:76:fc:eb:26:d8:34:fd:0d:11:e3:f6:66:c7:36:4f:98:0a:67:"
      "8c:81:8c:fb:e2", LEAF_SHA256 },
    { LEAF_SHA256, NULL },
    { "sha1:" LEAF_SHA256, NULL },
    { "sha256:e93e86", NULL },
    { "sha256:" LEAF_SHA256 "00", NULL },
    { "sha256:g93e860242cb996cfb76fceb26d834fd0d11e3f666c7364f980a678c818cfbe2", NULL },
    { "sha256: " LEAF_SHA256, NULL },
    { "", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *parsed = bd_tls_pin_parse (cases[i].pin, &error);

      g_assert_cmpstr (parsed, ==, cases[i].expected);
      if (cases[i].expected == NULL)
        g_assert_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_pem_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bd-test-tls-XXXXXX", &error);
  g_autofree char *good = g_build_filename (dir, "ca.pem", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.pem", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.pem", NULL);
  g_autoptr(GBytes) loaded = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (good, ca_pem, -1, NULL));
  g_assert_true (g_file_set_contents (bad, "not a certificate\n", -1, NULL));

  loaded = bd_tls_load_pem_file (good, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (loaded), ==, strlen (ca_pem));
  g_assert_null (bd_tls_load_pem_file (bad, &error));
  g_assert_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (bd_tls_load_pem_file (missing, &error));
  g_assert_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT);

  g_unlink (good);
  g_unlink (bad);
  g_rmdir (dir);
}

typedef struct
{
  const char *name;
  guint status;
  const char *chain[3];       /* "ca", "leaf", "weak", "self" */
  gboolean host_matches;
  gboolean top_issuer_known;
  int year;
  const char *problems[7];
  BdErrorCode code;           /* for a failure */
  gboolean not_for_servers;   /* the leaf's key purposes exclude a TLS server */
} VerifyCase;

static const VerifyCase verify_cases[] = {
  { "valid", 0, { "leaf" }, TRUE, TRUE, 2026, { NULL } },
  { "valid-with-root", 0, { "leaf", "ca" }, TRUE, TRUE, 2026, { NULL } },
  { "untrusted-complete-chain", GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND,
    { "leaf", "ca" }, TRUE, FALSE, 2026, { "untrusted-issuer" }, BD_ERROR_CERTIFICATE_UNTRUSTED },
  { "incomplete-chain", GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND, { "leaf" }, TRUE,
    FALSE, 2026, { "untrusted-issuer", "incomplete-chain" }, BD_ERROR_CERTIFICATE_UNTRUSTED },
  { "self-signed", GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND, { "self" }, TRUE, FALSE,
    2026, { "self-signed" }, BD_ERROR_CERTIFICATE_SELF_SIGNED },
  { "expired", GNUTLS_CERT_INVALID | GNUTLS_CERT_EXPIRED, { "leaf" }, TRUE, TRUE, 2200,
    { "expired" }, BD_ERROR_CERTIFICATE_EXPIRED },
  { "expired-found-without-gnutls", 0, { "leaf" }, TRUE, TRUE, 2200, { "expired" },
    BD_ERROR_CERTIFICATE_EXPIRED },
  { "not-yet-valid", GNUTLS_CERT_INVALID | GNUTLS_CERT_NOT_ACTIVATED, { "leaf" }, TRUE, TRUE,
    2010, { "not-yet-valid" }, BD_ERROR_CERTIFICATE_NOT_YET_VALID },
  { "wrong-host", GNUTLS_CERT_INVALID | GNUTLS_CERT_UNEXPECTED_OWNER, { "leaf" }, FALSE, TRUE,
    2026, { "wrong-host" }, BD_ERROR_CERTIFICATE_WRONG_HOST },
  { "weak", GNUTLS_CERT_INVALID | GNUTLS_CERT_INSECURE_ALGORITHM, { "weak" }, TRUE, TRUE, 2026,
    { "weak-signature", "weak-key" }, BD_ERROR_CERTIFICATE_WEAK },
  { "insecure-algorithm-alone", GNUTLS_CERT_INVALID | GNUTLS_CERT_INSECURE_ALGORITHM,
    { "leaf" }, TRUE, TRUE, 2026, { "weak-signature" }, BD_ERROR_CERTIFICATE_WEAK },
  { "revoked", GNUTLS_CERT_INVALID | GNUTLS_CERT_REVOKED, { "leaf" }, TRUE, TRUE, 2026,
    { "revoked" }, BD_ERROR_CERTIFICATE_UNTRUSTED },
  { "unnamed-reason", GNUTLS_CERT_INVALID | GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS, { "leaf" }, TRUE,
    TRUE, 2026, { "invalid" }, BD_ERROR_CERTIFICATE_UNTRUSTED },
  { "purpose-mismatch-in-chain", GNUTLS_CERT_INVALID | GNUTLS_CERT_PURPOSE_MISMATCH, { "leaf" },
    TRUE, TRUE, 2026, { "not-for-servers" }, BD_ERROR_CERTIFICATE_WRONG_PURPOSE },
  { "leaf-not-for-servers", 0, { "leaf" }, TRUE, TRUE, 2026, { "not-for-servers" },
    BD_ERROR_CERTIFICATE_WRONG_PURPOSE, TRUE },
  { "untrusted-and-not-for-servers", GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND,
    { "leaf", "ca" }, TRUE, FALSE, 2026, { "untrusted-issuer", "not-for-servers" },
    BD_ERROR_CERTIFICATE_UNTRUSTED, TRUE },
  { "every-reason-at-once",
    GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND | GNUTLS_CERT_EXPIRED, { "weak" }, FALSE,
    FALSE, 2200,
    { "untrusted-issuer", "incomplete-chain", "wrong-host", "expired", "weak-signature",
      "weak-key" },
    BD_ERROR_CERTIFICATE_UNTRUSTED },
};

static const char *
fixture (const char *name)
{
  if (g_str_equal (name, "ca"))
    return ca_pem;
  if (g_str_equal (name, "leaf"))
    return leaf_pem;
  if (g_str_equal (name, "weak"))
    return weak_pem;
  return self_pem;
}

static void
test_verify (gconstpointer data)
{
  const VerifyCase *c = data;
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func ((GDestroyNotify) bd_tls_certificate_free);
  g_autoptr(GDateTime) now = g_date_time_new_utc (c->year, 6, 1, 0, 0, 0);
  g_auto(GStrv) problems = NULL;
  BdTlsVerifyInput input = { 0 };

  for (guint i = 0; c->chain[i] != NULL; i++)
    g_ptr_array_add (chain, load (fixture (c->chain[i])));
  input.status = c->status;
  input.chain = chain;
  input.host_matches = c->host_matches;
  input.for_tls_servers = !c->not_for_servers;
  input.top_issuer_known = c->top_issuer_known;
  input.now = now;

  problems = bd_tls_verify_problems (&input);
  g_assert_true (g_strv_equal ((const char * const *) problems, c->problems));
  if (problems[0] != NULL)
    g_assert_cmpstr (bd_error_code_get_name (bd_tls_problems_get_error ((const char * const *) problems)),
                     ==, bd_error_code_get_name (c->code));
  /* Every problem has a label of its own; an unknown name is shown as it is. */
  for (guint i = 0; problems[i] != NULL; i++)
    g_assert_true (bd_tls_problem_get_label (problems[i]) != (const char *) problems[i]);
  g_assert_cmpstr (bd_tls_problem_get_label ("from-the-future"), ==, "from-the-future");
}

static GBytes *
der_of (const char *pem)
{
  gnutls_datum_t in = { (unsigned char *) pem, (unsigned int) strlen (pem) };
  gnutls_datum_t der = { NULL, 0 };
  GBytes *bytes;

  g_assert_cmpint (gnutls_pem_base64_decode2 ("CERTIFICATE", &in, &der), ==, 0);
  bytes = g_bytes_new (der.data, der.size);
  gnutls_free (der.data);
  return bytes;
}

/* The trust store is parsed once per process: every probe with the same
 * anchors gets the same context, and other anchors another one. */
static void
test_context_shared (void)
{
  g_autoptr(GBytes) ca = g_bytes_new_static (ca_pem, strlen (ca_pem));
  g_autoptr(GBytes) ca_copy = g_bytes_new (ca_pem, strlen (ca_pem));
  g_autoptr(GBytes) other = g_bytes_new_static (self_pem, strlen (self_pem));
  g_autoptr(GBytes) junk = g_bytes_new_static ("not a certificate\n", 18);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdTlsContext) system = bd_tls_context_new (NULL, &error);
  g_autoptr(BdTlsContext) with_ca = NULL;
  g_autoptr(BdTlsContext) with_ca_copy = NULL;
  g_autoptr(BdTlsContext) with_other = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (system);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(BdTlsContext) again = bd_tls_context_new (NULL, &error);

      g_assert_no_error (error);
      g_assert_true (again == system);
    }
  with_ca = bd_tls_context_new (ca, &error);
  g_assert_no_error (error);
  with_ca_copy = bd_tls_context_new (ca_copy, &error);
  g_assert_no_error (error);
  g_assert_true (with_ca == with_ca_copy);
  g_assert_true (with_ca != system);
  with_other = bd_tls_context_new (other, &error);
  g_assert_no_error (error);
  g_assert_true (with_other != with_ca && with_other != system);

  g_assert_null (bd_tls_context_new (junk, &error));
  g_assert_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT);
}

/* Every root of the system bundle is an anchor of every context, the
 * extra anchors only of the context made for them. */
static void
test_context_anchors (void)
{
  g_autoptr(GBytes) ca = g_bytes_new_static (ca_pem, strlen (ca_pem));
  g_autoptr(GBytes) leaf = der_of (leaf_pem);
  g_autoptr(BdTlsContext) system = bd_tls_context_new (NULL, NULL);
  g_autoptr(BdTlsContext) with_ca = bd_tls_context_new (ca, NULL);
  g_autofree char *bundle = NULL;
  gnutls_x509_crt_t *roots = NULL;
  gnutls_datum_t in;
  unsigned int count = 0;
  guint self_issued = 0;
  gsize size;

  if (!g_file_get_contents (SYSTEM_BUNDLE, &bundle, &size, NULL))
    {
      g_test_skip ("no " SYSTEM_BUNDLE);
      return;
    }
  in.data = (unsigned char *) bundle;
  in.size = (unsigned int) size;
  g_assert_cmpint (gnutls_x509_crt_list_import2 (&roots, &count, &in, GNUTLS_X509_FMT_PEM, 0),
                   >=, 0);
  g_assert_cmpuint (count, >, 0);
  for (unsigned int i = 0; i < count; i++)
    {
      gnutls_datum_t der = { NULL, 0 };
      g_autoptr(GBytes) bytes = NULL;

      g_assert_cmpint (gnutls_x509_crt_export2 (roots[i], GNUTLS_X509_FMT_DER, &der), ==, 0);
      bytes = g_bytes_new (der.data, der.size);
      gnutls_free (der.data);
      /* A root is its own issuer. */
      if (gnutls_x509_crt_check_issuer (roots[i], roots[i]))
        {
          self_issued++;
          g_assert_true (bd_tls_context_knows_issuer (system, bytes));
          g_assert_true (bd_tls_context_knows_issuer (with_ca, bytes));
        }
      gnutls_x509_crt_deinit (roots[i]);
    }
  gnutls_free (roots);
  g_assert_cmpuint (self_issued, >, 0);

  g_assert_false (bd_tls_context_knows_issuer (system, leaf));
  g_assert_true (bd_tls_context_knows_issuer (with_ca, leaf));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tls/certificate/facts", test_facts);
  g_test_add_func ("/tls/certificate/weak-facts", test_weak_facts);
  g_test_add_func ("/tls/certificate/not-a-certificate", test_not_a_certificate);
  g_test_add_func ("/tls/pin/parse", test_pins);
  g_test_add_func ("/tls/ca-file/load", test_pem_file);
  g_test_add_func ("/tls/context/shared", test_context_shared);
  g_test_add_func ("/tls/context/anchors", test_context_anchors);
  for (gsize i = 0; i < G_N_ELEMENTS (verify_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tls/verify/%s", verify_cases[i].name);

      g_test_add_data_func (path, &verify_cases[i], test_verify);
    }

  return g_test_run ();
}
