/* bd-probe-render.c
 *
 * The JSON is `brevduva-cli test --json` (DESIGN.md, "The command line"):
 * {"results":[{"url","ok","error":{"code","message","server_says"},"steps",
 * "tls":{"version","cipher","certificate":{…}},"capabilities",
 * "auth_mechanisms","login"}]}. Members are only ever added: "error" also
 * has "step", "advice" and "help_url"; "certificate" also has "pinned",
 * "key_type", "key_bits" and "signature_algorithm"; "tls" has the whole
 * "chain"; a result has "address" and the masked "transcript".
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-json.h"
#include "bd-probe-cause.h"
#include "bd-probe-render.h"
#include "bd-tls-certificate.h"

static void
add_strv (JsonBuilder        *builder,
          const char         *member,
          const char * const *values)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static void
add_date (JsonBuilder *builder,
          const char  *member,
          GDateTime   *date)
{
  g_autofree char *text = g_date_time_format_iso8601 (date);

  bd_json_add_string_member (builder, member, text);
}

static void
add_error (JsonBuilder   *builder,
           BdProbeReport *report)
{
  const GError *error = bd_probe_report_get_error (report);

  json_builder_set_member_name (builder, "error");
  if (error == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  bd_json_add_string_member (builder, "code", bd_error_get_name (error));
  bd_json_add_string_member (builder, "message", error->message);
  bd_json_add_string_member (builder, "server_says", bd_probe_report_get_server_says (report));
  bd_json_add_string_member (builder, "step", bd_probe_report_get_failed_step (report));
  bd_json_add_string_member (builder, "advice", bd_probe_report_get_advice (report));
  bd_json_add_string_member (builder, "help_url", bd_probe_report_get_help_url (report));
  json_builder_end_object (builder);
}

static void
add_steps (JsonBuilder   *builder,
           BdProbeReport *report)
{
  GPtrArray *steps = bd_probe_report_get_steps (report);

  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < steps->len; i++)
    {
      const BdProbeStep *step = g_ptr_array_index (steps, i);

      json_builder_begin_object (builder);
      bd_json_add_string_member (builder, "name", step->name);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, step->ok);
      json_builder_set_member_name (builder, "ms");
      json_builder_add_int_value (builder, step->ms);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* One certificate's facts; the leaf also gets the verdict. */
static void
add_certificate (JsonBuilder            *builder,
                 const BdTlsCertificate *certificate,
                 BdProbeReport          *verdict_of)
{
  json_builder_begin_object (builder);
  bd_json_add_string_member (builder, "subject", bd_tls_certificate_get_subject (certificate));
  bd_json_add_string_member (builder, "issuer", bd_tls_certificate_get_issuer (certificate));
  add_strv (builder, "sans", bd_tls_certificate_get_sans (certificate));
  add_date (builder, "not_before", bd_tls_certificate_get_not_before (certificate));
  add_date (builder, "not_after", bd_tls_certificate_get_not_after (certificate));
  bd_json_add_string_member (builder, "sha256", bd_tls_certificate_get_sha256 (certificate));
  bd_json_add_string_member (builder, "key_type", bd_tls_certificate_get_key_type (certificate));
  json_builder_set_member_name (builder, "key_bits");
  json_builder_add_int_value (builder, bd_tls_certificate_get_key_bits (certificate));
  bd_json_add_string_member (builder, "signature_algorithm",
              bd_tls_certificate_get_signature_algorithm (certificate));
  if (verdict_of != NULL)
    {
      json_builder_set_member_name (builder, "verified");
      json_builder_add_boolean_value (builder, bd_probe_report_get_verified (verdict_of));
      json_builder_set_member_name (builder, "pinned");
      json_builder_add_boolean_value (builder, bd_probe_report_get_pinned (verdict_of));
      add_strv (builder, "problems", bd_probe_report_get_problems (verdict_of));
    }
  json_builder_end_object (builder);
}

static void
add_tls (JsonBuilder   *builder,
         BdProbeReport *report)
{
  GPtrArray *chain = bd_probe_report_get_certificates (report);

  json_builder_set_member_name (builder, "tls");
  if (bd_probe_report_get_tls_version (report) == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  bd_json_add_string_member (builder, "version", bd_probe_report_get_tls_version (report));
  bd_json_add_string_member (builder, "cipher", bd_probe_report_get_tls_cipher (report));
  json_builder_set_member_name (builder, "certificate");
  if (chain != NULL && chain->len > 0)
    add_certificate (builder, g_ptr_array_index (chain, 0), report);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "chain");
  json_builder_begin_array (builder);
  for (guint i = 0; chain != NULL && i < chain->len; i++)
    add_certificate (builder, g_ptr_array_index (chain, i), NULL);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_transcript (JsonBuilder   *builder,
                BdProbeReport *report)
{
  static const char *const directions[] = { "client", "server", "note" };
  GPtrArray *transcript = bd_probe_report_get_transcript (report);

  json_builder_set_member_name (builder, "transcript");
  json_builder_begin_array (builder);
  for (guint i = 0; i < transcript->len; i++)
    {
      const BdTranscriptLine *line = g_ptr_array_index (transcript, i);

      json_builder_begin_object (builder);
      bd_json_add_string_member (builder, "direction", directions[line->direction]);
      bd_json_add_string_member (builder, "line", line->line);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_report (JsonBuilder   *builder,
            BdProbeReport *report)
{
  json_builder_begin_object (builder);
  bd_json_add_string_member (builder, "url", bd_probe_report_get_url (report));
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, bd_probe_report_get_ok (report));
  add_error (builder, report);
  add_steps (builder, report);
  add_tls (builder, report);
  add_strv (builder, "capabilities", bd_probe_report_get_capabilities (report));
  add_strv (builder, "auth_mechanisms", bd_probe_report_get_auth_mechanisms (report));
  bd_json_add_string_member (builder, "login", bd_probe_login_get_nick (bd_probe_report_get_login (report)));
  bd_json_add_string_member (builder, "login_mechanism", bd_probe_report_get_login_mechanism (report));
  bd_json_add_string_member (builder, "address", bd_probe_report_get_address (report));
  bd_json_add_string_member (builder, "alert", bd_probe_report_get_alert (report));
  add_transcript (builder, report);
  json_builder_end_object (builder);
}

/**
 * bd_probe_render_report_json:
 *
 * Returns: (transfer full): one element of `results`.
 */
JsonNode *
bd_probe_render_report_json (BdProbeReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (BD_IS_PROBE_REPORT (report), NULL);

  add_report (builder, report);
  return json_builder_get_root (builder);
}

/**
 * bd_probe_render_json:
 * @reports: (element-type BdProbeReport)
 *
 * Returns: (transfer full): `{"results":[…]}`, the object of
 *   `brevduva-cli test --json`.
 */
JsonNode *
bd_probe_render_json (GPtrArray *reports)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (reports != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  for (guint i = 0; i < reports->len; i++)
    add_report (builder, g_ptr_array_index (reports, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static guint
total_ms (BdProbeReport *report)
{
  GPtrArray *steps = bd_probe_report_get_steps (report);
  guint ms = 0;

  for (guint i = 0; i < steps->len; i++)
    ms += ((const BdProbeStep *) g_ptr_array_index (steps, i))->ms;
  return ms;
}

static void
append_success (GString       *out,
                BdProbeReport *report)
{
  GPtrArray *chain = bd_probe_report_get_certificates (report);
  const char *mechanism = bd_probe_report_get_login_mechanism (report);
  g_autofree char *until = NULL;

  if (chain != NULL && chain->len > 0)
    until = g_date_time_format (bd_tls_certificate_get_not_after (g_ptr_array_index (chain, 0)),
                                "%Y-%m-%d");
  g_string_append_printf (out, "  %s", bd_probe_report_get_tls_version (report));
  if (bd_probe_report_get_pinned (report))
    /* TRANSLATORS: ", certificate accepted by its fingerprint" */
    g_string_append_printf (out, ", %s", _("certificate accepted by its fingerprint"));
  else if (until != NULL)
    /* TRANSLATORS: ", certificate valid until 2027-03-01" */
    g_string_append_printf (out, _(", certificate valid until %s"), until);
  if (bd_probe_report_get_login (report) == BD_PROBE_LOGIN_OK)
    /* TRANSLATORS: ", login works (SCRAM-SHA-256)" */
    g_string_append_printf (out, _(", login works (%s)"), mechanism != NULL ? mechanism : "");
  else
    g_string_append_printf (out, ", %s", _("login not tried"));
  /* TRANSLATORS: the whole test's duration: " — 120 ms" */
  g_string_append_printf (out, _(" — %u ms"), total_ms (report));
  g_string_append_c (out, '\n');
  if (bd_probe_report_get_alert (report) != NULL)
    /* TRANSLATORS: an alert the server wants the person to read, quoted */
    g_string_append_printf (out, _("    The server says: “%s”\n"),
                            bd_probe_report_get_alert (report));
}

static void
append_certificate (GString       *out,
                    BdProbeReport *report)
{
  GPtrArray *chain = bd_probe_report_get_certificates (report);
  const BdTlsCertificate *leaf;
  g_autofree char *until = NULL;

  if (chain == NULL || chain->len == 0)
    return;
  leaf = g_ptr_array_index (chain, 0);
  until = g_date_time_format (bd_tls_certificate_get_not_after (leaf), "%Y-%m-%d");
  /* TRANSLATORS: "Certificate: CN=mail.example.com, issued by CN=Example CA, valid until 2027-01-01" */
  g_string_append_printf (out, _("    Certificate: %s, issued by %s, valid until %s\n"),
                          bd_tls_certificate_get_subject (leaf),
                          bd_tls_certificate_get_issuer (leaf), until);
  /* TRANSLATORS: the certificate's fingerprint, which --pin accepts */
  g_string_append_printf (out, _("    Fingerprint: sha256:%s\n"),
                          bd_tls_certificate_get_sha256 (leaf));
}

static gboolean
is_certificate_error (const GError *error)
{
  if (error->domain != BD_ERROR)
    return FALSE;
  return (error->code >= BD_ERROR_CERTIFICATE_UNTRUSTED &&
          error->code <= BD_ERROR_CERTIFICATE_PIN_MISMATCH) ||
         error->code == BD_ERROR_CERTIFICATE_WRONG_PURPOSE;
}

static void
append_failure (GString       *out,
                BdProbeReport *report)
{
  const GError *error = bd_probe_report_get_error (report);
  const char *step = bd_probe_report_get_failed_step (report);
  const char *says = bd_probe_report_get_server_says (report);
  const char *help = bd_probe_report_get_help_url (report);

  if (error == NULL)
    {
      g_string_append_printf (out, "  %s\n", _("not tested"));
      return;
    }
  if (step != NULL)
    /* TRANSLATORS: "  failed at: the TLS handshake and certificate" */
    g_string_append_printf (out, _("  failed at: %s"), bd_probe_step_get_label (step));
  g_string_append_printf (out, " (%s)\n", bd_error_get_name (error));
  g_string_append_printf (out, "    %s\n", error->message);
  if (says != NULL)
    /* TRANSLATORS: what the server itself wrote, quoted */
    g_string_append_printf (out, _("    The server said: “%s”\n"), says);
  if (is_certificate_error (error))
    append_certificate (out, report);
  if (bd_probe_report_get_advice (report) != NULL)
    g_string_append_printf (out, _("    What to do: %s\n"), bd_probe_report_get_advice (report));
  if (help != NULL)
    g_string_append_printf (out, _("    More: %s\n"), help);
}

/**
 * bd_probe_render_append_text:
 *
 * Appends one line for the server, "✓" or "✗" and its URL, and for a
 * failure the step, the message, the server's words and the advice; "–"
 * and the reason for a test that was stopped or not needed.
 */
void
bd_probe_render_append_text (GString       *out,
                             BdProbeReport *report)
{
  const GError *error;

  g_return_if_fail (out != NULL);
  g_return_if_fail (BD_IS_PROBE_REPORT (report));

  error = bd_probe_report_get_error (report);

  if (bd_probe_report_get_ok (report))
    {
      g_string_append_printf (out, "✓ %s", bd_probe_report_get_url (report));
      append_success (out, report);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* An alternative that another server made unnecessary (or a test the
       * person stopped) is neither a pass nor a failure. */
      g_string_append_printf (out, "– %s\n", bd_probe_report_get_url (report));
      g_string_append_printf (out, "    %s\n", error->message);
    }
  else
    {
      g_string_append_printf (out, "✗ %s", bd_probe_report_get_url (report));
      append_failure (out, report);
    }
}

/**
 * bd_probe_render_text:
 * @reports: (element-type BdProbeReport)
 *
 * Returns: (transfer full): the diagnosis of every server, in order.
 */
char *
bd_probe_render_text (GPtrArray *reports)
{
  return bd_probe_render_text_under_cause (reports, NULL);
}

/**
 * bd_probe_render_cause_json:
 * @cause: what made several servers (or sources) fail at once
 *
 * Returns: (transfer full): `{"code","message","advice"}`, the `cause`
 *   member of `check --json` and `detect --json`.
 */
JsonNode *
bd_probe_render_cause_json (const GError *cause)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (cause != NULL, NULL);

  json_builder_begin_object (builder);
  bd_json_add_string_member (builder, "code", bd_error_get_name (cause));
  bd_json_add_string_member (builder, "message", cause->message);
  bd_json_add_string_member (builder, "advice",
                             cause->domain == BD_ERROR ? bd_error_code_get_advice (cause->code)
                                                       : NULL);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/**
 * bd_probe_render_append_cause:
 *
 * Appends the shared cause, said once: its message and code, then what to
 * do, and a blank line.
 */
void
bd_probe_render_append_cause (GString      *out,
                              const GError *cause)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (cause != NULL);

  g_string_append_printf (out, "%s (%s)\n", cause->message, bd_error_get_name (cause));
  if (cause->domain == BD_ERROR)
    g_string_append_printf (out, _("What to do: %s\n"), bd_error_code_get_advice (cause->code));
  g_string_append_c (out, '\n');
}

/**
 * bd_probe_render_text_under_cause:
 * @reports: (element-type BdProbeReport)
 * @cause: (nullable): what made several of them fail at once, said above
 *   them (bd_probe_render_append_cause())
 *
 * Returns: (transfer full): as bd_probe_render_text(), but a server that
 *   failed for @cause gets one short "not tried" line instead of the cause
 *   again.
 */
char *
bd_probe_render_text_under_cause (GPtrArray    *reports,
                                  const GError *cause)
{
  GString *out = g_string_new (NULL);
  const char *words = cause != NULL ? bd_probe_cause_get_not_tried (cause) : NULL;

  g_return_val_if_fail (reports != NULL, NULL);

  for (guint i = 0; i < reports->len; i++)
    {
      BdProbeReport *report = g_ptr_array_index (reports, i);
      const GError *error = bd_probe_report_get_error (report);

      if (words != NULL && bd_probe_report_get_shared_cause (report) &&
          error->domain == cause->domain && error->code == cause->code)
        g_string_append_printf (out, "– %s\n    %s (%s)\n", bd_probe_report_get_url (report),
                                words, bd_error_get_name (error));
      else
        bd_probe_render_append_text (out, report);
    }
  return g_string_free (out, FALSE);
}
