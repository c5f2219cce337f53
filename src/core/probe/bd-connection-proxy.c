/* bd-connection-proxy.c
 *
 * A BdConnection through the desktop's proxy: GProxyResolver's answer for
 * the server (bd-probe.c asks it, before any name lookup) names the proxy;
 * the TCP connection to the proxy is made as to any server (deadlines,
 * cancelling, RFC 8305), and GIO's GProxy for that scheme (socks5,
 * socks4a, socks4, http) then asks the proxy for the server, over the same
 * socket, in this blocking worker thread. What follows (TLS, the protocol)
 * runs over that socket as it would over a direct one: SOCKS and HTTP
 * CONNECT leave the stream as it is once the proxy said yes.
 *
 * The server's name goes to the proxy as a name (SOCKS5 ATYP 3, SOCKS4a,
 * the CONNECT line), so it is never looked up here; only a plain SOCKS4
 * proxy, which takes addresses alone, needs a lookup of our own.
 *
 * A failure at the proxy says so: that the proxy could not be reached,
 * refused the server, or wants a password, rather than blaming the
 * server (docs/decisions.md, "Proxies").
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-connection-impl-private.h"

/**
 * bd_proxy_is_direct:
 * @proxies: (nullable) (array zero-terminated=1): GProxyResolver's answer
 *
 * Returns: whether the answer means no proxy at all.
 */
gboolean
bd_proxy_is_direct (const char * const *proxies)
{
  return proxies == NULL || proxies[0] == NULL || g_str_equal (proxies[0], "direct://");
}

/* "127.0.0.1:1080", for messages: never the user name or password a proxy
 * URI may carry. */
static char *
dup_proxy_name (GUri *uri)
{
  const char *host = g_uri_get_host (uri);

  if (host != NULL && strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%d", host, g_uri_get_port (uri));
  return g_strdup_printf ("%s:%d", host != NULL ? host : "", g_uri_get_port (uri));
}

static GList *
lookup (const char    *hostname,
        GCancellable  *cancellable,
        GError       **error)
{
  g_autoptr(GInetAddress) literal = g_inet_address_new_from_string (hostname);
  g_autoptr(GResolver) resolver = NULL;

  if (literal != NULL)
    return g_list_prepend (NULL, g_steal_pointer (&literal));
  resolver = g_resolver_get_default ();
  return g_resolver_lookup_by_name (resolver, hostname, cancellable, error);
}

static gboolean
proxy_unreachable (const char  *name,
                   const char  *why,
                   GError     **error)
{
  g_set_error (error, BD_ERROR, BD_ERROR_PROXY_UNREACHABLE,
               /* TRANSLATORS: "The proxy 127.0.0.1:1080 cannot be reached: Connection refused." */
               _("The proxy %s cannot be reached: %s"), name, why);
  return FALSE;
}

/* Says what the proxy answered, as the proxy's. */
static gboolean
proxy_failed (const char    *name,
              const char    *hostname,
              guint16        port,
              const GError  *failure,
              GError       **error)
{
  if (g_error_matches (failure, G_IO_ERROR, G_IO_ERROR_PROXY_NEED_AUTH) ||
      g_error_matches (failure, G_IO_ERROR, G_IO_ERROR_PROXY_AUTH_FAILED))
    g_set_error (error, BD_ERROR, BD_ERROR_PROXY_AUTH_FAILED,
                 /* TRANSLATORS: "The proxy 127.0.0.1:1080 wants a user name and password: …" */
                 _("The proxy %s wants a user name and password that it accepts: %s"),
                 name, failure->message);
  else if (g_error_matches (failure, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error (error, BD_ERROR, BD_ERROR_PROXY_UNREACHABLE,
                 _("The proxy %s did not answer in time."), name);
  else
    g_set_error (error, BD_ERROR, BD_ERROR_PROXY_REFUSED,
                 /* TRANSLATORS: "The proxy 127.0.0.1:1080 would not connect to imap.example.com, port 993: Connection not allowed by ruleset" */
                 _("The proxy %s would not connect to %s, port %u: %s"),
                 name, hostname, port, failure->message);
  return FALSE;
}

/* The server as the proxy is told it: its name, or, for a proxy that takes
 * addresses only (SOCKS4), an IPv4 address looked up here. */
static char *
dup_destination (GProxy        *proxy,
                 const char    *hostname,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  GList *addresses;
  char *found = NULL;

  if (g_proxy_supports_hostname (proxy))
    return g_strdup (hostname);
  addresses = lookup (hostname, cancellable, &local_error);
  for (GList *l = addresses; l != NULL && found == NULL; l = l->next)
    if (g_inet_address_get_family (l->data) == G_SOCKET_FAMILY_IPV4)
      found = g_inet_address_to_string (l->data);
  g_list_free_full (addresses, g_object_unref);
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (found == NULL)
    g_set_error (error, BD_ERROR, BD_ERROR_DNS_FAILED,
                 _("The server name “%s” could not be looked up: %s"), hostname,
                 local_error != NULL ? local_error->message
                                     : _("it has no IPv4 address, which a SOCKS4 proxy needs"));
  return found;
}

/* Asks the proxy, over the connected socket, for @destination:@port. The
 * socket is lent to GIO as a duplicate, which GIO closes; ours stays. */
static gboolean
negotiate (BdConnection  *self,
           GProxy        *proxy,
           GUri          *uri,
           const char    *destination,
           guint16        port,
           GError       **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GInetAddress) proxy_address = g_inet_address_new_from_string (self->address);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GIOStream) stream = NULL;
  gint64 left = self->deadline - g_get_monotonic_time ();
  int fd = dup (self->fd);

  if (fd < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "dup: %s", g_strerror (errno));
      return FALSE;
    }
  socket = g_socket_new_from_fd (fd, error);
  if (socket == NULL)
    {
      close (fd);
      return FALSE;
    }
  /* GSocket's timeout is in whole seconds: the step's deadline, rounded up. */
  g_socket_set_timeout (socket, (guint) MAX ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC, 1));
  connection = g_socket_connection_factory_create_connection (socket);
  address = g_proxy_address_new (proxy_address, (guint16) g_uri_get_port (uri),
                                 g_uri_get_scheme (uri), destination, port,
                                 g_uri_get_user (uri), g_uri_get_password (uri));
  stream = g_proxy_connect (proxy, G_IO_STREAM (connection), G_PROXY_ADDRESS (address),
                            self->cancellable, error);
  /* Closing GIO's stream closes only its duplicate of the socket. */
  return stream != NULL;
}

/* The proxies that leave our socket as it is once they said yes: not
 * "https", whose GProxy wraps the stream in TLS to the proxy. */
static gboolean
is_usable_scheme (const char *scheme)
{
  static const char *const usable[] = { "socks5", "socks4a", "socks4", "socks", "http", NULL };

  return scheme != NULL && g_strv_contains (usable, scheme);
}

static int
default_port (const char *scheme)
{
  return g_str_has_prefix (scheme, "socks") ? 1080 : 8080;
}

/* Connects through one proxy of GProxyResolver's answer. Sets *@try_next
 * when the proxy does not speak that protocol, so that the next one of the
 * answer (GNOME lists socks5, socks4a and socks4 for one SOCKS host) may. */
static gboolean
connect_via (BdConnection  *self,
             const char    *proxy_uri,
             const char    *hostname,
             guint16        port,
             gboolean       first,
             gboolean      *try_next,
             GError       **error)
{
  g_autoptr(GUri) parsed = g_uri_parse (proxy_uri, G_URI_FLAGS_HAS_PASSWORD, NULL);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GProxy) proxy = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *destination = NULL;
  GList *addresses;
  gint64 started;
  gboolean ok;

  *try_next = FALSE;
  if (parsed == NULL || g_uri_get_host (parsed) == NULL ||
      !is_usable_scheme (g_uri_get_scheme (parsed)) ||
      (proxy = g_proxy_get_default_for_protocol (g_uri_get_scheme (parsed))) == NULL)
    {
      *try_next = TRUE;
      g_set_error (error, BD_ERROR, BD_ERROR_PROXY_UNREACHABLE,
                   _("The proxy setting “%s” is not one Brevduva can use."),
                   parsed != NULL ? g_uri_get_scheme (parsed) : "");
      return FALSE;
    }
  uri = g_uri_build_with_user (G_URI_FLAGS_HAS_PASSWORD, g_uri_get_scheme (parsed),
                               g_uri_get_user (parsed), g_uri_get_password (parsed), NULL,
                               g_uri_get_host (parsed),
                               g_uri_get_port (parsed) > 0 ? g_uri_get_port (parsed)
                                                           : default_port (g_uri_get_scheme (parsed)),
                               "", NULL, NULL);
  /* A proxy that takes addresses only (plain SOCKS4) would need a lookup of
   * our own: tried only when it is the setting's first choice. */
  if (!first && !g_proxy_supports_hostname (proxy))
    {
      *try_next = TRUE;
      return FALSE;
    }
  name = dup_proxy_name (uri);
  g_free (self->proxy);
  self->proxy = g_strdup_printf ("%s://%s", g_uri_get_scheme (uri), name);

  addresses = lookup (g_uri_get_host (uri), self->cancellable, &local_error);
  if (addresses == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return proxy_unreachable (name, local_error->message, error);
    }
  ok = bd_connection_connect (self, addresses, (guint16) g_uri_get_port (uri), &local_error);
  g_list_free_full (addresses, g_object_unref);
  if (!ok)
    {
      if (!g_error_matches (local_error, BD_ERROR, BD_ERROR_CONNECTION_REFUSED) &&
          !g_error_matches (local_error, BD_ERROR, BD_ERROR_NETWORK_UNREACHABLE) &&
          !g_error_matches (local_error, BD_ERROR, BD_ERROR_TIMED_OUT))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return proxy_unreachable (name, local_error->message, error);
    }

  destination = dup_destination (proxy, hostname, self->cancellable, error);
  if (destination == NULL)
    {
      close (self->fd);
      self->fd = -1;
      return FALSE;
    }
  started = g_get_monotonic_time ();
  if (negotiate (self, proxy, uri, destination, port, &local_error))
    {
      /* The proxy's yes came after its own connection to the server: the
       * round trip to the server, as far as it can be seen from here. */
      self->round_trip = MAX (g_get_monotonic_time () - started, self->round_trip);
      return TRUE;
    }
  close (self->fd);
  self->fd = -1;
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* "Not a SOCKSv5 proxy server" and the like. */
  *try_next = g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PROXY_FAILED) &&
              g_str_has_prefix (g_uri_get_scheme (uri), "socks");
  return proxy_failed (name, hostname, port, local_error, error);
}

/**
 * bd_connection_connect_to:
 * @hostname: the server's name
 * @addresses: (element-type GInetAddress) (nullable): the server's
 *   addresses; unused, and %NULL, when a proxy is used
 * @proxies: (nullable) (array zero-terminated=1): GProxyResolver's answer
 *   for the server; %NULL or "direct://" for none
 *
 * Connects to the server, directly (bd_connection_connect()) or through
 * the first proxy of @proxies that speaks its protocol, within the step's
 * deadline. Through a proxy, bd_connection_get_address() is the proxy's
 * and bd_connection_get_proxy() names it.
 */
gboolean
bd_connection_connect_to (BdConnection        *self,
                          const char          *hostname,
                          GList               *addresses,
                          guint16              port,
                          const char * const  *proxies,
                          GError             **error)
{
  g_autoptr(GError) first_error = NULL;

  if (bd_proxy_is_direct (proxies))
    return bd_connection_connect (self, addresses, port, error);

  for (gsize i = 0; proxies[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean try_next = FALSE;

      g_clear_pointer (&self->address, g_free);
      if (connect_via (self, proxies[i], hostname, port, i == 0, &try_next, &local_error))
        return TRUE;
      if (!try_next)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* The first proxy's answer is the one worth telling. */
      if (first_error == NULL && local_error != NULL)
        first_error = g_steal_pointer (&local_error);
    }
  if (first_error == NULL)
    g_set_error_literal (error, BD_ERROR, BD_ERROR_PROXY_UNREACHABLE,
                         _("The proxy setting names no proxy that Brevduva can use."));
  else
    g_propagate_error (error, g_steal_pointer (&first_error));
  return FALSE;
}

/**
 * bd_connection_get_proxy:
 *
 * Returns: (nullable): the proxy the connection went through, as
 *   "socks5://127.0.0.1:1080" (never with a user name or password), or
 *   %NULL for a direct connection.
 */
const char *
bd_connection_get_proxy (BdConnection *self)
{
  return self->proxy;
}
