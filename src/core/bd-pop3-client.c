/* bd-pop3-client.c: the POP3 side of a probe (RFC 1939, RFC 2449, RFC 2595, RFC 5034)
 *
 * No command goes out while the server has said something not yet read: it
 * could only answer a command not yet sent
 * (bd_probe_session_check_no_early_reply()).
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-pop3-parser.h"
#include "bd-probe-session.h"
#include "bd-sasl-client.h"

#define HIDDEN "<hidden>"

static BdPop3Reply *
read_reply (BdProbeSession  *session,
            char           **line,
            GError         **error)
{
  BdPop3Reply *reply;

  if (!bd_connection_read_line (session->connection, line, error))
    return NULL;
  reply = bd_pop3_reply_parse (*line, error);
  if (reply == NULL)
    bd_probe_report_set_server_says (session->report, *line);
  return reply;
}

/* Sends @command and reads its one-line reply; -ERR fails with what it means. */
static BdPop3Reply *
run_command (BdProbeSession  *session,
             const char      *command,
             const char      *shown,
             BdErrorCode      fallback,
             GError         **error)
{
  g_autofree char *line = NULL;
  g_autoptr(BdPop3Reply) reply = NULL;
  gboolean sent;

  if (!bd_probe_session_check_no_early_reply (session, error))
    return NULL;
  sent = shown != NULL ? bd_probe_session_send_secret (session, command, shown, error)
                       : bd_connection_write_line (session->connection, command, NULL, error);
  if (!sent)
    return NULL;
  reply = read_reply (session, &line, error);
  if (reply == NULL)
    return NULL;
  if (reply->kind == BD_POP3_REPLY_ERR)
    {
      bd_probe_session_refused (session, error, reply->code, line, fallback);
      return NULL;
    }
  if (reply->kind != BD_POP3_REPLY_OK)
    {
      bd_probe_session_fail (session, error, BD_ERROR_PROTOCOL_ERROR, line, "%s",
                             _("The server’s answer is not a POP3 reply."));
      return NULL;
    }
  return g_steal_pointer (&reply);
}

static gboolean
pop3_greeting (BdProbeSession  *session,
               GError         **error)
{
  g_autofree char *line = NULL;
  g_autoptr(BdPop3Reply) reply = NULL;

  if (!bd_probe_session_read_greeting (session, &line, error))
    return FALSE;
  reply = bd_pop3_reply_parse (line, NULL);
  if (reply == NULL || reply->kind == BD_POP3_REPLY_CONTINUATION)
    return bd_probe_session_fail (session, error, BD_ERROR_PROTOCOL_ERROR, line, "%s",
                                  _("The server’s greeting is not a POP3 greeting."));
  if (reply->kind == BD_POP3_REPLY_ERR)
    return bd_probe_session_refused (session, error, reply->code, line,
                                     BD_ERROR_SERVER_UNAVAILABLE);
  return TRUE;
}

/* The lines of a multi-line reply, up to the "." (RFC 1939 §3). */
static char **
read_multiline (BdProbeSession  *session,
                GError         **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (;;)
    {
      g_autofree char *line = NULL;
      const char *content;
      gboolean end;

      if (!bd_connection_read_line (session->connection, &line, error))
        return NULL;
      content = bd_pop3_multiline_unstuff (line, &end);
      if (end)
        return g_strv_builder_end (builder);
      g_strv_builder_add (builder, content);
    }
}

/* RFC 2449 §5: CAPA. A server without it has no capabilities to tell. */
static gboolean
pop3_capabilities (BdProbeSession  *session,
                   GError         **error)
{
  g_autofree char *line = NULL;
  g_autoptr(BdPop3Reply) reply = NULL;
  char **capabilities;

  if (!bd_probe_session_check_no_early_reply (session, error) ||
      !bd_connection_write_line (session->connection, "CAPA", NULL, error))
    return FALSE;
  reply = read_reply (session, &line, error);
  if (reply == NULL)
    return FALSE;
  if (reply->kind == BD_POP3_REPLY_ERR)
    {
      bd_probe_session_set_capabilities (session, g_new0 (char *, 1), g_new0 (char *, 1));
      return TRUE;
    }
  if (reply->kind != BD_POP3_REPLY_OK)
    return bd_probe_session_fail (session, error, BD_ERROR_PROTOCOL_ERROR, line, "%s",
                                  _("The server’s answer is not a POP3 reply."));

  capabilities = read_multiline (session, error);
  if (capabilities == NULL)
    return FALSE;
  bd_probe_session_set_capabilities (session, capabilities,
                                     bd_pop3_capabilities_get_mechanisms (
                                       (const char * const *) capabilities));
  return TRUE;
}

/* RFC 2595 §4: STLS. */
static gboolean
pop3_starttls (BdProbeSession  *session,
               GError         **error)
{
  g_autofree char *line = NULL;
  g_autoptr(BdPop3Reply) reply = NULL;

  if (!pop3_capabilities (session, error))
    return FALSE;
  if (!bd_pop3_capabilities_has ((const char * const *) session->capabilities, "STLS"))
    return bd_probe_session_starttls_not_offered (session, error);

  if (!bd_probe_session_check_no_early_reply (session, error) ||
      !bd_connection_write_line (session->connection, "STLS", NULL, error))
    return FALSE;
  reply = read_reply (session, &line, error);
  if (reply == NULL)
    return FALSE;
  if (reply->kind != BD_POP3_REPLY_OK)
    return bd_probe_session_starttls_refused (session, line, error);
  return TRUE;
}

static BdAuthReply
sasl_read (BdProbeSession  *session,
           char           **challenge,
           GError         **error)
{
  g_autofree char *line = NULL;
  g_autoptr(BdPop3Reply) reply = read_reply (session, &line, error);

  if (reply == NULL)
    return BD_AUTH_REPLY_FAILURE;
  switch (reply->kind)
    {
    case BD_POP3_REPLY_CONTINUATION:
      *challenge = g_strdup (reply->text);
      return BD_AUTH_REPLY_CONTINUE;
    case BD_POP3_REPLY_OK:
      return BD_AUTH_REPLY_SUCCESS;
    case BD_POP3_REPLY_ERR:
    default:
      bd_probe_session_refused (session, error, reply->code, line, BD_ERROR_LOGIN_FAILED);
      return BD_AUTH_REPLY_FAILURE;
    }
}

/* RFC 5034 §4: the AUTH command with its initial response must stay within
 * 255 octets: "AUTH", the longest mechanism name Brevduva uses, two spaces
 * and CRLF leave 234. */
static gsize
sasl_max_initial_response (BdProbeSession *session)
{
  return 255 - strlen ("AUTH SCRAM-SHA-256 ") - 2;
}

static gboolean
sasl_start (BdProbeSession  *session,
            const char      *mechanism,
            const char      *initial_response,
            GError         **error)
{
  return bd_probe_session_check_no_early_reply (session, error) &&
         bd_probe_session_start_auth (session, mechanism, initial_response, error);
}

static const BdSaslFraming pop3_framing = {
  "+ ",
  sasl_start,
  sasl_max_initial_response,
  sasl_read,
};

/* RFC 1939 §7: USER and PASS, for a server without a usable SASL mechanism. */
static gboolean
user_pass (BdProbeSession  *session,
           GError         **error)
{
  g_autoptr(BdSecretString) user = g_strdup_printf ("USER %s", session->username);
  g_autoptr(BdSecretString) pass = g_strdup_printf ("PASS %s", session->password);
  g_autoptr(BdPop3Reply) reply = NULL;

  reply = run_command (session, user, "USER " HIDDEN, BD_ERROR_LOGIN_FAILED, error);
  if (reply == NULL)
    return FALSE;
  g_clear_pointer (&reply, bd_pop3_reply_free);
  reply = run_command (session, pass, "PASS " HIDDEN, BD_ERROR_LOGIN_FAILED, error);
  if (reply == NULL)
    return FALSE;
  bd_probe_report_set_login (session->report, BD_PROBE_LOGIN_OK, "USER");
  return TRUE;
}

static gboolean
pop3_login (BdProbeSession  *session,
            GError         **error)
{
  const char *mechanism = bd_sasl_choose_mechanism ((const char * const *) session->mechanisms);

  if (mechanism != NULL)
    return bd_probe_session_authenticate (session, &pop3_framing, mechanism, error);
  /* A server without CAPA may still take USER; one with CAPA says so (RFC 2449 §6.8). */
  if (session->capabilities == NULL || session->capabilities[0] == NULL ||
      bd_pop3_capabilities_has ((const char * const *) session->capabilities, "USER"))
    return user_pass (session, error);
  return bd_probe_session_no_mechanism (session, error);
}

/* Sends QUIT; its reply is not waited for (bd_connection_linger()). */
static gboolean
pop3_logout (BdProbeSession  *session,
             GError         **error)
{
  return bd_connection_write_line (session->connection, "QUIT", NULL, error);
}

static const BdProtocolDriver pop3_driver = {
  pop3_greeting,
  pop3_capabilities,
  pop3_starttls,
  pop3_login,
  pop3_logout,
};

const BdProtocolDriver *
bd_pop3_client_get_driver (void)
{
  return &pop3_driver;
}
