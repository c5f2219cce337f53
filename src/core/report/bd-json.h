/* bd-json.h: small json-glib helpers shared by the reports in src/core
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Adds the member @member with @value, or with null when @value is %NULL:
 * DESIGN.md's JSON keeps every member, so a consumer never has to ask
 * whether one is there. */
static inline void
bd_json_add_string_member (JsonBuilder *builder,
                           const char  *member,
                           const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

G_END_DECLS
