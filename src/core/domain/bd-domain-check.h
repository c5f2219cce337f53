/* bd-domain-check.h: is a domain's published mail configuration right?
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-domain-limiter.h"
#include "bd-domain-report.h"

G_BEGIN_DECLS

#define BD_TYPE_DOMAIN_CHECK (bd_domain_check_get_type ())

#define BD_DOMAIN_CHECK_DEFAULT_TIMEOUT_MS 10000
#define BD_DOMAIN_CHECK_DEFAULT_ISPDB_URL "https://autoconfig.thunderbird.net/v1.1/"

G_DECLARE_FINAL_TYPE (BdDomainCheck, bd_domain_check, BD, DOMAIN_CHECK, GObject)

BdDomainCheck  *bd_domain_check_new         (void);
gboolean        bd_domain_check_set_ca_file (BdDomainCheck        *self,
                                             const char           *path,
                                             GError              **error);
GBytes         *bd_domain_check_get_ca_pem  (BdDomainCheck        *self);
void            bd_domain_check_set_ispdb_url (BdDomainCheck      *self,
                                               const char         *url);
void            bd_domain_check_set_timeout (BdDomainCheck        *self,
                                             guint                 timeout_ms);
void            bd_domain_check_set_resolver (BdDomainCheck       *self,
                                              GResolver           *resolver);
void            bd_domain_check_set_limiter (BdDomainCheck        *self,
                                             BdDomainLimiter      *limiter);
gboolean        bd_domain_check_set_address (BdDomainCheck        *self,
                                             const char           *address,
                                             GError              **error);
char           *bd_domain_check_normalize   (const char           *domain,
                                             GError              **error);
void            bd_domain_check_run_async   (BdDomainCheck        *self,
                                             const char           *domain,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
BdDomainReport *bd_domain_check_run_finish  (BdDomainCheck        *self,
                                             GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
