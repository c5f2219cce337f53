/* bd-export-files.c
 *
 * What every file-writing target shares: Brevduva's marked block in a
 * config file, and applying a plan's files and keyring items.
 *
 * Files change all or nothing, in three passes. First every file is read
 * again: if one is no longer what the plan was made from, nothing is done
 * (the person may have edited it since). Then each new text is written
 * to a temporary file in its own directory (with its mode, fsync'ed), and
 * each file that exists is copied as it is to a temporary backup: nothing
 * the programs read has changed yet, and a failure here only removes
 * temporary files. Last, each file in turn gets its backup (renamed to
 * FILE.brevduva-backup) and its new text (renamed over FILE). rename(2)
 * within a directory is atomic, so a program reading the file sees the
 * old text or the new one, never half of either. Should a rename fail
 * part-way, the files already changed get their old text back (their
 * backup is renamed back over them; a created file is removed), and the
 * error lists what was changed and put back, and what was never touched.
 *
 * Keyring items are stored before the files (the default apply), so that
 * a config file never names an item that is not there; a stored item is
 * not taken back when a file then fails (its password is the one that was
 * proven, and the error says it was kept).
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "bd-error.h"
#include "bd-export-files-private.h"
#include "bd-keyring.h"

/* ---- Blocks ------------------------------------------------------------ */

/* One line of a text: [start, end) without its line end. */
typedef struct
{
  const char *start;
  gsize length;
  gsize next;        /* offset of the next line */
} Line;

static gboolean
next_line (const char *text,
           gsize       offset,
           Line       *line)
{
  const char *newline;

  if (text[offset] == '\0')
    return FALSE;
  line->start = text + offset;
  newline = strchr (line->start, '\n');
  line->next = newline != NULL ? (gsize) (newline - text) + 1 : strlen (text);
  line->length = (newline != NULL ? (gsize) (newline - line->start)
                                  : strlen (line->start));
  if (line->length > 0 && line->start[line->length - 1] == '\r')
    line->length--;
  return TRUE;
}

/* Whether @line is "PREFIX WORD brevduva ADDRESS", the address without
 * case and blanks around the words ignored. */
static gboolean
is_marker (const Line *line,
           const char *comment_prefix,
           const char *word,
           const char *address)
{
  g_autofree char *text = g_strndup (line->start, line->length);
  g_autofree char *want = g_strdup_printf ("%s %s brevduva %s", comment_prefix, word, address);
  g_auto(GStrv) got_words = g_strsplit_set (g_strstrip (text), " \t", -1);
  g_auto(GStrv) want_words = g_strsplit (want, " ", -1);
  guint n = 0;

  for (guint i = 0; got_words[i] != NULL; i++)
    {
      if (got_words[i][0] == '\0')
        continue;
      if (want_words[n] == NULL || g_ascii_strcasecmp (got_words[i], want_words[n]) != 0)
        return FALSE;
      n++;
    }
  return want_words[n] == NULL;
}

/* Characters that make an address longer on its left (local part)… */
static gboolean
continues_local_part (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("._%+-", c) != NULL) || (guchar) c >= 0x80;
}

/* …and on its right (domain). */
static gboolean
continues_domain (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || (guchar) c >= 0x80;
}

/* Whether @line names @address as a whole word (not as part of a longer
 * address: malice@example.com, alice@example.com.au), without case. Any
 * other character around it (a blank, "=", "<", a quote) ends it, so that
 * a doubtful line is rather refused than changed. */
static gboolean
line_names_address (const Line *line,
                    const char *address)
{
  gsize address_length = strlen (address);

  for (gsize i = 0; i + address_length <= line->length; i++)
    {
      const char *at = line->start + i;
      gsize rest = line->length - i - address_length;
      char after = rest > 0 ? at[address_length] : '\0';

      if (g_ascii_strncasecmp (at, address, address_length) != 0)
        continue;
      if (i > 0 && continues_local_part (at[-1]))
        continue;
      /* A dot ends a sentence, or goes on into a longer domain. */
      if (after == '.' && rest > 1 && continues_domain (at[address_length + 1]))
        continue;
      if (continues_domain (after))
        continue;
      return TRUE;
    }
  return FALSE;
}

/* @block with each line ended by @eol, and a final line end. */
static void
append_block_lines (GString    *out,
                    const char *block,
                    const char *eol)
{
  gsize offset = 0;
  Line line;

  while (next_line (block, offset, &line))
    {
      g_string_append_len (out, line.start, line.length);
      g_string_append (out, eol);
      offset = line.next;
    }
}

static void
append_block (GString    *out,
              const char *comment_prefix,
              const char *address,
              const char *block,
              const char *eol)
{
  g_string_append_printf (out, "%s BEGIN brevduva %s%s", comment_prefix, address, eol);
  append_block_lines (out, block, eol);
  g_string_append_printf (out, "%s END brevduva %s%s", comment_prefix, address, eol);
}

/* Finds Brevduva's block for @address: sets *begin to the offset of its
 * BEGIN line and *end after its END line; *begin stays G_MAXSIZE when
 * there is none. Refuses when the address appears outside it. */
static gboolean
find_block (const char  *text,
            const char  *comment_prefix,
            const char  *address,
            gsize       *begin,
            gsize       *end,
            GError     **error)
{
  gsize offset = 0;
  guint number = 0;
  guint begin_number = 0;
  gboolean inside = FALSE;
  Line line;

  *begin = *end = G_MAXSIZE;
  while (next_line (text, offset, &line))
    {
      gsize line_offset = offset;

      number++;
      offset = line.next;
      if (!inside && *begin == G_MAXSIZE && is_marker (&line, comment_prefix, "BEGIN", address))
        {
          inside = TRUE;
          *begin = line_offset;
          begin_number = number;
        }
      else if (inside && is_marker (&line, comment_prefix, "END", address))
        {
          inside = FALSE;
          *end = line.next;
        }
      else if (!inside && line_names_address (&line, address))
        {
          g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_ALREADY_CONFIGURED,
                       _("%s is already set up on line %u, outside the block that "
                         "Brevduva wrote."), address, number);
          return FALSE;
        }
    }

  if (inside)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_EXPORT_ALREADY_CONFIGURED,
                   _("Brevduva’s block for %s begins on line %u but has no END line; "
                     "it was changed by hand."), address, begin_number);
      return FALSE;
    }
  return TRUE;
}

char *
bd_export_merge_block (const char  *old_text,
                       const char  *comment_prefix,
                       const char  *address,
                       const char  *block,
                       GError     **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *eol = "\n";
  const char *first_newline;
  gsize begin, end;

  g_return_val_if_fail (comment_prefix != NULL && *comment_prefix != '\0', NULL);
  g_return_val_if_fail (address != NULL && *address != '\0', NULL);
  g_return_val_if_fail (strpbrk (address, " \t\r\n") == NULL, NULL);
  g_return_val_if_fail (block != NULL, NULL);

  if (old_text == NULL || *old_text == '\0')
    {
      append_block (out, comment_prefix, address, block, eol);
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  if (!find_block (old_text, comment_prefix, address, &begin, &end, error))
    return NULL;

  /* The text's own line ends, as its first line has them. */
  first_newline = strchr (old_text, '\n');
  if (first_newline != NULL && first_newline != old_text && first_newline[-1] == '\r')
    eol = "\r\n";

  if (begin != G_MAXSIZE)
    {
      g_string_append_len (out, old_text, begin);
      append_block (out, comment_prefix, address, block, eol);
      g_string_append (out, old_text + end);
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  /* Appended, apart from what is there: its last line ended, then a blank line. */
  g_string_append (out, old_text);
  if (!g_str_has_suffix (old_text, "\n"))
    g_string_append (out, eol);
  if (!g_str_has_suffix (out->str, "\n\n") && !g_str_has_suffix (out->str, "\n\r\n"))
    g_string_append (out, eol);
  append_block (out, comment_prefix, address, block, eol);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- Reading ----------------------------------------------------------- */

static void
set_write_failed (GError     **error,
                  const char  *format,
                  ...) G_GNUC_PRINTF (2, 3);

static void
set_write_failed (GError     **error,
                  const char  *format,
                  ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, BD_ERROR, BD_ERROR_EXPORT_WRITE_FAILED, message);
}

gboolean
bd_export_read_file (const char  *path,
                     char       **text,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  GStatBuf st;
  gsize length;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  *text = NULL;
  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        return TRUE;
      set_write_failed (error, _("%s cannot be read: %s."), path, g_strerror (saved_errno));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      set_write_failed (error, _("%s is not a file."), path);
      return FALSE;
    }
  if (st.st_size > BD_EXPORT_MAX_FILE_SIZE)
    {
      set_write_failed (error, _("%s is too large to be a mail program’s settings."), path);
      return FALSE;
    }
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      set_write_failed (error, _("%s cannot be read: %s"), path, local_error->message);
      return FALSE;
    }
  if (strlen (contents) != length || !g_utf8_validate (contents, length, NULL))
    {
      set_write_failed (error, _("%s is not a text file that Brevduva can change safely "
                                 "(it holds a NUL byte or text that is not UTF-8)."), path);
      return FALSE;
    }
  *text = g_steal_pointer (&contents);
  return TRUE;
}

/* ---- Files, all or nothing --------------------------------------------- */

typedef struct
{
  BdExportStep *step;
  char *temp;            /* the new text, written, not yet in place */
  char *backup_temp;     /* a copy of the file as it is, not yet in place */
  char *backup;          /* FILE.brevduva-backup */
  gboolean existed;
} Pending;

static void
pending_clear (Pending *pending)
{
  /* A temporary file still there was not used: it goes. */
  if (pending->temp != NULL)
    g_unlink (pending->temp);
  if (pending->backup_temp != NULL)
    g_unlink (pending->backup_temp);
  g_clear_pointer (&pending->temp, g_free);
  g_clear_pointer (&pending->backup_temp, g_free);
  g_clear_pointer (&pending->backup, g_free);
}

/* Writes @text to a new temporary file beside @path, with @mode, synced
 * to the disk. Returns its name. */
static char *
write_temp (const char  *path,
            const char  *text,
            guint        mode,
            GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *temp = g_strdup_printf ("%s/.%s.brevduva-XXXXXX", dir, base);
  gsize length = strlen (text);
  gsize written = 0;
  int fd;

  fd = g_mkstemp_full (temp, O_RDWR | O_CLOEXEC, mode & 07777);
  if (fd < 0)
    {
      set_write_failed (error, _("%s cannot be written: %s."), path, g_strerror (errno));
      return NULL;
    }

  while (written < length)
    {
      gssize n = write (fd, text + written, length - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      written += n;
    }
  /* The mode is the plan's, whatever the umask. */
  if (written < length || fchmod (fd, mode & 07777) != 0 || fsync (fd) != 0)
    {
      int saved_errno = errno;

      close (fd);
      g_unlink (temp);
      set_write_failed (error, _("%s cannot be written: %s."), path, g_strerror (saved_errno));
      return NULL;
    }
  if (close (fd) != 0)
    {
      int saved_errno = errno;

      g_unlink (temp);
      set_write_failed (error, _("%s cannot be written: %s."), path, g_strerror (saved_errno));
      return NULL;
    }
  return g_steal_pointer (&temp);
}

/* Whether the file is still as the plan saw it. */
static gboolean
check_unchanged (BdExportStep  *step,
                 GError       **error)
{
  g_autofree char *now = NULL;

  if (!bd_export_read_file (step->path, &now, error))
    return FALSE;
  if (g_strcmp0 (now, step->old_text) == 0)
    return TRUE;

  set_write_failed (error, now == NULL ? _("%s was removed after the plan was made.")
                                       : step->old_text == NULL
                                       ? _("%s was created after the plan was made.")
                                       : _("%s was changed after the plan was made."),
                    step->path);
  return FALSE;
}

static gboolean
prepare (Pending       *pending,
         GError       **error)
{
  BdExportStep *step = pending->step;
  g_autofree char *dir = g_path_get_dirname (step->path);
  GStatBuf st;

  /* Programs keep their settings private: a folder made here is the person's alone. */
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      set_write_failed (error, _("The folder %s cannot be made: %s."), dir, g_strerror (errno));
      return FALSE;
    }

  pending->existed = step->old_text != NULL;
  if (pending->existed)
    {
      if (g_stat (step->path, &st) != 0)
        {
          set_write_failed (error, _("%s cannot be read: %s."), step->path, g_strerror (errno));
          return FALSE;
        }
      /* The backup keeps the file's own permissions: it may hold other secrets. */
      pending->backup = g_strconcat (step->path, BD_EXPORT_BACKUP_SUFFIX, NULL);
      pending->backup_temp = write_temp (pending->backup, step->old_text, st.st_mode, error);
      if (pending->backup_temp == NULL)
        return FALSE;
    }

  pending->temp = write_temp (step->path, step->text, step->mode, error);
  return pending->temp != NULL;
}

static gboolean
commit (Pending  *pending,
        GError  **error)
{
  BdExportStep *step = pending->step;

  if (pending->existed)
    {
      if (g_rename (pending->backup_temp, pending->backup) != 0)
        {
          set_write_failed (error, _("The backup %s cannot be made: %s."), pending->backup,
                            g_strerror (errno));
          return FALSE;
        }
      g_clear_pointer (&pending->backup_temp, g_free);
    }
  if (g_rename (pending->temp, step->path) != 0)
    {
      set_write_failed (error, _("%s cannot be replaced: %s."), step->path, g_strerror (errno));
      return FALSE;
    }
  g_clear_pointer (&pending->temp, g_free);
  step->done = TRUE;
  return TRUE;
}

/* Puts a committed file back as it was; says so, or why not, in @report. */
static void
roll_back (Pending *pending,
           GString *report)
{
  BdExportStep *step = pending->step;
  int result = pending->existed ? g_rename (pending->backup, step->path)
                                : g_unlink (step->path);

  if (result == 0)
    {
      step->done = FALSE;
      g_string_append_c (report, ' ');
      g_string_append_printf (report, pending->existed
                              ? _("%s was changed, then put back as it was.")
                              : _("%s was created, then removed again."), step->path);
    }
  else if (pending->existed)
    {
      g_string_append_c (report, ' ');
      g_string_append_printf (report, _("%s was changed and could not be put back (%s); "
                                        "its earlier text is in %s."),
                              step->path, g_strerror (errno), pending->backup);
    }
  else
    {
      g_string_append_c (report, ' ');
      g_string_append_printf (report, _("%s was created and could not be removed (%s)."),
                              step->path, g_strerror (errno));
    }
}

/* Appends "Not changed: A, B." for the files from @first on. */
static void
report_untouched (GString *report,
                  Pending *pending,
                  guint    first,
                  guint    n)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = first; i < n; i++)
    g_string_append_printf (names, "%s%s", names->len > 0 ? ", " : "", pending[i].step->path);
  if (names->len > 0)
    {
      g_string_append_c (report, ' ');
      g_string_append_printf (report, _("Not changed: %s."), names->str);
    }
}

static void
fail_with_report (GError  **error,
                  GError   *cause,
                  Pending  *pending,
                  guint     committed,
                  guint     n)
{
  g_autoptr(GString) report = g_string_new (cause->message);

  for (guint i = committed; i > 0; i--)
    roll_back (&pending[i - 1], report);
  report_untouched (report, pending, committed, n);
  g_set_error_literal (error, BD_ERROR, BD_ERROR_EXPORT_WRITE_FAILED, report->str);
  g_error_free (cause);
}

static void
sync_folders (Pending *pending,
              guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *dir = g_path_get_dirname (pending[i].step->path);
      int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

      /* The renames reach the disk too; a failure here changes nothing. */
      if (fd >= 0)
        {
          fsync (fd);
          close (fd);
        }
    }
}

static gboolean
apply_pending (Pending       *pending,
               guint          n,
               GCancellable  *cancellable,
               GError       **error)
{
  GError *cause = NULL;

  for (guint i = 0; i < n; i++)
    if (!check_unchanged (pending[i].step, &cause))
      {
        fail_with_report (error, cause, pending, 0, n);
        return FALSE;
      }
  for (guint i = 0; i < n; i++)
    if (!prepare (&pending[i], &cause))
      {
        fail_with_report (error, cause, pending, 0, n);
        return FALSE;
      }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  /* From here on, no cancellation: the files change together. */
  for (guint i = 0; i < n; i++)
    if (!commit (&pending[i], &cause))
      {
        fail_with_report (error, cause, pending, i, n);
        return FALSE;
      }
  sync_folders (pending, n);
  return TRUE;
}

gboolean
bd_export_plan_apply_files (BdExportPlan  *plan,
                            GCancellable  *cancellable,
                            GError       **error)
{
  GPtrArray *steps;
  g_autofree Pending *pending = NULL;
  guint n = 0;
  gboolean ok;

  g_return_val_if_fail (BD_IS_EXPORT_PLAN (plan), FALSE);

  steps = bd_export_plan_get_steps (plan);
  pending = g_new0 (Pending, steps->len);
  for (guint i = 0; i < steps->len; i++)
    {
      BdExportStep *step = g_ptr_array_index (steps, i);

      if (step->kind == BD_EXPORT_STEP_FILE && !step->done)
        pending[n++].step = step;
    }

  ok = apply_pending (pending, n, cancellable, error);
  for (guint i = 0; i < n; i++)
    pending_clear (&pending[i]);
  return ok;
}

/* ---- Keyring items ----------------------------------------------------- */

static gboolean
store_step (BdKeyring     *keyring,
            BdExportStep  *step,
            const char    *password,
            GCancellable  *cancellable,
            GError       **error)
{
  if (step->server != NULL)
    return bd_keyring_store_sync (keyring, step->server, password, cancellable, error);
  return bd_keyring_store_item_sync (keyring, step->schema, step->attributes,
                                     step->label != NULL ? step->label : step->description,
                                     password, cancellable, error);
}

/* Adds @sentence to the end of @error's message. */
static void
append_sentence (GError     *error,
                 const char *sentence)
{
  char *message = g_strconcat (error->message, " ", sentence, NULL);

  g_free (error->message);
  error->message = message;
}

/* Appends "Kept in the keyring: …." for the steps done so far. */
static void
append_stored (GError    *error,
               GPtrArray *steps)
{
  g_autoptr(GString) stored = g_string_new (NULL);

  for (guint i = 0; i < steps->len; i++)
    {
      BdExportStep *step = g_ptr_array_index (steps, i);

      if (step->kind == BD_EXPORT_STEP_KEYRING && step->done)
        g_string_append_printf (stored, "%s%s", stored->len > 0 ? "; " : "", step->description);
    }
  if (stored->len > 0)
    {
      g_autofree char *sentence = g_strdup_printf (_("Kept in the keyring: %s."), stored->str);

      append_sentence (error, sentence);
    }
}

gboolean
bd_export_plan_apply_keyring (BdExportPlan  *plan,
                              const char    *password,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(BdKeyring) keyring = bd_keyring_new ();
  GPtrArray *steps;
  GError *local_error = NULL;

  g_return_val_if_fail (BD_IS_EXPORT_PLAN (plan), FALSE);

  steps = bd_export_plan_get_steps (plan);
  for (guint i = 0; i < steps->len; i++)
    {
      BdExportStep *step = g_ptr_array_index (steps, i);

      if (step->kind != BD_EXPORT_STEP_KEYRING || step->done)
        continue;
      if (password == NULL)
        {
          g_set_error_literal (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                               _("The password is needed for the keyring, and none was "
                                 "given."));
          return FALSE;
        }
      if (!store_step (keyring, step, password, cancellable, &local_error))
        {
          append_stored (local_error, steps);
          g_propagate_error (error, local_error);
          return FALSE;
        }
      step->done = TRUE;
    }
  return TRUE;
}

gboolean
bd_export_plan_apply_files_and_keyring (BdExportPlan  *plan,
                                        const char    *password,
                                        GCancellable  *cancellable,
                                        GError       **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (BD_IS_EXPORT_PLAN (plan), FALSE);

  if (!bd_export_plan_apply_keyring (plan, password, cancellable, &local_error))
    {
      append_sentence (local_error, _("No file was changed."));
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (!bd_export_plan_apply_files (plan, cancellable, &local_error))
    {
      append_stored (local_error, bd_export_plan_get_steps (plan));
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}
