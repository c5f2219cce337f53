/* bd-session-page.c
 *
 * What every page of the assistant has in common: the session it shows, as
 * the "session" property, and the button that Enter activates. A page's
 * .ui file binds its widgets to the session's properties through that
 * property (<lookup name="session">BdThePage</lookup>), so that they follow
 * the session, and whichever session the page is given, by themselves.
 * What no binding can do (a list box's model, a style class, an accessible
 * state) a page does in its bind() and undoes in unbind(); the session's
 * notifications it connects there with the page as their data, and this
 * base disconnects them when the session changes or the page goes.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-session-page.h"

typedef struct
{
  BdSetupSession *session;
} BdSessionPagePrivate;

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (BdSessionPage, bd_session_page, ADW_TYPE_BIN)

static void
bd_session_page_dispose (GObject *object)
{
  BdSessionPage *self = BD_SESSION_PAGE (object);
  BdSessionPagePrivate *priv = bd_session_page_get_instance_private (self);

  /* The subclass has disposed of its template by now: only the handlers
   * remain to go. */
  if (priv->session != NULL)
    g_signal_handlers_disconnect_by_data (priv->session, self);
  g_clear_object (&priv->session);

  G_OBJECT_CLASS (bd_session_page_parent_class)->dispose (object);
}

static void
bd_session_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BdSessionPage *self = BD_SESSION_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, bd_session_page_get_session (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_session_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BdSessionPage *self = BD_SESSION_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      bd_session_page_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_session_page_class_init (BdSessionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bd_session_page_dispose;
  object_class->get_property = bd_session_page_get_property;
  object_class->set_property = bd_session_page_set_property;

  /**
   * BdSessionPage:session:
   *
   * The assistant's state that the page shows and changes.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BD_TYPE_SETUP_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bd_session_page_init (BdSessionPage *self)
{
}

/**
 * bd_session_page_get_session:
 *
 * Returns: (transfer none) (nullable): the session the page shows.
 */
BdSetupSession *
bd_session_page_get_session (BdSessionPage *self)
{
  BdSessionPagePrivate *priv;

  g_return_val_if_fail (BD_IS_SESSION_PAGE (self), NULL);

  priv = bd_session_page_get_instance_private (self);
  return priv->session;
}

void
bd_session_page_set_session (BdSessionPage  *self,
                             BdSetupSession *session)
{
  BdSessionPagePrivate *priv;
  BdSessionPageClass *klass;

  g_return_if_fail (BD_IS_SESSION_PAGE (self));
  g_return_if_fail (session == NULL || BD_IS_SETUP_SESSION (session));

  priv = bd_session_page_get_instance_private (self);
  klass = BD_SESSION_PAGE_GET_CLASS (self);
  if (priv->session == session)
    return;

  if (priv->session != NULL)
    {
      if (klass->unbind != NULL)
        klass->unbind (self, priv->session);
      g_signal_handlers_disconnect_by_data (priv->session, self);
      g_clear_object (&priv->session);
    }
  if (session != NULL)
    {
      priv->session = g_object_ref (session);
      if (klass->bind != NULL)
        klass->bind (self, session);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * bd_session_page_get_default_widget:
 *
 * Returns: (transfer none) (nullable): the button that Enter activates.
 */
GtkWidget *
bd_session_page_get_default_widget (BdSessionPage *self)
{
  BdSessionPageClass *klass;

  g_return_val_if_fail (BD_IS_SESSION_PAGE (self), NULL);

  klass = BD_SESSION_PAGE_GET_CLASS (self);
  return klass->get_default_widget != NULL ? klass->get_default_widget (self) : NULL;
}
