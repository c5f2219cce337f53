/* test-report.c: the JSON and text renderings of a detection
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-error.h"
#include "bd-report.h"

static BdDetection *
make_detection (gboolean found)
{
  g_autoptr(BdAddress) address = bd_address_parse ("Dora@Exempel.Åäö.se", NULL);
  g_autoptr(BdDetection) detection = bd_detection_new (address);

  bd_detection_add_attempt (detection,
                            bd_source_attempt_new (BD_SOURCE_BUILTIN, "resource:///x.xml",
                                                   found ? BD_SOURCE_OUTCOME_ANSWERED
                                                         : BD_SOURCE_OUTCOME_NOT_FOUND,
                                                   3, found ? NULL : "provider-not-found",
                                                   NULL));
  bd_detection_add_attempt (detection,
                            bd_source_attempt_new (BD_SOURCE_GUESS, NULL,
                                                   BD_SOURCE_OUTCOME_SKIPPED, 0, NULL,
                                                   "not needed"));
  if (found)
    {
      g_autoptr(BdAccountConfig) config = bd_account_config_new ();
      g_autoptr(BdServer) imap = bd_server_new (BD_PROTOCOL_IMAP, "imap.example.net", 993,
                                                BD_SECURITY_TLS, "dora");
      g_autoptr(BdServer) relay = bd_server_new (BD_PROTOCOL_SMTP, "relay.example.net", 25,
                                                 BD_SECURITY_NONE, NULL);

      bd_server_set_auth (imap, BD_AUTH_PASSWORD_CLEARTEXT | BD_AUTH_OAUTH2);
      bd_server_set_auth (relay, BD_AUTH_NONE);
      bd_account_config_set_provider_id (config, "example.net");
      bd_account_config_set_display_name (config, "Example Mail");
      bd_account_config_add_server (config, imap);
      bd_account_config_add_server (config, relay);
      bd_account_config_add_note (config, bd_note_new (BD_NOTE_DOCUMENTATION, "How to",
                                                       "https://example.net/help"));
      bd_account_config_add_note (config, bd_note_new (BD_NOTE_APP_PASSWORD, NULL,
                                                       "https://example.net/app-passwords"));
      bd_account_config_set_provenance (config, BD_SOURCE_BUILTIN, "resource:///x.xml",
                                        BD_TRUST_TRUSTED);
      bd_detection_set_config (detection, config);
    }
  else
    bd_detection_take_error (detection, g_error_new_literal (BD_ERROR, BD_ERROR_PROVIDER_NOT_FOUND,
                                                             "nothing"));

  return g_steal_pointer (&detection);
}

static void
test_json_found (void)
{
  g_autoptr(BdDetection) detection = make_detection (TRUE);
  g_autoptr(JsonNode) node = bd_report_detection_to_json (detection);
  JsonObject *root = json_node_get_object (node);
  JsonObject *imap;
  JsonObject *relay;
  JsonArray *auth;
  JsonArray *sources;
  JsonArray *notes;

  g_assert_cmpstr (json_object_get_string_member (root, "address"), ==, "Dora@Exempel.Åäö.se");
  g_assert_cmpstr (json_object_get_string_member (root, "domain"), ==, "Exempel.Åäö.se");
  g_assert_cmpstr (json_object_get_string_member (root, "ascii_domain"), ==,
                   "exempel.xn--4cab6c.se");
  g_assert_cmpstr (json_object_get_string_member (root, "source"), ==, "builtin");
  g_assert_cmpstr (json_object_get_string_member (root, "trust"), ==, "trusted");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "provider"),
                                                  "name"), ==, "Example Mail");
  g_assert_true (json_object_get_null_member (root, "error"));

  imap = json_array_get_object_element (json_object_get_array_member (root, "incoming"), 0);
  g_assert_cmpstr (json_object_get_string_member (imap, "protocol"), ==, "imap");
  g_assert_cmpstr (json_object_get_string_member (imap, "host"), ==, "imap.example.net");
  g_assert_cmpint (json_object_get_int_member (imap, "port"), ==, 993);
  g_assert_cmpstr (json_object_get_string_member (imap, "security"), ==, "tls");
  g_assert_cmpstr (json_object_get_string_member (imap, "username"), ==, "dora");
  g_assert_true (json_object_get_boolean_member (imap, "password_allowed"));
  auth = json_object_get_array_member (imap, "auth");
  g_assert_cmpuint (json_array_get_length (auth), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (auth, 0), ==, "password-cleartext");
  g_assert_cmpstr (json_array_get_string_element (auth, 1), ==, "oauth2");

  relay = json_array_get_object_element (json_object_get_array_member (root, "outgoing"), 0);
  g_assert_cmpstr (json_object_get_string_member (relay, "security"), ==, "none");
  g_assert_true (json_object_get_null_member (relay, "username"));
  g_assert_false (json_object_get_boolean_member (relay, "password_allowed"));

  sources = json_object_get_array_member (root, "sources");
  g_assert_cmpuint (json_array_get_length (sources), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (sources, 0),
                                                  "outcome"), ==, "answered");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (sources, 0), "ms"),
                   ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (sources, 1),
                                                  "name"), ==, "guess");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (sources, 1),
                                                  "outcome"), ==, "skipped");

  notes = json_object_get_array_member (root, "notes");
  g_assert_cmpuint (json_array_get_length (notes), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (notes, 1),
                                                  "kind"), ==, "app-password");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (notes, 1),
                                                  "url"), ==, "https://example.net/app-passwords");
}

static void
test_json_not_found (void)
{
  g_autoptr(BdDetection) detection = make_detection (FALSE);
  g_autoptr(JsonNode) node = bd_report_detection_to_json (detection);
  JsonObject *root = json_node_get_object (node);
  JsonObject *error = json_object_get_object_member (root, "error");

  g_assert_true (json_object_get_null_member (root, "source"));
  g_assert_true (json_object_get_null_member (root, "trust"));
  g_assert_true (json_object_get_null_member (root, "provider"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "incoming")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "sources")), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "provider-not-found");
  g_assert_cmpstr (json_object_get_string_member (error, "message"), ==, "nothing");
  g_assert_nonnull (json_object_get_string_member (error, "advice"));
}

static void
test_text_found (void)
{
  g_autoptr(BdDetection) detection = make_detection (TRUE);
  g_autofree char *text = bd_report_detection_to_text (detection);
  const char *app_password;
  const char *documentation;

  g_assert_nonnull (strstr (text, "Dora@Exempel.Åäö.se"));
  g_assert_nonnull (strstr (text, "imap.example.net:993"));
  g_assert_nonnull (strstr (text, "relay.example.net:25"));
  g_assert_nonnull (strstr (text, "never sent here"));
  /* What to do comes before the documentation. */
  app_password = strstr (text, "https://example.net/app-passwords");
  documentation = strstr (text, "https://example.net/help");
  g_assert_nonnull (app_password);
  g_assert_nonnull (documentation);
  g_assert_true (app_password < documentation);
  g_assert_true (g_str_has_suffix (text, "Source: the built-in database (trusted).\n"));
}

static void
test_text_not_found (void)
{
  g_autoptr(BdDetection) detection = make_detection (FALSE);
  g_autofree char *text = bd_report_detection_to_text (detection);

  g_assert_true (g_str_has_prefix (text, "nothing\n"));
  g_assert_nonnull (strstr (text, bd_error_code_get_advice (BD_ERROR_PROVIDER_NOT_FOUND)));
}

static void
test_json_to_string_round_trips (void)
{
  g_autoptr(BdDetection) detection = make_detection (TRUE);
  g_autoptr(JsonNode) node = bd_report_detection_to_json (detection);
  g_autofree char *text = bd_report_json_to_string (node);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (node, json_parser_get_root (parser)));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report/json/found-has-every-documented-member", test_json_found);
  g_test_add_func ("/report/json/not-found-has-nulls-and-error", test_json_not_found);
  g_test_add_func ("/report/json/string-round-trips", test_json_to_string_round_trips);
  g_test_add_func ("/report/text/found-table-notes-and-provenance", test_text_found);
  g_test_add_func ("/report/text/not-found-gives-advice", test_text_not_found);

  return g_test_run ();
}
