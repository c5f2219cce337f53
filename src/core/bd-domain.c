/* bd-domain.c
 *
 * "Does this server belong to the address's domain?" is a question about
 * registrable domains: imap.gmail.com and gmail.com share "gmail.com", while
 * mail.example.co.uk and evil.co.uk share only the public suffix "co.uk".
 * libpsl answers it from the system's copy of the Public Suffix List
 * (Debian's publicsuffix package), falling back to its built-in copy.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <libpsl.h>

#include "bd-domain.h"

static const psl_ctx_t *
get_psl (void)
{
  static gsize psl;

  if (g_once_init_enter (&psl))
    {
      /* psl_latest() picks the newer of the system file and the built-in list;
       * the context is shared for the life of the process. */
      const psl_ctx_t *ctx = psl_latest (NULL);

      if (ctx == NULL)
        ctx = psl_builtin ();
      g_once_init_leave (&psl, (gsize) ctx);
    }
  return (const psl_ctx_t *) psl;
}

/**
 * bd_domain_dup_registrable:
 * @hostname: an ASCII host name, with or without a trailing dot
 *
 * Returns: (transfer full) (nullable): the registrable domain ("eTLD+1") in
 *   lower case, or %NULL when @hostname is itself a public suffix, an IP
 *   address, or no list is available.
 */
char *
bd_domain_dup_registrable (const char *hostname)
{
  g_autofree char *lower = NULL;
  const psl_ctx_t *psl = get_psl ();
  const char *registrable;
  gsize len;

  g_return_val_if_fail (hostname != NULL, NULL);

  if (psl == NULL || g_hostname_is_ip_address (hostname))
    return NULL;

  lower = g_ascii_strdown (hostname, -1);
  len = strlen (lower);
  if (len > 0 && lower[len - 1] == '.')
    lower[len - 1] = '\0';

  registrable = psl_registrable_domain (psl, lower);
  return registrable != NULL ? g_strdup (registrable) : NULL;
}

/**
 * bd_domain_same_registrable:
 *
 * Returns: whether @a and @b have the same registrable domain.
 */
gboolean
bd_domain_same_registrable (const char *a,
                            const char *b)
{
  g_autofree char *ra = bd_domain_dup_registrable (a);
  g_autofree char *rb = bd_domain_dup_registrable (b);

  return ra != NULL && rb != NULL && g_str_equal (ra, rb);
}
