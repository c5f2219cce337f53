/* test-probe-hello.c: the ClientHello a real probe sends, as a server reads it
 *
 * A probe never resumes a TLS session, so it asks for no ticket
 * (bd-tls-context.c): tests/unit/test-tls-hello.c reads that from the
 * session's first flight; this test reads it off the wire, from the probe
 * as it runs, over implicit TLS and after STARTTLS. A catcher on loopback
 * plays the server up to the ClientHello (for SMTP: the greeting, the EHLO
 * reply offering STARTTLS, and its 220), keeps the record and closes the
 * connection; the probe then fails at TLS, which is not what is tested.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-probe.h"
#include "bd-server-url.h"
#include "bd-test-mailserver.h"
#include "bd-test-tls-hello.h"

#define CATCH_TIMEOUT_S 30

typedef struct
{
  const char *name;
  const char *scheme;
  /* What the server says before the ClientHello; a line is read after each. */
  const char *script[4];
} HelloCase;

static const HelloCase cases[] = {
  { "imaps", "imaps", { NULL } },
  { "smtps", "smtps", { NULL } },
  { "smtp-starttls", "smtp",
    { "220 localhost ESMTP catcher\r\n", "250-localhost\r\n250 STARTTLS\r\n",
      "220 2.0.0 Ready to start TLS\r\n", NULL } },
};

typedef struct
{
  const HelloCase *c;
  GSocket *listener;
  GBytes *hello;               /* the record, once caught */
} Catcher;

static void
read_exactly (GSocket *socket,
              guint8  *buffer,
              gsize    size)
{
  gsize done = 0;

  while (done < size)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_receive (socket, (char *) buffer + done, size - done, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      done += (gsize) n;
    }
}

static void
read_line (GSocket *socket)
{
  guint8 byte = 0;

  while (byte != '\n')
    read_exactly (socket, &byte, 1);
}

static gpointer
catch_thread (gpointer data)
{
  Catcher *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_accept (self->listener, NULL, &error);
  guint8 header[5];
  g_autofree guint8 *record = NULL;
  gsize length;

  g_assert_no_error (error);
  /* One connection only: what the probe tries after this one is refused. */
  g_socket_close (self->listener, NULL);
  g_socket_set_timeout (socket, CATCH_TIMEOUT_S);
  for (guint i = 0; self->c->script[i] != NULL; i++)
    {
      g_socket_send (socket, self->c->script[i], strlen (self->c->script[i]), NULL, &error);
      g_assert_no_error (error);
      if (self->c->script[i + 1] != NULL)
        read_line (socket);
    }
  read_exactly (socket, header, sizeof header);
  length = (gsize) header[3] << 8 | header[4];
  record = g_malloc (sizeof header + length);
  memcpy (record, header, sizeof header);
  read_exactly (socket, record + sizeof header, length);
  self->hello = g_bytes_new_take (g_steal_pointer (&record), sizeof header + length);
  g_socket_close (socket, NULL);
  return NULL;
}

static GSocket *
listen_on_loopback (guint16 *port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                              G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (listener, any_port, TRUE, &error));
  g_assert_true (g_socket_listen (listener, &error));
  g_socket_set_timeout (listener, CATCH_TIMEOUT_S);
  bound = g_socket_get_local_address (listener, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return g_steal_pointer (&listener);
}

static void
test_hello (gconstpointer data)
{
  const HelloCase *c = data;
  Catcher catcher = { c, NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(BdServer) server = NULL;
  g_autoptr(BdProbe) probe = NULL;
  g_autoptr(BdProbeReport) report = NULL;
  g_autoptr(BdTestTlsHello) hello = NULL;
  g_autofree char *url = NULL;
  g_autofree char *versions = NULL;
  GThread *thread;
  guint16 port;
  guint elapsed;

  catcher.listener = listen_on_loopback (&port);
  thread = g_thread_new ("catcher", catch_thread, &catcher);
  url = g_strdup_printf ("%s://127.0.0.1:%u", c->scheme, port);
  server = bd_server_new_from_url (url, &error);
  g_assert_no_error (error);
  probe = bd_probe_new (server);
  bd_probe_set_username (probe, BD_TEST_USER);
  bd_probe_set_password (probe, BD_TEST_PASSWORD, -1);
  bd_probe_set_timeout (probe, 10000);

  report = bd_test_probe_run (probe, NULL, &elapsed, &error);
  g_thread_join (thread);
  g_object_unref (catcher.listener);
  g_assert_no_error (error);
  bd_test_assert_report_clean (report, BD_TEST_PASSWORD);

  g_assert_nonnull (catcher.hello);
  hello = bd_test_tls_hello_parse (catcher.hello);
  g_bytes_unref (catcher.hello);
  bd_test_tls_hello_assert_no_ticket_asked (hello);
  versions = bd_test_tls_hello_dup_versions (hello);
  g_assert_cmpstr (versions, ==, "0304 0303");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/probe-hello/no-ticket-asked/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_hello);
    }

  return g_test_run ();
}
