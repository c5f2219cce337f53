/* test-probe-cause.c: when servers' failures have one cause, and what each then says
 *
 * The pure part of bd-probe-cause.c, with reports made by hand: when a
 * diagnosis of the network is wanted, which reports a cause explains, and
 * the words a blamed report's row says. (Whole runs, in network
 * namespaces: tests/integration/test-offline.py and tests/ui.)
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "bd-error.h"
#include "bd-probe-cause.h"

/* A report of @hostname's server that failed at @step with @code, after
 * the steps before it passed. */
static BdProbeReport *
report_failed_at (const char  *hostname,
                  const char  *step,
                  BdErrorCode  code)
{
  static const char * const steps[] = { "resolve", "connect", "tls", "greeting", NULL };
  g_autoptr(BdServer) server = bd_server_new (BD_PROTOCOL_IMAP, hostname, 993, BD_SECURITY_TLS,
                                              NULL);
  BdProbeReport *report = bd_probe_report_new (server);

  for (guint i = 0; steps[i] != NULL; i++)
    {
      gboolean failed = g_str_equal (steps[i], step);

      bd_probe_report_add_step (report, steps[i], !failed, 1);
      if (failed)
        break;
    }
  bd_probe_report_take_error (report, g_error_new (BD_ERROR, code, "It failed at %s.", step));
  return report;
}

static GPtrArray *
reports_of (BdProbeReport *first,
            ...)
{
  GPtrArray *reports = g_ptr_array_new_with_free_func (g_object_unref);
  va_list args;

  va_start (args, first);
  for (BdProbeReport *r = first; r != NULL; r = va_arg (args, BdProbeReport *))
    g_ptr_array_add (reports, r);
  va_end (args);
  return reports;
}

static void
test_wanted_when_no_name_resolved (void)
{
  g_autoptr(GPtrArray) reports =
    reports_of (report_failed_at ("imap.example.test", "resolve", BD_ERROR_DNS_NOT_FOUND),
                report_failed_at ("smtp.example.test", "resolve", BD_ERROR_DNS_FAILED), NULL);

  g_assert_true (bd_probe_cause_failed_at_lookup (g_ptr_array_index (reports, 0)));
  g_assert_true (bd_probe_cause_wanted (reports));
}

static void
test_not_wanted_when_a_server_spoke (void)
{
  /* One name resolved and its server answered: names work, and the other
   * failure is that name's own. */
  g_autoptr(GPtrArray) reports =
    reports_of (report_failed_at ("imap.example.test", "resolve", BD_ERROR_DNS_NOT_FOUND),
                report_failed_at ("smtp.example.test", "tls", BD_ERROR_TLS_HANDSHAKE_FAILED),
                NULL);

  g_assert_false (bd_probe_cause_wanted (reports));
}

static void
test_wanted_when_every_server_was_unreached (void)
{
  /* A captive portal's way: every name resolved, no server took a
   * connection. */
  g_autoptr(GPtrArray) reports =
    reports_of (report_failed_at ("imap.example.test", "connect", BD_ERROR_CONNECTION_REFUSED),
                report_failed_at ("smtp.example.test", "connect", BD_ERROR_TIMED_OUT), NULL);

  g_assert_false (bd_probe_cause_failed_at_lookup (g_ptr_array_index (reports, 0)));
  g_assert_true (bd_probe_cause_wanted (reports));
}

static void
test_not_wanted_when_all_worked (void)
{
  g_autoptr(BdServer) server = bd_server_new (BD_PROTOCOL_IMAP, "imap.example.test", 993,
                                              BD_SECURITY_TLS, NULL);
  g_autoptr(GPtrArray) reports = reports_of (bd_probe_report_new (server), NULL);

  bd_probe_report_add_step (g_ptr_array_index (reports, 0), "resolve", TRUE, 1);
  g_assert_false (bd_probe_cause_wanted (reports));
}

static void
test_blamed_lookup_says_not_tried (void)
{
  g_autoptr(BdProbeReport) report = report_failed_at ("imap.example.test", "resolve",
                                                      BD_ERROR_DNS_NOT_FOUND);
  g_autoptr(GError) cause = g_error_new_literal (BD_ERROR, BD_ERROR_DNS_UNAVAILABLE,
                                                 "This computer cannot look up names.");
  const GError *error;

  /* Before: the name's own failure, which is no shared cause's. */
  g_assert_null (bd_probe_cause_get_report_not_tried (report));
  bd_probe_cause_blame (report, cause);
  error = bd_probe_report_get_error (report);
  g_assert_error (error, BD_ERROR, BD_ERROR_DNS_UNAVAILABLE);
  g_assert_true (g_str_has_prefix (error->message,
                                   "Not tried: “imap.example.test” could not be looked up."));
  g_assert_nonnull (strstr (error->message, cause->message));
  g_assert_null (strstr (error->message, "does not exist"));
  g_assert_cmpstr (bd_probe_cause_get_report_not_tried (report), ==,
                   "Not tried: this computer cannot look up names.");
}

static void
test_blamed_connection_says_sign_in (void)
{
  g_autoptr(BdProbeReport) report = report_failed_at ("imap.example.test", "connect",
                                                      BD_ERROR_CONNECTION_REFUSED);
  g_autoptr(GError) cause = g_error_new_literal (BD_ERROR, BD_ERROR_CAPTIVE_PORTAL,
                                                 "Sign in to this network first.");

  bd_probe_cause_blame (report, cause);
  g_assert_error (bd_probe_report_get_error (report), BD_ERROR, BD_ERROR_CAPTIVE_PORTAL);
  g_assert_true (g_str_has_prefix (bd_probe_report_get_error (report)->message,
                                   "Not tried: “imap.example.test” leads to this network’s "
                                   "sign-in page"));
  g_assert_cmpstr (bd_probe_cause_get_report_not_tried (report), ==,
                   "Not tried: this network wants you to sign in first.");
}

static void
test_own_unreachable_is_not_a_cause (void)
{
  /* No route to one server is that server's failure, said in full, even
   * though its code is the one "offline" shares. */
  g_autoptr(BdProbeReport) report = report_failed_at ("imap.example.test", "connect",
                                                      BD_ERROR_NETWORK_UNREACHABLE);

  g_assert_null (bd_probe_cause_get_report_not_tried (report));
}

static void
test_not_tried_words (void)
{
  g_autoptr(GError) offline = g_error_new_literal (BD_ERROR, BD_ERROR_NETWORK_UNREACHABLE, "x");
  g_autoptr(GError) refused = g_error_new_literal (BD_ERROR, BD_ERROR_CONNECTION_REFUSED, "x");
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");

  g_assert_cmpstr (bd_probe_cause_get_not_tried (offline), ==,
                   "Not tried: this computer is offline.");
  g_assert_null (bd_probe_cause_get_not_tried (refused));
  g_assert_null (bd_probe_cause_get_not_tried (other));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/probe-cause/wanted/when-no-name-resolved", test_wanted_when_no_name_resolved);
  g_test_add_func ("/probe-cause/wanted/not-when-a-server-spoke",
                   test_not_wanted_when_a_server_spoke);
  g_test_add_func ("/probe-cause/wanted/when-every-server-was-unreached",
                   test_wanted_when_every_server_was_unreached);
  g_test_add_func ("/probe-cause/wanted/not-when-all-worked", test_not_wanted_when_all_worked);
  g_test_add_func ("/probe-cause/blame/lookup-says-not-tried", test_blamed_lookup_says_not_tried);
  g_test_add_func ("/probe-cause/blame/connection-says-sign-in",
                   test_blamed_connection_says_sign_in);
  g_test_add_func ("/probe-cause/own-unreachable-is-not-a-cause",
                   test_own_unreachable_is_not_a_cause);
  g_test_add_func ("/probe-cause/not-tried-words", test_not_tried_words);

  return g_test_run ();
}
