/* bd-conversation-private.h: BdConversation, the state one probe shares with the protocol drivers (internal)
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-enums.h"
#include "bd-error.h"
#include "bd-connection-private.h"
#include "bd-probe-report.h"
#include "bd-secret-private.h"

G_BEGIN_DECLS

typedef struct _BdConversation BdConversation;

struct _BdConversation
{
  BdConnection *connection;
  BdProbeReport *report;
  BdProtocol protocol;
  BdSecurity security;
  const char *username;
  const char *password;      /* NULL: no login */
  gboolean secure;           /* TLS is up and its certificate verified or pinned */
  gboolean preauth;          /* IMAP: the greeting was PREAUTH */
  gboolean logging_in;       /* a login command has gone out: what the server
                              * announces from now on is the logged-in state */
  char **capabilities;       /* the latest list; before TLS only to find STARTTLS */
  char **mechanisms;
  guint tag;                 /* IMAP: the last tag used */
  char *greeting_capability; /* IMAP: a CAPABILITY code in the greeting */
  char *alert;               /* IMAP: the latest [ALERT], which the person must see */
};

/* Each protocol's side of the probe. All but greeting run after TLS except
 * starttls, which asks for the capabilities before TLS and sends the
 * command; the probe then checks for injected bytes (security rule 2). */
typedef struct
{
  gboolean (*greeting)     (BdConversation  *conversation,
                            GError         **error);
  gboolean (*capabilities) (BdConversation  *conversation,
                            GError         **error);
  gboolean (*starttls)     (BdConversation  *conversation,
                            GError         **error);
  gboolean (*login)        (BdConversation  *conversation,
                            GError         **error);
  gboolean (*logout)       (BdConversation  *conversation,
                            GError         **error);
} BdProtocolDriver;

typedef enum {
  BD_AUTH_REPLY_CONTINUE,
  BD_AUTH_REPLY_SUCCESS,
  BD_AUTH_REPLY_FAILURE,
} BdAuthReply;

/* How one protocol frames a SASL exchange (RFC 4422 §4). start() sends
 * @initial_response (base64, nullable) with the command when it is not
 * NULL; max_initial_response() says how long one may be on this conversation,
 * 0 when the protocol or the server takes none. */
typedef struct
{
  const char *challenge_prefix;   /* masked in the transcript */
  gboolean    (*start) (BdConversation  *conversation,
                        const char      *mechanism,
                        const char      *initial_response,
                        GError         **error);
  gsize       (*max_initial_response) (BdConversation *conversation);
  BdAuthReply (*read)  (BdConversation  *conversation,
                        char           **challenge,
                        GError         **error);
} BdSaslFraming;


const BdProtocolDriver *bd_imap_client_get_driver (void);
const BdProtocolDriver *bd_pop3_client_get_driver (void);
const BdProtocolDriver *bd_smtp_client_get_driver (void);

gboolean bd_conversation_fail          (BdConversation  *conversation,
                                         GError         **error,
                                         BdErrorCode      code,
                                         const char      *server_says,
                                         const char      *format,
                                         ...) G_GNUC_PRINTF (5, 6);
gboolean bd_conversation_refused       (BdConversation  *conversation,
                                         GError         **error,
                                         const char      *code,
                                         const char      *text,
                                         BdErrorCode      fallback);
gboolean bd_conversation_starttls_not_offered (BdConversation  *conversation,
                                         GError         **error);
gboolean bd_conversation_starttls_refused (BdConversation  *conversation,
                                         const char      *says,
                                         GError         **error);
gboolean bd_conversation_check_no_early_reply (BdConversation  *conversation,
                                         GError         **error);
gboolean bd_conversation_send_secret   (BdConversation  *conversation,
                                         const char      *line,
                                         const char      *shown,
                                         GError         **error);
gboolean bd_conversation_read_greeting (BdConversation  *conversation,
                                         char           **line,
                                         GError         **error);
void     bd_conversation_set_capabilities (BdConversation *conversation,
                                         char           **capabilities,
                                         char           **mechanisms);
gboolean bd_conversation_start_auth    (BdConversation  *conversation,
                                         const char      *mechanism,
                                         const char      *initial_response,
                                         GError         **error);
gboolean bd_conversation_authenticate  (BdConversation       *conversation,
                                         const BdSaslFraming  *framing,
                                         const char           *mechanism,
                                         GError              **error);
gboolean bd_conversation_no_mechanism  (BdConversation  *conversation,
                                         GError         **error);
void     bd_conversation_clear         (BdConversation  *conversation);

G_END_DECLS
