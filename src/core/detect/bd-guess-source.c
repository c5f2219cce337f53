/* bd-guess-source.c
 *
 * Offline (--offline), guessing can only name the conventional servers; they
 * are marked as an unverified guess, and the tester proves or disproves each
 * one before any password goes anywhere.
 *
 * Online, a guess counts only once a live exchange confirms it: a probe
 * without login (so no user name is ever sent) that gets a greeting and the
 * capabilities over verified TLS, implicit or after STARTTLS. The
 * candidates run in lanes, one per protocol and security (so one per
 * port): each lane tries its names best first, one at a time, the next as
 * soon as one fails (a name that does not resolve, a refused port: at once)
 * or has neither answered nor failed after LANE_DELAY_MS. So a server gets
 * one connection per port from the guess (two after a delay), as a mail program's own
 * start opens IMAP and SMTP together, rather than a burst of every
 * candidate (which looks like a port scan and overloads small servers) or
 * one by one (which takes a timeout per silent name, as Thunderbird's
 * guessing does); and the names that exist are tried one round trip after
 * the start, not behind a fixed stagger. Each name is looked up once
 * (BdSharedResolver), all of them at the start.
 *
 * The guess is done as soon as it cannot get better: when the best IMAP and
 * the best SMTP candidate that answered have no better-ranked candidate of
 * their kind still running (and, without IMAP, the same for POP3). No lane
 * starts another name then; POP3 and the alternatives that answered by
 * then are offered too.
 *
 * With warm connections (bd_guess_source_set_warm_connections()), each
 * confirming probe leaves its connection there instead of saying goodbye,
 * so that the probe that proves the server afterwards goes on with it
 * rather than connecting a second time (issue 16 §2).
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-guess-source.h"
#include "bd-probe.h"
#include "bd-shared-resolver.h"

struct _BdGuessSource
{
  BdSource parent_instance;

  gboolean confirm;
  GResolver *resolver;
  char *ca_file;
  guint probe_timeout_ms;
  BdWarmConnections *warm;
};

G_DEFINE_FINAL_TYPE (BdGuessSource, bd_guess_source, BD_TYPE_SOURCE)

/* Best first: implicit TLS (RFC 8314 §3) before STARTTLS, IMAP before POP3;
 * "" is the bare domain. */
static const struct {
  const char *prefix;
  BdProtocol protocol;
  BdSecurity security;
} guesses[] = {
  { "imap.", BD_PROTOCOL_IMAP, BD_SECURITY_TLS },
  { "mail.", BD_PROTOCOL_IMAP, BD_SECURITY_TLS },
  { "imap.", BD_PROTOCOL_IMAP, BD_SECURITY_STARTTLS },
  { "mail.", BD_PROTOCOL_IMAP, BD_SECURITY_STARTTLS },
  { "", BD_PROTOCOL_IMAP, BD_SECURITY_TLS },
  { "pop.", BD_PROTOCOL_POP3, BD_SECURITY_TLS },
  { "pop3.", BD_PROTOCOL_POP3, BD_SECURITY_TLS },
  { "mail.", BD_PROTOCOL_POP3, BD_SECURITY_TLS },
  { "pop.", BD_PROTOCOL_POP3, BD_SECURITY_STARTTLS },
  { "pop3.", BD_PROTOCOL_POP3, BD_SECURITY_STARTTLS },
  { "smtp.", BD_PROTOCOL_SMTP, BD_SECURITY_TLS },
  { "mail.", BD_PROTOCOL_SMTP, BD_SECURITY_TLS },
  { "smtp.", BD_PROTOCOL_SMTP, BD_SECURITY_STARTTLS },
  { "mail.", BD_PROTOCOL_SMTP, BD_SECURITY_STARTTLS },
  { "", BD_PROTOCOL_SMTP, BD_SECURITY_TLS },
  { "", BD_PROTOCOL_SMTP, BD_SECURITY_STARTTLS },
};

#define N_GUESSES G_N_ELEMENTS (guesses)

/* The offline list leaves out the less likely names, to stay readable. */
static gboolean
listed_offline (guint index)
{
  return guesses[index].prefix[0] != '\0' &&
         !(g_str_equal (guesses[index].prefix, "mail.") &&
           guesses[index].protocol != BD_PROTOCOL_SMTP &&
           guesses[index].security == BD_SECURITY_STARTTLS) &&
         !(guesses[index].protocol == BD_PROTOCOL_POP3 &&
           (guesses[index].security == BD_SECURITY_STARTTLS ||
            g_str_equal (guesses[index].prefix, "mail.")));
}

static char *
dup_hostname (BdAddress *address,
              guint      index)
{
  return g_strconcat (guesses[index].prefix, bd_address_get_ascii_domain (address), NULL);
}

static BdServer *
guess_server (BdAddress *address,
              guint      index)
{
  g_autofree char *hostname = dup_hostname (address, index);
  g_autofree char *username = bd_address_dup_ascii (address);

  return bd_server_new (guesses[index].protocol, hostname,
                        bd_server_default_port (guesses[index].protocol, guesses[index].security),
                        guesses[index].security, username);
}

static BdAccountConfig *
new_guess_config (BdAddress *address)
{
  const char *domain = bd_address_get_ascii_domain (address);
  BdAccountConfig *config = bd_account_config_new ();

  bd_account_config_set_provider_id (config, domain);
  bd_account_config_set_display_name (config, bd_address_get_domain (address));
  bd_account_config_add_domain (config, domain);
  bd_account_config_set_provenance (config, BD_SOURCE_GUESS, NULL, BD_TRUST_UNVERIFIED);
  bd_account_config_add_note (config, bd_note_new (BD_NOTE_UNVERIFIED_SOURCE, NULL, NULL));
  return config;
}

typedef struct _Guessing Guessing;

/* The candidates of one protocol and security, best name first: they
 * share a port, so one of them at a time is enough. */
typedef struct
{
  Guessing *guessing;
  guint members[N_GUESSES];
  guint n_members;
  guint next;          /* members[next] is the lane's next to start */
  guint running;       /* the candidate started last, while it runs */
  gboolean has_running;
  GSource *delay;
} Lane;

struct _Guessing
{
  GTask *task;         /* not referenced: the task owns this */
  BdAddress *address;
  Lane lanes[N_GUESSES];
  guint n_lanes;
  gboolean finished[N_GUESSES];
  gboolean confirmed[N_GUESSES];
  guint pending;       /* candidates started and not finished */
  gboolean done;
  GCancellable *cancellable;  /* the candidates': the task's, or enough found */
  GCancellable *caller_cancellable;
  gulong cancelled_id;
  BdSharedResolver *resolver;
};

typedef struct
{
  GTask *task;
  guint index;
  guint lane;
} Candidate;

static void
stop_lane_delay (Lane *lane)
{
  if (lane->delay == NULL)
    return;
  g_source_destroy (lane->delay);
  g_clear_pointer (&lane->delay, g_source_unref);
}

static void
guessing_free (Guessing *guessing)
{
  for (guint l = 0; l < guessing->n_lanes; l++)
    stop_lane_delay (&guessing->lanes[l]);
  if (guessing->cancelled_id != 0)
    g_cancellable_disconnect (guessing->caller_cancellable, guessing->cancelled_id);
  g_clear_object (&guessing->caller_cancellable);
  g_clear_object (&guessing->cancellable);
  bd_shared_resolver_stop (guessing->resolver);
  g_clear_object (&guessing->resolver);
  g_clear_object (&guessing->address);
  g_free (guessing);
}

/* One lane per protocol and security, in the order of guesses[]. */
static void
fill_lanes (Guessing *guessing)
{
  for (guint i = 0; i < N_GUESSES; i++)
    {
      Lane *lane = NULL;

      for (guint l = 0; l < guessing->n_lanes && lane == NULL; l++)
        {
          guint first = guessing->lanes[l].members[0];

          if (guesses[first].protocol == guesses[i].protocol &&
              guesses[first].security == guesses[i].security)
            lane = &guessing->lanes[l];
        }
      if (lane == NULL)
        {
          lane = &guessing->lanes[guessing->n_lanes++];
          lane->guessing = guessing;
        }
      lane->members[lane->n_members++] = i;
    }
}

/* Whether the best candidate of @protocol is known: one answered and every
 * better-ranked one has finished, or all of them have finished. A lane's
 * candidates never started are all worse than the one of it that answered. */
static gboolean
role_settled (Guessing   *guessing,
              BdProtocol  protocol,
              gboolean   *found)
{
  *found = FALSE;
  for (guint i = 0; i < N_GUESSES; i++)
    {
      if (guesses[i].protocol != protocol)
        continue;
      if (guessing->confirmed[i])
        {
          *found = TRUE;
          return TRUE;
        }
      if (!guessing->finished[i])
        return FALSE;
    }
  return TRUE;
}

static gboolean
guessing_settled (Guessing *guessing)
{
  gboolean imap, pop3, smtp;

  if (!role_settled (guessing, BD_PROTOCOL_IMAP, &imap) ||
      !role_settled (guessing, BD_PROTOCOL_SMTP, &smtp))
    return FALSE;
  return imap || role_settled (guessing, BD_PROTOCOL_POP3, &pop3);
}

/* Whether one of @lane's names answered: the rest of the lane is worse. */
static gboolean
lane_answered (const Lane *lane)
{
  for (guint m = 0; m < lane->n_members; m++)
    if (lane->guessing->confirmed[lane->members[m]])
      return TRUE;
  return FALSE;
}

static gboolean
lanes_exhausted (Guessing *guessing)
{
  for (guint l = 0; l < guessing->n_lanes; l++)
    {
      Lane *lane = &guessing->lanes[l];

      if (!lane_answered (lane) && lane->next < lane->n_members)
        return FALSE;
    }
  return TRUE;
}

static void
finish_guessing (GTask *task)
{
  Guessing *guessing = g_task_get_task_data (task);
  g_autoptr(BdAccountConfig) config = new_guess_config (guessing->address);
  guint n = 0;

  for (guint i = 0; i < N_GUESSES; i++)
    {
      g_autoptr(BdServer) server = NULL;

      if (!guessing->confirmed[i])
        continue;
      server = guess_server (guessing->address, i);
      bd_account_config_add_server (config, server);
      n++;
    }

  if (n == 0)
    {
      g_task_return_new_error (task, BD_ERROR, BD_ERROR_PROVIDER_NOT_FOUND,
                               _("None of the usual server names of “%s” answered."),
                               bd_address_get_domain (guessing->address));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&config), g_object_unref);
}

static void start_in_lane (Lane *lane);

/* The guess cannot get better: no lane starts another candidate. Without
 * warm connections the worse candidates still running are stopped; with
 * them they run on and park, as any of them may be a server that a
 * better-ranked source's answer names (S2 of docs/performance.md: the
 * guess's smtp.DOMAIN:587 is the autoconfig document's submission
 * server), and the pool ends what no winner takes. */
static void
settle (GTask *task)
{
  BdGuessSource *self = g_task_get_source_object (task);
  Guessing *guessing = g_task_get_task_data (task);

  guessing->done = TRUE;
  for (guint l = 0; l < guessing->n_lanes; l++)
    {
      guessing->lanes[l].next = guessing->lanes[l].n_members;
      stop_lane_delay (&guessing->lanes[l]);
    }
  if (self->warm == NULL)
    g_cancellable_cancel (guessing->cancellable);
  finish_guessing (task);
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Candidate *candidate = user_data;
  g_autoptr(GTask) task = candidate->task;
  Guessing *guessing = g_task_get_task_data (task);
  Lane *lane = &guessing->lanes[candidate->lane];
  g_autoptr(BdProbeReport) report = NULL;

  report = bd_probe_run_finish (BD_PROBE (object), result, NULL);
  guessing->confirmed[candidate->index] = report != NULL && bd_probe_report_get_ok (report);
  guessing->finished[candidate->index] = TRUE;
  guessing->pending--;
  if (lane->has_running && lane->running == candidate->index)
    {
      lane->has_running = FALSE;
      stop_lane_delay (lane);
    }
  g_free (candidate);

  if (guessing->done)
    return;
  if (g_task_return_error_if_cancelled (task))
    {
      guessing->done = TRUE;
      return;
    }
  /* A name that does not resolve or a port that refuses fails at once:
   * the lane's next name starts without waiting out the delay. */
  if (!lane->has_running && !lane_answered (lane))
    start_in_lane (lane);
  if ((guessing->pending == 0 && lanes_exhausted (guessing)) || guessing_settled (guessing))
    settle (task);
}

/* RFC 8305 §5's recommended Connection Attempt Delay: a candidate that has
 * neither answered nor failed by then (a dropped SYN, a silent server)
 * does not hold up the next name of its lane. On the happy path names fail
 * or answer first, and the delay never runs out. */
#define LANE_DELAY_MS 250

static gboolean
lane_delay_cb (gpointer user_data)
{
  Lane *lane = user_data;

  g_clear_pointer (&lane->delay, g_source_unref);
  if (!g_cancellable_is_cancelled (lane->guessing->cancellable))
    start_in_lane (lane);
  return G_SOURCE_REMOVE;
}

static void
start_candidate (GTask *task,
                 guint  lane_index,
                 guint  index)
{
  BdGuessSource *self = g_task_get_source_object (task);
  Guessing *guessing = g_task_get_task_data (task);
  g_autoptr(BdServer) server = guess_server (guessing->address, index);
  g_autoptr(BdProbe) probe = bd_probe_new (server);
  Candidate *candidate = g_new0 (Candidate, 1);

  /* A capability exchange only: no user name goes to a guessed server. */
  bd_probe_set_login (probe, FALSE);
  bd_probe_set_timeout (probe, self->probe_timeout_ms);
  bd_probe_set_resolver (probe, G_RESOLVER (guessing->resolver));
  if (self->ca_file != NULL)
    bd_probe_set_ca_file (probe, self->ca_file, NULL);
  if (self->warm != NULL)
    bd_probe_set_parking (probe, self->warm);

  candidate->task = g_object_ref (task);
  candidate->index = index;
  candidate->lane = lane_index;
  guessing->pending++;
  bd_probe_run_async (probe, guessing->cancellable, probe_cb, candidate);
}

static void
start_in_lane (Lane *lane)
{
  Guessing *guessing = lane->guessing;

  if (lane->next >= lane->n_members)
    return;
  lane->running = lane->members[lane->next++];
  lane->has_running = TRUE;
  stop_lane_delay (lane);
  if (lane->next < lane->n_members)
    {
      lane->delay = g_timeout_source_new (LANE_DELAY_MS);
      g_source_set_callback (lane->delay, lane_delay_cb, lane, NULL);
      g_source_attach (lane->delay, g_task_get_context (guessing->task));
    }
  start_candidate (guessing->task, lane - guessing->lanes, lane->running);
}

static void
caller_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
bd_guess_source_lookup_async (BdSource            *source,
                              BdAddress           *address,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  BdGuessSource *self = BD_GUESS_SOURCE (source);
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);
  Guessing *guessing;

  g_task_set_source_tag (task, bd_guess_source_lookup_async);

  if (!self->confirm)
    {
      g_autoptr(BdAccountConfig) config = new_guess_config (address);

      for (guint i = 0; i < N_GUESSES; i++)
        {
          g_autoptr(BdServer) server = NULL;

          if (!listed_offline (i))
            continue;
          server = guess_server (address, i);
          bd_account_config_add_server (config, server);
        }
      g_task_return_pointer (task, g_steal_pointer (&config), g_object_unref);
      return;
    }

  guessing = g_new0 (Guessing, 1);
  guessing->address = g_object_ref (address);
  guessing->task = task;
  fill_lanes (guessing);
  guessing->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      guessing->caller_cancellable = g_object_ref (cancellable);
      guessing->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                      guessing->cancellable, NULL);
    }
  guessing->resolver = bd_shared_resolver_new (self->resolver);
  for (guint i = 0; i < N_GUESSES; i++)
    {
      g_autofree char *hostname = dup_hostname (address, i);

      bd_shared_resolver_prefetch (guessing->resolver, hostname);
    }
  g_task_set_task_data (task, guessing, (GDestroyNotify) guessing_free);

  for (guint l = 0; l < guessing->n_lanes; l++)
    start_in_lane (&guessing->lanes[l]);
}

static void
bd_guess_source_dispose (GObject *object)
{
  BdGuessSource *self = BD_GUESS_SOURCE (object);

  g_clear_object (&self->resolver);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_object (&self->warm);

  G_OBJECT_CLASS (bd_guess_source_parent_class)->dispose (object);
}

static void
bd_guess_source_class_init (BdGuessSourceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bd_guess_source_dispose;
  BD_SOURCE_CLASS (klass)->lookup_async = bd_guess_source_lookup_async;
}

static void
bd_guess_source_init (BdGuessSource *self)
{
}

/**
 * bd_guess_source_new:
 *
 * Returns: (transfer full): the offline guess: conventional names, unconfirmed.
 */
BdSource *
bd_guess_source_new (void)
{
  return g_object_new (BD_TYPE_GUESS_SOURCE, "kind", BD_SOURCE_GUESS, NULL);
}

/**
 * bd_guess_source_new_confirmed:
 * @resolver: (nullable): the resolver; %NULL for the default
 * @ca_file: (nullable): an extra trust anchor, as `--ca-file`
 * @probe_timeout_ms: each candidate's deadline
 *
 * Returns: (transfer full): the online guess, which answers only with
 *   servers confirmed by a live greeting over verified TLS.
 */
BdSource *
bd_guess_source_new_confirmed (GResolver  *resolver,
                               const char *ca_file,
                               guint       probe_timeout_ms)
{
  BdGuessSource *self = g_object_new (BD_TYPE_GUESS_SOURCE, "kind", BD_SOURCE_GUESS, NULL);

  self->confirm = TRUE;
  self->resolver = resolver != NULL ? g_object_ref (resolver) : NULL;
  self->ca_file = g_strdup (ca_file);
  self->probe_timeout_ms = probe_timeout_ms;
  return BD_SOURCE (self);
}

/**
 * bd_guess_source_set_warm_connections:
 * @warm: (nullable): where the confirming probes leave their connections
 */
void
bd_guess_source_set_warm_connections (BdGuessSource     *self,
                                      BdWarmConnections *warm)
{
  g_return_if_fail (BD_IS_GUESS_SOURCE (self));
  g_set_object (&self->warm, warm);
}
