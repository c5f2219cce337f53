/* bd-address.c
 *
 * Addresses are checked against RFC 5321 §4.1.2 and §4.5.3.1 (lengths) with
 * the UTF-8 local parts of RFC 6531. Quoted local parts and address literals
 * ("[192.0.2.1]") are refused: no mail provider hands them out, and accepting
 * them would only let typing mistakes through (see docs/decisions.md).
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-address.h"
#include "bd-error.h"

#define MAX_LOCAL_PART_OCTETS 64
#define MAX_DOMAIN_OCTETS 253
#define MAX_LABEL_OCTETS 63
#define MAX_ADDRESS_OCTETS 254

struct _BdAddress
{
  GObject parent_instance;

  char *display;
  char *local_part;
  char *domain;
  char *ascii_domain;
};

enum {
  PROP_0,
  PROP_DISPLAY,
  PROP_LOCAL_PART,
  PROP_DOMAIN,
  PROP_ASCII_DOMAIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BdAddress, bd_address, G_TYPE_OBJECT)

static void
bd_address_finalize (GObject *object)
{
  BdAddress *self = BD_ADDRESS (object);

  g_free (self->display);
  g_free (self->local_part);
  g_free (self->domain);
  g_free (self->ascii_domain);

  G_OBJECT_CLASS (bd_address_parent_class)->finalize (object);
}

static void
bd_address_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  BdAddress *self = BD_ADDRESS (object);

  switch (prop_id)
    {
    case PROP_DISPLAY:
      g_value_set_string (value, self->display);
      break;
    case PROP_LOCAL_PART:
      g_value_set_string (value, self->local_part);
      break;
    case PROP_DOMAIN:
      g_value_set_string (value, self->domain);
      break;
    case PROP_ASCII_DOMAIN:
      g_value_set_string (value, self->ascii_domain);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_address_class_init (BdAddressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bd_address_finalize;
  object_class->get_property = bd_address_get_property;

  properties[PROP_DISPLAY] =
    g_param_spec_string ("display", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCAL_PART] =
    g_param_spec_string ("local-part", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOMAIN] =
    g_param_spec_string ("domain", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ASCII_DOMAIN] =
    g_param_spec_string ("ascii-domain", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bd_address_init (BdAddress *self)
{
}

/* Characters RFC 5322 §3.2.3 "atext" allows besides letters and digits. */
static gboolean
is_atext_special (gunichar c)
{
  return c != 0 && strchr ("!#$%&'*+-/=?^_`{|}~", (int) c) != NULL;
}

/* White space around the address is dropped, Unicode's included: an address
 * copied from a web page or a document often brings a no-break space along. */
static gboolean
is_surrounding_space (gunichar c)
{
  return g_unichar_isspace (c) || c == '\v';
}

static char *
strip_space (const char *text)
{
  const char *start = text;
  const char *end = text + strlen (text);

  while (start < end && is_surrounding_space (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!is_surrounding_space (g_utf8_get_char (prev)))
        break;
      end = prev;
    }

  return g_strndup (start, end - start);
}

static gboolean
check_characters (const char  *text,
                  GError     **error)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          g_set_error (error, BD_ERROR, BD_ERROR_ADDRESS_CONTAINS_SPACE,
                       _("An email address cannot contain spaces."));
          return FALSE;
        }
      if (g_unichar_iscntrl (c) || c == 0xFFFD || g_unichar_type (c) == G_UNICODE_FORMAT)
        {
          g_set_error (error, BD_ERROR, BD_ERROR_ADDRESS_INVALID_CHARACTER,
                       _("The address contains an invisible control character."));
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
check_local_part (const char  *local,
                  GError     **error)
{
  gsize len = strlen (local);

  if (len == 0)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_ADDRESS_EMPTY_LOCAL_PART,
                   _("There is nothing before the “@”."));
      return FALSE;
    }
  if (len > MAX_LOCAL_PART_OCTETS)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_ADDRESS_LOCAL_PART_TOO_LONG,
                   _("The part before the “@” is too long: at most %u bytes are allowed "
                     "(a letter outside English takes two or more)."),
                   (guint) MAX_LOCAL_PART_OCTETS);
      return FALSE;
    }

  for (const char *p = local; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* RFC 6531 §3.3 lets any non-ASCII UTF-8 character into the local part. */
      if (c >= 0x80 || g_ascii_isalnum ((char) c) || is_atext_special (c) || c == '.')
        continue;

      g_set_error (error, BD_ERROR, BD_ERROR_ADDRESS_INVALID_CHARACTER,
                   _("The character “%c” cannot appear before the “@”."), (char) c);
      return FALSE;
    }

  if (local[0] == '.' || local[len - 1] == '.' || strstr (local, "..") != NULL)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_ADDRESS_INVALID_LOCAL_PART,
                   _("The part before the “@” cannot start or end with a dot, "
                     "or have two dots in a row."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_ascii_label (const char  *display_domain,
                   const char  *label,
                   gsize        len,
                   GError     **error)
{
  if (len == 0)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_ADDRESS_INVALID_DOMAIN,
                   _("The domain “%s” has an empty part between dots."), display_domain);
      return FALSE;
    }
  if (len > MAX_LABEL_OCTETS)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_ADDRESS_DOMAIN_TOO_LONG,
                   _("A part of the domain is longer than %u characters."),
                   (guint) MAX_LABEL_OCTETS);
      return FALSE;
    }
  if (label[0] == '-' || label[len - 1] == '-')
    {
      g_set_error (error, BD_ERROR, BD_ERROR_ADDRESS_INVALID_DOMAIN,
                   _("A part of the domain “%s” starts or ends with a hyphen."), display_domain);
      return FALSE;
    }
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isalnum (label[i]) && label[i] != '-')
        {
          g_set_error (error, BD_ERROR, BD_ERROR_ADDRESS_INVALID_DOMAIN,
                       _("The domain “%s” contains “%c”, which a domain name cannot have."),
                       display_domain, label[i]);
          return FALSE;
        }
    }

  return TRUE;
}

/* Checks the domain after IDNA conversion (RFC 1035 §2.3.1, RFC 5890). */
static gboolean
check_ascii_domain (const char  *display_domain,
                    const char  *ascii,
                    GError     **error)
{
  const char *label = ascii;
  const char *last_label = ascii;
  gboolean all_digits = TRUE;

  if (strlen (ascii) > MAX_DOMAIN_OCTETS)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_ADDRESS_DOMAIN_TOO_LONG,
                   _("The domain is longer than %u characters."), (guint) MAX_DOMAIN_OCTETS);
      return FALSE;
    }

  for (;;)
    {
      const char *dot = strchr (label, '.');
      gsize len = dot != NULL ? (gsize) (dot - label) : strlen (label);

      if (!check_ascii_label (display_domain, label, len, error))
        return FALSE;
      last_label = label;
      if (dot == NULL)
        break;
      label = dot + 1;
    }

  if (last_label == ascii)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_ADDRESS_INVALID_DOMAIN,
                   _("The domain “%s” has no dot: a mail domain looks like example.com."),
                   display_domain);
      return FALSE;
    }

  for (const char *p = last_label; *p != '\0'; p++)
    all_digits = all_digits && g_ascii_isdigit (*p);
  if (all_digits)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_ADDRESS_INVALID_DOMAIN,
                   _("“%s” is not a domain name; addresses at a bare IP address are not "
                     "supported."), display_domain);
      return FALSE;
    }

  return TRUE;
}

static char *
domain_to_ascii (const char  *domain,
                 GError     **error)
{
  g_autofree char *ascii = NULL;

  if (domain[0] == '[')
    {
      g_set_error (error, BD_ERROR, BD_ERROR_ADDRESS_INVALID_DOMAIN,
                   _("Addresses at a bare IP address such as “%s” are not supported."), domain);
      return NULL;
    }

  ascii = g_hostname_to_ascii (domain);
  if (ascii == NULL)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_ADDRESS_INVALID_DOMAIN,
                   _("“%s” is not a valid domain name."), domain);
      return NULL;
    }

  if (!check_ascii_domain (domain, ascii, error))
    return NULL;

  return g_ascii_strdown (ascii, -1);
}

/**
 * bd_address_parse:
 * @text: what the person typed; surrounding white space is ignored
 *
 * Returns: (transfer full): the address, or %NULL with @error set to one of
 *   the `BD_ERROR_ADDRESS_*` codes and a message naming the problem.
 */
BdAddress *
bd_address_parse (const char  *text,
                  GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *ascii_domain = NULL;
  g_autoptr(BdAddress) self = NULL;
  const char *at;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, BD_ERROR, BD_ERROR_ADDRESS_INVALID_CHARACTER,
                   _("The address is not valid text."));
      return NULL;
    }

  trimmed = strip_space (text);
  if (trimmed[0] == '\0')
    {
      g_set_error (error, BD_ERROR, BD_ERROR_ADDRESS_EMPTY, _("The email address is empty."));
      return NULL;
    }
  if (!check_characters (trimmed, error))
    return NULL;

  at = strchr (trimmed, '@');
  if (at == NULL)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_ADDRESS_MISSING_AT,
                   _("“%s” has no “@”: an email address looks like alice@example.com."), trimmed);
      return NULL;
    }
  if (strchr (at + 1, '@') != NULL)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_ADDRESS_MULTIPLE_AT,
                   _("The address has more than one “@”."));
      return NULL;
    }

  self = g_object_new (BD_TYPE_ADDRESS, NULL);
  self->display = g_strdup (trimmed);
  self->local_part = g_strndup (trimmed, at - trimmed);
  self->domain = g_strdup (at + 1);

  if (!check_local_part (self->local_part, error))
    return NULL;

  if (self->domain[0] == '\0')
    {
      g_set_error (error, BD_ERROR, BD_ERROR_ADDRESS_EMPTY_DOMAIN,
                   _("There is nothing after the “@”."));
      return NULL;
    }

  ascii_domain = domain_to_ascii (self->domain, error);
  if (ascii_domain == NULL)
    return NULL;
  self->ascii_domain = g_steal_pointer (&ascii_domain);

  if (strlen (self->local_part) + 1 + strlen (self->ascii_domain) > MAX_ADDRESS_OCTETS)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_ADDRESS_TOO_LONG,
                   _("The address is longer than %u characters."), (guint) MAX_ADDRESS_OCTETS);
      return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * bd_address_get_display:
 *
 * Returns: (transfer none): the address as the person typed it.
 */
const char *
bd_address_get_display (BdAddress *self)
{
  g_return_val_if_fail (BD_IS_ADDRESS (self), NULL);
  return self->display;
}

const char *
bd_address_get_local_part (BdAddress *self)
{
  g_return_val_if_fail (BD_IS_ADDRESS (self), NULL);
  return self->local_part;
}

/**
 * bd_address_get_domain:
 *
 * Returns: (transfer none): the domain in the person's spelling.
 */
const char *
bd_address_get_domain (BdAddress *self)
{
  g_return_val_if_fail (BD_IS_ADDRESS (self), NULL);
  return self->domain;
}

/**
 * bd_address_get_ascii_domain:
 *
 * Returns: (transfer none): the domain in lower-case ASCII (IDNA) form, the
 *   form every lookup uses.
 */
const char *
bd_address_get_ascii_domain (BdAddress *self)
{
  g_return_val_if_fail (BD_IS_ADDRESS (self), NULL);
  return self->ascii_domain;
}

/**
 * bd_address_dup_ascii:
 *
 * Returns: (transfer full): the local part with the ASCII domain.
 */
char *
bd_address_dup_ascii (BdAddress *self)
{
  g_return_val_if_fail (BD_IS_ADDRESS (self), NULL);
  return g_strconcat (self->local_part, "@", self->ascii_domain, NULL);
}

gboolean
bd_address_domain_is_idn (BdAddress *self)
{
  g_return_val_if_fail (BD_IS_ADDRESS (self), FALSE);
  return g_ascii_strcasecmp (self->domain, self->ascii_domain) != 0;
}

/**
 * bd_address_expand:
 * @template_str: a value from an autoconfig document
 *
 * Expands the placeholders of the clientConfig format: `%EMAILADDRESS%`,
 * `%EMAILLOCALPART%` and `%EMAILDOMAIN%`. The domain is expanded in its
 * ASCII form, which is what both host names and login names need.
 * Any other `%…%` text is left as it is.
 *
 * Returns: (transfer full): the expanded string.
 */
char *
bd_address_expand (BdAddress  *self,
                   const char *template_str)
{
  static const char *const placeholders[] = {
    "%EMAILADDRESS%", "%EMAILLOCALPART%", "%EMAILDOMAIN%",
  };
  g_autofree char *ascii_address = NULL;
  const char *values[3];
  GString *out;

  g_return_val_if_fail (BD_IS_ADDRESS (self), NULL);
  g_return_val_if_fail (template_str != NULL, NULL);

  ascii_address = bd_address_dup_ascii (self);
  values[0] = ascii_address;
  values[1] = self->local_part;
  values[2] = self->ascii_domain;

  out = g_string_new (NULL);
  for (const char *p = template_str; *p != '\0';)
    {
      gboolean replaced = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (placeholders); i++)
        {
          gsize len = strlen (placeholders[i]);

          if (g_ascii_strncasecmp (p, placeholders[i], len) == 0)
            {
              g_string_append (out, values[i]);
              p += len;
              replaced = TRUE;
              break;
            }
        }
      if (!replaced)
        g_string_append_c (out, *p++);
    }

  return g_string_free (out, FALSE);
}
