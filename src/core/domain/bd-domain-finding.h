/* bd-domain-finding.h: one line of a domain check: a verdict, its evidence and the fix
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* From best to worst; the nick of each is its stable name in JSON. */
typedef enum {
  BD_DOMAIN_VERDICT_PASS,
  BD_DOMAIN_VERDICT_INFO,
  BD_DOMAIN_VERDICT_WARNING,
  BD_DOMAIN_VERDICT_FAIL,
} BdDomainVerdict;

#define BD_TYPE_DOMAIN_FINDING (bd_domain_finding_get_type ())

typedef struct _BdDomainFinding BdDomainFinding;

GType            bd_domain_finding_get_type     (void) G_GNUC_CONST;
BdDomainFinding *bd_domain_finding_new          (const char            *check,
                                                 BdDomainVerdict        verdict,
                                                 const char            *title,
                                                 const char            *evidence,
                                                 const char            *fix);
BdDomainFinding *bd_domain_finding_copy         (const BdDomainFinding *self);
void             bd_domain_finding_free         (BdDomainFinding       *self);
const char      *bd_domain_finding_get_check    (const BdDomainFinding *self);
BdDomainVerdict  bd_domain_finding_get_verdict  (const BdDomainFinding *self);
const char      *bd_domain_finding_get_title    (const BdDomainFinding *self);
const char      *bd_domain_finding_get_evidence (const BdDomainFinding *self);
const char      *bd_domain_finding_get_fix      (const BdDomainFinding *self);

const char      *bd_domain_verdict_get_nick     (BdDomainVerdict        verdict);
const char      *bd_domain_verdict_get_label    (BdDomainVerdict        verdict);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdDomainFinding, bd_domain_finding_free)

G_END_DECLS
