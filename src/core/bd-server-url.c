/* bd-server-url.c
 *
 * The schemes of DESIGN.md: imaps, pop3s and smtps are implicit TLS
 * (RFC 8314), imap, pop3 and smtp are STARTTLS, which is then required
 * (security rule 1). There is no scheme for a server without TLS.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-server-url.h"

static const struct
{
  const char *scheme;
  BdProtocol protocol;
  BdSecurity security;
} schemes[] = {
  { "imaps", BD_PROTOCOL_IMAP, BD_SECURITY_TLS },
  { "imap", BD_PROTOCOL_IMAP, BD_SECURITY_STARTTLS },
  { "pop3s", BD_PROTOCOL_POP3, BD_SECURITY_TLS },
  { "pop3", BD_PROTOCOL_POP3, BD_SECURITY_STARTTLS },
  { "smtps", BD_PROTOCOL_SMTP, BD_SECURITY_TLS },
  { "smtp", BD_PROTOCOL_SMTP, BD_SECURITY_STARTTLS },
  { "submissions", BD_PROTOCOL_SMTP, BD_SECURITY_TLS },
  { "submission", BD_PROTOCOL_SMTP, BD_SECURITY_STARTTLS },
};

/* The URL as an error message may show it: a password in it is hidden. */
static char *
dup_display_url (const char *url)
{
  const char *start = strstr (url, "://");
  const char *at = start != NULL ? strrchr (start, '@') : NULL;
  const char *colon = start != NULL ? strchr (start + 3, ':') : NULL;

  if (at == NULL || colon == NULL || colon > at)
    return g_strdup (url);
  return g_strdup_printf ("%.*s:<hidden>%s", (int) (colon - url), url, at);
}

static gboolean
invalid (GError     **error,
         const char  *url,
         const char  *reason)
{
  g_autofree char *shown = dup_display_url (url);

  /* TRANSLATORS: "“imap:/x” is not a server URL: …" */
  g_set_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT, _("“%s” is not a server URL: %s"),
               shown, reason);
  return FALSE;
}

static gboolean
parse_port (const char  *text,
            guint16     *port,
            const char  *url,
            GError     **error)
{
  guint64 value = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT16, &value, NULL))
    return invalid (error, url, _("the port must be a number from 1 to 65535."));
  *port = (guint16) value;
  return TRUE;
}

/* authority = host [":" port], the host a name, IPv4 or "[IPv6]" (RFC 3986 §3.2). */
static gboolean
parse_authority (const char  *authority,
                 char       **host,
                 guint16     *port,
                 const char  *url,
                 GError     **error)
{
  const char *port_text = NULL;

  if (authority[0] == '[')
    {
      const char *close = strchr (authority, ']');

      if (close == NULL || (close[1] != '\0' && close[1] != ':'))
        return invalid (error, url, _("an IPv6 address must be in brackets, as in [::1]:993."));
      *host = g_strndup (authority + 1, close - authority - 1);
      if (!g_hostname_is_ip_address (*host) || strchr (*host, ':') == NULL)
        return invalid (error, url, _("the text in brackets is not an IPv6 address."));
      port_text = close[1] == ':' ? close + 2 : NULL;
    }
  else
    {
      const char *colon = strchr (authority, ':');

      *host = colon != NULL ? g_strndup (authority, colon - authority) : g_strdup (authority);
      port_text = colon != NULL ? colon + 1 : NULL;
    }

  if (**host == '\0')
    return invalid (error, url, _("the server name is missing."));
  if (port_text != NULL && !parse_port (port_text, port, url, error))
    return FALSE;
  return TRUE;
}

static gboolean
check_host (char        **host,
            const char   *url,
            GError      **error)
{
  g_autofree char *ascii = NULL;

  if (g_hostname_is_ip_address (*host))
    return TRUE;
  ascii = g_hostname_to_ascii (*host);
  if (ascii == NULL || strspn (ascii, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                      "0123456789-.") != strlen (ascii) ||
      ascii[0] == '.' || ascii[0] == '-' || strstr (ascii, "..") != NULL)
    return invalid (error, url, _("the server name is not a host name."));
  g_free (*host);
  *host = g_steal_pointer (&ascii);
  return TRUE;
}

static gboolean
find_scheme (const char  *url,
             const char **rest,
             gsize       *index,
             GError     **error)
{
  const char *separator = strstr (url, "://");
  g_autofree char *scheme = NULL;

  if (separator == NULL)
    return invalid (error, url, _("write it as imaps://host, imap://host, pop3s://host, "
                                  "pop3://host, smtps://host or smtp://host."));
  scheme = g_ascii_strdown (url, separator - url);
  for (gsize i = 0; i < G_N_ELEMENTS (schemes); i++)
    if (g_str_equal (scheme, schemes[i].scheme))
      {
        *index = i;
        *rest = separator + 3;
        return TRUE;
      }
  return invalid (error, url, _("the scheme must be imaps, imap, pop3s, pop3, smtps or smtp."));
}

/* [user "@"]: a user name is allowed, a password never (security rule 5). */
static gboolean
split_userinfo (const char  *rest,
                char       **username,
                const char **authority,
                const char  *url,
                GError     **error)
{
  const char *at = strrchr (rest, '@');
  g_autofree char *userinfo = NULL;

  *authority = rest;
  if (at == NULL)
    return TRUE;
  userinfo = g_strndup (rest, at - rest);
  if (strchr (userinfo, ':') != NULL)
    return invalid (error, url, _("a password never goes in a URL; use --password-stdin."));
  *username = g_uri_unescape_string (userinfo, NULL);
  if (*username == NULL || **username == '\0')
    return invalid (error, url, _("the user name before “@” is empty or badly escaped."));
  *authority = at + 1;
  return TRUE;
}

/**
 * bd_server_new_from_url:
 * @url: such as `imaps://imap.example.com`, `smtp://[2001:db8::1]:587` or
 *   `imap://alice%40example.com@imap.example.com` (a user name, never a
 *   password); a trailing "/" is allowed, a path or query is not
 *
 * Returns: (transfer full) (nullable): the server, with the standard port
 *   when none is given, or %NULL with `invalid-argument`.
 */
BdServer *
bd_server_new_from_url (const char  *url,
                        GError     **error)
{
  g_autofree char *username = NULL;
  g_autofree char *authority = NULL;
  g_autofree char *host = NULL;
  const char *rest = NULL;
  const char *authority_start = NULL;
  gsize index = 0;
  guint16 port;

  g_return_val_if_fail (url != NULL, NULL);

  if (!find_scheme (url, &rest, &index, error) ||
      !split_userinfo (rest, &username, &authority_start, url, error))
    return NULL;

  if (strstr (authority_start, ";security=none") != NULL)
    {
      invalid (error, url, _("a server without encryption never gets a password, so Brevduva "
                             "does not test it."));
      return NULL;
    }
  authority = g_strdup (authority_start);
  if (g_str_has_suffix (authority, "/"))
    authority[strlen (authority) - 1] = '\0';
  if (strpbrk (authority, "/?#; \t") != NULL)
    {
      invalid (error, url, _("only a server and a port may follow the scheme."));
      return NULL;
    }

  port = bd_server_default_port (schemes[index].protocol, schemes[index].security);
  if (!parse_authority (authority, &host, &port, url, error) || !check_host (&host, url, error))
    return NULL;

  return bd_server_new (schemes[index].protocol, host, port, schemes[index].security, username);
}
