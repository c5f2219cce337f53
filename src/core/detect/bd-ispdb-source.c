/* bd-ispdb-source.c
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-ispdb-source.h"

struct _BdIspdbSource
{
  BdHttpSource parent_instance;

  char *base_url;
};

G_DEFINE_FINAL_TYPE (BdIspdbSource, bd_ispdb_source, BD_TYPE_HTTP_SOURCE)

/**
 * bd_ispdb_source_build_url:
 * @base_url: the ISPDB's base, such as %BD_ISPDB_DEFAULT_URL
 *
 * Returns: (transfer full): the URL of @ascii_domain's document. Only the
 *   domain goes to the ISPDB, never the address.
 */
char *
bd_ispdb_source_build_url (const char *base_url,
                           const char *ascii_domain)
{
  gboolean has_slash = g_str_has_suffix (base_url, "/");

  return g_strconcat (base_url, has_slash ? "" : "/", ascii_domain, NULL);
}

static char *
bd_ispdb_source_build_url_vfunc (BdHttpSource *source,
                                 BdAddress    *address)
{
  BdIspdbSource *self = BD_ISPDB_SOURCE (source);

  return bd_ispdb_source_build_url (self->base_url, bd_address_get_ascii_domain (address));
}

static void
bd_ispdb_source_finalize (GObject *object)
{
  g_free (BD_ISPDB_SOURCE (object)->base_url);
  G_OBJECT_CLASS (bd_ispdb_source_parent_class)->finalize (object);
}

static void
bd_ispdb_source_class_init (BdIspdbSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bd_ispdb_source_finalize;
  BD_HTTP_SOURCE_CLASS (klass)->build_url = bd_ispdb_source_build_url_vfunc;
}

static void
bd_ispdb_source_init (BdIspdbSource *self)
{
}

/**
 * bd_ispdb_source_new:
 * @base_url: (nullable): the ISPDB's base URL; %NULL for Thunderbird's
 */
BdSource *
bd_ispdb_source_new (BdHttpClient *client,
                     const char   *base_url)
{
  BdIspdbSource *self = g_object_new (BD_TYPE_ISPDB_SOURCE,
                                      "kind", BD_SOURCE_ISPDB,
                                      "client", client,
                                      "https", TRUE,
                                      NULL);

  self->base_url = g_strdup (base_url != NULL ? base_url : BD_ISPDB_DEFAULT_URL);
  return BD_SOURCE (self);
}
