/* bd-probe-report.c
 *
 * Everything stored here is shown to the person or printed as JSON, so
 * nothing secret ever goes in: the server's words and the transcript are
 * sanitised on the way in, and the probe hands over credentials only as
 * "<hidden>".
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-probe-report.h"
#include "bd-probe-text.h"
#include "bd-tls-certificate.h"

struct _BdProbeReport
{
  GObject parent_instance;

  BdServer *server;
  char *url;
  GError *error;
  gboolean shared_cause;     /* error is a cause several reports share */
  char *server_says;
  char *alert;
  char *help_url;
  char *advice;
  char *address;
  char *local_address;
  char *proxy;                /* the proxy the connection went through, "direct" for none */
  GSocketFamily first_family;  /* of the resolver's answer: the family tried first */
  GPtrArray *steps;          /* of BdProbeStep */
  char *tls_version;
  char *tls_cipher;
  GPtrArray *certificates;   /* of BdTlsCertificate */
  char **problems;
  gboolean pinned;
  char **capabilities;
  char **auth_mechanisms;
  BdProbeLogin login;
  char *login_mechanism;
  GPtrArray *transcript;     /* of BdTranscriptLine */
  guint transcript_dropped;
};

G_DEFINE_FINAL_TYPE (BdProbeReport, bd_probe_report, G_TYPE_OBJECT)

static void
step_free (BdProbeStep *step)
{
  g_free (step->name);
  g_free (step);
}

static void
transcript_line_free (BdTranscriptLine *line)
{
  g_free (line->line);
  g_free (line);
}

static void
bd_probe_report_finalize (GObject *object)
{
  BdProbeReport *self = BD_PROBE_REPORT (object);

  g_clear_object (&self->server);
  g_free (self->url);
  g_clear_error (&self->error);
  g_free (self->server_says);
  g_free (self->alert);
  g_free (self->help_url);
  g_free (self->advice);
  g_free (self->address);
  g_free (self->local_address);
  g_free (self->proxy);
  g_ptr_array_unref (self->steps);
  g_free (self->tls_version);
  g_free (self->tls_cipher);
  g_clear_pointer (&self->certificates, g_ptr_array_unref);
  g_strfreev (self->problems);
  g_strfreev (self->capabilities);
  g_strfreev (self->auth_mechanisms);
  g_free (self->login_mechanism);
  g_ptr_array_unref (self->transcript);

  G_OBJECT_CLASS (bd_probe_report_parent_class)->finalize (object);
}

static void
bd_probe_report_class_init (BdProbeReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bd_probe_report_finalize;
}

static void
bd_probe_report_init (BdProbeReport *self)
{
  self->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  self->transcript = g_ptr_array_new_with_free_func ((GDestroyNotify) transcript_line_free);
  self->problems = g_new0 (char *, 1);
  self->capabilities = g_new0 (char *, 1);
  self->auth_mechanisms = g_new0 (char *, 1);
}

/**
 * bd_probe_report_new:
 * @server: the server probed; the report keeps a copy
 *
 * Returns: (transfer full): an empty report, filled in by [class@Probe].
 */
BdProbeReport *
bd_probe_report_new (BdServer *server)
{
  BdProbeReport *self;

  g_return_val_if_fail (BD_IS_SERVER (server), NULL);

  self = g_object_new (BD_TYPE_PROBE_REPORT, NULL);
  self->server = bd_server_new (bd_server_get_protocol (server), bd_server_get_hostname (server),
                                bd_server_get_port (server), bd_server_get_security (server),
                                bd_server_get_username (server));
  bd_server_set_auth (self->server, bd_server_get_auth (server));
  self->url = bd_server_dup_url (server);
  return self;
}

BdServer *
bd_probe_report_get_server (BdProbeReport *self)
{
  g_return_val_if_fail (BD_IS_PROBE_REPORT (self), NULL);
  return self->server;
}

const char *
bd_probe_report_get_url (BdProbeReport *self)
{
  g_return_val_if_fail (BD_IS_PROBE_REPORT (self), NULL);
  return self->url;
}

/**
 * bd_probe_report_get_ok:
 *
 * Returns: whether the probe ran to its end without an error.
 */
gboolean
bd_probe_report_get_ok (BdProbeReport *self)
{
  g_return_val_if_fail (BD_IS_PROBE_REPORT (self), FALSE);
  return self->error == NULL && self->steps->len > 0;
}

/**
 * bd_probe_report_get_error:
 *
 * Returns: (nullable): the failure, in the `BD_ERROR` domain.
 */
const GError *
bd_probe_report_get_error (BdProbeReport *self)
{
  g_return_val_if_fail (BD_IS_PROBE_REPORT (self), NULL);
  return self->error;
}

void
bd_probe_report_take_error (BdProbeReport *self,
                            GError        *error)
{
  g_return_if_fail (BD_IS_PROBE_REPORT (self));

  g_clear_error (&self->error);
  self->error = error;
  self->shared_cause = FALSE;
}

/**
 * bd_probe_report_take_shared_cause:
 * @error: (transfer full): the failure, told as a cause that other reports
 *   of the run share (bd-probe-cause.c)
 *
 * As bd_probe_report_take_error(), and marks the error as the shared
 * cause's, which the front ends say once above the servers it explains.
 */
void
bd_probe_report_take_shared_cause (BdProbeReport *self,
                                   GError        *error)
{
  g_return_if_fail (BD_IS_PROBE_REPORT (self));

  bd_probe_report_take_error (self, error);
  self->shared_cause = TRUE;
}

/**
 * bd_probe_report_get_shared_cause:
 *
 * Returns: whether the report's error is a cause other reports share.
 */
gboolean
bd_probe_report_get_shared_cause (BdProbeReport *self)
{
  g_return_val_if_fail (BD_IS_PROBE_REPORT (self), FALSE);
  return self->shared_cause;
}

/**
 * bd_probe_report_get_failed_step:
 *
 * Returns: (nullable): the name of the step that failed.
 */
const char *
bd_probe_report_get_failed_step (BdProbeReport *self)
{
  g_return_val_if_fail (BD_IS_PROBE_REPORT (self), NULL);

  for (guint i = 0; i < self->steps->len; i++)
    {
      BdProbeStep *step = g_ptr_array_index (self->steps, i);

      if (!step->ok)
        return step->name;
    }
  return NULL;
}

/**
 * bd_probe_report_get_server_says:
 *
 * Returns: (nullable): the server's own words about the failure, sanitised.
 */
const char *
bd_probe_report_get_server_says (BdProbeReport *self)
{
  g_return_val_if_fail (BD_IS_PROBE_REPORT (self), NULL);
  return self->server_says;
}

/**
 * bd_probe_report_set_server_says:
 * @text: (nullable): what the server said, as received; it is sanitised here
 */
void
bd_probe_report_set_server_says (BdProbeReport *self,
                                 const char    *text)
{
  g_return_if_fail (BD_IS_PROBE_REPORT (self));

  g_clear_pointer (&self->server_says, g_free);
  if (text != NULL)
    self->server_says = bd_probe_text_sanitize (text, -1, BD_PROBE_TEXT_MAX_CHARS);
}

/**
 * bd_probe_report_get_alert:
 *
 * Returns: (nullable): an IMAP `[ALERT]` the server sent over TLS, which
 *   RFC 3501 §7.1 asks to show to the person, sanitised.
 */
const char *
bd_probe_report_get_alert (BdProbeReport *self)
{
  g_return_val_if_fail (BD_IS_PROBE_REPORT (self), NULL);
  return self->alert;
}

void
bd_probe_report_set_alert (BdProbeReport *self,
                           const char    *text)
{
  g_return_if_fail (BD_IS_PROBE_REPORT (self));

  g_clear_pointer (&self->alert, g_free);
  if (text != NULL)
    self->alert = bd_probe_text_sanitize (text, -1, BD_PROBE_TEXT_MAX_CHARS);
}

/**
 * bd_probe_report_get_help_url:
 *
 * Returns: (nullable): the provider's page about the failure, such as how to
 *   create an app password.
 */
const char *
bd_probe_report_get_help_url (BdProbeReport *self)
{
  g_return_val_if_fail (BD_IS_PROBE_REPORT (self), NULL);
  return self->help_url;
}

void
bd_probe_report_set_help_url (BdProbeReport *self,
                              const char    *url)
{
  g_return_if_fail (BD_IS_PROBE_REPORT (self));

  g_free (self->help_url);
  self->help_url = g_strdup (url);
}

/**
 * bd_probe_report_get_advice:
 *
 * Returns: (nullable): what the person should do about the failure: the
 *   advice for its error code, or more specific advice that the account's
 *   provider gave (bd_probe_report_set_advice()); %NULL when the probe
 *   passed or its error has no code of the %BD_ERROR domain.
 */
const char *
bd_probe_report_get_advice (BdProbeReport *self)
{
  g_return_val_if_fail (BD_IS_PROBE_REPORT (self), NULL);

  if (self->advice != NULL)
    return self->advice;
  if (self->error == NULL || self->error->domain != BD_ERROR)
    return NULL;
  return bd_error_code_get_advice (self->error->code);
}

void
bd_probe_report_set_advice (BdProbeReport *self,
                            const char    *advice)
{
  g_return_if_fail (BD_IS_PROBE_REPORT (self));

  g_free (self->advice);
  self->advice = g_strdup (advice);
}

/**
 * bd_probe_report_get_address:
 *
 * Returns: (nullable): the IP address the connection was made to.
 */
const char *
bd_probe_report_get_address (BdProbeReport *self)
{
  g_return_val_if_fail (BD_IS_PROBE_REPORT (self), NULL);
  return self->address;
}

void
bd_probe_report_set_address (BdProbeReport *self,
                             const char    *address)
{
  g_return_if_fail (BD_IS_PROBE_REPORT (self));

  g_free (self->address);
  self->address = g_strdup (address);
}

/**
 * bd_probe_report_get_local_address:
 *
 * Returns: (nullable): this computer's IP address on the connection.
 */
const char *
bd_probe_report_get_local_address (BdProbeReport *self)
{
  g_return_val_if_fail (BD_IS_PROBE_REPORT (self), NULL);
  return self->local_address;
}

void
bd_probe_report_set_local_address (BdProbeReport *self,
                                   const char    *address)
{
  g_return_if_fail (BD_IS_PROBE_REPORT (self));

  g_free (self->local_address);
  self->local_address = g_strdup (address);
}

/**
 * bd_probe_report_get_proxy:
 *
 * Returns: (nullable): the proxy the connection went through, as
 *   "socks5://proxy.example:1080" (never with a user name or password), or
 *   "direct"; %NULL when the probe did not say.
 */
const char *
bd_probe_report_get_proxy (BdProbeReport *self)
{
  g_return_val_if_fail (BD_IS_PROBE_REPORT (self), NULL);
  return self->proxy;
}

/**
 * bd_probe_report_set_proxy:
 * @proxy: (nullable): as bd_probe_report_get_proxy() returns it: the
 *   caller leaves out any user information
 */
void
bd_probe_report_set_proxy (BdProbeReport *self,
                           const char    *proxy)
{
  g_return_if_fail (BD_IS_PROBE_REPORT (self));

  g_free (self->proxy);
  self->proxy = g_strdup (proxy);
}

/**
 * bd_probe_report_get_first_family:
 *
 * Returns: the address family the connection tried first (the family of
 *   the resolver's first answer), or %G_SOCKET_FAMILY_INVALID when unknown.
 *   When it differs from the family of bd_probe_report_get_address(), the
 *   first family did not connect first.
 */
GSocketFamily
bd_probe_report_get_first_family (BdProbeReport *self)
{
  g_return_val_if_fail (BD_IS_PROBE_REPORT (self), G_SOCKET_FAMILY_INVALID);
  return self->first_family;
}

void
bd_probe_report_set_first_family (BdProbeReport *self,
                                  GSocketFamily  family)
{
  g_return_if_fail (BD_IS_PROBE_REPORT (self));

  self->first_family = family;
}

void
bd_probe_report_add_step (BdProbeReport *self,
                          const char    *name,
                          gboolean       ok,
                          guint          ms)
{
  BdProbeStep *step;

  g_return_if_fail (BD_IS_PROBE_REPORT (self));
  g_return_if_fail (name != NULL);

  step = g_new0 (BdProbeStep, 1);
  step->name = g_strdup (name);
  step->ok = ok;
  step->ms = ms;
  g_ptr_array_add (self->steps, step);
}

/**
 * bd_probe_report_get_steps:
 *
 * Returns: (transfer none) (element-type BdProbeStep): the steps taken, in order.
 */
GPtrArray *
bd_probe_report_get_steps (BdProbeReport *self)
{
  g_return_val_if_fail (BD_IS_PROBE_REPORT (self), NULL);
  return self->steps;
}

void
bd_probe_report_set_tls (BdProbeReport *self,
                         const char    *version,
                         const char    *cipher)
{
  g_return_if_fail (BD_IS_PROBE_REPORT (self));

  g_free (self->tls_version);
  self->tls_version = g_strdup (version);
  g_free (self->tls_cipher);
  self->tls_cipher = g_strdup (cipher);
}

/**
 * bd_probe_report_get_tls_version:
 *
 * Returns: (nullable): GnuTLS's name of the protocol spoken, such as
 *   "TLS1.3"; for a server refused as too old, the old version it offers.
 */
const char *
bd_probe_report_get_tls_version (BdProbeReport *self)
{
  g_return_val_if_fail (BD_IS_PROBE_REPORT (self), NULL);
  return self->tls_version;
}

/**
 * bd_probe_report_get_tls_cipher:
 *
 * Returns: (nullable): the cipher suite, such as "TLS_AES_256_GCM_SHA384".
 */
const char *
bd_probe_report_get_tls_cipher (BdProbeReport *self)
{
  g_return_val_if_fail (BD_IS_PROBE_REPORT (self), NULL);
  return self->tls_cipher;
}

void
bd_probe_report_set_certificates (BdProbeReport *self,
                                  GPtrArray     *chain)
{
  g_return_if_fail (BD_IS_PROBE_REPORT (self));

  g_clear_pointer (&self->certificates, g_ptr_array_unref);
  if (chain != NULL)
    self->certificates = g_ptr_array_ref (chain);
}

/**
 * bd_probe_report_get_certificates:
 *
 * Returns: (transfer none) (nullable) (element-type BdTlsCertificate): the
 *   chain the server sent, leaf first.
 */
GPtrArray *
bd_probe_report_get_certificates (BdProbeReport *self)
{
  g_return_val_if_fail (BD_IS_PROBE_REPORT (self), NULL);
  return self->certificates;
}

/**
 * bd_probe_report_set_verification:
 * @problems: every problem found with the chain, as stable names
 * @pinned: the person accepted exactly this certificate by its fingerprint
 */
void
bd_probe_report_set_verification (BdProbeReport      *self,
                                  const char * const *problems,
                                  gboolean            pinned)
{
  g_return_if_fail (BD_IS_PROBE_REPORT (self));
  g_return_if_fail (problems != NULL);

  g_strfreev (self->problems);
  self->problems = g_strdupv ((char **) problems);
  self->pinned = pinned;
}

const char * const *
bd_probe_report_get_problems (BdProbeReport *self)
{
  g_return_val_if_fail (BD_IS_PROBE_REPORT (self), NULL);
  return (const char * const *) self->problems;
}

/**
 * bd_probe_report_get_verified:
 *
 * Returns: whether the chain was checked and found trusted and valid for
 *   the host name.
 */
gboolean
bd_probe_report_get_verified (BdProbeReport *self)
{
  g_return_val_if_fail (BD_IS_PROBE_REPORT (self), FALSE);
  return self->certificates != NULL && self->problems[0] == NULL;
}

gboolean
bd_probe_report_get_pinned (BdProbeReport *self)
{
  g_return_val_if_fail (BD_IS_PROBE_REPORT (self), FALSE);
  return self->pinned;
}

void
bd_probe_report_set_capabilities (BdProbeReport      *self,
                                  const char * const *capabilities)
{
  g_return_if_fail (BD_IS_PROBE_REPORT (self));

  g_strfreev (self->capabilities);
  self->capabilities = capabilities != NULL ? g_strdupv ((char **) capabilities)
                                            : g_new0 (char *, 1);
}

/**
 * bd_probe_report_get_capabilities:
 *
 * Returns: (transfer none): the capabilities announced over TLS (those
 *   announced before it are never kept: security rule 2).
 */
const char * const *
bd_probe_report_get_capabilities (BdProbeReport *self)
{
  g_return_val_if_fail (BD_IS_PROBE_REPORT (self), NULL);
  return (const char * const *) self->capabilities;
}

void
bd_probe_report_set_auth_mechanisms (BdProbeReport      *self,
                                     const char * const *mechanisms)
{
  g_return_if_fail (BD_IS_PROBE_REPORT (self));

  g_strfreev (self->auth_mechanisms);
  self->auth_mechanisms = mechanisms != NULL ? g_strdupv ((char **) mechanisms)
                                             : g_new0 (char *, 1);
}

const char * const *
bd_probe_report_get_auth_mechanisms (BdProbeReport *self)
{
  g_return_val_if_fail (BD_IS_PROBE_REPORT (self), NULL);
  return (const char * const *) self->auth_mechanisms;
}

/**
 * bd_probe_report_set_login:
 * @mechanism: (nullable): how the login was made: a SASL mechanism,
 *   "LOGIN" (IMAP) or "USER" (POP3)
 */
void
bd_probe_report_set_login (BdProbeReport *self,
                           BdProbeLogin   login,
                           const char    *mechanism)
{
  g_return_if_fail (BD_IS_PROBE_REPORT (self));

  self->login = login;
  g_free (self->login_mechanism);
  self->login_mechanism = g_strdup (mechanism);
}

BdProbeLogin
bd_probe_report_get_login (BdProbeReport *self)
{
  g_return_val_if_fail (BD_IS_PROBE_REPORT (self), BD_PROBE_LOGIN_SKIPPED);
  return self->login;
}

const char *
bd_probe_report_get_login_mechanism (BdProbeReport *self)
{
  g_return_val_if_fail (BD_IS_PROBE_REPORT (self), NULL);
  return self->login_mechanism;
}

/**
 * bd_probe_report_add_transcript:
 * @line: as sent or received; it is sanitised here. Whoever adds a line
 *   that carries a credential passes "<hidden>" in its place.
 */
void
bd_probe_report_add_transcript (BdProbeReport         *self,
                                BdTranscriptDirection  direction,
                                const char            *line)
{
  BdTranscriptLine *entry;

  g_return_if_fail (BD_IS_PROBE_REPORT (self));
  g_return_if_fail (line != NULL);

  if (self->transcript->len >= BD_PROBE_REPORT_MAX_TRANSCRIPT)
    {
      self->transcript_dropped++;
      return;
    }
  entry = g_new0 (BdTranscriptLine, 1);
  entry->direction = direction;
  entry->line = bd_probe_text_sanitize (line, -1, BD_PROBE_TEXT_MAX_CHARS);
  g_ptr_array_add (self->transcript, entry);
}

/**
 * bd_probe_report_get_transcript:
 *
 * Returns: (transfer none) (element-type BdTranscriptLine): the lines exchanged.
 */
GPtrArray *
bd_probe_report_get_transcript (BdProbeReport *self)
{
  g_return_val_if_fail (BD_IS_PROBE_REPORT (self), NULL);
  return self->transcript;
}

/**
 * bd_probe_login_get_nick:
 *
 * Returns: the stable JSON name: "ok", "failed" or "skipped".
 */
const char *
bd_probe_login_get_nick (BdProbeLogin login)
{
  switch (login)
    {
    case BD_PROBE_LOGIN_OK: return "ok";
    case BD_PROBE_LOGIN_FAILED: return "failed";
    case BD_PROBE_LOGIN_SKIPPED: return "skipped";
    default: g_return_val_if_reached ("skipped");
    }
}

/**
 * bd_probe_step_get_label:
 *
 * Returns: a translated name of a step, for the text report.
 */
const char *
bd_probe_step_get_label (const char *name)
{
  static const struct { const char *name; const char *label; } labels[] = {
    /* TRANSLATORS: the steps of a server test, as in "✗ failed at: the TLS handshake" */
    { "resolve", N_("looking up the server’s name") },
    { "connect", N_("connecting") },
    { "greeting", N_("the server’s greeting") },
    { "starttls", N_("switching to encryption (STARTTLS)") },
    { "tls", N_("the TLS handshake and certificate") },
    { "capabilities", N_("asking what the server offers") },
    { "login", N_("logging in") },
    { "logout", N_("logging out") },
  };

  g_return_val_if_fail (name != NULL, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].name, name))
      return _(labels[i].label);
  return name;
}
