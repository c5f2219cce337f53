/* bd-cli-password.h: the password of brevduva-cli, read without a copy left behind
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest password taken, in bytes. */
#define BD_CLI_PASSWORD_MAX 4096

typedef struct
{
  /* The password, its line end, and the NUL. */
  char bytes[BD_CLI_PASSWORD_MAX + 2];
  gsize length;
} BdCliPassword;

BdCliPassword *bd_cli_password_read_stdin (GError       **error);
BdCliPassword *bd_cli_password_prompt     (const char    *address,
                                           GError       **error);
void           bd_cli_password_free       (BdCliPassword *password);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdCliPassword, bd_cli_password_free)

G_END_DECLS
