/* bd-thunderbird-prefs.c
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A Thunderbird prefs.js, read line by line and merged with Brevduva's
 * block (docs/export.md, "Thunderbird"; bd-export-thunderbird.c says why
 * prefs.js). Why it works this way:
 *
 * - Every line is kept as it was, byte for byte, unless it is one of
 *   Brevduva's own prefs or a list or default the account changes: a line
 *   that is no `user_pref("NAME", VALUE);` (a comment, a pref Thunderbird
 *   may understand and Brevduva does not) is never lost.
 * - Brevduva's own branches are those marked with
 *   BD_THUNDERBIRD_MARK_ATTR and the address. Writing again keeps their
 *   keys (so the account keeps its place) and replaces only the prefs
 *   Brevduva writes (own_attrs), keeping what Thunderbird added there (the
 *   server's folder: without it Thunderbird would make a new, empty one).
 * - Keys: one more than the highest of each kind in use, never a gap, so
 *   that a deleted account's leftover folders are not taken over;
 *   mail.account.lastKey, from which Thunderbird numbers its next account
 *   without looking, is raised to ours.
 * - Values Brevduva writes are quoted here, so that no value (a name, a
 *   provider's description) can end the string and add a pref of its own.
 */
#include "config.h"

#include <string.h>

#include "bd-thunderbird-prefs-private.h"

#define PREFS_HEADER "// Mozilla User Preferences\n\n"

static const struct {
  const char *prefix;
  const char *stem;
} branches[BD_THUNDERBIRD_N_BRANCHES] = {
  [BD_THUNDERBIRD_ACCOUNT] = { "mail.account.", "account" },
  [BD_THUNDERBIRD_SERVER] = { "mail.server.", "server" },
  [BD_THUNDERBIRD_IDENTITY] = { "mail.identity.", "id" },
  [BD_THUNDERBIRD_SMTP] = { "mail.smtpserver.", "smtp" },
};

/* Every attribute Brevduva writes, of each branch (bd-export-thunderbird.c's
 * add_*_prefs() write no other): writing again replaces these and keeps
 * what Thunderbird or the person added to the branch (the server's folder
 * in `directory`; a signature). */
static const char * const own_attrs[BD_THUNDERBIRD_N_BRANCHES][17] = {
  [BD_THUNDERBIRD_ACCOUNT] = { "server", "identities", BD_THUNDERBIRD_MARK_ATTR, NULL },
  [BD_THUNDERBIRD_SERVER] = { "type", "hostname", "port", "socketType", "userName",
                              "authMethod", "name", "login_at_startup", "check_new_mail",
                              "check_time", "leave_on_server", "num_days_to_leave_on_server",
                              "delete_by_age_from_server", "delete_mail_left_on_server",
                              "download_on_biff", BD_THUNDERBIRD_MARK_ATTR, NULL },
  [BD_THUNDERBIRD_IDENTITY] = { "useremail", "fullName", "smtpServer", "valid",
                                BD_THUNDERBIRD_MARK_ATTR, NULL },
  [BD_THUNDERBIRD_SMTP] = { "type", "description", "hostname", "port", "try_ssl",
                            "username", "authMethod", BD_THUNDERBIRD_MARK_ATTR, NULL },
};

/* The global prefs an account may change, in the order a new one is
 * written. */
static const char * const global_prefs[] = {
  "mail.account.lastKey",
  "mail.accountmanager.accounts",
  "mail.accountmanager.defaultaccount",
  "mail.smtp.defaultserver",
  "mail.smtpservers",
};

/* One line of prefs.js. */
typedef struct {
  char *line;
  char *name;    /* NULL when the line is no pref */
  char *value;   /* a string decoded, else the literal (42, true) */
} PrefLine;

struct _BdThunderbirdPrefs
{
  BdAddress *address;      /* whose branches are Brevduva's own */
  GPtrArray *lines;        /* (element-type PrefLine) */
  GHashTable *values;      /* name → value (borrowed from lines) */
  guint max[BD_THUNDERBIRD_N_BRANCHES];   /* the highest number in use */
  guint own[BD_THUNDERBIRD_N_BRANCHES];   /* Brevduva's for the address, 0: none */
  guint keys[BD_THUNDERBIRD_N_BRANCHES];  /* the account's, once chosen */
  gboolean drop[BD_THUNDERBIRD_N_BRANCHES];  /* drop every pref of the own
                                              * branch, not only own_attrs */
  GPtrArray *block_names;  /* Brevduva's block, in order */
  GPtrArray *block_values; /* …each a literal as written */
};

static void
pref_line_free (PrefLine *pref)
{
  g_free (pref->line);
  g_free (pref->name);
  g_free (pref->value);
  g_free (pref);
}

/* ------------------------------------------------------------------------
 * Reading
 * ------------------------------------------------------------------------ */

/* Appends the character of the \uXXXX escape at @s (after its "\u"), and of
 * the low surrogate escape after it when it is a high one; *@s is left on
 * the escape's last digit. FALSE (nothing appended) when it is not one. */
static gboolean
append_unicode_escape (GString     *out,
                       const char **s)
{
  const char *p = *s;
  gunichar c = 0;

  for (guint i = 0; i < 4; i++)
    {
      if (!g_ascii_isxdigit (p[i]))
        return FALSE;
      c = c * 16 + g_ascii_xdigit_value (p[i]);
    }
  p += 3;
  /* JavaScript writes a character beyond U+FFFF as two surrogates. */
  if (c >= 0xD800 && c < 0xDC00 && p[1] == '\\' && p[2] == 'u')
    {
      gunichar low = 0;

      for (guint i = 3; i < 7; i++)
        {
          if (!g_ascii_isxdigit (p[i]))
            return FALSE;
          low = low * 16 + g_ascii_xdigit_value (p[i]);
        }
      if (low < 0xDC00 || low > 0xDFFF)
        return FALSE;
      c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
      p += 6;
    }
  /* A NUL would cut the value short; a lone surrogate is no character. */
  if (c == 0 || !g_unichar_validate (c))
    return FALSE;
  g_string_append_unichar (out, c);
  *s = p;
  return TRUE;
}

/* Decodes the string at *p (after its opening quote) up to its closing
 * quote, which *p is left after. NULL when it does not end. An escape
 * Thunderbird would not know stands for the character after the
 * backslash, as in JavaScript. */
static char *
parse_string (const char **p)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *s = *p;

  for (; *s != '\0' && *s != '"'; s++)
    {
      if (*s != '\\')
        {
          g_string_append_c (out, *s);
          continue;
        }
      s++;
      switch (*s)
        {
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case '\0': return NULL;
        case 'u':
          s++;
          if (!append_unicode_escape (out, &s))
            {
              s--;
              g_string_append_c (out, *s);
            }
          break;
        default: g_string_append_c (out, *s); break;   /* \\ \" \' */
        }
    }
  if (*s != '"')
    return NULL;
  *p = s + 1;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * bd_thunderbird_prefs_parse_line:
 * @line: one line of prefs.js, without its line end
 * @name: (out): the pref's name
 * @value: (out): its value: a string decoded, else the literal as written
 *   ("42", "true"), spaces around it stripped
 *
 * Returns: whether @line is a `user_pref("NAME", VALUE);`; @name and
 *   @value are left alone when it is not.
 */
gboolean
bd_thunderbird_prefs_parse_line (const char  *line,
                                 char       **name,
                                 char       **value)
{
  const char *p = line;
  g_autofree char *found_name = NULL;
  g_autofree char *found_value = NULL;

  while (g_ascii_isspace (*p))
    p++;
  if (!g_str_has_prefix (p, "user_pref(\""))
    return FALSE;
  p += strlen ("user_pref(\"");
  if ((found_name = parse_string (&p)) == NULL)
    return FALSE;
  while (g_ascii_isspace (*p))
    p++;
  if (*p++ != ',')
    return FALSE;
  while (g_ascii_isspace (*p))
    p++;
  if (*p == '"')
    {
      p++;
      found_value = parse_string (&p);
    }
  else
    {
      const char *end = strchr (p, ')');

      if (end != NULL)
        found_value = g_strstrip (g_strndup (p, end - p));
    }
  if (found_value == NULL)
    return FALSE;
  *name = g_steal_pointer (&found_name);
  *value = g_steal_pointer (&found_value);
  return TRUE;
}

/* Whether @name is in a numbered branch: its number, and the attribute
 * after it ("hostname"). */
static gboolean
parse_key (const char           *name,
           BdThunderbirdBranch   branch,
           guint                *number,
           const char          **attr)
{
  const char *p;
  guint64 n = 0;

  if (!g_str_has_prefix (name, branches[branch].prefix))
    return FALSE;
  p = name + strlen (branches[branch].prefix);
  if (!g_str_has_prefix (p, branches[branch].stem))
    return FALSE;
  p += strlen (branches[branch].stem);
  if (!g_ascii_isdigit (*p))
    return FALSE;
  for (; g_ascii_isdigit (*p) && n < G_MAXUINT; p++)
    n = n * 10 + (*p - '0');
  if (*p != '.' || n == 0 || n >= G_MAXUINT)
    return FALSE;
  *number = (guint) n;
  if (attr != NULL)
    *attr = p + 1;
  return TRUE;
}

static char *
dup_key_pref (BdThunderbirdBranch  branch,
              guint                number,
              const char          *attr)
{
  return g_strdup_printf ("%s%s%u.%s", branches[branch].prefix, branches[branch].stem,
                          number, attr);
}

/* Whether @text names the same mailbox as @address, in ASCII and without
 * regard to case. */
static gboolean
same_address (BdAddress  *address,
              const char *text)
{
  g_autoptr(BdAddress) other = NULL;
  g_autofree char *ascii = NULL;
  g_autofree char *other_ascii = NULL;

  if (text == NULL)
    return FALSE;
  other = bd_address_parse (text, NULL);
  if (other == NULL)
    return FALSE;
  ascii = bd_address_dup_ascii (address);
  other_ascii = bd_address_dup_ascii (other);
  return g_ascii_strcasecmp (ascii, other_ascii) == 0;
}

/* Notes the key @pref is in, and whether it is Brevduva's mark. */
static void
note_keys (BdThunderbirdPrefs *self,
           PrefLine           *pref)
{
  for (BdThunderbirdBranch branch = 0; branch < BD_THUNDERBIRD_N_BRANCHES; branch++)
    {
      guint number;
      const char *attr;

      if (!parse_key (pref->name, branch, &number, &attr))
        continue;
      self->max[branch] = MAX (self->max[branch], number);
      if (self->own[branch] == 0 && g_str_equal (attr, BD_THUNDERBIRD_MARK_ATTR) &&
          same_address (self->address, pref->value))
        self->own[branch] = number;
    }
}

BdThunderbirdPrefs *
bd_thunderbird_prefs_new (const char *text,
                          BdAddress  *address)
{
  BdThunderbirdPrefs *self;
  g_auto(GStrv) lines = NULL;
  guint n;

  g_return_val_if_fail (BD_IS_ADDRESS (address), NULL);

  self = g_new0 (BdThunderbirdPrefs, 1);
  self->address = g_object_ref (address);
  lines = g_strsplit (text != NULL ? text : "", "\n", -1);
  n = g_strv_length (lines);
  self->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) pref_line_free);
  self->values = g_hash_table_new (g_str_hash, g_str_equal);
  self->block_names = g_ptr_array_new_with_free_func (g_free);
  self->block_values = g_ptr_array_new_with_free_func (g_free);
  /* The text's final newline leaves one empty string behind. */
  if (n > 0 && *lines[n - 1] == '\0')
    n--;
  for (guint i = 0; i < n; i++)
    {
      PrefLine *pref = g_new0 (PrefLine, 1);

      pref->line = g_strdup (lines[i]);
      g_ptr_array_add (self->lines, pref);
      if (!bd_thunderbird_prefs_parse_line (pref->line, &pref->name, &pref->value))
        continue;
      g_hash_table_insert (self->values, pref->name, pref->value);
      note_keys (self, pref);
    }
  return self;
}

void
bd_thunderbird_prefs_free (BdThunderbirdPrefs *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->block_values);
  g_ptr_array_unref (self->block_names);
  g_hash_table_unref (self->values);
  g_ptr_array_unref (self->lines);
  g_object_unref (self->address);
  g_free (self);
}

const char *
bd_thunderbird_prefs_get (BdThunderbirdPrefs *self,
                          const char         *name)
{
  return g_hash_table_lookup (self->values, name);
}

const char *
bd_thunderbird_prefs_get_key (BdThunderbirdPrefs  *self,
                              BdThunderbirdBranch  branch,
                              guint                number,
                              const char          *attr)
{
  g_autofree char *name = dup_key_pref (branch, number, attr);

  return g_hash_table_lookup (self->values, name);
}

guint
bd_thunderbird_prefs_get_max (BdThunderbirdPrefs  *self,
                              BdThunderbirdBranch  branch)
{
  return self->max[branch];
}

guint
bd_thunderbird_prefs_get_own (BdThunderbirdPrefs  *self,
                              BdThunderbirdBranch  branch)
{
  return self->own[branch];
}

guint
bd_thunderbird_prefs_find_identity (BdThunderbirdPrefs *self)
{
  for (guint n = 1; n <= self->max[BD_THUNDERBIRD_IDENTITY]; n++)
    {
      const char *email = bd_thunderbird_prefs_get_key (self, BD_THUNDERBIRD_IDENTITY, n,
                                                        "useremail");

      if (n != self->own[BD_THUNDERBIRD_IDENTITY] && same_address (self->address, email))
        return n;
    }
  return 0;
}

guint
bd_thunderbird_prefs_find_server (BdThunderbirdPrefs *self,
                                  const char         *type,
                                  const char         *hostname,
                                  const char         *user)
{
  for (guint n = 1; n <= self->max[BD_THUNDERBIRD_SERVER]; n++)
    {
      BdThunderbirdBranch b = BD_THUNDERBIRD_SERVER;
      const char *host = bd_thunderbird_prefs_get_key (self, b, n, "hostname");
      const char *server_type = bd_thunderbird_prefs_get_key (self, b, n, "type");

      if (n == self->own[b] || host == NULL ||
          g_ascii_strcasecmp (host, hostname) != 0 ||
          g_ascii_strcasecmp (type, server_type ?: "") != 0 ||
          g_strcmp0 (bd_thunderbird_prefs_get_key (self, b, n, "userName"), user) != 0)
        continue;
      return n;
    }
  return 0;
}

/* ------------------------------------------------------------------------
 * Brevduva's block
 * ------------------------------------------------------------------------ */

void
bd_thunderbird_prefs_choose_keys (BdThunderbirdPrefs *self,
                                  const char         *server_type,
                                  gboolean            with_smtp,
                                  guint               keys[BD_THUNDERBIRD_N_BRANCHES])
{
  guint own_server = self->own[BD_THUNDERBIRD_SERVER];
  const char *old_type = own_server != 0
                           ? bd_thunderbird_prefs_get_key (self, BD_THUNDERBIRD_SERVER,
                                                           own_server, "type")
                           : NULL;

  for (BdThunderbirdBranch branch = 0; branch < BD_THUNDERBIRD_N_BRANCHES; branch++)
    self->keys[branch] = self->own[branch] != 0 ? self->own[branch] : self->max[branch] + 1;
  if (!with_smtp)
    self->keys[BD_THUNDERBIRD_SMTP] = 0;
  memcpy (keys, self->keys, sizeof self->keys);

  /* A whole own branch goes when its SMTP server is no longer wanted, or
   * when the incoming server changes its kind (an IMAP folder is no POP3
   * mailbox). */
  self->drop[BD_THUNDERBIRD_SMTP] = !with_smtp;
  self->drop[BD_THUNDERBIRD_SERVER] = old_type != NULL && g_strcmp0 (old_type, server_type) != 0;
}

/**
 * bd_thunderbird_prefs_quote:
 * @value: any text
 *
 * Returns: @value between double quotes, with every quote, backslash and
 *   line end escaped: a value cannot end the string, nor its line.
 */
char *
bd_thunderbird_prefs_quote (const char *value)
{
  g_autoptr(GString) out = g_string_new ("\"");

  for (const char *p = value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        default: g_string_append_c (out, *p); break;
        }
    }
  g_string_append_c (out, '"');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
block_add (BdThunderbirdPrefs  *self,
           BdThunderbirdBranch  branch,
           const char          *attr,
           char                *literal)   /* (transfer full) */
{
  g_return_if_fail (self->keys[branch] != 0);

  g_ptr_array_add (self->block_names, dup_key_pref (branch, self->keys[branch], attr));
  g_ptr_array_add (self->block_values, literal);
}

void
bd_thunderbird_prefs_add_string (BdThunderbirdPrefs  *self,
                                 BdThunderbirdBranch  branch,
                                 const char          *attr,
                                 const char          *value)
{
  block_add (self, branch, attr, bd_thunderbird_prefs_quote (value));
}

void
bd_thunderbird_prefs_add_int (BdThunderbirdPrefs  *self,
                              BdThunderbirdBranch  branch,
                              const char          *attr,
                              int                  value)
{
  block_add (self, branch, attr, g_strdup_printf ("%d", value));
}

void
bd_thunderbird_prefs_add_bool (BdThunderbirdPrefs  *self,
                               BdThunderbirdBranch  branch,
                               const char          *attr,
                               gboolean             value)
{
  block_add (self, branch, attr, g_strdup (value ? "true" : "false"));
}

/* ------------------------------------------------------------------------
 * Merging
 * ------------------------------------------------------------------------ */

/* A comma-separated list with @add (nullable) in it and @drop (nullable)
 * not; NULL when that is what it was. */
static char *
dup_edited_list (const char *list,
                 const char *add,
                 const char *drop)
{
  g_auto(GStrv) items = g_strsplit (list != NULL ? list : "", ",", -1);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  gboolean changed = FALSE;
  gboolean has_add = FALSE;

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_strstrip (items[i]);
      if (*items[i] == '\0')
        continue;
      if (g_strcmp0 (items[i], drop) == 0 && g_strcmp0 (items[i], add) != 0)
        {
          changed = TRUE;
          continue;
        }
      has_add |= g_strcmp0 (items[i], add) == 0;
      g_ptr_array_add (kept, items[i]);
    }
  if (add != NULL && !has_add)
    {
      g_ptr_array_add (kept, (char *) add);
      changed = TRUE;
    }
  if (!changed)
    return NULL;
  g_ptr_array_add (kept, NULL);
  return g_strjoinv (",", (char **) kept->pdata);
}

/* Sets @name's edit to @list quoted, when the list changed (not NULL). */
static void
insert_list_edit (GHashTable *edits,
                  const char *name,
                  char       *list)   /* (transfer full) (nullable) */
{
  g_autofree char *owned = list;

  if (owned != NULL)
    g_hash_table_insert (edits, g_strdup (name), bd_thunderbird_prefs_quote (owned));
}

/* The global prefs the account changes: a name → its new literal, or ""
 * to remove it. */
static GHashTable *
global_edits (BdThunderbirdPrefs *self)
{
  GHashTable *edits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  guint smtp_key = self->keys[BD_THUNDERBIRD_SMTP];
  guint old_smtp_key = self->own[BD_THUNDERBIRD_SMTP];
  g_autofree char *account = g_strdup_printf ("account%u", self->keys[BD_THUNDERBIRD_ACCOUNT]);
  g_autofree char *smtp = smtp_key != 0 ? g_strdup_printf ("smtp%u", smtp_key) : NULL;
  g_autofree char *old_smtp = old_smtp_key != 0 ? g_strdup_printf ("smtp%u", old_smtp_key)
                                                : NULL;
  const char *last_key = bd_thunderbird_prefs_get (self, "mail.account.lastKey");
  const char *default_account = bd_thunderbird_prefs_get (self,
                                                          "mail.accountmanager.defaultaccount");
  const char *default_smtp = bd_thunderbird_prefs_get (self, "mail.smtp.defaultserver");

  insert_list_edit (edits, "mail.accountmanager.accounts",
                    dup_edited_list (bd_thunderbird_prefs_get (self,
                                                               "mail.accountmanager.accounts"),
                                     account, NULL));
  insert_list_edit (edits, "mail.smtpservers",
                    dup_edited_list (bd_thunderbird_prefs_get (self, "mail.smtpservers"),
                                     smtp, old_smtp));

  if (last_key == NULL ||
      g_ascii_strtoull (last_key, NULL, 10) < self->keys[BD_THUNDERBIRD_ACCOUNT])
    g_hash_table_insert (edits, g_strdup ("mail.account.lastKey"),
                         g_strdup_printf ("%u", self->keys[BD_THUNDERBIRD_ACCOUNT]));
  if (default_account == NULL || *default_account == '\0')
    g_hash_table_insert (edits, g_strdup ("mail.accountmanager.defaultaccount"),
                         bd_thunderbird_prefs_quote (account));
  if (smtp != NULL && (default_smtp == NULL || *default_smtp == '\0'))
    g_hash_table_insert (edits, g_strdup ("mail.smtp.defaultserver"),
                         bd_thunderbird_prefs_quote (smtp));
  else if (smtp == NULL && g_strcmp0 (default_smtp, old_smtp) == 0 && old_smtp != NULL)
    g_hash_table_insert (edits, g_strdup ("mail.smtp.defaultserver"), g_strdup (""));
  return edits;
}

/* Whether @name is a pref of Brevduva's own branches that the new block
 * replaces. */
static gboolean
is_own_pref (BdThunderbirdPrefs *self,
             const char         *name)
{
  for (BdThunderbirdBranch branch = 0; branch < BD_THUNDERBIRD_N_BRANCHES; branch++)
    {
      guint number;
      const char *attr;

      if (self->own[branch] == 0 || !parse_key (name, branch, &number, &attr) ||
          number != self->own[branch])
        continue;
      return self->drop[branch] || g_strv_contains (own_attrs[branch], attr);
    }
  return FALSE;
}

static void
append_pref (GString    *out,
             const char *name,
             const char *literal)
{
  g_string_append_printf (out, "user_pref(\"%s\", %s);\n", name, literal);
}

char *
bd_thunderbird_prefs_dup_text (BdThunderbirdPrefs *self)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GHashTable) edits = NULL;
  g_autoptr(GHashTable) done = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (self->keys[BD_THUNDERBIRD_ACCOUNT] != 0, NULL);

  edits = global_edits (self);
  if (self->lines->len == 0)
    g_string_append (out, PREFS_HEADER);
  for (guint i = 0; i < self->lines->len; i++)
    {
      PrefLine *pref = g_ptr_array_index (self->lines, i);
      const char *edit = pref->name != NULL ? g_hash_table_lookup (edits, pref->name) : NULL;

      if (pref->name != NULL && is_own_pref (self, pref->name))
        continue;
      if (edit == NULL)
        {
          g_string_append_printf (out, "%s\n", pref->line);
          continue;
        }
      /* A global pref is changed where it first stands, and set once. */
      if (*edit != '\0' && g_hash_table_add (done, pref->name))
        append_pref (out, pref->name, edit);
      else
        g_hash_table_add (done, pref->name);
    }

  for (guint i = 0; i < G_N_ELEMENTS (global_prefs); i++)
    {
      const char *literal = g_hash_table_lookup (edits, global_prefs[i]);

      if (literal != NULL && *literal != '\0' && !g_hash_table_contains (done, global_prefs[i]))
        append_pref (out, global_prefs[i], literal);
    }
  for (guint i = 0; i < self->block_names->len; i++)
    append_pref (out, g_ptr_array_index (self->block_names, i),
                 g_ptr_array_index (self->block_values, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}
