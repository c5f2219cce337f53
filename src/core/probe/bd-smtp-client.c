/* bd-smtp-client.c: the SMTP submission side of a probe (RFC 5321, RFC 3207, RFC 4954)
 *
 * No command goes out while the server has said something not yet read: it
 * could only answer a command not yet sent (check_no_early_reply()).
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-conversation-private.h"
#include "bd-sasl-client-private.h"
#include "bd-smtp-parser.h"

#define SMTP_READY 220
#define SMTP_AUTH_OK 235
#define SMTP_OK 250
#define SMTP_CHALLENGE 334

static BdSmtpReply *
read_reply (BdConversation  *conversation,
            gboolean         greeting,
            GError         **error)
{
  g_autoptr(BdSmtpReply) reply = bd_smtp_reply_new ();

  while (!reply->complete)
    {
      g_autofree char *line = NULL;
      gboolean ok = greeting && reply->lines->len == 0
                    ? bd_conversation_read_greeting (conversation, &line, error)
                    : bd_connection_read_line (conversation->connection, &line, error);

      if (!ok)
        return NULL;
      if (!bd_smtp_reply_add_line (reply, line, error))
        {
          bd_probe_report_set_server_says (conversation->report, line);
          return NULL;
        }
    }
  return g_steal_pointer (&reply);
}

/* The reply as the server wrote it: "535 5.7.8 Authentication credentials invalid". */
static char *
dup_says (BdSmtpReply *reply)
{
  g_autofree char *text = bd_smtp_reply_dup_text (reply);

  return g_strdup_printf ("%03u %s", reply->code, text);
}

static gboolean
refused (BdConversation  *conversation,
         BdSmtpReply     *reply,
         BdErrorCode      fallback,
         GError         **error)
{
  g_autofree char *code = bd_smtp_reply_dup_code (reply);
  g_autofree char *says = dup_says (reply);

  return bd_conversation_refused (conversation, error, code, says, fallback);
}

/* "421", "421 text" or the first line of a multi-line 421 (RFC 5321 §4.2). */
static gboolean
is_shutdown_line (const char *line)
{
  return g_str_has_prefix (line, "421") && (line[3] == '\0' || line[3] == ' ' || line[3] == '-');
}

/* Before a command (bd_conversation_check_no_early_reply()). A server
 * that is shutting down may say 421 without waiting for one (RFC 5321
 * §3.8): that is no broken protocol. */
static gboolean
check_no_early_reply (BdConversation  *conversation,
                      GError         **error)
{
  g_autofree char *first = NULL;
  g_autoptr(BdSmtpReply) reply = NULL;

  if (!bd_connection_receive_available (conversation->connection, error))
    return FALSE;
  first = bd_connection_dup_pending_line (conversation->connection);
  if (first == NULL || !is_shutdown_line (first))
    return bd_conversation_check_no_early_reply (conversation, error);
  reply = read_reply (conversation, FALSE, error);
  return reply != NULL && refused (conversation, reply, BD_ERROR_SERVER_UNAVAILABLE, error);
}

static BdSmtpReply *
run_command (BdConversation  *conversation,
             const char      *command,
             GError         **error)
{
  if (!check_no_early_reply (conversation, error) ||
      !bd_connection_write_line (conversation->connection, command, NULL, error))
    return NULL;
  return read_reply (conversation, FALSE, error);
}

static gboolean
smtp_greeting (BdConversation  *conversation,
               GError         **error)
{
  g_autoptr(BdSmtpReply) reply = read_reply (conversation, TRUE, error);

  if (reply == NULL)
    return FALSE;
  /* 554 at the greeting: "no SMTP service here" (RFC 5321 §3.1). */
  if (reply->code == 554 || reply->code / 100 == 4)
    return refused (conversation, reply, BD_ERROR_SERVER_UNAVAILABLE, error);
  if (reply->code != SMTP_READY)
    {
      g_autofree char *says = dup_says (reply);

      return bd_conversation_fail (conversation, error, BD_ERROR_PROTOCOL_ERROR, says, "%s",
                                    _("The server’s greeting is not an SMTP greeting."));
    }
  return TRUE;
}

static gboolean
smtp_capabilities (BdConversation  *conversation,
                   GError         **error)
{
  g_autofree char *literal = bd_connection_dup_local_literal (conversation->connection);
  g_autofree char *command = g_strdup_printf ("EHLO %s", literal);
  g_autoptr(BdSmtpReply) reply = NULL;
  char **keywords;

  bd_conversation_set_capabilities (conversation, NULL, NULL);
  reply = run_command (conversation, command, error);
  if (reply == NULL)
    return FALSE;
  if (reply->code != SMTP_OK)
    return refused (conversation, reply, BD_ERROR_PROTOCOL_ERROR, error);

  keywords = bd_smtp_ehlo_dup_keywords (reply);
  bd_conversation_set_capabilities (conversation, keywords,
                                     bd_smtp_ehlo_dup_mechanisms (
                                       (const char * const *) keywords));
  return TRUE;
}

/* RFC 3207 §4 */
static gboolean
smtp_starttls (BdConversation  *conversation,
               GError         **error)
{
  g_autoptr(BdSmtpReply) reply = NULL;

  if (!smtp_capabilities (conversation, error))
    return FALSE;
  if (!bd_smtp_ehlo_has ((const char * const *) conversation->capabilities, "STARTTLS"))
    return bd_conversation_starttls_not_offered (conversation, error);

  reply = run_command (conversation, "STARTTLS", error);
  if (reply == NULL)
    return FALSE;
  if (reply->code != SMTP_READY)
    {
      g_autofree char *says = dup_says (reply);

      return bd_conversation_starttls_refused (conversation, says, error);
    }
  return TRUE;
}

static BdAuthReply
sasl_read (BdConversation  *conversation,
           char           **challenge,
           GError         **error)
{
  g_autoptr(BdSmtpReply) reply = read_reply (conversation, FALSE, error);

  if (reply == NULL)
    return BD_AUTH_REPLY_FAILURE;
  if (reply->code == SMTP_CHALLENGE && reply->lines->len == 1)
    {
      *challenge = g_strdup (g_ptr_array_index (reply->lines, 0));
      return BD_AUTH_REPLY_CONTINUE;
    }
  if (reply->code == SMTP_AUTH_OK)
    return BD_AUTH_REPLY_SUCCESS;
  refused (conversation, reply,
           reply->code / 100 == 5 || reply->code / 100 == 4 ? BD_ERROR_LOGIN_FAILED
                                                              : BD_ERROR_PROTOCOL_ERROR,
           error);
  return BD_AUTH_REPLY_FAILURE;
}

/* RFC 4954 §4 lets an AUTH line with an initial response be longer than
 * other commands, but servers with the 512-octet limit of RFC 5321 §4.5.3.1.4
 * exist; staying within it costs a round trip only for very long logins. */
static gsize
sasl_max_initial_response (BdConversation *conversation)
{
  return 512 - strlen ("AUTH SCRAM-SHA-256 ") - 2;
}

static gboolean
sasl_start (BdConversation  *conversation,
            const char      *mechanism,
            const char      *initial_response,
            GError         **error)
{
  return check_no_early_reply (conversation, error) &&
         bd_conversation_start_auth (conversation, mechanism, initial_response, error);
}

static const BdSaslFraming smtp_framing = {
  "334 ",
  sasl_start,
  sasl_max_initial_response,
  sasl_read,
};

static gboolean
smtp_login (BdConversation  *conversation,
            GError         **error)
{
  const char *mechanism = bd_sasl_choose_mechanism ((const char * const *) conversation->mechanisms);

  if (mechanism == NULL)
    return bd_conversation_no_mechanism (conversation, error);
  return bd_conversation_authenticate (conversation, &smtp_framing, mechanism, error);
}

/* Sends QUIT; its reply is not waited for (bd_connection_linger()). */
static gboolean
smtp_logout (BdConversation  *conversation,
             GError         **error)
{
  return bd_connection_write_line (conversation->connection, "QUIT", NULL, error);
}

static const BdProtocolDriver smtp_driver = {
  smtp_greeting,
  smtp_capabilities,
  smtp_starttls,
  smtp_login,
  smtp_logout,
};

const BdProtocolDriver *
bd_smtp_client_get_driver (void)
{
  return &smtp_driver;
}
