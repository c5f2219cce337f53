/* bd-pop3-parser.h: POP3 server replies (RFC 1939, RFC 2449, RFC 5034) as pure functions
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  BD_POP3_REPLY_OK,
  BD_POP3_REPLY_ERR,
  BD_POP3_REPLY_CONTINUATION,
} BdPop3ReplyKind;

typedef struct
{
  BdPop3ReplyKind kind;
  char *code;   /* extended response code (RFC 2449 §8) such as "SYS/TEMP", or NULL */
  char *text;   /* the rest of the line, or a continuation's payload */
} BdPop3Reply;

BdPop3Reply  *bd_pop3_reply_parse               (const char         *line,
                                                 GError            **error);
void          bd_pop3_reply_free                (BdPop3Reply        *reply);
const char   *bd_pop3_multiline_unstuff         (const char         *line,
                                                 gboolean           *end);
char        **bd_pop3_capabilities_get_mechanisms (const char * const *capabilities);
gboolean      bd_pop3_capabilities_has          (const char * const *capabilities,
                                                 const char         *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdPop3Reply, bd_pop3_reply_free)

G_END_DECLS
