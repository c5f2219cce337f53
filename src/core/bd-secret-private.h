/* bd-secret-private.h: wiping secrets before their memory is given back
 *
 * A password, or a line or SASL message that carries one, is wiped before
 * it is freed, so that no copy waits in freed memory for a crash dump or a
 * later allocation to show it (docs/security.md). explicit_bzero() is used
 * because a plain memset() before free() may be optimised away. These are
 * the one way src/core and the command line wipe a secret.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>
#include <glib.h>

G_BEGIN_DECLS

/* A string that may hold a credential: wiped when freed, also by g_autoptr. */
typedef char BdSecretString;

/* Wipes @length bytes at @data (nullable). */
static inline void
bd_secret_wipe (gpointer data,
                gsize    length)
{
  if (data != NULL && length > 0)
    explicit_bzero (data, length);
}

/* Wipes a NUL-terminated string and frees it with g_free(). */
static inline void
bd_secret_string_free (BdSecretString *secret)
{
  if (secret == NULL)
    return;
  bd_secret_wipe (secret, strlen (secret));
  g_free (secret);
}

/* Wipes and frees *secret, and sets it to %NULL. */
static inline void
bd_secret_string_clear (char **secret)
{
  bd_secret_string_free (g_steal_pointer (secret));
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdSecretString, bd_secret_string_free)

G_END_DECLS
