/* bd-http-client.c
 *
 * libsoup 3 does the HTTP: the desktop's proxy settings come with the default
 * GProxyResolver, content decoding with its default SoupContentDecoder.
 * What Brevduva adds, for documents from strangers:
 *  - redirects are followed by hand, at most BD_HTTP_MAX_REDIRECTS, and never
 *    from https:// to anything else (security rule 4: a trusted lookup stays
 *    trusted, and the address in its query never leaks to plain HTTP);
 *  - bodies are streamed and refused past BD_HTTP_MAX_BODY (rule 6);
 *  - each request has one overall deadline, so a server that answers byte by
 *    byte cannot hold a detection for longer than that (rule 6);
 *  - an extra trust anchor (--ca-file) is honoured by verifying a certificate
 *    that the system store rejected against that anchor alone, with the host
 *    name checked;
 *  - the source that asked is told how far the request has got and what its
 *    connection measured (BdSource::progress, BdSource::round-trip), from
 *    SoupMessage::network-event: the name lookup (RESOLVING to RESOLVED) and
 *    the TCP connect (CONNECTING to CONNECTED, the SYN's round trip) are the
 *    round trips; the steps left are counted as DNS 1, TCP 1, TLS 1 (TLS
 *    1.3), request 1, and 1 more for a request right after a new TLS
 *    handshake: a TLS 1.3 server sends its session tickets first, and one
 *    that uses Nagle's algorithm (Python's, Postfix) holds its answer back
 *    until they are acknowledged (the bench's packet trace, docs/
 *    performance.md). A reused connection sends no events: the request
 *    counts as a whole fetch until its headers are written;
 *  - for the same reason, TCP_QUICKACK is set once the request is written,
 *    so that those tickets are acknowledged at once rather than after the
 *    delayed-ACK timer (40 ms on Linux), as the probes do after every read.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "bd-error.h"
#include "bd-http-client.h"

#define DEFAULT_DEADLINE_MS 10000
#define READ_CHUNK 16384

struct _BdHttpClient
{
  GObject parent_instance;

  SoupSession *session;
  GTlsDatabase *extra_anchor;
  guint deadline_ms;
};

G_DEFINE_FINAL_TYPE (BdHttpClient, bd_http_client, G_TYPE_OBJECT)

typedef struct
{
  GUri *uri;
  guint redirects;
  SoupMessage *message;
  GInputStream *body_stream;
  GByteArray *body;
  GCancellable *cancellable;     /* ours: cancelled by the caller or the deadline */
  GCancellable *caller_cancellable;
  gulong caller_cancelled_id;
  GSource *deadline;
  gboolean timed_out;
  BdSource *reporter;            /* told of the progress; may be NULL */
  gint64 resolving_us;
  gint64 connecting_us;
  gboolean handshaken;           /* a new TLS handshake came before the request */
  GSocket *socket;               /* the request's new TCP connection, if any */
} Request;

static void
request_free (Request *request)
{
  if (request->deadline != NULL)
    {
      g_source_destroy (request->deadline);
      g_source_unref (request->deadline);
    }
  if (request->caller_cancelled_id != 0)
    g_cancellable_disconnect (request->caller_cancellable, request->caller_cancelled_id);
  g_clear_object (&request->caller_cancellable);
  g_clear_object (&request->cancellable);
  g_clear_object (&request->reporter);
  g_clear_object (&request->socket);
  g_clear_pointer (&request->uri, g_uri_unref);
  if (request->message != NULL)
    g_signal_handlers_disconnect_by_data (request->message, request);
  g_clear_object (&request->message);
  g_clear_object (&request->body_stream);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_free (request);
}

static void
bd_http_client_finalize (GObject *object)
{
  BdHttpClient *self = BD_HTTP_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_object (&self->extra_anchor);

  G_OBJECT_CLASS (bd_http_client_parent_class)->finalize (object);
}

static void
bd_http_client_class_init (BdHttpClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bd_http_client_finalize;
}

static void
bd_http_client_init (BdHttpClient *self)
{
  self->session = soup_session_new_with_options ("user-agent",
                                                 "Brevduva/" PACKAGE_VERSION
                                                 " (+https://github.com/brevduva/brevduva)",
                                                 "timeout", 10,
                                                 NULL);
  self->deadline_ms = DEFAULT_DEADLINE_MS;
}

BdHttpClient *
bd_http_client_new (void)
{
  return g_object_new (BD_TYPE_HTTP_CLIENT, NULL);
}

/**
 * bd_http_client_set_ca_file:
 * @path: a PEM file of one or more CA certificates
 *
 * Adds a trust anchor beside the system's, for test servers and private
 * deployments.
 */
gboolean
bd_http_client_set_ca_file (BdHttpClient  *self,
                            const char    *path,
                            GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *absolute = NULL;
  GTlsDatabase *database;

  g_return_val_if_fail (BD_IS_HTTP_CLIENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* GTlsFileDatabase wants an absolute path. */
  absolute = g_canonicalize_filename (path, NULL);
  database = g_tls_file_database_new (absolute, &local_error);
  if (database == NULL)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                   _("The CA file “%s” cannot be used: %s"), path, local_error->message);
      return FALSE;
    }
  g_clear_object (&self->extra_anchor);
  self->extra_anchor = database;
  return TRUE;
}

/**
 * bd_http_client_set_deadline:
 * @deadline_ms: the most one request may take, redirects included
 */
void
bd_http_client_set_deadline (BdHttpClient *self,
                             guint         deadline_ms)
{
  g_return_if_fail (BD_IS_HTTP_CLIENT (self));
  self->deadline_ms = deadline_ms > 0 ? deadline_ms : DEFAULT_DEADLINE_MS;
}

/* Called only when the system trust store rejected the certificate. */
static gboolean
accept_certificate_cb (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  GTask *task = user_data;
  BdHttpClient *self = g_task_get_source_object (task);
  g_autoptr(GSocketConnectable) identity = NULL;
  GTlsCertificateFlags flags;
  GUri *uri = soup_message_get_uri (message);

  if (self->extra_anchor == NULL)
    return FALSE;

  identity = g_network_address_new (g_uri_get_host (uri), (guint16) g_uri_get_port (uri));
  flags = g_tls_database_verify_chain (self->extra_anchor, certificate,
                                       G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                       identity, NULL, G_TLS_DATABASE_VERIFY_NONE,
                                       NULL, NULL);
  return flags == 0;
}

static void send_request (GTask *task);

static void
fail_from_soup (GTask  *task,
                GError *error)
{
  Request *request = g_task_get_task_data (task);
  g_autofree char *url = g_uri_to_string (request->uri);

  if (request->timed_out)
    g_task_return_new_error (task, BD_ERROR, BD_ERROR_TIMED_OUT,
                             _("%s did not answer within %u seconds."), url,
                             ((BdHttpClient *) g_task_get_source_object (task))->deadline_ms / 1000);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_error_copy (error));
  else if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
    g_task_return_new_error (task, BD_ERROR, BD_ERROR_DNS_NOT_FOUND,
                             _("%s does not exist."), g_uri_get_host (request->uri));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    g_task_return_new_error (task, BD_ERROR, BD_ERROR_CONNECTION_REFUSED,
                             _("%s refused the connection."), url);
  else if (error->domain == G_TLS_ERROR)
    g_task_return_new_error (task, BD_ERROR, BD_ERROR_CERTIFICATE_UNTRUSTED,
                             _("%s: the certificate could not be verified (%s)."), url,
                             error->message);
  else
    g_task_return_new_error (task, BD_ERROR, BD_ERROR_HTTP_FAILED, "%s: %s", url, error->message);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      fail_from_soup (task, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&request->body)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (request->body->len + g_bytes_get_size (chunk) > BD_HTTP_MAX_BODY)
    {
      g_autofree char *url = g_uri_to_string (request->uri);

      g_task_return_new_error (task, BD_ERROR, BD_ERROR_HTTP_TOO_LARGE,
                               _("%s sent more than %u KiB; it was not read further."),
                               url, (guint) (BD_HTTP_MAX_BODY / 1024));
      return;
    }

  g_byte_array_append (request->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (request->body_stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   request->cancellable, read_cb, g_steal_pointer (&task));
}

/* Follows one redirect, refusing any that leaves HTTPS (rule 4). */
static void
follow_redirect (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  const char *location;
  g_autoptr(GUri) next = NULL;
  g_autofree char *from = g_uri_to_string (request->uri);

  location = soup_message_headers_get_one (soup_message_get_response_headers (request->message),
                                           "Location");
  if (location != NULL)
    next = g_uri_parse_relative (request->uri, location, SOUP_HTTP_URI_FLAGS, NULL);

  if (next == NULL)
    {
      g_task_return_new_error (task, BD_ERROR, BD_ERROR_HTTP_FAILED,
                               _("%s redirected to an address that is not valid."), from);
      return;
    }
  if (++request->redirects > BD_HTTP_MAX_REDIRECTS)
    {
      g_task_return_new_error (task, BD_ERROR, BD_ERROR_HTTP_REDIRECT_REFUSED,
                               _("%s redirected more than %u times."), from,
                               (guint) BD_HTTP_MAX_REDIRECTS);
      return;
    }
  if (g_strcmp0 (g_uri_get_scheme (request->uri), "https") == 0 &&
      g_strcmp0 (g_uri_get_scheme (next), "https") != 0)
    {
      g_autofree char *to = g_uri_to_string_partial (next, G_URI_HIDE_QUERY | G_URI_HIDE_FRAGMENT);

      g_task_return_new_error (task, BD_ERROR, BD_ERROR_HTTP_REDIRECT_REFUSED,
                               _("%s redirected to %s, which is not encrypted; that is never "
                                 "followed."), from, to);
      return;
    }
  if (g_strcmp0 (g_uri_get_scheme (next), "https") != 0 &&
      g_strcmp0 (g_uri_get_scheme (next), "http") != 0)
    {
      g_task_return_new_error (task, BD_ERROR, BD_ERROR_HTTP_REDIRECT_REFUSED,
                               _("%s redirected to something other than a web address."), from);
      return;
    }

  g_uri_unref (request->uri);
  request->uri = g_steal_pointer (&next);
  send_request (task);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  guint status;
  goffset length;

  request->body_stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (request->body_stream == NULL)
    {
      fail_from_soup (task, error);
      return;
    }

  status = soup_message_get_status (request->message);
  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      follow_redirect (task);
      return;
    }
  if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_GONE)
    {
      g_autofree char *url = g_uri_to_string (request->uri);

      g_task_return_new_error (task, BD_ERROR, BD_ERROR_PROVIDER_NOT_FOUND,
                               _("%s has no settings (HTTP %u)."), url, status);
      return;
    }
  if (status != SOUP_STATUS_OK)
    {
      g_autofree char *url = g_uri_to_string (request->uri);

      g_task_return_new_error (task, BD_ERROR, BD_ERROR_HTTP_FAILED,
                               _("%s answered HTTP %u %s."), url, status,
                               soup_message_get_reason_phrase (request->message));
      return;
    }

  length = soup_message_headers_get_content_length (soup_message_get_response_headers (request->message));
  if (length > BD_HTTP_MAX_BODY)
    {
      g_autofree char *url = g_uri_to_string (request->uri);

      g_task_return_new_error (task, BD_ERROR, BD_ERROR_HTTP_TOO_LARGE,
                               _("%s sent more than %u KiB; it was not read further."),
                               url, (guint) (BD_HTTP_MAX_BODY / 1024));
      return;
    }

  request->body = g_byte_array_new ();
  g_input_stream_read_bytes_async (request->body_stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   request->cancellable, read_cb, g_steal_pointer (&task));
}

/* The round trips a request still needs once it has reached @event. */
static guint
round_trips_after (GSocketClientEvent event,
                   gboolean           https)
{
  switch (event)
    {
    case G_SOCKET_CLIENT_RESOLVED:
    case G_SOCKET_CLIENT_CONNECTING:
      return https ? 4 : 2;
    case G_SOCKET_CLIENT_CONNECTED:
    case G_SOCKET_CLIENT_PROXY_NEGOTIATED:
    case G_SOCKET_CLIENT_TLS_HANDSHAKING:
      return https ? 3 : 1;
    case G_SOCKET_CLIENT_TLS_HANDSHAKED:
      return 2;
    case G_SOCKET_CLIENT_COMPLETE:
      return https ? 2 : 1;
    case G_SOCKET_CLIENT_RESOLVING:
    case G_SOCKET_CLIENT_PROXY_NEGOTIATING:
    default:
      return 0;
    }
}

static void
network_event_cb (SoupMessage        *message,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  gpointer            user_data)
{
  Request *request = user_data;
  gboolean https = g_strcmp0 (g_uri_get_scheme (request->uri), "https") == 0;
  gint64 now = g_get_monotonic_time ();
  guint left;

  if (request->reporter == NULL)
    return;

  if (event == G_SOCKET_CLIENT_RESOLVING)
    request->resolving_us = now;
  else if (event == G_SOCKET_CLIENT_RESOLVED && request->resolving_us != 0)
    bd_source_report_round_trip (request->reporter, BD_ROUND_TRIP_DNS, now - request->resolving_us);
  else if (event == G_SOCKET_CLIENT_CONNECTING)
    request->connecting_us = now;
  else if (event == G_SOCKET_CLIENT_CONNECTED && request->connecting_us != 0)
    bd_source_report_round_trip (request->reporter, BD_ROUND_TRIP_CONNECT,
                                 now - request->connecting_us);

  if (event == G_SOCKET_CLIENT_CONNECTED && G_IS_SOCKET_CONNECTION (connection))
    g_set_object (&request->socket,
                  g_socket_connection_get_socket (G_SOCKET_CONNECTION (connection)));
  if (event == G_SOCKET_CLIENT_TLS_HANDSHAKED)
    request->handshaken = TRUE;

  left = round_trips_after (event, https);
  if (left > 0)
    bd_source_report_progress (request->reporter, left);
}

static void
wrote_headers_cb (SoupMessage *message,
                  gpointer     user_data)
{
  Request *request = user_data;
  int one = 1;

  /* Acknowledge the server's session tickets at once (see the top). */
  if (request->socket != NULL)
    setsockopt (g_socket_get_fd (request->socket), IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);

  /* The request is on the wire: its answer is one round trip away, or two
   * right after a new TLS handshake (see the top). */
  if (request->reporter != NULL)
    bd_source_report_progress (request->reporter, request->handshaken ? 2 : 1);
}

static void
send_request (GTask *task)
{
  BdHttpClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  if (request->message != NULL)
    g_signal_handlers_disconnect_by_data (request->message, request);
  g_clear_object (&request->message);
  g_clear_object (&request->body_stream);
  request->message = soup_message_new_from_uri (SOUP_METHOD_GET, request->uri);
  soup_message_set_flags (request->message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_append (soup_message_get_request_headers (request->message),
                               "Accept", "application/xml, text/xml;q=0.9, */*;q=0.1");
  g_signal_connect_object (request->message, "accept-certificate",
                           G_CALLBACK (accept_certificate_cb), task, 0);
  if (request->reporter != NULL)
    {
      /* Disconnected before the request lets go of the message. */
      g_signal_connect (request->message, "network-event", G_CALLBACK (network_event_cb),
                        request);
      g_signal_connect (request->message, "wrote-headers", G_CALLBACK (wrote_headers_cb),
                        request);
      request->resolving_us = 0;
      request->connecting_us = 0;
      request->handshaken = FALSE;
      g_clear_object (&request->socket);
      bd_source_report_progress (request->reporter,
                                 g_strcmp0 (g_uri_get_scheme (request->uri), "https") == 0
                                 ? 5 : 3);
    }

  soup_session_send_async (self->session, request->message, G_PRIORITY_DEFAULT,
                           request->cancellable, send_cb, g_object_ref (task));
}

static gboolean
deadline_cb (gpointer user_data)
{
  Request *request = user_data;

  request->timed_out = TRUE;
  g_cancellable_cancel (request->cancellable);
  g_clear_pointer (&request->deadline, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

/**
 * bd_http_client_get_async:
 * @url: an http:// or https:// URL
 * @reporter: (nullable): the source to tell how far the request has got
 *
 * Fetches @url. A missing document (404, 410) fails with
 * %BD_ERROR_PROVIDER_NOT_FOUND, a missing host with %BD_ERROR_DNS_NOT_FOUND.
 */
void
bd_http_client_get_async (BdHttpClient        *self,
                          const char          *url,
                          BdSource            *reporter,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Request *request;

  g_return_if_fail (BD_IS_HTTP_CLIENT (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (reporter == NULL || BD_IS_SOURCE (reporter));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_http_client_get_async);

  request = g_new0 (Request, 1);
  request->uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, &error);
  request->cancellable = g_cancellable_new ();
  request->reporter = reporter != NULL ? g_object_ref (reporter) : NULL;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  if (request->uri == NULL)
    {
      g_task_return_new_error (task, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not a web address: %s"), url, error->message);
      return;
    }
  if (cancellable != NULL)
    {
      request->caller_cancellable = g_object_ref (cancellable);
      request->caller_cancelled_id = g_cancellable_connect (cancellable,
                                                            G_CALLBACK (caller_cancelled_cb),
                                                            request->cancellable, NULL);
    }

  request->deadline = g_timeout_source_new (self->deadline_ms);
  g_source_set_callback (request->deadline, deadline_cb, request, NULL);
  g_source_attach (request->deadline, g_task_get_context (task));

  send_request (task);
}

/**
 * bd_http_client_get_finish:
 * @final_url: (out) (optional): where the document came from after redirects
 *
 * Returns: (transfer full): the body, at most %BD_HTTP_MAX_BODY bytes.
 */
GBytes *
bd_http_client_get_finish (BdHttpClient  *self,
                           GAsyncResult  *result,
                           char         **final_url,
                           GError       **error)
{
  Request *request;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  request = g_task_get_task_data (G_TASK (result));
  if (final_url != NULL)
    *final_url = request->uri != NULL ? g_uri_to_string (request->uri) : NULL;
  return g_task_propagate_pointer (G_TASK (result), error);
}
