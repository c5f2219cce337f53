/* test-domain-check.c: the domain check's parts that need no network
 *
 * The report's verdict, its JSON, what it suggests publishing (read back by
 * Brevduva's own parser), the domain's normalization and the per-host
 * limiter. The checks themselves run in the detection world
 * (tests/integration/test-domain.py).
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-autoconfig-parser.h"
#include "bd-domain-check.h"
#include "bd-domain-render.h"
#include "bd-error.h"

static BdDomainReport *
make_report (gboolean with_outgoing)
{
  BdDomainReport *report = bd_domain_report_new ("example.org");
  g_autoptr(BdServer) imap = bd_server_new (BD_PROTOCOL_IMAP, "imap.example.org", 993,
                                            BD_SECURITY_TLS,
                                            "brevduva-domain-check@example.org");
  g_autoptr(BdServer) imap143 = bd_server_new (BD_PROTOCOL_IMAP, "imap.example.org", 143,
                                               BD_SECURITY_STARTTLS, "brevduva-domain-check");
  g_autoptr(BdServer) smtp = bd_server_new (BD_PROTOCOL_SMTP, "smtp.example.org", 465,
                                            BD_SECURITY_TLS, NULL);

  bd_domain_report_set_display_name (report, "Example <&> Mail");
  /* Added STARTTLS first: publishing puts implicit TLS first (RFC 8314). */
  bd_domain_report_add_good_server (report, imap143);
  bd_domain_report_add_good_server (report, imap);
  if (with_outgoing)
    bd_domain_report_add_good_server (report, smtp);
  bd_domain_report_add (report, bd_domain_finding_new ("srv", BD_DOMAIN_VERDICT_PASS, "ok",
                                                       NULL, NULL));
  bd_domain_report_add (report, bd_domain_finding_new ("mx", BD_DOMAIN_VERDICT_INFO, "no MX",
                                                       "evidence", NULL));
  return report;
}

static void
test_verdict (void)
{
  g_autoptr(BdDomainReport) report = make_report (TRUE);

  g_assert_cmpint (bd_domain_report_get_worst (report), ==, BD_DOMAIN_VERDICT_INFO);
  bd_domain_report_add (report, bd_domain_finding_new ("x", BD_DOMAIN_VERDICT_WARNING, "w",
                                                       NULL, "fix it"));
  g_assert_cmpint (bd_domain_report_get_worst (report), ==, BD_DOMAIN_VERDICT_WARNING);
  bd_domain_report_add (report, bd_domain_finding_new ("y", BD_DOMAIN_VERDICT_FAIL, "f",
                                                       NULL, "fix it"));
  g_assert_cmpint (bd_domain_report_get_worst (report), ==, BD_DOMAIN_VERDICT_FAIL);
  g_assert_cmpuint (bd_domain_report_count (report, BD_DOMAIN_VERDICT_PASS), ==, 1);
  g_assert_cmpuint (bd_domain_report_count (report, BD_DOMAIN_VERDICT_FAIL), ==, 1);
  g_assert_cmpstr (bd_domain_verdict_get_nick (BD_DOMAIN_VERDICT_WARNING), ==, "warning");
}

static void
test_json (void)
{
  g_autoptr(BdDomainReport) report = make_report (FALSE);
  g_autoptr(JsonNode) node = bd_domain_render_json (report);
  JsonObject *root = json_node_get_object (node);
  JsonObject *finding = json_array_get_object_element (json_object_get_array_member (root,
                                                                                      "findings"),
                                                       1);
  JsonObject *publish = json_object_get_object_member (root, "publish");

  g_assert_cmpstr (json_object_get_string_member (root, "domain"), ==, "example.org");
  g_assert_cmpstr (json_object_get_string_member (root, "verdict"), ==, "info");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "counts"),
                                               "info"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (finding, "check"), ==, "mx");
  g_assert_cmpstr (json_object_get_string_member (finding, "evidence"), ==, "evidence");
  g_assert_true (json_object_has_member (finding, "fix"));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (finding, "fix")));
  /* No outgoing server proved good: no document, but SRV lines. */
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (publish, "config")));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (publish, "srv")), ==, 6);
}

static void
test_config_reads_back (void)
{
  g_autoptr(BdDomainReport) report = make_report (TRUE);
  g_autofree char *xml = bd_domain_render_config_xml (report);
  g_autoptr(GBytes) bytes = g_bytes_new (xml, strlen (xml));
  g_autoptr(GError) error = NULL;
  g_autoptr(BdAccountConfig) config = bd_autoconfig_parse (bytes, &error);
  GPtrArray *incoming, *outgoing;

  g_assert_no_error (error);
  g_assert_nonnull (config);
  g_assert_cmpstr (bd_account_config_get_display_name (config), ==, "Example <&> Mail");
  incoming = bd_account_config_get_incoming (config);
  outgoing = bd_account_config_get_outgoing (config);
  g_assert_cmpuint (incoming->len, ==, 2);
  g_assert_cmpuint (outgoing->len, ==, 1);
  g_assert_cmpuint (bd_server_get_port (incoming->pdata[0]), ==, 993);
  g_assert_cmpint (bd_server_get_security (incoming->pdata[0]), ==, BD_SECURITY_TLS);
  g_assert_cmpstr (bd_server_get_username (incoming->pdata[0]), ==, "%EMAILADDRESS%");
  g_assert_cmpuint (bd_server_get_port (incoming->pdata[1]), ==, 143);
  g_assert_cmpint (bd_server_get_security (incoming->pdata[1]), ==, BD_SECURITY_STARTTLS);
  g_assert_cmpstr (bd_server_get_username (incoming->pdata[1]), ==, "%EMAILLOCALPART%");
  g_assert_cmpstr (bd_server_get_hostname (outgoing->pdata[0]), ==, "smtp.example.org");
  g_assert_cmpuint (bd_server_get_auth (outgoing->pdata[0]), ==, BD_AUTH_PASSWORD_CLEARTEXT);
}

static void
test_srv_lines (void)
{
  g_autoptr(BdDomainReport) report = make_report (TRUE);
  g_autoptr(BdDomainReport) empty = bd_domain_report_new ("example.org");
  g_autofree char *srv = bd_domain_render_srv (report);

  g_assert_nonnull (strstr (srv, "_imaps._tcp.example.org. 3600 IN SRV 0 1 993 imap.example.org.\n"));
  g_assert_nonnull (strstr (srv, "_imap._tcp.example.org. 3600 IN SRV 0 1 143 imap.example.org.\n"));
  g_assert_nonnull (strstr (srv, "_submissions._tcp.example.org. 3600 IN SRV 0 1 465 "
                                 "smtp.example.org.\n"));
  /* RFC 6186 §3.4: "." for each service that is not offered. */
  g_assert_nonnull (strstr (srv, "_submission._tcp.example.org. 3600 IN SRV 0 0 0 .\n"));
  g_assert_nonnull (strstr (srv, "_pop3s._tcp.example.org. 3600 IN SRV 0 0 0 .\n"));
  g_assert_null (bd_domain_render_srv (empty));
  g_assert_null (bd_domain_render_config_xml (empty));
}

static void
test_normalize (void)
{
  const char *bad[] = { "", "  ", "user@example.org", "example", "exa mple.org",
                        "https://example.org/", "example.org:25", NULL };
  g_autofree char *plain = bd_domain_check_normalize (" Example.ORG. ", NULL);
  g_autofree char *idn = bd_domain_check_normalize ("exempel.åäö.se", NULL);

  g_assert_cmpstr (plain, ==, "example.org");
  g_assert_cmpstr (idn, ==, "exempel.xn--4cab6c.se");
  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *ascii = bd_domain_check_normalize (bad[i], &error);

      g_assert_null (ascii);
      g_assert_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT);
    }
}

static void
got_result_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* --address: an address, at the domain checked; else invalid-argument
 * before anything is asked. */
static void
test_address (void)
{
  g_autoptr(BdDomainCheck) check = bd_domain_check_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(BdDomainReport) report = NULL;

  g_assert_false (bd_domain_check_set_address (check, "not an address", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (bd_domain_check_set_address (check, "bob@other.test", &error));
  g_assert_no_error (error);
  bd_domain_check_run_async (check, "example.test", NULL, got_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  report = bd_domain_check_run_finish (check, result, &error);
  g_assert_null (report);
  g_assert_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "example.test"));
  g_assert_true (bd_domain_check_set_address (check, NULL, &error));
}

static void
count_cb (gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_limiter (void)
{
  g_autoptr(BdDomainLimiter) limiter = bd_domain_limiter_new (2);
  guint started = 0, other = 0;

  for (guint i = 0; i < 5; i++)
    bd_domain_limiter_acquire (limiter, "Mail.Example.org", count_cb, &started);
  bd_domain_limiter_acquire (limiter, "other.example.org", count_cb, &other);
  g_assert_cmpuint (started, ==, 2);
  g_assert_cmpuint (other, ==, 1);
  /* Each release passes its slot to the next in line, by name whatever its case. */
  bd_domain_limiter_release (limiter, "mail.example.org");
  g_assert_cmpuint (started, ==, 3);
  for (guint i = 0; i < 4; i++)
    bd_domain_limiter_release (limiter, "mail.example.org");
  g_assert_cmpuint (started, ==, 5);
  g_assert_cmpuint (bd_domain_limiter_get_peak (limiter), ==, 2);
  /* All slots free again: the next starts at once. */
  bd_domain_limiter_acquire (limiter, "mail.example.org", count_cb, &started);
  g_assert_cmpuint (started, ==, 6);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/domain-check/report/worst-verdict-and-counts", test_verdict);
  g_test_add_func ("/domain-check/json/every-member", test_json);
  g_test_add_func ("/domain-check/publish/config-reads-back", test_config_reads_back);
  g_test_add_func ("/domain-check/publish/srv-lines", test_srv_lines);
  g_test_add_func ("/domain-check/normalize", test_normalize);
  g_test_add_func ("/domain-check/address", test_address);
  g_test_add_func ("/domain-check/limiter/per-host", test_limiter);
  return g_test_run ();
}
