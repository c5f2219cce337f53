/* bd-domain-report.c
 *
 * The findings keep the order in which the checks added them; the renderers
 * sort nothing, so the engine decides what an administrator reads first.
 * The good servers are the ones whose probe passed every step without a
 * login (name, connection, verified TLS, greeting, capabilities): only
 * those go into the settings the report suggests publishing.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-domain-report.h"

struct _BdDomainReport
{
  GObject parent_instance;

  char *domain;
  char *display_name;
  GPtrArray *findings;      /* of BdDomainFinding */
  GPtrArray *good_servers;  /* of BdServer */
  guint ms;
};

G_DEFINE_FINAL_TYPE (BdDomainReport, bd_domain_report, G_TYPE_OBJECT)

static void
bd_domain_report_finalize (GObject *object)
{
  BdDomainReport *self = BD_DOMAIN_REPORT (object);

  g_free (self->domain);
  g_free (self->display_name);
  g_ptr_array_unref (self->findings);
  g_ptr_array_unref (self->good_servers);

  G_OBJECT_CLASS (bd_domain_report_parent_class)->finalize (object);
}

static void
bd_domain_report_class_init (BdDomainReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bd_domain_report_finalize;
}

static void
bd_domain_report_init (BdDomainReport *self)
{
  self->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) bd_domain_finding_free);
  self->good_servers = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * bd_domain_report_new:
 * @domain: the domain checked, in ASCII
 */
BdDomainReport *
bd_domain_report_new (const char *domain)
{
  BdDomainReport *self = g_object_new (BD_TYPE_DOMAIN_REPORT, NULL);

  self->domain = g_strdup (domain);
  return self;
}

const char *
bd_domain_report_get_domain (BdDomainReport *self)
{
  g_return_val_if_fail (BD_IS_DOMAIN_REPORT (self), NULL);
  return self->domain;
}

/**
 * bd_domain_report_add:
 * @finding: (transfer full): a finding
 */
void
bd_domain_report_add (BdDomainReport  *self,
                      BdDomainFinding *finding)
{
  g_return_if_fail (BD_IS_DOMAIN_REPORT (self));
  g_return_if_fail (finding != NULL);
  g_ptr_array_add (self->findings, finding);
}

/**
 * bd_domain_report_get_findings:
 *
 * Returns: (transfer none) (element-type BdDomainFinding): every finding.
 */
GPtrArray *
bd_domain_report_get_findings (BdDomainReport *self)
{
  g_return_val_if_fail (BD_IS_DOMAIN_REPORT (self), NULL);
  return self->findings;
}

/**
 * bd_domain_report_get_worst:
 *
 * Returns: the worst verdict of any finding; %BD_DOMAIN_VERDICT_PASS for none.
 */
BdDomainVerdict
bd_domain_report_get_worst (BdDomainReport *self)
{
  BdDomainVerdict worst = BD_DOMAIN_VERDICT_PASS;

  g_return_val_if_fail (BD_IS_DOMAIN_REPORT (self), BD_DOMAIN_VERDICT_FAIL);
  for (guint i = 0; i < self->findings->len; i++)
    worst = MAX (worst, bd_domain_finding_get_verdict (self->findings->pdata[i]));
  return worst;
}

guint
bd_domain_report_count (BdDomainReport  *self,
                        BdDomainVerdict  verdict)
{
  guint n = 0;

  g_return_val_if_fail (BD_IS_DOMAIN_REPORT (self), 0);
  for (guint i = 0; i < self->findings->len; i++)
    if (bd_domain_finding_get_verdict (self->findings->pdata[i]) == verdict)
      n++;
  return n;
}

/**
 * bd_domain_report_add_good_server:
 * @server: a server whose probe passed every step
 */
void
bd_domain_report_add_good_server (BdDomainReport *self,
                                  BdServer       *server)
{
  g_return_if_fail (BD_IS_DOMAIN_REPORT (self));
  g_return_if_fail (BD_IS_SERVER (server));
  g_ptr_array_add (self->good_servers, g_object_ref (server));
}

/**
 * bd_domain_report_get_good_servers:
 *
 * Returns: (transfer none) (element-type BdServer): the servers that proved
 *   good, in the order the domain's own sources name them.
 */
GPtrArray *
bd_domain_report_get_good_servers (BdDomainReport *self)
{
  g_return_val_if_fail (BD_IS_DOMAIN_REPORT (self), NULL);
  return self->good_servers;
}

const char *
bd_domain_report_get_display_name (BdDomainReport *self)
{
  g_return_val_if_fail (BD_IS_DOMAIN_REPORT (self), NULL);
  return self->display_name != NULL ? self->display_name : self->domain;
}

void
bd_domain_report_set_display_name (BdDomainReport *self,
                                   const char     *name)
{
  g_return_if_fail (BD_IS_DOMAIN_REPORT (self));
  g_free (self->display_name);
  self->display_name = g_strdup (name);
}

guint
bd_domain_report_get_ms (BdDomainReport *self)
{
  g_return_val_if_fail (BD_IS_DOMAIN_REPORT (self), 0);
  return self->ms;
}

void
bd_domain_report_set_ms (BdDomainReport *self,
                         guint           ms)
{
  g_return_if_fail (BD_IS_DOMAIN_REPORT (self));
  self->ms = ms;
}
