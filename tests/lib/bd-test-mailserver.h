/* bd-test-mailserver.h: the tests' side of tests/servers (certificates, scripted and real servers)
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-test-probe.h"
#include "bd-test-run.h"
#include "bd-test-wait.h"

G_BEGIN_DECLS

#define BD_TEST_USER "alice@brevduva.test"
#define BD_TEST_PASSWORD "Hemligt-5ecret-pw"

typedef struct _BdTestServer BdTestServer;
typedef struct _BdTestRealServers BdTestRealServers;

const char    *bd_test_python                     (void);
char          *bd_test_servers_path               (const char   *file);

void           bd_test_certs_init                 (void);
void           bd_test_certs_use_dir              (const char   *dir);
char          *bd_test_certs_path                 (const char   *file);
char          *bd_test_certs_sha256               (const char   *name);
GBytes        *bd_test_certs_load                 (const char   *file);
void           bd_test_certs_cleanup              (void);

BdTestServer  *bd_test_server_start               (const char   *protocol,
                                                   const char   *tls,
                                                   const char   *cert,
                                                   const char   *password,
                                                   const char  **extra);
BdTestServer  *bd_test_server_start_as            (const char   *protocol,
                                                   const char   *tls,
                                                   const char   *cert,
                                                   const char   *user,
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

BdTestRealServers *bd_test_real_servers_start    (const char         *password,
                                                  char              **skip_reason);
BdTestRealServers *bd_test_real_servers_attach   (void);
const char        *bd_test_real_servers_get_dir  (BdTestRealServers  *self);
guint16            bd_test_real_servers_get_port (BdTestRealServers  *self,
                                                  const char         *service);
char              *bd_test_real_servers_dup_path (BdTestRealServers  *self,
                                                  const char         *first_element,
                                                  ...) G_GNUC_NULL_TERMINATED;
void               bd_test_real_servers_stop     (BdTestRealServers  *self);

int            bd_test_run_and_clean_up           (void);
void           bd_test_remove_dir                 (const char   *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdTestServer, bd_test_server_stop)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdTestRealServers, bd_test_real_servers_stop)

G_END_DECLS
