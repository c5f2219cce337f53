/* bd-sasl-client.c
 *
 * The mechanisms Brevduva uses, in order of preference. A login only ever
 * happens over TLS whose certificate was verified or pinned (security rule
 * 1), and over such a channel the mechanism adds nothing against the
 * network: TLS already hides the password and proves the server's name.
 * So the preference is by round trips, and by what the mail client will do
 * afterwards (docs/decisions.md, "PLAIN first over verified TLS"):
 *
 *   PLAIN (RFC 4616)        1 round trip with an initial response
 *   SCRAM-SHA-256/1         2 with an initial response, and PBKDF2 on the
 *     (RFC 5802, RFC 7677)    CPU; never shows the password to the server
 *                             and makes the server prove that it knows it
 *   LOGIN                   2–3 (server-first prompts)
 *   CRAM-MD5 (RFC 2195)     last, because servers that offer it often
 *                           cannot check it against hashed passwords
 *
 * SCRAM stays the choice wherever PLAIN is not offered. Anything else
 * (GSSAPI, NTLM, XOAUTH2, the -PLUS variants) needs more than a password.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gsasl.h>
#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-sasl-client-private.h"
#include "bd-secret-private.h"

static const char *const preferred_mechanisms[] = {
  "PLAIN",
  "SCRAM-SHA-256",
  "SCRAM-SHA-1",
  "LOGIN",
  "CRAM-MD5",
};

struct _BdSaslClient
{
  Gsasl *context;
  Gsasl_session *session;
  const char *mechanism;
  gboolean finished;
};

/* gsasl_init() and gsasl_done() touch library-wide state. */
G_LOCK_DEFINE_STATIC (gsasl);

static Gsasl *
context_new (GError **error)
{
  Gsasl *context = NULL;
  int rc;

  G_LOCK (gsasl);
  rc = gsasl_init (&context);
  G_UNLOCK (gsasl);
  if (rc != GSASL_OK)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_FAILED,
                   _("The SASL library could not start: %s"), gsasl_strerror (rc));
      return NULL;
    }
  return context;
}

static void
context_free (Gsasl *context)
{
  G_LOCK (gsasl);
  gsasl_done (context);
  G_UNLOCK (gsasl);
}

/**
 * bd_sasl_mechanism_is_known:
 *
 * Returns: whether Brevduva logs in with @mechanism (case-insensitive).
 */
gboolean
bd_sasl_mechanism_is_known (const char *mechanism)
{
  for (gsize i = 0; i < G_N_ELEMENTS (preferred_mechanisms); i++)
    if (g_ascii_strcasecmp (mechanism, preferred_mechanisms[i]) == 0)
      return TRUE;
  return FALSE;
}

/**
 * bd_sasl_choose_mechanism:
 * @offered: (nullable): the mechanisms the server offers
 *
 * Only for a login over verified or pinned TLS, the only kind there is
 * (security rule 1): PLAIN comes first there, see the top of this file.
 *
 * Returns: (nullable): the best mechanism both sides know, as a static
 *   upper-case string, or %NULL when they share none.
 */
const char *
bd_sasl_choose_mechanism (const char * const *offered)
{
  for (gsize i = 0; i < G_N_ELEMENTS (preferred_mechanisms); i++)
    for (guint j = 0; offered != NULL && offered[j] != NULL; j++)
      if (g_ascii_strcasecmp (offered[j], preferred_mechanisms[i]) == 0)
        return preferred_mechanisms[i];
  return NULL;
}

/**
 * bd_sasl_client_new:
 * @mechanism: one of the mechanisms bd_sasl_choose_mechanism() returns
 * @password: copied into GNU SASL's session, which is wiped when freed
 *
 * Returns: (transfer full) (nullable): a client ready for its first step.
 */
BdSaslClient *
bd_sasl_client_new (const char  *mechanism,
                    const char  *username,
                    const char  *password,
                    GError     **error)
{
  g_autoptr(BdSaslClient) self = g_new0 (BdSaslClient, 1);
  int rc;

  g_return_val_if_fail (mechanism != NULL && username != NULL && password != NULL, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (preferred_mechanisms); i++)
    if (g_ascii_strcasecmp (mechanism, preferred_mechanisms[i]) == 0)
      self->mechanism = preferred_mechanisms[i];
  if (self->mechanism == NULL)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_MECHANISM_UNSUPPORTED,
                   _("Brevduva cannot log in with “%s”."), mechanism);
      return NULL;
    }

  self->context = context_new (error);
  if (self->context == NULL)
    return NULL;
  rc = gsasl_client_start (self->context, self->mechanism, &self->session);
  if (rc != GSASL_OK)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_MECHANISM_UNSUPPORTED,
                   _("The SASL library cannot log in with “%s”: %s"),
                   self->mechanism, gsasl_strerror (rc));
      return NULL;
    }
  gsasl_property_set (self->session, GSASL_AUTHID, username);
  gsasl_property_set (self->session, GSASL_PASSWORD, password);

  return g_steal_pointer (&self);
}

/**
 * bd_sasl_client_step:
 * @challenge: the server's challenge in base64 (empty for none)
 * @response: (out): the answer in base64, possibly empty; free it with
 *   bd_sasl_free_secret(), since it may hold the password
 *
 * Returns: %FALSE with `protocol-error` when the server's challenge makes
 *   no sense to the mechanism (for SCRAM, also when the server fails to
 *   prove that it knows the password).
 */
gboolean
bd_sasl_client_step (BdSaslClient  *self,
                     const char    *challenge,
                     char         **response,
                     GError       **error)
{
  g_autofree guchar *input = NULL;
  g_autofree char *encoded = NULL;
  char *output = NULL;
  gsize input_length = 0;
  size_t output_length = 0;
  int rc;

  g_return_val_if_fail (self != NULL && challenge != NULL && response != NULL, FALSE);

  *response = NULL;
  /* Not gsasl_step64(): it frees the raw output (for PLAIN and LOGIN, the
   * password itself) without wiping it. Here the raw output is wiped, and
   * only its base64 form leaves, to be wiped by bd_sasl_free_secret(). */
  if (challenge[0] != '\0')
    input = g_base64_decode (challenge, &input_length);
  rc = gsasl_step (self->session, (const char *) input, input_length, &output, &output_length);
  if (output != NULL)
    {
      if (rc == GSASL_OK || rc == GSASL_NEEDS_MORE)
        encoded = g_base64_encode ((const guchar *) output, output_length);
      bd_secret_wipe (output, output_length);
      gsasl_free (output);
    }
  if (rc != GSASL_OK && rc != GSASL_NEEDS_MORE)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_PROTOCOL_ERROR,
                   _("The server’s login challenge could not be answered (%s): %s"),
                   self->mechanism, gsasl_strerror (rc));
      return FALSE;
    }
  self->finished = rc == GSASL_OK;
  *response = strdup (encoded != NULL ? encoded : "");
  if (encoded != NULL)
    bd_secret_wipe (encoded, strlen (encoded));
  return TRUE;
}

/**
 * bd_sasl_client_is_finished:
 *
 * Returns: whether the mechanism has nothing more to say. For SCRAM this
 *   means the server proved that it knows the password (RFC 5802 §5).
 */
gboolean
bd_sasl_client_is_finished (BdSaslClient *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->finished;
}

/**
 * bd_sasl_client_proves_server:
 *
 * Returns: whether the mechanism makes the server prove itself, so that a
 *   success reply before that proof is a protocol error.
 */
gboolean
bd_sasl_client_proves_server (BdSaslClient *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return g_str_has_prefix (self->mechanism, "SCRAM-");
}

/**
 * bd_sasl_client_sends_first:
 *
 * Returns: whether the mechanism speaks first (PLAIN, SCRAM), so that its
 *   first message can go with the command that starts the exchange as an
 *   initial response (RFC 4422 §5), saving a round trip. Its first message
 *   is bd_sasl_client_step() with an empty challenge. LOGIN and CRAM-MD5
 *   answer the server's first challenge.
 */
gboolean
bd_sasl_client_sends_first (BdSaslClient *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return g_str_equal (self->mechanism, "PLAIN") || g_str_has_prefix (self->mechanism, "SCRAM-");
}

const char *
bd_sasl_client_get_mechanism (BdSaslClient *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->mechanism;
}

void
bd_sasl_client_free (BdSaslClient *self)
{
  if (self == NULL)
    return;
  if (self->session != NULL)
    {
      /* GNU SASL keeps its own copy of the password and frees it without
       * wiping it (gsasl_finish() in 2.2): wipe it in place first. */
      char *password = (char *) gsasl_property_fast (self->session, GSASL_PASSWORD);

      if (password != NULL)
        bd_secret_wipe (password, strlen (password));
      gsasl_finish (self->session);
    }
  if (self->context != NULL)
    context_free (self->context);
  g_free (self);
}

/**
 * bd_sasl_free_secret:
 *
 * Wipes and frees a string from the SASL library (or strdup()).
 */
void
bd_sasl_free_secret (char *secret)
{
  if (secret == NULL)
    return;
  bd_secret_wipe (secret, strlen (secret));
  gsasl_free (secret);
}
