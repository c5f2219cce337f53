/* bd-domain-render.h: a domain check as text and JSON, and the settings to publish
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bd-domain-report.h"

G_BEGIN_DECLS

char     *bd_domain_render_text       (BdDomainReport *report);
JsonNode *bd_domain_render_json       (BdDomainReport *report);
char     *bd_domain_render_config_xml (BdDomainReport *report);
char     *bd_domain_render_srv        (BdDomainReport *report);

G_END_DECLS
