/* fuzz-address.c: libFuzzer target for bd_address_parse() and bd_address_expand()
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bd-address.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(BdAddress) address = bd_address_parse (text, &error);

  /* Exactly one of a result and an error, and the error says something. */
  g_assert ((address == NULL) != (error == NULL));
  if (address == NULL)
    {
      g_assert (error->message[0] != '\0');
      return 0;
    }

  g_assert (g_utf8_validate (bd_address_get_display (address), -1, NULL));
  g_assert (strlen (bd_address_get_ascii_domain (address)) <= 253);
  {
    g_autofree char *expanded = bd_address_expand (address, text);
    g_assert (expanded != NULL);
  }
  return 0;
}
