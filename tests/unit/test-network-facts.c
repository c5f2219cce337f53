/* test-network-facts.c: the network facts of the diagnostic report (issue 13 §5)
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <gnutls/gnutls.h>

#include "bd-check-render.h"
#include "bd-network-facts.h"
#include "bd-probe-report.h"
#include "bd-report.h"
#include "bd-server-check-private.h"
#include "bd-tls-certificate.h"

/* "mail.example.com", valid 2020-01-01 to 2100-01-01 (as in test-tls.c). */
static const char leaf_pem[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIB8zCCAZigAwIBAgIUOrXRX6chw3E8RlgLZkjxqE6vV8swCgYIKoZIzj0EAwIw\n"
  "FTETMBEGA1UEAxMKRml4dHVyZSBDQTAgFw0yMDAxMDEwMDAwMDBaGA8yMTAwMDEw\n"
  "MTAwMDAwMFowLTEQMA4GA1UEChMHRXhhbXBsZTEZMBcGA1UEAxMQbWFpbC5leGFt\n"
  "cGxlLmNvbTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABGSB+lgsr35sSJK4MNOC\n"
  "HdxHl43Acto+5HOlrjLgp6//4sqerc1Vui184wDVbqBUhp4TwCoerIjlkM0SbJDU\n"
  "pRWjgaswgagwDAYDVR0TAQH/BAIwADAzBgNVHREELDAqghBtYWlsLmV4YW1wbGUu\n"
  "Y29tghBpbWFwLmV4YW1wbGUuY29thwTAAAIHMBMGA1UdJQQMMAoGCCsGAQUFBwMB\n"
  "MA4GA1UdDwEB/wQEAwIHgDAdBgNVHQ4EFgQUSug++7Z80x35lFKlM1nYThnzJUow\n"
  "HwYDVR0jBBgwFoAU7nqCsIAUWvd7aNIIBEYTymqsxg0wCgYIKoZIzj0EAwIDSQAw\n"
  "RgIhANUEJQuGeoh01RYaQkBiRDLbs29BiZ14Tu2xapJwto1WAiEA8yPHu3An1Cje\n"
  "8l82qiaUXqronQpKVLYnS/vS5W9CPmU=\n"
  "-----END CERTIFICATE-----\n";

static GPtrArray *
load_chain (void)
{
  gnutls_datum_t in = { (unsigned char *) leaf_pem, (unsigned int) strlen (leaf_pem) };
  gnutls_datum_t der = { NULL, 0 };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *chain = g_ptr_array_new_with_free_func ((GDestroyNotify) bd_tls_certificate_free);
  BdTlsCertificate *certificate;

  g_assert_cmpint (gnutls_pem_base64_decode2 ("CERTIFICATE", &in, &der), ==, 0);
  bytes = g_bytes_new (der.data, der.size);
  gnutls_free (der.data);
  certificate = bd_tls_certificate_new_from_der (bytes, &error);
  g_assert_no_error (error);
  g_ptr_array_add (chain, certificate);
  return chain;
}

/* A server of "alice" reached over IPv4 though IPv6 came first, with its certificate. */
static BdProbeReport *
make_connected_report (void)
{
  g_autoptr(BdServer) server = bd_server_new (BD_PROTOCOL_IMAP, "imap.example.com", 993,
                                              BD_SECURITY_TLS, "alice");
  g_autoptr(GPtrArray) chain = load_chain ();
  BdProbeReport *report = bd_probe_report_new (server);

  bd_probe_report_add_step (report, "resolve", TRUE, 3);
  bd_probe_report_add_step (report, "connect", TRUE, 10);
  bd_probe_report_set_address (report, "192.0.2.7");
  bd_probe_report_set_local_address (report, "198.51.100.2");
  bd_probe_report_set_first_family (report, G_SOCKET_FAMILY_IPV6);
  bd_probe_report_set_certificates (report, chain);
  return report;
}

static BdProbeReport *
make_unresolved_report (void)
{
  g_autoptr(BdServer) server = bd_server_new (BD_PROTOCOL_SMTP, "smtp.example.com", 587,
                                              BD_SECURITY_STARTTLS, "alice");
  BdProbeReport *report = bd_probe_report_new (server);

  bd_probe_report_add_step (report, "resolve", FALSE, 3);
  return report;
}

static GPtrArray *
make_reports (void)
{
  GPtrArray *reports = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (reports, make_connected_report ());
  g_ptr_array_add (reports, make_unresolved_report ());
  return reports;
}

static void
test_resolv_conf (void)
{
  g_autoptr(BdNetworkFacts) facts = bd_network_facts_new ();
  g_autoptr(GString) many = g_string_new (NULL);
  const char * const *servers;

  g_assert_null (bd_network_facts_get_name_servers (facts));
  bd_network_facts_parse_resolv_conf (facts, "/etc/resolv.conf",
                                      "# nameserver 203.0.113.9\n"
                                      "search example.com\n"
                                      "nameserver 192.0.2.53\n"
                                      "  nameserver\t2001:db8::53  # a comment\n"
                                      "nameserver\n"
                                      "options edns0\n");
  servers = bd_network_facts_get_name_servers (facts);
  g_assert_nonnull (servers);
  g_assert_cmpuint (g_strv_length ((char **) servers), ==, 2);
  g_assert_cmpstr (servers[0], ==, "192.0.2.53");
  g_assert_cmpstr (servers[1], ==, "2001:db8::53");

  /* Bounded: only the first few are kept. */
  for (guint i = 0; i < 100; i++)
    g_string_append_printf (many, "nameserver 192.0.2.%u\n", i);
  bd_network_facts_parse_resolv_conf (facts, "/x", many->str);
  g_assert_cmpuint (g_strv_length ((char **) bd_network_facts_get_name_servers (facts)), ==,
                    BD_NETWORK_FACTS_MAX_NAME_SERVERS);
}

static void
test_resolv_conf_file (void)
{
  g_autoptr(BdNetworkFacts) facts = bd_network_facts_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bd-facts-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *padding = g_strnfill (70 * 1024, '#');
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "resolv.conf", NULL);

  /* A file that is not there: the name servers are not known (null). */
  bd_network_facts_read_resolv_conf (facts, path);
  g_assert_null (bd_network_facts_get_name_servers (facts));
  node = bd_network_facts_to_json (facts);
  g_assert_true (json_object_get_null_member (json_node_get_object (node), "name_servers"));

  /* Past the first 64 KiB nothing is read. */
  text = g_strconcat ("nameserver 192.0.2.1\n", padding, "\nnameserver 192.0.2.2\n", NULL);
  g_assert_true (g_file_set_contents (path, text, -1, &error));
  bd_network_facts_read_resolv_conf (facts, path);
  g_assert_cmpuint (g_strv_length ((char **) bd_network_facts_get_name_servers (facts)), ==, 1);
  g_assert_cmpstr (bd_network_facts_get_name_servers (facts)[0], ==, "192.0.2.1");

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_proxy_display (void)
{
  g_autofree char *socks = bd_network_facts_dup_proxy_for_display (
    "socks5://carol:s3cret@proxy.example:1080");
  g_autofree char *http = bd_network_facts_dup_proxy_for_display ("http://proxy.example:3128/");
  g_autofree char *junk = bd_network_facts_dup_proxy_for_display ("::carol:s3cret::");

  g_assert_null (bd_network_facts_dup_proxy_for_display ("direct://"));
  g_assert_cmpstr (socks, ==, "socks5://proxy.example:1080");
  g_assert_cmpstr (http, ==, "http://proxy.example:3128");
  g_assert_null (strstr (junk, "s3cret"));
}

static void
assert_no_secret (const char *text)
{
  g_assert_null (strstr (text, "s3cret"));
  g_assert_null (strstr (text, "carol"));
  g_assert_null (strstr (text, "alice"));
}

static BdNetworkFacts *
make_facts (GPtrArray *reports)
{
  const char *const ignore[] = { "smtp.example.com", NULL };
  g_autoptr(GProxyResolver) proxy = g_simple_proxy_resolver_new (
    "socks5://carol:s3cret@proxy.example:1080", (char **) ignore);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 12, 6, 3, 0, 0);
  BdNetworkFacts *facts = bd_network_facts_new ();

  bd_network_facts_set_connectivity (facts, TRUE, G_NETWORK_CONNECTIVITY_FULL, FALSE);
  bd_network_facts_parse_resolv_conf (facts, "/etc/resolv.conf", "nameserver 192.0.2.53\n");
  bd_network_facts_set_proxy_resolver (facts, proxy);
  bd_network_facts_set_now (facts, now);
  bd_network_facts_add_reports (facts, reports);
  return facts;
}

static void
test_json (void)
{
  g_autoptr(GPtrArray) reports = make_reports ();
  g_autoptr(BdNetworkFacts) facts = make_facts (reports);
  g_autoptr(JsonNode) node = bd_network_facts_to_json (facts);
  g_autofree char *text = bd_report_json_to_string (node);
  JsonObject *network = json_node_get_object (node);
  JsonArray *connections = json_object_get_array_member (network, "connections");
  JsonObject *clock = json_object_get_object_member (network, "clock");
  JsonObject *first;
  JsonObject *second;

  g_assert_true (json_object_get_boolean_member (network, "available"));
  g_assert_cmpstr (json_object_get_string_member (network, "connectivity"), ==, "full");
  g_assert_false (json_object_get_boolean_member (network, "metered"));
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (network,
                                                                                "name_servers"),
                                                  0), ==, "192.0.2.53");
  g_assert_cmpstr (json_object_get_string_member (network, "name_servers_source"), ==,
                   "/etc/resolv.conf");
  g_assert_cmpstr (json_object_get_string_member (clock, "check"), ==, "plausible");
  g_assert_cmpint (json_object_get_int_member (clock, "certificates"), ==, 1);

  g_assert_cmpuint (json_array_get_length (connections), ==, 2);
  first = json_array_get_object_element (connections, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "url"), ==, "imaps://imap.example.com:993");
  g_assert_cmpstr (json_object_get_string_member (first, "name_lookup"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (first, "proxy"), ==,
                   "socks5://proxy.example:1080");
  g_assert_cmpstr (json_object_get_string_member (first, "local_address"), ==, "198.51.100.2");
  g_assert_cmpstr (json_object_get_string_member (first, "remote_address"), ==, "192.0.2.7");
  g_assert_cmpstr (json_object_get_string_member (first, "family"), ==, "ipv4");
  g_assert_cmpstr (json_object_get_string_member (first, "first_family"), ==, "ipv6");
  g_assert_true (json_object_get_boolean_member (first, "fell_back"));

  second = json_array_get_object_element (connections, 1);
  g_assert_cmpstr (json_object_get_string_member (second, "name_lookup"), ==, "failed");
  g_assert_cmpstr (json_object_get_string_member (second, "proxy"), ==, "direct");
  g_assert_true (json_object_get_null_member (second, "remote_address"));
  g_assert_true (json_object_get_null_member (second, "family"));
  g_assert_true (json_object_get_null_member (second, "fell_back"));

  assert_no_secret (text);
}

static void
test_json_unknown (void)
{
  g_autoptr(BdNetworkFacts) facts = bd_network_facts_new ();
  g_autoptr(JsonNode) node = bd_network_facts_to_json (facts);
  JsonObject *network = json_node_get_object (node);

  /* Every member is there, null when nothing was asked. */
  g_assert_true (json_object_get_null_member (network, "available"));
  g_assert_true (json_object_get_null_member (network, "connectivity"));
  g_assert_true (json_object_get_null_member (network, "metered"));
  g_assert_true (json_object_get_null_member (network, "name_servers"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (network, "clock"),
                                                  "check"), ==, "not-checked");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (network, "connections")),
                    ==, 0);
}

static void
test_text (void)
{
  g_autoptr(GPtrArray) reports = make_reports ();
  g_autoptr(BdNetworkFacts) facts = make_facts (reports);
  g_autoptr(GString) out = g_string_new (NULL);

  bd_network_facts_append_text (facts, out);
  g_test_message ("%s", out->str);
  g_assert_true (g_str_has_prefix (out->str, "Network:\n"));
  g_assert_nonnull (strstr (out->str, "network available, connectivity full, not metered"));
  g_assert_nonnull (strstr (out->str, "Name servers (from /etc/resolv.conf): 192.0.2.53"));
  g_assert_nonnull (strstr (out->str, "Clock: plausible"));
  g_assert_nonnull (strstr (out->str, "from 198.51.100.2 to 192.0.2.7 (IPv4)"));
  g_assert_nonnull (strstr (out->str, "IPv6 was tried first and did not connect first"));
  g_assert_nonnull (strstr (out->str, "proxy: socks5://proxy.example:1080"));
  g_assert_nonnull (strstr (out->str, "smtp://smtp.example.com:587\n    name lookup failed"));
  g_assert_nonnull (strstr (out->str, "proxy: none"));
  assert_no_secret (out->str);
}

static void
assert_clock_at (int          year,
                 BdClockCheck expected)
{
  g_autoptr(BdProbeReport) report = make_connected_report ();
  g_autoptr(GPtrArray) reports = g_ptr_array_new ();
  g_autoptr(GDateTime) now = g_date_time_new_utc (year, 6, 1, 0, 0, 0);
  g_autoptr(BdNetworkFacts) facts = bd_network_facts_new ();
  g_autoptr(GString) out = g_string_new (NULL);

  g_ptr_array_add (reports, report);
  bd_network_facts_set_now (facts, now);
  bd_network_facts_add_reports (facts, reports);
  g_assert_cmpint (bd_network_facts_get_clock (facts), ==, expected);
  bd_network_facts_append_text (facts, out);
  /* No proxy resolver was given: the proxy is not claimed either way. */
  g_assert_null (strstr (out->str, "proxy:"));
}

static void
test_clock (void)
{
  g_autoptr(BdNetworkFacts) facts = bd_network_facts_new ();
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) out = g_string_new (NULL);

  assert_clock_at (2026, BD_CLOCK_PLAUSIBLE);
  assert_clock_at (2019, BD_CLOCK_BEFORE_VALIDITY);
  assert_clock_at (2101, BD_CLOCK_AFTER_VALIDITY);

  /* No certificate seen: not checked, and said so. */
  g_ptr_array_add (reports, make_unresolved_report ());
  bd_network_facts_add_reports (facts, reports);
  g_assert_cmpint (bd_network_facts_get_clock (facts), ==, BD_CLOCK_NOT_CHECKED);
  bd_network_facts_append_text (facts, out);
  g_assert_nonnull (strstr (out->str, "Clock: not checked"));
  g_assert_nonnull (strstr (out->str, "Connection: not known"));
}

static void
test_system (void)
{
  g_autoptr(GPtrArray) reports = make_reports ();
  g_autoptr(BdNetworkFacts) facts = bd_network_facts_new_for_system (reports);
  g_autoptr(JsonNode) node = bd_network_facts_to_json (facts);
  JsonObject *network = json_node_get_object (node);

  /* The default monitor always says something; the proxy is asked. */
  g_assert_false (json_object_get_null_member (network, "available"));
  g_assert_nonnull (json_object_get_string_member (network, "connectivity"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (network, "connections")),
                    ==, 2);
}

/* The proxy the probe itself recorded wins over the resolver's answer. */
static void
test_recorded_proxy (void)
{
  g_autoptr(GPtrArray) reports = make_reports ();
  g_autoptr(BdNetworkFacts) facts = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *connections;

  bd_probe_report_set_proxy (g_ptr_array_index (reports, 0), "direct");
  bd_probe_report_set_proxy (g_ptr_array_index (reports, 1), "http://proxy.example:3128");
  facts = make_facts (reports);
  node = bd_network_facts_to_json (facts);
  connections = json_object_get_array_member (json_node_get_object (node), "connections");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (connections, 0),
                                                  "proxy"), ==, "direct");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (connections, 1),
                                                  "proxy"), ==, "http://proxy.example:3128");
}

/* The assistant's saved report (bd_setup_session_dup_report_text()) ends
 * with the network facts of the servers it tested. */
static void
test_saved_report (void)
{
  g_autoptr(BdProbeReport) report = make_connected_report ();
  g_autoptr(BdServerCheck) check = bd_server_check_new (bd_probe_report_get_server (report),
                                                        FALSE);
  g_autoptr(GListStore) checks = g_list_store_new (BD_TYPE_SERVER_CHECK);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *text = NULL;

  bd_server_check_begin (check, cancellable);
  bd_server_check_end (check, cancellable, report);
  g_list_store_append (checks, check);
  text = bd_check_render_report (NULL, G_LIST_MODEL (checks), NULL);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "\nNetwork:\n"));
  g_assert_nonnull (strstr (text, "from 198.51.100.2 to 192.0.2.7 (IPv4)"));
  g_assert_nonnull (strstr (text, "Clock: "));
  g_assert_null (strstr (text, "alice"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/network-facts/resolv-conf", test_resolv_conf);
  g_test_add_func ("/network-facts/resolv-conf-file", test_resolv_conf_file);
  g_test_add_func ("/network-facts/proxy-display", test_proxy_display);
  g_test_add_func ("/network-facts/json", test_json);
  g_test_add_func ("/network-facts/json-unknown", test_json_unknown);
  g_test_add_func ("/network-facts/text", test_text);
  g_test_add_func ("/network-facts/clock", test_clock);
  g_test_add_func ("/network-facts/system", test_system);
  g_test_add_func ("/network-facts/recorded-proxy", test_recorded_proxy);
  g_test_add_func ("/network-facts/saved-report", test_saved_report);

  return g_test_run ();
}
