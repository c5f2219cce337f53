/* bd-tls-verify.c
 *
 * GnuTLS answers with status bits; the person needs every reason, and one
 * error code for the most serious. The chain's trust comes from GnuTLS
 * (system trust store plus `--ca-file`); the host name, the dates and the
 * algorithms are checked here as well, so that each reason is named even
 * when GnuTLS stops at the first one.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gnutls/gnutls.h>
#include <glib/gi18n-lib.h>

#include "bd-tls-verify.h"

/* Most serious first: this order picks the error code. */
static const struct
{
  const char *name;
  BdErrorCode code;
} problems[] = {
  { "self-signed", BD_ERROR_CERTIFICATE_SELF_SIGNED },
  { "untrusted-issuer", BD_ERROR_CERTIFICATE_UNTRUSTED },
  { "incomplete-chain", BD_ERROR_CERTIFICATE_UNTRUSTED },
  { "revoked", BD_ERROR_CERTIFICATE_UNTRUSTED },
  { "invalid-signature", BD_ERROR_CERTIFICATE_UNTRUSTED },
  { "invalid", BD_ERROR_CERTIFICATE_UNTRUSTED },
  { "not-for-servers", BD_ERROR_CERTIFICATE_WRONG_PURPOSE },
  { "wrong-host", BD_ERROR_CERTIFICATE_WRONG_HOST },
  { "expired", BD_ERROR_CERTIFICATE_EXPIRED },
  { "not-yet-valid", BD_ERROR_CERTIFICATE_NOT_YET_VALID },
  { "weak-signature", BD_ERROR_CERTIFICATE_WEAK },
  { "weak-key", BD_ERROR_CERTIFICATE_WEAK },
};

typedef struct
{
  gboolean found[G_N_ELEMENTS (problems)];
} Findings;

static void
note (Findings   *findings,
      const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (problems); i++)
    if (g_str_equal (problems[i].name, name))
      findings->found[i] = TRUE;
}

static gboolean
noted (Findings   *findings,
       const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (problems); i++)
    if (g_str_equal (problems[i].name, name))
      return findings->found[i];
  return FALSE;
}

static void
check_trust (const BdTlsVerifyInput *input,
             Findings               *findings)
{
  const BdTlsCertificate *leaf = g_ptr_array_index (input->chain, 0);
  const BdTlsCertificate *top = g_ptr_array_index (input->chain, input->chain->len - 1);

  if (input->status & GNUTLS_CERT_SIGNER_NOT_FOUND)
    {
      if (input->chain->len == 1 && bd_tls_certificate_is_self_issued (leaf))
        note (findings, "self-signed");
      else
        note (findings, "untrusted-issuer");
      /* The server left out an intermediate: the last certificate it sent
       * is no root, and its issuer is nowhere to be found. */
      if (!bd_tls_certificate_is_self_issued (top) && !input->top_issuer_known)
        note (findings, "incomplete-chain");
    }
  if (input->status & GNUTLS_CERT_SIGNER_NOT_CA)
    note (findings, "untrusted-issuer");
  if (input->status & GNUTLS_CERT_REVOKED)
    note (findings, "revoked");
  if (input->status & GNUTLS_CERT_SIGNATURE_FAILURE)
    note (findings, "invalid-signature");
}

static void
check_dates_and_algorithms (const BdTlsVerifyInput *input,
                            Findings               *findings)
{
  for (guint i = 0; i < input->chain->len; i++)
    {
      const BdTlsCertificate *certificate = g_ptr_array_index (input->chain, i);

      if (g_date_time_compare (input->now, bd_tls_certificate_get_not_after (certificate)) > 0)
        note (findings, "expired");
      if (g_date_time_compare (input->now, bd_tls_certificate_get_not_before (certificate)) < 0)
        note (findings, "not-yet-valid");
      /* A root's own signature is never checked, so its algorithm does not matter. */
      if (bd_tls_certificate_has_weak_signature (certificate) &&
          !bd_tls_certificate_is_self_issued (certificate))
        note (findings, "weak-signature");
      if (bd_tls_certificate_has_weak_key (certificate))
        note (findings, "weak-key");
    }
  if (input->status & GNUTLS_CERT_EXPIRED)
    note (findings, "expired");
  if (input->status & GNUTLS_CERT_NOT_ACTIVATED)
    note (findings, "not-yet-valid");
  if ((input->status & GNUTLS_CERT_INSECURE_ALGORITHM) &&
      !noted (findings, "weak-signature") && !noted (findings, "weak-key"))
    note (findings, "weak-signature");
}

/**
 * bd_tls_verify_problems:
 *
 * Returns: (transfer full): every problem found, as stable kebab-case names
 *   in order of seriousness; empty when the chain is trusted and valid for
 *   the host.
 */
char **
bd_tls_verify_problems (const BdTlsVerifyInput *input)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  Findings findings = { { FALSE } };
  gboolean any;

  g_return_val_if_fail (input != NULL && input->chain != NULL && input->chain->len > 0, NULL);
  g_return_val_if_fail (input->now != NULL, NULL);

  check_trust (input, &findings);
  check_dates_and_algorithms (input, &findings);
  if (!input->host_matches || (input->status & GNUTLS_CERT_UNEXPECTED_OWNER))
    note (&findings, "wrong-host");
  /* GnuTLS checks the purpose along the whole chain; the leaf is checked
   * here as well, because GnuTLS lets anyExtendedKeyUsage stand for it. */
  if (!input->for_tls_servers || (input->status & GNUTLS_CERT_PURPOSE_MISMATCH))
    note (&findings, "not-for-servers");

  any = FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (problems); i++)
    any = any || findings.found[i];
  /* GnuTLS refused the chain for a reason without a name of its own. */
  if (!any && input->status != 0)
    note (&findings, "invalid");

  for (gsize i = 0; i < G_N_ELEMENTS (problems); i++)
    if (findings.found[i])
      g_strv_builder_add (builder, problems[i].name);
  return g_strv_builder_end (builder);
}

/**
 * bd_tls_problems_get_error:
 *
 * Returns: the error code of the most serious problem, or
 *   %BD_ERROR_CERTIFICATE_UNTRUSTED for a name this version does not know.
 */
BdErrorCode
bd_tls_problems_get_error (const char * const *names)
{
  g_return_val_if_fail (names != NULL && names[0] != NULL, BD_ERROR_CERTIFICATE_UNTRUSTED);

  for (gsize i = 0; i < G_N_ELEMENTS (problems); i++)
    if (g_strv_contains (names, problems[i].name))
      return problems[i].code;
  return BD_ERROR_CERTIFICATE_UNTRUSTED;
}

/**
 * bd_tls_problem_get_label:
 *
 * Returns: a short translated description of a problem, for the text report.
 */
const char *
bd_tls_problem_get_label (const char *problem)
{
  static const struct { const char *name; const char *label; } labels[] = {
    { "self-signed", N_("signed by itself") },
    { "untrusted-issuer", N_("issued by an authority this computer does not trust") },
    { "incomplete-chain", N_("the server may have left out an intermediate certificate") },
    { "revoked", N_("revoked") },
    { "invalid-signature", N_("its signature is invalid") },
    { "invalid", N_("refused by the TLS library") },
    { "not-for-servers", N_("not made for servers (its key usage allows other purposes only)") },
    { "wrong-host", N_("made out to another server name") },
    { "expired", N_("expired") },
    { "not-yet-valid", N_("not valid yet") },
    { "weak-signature", N_("signed with an outdated algorithm (SHA-1 or MD5)") },
    { "weak-key", N_("its key is too short") },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].name, problem))
      return _(labels[i].label);
  return problem;
}
