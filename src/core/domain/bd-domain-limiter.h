/* bd-domain-limiter.h: at most a few connections to any one server at a time
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BD_DOMAIN_LIMITER_DEFAULT_PER_HOST 3

#define BD_TYPE_DOMAIN_LIMITER (bd_domain_limiter_get_type ())

G_DECLARE_FINAL_TYPE (BdDomainLimiter, bd_domain_limiter, BD, DOMAIN_LIMITER, GObject)

typedef void (*BdDomainLimiterFunc) (gpointer user_data);

BdDomainLimiter *bd_domain_limiter_new      (guint                per_host);
void             bd_domain_limiter_acquire  (BdDomainLimiter     *self,
                                             const char          *host,
                                             BdDomainLimiterFunc  start,
                                             gpointer             user_data);
void             bd_domain_limiter_release  (BdDomainLimiter     *self,
                                             const char          *host);
guint            bd_domain_limiter_get_peak (BdDomainLimiter     *self);

G_END_DECLS
