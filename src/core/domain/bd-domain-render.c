/* bd-domain-render.c
 *
 * The text report is one block per finding: the verdict, the title, then
 * indented the evidence and the fix. The JSON report is DESIGN.md's shape
 * for `brevduva-cli domain --json`:
 *   {"domain","verdict","counts":{"pass","info","warning","fail"},"ms",
 *    "findings":[{"check","verdict","title","evidence","fix"}…],
 *    "publish":{"config","srv":[…]}}
 * with every member present (null when empty).
 *
 * What to publish is built from the servers that proved good only: a
 * clientConfig 1.1 document for autoconfig.DOMAIN and .well-known, and SRV
 * records (RFC 6186, RFC 8314 §5.1) as zone-file lines, implicit TLS
 * first, with "." for each service the domain does not offer (RFC 6186
 * §3.4). Brevduva's own parser reads the document back to the same servers
 * (tests/integration/test-domain.py).
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-domain-render.h"
#include "bd-json.h"

#define SRV_TTL 3600

static const char *
verdict_mark (BdDomainVerdict verdict)
{
  switch (verdict)
    {
    case BD_DOMAIN_VERDICT_PASS:
      return "✓";
    case BD_DOMAIN_VERDICT_INFO:
      return "·";
    case BD_DOMAIN_VERDICT_WARNING:
      return "!";
    case BD_DOMAIN_VERDICT_FAIL:
    default:
      return "✗";
    }
}

static void
append_indented (GString    *out,
                 const char *prefix,
                 const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    g_string_append_printf (out, "            %s%s\n", i == 0 ? prefix : "", lines[i]);
}

/**
 * bd_domain_render_text:
 *
 * Returns: (transfer full): the report for a person at a terminal.
 */
char *
bd_domain_render_text (BdDomainReport *report)
{
  GString *out = g_string_new (NULL);
  GPtrArray *findings = bd_domain_report_get_findings (report);

  /* Translators: the counts of each verdict; "passed 3, warnings 1, …" keeps
   * every number beside its word without plural forms. */
  g_string_append_printf (out, _("Domain check of %s: passed %u, warnings %u, failed %u, "
                                 "information %u (%u ms)\n\n"),
                          bd_domain_report_get_domain (report),
                          bd_domain_report_count (report, BD_DOMAIN_VERDICT_PASS),
                          bd_domain_report_count (report, BD_DOMAIN_VERDICT_WARNING),
                          bd_domain_report_count (report, BD_DOMAIN_VERDICT_FAIL),
                          bd_domain_report_count (report, BD_DOMAIN_VERDICT_INFO),
                          bd_domain_report_get_ms (report));
  for (guint i = 0; i < findings->len; i++)
    {
      const BdDomainFinding *finding = findings->pdata[i];
      BdDomainVerdict verdict = bd_domain_finding_get_verdict (finding);

      g_string_append_printf (out, "%s %-8s  %s\n", verdict_mark (verdict),
                              bd_domain_verdict_get_label (verdict),
                              bd_domain_finding_get_title (finding));
      if (bd_domain_finding_get_evidence (finding) != NULL)
        append_indented (out, "", bd_domain_finding_get_evidence (finding));
      if (bd_domain_finding_get_fix (finding) != NULL)
        {
          g_autofree char *prefix = g_strdup_printf ("%s ", _("Fix:"));

          append_indented (out, prefix, bd_domain_finding_get_fix (finding));
        }
    }
  return g_string_free (out, FALSE);
}

static void
add_srv_array (JsonBuilder *builder,
               const char  *srv)
{
  g_auto(GStrv) lines = srv != NULL ? g_strsplit (srv, "\n", -1) : NULL;

  json_builder_set_member_name (builder, "srv");
  if (lines == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_array (builder);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0' && lines[i][0] != ';')
      json_builder_add_string_value (builder, lines[i]);
  json_builder_end_array (builder);
}

/**
 * bd_domain_render_json:
 *
 * Returns: (transfer full): the report as one JSON object.
 */
JsonNode *
bd_domain_render_json (BdDomainReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GPtrArray *findings = bd_domain_report_get_findings (report);
  g_autofree char *config = bd_domain_render_config_xml (report);
  g_autofree char *srv = bd_domain_render_srv (report);

  json_builder_begin_object (builder);
  bd_json_add_string_member (builder, "domain", bd_domain_report_get_domain (report));
  bd_json_add_string_member (builder, "verdict",
                             bd_domain_verdict_get_nick (bd_domain_report_get_worst (report)));
  json_builder_set_member_name (builder, "counts");
  json_builder_begin_object (builder);
  for (BdDomainVerdict v = BD_DOMAIN_VERDICT_PASS; v <= BD_DOMAIN_VERDICT_FAIL; v++)
    {
      json_builder_set_member_name (builder, bd_domain_verdict_get_nick (v));
      json_builder_add_int_value (builder, bd_domain_report_count (report, v));
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "ms");
  json_builder_add_int_value (builder, bd_domain_report_get_ms (report));

  json_builder_set_member_name (builder, "findings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < findings->len; i++)
    {
      const BdDomainFinding *finding = findings->pdata[i];
      BdDomainVerdict verdict = bd_domain_finding_get_verdict (finding);

      json_builder_begin_object (builder);
      bd_json_add_string_member (builder, "check", bd_domain_finding_get_check (finding));
      bd_json_add_string_member (builder, "verdict", bd_domain_verdict_get_nick (verdict));
      bd_json_add_string_member (builder, "title", bd_domain_finding_get_title (finding));
      bd_json_add_string_member (builder, "evidence", bd_domain_finding_get_evidence (finding));
      bd_json_add_string_member (builder, "fix", bd_domain_finding_get_fix (finding));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "publish");
  json_builder_begin_object (builder);
  bd_json_add_string_member (builder, "config", config);
  add_srv_array (builder, srv);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Good servers in publishing order: IMAP, POP3, SMTP; implicit TLS first. */
static int
compare_servers (gconstpointer a,
                 gconstpointer b)
{
  BdServer *x = *(BdServer * const *) a;
  BdServer *y = *(BdServer * const *) b;

  if (bd_server_get_protocol (x) != bd_server_get_protocol (y))
    return (int) bd_server_get_protocol (x) - (int) bd_server_get_protocol (y);
  return (int) bd_server_get_security (x) - (int) bd_server_get_security (y);
}

static GPtrArray *
dup_sorted_servers (BdDomainReport *report)
{
  GPtrArray *good = bd_domain_report_get_good_servers (report);
  GPtrArray *sorted = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < good->len; i++)
    g_ptr_array_add (sorted, g_object_ref (good->pdata[i]));
  /* g_ptr_array_sort() is a stable merge sort: the sources' order stays. */
  g_ptr_array_sort (sorted, compare_servers);
  return sorted;
}

/* The placeholder the check's address was expanded from. */
static const char *
username_template (BdServer   *server,
                   const char *domain)
{
  const char *username = bd_server_get_username (server);
  g_autofree char *suffix = g_strconcat ("@", domain, NULL);

  if (username != NULL && !g_str_has_suffix (username, suffix) && strchr (username, '@') == NULL)
    return "%EMAILLOCALPART%";
  return "%EMAILADDRESS%";
}

static void
append_server_xml (GString    *out,
                   BdServer   *server,
                   const char *domain)
{
  gboolean incoming = bd_server_is_incoming (server);
  g_autofree char *host = g_markup_escape_text (bd_server_get_hostname (server), -1);

  g_string_append_printf (out,
                          "    <%s type=\"%s\">\n"
                          "      <hostname>%s</hostname>\n"
                          "      <port>%u</port>\n"
                          "      <socketType>%s</socketType>\n"
                          "      <username>%s</username>\n"
                          "      <authentication>password-cleartext</authentication>\n"
                          "    </%s>\n",
                          incoming ? "incomingServer" : "outgoingServer",
                          bd_enum_get_nick (BD_TYPE_PROTOCOL, bd_server_get_protocol (server)),
                          host, bd_server_get_port (server),
                          bd_server_get_security (server) == BD_SECURITY_TLS ? "SSL" : "STARTTLS",
                          username_template (server, domain),
                          incoming ? "incomingServer" : "outgoingServer");
}

/**
 * bd_domain_render_config_xml:
 *
 * Returns: (transfer full) (nullable): the config-v1.1.xml to publish, or
 *   %NULL when no incoming or no outgoing server proved good.
 */
char *
bd_domain_render_config_xml (BdDomainReport *report)
{
  g_autoptr(GPtrArray) servers = dup_sorted_servers (report);
  const char *domain = bd_domain_report_get_domain (report);
  g_autofree char *name = g_markup_escape_text (bd_domain_report_get_display_name (report), -1);
  g_autofree char *escaped = g_markup_escape_text (domain, -1);
  gboolean incoming = FALSE, outgoing = FALSE;
  GString *out;

  for (guint i = 0; i < servers->len; i++)
    {
      incoming |= bd_server_is_incoming (servers->pdata[i]);
      outgoing |= !bd_server_is_incoming (servers->pdata[i]);
    }
  if (!incoming || !outgoing)
    return NULL;

  out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  g_string_append_printf (out, "<!-- For https://autoconfig.%s/mail/config-v1.1.xml and\n"
                               "     https://%s/.well-known/autoconfig/mail/config-v1.1.xml,\n"
                               "     served as application/xml. Made by Brevduva from the "
                               "servers that proved good. -->\n", escaped, escaped);
  g_string_append_printf (out, "<clientConfig version=\"1.1\">\n"
                               "  <emailProvider id=\"%s\">\n"
                               "    <domain>%s</domain>\n"
                               "    <displayName>%s</displayName>\n"
                               "    <displayShortName>%s</displayShortName>\n",
                          escaped, escaped, name, name);
  for (guint i = 0; i < servers->len; i++)
    if (bd_server_is_incoming (servers->pdata[i]))
      append_server_xml (out, servers->pdata[i], domain);
  for (guint i = 0; i < servers->len; i++)
    if (!bd_server_is_incoming (servers->pdata[i]))
      append_server_xml (out, servers->pdata[i], domain);
  g_string_append (out, "  </emailProvider>\n</clientConfig>\n");
  return g_string_free (out, FALSE);
}

static const struct {
  const char *service;
  BdProtocol protocol;
  BdSecurity security;
} srv_services[] = {
  { "_imaps._tcp.", BD_PROTOCOL_IMAP, BD_SECURITY_TLS },
  { "_imap._tcp.", BD_PROTOCOL_IMAP, BD_SECURITY_STARTTLS },
  { "_pop3s._tcp.", BD_PROTOCOL_POP3, BD_SECURITY_TLS },
  { "_pop3._tcp.", BD_PROTOCOL_POP3, BD_SECURITY_STARTTLS },
  { "_submissions._tcp.", BD_PROTOCOL_SMTP, BD_SECURITY_TLS },
  { "_submission._tcp.", BD_PROTOCOL_SMTP, BD_SECURITY_STARTTLS },
};

/**
 * bd_domain_render_srv:
 *
 * Returns: (transfer full) (nullable): the SRV records to publish, as zone
 *   file lines, or %NULL when no server proved good.
 */
char *
bd_domain_render_srv (BdDomainReport *report)
{
  g_autoptr(GPtrArray) servers = dup_sorted_servers (report);
  const char *domain = bd_domain_report_get_domain (report);
  GString *out;

  if (servers->len == 0)
    return NULL;
  out = g_string_new (NULL);
  g_string_append_printf (out, "; SRV records for %s (RFC 6186, RFC 8314), from the servers "
                               "that proved good\n", domain);
  for (guint s = 0; s < G_N_ELEMENTS (srv_services); s++)
    {
      guint priority = 0;

      for (guint i = 0; i < servers->len; i++)
        {
          BdServer *server = servers->pdata[i];

          if (bd_server_get_protocol (server) != srv_services[s].protocol ||
              bd_server_get_security (server) != srv_services[s].security)
            continue;
          g_string_append_printf (out, "%s%s. %u IN SRV %u 1 %u %s.\n", srv_services[s].service,
                                  domain, SRV_TTL, priority, bd_server_get_port (server),
                                  bd_server_get_hostname (server));
          priority += 10;
        }
      if (priority == 0)
        g_string_append_printf (out, "%s%s. %u IN SRV 0 0 0 .\n", srv_services[s].service,
                                domain, SRV_TTL);
    }
  return g_string_free (out, FALSE);
}
