/* bd-well-known-source.c
 *
 * The domain's own web server, at the path RFC 8615 reserves. Never with the
 * address in the URL: the path names the domain's document, not the person's.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-well-known-source.h"

struct _BdWellKnownSource
{
  BdHttpSource parent_instance;
};

G_DEFINE_FINAL_TYPE (BdWellKnownSource, bd_well_known_source, BD_TYPE_HTTP_SOURCE)

static char *
bd_well_known_source_build_url (BdHttpSource *source,
                                BdAddress    *address)
{
  return g_strconcat (bd_http_source_get_https (source) ? "https://" : "http://",
                      bd_address_get_ascii_domain (address),
                      "/.well-known/autoconfig/mail/config-v1.1.xml", NULL);
}

static void
bd_well_known_source_class_init (BdWellKnownSourceClass *klass)
{
  BD_HTTP_SOURCE_CLASS (klass)->build_url = bd_well_known_source_build_url;
}

static void
bd_well_known_source_init (BdWellKnownSource *self)
{
}

BdSource *
bd_well_known_source_new (BdHttpClient *client,
                          gboolean      https)
{
  return g_object_new (BD_TYPE_WELL_KNOWN_SOURCE,
                       "kind", BD_SOURCE_WELL_KNOWN,
                       "client", client,
                       "https", https,
                       NULL);
}
