/* bd-detector.h: runs every detection source at once and picks the best answer
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-detection.h"
#include "bd-provider-db.h"
#include "bd-source.h"
#include "bd-warm-connections.h"

G_BEGIN_DECLS

#define BD_TYPE_DETECTOR (bd_detector_get_type ())

G_DECLARE_FINAL_TYPE (BdDetector, bd_detector, BD, DETECTOR, GObject)

typedef gint64 (*BdDetectorClock) (gpointer user_data);

BdDetector  *bd_detector_new          (void);
void         bd_detector_set_offline  (BdDetector           *self,
                                       gboolean              offline);
gboolean     bd_detector_get_offline  (BdDetector           *self);
void         bd_detector_set_guess    (BdDetector           *self,
                                       gboolean              guess);
gboolean     bd_detector_get_guess    (BdDetector           *self);
void         bd_detector_set_timeout  (BdDetector           *self,
                                       guint                 timeout_ms);
guint        bd_detector_get_timeout  (BdDetector           *self);
void         bd_detector_set_provider_db (BdDetector        *self,
                                       BdProviderDb         *db);
void         bd_detector_set_ispdb_url (BdDetector          *self,
                                       const char           *url);
const char  *bd_detector_get_ispdb_url (BdDetector          *self);
gboolean     bd_detector_set_ca_file  (BdDetector           *self,
                                       const char           *path,
                                       GError              **error);
void         bd_detector_set_source_timeout (BdDetector     *self,
                                       guint                 timeout_ms);
void         bd_detector_set_resolver (BdDetector           *self,
                                       GResolver            *resolver);
void         bd_detector_set_warm_connections (BdDetector   *self,
                                       BdWarmConnections    *warm);
void         bd_detector_set_sources  (BdDetector           *self,
                                       GPtrArray            *sources);
void         bd_detector_set_clock    (BdDetector           *self,
                                       BdDetectorClock       clock,
                                       gpointer              user_data);
gint64       bd_detector_grace_allowance_us (guint           round_trips,
                                       gint64                rtt_us);
guint        bd_detector_count_sources (BdDetector          *self,
                                       BdSourceKind          kind);
void         bd_detector_run_async    (BdDetector           *self,
                                       BdAddress            *address,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
BdDetection *bd_detector_run_finish   (BdDetector           *self,
                                       GAsyncResult         *result,
                                       GError              **error);

G_END_DECLS
