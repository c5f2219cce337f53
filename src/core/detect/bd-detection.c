/* bd-detection.c
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-detection.h"

struct _BdDetection
{
  GObject parent_instance;

  BdAddress *address;
  BdAccountConfig *config;  /* NULL when nothing was found */
  GError *error;            /* why nothing was found */
  GPtrArray *attempts;      /* of BdSourceAttempt */
};

G_DEFINE_FINAL_TYPE (BdDetection, bd_detection, G_TYPE_OBJECT)

static void
bd_detection_finalize (GObject *object)
{
  BdDetection *self = BD_DETECTION (object);

  g_clear_object (&self->address);
  g_clear_object (&self->config);
  g_clear_error (&self->error);
  g_ptr_array_unref (self->attempts);

  G_OBJECT_CLASS (bd_detection_parent_class)->finalize (object);
}

static void
bd_detection_class_init (BdDetectionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bd_detection_finalize;
}

static void
bd_detection_init (BdDetection *self)
{
  self->attempts = g_ptr_array_new_with_free_func ((GDestroyNotify) bd_source_attempt_free);
}

BdDetection *
bd_detection_new (BdAddress *address)
{
  BdDetection *self;

  g_return_val_if_fail (BD_IS_ADDRESS (address), NULL);

  self = g_object_new (BD_TYPE_DETECTION, NULL);
  self->address = g_object_ref (address);
  return self;
}

BdAddress *
bd_detection_get_address (BdDetection *self)
{
  g_return_val_if_fail (BD_IS_DETECTION (self), NULL);
  return self->address;
}

/**
 * bd_detection_get_config:
 *
 * Returns: (transfer none) (nullable): the winning settings, expanded for
 *   the address, or %NULL when no source found any.
 */
BdAccountConfig *
bd_detection_get_config (BdDetection *self)
{
  g_return_val_if_fail (BD_IS_DETECTION (self), NULL);
  return self->config;
}

void
bd_detection_set_config (BdDetection     *self,
                         BdAccountConfig *config)
{
  g_return_if_fail (BD_IS_DETECTION (self));
  g_set_object (&self->config, config);
}

/**
 * bd_detection_get_error:
 *
 * Returns: (transfer none) (nullable): why no settings were found.
 */
const GError *
bd_detection_get_error (BdDetection *self)
{
  g_return_val_if_fail (BD_IS_DETECTION (self), NULL);
  return self->error;
}

/**
 * bd_detection_take_error:
 * @error: (transfer full): the reason
 */
void
bd_detection_take_error (BdDetection *self,
                         GError      *error)
{
  g_return_if_fail (BD_IS_DETECTION (self));
  g_clear_error (&self->error);
  self->error = error;
}

/**
 * bd_detection_get_attempts:
 *
 * Returns: (transfer none) (element-type BdSourceAttempt): one entry per
 *   source, in the order of the sources' rank.
 */
GPtrArray *
bd_detection_get_attempts (BdDetection *self)
{
  g_return_val_if_fail (BD_IS_DETECTION (self), NULL);
  return self->attempts;
}

/**
 * bd_detection_add_attempt:
 * @attempt: (transfer full): what one source did
 */
void
bd_detection_add_attempt (BdDetection     *self,
                          BdSourceAttempt *attempt)
{
  g_return_if_fail (BD_IS_DETECTION (self));
  g_ptr_array_add (self->attempts, attempt);
}
