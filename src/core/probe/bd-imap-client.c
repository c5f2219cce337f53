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
#include "bd-conversation-private.h"
#include "bd-sasl-client-private.h"

#define HIDDEN "<hidden>"

static char *
current_tag (BdConversation *conversation)
{
  return g_strdup_printf ("A%u", conversation->tag);
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
skip_literals (BdConversation  *conversation,
               const char      *line,
               GError         **error)
{
  g_autofree char *rest = NULL;
  gsize size;

  while (bd_imap_line_get_literal (rest != NULL ? rest : line, &size))
    {
      if (size > BD_CONNECTION_MAX_RESPONSE)
        return bd_conversation_fail (conversation, error, BD_ERROR_RESPONSE_TOO_LONG, NULL, "%s",
                                      _("The server announced more data than any answer "
                                        "needs."));
      g_clear_pointer (&rest, g_free);
      if (!bd_connection_skip (conversation->connection, size, error) ||
          !bd_connection_read_line (conversation->connection, &rest, error))
        return FALSE;
    }
  return TRUE;
}

static BdImapResponse *
read_response (BdConversation  *conversation,
               GError         **error)
{
  g_autofree char *line = NULL;
  BdImapResponse *response;

  if (!bd_connection_read_line (conversation->connection, &line, error) ||
      !skip_literals (conversation, line, error))
    return NULL;
  response = bd_imap_response_parse (line, error);
  if (response == NULL)
    bd_probe_report_set_server_says (conversation->report, line);
  return response;
}

/* Untagged data on the way to a tagged reply: a capability list or an alert. */
static void
note_untagged (BdConversation *conversation,
               BdImapResponse *response)
{
  /* After a login the server may announce its logged-in capabilities
   * (Dovecot does, RFC 3501 §7.2.1), which no longer list AUTH=: the
   * report keeps the list that was offered for logging in. */
  if (g_strcmp0 (response->name, "CAPABILITY") == 0 && !conversation->logging_in)
    {
      char **capabilities = bd_imap_capabilities_parse (response->text);

      bd_conversation_set_capabilities (conversation, capabilities,
                                         bd_imap_capabilities_dup_mechanisms (
                                           (const char * const *) capabilities));
    }
  if (g_strcmp0 (response->code, "ALERT") == 0)
    {
      g_free (conversation->alert);
      conversation->alert = g_strdup (response->text);
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
read_tagged (BdConversation  *conversation,
             gboolean        *bye,
             GError         **error)
{
  g_autofree char *tag = current_tag (conversation);

  for (;;)
    {
      g_autoptr(BdImapResponse) response = read_response (conversation, error);
      g_autofree char *says = NULL;

      if (response == NULL)
        return NULL;
      says = dup_says (response);
      if (response->kind == BD_IMAP_RESPONSE_TAGGED && g_str_equal (response->tag, tag))
        return g_steal_pointer (&response);
      if (response->kind == BD_IMAP_RESPONSE_TAGGED)
        {
          g_autofree char *tagged = g_strdup_printf ("%s %s", response->tag, says);

          bd_conversation_fail (conversation, error, BD_ERROR_PROTOCOL_ERROR, tagged, "%s",
                                 _("The server answered a command that was never sent."));
          return NULL;
        }
      if (response->kind == BD_IMAP_RESPONSE_CONTINUATION)
        {
          bd_conversation_fail (conversation, error, BD_ERROR_PROTOCOL_ERROR, says, "%s",
                                 _("The server asked for more of a command that was "
                                   "complete."));
          return NULL;
        }
      if (response->status == BD_IMAP_STATUS_BYE && bye == NULL)
        {
          bd_conversation_refused (conversation, error, response->code, says,
                                    BD_ERROR_SERVER_UNAVAILABLE);
          return NULL;
        }
      if (response->status == BD_IMAP_STATUS_BYE)
        *bye = TRUE;
      note_untagged (conversation, response);
    }
}

/* Before a command: a reply already waiting answers a command not yet
 * sent (bd_imap_pending_find_reply()). With tags as easy to guess as A1,
 * A2, … it would be taken for the command's own reply; before STARTTLS the
 * handshake would then start while the server still waits for the
 * command. */
static gboolean
check_no_early_reply (BdConversation  *conversation,
                      GError         **error)
{
  g_autoptr(GBytes) pending = NULL;
  g_autofree char *reply = NULL;
  gsize size;
  const guint8 *data;

  if (!bd_connection_receive_available (conversation->connection, error))
    return FALSE;
  pending = bd_connection_peek_pending (conversation->connection);
  data = g_bytes_get_data (pending, &size);
  if (!bd_imap_pending_find_reply (data, size, &reply))
    return TRUE;
  return bd_conversation_fail (conversation, error, BD_ERROR_PROTOCOL_ERROR, reply, "%s",
                                _("The server answered a command that was never sent."));
}

/* Sends a command under the next tag, unchecked. */
static gboolean
write_command (BdConversation  *conversation,
               const char      *command,
               gboolean         asks_to_log_in,
               GError         **error)
{
  g_autofree char *line = NULL;

  conversation->tag++;
  line = g_strdup_printf ("A%u %s", conversation->tag, command);
  if (asks_to_log_in)
    return bd_conversation_send_secret (conversation, line, line, error);
  return bd_connection_write_line (conversation->connection, line, NULL, error);
}

static gboolean
send_command (BdConversation  *conversation,
              const char      *command,
              gboolean         asks_to_log_in,
              GError         **error)
{
  return check_no_early_reply (conversation, error) &&
         write_command (conversation, command, asks_to_log_in, error);
}

static BdImapResponse *
run_command (BdConversation  *conversation,
             const char      *command,
             GError         **error)
{
  if (!send_command (conversation, command, FALSE, error))
    return NULL;
  return read_tagged (conversation, NULL, error);
}

static gboolean
imap_greeting (BdConversation  *conversation,
               GError         **error)
{
  g_autofree char *line = NULL;
  g_autoptr(BdImapResponse) response = NULL;
  g_autofree char *says = NULL;

  if (!bd_conversation_read_greeting (conversation, &line, error))
    return FALSE;
  response = bd_imap_response_parse (line, NULL);
  if (response == NULL || response->kind != BD_IMAP_RESPONSE_UNTAGGED ||
      response->status == BD_IMAP_STATUS_NONE)
    return bd_conversation_fail (conversation, error, BD_ERROR_PROTOCOL_ERROR, line, "%s",
                                  _("The server’s greeting is not an IMAP greeting."));

  says = dup_says (response);
  switch (response->status)
    {
    case BD_IMAP_STATUS_OK:
      if (g_strcmp0 (response->code, "CAPABILITY") == 0 && response->code_data != NULL)
        conversation->greeting_capability = g_strdup (response->code_data);
      return TRUE;
    case BD_IMAP_STATUS_PREAUTH:
      /* Authenticated before TLS: whatever follows could be anyone's conversation. */
      if (!conversation->secure)
        return bd_conversation_fail (conversation, error, BD_ERROR_PREAUTH_REFUSED, says, "%s",
                                      _("The server logged Brevduva in before encryption was "
                                        "set up (PREAUTH)."));
      conversation->preauth = TRUE;
      return TRUE;
    case BD_IMAP_STATUS_BYE:
      return bd_conversation_refused (conversation, error, response->code, says,
                                       BD_ERROR_SERVER_UNAVAILABLE);
    case BD_IMAP_STATUS_NONE:
    case BD_IMAP_STATUS_NO:
    case BD_IMAP_STATUS_BAD:
    default:
      return bd_conversation_fail (conversation, error, BD_ERROR_PROTOCOL_ERROR, says, "%s",
                                    _("The server’s greeting is not an IMAP greeting."));
    }
}

/* RFC 3501 §7.1: a greeting's CAPABILITY code is the list CAPABILITY
 * would answer, so over verified TLS it saves that round trip. Before TLS
 * it only finds STARTTLS, and the TLS step forgets it (security rule 2). */
static gboolean
take_greeting_capabilities (BdConversation *conversation)
{
  g_auto(GStrv) capabilities = NULL;
  char **mechanisms;

  if (conversation->greeting_capability == NULL || !conversation->secure)
    return FALSE;
  capabilities = bd_imap_capabilities_parse (conversation->greeting_capability);
  g_clear_pointer (&conversation->greeting_capability, g_free);
  if (capabilities == NULL || capabilities[0] == NULL)
    return FALSE;
  mechanisms = bd_imap_capabilities_dup_mechanisms ((const char * const *) capabilities);
  bd_conversation_set_capabilities (conversation, g_steal_pointer (&capabilities), mechanisms);
  return TRUE;
}

static gboolean
imap_capabilities (BdConversation  *conversation,
                   GError         **error)
{
  g_autoptr(BdImapResponse) response = NULL;
  g_autofree char *says = NULL;

  bd_conversation_set_capabilities (conversation, NULL, NULL);
  if (take_greeting_capabilities (conversation))
    return TRUE;
  response = run_command (conversation, "CAPABILITY", error);
  if (response == NULL)
    return FALSE;
  says = dup_says (response);
  if (response->status != BD_IMAP_STATUS_OK)
    return bd_conversation_refused (conversation, error, response->code, says,
                                     BD_ERROR_PROTOCOL_ERROR);
  if (conversation->capabilities == NULL)
    return bd_conversation_fail (conversation, error, BD_ERROR_PROTOCOL_ERROR, says, "%s",
                                  _("The server did not list its capabilities."));
  return TRUE;
}

static gboolean
imap_starttls (BdConversation  *conversation,
               GError         **error)
{
  g_autoptr(BdImapResponse) response = NULL;

  if (conversation->greeting_capability != NULL)
    {
      char **capabilities = bd_imap_capabilities_parse (conversation->greeting_capability);

      bd_conversation_set_capabilities (conversation, capabilities, NULL);
    }
  else if (!imap_capabilities (conversation, error))
    return FALSE;

  if (!bd_imap_capabilities_has ((const char * const *) conversation->capabilities, "STARTTLS"))
    return bd_conversation_starttls_not_offered (conversation, error);

  response = run_command (conversation, "STARTTLS", error);
  if (response == NULL)
    return FALSE;
  if (response->status != BD_IMAP_STATUS_OK)
    {
      g_autofree char *says = dup_says (response);

      return bd_conversation_starttls_refused (conversation, says, error);
    }
  return TRUE;
}

/* A failed login, with any [ALERT] the server sent on the way in front. */
static gboolean
login_refused (BdConversation        *conversation,
               const BdImapResponse  *response,
               GError               **error)
{
  g_autofree char *says = dup_says (response);
  g_autofree char *with_alert = NULL;

  if (conversation->alert != NULL && g_strcmp0 (response->code, "ALERT") != 0)
    with_alert = g_strdup_printf ("[ALERT] %s — %s", conversation->alert, says);
  return bd_conversation_refused (conversation, error, response->code,
                                   with_alert != NULL ? with_alert : says,
                                   response->status == BD_IMAP_STATUS_BAD
                                     ? BD_ERROR_PROTOCOL_ERROR : BD_ERROR_LOGIN_FAILED);
}

/* RFC 4959 (SASL-IR): the initial response goes with AUTHENTICATE. */
static gboolean
sasl_start (BdConversation  *conversation,
            const char      *mechanism,
            const char      *initial_response,
            GError         **error)
{
  g_autoptr(BdSecretString) line = NULL;
  g_autofree char *shown = NULL;

  if (initial_response == NULL)
    {
      g_autofree char *command = g_strdup_printf ("AUTHENTICATE %s", mechanism);

      return send_command (conversation, command, TRUE, error);
    }
  if (!check_no_early_reply (conversation, error))
    return FALSE;
  conversation->tag++;
  /* An empty initial response is sent as "=" (RFC 4959 §3). */
  line = g_strdup_printf ("A%u AUTHENTICATE %s %s", conversation->tag, mechanism,
                          initial_response[0] != '\0' ? initial_response : "=");
  shown = g_strdup_printf ("A%u AUTHENTICATE %s " HIDDEN, conversation->tag, mechanism);
  return bd_conversation_send_secret (conversation, line, shown, error);
}

/* Any sane length, but only to a server that announces SASL-IR. */
static gsize
sasl_max_initial_response (BdConversation *conversation)
{
  if (!bd_imap_capabilities_has ((const char * const *) conversation->capabilities, "SASL-IR"))
    return 0;
  return BD_LINE_READER_MAX_LINE / 2;
}

static BdAuthReply
sasl_read (BdConversation  *conversation,
           char           **challenge,
           GError         **error)
{
  g_autofree char *tag = current_tag (conversation);

  for (;;)
    {
      g_autoptr(BdImapResponse) response = read_response (conversation, error);

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

              bd_conversation_fail (conversation, error, BD_ERROR_PROTOCOL_ERROR, says, "%s",
                                     _("The server answered a command that was never sent."));
              return BD_AUTH_REPLY_FAILURE;
            }
          if (response->status == BD_IMAP_STATUS_OK)
            return BD_AUTH_REPLY_SUCCESS;
          login_refused (conversation, response, error);
          return BD_AUTH_REPLY_FAILURE;
        case BD_IMAP_RESPONSE_UNTAGGED:
        default:
          note_untagged (conversation, response);
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
wait_for_continuation (BdConversation  *conversation,
                       GError         **error)
{
  char *challenge = NULL;

  switch (sasl_read (conversation, &challenge, error))
    {
    case BD_AUTH_REPLY_CONTINUE:
      g_free (challenge);
      return TRUE;
    case BD_AUTH_REPLY_SUCCESS:
      return bd_conversation_fail (conversation, error, BD_ERROR_PROTOCOL_ERROR, NULL, "%s",
                                    _("The server answered a login before it was complete."));
    case BD_AUTH_REPLY_FAILURE:
    default:
      return FALSE;
    }
}

/* LOGIN with synchronising literals (RFC 3501 §4.3), for a user name or
 * password that a quoted string cannot carry. */
static gboolean
send_login_literals (BdConversation  *conversation,
                     GError         **error)
{
  g_autofree char *first = g_strdup_printf ("LOGIN {%zu}", strlen (conversation->username));
  g_autoptr(BdSecretString) second = g_strdup_printf ("%s {%zu}", conversation->username,
                                                      strlen (conversation->password));

  return send_command (conversation, first, TRUE, error) &&
         wait_for_continuation (conversation, error) &&
         bd_conversation_send_secret (conversation, second, HIDDEN, error) &&
         wait_for_continuation (conversation, error) &&
         bd_conversation_send_secret (conversation, conversation->password, HIDDEN, error);
}

static gboolean
send_login (BdConversation  *conversation,
            GError         **error)
{
  g_autoptr(BdSecretString) user = bd_imap_quote (conversation->username);
  g_autoptr(BdSecretString) password = bd_imap_quote (conversation->password);
  g_autoptr(BdSecretString) line = NULL;
  g_autofree char *shown = NULL;

  if (user == NULL || password == NULL)
    return send_login_literals (conversation, error);

  if (!check_no_early_reply (conversation, error))
    return FALSE;
  conversation->tag++;
  line = g_strdup_printf ("A%u LOGIN %s %s", conversation->tag, user, password);
  shown = g_strdup_printf ("A%u LOGIN " HIDDEN, conversation->tag);
  return bd_conversation_send_secret (conversation, line, shown, error);
}

/* RFC 3501 §6.2.3: LOGIN, for a server without a usable AUTH= mechanism. */
static gboolean
login_command (BdConversation  *conversation,
               GError         **error)
{
  g_autoptr(BdImapResponse) response = NULL;

  if (!send_login (conversation, error))
    return FALSE;
  response = read_tagged (conversation, NULL, error);
  if (response == NULL)
    return FALSE;
  if (response->status != BD_IMAP_STATUS_OK)
    return login_refused (conversation, response, error);
  bd_probe_report_set_login (conversation->report, BD_PROBE_LOGIN_OK, "LOGIN");
  return TRUE;
}

static gboolean
imap_login (BdConversation  *conversation,
            GError         **error)
{
  const char *mechanism;

  /* PREAUTH over TLS: already in, so there is nothing to prove. */
  if (conversation->preauth)
    return TRUE;

  mechanism = bd_sasl_choose_mechanism ((const char * const *) conversation->mechanisms);
  if (mechanism != NULL)
    return bd_conversation_authenticate (conversation, &imap_framing, mechanism, error);
  if (!bd_imap_capabilities_has ((const char * const *) conversation->capabilities, "LOGINDISABLED"))
    return login_command (conversation, error);
  return bd_conversation_no_mechanism (conversation, error);
}

/* Sends LOGOUT unchecked: its reply is not waited for (bd_connection_linger()),
 * so no early one can be taken for it. */
static gboolean
imap_logout (BdConversation  *conversation,
             GError         **error)
{
  return write_command (conversation, "LOGOUT", FALSE, error);
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
