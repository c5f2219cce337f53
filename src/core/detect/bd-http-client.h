/* bd-http-client.h: bounded, HTTPS-only-downward HTTP GETs for the detection sources
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-source.h"

G_BEGIN_DECLS

/* Security rule 6 of DESIGN.md: no response is read past this size. */
#define BD_HTTP_MAX_BODY (1024 * 1024)
#define BD_HTTP_MAX_REDIRECTS 5

#define BD_TYPE_HTTP_CLIENT (bd_http_client_get_type ())

G_DECLARE_FINAL_TYPE (BdHttpClient, bd_http_client, BD, HTTP_CLIENT, GObject)

BdHttpClient *bd_http_client_new          (void);
gboolean      bd_http_client_set_ca_file  (BdHttpClient        *self,
                                           const char          *path,
                                           GError             **error);
void          bd_http_client_set_deadline (BdHttpClient        *self,
                                           guint                deadline_ms);
void          bd_http_client_get_async    (BdHttpClient        *self,
                                           const char          *url,
                                           BdSource            *reporter,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GBytes       *bd_http_client_get_finish   (BdHttpClient        *self,
                                           GAsyncResult        *result,
                                           char               **final_url,
                                           GError             **error);

G_END_DECLS
