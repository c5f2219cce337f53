/* bd-source.c
 *
 * A source answers with settings (BdAccountConfig with provenance set),
 * or fails with BD_ERROR_PROVIDER_NOT_FOUND when it simply has nothing for
 * the domain, or with another error when it could not ask at all.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-source.h"

typedef struct
{
  BdSourceKind kind;
} BdSourcePrivate;

enum {
  PROP_0,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (BdSource, bd_source, G_TYPE_OBJECT)

static void
bd_source_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  BdSourcePrivate *priv = bd_source_get_instance_private (BD_SOURCE (object));

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, priv->kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_source_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  BdSourcePrivate *priv = bd_source_get_instance_private (BD_SOURCE (object));

  switch (prop_id)
    {
    case PROP_KIND:
      priv->kind = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Sources built on GTask, as they all are, need no finish of their own. */
static BdAccountConfig *
bd_source_real_lookup_finish (BdSource      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
bd_source_class_init (BdSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  klass->lookup_finish = bd_source_real_lookup_finish;

  object_class->get_property = bd_source_get_property;
  object_class->set_property = bd_source_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, BD_TYPE_SOURCE_KIND, BD_SOURCE_BUILTIN,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bd_source_init (BdSource *self)
{
}

BdSourceKind
bd_source_get_kind (BdSource *self)
{
  BdSourcePrivate *priv;

  g_return_val_if_fail (BD_IS_SOURCE (self), BD_SOURCE_BUILTIN);

  priv = bd_source_get_instance_private (self);
  return priv->kind;
}

void
bd_source_lookup_async (BdSource            *self,
                        BdAddress           *address,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (BD_IS_SOURCE (self));
  g_return_if_fail (BD_IS_ADDRESS (address));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  BD_SOURCE_GET_CLASS (self)->lookup_async (self, address, cancellable, callback, user_data);
}

/**
 * bd_source_lookup_finish:
 *
 * Returns: (transfer full): the settings for the address, expanded, with
 *   their provenance.
 */
BdAccountConfig *
bd_source_lookup_finish (BdSource      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (BD_IS_SOURCE (self), NULL);

  return BD_SOURCE_GET_CLASS (self)->lookup_finish (self, result, error);
}

/**
 * bd_source_dup_url:
 *
 * Returns: (transfer full) (nullable): what the source looks at for
 *   @address, as a URL, for the report.
 */
char *
bd_source_dup_url (BdSource  *self,
                   BdAddress *address)
{
  g_return_val_if_fail (BD_IS_SOURCE (self), NULL);

  if (BD_SOURCE_GET_CLASS (self)->dup_url == NULL)
    return NULL;
  return BD_SOURCE_GET_CLASS (self)->dup_url (self, address);
}
