/* bd-probe-render.h: probe reports as the command line's JSON and as a diagnosis in words
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "bd-probe-report.h"

G_BEGIN_DECLS

JsonNode *bd_probe_render_report_json (BdProbeReport *report);
JsonNode *bd_probe_render_json        (GPtrArray     *reports);
void      bd_probe_render_append_text (GString       *out,
                                       BdProbeReport *report);
char     *bd_probe_render_text        (GPtrArray     *reports);
JsonNode *bd_probe_render_cause_json  (const GError  *cause);
void      bd_probe_render_append_cause (GString      *out,
                                        const GError *cause);
char     *bd_probe_render_text_under_cause (GPtrArray    *reports,
                                            const GError *cause);

G_END_DECLS
