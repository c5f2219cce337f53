/* bd-imap-client.c: the IMAP side of a probe (RFC 3501, RFC 9051)
 *
 * Commands are tagged A1, A2, …; a tagged reply with any other tag answers
 * a command never sent and is a protocol error, and so is one that is there
 * before its command went out. Untagged data the probe does not need is
 * ignored (RFC 3501 §2.2.2), literals in it skipped.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-imap-parser.h"
#include "bd-line-reader.h"
#include "bd-probe-session.h"
#include "bd-sasl-client.h"

#define HIDDEN "<hidden>"

static char *
current_tag (BdProbeSession *session)
{
  return g_strdup_printf ("A%u", session->tag);
}

static char *
dup_says (const BdImapResponse *response)
{
  static const char *const words[] = { "", "OK", "NO", "BAD", "BYE", "PREAUTH" };
  GString *says = g_string_new (words[response->status]);

  if (response->code != NULL)
    g_string_append_printf (says, " [%s%s%s]", response->code,
                            response->code_data != NULL ? " " : "",
                            response->code_data != NULL ? response->code_data : "");
  if (response->text != NULL && response->text[0] != '\0')
    g_string_append_printf (says, " %s", response->text);
  return g_string_free (says, FALSE);
}

/* The rest of a response after a literal comes on the next line (RFC 3501 §4.3). */
static gboolean
skip_literals (BdProbeSession  *session,
               const char      *line,
               GError         **error)
{
  g_autofree char *rest = NULL;
  gsize size;

  while (bd_imap_line_get_literal (rest != NULL ? rest : line, &size))
    {
      if (size > BD_CONNECTION_MAX_RESPONSE)
        return bd_probe_session_fail (session, error, BD_ERROR_RESPONSE_TOO_LONG, NULL, "%s",
                                      _("The server announced more data than any answer "
                                        "needs."));
      g_clear_pointer (&rest, g_free);
      if (!bd_connection_skip (session->connection, size, error) ||
          !bd_connection_read_line (session->connection, &rest, error))
        return FALSE;
    }
  return TRUE;
}

static BdImapResponse *
read_response (BdProbeSession  *session,
               GError         **error)
{
  g_autofree char *line = NULL;
  BdImapResponse *response;

  if (!bd_connection_read_line (session->connection, &line, error) ||
      !skip_literals (session, line, error))
    return NULL;
  response = bd_imap_response_parse (line, error);
  if (response == NULL)
    bd_probe_report_set_server_says (session->report, line);
  return response;
}

/* Untagged data on the way to a tagged reply: a capability list or an alert. */
static void
note_untagged (BdProbeSession *session,
               BdImapResponse *response)
{
  /* After a login the server may announce its logged-in capabilities
   * (Dovecot does, RFC 3501 §7.2.1), which no longer list AUTH=: the
   * report keeps the list that was offered for logging in. */
  if (g_strcmp0 (response->name, "CAPABILITY") == 0 && !session->logging_in)
    {
      char **capabilities = bd_imap_capabilities_parse (response->text);

      bd_probe_session_set_capabilities (session, capabilities,
                                         bd_imap_capabilities_get_mechanisms (
                                           (const char * const *) capabilities));
    }
  if (g_strcmp0 (response->code, "ALERT") == 0)
    {
      g_free (session->alert);
      session->alert = g_strdup (response->text);
    }
}

/**
 * read_tagged:
 * @bye: (out) (optional): set when the server said BYE; %NULL when a BYE
 *   means failure
 *
 * Reads up to the tagged reply to the latest command.
 */
static BdImapResponse *
read_tagged (BdProbeSession  *session,
             gboolean        *bye,
             GError         **error)
{
  g_autofree char *tag = current_tag (session);

  for (;;)
    {
      g_autoptr(BdImapResponse) response = read_response (session, error);
      g_autofree char *says = NULL;

      if (response == NULL)
        return NULL;
      says = dup_says (response);
      if (response->kind == BD_IMAP_RESPONSE_TAGGED && g_str_equal (response->tag, tag))
        return g_steal_pointer (&response);
      if (response->kind == BD_IMAP_RESPONSE_TAGGED)
        {
          g_autofree char *tagged = g_strdup_printf ("%s %s", response->tag, says);

          bd_probe_session_fail (session, error, BD_ERROR_PROTOCOL_ERROR, tagged, "%s",
                                 _("The server answered a command that was never sent."));
          return NULL;
        }
      if (response->kind == BD_IMAP_RESPONSE_CONTINUATION)
        {
          bd_probe_session_fail (session, error, BD_ERROR_PROTOCOL_ERROR, says, "%s",
                                 _("The server asked for more of a command that was "
                                   "complete."));
          return NULL;
        }
      if (response->status == BD_IMAP_STATUS_BYE && bye == NULL)
        {
          bd_probe_session_refused (session, error, response->code, says,
                                    BD_ERROR_SERVER_UNAVAILABLE);
          return NULL;
        }
      if (response->status == BD_IMAP_STATUS_BYE)
        *bye = TRUE;
      note_untagged (session, response);
    }
}

/* Before a command: a reply already waiting answers a command not yet
 * sent (bd_imap_pending_find_reply()). With tags as easy to guess as A1,
 * A2, … it would be taken for the command's own reply; before STARTTLS the
 * handshake would then start while the server still waits for the
 * command. */
static gboolean
check_no_early_reply (BdProbeSession  *session,
                      GError         **error)
{
  g_autoptr(GBytes) pending = NULL;
  g_autofree char *reply = NULL;
  gsize size;
  const guint8 *data;

  if (!bd_connection_receive_available (session->connection, error))
    return FALSE;
  pending = bd_connection_peek_pending (session->connection);
  data = g_bytes_get_data (pending, &size);
  if (!bd_imap_pending_find_reply (data, size, &reply))
    return TRUE;
  return bd_probe_session_fail (session, error, BD_ERROR_PROTOCOL_ERROR, reply, "%s",
                                _("The server answered a command that was never sent."));
}

/* Sends a command under the next tag, unchecked. */
static gboolean
write_command (BdProbeSession  *session,
               const char      *command,
               gboolean         asks_to_log_in,
               GError         **error)
{
  g_autofree char *line = NULL;

  session->tag++;
  line = g_strdup_printf ("A%u %s", session->tag, command);
  if (asks_to_log_in)
    return bd_probe_session_send_secret (session, line, line, error);
  return bd_connection_write_line (session->connection, line, NULL, error);
}

static gboolean
send_command (BdProbeSession  *session,
              const char      *command,
              gboolean         asks_to_log_in,
              GError         **error)
{
  return check_no_early_reply (session, error) &&
         write_command (session, command, asks_to_log_in, error);
}

static BdImapResponse *
run_command (BdProbeSession  *session,
             const char      *command,
             GError         **error)
{
  if (!send_command (session, command, FALSE, error))
    return NULL;
  return read_tagged (session, NULL, error);
}

static gboolean
imap_greeting (BdProbeSession  *session,
               GError         **error)
{
  g_autofree char *line = NULL;
  g_autoptr(BdImapResponse) response = NULL;
  g_autofree char *says = NULL;

  if (!bd_probe_session_read_greeting (session, &line, error))
    return FALSE;
  response = bd_imap_response_parse (line, NULL);
  if (response == NULL || response->kind != BD_IMAP_RESPONSE_UNTAGGED ||
      response->status == BD_IMAP_STATUS_NONE)
    return bd_probe_session_fail (session, error, BD_ERROR_PROTOCOL_ERROR, line, "%s",
                                  _("The server’s greeting is not an IMAP greeting."));

  says = dup_says (response);
  switch (response->status)
    {
    case BD_IMAP_STATUS_OK:
      if (g_strcmp0 (response->code, "CAPABILITY") == 0 && response->code_data != NULL)
        session->greeting_capability = g_strdup (response->code_data);
      return TRUE;
    case BD_IMAP_STATUS_PREAUTH:
      /* Authenticated before TLS: whatever follows could be anyone's session. */
      if (!session->secure)
        return bd_probe_session_fail (session, error, BD_ERROR_PREAUTH_REFUSED, says, "%s",
                                      _("The server logged Brevduva in before encryption was "
                                        "set up (PREAUTH)."));
      session->preauth = TRUE;
      return TRUE;
    case BD_IMAP_STATUS_BYE:
      return bd_probe_session_refused (session, error, response->code, says,
                                       BD_ERROR_SERVER_UNAVAILABLE);
    default:
      return bd_probe_session_fail (session, error, BD_ERROR_PROTOCOL_ERROR, says, "%s",
                                    _("The server’s greeting is not an IMAP greeting."));
    }
}

static gboolean
imap_capabilities (BdProbeSession  *session,
                   GError         **error)
{
  g_autoptr(BdImapResponse) response = NULL;
  g_autofree char *says = NULL;

  bd_probe_session_set_capabilities (session, NULL, NULL);
  response = run_command (session, "CAPABILITY", error);
  if (response == NULL)
    return FALSE;
  says = dup_says (response);
  if (response->status != BD_IMAP_STATUS_OK)
    return bd_probe_session_refused (session, error, response->code, says,
                                     BD_ERROR_PROTOCOL_ERROR);
  if (session->capabilities == NULL)
    return bd_probe_session_fail (session, error, BD_ERROR_PROTOCOL_ERROR, says, "%s",
                                  _("The server did not list its capabilities."));
  return TRUE;
}

static gboolean
imap_starttls (BdProbeSession  *session,
               GError         **error)
{
  g_autoptr(BdImapResponse) response = NULL;

  if (session->greeting_capability != NULL)
    {
      char **capabilities = bd_imap_capabilities_parse (session->greeting_capability);

      bd_probe_session_set_capabilities (session, capabilities, NULL);
    }
  else if (!imap_capabilities (session, error))
    return FALSE;

  if (!bd_imap_capabilities_has ((const char * const *) session->capabilities, "STARTTLS"))
    return bd_probe_session_starttls_not_offered (session, error);

  response = run_command (session, "STARTTLS", error);
  if (response == NULL)
    return FALSE;
  if (response->status != BD_IMAP_STATUS_OK)
    {
      g_autofree char *says = dup_says (response);

      return bd_probe_session_starttls_refused (session, says, error);
    }
  return TRUE;
}

/* A failed login, with any [ALERT] the server sent on the way in front. */
static gboolean
login_refused (BdProbeSession        *session,
               const BdImapResponse  *response,
               GError               **error)
{
  g_autofree char *says = dup_says (response);
  g_autofree char *with_alert = NULL;

  if (session->alert != NULL && g_strcmp0 (response->code, "ALERT") != 0)
    with_alert = g_strdup_printf ("[ALERT] %s — %s", session->alert, says);
  return bd_probe_session_refused (session, error, response->code,
                                   with_alert != NULL ? with_alert : says,
                                   response->status == BD_IMAP_STATUS_BAD
                                     ? BD_ERROR_PROTOCOL_ERROR : BD_ERROR_LOGIN_FAILED);
}

/* RFC 4959 (SASL-IR): the initial response goes with AUTHENTICATE. */
static gboolean
sasl_start (BdProbeSession  *session,
            const char      *mechanism,
            const char      *initial_response,
            GError         **error)
{
  g_autoptr(BdSecretString) line = NULL;
  g_autofree char *shown = NULL;

  if (initial_response == NULL)
    {
      g_autofree char *command = g_strdup_printf ("AUTHENTICATE %s", mechanism);

      return send_command (session, command, TRUE, error);
    }
  if (!check_no_early_reply (session, error))
    return FALSE;
  session->tag++;
  /* An empty initial response is sent as "=" (RFC 4959 §3). */
  line = g_strdup_printf ("A%u AUTHENTICATE %s %s", session->tag, mechanism,
                          initial_response[0] != '\0' ? initial_response : "=");
  shown = g_strdup_printf ("A%u AUTHENTICATE %s " HIDDEN, session->tag, mechanism);
  return bd_probe_session_send_secret (session, line, shown, error);
}

/* Any sane length, but only to a server that announces SASL-IR. */
static gsize
sasl_max_initial_response (BdProbeSession *session)
{
  if (!bd_imap_capabilities_has ((const char * const *) session->capabilities, "SASL-IR"))
    return 0;
  return BD_LINE_READER_MAX_LINE / 2;
}

static BdAuthReply
sasl_read (BdProbeSession  *session,
           char           **challenge,
           GError         **error)
{
  g_autofree char *tag = current_tag (session);

  for (;;)
    {
      g_autoptr(BdImapResponse) response = read_response (session, error);

      if (response == NULL)
        return BD_AUTH_REPLY_FAILURE;
      switch (response->kind)
        {
        case BD_IMAP_RESPONSE_CONTINUATION:
          *challenge = g_strdup (response->text);
          return BD_AUTH_REPLY_CONTINUE;
        case BD_IMAP_RESPONSE_TAGGED:
          if (!g_str_equal (response->tag, tag))
            {
              g_autofree char *says = dup_says (response);

              bd_probe_session_fail (session, error, BD_ERROR_PROTOCOL_ERROR, says, "%s",
                                     _("The server answered a command that was never sent."));
              return BD_AUTH_REPLY_FAILURE;
            }
          if (response->status == BD_IMAP_STATUS_OK)
            return BD_AUTH_REPLY_SUCCESS;
          login_refused (session, response, error);
          return BD_AUTH_REPLY_FAILURE;
        case BD_IMAP_RESPONSE_UNTAGGED:
        default:
          note_untagged (session, response);
        }
    }
}

static const BdSaslFraming imap_framing = {
  "+ ",
  sasl_start,
  sasl_max_initial_response,
  sasl_read,
};

static gboolean
wait_for_continuation (BdProbeSession  *session,
                       GError         **error)
{
  char *challenge = NULL;

  switch (sasl_read (session, &challenge, error))
    {
    case BD_AUTH_REPLY_CONTINUE:
      g_free (challenge);
      return TRUE;
    case BD_AUTH_REPLY_SUCCESS:
      return bd_probe_session_fail (session, error, BD_ERROR_PROTOCOL_ERROR, NULL, "%s",
                                    _("The server answered a login before it was complete."));
    case BD_AUTH_REPLY_FAILURE:
    default:
      return FALSE;
    }
}

/* LOGIN with synchronising literals (RFC 3501 §4.3), for a user name or
 * password that a quoted string cannot carry. */
static gboolean
send_login_literals (BdProbeSession  *session,
                     GError         **error)
{
  g_autofree char *first = g_strdup_printf ("LOGIN {%zu}", strlen (session->username));
  g_autoptr(BdSecretString) second = g_strdup_printf ("%s {%zu}", session->username,
                                                      strlen (session->password));

  return send_command (session, first, TRUE, error) &&
         wait_for_continuation (session, error) &&
         bd_probe_session_send_secret (session, second, HIDDEN, error) &&
         wait_for_continuation (session, error) &&
         bd_probe_session_send_secret (session, session->password, HIDDEN, error);
}

static gboolean
send_login (BdProbeSession  *session,
            GError         **error)
{
  g_autoptr(BdSecretString) user = bd_imap_quote (session->username);
  g_autoptr(BdSecretString) password = bd_imap_quote (session->password);
  g_autoptr(BdSecretString) line = NULL;
  g_autofree char *shown = NULL;

  if (user == NULL || password == NULL)
    return send_login_literals (session, error);

  if (!check_no_early_reply (session, error))
    return FALSE;
  session->tag++;
  line = g_strdup_printf ("A%u LOGIN %s %s", session->tag, user, password);
  shown = g_strdup_printf ("A%u LOGIN " HIDDEN, session->tag);
  return bd_probe_session_send_secret (session, line, shown, error);
}

/* RFC 3501 §6.2.3: LOGIN, for a server without a usable AUTH= mechanism. */
static gboolean
login_command (BdProbeSession  *session,
               GError         **error)
{
  g_autoptr(BdImapResponse) response = NULL;

  if (!send_login (session, error))
    return FALSE;
  response = read_tagged (session, NULL, error);
  if (response == NULL)
    return FALSE;
  if (response->status != BD_IMAP_STATUS_OK)
    return login_refused (session, response, error);
  bd_probe_report_set_login (session->report, BD_PROBE_LOGIN_OK, "LOGIN");
  return TRUE;
}

static gboolean
imap_login (BdProbeSession  *session,
            GError         **error)
{
  const char *mechanism;

  /* PREAUTH over TLS: already in, so there is nothing to prove. */
  if (session->preauth)
    return TRUE;

  mechanism = bd_sasl_choose_mechanism ((const char * const *) session->mechanisms);
  if (mechanism != NULL)
    return bd_probe_session_authenticate (session, &imap_framing, mechanism, error);
  if (!bd_imap_capabilities_has ((const char * const *) session->capabilities, "LOGINDISABLED"))
    return login_command (session, error);
  return bd_probe_session_no_mechanism (session, error);
}

/* Sends LOGOUT unchecked: its reply is not waited for (bd_connection_linger()),
 * so no early one can be taken for it. */
static gboolean
imap_logout (BdProbeSession  *session,
             GError         **error)
{
  return write_command (session, "LOGOUT", FALSE, error);
}

static const BdProtocolDriver imap_driver = {
  imap_greeting,
  imap_capabilities,
  imap_starttls,
  imap_login,
  imap_logout,
};

const BdProtocolDriver *
bd_imap_client_get_driver (void)
{
  return &imap_driver;
}
