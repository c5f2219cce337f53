/* bd-account-probe.c
 *
 * Proves every server of an account, for the command line, by the rule
 * the assistant follows too: BdProbeSchedule (every incoming server at
 * once, the outgoing ones as staggered alternatives of which the first
 * proven stops the rest, every name looked up once). What this adds is
 * the account's own words: a refused login, or a service to switch on,
 * gets the advice and the link of the provider's notes.
 *
 * And the network's: when no server's name could be looked up (or no
 * server took a connection), one failure does not prove that a name does
 * not exist. bd-probe-cause.c then asks BdNetworkDiagnosis whether this
 * computer can look names up at all; if it cannot (offline, a broken name
 * server, a sign-in page), that is the account's shared cause
 * (bd_account_probe_get_cause()), said once by the front ends, and each
 * of those servers was "not tried" for it. A name the built-in database or
 * a verified HTTPS source vouches for is never called nonexistent on the
 * strength of this network's name server alone.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-account-probe.h"
#include "bd-secret-private.h"
#include "bd-error.h"
#include "bd-probe.h"
#include "bd-probe-cause.h"
#include "bd-probe-schedule.h"

struct _BdAccountProbe
{
  GObject parent_instance;

  BdAccountConfig *config;
  char *password;
  GBytes *ca_pem;
  guint timeout_ms;
  guint stagger_ms;
  GResolver *resolver;
  BdWarmConnections *warm;
  GError *cause;    /* the last run's shared cause */
};

G_DEFINE_FINAL_TYPE (BdAccountProbe, bd_account_probe, G_TYPE_OBJECT)

static void
bd_account_probe_finalize (GObject *object)
{
  BdAccountProbe *self = BD_ACCOUNT_PROBE (object);

  g_clear_object (&self->config);
  bd_secret_string_clear (&self->password);
  g_clear_pointer (&self->ca_pem, g_bytes_unref);
  g_clear_object (&self->resolver);
  g_clear_object (&self->warm);
  g_clear_error (&self->cause);

  G_OBJECT_CLASS (bd_account_probe_parent_class)->finalize (object);
}

static void
bd_account_probe_class_init (BdAccountProbeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bd_account_probe_finalize;
}

static void
bd_account_probe_init (BdAccountProbe *self)
{
  self->stagger_ms = BD_PROBE_SCHEDULE_DEFAULT_STAGGER_MS;
}

/**
 * bd_account_probe_new:
 * @config: an account's settings, already expanded for the address (the
 *   servers' user names are the logins)
 */
BdAccountProbe *
bd_account_probe_new (BdAccountConfig *config)
{
  BdAccountProbe *self;

  g_return_val_if_fail (BD_IS_ACCOUNT_CONFIG (config), NULL);

  self = g_object_new (BD_TYPE_ACCOUNT_PROBE, NULL);
  self->config = g_object_ref (config);
  return self;
}

/**
 * bd_account_probe_set_password:
 * @password: (nullable): copied, wiped when replaced or freed
 */
void
bd_account_probe_set_password (BdAccountProbe *self,
                               const char     *password,
                               gssize          length)
{
  g_return_if_fail (BD_IS_ACCOUNT_PROBE (self));

  bd_secret_string_clear (&self->password);
  if (password != NULL)
    self->password = g_strndup (password, length < 0 ? strlen (password) : (gsize) length);
}

void
bd_account_probe_set_ca_pem (BdAccountProbe *self,
                             GBytes         *pem)
{
  g_return_if_fail (BD_IS_ACCOUNT_PROBE (self));

  g_clear_pointer (&self->ca_pem, g_bytes_unref);
  if (pem != NULL)
    self->ca_pem = g_bytes_ref (pem);
}

/* Each step's deadline in every probe; 0 for the default. */
void
bd_account_probe_set_timeout (BdAccountProbe *self,
                              guint           timeout_ms)
{
  g_return_if_fail (BD_IS_ACCOUNT_PROBE (self));
  self->timeout_ms = timeout_ms;
}

void
bd_account_probe_set_stagger (BdAccountProbe *self,
                              guint           stagger_ms)
{
  g_return_if_fail (BD_IS_ACCOUNT_PROBE (self));
  self->stagger_ms = stagger_ms;
}

void
bd_account_probe_set_resolver (BdAccountProbe *self,
                               GResolver      *resolver)
{
  g_return_if_fail (BD_IS_ACCOUNT_PROBE (self));
  g_set_object (&self->resolver, resolver);
}

/**
 * bd_account_probe_set_warm_connections:
 * @warm: (nullable): connections proven while detection ran, for the
 *   probes to go on with (bd_probe_set_warm_connections())
 */
void
bd_account_probe_set_warm_connections (BdAccountProbe    *self,
                                       BdWarmConnections *warm)
{
  g_return_if_fail (BD_IS_ACCOUNT_PROBE (self));
  g_set_object (&self->warm, warm);
}

static BdProbe *
make_probe (BdAccountProbe *self,
            BdServer       *server)
{
  BdProbe *probe = bd_probe_new (server);

  bd_probe_set_password (probe, self->password, -1);
  bd_probe_set_ca_pem (probe, self->ca_pem);
  bd_probe_set_timeout (probe, self->timeout_ms);
  bd_probe_set_warm_connections (probe, self->warm);
  return probe;
}

static const char *
note_url (BdAccountConfig *config,
          BdNoteKind       kind)
{
  const BdNote *note = bd_account_config_find_note (config, kind);

  return note != NULL ? bd_note_get_url (note) : NULL;
}

/* What a refused login may mean at this provider. Yahoo and AOL answer a
 * normal password with the same words as a wrong one, and Microsoft's IMAP
 * with a bare "AUTHENTICATE failed." once basic authentication is off, so the
 * database's notes say what the reply cannot. */
static const BdNote *
find_login_note (BdAccountConfig *config)
{
  static const BdNoteKind kinds[] = {
    BD_NOTE_APP_PASSWORD, BD_NOTE_OAUTH2_ONLY, BD_NOTE_OAUTH2, BD_NOTE_BRIDGE,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      const BdNote *note = bd_account_config_find_note (config, kinds[i]);

      if (note != NULL)
        return note;
    }
  return NULL;
}

/* A refused login's advice, with what the provider's note adds. */
static void
add_provider_advice (BdAccountConfig *config,
                     BdProbeReport   *report)
{
  const GError *error = bd_probe_report_get_error (report);
  const BdNote *note;
  g_autofree char *advice = NULL;

  if (!g_error_matches (error, BD_ERROR, BD_ERROR_LOGIN_FAILED))
    return;
  note = find_login_note (config);
  if (note == NULL)
    return;
  /* TRANSLATORS: the advice for a refused login, then what the provider's
   * note says, e.g. "Check the password. This provider needs an app password …" */
  advice = g_strdup_printf (_("%s %s"), bd_error_code_get_advice (error->code),
                            bd_note_get_message (note));
  bd_probe_report_set_advice (report, advice);
}

/* The provider's page for what went wrong, from the database's notes. */
static const char *
find_help_url (BdAccountConfig *config,
               BdProbeReport   *report)
{
  const GError *error = bd_probe_report_get_error (report);
  BdProtocol protocol = bd_server_get_protocol (bd_probe_report_get_server (report));
  const BdNote *note;
  const char *url;

  if (error == NULL || error->domain != BD_ERROR)
    return NULL;
  switch (error->code)
    {
    case BD_ERROR_APP_PASSWORD_REQUIRED:
      return note_url (config, BD_NOTE_APP_PASSWORD);
    case BD_ERROR_LOGIN_FAILED:
      note = find_login_note (config);
      return note != NULL ? bd_note_get_url (note) : NULL;
    case BD_ERROR_OAUTH2_REQUIRED:
      url = note_url (config, BD_NOTE_OAUTH2_ONLY);
      return url != NULL ? url : note_url (config, BD_NOTE_OAUTH2);
    case BD_ERROR_SERVICE_NOT_ENABLED:
      url = note_url (config, protocol == BD_PROTOCOL_POP3 ? BD_NOTE_ENABLE_POP
                                                           : BD_NOTE_ENABLE_IMAP);
      return url != NULL ? url : note_url (config, BD_NOTE_ENABLE);
    default:
      return NULL;
    }
}

/* The provider's advice and help link, where its notes have them. */
static void
add_provider_words (BdAccountConfig *config,
                    GPtrArray       *reports)
{
  for (guint i = 0; i < reports->len; i++)
    {
      BdProbeReport *report = g_ptr_array_index (reports, i);
      const char *url = find_help_url (config, report);

      if (url != NULL)
        bd_probe_report_set_help_url (report, url);
      add_provider_advice (config, report);
    }
}

/* Names work, yet this network's name server denies a name that a trusted
 * source names: that is not proof that it does not exist. */
static void
doubt_trusted_not_found (BdAccountConfig *config,
                         BdProbeReport   *report)
{
  const GError *error = bd_probe_report_get_error (report);
  BdServer *server = bd_probe_report_get_server (report);

  if (!g_error_matches (error, BD_ERROR, BD_ERROR_DNS_NOT_FOUND) ||
      bd_account_config_get_trust (config) != BD_TRUST_TRUSTED)
    return;
  bd_probe_report_take_error (report,
    g_error_new (BD_ERROR, BD_ERROR_DNS_FAILED,
                 /* TRANSLATORS: "… “imap.example.com” does not exist, although the
                  * built-in database names it: …" */
                 _("This network’s name server says that “%s” does not exist, although %s "
                   "names it: the network may block the name, or the provider’s name "
                   "servers may be failing."),
                 bd_server_get_hostname (server),
                 bd_source_kind_get_label (bd_account_config_get_source (config))));
}

static void
diagnosed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BdAccountProbe *self = g_task_get_source_object (task);
  GPtrArray *reports = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  g_clear_error (&self->cause);
  self->cause = bd_probe_cause_find_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Names work: the failed lookups stand, but a trusted name is doubted. */
  if (self->cause == NULL)
    for (guint i = 0; i < reports->len; i++)
      if (bd_probe_cause_failed_at_lookup (g_ptr_array_index (reports, i)))
        doubt_trusted_not_found (self->config, g_ptr_array_index (reports, i));
  g_task_return_pointer (task, g_ptr_array_ref (reports), (GDestroyNotify) g_ptr_array_unref);
}

static void
schedule_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BdAccountProbe *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) reports = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  reports = bd_probe_schedule_run_finish (BD_PROBE_SCHEDULE (object), result, &error);
  if (reports == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  add_provider_words (self->config, reports);

  /* When no name at all could be looked up: is it the names, or this
   * computer? (Else nothing is asked, and the answer comes at once.) */
  g_task_set_task_data (task, g_ptr_array_ref (reports), (GDestroyNotify) g_ptr_array_unref);
  cancellable = g_task_get_cancellable (task);
  bd_probe_cause_find_async (reports, self->resolver, cancellable, diagnosed_cb,
                             g_steal_pointer (&task));
}

static void
add_servers (BdAccountProbe  *self,
             BdProbeSchedule *schedule,
             GPtrArray       *servers)
{
  for (guint i = 0; i < servers->len; i++)
    {
      g_autoptr(BdProbe) probe = make_probe (self, g_ptr_array_index (servers, i));

      bd_probe_schedule_add (schedule, probe, NULL);
    }
}

/**
 * bd_account_probe_run_async:
 *
 * Probes every server of the account, as BdProbeSchedule schedules them:
 * the incoming ones at once, the outgoing ones staggered.
 */
void
bd_account_probe_run_async (BdAccountProbe      *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(BdProbeSchedule) schedule = NULL;

  g_return_if_fail (BD_IS_ACCOUNT_PROBE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_account_probe_run_async);
  g_clear_error (&self->cause);

  schedule = bd_probe_schedule_new (self->resolver);
  bd_probe_schedule_set_stagger (schedule, self->stagger_ms);
  /* Incoming first: the reports keep this order. */
  add_servers (self, schedule, bd_account_config_get_incoming (self->config));
  add_servers (self, schedule, bd_account_config_get_outgoing (self->config));
  bd_probe_schedule_run_async (schedule, cancellable, schedule_done_cb, g_steal_pointer (&task));
}

/**
 * bd_account_probe_run_finish:
 *
 * Returns: (transfer container) (element-type BdProbeReport): one report
 *   per server, incoming first, in the account's order; %NULL only when
 *   cancelled.
 */
GPtrArray *
bd_account_probe_run_finish (BdAccountProbe  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (BD_IS_ACCOUNT_PROBE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * bd_account_probe_get_cause:
 *
 * Returns: (transfer none) (nullable): what made several servers fail at
 *   once, found by the last run: this computer is offline
 *   (`network-unreachable`), cannot look names up (`dns-unavailable`) or
 *   must sign in to its network first (`captive-portal`); each of those
 *   servers' reports carries the same code. %NULL when there is none.
 */
const GError *
bd_account_probe_get_cause (BdAccountProbe *self)
{
  g_return_val_if_fail (BD_IS_ACCOUNT_PROBE (self), NULL);

  return self->cause;
}

/**
 * bd_account_probe_is_usable:
 * @reports: (element-type BdProbeReport): from bd_account_probe_run_finish()
 *
 * Returns: whether at least one incoming and one outgoing server passed:
 *   a failed alternative (a blocked port) does not make an account unusable.
 */
gboolean
bd_account_probe_is_usable (GPtrArray *reports)
{
  gboolean incoming = FALSE;
  gboolean outgoing = FALSE;

  g_return_val_if_fail (reports != NULL, FALSE);

  for (guint i = 0; i < reports->len; i++)
    {
      BdProbeReport *report = g_ptr_array_index (reports, i);

      if (!bd_probe_report_get_ok (report))
        continue;
      if (bd_server_is_incoming (bd_probe_report_get_server (report)))
        incoming = TRUE;
      else
        outgoing = TRUE;
    }
  return incoming && outgoing;
}
