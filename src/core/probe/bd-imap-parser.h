/* bd-imap-parser.h: IMAP4 server responses (RFC 3501, RFC 9051) as pure functions
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  BD_IMAP_RESPONSE_UNTAGGED,
  BD_IMAP_RESPONSE_TAGGED,
  BD_IMAP_RESPONSE_CONTINUATION,
} BdImapResponseKind;

typedef enum {
  BD_IMAP_STATUS_NONE,     /* untagged data such as "* CAPABILITY …" */
  BD_IMAP_STATUS_OK,
  BD_IMAP_STATUS_NO,
  BD_IMAP_STATUS_BAD,
  BD_IMAP_STATUS_BYE,
  BD_IMAP_STATUS_PREAUTH,
} BdImapStatus;

typedef struct
{
  BdImapResponseKind kind;
  BdImapStatus status;
  char *tag;        /* tagged responses only */
  char *name;       /* untagged data: its name in upper case ("CAPABILITY", "EXISTS") */
  char *code;       /* response code in upper case ("ALERT"), or NULL */
  char *code_data;  /* what follows the code's name inside the brackets, or NULL */
  char *text;       /* the human-readable text, the data, or a continuation's payload */
} BdImapResponse;

BdImapResponse  *bd_imap_response_parse       (const char          *line,
                                               GError             **error);
void             bd_imap_response_free        (BdImapResponse      *response);
char           **bd_imap_capabilities_parse   (const char          *data);
char           **bd_imap_capabilities_dup_mechanisms (const char * const *capabilities);
gboolean         bd_imap_capabilities_has     (const char * const *capabilities,
                                               const char          *name);
gboolean         bd_imap_line_get_literal     (const char          *line,
                                               gsize               *size);
gboolean         bd_imap_pending_find_reply   (const guint8        *data,
                                               gsize                length,
                                               char               **reply);
char            *bd_imap_quote                (const char          *string);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdImapResponse, bd_imap_response_free)

G_END_DECLS
