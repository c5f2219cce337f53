/* bd-smtp-parser.h: SMTP replies (RFC 5321 §4.2) and EHLO keywords as pure functions
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint code;          /* 200–599; 0 until the first line */
  char *enhanced;      /* enhanced status code (RFC 3463) such as "5.7.8", or NULL */
  GPtrArray *lines;    /* of char *: each line's text, without the code */
  gboolean complete;
} BdSmtpReply;

BdSmtpReply  *bd_smtp_reply_new                (void);
void          bd_smtp_reply_free               (BdSmtpReply        *reply);
gboolean      bd_smtp_reply_add_line           (BdSmtpReply        *reply,
                                                const char         *line,
                                                GError            **error);
char         *bd_smtp_reply_dup_text           (BdSmtpReply        *reply);
char         *bd_smtp_reply_dup_code           (BdSmtpReply        *reply);
char        **bd_smtp_ehlo_dup_keywords        (BdSmtpReply        *reply);
char        **bd_smtp_ehlo_dup_mechanisms      (const char * const *keywords);
gboolean      bd_smtp_ehlo_has                 (const char * const *keywords,
                                                const char         *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdSmtpReply, bd_smtp_reply_free)

G_END_DECLS
