/* bd-connection-impl-private.h: what the files of BdConnection share
 *
 * BdConnection is written in four files: bd-connection.c (the TCP
 * connection, deadlines, reading and writing lines), bd-connection-tls.c
 * (GnuTLS over it: the handshake, close_notify), bd-connection-linger.c
 * (the goodbye: a connection handed to a small pool that lets the server
 * finish) and bd-connection-proxy.c (the connection through the desktop's
 * proxy). Only they include this header.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <poll.h>
#include <gnutls/gnutls.h>

#include "bd-connection-private.h"
#include "bd-line-reader.h"

G_BEGIN_DECLS

#define RECEIVE_SIZE 4096
#define FIRST_BYTES 512
/* How long a failed handshake waits for the rest of a plain-text line. */
#define TOP_UP_MS 100
#define HIDDEN "<hidden>"
/* What a lingering connection reads and throws away at most, and for how long. */
#define LINGER_MAX_BYTES (64 * 1024)
#define LINGER_MAX_MS 5000
#define LINGER_THREADS 4
/* What receive_now() returns when nothing has arrived yet. */
#define NOTHING_YET (-2)

struct _BdConnection
{
  int fd;
  char *address;
  char *proxy;           /* "socks5://host:port" when connected through a proxy */
  gnutls_session_t session;
  GCancellable *cancellable;
  GPollFD cancel_fd;
  gboolean has_cancel_fd;
  BdProbeReport *report;
  BdLineReader reader;
  gint64 deadline;
  const char *step;
  guint timeout_ms;
  gsize response_bytes;
  char *masked_prefix;
  gboolean expect_text;
  int tls_error;
  int tls_alert;
  GByteArray *first_bytes;
  gint64 round_trip;     /* µs the winning TCP handshake took */
  gboolean tls_up;       /* the handshake completed */
  gboolean broken;       /* closed by the server, or unusable: nothing more can be said */
};

int      bd_connection_poll_until      (BdConnection   *self,
                                        struct pollfd  *fds,
                                        nfds_t          n_fds,
                                        gint64          until,
                                        GError        **error);
gboolean bd_connection_wait_socket     (BdConnection   *self,
                                        short           events,
                                        GError        **error);
void     bd_connection_acknowledge_now (BdConnection   *self);

G_END_DECLS
