/* bd-server-list.h: one side's servers in the assistant, their tests and the person's choice
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-server-check.h"
#include "bd-shared-resolver.h"
#include "bd-warm-connections.h"

G_BEGIN_DECLS

typedef enum {
  BD_SERVER_LIST_FOUND,
  BD_SERVER_LIST_GIVEN,
} BdServerListKind;

#define BD_TYPE_SERVER_LIST_KIND (bd_server_list_kind_get_type ())
#define BD_TYPE_SERVER_LIST (bd_server_list_get_type ())

GType bd_server_list_kind_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (BdServerList, bd_server_list, BD, SERVER_LIST, GObject)

/**
 * BdServerListPasswordFunc:
 * @list: the list whose servers are about to be tested
 * @user_data: the data given with the function
 *
 * Returns: (nullable) (transfer none): the password to log in with, or
 *   %NULL to test without logging in.
 */
typedef const char *(*BdServerListPasswordFunc) (BdServerList *list,
                                                 gpointer      user_data);

BdServerList    *bd_server_list_new               (BdServerListKind          kind);
BdServerListKind bd_server_list_get_kind          (BdServerList             *self);
void             bd_server_list_set_servers       (BdServerList             *self,
                                                   GPtrArray                *servers);
void             bd_server_list_clear             (BdServerList             *self);
gboolean         bd_server_list_contains          (BdServerList             *self,
                                                   BdServerCheck            *check);

/* How the servers are tested. */
void             bd_server_list_set_password_func (BdServerList             *self,
                                                   BdServerListPasswordFunc  func,
                                                   gpointer                  user_data,
                                                   GDestroyNotify            destroy);
void             bd_server_list_set_offline       (BdServerList             *self,
                                                   gboolean                  offline);
void             bd_server_list_set_resolver      (BdServerList             *self,
                                                   GResolver                *resolver);
void             bd_server_list_set_ca_pem        (BdServerList             *self,
                                                   GBytes                   *pem);
void             bd_server_list_set_timeout       (BdServerList             *self,
                                                   guint                     timeout_ms);
void             bd_server_list_set_stagger       (BdServerList             *self,
                                                   guint                     stagger_ms);
void             bd_server_list_set_warm_connections (BdServerList          *self,
                                                   BdWarmConnections        *warm);

/* The tests. */
void             bd_server_list_test_all          (BdServerList             *self,
                                                   BdSharedResolver         *resolver);
void             bd_server_list_test_one          (BdServerList             *self,
                                                   BdServerCheck            *check);
void             bd_server_list_cancel            (BdServerList             *self);
gboolean         bd_server_list_get_testing       (BdServerList             *self);

/* The person's choice. */
BdServerCheck   *bd_server_list_get_chosen        (BdServerList             *self);
gboolean         bd_server_list_choose            (BdServerList             *self,
                                                   BdServerCheck            *check);

G_END_DECLS
