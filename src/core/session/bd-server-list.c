/* bd-server-list.c
 *
 * One side of the assistant's servers (the incoming ones, the outgoing
 * ones, or the servers of an account the person already has), as a list
 * model of #BdServerCheck for the page to show, with everything that
 * happens to its rows: their tests, the tests again once an edit pauses,
 * and the person's choice.
 *
 * The rows are tested by the same rule as the command line's check
 * (BdProbeSchedule): every incoming server at once, the outgoing ones as
 * staggered alternatives of which the first proven stops the rest (those
 * are then shown as not needed, or as not answering), every name looked up
 * once. The list adds what only the assistant has:
 *
 *  - the found servers are copied (the person may edit them), IMAP before
 *    POP3, and each is offered on its other standard port too, as an
 *    alternative; the alternatives are tested once every found server of
 *    the list has failed, for networks that block one port;
 *  - a server edited by the person is tested on its own once the typing
 *    pauses (RETEST_DELAY_MS);
 *  - offline, only this computer's servers are tested;
 *  - the chosen server: the person's choice if it works, else the first
 *    that works. The servers of an existing account are only tested, never
 *    chosen.
 *
 * The password is never kept here: the session hands it over for each test
 * (bd_server_list_set_password_func()), so that approval (security rule 4)
 * is decided where it lives.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-probe-schedule.h"
#include "bd-server-check-private.h"
#include "bd-server-list.h"

#define RETEST_DELAY_MS 600

/* One scheduled test of some of the rows. A run does not hold its list:
 * an abandoned run has no list any more, and its end only frees it. */
typedef struct
{
  BdServerList *self;          /* NULL once abandoned */
  BdProbeSchedule *schedule;
  GCancellable *cancellable;   /* the whole run's */
  GPtrArray *checks;           /* of BdServerCheck, by the schedule's index */
  GPtrArray *cancellables;     /* each check's test, by the same index */
} ListRun;

struct _BdServerList
{
  GObject parent_instance;

  BdServerListKind kind;
  GPtrArray *checks;           /* of BdServerCheck: the rows */
  BdServerCheck *user_choice;  /* the person's choice, if any */
  BdServerCheck *chosen;
  gboolean testing;

  gboolean offline;
  GResolver *resolver;
  GBytes *ca_pem;
  guint timeout_ms;
  guint stagger_ms;
  BdWarmConnections *warm;     /* connections proven while detection ran */
  BdServerListPasswordFunc password_func;
  gpointer password_data;
  GDestroyNotify password_destroy;

  ListRun *run;
  GPtrArray *edited;           /* checks to test again once the editing pauses */
  guint retest_id;
};

enum {
  PROP_0,
  PROP_KIND,
  PROP_CHOSEN,
  PROP_TESTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void bd_server_list_model_init (GListModelInterface *iface);

G_DEFINE_ENUM_TYPE (BdServerListKind, bd_server_list_kind,
                    G_DEFINE_ENUM_VALUE (BD_SERVER_LIST_FOUND, "found"),
                    G_DEFINE_ENUM_VALUE (BD_SERVER_LIST_GIVEN, "given"))

G_DEFINE_FINAL_TYPE_WITH_CODE (BdServerList, bd_server_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      bd_server_list_model_init))

static BdServerCheck *
check_at (BdServerList *self,
          guint         position)
{
  return g_ptr_array_index (self->checks, position);
}

/* The list model. */

static GType
bd_server_list_get_item_type (GListModel *model)
{
  return BD_TYPE_SERVER_CHECK;
}

static guint
bd_server_list_get_n_items (GListModel *model)
{
  return BD_SERVER_LIST (model)->checks->len;
}

static gpointer
bd_server_list_get_item (GListModel *model,
                         guint       position)
{
  BdServerList *self = BD_SERVER_LIST (model);

  if (position >= self->checks->len)
    return NULL;
  return g_object_ref (check_at (self, position));
}

static void
bd_server_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = bd_server_list_get_item_type;
  iface->get_n_items = bd_server_list_get_n_items;
  iface->get_item = bd_server_list_get_item;
}

/* What derives from the rows. */

/* The person's choice if it works, else the first one that works. */
static BdServerCheck *
find_chosen (BdServerList *self)
{
  if (self->kind == BD_SERVER_LIST_GIVEN)
    return NULL;
  if (self->user_choice != NULL &&
      bd_server_check_get_state (self->user_choice) == BD_CHECK_STATE_OK)
    return self->user_choice;
  for (guint i = 0; i < self->checks->len; i++)
    if (bd_server_check_get_state (check_at (self, i)) == BD_CHECK_STATE_OK)
      return check_at (self, i);
  return NULL;
}

static gboolean
find_testing (BdServerList *self)
{
  if (self->run != NULL)
    return TRUE;
  for (guint i = 0; i < self->checks->len; i++)
    if (bd_server_check_get_state (check_at (self, i)) == BD_CHECK_STATE_TESTING)
      return TRUE;
  return FALSE;
}

/* Recomputes the choice and whether anything is tested, and notifies
 * what changed. */
static void
refresh (BdServerList *self)
{
  BdServerCheck *chosen = find_chosen (self);
  gboolean testing = find_testing (self);

  g_object_freeze_notify (G_OBJECT (self));
  if (g_set_object (&self->chosen, chosen))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHOSEN]);
  if (self->kind == BD_SERVER_LIST_FOUND)
    for (guint i = 0; i < self->checks->len; i++)
      bd_server_check_set_selected (check_at (self, i), check_at (self, i) == chosen);
  if (testing != self->testing)
    {
      self->testing = testing;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TESTING]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* How a row is tested. */

static gboolean
is_loopback_host (const char *hostname)
{
  g_autoptr(GInetAddress) inet = NULL;

  if (g_ascii_strcasecmp (hostname, "localhost") == 0)
    return TRUE;
  inet = g_inet_address_new_from_string (hostname);
  return inet != NULL && g_inet_address_get_is_loopback (inet);
}

/* Why @check cannot be tested now, or %NULL. */
static const char *
skip_reason (BdServerList  *self,
             BdServerCheck *check)
{
  const char *hostname = bd_server_get_hostname (bd_server_check_get_server (check));

  if (hostname == NULL || *hostname == '\0')
    return _("Enter the server’s name to test it.");
  /* Offline, only this computer's servers are tested; a resolver set by a
   * test decides itself where names lead. */
  if (self->offline && self->resolver == NULL && !is_loopback_host (hostname))
    return _("Not tested: Brevduva is working offline.");
  return NULL;
}

static const char *
login_password (BdServerList *self)
{
  if (self->password_func == NULL)
    return NULL;
  return self->password_func (self, self->password_data);
}

/* Tests @check on its own, now. */
static void
run_one (BdServerList  *self,
         BdServerCheck *check)
{
  const char *reason = skip_reason (self, check);

  if (reason != NULL)
    {
      bd_server_check_skip (check, reason);
      return;
    }
  bd_server_check_run (check, login_password (self), self->ca_pem, self->resolver,
                       self->timeout_ms);
}

/* Scheduled runs. */

static void
list_run_free (ListRun *run)
{
  g_clear_object (&run->schedule);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->checks, g_ptr_array_unref);
  g_clear_pointer (&run->cancellables, g_ptr_array_unref);
  g_free (run);
}

/* Every check still tested by @run goes back to untested. */
static void
end_run_checks (ListRun *run)
{
  for (guint i = 0; i < run->checks->len; i++)
    bd_server_check_end (g_ptr_array_index (run->checks, i),
                         g_ptr_array_index (run->cancellables, i), NULL);
}

static void
abandon_run (BdServerList *self)
{
  ListRun *run = g_steal_pointer (&self->run);

  if (run == NULL)
    return;
  g_signal_handlers_disconnect_by_data (run->schedule, run);
  run->self = NULL;
  g_cancellable_cancel (run->cancellable);
  end_run_checks (run);
}

static void
probe_finished_cb (BdProbeSchedule *schedule,
                   guint            index,
                   BdProbeReport   *report,
                   gpointer         user_data)
{
  ListRun *run = user_data;

  bd_server_check_end (g_ptr_array_index (run->checks, index),
                       g_ptr_array_index (run->cancellables, index), report);
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ListRun *run = user_data;
  BdServerList *self = run->self;
  g_autoptr(GPtrArray) reports = NULL;

  reports = bd_probe_schedule_run_finish (BD_PROBE_SCHEDULE (object), result, NULL);
  if (self == NULL)
    {
      /* Abandoned: another run, or the end of the list, took over. */
      list_run_free (run);
      return;
    }
  g_signal_handlers_disconnect_by_data (run->schedule, run);
  self->run = NULL;
  end_run_checks (run);
  list_run_free (run);
  refresh (self);
}

/* Adds @check to @run, or says why it cannot be tested. */
static void
schedule_check (BdServerList  *self,
                ListRun       *run,
                BdServerCheck *check,
                const char    *password)
{
  const char *reason = skip_reason (self, check);
  g_autoptr(BdProbe) probe = NULL;
  g_autoptr(GCancellable) cancellable = NULL;

  if (reason != NULL)
    {
      bd_server_check_skip (check, reason);
      return;
    }
  probe = bd_server_check_new_probe (check, password, self->ca_pem, NULL, self->timeout_ms);
  bd_probe_set_warm_connections (probe, self->warm);
  cancellable = g_cancellable_new ();
  bd_server_check_begin (check, cancellable);
  bd_probe_schedule_add (run->schedule, probe, cancellable);
  g_ptr_array_add (run->checks, g_object_ref (check));
  g_ptr_array_add (run->cancellables, g_steal_pointer (&cancellable));
}

/* Tests @checks together, as BdProbeSchedule has them take turns,
 * replacing the run before. */
static void
run_scheduled (BdServerList     *self,
               GPtrArray        *checks,
               BdSharedResolver *resolver)
{
  const char *password = login_password (self);
  ListRun *run;

  abandon_run (self);
  run = g_new0 (ListRun, 1);
  run->schedule = bd_probe_schedule_new (resolver != NULL ? G_RESOLVER (resolver)
                                                          : self->resolver);
  bd_probe_schedule_set_stagger (run->schedule, self->stagger_ms);
  run->cancellable = g_cancellable_new ();
  run->checks = g_ptr_array_new_with_free_func (g_object_unref);
  run->cancellables = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < checks->len; i++)
    schedule_check (self, run, g_ptr_array_index (checks, i), password);
  if (run->checks->len == 0)
    {
      list_run_free (run);
      return;
    }

  run->self = self;
  self->run = run;
  g_signal_connect (run->schedule, "probe-finished", G_CALLBACK (probe_finished_cb), run);
  bd_probe_schedule_run_async (run->schedule, run->cancellable, run_done_cb, run);
}

/* Alternatives are tried once every found server of the list has failed:
 * another port of the same server, for networks that block one. */
static void
run_alternatives_if_all_failed (BdServerList *self)
{
  g_autoptr(GPtrArray) alternatives = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean any_never_tested = FALSE;

  for (guint i = 0; i < self->checks->len; i++)
    {
      BdServerCheck *check = check_at (self, i);
      BdCheckState state = bd_server_check_get_state (check);

      if (!bd_server_check_get_alternative (check))
        {
          if (state != BD_CHECK_STATE_FAILED)
            return;
        }
      else if (state == BD_CHECK_STATE_UNTESTED)
        {
          g_ptr_array_add (alternatives, g_object_ref (check));
          if (bd_server_check_get_report (check) == NULL)
            any_never_tested = TRUE;
        }
    }
  if (any_never_tested)
    run_scheduled (self, alternatives, NULL);
}

/* The rows' signals. */

static void
check_state_cb (BdServerList  *self,
                GParamSpec    *pspec,
                BdServerCheck *check)
{
  if (bd_server_check_get_state (check) == BD_CHECK_STATE_FAILED)
    run_alternatives_if_all_failed (self);
  refresh (self);
}

static gboolean
retest_cb (gpointer user_data)
{
  BdServerList *self = user_data;
  g_autoptr(GPtrArray) edited = g_steal_pointer (&self->edited);

  self->retest_id = 0;
  self->edited = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < edited->len; i++)
    run_one (self, g_ptr_array_index (edited, i));
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
check_edited_cb (BdServerList  *self,
                 BdServerCheck *check)
{
  /* The old result no longer applies; the new one comes once the typing
   * pauses. */
  bd_server_check_reset (check);
  if (!g_ptr_array_find (self->edited, check, NULL))
    g_ptr_array_add (self->edited, g_object_ref (check));
  g_clear_handle_id (&self->retest_id, g_source_remove);
  self->retest_id = g_timeout_add (RETEST_DELAY_MS, retest_cb, self);
  refresh (self);
}

/* The rows. */

static void
append_check (BdServerList *self,
              BdServer     *server,
              gboolean      alternative)
{
  BdServerCheck *check = bd_server_check_new (server, alternative);

  g_signal_connect_object (check, "notify::state", G_CALLBACK (check_state_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (check, "edited", G_CALLBACK (check_edited_cb), self,
                           G_CONNECT_SWAPPED);
  g_ptr_array_add (self->checks, check);
}

/* Lets go of every row, without a word to the model's views. */
static void
drop_checks (BdServerList *self)
{
  for (guint i = 0; i < self->checks->len; i++)
    g_signal_handlers_disconnect_by_data (check_at (self, i), self);
  abandon_run (self);
  g_clear_handle_id (&self->retest_id, g_source_remove);
  g_ptr_array_set_size (self->edited, 0);
  for (guint i = 0; i < self->checks->len; i++)
    bd_server_check_cancel (check_at (self, i));
  g_ptr_array_set_size (self->checks, 0);
  g_clear_object (&self->user_choice);
}

static BdServer *
copy_server (BdServer *server)
{
  BdServer *copy = bd_server_new (bd_server_get_protocol (server),
                                  bd_server_get_hostname (server),
                                  bd_server_get_port (server),
                                  bd_server_get_security (server),
                                  bd_server_get_username (server));

  bd_server_set_auth (copy, bd_server_get_auth (server));
  return copy;
}

static gboolean
has_endpoint (GPtrArray  *servers,
              const char *hostname,
              guint16     port)
{
  for (guint i = 0; i < servers->len; i++)
    {
      BdServer *server = g_ptr_array_index (servers, i);

      if (bd_server_get_port (server) == port &&
          g_ascii_strcasecmp (bd_server_get_hostname (server), hostname) == 0)
        return TRUE;
    }
  return FALSE;
}

static int
compare_protocol (gconstpointer a,
                  gconstpointer b)
{
  BdServer *sa = *(BdServer **) a;
  BdServer *sb = *(BdServer **) b;

  /* IMAP before POP3; otherwise the source's order (the sort is stable). */
  return (int) bd_server_get_protocol (sa) - (int) bd_server_get_protocol (sb);
}

/* The found servers, copied so that the person may edit them. */
static GPtrArray *
copy_candidates (GPtrArray *servers)
{
  GPtrArray *candidates = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < servers->len; i++)
    g_ptr_array_add (candidates, copy_server (g_ptr_array_index (servers, i)));
  g_ptr_array_sort (candidates, compare_protocol);
  return candidates;
}

/* Each encrypted candidate on the other standard port of its protocol,
 * unless a candidate is there already. */
static GPtrArray *
make_alternatives (GPtrArray *candidates)
{
  GPtrArray *alternatives = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < candidates->len; i++)
    {
      BdServer *server = g_ptr_array_index (candidates, i);
      BdSecurity security = bd_server_get_security (server);
      BdSecurity other;
      guint16 port;
      BdServer *alternative;

      if (security == BD_SECURITY_NONE)
        continue;
      other = security == BD_SECURITY_TLS ? BD_SECURITY_STARTTLS : BD_SECURITY_TLS;
      port = bd_server_default_port (bd_server_get_protocol (server), other);
      if (has_endpoint (candidates, bd_server_get_hostname (server), port) ||
          has_endpoint (alternatives, bd_server_get_hostname (server), port))
        continue;
      alternative = copy_server (server);
      bd_server_set_security (alternative, other);
      bd_server_set_port (alternative, port);
      g_ptr_array_add (alternatives, alternative);
    }
  return alternatives;
}

static void
append_found (BdServerList *self,
              GPtrArray    *servers)
{
  g_autoptr(GPtrArray) candidates = copy_candidates (servers);
  g_autoptr(GPtrArray) alternatives = make_alternatives (candidates);

  for (guint i = 0; i < candidates->len; i++)
    append_check (self, g_ptr_array_index (candidates, i), FALSE);
  for (guint i = 0; i < alternatives->len; i++)
    append_check (self, g_ptr_array_index (alternatives, i), TRUE);
}

/* The object. */

static void
bd_server_list_dispose (GObject *object)
{
  BdServerList *self = BD_SERVER_LIST (object);

  drop_checks (self);
  g_clear_object (&self->chosen);
  bd_server_list_set_password_func (self, NULL, NULL, NULL);

  G_OBJECT_CLASS (bd_server_list_parent_class)->dispose (object);
}

static void
bd_server_list_finalize (GObject *object)
{
  BdServerList *self = BD_SERVER_LIST (object);

  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->edited, g_ptr_array_unref);
  g_clear_object (&self->resolver);
  g_clear_pointer (&self->ca_pem, g_bytes_unref);
  g_clear_object (&self->warm);

  G_OBJECT_CLASS (bd_server_list_parent_class)->finalize (object);
}

static void
bd_server_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BdServerList *self = BD_SERVER_LIST (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_CHOSEN:
      g_value_set_object (value, self->chosen);
      break;
    case PROP_TESTING:
      g_value_set_boolean (value, self->testing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_server_list_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BdServerList *self = BD_SERVER_LIST (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_server_list_class_init (BdServerListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bd_server_list_dispose;
  object_class->finalize = bd_server_list_finalize;
  object_class->get_property = bd_server_list_get_property;
  object_class->set_property = bd_server_list_set_property;

  /**
   * BdServerList:kind:
   *
   * Found servers are copied, offered on another port too, and chosen
   * from; given servers are tested as they are.
   */
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, BD_TYPE_SERVER_LIST_KIND, BD_SERVER_LIST_FOUND,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * BdServerList:chosen:
   *
   * The server that is used: the person's choice if it works, else the
   * first that works.
   */
  properties[PROP_CHOSEN] =
    g_param_spec_object ("chosen", NULL, NULL, BD_TYPE_SERVER_CHECK,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * BdServerList:testing:
   *
   * Whether a test of a row runs, or waits for its turn.
   */
  properties[PROP_TESTING] =
    g_param_spec_boolean ("testing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bd_server_list_init (BdServerList *self)
{
  self->checks = g_ptr_array_new_with_free_func (g_object_unref);
  self->edited = g_ptr_array_new_with_free_func (g_object_unref);
  self->stagger_ms = BD_PROBE_SCHEDULE_DEFAULT_STAGGER_MS;
}

/**
 * bd_server_list_new:
 *
 * Returns: (transfer full): an empty list.
 */
BdServerList *
bd_server_list_new (BdServerListKind kind)
{
  return g_object_new (BD_TYPE_SERVER_LIST, "kind", kind, NULL);
}

BdServerListKind
bd_server_list_get_kind (BdServerList *self)
{
  g_return_val_if_fail (BD_IS_SERVER_LIST (self), BD_SERVER_LIST_FOUND);

  return self->kind;
}

/**
 * bd_server_list_set_servers:
 * @servers: (element-type BdServer): the servers
 *
 * Replaces the rows. Found servers are copied, IMAP before POP3, then each
 * on its other port as an alternative; given servers are the rows as they
 * are (their checks edit them in place). Nothing is tested yet.
 */
void
bd_server_list_set_servers (BdServerList *self,
                            GPtrArray    *servers)
{
  guint removed;

  g_return_if_fail (BD_IS_SERVER_LIST (self));
  g_return_if_fail (servers != NULL);

  removed = self->checks->len;
  drop_checks (self);
  if (self->kind == BD_SERVER_LIST_FOUND)
    append_found (self, servers);
  else
    for (guint i = 0; i < servers->len; i++)
      append_check (self, g_ptr_array_index (servers, i), FALSE);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->checks->len);
  refresh (self);
}

/**
 * bd_server_list_clear:
 *
 * Stops every test and removes every row, and the person's choice.
 */
void
bd_server_list_clear (BdServerList *self)
{
  guint removed;

  g_return_if_fail (BD_IS_SERVER_LIST (self));

  removed = self->checks->len;
  drop_checks (self);
  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
  refresh (self);
}

gboolean
bd_server_list_contains (BdServerList  *self,
                         BdServerCheck *check)
{
  g_return_val_if_fail (BD_IS_SERVER_LIST (self), FALSE);

  return check != NULL && g_ptr_array_find (self->checks, check, NULL);
}

/**
 * bd_server_list_set_password_func:
 * @func: (nullable): asked for the password as each test starts; %NULL
 *   tests without logging in
 *
 * The list keeps no password: it asks @func each time.
 */
void
bd_server_list_set_password_func (BdServerList             *self,
                                  BdServerListPasswordFunc  func,
                                  gpointer                  user_data,
                                  GDestroyNotify            destroy)
{
  GDestroyNotify old_destroy;
  gpointer old_data;

  g_return_if_fail (BD_IS_SERVER_LIST (self));

  old_destroy = self->password_destroy;
  old_data = self->password_data;
  self->password_func = func;
  self->password_data = user_data;
  self->password_destroy = destroy;
  if (old_destroy != NULL)
    old_destroy (old_data);
}

/**
 * bd_server_list_set_offline:
 *
 * Offline, only servers on this computer (loopback) are tested, unless a
 * resolver was set (tests), which decides itself where names lead.
 */
void
bd_server_list_set_offline (BdServerList *self,
                            gboolean      offline)
{
  g_return_if_fail (BD_IS_SERVER_LIST (self));

  self->offline = !!offline;
}

/**
 * bd_server_list_set_resolver:
 * @resolver: (nullable): the resolver the servers are looked up with
 */
void
bd_server_list_set_resolver (BdServerList *self,
                             GResolver    *resolver)
{
  g_return_if_fail (BD_IS_SERVER_LIST (self));
  g_return_if_fail (resolver == NULL || G_IS_RESOLVER (resolver));

  g_set_object (&self->resolver, resolver);
}

/**
 * bd_server_list_set_ca_pem:
 * @pem: (nullable): extra trust anchors for the tests (tests)
 */
void
bd_server_list_set_ca_pem (BdServerList *self,
                           GBytes       *pem)
{
  g_return_if_fail (BD_IS_SERVER_LIST (self));

  g_clear_pointer (&self->ca_pem, g_bytes_unref);
  if (pem != NULL)
    self->ca_pem = g_bytes_ref (pem);
}

/**
 * bd_server_list_set_timeout:
 * @timeout_ms: each test step's deadline; 0 for the probe's default
 */
void
bd_server_list_set_timeout (BdServerList *self,
                            guint         timeout_ms)
{
  g_return_if_fail (BD_IS_SERVER_LIST (self));

  self->timeout_ms = timeout_ms;
}

/**
 * bd_server_list_set_warm_connections:
 * @warm: (nullable): connections to the servers proven while detection ran,
 *   which the tests go on with (bd_probe_set_warm_connections())
 */
void
bd_server_list_set_warm_connections (BdServerList      *self,
                                     BdWarmConnections *warm)
{
  g_return_if_fail (BD_IS_SERVER_LIST (self));
  g_return_if_fail (warm == NULL || BD_IS_WARM_CONNECTIONS (warm));

  g_set_object (&self->warm, warm);
}

/**
 * bd_server_list_set_stagger:
 * @stagger_ms: the delay between two outgoing alternatives' starts
 *   (BD_PROBE_SCHEDULE_DEFAULT_STAGGER_MS; tests change it)
 */
void
bd_server_list_set_stagger (BdServerList *self,
                            guint         stagger_ms)
{
  g_return_if_fail (BD_IS_SERVER_LIST (self));

  self->stagger_ms = stagger_ms;
}

/**
 * bd_server_list_test_all:
 * @resolver: (nullable): the lookups to share with the other lists of the
 *   same account; %NULL for the test's own
 *
 * Tests every row but the alternatives, as BdProbeSchedule has them take
 * turns, with the password of bd_server_list_set_password_func(). The
 * alternatives are stopped, and tested again once every other row has
 * failed.
 */
void
bd_server_list_test_all (BdServerList     *self,
                         BdSharedResolver *resolver)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (BD_IS_SERVER_LIST (self));
  g_return_if_fail (resolver == NULL || BD_IS_SHARED_RESOLVER (resolver));

  g_clear_handle_id (&self->retest_id, g_source_remove);
  g_ptr_array_set_size (self->edited, 0);
  for (guint i = 0; i < self->checks->len; i++)
    {
      BdServerCheck *check = check_at (self, i);

      if (bd_server_check_get_alternative (check))
        bd_server_check_cancel (check);
      else
        g_ptr_array_add (candidates, g_object_ref (check));
    }
  run_scheduled (self, candidates, resolver);
  refresh (self);
}

/**
 * bd_server_list_test_one:
 * @check: a row of the list
 *
 * Tests @check again now, on its own.
 */
void
bd_server_list_test_one (BdServerList  *self,
                         BdServerCheck *check)
{
  g_return_if_fail (BD_IS_SERVER_LIST (self));
  g_return_if_fail (BD_IS_SERVER_CHECK (check));

  if (!bd_server_list_contains (self, check))
    return;
  g_ptr_array_remove (self->edited, check);
  run_one (self, check);
  refresh (self);
}

/**
 * bd_server_list_cancel:
 *
 * Stops every test that runs; the rows keep the results they have.
 */
void
bd_server_list_cancel (BdServerList *self)
{
  g_return_if_fail (BD_IS_SERVER_LIST (self));

  abandon_run (self);
  for (guint i = 0; i < self->checks->len; i++)
    bd_server_check_cancel (check_at (self, i));
  refresh (self);
}

gboolean
bd_server_list_get_testing (BdServerList *self)
{
  g_return_val_if_fail (BD_IS_SERVER_LIST (self), FALSE);

  return self->testing;
}

/**
 * bd_server_list_get_chosen:
 *
 * Returns: (transfer none) (nullable): the server that is used: the
 *   person's choice if it works, else the first that works; never one of
 *   given servers.
 */
BdServerCheck *
bd_server_list_get_chosen (BdServerList *self)
{
  g_return_val_if_fail (BD_IS_SERVER_LIST (self), NULL);

  return self->chosen;
}

/**
 * bd_server_list_choose:
 *
 * Makes @check the server that is used, as long as it works.
 *
 * Returns: whether @check is a row of this list that can be chosen.
 */
gboolean
bd_server_list_choose (BdServerList  *self,
                       BdServerCheck *check)
{
  g_return_val_if_fail (BD_IS_SERVER_LIST (self), FALSE);
  g_return_val_if_fail (BD_IS_SERVER_CHECK (check), FALSE);

  if (self->kind != BD_SERVER_LIST_FOUND || !bd_server_list_contains (self, check))
    return FALSE;
  g_set_object (&self->user_choice, check);
  refresh (self);
  return TRUE;
}
