/* bd-connection-tls.c
 *
 * GnuTLS over a BdConnection's socket: the transport functions that feed
 * GnuTLS through the connection's deadlines, the handshake (whole, or
 * started and continued, for a second connection that may turn out to
 * speak TLS), what a failed handshake teaches (the first bytes, the alert),
 * and the TLS close_notify (RFC 8446 §6.1).
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

static ssize_t
tls_pull (gnutls_transport_ptr_t  pointer,
          void                   *data,
          size_t                  size)
{
  BdConnection *self = pointer;
  ssize_t n = recv (self->fd, data, size, 0);

  if (n < 0)
    {
      gnutls_transport_set_errno (self->session, errno);
      return -1;
    }
  bd_connection_acknowledge_now (self);
  if (self->first_bytes->len < FIRST_BYTES)
    g_byte_array_append (self->first_bytes, data,
                         (guint) MIN ((gsize) n, FIRST_BYTES - self->first_bytes->len));
  return n;
}

static ssize_t
tls_push (gnutls_transport_ptr_t  pointer,
          const void             *data,
          size_t                  size)
{
  BdConnection *self = pointer;
  ssize_t n = send (self->fd, data, size, MSG_NOSIGNAL);

  if (n < 0)
    gnutls_transport_set_errno (self->session, errno);
  return n;
}

/* GnuTLS stops reading after a record header that makes no sense; a server
 * that spoke plain text has more to say, which the report wants. */
static void
top_up_first_bytes (BdConnection *self)
{
  struct pollfd fds[2] = { { self->fd, POLLIN, 0 } };
  guint8 buffer[FIRST_BYTES];
  gint64 until = MIN (self->deadline, g_get_monotonic_time () + TOP_UP_MS * G_TIME_SPAN_MILLISECOND);
  ssize_t n;

  /* TLS content types are 20–23 (RFC 8446 §5.1); those records are complete. */
  if (self->first_bytes->len == 0 ||
      (self->first_bytes->data[0] >= 20 && self->first_bytes->data[0] <= 23) ||
      memchr (self->first_bytes->data, '\n', self->first_bytes->len) != NULL)
    return;
  if (bd_connection_poll_until (self, fds, 1, until, NULL) <= 0)
    return;
  n = recv (self->fd, buffer, FIRST_BYTES - MIN (self->first_bytes->len, FIRST_BYTES),
            MSG_DONTWAIT);
  if (n > 0)
    g_byte_array_append (self->first_bytes, buffer, (guint) n);
}

static gboolean
handshake_failed (BdConnection  *self,
                  int            rc,
                  GError       **error)
{
  self->tls_error = rc;
  top_up_first_bytes (self);
  if (rc == GNUTLS_E_FATAL_ALERT_RECEIVED)
    {
      self->tls_alert = (int) gnutls_alert_get (self->session);
      g_set_error (error, BD_ERROR, BD_ERROR_TLS_HANDSHAKE_FAILED,
                   _("The server ended the TLS handshake: %s."),
                   gnutls_alert_get_name (self->tls_alert));
    }
  else
    g_set_error (error, BD_ERROR, BD_ERROR_TLS_HANDSHAKE_FAILED,
                 _("The TLS handshake failed: %s"), gnutls_strerror (rc));
  return FALSE;
}

static void
attach_session (BdConnection     *self,
                gnutls_session_t  session)
{
  self->session = session;
  self->response_bytes = 0;
  g_byte_array_set_size (self->first_bytes, 0);
  gnutls_transport_set_ptr (session, self);
  gnutls_transport_set_pull_function (session, tls_pull);
  gnutls_transport_set_push_function (session, tls_push);
}

/* Runs the handshake until it is done (TRUE), needs the socket to be ready
 * for *@events (FALSE, *@events set), or fails (FALSE, @error set). */
static gboolean
handshake_until_blocked (BdConnection  *self,
                         short         *events,
                         GError       **error)
{
  for (;;)
    {
      int rc = gnutls_handshake (self->session);

      if (rc == GNUTLS_E_SUCCESS)
        {
          self->tls_up = TRUE;
          return TRUE;
        }
      if (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED)
        {
          *events = gnutls_record_get_direction (self->session) ? POLLOUT : POLLIN;
          return FALSE;
        }
      if (gnutls_error_is_fatal (rc))
        {
          self->broken = TRUE;
          return handshake_failed (self, rc, error);
        }
    }
}

/**
 * bd_connection_handshake:
 * @session: (transfer full): a client session; the connection owns it from now on
 *
 * Runs the TLS handshake over the connection, within the step's deadline.
 * On failure, bd_connection_get_tls_error() and
 * bd_connection_dup_first_bytes() tell why.
 */
gboolean
bd_connection_handshake (BdConnection      *self,
                         gnutls_session_t   session,
                         GError           **error)
{
  g_return_val_if_fail (self->session == NULL, FALSE);

  attach_session (self, session);
  for (;;)
    {
      GError *local_error = NULL;
      short events = 0;

      if (handshake_until_blocked (self, &events, &local_error))
        return TRUE;
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      if (!bd_connection_wait_socket (self, events, error))
        return FALSE;
    }
}

/**
 * bd_connection_start_handshake:
 * @session: (transfer full): a client session; the connection owns it from now on
 *
 * Sends the ClientHello and returns without waiting for the answer, which
 * bd_connection_continue_handshake() takes in once
 * bd_connection_wait_readable() says it came.
 *
 * Returns: %FALSE when the hello could not be sent.
 */
gboolean
bd_connection_start_handshake (BdConnection     *self,
                               gnutls_session_t  session)
{
  short events = 0;

  g_return_val_if_fail (self->session == NULL, FALSE);

  attach_session (self, session);
  while (!handshake_until_blocked (self, &events, NULL))
    {
      if (self->broken)
        return FALSE;
      if (events == POLLIN)
        return TRUE;
      if (!bd_connection_wait_socket (self, POLLOUT, NULL))
        return FALSE;
    }
  return TRUE;
}

/**
 * bd_connection_continue_handshake:
 *
 * Takes in, without waiting, what the server answered to the ClientHello
 * that bd_connection_start_handshake() sent; bd_connection_dup_first_bytes()
 * shows it.
 *
 * Returns: %TRUE while the handshake goes on and wants more from the
 *   server; %FALSE once it is done or failed.
 */
gboolean
bd_connection_continue_handshake (BdConnection *self)
{
  short events = 0;

  if (self->session == NULL || self->tls_up || self->broken)
    return FALSE;
  return !handshake_until_blocked (self, &events, NULL) && !self->broken;
}

/**
 * bd_connection_get_session:
 *
 * Returns: (nullable): the TLS session, once a handshake was started.
 */
gnutls_session_t
bd_connection_get_session (BdConnection *self)
{
  return self->session;
}

/**
 * bd_connection_get_tls_error:
 * @alert: (out): the alert the server sent, when the error is
 *   %GNUTLS_E_FATAL_ALERT_RECEIVED
 *
 * Returns: the GnuTLS error that ended the handshake, or 0.
 */
int
bd_connection_get_tls_error (BdConnection *self,
                             int          *alert)
{
  *alert = self->tls_alert;
  return self->tls_error;
}

/**
 * bd_connection_get_tls_up:
 *
 * Returns: whether a TLS handshake completed on the connection.
 */
gboolean
bd_connection_get_tls_up (BdConnection *self)
{
  return self->tls_up;
}

/**
 * bd_connection_close_notify:
 *
 * Ends this side of the TLS session with a close_notify alert (RFC 8446
 * §6.1; gnutls_bye() with %GNUTLS_SHUT_WR, which does not wait for the
 * server's own). Like every write of the goodbye it never waits: an alert
 * that cannot go out at once is dropped, and the socket's close ends the
 * connection instead.
 *
 * Returns: whether the alert went out.
 */
gboolean
bd_connection_close_notify (BdConnection *self)
{
  int rc;

  if (!bd_connection_is_open (self) || !self->tls_up)
    return FALSE;
  do
    rc = gnutls_bye (self->session, GNUTLS_SHUT_WR);
  while (rc == GNUTLS_E_INTERRUPTED);
  return rc == GNUTLS_E_SUCCESS;
}
