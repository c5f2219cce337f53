/* bd-pop3-client.c: the POP3 side of a probe (RFC 1939, RFC 2449, RFC 2595, RFC 5034)
 *
 * No command goes out while the server has said something not yet read: it
 * could only answer a command not yet sent
 * (bd_conversation_check_no_early_reply()).
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-pop3-parser.h"
#include "bd-conversation-private.h"
#include "bd-sasl-client-private.h"

#define HIDDEN "<hidden>"

static BdPop3Reply *
read_reply (BdConversation  *conversation,
            char           **line,
            GError         **error)
{
  BdPop3Reply *reply;

  if (!bd_connection_read_line (conversation->connection, line, error))
    return NULL;
  reply = bd_pop3_reply_parse (*line, error);
  if (reply == NULL)
    bd_probe_report_set_server_says (conversation->report, *line);
  return reply;
}

/* Sends @command and reads its one-line reply; -ERR fails with what it means. */
static BdPop3Reply *
run_command (BdConversation  *conversation,
             const char      *command,
             const char      *shown,
             BdErrorCode      fallback,
             GError         **error)
{
  g_autofree char *line = NULL;
  g_autoptr(BdPop3Reply) reply = NULL;
  gboolean sent;

  if (!bd_conversation_check_no_early_reply (conversation, error))
    return NULL;
  sent = shown != NULL ? bd_conversation_send_secret (conversation, command, shown, error)
                       : bd_connection_write_line (conversation->connection, command, NULL, error);
  if (!sent)
    return NULL;
  reply = read_reply (conversation, &line, error);
  if (reply == NULL)
    return NULL;
  if (reply->kind == BD_POP3_REPLY_ERR)
    {
      bd_conversation_refused (conversation, error, reply->code, line, fallback);
      return NULL;
    }
  if (reply->kind != BD_POP3_REPLY_OK)
    {
      bd_conversation_fail (conversation, error, BD_ERROR_PROTOCOL_ERROR, line, "%s",
                             _("The server’s answer is not a POP3 reply."));
      return NULL;
    }
  return g_steal_pointer (&reply);
}

static gboolean
pop3_greeting (BdConversation  *conversation,
               GError         **error)
{
  g_autofree char *line = NULL;
  g_autoptr(BdPop3Reply) reply = NULL;

  if (!bd_conversation_read_greeting (conversation, &line, error))
    return FALSE;
  reply = bd_pop3_reply_parse (line, NULL);
  if (reply == NULL || reply->kind == BD_POP3_REPLY_CONTINUATION)
    return bd_conversation_fail (conversation, error, BD_ERROR_PROTOCOL_ERROR, line, "%s",
                                  _("The server’s greeting is not a POP3 greeting."));
  if (reply->kind == BD_POP3_REPLY_ERR)
    return bd_conversation_refused (conversation, error, reply->code, line,
                                     BD_ERROR_SERVER_UNAVAILABLE);
  return TRUE;
}

/* The lines of a multi-line reply, up to the "." (RFC 1939 §3). */
static char **
read_multiline (BdConversation  *conversation,
                GError         **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (;;)
    {
      g_autofree char *line = NULL;
      const char *content;
      gboolean end;

      if (!bd_connection_read_line (conversation->connection, &line, error))
        return NULL;
      content = bd_pop3_multiline_unstuff (line, &end);
      if (end)
        return g_strv_builder_end (builder);
      g_strv_builder_add (builder, content);
    }
}

/* RFC 2449 §5: CAPA. A server without it has no capabilities to tell. */
static gboolean
pop3_capabilities (BdConversation  *conversation,
                   GError         **error)
{
  g_autofree char *line = NULL;
  g_autoptr(BdPop3Reply) reply = NULL;
  char **capabilities;

  if (!bd_conversation_check_no_early_reply (conversation, error) ||
      !bd_connection_write_line (conversation->connection, "CAPA", NULL, error))
    return FALSE;
  reply = read_reply (conversation, &line, error);
  if (reply == NULL)
    return FALSE;
  if (reply->kind == BD_POP3_REPLY_ERR)
    {
      bd_conversation_set_capabilities (conversation, g_new0 (char *, 1), g_new0 (char *, 1));
      return TRUE;
    }
  if (reply->kind != BD_POP3_REPLY_OK)
    return bd_conversation_fail (conversation, error, BD_ERROR_PROTOCOL_ERROR, line, "%s",
                                  _("The server’s answer is not a POP3 reply."));

  capabilities = read_multiline (conversation, error);
  if (capabilities == NULL)
    return FALSE;
  bd_conversation_set_capabilities (conversation, capabilities,
                                     bd_pop3_capabilities_get_mechanisms (
                                       (const char * const *) capabilities));
  return TRUE;
}

/* RFC 2595 §4: STLS. */
static gboolean
pop3_starttls (BdConversation  *conversation,
               GError         **error)
{
  g_autofree char *line = NULL;
  g_autoptr(BdPop3Reply) reply = NULL;

  if (!pop3_capabilities (conversation, error))
    return FALSE;
  if (!bd_pop3_capabilities_has ((const char * const *) conversation->capabilities, "STLS"))
    return bd_conversation_starttls_not_offered (conversation, error);

  if (!bd_conversation_check_no_early_reply (conversation, error) ||
      !bd_connection_write_line (conversation->connection, "STLS", NULL, error))
    return FALSE;
  reply = read_reply (conversation, &line, error);
  if (reply == NULL)
    return FALSE;
  if (reply->kind != BD_POP3_REPLY_OK)
    return bd_conversation_starttls_refused (conversation, line, error);
  return TRUE;
}

static BdAuthReply
sasl_read (BdConversation  *conversation,
           char           **challenge,
           GError         **error)
{
  g_autofree char *line = NULL;
  g_autoptr(BdPop3Reply) reply = read_reply (conversation, &line, error);

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
      bd_conversation_refused (conversation, error, reply->code, line, BD_ERROR_LOGIN_FAILED);
      return BD_AUTH_REPLY_FAILURE;
    }
}

/* RFC 5034 §4: the AUTH command with its initial response must stay within
 * 255 octets: "AUTH", the longest mechanism name Brevduva uses, two spaces
 * and CRLF leave 234. */
static gsize
sasl_max_initial_response (BdConversation *conversation)
{
  return 255 - strlen ("AUTH SCRAM-SHA-256 ") - 2;
}

static gboolean
sasl_start (BdConversation  *conversation,
            const char      *mechanism,
            const char      *initial_response,
            GError         **error)
{
  return bd_conversation_check_no_early_reply (conversation, error) &&
         bd_conversation_start_auth (conversation, mechanism, initial_response, error);
}

static const BdSaslFraming pop3_framing = {
  "+ ",
  sasl_start,
  sasl_max_initial_response,
  sasl_read,
};

/* RFC 1939 §7: USER and PASS, for a server without a usable SASL mechanism. */
static gboolean
user_pass (BdConversation  *conversation,
           GError         **error)
{
  g_autoptr(BdSecretString) user = g_strdup_printf ("USER %s", conversation->username);
  g_autoptr(BdSecretString) pass = g_strdup_printf ("PASS %s", conversation->password);
  g_autoptr(BdPop3Reply) reply = NULL;

  reply = run_command (conversation, user, "USER " HIDDEN, BD_ERROR_LOGIN_FAILED, error);
  if (reply == NULL)
    return FALSE;
  g_clear_pointer (&reply, bd_pop3_reply_free);
  reply = run_command (conversation, pass, "PASS " HIDDEN, BD_ERROR_LOGIN_FAILED, error);
  if (reply == NULL)
    return FALSE;
  bd_probe_report_set_login (conversation->report, BD_PROBE_LOGIN_OK, "USER");
  return TRUE;
}

static gboolean
pop3_login (BdConversation  *conversation,
            GError         **error)
{
  const char *mechanism = bd_sasl_choose_mechanism ((const char * const *) conversation->mechanisms);

  if (mechanism != NULL)
    return bd_conversation_authenticate (conversation, &pop3_framing, mechanism, error);
  /* A server without CAPA may still take USER; one with CAPA says so (RFC 2449 §6.8). */
  if (conversation->capabilities == NULL || conversation->capabilities[0] == NULL ||
      bd_pop3_capabilities_has ((const char * const *) conversation->capabilities, "USER"))
    return user_pass (conversation, error);
  return bd_conversation_no_mechanism (conversation, error);
}

/* Sends QUIT; its reply is not waited for (bd_connection_linger()). */
static gboolean
pop3_logout (BdConversation  *conversation,
             GError         **error)
{
  return bd_connection_write_line (conversation->connection, "QUIT", NULL, error);
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
