/* bd-detection.h: the outcome of a detection: the settings found and every source's story
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "bd-account-config.h"
#include "bd-address.h"
#include "bd-source-attempt.h"

G_BEGIN_DECLS

#define BD_TYPE_DETECTION (bd_detection_get_type ())

G_DECLARE_FINAL_TYPE (BdDetection, bd_detection, BD, DETECTION, GObject)

BdDetection     *bd_detection_new          (BdAddress       *address);
BdAddress       *bd_detection_get_address  (BdDetection     *self);
BdAccountConfig *bd_detection_get_config   (BdDetection     *self);
void             bd_detection_set_config   (BdDetection     *self,
                                            BdAccountConfig *config);
const GError    *bd_detection_get_error    (BdDetection     *self);
void             bd_detection_take_error   (BdDetection     *self,
                                            GError          *error);
GPtrArray       *bd_detection_get_attempts (BdDetection     *self);
void             bd_detection_add_attempt  (BdDetection     *self,
                                            BdSourceAttempt *attempt);

G_END_DECLS
