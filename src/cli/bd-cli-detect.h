/* bd-cli-detect.h: an address's servers, found as every command finds them
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-detection.h"
#include "bd-warm-connections.h"

G_BEGIN_DECLS

/* All zero: the detector's defaults. */
typedef struct
{
  gboolean offline;
  gboolean no_guess;
  double timeout;          /* seconds for the whole detection; 0 for none */
  const char *ispdb_url;   /* (nullable): instead of Thunderbird's */
  const char *ca_file;     /* (nullable): also trusted for the https lookups */
  BdWarmConnections *warm; /* (nullable): prove the candidates' servers meanwhile */
} BdCliDetectOptions;

BdDetection     *bd_cli_detect               (BdAddress                *address,
                                              const BdCliDetectOptions *options,
                                              GError                  **error);
BdAccountConfig *bd_cli_detection_get_config (BdDetection              *detection,
                                              GError                  **error);

G_END_DECLS
