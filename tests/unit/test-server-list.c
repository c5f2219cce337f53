/* test-server-list.c: one side's servers in the assistant, tested for real on loopback
 *
 * The list is driven as the session drives it, without a display: real
 * probes against the scripted servers of tests/servers (started by
 * bd-test-mailserver, with certificates made for the test), against
 * loopback ports where nothing listens (connection refused), and against a
 * listener whose backlog is full (a port whose SYNs go unanswered, as
 * behind a firewall that drops them).
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "bd-error.h"
#include "bd-server-list.h"
#include "bd-test-mailserver.h"

/* ---- loopback ports ---- */

/* A listener on 127.0.0.1; with @swallow its backlog is full, so that a
 * new connection is never answered. */
static int
listener_new (gboolean  swallow,
              guint16  *port,
              int       fillers[3])
{
  struct sockaddr_in address = { 0 };
  socklen_t length = sizeof address;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &address, length), ==, 0);
  g_assert_cmpint (listen (fd, 0), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &address, &length), ==, 0);
  *port = ntohs (address.sin_port);
  for (guint i = 0; i < 3; i++)
    {
      fillers[i] = swallow ? socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0) : -1;
      if (fillers[i] >= 0)
        connect (fillers[i], (struct sockaddr *) &address, length);
    }
  g_usleep (50 * 1000);
  return fd;
}

static void
listener_free (int fd,
               int fillers[3])
{
  for (guint i = 0; i < 3; i++)
    if (fillers[i] >= 0)
      close (fillers[i]);
  close (fd);
}

/* A loopback port where nothing listens any more: connection refused. */
static guint16
closed_port (void)
{
  int fillers[3];
  guint16 port = 0;

  listener_free (listener_new (FALSE, &port, fillers), fillers);
  return port;
}

/* ---- the list ---- */

static const char *
password_cb (BdServerList *list,
             gpointer      user_data)
{
  return user_data;
}

/* A list as the session makes it: trust in the test's CA, short steps. */
static BdServerList *
list_new (BdServerListKind  kind,
          const char       *password)
{
  BdServerList *list = bd_server_list_new (kind);
  g_autoptr(GBytes) ca = bd_test_certs_load ("ca.crt");

  bd_server_list_set_ca_pem (list, ca);
  bd_server_list_set_timeout (list, 5000);
  bd_server_list_set_password_func (list, password_cb, (gpointer) password, NULL);
  return list;
}

static GPtrArray *
servers_new (BdServer *first,
             ...)
{
  GPtrArray *servers = g_ptr_array_new_with_free_func (g_object_unref);
  va_list args;

  va_start (args, first);
  for (BdServer *server = first; server != NULL; server = va_arg (args, BdServer *))
    g_ptr_array_add (servers, server);
  va_end (args);
  return servers;
}

static BdServer *
server_new (BdProtocol  protocol,
            const char *hostname,
            guint16     port,
            BdSecurity  security)
{
  return bd_server_new (protocol, hostname, port, security, BD_TEST_USER);
}

static BdServerCheck *
row (BdServerList *list,
     guint         position)
{
  g_autoptr(BdServerCheck) check = g_list_model_get_item (G_LIST_MODEL (list), position);

  g_assert_nonnull (check);
  return check;
}

static gboolean
not_testing (gpointer data)
{
  return !bd_server_list_get_testing (data);
}

static void
wait_for_tests (BdServerList *list)
{
  bd_test_wait_until (not_testing, list, 20000);
}

static const char *
error_of (BdServerCheck *check)
{
  return bd_probe_report_get_error (bd_server_check_get_report (check))->message;
}

static void
count_cb (guint *count)
{
  (*count)++;
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GString    *log)
{
  g_string_append_printf (log, "%u-%u+%u ", position, removed, added);
}

/* ---- tests ---- */

static void
test_found_servers_are_copied_in_order_with_alternatives (void)
{
  g_autoptr(BdServerList) incoming = list_new (BD_SERVER_LIST_FOUND, NULL);
  g_autoptr(BdServerList) outgoing = list_new (BD_SERVER_LIST_FOUND, NULL);
  g_autoptr(GPtrArray) found = servers_new (
    server_new (BD_PROTOCOL_POP3, "pop.example.test", 995, BD_SECURITY_TLS),
    server_new (BD_PROTOCOL_IMAP, "imap.example.test", 993, BD_SECURITY_TLS),
    NULL);
  g_autoptr(GPtrArray) sending = servers_new (
    server_new (BD_PROTOCOL_SMTP, "smtp.example.test", 465, BD_SECURITY_TLS),
    server_new (BD_PROTOCOL_SMTP, "smtp.example.test", 587, BD_SECURITY_STARTTLS),
    NULL);
  g_autoptr(GString) log = g_string_new (NULL);
  BdServer *imap;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (incoming)) == BD_TYPE_SERVER_CHECK);
  g_signal_connect (incoming, "items-changed", G_CALLBACK (items_changed_cb), log);
  bd_server_list_set_servers (incoming, found);
  g_assert_cmpstr (log->str, ==, "0-0+4 ");

  /* IMAP before POP3, then each on its other standard port. */
  imap = bd_server_check_get_server (row (incoming, 0));
  g_assert_cmpint (bd_server_get_protocol (imap), ==, BD_PROTOCOL_IMAP);
  g_assert_false (bd_server_check_get_alternative (row (incoming, 0)));
  g_assert_cmpint (bd_server_get_protocol (bd_server_check_get_server (row (incoming, 1))), ==,
                   BD_PROTOCOL_POP3);
  g_assert_true (bd_server_check_get_alternative (row (incoming, 2)));
  g_assert_cmpuint (bd_server_get_port (bd_server_check_get_server (row (incoming, 2))), ==, 143);
  g_assert_cmpint (bd_server_get_security (bd_server_check_get_server (row (incoming, 2))), ==,
                   BD_SECURITY_STARTTLS);
  g_assert_cmpuint (bd_server_get_port (bd_server_check_get_server (row (incoming, 3))), ==, 110);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (incoming), 4));

  /* Copies: the person's edits leave what detection found alone. */
  g_assert_true (imap != g_ptr_array_index (found, 1));
  bd_server_set_port (imap, 1993);
  g_assert_cmpuint (bd_server_get_port (g_ptr_array_index (found, 1)), ==, 993);

  /* Both submission ports found: no alternative to add. */
  bd_server_list_set_servers (outgoing, sending);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (outgoing)), ==, 2);

  /* Clearing removes every row at once. */
  g_string_truncate (log, 0);
  bd_server_list_clear (incoming);
  g_assert_cmpstr (log->str, ==, "0-4+0 ");

  g_assert_finalize_object (g_steal_pointer (&incoming));
  g_assert_finalize_object (g_steal_pointer (&outgoing));
}

static void
test_given_servers_are_tested_as_they_are (void)
{
  g_autoptr(BdServerList) list = list_new (BD_SERVER_LIST_GIVEN, NULL);
  g_autoptr(GPtrArray) given = servers_new (
    server_new (BD_PROTOCOL_IMAP, "127.0.0.1", closed_port (), BD_SECURITY_TLS),
    NULL);

  bd_server_list_set_servers (list, given);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  /* The person's own server, edited in place; no alternative. */
  g_assert_true (bd_server_check_get_server (row (list, 0)) == g_ptr_array_index (given, 0));

  bd_server_list_test_all (list, NULL);
  g_assert_true (bd_server_list_get_testing (list));
  wait_for_tests (list);
  g_assert_cmpint (bd_server_check_get_state (row (list, 0)), ==, BD_CHECK_STATE_FAILED);
  g_assert_cmpint (bd_probe_report_get_error (bd_server_check_get_report (row (list, 0)))->code,
                   ==, BD_ERROR_CONNECTION_REFUSED);

  /* Only tested, never chosen. */
  g_assert_false (bd_server_list_choose (list, row (list, 0)));
  g_assert_null (bd_server_list_get_chosen (list));
  g_assert_false (bd_server_check_get_selected (row (list, 0)));

  g_assert_finalize_object (g_steal_pointer (&list));
}

/* The password is asked for as each test starts, so that approval decides
 * where it goes. */
static void
test_working_server_is_chosen_and_the_login_tried_with_the_password (void)
{
  g_autoptr(BdTestServer) imap = bd_test_server_start ("imap", "implicit", "good", NULL, NULL);
  g_autoptr(BdServerList) list = list_new (BD_SERVER_LIST_FOUND, NULL);
  g_autoptr(GPtrArray) found = servers_new (
    server_new (BD_PROTOCOL_IMAP, "localhost", bd_test_server_get_port (imap), BD_SECURITY_TLS),
    NULL);
  guint chosen_notified = 0;
  BdServerCheck *check;

  g_signal_connect_swapped (list, "notify::chosen", G_CALLBACK (count_cb), &chosen_notified);
  bd_server_list_set_servers (list, found);
  check = row (list, 0);

  /* No password yet: the server is proven, the login not tried. */
  bd_server_list_test_all (list, NULL);
  g_assert_cmpint (bd_server_check_get_state (check), ==, BD_CHECK_STATE_TESTING);
  wait_for_tests (list);
  g_assert_cmpint (bd_server_check_get_state (check), ==, BD_CHECK_STATE_OK);
  g_assert_cmpint (bd_probe_report_get_login (bd_server_check_get_report (check)), ==,
                   BD_PROBE_LOGIN_SKIPPED);
  g_assert_true (bd_server_list_get_chosen (list) == check);
  g_assert_true (bd_server_check_get_selected (check));
  g_assert_cmpuint (chosen_notified, ==, 1);

  /* The alternative (port 143) was not needed, and not tried. */
  g_assert_true (bd_server_check_get_alternative (row (list, 1)));
  g_assert_cmpint (bd_server_check_get_state (row (list, 1)), ==, BD_CHECK_STATE_UNTESTED);
  g_assert_null (bd_server_check_get_report (row (list, 1)));

  /* With the password: the login is tried too. */
  bd_server_list_set_password_func (list, password_cb, (gpointer) BD_TEST_PASSWORD, NULL);
  bd_server_list_test_all (list, NULL);
  wait_for_tests (list);
  g_assert_cmpint (bd_server_check_get_state (check), ==, BD_CHECK_STATE_OK);
  g_assert_cmpint (bd_probe_report_get_login (bd_server_check_get_report (check)), ==,
                   BD_PROBE_LOGIN_OK);
  g_assert_true (bd_server_list_get_chosen (list) == check);

  g_assert_finalize_object (g_steal_pointer (&list));
}

/* Incoming servers are each a choice of their own: all are tested, and the
 * person's choice wins as long as it works. */
static void
test_choice_follows_the_person_while_it_works (void)
{
  g_autoptr(BdTestServer) imap = bd_test_server_start ("imap", "implicit", "good", NULL, NULL);
  g_autoptr(BdServerList) list = list_new (BD_SERVER_LIST_FOUND, BD_TEST_PASSWORD);
  g_autoptr(BdServerList) other = list_new (BD_SERVER_LIST_FOUND, BD_TEST_PASSWORD);
  guint16 port = bd_test_server_get_port (imap);
  g_autoptr(GPtrArray) found = servers_new (
    server_new (BD_PROTOCOL_IMAP, "localhost", port, BD_SECURITY_TLS),
    server_new (BD_PROTOCOL_IMAP, "127.0.0.1", port, BD_SECURITY_TLS),
    NULL);
  BdServerCheck *first;
  BdServerCheck *second;

  bd_server_list_set_servers (list, found);
  bd_server_list_set_servers (other, found);
  first = row (list, 0);
  second = row (list, 1);
  bd_server_list_test_all (list, NULL);
  wait_for_tests (list);
  g_assert_cmpint (bd_server_check_get_state (first), ==, BD_CHECK_STATE_OK);
  g_assert_cmpint (bd_server_check_get_state (second), ==, BD_CHECK_STATE_OK);
  g_assert_true (bd_server_list_get_chosen (list) == first);

  g_assert_true (bd_server_list_choose (list, second));
  g_assert_true (bd_server_list_get_chosen (list) == second);
  g_assert_false (bd_server_check_get_selected (first));
  g_assert_true (bd_server_check_get_selected (second));
  /* Another list's row is not this list's to choose. */
  g_assert_false (bd_server_list_choose (list, row (other, 0)));
  g_assert_true (bd_server_list_get_chosen (list) == second);

  /* Edited, the choice no longer works until it is tested again. */
  bd_server_set_port (bd_server_check_get_server (second), closed_port ());
  g_assert_cmpint (bd_server_check_get_state (second), ==, BD_CHECK_STATE_UNTESTED);
  g_assert_true (bd_server_list_get_chosen (list) == first);

  bd_server_list_clear (list);
  g_assert_null (bd_server_list_get_chosen (list));
  g_assert_finalize_object (g_steal_pointer (&list));
  g_assert_finalize_object (g_steal_pointer (&other));
}

/* Outgoing servers are alternatives, as the command line's check has them
 * (BdProbeSchedule): on a network that blocks one submission port, the
 * other one is found, and the blocked one is reported as not answering as
 * soon as the other one worked, not after its own deadline. */
static void
test_outgoing_alternatives_stop_once_one_works (void)
{
  g_autoptr(BdTestServer) smtps = bd_test_server_start ("smtp", "implicit", "good", NULL, NULL);
  g_autoptr(BdServerList) list = list_new (BD_SERVER_LIST_FOUND, BD_TEST_PASSWORD);
  int fillers[3];
  guint16 blocked = 0;
  int fd = listener_new (TRUE, &blocked, fillers);
  g_autoptr(GPtrArray) found = servers_new (
    server_new (BD_PROTOCOL_SMTP, "127.0.0.1", blocked, BD_SECURITY_STARTTLS),
    server_new (BD_PROTOCOL_SMTP, "localhost", bd_test_server_get_port (smtps), BD_SECURITY_TLS),
    NULL);
  g_autofree char *working = NULL;
  gint64 start;

  bd_server_list_set_timeout (list, 10000);
  bd_server_list_set_servers (list, found);
  start = g_get_monotonic_time ();
  bd_server_list_test_all (list, NULL);
  /* Both show as tested from the start; the second waits for its turn. */
  g_assert_cmpint (bd_server_check_get_state (row (list, 0)), ==, BD_CHECK_STATE_TESTING);
  g_assert_cmpint (bd_server_check_get_state (row (list, 1)), ==, BD_CHECK_STATE_TESTING);
  wait_for_tests (list);
  listener_free (fd, fillers);

  g_assert_cmpint (bd_server_check_get_state (row (list, 1)), ==, BD_CHECK_STATE_OK);
  g_assert_true (bd_server_list_get_chosen (list) == row (list, 1));
  working = g_strdup (bd_probe_report_get_url (bd_server_check_get_report (row (list, 1))));
  g_assert_cmpint (bd_server_check_get_state (row (list, 0)), ==, BD_CHECK_STATE_FAILED);
  g_assert_cmpint (bd_probe_report_get_error (bd_server_check_get_report (row (list, 0)))->code,
                   ==, BD_ERROR_TIMED_OUT);
  g_assert_cmpstr (bd_probe_report_get_failed_step (bd_server_check_get_report (row (list, 0))),
                   ==, "connect");
  g_assert_nonnull (strstr (error_of (row (list, 0)), working));
  g_assert_cmpstr (bd_server_check_get_summary (row (list, 0)), ==, error_of (row (list, 0)));
  /* Well before the blocked port's own ten seconds. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);

  g_assert_finalize_object (g_steal_pointer (&list));
}

/* Once one alternative worked, one still waiting for its turn is not
 * needed: it is left untested, saying so, rather than shown as failed. */
static void
test_alternative_not_needed_is_not_a_failure (void)
{
  g_autoptr(BdTestServer) smtps = bd_test_server_start ("smtp", "implicit", "good", NULL, NULL);
  g_autoptr(BdServerList) list = list_new (BD_SERVER_LIST_FOUND, BD_TEST_PASSWORD);
  guint16 port = bd_test_server_get_port (smtps);
  g_autoptr(GPtrArray) found = servers_new (
    server_new (BD_PROTOCOL_SMTP, "localhost", port, BD_SECURITY_TLS),
    server_new (BD_PROTOCOL_SMTP, "127.0.0.1", port, BD_SECURITY_TLS),
    NULL);
  BdServerCheck *second;
  const char *working;

  /* The second would start only after a minute. */
  bd_server_list_set_stagger (list, 60000);
  bd_server_list_set_servers (list, found);
  bd_server_list_test_all (list, NULL);
  wait_for_tests (list);

  g_assert_cmpint (bd_server_check_get_state (row (list, 0)), ==, BD_CHECK_STATE_OK);
  working = bd_probe_report_get_url (bd_server_check_get_report (row (list, 0)));
  second = row (list, 1);
  g_assert_cmpint (bd_server_check_get_state (second), ==, BD_CHECK_STATE_UNTESTED);
  g_assert_error ((GError *) bd_probe_report_get_error (bd_server_check_get_report (second)),
                  G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (bd_probe_report_get_steps (bd_server_check_get_report (second))->len, ==, 0);
  g_assert_nonnull (strstr (bd_server_check_get_summary (second), working));
  g_assert_null (bd_server_check_get_advice (second));
  g_assert_true (bd_server_list_get_chosen (list) == row (list, 0));

  /* Tested on its own, it works too, and may be chosen. */
  bd_server_list_test_one (list, second);
  wait_for_tests (list);
  g_assert_cmpint (bd_server_check_get_state (second), ==, BD_CHECK_STATE_OK);
  g_assert_true (bd_server_list_choose (list, second));
  g_assert_true (bd_server_list_get_chosen (list) == second);

  g_assert_finalize_object (g_steal_pointer (&list));
}

static void
test_alternatives_tried_once_every_found_server_failed (void)
{
  g_autoptr(BdServerList) list = list_new (BD_SERVER_LIST_FOUND, BD_TEST_PASSWORD);
  g_autoptr(GPtrArray) found = servers_new (
    server_new (BD_PROTOCOL_IMAP, "127.0.0.1", closed_port (), BD_SECURITY_TLS),
    NULL);
  BdServerCheck *alternative;

  bd_server_list_set_servers (list, found);
  alternative = row (list, 1);
  g_assert_true (bd_server_check_get_alternative (alternative));
  g_assert_nonnull (strstr (bd_server_check_get_summary (alternative), "Another port"));

  bd_server_list_test_all (list, NULL);
  wait_for_tests (list);
  g_assert_cmpint (bd_server_check_get_state (row (list, 0)), ==, BD_CHECK_STATE_FAILED);
  g_assert_nonnull (bd_server_check_get_advice (row (list, 0)));
  /* The other port of the same server was tried too. */
  g_assert_nonnull (bd_server_check_get_report (alternative));
  g_assert_cmpstr (bd_probe_report_get_url (bd_server_check_get_report (alternative)), ==,
                   "imap://127.0.0.1:143");
  g_assert_null (bd_server_list_get_chosen (list));

  g_assert_finalize_object (g_steal_pointer (&list));
}

static gboolean
tested_on (gpointer data)
{
  BdServerCheck *check = data;
  BdProbeReport *report = bd_server_check_get_report (check);
  g_autofree char *url = g_strdup_printf ("imaps://127.0.0.1:%u",
                                          bd_server_get_port (bd_server_check_get_server (check)));

  return report != NULL && g_str_equal (bd_probe_report_get_url (report), url);
}

static void
test_edited_server_is_tested_again_once_the_typing_pauses (void)
{
  g_autoptr(BdServerList) list = list_new (BD_SERVER_LIST_GIVEN, NULL);
  g_autoptr(GPtrArray) given = servers_new (
    server_new (BD_PROTOCOL_IMAP, "127.0.0.1", closed_port (), BD_SECURITY_TLS),
    NULL);
  BdServerCheck *check;

  bd_server_list_set_servers (list, given);
  check = row (list, 0);
  bd_server_list_test_all (list, NULL);
  wait_for_tests (list);
  g_assert_cmpint (bd_server_check_get_state (check), ==, BD_CHECK_STATE_FAILED);

  /* The old result goes at once; the new test comes once the typing
   * pauses, without being asked for. */
  bd_server_set_port (bd_server_check_get_server (check), closed_port ());
  g_assert_cmpint (bd_server_check_get_state (check), ==, BD_CHECK_STATE_UNTESTED);
  g_assert_null (bd_server_check_get_report (check));
  g_assert_false (bd_server_list_get_testing (list));
  bd_test_wait_until (tested_on, check, 20000);
  g_assert_cmpint (bd_server_check_get_state (check), ==, BD_CHECK_STATE_FAILED);

  g_assert_finalize_object (g_steal_pointer (&list));
}

static void
test_offline_tests_only_this_computer (void)
{
  g_autoptr(BdServerList) list = list_new (BD_SERVER_LIST_GIVEN, BD_TEST_PASSWORD);
  g_autoptr(GPtrArray) given = servers_new (
    server_new (BD_PROTOCOL_IMAP, "imap.example.test", 993, BD_SECURITY_TLS),
    server_new (BD_PROTOCOL_SMTP, "", 465, BD_SECURITY_TLS),
    NULL);

  bd_server_list_set_offline (list, TRUE);
  bd_server_list_set_servers (list, given);
  bd_server_list_test_all (list, NULL);
  /* Nothing runs: each row says why. */
  g_assert_false (bd_server_list_get_testing (list));
  g_assert_cmpint (bd_server_check_get_state (row (list, 0)), ==, BD_CHECK_STATE_UNTESTED);
  g_assert_nonnull (strstr (bd_server_check_get_summary (row (list, 0)), "offline"));
  g_assert_nonnull (strstr (bd_server_check_get_summary (row (list, 1)), "server’s name"));

  g_assert_finalize_object (g_steal_pointer (&list));
}

static void
test_cancel_stops_every_test (void)
{
  const char *extra[] = { "--behaviour=silent", NULL };
  g_autoptr(BdTestServer) silent = bd_test_server_start ("imap", "implicit", "good", NULL, extra);
  g_autoptr(BdServerList) list = list_new (BD_SERVER_LIST_FOUND, BD_TEST_PASSWORD);
  g_autoptr(GPtrArray) found = servers_new (
    server_new (BD_PROTOCOL_IMAP, "localhost", bd_test_server_get_port (silent), BD_SECURITY_TLS),
    NULL);
  guint testing_notified = 0;

  bd_server_list_set_timeout (list, 10000);
  bd_server_list_set_servers (list, found);
  g_signal_connect_swapped (list, "notify::testing", G_CALLBACK (count_cb), &testing_notified);
  bd_server_list_test_all (list, NULL);
  g_assert_true (bd_server_list_get_testing (list));
  bd_test_spin (100);

  bd_server_list_cancel (list);
  g_assert_false (bd_server_list_get_testing (list));
  g_assert_cmpuint (testing_notified, ==, 2);
  g_assert_cmpint (bd_server_check_get_state (row (list, 0)), ==, BD_CHECK_STATE_UNTESTED);
  /* The stopped probe's end, when it comes, changes nothing. */
  bd_test_spin (200);
  g_assert_cmpint (bd_server_check_get_state (row (list, 0)), ==, BD_CHECK_STATE_UNTESTED);
  g_assert_null (bd_server_check_get_report (row (list, 0)));

  g_assert_finalize_object (g_steal_pointer (&list));
}

/* No test holds the list: the last reference ends it, running or not. */
static void
test_dispose_ends_all_work (void)
{
  const char *extra[] = { "--behaviour=silent", NULL };
  g_autoptr(BdTestServer) silent = bd_test_server_start ("imap", "implicit", "good", NULL, extra);
  BdServerList *list = list_new (BD_SERVER_LIST_FOUND, BD_TEST_PASSWORD);
  g_autoptr(GPtrArray) found = servers_new (
    server_new (BD_PROTOCOL_IMAP, "localhost", bd_test_server_get_port (silent), BD_SECURITY_TLS),
    NULL);
  g_autoptr(BdServerCheck) check = NULL;

  bd_server_list_set_timeout (list, 10000);
  bd_server_list_set_servers (list, found);
  check = g_object_ref (row (list, 0));
  bd_server_list_test_all (list, NULL);
  bd_test_spin (100);

  g_assert_finalize_object (list);
  g_assert_cmpint (bd_server_check_get_state (check), ==, BD_CHECK_STATE_UNTESTED);
  bd_test_spin (200);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  bd_test_certs_init ();

  g_test_add_func ("/server-list/found-servers-are-copied-in-order-with-alternatives",
                   test_found_servers_are_copied_in_order_with_alternatives);
  g_test_add_func ("/server-list/given-servers-are-tested-as-they-are",
                   test_given_servers_are_tested_as_they_are);
  g_test_add_func ("/server-list/working-server-is-chosen-and-the-login-tried-with-the-password",
                   test_working_server_is_chosen_and_the_login_tried_with_the_password);
  g_test_add_func ("/server-list/choice-follows-the-person-while-it-works",
                   test_choice_follows_the_person_while_it_works);
  g_test_add_func ("/server-list/outgoing-alternatives-stop-once-one-works",
                   test_outgoing_alternatives_stop_once_one_works);
  g_test_add_func ("/server-list/alternative-not-needed-is-not-a-failure",
                   test_alternative_not_needed_is_not_a_failure);
  g_test_add_func ("/server-list/alternatives-tried-once-every-found-server-failed",
                   test_alternatives_tried_once_every_found_server_failed);
  g_test_add_func ("/server-list/edited-server-is-tested-again-once-the-typing-pauses",
                   test_edited_server_is_tested_again_once_the_typing_pauses);
  g_test_add_func ("/server-list/offline-tests-only-this-computer",
                   test_offline_tests_only_this_computer);
  g_test_add_func ("/server-list/cancel-stops-every-test", test_cancel_stops_every_test);
  g_test_add_func ("/server-list/dispose-ends-all-work", test_dispose_ends_all_work);

  return bd_test_run_and_clean_up ();
}
