/* bd-test-probe.c
 *
 * The probe's asynchronous runs, waited for on the thread-default main
 * context (bd-test-wait.c), and the checks every protocol test makes of
 * a report: nothing a person sees holds a control character or the
 * password.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "bd-error.h"
#include "bd-probe-render.h"
#include "bd-report.h"
#include "bd-test-probe.h"
#include "bd-test-wait.h"

/**
 * bd_test_probe_run:
 * @elapsed_ms: (out): how long the probe took, as the caller saw it
 *
 * Runs @probe to its end. The probe's own deadlines bound it; meson's
 * timeout is the hang guard.
 */
BdProbeReport *
bd_test_probe_run (BdProbe       *probe,
                   GCancellable  *cancellable,
                   guint         *elapsed_ms,
                   GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  gint64 start = g_get_monotonic_time ();

  bd_probe_run_async (probe, cancellable, bd_test_got_result_cb, &slot);
  result = bd_test_wait_for_result (&slot, 0);
  *elapsed_ms = (guint) ((g_get_monotonic_time () - start) / 1000);
  return bd_probe_run_finish (probe, result, error);
}

/**
 * bd_test_account_probe_run:
 *
 * Runs @probe to its end, as bd_test_probe_run() does.
 *
 * Returns: (transfer container): the reports, or %NULL with @error set
 */
GPtrArray *
bd_test_account_probe_run (BdAccountProbe  *probe,
                           GCancellable    *cancellable,
                           GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  bd_account_probe_run_async (probe, cancellable, bd_test_got_result_cb, &slot);
  result = bd_test_wait_for_result (&slot, 0);
  return bd_account_probe_run_finish (probe, result, error);
}

/* Valid UTF-8 without a control character (security rule for server_says). */
void
bd_test_assert_clean_text (const char *text)
{
  if (text == NULL)
    return;
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
        g_error ("control character U+%04X in “%s”", c, text);
    }
}

/* Nothing the person sees holds a control character or the password. */
void
bd_test_assert_report_clean (BdProbeReport *report,
                             const char    *password)
{
  g_autoptr(JsonNode) node = bd_probe_render_report_json (report);
  g_autofree char *json = bd_report_json_to_string (node);
  g_autoptr(GString) text = g_string_new (NULL);
  GPtrArray *transcript = bd_probe_report_get_transcript (report);

  bd_test_assert_clean_text (bd_probe_report_get_server_says (report));
  bd_test_assert_clean_text (bd_probe_report_get_alert (report));
  for (guint i = 0; i < transcript->len; i++)
    bd_test_assert_clean_text (((BdTranscriptLine *) g_ptr_array_index (transcript, i))->line);
  bd_probe_render_append_text (text, report);
  if (password != NULL)
    {
      g_assert_null (strstr (json, password));
      g_assert_null (strstr (text->str, password));
    }
}

/* @code: "ok", or the error code's name. */
void
bd_test_assert_code (BdProbeReport *report,
                     const char    *code)
{
  const GError *error = bd_probe_report_get_error (report);

  if (g_str_equal (code, "ok"))
    {
      if (error != NULL)
        g_error ("expected success, got %s: %s (server says: %s)", bd_error_get_name (error),
                 error->message, bd_probe_report_get_server_says (report));
      g_assert_true (bd_probe_report_get_ok (report));
      return;
    }
  g_assert_nonnull (error);
  g_assert_cmpstr (bd_error_get_name (error), ==, code);
  g_assert_false (bd_probe_report_get_ok (report));
}
