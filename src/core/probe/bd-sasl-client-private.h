/* bd-sasl-client-private.h: the client side of a SASL exchange, with GNU SASL
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _BdSaslClient BdSaslClient;

const char   *bd_sasl_choose_mechanism     (const char * const *offered);
gboolean      bd_sasl_mechanism_is_known   (const char         *mechanism);
BdSaslClient *bd_sasl_client_new           (const char         *mechanism,
                                            const char         *username,
                                            const char         *password,
                                            GError            **error);
gboolean      bd_sasl_client_step          (BdSaslClient       *self,
                                            const char         *challenge,
                                            char              **response,
                                            GError            **error);
gboolean      bd_sasl_client_is_finished   (BdSaslClient       *self);
gboolean      bd_sasl_client_proves_server (BdSaslClient       *self);
gboolean      bd_sasl_client_sends_first   (BdSaslClient       *self);
const char   *bd_sasl_client_get_mechanism (BdSaslClient       *self);
void          bd_sasl_client_free          (BdSaslClient       *self);
void          bd_sasl_free_secret          (char               *secret);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdSaslClient, bd_sasl_client_free)

G_END_DECLS
