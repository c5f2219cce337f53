/* bd-account-probe.c
 *
 * Every incoming server starts at once. The outgoing servers are
 * alternatives (465 and 587, other hosts): they start one after another,
 * BD_ACCOUNT_PROBE_DEFAULT_STAGGER_MS apart, like RFC 8305's connection
 * attempts, so that the preferred one has a head start; one that fails
 * before its successor's turn lets the successor start at once. Every
 * server's name is looked up once, at the start (BdSharedResolver), so a
 * later alternative on the same host does not wait for DNS again.
 *
 * As soon as one alternative is proven, the others are not needed: those
 * still running are stopped and those not started never start, so that a
 * port whose SYNs are dropped does not hold the whole check until its
 * connect deadline. Each of them is still reported, honestly:
 *
 *  - one that already finished keeps its own result;
 *  - one still waiting for its TCP connection after at least
 *    NO_ANSWER_RTTS times as long as the proven one took to connect (a
 *    SYN-ACK comes one round trip after the SYN; the kernel resends a lost
 *    SYN only after a second) is reported as `timed-out` at `connect`,
 *    "did not answer", which on such a network means that a firewall
 *    drops connections to that port;
 *  - any other is reported as `cancelled`, "not needed", with the step it
 *    had reached.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-account-probe.h"
#include "bd-error.h"
#include "bd-probe.h"
#include "bd-shared-resolver.h"

/* How many of the proven alternative's connect times another one may wait
 * for its connection before it counts as not answering; and at least this
 * long, for loopback and LANs, where a SYN-ACK takes well under a
 * millisecond: as long as the head start the other one had to give. */
#define NO_ANSWER_RTTS 3
#define NO_ANSWER_MIN_MS BD_ACCOUNT_PROBE_DEFAULT_STAGGER_MS

struct _BdAccountProbe
{
  GObject parent_instance;

  BdAccountConfig *config;
  char *password;
  GBytes *ca_pem;
  guint timeout_ms;
  guint stagger_ms;
  GResolver *resolver;
};

G_DEFINE_FINAL_TYPE (BdAccountProbe, bd_account_probe, G_TYPE_OBJECT)

static void
wipe_password (BdAccountProbe *self)
{
  if (self->password == NULL)
    return;
  explicit_bzero (self->password, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
}

static void
bd_account_probe_finalize (GObject *object)
{
  BdAccountProbe *self = BD_ACCOUNT_PROBE (object);

  g_clear_object (&self->config);
  wipe_password (self);
  g_clear_pointer (&self->ca_pem, g_bytes_unref);
  g_clear_object (&self->resolver);

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
  self->stagger_ms = BD_ACCOUNT_PROBE_DEFAULT_STAGGER_MS;
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

  wipe_password (self);
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

typedef struct
{
  GPtrArray *probes;        /* of BdProbe, incoming first */
  GPtrArray *reports;       /* of BdProbeReport or NULL, in the same order */
  GPtrArray *cancellables;  /* of GCancellable, one per probe */
  GPtrArray *timers;        /* of GSource, the outgoing probes not started yet */
  BdSharedResolver *resolver; /* every probe's: one lookup per name */
  guint n_incoming;
  guint running;
  guint next;               /* probes[next…] have not been started */
  BdProbeReport *proven;    /* the outgoing alternative that passed first */
  GCancellable *cancellable;  /* the caller's */
  gulong cancelled_id;
  gboolean cancelled;
  gboolean done;
} AccountRun;

/* The reports of probes that were cancelled stay NULL. */
static void
clear_report (gpointer report)
{
  if (report != NULL)
    g_object_unref (report);
}

static void
account_run_free (AccountRun *run)
{
  if (run->cancelled_id != 0)
    g_cancellable_disconnect (run->cancellable, run->cancelled_id);
  g_clear_object (&run->cancellable);
  g_ptr_array_unref (run->probes);
  g_ptr_array_unref (run->reports);
  g_ptr_array_unref (run->cancellables);
  g_ptr_array_unref (run->timers);
  bd_shared_resolver_stop (run->resolver);
  g_object_unref (run->resolver);
  g_free (run);
}

/* The caller's cancellable stops every probe. */
static void
caller_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  AccountRun *run = user_data;

  for (guint i = 0; i < run->cancellables->len; i++)
    g_cancellable_cancel (g_ptr_array_index (run->cancellables, i));
}

static BdProbe *
make_probe (BdAccountProbe *self,
            BdServer       *server,
            GResolver      *resolver)
{
  BdProbe *probe = bd_probe_new (server);

  bd_probe_set_password (probe, self->password, -1);
  bd_probe_set_ca_pem (probe, self->ca_pem);
  bd_probe_set_timeout (probe, self->timeout_ms);
  bd_probe_set_resolver (probe, resolver);
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

static void
finish_if_done (GTask *task)
{
  AccountRun *run = g_task_get_task_data (task);
  BdAccountProbe *self = g_task_get_source_object (task);

  if (run->done || run->running > 0 || (run->next < run->probes->len && !run->cancelled))
    return;
  run->done = TRUE;
  for (guint i = 0; i < run->timers->len; i++)
    g_source_destroy (g_ptr_array_index (run->timers, i));
  if (run->cancelled)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                               _("The test was stopped."));
      return;
    }
  for (guint i = 0; i < run->reports->len; i++)
    {
      BdProbeReport *report = g_ptr_array_index (run->reports, i);
      const char *url = find_help_url (self->config, report);

      if (url != NULL)
        bd_probe_report_set_help_url (report, url);
      add_provider_advice (self->config, report);
    }
  g_task_return_pointer (task, g_ptr_array_ref (run->reports), (GDestroyNotify) g_ptr_array_unref);
}

static guint
step_ms (BdProbeReport *report,
         const char    *name)
{
  GPtrArray *steps = bd_probe_report_get_steps (report);

  for (guint i = 0; i < steps->len; i++)
    {
      BdProbeStep *step = g_ptr_array_index (steps, i);

      if (g_str_equal (step->name, name))
        return step->ms;
    }
  return 0;
}

/* The error of an alternative stopped because run->proven passed. */
static GError *
not_needed_error (AccountRun    *run,
                  BdProbeReport *stopped)
{
  const char *proven = bd_probe_report_get_url (run->proven);
  guint limit = MAX (NO_ANSWER_RTTS * step_ms (run->proven, "connect"), NO_ANSWER_MIN_MS);

  if (stopped != NULL && g_strcmp0 (bd_probe_report_get_failed_step (stopped), "connect") == 0 &&
      step_ms (stopped, "connect") >= limit)
    return g_error_new (BD_ERROR, BD_ERROR_TIMED_OUT,
                        /* TRANSLATORS: "No answer to the connection within 1.2 seconds,
                         * while smtp://smtp.example.com:587 worked: …" */
                        _("No answer to the connection within %.1f seconds, while %s worked: a "
                          "firewall on the way probably drops connections to this port."),
                        step_ms (stopped, "connect") / 1000.0, proven);
  if (stopped != NULL)
    return g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                        /* TRANSLATORS: %s is the server that worked, as a URL */
                        _("Not needed: %s worked first, so this test was stopped."), proven);
  return g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                      /* TRANSLATORS: %s is the server that worked, as a URL */
                      _("Not needed: %s worked first, so this one was not tested."), proven);
}

/* One outgoing alternative passed: stop the others and never start the rest. */
static void
stop_alternatives (AccountRun    *run,
                   BdProbeReport *proven)
{
  run->proven = proven;
  for (guint i = 0; i < run->timers->len; i++)
    g_source_destroy (g_ptr_array_index (run->timers, i));
  for (guint i = run->next; i < run->probes->len; i++)
    {
      BdProbe *probe = g_ptr_array_index (run->probes, i);
      BdProbeReport *report = bd_probe_report_new (bd_probe_get_server (probe));

      bd_probe_report_take_error (report, not_needed_error (run, NULL));
      g_ptr_array_index (run->reports, i) = report;
    }
  run->next = run->probes->len;
  for (guint i = run->n_incoming; i < run->probes->len; i++)
    if (g_ptr_array_index (run->reports, i) == NULL)
      g_cancellable_cancel (g_ptr_array_index (run->cancellables, i));
}

static void start_next (GTask *task);

static gboolean
alternative_running (AccountRun *run)
{
  for (guint i = run->n_incoming; i < run->next; i++)
    if (g_ptr_array_index (run->reports, i) == NULL)
      return TRUE;
  return FALSE;
}

static void
probe_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AccountRun *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  BdProbeReport *report;
  guint index = 0;
  gboolean outgoing;

  report = bd_probe_run_finish (BD_PROBE (object), result, &error);
  g_ptr_array_find (run->probes, object, &index);
  outgoing = index >= run->n_incoming;
  run->running--;
  if (report == NULL && run->proven != NULL && outgoing &&
      !g_cancellable_is_cancelled (run->cancellable))
    {
      /* Stopped because another alternative passed. */
      report = bd_probe_run_dup_stopped_report (BD_PROBE (object), result);
      bd_probe_report_take_error (report, not_needed_error (run, report));
    }
  if (report == NULL)
    {
      run->cancelled = TRUE;
      finish_if_done (task);
      return;
    }
  g_ptr_array_index (run->reports, index) = report;

  if (outgoing && run->proven == NULL && bd_probe_report_get_ok (report))
    stop_alternatives (run, report);
  /* A failed alternative hands its turn on at once. */
  else if (outgoing && run->proven == NULL && !run->cancelled && !alternative_running (run) &&
           run->next < run->probes->len)
    start_next (task);
  finish_if_done (task);
}

static void
start_next (GTask *task)
{
  AccountRun *run = g_task_get_task_data (task);
  guint index = run->next++;

  run->running++;
  bd_probe_run_async (g_ptr_array_index (run->probes, index),
                      g_ptr_array_index (run->cancellables, index),
                      probe_done_cb, g_object_ref (task));
}

static gboolean
stagger_cb (gpointer user_data)
{
  GTask *task = user_data;
  AccountRun *run = g_task_get_task_data (task);

  if (!run->cancelled && !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      /* An earlier failure may have started this one already. */
      if (run->next < run->probes->len)
        start_next (task);
    }
  else
    {
      run->cancelled = TRUE;
      run->next = run->probes->len;
      finish_if_done (task);
    }
  return G_SOURCE_REMOVE;
}

static void
add_servers (BdAccountProbe *self,
             AccountRun     *run,
             GPtrArray      *servers)
{
  for (guint i = 0; i < servers->len; i++)
    {
      BdServer *server = g_ptr_array_index (servers, i);

      bd_shared_resolver_prefetch (run->resolver, bd_server_get_hostname (server));
      g_ptr_array_add (run->probes, make_probe (self, server, G_RESOLVER (run->resolver)));
      g_ptr_array_add (run->reports, NULL);
      g_ptr_array_add (run->cancellables, g_cancellable_new ());
    }
}

/**
 * bd_account_probe_run_async:
 *
 * Probes every server of the account: the incoming ones at once, the
 * outgoing ones staggered.
 */
void
bd_account_probe_run_async (BdAccountProbe      *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GPtrArray *incoming;
  GPtrArray *outgoing;
  AccountRun *run;

  g_return_if_fail (BD_IS_ACCOUNT_PROBE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_account_probe_run_async);
  run = g_new0 (AccountRun, 1);
  run->probes = g_ptr_array_new_with_free_func (g_object_unref);
  run->reports = g_ptr_array_new_with_free_func (clear_report);
  run->cancellables = g_ptr_array_new_with_free_func (g_object_unref);
  run->timers = g_ptr_array_new_with_free_func ((GDestroyNotify) g_source_unref);
  run->resolver = bd_shared_resolver_new (self->resolver);
  g_task_set_task_data (task, run, (GDestroyNotify) account_run_free);

  incoming = bd_account_config_get_incoming (self->config);
  outgoing = bd_account_config_get_outgoing (self->config);
  add_servers (self, run, incoming);
  add_servers (self, run, outgoing);
  run->n_incoming = incoming->len;
  if (cancellable != NULL)
    {
      run->cancellable = g_object_ref (cancellable);
      run->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                 run, NULL);
    }

  for (guint i = 0; i < incoming->len + MIN (outgoing->len, 1); i++)
    start_next (task);
  for (guint i = 1; i < outgoing->len; i++)
    {
      GSource *timer = g_timeout_source_new (i * self->stagger_ms);

      g_source_set_callback (timer, stagger_cb, g_object_ref (task), g_object_unref);
      g_source_attach (timer, g_task_get_context (task));
      g_ptr_array_add (run->timers, timer);
    }
  finish_if_done (task);
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
