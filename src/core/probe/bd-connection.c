/* bd-connection.c
 *
 * Blocking code for a worker thread: non-blocking sockets driven by poll()
 * with an absolute deadline per step, so that a server that trickles bytes
 * cannot stretch a step; the GCancellable's file descriptor is polled too,
 * so that cancelling wakes the thread and the socket is closed at once.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-line-reader.h"
#include "bd-connection-private.h"
#include "bd-connection-impl-private.h"
#include "bd-secret-private.h"

#define MAX_ATTEMPTS 16

typedef struct
{
  int fd;
  GInetAddress *address;
  gint64 started;
} Attempt;

typedef struct
{
  guint refused;
  guint unreachable;
  int last_errno;
  char *refused_address;
} Failures;

/**
 * bd_connection_new:
 * @report: receives the transcript; borrowed, it must outlive the connection
 */
BdConnection *
bd_connection_new (GCancellable  *cancellable,
                   BdProbeReport *report)
{
  BdConnection *self = g_new0 (BdConnection, 1);

  self->fd = -1;
  self->report = report;
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  self->has_cancel_fd = g_cancellable_make_pollfd (cancellable, &self->cancel_fd);
  bd_line_reader_init (&self->reader, BD_LINE_READER_MAX_LINE);
  self->first_bytes = g_byte_array_new ();
  self->step = "connect";
  self->timeout_ms = 10000;
  self->deadline = g_get_monotonic_time () + self->timeout_ms * G_TIME_SPAN_MILLISECOND;
  return self;
}

static void
close_socket (BdConnection *self)
{
  if (self->fd >= 0)
    {
      close (self->fd);
      self->fd = -1;
    }
}

void
bd_connection_free (BdConnection *self)
{
  if (self == NULL)
    return;
  close_socket (self);
  if (self->session != NULL)
    gnutls_deinit (self->session);
  if (self->has_cancel_fd)
    g_cancellable_release_fd (self->cancellable);
  g_clear_object (&self->cancellable);
  bd_line_reader_clear (&self->reader);
  g_byte_array_unref (self->first_bytes);
  g_free (self->address);
  g_free (self->proxy);
  g_free (self->masked_prefix);
  g_free (self);
}

/**
 * bd_connection_set_step:
 * @step: (type utf8): a static step name, for the timeout's message
 *
 * Starts a step: its deadline is @timeout_ms from now.
 */
void
bd_connection_set_step (BdConnection *self,
                        const char   *step,
                        guint         timeout_ms)
{
  self->step = step;
  self->timeout_ms = timeout_ms;
  self->deadline = g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;
}

static gboolean
timed_out (BdConnection  *self,
           GError       **error)
{
  g_set_error (error, BD_ERROR, BD_ERROR_TIMED_OUT,
               /* TRANSLATORS: "No answer within 10 seconds (step: connecting)." */
               _("No answer within %g seconds (step: %s)."),
               self->timeout_ms / 1000.0, bd_probe_step_get_label (self->step));
  return FALSE;
}

static gboolean
cancelled (BdConnection  *self,
           GError       **error)
{
  close_socket (self);
  self->broken = TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The test was stopped."));
  return FALSE;
}

static gboolean
closed (BdConnection  *self,
        GError       **error)
{
  self->broken = TRUE;
  g_set_error (error, BD_ERROR, BD_ERROR_PROTOCOL_ERROR,
               /* TRANSLATORS: "The server closed the connection (step: the server’s greeting)." */
               _("The server closed the connection (step: %s)."),
               bd_probe_step_get_label (self->step));
  return FALSE;
}

/* Sends the ACK for what was just read now instead of up to 40 ms later.
 * After a TLS 1.3 handshake servers such as Postfix send their session
 * tickets and then their first answer, which their own Nagle algorithm
 * holds until the tickets are acknowledged; the client has nothing to send
 * that could carry the ACK. Linux sends a pending ACK at once when
 * TCP_QUICKACK is set after a read (the flag does not last, hence every
 * time). */
void
bd_connection_acknowledge_now (BdConnection *self)
{
  int one = 1;

  setsockopt (self->fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
}

/* Polls @fds (with room for one more) until one is ready (> 0), @until
 * passes (0), or the probe is cancelled or poll() fails (-1, @error set). */
int
bd_connection_poll_until (BdConnection   *self,
                          struct pollfd  *fds,
                          nfds_t          n_fds,
                          gint64          until,
                          GError        **error)
{
  for (;;)
    {
      gint64 now = g_get_monotonic_time ();
      nfds_t total = n_fds;
      int timeout;
      int ready;

      if (g_cancellable_is_cancelled (self->cancellable))
        {
          cancelled (self, error);
          return -1;
        }
      if (now >= until)
        return 0;
      timeout = (int) MIN ((until - now + 999) / 1000, G_MAXINT);
      if (self->has_cancel_fd)
        {
          fds[total].fd = self->cancel_fd.fd;
          fds[total].events = POLLIN;
          fds[total].revents = 0;
          total++;
        }
      ready = poll (fds, total, timeout);
      if (ready < 0 && errno == EINTR)
        continue;
      if (ready < 0)
        {
          g_set_error (error, BD_ERROR, BD_ERROR_FAILED, "poll: %s", g_strerror (errno));
          return -1;
        }
      if (self->has_cancel_fd && fds[n_fds].revents != 0)
        {
          cancelled (self, error);
          return -1;
        }
      for (nfds_t i = 0; i < n_fds; i++)
        if (fds[i].revents != 0)
          return ready;
    }
}

/* Waits until the connection's socket is ready for @events, within the step's deadline. */
gboolean
bd_connection_wait_socket (BdConnection  *self,
                           short          events,
                           GError       **error)
{
  struct pollfd fds[2] = { { self->fd, events, 0 } };
  int ready = bd_connection_poll_until (self, fds, 1, self->deadline, error);

  if (ready == 0)
    return timed_out (self, error);
  return ready > 0;
}

/* RFC 8305 §4: alternate the address families, keeping the resolver's order within each. */
static GPtrArray *
interleave_families (GList *addresses)
{
  GPtrArray *ordered = g_ptr_array_new ();
  GSocketFamily first;
  GList *a, *b;

  if (addresses == NULL)
    return ordered;
  first = g_inet_address_get_family (addresses->data);
  a = addresses;
  b = addresses;
  while (a != NULL || b != NULL)
    {
      while (a != NULL && g_inet_address_get_family (a->data) != first)
        a = a->next;
      while (b != NULL && g_inet_address_get_family (b->data) == first)
        b = b->next;
      if (a != NULL)
        {
          g_ptr_array_add (ordered, a->data);
          a = a->next;
        }
      if (b != NULL)
        {
          g_ptr_array_add (ordered, b->data);
          b = b->next;
        }
    }
  return ordered;
}

static int
start_attempt (GInetAddress *address,
               guint16       port,
               int          *error_number)
{
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (address, port);
  struct sockaddr_storage native;
  gssize size = g_socket_address_get_native_size (socket_address);
  int fd;

  if (size < 0 || !g_socket_address_to_native (socket_address, &native, sizeof native, NULL))
    {
      *error_number = EAFNOSUPPORT;
      return -1;
    }
  fd = socket (native.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0)
    {
      *error_number = errno;
      return -1;
    }
  /* Every exchange here is a short request and a wait for the answer; without
   * this, Nagle's algorithm holds back the last TLS handshake record for a
   * round trip (measured by build-aux/bench). */
  {
    int one = 1;

    setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  if (connect (fd, (struct sockaddr *) &native, (socklen_t) size) < 0 && errno != EINPROGRESS)
    {
      *error_number = errno;
      close (fd);
      return -1;
    }
  return fd;
}

static void
note_failure (Failures     *failures,
              GInetAddress *address,
              int           error_number)
{
  failures->last_errno = error_number;
  if (error_number == ECONNREFUSED)
    {
      failures->refused++;
      g_free (failures->refused_address);
      failures->refused_address = g_inet_address_to_string (address);
    }
  else
    failures->unreachable++;
}

static gboolean
connect_failed (Failures      *failures,
                guint16        port,
                GError       **error)
{
  if (failures->refused > 0)
    g_set_error (error, BD_ERROR, BD_ERROR_CONNECTION_REFUSED,
                 /* TRANSLATORS: "192.0.2.1 refused the connection on port 993." */
                 _("%s refused the connection on port %u."), failures->refused_address, port);
  else
    g_set_error (error, BD_ERROR, BD_ERROR_NETWORK_UNREACHABLE,
                 _("The server cannot be reached from this network: %s."),
                 g_strerror (failures->last_errno));
  g_free (failures->refused_address);
  return FALSE;
}

static void
close_attempts (Attempt *attempts,
                guint    n_attempts,
                int      keep)
{
  for (guint i = 0; i < n_attempts; i++)
    if (attempts[i].fd != keep)
      close (attempts[i].fd);
}

/* Checks the attempts poll() found ready; returns the index of the one that
 * connected, or -1 after dropping those that failed. */
static int
finish_attempts (Attempt       *attempts,
                 guint         *n_attempts,
                 struct pollfd *fds,
                 Failures      *failures)
{
  guint i = 0;

  while (i < *n_attempts)
    {
      int error_number = 0;
      socklen_t length = sizeof error_number;

      if (fds[i].revents == 0)
        {
          i++;
          continue;
        }
      if (getsockopt (attempts[i].fd, SOL_SOCKET, SO_ERROR, &error_number, &length) < 0)
        error_number = errno;
      /* A reset can only follow an established connection (a refused one is
       * ECONNREFUSED); reading from it tells the rest. */
      if (error_number == 0 || error_number == ECONNRESET)
        return (int) i;
      note_failure (failures, attempts[i].address, error_number);
      close (attempts[i].fd);
      (*n_attempts)--;
      attempts[i] = attempts[*n_attempts];
      fds[i] = fds[*n_attempts];
    }
  return -1;
}

static gboolean
connected (BdConnection *self,
           Attempt      *attempt)
{
  self->round_trip = MAX (g_get_monotonic_time () - attempt->started, 1);
  self->fd = attempt->fd;
  self->address = g_inet_address_to_string (attempt->address);
  return TRUE;
}

/**
 * bd_connection_connect:
 * @addresses: (element-type GInetAddress): every address of the server
 *
 * Tries the addresses one after another, each started 250 ms after the
 * previous one or as soon as it failed, all racing until one connects
 * (RFC 8305 §5), within the step's deadline.
 */
gboolean
bd_connection_connect (BdConnection  *self,
                       GList         *addresses,
                       guint16        port,
                       GError       **error)
{
  g_autoptr(GPtrArray) ordered = interleave_families (addresses);
  Attempt attempts[MAX_ATTEMPTS];
  struct pollfd fds[MAX_ATTEMPTS + 1];
  Failures failures = { 0 };
  guint n_attempts = 0;
  guint next = 0;
  gint64 next_start = 0;

  g_return_val_if_fail (self->fd < 0, FALSE);

  for (;;)
    {
      gint64 now = g_get_monotonic_time ();
      int ready;
      int winner;

      if (next < ordered->len && n_attempts < MAX_ATTEMPTS && (now >= next_start || n_attempts == 0))
        {
          GInetAddress *address = g_ptr_array_index (ordered, next++);
          int error_number = 0;
          int fd = start_attempt (address, port, &error_number);

          if (fd < 0)
            {
              note_failure (&failures, address, error_number);
              continue;
            }
          attempts[n_attempts] = (Attempt) { fd, address, now };
          fds[n_attempts] = (struct pollfd) { fd, POLLOUT, 0 };
          n_attempts++;
          next_start = now + BD_CONNECTION_ATTEMPT_DELAY_MS * G_TIME_SPAN_MILLISECOND;
          continue;
        }
      if (n_attempts == 0)
        return connect_failed (&failures, port, error);

      ready = bd_connection_poll_until (self, fds, n_attempts,
                                        next < ordered->len ? MIN (next_start, self->deadline)
                                                            : self->deadline,
                                        error);
      if (ready < 0 || (ready == 0 && g_get_monotonic_time () >= self->deadline))
        {
          close_attempts (attempts, n_attempts, -1);
          g_free (failures.refused_address);
          return ready < 0 ? FALSE : timed_out (self, error);
        }
      winner = ready > 0 ? finish_attempts (attempts, &n_attempts, fds, &failures) : -1;
      if (winner >= 0)
        {
          close_attempts (attempts, n_attempts, attempts[winner].fd);
          g_free (failures.refused_address);
          return connected (self, &attempts[winner]);
        }
    }
}

/**
 * bd_connection_get_round_trip:
 *
 * Returns: how long the TCP handshake took, in microseconds: one round trip
 *   to the server (with its SYN queue), the best estimate there is before
 *   anything else was exchanged; 0 before the connection is made.
 */
gint64
bd_connection_get_round_trip (BdConnection *self)
{
  return self->round_trip;
}

/**
 * bd_connection_get_deadline:
 *
 * Returns: the current step's deadline, in g_get_monotonic_time()'s clock.
 */
gint64
bd_connection_get_deadline (BdConnection *self)
{
  return self->deadline;
}

/**
 * bd_connection_get_address:
 *
 * Returns: (nullable): the IP address connected to.
 */
const char *
bd_connection_get_address (BdConnection *self)
{
  return self->address;
}

/* Receives what is there without waiting: > 0 bytes, 0 when the server
 * closed, NOTHING_YET, or -1 with @error. */
static gssize
receive_now (BdConnection  *self,
             guint8        *buffer,
             gsize          size,
             GError       **error)
{
  gssize n;

  if (self->session != NULL)
    {
      n = gnutls_record_recv (self->session, buffer, size);
      if (n >= 0)
        return n;
      /* A reset connection surfaces as an error of the pull function. */
      if (n == GNUTLS_E_PREMATURE_TERMINATION || n == GNUTLS_E_PULL_ERROR)
        return 0;
      if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED)
        return NOTHING_YET;
      self->broken = TRUE;
      g_set_error (error, BD_ERROR, BD_ERROR_PROTOCOL_ERROR,
                   _("The encrypted connection broke: %s"), gnutls_strerror ((int) n));
      return -1;
    }

  n = recv (self->fd, buffer, size, 0);
  if (n > 0)
    bd_connection_acknowledge_now (self);
  if (n >= 0)
    return n;
  if (errno == ECONNRESET || errno == EPIPE)
    return 0;
  if (errno == EAGAIN || errno == EINTR)
    return NOTHING_YET;
  self->broken = TRUE;
  g_set_error (error, BD_ERROR, BD_ERROR_PROTOCOL_ERROR,
               _("The connection broke: %s"), g_strerror (errno));
  return -1;
}

/* Receives some bytes: > 0, 0 when the server closed, -1 with @error. */
static gssize
receive (BdConnection  *self,
         guint8        *buffer,
         gsize          size,
         GError       **error)
{
  /* Cancelling closed the socket. */
  if (self->fd < 0)
    {
      cancelled (self, error);
      return -1;
    }
  for (;;)
    {
      gssize n = receive_now (self, buffer, size, error);

      if (n != NOTHING_YET)
        return n;
      if (!bd_connection_wait_socket (self, POLLIN, error))
        return -1;
    }
}

/* A TLS record: handshake (22) or alert (21), then major version 3 (RFC 8446 §5.1). */
static gboolean
starts_like_tls (BdConnection *self)
{
  const guint8 *data = self->reader.buffer->data;

  return self->reader.buffer->len >= 2 && (data[0] == 0x15 || data[0] == 0x16) &&
         data[1] == 0x03;
}

/* Adds @n received bytes to the answer being read, within its bound. */
static gboolean
take (BdConnection  *self,
      const guint8  *buffer,
      gsize          n,
      GError       **error)
{
  self->response_bytes += n;
  if (self->response_bytes > BD_CONNECTION_MAX_RESPONSE)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_RESPONSE_TOO_LONG,
                   _("The server sent more than %u KiB in one answer."),
                   BD_CONNECTION_MAX_RESPONSE / 1024);
      return FALSE;
    }
  bd_line_reader_feed (&self->reader, buffer, n);
  if (self->expect_text && starts_like_tls (self))
    {
      g_set_error_literal (error, BD_ERROR, BD_ERROR_TLS_ON_PLAINTEXT_PORT,
                           _("The server answered with TLS where a plain greeting was "
                             "expected."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
fill (BdConnection  *self,
      GError       **error)
{
  guint8 buffer[RECEIVE_SIZE];
  gssize n = receive (self, buffer, sizeof buffer, error);

  if (n < 0)
    return FALSE;
  if (n == 0)
    return closed (self, error);
  return take (self, buffer, (gsize) n, error);
}

static gboolean
socket_readable (BdConnection *self)
{
  struct pollfd fds = { self->fd, POLLIN, 0 };

  return poll (&fds, 1, 0) > 0 && (fds.revents & POLLIN);
}

/**
 * bd_connection_receive_available:
 *
 * Takes in, without waiting, what the server has sent so far: the bytes
 * in the socket or, over TLS, the data in the records that arrived. They
 * wait for bd_connection_read_line() like any other;
 * bd_connection_peek_pending() shows them. A closed connection is left
 * for the next read to report.
 *
 * Returns: %FALSE with @error when the connection broke, the answer passed
 *   its bound, or the step's deadline passed.
 */
gboolean
bd_connection_receive_available (BdConnection  *self,
                                 GError       **error)
{
  for (;;)
    {
      guint8 buffer[RECEIVE_SIZE];
      gssize n = receive_now (self, buffer, sizeof buffer, error);

      if (n == 0)
        return TRUE;
      if (n > 0 && !take (self, buffer, (gsize) n, error))
        return FALSE;
      if (n == -1)
        return FALSE;
      /* GnuTLS says NOTHING_YET also after a record without data, such as
       * a TLS 1.3 session ticket (RFC 8446 §4.6.1), while more may wait;
       * a server that keeps sending such records meets the deadline. */
      if (n == NOTHING_YET && !socket_readable (self))
        return TRUE;
      if (g_get_monotonic_time () >= self->deadline)
        return timed_out (self, error);
    }
}

/**
 * bd_connection_dup_pending_line:
 *
 * Returns: (transfer full) (nullable): the first line of what was
 *   received and not yet taken as lines, without its line end (the start
 *   of a line when no line end came yet), or %NULL when nothing is pending.
 */
char *
bd_connection_dup_pending_line (BdConnection *self)
{
  GByteArray *buffer = self->reader.buffer;
  const guint8 *end;
  gsize length;

  if (buffer->len == 0)
    return NULL;
  end = memchr (buffer->data, '\n', buffer->len);
  length = end != NULL ? (gsize) (end - buffer->data) : buffer->len;
  if (length > 0 && buffer->data[length - 1] == '\r')
    length--;
  return g_strndup ((const char *) buffer->data, length);
}

/**
 * bd_connection_read_line:
 * @line: (out): the next line from the server, without its CRLF
 *
 * Fails with `response-too-long` for a line over 8 KiB or an answer over
 * 64 KiB, `timed-out` at the step's deadline, `protocol-error` when the
 * server closes the connection.
 */
gboolean
bd_connection_read_line (BdConnection  *self,
                         char         **line,
                         GError       **error)
{
  for (;;)
    {
      switch (bd_line_reader_next (&self->reader, line))
        {
        case BD_LINE_READER_LINE:
          if (self->masked_prefix != NULL && g_str_has_prefix (*line, self->masked_prefix))
            {
              g_autofree char *shown = g_strconcat (self->masked_prefix, HIDDEN, NULL);

              bd_probe_report_add_transcript (self->report, BD_TRANSCRIPT_SERVER, shown);
            }
          else
            bd_probe_report_add_transcript (self->report, BD_TRANSCRIPT_SERVER, *line);
          return TRUE;
        case BD_LINE_READER_TOO_LONG:
          g_set_error (error, BD_ERROR, BD_ERROR_RESPONSE_TOO_LONG,
                       _("The server sent a line longer than %u bytes."),
                       BD_LINE_READER_MAX_LINE);
          return FALSE;
        case BD_LINE_READER_NEED_MORE:
        default:
          if (!fill (self, error))
            return FALSE;
        }
    }
}

/**
 * bd_connection_skip:
 *
 * Reads and drops @length bytes, such as an IMAP literal.
 */
gboolean
bd_connection_skip (BdConnection  *self,
                    gsize          length,
                    GError       **error)
{
  while (!bd_line_reader_skip (&self->reader, &length))
    if (!fill (self, error))
      return FALSE;
  return TRUE;
}

static gboolean
send_all (BdConnection  *self,
          const char    *data,
          gsize          length,
          GError       **error)
{
  gsize sent = 0;

  /* Cancelling closed the socket. */
  if (self->fd < 0)
    return cancelled (self, error);
  while (sent < length)
    {
      gssize n;

      if (self->session != NULL)
        {
          n = gnutls_record_send (self->session, data + sent, length - sent);
          if (n < 0 && n != GNUTLS_E_AGAIN && n != GNUTLS_E_INTERRUPTED)
            return closed (self, error);
        }
      else
        {
          n = send (self->fd, data + sent, length - sent, MSG_NOSIGNAL);
          if (n < 0 && errno != EAGAIN && errno != EINTR)
            return closed (self, error);
        }
      if (n > 0)
        sent += (gsize) n;
      else if (!bd_connection_wait_socket (self, POLLOUT, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * bd_connection_write_line:
 * @line: a command, without CRLF
 * @shown: (nullable): what the transcript shows instead of @line, when
 *   @line carries a credential
 *
 * Sends @line and CRLF. A new answer starts, so the response bound restarts.
 */
gboolean
bd_connection_write_line (BdConnection  *self,
                          const char    *line,
                          const char    *shown,
                          GError       **error)
{
  gsize length = strlen (line);
  g_autofree char *data = g_malloc (length + 2);
  gboolean ok;

  memcpy (data, line, length);
  memcpy (data + length, "\r\n", 2);
  bd_probe_report_add_transcript (self->report, BD_TRANSCRIPT_CLIENT,
                                  shown != NULL ? shown : line);
  self->response_bytes = 0;
  ok = send_all (self, data, length + 2, error);
  bd_secret_wipe (data, length + 2);
  return ok;
}

/**
 * bd_connection_set_masked_prefix:
 * @prefix: (nullable): the start of the server's SASL challenges, such as
 *   "+ " (IMAP, POP3) or "334 " (SMTP), or %NULL to stop masking
 *
 * During a SASL exchange the server's challenges go into the transcript as
 * "<hidden>"; its final verdict stays readable.
 */
void
bd_connection_set_masked_prefix (BdConnection *self,
                                 const char   *prefix)
{
  g_free (self->masked_prefix);
  self->masked_prefix = g_strdup (prefix);
}

/**
 * bd_connection_dup_local_literal:
 *
 * Returns: (transfer full): this end's address as an SMTP address literal
 *   (RFC 5321 §4.1.3), such as "[192.0.2.1]" or "[IPv6:2001:db8::1]", for
 *   EHLO: it names the client without revealing its host name.
 */
char *
bd_connection_dup_local_literal (BdConnection *self)
{
  struct sockaddr_storage native;
  socklen_t length = sizeof native;
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *text = NULL;
  GInetAddress *inet;

  if (getsockname (self->fd, (struct sockaddr *) &native, &length) < 0)
    return g_strdup ("[127.0.0.1]");
  address = g_socket_address_new_from_native (&native, length);
  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return g_strdup ("[127.0.0.1]");
  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));
  text = g_inet_address_to_string (inet);
  if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("[IPv6:%s]", text);
  return g_strdup_printf ("[%s]", text);
}

/**
 * bd_connection_set_expect_text:
 *
 * While set, received bytes that start like a TLS record fail at once with
 * `tls-on-plaintext-port`, rather than waiting for a line that never ends.
 */
void
bd_connection_set_expect_text (BdConnection *self,
                               gboolean      expect_text)
{
  self->expect_text = expect_text;
}

/**
 * bd_connection_has_pending:
 *
 * Security rule 2 of DESIGN.md: after the server's reply to STARTTLS, the
 * next bytes must be its part of the TLS handshake, which comes only after
 * the client's hello. Anything already received, or waiting in the socket,
 * was injected.
 *
 * Returns: whether any byte is waiting, read or unread.
 */
gboolean
bd_connection_has_pending (BdConnection *self)
{
  struct pollfd fds = { self->fd, POLLIN, 0 };
  char byte;

  if (bd_line_reader_get_pending (&self->reader) > 0)
    return TRUE;
  if (poll (&fds, 1, 0) <= 0 || !(fds.revents & POLLIN))
    return FALSE;
  return recv (self->fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) > 0;
}

/**
 * bd_connection_peek_pending:
 *
 * Returns: (transfer full): the bytes received and not yet taken as lines.
 */
GBytes *
bd_connection_peek_pending (BdConnection *self)
{
  return g_bytes_new (self->reader.buffer->data, self->reader.buffer->len);
}

/**
 * bd_connection_dup_first_bytes:
 *
 * Returns: (transfer full): the first bytes the server sent during the
 *   handshake: a TLS record, or, from a server that does not speak TLS
 *   there, plain text.
 */
GBytes *
bd_connection_dup_first_bytes (BdConnection *self)
{
  return g_bytes_new (self->first_bytes->data, self->first_bytes->len);
}

/**
 * bd_connection_wait_readable:
 * @other: (nullable): a second connection to watch at the same time
 * @until: a time on g_get_monotonic_time()'s clock
 *
 * Waits, at most until @until, for something to read (or the end of the
 * stream) on @self or @other. Cancelling the probe wakes it.
 *
 * Returns: (nullable): @self or @other, whichever is readable first
 *   (@self when both are); %NULL when @until passed, or with @error when
 *   the probe was cancelled.
 */
BdConnection *
bd_connection_wait_readable (BdConnection  *self,
                             BdConnection  *other,
                             gint64         until,
                             GError       **error)
{
  struct pollfd fds[3] = {
    { self->fd, POLLIN, 0 },
    { other != NULL ? other->fd : -1, POLLIN, 0 },
  };

  if (bd_line_reader_get_pending (&self->reader) > 0 ||
      (self->session != NULL && gnutls_record_check_pending (self->session) > 0))
    return self;
  if (bd_connection_poll_until (self, fds, 2, until, error) <= 0)
    return NULL;
  return fds[0].revents != 0 ? self : other;
}

/**
 * bd_connection_is_open:
 *
 * Returns: whether something can still be said on the connection: it is
 *   connected, the server has not closed it, and neither a TLS error nor
 *   cancelling broke it.
 */
gboolean
bd_connection_is_open (BdConnection *self)
{
  return self->fd >= 0 && !self->broken;
}
