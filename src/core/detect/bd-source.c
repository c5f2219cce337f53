/* bd-source.c
 *
 * A source answers with settings (BdAccountConfig with provenance set),
 * or fails with BD_ERROR_PROVIDER_NOT_FOUND when it simply has nothing for
 * the domain, or with another error when it could not ask at all.
 *
 * While a lookup runs, a source may say how far it has got, so that the
 * detector waits for it only as long as it could still plausibly answer
 * (docs/decisions.md, "Grace period"): BdSource::progress gives the round
 * trips it still needs at least, counted from now (a pending DNS answer is 1,
 * an HTTPS fetch 5 before its name is resolved, 3 once connected, 2 or 1
 * once its request is written: bd-http-client.c), and
 * BdSource::round-trip a round trip it measured on its own connections (a
 * TCP connect, a DNS answer), from which the detector learns the network's
 * round-trip time. Both are emitted from the thread that runs the lookup's
 * callbacks, that is, the detector's main context.
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

enum {
  PROGRESS,
  ROUND_TRIP,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

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

  /**
   * BdSource::progress:
   * @round_trips_left: the network round trips the lookup still needs at
   *   least, from now
   *
   * The lookup moved on to a new step.
   */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * BdSource::round-trip:
   * @kind: a #BdRoundTrip: what was measured
   * @rtt_us: a round trip the lookup measured, in microseconds
   *
   * A TCP connect completed or a DNS answer came, after @rtt_us.
   */
  signals[ROUND_TRIP] =
    g_signal_new ("round-trip", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT64);
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

/**
 * bd_source_report_progress:
 * @round_trips_left: the network round trips the lookup still needs at least
 *
 * For subclasses: says that a running lookup has reached a new step.
 */
void
bd_source_report_progress (BdSource *self,
                           guint     round_trips_left)
{
  g_return_if_fail (BD_IS_SOURCE (self));

  g_signal_emit (self, signals[PROGRESS], 0, round_trips_left);
}

/**
 * bd_source_report_round_trip:
 * @kind: what was measured
 * @rtt_us: how long one round trip took, in microseconds
 *
 * For subclasses: hands the detector one round trip measured on the
 * lookup's own connections.
 */
void
bd_source_report_round_trip (BdSource    *self,
                             BdRoundTrip  kind,
                             gint64       rtt_us)
{
  g_return_if_fail (BD_IS_SOURCE (self));

  if (rtt_us > 0)
    g_signal_emit (self, signals[ROUND_TRIP], 0, (int) kind, rtt_us);
}
