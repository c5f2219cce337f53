/* bd-test-keyring.h: the keyring of tests/integration/keyring-session, as secret-tool sees it
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-keyring.h"
#include "bd-test-run.h"
#include "bd-test-wait.h"

G_BEGIN_DECLS

/* The codes the keyring reports, and the start of each message. */
#define BD_TEST_KEYRING_UNAVAILABLE_CODE BD_ERROR_KEYRING_UNAVAILABLE
#define BD_TEST_KEYRING_LOCKED_CODE BD_ERROR_KEYRING_LOCKED
#define BD_TEST_KEYRING_UNAVAILABLE_TEXT "No keyring is available"
#define BD_TEST_KEYRING_LOCKED_TEXT "The keyring is locked"

/* No keyring call may take longer than this; a hang fails the test. */
#define BD_TEST_KEYRING_DEADLINE_MS 10000

char     *bd_test_secret_tool_lookup   (const char    *protocol,
                                        const char    *server,
                                        const char    *user,
                                        const char    *port);
guint     bd_test_secret_tool_count    (const char    *attribute,
                                        const char    *value);
char     *bd_test_secret_tool_search   (const char    *attribute,
                                        const char    *value);
void      bd_test_keyring_lock_default (void);
char    **bd_test_keyring_search_paths (const char    *attribute,
                                        const char    *value);

BdServer *bd_test_keyring_server_new   (BdProtocol     protocol,
                                        const char    *hostname,
                                        guint16        port,
                                        const char    *username);
gboolean  bd_test_keyring_store        (BdKeyring     *keyring,
                                        BdServer      *server,
                                        const char    *password,
                                        GError       **error);
char     *bd_test_keyring_lookup       (BdKeyring     *keyring,
                                        BdServer      *server,
                                        GError       **error);
gboolean  bd_test_keyring_delete       (BdKeyring     *keyring,
                                        BdServer      *server,
                                        GError       **error);

G_END_DECLS
