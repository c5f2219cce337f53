/* test-setup-session.c: the assistant's flow, without a display and without the network
 *
 * The session runs offline: the built-in database answers for gmail.com,
 * and the only servers tested are on loopback ports where nothing listens,
 * so that a failure, its advice and the alternatives are seen for real.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-error.h"
#include "bd-setup-session.h"

/* Nothing listens on these loopback ports: a test gets "connection refused". */
static const char closed_ports_document[] =
  "<?xml version=\"1.0\"?>\n"
  "<clientConfig version=\"1.1\">\n"
  "  <emailProvider id=\"closed.test\">\n"
  "    <domain>closed.test</domain>\n"
  "    <displayName>Closed Ports</displayName>\n"
  "    <incomingServer type=\"imap\">\n"
  "      <hostname>127.0.0.1</hostname><port>9</port><socketType>SSL</socketType>\n"
  "      <username>%EMAILADDRESS%</username>\n"
  "      <authentication>password-cleartext</authentication>\n"
  "    </incomingServer>\n"
  "    <outgoingServer type=\"smtp\">\n"
  "      <hostname>127.0.0.1</hostname><port>7</port><socketType>SSL</socketType>\n"
  "      <username>%EMAILADDRESS%</username>\n"
  "      <authentication>password-cleartext</authentication>\n"
  "    </outgoingServer>\n"
  "  </emailProvider>\n"
  "</clientConfig>\n";

typedef struct
{
  BdSetupSession *session;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->session = bd_setup_session_new ();
  bd_setup_session_set_offline (fixture->session, TRUE);
  bd_setup_session_set_detect_delay (fixture->session, 50);
  bd_setup_session_set_probe_timeout (fixture->session, 5000);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_assert_finalize_object (fixture->session);
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @done says so, or fails after ten seconds. */
static void
wait_until (gboolean     (*done) (BdSetupSession *session),
            BdSetupSession *session)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, timeout_cb, &timed_out);

  while (!done (session) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

static void
spin (guint ms)
{
  gboolean timed_out = FALSE;

  g_timeout_add (ms, timeout_cb, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
has_detection (BdSetupSession *session)
{
  return bd_setup_session_get_detection (session) != NULL;
}

static gboolean
has_address_error (BdSetupSession *session)
{
  return bd_setup_session_get_address_error (session) != NULL;
}

static gboolean
not_testing (BdSetupSession *session)
{
  return !bd_setup_session_get_testing (session);
}

static BdSourceProgress *
source_row (BdSetupSession *session,
            BdSourceKind    kind)
{
  GListModel *sources = bd_setup_session_get_sources (session);

  for (guint i = 0; i < g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(BdSourceProgress) progress = g_list_model_get_item (sources, i);

      if (bd_source_progress_get_kind (progress) == kind)
        return progress;
    }
  g_assert_not_reached ();
}

static BdServerCheck *
check_at (GListModel *model,
          guint       position)
{
  g_autoptr(BdServerCheck) check = g_list_model_get_item (model, position);

  g_assert_nonnull (check);
  return check;
}

static void
count_cb (guint *count)
{
  (*count)++;
}

static void
test_valid_address_detects_while_typing (Fixture       *fixture,
                                         gconstpointer  user_data)
{
  BdSetupSession *session = fixture->session;
  BdAccountConfig *config;
  GListModel *incoming;
  GListModel *outgoing;
  BdServerCheck *imap;

  g_assert_cmpint (bd_setup_session_get_page (session), ==, BD_SETUP_PAGE_ADDRESS);
  g_assert_false (bd_setup_session_get_can_continue (session));
  g_assert_false (bd_setup_session_get_can_go_back (session));

  bd_setup_session_set_name (session, "Alice Example");
  bd_setup_session_set_address_text (session, "alice@gmail.com");
  /* Valid at once; the detection starts once the typing pauses. */
  g_assert_true (bd_setup_session_get_address_valid (session));
  g_assert_true (bd_setup_session_get_can_continue (session));
  g_assert_null (bd_setup_session_get_address_error (session));
  g_assert_false (bd_setup_session_get_detecting (session));

  wait_until (has_detection, session);
  g_assert_false (bd_setup_session_get_detecting (session));
  g_assert_cmpint (bd_setup_session_get_page (session), ==, BD_SETUP_PAGE_ADDRESS);
  config = bd_setup_session_get_config (session);
  g_assert_nonnull (config);
  g_assert_cmpstr (bd_account_config_get_display_name (config), ==, "Google Mail");
  g_assert_null (bd_setup_session_get_detection_error (session));
  g_assert_false (bd_setup_session_get_approval_needed (session));

  /* Every kind of source has its row: the database answered, the rest
   * were not asked. */
  g_assert_cmpuint (g_list_model_get_n_items (bd_setup_session_get_sources (session)), ==, 7);
  g_assert_cmpint (bd_source_progress_get_state (source_row (session, BD_SOURCE_BUILTIN)), ==,
                   BD_SOURCE_STATE_ANSWERED);
  g_assert_cmpint (bd_source_progress_get_state (source_row (session, BD_SOURCE_ISPDB)), ==,
                   BD_SOURCE_STATE_SKIPPED);
  g_assert_cmpint (bd_source_progress_get_state (source_row (session, BD_SOURCE_MX)), ==,
                   BD_SOURCE_STATE_SKIPPED);
  g_assert_nonnull (strstr (bd_source_progress_get_message (source_row (session, BD_SOURCE_SRV)),
                            "offline"));

  /* IMAP first, POP3 offered, then the alternatives of another port. */
  incoming = bd_setup_session_get_incoming (session);
  outgoing = bd_setup_session_get_outgoing (session);
  g_assert_cmpuint (g_list_model_get_n_items (incoming), >=, 2);
  imap = check_at (incoming, 0);
  g_assert_cmpint (bd_server_get_protocol (bd_server_check_get_server (imap)), ==,
                   BD_PROTOCOL_IMAP);
  g_assert_cmpstr (bd_server_get_username (bd_server_check_get_server (imap)), ==,
                   "alice@gmail.com");
  g_assert_false (bd_server_check_get_alternative (imap));
  g_assert_cmpint (bd_server_get_protocol (bd_server_check_get_server (check_at (incoming, 1))),
                   ==, BD_PROTOCOL_POP3);
  g_assert_true (bd_server_check_get_alternative (
                   check_at (incoming, g_list_model_get_n_items (incoming) - 1)));
  g_assert_cmpuint (g_list_model_get_n_items (outgoing), >=, 2);

  /* The next page is ready: Continue goes straight to the servers, which
   * offline are not tested (nothing touches the network). */
  g_assert_true (bd_setup_session_go_forward (session));
  g_assert_cmpint (bd_setup_session_get_page (session), ==, BD_SETUP_PAGE_SERVERS);
  g_assert_true (bd_setup_session_get_can_go_back (session));
  g_assert_cmpint (bd_server_check_get_state (imap), ==, BD_CHECK_STATE_UNTESTED);
  g_assert_nonnull (strstr (bd_server_check_get_summary (imap), "offline"));
  g_assert_false (bd_setup_session_get_can_continue (session));

  g_assert_true (bd_setup_session_go_back (session));
  g_assert_cmpint (bd_setup_session_get_page (session), ==, BD_SETUP_PAGE_ADDRESS);
}

static void
test_bad_address_explains_after_pause (Fixture       *fixture,
                                       gconstpointer  user_data)
{
  BdSetupSession *session = fixture->session;

  bd_setup_session_set_address_text (session, "alice");
  g_assert_false (bd_setup_session_get_address_valid (session));
  g_assert_false (bd_setup_session_get_can_continue (session));
  /* Half typed is not yet wrong. */
  g_assert_null (bd_setup_session_get_address_error (session));

  wait_until (has_address_error, session);
  g_assert_nonnull (strstr (bd_setup_session_get_address_error (session), "@"));
  g_assert_false (bd_setup_session_go_forward (session));
  g_assert_cmpint (bd_setup_session_get_page (session), ==, BD_SETUP_PAGE_ADDRESS);
  g_assert_null (bd_setup_session_get_detection (session));

  /* Once shown, the message follows the typing at once, and goes when the
   * address becomes valid. */
  bd_setup_session_set_address_text (session, "alice@");
  g_assert_nonnull (bd_setup_session_get_address_error (session));
  bd_setup_session_set_address_text (session, "alice@gmail.com");
  g_assert_null (bd_setup_session_get_address_error (session));
  g_assert_true (bd_setup_session_get_can_continue (session));

  /* Continue on an empty address says what is missing at once. */
  bd_setup_session_set_address_text (session, "");
  g_assert_false (bd_setup_session_go_forward (session));
  g_assert_nonnull (bd_setup_session_get_address_error (session));
}

static void
test_continue_before_detection_shows_progress (Fixture       *fixture,
                                               gconstpointer  user_data)
{
  BdSetupSession *session = fixture->session;

  /* The person is quicker than the pause. */
  bd_setup_session_set_detect_delay (session, 5000);
  bd_setup_session_set_address_text (session, "alice@gmail.com");
  g_assert_true (bd_setup_session_go_forward (session));
  g_assert_true (bd_setup_session_get_detecting (session));
  g_assert_true (bd_setup_session_get_busy (session));
  g_assert_cmpint (bd_setup_session_get_page (session), ==, BD_SETUP_PAGE_DETECTION);
  g_assert_false (bd_setup_session_get_can_continue (session));

  /* When it finishes, the assistant goes on by itself. */
  wait_until (has_detection, session);
  g_assert_cmpint (bd_setup_session_get_page (session), ==, BD_SETUP_PAGE_SERVERS);
  g_assert_false (bd_setup_session_get_detecting (session));
}

static void
test_cancel_returns_to_address (Fixture       *fixture,
                                gconstpointer  user_data)
{
  BdSetupSession *session = fixture->session;

  bd_setup_session_set_detect_delay (session, 5000);
  bd_setup_session_set_address_text (session, "alice@gmail.com");
  g_assert_true (bd_setup_session_go_forward (session));
  g_assert_cmpint (bd_setup_session_get_page (session), ==, BD_SETUP_PAGE_DETECTION);

  bd_setup_session_cancel (session);
  g_assert_cmpint (bd_setup_session_get_page (session), ==, BD_SETUP_PAGE_ADDRESS);
  g_assert_false (bd_setup_session_get_detecting (session));
  g_assert_false (bd_setup_session_get_busy (session));

  /* The cancelled run's answer, if it comes, changes nothing. */
  spin (200);
  g_assert_null (bd_setup_session_get_detection (session));
  g_assert_cmpint (bd_setup_session_get_page (session), ==, BD_SETUP_PAGE_ADDRESS);
}

static void
test_new_address_replaces_detection (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  BdSetupSession *session = fixture->session;

  bd_setup_session_set_address_text (session, "alice@gmail.com");
  wait_until (has_detection, session);
  g_assert_cmpuint (g_list_model_get_n_items (bd_setup_session_get_incoming (session)), >, 0);

  bd_setup_session_set_address_text (session, "alice@posteo.de");
  g_assert_null (bd_setup_session_get_detection (session));
  g_assert_cmpuint (g_list_model_get_n_items (bd_setup_session_get_incoming (session)), ==, 0);
  wait_until (has_detection, session);
  g_assert_cmpstr (bd_account_config_get_provider_id (bd_setup_session_get_config (session)), ==,
                   "posteo.de");
}

static void
test_unverified_settings_need_approval (Fixture       *fixture,
                                        gconstpointer  user_data)
{
  BdSetupSession *session = fixture->session;

  /* Offline, an unknown domain gets guessed names: unverified. */
  bd_setup_session_set_address_text (session, "bob@unknown-domain.example");
  wait_until (has_detection, session);

  g_assert_nonnull (bd_setup_session_get_config (session));
  g_assert_true (bd_setup_session_get_unverified (session));
  g_assert_true (bd_setup_session_get_approval_needed (session));
  g_assert_false (bd_setup_session_get_approved (session));
  g_assert_cmpint (bd_source_progress_get_state (source_row (session, BD_SOURCE_GUESS)), ==,
                   BD_SOURCE_STATE_ANSWERED);
  g_assert_nonnull (strstr (bd_source_progress_get_message (source_row (session, BD_SOURCE_ISPDB)),
                            "offline"));

  bd_setup_session_set_password (session, "secret");
  g_assert_true (bd_setup_session_go_forward (session));
  g_assert_cmpint (bd_setup_session_get_page (session), ==, BD_SETUP_PAGE_SERVERS);
  g_assert_false (bd_setup_session_get_can_continue (session));

  bd_setup_session_approve (session);
  g_assert_true (bd_setup_session_get_approved (session));

  /* A new address forgets the approval. */
  bd_setup_session_go_back (session);
  bd_setup_session_set_address_text (session, "bob@other-domain.example");
  g_assert_false (bd_setup_session_get_approved (session));
}

static void
test_password_is_kept_out_of_properties (Fixture       *fixture,
                                         gconstpointer  user_data)
{
  BdSetupSession *session = fixture->session;
  GObjectClass *klass = G_OBJECT_GET_CLASS (session);
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  g_assert_false (bd_setup_session_get_has_password (session));
  bd_setup_session_set_password (session, "hunter2");
  g_assert_true (bd_setup_session_get_has_password (session));

  /* No property holds it, and no readable string property shows it. */
  g_assert_null (g_object_class_find_property (klass, "password"));
  pspecs = g_object_class_list_properties (klass, &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      if (pspecs[i]->value_type != G_TYPE_STRING || !(pspecs[i]->flags & G_PARAM_READABLE))
        continue;
      g_value_init (&value, G_TYPE_STRING);
      g_object_get_property (G_OBJECT (session), pspecs[i]->name, &value);
      g_assert_true (g_value_get_string (&value) == NULL ||
                     strstr (g_value_get_string (&value), "hunter2") == NULL);
    }

  bd_setup_session_set_password (session, "");
  g_assert_false (bd_setup_session_get_has_password (session));
}

static void
test_failed_server_explains_and_tries_alternatives (Fixture       *fixture,
                                                    gconstpointer  user_data)
{
  BdSetupSession *session = fixture->session;
  g_autoptr(BdProviderDb) db = bd_provider_db_new ();
  g_autoptr(GBytes) document = g_bytes_new_static (closed_ports_document,
                                                   strlen (closed_ports_document));
  g_autoptr(GError) error = NULL;
  g_autofree char *report = NULL;
  GListModel *incoming;
  BdServerCheck *imap;
  BdServerCheck *alternative;

  g_assert_true (bd_provider_db_add_document (db, "test:closed", document, &error));
  g_assert_no_error (error);
  bd_setup_session_set_provider_db (session, db);
  bd_setup_session_set_password (session, "hunter2");
  bd_setup_session_set_address_text (session, "carol@closed.test");
  g_assert_true (bd_setup_session_go_forward (session));
  wait_until (has_detection, session);
  g_assert_cmpint (bd_setup_session_get_page (session), ==, BD_SETUP_PAGE_SERVERS);

  /* Loopback servers are tested even offline. */
  incoming = bd_setup_session_get_incoming (session);
  imap = check_at (incoming, 0);
  g_assert_true (bd_setup_session_get_testing (session));
  wait_until (not_testing, session);
  g_assert_cmpint (bd_server_check_get_state (imap), ==, BD_CHECK_STATE_FAILED);
  g_assert_cmpint (bd_probe_report_get_error (bd_server_check_get_report (imap))->code, ==,
                   BD_ERROR_CONNECTION_REFUSED);
  g_assert_nonnull (bd_server_check_get_advice (imap));

  /* With the found server down, the other port of it was tried too. */
  alternative = check_at (incoming, 1);
  g_assert_true (bd_server_check_get_alternative (alternative));
  g_assert_cmpuint (bd_server_get_port (bd_server_check_get_server (alternative)), ==, 143);
  g_assert_nonnull (bd_server_check_get_report (alternative));
  g_assert_null (bd_setup_session_get_chosen_incoming (session));
  g_assert_false (bd_setup_session_get_can_continue (session));

  /* Editing the port tests again, once the typing pauses. */
  bd_server_set_port (bd_server_check_get_server (imap), 13);
  g_assert_cmpint (bd_server_check_get_state (imap), ==, BD_CHECK_STATE_UNTESTED);
  spin (800);
  wait_until (not_testing, session);
  g_assert_cmpint (bd_server_check_get_state (imap), ==, BD_CHECK_STATE_FAILED);
  g_assert_cmpstr (bd_probe_report_get_url (bd_server_check_get_report (imap)), ==,
                   "imaps://127.0.0.1:13");

  /* The report tells it all and never the password. */
  report = bd_setup_session_dup_report_text (session);
  g_assert_nonnull (strstr (report, "127.0.0.1"));
  g_assert_null (strstr (report, "hunter2"));
}

static void
test_existing_account_is_tested (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  BdSetupSession *session = fixture->session;
  g_autoptr(GPtrArray) servers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *report = NULL;
  GListModel *existing;

  bd_setup_session_show_test_existing (session);
  g_assert_cmpint (bd_setup_session_get_page (session), ==, BD_SETUP_PAGE_TEST_EXISTING);
  g_assert_true (bd_setup_session_get_can_go_back (session));

  g_ptr_array_add (servers, bd_server_new (BD_PROTOCOL_IMAP, "127.0.0.1", 9, BD_SECURITY_TLS,
                                           "dave"));
  g_ptr_array_add (servers, bd_server_new (BD_PROTOCOL_SMTP, "mail.example.com", 587,
                                           BD_SECURITY_STARTTLS, "dave"));
  bd_setup_session_test_existing (session, servers);
  existing = bd_setup_session_get_existing (session);
  g_assert_cmpuint (g_list_model_get_n_items (existing), ==, 2);
  wait_until (not_testing, session);

  g_assert_cmpint (bd_server_check_get_state (check_at (existing, 0)), ==, BD_CHECK_STATE_FAILED);
  /* Offline, a server out there is left alone. */
  g_assert_cmpint (bd_server_check_get_state (check_at (existing, 1)), ==,
                   BD_CHECK_STATE_UNTESTED);

  report = bd_setup_session_dup_report_text (session);
  g_assert_nonnull (strstr (report, "127.0.0.1"));

  g_assert_true (bd_setup_session_go_back (session));
  g_assert_cmpint (bd_setup_session_get_page (session), ==, BD_SETUP_PAGE_ADDRESS);
}

static void
test_pin_is_a_fingerprint_and_goes_with_the_server (Fixture       *fixture,
                                                    gconstpointer  user_data)
{
  g_autoptr(BdServer) server = bd_server_new (BD_PROTOCOL_IMAP, "127.0.0.1", 9, BD_SECURITY_TLS,
                                              "erin");
  g_autoptr(BdServerCheck) check = bd_server_check_new (server, FALSE);
  g_autoptr(GError) error = NULL;
  const char *hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  g_autofree char *pin = g_strconcat ("sha256:", hex, NULL);
  guint notified = 0;

  g_signal_connect_swapped (check, "notify::pin", G_CALLBACK (count_cb), &notified);
  g_assert_null (bd_server_check_get_pin (check));

  /* Only a SHA-256 fingerprint is a pin; anything else changes nothing. */
  g_assert_false (bd_server_check_set_pin (check, "md5:0123", &error));
  g_assert_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT);
  g_assert_null (bd_server_check_get_pin (check));
  g_assert_cmpuint (notified, ==, 0);

  /* Upper case is kept in lower case, the form the report uses. */
  {
    g_autofree char *upper = g_ascii_strup (pin, -1);

    g_assert_true (bd_server_check_set_pin (check, upper, NULL));
  }
  g_assert_cmpstr (bd_server_check_get_pin (check), ==, pin);
  g_assert_cmpuint (notified, ==, 1);

  /* Another user name is the same server: the pin stays. */
  bd_server_set_username (server, "erin2");
  g_assert_cmpstr (bd_server_check_get_pin (check), ==, pin);
  /* Another server name is another server: the pin goes. */
  bd_server_set_hostname (server, "127.0.0.2");
  g_assert_null (bd_server_check_get_pin (check));
  g_assert_cmpuint (notified, ==, 2);

  /* An untested server has no certificate to accept, and the session
   * accepts none for it. */
  g_assert_null (bd_server_check_get_untrusted_fingerprint (check));
  g_assert_false (bd_setup_session_trust_certificate (fixture->session, check, hex));
  g_assert_null (bd_server_check_get_pin (check));
}

static void
test_failed_connection_offers_no_certificate (Fixture       *fixture,
                                              gconstpointer  user_data)
{
  BdSetupSession *session = fixture->session;
  g_autoptr(GPtrArray) servers = g_ptr_array_new_with_free_func (g_object_unref);
  BdServerCheck *check;

  g_ptr_array_add (servers, bd_server_new (BD_PROTOCOL_IMAP, "127.0.0.1", 9, BD_SECURITY_TLS,
                                           "dave"));
  bd_setup_session_show_test_existing (session);
  bd_setup_session_test_existing (session, servers);
  wait_until (not_testing, session);
  check = check_at (bd_setup_session_get_existing (session), 0);
  g_assert_cmpint (bd_server_check_get_state (check), ==, BD_CHECK_STATE_FAILED);

  /* Refused, not untrusted: there is nothing to accept. */
  g_assert_null (bd_server_check_get_untrusted_fingerprint (check));
  g_assert_false (bd_setup_session_trust_certificate (session, check, "00"));
  g_assert_null (bd_server_check_get_pin (check));
}

static void
test_existing_account_keeps_its_own_password (Fixture       *fixture,
                                              gconstpointer  user_data)
{
  BdSetupSession *session = fixture->session;
  g_autoptr(GPtrArray) servers = g_ptr_array_new_with_free_func (g_object_unref);
  guint notified = 0;

  bd_setup_session_set_password (session, "wizard secret");
  g_signal_connect_swapped (session, "notify::has-password", G_CALLBACK (count_cb), &notified);

  /* The existing account is tested with its own password, or none: the
   * assistant's password stays as it was. */
  bd_setup_session_show_test_existing (session);
  bd_setup_session_set_existing_password (session, "");
  g_ptr_array_add (servers, bd_server_new (BD_PROTOCOL_IMAP, "127.0.0.1", 9, BD_SECURITY_TLS,
                                           "dave"));
  bd_setup_session_test_existing (session, servers);
  wait_until (not_testing, session);
  g_assert_true (bd_setup_session_get_has_password (session));
  bd_setup_session_set_existing_password (session, "other secret");
  g_assert_true (bd_setup_session_get_has_password (session));
  g_assert_cmpuint (notified, ==, 0);
}

static void
test_dispose_ends_all_work (void)
{
  BdSetupSession *session = bd_setup_session_new ();
  g_autoptr(BdProviderDb) db = bd_provider_db_new ();
  g_autoptr(GBytes) document = g_bytes_new_static (closed_ports_document,
                                                   strlen (closed_ports_document));

  g_assert_true (bd_provider_db_add_document (db, "test:closed", document, NULL));
  bd_setup_session_set_offline (session, TRUE);
  bd_setup_session_set_provider_db (session, db);
  bd_setup_session_set_detect_delay (session, 5000);
  bd_setup_session_set_address_text (session, "carol@closed.test");
  g_assert_true (bd_setup_session_go_forward (session));
  g_assert_true (bd_setup_session_get_detecting (session));

  /* No run holds the session: the last reference ends it, running or not,
   * and what was running has nobody to answer to. */
  g_assert_finalize_object (session);
  spin (200);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/setup-session/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("valid-address-detects-while-typing", test_valid_address_detects_while_typing);
  ADD ("bad-address-explains-after-pause", test_bad_address_explains_after_pause);
  ADD ("continue-before-detection-shows-progress", test_continue_before_detection_shows_progress);
  ADD ("cancel-returns-to-address", test_cancel_returns_to_address);
  ADD ("new-address-replaces-detection", test_new_address_replaces_detection);
  ADD ("unverified-settings-need-approval", test_unverified_settings_need_approval);
  ADD ("password-is-kept-out-of-properties", test_password_is_kept_out_of_properties);
  ADD ("failed-server-explains-and-tries-alternatives",
       test_failed_server_explains_and_tries_alternatives);
  ADD ("existing-account-is-tested", test_existing_account_is_tested);
  ADD ("pin-is-a-fingerprint-and-goes-with-the-server",
       test_pin_is_a_fingerprint_and_goes_with_the_server);
  ADD ("failed-connection-offers-no-certificate", test_failed_connection_offers_no_certificate);
  ADD ("existing-account-keeps-its-own-password", test_existing_account_keeps_its_own_password);
  g_test_add_func ("/setup-session/dispose-ends-all-work", test_dispose_ends_all_work);

  return g_test_run ();
}
