/* bd-http-source.h: settings fetched as a clientConfig document over HTTP(S)
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bd-http-client.h"
#include "bd-source.h"

G_BEGIN_DECLS

#define BD_TYPE_HTTP_SOURCE (bd_http_source_get_type ())

G_DECLARE_DERIVABLE_TYPE (BdHttpSource, bd_http_source, BD, HTTP_SOURCE, BdSource)

struct _BdHttpSourceClass
{
  BdSourceClass parent_class;

  /* The document's URL for @address, or NULL when the source has none. */
  char * (*build_url) (BdHttpSource *self,
                       BdAddress    *address);

  gpointer padding[4];
};

BdHttpClient *bd_http_source_get_client (BdHttpSource *self);
gboolean      bd_http_source_get_https  (BdHttpSource *self);

G_END_DECLS
