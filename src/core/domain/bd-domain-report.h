/* bd-domain-report.h: what a domain check found, and the servers that proved good
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "bd-domain-finding.h"
#include "bd-server.h"

G_BEGIN_DECLS

#define BD_TYPE_DOMAIN_REPORT (bd_domain_report_get_type ())

G_DECLARE_FINAL_TYPE (BdDomainReport, bd_domain_report, BD, DOMAIN_REPORT, GObject)

BdDomainReport  *bd_domain_report_new              (const char      *domain);
const char      *bd_domain_report_get_domain       (BdDomainReport  *self);
void             bd_domain_report_add              (BdDomainReport  *self,
                                                    BdDomainFinding *finding);
GPtrArray       *bd_domain_report_get_findings     (BdDomainReport  *self);
BdDomainVerdict  bd_domain_report_get_worst        (BdDomainReport  *self);
guint            bd_domain_report_count            (BdDomainReport  *self,
                                                    BdDomainVerdict  verdict);
void             bd_domain_report_add_good_server  (BdDomainReport  *self,
                                                    BdServer        *server);
GPtrArray       *bd_domain_report_get_good_servers (BdDomainReport  *self);
const char      *bd_domain_report_get_display_name (BdDomainReport  *self);
void             bd_domain_report_set_display_name (BdDomainReport  *self,
                                                    const char      *name);
guint            bd_domain_report_get_ms           (BdDomainReport  *self);
void             bd_domain_report_set_ms           (BdDomainReport  *self,
                                                    guint            ms);

G_END_DECLS
