/* bd-probe-report.h: what a probe of one server found; never holds a secret
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-server.h"

G_BEGIN_DECLS

#define BD_TYPE_PROBE_REPORT (bd_probe_report_get_type ())

G_DECLARE_FINAL_TYPE (BdProbeReport, bd_probe_report, BD, PROBE_REPORT, GObject)

typedef enum {
  BD_PROBE_LOGIN_SKIPPED,
  BD_PROBE_LOGIN_OK,
  BD_PROBE_LOGIN_FAILED,
} BdProbeLogin;

typedef enum {
  BD_TRANSCRIPT_CLIENT,
  BD_TRANSCRIPT_SERVER,
  BD_TRANSCRIPT_NOTE,     /* what happened in between, such as the TLS handshake */
} BdTranscriptDirection;

typedef struct
{
  char *name;   /* resolve, connect, greeting, starttls, tls, capabilities, login, logout */
  gboolean ok;
  guint ms;
} BdProbeStep;

typedef struct
{
  BdTranscriptDirection direction;
  char *line;   /* sanitised; credentials and SASL payloads are "<hidden>" */
} BdTranscriptLine;

/* Lines a transcript keeps at most; later ones are counted, not kept. */
#define BD_PROBE_REPORT_MAX_TRANSCRIPT 400

BdProbeReport       *bd_probe_report_new                 (BdServer             *server);
BdServer            *bd_probe_report_get_server          (BdProbeReport        *self);
const char          *bd_probe_report_get_url             (BdProbeReport        *self);
gboolean             bd_probe_report_get_ok              (BdProbeReport        *self);
const GError        *bd_probe_report_get_error           (BdProbeReport        *self);
void                 bd_probe_report_take_error          (BdProbeReport        *self,
                                                          GError               *error);
void                 bd_probe_report_take_shared_cause   (BdProbeReport        *self,
                                                          GError               *error);
gboolean             bd_probe_report_get_shared_cause    (BdProbeReport        *self);
const char          *bd_probe_report_get_failed_step     (BdProbeReport        *self);
const char          *bd_probe_report_get_server_says     (BdProbeReport        *self);
void                 bd_probe_report_set_server_says     (BdProbeReport        *self,
                                                          const char           *text);
const char          *bd_probe_report_get_alert           (BdProbeReport        *self);
void                 bd_probe_report_set_alert           (BdProbeReport        *self,
                                                          const char           *text);
const char          *bd_probe_report_get_advice          (BdProbeReport        *self);
void                 bd_probe_report_set_advice          (BdProbeReport        *self,
                                                          const char           *advice);
const char          *bd_probe_report_get_help_url        (BdProbeReport        *self);
void                 bd_probe_report_set_help_url        (BdProbeReport        *self,
                                                          const char           *url);
const char          *bd_probe_report_get_address         (BdProbeReport        *self);
void                 bd_probe_report_set_address         (BdProbeReport        *self,
                                                          const char           *address);
const char          *bd_probe_report_get_local_address   (BdProbeReport        *self);
void                 bd_probe_report_set_local_address   (BdProbeReport        *self,
                                                          const char           *address);
const char          *bd_probe_report_get_proxy           (BdProbeReport        *self);
void                 bd_probe_report_set_proxy           (BdProbeReport        *self,
                                                          const char           *proxy);
GSocketFamily        bd_probe_report_get_first_family    (BdProbeReport        *self);
void                 bd_probe_report_set_first_family    (BdProbeReport        *self,
                                                          GSocketFamily         family);
void                 bd_probe_report_add_step            (BdProbeReport        *self,
                                                          const char           *name,
                                                          gboolean              ok,
                                                          guint                 ms);
GPtrArray           *bd_probe_report_get_steps           (BdProbeReport        *self);
void                 bd_probe_report_set_tls             (BdProbeReport        *self,
                                                          const char           *version,
                                                          const char           *cipher);
const char          *bd_probe_report_get_tls_version     (BdProbeReport        *self);
const char          *bd_probe_report_get_tls_cipher      (BdProbeReport        *self);
void                 bd_probe_report_set_certificates    (BdProbeReport        *self,
                                                          GPtrArray            *chain);
GPtrArray           *bd_probe_report_get_certificates    (BdProbeReport        *self);
void                 bd_probe_report_set_verification    (BdProbeReport        *self,
                                                          const char * const   *problems,
                                                          gboolean              pinned);
const char * const  *bd_probe_report_get_problems        (BdProbeReport        *self);
gboolean             bd_probe_report_get_verified        (BdProbeReport        *self);
gboolean             bd_probe_report_get_pinned          (BdProbeReport        *self);
void                 bd_probe_report_set_capabilities    (BdProbeReport        *self,
                                                          const char * const   *capabilities);
const char * const  *bd_probe_report_get_capabilities    (BdProbeReport        *self);
void                 bd_probe_report_set_auth_mechanisms (BdProbeReport        *self,
                                                          const char * const   *mechanisms);
const char * const  *bd_probe_report_get_auth_mechanisms (BdProbeReport        *self);
void                 bd_probe_report_set_login           (BdProbeReport        *self,
                                                          BdProbeLogin          login,
                                                          const char           *mechanism);
BdProbeLogin         bd_probe_report_get_login           (BdProbeReport        *self);
const char          *bd_probe_report_get_login_mechanism (BdProbeReport        *self);
void                 bd_probe_report_add_transcript      (BdProbeReport        *self,
                                                          BdTranscriptDirection direction,
                                                          const char           *line);
GPtrArray           *bd_probe_report_get_transcript      (BdProbeReport        *self);

const char          *bd_probe_login_get_nick             (BdProbeLogin          login);
const char          *bd_probe_step_get_label             (const char           *name);

G_END_DECLS
