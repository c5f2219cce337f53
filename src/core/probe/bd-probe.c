/* bd-probe.c
 *
 * The name is resolved asynchronously on the caller's main context (GIO's
 * GResolver, with a deadline and cancellation); the rest runs blocking in a
 * GTask worker thread (bd-probe-steps.c), whose poll() also watches the
 * GCancellable, so that cancelling closes the socket at once.
 *
 * The report comes back on success and on every server failure; the GError
 * of bd_probe_run_finish() is only ever G_IO_ERROR_CANCELLED.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-probe.h"
#include "bd-secret-private.h"
#include "bd-probe-steps-private.h"
#include "bd-connection-private.h"
#include "bd-tls-certificate.h"
#include "bd-tls-context-private.h"
#include "bd-warm-connections-private.h"

struct _BdProbe
{
  GObject parent_instance;

  BdServer *server;
  char *username;
  char *password;
  GBytes *ca_pem;
  char *pin;
  guint timeout_ms;
  gboolean login;
  GResolver *resolver;
  BdWarmConnections *take_from;  /* a parked connection to go on with */
  BdWarmConnections *park_in;    /* where this run leaves its connection */
};

enum {
  PROP_0,
  PROP_SERVER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BdProbe, bd_probe, G_TYPE_OBJECT)

static void
bd_probe_finalize (GObject *object)
{
  BdProbe *self = BD_PROBE (object);

  g_clear_object (&self->server);
  g_free (self->username);
  bd_secret_string_clear (&self->password);
  g_clear_pointer (&self->ca_pem, g_bytes_unref);
  g_free (self->pin);
  g_clear_object (&self->resolver);
  g_clear_object (&self->take_from);
  g_clear_object (&self->park_in);

  G_OBJECT_CLASS (bd_probe_parent_class)->finalize (object);
}

static void
bd_probe_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  BdProbe *self = BD_PROBE (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      g_value_set_object (value, self->server);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_probe_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  BdProbe *self = BD_PROBE (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      self->server = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_probe_class_init (BdProbeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bd_probe_finalize;
  object_class->get_property = bd_probe_get_property;
  object_class->set_property = bd_probe_set_property;

  properties[PROP_SERVER] =
    g_param_spec_object ("server", NULL, NULL, BD_TYPE_SERVER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bd_probe_init (BdProbe *self)
{
  self->timeout_ms = BD_PROBE_DEFAULT_TIMEOUT_MS;
  self->login = TRUE;
}

/**
 * bd_probe_new:
 * @server: the server to prove; its user name is the default login
 *
 * Returns: (transfer full): a probe, to configure and then run.
 */
BdProbe *
bd_probe_new (BdServer *server)
{
  g_return_val_if_fail (BD_IS_SERVER (server), NULL);

  return g_object_new (BD_TYPE_PROBE, "server", server, NULL);
}

BdServer *
bd_probe_get_server (BdProbe *self)
{
  g_return_val_if_fail (BD_IS_PROBE (self), NULL);
  return self->server;
}

/**
 * bd_probe_set_username:
 * @username: (nullable): the login name, instead of the server's
 */
void
bd_probe_set_username (BdProbe    *self,
                       const char *username)
{
  g_return_if_fail (BD_IS_PROBE (self));

  g_free (self->username);
  self->username = g_strdup (username);
}

/**
 * bd_probe_get_username:
 *
 * Returns: (nullable): the login name: the one set, or the server's.
 */
const char *
bd_probe_get_username (BdProbe *self)
{
  g_return_val_if_fail (BD_IS_PROBE (self), NULL);
  return self->username != NULL ? self->username : bd_server_get_username (self->server);
}

/**
 * bd_probe_set_password:
 * @password: (nullable): the password; copied, and the copy is wiped when
 *   replaced or when the probe is freed. The next run takes it: a probe
 *   that runs again needs it set again.
 * @length: its length in bytes, or -1 when NUL-terminated
 *
 * The password is never logged, never in a report, and only ever sent over
 * TLS whose certificate was verified or pinned (security rule 1).
 */
void
bd_probe_set_password (BdProbe    *self,
                       const char *password,
                       gssize      length)
{
  g_return_if_fail (BD_IS_PROBE (self));

  bd_secret_string_clear (&self->password);
  if (password == NULL)
    return;
  if (length < 0)
    length = (gssize) strlen (password);
  self->password = g_malloc (length + 1);
  memcpy (self->password, password, length);
  self->password[length] = '\0';
}

/**
 * bd_probe_set_ca_file:
 * @path: (nullable): a PEM file of certificates to trust besides the system's
 *
 * Returns: %FALSE with `invalid-argument` when the file cannot be read or
 *   holds no certificate.
 */
gboolean
bd_probe_set_ca_file (BdProbe     *self,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(GBytes) pem = NULL;

  g_return_val_if_fail (BD_IS_PROBE (self), FALSE);

  if (path != NULL)
    {
      pem = bd_tls_load_pem_file (path, error);
      if (pem == NULL)
        return FALSE;
    }
  bd_probe_set_ca_pem (self, pem);
  return TRUE;
}

/**
 * bd_probe_set_ca_pem:
 * @pem: (nullable): PEM certificates to trust, as bd_tls_load_pem_file()
 *   returns them
 */
void
bd_probe_set_ca_pem (BdProbe *self,
                     GBytes  *pem)
{
  g_return_if_fail (BD_IS_PROBE (self));

  g_clear_pointer (&self->ca_pem, g_bytes_unref);
  if (pem != NULL)
    self->ca_pem = g_bytes_ref (pem);
}

/**
 * bd_probe_set_pin:
 * @pin: (nullable): `sha256:` and the hex SHA-256 of the one certificate
 *   to accept, whatever its problems; any other certificate then fails
 *   with `certificate-pin-mismatch`
 *
 * Returns: %FALSE with `invalid-argument` when @pin is not a fingerprint.
 */
gboolean
bd_probe_set_pin (BdProbe     *self,
                  const char  *pin,
                  GError     **error)
{
  g_autofree char *parsed = NULL;

  g_return_val_if_fail (BD_IS_PROBE (self), FALSE);

  if (pin != NULL)
    {
      parsed = bd_tls_pin_parse (pin, error);
      if (parsed == NULL)
        return FALSE;
    }
  g_free (self->pin);
  self->pin = g_steal_pointer (&parsed);
  return TRUE;
}

/**
 * bd_probe_set_timeout:
 * @timeout_ms: each step's deadline; 0 restores the default of 10 s
 */
void
bd_probe_set_timeout (BdProbe *self,
                      guint    timeout_ms)
{
  g_return_if_fail (BD_IS_PROBE (self));

  self->timeout_ms = timeout_ms > 0 ? timeout_ms : BD_PROBE_DEFAULT_TIMEOUT_MS;
}

guint
bd_probe_get_timeout (BdProbe *self)
{
  g_return_val_if_fail (BD_IS_PROBE (self), 0);
  return self->timeout_ms;
}

/**
 * bd_probe_set_login:
 *
 * Whether to log in when a user name and a password are known (the default).
 */
void
bd_probe_set_login (BdProbe  *self,
                    gboolean  login)
{
  g_return_if_fail (BD_IS_PROBE (self));
  self->login = login;
}

gboolean
bd_probe_get_login (BdProbe *self)
{
  g_return_val_if_fail (BD_IS_PROBE (self), FALSE);
  return self->login;
}

/**
 * bd_probe_set_resolver:
 * @resolver: (nullable): the resolver to look the name up with, instead of
 *   g_resolver_get_default() (for tests)
 */
void
bd_probe_set_resolver (BdProbe   *self,
                       GResolver *resolver)
{
  g_return_if_fail (BD_IS_PROBE (self));

  g_set_object (&self->resolver, resolver);
}

/**
 * bd_probe_set_warm_connections:
 * @warm: (nullable): where to look for a connection to this server that
 *   was proven up to its capabilities while detection ran
 *
 * The run then goes on with such a connection, if one is there or being
 * warmed (it waits for that), instead of connecting: only when it was made
 * to the same server (protocol, host, port, security) with the same
 * anchors and pin, so it is exactly as verified as a fresh one. Otherwise
 * the run connects afresh, as without @warm.
 */
void
bd_probe_set_warm_connections (BdProbe           *self,
                               BdWarmConnections *warm)
{
  g_return_if_fail (BD_IS_PROBE (self));
  g_return_if_fail (warm == NULL || BD_IS_WARM_CONNECTIONS (warm));

  g_set_object (&self->take_from, warm);
}

/**
 * bd_probe_set_parking:
 * @warm: (nullable): where to leave the connection
 *
 * For a run without login: it stops after the capabilities and, if it
 * passed, leaves its connection in @warm for a later probe of the same
 * server, instead of saying goodbye (@warm ends it politely if nobody
 * takes it). The report is the same as a run's that logged out there,
 * without the logout step. If @warm has a connection to that server
 * already, the run is an ordinary one.
 */
void
bd_probe_set_parking (BdProbe           *self,
                      BdWarmConnections *warm)
{
  g_return_if_fail (BD_IS_PROBE (self));
  g_return_if_fail (warm == NULL || BD_IS_WARM_CONNECTIONS (warm));

  g_set_object (&self->park_in, warm);
}

typedef struct
{
  BdProbeRun run;
  GResolver *resolver;
  GCancellable *resolve_cancellable;
  GSource *resolve_timeout;
  gulong cancelled_id;
  gboolean resolve_timed_out;
  gint64 started;
  /* Parking: the run has a cancellable of its own, which the caller's
   * cancels until the pool adopts the run (bd_warm_connections_begin()). */
  BdWarmConnections *park_pool;
  guint park_id;
  GCancellable *own_cancellable;
  GCancellable *caller_cancellable;
  GMainContext *context;
  /* Taking: the parked connection, and the caller's cancellable forwarded
   * to the one it watches. */
  BdProbeParked *resumed;
  gulong resume_link;
} ProbeTask;

typedef struct
{
  BdWarmConnections *pool;
  guint id;
  BdProbeParked *parked;
  BdProbeReport *report;
} ParkingEnd;

static gboolean
parking_end_cb (gpointer user_data)
{
  ParkingEnd *end = user_data;

  bd_warm_connections_end (end->pool, end->id, g_steal_pointer (&end->parked), end->report);
  return G_SOURCE_REMOVE;
}

static void
parking_end_free (ParkingEnd *end)
{
  g_clear_pointer (&end->parked, bd_probe_parked_drop);
  g_clear_object (&end->report);
  g_object_unref (end->pool);
  g_free (end);
}

/* Tells the pool, on its own context, how the parking run ended; from any
 * thread, once. */
static void
end_parking (ProbeTask *task)
{
  ParkingEnd *end;

  if (task->park_id == 0)
    return;
  end = g_new0 (ParkingEnd, 1);
  end->pool = g_object_ref (task->park_pool);
  end->id = task->park_id;
  end->parked = g_steal_pointer (&task->run.parked);
  end->report = task->run.report != NULL ? g_object_ref (task->run.report) : NULL;
  task->park_id = 0;
  g_main_context_invoke_full (task->context, G_PRIORITY_DEFAULT, parking_end_cb, end,
                              (GDestroyNotify) parking_end_free);
}

static void
probe_task_free (ProbeTask *task)
{
  end_parking (task);
  if (task->resume_link != 0)
    g_cancellable_disconnect (task->caller_cancellable, task->resume_link);
  g_clear_pointer (&task->resumed, bd_probe_parked_drop);
  g_clear_object (&task->park_pool);
  g_clear_object (&task->own_cancellable);
  g_clear_object (&task->caller_cancellable);
  g_clear_pointer (&task->context, g_main_context_unref);
  g_clear_object (&task->run.report);
  g_free (task->run.hostname);
  g_free (task->run.username);
  bd_secret_string_clear (&task->run.password);
  g_clear_pointer (&task->run.ca_pem, g_bytes_unref);
  g_free (task->run.pin);
  g_list_free_full (task->run.addresses, g_object_unref);
  g_strfreev (task->run.proxies);
  g_clear_object (&task->resolver);
  g_clear_object (&task->resolve_cancellable);
  g_free (task);
}

static ProbeTask *
probe_task_new (BdProbe *self)
{
  ProbeTask *task = g_new0 (ProbeTask, 1);
  const char *username = bd_probe_get_username (self);

  task->run.report = bd_probe_report_new (self->server);
  task->run.hostname = g_strdup (bd_server_get_hostname (self->server));
  task->run.port = bd_server_get_port (self->server);
  task->run.protocol = bd_server_get_protocol (self->server);
  task->run.security = bd_server_get_security (self->server);
  /* The run takes the password rather than a copy: the caller's last
   * reference to the probe is not always the last one (a worker thread
   * drops the task's a moment after the answer, possibly after the program
   * ended), so a copy left here could outlast everything else. */
  if (self->login && username != NULL && self->password != NULL)
    {
      task->run.username = g_strdup (username);
      task->run.password = g_steal_pointer (&self->password);
    }
  bd_secret_string_clear (&self->password);
  task->run.ca_pem = self->ca_pem != NULL ? g_bytes_ref (self->ca_pem) : NULL;
  task->run.pin = g_strdup (self->pin);
  task->run.timeout_ms = self->timeout_ms;
  task->resolver = self->resolver != NULL ? g_object_ref (self->resolver)
                                          : g_resolver_get_default ();
  return task;
}

static void
return_report (GTask     *task,
               ProbeTask *data)
{
  /* A parking run that ends before its thread (no such name) says so
   * now: probes of the same server wait for it. */
  end_parking (data);
  g_task_return_pointer (task, g_object_ref (data->run.report), g_object_unref);
}

/* How a worker thread ends, after a run or a resumed one: stopped, the
 * task returns the error; else a failure goes into the report, which is
 * whole now, so the pool may hand it on (end_parking()). A resumed run
 * never parks (taken_cb() is only reached without parking), so
 * end_parking() is a no-op for it. Takes @error. */
static void
return_run (GTask     *task,
            ProbeTask *data,
            gboolean   ok,
            GError    *error)
{
  if (!ok)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          end_parking (data);
          g_task_return_error (task, error);
          return;
        }
      bd_probe_report_take_error (data->run.report, error);
    }
  return_report (task, data);
}

static void
probe_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ProbeTask *data = task_data;
  GError *error = NULL;
  gboolean ok;

  ok = bd_probe_steps_run (&data->run, data->run.park ? data->own_cancellable : cancellable,
                           &error);

  /* The login is over: wipe this run's copy of the password now, in this
   * thread, rather than when the task is freed, which may be after the
   * program has ended. */
  bd_secret_string_clear (&data->run.password);
  return_run (task, data, ok, error);
}

static void
resume_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ProbeTask *data = task_data;
  GError *error = NULL;
  gboolean ok;

  ok = bd_probe_steps_resume (&data->run, g_steal_pointer (&data->resumed), &error);
  bd_secret_string_clear (&data->run.password);
  if (data->resume_link != 0)
    g_cancellable_disconnect (data->caller_cancellable, data->resume_link);
  data->resume_link = 0;
  return_run (task, data, ok, error);
}

static void start (GTask *task);

static void
forward_cancel_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
taken_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ProbeTask *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(BdProbeReport) report = NULL;
  BdProbeParked *parked;

  parked = bd_warm_connections_take_finish (BD_WARM_CONNECTIONS (object), result, &report,
                                            NULL);
  /* Stopped while it waited, or the run it waited for failed before it
   * reached the server: that run's report is this probe's. */
  if (report != NULL)
    g_set_object (&data->run.report, report);
  if (g_task_return_error_if_cancelled (task))
    {
      g_clear_pointer (&parked, bd_probe_parked_drop);
      return;
    }
  if (parked == NULL && report != NULL)
    {
      return_report (task, data);
      return;
    }
  if (parked == NULL)
    {
      start (g_steal_pointer (&task));
      return;
    }

  /* The report so far is the parking run's: the steps it took for us. */
  data->resumed = parked;
  g_set_object (&data->run.report, bd_probe_parked_get_report (parked));
  if (cancellable != NULL)
    {
      data->caller_cancellable = g_object_ref (cancellable);
      data->resume_link = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel_cb),
                                                 g_object_ref (bd_probe_parked_get_cancellable (parked)),
                                                 g_object_unref);
    }
  g_task_run_in_thread (task, resume_thread);
}

/* A run without login that leaves its connection in self->park_in. */
static void
begin_parking (BdProbe      *self,
               ProbeTask    *data,
               GCancellable *cancellable)
{
  g_autofree char *key = bd_warm_connections_dup_key (self->server, self->ca_pem, self->pin);
  g_autoptr(GCancellable) own = g_cancellable_new ();
  guint id = bd_warm_connections_begin (self->park_in, key, own, cancellable);

  if (id == 0)
    return;
  data->run.park = TRUE;
  data->park_pool = g_object_ref (self->park_in);
  data->park_id = id;
  data->own_cancellable = g_steal_pointer (&own);
  data->context = g_main_context_ref_thread_default ();
}

/* What stops the run: the caller's cancellable, or for a parking run its
 * own, which the caller's cancels too until the pool adopts the run
 * (bd_warm_connections_keep_only()). */
static GCancellable *
run_cancellable (GTask *task)
{
  ProbeTask *data = g_task_get_task_data (task);

  return data->run.park ? data->own_cancellable : g_task_get_cancellable (task);
}

/* g_task_return_error_if_cancelled() by run_cancellable(): an adopted
 * parking run goes on when its caller gives up on it. */
static gboolean
return_if_stopped (GTask *task)
{
  if (!g_cancellable_is_cancelled (run_cancellable (task)))
    return FALSE;
  end_parking (g_task_get_task_data (task));
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                           _("The test was stopped."));
  return TRUE;
}

static void
stop_resolving (ProbeTask    *data,
                GCancellable *cancellable)
{
  if (data->resolve_timeout != NULL)
    {
      g_source_destroy (data->resolve_timeout);
      g_clear_pointer (&data->resolve_timeout, g_source_unref);
    }
  if (data->cancelled_id != 0)
    g_cancellable_disconnect (cancellable, data->cancelled_id);
  data->cancelled_id = 0;
}

static GError *
resolve_error (ProbeTask    *data,
               const GError *error)
{
  if (data->resolve_timed_out)
    return g_error_new (BD_ERROR, BD_ERROR_TIMED_OUT, _("No answer within %g seconds (step: %s)."),
                        data->run.timeout_ms / 1000.0, bd_probe_step_get_label ("resolve"));
  if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
    return g_error_new (BD_ERROR, BD_ERROR_DNS_NOT_FOUND,
                        _("The server name “%s” does not exist."), data->run.hostname);
  return g_error_new (BD_ERROR, BD_ERROR_DNS_FAILED,
                      _("The server name “%s” could not be looked up: %s"),
                      data->run.hostname, error->message);
}

static void
resolved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ProbeTask *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GList *addresses;
  guint ms;

  addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (object), result, &error);
  stop_resolving (data, run_cancellable (task));
  if (return_if_stopped (task))
    {
      g_list_free_full (addresses, g_object_unref);
      return;
    }

  ms = (guint) ((g_get_monotonic_time () - data->started) / G_TIME_SPAN_MILLISECOND);
  bd_probe_report_add_step (data->run.report, "resolve", addresses != NULL, ms);
  if (addresses == NULL)
    {
      bd_probe_report_take_error (data->run.report, resolve_error (data, error));
      return_report (task, data);
      return;
    }

  data->run.addresses = addresses;
  g_task_run_in_thread (task, probe_thread);
}

static gboolean
resolve_timeout_cb (gpointer user_data)
{
  ProbeTask *data = user_data;

  data->resolve_timed_out = TRUE;
  g_cancellable_cancel (data->resolve_cancellable);
  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
start_resolving (GTask *task)
{
  ProbeTask *data = g_task_get_task_data (task);
  GCancellable *cancellable = run_cancellable (task);

  data->resolve_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                data->resolve_cancellable, NULL);
  data->resolve_timeout = g_timeout_source_new (data->run.timeout_ms);
  g_source_set_callback (data->resolve_timeout, resolve_timeout_cb, data, NULL);
  g_source_attach (data->resolve_timeout, g_task_get_context (task));

  g_resolver_lookup_by_name_async (data->resolver, data->run.hostname,
                                   data->resolve_cancellable, resolved_cb, task);
}

static void
proxy_found_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ProbeTask *data = g_task_get_task_data (task);
  g_auto(GStrv) proxies = NULL;

  proxies = g_proxy_resolver_lookup_finish (G_PROXY_RESOLVER (object), result, NULL);
  if (return_if_stopped (task))
    return;
  /* A resolver that fails (a PAC script that cannot be fetched) leaves
   * the connection direct, as GSocketClient does with no answer. */
  if (bd_proxy_is_direct ((const char * const *) proxies))
    {
      start_resolving (g_steal_pointer (&task));
      return;
    }
  /* The proxy looks the name up (SOCKS5, SOCKS4a, HTTP CONNECT): a lookup
   * here would tell the local resolver which server is being tried. */
  data->run.proxies = g_steal_pointer (&proxies);
  g_task_run_in_thread (task, probe_thread);
}

/* The mail connections honour the desktop's proxy, as the HTTP sources do
 * through libsoup: GProxyResolver is asked first, with a URI whose scheme
 * is the protocol's (GNOME's and libproxy's resolvers give such a URI the
 * SOCKS proxy, or the HTTP one, and honour the hosts to ignore). */
static void
start (GTask *task)
{
  ProbeTask *data = g_task_get_task_data (task);
  static const char *schemes[] = { [BD_PROTOCOL_IMAP] = "imap", [BD_PROTOCOL_POP3] = "pop",
                                   [BD_PROTOCOL_SMTP] = "smtp" };
  const char *scheme = (guint) data->run.protocol < G_N_ELEMENTS (schemes) &&
                       schemes[data->run.protocol] != NULL ? schemes[data->run.protocol] : "none";
  g_autofree char *uri = g_uri_join (G_URI_FLAGS_NONE, scheme, NULL, data->run.hostname,
                                     data->run.port, "", NULL, NULL);

  data->started = g_get_monotonic_time ();
  g_proxy_resolver_lookup_async (g_proxy_resolver_get_default (), uri,
                                 run_cancellable (task), proxy_found_cb, task);
}

/**
 * bd_probe_run_async:
 *
 * Starts proving the server: resolve → connect → TLS (implicit, or after
 * STARTTLS) → greeting → capabilities → login (when a user name and a
 * password are set) → logout. Cancelling stops it at once.
 */
void
bd_probe_run_async (BdProbe             *self,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ProbeTask *data;

  g_return_if_fail (BD_IS_PROBE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_probe_run_async);
  data = probe_task_new (self);
  g_task_set_task_data (task, data, (GDestroyNotify) probe_task_free);

  /* Security rule 1: a server without TLS is never even asked. */
  if (data->run.security == BD_SECURITY_NONE)
    {
      bd_probe_report_take_error (data->run.report,
                                  g_error_new_literal (BD_ERROR, BD_ERROR_INSECURE_SERVER,
                                                       _("This server offers no encryption, "
                                                         "so Brevduva does not test it.")));
      return_report (task, data);
      return;
    }

  if (self->park_in != NULL && data->run.password == NULL)
    begin_parking (self, data, cancellable);
  if (self->take_from != NULL && !data->run.park)
    {
      g_autofree char *key = bd_warm_connections_dup_key (self->server, self->ca_pem, self->pin);

      bd_warm_connections_take_async (self->take_from, key, cancellable, taken_cb,
                                      g_steal_pointer (&task));
      return;
    }
  start (g_steal_pointer (&task));
}

/**
 * bd_probe_run_finish:
 *
 * Returns: (transfer full) (nullable): the report, whether the server
 *   passed or failed (see bd_probe_report_get_error()); %NULL only when
 *   the probe was cancelled, with %G_IO_ERROR_CANCELLED.
 */
BdProbeReport *
bd_probe_run_finish (BdProbe       *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (BD_IS_PROBE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bd_probe_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * bd_probe_run_dup_stopped_report:
 * @result: the result of a run that bd_probe_run_finish() said was cancelled
 *
 * For a caller that stopped a probe on purpose (an alternative server
 * worked first) and wants to say how far it got: the report as it stood,
 * with the steps done and the one that was interrupted (not ok), and no
 * error. Call it after bd_probe_run_finish(); the worker thread has
 * finished with the report by then.
 *
 * Returns: (transfer full): the report so far.
 */
BdProbeReport *
bd_probe_run_dup_stopped_report (BdProbe      *self,
                                 GAsyncResult *result)
{
  ProbeTask *data;

  g_return_val_if_fail (BD_IS_PROBE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bd_probe_run_async, NULL);

  data = g_task_get_task_data (G_TASK (result));
  return g_object_ref (data->run.report);
}

/**
 * bd_probe_prepare_trust:
 * @extra_ca_pem: (nullable): the anchors the coming probes are given
 *   (bd_probe_set_ca_pem()), or %NULL for the system store alone
 *
 * Parses the system trust store, and @extra_ca_pem, now, in the calling
 * thread, into the context that every probe with the same anchors shares
 * (bd-tls-context.c keeps it for a few minutes). Otherwise the first probe
 * does it in its worker thread right before its first SYN: a few tens of
 * milliseconds on the critical path of every check.
 *
 * So a program that has just started its probes calls this while they
 * wait for their DNS answers, on its own thread, which is idle meanwhile.
 * Not in a thread of its own: a command that fails at once could exit
 * while such a thread was still in GnuTLS, whose library destructor then
 * pulls the ground from under it.
 *
 * Returns: whether the trust store could be loaded. When it cannot, every
 *   probe reports why, so a caller may ignore the answer.
 */
gboolean
bd_probe_prepare_trust (GBytes  *extra_ca_pem,
                        GError **error)
{
  g_autoptr(BdTlsContext) context = bd_tls_context_new (extra_ca_pem, error);

  return context != NULL;
}
