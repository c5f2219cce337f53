/* fuzz-dns.c: libFuzzer target for the domain check's DNS answer parser
 * (bd_resolver_parse_answer(): SRV, MX, TXT and NS records)
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-resolver-private.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static const GResolverRecordType types[] = {
  G_RESOLVER_RECORD_SRV, G_RESOLVER_RECORD_MX, G_RESOLVER_RECORD_TXT, G_RESOLVER_RECORD_NS,
};

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  if (size > 65535)
    return 0;
  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(GError) error = NULL;
      GList *records = bd_resolver_parse_answer (data, (int) size, "fuzz.example",
                                                 types[i], &error);

      /* Records or an error, never both, never neither. */
      g_assert ((records == NULL) != (error == NULL));
      for (GList *l = records; l != NULL; l = l->next)
        g_assert (g_variant_is_of_type (l->data, G_VARIANT_TYPE_TUPLE));
      g_list_free_full (records, (GDestroyNotify) g_variant_unref);
    }
  return 0;
}
