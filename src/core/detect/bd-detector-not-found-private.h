/* bd-detector-not-found-private.h: what a detection that found nothing says
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "bd-network-diagnosis.h"
#include "bd-source-attempt.h"

G_BEGIN_DECLS

GError          *bd_detector_new_not_found_error   (const char            *domain,
                                                    BdNetworkVerdict       verdict);
BdSourceAttempt *bd_detector_dup_unreached_attempt (const BdSourceAttempt *attempt,
                                                    const GError          *cause);

G_END_DECLS
