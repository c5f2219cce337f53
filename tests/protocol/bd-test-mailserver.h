/* bd-test-mailserver.h: the protocol tests' side of tests/servers (scripted servers, certificates)
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-probe.h"

G_BEGIN_DECLS

#define BD_TEST_USER "alice@brevduva.test"
#define BD_TEST_PASSWORD "Hemligt-5ecret-pw"

typedef struct _BdTestServer BdTestServer;

/* What a run of brevduva-cli (from $BD_CLI) printed and how it ended. */
typedef struct
{
  int status;
  char *out;
  char *err;
} BdTestCliRun;

const char    *bd_test_python                     (void);
void           bd_test_certs_init                 (void);
char          *bd_test_certs_path                 (const char   *file);
char          *bd_test_certs_sha256               (const char   *name);
void           bd_test_certs_cleanup              (void);

BdTestServer  *bd_test_server_start               (const char   *protocol,
                                                   const char   *tls,
                                                   const char   *cert,
                                                   const char   *password,
                                                   const char  **extra);
guint16        bd_test_server_get_port            (BdTestServer *self);
char          *bd_test_server_dup_received        (BdTestServer *self,
                                                   const char   *phase);
void           bd_test_server_assert_no_plain_credentials (BdTestServer *self,
                                                   const char   *password);
void           bd_test_server_assert_no_login_sent (BdTestServer *self,
                                                   const char   *password);
void           bd_test_server_stop                (BdTestServer *self);

BdProbeReport *bd_test_probe_run                  (BdProbe      *probe,
                                                   GCancellable *cancellable,
                                                   guint        *elapsed_ms,
                                                   GError      **error);
void           bd_test_assert_clean_text          (const char   *text);
void           bd_test_assert_report_clean        (BdProbeReport *report,
                                                   const char   *password);
void           bd_test_assert_code                (BdProbeReport *report,
                                                   const char   *code);

BdTestCliRun  *bd_test_cli_run                    (const char   *input,
                                                   const char * const *arguments);
void           bd_test_cli_run_free               (BdTestCliRun *run);

int            bd_test_run_and_clean_up           (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdTestServer, bd_test_server_stop)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdTestCliRun, bd_test_cli_run_free)

G_END_DECLS
