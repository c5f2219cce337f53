/* bd-probe-steps-private.h: a probe's steps after name resolution, for its worker thread (internal)
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-enums.h"
#include "bd-probe-report.h"

G_BEGIN_DECLS

/* What one run needs, copied from the BdProbe so that the worker thread
 * shares nothing with the caller's. */
typedef struct
{
  BdProbeReport *report;
  char *hostname;
  guint16 port;
  BdProtocol protocol;
  BdSecurity security;
  char *username;      /* NULL: no login */
  char *password;      /* NULL: no login; wiped when the run is freed */
  GBytes *ca_pem;
  char *pin;           /* lower-case hex SHA-256, or NULL */
  guint timeout_ms;
  GList *addresses;    /* of GInetAddress, from the resolve step; NULL through a proxy */
  char **proxies;      /* GProxyResolver's answer for the server; NULL for none */
  gboolean park;       /* stop after the capabilities, connection kept (no login) */
  struct _BdProbeParked *parked;  /* set when a parking run passed */
} BdProbeRun;

/* A connection proven up to its capabilities, over verified (or pinned) TLS,
 * with nothing sent that needs a credential: what BdWarmConnections keeps
 * for a later probe of the same server. Used by one thread at a time. */
typedef struct _BdProbeParked BdProbeParked;

gboolean bd_probe_steps_run (BdProbeRun    *run,
                             GCancellable  *cancellable,
                             GError       **error);

gboolean       bd_probe_steps_resume      (BdProbeRun     *run,
                                           BdProbeParked  *parked,
                                           GError        **error);
BdProbeReport *bd_probe_parked_get_report (BdProbeParked  *parked);
GCancellable  *bd_probe_parked_get_cancellable (BdProbeParked *parked);
gboolean       bd_probe_parked_is_idle    (BdProbeParked  *parked);
void           bd_probe_parked_drop       (BdProbeParked  *parked);

G_END_DECLS
