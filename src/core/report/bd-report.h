/* bd-report.h: text and JSON renderings of results; never holds a secret
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bd-detection.h"

G_BEGIN_DECLS

JsonNode *bd_report_server_to_json    (BdServer    *server);
JsonNode *bd_report_detection_to_json (BdDetection *detection);
char     *bd_report_detection_to_text (BdDetection *detection);
char     *bd_report_config_footer_to_text (BdAccountConfig *config);
char     *bd_report_json_to_string    (JsonNode    *node);

G_END_DECLS
