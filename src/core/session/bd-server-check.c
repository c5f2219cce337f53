/* bd-server-check.c
 *
 * A server as the assistant shows it: the settings (which the person may
 * edit), whether Brevduva found them or offers them as an alternative, and
 * the state of the latest test with the probe's report. A new test cancels
 * the one before it; editing the server emits ::edited so that its list
 * can test it again.
 *
 * A test runs on its own (bd_server_check_run()), or among the list's, as
 * BdProbeSchedule has them take turns: then BdServerList begins and ends it
 * (bd-server-check-private.h). A server that was not needed, because
 * another alternative worked first, is left untested with the report that
 * says so, rather than shown as failed.
 *
 * A server whose certificate cannot be verified may still be used when the
 * person accepts that one certificate by its SHA-256 fingerprint (security
 * rule 3): the check then keeps the pin, and every later test of it accepts
 * exactly that certificate and no other. A new server name or port forgets
 * the pin.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-probe-cause.h"
#include "bd-probe.h"
#include "bd-server-check-private.h"
#include "bd-tls-certificate.h"

struct _BdServerCheck
{
  GObject parent_instance;

  BdServer *server;
  gboolean alternative;
  gboolean selected;
  BdCheckState state;
  BdProbeReport *report;
  GCancellable *cancellable;
  char *skip_reason;
  char *pin;                  /* "sha256:" and lower-case hex, or NULL */
};

enum {
  PROP_0,
  PROP_SERVER,
  PROP_ALTERNATIVE,
  PROP_STATE,
  PROP_TITLE,
  PROP_SUMMARY,
  PROP_ADVICE,
  PROP_REPORT,
  PROP_SELECTED,
  PROP_PIN,
  N_PROPS
};

enum {
  EDITED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_ENUM_TYPE (BdCheckState, bd_check_state,
                    G_DEFINE_ENUM_VALUE (BD_CHECK_STATE_UNTESTED, "untested"),
                    G_DEFINE_ENUM_VALUE (BD_CHECK_STATE_TESTING, "testing"),
                    G_DEFINE_ENUM_VALUE (BD_CHECK_STATE_OK, "ok"),
                    G_DEFINE_ENUM_VALUE (BD_CHECK_STATE_FAILED, "failed"))

G_DEFINE_FINAL_TYPE (BdServerCheck, bd_server_check, G_TYPE_OBJECT)

static void
notify_result (BdServerCheck *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADVICE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT]);
}

static void
server_notify_cb (BdServerCheck *self,
                  GParamSpec    *pspec,
                  BdServer      *server)
{
  const char *name = g_param_spec_get_name (pspec);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  /* The accepted certificate was another server's. */
  if (g_str_equal (name, "hostname") || g_str_equal (name, "port"))
    bd_server_check_set_pin (self, NULL, NULL);
  if (g_str_equal (name, "hostname") || g_str_equal (name, "port") ||
      g_str_equal (name, "security") || g_str_equal (name, "username"))
    g_signal_emit (self, signals[EDITED], 0);
}

static void
bd_server_check_dispose (GObject *object)
{
  BdServerCheck *self = BD_SERVER_CHECK (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->server != NULL)
    g_signal_handlers_disconnect_by_data (self->server, self);
  g_clear_object (&self->server);
  g_clear_object (&self->report);

  G_OBJECT_CLASS (bd_server_check_parent_class)->dispose (object);
}

static void
bd_server_check_finalize (GObject *object)
{
  BdServerCheck *self = BD_SERVER_CHECK (object);

  g_clear_pointer (&self->skip_reason, g_free);
  g_clear_pointer (&self->pin, g_free);

  G_OBJECT_CLASS (bd_server_check_parent_class)->finalize (object);
}

static void
bd_server_check_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  BdServerCheck *self = BD_SERVER_CHECK (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      g_value_set_object (value, self->server);
      break;
    case PROP_ALTERNATIVE:
      g_value_set_boolean (value, self->alternative);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_TITLE:
      g_value_take_string (value, bd_server_check_dup_title (self));
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, bd_server_check_get_summary (self));
      break;
    case PROP_ADVICE:
      g_value_set_string (value, bd_server_check_get_advice (self));
      break;
    case PROP_REPORT:
      g_value_set_object (value, self->report);
      break;
    case PROP_SELECTED:
      g_value_set_boolean (value, self->selected);
      break;
    case PROP_PIN:
      g_value_set_string (value, self->pin);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_server_check_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  BdServerCheck *self = BD_SERVER_CHECK (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      self->server = g_value_dup_object (value);
      break;
    case PROP_ALTERNATIVE:
      self->alternative = g_value_get_boolean (value);
      break;
    case PROP_SELECTED:
      bd_server_check_set_selected (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_server_check_constructed (GObject *object)
{
  BdServerCheck *self = BD_SERVER_CHECK (object);

  G_OBJECT_CLASS (bd_server_check_parent_class)->constructed (object);

  g_assert (BD_IS_SERVER (self->server));
  g_signal_connect_object (self->server, "notify", G_CALLBACK (server_notify_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
bd_server_check_class_init (BdServerCheckClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = bd_server_check_constructed;
  object_class->dispose = bd_server_check_dispose;
  object_class->finalize = bd_server_check_finalize;
  object_class->get_property = bd_server_check_get_property;
  object_class->set_property = bd_server_check_set_property;

  properties[PROP_SERVER] =
    g_param_spec_object ("server", NULL, NULL, BD_TYPE_SERVER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALTERNATIVE] =
    g_param_spec_boolean ("alternative", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, BD_TYPE_CHECK_STATE, BD_CHECK_STATE_UNTESTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ADVICE] =
    g_param_spec_string ("advice", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REPORT] =
    g_param_spec_object ("report", NULL, NULL, BD_TYPE_PROBE_REPORT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_boolean ("selected", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * BdServerCheck:pin:
   *
   * The one certificate the person accepted for this server, as
   * `sha256:` and its fingerprint in lower-case hex; %NULL for none.
   */
  properties[PROP_PIN] =
    g_param_spec_string ("pin", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BdServerCheck::edited:
   *
   * The host, port, security or user name changed: the result no longer
   * applies.
   */
  signals[EDITED] =
    g_signal_new ("edited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bd_server_check_init (BdServerCheck *self)
{
}

/**
 * bd_server_check_new:
 * @server: the server; the check edits it in place
 * @alternative: whether Brevduva offers it in case the found ones are blocked
 *
 * Returns: (transfer full): an untested check.
 */
BdServerCheck *
bd_server_check_new (BdServer *server,
                     gboolean  alternative)
{
  g_return_val_if_fail (BD_IS_SERVER (server), NULL);

  return g_object_new (BD_TYPE_SERVER_CHECK,
                       "server", server,
                       "alternative", alternative,
                       NULL);
}

BdServer *
bd_server_check_get_server (BdServerCheck *self)
{
  g_return_val_if_fail (BD_IS_SERVER_CHECK (self), NULL);

  return self->server;
}

gboolean
bd_server_check_get_alternative (BdServerCheck *self)
{
  g_return_val_if_fail (BD_IS_SERVER_CHECK (self), FALSE);

  return self->alternative;
}

BdCheckState
bd_server_check_get_state (BdServerCheck *self)
{
  g_return_val_if_fail (BD_IS_SERVER_CHECK (self), BD_CHECK_STATE_UNTESTED);

  return self->state;
}

/**
 * bd_server_check_dup_title:
 *
 * Returns: (transfer full): "host:port".
 */
char *
bd_server_check_dup_title (BdServerCheck *self)
{
  const char *hostname;

  g_return_val_if_fail (BD_IS_SERVER_CHECK (self), NULL);

  hostname = bd_server_get_hostname (self->server);
  if (hostname == NULL || *hostname == '\0')
    hostname = _("(no server name)");
  if (strchr (hostname, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", hostname, bd_server_get_port (self->server));
  return g_strdup_printf ("%s:%u", hostname, bd_server_get_port (self->server));
}

/* Under a shared cause of the network's (bd-probe-cause.c), which the page
 * says once above the rows, a row says only that it was not tried. */
static const char *
not_tried_words (BdProbeReport *report)
{
  return report != NULL ? bd_probe_cause_get_report_not_tried (report) : NULL;
}

/**
 * bd_server_check_get_summary:
 *
 * Returns: the one line that says how the latest test went.
 */
const char *
bd_server_check_get_summary (BdServerCheck *self)
{
  const GError *error;

  g_return_val_if_fail (BD_IS_SERVER_CHECK (self), NULL);

  switch (self->state)
    {
    case BD_CHECK_STATE_TESTING:
      return _("Testing…");
    case BD_CHECK_STATE_OK:
      if (bd_probe_report_get_pinned (self->report))
        {
          if (bd_probe_report_get_login (self->report) == BD_PROBE_LOGIN_OK)
            return _("Works with the certificate you accepted by its fingerprint, and the "
                     "password was accepted.");
          return _("Works with the certificate you accepted by its fingerprint. The password "
                   "was not tried.");
        }
      if (bd_probe_report_get_login (self->report) == BD_PROBE_LOGIN_OK)
        return _("Works, and the password was accepted.");
      return _("Works over a secure connection. The password was not tried.");
    case BD_CHECK_STATE_FAILED:
      if (not_tried_words (self->report) != NULL)
        return not_tried_words (self->report);
      error = self->report != NULL ? bd_probe_report_get_error (self->report) : NULL;
      if (error != NULL)
        return error->message;
      return _("The test failed.");
    case BD_CHECK_STATE_UNTESTED:
    default:
      if (self->skip_reason != NULL)
        return self->skip_reason;
      /* Not needed: another server worked first. */
      error = self->report != NULL ? bd_probe_report_get_error (self->report) : NULL;
      if (error != NULL)
        return error->message;
      if (self->alternative)
        return _("Another port, tried when the others fail.");
      return _("Not tested yet.");
    }
}

/**
 * bd_server_check_get_advice:
 *
 * Returns: (nullable): what to do about a failure.
 */
const char *
bd_server_check_get_advice (BdServerCheck *self)
{
  g_return_val_if_fail (BD_IS_SERVER_CHECK (self), NULL);

  if (self->state != BD_CHECK_STATE_FAILED || self->report == NULL)
    return NULL;
  /* The shared cause's advice is said once, with it. */
  if (not_tried_words (self->report) != NULL)
    return NULL;
  return bd_probe_report_get_advice (self->report);
}

/**
 * bd_server_check_get_report:
 *
 * Returns: (transfer none) (nullable): the latest test's report.
 */
BdProbeReport *
bd_server_check_get_report (BdServerCheck *self)
{
  g_return_val_if_fail (BD_IS_SERVER_CHECK (self), NULL);

  return self->report;
}

gboolean
bd_server_check_get_selected (BdServerCheck *self)
{
  g_return_val_if_fail (BD_IS_SERVER_CHECK (self), FALSE);

  return self->selected;
}

void
bd_server_check_set_selected (BdServerCheck *self,
                              gboolean       selected)
{
  g_return_if_fail (BD_IS_SERVER_CHECK (self));

  selected = !!selected;
  if (self->selected == selected)
    return;
  self->selected = selected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

/**
 * bd_server_check_new_probe:
 * @password: (nullable): the password to log in with; %NULL tests the
 *   server without logging in
 * @ca_pem: (nullable): extra trust anchors, for tests
 * @resolver: (nullable): the resolver to look the server up with
 * @timeout_ms: each step's deadline, 0 for the probe's default
 *
 * Returns: (transfer full): a probe of the server as it is now, with the
 *   accepted certificate's pin.
 */
BdProbe *
bd_server_check_new_probe (BdServerCheck *self,
                           const char    *password,
                           GBytes        *ca_pem,
                           GResolver     *resolver,
                           guint          timeout_ms)
{
  BdProbe *probe;

  g_return_val_if_fail (BD_IS_SERVER_CHECK (self), NULL);

  probe = bd_probe_new (self->server);
  if (password != NULL && *password != '\0')
    bd_probe_set_password (probe, password, -1);
  bd_probe_set_login (probe, password != NULL && *password != '\0');
  if (ca_pem != NULL)
    bd_probe_set_ca_pem (probe, ca_pem);
  if (resolver != NULL)
    bd_probe_set_resolver (probe, resolver);
  if (timeout_ms > 0)
    bd_probe_set_timeout (probe, timeout_ms);
  /* The pin was parsed when it was set. */
  if (self->pin != NULL)
    bd_probe_set_pin (probe, self->pin, NULL);
  return probe;
}

/**
 * bd_server_check_begin:
 * @cancellable: the test's; cancelling the check cancels it
 *
 * A test of the server starts (or waits for its turn), cancelling the one
 * before: the check is testing until bd_server_check_end().
 */
void
bd_server_check_begin (BdServerCheck *self,
                       GCancellable  *cancellable)
{
  g_return_if_fail (BD_IS_SERVER_CHECK (self));
  g_return_if_fail (G_IS_CANCELLABLE (cancellable));

  bd_server_check_cancel (self);
  g_clear_pointer (&self->skip_reason, g_free);
  g_clear_object (&self->report);
  self->cancellable = g_object_ref (cancellable);
  self->state = BD_CHECK_STATE_TESTING;
  notify_result (self);
}

/* An alternative stopped, or never started, because another one worked
 * first (BdProbeSchedule) did not fail: it was not needed. */
static gboolean
report_not_needed (BdProbeReport *report)
{
  return g_error_matches (bd_probe_report_get_error (report), G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/**
 * bd_server_check_end:
 * @cancellable: the one bd_server_check_begin() was given
 * @report: (nullable): the test's report, or %NULL when it was stopped
 *   without one
 *
 * The test begun with @cancellable ended; a test that a newer one (or a
 * cancellation) replaced changes nothing. A report that says the server
 * was not needed leaves it untested, with that report.
 */
void
bd_server_check_end (BdServerCheck *self,
                     GCancellable  *cancellable,
                     BdProbeReport *report)
{
  g_return_if_fail (BD_IS_SERVER_CHECK (self));
  g_return_if_fail (report == NULL || BD_IS_PROBE_REPORT (report));

  if (self->cancellable == NULL || self->cancellable != cancellable)
    return;
  if (report == NULL)
    {
      bd_server_check_cancel (self);
      return;
    }
  g_clear_object (&self->cancellable);
  g_set_object (&self->report, report);
  if (bd_probe_report_get_ok (report))
    self->state = BD_CHECK_STATE_OK;
  else if (report_not_needed (report))
    self->state = BD_CHECK_STATE_UNTESTED;
  else
    self->state = BD_CHECK_STATE_FAILED;
  notify_result (self);
}

/**
 * bd_server_check_refresh:
 *
 * The latest report changed in place (its failure was blamed on a shared
 * cause): what the row says follows.
 */
void
bd_server_check_refresh (BdServerCheck *self)
{
  g_return_if_fail (BD_IS_SERVER_CHECK (self));

  notify_result (self);
}

typedef struct
{
  BdServerCheck *self;
  GCancellable *cancellable;
} RunData;

static void
run_data_free (RunData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->cancellable);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RunData, run_data_free)

static void
probe_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(RunData) data = user_data;
  g_autoptr(BdProbeReport) report = NULL;

  report = bd_probe_run_finish (BD_PROBE (object), result, NULL);
  /* Cancelled: a newer test or the end of the session took over. */
  if (report == NULL || g_cancellable_is_cancelled (data->cancellable))
    return;
  bd_server_check_end (data->self, data->cancellable, report);
}

/**
 * bd_server_check_run:
 * @password: (nullable): the password to log in with; %NULL tests the
 *   server without logging in
 * @ca_pem: (nullable): extra trust anchors, for tests
 * @resolver: (nullable): the resolver to look the server up with, for tests
 * @timeout_ms: each step's deadline, 0 for the probe's default
 *
 * Tests the server as it is now, on its own, cancelling a test still
 * running. The probe never sends @password over a connection that is not
 * encrypted and verified (security rule 1).
 */
void
bd_server_check_run (BdServerCheck *self,
                     const char    *password,
                     GBytes        *ca_pem,
                     GResolver     *resolver,
                     guint          timeout_ms)
{
  g_autoptr(BdProbe) probe = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  RunData *data;

  g_return_if_fail (BD_IS_SERVER_CHECK (self));

  probe = bd_server_check_new_probe (self, password, ca_pem, resolver, timeout_ms);
  bd_server_check_begin (self, cancellable);
  data = g_new0 (RunData, 1);
  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (cancellable);
  bd_probe_run_async (probe, cancellable, probe_done_cb, data);
}

/**
 * bd_server_check_cancel:
 *
 * Stops a test that is running; the check is then untested.
 */
void
bd_server_check_cancel (BdServerCheck *self)
{
  g_return_if_fail (BD_IS_SERVER_CHECK (self));

  if (self->cancellable == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->state == BD_CHECK_STATE_TESTING)
    {
      self->state = BD_CHECK_STATE_UNTESTED;
      notify_result (self);
    }
}

/**
 * bd_server_check_skip:
 * @reason: why the server is not tested, in a sentence
 *
 * Leaves the server untested, saying why.
 */
void
bd_server_check_skip (BdServerCheck *self,
                      const char    *reason)
{
  g_return_if_fail (BD_IS_SERVER_CHECK (self));
  g_return_if_fail (reason != NULL);

  bd_server_check_cancel (self);
  g_free (self->skip_reason);
  self->skip_reason = g_strdup (reason);
  g_clear_object (&self->report);
  self->state = BD_CHECK_STATE_UNTESTED;
  notify_result (self);
}

/**
 * bd_server_check_reset:
 *
 * Forgets the latest result, as when the server was edited: the check is
 * untested again.
 */
void
bd_server_check_reset (BdServerCheck *self)
{
  g_return_if_fail (BD_IS_SERVER_CHECK (self));

  bd_server_check_cancel (self);
  if (self->state == BD_CHECK_STATE_UNTESTED && self->report == NULL && self->skip_reason == NULL)
    return;
  g_clear_pointer (&self->skip_reason, g_free);
  g_clear_object (&self->report);
  self->state = BD_CHECK_STATE_UNTESTED;
  notify_result (self);
}

/**
 * bd_server_check_get_pin:
 *
 * Returns: (nullable): the accepted certificate's fingerprint, as
 *   `sha256:HEX`, or %NULL when the certificate must be verified.
 */
const char *
bd_server_check_get_pin (BdServerCheck *self)
{
  g_return_val_if_fail (BD_IS_SERVER_CHECK (self), NULL);

  return self->pin;
}

/**
 * bd_server_check_set_pin:
 * @pin: (nullable): `sha256:` and the 64 hex digits of the one certificate
 *   to accept, or %NULL to require a verified certificate again
 *
 * Accepts exactly one certificate for this server from the next test on.
 * The result of the latest test stays until then.
 *
 * Returns: %FALSE with `invalid-argument` when @pin is not a fingerprint.
 */
gboolean
bd_server_check_set_pin (BdServerCheck  *self,
                         const char     *pin,
                         GError        **error)
{
  g_autofree char *hex = NULL;
  g_autofree char *normal = NULL;

  g_return_val_if_fail (BD_IS_SERVER_CHECK (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (pin != NULL)
    {
      hex = bd_tls_pin_parse (pin, error);
      if (hex == NULL)
        return FALSE;
      normal = g_strconcat ("sha256:", hex, NULL);
    }
  if (g_strcmp0 (self->pin, normal) == 0)
    return TRUE;
  g_free (self->pin);
  self->pin = g_steal_pointer (&normal);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PIN]);
  return TRUE;
}

/**
 * bd_server_check_get_untrusted_fingerprint:
 *
 * Whether the latest test failed only because the server's certificate
 * could not be verified (not trusted, signed by itself, made out to another
 * name, expired or not yet valid), so that the person may accept it by its
 * fingerprint. A weak certificate is never offered: accepting it would not
 * make the connection safe.
 *
 * Returns: (nullable): the fingerprint of that certificate, in lower-case
 *   hex, or %NULL when there is nothing to accept.
 */
const char *
bd_server_check_get_untrusted_fingerprint (BdServerCheck *self)
{
  const char * const *problems;
  const GError *error;
  GPtrArray *chain;

  g_return_val_if_fail (BD_IS_SERVER_CHECK (self), NULL);

  if (self->state != BD_CHECK_STATE_FAILED || self->report == NULL)
    return NULL;
  error = bd_probe_report_get_error (self->report);
  if (error == NULL || error->domain != BD_ERROR)
    return NULL;
  switch (error->code)
    {
    case BD_ERROR_CERTIFICATE_UNTRUSTED:
    case BD_ERROR_CERTIFICATE_SELF_SIGNED:
    case BD_ERROR_CERTIFICATE_EXPIRED:
    case BD_ERROR_CERTIFICATE_NOT_YET_VALID:
    case BD_ERROR_CERTIFICATE_WRONG_HOST:
    case BD_ERROR_CERTIFICATE_PIN_MISMATCH:
      break;
    default:
      return NULL;
    }
  problems = bd_probe_report_get_problems (self->report);
  for (guint i = 0; problems != NULL && problems[i] != NULL; i++)
    if (g_str_equal (problems[i], "weak-signature") || g_str_equal (problems[i], "weak-key") ||
        g_str_equal (problems[i], "revoked") || g_str_equal (problems[i], "invalid-signature") ||
        g_str_equal (problems[i], "not-for-servers"))
      return NULL;
  chain = bd_probe_report_get_certificates (self->report);
  if (chain == NULL || chain->len == 0)
    return NULL;
  return bd_tls_certificate_get_sha256 (g_ptr_array_index (chain, 0));
}

/**
 * bd_server_check_get_corrected_security:
 * @security: (out) (optional): the setting the latest failure points to
 *
 * Whether the latest test failed because the security setting does not
 * match the port (issue 13 §3): a port that spoke TLS from its first byte
 * under STARTTLS settings (`tls-on-plaintext-port`) wants implicit TLS; one
 * that greeted in plain text under TLS settings (`plaintext-on-tls-port`)
 * wants STARTTLS. Either way the same host and port, with the other setting.
 *
 * Returns: %TRUE when there is a corrected setting to try.
 */
gboolean
bd_server_check_get_corrected_security (BdServerCheck *self,
                                        BdSecurity    *security)
{
  const GError *error;
  BdSecurity corrected;

  g_return_val_if_fail (BD_IS_SERVER_CHECK (self), FALSE);

  if (self->state != BD_CHECK_STATE_FAILED || self->report == NULL)
    return FALSE;
  error = bd_probe_report_get_error (self->report);
  if (error == NULL || error->domain != BD_ERROR)
    return FALSE;
  if (error->code == BD_ERROR_TLS_ON_PLAINTEXT_PORT)
    corrected = BD_SECURITY_TLS;
  else if (error->code == BD_ERROR_PLAINTEXT_ON_TLS_PORT)
    corrected = BD_SECURITY_STARTTLS;
  else
    return FALSE;
  if (security != NULL)
    *security = corrected;
  return TRUE;
}

/**
 * bd_server_check_apply_corrected_security:
 *
 * Sets the server's security to what the latest failure points to
 * (bd_server_check_get_corrected_security()); the check is then edited,
 * and the caller tests it again.
 *
 * Returns: %TRUE when the setting changed.
 */
gboolean
bd_server_check_apply_corrected_security (BdServerCheck *self)
{
  BdSecurity corrected;

  g_return_val_if_fail (BD_IS_SERVER_CHECK (self), FALSE);

  if (!bd_server_check_get_corrected_security (self, &corrected))
    return FALSE;
  bd_server_set_security (self->server, corrected);
  return TRUE;
}
