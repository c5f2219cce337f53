/* bd-report.c
 *
 * The JSON shapes are the command line's stable interface (DESIGN.md,
 * "The command line"); keys are only ever added, never renamed.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-json.h"
#include "bd-report.h"

static void
add_server (JsonBuilder *builder,
            BdServer    *server)
{
  g_auto(GStrv) auth = bd_auth_flags_to_nicks (bd_server_get_auth (server));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "protocol");
  json_builder_add_string_value (builder,
                                 bd_enum_get_nick (BD_TYPE_PROTOCOL, bd_server_get_protocol (server)));
  json_builder_set_member_name (builder, "host");
  json_builder_add_string_value (builder, bd_server_get_hostname (server));
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, bd_server_get_port (server));
  json_builder_set_member_name (builder, "security");
  json_builder_add_string_value (builder,
                                 bd_enum_get_nick (BD_TYPE_SECURITY, bd_server_get_security (server)));
  bd_json_add_string_member (builder, "username", bd_server_get_username (server));
  json_builder_set_member_name (builder, "auth");
  json_builder_begin_array (builder);
  for (guint i = 0; auth[i] != NULL; i++)
    json_builder_add_string_value (builder, auth[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "password_allowed");
  json_builder_add_boolean_value (builder, bd_server_get_allows_password (server));
  json_builder_end_object (builder);
}

/**
 * bd_report_server_to_json:
 *
 * Returns: (transfer full): `{"protocol","host","port","security","username","auth",
 *   "password_allowed"}`.
 */
JsonNode *
bd_report_server_to_json (BdServer *server)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (BD_IS_SERVER (server), NULL);

  add_server (builder, server);
  return json_builder_get_root (builder);
}

static void
add_servers (JsonBuilder *builder,
             const char  *member,
             GPtrArray   *servers)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; servers != NULL && i < servers->len; i++)
    add_server (builder, g_ptr_array_index (servers, i));
  json_builder_end_array (builder);
}

static void
add_notes (JsonBuilder *builder,
           GPtrArray   *notes)
{
  json_builder_set_member_name (builder, "notes");
  json_builder_begin_array (builder);
  for (guint i = 0; notes != NULL && i < notes->len; i++)
    {
      const BdNote *note = g_ptr_array_index (notes, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder,
                                     bd_enum_get_nick (BD_TYPE_NOTE_KIND, bd_note_get_kind (note)));
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, bd_note_get_message (note));
      bd_json_add_string_member (builder, "text", bd_note_get_text (note));
      bd_json_add_string_member (builder, "url", bd_note_get_url (note));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_sources (JsonBuilder *builder,
             GPtrArray   *attempts)
{
  json_builder_set_member_name (builder, "sources");
  json_builder_begin_array (builder);
  for (guint i = 0; i < attempts->len; i++)
    {
      const BdSourceAttempt *attempt = g_ptr_array_index (attempts, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder,
                                     bd_enum_get_nick (BD_TYPE_SOURCE_KIND,
                                                       bd_source_attempt_get_kind (attempt)));
      bd_json_add_string_member (builder, "url", bd_source_attempt_get_url (attempt));
      json_builder_set_member_name (builder, "outcome");
      json_builder_add_string_value (builder,
                                     bd_enum_get_nick (BD_TYPE_SOURCE_OUTCOME,
                                                       bd_source_attempt_get_outcome (attempt)));
      json_builder_set_member_name (builder, "ms");
      json_builder_add_int_value (builder, bd_source_attempt_get_ms (attempt));
      bd_json_add_string_member (builder, "code", bd_source_attempt_get_code (attempt));
      bd_json_add_string_member (builder, "message", bd_source_attempt_get_message (attempt));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_provider (JsonBuilder     *builder,
              BdAccountConfig *config)
{
  json_builder_set_member_name (builder, "provider");
  if (config == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  bd_json_add_string_member (builder, "id", bd_account_config_get_provider_id (config));
  bd_json_add_string_member (builder, "name", bd_account_config_get_display_name (config));
  json_builder_end_object (builder);
}

static void
add_error (JsonBuilder  *builder,
           const GError *error)
{
  json_builder_set_member_name (builder, "error");
  if (error == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, bd_error_get_name (error));
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, error->message);
  bd_json_add_string_member (builder, "advice",
                       error->domain == BD_ERROR ? bd_error_code_get_advice (error->code) : NULL);
  json_builder_end_object (builder);
}

/**
 * bd_report_detection_to_json:
 *
 * Returns: (transfer full): the object of `brevduva-cli detect --json`.
 */
JsonNode *
bd_report_detection_to_json (BdDetection *detection)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  BdAccountConfig *config;
  BdAddress *address;

  g_return_val_if_fail (BD_IS_DETECTION (detection), NULL);

  config = bd_detection_get_config (detection);
  address = bd_detection_get_address (detection);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "address");
  json_builder_add_string_value (builder, bd_address_get_display (address));
  json_builder_set_member_name (builder, "domain");
  json_builder_add_string_value (builder, bd_address_get_domain (address));
  json_builder_set_member_name (builder, "ascii_domain");
  json_builder_add_string_value (builder, bd_address_get_ascii_domain (address));
  bd_json_add_string_member (builder, "source",
                       config != NULL ? bd_enum_get_nick (BD_TYPE_SOURCE_KIND,
                                                          bd_account_config_get_source (config))
                                      : NULL);
  bd_json_add_string_member (builder, "source_url",
                       config != NULL ? bd_account_config_get_source_url (config) : NULL);
  bd_json_add_string_member (builder, "trust",
                       config != NULL ? bd_enum_get_nick (BD_TYPE_TRUST,
                                                          bd_account_config_get_trust (config))
                                      : NULL);
  add_provider (builder, config);
  add_servers (builder, "incoming", config != NULL ? bd_account_config_get_incoming (config) : NULL);
  add_servers (builder, "outgoing", config != NULL ? bd_account_config_get_outgoing (config) : NULL);
  add_sources (builder, bd_detection_get_attempts (detection));
  add_notes (builder, config != NULL ? bd_account_config_get_notes (config) : NULL);
  add_error (builder, bd_detection_get_error (detection));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Pads by characters, not bytes, so that translated labels line up. */
static void
append_padded (GString    *out,
               const char *text,
               glong       width)
{
  g_string_append (out, text);
  for (glong n = g_utf8_strlen (text, -1); n < width; n++)
    g_string_append_c (out, ' ');
  g_string_append_c (out, ' ');
}

static void
append_server_line (GString  *out,
                    BdServer *server)
{
  const char *incoming = _("Incoming");
  const char *outgoing = _("Outgoing");
  glong direction_width = MAX (g_utf8_strlen (incoming, -1), g_utf8_strlen (outgoing, -1));
  g_autofree char *hostport = g_strdup_printf ("%s:%u", bd_server_get_hostname (server),
                                               bd_server_get_port (server));
  const char *username = bd_server_get_username (server);

  g_string_append (out, "  ");
  append_padded (out, bd_server_is_incoming (server) ? incoming : outgoing, direction_width);
  append_padded (out, bd_protocol_get_label (bd_server_get_protocol (server)), 4);
  append_padded (out, hostport, 34);
  append_padded (out, bd_security_get_label (bd_server_get_security (server)), 8);
  g_string_append_printf (out, "%s\n", username != NULL ? username : "—");
  if (!bd_server_get_allows_password (server) &&
      bd_server_get_security (server) == BD_SECURITY_NONE)
    {
      g_string_append_printf (out, "  %*s", (int) direction_width + 1, "");
      g_string_append_printf (out, "%s\n", _("(no encryption: your password is never sent here)"));
    }
}

static void
append_note (GString      *out,
             const BdNote *note)
{
  const char *text = bd_note_get_text (note);

  if (bd_note_get_kind (note) == BD_NOTE_DOCUMENTATION && text != NULL)
    g_string_append_printf (out, "  • %s\n", text);
  else
    g_string_append_printf (out, "  • %s\n", bd_note_get_message (note));
  if (bd_note_get_kind (note) != BD_NOTE_DOCUMENTATION && text != NULL)
    g_string_append_printf (out, "    “%s”\n", text);
  if (bd_note_get_url (note) != NULL)
    g_string_append_printf (out, "    %s\n", bd_note_get_url (note));
}

/* What the person must do comes first; the provider's documentation last. */
static void
append_notes (GString   *out,
              GPtrArray *notes)
{
  for (guint i = 0; i < notes->len; i++)
    {
      const BdNote *note = g_ptr_array_index (notes, i);

      if (bd_note_get_kind (note) != BD_NOTE_DOCUMENTATION)
        append_note (out, note);
    }
  for (guint i = 0; i < notes->len; i++)
    {
      const BdNote *note = g_ptr_array_index (notes, i);

      if (bd_note_get_kind (note) == BD_NOTE_DOCUMENTATION)
        append_note (out, note);
    }
}

static const char *
outcome_label (BdSourceOutcome outcome)
{
  switch (outcome)
    {
    case BD_SOURCE_OUTCOME_ANSWERED: return _("answered");
    case BD_SOURCE_OUTCOME_NOT_FOUND: return _("nothing there");
    case BD_SOURCE_OUTCOME_FAILED: return _("failed");
    case BD_SOURCE_OUTCOME_SKIPPED: return _("skipped");
    default: g_return_val_if_reached (NULL);
    }
}

/* Every source tried, so that a person can see why nothing was found. */
static void
append_attempts (GString   *out,
                 GPtrArray *attempts)
{
  for (guint i = 0; i < attempts->len; i++)
    {
      const BdSourceAttempt *attempt = g_ptr_array_index (attempts, i);
      const char *message = bd_source_attempt_get_message (attempt);

      g_string_append_printf (out, "  • %s: %s (%u ms)\n",
                              bd_source_kind_get_label (bd_source_attempt_get_kind (attempt)),
                              outcome_label (bd_source_attempt_get_outcome (attempt)),
                              bd_source_attempt_get_ms (attempt));
      if (message != NULL)
        g_string_append_printf (out, "    %s\n", message);
    }
}

static void
append_config_footer (GString         *out,
                      BdAccountConfig *config)
{
  if (bd_account_config_get_notes (config)->len > 0)
    {
      g_string_append_printf (out, "\n%s\n", _("Notes:"));
      append_notes (out, bd_account_config_get_notes (config));
    }

  g_string_append_c (out, '\n');
  /* TRANSLATORS: "Source: the built-in database (trusted)." */
  g_string_append_printf (out, _("Source: %s (%s)."),
                          bd_source_kind_get_label (bd_account_config_get_source (config)),
                          bd_trust_get_label (bd_account_config_get_trust (config)));
  g_string_append_c (out, '\n');
}

/**
 * bd_report_detection_to_text:
 *
 * Returns: (transfer full): a short readable table, ending with where the
 *   answer came from and how far to trust it.
 */
char *
bd_report_detection_to_text (BdDetection *detection)
{
  BdAccountConfig *config;
  BdAddress *address;
  GString *out;

  g_return_val_if_fail (BD_IS_DETECTION (detection), NULL);

  config = bd_detection_get_config (detection);
  address = bd_detection_get_address (detection);
  out = g_string_new (NULL);

  if (config == NULL)
    {
      const GError *error = bd_detection_get_error (detection);

      g_string_append_printf (out, "%s\n", error != NULL ? error->message : _("Nothing found."));
      append_attempts (out, bd_detection_get_attempts (detection));
      if (error != NULL && error->domain == BD_ERROR)
        g_string_append_printf (out, "\n%s\n", bd_error_code_get_advice (error->code));
      return g_string_free (out, FALSE);
    }

  /* TRANSLATORS: "Settings for alice@example.com (Example Mail)" */
  g_string_append_printf (out, _("Settings for %s (%s)"), bd_address_get_display (address),
                          bd_account_config_get_display_name (config));
  g_string_append (out, "\n\n");
  for (guint i = 0; i < bd_account_config_get_incoming (config)->len; i++)
    append_server_line (out, g_ptr_array_index (bd_account_config_get_incoming (config), i));
  for (guint i = 0; i < bd_account_config_get_outgoing (config)->len; i++)
    append_server_line (out, g_ptr_array_index (bd_account_config_get_outgoing (config), i));

  append_config_footer (out, config);
  return g_string_free (out, FALSE);
}

/**
 * bd_report_config_footer_to_text:
 *
 * Returns: (transfer full): the settings' notes (what the person must know
 *   or do, with the provider's links) and where the settings came from, as
 *   the end of a text report; it starts with an empty line.
 */
char *
bd_report_config_footer_to_text (BdAccountConfig *config)
{
  GString *out;

  g_return_val_if_fail (BD_IS_ACCOUNT_CONFIG (config), NULL);

  out = g_string_new (NULL);
  append_config_footer (out, config);
  return g_string_free (out, FALSE);
}

/**
 * bd_report_json_to_string:
 *
 * Returns: (transfer full): @node as indented JSON text.
 */
char *
bd_report_json_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}
