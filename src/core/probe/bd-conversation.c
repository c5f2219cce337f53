/* bd-conversation.c
 *
 * What the three protocol drivers share: failing with the server's words,
 * the one door through which credentials leave (and only over verified TLS:
 * security rule 1), and the SASL exchange.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-probe-replies.h"
#include "bd-conversation-private.h"
#include "bd-probe-text.h"
#include "bd-sasl-client-private.h"

#define HIDDEN "<hidden>"
/* SCRAM takes two round trips, the others one or two; more is a server in a loop. */
#define MAX_SASL_ROUNDS 8

/**
 * bd_conversation_fail:
 * @server_says: (nullable): the server's words, as received
 *
 * Returns: %FALSE, with @error set to @code and the formatted message.
 */
gboolean
bd_conversation_fail (BdConversation  *conversation,
                       GError         **error,
                       BdErrorCode      code,
                       const char      *server_says,
                       const char      *format,
                       ...)
{
  va_list args;

  if (server_says != NULL)
    bd_probe_report_set_server_says (conversation->report, server_says);
  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (BD_ERROR, code, format, args));
  va_end (args);
  return FALSE;
}

/* What the person reads when the server says no, by the cause it gave. */
static const struct
{
  BdErrorCode code;
  const char *message;
} refusal_messages[] = {
  { BD_ERROR_LOGIN_FAILED, N_("The server refused the user name or password.") },
  { BD_ERROR_APP_PASSWORD_REQUIRED,
    N_("The server wants an app password, not the account’s usual password.") },
  { BD_ERROR_OAUTH2_REQUIRED,
    N_("The server takes no password for this account; it wants the provider’s "
       "own sign-in.") },
  { BD_ERROR_SERVICE_NOT_ENABLED,
    N_("The server says this kind of access is switched off for the account.") },
  { BD_ERROR_SERVER_UNAVAILABLE, N_("The server says it is unavailable.") },
  { BD_ERROR_LOGIN_DISABLED, N_("The server does not allow a login here.") },
  { BD_ERROR_MECHANISM_UNSUPPORTED, N_("The server refused the login method.") },
  { BD_ERROR_STARTTLS_REFUSED, N_("The server refused to start encryption.") },
};

static const char *
refusal_message (BdErrorCode code)
{
  for (gsize i = 0; i < G_N_ELEMENTS (refusal_messages); i++)
    if (refusal_messages[i].code == code)
      return _(refusal_messages[i].message);
  return _("The server answered with an error.");
}

/**
 * bd_conversation_refused:
 * @code: (nullable): the reply's machine-readable code
 * @says: the reply as the server wrote it
 * @fallback: the error when the reply is not recognised
 *
 * Fails with the error the reply means, recognising the providers' own
 * wording (bd_probe_replies_classify()).
 *
 * Returns: %FALSE
 */
gboolean
bd_conversation_refused (BdConversation  *conversation,
                          GError         **error,
                          const char      *code,
                          const char      *says,
                          BdErrorCode      fallback)
{
  BdErrorCode classified = bd_probe_replies_classify (conversation->protocol, code, says, fallback);
  const char *meaning = bd_probe_replies_describe (conversation->protocol, code, classified);

  return bd_conversation_fail (conversation, error, classified, says, "%s",
                                meaning != NULL ? meaning : refusal_message (classified));
}

/**
 * bd_conversation_starttls_not_offered:
 *
 * Security rule 1: without STARTTLS there is no fallback to plain text.
 *
 * Returns: %FALSE
 */
gboolean
bd_conversation_starttls_not_offered (BdConversation  *conversation,
                                       GError         **error)
{
  return bd_conversation_fail (conversation, error, BD_ERROR_STARTTLS_NOT_OFFERED, NULL, "%s",
                                _("The server does not offer STARTTLS."));
}

/**
 * bd_conversation_starttls_refused:
 * @says: the server's answer to STARTTLS
 *
 * Returns: %FALSE
 */
gboolean
bd_conversation_starttls_refused (BdConversation  *conversation,
                                   const char      *says,
                                   GError         **error)
{
  return bd_conversation_fail (conversation, error, BD_ERROR_STARTTLS_REFUSED, says, "%s",
                                refusal_message (BD_ERROR_STARTTLS_REFUSED));
}

/**
 * bd_conversation_check_no_early_reply:
 *
 * Before a command in POP3 and SMTP, which send nothing unasked: every
 * command sent so far has had its whole reply, so anything received now
 * answers a command not yet sent, pipelined by a broken server or slipped
 * in by someone on the way (replies are easy to guess). Taken for the next
 * command's reply it would put the probe a step out of line with the
 * server: before STARTTLS the handshake would start while the server still
 * waits for the command, and the person would wait the whole deadline for
 * a time-out instead of hearing at once what went wrong.
 *
 * Returns: %FALSE, with `protocol-error` and the first such line, when
 *   something was received.
 */
gboolean
bd_conversation_check_no_early_reply (BdConversation  *conversation,
                                       GError         **error)
{
  g_autofree char *says = NULL;

  if (!bd_connection_receive_available (conversation->connection, error))
    return FALSE;
  says = bd_connection_dup_pending_line (conversation->connection);
  if (says == NULL)
    return TRUE;
  return bd_conversation_fail (conversation, error, BD_ERROR_PROTOCOL_ERROR,
                                says[0] != '\0' ? says : NULL, "%s",
                                _("The server answered a command that was never sent."));
}

/**
 * bd_conversation_send_secret:
 * @shown: what the transcript shows instead of @line
 *
 * Sends a line that carries a credential, or a command that asks to log in.
 * Security rule 1 of DESIGN.md is enforced here, whatever the caller did:
 * nothing is sent unless TLS is up and its certificate verified or pinned.
 */
gboolean
bd_conversation_send_secret (BdConversation  *conversation,
                              const char      *line,
                              const char      *shown,
                              GError         **error)
{
  if (!conversation->secure)
    return bd_conversation_fail (conversation, error, BD_ERROR_INSECURE_SERVER, NULL, "%s",
                                  _("Brevduva never logs in without verified encryption."));
  conversation->logging_in = TRUE;
  return bd_connection_write_line (conversation->connection, line, shown, error);
}

/**
 * bd_conversation_read_greeting:
 *
 * Reads the greeting's first line. A server that answers with TLS records
 * instead fails with `tls-on-plaintext-port`.
 */
gboolean
bd_conversation_read_greeting (BdConversation  *conversation,
                                char           **line,
                                GError         **error)
{
  gboolean ok;

  bd_connection_set_expect_text (conversation->connection, TRUE);
  ok = bd_connection_read_line (conversation->connection, line, error);
  bd_connection_set_expect_text (conversation->connection, FALSE);
  return ok;
}

/**
 * bd_conversation_set_capabilities:
 * @capabilities: (transfer full): the list the server announced
 * @mechanisms: (transfer full): the SASL mechanisms among them
 *
 * Only a list learned over TLS reaches the report (security rule 2).
 */
void
bd_conversation_set_capabilities (BdConversation  *conversation,
                                   char           **capabilities,
                                   char           **mechanisms)
{
  g_strfreev (conversation->capabilities);
  conversation->capabilities = capabilities;
  g_strfreev (conversation->mechanisms);
  conversation->mechanisms = mechanisms;
  if (conversation->secure)
    {
      bd_probe_report_set_capabilities (conversation->report,
                                        (const char * const *) capabilities);
      bd_probe_report_set_auth_mechanisms (conversation->report,
                                           (const char * const *) mechanisms);
    }
}

static gboolean
answer_challenge (BdConversation  *conversation,
                  BdSaslClient    *sasl,
                  const char      *challenge,
                  GError         **error)
{
  char *response = NULL;
  gboolean ok;

  if (!bd_sasl_client_step (sasl, challenge, &response, error))
    {
      /* "*" cancels the exchange (RFC 4422 §3.5). */
      bd_connection_write_line (conversation->connection, "*", NULL, NULL);
      return FALSE;
    }
  ok = bd_conversation_send_secret (conversation, response, HIDDEN, error);
  bd_sasl_free_secret (response);
  return ok;
}

static gboolean
exchange (BdConversation       *conversation,
          const BdSaslFraming  *framing,
          BdSaslClient         *sasl,
          GError              **error)
{
  for (guint round = 0; round < MAX_SASL_ROUNDS; round++)
    {
      g_autofree char *challenge = NULL;

      switch (framing->read (conversation, &challenge, error))
        {
        case BD_AUTH_REPLY_CONTINUE:
          if (!answer_challenge (conversation, sasl, challenge, error))
            return FALSE;
          break;
        case BD_AUTH_REPLY_SUCCESS:
          /* SCRAM: a server that says yes without proving that it knows the
           * password may be anyone (RFC 5802 §9). */
          if (bd_sasl_client_proves_server (sasl) && !bd_sasl_client_is_finished (sasl))
            return bd_conversation_fail (conversation, error, BD_ERROR_PROTOCOL_ERROR, NULL, "%s",
                                          _("The server accepted the login without proving "
                                            "that it knows the password."));
          return TRUE;
        case BD_AUTH_REPLY_FAILURE:
        default:
          return FALSE;
        }
    }
  return bd_conversation_fail (conversation, error, BD_ERROR_PROTOCOL_ERROR, NULL, "%s",
                                _("The server’s login exchange did not end."));
}

/**
 * bd_conversation_start_auth:
 * @initial_response: (nullable): the mechanism's first message in base64
 *
 * Sends `AUTH MECHANISM [INITIAL-RESPONSE]`, which begins a SASL exchange
 * in POP3 (RFC 5034 §4) and SMTP (RFC 4954 §4).
 */
gboolean
bd_conversation_start_auth (BdConversation  *conversation,
                             const char      *mechanism,
                             const char      *initial_response,
                             GError         **error)
{
  g_autofree char *shown = NULL;
  g_autoptr(BdSecretString) command = NULL;

  if (initial_response == NULL)
    {
      command = g_strdup_printf ("AUTH %s", mechanism);
      return bd_conversation_send_secret (conversation, command, command, error);
    }
  /* RFC 4954 §4: an empty initial response is sent as "=". */
  command = g_strdup_printf ("AUTH %s %s", mechanism,
                             initial_response[0] != '\0' ? initial_response : "=");
  shown = g_strdup_printf ("AUTH %s " HIDDEN, mechanism);
  return bd_conversation_send_secret (conversation, command, shown, error);
}

/**
 * bd_conversation_authenticate:
 *
 * Logs in with @mechanism, framed as the protocol frames it.
 */
gboolean
bd_conversation_authenticate (BdConversation       *conversation,
                               const BdSaslFraming  *framing,
                               const char           *mechanism,
                               GError              **error)
{
  g_autoptr(BdSaslClient) sasl = NULL;
  char *first = NULL;
  gsize limit;
  gboolean ok;

  if (!conversation->secure)
    return bd_conversation_send_secret (conversation, "", NULL, error);
  sasl = bd_sasl_client_new (mechanism, conversation->username, conversation->password, error);
  if (sasl == NULL)
    return FALSE;
  /* A mechanism that speaks first sends its first message with the command
   * (RFC 4422 §5's initial response) where the protocol and the server take
   * one that long: a round trip less. */
  limit = framing->max_initial_response (conversation);
  if (limit > 0 && bd_sasl_client_sends_first (sasl))
    {
      if (!bd_sasl_client_step (sasl, "", &first, error))
        return FALSE;
      if (strlen (first) > limit)
        {
          /* Too long for the command line: the mechanism starts again and
           * answers the server's empty challenge instead. */
          g_clear_pointer (&first, bd_sasl_free_secret);
          g_clear_pointer (&sasl, bd_sasl_client_free);
          sasl = bd_sasl_client_new (mechanism, conversation->username, conversation->password, error);
          if (sasl == NULL)
            return FALSE;
        }
    }
  ok = framing->start (conversation, bd_sasl_client_get_mechanism (sasl), first, error);
  bd_sasl_free_secret (first);
  if (!ok)
    return FALSE;

  bd_connection_set_masked_prefix (conversation->connection, framing->challenge_prefix);
  ok = exchange (conversation, framing, sasl, error);
  bd_connection_set_masked_prefix (conversation->connection, NULL);
  if (ok)
    bd_probe_report_set_login (conversation->report, BD_PROBE_LOGIN_OK,
                               bd_sasl_client_get_mechanism (sasl));
  return ok;
}

/**
 * bd_conversation_no_mechanism:
 *
 * Fails for a server that offers no way in: `login-disabled` when it offers
 * no mechanism at all, `mechanism-unsupported` when none Brevduva knows.
 */
gboolean
bd_conversation_no_mechanism (BdConversation  *conversation,
                               GError         **error)
{
  g_autofree char *joined = NULL;
  g_autofree char *offered = NULL;

  if (conversation->mechanisms == NULL || conversation->mechanisms[0] == NULL)
    return bd_conversation_fail (conversation, error, BD_ERROR_LOGIN_DISABLED, NULL, "%s",
                                  _("The server offers no way to log in over this "
                                    "connection."));
  joined = g_strjoinv (", ", conversation->mechanisms);
  offered = bd_probe_text_sanitize (joined, -1, BD_PROBE_TEXT_MAX_CHARS);
  return bd_conversation_fail (conversation, error, BD_ERROR_MECHANISM_UNSUPPORTED, NULL,
                                _("The server offers only login methods Brevduva does not "
                                  "use: %s."), offered);
}

void
bd_conversation_clear (BdConversation *conversation)
{
  g_clear_pointer (&conversation->connection, bd_connection_free);
  g_clear_pointer (&conversation->capabilities, g_strfreev);
  g_clear_pointer (&conversation->mechanisms, g_strfreev);
  g_clear_pointer (&conversation->greeting_capability, g_free);
  g_clear_pointer (&conversation->alert, g_free);
}
