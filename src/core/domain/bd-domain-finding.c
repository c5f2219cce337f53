/* bd-domain-finding.c
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-domain-finding.h"

struct _BdDomainFinding
{
  char *check;
  BdDomainVerdict verdict;
  char *title;
  char *evidence;
  char *fix;
};

G_DEFINE_BOXED_TYPE (BdDomainFinding, bd_domain_finding,
                     bd_domain_finding_copy, bd_domain_finding_free)

/**
 * bd_domain_finding_new:
 * @check: the check's stable id, such as “srv-submission-port”
 * @title: what was found, in one translated sentence
 * @evidence: (nullable): what shows it: a URL, a record, the server's words
 * @fix: (nullable): what the domain's administrator should do
 */
BdDomainFinding *
bd_domain_finding_new (const char      *check,
                       BdDomainVerdict  verdict,
                       const char      *title,
                       const char      *evidence,
                       const char      *fix)
{
  BdDomainFinding *self = g_new0 (BdDomainFinding, 1);

  g_return_val_if_fail (check != NULL && title != NULL, NULL);

  self->check = g_strdup (check);
  self->verdict = verdict;
  self->title = g_strdup (title);
  self->evidence = g_strdup (evidence);
  self->fix = g_strdup (fix);
  return self;
}

BdDomainFinding *
bd_domain_finding_copy (const BdDomainFinding *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return bd_domain_finding_new (self->check, self->verdict, self->title, self->evidence,
                                self->fix);
}

void
bd_domain_finding_free (BdDomainFinding *self)
{
  if (self == NULL)
    return;
  g_free (self->check);
  g_free (self->title);
  g_free (self->evidence);
  g_free (self->fix);
  g_free (self);
}

const char *
bd_domain_finding_get_check (const BdDomainFinding *self)
{
  return self->check;
}

BdDomainVerdict
bd_domain_finding_get_verdict (const BdDomainFinding *self)
{
  return self->verdict;
}

const char *
bd_domain_finding_get_title (const BdDomainFinding *self)
{
  return self->title;
}

const char *
bd_domain_finding_get_evidence (const BdDomainFinding *self)
{
  return self->evidence;
}

const char *
bd_domain_finding_get_fix (const BdDomainFinding *self)
{
  return self->fix;
}

/**
 * bd_domain_verdict_get_nick:
 *
 * Returns: the verdict's stable JSON name: pass, info, warning or fail.
 */
const char *
bd_domain_verdict_get_nick (BdDomainVerdict verdict)
{
  switch (verdict)
    {
    case BD_DOMAIN_VERDICT_PASS:
      return "pass";
    case BD_DOMAIN_VERDICT_INFO:
      return "info";
    case BD_DOMAIN_VERDICT_WARNING:
      return "warning";
    case BD_DOMAIN_VERDICT_FAIL:
    default:
      return "fail";
    }
}

/**
 * bd_domain_verdict_get_label:
 *
 * Returns: the verdict's short translated label, for the text report.
 */
const char *
bd_domain_verdict_get_label (BdDomainVerdict verdict)
{
  switch (verdict)
    {
    case BD_DOMAIN_VERDICT_PASS:
      /* Translators: a domain check's verdict, in a column of at most 7 characters. */
      return C_("verdict", "pass");
    case BD_DOMAIN_VERDICT_INFO:
      return C_("verdict", "info");
    case BD_DOMAIN_VERDICT_WARNING:
      return C_("verdict", "warning");
    case BD_DOMAIN_VERDICT_FAIL:
    default:
      return C_("verdict", "FAIL");
    }
}
