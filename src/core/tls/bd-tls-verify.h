/* bd-tls-verify.h: every reason a certificate chain fails, as stable names (no I/O)
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "bd-error.h"
#include "bd-tls-certificate.h"

G_BEGIN_DECLS

typedef struct
{
  guint status;               /* from gnutls_certificate_verify_peers3() */
  GPtrArray *chain;           /* of BdTlsCertificate, leaf first, as the server sent it */
  gboolean host_matches;      /* the leaf names the host connected to */
  gboolean for_tls_servers;   /* the leaf's key purposes allow a TLS server */
  gboolean top_issuer_known;  /* the trust store holds the issuer of the last one sent;
                               * read only under GNUTLS_CERT_SIGNER_NOT_FOUND */
  GDateTime *now;
} BdTlsVerifyInput;

char       **bd_tls_verify_problems      (const BdTlsVerifyInput *input);
BdErrorCode  bd_tls_problems_get_error   (const char * const     *problems);
const char  *bd_tls_problem_get_label    (const char             *problem);

G_END_DECLS
