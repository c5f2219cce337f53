/* bd-tls-context-private.h: BdTlsContext, GnuTLS client sessions with Brevduva's rules, and what they prove
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <gnutls/gnutls.h>

G_BEGIN_DECLS

typedef struct _BdTlsContext BdTlsContext;

typedef struct
{
  char *version;       /* "TLS1.3" */
  char *cipher;        /* "TLS_AES_256_GCM_SHA384" */
  GPtrArray *chain;    /* of BdTlsCertificate, leaf first */
  char **problems;     /* stable names; empty when verified */
} BdTlsFacts;

BdTlsContext     *bd_tls_context_new           (GBytes           *extra_ca_pem,
                                                GError          **error);
BdTlsContext     *bd_tls_context_ref           (BdTlsContext     *self);
void              bd_tls_context_unref         (BdTlsContext     *self);
gnutls_session_t  bd_tls_context_new_session   (BdTlsContext     *self,
                                                const char       *hostname,
                                                gboolean          legacy_only,
                                                GError          **error);
BdTlsFacts       *bd_tls_context_check_session (BdTlsContext     *self,
                                                gnutls_session_t  session,
                                                const char       *hostname,
                                                GError          **error);
gboolean          bd_tls_context_knows_issuer  (BdTlsContext     *self,
                                                GBytes           *der);
void              bd_tls_facts_free            (BdTlsFacts       *facts);
char             *bd_tls_session_dup_version   (gnutls_session_t  session);
gboolean          bd_tls_bytes_look_like_record (GBytes          *bytes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdTlsContext, bd_tls_context_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdTlsFacts, bd_tls_facts_free)

G_END_DECLS
