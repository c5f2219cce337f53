/* bd-check-render.c
 *
 * What a person can take away from the assistant, as plain text: the
 * chosen servers as one would type them into a mail program, and the
 * diagnosis (what detection found, every server test, the certificates
 * accepted by their fingerprints). Pure functions of the results, so that
 * the session only hands them over; no password is ever among those
 * results, and probe reports hold no secret.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-check-render.h"
#include "bd-network-facts.h"
#include "bd-probe-render.h"
#include "bd-report.h"

static void
append_server_settings (GString    *out,
                        const char *heading,
                        BdServer   *server)
{
  const char *username = bd_server_get_username (server);

  g_string_append_printf (out, "%s (%s)\n", heading,
                          bd_protocol_get_label (bd_server_get_protocol (server)));
  g_string_append_printf (out, "  %s %s\n", _("Server:"), bd_server_get_hostname (server));
  g_string_append_printf (out, "  %s %u\n", _("Port:"), bd_server_get_port (server));
  g_string_append_printf (out, "  %s %s\n", _("Security:"),
                          bd_security_get_label (bd_server_get_security (server)));
  if (username != NULL)
    g_string_append_printf (out, "  %s %s\n", _("User name:"), username);
}

static void
append_check_settings (GString       *out,
                       const char    *heading,
                       BdServerCheck *check)
{
  const char *pin = bd_server_check_get_pin (check);

  append_server_settings (out, heading, bd_server_check_get_server (check));
  if (pin != NULL)
    /* TRANSLATORS: the one certificate the person accepted, by its fingerprint */
    g_string_append_printf (out, "  %s %s\n", _("Accepted certificate:"), pin);
}

/**
 * bd_check_render_settings:
 * @address: (nullable): the account's address
 * @incoming: (nullable): the server for receiving mail
 * @outgoing: (nullable): the server for sending mail
 *
 * Returns: (transfer full) (nullable): the servers, as a person would type
 *   them into a mail program, with the certificate accepted for each;
 *   %NULL without a server.
 */
char *
bd_check_render_settings (BdAddress     *address,
                          BdServerCheck *incoming,
                          BdServerCheck *outgoing)
{
  GString *out;

  g_return_val_if_fail (address == NULL || BD_IS_ADDRESS (address), NULL);
  g_return_val_if_fail (incoming == NULL || BD_IS_SERVER_CHECK (incoming), NULL);
  g_return_val_if_fail (outgoing == NULL || BD_IS_SERVER_CHECK (outgoing), NULL);

  if (incoming == NULL && outgoing == NULL)
    return NULL;

  out = g_string_new (NULL);
  if (address != NULL)
    g_string_append_printf (out, "%s %s\n\n", _("Email address:"),
                            bd_address_get_display (address));
  if (incoming != NULL)
    append_check_settings (out, _("Incoming mail"), incoming);
  if (outgoing != NULL)
    append_check_settings (out, _("Outgoing mail"), outgoing);
  return g_string_free (out, FALSE);
}

static void
collect_reports (GListModel *checks,
                 GPtrArray  *reports)
{
  guint n;

  if (checks == NULL)
    return;
  n = g_list_model_get_n_items (checks);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BdServerCheck) check = g_list_model_get_item (checks, i);
      BdProbeReport *report = bd_server_check_get_report (check);

      if (report != NULL)
        g_ptr_array_add (reports, g_object_ref (report));
    }
}

/* The certificates the person accepted by their fingerprints. */
static void
append_pins (GString    *out,
             GListModel *checks)
{
  guint n;

  if (checks == NULL)
    return;
  n = g_list_model_get_n_items (checks);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BdServerCheck) check = g_list_model_get_item (checks, i);
      g_autofree char *title = NULL;

      if (bd_server_check_get_pin (check) == NULL)
        continue;
      title = bd_server_check_dup_title (check);
      /* TRANSLATORS: "Accepted by you for imap.example.com:993: the certificate sha256:ab12…" */
      g_string_append_printf (out, _("Accepted by you for %s: the certificate %s\n"), title,
                              bd_server_check_get_pin (check));
    }
}

/**
 * bd_check_render_report:
 * @detection: (nullable): what detection found
 * @checks: (nullable): a list of #BdServerCheck
 * @more_checks: (nullable): another one (the outgoing servers after the
 *   incoming ones)
 *
 * Returns: (transfer full): the diagnosis: the detection, then every
 *   server test and every certificate accepted by its fingerprint, then
 *   what was known about the network (bd_network_facts_append_text()); or
 *   a line that says nothing has been tested yet.
 */
char *
bd_check_render_report (BdDetection *detection,
                        GListModel  *checks,
                        GListModel  *more_checks)
{
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func (g_object_unref);
  GString *out;

  g_return_val_if_fail (detection == NULL || BD_IS_DETECTION (detection), NULL);
  g_return_val_if_fail (checks == NULL || G_IS_LIST_MODEL (checks), NULL);
  g_return_val_if_fail (more_checks == NULL || G_IS_LIST_MODEL (more_checks), NULL);

  out = g_string_new (NULL);
  if (detection != NULL)
    {
      g_autofree char *text = bd_report_detection_to_text (detection);

      g_string_append (out, text);
    }
  collect_reports (checks, reports);
  collect_reports (more_checks, reports);
  if (reports->len > 0)
    {
      g_autofree char *text = bd_probe_render_text (reports);

      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, text);
    }
  append_pins (out, checks);
  append_pins (out, more_checks);
  if (reports->len > 0)
    {
      g_autoptr(BdNetworkFacts) facts = bd_network_facts_new_for_system (reports);

      g_string_append_c (out, '\n');
      bd_network_facts_append_text (facts, out);
    }
  if (out->len == 0)
    g_string_append_printf (out, "%s\n", _("Nothing has been tested yet."));
  return g_string_free (out, FALSE);
}
