/* bd-connection-linger.c
 *
 * The goodbye's last part: a connection whose verdict is in is handed to a
 * small pool of threads that reads and drops what the server still sends
 * (the answer to LOGOUT or QUIT) for a bounded time and number of bytes, so
 * that the server ends the session cleanly, without delaying the verdict.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-connection-impl-private.h"

/* Reads and drops what has arrived, without waiting, up to LINGER_MAX_BYTES.
 * Returns: whether the server has closed (or the socket failed). */
static gboolean
discard_arrived (BdConnection *self)
{
  guint8 buffer[RECEIVE_SIZE];
  gsize total = 0;

  while (total < LINGER_MAX_BYTES)
    {
      gssize n = recv (self->fd, buffer, sizeof buffer, MSG_DONTWAIT);

      if (n > 0)
        total += (gsize) n;
      else if (n == 0 || (errno != EINTR && errno != EAGAIN))
        return TRUE;
      else if (errno == EAGAIN)
        return FALSE;
    }
  return FALSE;
}

static void
linger_thread (gpointer data,
               gpointer user_data)
{
  BdConnection *self = data;
  guint8 buffer[RECEIVE_SIZE];
  gsize total = 0;

  while (self->fd >= 0 && total < LINGER_MAX_BYTES)
    {
      gssize n = recv (self->fd, buffer, sizeof buffer, 0);

      if (n == 0)
        break;
      if (n > 0)
        total += (gsize) n;
      else if (errno == EINTR)
        continue;
      else if (errno != EAGAIN || !bd_connection_wait_socket (self, POLLIN, NULL))
        break;
    }
  bd_connection_free (self);
}

static gpointer
linger_pool_new (gpointer data)
{
  return g_thread_pool_new (linger_thread, NULL, LINGER_THREADS, FALSE, NULL);
}

/**
 * bd_connection_linger:
 * @self: (transfer full): a connection whose goodbye (LOGOUT or QUIT, a
 *   close_notify) was sent
 * @timeout_ms: how long the server gets to answer and close, at most
 *   LINGER_MAX_MS
 *
 * Lets the server answer the goodbye and close first, as a clean logout
 * does, without making the caller wait a round trip for it: a thread of a
 * small shared pool reads what still comes, throws it away (it is never
 * decrypted and goes into no report), and frees @self when the server has
 * closed, after LINGER_MAX_BYTES, or when @timeout_ms passes or the probe
 * is cancelled. Closing only then also keeps the kernel from answering
 * unread data with a reset. A program that exits sooner closes the socket
 * itself; the server has the goodbye by then.
 *
 * The report is forgotten here: the caller may hand it out at once.
 */
void
bd_connection_linger (BdConnection *self,
                      guint         timeout_ms)
{
  static GOnce pool_once = G_ONCE_INIT;
  GThreadPool *pool;

  g_return_if_fail (self != NULL);

  self->report = NULL;
  /* What lingers is the socket alone: the TLS session, whose buffers held
   * the login, is freed now, as before, rather than whenever the server
   * closes (or never, when the program exits first). */
  if (self->session != NULL)
    g_clear_pointer (&self->session, gnutls_deinit);
  /* What has arrived already is dropped at once: a program that exits
   * before the pool's thread runs then closes with nothing unread, which
   * the kernel would answer with a reset instead of a plain end. */
  if (self->fd < 0 || discard_arrived (self))
    {
      bd_connection_free (self);
      return;
    }
  bd_connection_set_step (self, "logout", MIN (timeout_ms, LINGER_MAX_MS));
  pool = g_once (&pool_once, linger_pool_new, NULL);
  /* Queued even when no thread could be started; one that starts later
   * finds the deadline passed and only frees it. */
  g_thread_pool_push (pool, self, NULL);
}
