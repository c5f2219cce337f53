/* bd-probe-steps.c
 *
 * The steps after name resolution, blocking, in a worker thread:
 *
 *   implicit TLS:  connect → tls → greeting → capabilities → [login] → logout
 *   STARTTLS:      connect → greeting → starttls → tls → capabilities → [login] → logout
 *
 * Each step gets the whole per-step timeout as its deadline. A step that
 * fails ends the probe with one BdErrorCode; logout alone may fail without
 * failing the probe, since everything it could prove was proven before it.
 *
 * Every ending that leaves a working connection says goodbye: the
 * protocol's LOGOUT or QUIT when the server waits for a command, and a TLS
 * close_notify (say_goodbye(); docs/decisions.md). Both are written
 * without waiting, so that they never delay the verdict; the server's
 * answer would prove nothing more, so the result does not wait for it
 * either, and the connection lingers until the server has answered and
 * closed (bd_connection_linger()), as a clean logout does.
 *
 * A STARTTLS port that says nothing for a few round trips may want TLS from
 * the first byte: a second connection offers TLS while the first still
 * waits for its greeting, and whichever answers first decides
 * (race_tls_hello()).
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-conversation-private.h"
#include "bd-probe-steps-private.h"
#include "bd-tls-certificate.h"
#include "bd-tls-context-private.h"
#include "bd-tls-verify.h"

/* How long a STARTTLS port may be silent before a second connection offers
 * it TLS: this many round trips (the TCP handshake's time), but never less
 * than SILENCE_FLOOR_MS, which covers a server's own work before its
 * greeting where the round trip is next to nothing (loopback, a LAN). */
#define SILENCE_ROUND_TRIPS 3
#define SILENCE_FLOOR_MS 150

typedef struct
{
  BdProbeRun *run;
  BdConversation conversation;
  const BdProtocolDriver *driver;
  BdTlsContext *tls;
  GCancellable *cancellable;
  gboolean logged_out;       /* the logout step sent LOGOUT or QUIT */
} Steps;

typedef gboolean (*StepFunc) (Steps   *steps,
                              GError **error);

static const BdProtocolDriver *
driver_for (BdProtocol protocol)
{
  switch (protocol)
    {
    case BD_PROTOCOL_IMAP: return bd_imap_client_get_driver ();
    case BD_PROTOCOL_POP3: return bd_pop3_client_get_driver ();
    case BD_PROTOCOL_SMTP: return bd_smtp_client_get_driver ();
    default: g_return_val_if_reached (NULL);
    }
}

static guint
elapsed_ms (gint64 start)
{
  return (guint) ((g_get_monotonic_time () - start) / G_TIME_SPAN_MILLISECOND);
}

static gboolean
run_step (Steps       *steps,
          const char  *name,
          StepFunc     func,
          GError     **error)
{
  gint64 start = g_get_monotonic_time ();
  gboolean ok;

  bd_connection_set_step (steps->conversation.connection, name, steps->run->timeout_ms);
  ok = func (steps, error);
  bd_probe_report_add_step (steps->run->report, name, ok, elapsed_ms (start));
  return ok;
}

static void
note (Steps      *steps,
      const char *text)
{
  bd_probe_report_add_transcript (steps->run->report, BD_TRANSCRIPT_NOTE, text);
}

/* A connection and conversation for a side errand (learning a refused TLS
 * version, checking for TLS on a STARTTLS port) that leaves no trace in
 * the report but a note. */
static void
errand_begin (Steps          *steps,
              BdConversation *errand,
              BdProbeReport **scratch,
              guint           timeout_ms)
{
  g_autoptr(BdServer) server = bd_server_new (steps->run->protocol, steps->run->hostname,
                                              steps->run->port, steps->run->security, NULL);

  *scratch = bd_probe_report_new (server);
  *errand = (BdConversation) { 0 };
  errand->report = *scratch;
  errand->protocol = steps->run->protocol;
  errand->security = steps->run->security;
  errand->connection = bd_connection_new (steps->cancellable, *scratch);
  bd_connection_set_step (errand->connection, "tls", timeout_ms);
}

/* For the diagnostic report's network facts (issue 13 §5): this end's
 * address, and the family the connection tried first. */
static void
note_local_address (Steps *steps)
{
  g_autofree char *literal = bd_connection_dup_local_literal (steps->conversation.connection);
  const char *start = literal + 1;
  GList *first = steps->run->addresses;

  /* "[192.0.2.1]" or "[IPv6:2001:db8::1]" */
  if (g_str_has_prefix (start, "IPv6:"))
    start += strlen ("IPv6:");
  literal[strlen (literal) - 1] = '\0';
  bd_probe_report_set_local_address (steps->run->report, start);
  if (first != NULL)
    bd_probe_report_set_first_family (steps->run->report,
                                      g_inet_address_get_family (first->data));
}

/* Connects to the server, directly or through the desktop's proxy. */
static gboolean
connect_server (Steps         *steps,
                BdConnection  *connection,
                GError       **error)
{
  return bd_connection_connect_to (connection, steps->run->hostname, steps->run->addresses,
                                   steps->run->port, (const char * const *) steps->run->proxies,
                                   error);
}

static gboolean
connect_step (Steps   *steps,
              GError **error)
{
  g_autofree char *text = NULL;
  const char *proxy;

  if (!connect_server (steps, steps->conversation.connection, error))
    return FALSE;
  proxy = bd_connection_get_proxy (steps->conversation.connection);
  bd_probe_report_set_proxy (steps->run->report, proxy != NULL ? proxy : "direct");
  note_local_address (steps);
  if (proxy != NULL)
    {
      /* TRANSLATORS: a note in the transcript: "Connected to imap.example.com, port 993, through the proxy socks5://127.0.0.1:1080." */
      text = g_strdup_printf (_("Connected to %s, port %u, through the proxy %s."),
                              steps->run->hostname, steps->run->port, proxy);
      note (steps, text);
      return TRUE;
    }
  bd_probe_report_set_address (steps->run->report,
                               bd_connection_get_address (steps->conversation.connection));
  /* TRANSLATORS: a note in the transcript: "Connected to 192.0.2.1, port 993." */
  text = g_strdup_printf (_("Connected to %s, port %u."),
                          bd_connection_get_address (steps->conversation.connection),
                          steps->run->port);
  note (steps, text);
  return TRUE;
}

/* The first line of what a server sent where TLS was expected. */
static char *
dup_first_line (GBytes *bytes)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  const char *end = memchr (data, '\n', size);
  gsize length = end != NULL ? (gsize) (end - data) : size;

  if (length > 0 && data[length - 1] == '\r')
    length--;
  return g_strndup (data, length);
}

static gboolean
not_tls (Steps   *steps,
         GBytes  *first,
         GError **error)
{
  g_autofree char *says = dup_first_line (first);

  if (steps->run->security == BD_SECURITY_TLS)
    return bd_conversation_fail (&steps->conversation, error, BD_ERROR_PLAINTEXT_ON_TLS_PORT, says,
                                  "%s", _("The server answered in plain text on a port meant "
                                          "for TLS."));
  /* Security rule 2: after its STARTTLS reply the server must speak TLS. */
  return bd_conversation_fail (&steps->conversation, error, BD_ERROR_STARTTLS_INJECTION, says, "%s",
                                _("After agreeing to STARTTLS the server sent plain text "
                                  "instead of starting TLS."));
}

/* Errors a server that speaks only TLS 1.0 or 1.1 answers with. */
static gboolean
may_be_old_version (int rc,
                    int alert)
{
  if (rc == GNUTLS_E_UNSUPPORTED_VERSION_PACKET || rc == GNUTLS_E_PREMATURE_TERMINATION ||
      rc == GNUTLS_E_NO_CIPHER_SUITES || rc == GNUTLS_E_UNKNOWN_CIPHER_SUITE)
    return TRUE;
  return rc == GNUTLS_E_FATAL_ALERT_RECEIVED &&
         (alert == GNUTLS_A_PROTOCOL_VERSION || alert == GNUTLS_A_HANDSHAKE_FAILURE ||
          alert == GNUTLS_A_INSUFFICIENT_SECURITY);
}

/* Connects the errand and, on a STARTTLS port, gets it as far as the server's
 * yes to STARTTLS. */
static gboolean
errand_reach_tls (Steps          *steps,
                  BdConversation *errand)
{
  if (!connect_server (steps, errand->connection, NULL))
    return FALSE;
  if (steps->run->security != BD_SECURITY_STARTTLS)
    return TRUE;
  return steps->driver->greeting (errand, NULL) && steps->driver->starttls (errand, NULL);
}

/* Security rule 7: a second connection offering only TLS 1.0 and 1.1, to
 * learn which one the server speaks. Nothing is sent over it. */
static char *
learn_old_version (Steps *steps)
{
  g_autoptr(BdProbeReport) scratch = NULL;
  BdConversation errand;
  gnutls_session_t session;
  char *version = NULL;

  errand_begin (steps, &errand, &scratch, steps->run->timeout_ms);
  if (errand_reach_tls (steps, &errand))
    {
      session = bd_tls_context_new_session (steps->tls, steps->run->hostname, TRUE, NULL);
      if (session != NULL && bd_connection_handshake (errand.connection, session, NULL))
        version = bd_tls_session_dup_version (session);
    }
  /* A session that came up ends as any other (RFC 8446 §6.1). */
  if (bd_connection_close_notify (errand.connection))
    bd_connection_linger (g_steal_pointer (&errand.connection), steps->run->timeout_ms);
  bd_conversation_clear (&errand);
  return version;
}

static gboolean
version_too_old (Steps       *steps,
                 const char  *version,
                 GError     **error)
{
  g_autofree char *text = NULL;

  bd_probe_report_set_tls (steps->run->report, version, NULL);
  /* TRANSLATORS: a note in the transcript; %s is a protocol such as "TLS1.0" */
  text = g_strdup_printf (_("The server completed a handshake that offered only TLS 1.0 and "
                            "1.1, with %s; nothing was sent over it."), version);
  note (steps, text);
  return bd_conversation_fail (&steps->conversation, error, BD_ERROR_TLS_VERSION_TOO_OLD, NULL,
                                /* TRANSLATORS: %s is a protocol such as "TLS1.0" */
                                _("The server offers only %s; Brevduva requires TLS 1.2 or "
                                  "newer."), version);
}

static gboolean
explain_handshake_failure (Steps   *steps,
                           GError  *failure,
                           GError **error)
{
  g_autoptr(GError) owned = failure;
  g_autoptr(GBytes) first = NULL;
  int alert = 0;
  int rc;

  if (g_error_matches (failure, BD_ERROR, BD_ERROR_TLS_HANDSHAKE_FAILED))
    {
      first = bd_connection_dup_first_bytes (steps->conversation.connection);
      if (g_bytes_get_size (first) > 0 && !bd_tls_bytes_look_like_record (first))
        return not_tls (steps, first, error);

      rc = bd_connection_get_tls_error (steps->conversation.connection, &alert);
      if (may_be_old_version (rc, alert))
        {
          g_autofree char *version = learn_old_version (steps);

          if (version != NULL)
            return version_too_old (steps, version, error);
        }
    }
  if (g_cancellable_set_error_if_cancelled (steps->cancellable, error))
    return FALSE;
  g_propagate_error (error, g_steal_pointer (&owned));
  return FALSE;
}

static char *
dup_problem_labels (const char * const *problems)
{
  GString *labels = g_string_new (NULL);

  for (guint i = 0; problems[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (labels, ", ");
      g_string_append (labels, bd_tls_problem_get_label (problems[i]));
    }
  return g_string_free (labels, FALSE);
}

static void
note_tls (Steps            *steps,
          const BdTlsFacts *facts,
          gboolean          pinned)
{
  const BdTlsCertificate *leaf = g_ptr_array_index (facts->chain, 0);
  g_autofree char *problems = dup_problem_labels ((const char * const *) facts->problems);
  g_autofree char *text = NULL;

  /* TRANSLATORS: a note in the transcript: "TLS1.3, TLS_AES_256_GCM_SHA384; certificate
   * CN=mail.example.com (sha256:ab12…): verified" */
  text = g_strdup_printf (_("%s, %s; certificate %s (sha256:%s): %s"), facts->version,
                          facts->cipher, bd_tls_certificate_get_subject (leaf),
                          bd_tls_certificate_get_sha256 (leaf),
                          pinned ? _("accepted by its fingerprint")
                                 : facts->problems[0] == NULL ? _("verified") : problems);
  note (steps, text);
}

/* Security rules 1 and 3: the session counts as secure only when the chain
 * is trusted and valid for the host, or is exactly the pinned certificate. */
static gboolean
check_certificate (Steps   *steps,
                   GError **error)
{
  BdProbeRun *run = steps->run;
  g_autoptr(BdTlsFacts) facts = NULL;
  const char *sha256;
  gboolean pinned;

  facts = bd_tls_context_check_session (steps->tls,
                                        bd_connection_get_session (steps->conversation.connection),
                                        run->hostname, error);
  if (facts == NULL)
    return FALSE;

  sha256 = bd_tls_certificate_get_sha256 (g_ptr_array_index (facts->chain, 0));
  pinned = run->pin != NULL && g_str_equal (run->pin, sha256);
  bd_probe_report_set_tls (run->report, facts->version, facts->cipher);
  bd_probe_report_set_certificates (run->report, facts->chain);
  bd_probe_report_set_verification (run->report, (const char * const *) facts->problems, pinned);
  note_tls (steps, facts, pinned);

  if (run->pin != NULL && !pinned)
    return bd_conversation_fail (&steps->conversation, error, BD_ERROR_CERTIFICATE_PIN_MISMATCH,
                                  NULL, _("The server’s certificate has the fingerprint "
                                          "sha256:%s, not the accepted sha256:%s."),
                                  sha256, run->pin);
  if (facts->problems[0] != NULL && !pinned)
    {
      g_autofree char *labels = dup_problem_labels ((const char * const *) facts->problems);

      return bd_conversation_fail (&steps->conversation, error,
                                    bd_tls_problems_get_error ((const char * const *) facts->problems),
                                    NULL, _("The server’s certificate cannot be trusted: %s."),
                                    labels);
    }
  steps->conversation.secure = TRUE;
  return TRUE;
}

static gboolean
tls_step (Steps   *steps,
          GError **error)
{
  GError *failure = NULL;
  gnutls_session_t session;

  session = bd_tls_context_new_session (steps->tls, steps->run->hostname, FALSE, error);
  if (session == NULL)
    return FALSE;
  if (!bd_connection_handshake (steps->conversation.connection, session, &failure))
    return explain_handshake_failure (steps, failure, error);
  if (!check_certificate (steps, error))
    return FALSE;

  /* Security rule 2: nothing learned before TLS is kept. */
  bd_conversation_set_capabilities (&steps->conversation, NULL, NULL);
  g_clear_pointer (&steps->conversation.greeting_capability, g_free);
  g_clear_pointer (&steps->conversation.alert, g_free);
  return TRUE;
}

/* Whether the first bytes a server sent after a ClientHello tell enough
 * to decide whether it speaks TLS (bd_tls_bytes_look_like_record()). */
static gboolean
answer_complete (GBytes *first)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (first, &size);

  return size >= 6 || (size >= 2 && data[0] != 0x16);
}

/* Waits on both connections: TRUE as soon as the errand's server answers
 * its ClientHello with TLS; FALSE when the first connection's greeting (or
 * its end) comes first, the errand's server answers otherwise, or the
 * greeting's deadline passes. */
static gboolean
wait_for_either (Steps          *steps,
                 BdConversation *errand)
{
  BdConnection *connection = steps->conversation.connection;
  gint64 until = bd_connection_get_deadline (connection);

  for (;;)
    {
      g_autoptr(GBytes) first = NULL;
      gboolean going_on;

      if (bd_connection_wait_readable (connection, errand->connection, until, NULL) !=
          errand->connection)
        return FALSE;
      going_on = bd_connection_continue_handshake (errand->connection);
      first = bd_connection_dup_first_bytes (errand->connection);
      if (!going_on || answer_complete (first))
        return bd_tls_bytes_look_like_record (first);
    }
}

/* After a silence on a STARTTLS port: a second connection sends a
 * ClientHello while the first keeps waiting for its greeting. A server
 * that answers the hello with TLS wants TLS from the first byte; any other
 * answer, or the greeting, leaves the verdict to the first connection,
 * so a slow but real greeting is never misjudged. */
static gboolean
race_tls_hello (Steps *steps)
{
  g_autoptr(BdProbeReport) scratch = NULL;
  BdConversation errand;
  gnutls_session_t session = NULL;
  gint64 left = bd_connection_get_deadline (steps->conversation.connection) -
                g_get_monotonic_time ();
  gboolean tls = FALSE;

  if (left <= 0)
    return FALSE;
  errand_begin (steps, &errand, &scratch, (guint) (left / G_TIME_SPAN_MILLISECOND));
  if (connect_server (steps, errand.connection, NULL))
    session = bd_tls_context_new_session (steps->tls, steps->run->hostname, FALSE, NULL);
  if (session != NULL && bd_connection_start_handshake (errand.connection, session))
    tls = wait_for_either (steps, &errand);
  /* The errand's server, if it answered, gets to close first; nothing of
   * the handshake is kept. */
  if (bd_connection_is_open (errand.connection))
    bd_connection_linger (g_steal_pointer (&errand.connection), steps->run->timeout_ms);
  bd_conversation_clear (&errand);
  return tls;
}

/* How long a silent STARTTLS port is given before the TLS hello: see
 * SILENCE_ROUND_TRIPS. At most half the greeting's deadline, so that the
 * hello always has time to be answered. */
static gint64
silence_allowed (Steps *steps)
{
  gint64 round_trip = bd_connection_get_round_trip (steps->conversation.connection);
  gint64 floor = SILENCE_FLOOR_MS * G_TIME_SPAN_MILLISECOND;
  gint64 half = (gint64) steps->run->timeout_ms * G_TIME_SPAN_MILLISECOND / 2;

  return MIN (MAX (SILENCE_ROUND_TRIPS * round_trip, floor), half);
}

/* Security "tls" and "starttls" mixed up: a STARTTLS port that waits for a
 * ClientHello is named within a few round trips of the connect, plus the
 * handshake's, rather than at the greeting's deadline. */
static gboolean
wants_tls_from_start (Steps   *steps,
                      GError **error)
{
  BdConnection *connection = steps->conversation.connection;
  gint64 silence = silence_allowed (steps);
  GError *local_error = NULL;
  g_autofree char *text = NULL;

  if (bd_connection_wait_readable (connection, NULL, g_get_monotonic_time () + silence,
                                   &local_error) != NULL)
    return FALSE;
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  /* TRANSLATORS: a note in the transcript; %u is a number of milliseconds */
  text = g_strdup_printf (_("No greeting after %u ms: a second connection offers TLS, in "
                            "case this port wants it from the first byte."),
                          (guint) (silence / G_TIME_SPAN_MILLISECOND));
  note (steps, text);
  return race_tls_hello (steps);
}

static gboolean
greeting_step (Steps   *steps,
               GError **error)
{
  GError *local_error = NULL;

  if (steps->run->security == BD_SECURITY_STARTTLS)
    {
      if (wants_tls_from_start (steps, &local_error))
        return bd_conversation_fail (&steps->conversation, error,
                                      BD_ERROR_TLS_ON_PLAINTEXT_PORT, NULL, "%s",
                                      _("The server said nothing, but answers a TLS "
                                        "handshake: this port wants TLS from the start."));
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
    }
  /* A probe cancelled during the race ends here, as "cancelled". */
  return steps->driver->greeting (&steps->conversation, error);
}

static gboolean
starttls_step (Steps   *steps,
               GError **error)
{
  g_autoptr(GBytes) pending = NULL;
  g_autofree char *says = NULL;

  if (!steps->driver->starttls (&steps->conversation, error))
    return FALSE;
  if (!bd_connection_has_pending (steps->conversation.connection))
    return TRUE;

  /* What was read already is shown; what still waits in the socket is not read. */
  pending = bd_connection_peek_pending (steps->conversation.connection);
  says = dup_first_line (pending);
  return bd_conversation_fail (&steps->conversation, error, BD_ERROR_STARTTLS_INJECTION,
                                says[0] != '\0' ? says : NULL, "%s",
                                _("Data arrived after the server agreed to STARTTLS and "
                                  "before encryption started: someone may be tampering "
                                  "with the connection."));
}

static gboolean
capabilities_step (Steps   *steps,
                   GError **error)
{
  return steps->driver->capabilities (&steps->conversation, error);
}

static gboolean
login_step (Steps   *steps,
            GError **error)
{
  if (steps->driver->login (&steps->conversation, error))
    return TRUE;
  bd_probe_report_set_login (steps->run->report, BD_PROBE_LOGIN_FAILED, NULL);
  return FALSE;
}

static gboolean
logout_step (Steps   *steps,
             GError **error)
{
  /* Like every write of the goodbye, LOGOUT or QUIT never waits. */
  bd_connection_set_step (steps->conversation.connection, "logout", 0);
  if (!steps->driver->logout (&steps->conversation, error))
    return FALSE;
  steps->logged_out = TRUE;
  note (steps, _("Logged out; the server’s reply is not waited for, since everything was "
                 "proven before it."));
  return TRUE;
}

static gboolean
run_sequence (Steps   *steps,
              GError **error)
{
  gboolean implicit = steps->run->security == BD_SECURITY_TLS;

  if (!run_step (steps, "connect", connect_step, error))
    return FALSE;
  if (implicit && !(run_step (steps, "tls", tls_step, error) &&
                    run_step (steps, "greeting", greeting_step, error)))
    return FALSE;
  if (!implicit && !(run_step (steps, "greeting", greeting_step, error) &&
                     run_step (steps, "starttls", starttls_step, error) &&
                     run_step (steps, "tls", tls_step, error)))
    return FALSE;
  if (!run_step (steps, "capabilities", capabilities_step, error))
    return FALSE;
  /* A warm connection stops here, before anything that needs a credential. */
  if (steps->run->park)
    return !g_cancellable_set_error_if_cancelled (steps->cancellable, error);
  if (steps->conversation.password != NULL && !run_step (steps, "login", login_step, error))
    return FALSE;

  run_step (steps, "logout", logout_step, NULL);
  return !g_cancellable_set_error_if_cancelled (steps->cancellable, error);
}

/* Failures after which the server waits for the next command: it answered
 * every command in full (a refusal, or a reply Brevduva does not accept),
 * or it was never asked anything it did not answer. */
static const BdErrorCode in_step_errors[] = {
  BD_ERROR_LOGIN_FAILED,
  BD_ERROR_MECHANISM_UNSUPPORTED,
  BD_ERROR_LOGIN_DISABLED,
  BD_ERROR_APP_PASSWORD_REQUIRED,
  BD_ERROR_OAUTH2_REQUIRED,
  BD_ERROR_SERVICE_NOT_ENABLED,
  BD_ERROR_INSECURE_SERVER,
  BD_ERROR_SERVER_UNAVAILABLE,
  BD_ERROR_PROTOCOL_ERROR,
  BD_ERROR_STARTTLS_NOT_OFFERED,
  BD_ERROR_STARTTLS_REFUSED,
  BD_ERROR_PREAUTH_REFUSED,
};

static gboolean
in_step (Steps        *steps,
         const GError *error)
{
  const char *failed = bd_probe_report_get_failed_step (steps->run->report);

  if (error == NULL)
    return TRUE;
  if (error->domain != BD_ERROR)
    return FALSE;
  /* A greeting that failed came from a server that is leaving (BYE, 421,
   * -ERR) or does not speak the protocol; PREAUTH is the one that waits. */
  if (g_strcmp0 (failed, "greeting") == 0)
    return error->code == BD_ERROR_PREAUTH_REFUSED;
  for (gsize i = 0; i < G_N_ELEMENTS (in_step_errors); i++)
    if ((int) in_step_errors[i] == error->code)
      return TRUE;
  return FALSE;
}

/* Ends the connection politely, however the probe ended (docs/decisions.md):
 *
 *   - a server that waits for a command gets the protocol's goodbye (IMAP
 *     LOGOUT, RFC 3501 §6.1.3; POP3 QUIT, RFC 1939 §5; SMTP QUIT, RFC 5321
 *     §4.1.1.10), in plain text when TLS never started, or inside TLS
 *     whose certificate was verified or pinned: nothing at all is said
 *     inside TLS that failed verification;
 *   - TLS that is up ends with a close_notify (RFC 8446 §6.1);
 *   - a connection that was broken, cancelled or in the middle of a
 *     handshake is closed as it is.
 *
 * Nothing here waits: the verdict is in the report already. What was said
 * lingers for the server's answer (bd_connection_linger()). */
static void
say_goodbye (Steps        *steps,
             const GError *error)
{
  BdConversation *conversation = &steps->conversation;
  BdConnection *connection = conversation->connection;
  gboolean tls;
  gboolean said = steps->logged_out;

  if (connection == NULL || !bd_connection_is_open (connection) ||
      g_cancellable_is_cancelled (steps->cancellable))
    return;

  tls = bd_connection_get_tls_up (connection);
  bd_connection_set_step (connection, "logout", 0);
  if (!said && in_step (steps, error) &&
      (tls ? conversation->secure : bd_connection_get_session (connection) == NULL))
    said = steps->driver->logout (conversation, NULL);
  if (tls)
    said = bd_connection_close_notify (connection) || said;
  if (said)
    bd_connection_linger (g_steal_pointer (&conversation->connection), steps->run->timeout_ms);
}

struct _BdProbeParked
{
  BdConversation conversation;
  const BdProtocolDriver *driver;
  BdTlsContext *tls;
  BdProbeReport *report;
  GCancellable *cancellable;  /* the connection's */
  guint timeout_ms;
};

static void
parked_free (BdProbeParked *parked)
{
  bd_conversation_clear (&parked->conversation);
  g_clear_pointer (&parked->tls, bd_tls_context_unref);
  g_clear_object (&parked->report);
  g_clear_object (&parked->cancellable);
  g_free (parked);
}

/* Keeps what a run proved, connection and all, for bd_probe_steps_resume(). */
static BdProbeParked *
park (Steps *steps)
{
  BdProbeParked *parked = g_new0 (BdProbeParked, 1);

  if (steps->conversation.alert != NULL)
    bd_probe_report_set_alert (steps->run->report, steps->conversation.alert);
  parked->conversation = steps->conversation;
  steps->conversation = (BdConversation) { 0 };
  parked->conversation.username = NULL;
  parked->conversation.password = NULL;
  parked->driver = steps->driver;
  parked->tls = g_steal_pointer (&steps->tls);
  parked->report = g_object_ref (steps->run->report);
  parked->cancellable = steps->cancellable != NULL ? g_object_ref (steps->cancellable) : NULL;
  parked->timeout_ms = steps->run->timeout_ms;
  return parked;
}

/* Takes @parked's state back into @steps, for @run. */
static void
unpark (Steps         *steps,
        BdProbeRun    *run,
        BdProbeParked *parked)
{
  steps->run = run;
  steps->cancellable = parked->cancellable;
  steps->driver = parked->driver;
  steps->tls = g_steal_pointer (&parked->tls);
  steps->conversation = parked->conversation;
  parked->conversation = (BdConversation) { 0 };
  steps->conversation.report = run->report;
  steps->conversation.username = run->username;
  steps->conversation.password = run->username != NULL ? run->password : NULL;
}

/**
 * bd_probe_steps_resume:
 * @run: the taking probe's run; its report must be @parked's
 *   (bd_probe_parked_get_report())
 * @parked: (transfer full): a connection parked by a run with the same
 *   server, anchors and pin
 *
 * Goes on where the parked run stopped: the login when @run has a user
 * name and a password, then the logout and the goodbye, as
 * bd_probe_steps_run() would have after the capabilities.
 *
 * Returns: as bd_probe_steps_run().
 */
gboolean
bd_probe_steps_resume (BdProbeRun     *run,
                       BdProbeParked  *parked,
                       GError        **error)
{
  Steps steps = { 0 };
  GError *local_error = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (run->report == parked->report, FALSE);

  unpark (&steps, run, parked);
  note (&steps, _("This connection was opened and proven while the servers were still being "
                  "looked for; nothing that needs a password was sent on it before now."));
  if (steps.conversation.password != NULL)
    ok = run_step (&steps, "login", login_step, &local_error);
  if (ok)
    {
      run_step (&steps, "logout", logout_step, NULL);
      ok = !g_cancellable_set_error_if_cancelled (steps.cancellable, &local_error);
    }
  say_goodbye (&steps, local_error);
  if (steps.conversation.alert != NULL)
    bd_probe_report_set_alert (run->report, steps.conversation.alert);

  bd_conversation_clear (&steps.conversation);
  g_clear_pointer (&steps.tls, bd_tls_context_unref);
  parked_free (parked);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return ok;
}

/**
 * bd_probe_parked_get_report:
 *
 * Returns: (transfer none): the report of the run that parked: its steps up
 *   to the capabilities; the taking probe's report from then on.
 */
BdProbeReport *
bd_probe_parked_get_report (BdProbeParked *parked)
{
  return parked->report;
}

/**
 * bd_probe_parked_get_cancellable:
 *
 * Returns: (transfer none) (nullable): the cancellable the connection
 *   watches; a taking probe forwards its own to it.
 */
GCancellable *
bd_probe_parked_get_cancellable (BdProbeParked *parked)
{
  return parked->cancellable;
}

/**
 * bd_probe_parked_is_idle:
 *
 * Whether the connection is still as it was parked: open, and nothing
 * arrived since (not even the end). A server that said something unasked
 * (a BYE at its idle timeout, a close) gets a fresh connection instead.
 * Polls for at most a millisecond.
 */
gboolean
bd_probe_parked_is_idle (BdProbeParked *parked)
{
  BdConnection *connection = parked->conversation.connection;

  if (connection == NULL || !bd_connection_is_open (connection) ||
      g_cancellable_is_cancelled (parked->cancellable))
    return FALSE;
  return bd_connection_wait_readable (connection, NULL,
                                      g_get_monotonic_time () + G_TIME_SPAN_MILLISECOND,
                                      NULL) == NULL &&
         !g_cancellable_is_cancelled (parked->cancellable);
}

/**
 * bd_probe_parked_drop:
 * @parked: (transfer full): a connection nobody took
 *
 * Ends it as a probe ends: the protocol's goodbye and a close_notify,
 * without waiting (say_goodbye()).
 */
void
bd_probe_parked_drop (BdProbeParked *parked)
{
  BdProbeRun run = { 0 };
  Steps steps = { 0 };

  run.report = parked->report;
  run.timeout_ms = parked->timeout_ms;
  unpark (&steps, &run, parked);
  say_goodbye (&steps, NULL);
  bd_conversation_clear (&steps.conversation);
  g_clear_pointer (&steps.tls, bd_tls_context_unref);
  parked_free (parked);
}

/**
 * bd_probe_steps_run:
 *
 * Runs every step after the name was resolved, filling in @run's report.
 *
 * Returns: %FALSE with the failure in the `BD_ERROR` domain, or
 *   %G_IO_ERROR_CANCELLED.
 */
gboolean
bd_probe_steps_run (BdProbeRun    *run,
                    GCancellable  *cancellable,
                    GError       **error)
{
  Steps steps = { 0 };
  GError *local_error = NULL;
  gboolean ok;

  steps.run = run;
  steps.cancellable = cancellable;
  steps.driver = driver_for (run->protocol);
  steps.tls = bd_tls_context_new (run->ca_pem, error);
  if (steps.tls == NULL)
    return FALSE;

  steps.conversation.connection = bd_connection_new (cancellable, run->report);
  steps.conversation.report = run->report;
  steps.conversation.protocol = run->protocol;
  steps.conversation.security = run->security;
  steps.conversation.username = run->username;
  steps.conversation.password = run->username != NULL ? run->password : NULL;

  ok = run_sequence (&steps, &local_error);
  if (ok && run->park && steps.conversation.secure && steps.conversation.password == NULL)
    {
      run->parked = park (&steps);
      return TRUE;
    }
  say_goodbye (&steps, local_error);
  if (steps.conversation.alert != NULL)
    bd_probe_report_set_alert (run->report, steps.conversation.alert);

  bd_conversation_clear (&steps.conversation);
  bd_tls_context_unref (steps.tls);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return ok;
}
