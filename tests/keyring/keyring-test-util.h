/* keyring-test-util.h: running tools and asking the keyring, for the keyring tests
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-keyring.h"

G_BEGIN_DECLS

/* The codes the keyring reports, and the start of each message. */
#define TEST_KEYRING_UNAVAILABLE_CODE BD_ERROR_KEYRING_UNAVAILABLE
#define TEST_KEYRING_LOCKED_CODE BD_ERROR_KEYRING_LOCKED
#define TEST_KEYRING_UNAVAILABLE_TEXT "No keyring is available"
#define TEST_KEYRING_LOCKED_TEXT "The keyring is locked"

/* No keyring call may take longer than this; a hang fails the test. */
#define TEST_KEYRING_DEADLINE_SECONDS 10

typedef struct
{
  int status;
  char *out;
  char *err;
  char *cmdline;
  char *environment;
} ToolRun;

void     tool_run_free          (ToolRun       *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ToolRun, tool_run_free)

ToolRun *tool_run               (const char    *input,
                                 const char    *first_arg,
                                 ...) G_GNUC_NULL_TERMINATED;
ToolRun *tool_run_env           (const char    *input,
                                 const char    *variable,
                                 const char    *value,
                                 const char    *first_arg,
                                 ...) G_GNUC_NULL_TERMINATED;
char    *secret_tool_lookup     (const char    *protocol,
                                 const char    *server,
                                 const char    *user,
                                 const char    *port);
guint    secret_tool_count      (const char    *attribute,
                                 const char    *value);
char    *secret_tool_search     (const char    *attribute,
                                 const char    *value);
void     keyring_lock_default   (void);
char   **keyring_search_paths   (const char    *attribute,
                                 const char    *value);
GAsyncResult *wait_for_result   (GAsyncResult **slot);
void     got_result_cb          (GObject       *object,
                                 GAsyncResult  *result,
                                 gpointer       user_data);
guint    count_lines            (const char    *text);

BdServer *make_server           (BdProtocol     protocol,
                                 const char    *hostname,
                                 guint16        port,
                                 const char    *username);
gboolean keyring_store          (BdKeyring     *keyring,
                                 BdServer      *server,
                                 const char    *password,
                                 GError       **error);
char    *keyring_lookup         (BdKeyring     *keyring,
                                 BdServer      *server,
                                 GError       **error);
gboolean keyring_delete         (BdKeyring     *keyring,
                                 BdServer      *server,
                                 GError       **error);

G_END_DECLS
