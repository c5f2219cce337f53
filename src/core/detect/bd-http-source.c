/* bd-http-source.c
 *
 * The ISPDB, autoconfig and well-known sources differ only in their URL;
 * fetching, parsing and provenance are here. Settings are trusted only when
 * they came over https:// all the way (security rule 4); the HTTP client
 * never follows a redirect from https to http.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-autoconfig-parser.h"
#include "bd-error.h"
#include "bd-http-source.h"

typedef struct
{
  BdHttpClient *client;
  gboolean https;
} BdHttpSourcePrivate;

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_HTTPS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (BdHttpSource, bd_http_source, BD_TYPE_SOURCE)

static void
bd_http_source_dispose (GObject *object)
{
  BdHttpSourcePrivate *priv = bd_http_source_get_instance_private (BD_HTTP_SOURCE (object));

  g_clear_object (&priv->client);

  G_OBJECT_CLASS (bd_http_source_parent_class)->dispose (object);
}

static void
bd_http_source_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BdHttpSourcePrivate *priv = bd_http_source_get_instance_private (BD_HTTP_SOURCE (object));

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, priv->client);
      break;
    case PROP_HTTPS:
      g_value_set_boolean (value, priv->https);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_http_source_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BdHttpSourcePrivate *priv = bd_http_source_get_instance_private (BD_HTTP_SOURCE (object));

  switch (prop_id)
    {
    case PROP_CLIENT:
      priv->client = g_value_dup_object (value);
      break;
    case PROP_HTTPS:
      priv->https = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BdHttpSource *self = g_task_get_source_object (task);
  BdAddress *address = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(BdAccountConfig) parsed = NULL;
  g_autoptr(BdAccountConfig) config = NULL;
  g_autofree char *url = NULL;
  BdTrust trust;

  body = bd_http_client_get_finish (BD_HTTP_CLIENT (object), result, &url, &error);
  if (body == NULL)
    {
      /* No such host is as much "nothing here" as a 404 is. */
      if (g_error_matches (error, BD_ERROR, BD_ERROR_DNS_NOT_FOUND))
        error->code = BD_ERROR_PROVIDER_NOT_FOUND;
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  parsed = bd_autoconfig_parse (body, &error);
  if (parsed == NULL)
    {
      g_prefix_error (&error, "%s: ", url);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  config = bd_account_config_expand (parsed, address);
  trust = g_str_has_prefix (url, "https://") ? BD_TRUST_TRUSTED : BD_TRUST_UNVERIFIED;
  bd_account_config_set_provenance (config, bd_source_get_kind (BD_SOURCE (self)), url, trust);
  if (trust == BD_TRUST_UNVERIFIED)
    bd_account_config_add_note (config, bd_note_new (BD_NOTE_UNVERIFIED_SOURCE, NULL, NULL));

  g_task_return_pointer (task, g_steal_pointer (&config), g_object_unref);
}

static void
bd_http_source_lookup_async (BdSource            *source,
                             BdAddress           *address,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  BdHttpSource *self = BD_HTTP_SOURCE (source);
  BdHttpSourcePrivate *priv = bd_http_source_get_instance_private (self);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *url = BD_HTTP_SOURCE_GET_CLASS (self)->build_url (self, address);

  g_task_set_source_tag (task, bd_http_source_lookup_async);
  g_task_set_task_data (task, g_object_ref (address), g_object_unref);

  if (url == NULL)
    {
      g_task_return_new_error (task, BD_ERROR, BD_ERROR_PROVIDER_NOT_FOUND,
                               _("This source has nothing to ask for “%s”."),
                               bd_address_get_domain (address));
      return;
    }

  bd_http_client_get_async (priv->client, url, source, cancellable, fetch_cb,
                            g_steal_pointer (&task));
}

static char *
bd_http_source_dup_url (BdSource  *source,
                        BdAddress *address)
{
  BdHttpSource *self = BD_HTTP_SOURCE (source);

  return BD_HTTP_SOURCE_GET_CLASS (self)->build_url (self, address);
}

static void
bd_http_source_class_init (BdHttpSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  BdSourceClass *source_class = BD_SOURCE_CLASS (klass);

  object_class->dispose = bd_http_source_dispose;
  object_class->get_property = bd_http_source_get_property;
  object_class->set_property = bd_http_source_set_property;
  source_class->lookup_async = bd_http_source_lookup_async;
  source_class->dup_url = bd_http_source_dup_url;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, BD_TYPE_HTTP_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HTTPS] =
    g_param_spec_boolean ("https", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bd_http_source_init (BdHttpSource *self)
{
}

BdHttpClient *
bd_http_source_get_client (BdHttpSource *self)
{
  BdHttpSourcePrivate *priv;

  g_return_val_if_fail (BD_IS_HTTP_SOURCE (self), NULL);
  priv = bd_http_source_get_instance_private (self);
  return priv->client;
}

gboolean
bd_http_source_get_https (BdHttpSource *self)
{
  BdHttpSourcePrivate *priv;

  g_return_val_if_fail (BD_IS_HTTP_SOURCE (self), TRUE);
  priv = bd_http_source_get_instance_private (self);
  return priv->https;
}
