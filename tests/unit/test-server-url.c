/* test-server-url.c: the command line's server URLs
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-error.h"
#include "bd-server-url.h"

typedef struct
{
  const char *url;
  gboolean valid;
  BdProtocol protocol;
  BdSecurity security;
  const char *host;
  guint16 port;
  const char *username;
} UrlCase;

#define IMAP BD_PROTOCOL_IMAP
#define POP3 BD_PROTOCOL_POP3
#define SMTP BD_PROTOCOL_SMTP
#define TLS BD_SECURITY_TLS
#define STARTTLS BD_SECURITY_STARTTLS

static const UrlCase url_cases[] = {
  { "imaps://imap.example.com", TRUE, IMAP, TLS, "imap.example.com", 993 },
  { "imap://imap.example.com", TRUE, IMAP, STARTTLS, "imap.example.com", 143 },
  { "pop3s://pop.example.com", TRUE, POP3, TLS, "pop.example.com", 995 },
  { "pop3://pop.example.com", TRUE, POP3, STARTTLS, "pop.example.com", 110 },
  { "smtps://smtp.example.com", TRUE, SMTP, TLS, "smtp.example.com", 465 },
  { "smtp://smtp.example.com", TRUE, SMTP, STARTTLS, "smtp.example.com", 587 },
  { "submissions://smtp.example.com", TRUE, SMTP, TLS, "smtp.example.com", 465 },
  { "IMAPS://Imap.Example.COM:1993/", TRUE, IMAP, TLS, "imap.example.com", 1993 },
  { "smtp://smtp.example.com:25", TRUE, SMTP, STARTTLS, "smtp.example.com", 25 },
  { "imaps://[::1]:9993", TRUE, IMAP, TLS, "::1", 9993 },
  { "imaps://[2001:db8::1]", TRUE, IMAP, TLS, "2001:db8::1", 993 },
  { "imaps://127.0.0.1:993", TRUE, IMAP, TLS, "127.0.0.1", 993 },
  { "imaps://imap.exämple.se", TRUE, IMAP, TLS, "imap.xn--exmple-cua.se", 993 },
  { "imaps://alice%40example.com@imap.example.com", TRUE, IMAP, TLS, "imap.example.com", 993,
    "alice@example.com" },
  { "imaps://alice@example.com@imap.example.com", TRUE, IMAP, TLS, "imap.example.com", 993,
    "alice@example.com" },
  { "http://example.com", FALSE },
  { "imapx://example.com", FALSE },
  { "imap.example.com", FALSE },
  { "imaps://", FALSE },
  { "imaps://:993", FALSE },
  { "imaps://host:0", FALSE },
  { "imaps://host:65536", FALSE },
  { "imaps://host:99999999999", FALSE },
  { "imaps://host:-1", FALSE },
  { "imaps://host:", FALSE },
  { "imaps://host:99a", FALSE },
  { "imaps://[::1", FALSE },
  { "imaps://[example.com]:993", FALSE },
  { "imaps://[::1]x", FALSE },
  { "imaps://host/INBOX", FALSE },
  { "imaps://host?x=1", FALSE },
  { "imaps://ho st", FALSE },
  { "imaps://under_score.example.com", FALSE },
  { "imaps://bad..example.com", FALSE },
  { "imaps://alice:secret@imap.example.com", FALSE },
  { "imaps://@imap.example.com", FALSE },
  { "imap://relay.example.com:25;security=none", FALSE },
};

static void
test_url (gconstpointer data)
{
  const UrlCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdServer) server = bd_server_new_from_url (c->url, &error);

  if (!c->valid)
    {
      g_assert_null (server);
      g_assert_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT);
      g_assert_null (strstr (error->message, "secret"));
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpint (bd_server_get_protocol (server), ==, c->protocol);
  g_assert_cmpint (bd_server_get_security (server), ==, c->security);
  g_assert_cmpstr (bd_server_get_hostname (server), ==, c->host);
  g_assert_cmpuint (bd_server_get_port (server), ==, c->port);
  g_assert_cmpstr (bd_server_get_username (server), ==, c->username);
}

/* A server's URL reads back as the same server. */
static void
test_round_trip (void)
{
  g_autoptr(BdServer) server = bd_server_new (BD_PROTOCOL_POP3, "2001:db8::2", 1995,
                                              BD_SECURITY_TLS, NULL);
  g_autofree char *url = bd_server_dup_url (server);
  g_autoptr(BdServer) again = bd_server_new_from_url (url, NULL);

  g_assert_cmpstr (url, ==, "pop3s://[2001:db8::2]:1995");
  g_assert_cmpstr (bd_server_get_hostname (again), ==, "2001:db8::2");
  g_assert_cmpuint (bd_server_get_port (again), ==, 1995);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (url_cases); i++)
    {
      g_autofree char *name = g_strdup (url_cases[i].url);
      g_autofree char *path = NULL;

      g_strcanon (name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.:-", '_');
      path = g_strdup_printf ("/server-url/%s/%s", url_cases[i].valid ? "accepts" : "refuses", name);

      g_test_add_data_func (path, &url_cases[i], test_url);
    }
  g_test_add_func ("/server-url/round-trip", test_round_trip);

  return g_test_run ();
}
