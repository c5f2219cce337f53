/* bd-export-files-private.h: what the targets share for files and keyring items
 *
 * docs/export.md, "Blocks", "Backups and atomic writes", describes what
 * these do for the person; bd-export-files.c says how.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-export-plan.h"

G_BEGIN_DECLS

/* The suffix of the copy of a changed file as it was: "FILE.brevduva-backup". */
#define BD_EXPORT_BACKUP_SUFFIX ".brevduva-backup"

/* Longest config file read (bytes): every read is bounded (DESIGN.md). */
#define BD_EXPORT_MAX_FILE_SIZE (4 * 1024 * 1024)

/*
 * bd_export_merge_block:
 * @old_text: (nullable): the file's text now; NULL when there is no file
 * @comment_prefix: what starts a comment line in the file: "#"
 * @address: the account's address, as the block names it
 * @block: Brevduva's block, lines without the markers (a final newline is
 *   added when missing)
 *
 * Brevduva's block is @block between two marker lines:
 *
 *   # BEGIN brevduva alice@example.com
 *   ...
 *   # END brevduva alice@example.com
 *
 * When @old_text has a block for @address (the address compared without
 * case), its lines between and including the markers are replaced;
 * otherwise the block is appended, after a blank line when the text does
 * not end with one. Every other byte stays as it is. The block's line ends
 * follow the text's (CRLF when its first line ends so).
 *
 * Returns: (transfer full): the new text; NULL with
 *   `export-already-configured` when @address appears outside Brevduva's
 *   block (the message names the line), or when a block of it has no END
 *   line.
 */
char     *bd_export_merge_block                  (const char    *old_text,
                                                  const char    *comment_prefix,
                                                  const char    *address,
                                                  const char    *block,
                                                  GError       **error);

/*
 * bd_export_read_file:
 * @path: a config file
 * @text: (out) (transfer full) (nullable): its text, NULL when it does not
 *   exist
 *
 * Returns: FALSE with `export-write-failed` when it exists but cannot be
 *   read, is not a regular file, is larger than BD_EXPORT_MAX_FILE_SIZE or
 *   holds a NUL byte or text that is not UTF-8.
 */
gboolean  bd_export_read_file                    (const char    *path,
                                                  char         **text,
                                                  GError       **error);

/* The plan's FILE steps, all or nothing: each file changes only if every
 * one can. Marks each step done. On failure, `export-write-failed` says
 * which files were and were not changed. */
gboolean  bd_export_plan_apply_files             (BdExportPlan  *plan,
                                                  GCancellable  *cancellable,
                                                  GError       **error);

/* The plan's KEYRING steps, in order; marks each done. @password may be
 * NULL only when there is none. On failure the error keeps the keyring's
 * code and says which items were stored. */
gboolean  bd_export_plan_apply_keyring           (BdExportPlan  *plan,
                                                  const char    *password,
                                                  GCancellable  *cancellable,
                                                  GError       **error);

/* The default apply (BdExportTargetClass.apply): the keyring items, then
 * the files; a failure says what was and was not done. */
gboolean  bd_export_plan_apply_files_and_keyring (BdExportPlan  *plan,
                                                  const char    *password,
                                                  GCancellable  *cancellable,
                                                  GError       **error);

G_END_DECLS
