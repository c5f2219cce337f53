/* bd-server.c
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-server.h"
#include "bd-util-private.h"

struct _BdServer
{
  GObject parent_instance;

  BdProtocol protocol;
  char *hostname;
  guint16 port;
  BdSecurity security;
  char *username;
  BdAuthFlags auth;
};

enum {
  PROP_0,
  PROP_PROTOCOL,
  PROP_HOSTNAME,
  PROP_PORT,
  PROP_SECURITY,
  PROP_USERNAME,
  PROP_AUTH,
  PROP_ALLOWS_PASSWORD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BdServer, bd_server, G_TYPE_OBJECT)

static void
bd_server_finalize (GObject *object)
{
  BdServer *self = BD_SERVER (object);

  g_free (self->hostname);
  g_free (self->username);

  G_OBJECT_CLASS (bd_server_parent_class)->finalize (object);
}

static void
bd_server_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  BdServer *self = BD_SERVER (object);

  switch (prop_id)
    {
    case PROP_PROTOCOL:
      g_value_set_enum (value, self->protocol);
      break;
    case PROP_HOSTNAME:
      g_value_set_string (value, self->hostname);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_SECURITY:
      g_value_set_enum (value, self->security);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_AUTH:
      g_value_set_flags (value, self->auth);
      break;
    case PROP_ALLOWS_PASSWORD:
      g_value_set_boolean (value, bd_server_get_allows_password (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_server_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  BdServer *self = BD_SERVER (object);

  switch (prop_id)
    {
    case PROP_PROTOCOL:
      self->protocol = g_value_get_enum (value);
      break;
    case PROP_HOSTNAME:
      bd_server_set_hostname (self, g_value_get_string (value));
      break;
    case PROP_PORT:
      bd_server_set_port (self, (guint16) g_value_get_uint (value));
      break;
    case PROP_SECURITY:
      bd_server_set_security (self, g_value_get_enum (value));
      break;
    case PROP_USERNAME:
      bd_server_set_username (self, g_value_get_string (value));
      break;
    case PROP_AUTH:
      bd_server_set_auth (self, g_value_get_flags (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_server_class_init (BdServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bd_server_finalize;
  object_class->get_property = bd_server_get_property;
  object_class->set_property = bd_server_set_property;

  properties[PROP_PROTOCOL] =
    g_param_spec_enum ("protocol", NULL, NULL, BD_TYPE_PROTOCOL, BD_PROTOCOL_IMAP,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HOSTNAME] =
    g_param_spec_string ("hostname", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECURITY] =
    g_param_spec_enum ("security", NULL, NULL, BD_TYPE_SECURITY, BD_SECURITY_TLS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTH] =
    g_param_spec_flags ("auth", NULL, NULL, BD_TYPE_AUTH_FLAGS, BD_AUTH_PASSWORD_CLEARTEXT,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALLOWS_PASSWORD] =
    g_param_spec_boolean ("allows-password", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bd_server_init (BdServer *self)
{
  self->auth = BD_AUTH_PASSWORD_CLEARTEXT;
}

BdServer *
bd_server_new (BdProtocol  protocol,
               const char *hostname,
               guint16     port,
               BdSecurity  security,
               const char *username)
{
  return g_object_new (BD_TYPE_SERVER,
                       "protocol", protocol,
                       "hostname", hostname,
                       "port", (guint) port,
                       "security", security,
                       "username", username,
                       NULL);
}

BdProtocol
bd_server_get_protocol (BdServer *self)
{
  g_return_val_if_fail (BD_IS_SERVER (self), BD_PROTOCOL_IMAP);
  return self->protocol;
}

const char *
bd_server_get_hostname (BdServer *self)
{
  g_return_val_if_fail (BD_IS_SERVER (self), NULL);
  return self->hostname;
}

void
bd_server_set_hostname (BdServer   *self,
                        const char *hostname)
{
  g_return_if_fail (BD_IS_SERVER (self));

  if (bd_set_str (&self->hostname, hostname))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOSTNAME]);
}

guint16
bd_server_get_port (BdServer *self)
{
  g_return_val_if_fail (BD_IS_SERVER (self), 0);
  return self->port;
}

void
bd_server_set_port (BdServer *self,
                    guint16   port)
{
  g_return_if_fail (BD_IS_SERVER (self));

  if (self->port == port)
    return;
  self->port = port;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
}

BdSecurity
bd_server_get_security (BdServer *self)
{
  g_return_val_if_fail (BD_IS_SERVER (self), BD_SECURITY_NONE);
  return self->security;
}

void
bd_server_set_security (BdServer   *self,
                        BdSecurity  security)
{
  g_return_if_fail (BD_IS_SERVER (self));

  if (self->security == security)
    return;
  self->security = security;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECURITY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALLOWS_PASSWORD]);
}

const char *
bd_server_get_username (BdServer *self)
{
  g_return_val_if_fail (BD_IS_SERVER (self), NULL);
  return self->username;
}

void
bd_server_set_username (BdServer   *self,
                        const char *username)
{
  g_return_if_fail (BD_IS_SERVER (self));

  if (bd_set_str (&self->username, username))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME]);
}

BdAuthFlags
bd_server_get_auth (BdServer *self)
{
  g_return_val_if_fail (BD_IS_SERVER (self), 0);
  return self->auth;
}

void
bd_server_set_auth (BdServer    *self,
                    BdAuthFlags  auth)
{
  g_return_if_fail (BD_IS_SERVER (self));

  if (self->auth == auth)
    return;
  self->auth = auth;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTH]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALLOWS_PASSWORD]);
}

/**
 * bd_server_get_allows_password:
 *
 * Security rule 1 of DESIGN.md: a password may only ever travel over TLS.
 * A server without TLS (an ISP's open relay, say) is kept so that the person
 * sees it, but never gets a password, whatever else it claims.
 *
 * Returns: whether a password may be sent to this server at all.
 */
gboolean
bd_server_get_allows_password (BdServer *self)
{
  g_return_val_if_fail (BD_IS_SERVER (self), FALSE);

  if (self->security == BD_SECURITY_NONE)
    return FALSE;
  return (self->auth & (BD_AUTH_PASSWORD_CLEARTEXT | BD_AUTH_PASSWORD_ENCRYPTED)) != 0;
}

gboolean
bd_server_is_incoming (BdServer *self)
{
  g_return_val_if_fail (BD_IS_SERVER (self), FALSE);
  return self->protocol != BD_PROTOCOL_SMTP;
}

/**
 * bd_server_dup_url:
 *
 * Returns: (transfer full): the server as a URL of the command line's form,
 *   such as `imaps://imap.example.com:993`. A server without TLS gets the
 *   plain scheme with `;security=none`, which the command line refuses.
 */
char *
bd_server_dup_url (BdServer *self)
{
  static const char *const tls_schemes[] = { "imaps", "pop3s", "smtps" };
  static const char *const plain_schemes[] = { "imap", "pop3", "smtp" };
  const char *scheme;
  gboolean is_ipv6;

  g_return_val_if_fail (BD_IS_SERVER (self), NULL);

  scheme = self->security == BD_SECURITY_TLS ? tls_schemes[self->protocol]
                                             : plain_schemes[self->protocol];
  is_ipv6 = self->hostname != NULL && strchr (self->hostname, ':') != NULL;

  return g_strdup_printf ("%s://%s%s%s:%u%s", scheme,
                          is_ipv6 ? "[" : "", self->hostname, is_ipv6 ? "]" : "",
                          self->port,
                          self->security == BD_SECURITY_NONE ? ";security=none" : "");
}

/**
 * bd_server_expand:
 *
 * Returns: (transfer full): a copy with the placeholders in the host and
 *   user names expanded for @address.
 */
BdServer *
bd_server_expand (BdServer  *self,
                  BdAddress *address)
{
  g_autofree char *hostname = NULL;
  g_autofree char *username = NULL;
  BdServer *copy;

  g_return_val_if_fail (BD_IS_SERVER (self), NULL);
  g_return_val_if_fail (BD_IS_ADDRESS (address), NULL);

  hostname = bd_address_expand (address, self->hostname);
  username = self->username != NULL ? bd_address_expand (address, self->username) : NULL;
  copy = bd_server_new (self->protocol, hostname, self->port, self->security, username);
  bd_server_set_auth (copy, self->auth);

  return copy;
}

/**
 * bd_server_default_port:
 *
 * Returns: the standard port: RFC 8314 §7 for implicit TLS (993, 995, 465),
 *   RFC 3501, RFC 1939 and RFC 6409 for STARTTLS (143, 110, 587).
 */
guint16
bd_server_default_port (BdProtocol protocol,
                        BdSecurity security)
{
  gboolean tls = security == BD_SECURITY_TLS;

  switch (protocol)
    {
    case BD_PROTOCOL_IMAP: return tls ? 993 : 143;
    case BD_PROTOCOL_POP3: return tls ? 995 : 110;
    case BD_PROTOCOL_SMTP: return tls ? 465 : 587;
    default: g_return_val_if_reached (0);
    }
}
