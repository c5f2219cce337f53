/* bd-setup-session-detection.c
 *
 * The setup session's detection run: a BdDetector made from the session's
 * settings, its progress as a row per kind of source, and what it found,
 * which fills the lists of servers. The session starts it once the typing
 * of a valid address pauses, or when the person continues.
 *
 * A run does not hold the session: closing the window must end the
 * session, and with it every run. An abandoned run has no session any more,
 * and its callback only frees it.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-setup-session-private.h"
#include "bd-util-private.h"

struct _BdDetectRun
{
  BdSetupSession *self;      /* NULL once abandoned */
  BdDetector *detector;      /* owned */
  GCancellable *cancellable; /* owned */
  gulong source_finished_id;
};

static void
detect_run_free (BdDetectRun *run)
{
  if (run->source_finished_id != 0)
    g_clear_signal_handler (&run->source_finished_id, run->detector);
  g_clear_object (&run->detector);
  g_clear_object (&run->cancellable);
  g_free (run);
}

/* Notifies every property that follows from the detection. */
static void
notify_detection (BdSetupSession *self)
{
  bd_setup_session_notify_prop (self, PROP_DETECTION);
  bd_setup_session_notify_prop (self, PROP_CONFIG);
  bd_setup_session_notify_prop (self, PROP_PROVIDER_NAME);
  bd_setup_session_notify_prop (self, PROP_DETECTION_ERROR);
  bd_setup_session_notify_prop (self, PROP_DETECTION_ADVICE);
  bd_setup_session_notify_prop (self, PROP_UNVERIFIED);
  bd_setup_session_notify_prop (self, PROP_APPROVAL_NEEDED);
}

void
bd_setup_session_cancel_detection (BdSetupSession *self)
{
  BdDetectRun *run = g_steal_pointer (&self->detect_run);

  if (run == NULL)
    return;
  /* The run's callback still comes, cancelled, and frees it; its progress
   * no longer concerns anyone. */
  g_clear_signal_handler (&run->source_finished_id, run->detector);
  run->self = NULL;
  g_cancellable_cancel (run->cancellable);
  /* What was proven while it ran is of no use now: goodbye at once, not
   * after the pool's idle timeout. */
  if (self->warm != NULL)
    bd_warm_connections_drop_all (self->warm);
  bd_setup_session_notify_prop (self, PROP_DETECTING);
}

/* Forgets the detection and everything that came of it: the servers, their
 * tests and the approval. */
void
bd_setup_session_clear_detection (BdSetupSession *self)
{
  g_object_freeze_notify (G_OBJECT (self));

  bd_setup_session_cancel_detection (self);
  g_clear_pointer (&self->detected_for, g_free);
  if (self->detection != NULL)
    {
      g_clear_object (&self->detection);
      notify_detection (self);
    }
  g_clear_pointer (&self->foreign_domains, g_strfreev);
  bd_setup_session_notify_prop (self, PROP_FOREIGN_DOMAINS);
  if (self->approved)
    {
      self->approved = FALSE;
      bd_setup_session_notify_prop (self, PROP_APPROVED);
    }
  g_list_store_remove_all (self->sources);
  bd_server_list_clear (self->incoming);
  bd_server_list_clear (self->outgoing);
  bd_setup_session_update_derived (self);

  g_object_thaw_notify (G_OBJECT (self));
}

static const char *
not_asked_message (BdSetupSession *self,
                   BdSourceKind    kind)
{
  if (self->offline && self->custom_sources == NULL)
    return _("Not asked: Brevduva is working offline.");
  return _("Not asked.");
}

static BdSourceProgress *
find_progress (BdSetupSession *self,
               BdSourceKind    kind)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sources));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BdSourceProgress) progress = g_list_model_get_item (G_LIST_MODEL (self->sources),
                                                                     i);

      if (bd_source_progress_get_kind (progress) == kind)
        return progress;
    }
  return NULL;
}

static void
source_finished_cb (BdDetector      *detector,
                    BdSourceAttempt *attempt,
                    gpointer         user_data)
{
  BdSetupSession *self = user_data;
  BdSourceProgress *progress = find_progress (self, bd_source_attempt_get_kind (attempt));

  if (progress != NULL)
    bd_source_progress_add_attempt (progress, attempt);
}

static void
finish_sources (BdSetupSession *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sources));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BdSourceProgress) progress = g_list_model_get_item (G_LIST_MODEL (self->sources),
                                                                     i);

      bd_source_progress_finish (progress,
                                 not_asked_message (self, bd_source_progress_get_kind (progress)));
    }
}

/* When this computer cannot look names up, the detector marks the sources
 * that found "nothing there" as not reached (bd-detector.c); their rows,
 * which heard "nothing there" as it came, say so too. */
static void
show_unreached_sources (BdSetupSession *self)
{
  const GError *error = bd_detection_get_error (self->detection);
  GPtrArray *attempts = bd_detection_get_attempts (self->detection);

  if (error == NULL || error->domain != BD_ERROR ||
      (error->code != BD_ERROR_NETWORK_UNREACHABLE && error->code != BD_ERROR_DNS_UNAVAILABLE &&
       error->code != BD_ERROR_CAPTIVE_PORTAL))
    return;
  for (guint i = 0; attempts != NULL && i < attempts->len; i++)
    {
      BdSourceAttempt *attempt = g_ptr_array_index (attempts, i);
      BdSourceProgress *progress = find_progress (self, bd_source_attempt_get_kind (attempt));

      if (progress != NULL && bd_source_attempt_get_outcome (attempt) == BD_SOURCE_OUTCOME_FAILED &&
          g_strcmp0 (bd_source_attempt_get_code (attempt), bd_error_get_name (error)) == 0)
        bd_source_progress_add_attempt (progress, attempt);
    }
}

static void
detection_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  BdDetectRun *run = user_data;
  BdSetupSession *self = run->self;
  g_autoptr(BdDetection) detection = NULL;
  g_autoptr(GError) error = NULL;
  BdAccountConfig *config;

  detection = bd_detector_run_finish (BD_DETECTOR (object), result, &error);
  if (self == NULL)
    {
      /* Cancelled, or replaced by a newer run. */
      detect_run_free (run);
      return;
    }
  g_assert (self->detect_run == run);
  self->detect_run = NULL;
  detect_run_free (run);

  g_object_freeze_notify (G_OBJECT (self));

  if (detection == NULL)
    {
      /* Only cancellation fails the run itself; an empty answer is a
       * detection with an error. */
      detection = bd_detection_new (self->address);
      bd_detection_take_error (detection, g_steal_pointer (&error));
    }
  self->detection = g_steal_pointer (&detection);
  show_unreached_sources (self);
  finish_sources (self);

  config = bd_detection_get_config (self->detection);
  if (config != NULL)
    {
      self->foreign_domains = bd_account_config_dup_foreign_domains (config, self->address);
      bd_server_list_set_servers (self->incoming, bd_account_config_get_incoming (config));
      bd_server_list_set_servers (self->outgoing, bd_account_config_get_outgoing (config));
    }

  bd_setup_session_notify_prop (self, PROP_DETECTING);
  notify_detection (self);
  bd_setup_session_notify_prop (self, PROP_FOREIGN_DOMAINS);
  bd_setup_session_update_derived (self);

  /* The person is waiting for it: go on. */
  if (config != NULL && self->page == BD_SETUP_PAGE_DETECTION)
    bd_setup_session_enter_servers (self);

  g_object_thaw_notify (G_OBJECT (self));
}

/* A new detection's servers are warmed afresh: what an earlier one left is
 * ended (politely), and the pool follows the session's settings. */
static void
prepare_warm_connections (BdSetupSession *self)
{
  if (self->warm == NULL)
    {
      self->warm = bd_warm_connections_new ();
      bd_setup_session_configure_lists (self);
    }
  bd_warm_connections_drop_all (self->warm);
  bd_warm_connections_set_ca_pem (self->warm, self->ca_pem);
  bd_warm_connections_set_timeout (self->warm, self->probe_timeout_ms);
  bd_warm_connections_set_resolver (self->warm, self->resolver);
}

/* A detector with the session's settings. */
static BdDetector *
create_detector (BdSetupSession *self)
{
  BdDetector *detector = bd_detector_new ();

  bd_detector_set_offline (detector, self->offline);
  if (self->ispdb_url != NULL)
    bd_detector_set_ispdb_url (detector, self->ispdb_url);
  if (self->provider_db != NULL)
    bd_detector_set_provider_db (detector, self->provider_db);
  if (self->resolver != NULL)
    bd_detector_set_resolver (detector, self->resolver);
  if (self->custom_sources != NULL)
    bd_detector_set_sources (detector, self->custom_sources);
  bd_detector_set_warm_connections (detector, self->warm);
  return detector;
}

/* A row for each kind of source, in rank order; those that will not be
 * asked say so at once. */
static void
add_source_rows (BdSetupSession *self,
                 BdDetector     *detector)
{
  static const BdSourceKind kinds[] = {
    BD_SOURCE_BUILTIN, BD_SOURCE_ISPDB, BD_SOURCE_AUTOCONFIG, BD_SOURCE_WELL_KNOWN,
    BD_SOURCE_SRV, BD_SOURCE_MX, BD_SOURCE_GUESS,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      guint expected = bd_detector_count_sources (detector, kinds[i]);
      g_autoptr(BdSourceProgress) progress = bd_source_progress_new (kinds[i], expected);

      if (expected == 0)
        bd_source_progress_finish (progress, not_asked_message (self, kinds[i]));
      g_list_store_append (self->sources, progress);
    }
}

/* What the detector is made with; tests and settings set these. The
 * offline switch and the resolver serve the tests of the servers too. */

/**
 * bd_setup_session_set_offline:
 *
 * Offline, detection asks the built-in database only, and only servers on
 * this computer (loopback) are tested: nothing touches the network.
 */
void
bd_setup_session_set_offline (BdSetupSession *self,
                              gboolean        offline)
{
  g_return_if_fail (BD_IS_SETUP_SESSION (self));

  offline = !!offline;
  if (self->offline == offline)
    return;
  self->offline = offline;
  bd_setup_session_configure_lists (self);
  bd_setup_session_notify_prop (self, PROP_OFFLINE);
}

gboolean
bd_setup_session_get_offline (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), FALSE);

  return self->offline;
}

/**
 * bd_setup_session_set_resolver:
 * @resolver: (nullable): the resolver for detection and server tests (tests)
 */
void
bd_setup_session_set_resolver (BdSetupSession *self,
                               GResolver      *resolver)
{
  g_return_if_fail (BD_IS_SETUP_SESSION (self));
  g_return_if_fail (resolver == NULL || G_IS_RESOLVER (resolver));

  g_set_object (&self->resolver, resolver);
  bd_setup_session_configure_lists (self);
}

void
bd_setup_session_set_ispdb_url (BdSetupSession *self,
                                const char     *url)
{
  g_return_if_fail (BD_IS_SETUP_SESSION (self));

  bd_set_str (&self->ispdb_url, url != NULL && *url != '\0' ? url : NULL);
}

/**
 * bd_setup_session_set_provider_db:
 * @db: (nullable): the database to ask instead of the built-in one (tests)
 */
void
bd_setup_session_set_provider_db (BdSetupSession *self,
                                  BdProviderDb   *db)
{
  g_return_if_fail (BD_IS_SETUP_SESSION (self));
  g_return_if_fail (db == NULL || BD_IS_PROVIDER_DB (db));

  g_set_object (&self->provider_db, db);
}

/**
 * bd_setup_session_set_sources:
 * @sources: (nullable) (element-type BdSource): the sources to ask instead of
 *   the standard ones (tests)
 */
void
bd_setup_session_set_sources (BdSetupSession *self,
                              GPtrArray      *sources)
{
  g_return_if_fail (BD_IS_SETUP_SESSION (self));

  g_clear_pointer (&self->custom_sources, g_ptr_array_unref);
  if (sources != NULL)
    self->custom_sources = g_ptr_array_ref (sources);
}

/**
 * bd_setup_session_start_detection:
 *
 * Looks for the settings of the address now, replacing any detection
 * before. The session starts it by itself once a valid address has not
 * changed for #BdSetupSession:detect-delay milliseconds.
 */
void
bd_setup_session_start_detection (BdSetupSession *self)
{
  BdDetectRun *run;

  g_return_if_fail (BD_IS_SETUP_SESSION (self));

  g_clear_handle_id (&self->typing_id, g_source_remove);
  if (self->address == NULL)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  bd_setup_session_clear_detection (self);

  prepare_warm_connections (self);
  run = g_new0 (BdDetectRun, 1);
  run->self = self;
  run->detector = create_detector (self);
  run->cancellable = g_cancellable_new ();
  add_source_rows (self, run->detector);

  self->detect_run = run;
  self->detected_for = bd_address_dup_ascii (self->address);
  run->source_finished_id = g_signal_connect (run->detector, "source-finished",
                                              G_CALLBACK (source_finished_cb), self);
  bd_setup_session_notify_prop (self, PROP_DETECTING);
  bd_setup_session_update_derived (self);
  g_object_thaw_notify (G_OBJECT (self));

  /* The built-in database answers at once, maybe from inside this call. */
  bd_detector_run_async (run->detector, self->address, run->cancellable,
                         detection_done_cb, run);
}

gboolean
bd_setup_session_get_detecting (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), FALSE);

  return self->detect_run != NULL;
}

/**
 * bd_setup_session_get_detection:
 *
 * Returns: (transfer none) (nullable): the finished detection.
 */
BdDetection *
bd_setup_session_get_detection (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  return self->detection;
}

/**
 * bd_setup_session_get_config:
 *
 * Returns: (transfer none) (nullable): the settings found.
 */
BdAccountConfig *
bd_setup_session_get_config (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  return self->detection != NULL ? bd_detection_get_config (self->detection) : NULL;
}

/**
 * bd_setup_session_get_detection_error:
 *
 * Returns: (nullable): why a finished detection found nothing.
 */
const char *
bd_setup_session_get_detection_error (BdSetupSession *self)
{
  const GError *error;

  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  if (self->detection == NULL || bd_detection_get_config (self->detection) != NULL)
    return NULL;
  error = bd_detection_get_error (self->detection);
  return error != NULL ? error->message : _("No settings were found.");
}

/**
 * bd_setup_session_get_detection_advice:
 *
 * Returns: (nullable): what to do when the detection found nothing.
 */
const char *
bd_setup_session_get_detection_advice (BdSetupSession *self)
{
  const GError *error;

  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  if (self->detection == NULL || bd_detection_get_config (self->detection) != NULL)
    return NULL;
  error = bd_detection_get_error (self->detection);
  if (error == NULL || error->domain != BD_ERROR)
    return NULL;
  return bd_error_code_get_advice (error->code);
}

/**
 * bd_setup_session_get_sources:
 *
 * Returns: (transfer none): the detection's progress, a #BdSourceProgress
 *   per kind of source, in rank order.
 */
GListModel *
bd_setup_session_get_sources (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  return G_LIST_MODEL (self->sources);
}
