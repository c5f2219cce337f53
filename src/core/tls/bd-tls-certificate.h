/* bd-tls-certificate.h: the facts of one X.509 certificate, for the report
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BD_TYPE_TLS_CERTIFICATE (bd_tls_certificate_get_type ())

/* The smallest RSA or DSA key that is not weak (NIST SP 800-131A). */
#define BD_TLS_MIN_RSA_BITS 2048

typedef struct _BdTlsCertificate BdTlsCertificate;

GType              bd_tls_certificate_get_type          (void) G_GNUC_CONST;
BdTlsCertificate  *bd_tls_certificate_new_from_der      (GBytes                 *der,
                                                         GError                **error);
BdTlsCertificate  *bd_tls_certificate_copy              (const BdTlsCertificate *self);
void               bd_tls_certificate_free              (BdTlsCertificate       *self);
const char        *bd_tls_certificate_get_subject       (const BdTlsCertificate *self);
const char        *bd_tls_certificate_get_issuer        (const BdTlsCertificate *self);
const char * const *bd_tls_certificate_get_sans         (const BdTlsCertificate *self);
GDateTime         *bd_tls_certificate_get_not_before    (const BdTlsCertificate *self);
GDateTime         *bd_tls_certificate_get_not_after     (const BdTlsCertificate *self);
const char        *bd_tls_certificate_get_sha256        (const BdTlsCertificate *self);
const char        *bd_tls_certificate_get_key_type      (const BdTlsCertificate *self);
guint              bd_tls_certificate_get_key_bits      (const BdTlsCertificate *self);
const char        *bd_tls_certificate_get_signature_algorithm (const BdTlsCertificate *self);
gboolean           bd_tls_certificate_is_self_issued    (const BdTlsCertificate *self);
gboolean           bd_tls_certificate_has_weak_signature (const BdTlsCertificate *self);
gboolean           bd_tls_certificate_has_weak_key      (const BdTlsCertificate *self);
gboolean           bd_tls_certificate_is_for_tls_servers (const BdTlsCertificate *self);
GBytes            *bd_tls_certificate_get_der           (const BdTlsCertificate *self);

char              *bd_tls_pin_parse                     (const char             *pin,
                                                         GError                **error);
GBytes            *bd_tls_load_pem_file                 (const char             *path,
                                                         GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdTlsCertificate, bd_tls_certificate_free)

G_END_DECLS
