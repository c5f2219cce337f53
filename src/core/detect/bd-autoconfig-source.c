/* bd-autoconfig-source.c
 *
 * https://autoconfig.DOMAIN/mail/config-v1.1.xml?emailaddress=ADDRESS, or the
 * http:// form without the address: the address goes into a URL only over
 * HTTPS (security rule 4).
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-autoconfig-source.h"

struct _BdAutoconfigSource
{
  BdHttpSource parent_instance;
};

G_DEFINE_FINAL_TYPE (BdAutoconfigSource, bd_autoconfig_source, BD_TYPE_HTTP_SOURCE)

static char *
bd_autoconfig_source_build_url (BdHttpSource *source,
                                BdAddress    *address)
{
  const char *domain = bd_address_get_ascii_domain (address);
  g_autofree char *ascii_address = NULL;
  g_autofree char *escaped = NULL;

  if (!bd_http_source_get_https (source))
    return g_strconcat ("http://autoconfig.", domain, "/mail/config-v1.1.xml", NULL);

  ascii_address = bd_address_dup_ascii (address);
  escaped = g_uri_escape_string (ascii_address, NULL, FALSE);
  return g_strconcat ("https://autoconfig.", domain, "/mail/config-v1.1.xml?emailaddress=",
                      escaped, NULL);
}

static void
bd_autoconfig_source_class_init (BdAutoconfigSourceClass *klass)
{
  BD_HTTP_SOURCE_CLASS (klass)->build_url = bd_autoconfig_source_build_url;
}

static void
bd_autoconfig_source_init (BdAutoconfigSource *self)
{
}

BdSource *
bd_autoconfig_source_new (BdHttpClient *client,
                          gboolean      https)
{
  return g_object_new (BD_TYPE_AUTOCONFIG_SOURCE,
                       "kind", BD_SOURCE_AUTOCONFIG,
                       "client", client,
                       "https", https,
                       NULL);
}
