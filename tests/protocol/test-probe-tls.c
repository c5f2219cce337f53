/* test-probe-tls.c: every certificate set, pins, --ca-file, and TLS versions
 *
 * Each case serves one of make-certs' sets and probes it with the right
 * password at hand. Whatever is wrong with the certificate, the probe must
 * stop at TLS with the right code and every reason, and not one byte of the
 * login may reach the server, before TLS or inside it (security rules 1, 3, 7).
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-error.h"
#include "bd-probe.h"
#include "bd-server-url.h"
#include "bd-test-mailserver.h"
#include "bd-tls-certificate.h"

typedef struct
{
  const char *name;
  const char *scheme;          /* imaps, imap, pop3s, pop3, smtps, smtp */
  const char *cert;            /* the set served */
  const char *chain;           /* a file whose other certificates are sent after it */
  const char *tls_min;
  const char *tls_max;
  gboolean ca_file;            /* trust the test CA with --ca-file */
  const char *pin;             /* pin this set's fingerprint */
  const char *expected;
  const char *problems[3];
  const char *version;         /* the protocol the report names */
} TlsCase;

static const TlsCase cases[] = {
  { "good-trusted-by-ca-file", "imaps", "good", NULL, NULL, NULL, TRUE, NULL, "ok", { NULL } },
  { "good-chain-without-ca-file", "imaps", "good", "good.chain.crt", NULL, NULL, FALSE, NULL,
    "certificate-untrusted", { "untrusted-issuer" } },
  { "self-signed", "imaps", "self-signed", NULL, NULL, NULL, TRUE, NULL,
    "certificate-self-signed", { "self-signed" } },
  { "unknown-ca", "imaps", "unknown-ca", "unknown-ca.chain.crt", NULL, NULL, TRUE, NULL,
    "certificate-untrusted", { "untrusted-issuer" } },
  { "wrong-host", "imaps", "wrong-host", NULL, NULL, NULL, TRUE, NULL, "certificate-wrong-host",
    { "wrong-host" } },
  { "expired", "imaps", "expired", NULL, NULL, NULL, TRUE, NULL, "certificate-expired",
    { "expired" } },
  { "not-yet-valid", "imaps", "not-yet-valid", NULL, NULL, NULL, TRUE, NULL,
    "certificate-not-yet-valid", { "not-yet-valid" } },
  { "sha1-signature", "imaps", "sha1", NULL, NULL, NULL, TRUE, NULL, "certificate-weak",
    { "weak-signature" } },
  { "rsa1024-key", "imaps", "rsa1024", NULL, NULL, NULL, TRUE, NULL, "certificate-weak",
    { "weak-key" } },
  { "incomplete-chain", "imaps", "incomplete", NULL, NULL, NULL, TRUE, NULL,
    "certificate-untrusted", { "untrusted-issuer", "incomplete-chain" } },
  { "complete-chain", "imaps", "complete", NULL, NULL, NULL, TRUE, NULL, "ok", { NULL } },
  { "starttls-self-signed", "pop3", "self-signed", NULL, NULL, NULL, TRUE, NULL,
    "certificate-self-signed", { "self-signed" } },
  { "starttls-wrong-host", "smtp", "wrong-host", NULL, NULL, NULL, TRUE, NULL,
    "certificate-wrong-host", { "wrong-host" } },
  /* Security rule 3: a certificate whose Extended Key Usage does not allow a TLS server
   * (RFC 5280 §4.2.1.12) is refused on every path, implicit TLS and STARTTLS alike, even
   * from a trusted CA. Without the extension any purpose is allowed; anyExtendedKeyUsage
   * alone is refused, as OpenSSL and NSS refuse it (docs/decisions.md). */
  { "client-only-eku-imaps", "imaps", "client-only", NULL, NULL, NULL, TRUE, NULL,
    "certificate-wrong-purpose", { "not-for-servers" } },
  { "client-only-eku-pop3s", "pop3s", "client-only", NULL, NULL, NULL, TRUE, NULL,
    "certificate-wrong-purpose", { "not-for-servers" } },
  { "client-only-eku-smtps", "smtps", "client-only", NULL, NULL, NULL, TRUE, NULL,
    "certificate-wrong-purpose", { "not-for-servers" } },
  { "client-only-eku-imap-starttls", "imap", "client-only", NULL, NULL, NULL, TRUE, NULL,
    "certificate-wrong-purpose", { "not-for-servers" } },
  { "client-only-eku-pop3-starttls", "pop3", "client-only", NULL, NULL, NULL, TRUE, NULL,
    "certificate-wrong-purpose", { "not-for-servers" } },
  { "client-only-eku-smtp-starttls", "smtp", "client-only", NULL, NULL, NULL, TRUE, NULL,
    "certificate-wrong-purpose", { "not-for-servers" } },
  { "any-eku-only-imaps", "imaps", "any-eku", NULL, NULL, NULL, TRUE, NULL,
    "certificate-wrong-purpose", { "not-for-servers" } },
  { "any-eku-only-smtp-starttls", "smtp", "any-eku", NULL, NULL, NULL, TRUE, NULL,
    "certificate-wrong-purpose", { "not-for-servers" } },
  { "no-eku-accepted-imaps", "imaps", "no-eku", NULL, NULL, NULL, TRUE, NULL, "ok", { NULL } },
  { "no-eku-accepted-smtp-starttls", "smtp", "no-eku", NULL, NULL, NULL, TRUE, NULL, "ok",
    { NULL } },
  { "server-eku-accepted-pop3s", "pop3s", "good", NULL, NULL, NULL, TRUE, NULL, "ok", { NULL } },
  /* Security rule 3: a pin accepts exactly one certificate, whatever its problems. */
  { "pin-accepts-self-signed", "imaps", "self-signed", NULL, NULL, NULL, FALSE, "self-signed",
    "ok", { "self-signed" } },
  { "pin-accepts-expired", "smtp", "expired", NULL, NULL, NULL, TRUE, "expired", "ok",
    { "expired" } },
  { "pin-accepts-good-without-ca-file", "imaps", "good", NULL, NULL, NULL, FALSE, "good", "ok",
    { "untrusted-issuer", "incomplete-chain" } },
  { "pin-accepts-client-only-eku", "imaps", "client-only", NULL, NULL, NULL, TRUE,
    "client-only", "ok", { "not-for-servers" } },
  { "pin-refuses-another-good-certificate", "imaps", "good", NULL, NULL, NULL, TRUE,
    "other-good", "certificate-pin-mismatch", { NULL } },
  /* Security rule 7: TLS 1.2 at least; older is named, never used. */
  { "tls-1.0-only", "imaps", "good", NULL, "1.0", "1.0", TRUE, NULL, "tls-version-too-old",
    { NULL }, "TLS1.0" },
  { "tls-1.1-only", "pop3s", "good", NULL, "1.0", "1.1", TRUE, NULL, "tls-version-too-old",
    { NULL }, "TLS1.1" },
  { "starttls-tls-1.1-only", "smtp", "good", NULL, "1.1", "1.1", TRUE, NULL,
    "tls-version-too-old", { NULL }, "TLS1.1" },
  { "tls-1.2-only", "imaps", "good", NULL, "1.2", "1.2", TRUE, NULL, "ok", { NULL }, "TLS1.2" },
  { "tls-1.3-only", "smtps", "good", NULL, "1.3", "1.3", TRUE, NULL, "ok", { NULL }, "TLS1.3" },
};

static const char *
protocol_of (const char *scheme)
{
  if (g_str_has_prefix (scheme, "imap"))
    return "imap";
  if (g_str_has_prefix (scheme, "pop3"))
    return "pop3";
  return "smtp";
}

static BdTestServer *
start_server (const TlsCase *c)
{
  g_autofree char *chain = c->chain != NULL ? bd_test_certs_path (c->chain) : NULL;
  g_autofree char *chain_arg = chain != NULL ? g_strconcat ("--chain=", chain, NULL) : NULL;
  g_autofree char *min_arg = c->tls_min != NULL ? g_strconcat ("--tls-min=", c->tls_min, NULL)
                                                : NULL;
  g_autofree char *max_arg = c->tls_max != NULL ? g_strconcat ("--tls-max=", c->tls_max, NULL)
                                                : NULL;
  const char *extra[4] = { NULL };
  guint n = 0;

  if (chain_arg != NULL)
    extra[n++] = chain_arg;
  if (min_arg != NULL)
    extra[n++] = min_arg;
  if (max_arg != NULL)
    extra[n++] = max_arg;
  return bd_test_server_start (protocol_of (c->scheme),
                               g_str_has_suffix (c->scheme, "s") ? "implicit" : "starttls",
                               c->cert, NULL, extra);
}

static BdProbe *
make_probe (const TlsCase *c,
            guint16        port)
{
  g_autofree char *url = g_strdup_printf ("%s://localhost:%u", c->scheme, port);
  g_autoptr(BdServer) server = bd_server_new_from_url (url, NULL);
  BdProbe *probe = bd_probe_new (server);
  g_autoptr(GError) error = NULL;

  bd_probe_set_username (probe, BD_TEST_USER);
  bd_probe_set_password (probe, BD_TEST_PASSWORD, -1);
  bd_probe_set_timeout (probe, 2000);
  if (c->ca_file)
    {
      g_autofree char *ca = bd_test_certs_path ("ca.crt");

      g_assert_true (bd_probe_set_ca_file (probe, ca, &error));
    }
  if (c->pin != NULL)
    {
      g_autofree char *pin = bd_test_certs_sha256 (c->pin);

      g_assert_true (bd_probe_set_pin (probe, pin, &error));
    }
  g_assert_no_error (error);
  return probe;
}

/* The leaf in the report is the certificate served, fingerprint and all. */
static void
check_leaf (const TlsCase *c,
            BdProbeReport *report)
{
  const char *set = g_str_equal (c->cert, "incomplete") || g_str_equal (c->cert, "complete")
                    ? "leaf" : c->cert;
  g_autofree char *expected = bd_test_certs_sha256 (set);
  GPtrArray *chain = bd_probe_report_get_certificates (report);
  const BdTlsCertificate *leaf;

  g_assert_nonnull (chain);
  leaf = g_ptr_array_index (chain, 0);
  g_assert_cmpstr (bd_tls_certificate_get_sha256 (leaf), ==, expected + strlen ("sha256:"));
  g_assert_nonnull (bd_tls_certificate_get_subject (leaf));
  g_assert_nonnull (bd_tls_certificate_get_issuer (leaf));
  g_assert_nonnull (bd_tls_certificate_get_not_after (leaf));
  g_assert_cmpuint (bd_tls_certificate_get_key_bits (leaf), >=, 1024);
  if (c->chain != NULL || g_str_equal (c->cert, "complete"))
    g_assert_cmpuint (chain->len, ==, 2);
}

static void
check_nothing_sent (BdTestServer *mailserver)
{
  g_autofree char *inside = bd_test_server_dup_received (mailserver, "tls");

  g_assert_null (strstr (inside, BD_TEST_PASSWORD));
  g_assert_null (strstr (inside, BD_TEST_USER));
  g_assert_null (strstr (inside, "AUTH"));
  g_assert_null (strstr (inside, "LOGIN"));
}

static void
test_tls (gconstpointer data)
{
  const TlsCase *c = data;
  g_autoptr(BdTestServer) mailserver = start_server (c);
  g_autoptr(BdProbe) probe = make_probe (c, bd_test_server_get_port (mailserver));
  g_autoptr(BdProbeReport) report = NULL;
  g_autoptr(GError) error = NULL;
  guint elapsed = 0;

  report = bd_test_probe_run (probe, NULL, &elapsed, &error);
  g_assert_no_error (error);
  bd_test_assert_code (report, c->expected);
  g_assert_true (g_strv_equal (bd_probe_report_get_problems (report), c->problems));
  if (c->version != NULL)
    g_assert_cmpstr (bd_probe_report_get_tls_version (report), ==, c->version);
  g_assert_cmpint (bd_probe_report_get_pinned (report), ==,
                   c->pin != NULL && g_str_equal (c->expected, "ok"));

  if (g_str_equal (c->expected, "ok"))
    g_assert_cmpint (bd_probe_report_get_login (report), ==, BD_PROBE_LOGIN_OK);
  else
    {
      g_assert_cmpstr (bd_probe_report_get_failed_step (report), ==, "tls");
      g_assert_cmpint (bd_probe_report_get_login (report), ==, BD_PROBE_LOGIN_SKIPPED);
      check_nothing_sent (mailserver);
    }
  if (!g_str_equal (c->expected, "tls-version-too-old"))
    check_leaf (c, report);

  g_assert_cmpuint (elapsed, <, 5000);
  bd_test_server_assert_no_plain_credentials (mailserver, BD_TEST_PASSWORD);
  bd_test_assert_report_clean (report, BD_TEST_PASSWORD);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  bd_test_certs_init ();

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/probe/tls/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_tls);
    }

  return bd_test_run_and_clean_up ();
}
