/* bd-thunderbird-prefs-private.h: a Thunderbird prefs.js, read and merged
 *
 * BdExportThunderbird reads a profile's prefs.js into a BdThunderbirdPrefs,
 * asks it which numbered keys are in use and which are Brevduva's own for
 * the address, adds the account's prefs, and gets the new text back: every
 * other line as it was. bd-thunderbird-prefs.c says why it works this way.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "bd-address.h"

G_BEGIN_DECLS

/* The pref Brevduva marks each branch it wrote with (its value: the
 * address): a comment would not survive Thunderbird rewriting prefs.js. */
#define BD_THUNDERBIRD_MARK_ATTR "brevduva_address"

/* The four numbered branches of an account: mail.account.account1.…,
 * mail.server.server1.…, mail.identity.id1.…, mail.smtpserver.smtp1.… */
typedef enum {
  BD_THUNDERBIRD_ACCOUNT,
  BD_THUNDERBIRD_SERVER,
  BD_THUNDERBIRD_IDENTITY,
  BD_THUNDERBIRD_SMTP,
  BD_THUNDERBIRD_N_BRANCHES
} BdThunderbirdBranch;

typedef struct _BdThunderbirdPrefs BdThunderbirdPrefs;

/* Reads @text (nullable: no prefs.js yet); the branches marked with
 * @address are Brevduva's own. */
BdThunderbirdPrefs *bd_thunderbird_prefs_new          (const char           *text,
                                                       BdAddress            *address);
void                bd_thunderbird_prefs_free         (BdThunderbirdPrefs   *self);

/* A pref's value: a string decoded, else its literal ("42", "true");
 * NULL when the file does not set it. */
const char         *bd_thunderbird_prefs_get          (BdThunderbirdPrefs   *self,
                                                       const char           *name);
/* The same for @attr of a numbered branch: (SERVER, 2, "hostname") is
 * mail.server.server2.hostname. */
const char         *bd_thunderbird_prefs_get_key      (BdThunderbirdPrefs   *self,
                                                       BdThunderbirdBranch   branch,
                                                       guint                 number,
                                                       const char           *attr);
/* The highest number of @branch in use, 0 when none is. */
guint               bd_thunderbird_prefs_get_max      (BdThunderbirdPrefs   *self,
                                                       BdThunderbirdBranch   branch);
/* The number of Brevduva's own branch for the address, 0 when none. */
guint               bd_thunderbird_prefs_get_own      (BdThunderbirdPrefs   *self,
                                                       BdThunderbirdBranch   branch);

/* The first identity with the address that Brevduva did not write, 0
 * when there is none. */
guint               bd_thunderbird_prefs_find_identity (BdThunderbirdPrefs   *self);
/* The first incoming server of @type ("IMAP", "pop3": case does not
 * matter, nor for @hostname) with the login @user that Brevduva did not
 * write, 0 when there is none. */
guint               bd_thunderbird_prefs_find_server  (BdThunderbirdPrefs   *self,
                                                       const char           *type,
                                                       const char           *hostname,
                                                       const char           *user);

/* Chooses the account's keys into @keys: Brevduva's own again, else one
 * more than the highest in use; keys[SMTP] is 0 without @with_smtp.
 * @server_type ("imap", "pop3") is the incoming server's: an own server of
 * another type is dropped whole. Call it before adding prefs. */
void                bd_thunderbird_prefs_choose_keys  (BdThunderbirdPrefs   *self,
                                                       const char           *server_type,
                                                       gboolean              with_smtp,
                                                       guint                 keys[BD_THUNDERBIRD_N_BRANCHES]);

/* Adds @attr of @branch (under its chosen key) to Brevduva's block. */
void                bd_thunderbird_prefs_add_string   (BdThunderbirdPrefs   *self,
                                                       BdThunderbirdBranch   branch,
                                                       const char           *attr,
                                                       const char           *value);
void                bd_thunderbird_prefs_add_int      (BdThunderbirdPrefs   *self,
                                                       BdThunderbirdBranch   branch,
                                                       const char           *attr,
                                                       int                   value);
void                bd_thunderbird_prefs_add_bool     (BdThunderbirdPrefs   *self,
                                                       BdThunderbirdBranch   branch,
                                                       const char           *attr,
                                                       gboolean              value);

/* The new prefs.js: every line as it was, except Brevduva's old prefs
 * (gone) and the lists and defaults the account changes (changed where
 * they stand), then the block. */
char               *bd_thunderbird_prefs_dup_text     (BdThunderbirdPrefs   *self);

/* One line: TRUE and its name and value when it is a user_pref(). */
gboolean            bd_thunderbird_prefs_parse_line   (const char           *line,
                                                       char                **name,
                                                       char                **value);
/* @value as a quoted string literal that prefs.js reads back as @value. */
char               *bd_thunderbird_prefs_quote        (const char           *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdThunderbirdPrefs, bd_thunderbird_prefs_free)

G_END_DECLS
