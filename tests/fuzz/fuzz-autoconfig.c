/* fuzz-autoconfig.c: libFuzzer target for bd_autoconfig_parse() and expansion
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-autoconfig-parser.h"
#include "bd-report.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdAccountConfig) config = bd_autoconfig_parse (bytes, &error);
  g_autoptr(BdAddress) address = NULL;
  g_autoptr(BdAccountConfig) expanded = NULL;

  g_assert ((config == NULL) != (error == NULL));
  if (config == NULL)
    return 0;

  /* Whatever parses must expand and render without trouble. */
  address = bd_address_parse ("fuzz@example.com", NULL);
  expanded = bd_account_config_expand (config, address);
  for (guint i = 0; i < bd_account_config_get_incoming (expanded)->len; i++)
    {
      g_autoptr(JsonNode) node = bd_report_server_to_json (g_ptr_array_index (bd_account_config_get_incoming (expanded), i));
      g_assert (node != NULL);
    }
  return 0;
}
