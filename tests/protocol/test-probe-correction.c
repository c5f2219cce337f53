/* test-probe-correction.c: a security setting that does not match the port,
 * corrected in one step (issue 13 §3)
 *
 * "Test an Existing Account" with a server whose port speaks the other way:
 * implicit TLS under STARTTLS settings, and a plaintext greeting under TLS
 * settings. The check says which setting the port speaks
 * (bd_server_check_get_corrected_security()), applying it changes only the
 * security, and the test of the corrected server passes, against scripted
 * servers with real TLS on loopback.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-error.h"
#include "bd-setup-session.h"
#include "bd-test-mailserver.h"

#define PASSWORD "correct horse"

typedef struct
{
  const char *name;
  const char *server_tls;   /* what the port speaks (mailserver.py) */
  BdSecurity  configured;   /* what the settings say */
  BdErrorCode error;        /* the first test's failure */
  BdSecurity  corrected;    /* what the check then offers */
} Case;

static const Case cases[] = {
  { "tls-port-with-starttls-settings", "implicit", BD_SECURITY_STARTTLS,
    BD_ERROR_TLS_ON_PLAINTEXT_PORT, BD_SECURITY_TLS },
  { "starttls-port-with-tls-settings", "starttls", BD_SECURITY_TLS,
    BD_ERROR_PLAINTEXT_ON_TLS_PORT, BD_SECURITY_STARTTLS },
};

static gboolean
not_testing (gpointer data)
{
  return !bd_setup_session_get_testing (data);
}

static void
test_correction (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(BdTestServer) mailserver = bd_test_server_start ("imap", c->server_tls, "good",
                                                             PASSWORD, NULL);
  g_autoptr(BdSetupSession) session = bd_setup_session_new ();
  g_autoptr(GBytes) ca = bd_test_certs_load ("ca.crt");
  g_autoptr(GPtrArray) servers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(BdServerCheck) check = NULL;
  const GError *error;
  BdServer *server;
  BdSecurity corrected;

  bd_setup_session_set_ca_pem (session, ca);
  bd_setup_session_set_probe_timeout (session, 10000);
  bd_setup_session_show_test_existing (session);
  bd_setup_session_set_existing_password (session, PASSWORD);
  g_ptr_array_add (servers, bd_server_new (BD_PROTOCOL_IMAP, "127.0.0.1",
                                           bd_test_server_get_port (mailserver),
                                           c->configured, BD_TEST_USER));
  bd_setup_session_test_existing (session, servers);
  bd_test_wait_until (not_testing, session, 60000);

  check = g_list_model_get_item (bd_setup_session_get_existing (session), 0);
  g_assert_cmpint (bd_server_check_get_state (check), ==, BD_CHECK_STATE_FAILED);
  error = bd_probe_report_get_error (bd_server_check_get_report (check));
  g_assert_error (error, BD_ERROR, (gint) c->error);
  g_assert_true (bd_server_check_get_corrected_security (check, &corrected));
  g_assert_cmpint (corrected, ==, c->corrected);

  /* One step: the same host, port and user, with the other setting. */
  g_assert_true (bd_server_check_apply_corrected_security (check));
  server = bd_server_check_get_server (check);
  g_assert_cmpint (bd_server_get_security (server), ==, c->corrected);
  g_assert_cmpuint (bd_server_get_port (server), ==, bd_test_server_get_port (mailserver));
  g_assert_cmpstr (bd_server_get_hostname (server), ==, "127.0.0.1");

  bd_setup_session_test_server (session, check);
  bd_test_wait_until (not_testing, session, 60000);
  g_assert_cmpint (bd_server_check_get_state (check), ==, BD_CHECK_STATE_OK);
  /* Nothing left to correct, and nothing went out in plain text. */
  g_assert_false (bd_server_check_get_corrected_security (check, NULL));
  g_assert_false (bd_server_check_apply_corrected_security (check));
  bd_test_server_assert_no_plain_credentials (mailserver, PASSWORD);
}

/* Any other failure offers no correction. */
static void
test_refused_port_offers_none (void)
{
  g_autoptr(BdSetupSession) session = bd_setup_session_new ();
  g_autoptr(GPtrArray) servers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(BdServerCheck) check = NULL;

  bd_setup_session_show_test_existing (session);
  g_ptr_array_add (servers, bd_server_new (BD_PROTOCOL_IMAP, "127.0.0.1", 9,
                                           BD_SECURITY_STARTTLS, BD_TEST_USER));
  bd_setup_session_test_existing (session, servers);
  bd_test_wait_until (not_testing, session, 60000);
  check = g_list_model_get_item (bd_setup_session_get_existing (session), 0);
  g_assert_cmpint (bd_server_check_get_state (check), ==, BD_CHECK_STATE_FAILED);
  g_assert_false (bd_server_check_get_corrected_security (check, NULL));
  g_assert_false (bd_server_check_apply_corrected_security (check));
  g_assert_cmpint (bd_server_get_security (bd_server_check_get_server (check)), ==,
                   BD_SECURITY_STARTTLS);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  bd_test_certs_init ();

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/probe/correction/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_correction);
    }
  g_test_add_func ("/probe/correction/refused-port-offers-none", test_refused_port_offers_none);

  return bd_test_run_and_clean_up ();
}
