/* bd-setup-session.c
 *
 * The setup assistant's view-model: everything the pages show and every
 * step they take lives here, as properties and methods, so that the flow is
 * tested without a display (tests/unit/test-setup-session.c) and the GTK
 * pages only bind to it.
 *
 * The flow: the address is parsed as it is typed; once it is valid and the
 * typing pauses (detect-delay, 400 ms), detection starts in the background,
 * so that the servers are often known before the person presses Continue.
 * Continue then shows the detection's progress only while it still runs.
 * On the servers page every candidate is probed at once; alternatives (the
 * other standard port of the same server) are probed when every candidate
 * of their direction has failed. Settings from an unverified source, or
 * whose servers belong to another domain, are probed without the password
 * until the person approves them (security rule 4). Continuing from the
 * servers stores the password in the keyring, once for each chosen server.
 *
 * The password is never a property, never logged, and its buffer is wiped
 * when it is replaced or the session ends. The page that tests an existing
 * account has a password of its own, kept apart from the assistant's.
 *
 * A server whose certificate cannot be verified is tested, but no password
 * goes to it (the probe stops at the certificate) until the person accepts
 * that one certificate by its fingerprint (bd_setup_session_trust_certificate());
 * the pin stays with the server's #BdServerCheck, so that the login test and
 * the settings handed on use it.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-keyring.h"
#include "bd-probe-render.h"
#include "bd-report.h"
#include "bd-setup-session.h"
#include "bd-util-private.h"

#define DEFAULT_DETECT_DELAY_MS 400
#define RETEST_DELAY_MS 600

/* The runs of asynchronous work do not hold the session: closing the window
 * must end the session, and with it every run. An abandoned run has no
 * session any more, and its callback only frees it. */
typedef struct
{
  BdSetupSession *self;      /* NULL once abandoned */
  BdDetector *detector;      /* owned */
  GCancellable *cancellable; /* owned */
  gulong source_finished_id;
} DetectRun;

struct _BdSetupSession
{
  GObject parent_instance;

  BdSetupPage page;
  BdSetupPage page_before_existing;

  char *name;
  char *address_text;
  BdAddress *address;
  char *address_error;        /* shown */
  char *address_error_pending; /* shown once the typing pauses */
  guint typing_id;

  char *password;             /* wiped when freed */
  char *existing_password;    /* the existing account's; wiped too */

  gboolean offline;
  char *ispdb_url;
  BdProviderDb *provider_db;
  GPtrArray *custom_sources;  /* of BdSource */
  GResolver *resolver;
  GBytes *ca_pem;
  guint detect_delay_ms;
  guint probe_timeout_ms;

  /* Detection. */
  DetectRun *detect_run;
  char *detected_for;         /* the ASCII address of the running or finished detection */
  BdDetection *detection;
  GListStore *sources;

  /* Servers. */
  GListStore *incoming;
  GListStore *outgoing;
  GListStore *existing;
  BdServerCheck *user_incoming;  /* the person's choice, if any; owned */
  BdServerCheck *user_outgoing;
  BdServerCheck *chosen_incoming; /* owned */
  BdServerCheck *chosen_outgoing;
  GPtrArray *edited;          /* checks to test again once the editing pauses */
  guint retest_id;
  gboolean approved;
  char **foreign_domains;

  /* Keyring. */
  BdKeyring *keyring;
  struct _StoreRun *store_run;
  BdStoreState store_state;
  char *store_error;

  /* Derived, cached so that only real changes are notified. */
  gboolean can_continue;
  gboolean can_go_back;
  gboolean busy;
  gboolean testing;
};

enum {
  PROP_0,
  PROP_PAGE,
  PROP_NAME,
  PROP_ADDRESS_TEXT,
  PROP_ADDRESS,
  PROP_ADDRESS_VALID,
  PROP_ADDRESS_ERROR,
  PROP_HAS_PASSWORD,
  PROP_OFFLINE,
  PROP_DETECT_DELAY,
  PROP_CAN_CONTINUE,
  PROP_CAN_GO_BACK,
  PROP_BUSY,
  PROP_DETECTING,
  PROP_DETECTION,
  PROP_CONFIG,
  PROP_PROVIDER_NAME,
  PROP_DETECTION_ERROR,
  PROP_DETECTION_ADVICE,
  PROP_SOURCES,
  PROP_INCOMING,
  PROP_OUTGOING,
  PROP_CHOSEN_INCOMING,
  PROP_CHOSEN_OUTGOING,
  PROP_TESTING,
  PROP_UNVERIFIED,
  PROP_FOREIGN_DOMAINS,
  PROP_APPROVAL_NEEDED,
  PROP_APPROVED,
  PROP_STORE_STATE,
  PROP_STORE_ERROR,
  PROP_EXISTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ENUM_TYPE (BdSetupPage, bd_setup_page,
                    G_DEFINE_ENUM_VALUE (BD_SETUP_PAGE_ADDRESS, "address"),
                    G_DEFINE_ENUM_VALUE (BD_SETUP_PAGE_DETECTION, "detection"),
                    G_DEFINE_ENUM_VALUE (BD_SETUP_PAGE_SERVERS, "servers"),
                    G_DEFINE_ENUM_VALUE (BD_SETUP_PAGE_DONE, "done"),
                    G_DEFINE_ENUM_VALUE (BD_SETUP_PAGE_TEST_EXISTING, "test-existing"))

G_DEFINE_ENUM_TYPE (BdStoreState, bd_store_state,
                    G_DEFINE_ENUM_VALUE (BD_STORE_STATE_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (BD_STORE_STATE_STORING, "storing"),
                    G_DEFINE_ENUM_VALUE (BD_STORE_STATE_STORED, "stored"),
                    G_DEFINE_ENUM_VALUE (BD_STORE_STATE_FAILED, "failed"))

G_DEFINE_FINAL_TYPE (BdSetupSession, bd_setup_session, G_TYPE_OBJECT)

static void run_check       (BdSetupSession *self,
                             BdServerCheck  *check);
static void abandon_store   (BdSetupSession *self);
static void set_store_state (BdSetupSession *self,
                             BdStoreState    state,
                             const char     *error);

static void
wipe_string (char **string)
{
  if (*string == NULL)
    return;
  explicit_bzero (*string, strlen (*string));
  g_clear_pointer (string, g_free);
}

/* The password buffer is wiped before it is freed. */
static void
clear_password (BdSetupSession *self)
{
  wipe_string (&self->password);
}

static void
notify (BdSetupSession *self,
        guint           prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static gboolean
is_loopback_host (const char *hostname)
{
  g_autoptr(GInetAddress) inet = NULL;

  if (hostname == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (hostname, "localhost") == 0)
    return TRUE;
  inet = g_inet_address_new_from_string (hostname);
  return inet != NULL && g_inet_address_get_is_loopback (inet);
}

static gboolean
model_has_state (GListModel   *model,
                 BdCheckState  state)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BdServerCheck) check = g_list_model_get_item (model, i);

      if (bd_server_check_get_state (check) == state)
        return TRUE;
    }
  return FALSE;
}

static gboolean
model_contains (GListModel *model,
                gpointer    item)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) other = g_list_model_get_item (model, i);

      if (other == item)
        return TRUE;
    }
  return FALSE;
}

/* The person's choice if it works, else the first one that works. */
static BdServerCheck *
find_chosen (GListModel    *model,
             BdServerCheck *user_choice)
{
  guint n = g_list_model_get_n_items (model);

  if (user_choice != NULL && model_contains (model, user_choice) &&
      bd_server_check_get_state (user_choice) == BD_CHECK_STATE_OK)
    return user_choice;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BdServerCheck) check = g_list_model_get_item (model, i);

      if (bd_server_check_get_state (check) == BD_CHECK_STATE_OK)
        return check;
    }
  return NULL;
}

static void
mark_selected (GListModel    *model,
               BdServerCheck *chosen)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BdServerCheck) check = g_list_model_get_item (model, i);

      bd_server_check_set_selected (check, check == chosen);
    }
}

static gboolean
compute_can_continue (BdSetupSession *self)
{
  BdAccountConfig *config = bd_setup_session_get_config (self);

  switch (self->page)
    {
    case BD_SETUP_PAGE_ADDRESS:
      return self->address != NULL;
    case BD_SETUP_PAGE_DETECTION:
      return config != NULL;
    case BD_SETUP_PAGE_SERVERS:
      if (config == NULL || self->password == NULL)
        return FALSE;
      if (bd_setup_session_get_approval_needed (self) && !self->approved)
        return FALSE;
      if (self->chosen_incoming == NULL)
        return FALSE;
      if (g_list_model_get_n_items (G_LIST_MODEL (self->outgoing)) > 0 &&
          self->chosen_outgoing == NULL)
        return FALSE;
      return TRUE;
    case BD_SETUP_PAGE_DONE:
    case BD_SETUP_PAGE_TEST_EXISTING:
    default:
      return FALSE;
    }
}

/* Recomputes what derives from the rest and notifies what changed. */
static void
update_derived (BdSetupSession *self)
{
  gboolean testing;
  gboolean busy;
  gboolean can_continue;
  gboolean can_go_back;
  BdServerCheck *chosen;

  g_object_freeze_notify (G_OBJECT (self));

  chosen = find_chosen (G_LIST_MODEL (self->incoming), self->user_incoming);
  if (chosen != self->chosen_incoming)
    {
      g_set_object (&self->chosen_incoming, chosen);
      notify (self, PROP_CHOSEN_INCOMING);
    }
  mark_selected (G_LIST_MODEL (self->incoming), chosen);
  chosen = find_chosen (G_LIST_MODEL (self->outgoing), self->user_outgoing);
  if (chosen != self->chosen_outgoing)
    {
      g_set_object (&self->chosen_outgoing, chosen);
      notify (self, PROP_CHOSEN_OUTGOING);
    }
  mark_selected (G_LIST_MODEL (self->outgoing), chosen);

  testing = model_has_state (G_LIST_MODEL (self->incoming), BD_CHECK_STATE_TESTING) ||
            model_has_state (G_LIST_MODEL (self->outgoing), BD_CHECK_STATE_TESTING) ||
            model_has_state (G_LIST_MODEL (self->existing), BD_CHECK_STATE_TESTING);
  if (testing != self->testing)
    {
      self->testing = testing;
      notify (self, PROP_TESTING);
    }

  busy = self->detect_run != NULL || testing || self->store_state == BD_STORE_STATE_STORING;
  if (busy != self->busy)
    {
      self->busy = busy;
      notify (self, PROP_BUSY);
    }

  can_continue = compute_can_continue (self);
  if (can_continue != self->can_continue)
    {
      self->can_continue = can_continue;
      notify (self, PROP_CAN_CONTINUE);
    }

  can_go_back = self->page != BD_SETUP_PAGE_ADDRESS;
  if (can_go_back != self->can_go_back)
    {
      self->can_go_back = can_go_back;
      notify (self, PROP_CAN_GO_BACK);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_page (BdSetupSession *self,
          BdSetupPage     page)
{
  if (self->page == page)
    return;
  self->page = page;
  notify (self, PROP_PAGE);
  update_derived (self);
}

/* Checks. */

static void
cancel_model (GListModel *model)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BdServerCheck) check = g_list_model_get_item (model, i);

      bd_server_check_cancel (check);
    }
}

static void
clear_model (BdSetupSession *self,
             GListStore     *store)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BdServerCheck) check = g_list_model_get_item (G_LIST_MODEL (store), i);

      g_signal_handlers_disconnect_by_data (check, self);
      bd_server_check_cancel (check);
      g_ptr_array_remove (self->edited, check);
    }
  g_list_store_remove_all (store);
}

/* Alternatives are tried once every candidate of their direction has
 * failed: another port of the same server, for networks that block one. */
static void
maybe_run_alternatives (BdSetupSession *self,
                        GListModel     *model)
{
  guint n = g_list_model_get_n_items (model);
  gboolean any_alternative_untested = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BdServerCheck) check = g_list_model_get_item (model, i);
      BdCheckState state = bd_server_check_get_state (check);

      if (bd_server_check_get_alternative (check))
        {
          if (state == BD_CHECK_STATE_UNTESTED && bd_server_check_get_report (check) == NULL)
            any_alternative_untested = TRUE;
        }
      else if (state != BD_CHECK_STATE_FAILED)
        return;
    }
  if (!any_alternative_untested)
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BdServerCheck) check = g_list_model_get_item (model, i);

      if (bd_server_check_get_alternative (check) &&
          bd_server_check_get_state (check) == BD_CHECK_STATE_UNTESTED)
        run_check (self, check);
    }
}

static void
check_state_cb (BdSetupSession *self,
                GParamSpec     *pspec,
                BdServerCheck  *check)
{
  if (bd_server_check_get_state (check) == BD_CHECK_STATE_FAILED)
    {
      if (model_contains (G_LIST_MODEL (self->incoming), check))
        maybe_run_alternatives (self, G_LIST_MODEL (self->incoming));
      else if (model_contains (G_LIST_MODEL (self->outgoing), check))
        maybe_run_alternatives (self, G_LIST_MODEL (self->outgoing));
    }
  update_derived (self);
}

static gboolean
retest_cb (gpointer user_data)
{
  BdSetupSession *self = user_data;
  g_autoptr(GPtrArray) edited = g_steal_pointer (&self->edited);

  self->retest_id = 0;
  self->edited = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < edited->len; i++)
    run_check (self, g_ptr_array_index (edited, i));
  update_derived (self);
  return G_SOURCE_REMOVE;
}

static void
check_edited_cb (BdSetupSession *self,
                 BdServerCheck  *check)
{
  /* The old result no longer applies; the new one comes once the typing
   * pauses. */
  bd_server_check_reset (check);
  if (!g_ptr_array_find (self->edited, check, NULL))
    g_ptr_array_add (self->edited, g_object_ref (check));
  g_clear_handle_id (&self->retest_id, g_source_remove);
  self->retest_id = g_timeout_add (RETEST_DELAY_MS, retest_cb, self);
  update_derived (self);
}

static void
add_check (BdSetupSession *self,
           GListStore     *store,
           BdServerCheck  *check)
{
  g_signal_connect_object (check, "notify::state", G_CALLBACK (check_state_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (check, "edited", G_CALLBACK (check_edited_cb), self,
                           G_CONNECT_SWAPPED);
  g_list_store_append (store, check);
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

static void
fill_model (BdSetupSession *self,
            GListStore     *store,
            GPtrArray      *servers)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) alternatives = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < servers->len; i++)
    g_ptr_array_add (candidates, copy_server (g_ptr_array_index (servers, i)));
  g_ptr_array_sort (candidates, compare_protocol);

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

  for (guint i = 0; i < candidates->len; i++)
    {
      g_autoptr(BdServerCheck) check = bd_server_check_new (g_ptr_array_index (candidates, i),
                                                            FALSE);
      add_check (self, store, check);
    }
  for (guint i = 0; i < alternatives->len; i++)
    {
      g_autoptr(BdServerCheck) check = bd_server_check_new (g_ptr_array_index (alternatives, i),
                                                            TRUE);
      add_check (self, store, check);
    }
}

static const char *
login_password (BdSetupSession *self,
                BdServerCheck  *check)
{
  /* Security rule 4: nothing secret goes to servers the person has not
   * approved. The existing account's servers are the person's own. */
  if (model_contains (G_LIST_MODEL (self->existing), check))
    return self->existing_password;
  if (bd_setup_session_get_approval_needed (self) && !self->approved)
    return NULL;
  return self->password;
}

static void
run_check (BdSetupSession *self,
           BdServerCheck  *check)
{
  BdServer *server = bd_server_check_get_server (check);
  const char *hostname = bd_server_get_hostname (server);

  if (hostname == NULL || *hostname == '\0')
    {
      bd_server_check_skip (check, _("Enter the server’s name to test it."));
      return;
    }
  /* Offline, only this computer's servers are tested; a resolver set by a
   * test decides itself where names lead. */
  if (self->offline && self->resolver == NULL && !is_loopback_host (hostname))
    {
      bd_server_check_skip (check, _("Not tested: Brevduva is working offline."));
      return;
    }
  bd_server_check_run (check, login_password (self, check), self->ca_pem, self->resolver,
                       self->probe_timeout_ms);
}

/* Detection. */

static void
detect_run_free (DetectRun *run)
{
  if (run->source_finished_id != 0)
    g_clear_signal_handler (&run->source_finished_id, run->detector);
  g_clear_object (&run->detector);
  g_clear_object (&run->cancellable);
  g_free (run);
}

static void
cancel_detection (BdSetupSession *self)
{
  DetectRun *run = g_steal_pointer (&self->detect_run);

  if (run == NULL)
    return;
  /* The run's callback still comes, cancelled, and frees it; its progress
   * no longer concerns anyone. */
  g_clear_signal_handler (&run->source_finished_id, run->detector);
  run->self = NULL;
  g_cancellable_cancel (run->cancellable);
  notify (self, PROP_DETECTING);
}

static void
clear_detection (BdSetupSession *self)
{
  g_object_freeze_notify (G_OBJECT (self));

  cancel_detection (self);
  g_clear_pointer (&self->detected_for, g_free);
  if (self->detection != NULL)
    {
      g_clear_object (&self->detection);
      notify (self, PROP_DETECTION);
      notify (self, PROP_CONFIG);
      notify (self, PROP_PROVIDER_NAME);
      notify (self, PROP_DETECTION_ERROR);
      notify (self, PROP_DETECTION_ADVICE);
      notify (self, PROP_UNVERIFIED);
      notify (self, PROP_APPROVAL_NEEDED);
    }
  g_clear_pointer (&self->foreign_domains, g_strfreev);
  notify (self, PROP_FOREIGN_DOMAINS);
  if (self->approved)
    {
      self->approved = FALSE;
      notify (self, PROP_APPROVED);
    }
  g_list_store_remove_all (self->sources);
  clear_model (self, self->incoming);
  clear_model (self, self->outgoing);
  g_clear_object (&self->user_incoming);
  g_clear_object (&self->user_outgoing);
  update_derived (self);

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

static void
enter_servers (BdSetupSession *self)
{
  set_page (self, BD_SETUP_PAGE_SERVERS);
  bd_setup_session_test_servers (self);
}

static void
detection_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  DetectRun *run = user_data;
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
  finish_sources (self);

  config = bd_detection_get_config (self->detection);
  if (config != NULL)
    {
      self->foreign_domains = bd_account_config_dup_foreign_domains (config, self->address);
      fill_model (self, self->incoming, bd_account_config_get_incoming (config));
      fill_model (self, self->outgoing, bd_account_config_get_outgoing (config));
    }

  notify (self, PROP_DETECTING);
  notify (self, PROP_DETECTION);
  notify (self, PROP_CONFIG);
  notify (self, PROP_PROVIDER_NAME);
  notify (self, PROP_DETECTION_ERROR);
  notify (self, PROP_DETECTION_ADVICE);
  notify (self, PROP_UNVERIFIED);
  notify (self, PROP_FOREIGN_DOMAINS);
  notify (self, PROP_APPROVAL_NEEDED);
  update_derived (self);

  /* The person is waiting for it: go on. */
  if (config != NULL && self->page == BD_SETUP_PAGE_DETECTION)
    enter_servers (self);

  g_object_thaw_notify (G_OBJECT (self));
}

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
  return detector;
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
  DetectRun *run;
  static const BdSourceKind kinds[] = {
    BD_SOURCE_BUILTIN, BD_SOURCE_ISPDB, BD_SOURCE_AUTOCONFIG, BD_SOURCE_WELL_KNOWN,
    BD_SOURCE_SRV, BD_SOURCE_MX, BD_SOURCE_GUESS,
  };

  g_return_if_fail (BD_IS_SETUP_SESSION (self));

  g_clear_handle_id (&self->typing_id, g_source_remove);
  if (self->address == NULL)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  clear_detection (self);

  run = g_new0 (DetectRun, 1);
  run->self = self;
  run->detector = create_detector (self);
  run->cancellable = g_cancellable_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      guint expected = bd_detector_count_sources (run->detector, kinds[i]);
      g_autoptr(BdSourceProgress) progress = bd_source_progress_new (kinds[i], expected);

      if (expected == 0)
        bd_source_progress_finish (progress, not_asked_message (self, kinds[i]));
      g_list_store_append (self->sources, progress);
    }

  self->detect_run = run;
  self->detected_for = bd_address_dup_ascii (self->address);
  run->source_finished_id = g_signal_connect (run->detector, "source-finished",
                                              G_CALLBACK (source_finished_cb), self);
  notify (self, PROP_DETECTING);
  update_derived (self);
  g_object_thaw_notify (G_OBJECT (self));

  /* The built-in database answers at once, maybe from inside this call. */
  bd_detector_run_async (run->detector, self->address, run->cancellable,
                         detection_done_cb, run);
}

/* Address. */

static void
set_address_error (BdSetupSession *self,
                   const char     *message)
{
  if (g_strcmp0 (self->address_error, message) == 0)
    return;
  g_free (self->address_error);
  self->address_error = g_strdup (message);
  notify (self, PROP_ADDRESS_ERROR);
}

static gboolean
typing_paused_cb (gpointer user_data)
{
  BdSetupSession *self = user_data;

  self->typing_id = 0;
  if (self->address == NULL)
    {
      set_address_error (self, self->address_error_pending);
      return G_SOURCE_REMOVE;
    }
  if (self->detected_for == NULL)
    bd_setup_session_start_detection (self);
  return G_SOURCE_REMOVE;
}

/* Bindings. */

static void
bd_setup_session_dispose (GObject *object)
{
  BdSetupSession *self = BD_SETUP_SESSION (object);

  /* Closing the window ends every piece of work at once. */
  g_clear_handle_id (&self->typing_id, g_source_remove);
  g_clear_handle_id (&self->retest_id, g_source_remove);
  cancel_detection (self);
  abandon_store (self);
  if (self->incoming != NULL)
    {
      clear_model (self, self->incoming);
      clear_model (self, self->outgoing);
      clear_model (self, self->existing);
    }
  g_clear_object (&self->user_incoming);
  g_clear_object (&self->user_outgoing);
  g_clear_object (&self->chosen_incoming);
  g_clear_object (&self->chosen_outgoing);
  g_clear_object (&self->detection);
  g_clear_object (&self->keyring);
  g_clear_object (&self->provider_db);
  g_clear_pointer (&self->custom_sources, g_ptr_array_unref);
  g_clear_object (&self->resolver);
  g_clear_pointer (&self->ca_pem, g_bytes_unref);
  clear_password (self);
  wipe_string (&self->existing_password);

  G_OBJECT_CLASS (bd_setup_session_parent_class)->dispose (object);
}

static void
bd_setup_session_finalize (GObject *object)
{
  BdSetupSession *self = BD_SETUP_SESSION (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->address_text, g_free);
  g_clear_object (&self->address);
  g_clear_pointer (&self->address_error, g_free);
  g_clear_pointer (&self->address_error_pending, g_free);
  g_clear_pointer (&self->ispdb_url, g_free);
  g_clear_pointer (&self->detected_for, g_free);
  g_clear_pointer (&self->foreign_domains, g_strfreev);
  g_clear_pointer (&self->store_error, g_free);
  g_clear_pointer (&self->edited, g_ptr_array_unref);
  g_clear_object (&self->sources);
  g_clear_object (&self->incoming);
  g_clear_object (&self->outgoing);
  g_clear_object (&self->existing);

  G_OBJECT_CLASS (bd_setup_session_parent_class)->finalize (object);
}

static void
bd_setup_session_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BdSetupSession *self = BD_SETUP_SESSION (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      g_value_set_enum (value, self->page);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_ADDRESS_TEXT:
      g_value_set_string (value, self->address_text);
      break;
    case PROP_ADDRESS:
      g_value_set_object (value, self->address);
      break;
    case PROP_ADDRESS_VALID:
      g_value_set_boolean (value, self->address != NULL);
      break;
    case PROP_ADDRESS_ERROR:
      g_value_set_string (value, self->address_error);
      break;
    case PROP_HAS_PASSWORD:
      g_value_set_boolean (value, self->password != NULL);
      break;
    case PROP_OFFLINE:
      g_value_set_boolean (value, self->offline);
      break;
    case PROP_DETECT_DELAY:
      g_value_set_uint (value, self->detect_delay_ms);
      break;
    case PROP_CAN_CONTINUE:
      g_value_set_boolean (value, self->can_continue);
      break;
    case PROP_CAN_GO_BACK:
      g_value_set_boolean (value, self->can_go_back);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_DETECTING:
      g_value_set_boolean (value, self->detect_run != NULL);
      break;
    case PROP_DETECTION:
      g_value_set_object (value, self->detection);
      break;
    case PROP_CONFIG:
      g_value_set_object (value, bd_setup_session_get_config (self));
      break;
    case PROP_PROVIDER_NAME:
      {
        BdAccountConfig *config = bd_setup_session_get_config (self);

        g_value_set_string (value, config != NULL ? bd_account_config_get_display_name (config)
                                                  : NULL);
      }
      break;
    case PROP_DETECTION_ERROR:
      g_value_set_string (value, bd_setup_session_get_detection_error (self));
      break;
    case PROP_DETECTION_ADVICE:
      g_value_set_string (value, bd_setup_session_get_detection_advice (self));
      break;
    case PROP_SOURCES:
      g_value_set_object (value, self->sources);
      break;
    case PROP_INCOMING:
      g_value_set_object (value, self->incoming);
      break;
    case PROP_OUTGOING:
      g_value_set_object (value, self->outgoing);
      break;
    case PROP_CHOSEN_INCOMING:
      g_value_set_object (value, self->chosen_incoming);
      break;
    case PROP_CHOSEN_OUTGOING:
      g_value_set_object (value, self->chosen_outgoing);
      break;
    case PROP_TESTING:
      g_value_set_boolean (value, self->testing);
      break;
    case PROP_UNVERIFIED:
      g_value_set_boolean (value, bd_setup_session_get_unverified (self));
      break;
    case PROP_FOREIGN_DOMAINS:
      g_value_set_boxed (value, self->foreign_domains);
      break;
    case PROP_APPROVAL_NEEDED:
      g_value_set_boolean (value, bd_setup_session_get_approval_needed (self));
      break;
    case PROP_APPROVED:
      g_value_set_boolean (value, self->approved);
      break;
    case PROP_STORE_STATE:
      g_value_set_enum (value, self->store_state);
      break;
    case PROP_STORE_ERROR:
      g_value_set_string (value, self->store_error);
      break;
    case PROP_EXISTING:
      g_value_set_object (value, self->existing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bd_setup_session_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  BdSetupSession *self = BD_SETUP_SESSION (object);

  switch (prop_id)
    {
    case PROP_NAME:
      bd_setup_session_set_name (self, g_value_get_string (value));
      break;
    case PROP_ADDRESS_TEXT:
      bd_setup_session_set_address_text (self, g_value_get_string (value));
      break;
    case PROP_OFFLINE:
      bd_setup_session_set_offline (self, g_value_get_boolean (value));
      break;
    case PROP_DETECT_DELAY:
      bd_setup_session_set_detect_delay (self, g_value_get_uint (value));
      break;
    case PROP_APPROVED:
      if (g_value_get_boolean (value))
        bd_setup_session_approve (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
ro_boolean (const char *name)
{
  return g_param_spec_boolean (name, NULL, NULL, FALSE,
                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                               G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
ro_string (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                              G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
ro_object (const char *name,
           GType       type)
{
  return g_param_spec_object (name, NULL, NULL, type,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                              G_PARAM_STATIC_STRINGS);
}

static void
bd_setup_session_class_init (BdSetupSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = bd_setup_session_dispose;
  object_class->finalize = bd_setup_session_finalize;
  object_class->get_property = bd_setup_session_get_property;
  object_class->set_property = bd_setup_session_set_property;

  properties[PROP_PAGE] =
    g_param_spec_enum ("page", NULL, NULL, BD_TYPE_SETUP_PAGE, BD_SETUP_PAGE_ADDRESS,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, rw);
  properties[PROP_ADDRESS_TEXT] = g_param_spec_string ("address-text", NULL, NULL, NULL, rw);
  properties[PROP_ADDRESS] = ro_object ("address", BD_TYPE_ADDRESS);
  properties[PROP_ADDRESS_VALID] = ro_boolean ("address-valid");
  properties[PROP_ADDRESS_ERROR] = ro_string ("address-error");
  properties[PROP_HAS_PASSWORD] = ro_boolean ("has-password");
  properties[PROP_OFFLINE] = g_param_spec_boolean ("offline", NULL, NULL, FALSE, rw);
  properties[PROP_DETECT_DELAY] =
    g_param_spec_uint ("detect-delay", NULL, NULL, 0, 10000, DEFAULT_DETECT_DELAY_MS, rw);
  properties[PROP_CAN_CONTINUE] = ro_boolean ("can-continue");
  properties[PROP_CAN_GO_BACK] = ro_boolean ("can-go-back");
  properties[PROP_BUSY] = ro_boolean ("busy");
  properties[PROP_DETECTING] = ro_boolean ("detecting");
  properties[PROP_DETECTION] = ro_object ("detection", BD_TYPE_DETECTION);
  properties[PROP_CONFIG] = ro_object ("config", BD_TYPE_ACCOUNT_CONFIG);
  properties[PROP_PROVIDER_NAME] = ro_string ("provider-name");
  properties[PROP_DETECTION_ERROR] = ro_string ("detection-error");
  properties[PROP_DETECTION_ADVICE] = ro_string ("detection-advice");
  properties[PROP_SOURCES] = ro_object ("sources", G_TYPE_LIST_MODEL);
  properties[PROP_INCOMING] = ro_object ("incoming", G_TYPE_LIST_MODEL);
  properties[PROP_OUTGOING] = ro_object ("outgoing", G_TYPE_LIST_MODEL);
  properties[PROP_CHOSEN_INCOMING] = ro_object ("chosen-incoming", BD_TYPE_SERVER_CHECK);
  properties[PROP_CHOSEN_OUTGOING] = ro_object ("chosen-outgoing", BD_TYPE_SERVER_CHECK);
  properties[PROP_TESTING] = ro_boolean ("testing");
  properties[PROP_UNVERIFIED] = ro_boolean ("unverified");
  properties[PROP_FOREIGN_DOMAINS] =
    g_param_spec_boxed ("foreign-domains", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_APPROVAL_NEEDED] = ro_boolean ("approval-needed");
  properties[PROP_APPROVED] = g_param_spec_boolean ("approved", NULL, NULL, FALSE, rw);
  properties[PROP_STORE_STATE] =
    g_param_spec_enum ("store-state", NULL, NULL, BD_TYPE_STORE_STATE, BD_STORE_STATE_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE_ERROR] = ro_string ("store-error");
  properties[PROP_EXISTING] = ro_object ("existing", G_TYPE_LIST_MODEL);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bd_setup_session_init (BdSetupSession *self)
{
  self->detect_delay_ms = DEFAULT_DETECT_DELAY_MS;
  self->sources = g_list_store_new (BD_TYPE_SOURCE_PROGRESS);
  self->incoming = g_list_store_new (BD_TYPE_SERVER_CHECK);
  self->outgoing = g_list_store_new (BD_TYPE_SERVER_CHECK);
  self->existing = g_list_store_new (BD_TYPE_SERVER_CHECK);
  self->edited = g_ptr_array_new_with_free_func (g_object_unref);
  self->page_before_existing = BD_SETUP_PAGE_ADDRESS;
}

/**
 * bd_setup_session_new:
 *
 * Returns: (transfer full): a session on the address page.
 */
BdSetupSession *
bd_setup_session_new (void)
{
  return g_object_new (BD_TYPE_SETUP_SESSION, NULL);
}

const char *
bd_setup_session_get_name (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  return self->name;
}

void
bd_setup_session_set_name (BdSetupSession *self,
                           const char     *name)
{
  g_return_if_fail (BD_IS_SETUP_SESSION (self));

  if (bd_set_str (&self->name, name))
    notify (self, PROP_NAME);
}

const char *
bd_setup_session_get_address_text (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  return self->address_text;
}

/**
 * bd_setup_session_set_address_text:
 *
 * Takes the address as typed so far. Its validity follows at once; an error
 * message only once the typing pauses (an address half typed is not yet
 * wrong), or at once when one is already shown. A valid address that stays
 * unchanged for #BdSetupSession:detect-delay starts the detection.
 */
void
bd_setup_session_set_address_text (BdSetupSession *self,
                                   const char     *text)
{
  g_autoptr(BdAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ascii = NULL;
  gboolean was_valid;

  g_return_if_fail (BD_IS_SETUP_SESSION (self));

  if (!bd_set_str (&self->address_text, text))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  notify (self, PROP_ADDRESS_TEXT);

  was_valid = self->address != NULL;
  if (text != NULL && *text != '\0')
    address = bd_address_parse (text, &error);
  g_set_object (&self->address, address);
  notify (self, PROP_ADDRESS);
  if (was_valid != (address != NULL))
    notify (self, PROP_ADDRESS_VALID);

  g_free (self->address_error_pending);
  self->address_error_pending = error != NULL ? g_strdup (error->message) : NULL;
  if (address != NULL || text == NULL || *text == '\0')
    set_address_error (self, NULL);
  else if (self->address_error != NULL)
    set_address_error (self, self->address_error_pending);

  /* Another address: what was found for the old one no longer applies. */
  if (address != NULL)
    ascii = bd_address_dup_ascii (address);
  if (g_strcmp0 (ascii, self->detected_for) != 0)
    clear_detection (self);

  g_clear_handle_id (&self->typing_id, g_source_remove);
  if ((address == NULL && self->address_error_pending != NULL) ||
      (address != NULL && self->detected_for == NULL))
    self->typing_id = g_timeout_add (self->detect_delay_ms, typing_paused_cb, self);

  update_derived (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * bd_setup_session_get_address:
 *
 * Returns: (transfer none) (nullable): the address, when what was typed is
 *   valid.
 */
BdAddress *
bd_setup_session_get_address (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  return self->address;
}

gboolean
bd_setup_session_get_address_valid (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), FALSE);

  return self->address != NULL;
}

/**
 * bd_setup_session_get_address_error:
 *
 * Returns: (nullable): why the address is not valid, once that is worth
 *   saying.
 */
const char *
bd_setup_session_get_address_error (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  return self->address_error;
}

/**
 * bd_setup_session_set_password:
 * @password: (nullable): the password; "" or %NULL for none
 *
 * Keeps a copy of @password for the login tests and the keyring. The copy is
 * wiped when it is replaced and when the session ends; it is never a
 * property, so it shows in no notification.
 */
void
bd_setup_session_set_password (BdSetupSession *self,
                               const char     *password)
{
  gboolean had_password;

  g_return_if_fail (BD_IS_SETUP_SESSION (self));

  had_password = self->password != NULL;
  clear_password (self);
  if (password != NULL && *password != '\0')
    self->password = g_strdup (password);
  if (had_password != (self->password != NULL))
    notify (self, PROP_HAS_PASSWORD);
  update_derived (self);
}

gboolean
bd_setup_session_get_has_password (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), FALSE);

  return self->password != NULL;
}

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
  notify (self, PROP_OFFLINE);
}

gboolean
bd_setup_session_get_offline (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), FALSE);

  return self->offline;
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
}

/**
 * bd_setup_session_set_ca_pem:
 * @pem: (nullable): extra trust anchors for the server tests (tests)
 */
void
bd_setup_session_set_ca_pem (BdSetupSession *self,
                             GBytes         *pem)
{
  g_return_if_fail (BD_IS_SETUP_SESSION (self));

  g_clear_pointer (&self->ca_pem, g_bytes_unref);
  if (pem != NULL)
    self->ca_pem = g_bytes_ref (pem);
}

void
bd_setup_session_set_detect_delay (BdSetupSession *self,
                                   guint           delay_ms)
{
  g_return_if_fail (BD_IS_SETUP_SESSION (self));

  if (self->detect_delay_ms == delay_ms)
    return;
  self->detect_delay_ms = delay_ms;
  notify (self, PROP_DETECT_DELAY);
}

guint
bd_setup_session_get_detect_delay (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), 0);

  return self->detect_delay_ms;
}

/**
 * bd_setup_session_set_probe_timeout:
 * @timeout_ms: each test step's deadline; 0 for the probe's default
 */
void
bd_setup_session_set_probe_timeout (BdSetupSession *self,
                                    guint           timeout_ms)
{
  g_return_if_fail (BD_IS_SETUP_SESSION (self));

  self->probe_timeout_ms = timeout_ms;
}

BdSetupPage
bd_setup_session_get_page (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), BD_SETUP_PAGE_ADDRESS);

  return self->page;
}

/**
 * bd_setup_session_get_can_continue:
 *
 * Returns: whether the page's Continue may be pressed: a valid address; a
 *   detection that found settings; approved settings, a password and a
 *   working server in each direction.
 */
gboolean
bd_setup_session_get_can_continue (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), FALSE);

  return self->can_continue;
}

gboolean
bd_setup_session_get_can_go_back (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), FALSE);

  return self->can_go_back;
}

/**
 * bd_setup_session_get_busy:
 *
 * Returns: whether anything runs: a detection, a server test or the keyring.
 */
gboolean
bd_setup_session_get_busy (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), FALSE);

  return self->busy;
}

/**
 * bd_setup_session_go_forward:
 *
 * Continue. From the address: to the servers when the detection is done,
 * else to the detection's progress (starting it if the typing had not
 * paused yet). From the servers: to the last page, storing the password.
 *
 * Returns: whether the page changed; an invalid address shows its error.
 */
gboolean
bd_setup_session_go_forward (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), FALSE);

  switch (self->page)
    {
    case BD_SETUP_PAGE_ADDRESS:
      if (self->address == NULL)
        {
          g_clear_handle_id (&self->typing_id, g_source_remove);
          set_address_error (self, self->address_error_pending != NULL
                                   ? self->address_error_pending
                                   : _("Enter your email address."));
          return FALSE;
        }
      if (self->detected_for == NULL)
        bd_setup_session_start_detection (self);
      if (self->detection != NULL && bd_detection_get_config (self->detection) != NULL)
        enter_servers (self);
      else
        set_page (self, BD_SETUP_PAGE_DETECTION);
      return TRUE;

    case BD_SETUP_PAGE_DETECTION:
      if (!self->can_continue)
        return FALSE;
      enter_servers (self);
      return TRUE;

    case BD_SETUP_PAGE_SERVERS:
      if (!self->can_continue)
        return FALSE;
      set_page (self, BD_SETUP_PAGE_DONE);
      bd_setup_session_store (self);
      return TRUE;

    case BD_SETUP_PAGE_DONE:
    case BD_SETUP_PAGE_TEST_EXISTING:
    default:
      return FALSE;
    }
}

/**
 * bd_setup_session_go_back:
 *
 * Returns: whether the page changed.
 */
gboolean
bd_setup_session_go_back (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), FALSE);

  switch (self->page)
    {
    case BD_SETUP_PAGE_DETECTION:
    case BD_SETUP_PAGE_SERVERS:
      cancel_model (G_LIST_MODEL (self->incoming));
      cancel_model (G_LIST_MODEL (self->outgoing));
      set_page (self, BD_SETUP_PAGE_ADDRESS);
      return TRUE;
    case BD_SETUP_PAGE_DONE:
      set_page (self, BD_SETUP_PAGE_SERVERS);
      return TRUE;
    case BD_SETUP_PAGE_TEST_EXISTING:
      cancel_model (G_LIST_MODEL (self->existing));
      set_page (self, self->page_before_existing);
      return TRUE;
    case BD_SETUP_PAGE_ADDRESS:
    default:
      return FALSE;
    }
}

/**
 * bd_setup_session_show_test_existing:
 *
 * Goes to the page that tests the settings of an account the person
 * already has; going back returns to where the person was.
 */
void
bd_setup_session_show_test_existing (BdSetupSession *self)
{
  g_return_if_fail (BD_IS_SETUP_SESSION (self));

  if (self->page == BD_SETUP_PAGE_TEST_EXISTING)
    return;
  self->page_before_existing = self->page;
  set_page (self, BD_SETUP_PAGE_TEST_EXISTING);
}

/**
 * bd_setup_session_restart:
 *
 * Starts over with an empty address page, for another account.
 */
void
bd_setup_session_restart (BdSetupSession *self)
{
  g_return_if_fail (BD_IS_SETUP_SESSION (self));

  g_object_freeze_notify (G_OBJECT (self));
  bd_setup_session_cancel (self);
  clear_detection (self);
  bd_setup_session_set_address_text (self, NULL);
  bd_setup_session_set_name (self, NULL);
  bd_setup_session_set_password (self, NULL);
  g_clear_handle_id (&self->typing_id, g_source_remove);
  set_address_error (self, NULL);
  if (self->store_state != BD_STORE_STATE_NONE)
    {
      self->store_state = BD_STORE_STATE_NONE;
      notify (self, PROP_STORE_STATE);
    }
  set_page (self, BD_SETUP_PAGE_ADDRESS);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * bd_setup_session_cancel:
 *
 * Stops whatever runs. On the detection page it also goes back to the
 * address.
 */
void
bd_setup_session_cancel (BdSetupSession *self)
{
  g_return_if_fail (BD_IS_SETUP_SESSION (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->detect_run != NULL)
    {
      /* An unfinished detection is thrown away, to be run again. */
      cancel_detection (self);
      clear_detection (self);
    }
  cancel_model (G_LIST_MODEL (self->incoming));
  cancel_model (G_LIST_MODEL (self->outgoing));
  cancel_model (G_LIST_MODEL (self->existing));
  if (self->store_run != NULL)
    {
      abandon_store (self);
      set_store_state (self, BD_STORE_STATE_NONE, NULL);
    }
  if (self->page == BD_SETUP_PAGE_DETECTION)
    set_page (self, BD_SETUP_PAGE_ADDRESS);
  update_derived (self);
  g_object_thaw_notify (G_OBJECT (self));
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

/**
 * bd_setup_session_get_incoming:
 *
 * Returns: (transfer none): the #BdServerCheck of each server for receiving
 *   mail, IMAP first, then POP3, then the alternatives.
 */
GListModel *
bd_setup_session_get_incoming (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  return G_LIST_MODEL (self->incoming);
}

/**
 * bd_setup_session_get_outgoing:
 *
 * Returns: (transfer none): the #BdServerCheck of each server for sending
 *   mail, then the alternatives.
 */
GListModel *
bd_setup_session_get_outgoing (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  return G_LIST_MODEL (self->outgoing);
}

/**
 * bd_setup_session_get_chosen_incoming:
 *
 * Returns: (transfer none) (nullable): the server for receiving mail that
 *   is stored: the person's choice, else the first that works.
 */
BdServerCheck *
bd_setup_session_get_chosen_incoming (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  return self->chosen_incoming;
}

/**
 * bd_setup_session_get_chosen_outgoing:
 *
 * Returns: (transfer none) (nullable): the server for sending mail that is
 *   stored.
 */
BdServerCheck *
bd_setup_session_get_chosen_outgoing (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  return self->chosen_outgoing;
}

/**
 * bd_setup_session_choose:
 *
 * Makes @check the server of its direction, as long as it works.
 */
void
bd_setup_session_choose (BdSetupSession *self,
                         BdServerCheck  *check)
{
  g_return_if_fail (BD_IS_SETUP_SESSION (self));
  g_return_if_fail (BD_IS_SERVER_CHECK (check));

  if (model_contains (G_LIST_MODEL (self->incoming), check))
    g_set_object (&self->user_incoming, check);
  else if (model_contains (G_LIST_MODEL (self->outgoing), check))
    g_set_object (&self->user_outgoing, check);
  update_derived (self);
}

gboolean
bd_setup_session_get_testing (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), FALSE);

  return self->testing;
}

static void
test_model (BdSetupSession *self,
            GListModel     *model)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BdServerCheck) check = g_list_model_get_item (model, i);

      if (!bd_server_check_get_alternative (check))
        run_check (self, check);
      else
        bd_server_check_cancel (check);
    }
}

/**
 * bd_setup_session_test_servers:
 *
 * Tests every server found, all at once, with the password when there is
 * one and the settings need no approval (or have it).
 */
void
bd_setup_session_test_servers (BdSetupSession *self)
{
  g_return_if_fail (BD_IS_SETUP_SESSION (self));

  g_clear_handle_id (&self->retest_id, g_source_remove);
  g_ptr_array_set_size (self->edited, 0);
  test_model (self, G_LIST_MODEL (self->incoming));
  test_model (self, G_LIST_MODEL (self->outgoing));
  update_derived (self);
}

/**
 * bd_setup_session_test_server:
 *
 * Tests @check's server again now.
 */
void
bd_setup_session_test_server (BdSetupSession *self,
                              BdServerCheck  *check)
{
  g_return_if_fail (BD_IS_SETUP_SESSION (self));
  g_return_if_fail (BD_IS_SERVER_CHECK (check));

  g_ptr_array_remove (self->edited, check);
  run_check (self, check);
  update_derived (self);
}

/**
 * bd_setup_session_trust_certificate:
 * @check: a server of the session whose latest test failed only because of
 *   its certificate
 * @fingerprint: the fingerprint the person was shown and accepted, in hex
 *   (see bd_server_check_get_untrusted_fingerprint())
 *
 * Accepts that one certificate for @check's server (security rule 3) and
 * tests the server again with it: from now on exactly this certificate is
 * accepted there, and no other. Only then may the password go to it.
 *
 * Returns: %FALSE, changing nothing, when @fingerprint is not that of the
 *   certificate the latest test found, or that certificate cannot be
 *   accepted.
 */
gboolean
bd_setup_session_trust_certificate (BdSetupSession *self,
                                    BdServerCheck  *check,
                                    const char     *fingerprint)
{
  const char *offered;
  g_autofree char *pin = NULL;

  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), FALSE);
  g_return_val_if_fail (BD_IS_SERVER_CHECK (check), FALSE);
  g_return_val_if_fail (fingerprint != NULL, FALSE);

  offered = bd_server_check_get_untrusted_fingerprint (check);
  if (offered == NULL || g_ascii_strcasecmp (offered, fingerprint) != 0)
    return FALSE;
  if (!model_contains (G_LIST_MODEL (self->incoming), check) &&
      !model_contains (G_LIST_MODEL (self->outgoing), check) &&
      !model_contains (G_LIST_MODEL (self->existing), check))
    return FALSE;

  pin = g_strconcat ("sha256:", offered, NULL);
  if (!bd_server_check_set_pin (check, pin, NULL))
    return FALSE;
  bd_setup_session_test_server (self, check);
  return TRUE;
}

/**
 * bd_setup_session_get_unverified:
 *
 * Returns: whether the settings come from a source that cannot be verified
 *   (plain HTTP, DNS, guessing).
 */
gboolean
bd_setup_session_get_unverified (BdSetupSession *self)
{
  BdAccountConfig *config;

  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), FALSE);

  config = bd_setup_session_get_config (self);
  return config != NULL && bd_account_config_get_trust (config) == BD_TRUST_UNVERIFIED;
}

/**
 * bd_setup_session_get_foreign_domains:
 *
 * Returns: (transfer none) (nullable): the domains of servers that are not
 *   the address's own.
 */
const char * const *
bd_setup_session_get_foreign_domains (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  return (const char * const *) self->foreign_domains;
}

/**
 * bd_setup_session_get_approval_needed:
 *
 * Security rule 4, as bd_account_config_needs_approval() decides it.
 *
 * Returns: whether the person must approve the settings.
 */
gboolean
bd_setup_session_get_approval_needed (BdSetupSession *self)
{
  BdAccountConfig *config;

  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), FALSE);

  config = bd_setup_session_get_config (self);
  if (config == NULL || self->address == NULL)
    return FALSE;
  return bd_account_config_needs_approval (config, self->address) != BD_APPROVAL_NOT_NEEDED;
}

gboolean
bd_setup_session_get_approved (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), FALSE);

  return self->approved;
}

/**
 * bd_setup_session_approve:
 *
 * The person trusts the settings found: the servers are tested again, now
 * with the password.
 */
void
bd_setup_session_approve (BdSetupSession *self)
{
  g_return_if_fail (BD_IS_SETUP_SESSION (self));

  if (self->approved || bd_setup_session_get_config (self) == NULL)
    return;
  self->approved = TRUE;
  notify (self, PROP_APPROVED);
  if (self->page == BD_SETUP_PAGE_SERVERS)
    bd_setup_session_test_servers (self);
  update_derived (self);
}

BdStoreState
bd_setup_session_get_store_state (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), BD_STORE_STATE_NONE);

  return self->store_state;
}

/**
 * bd_setup_session_get_store_error:
 *
 * Returns: (nullable): why the password could not be stored.
 */
const char *
bd_setup_session_get_store_error (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  return self->store_error;
}

static void
set_store_state (BdSetupSession *self,
                 BdStoreState    state,
                 const char     *error)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (bd_set_str (&self->store_error, error))
    notify (self, PROP_STORE_ERROR);
  if (self->store_state != state)
    {
      self->store_state = state;
      notify (self, PROP_STORE_STATE);
    }
  update_derived (self);
  g_object_thaw_notify (G_OBJECT (self));
}

typedef struct _StoreRun
{
  BdSetupSession *self;      /* NULL once abandoned */
  GCancellable *cancellable;
  GPtrArray *servers;        /* still to store */
} StoreRun;

static void
store_run_free (StoreRun *run)
{
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->servers, g_ptr_array_unref);
  g_free (run);
}

static void store_next (StoreRun *run);

static void
abandon_store (BdSetupSession *self)
{
  StoreRun *run = g_steal_pointer (&self->store_run);

  if (run == NULL)
    return;
  run->self = NULL;
  g_cancellable_cancel (run->cancellable);
}

static void
store_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  StoreRun *run = user_data;
  BdSetupSession *self = run->self;
  g_autoptr(GError) error = NULL;

  if (!bd_keyring_store_finish (BD_KEYRING (object), result, &error))
    {
      if (self != NULL)
        {
          self->store_run = NULL;
          set_store_state (self, BD_STORE_STATE_FAILED, error->message);
        }
      store_run_free (run);
      return;
    }
  g_ptr_array_remove_index (run->servers, 0);
  store_next (run);
}

static void
store_next (StoreRun *run)
{
  BdSetupSession *self = run->self;

  if (self == NULL)
    {
      store_run_free (run);
      return;
    }
  if (run->servers->len == 0)
    {
      self->store_run = NULL;
      set_store_state (self, BD_STORE_STATE_STORED, NULL);
      store_run_free (run);
      return;
    }
  bd_keyring_store_async (self->keyring, g_ptr_array_index (run->servers, 0), self->password,
                          run->cancellable, store_done_cb, run);
}

/**
 * bd_setup_session_store:
 *
 * Stores the password in the keyring, once for each chosen server (the
 * #BdSetupSession:store-state tells how it goes). The servers page's
 * Continue does this.
 */
void
bd_setup_session_store (BdSetupSession *self)
{
  StoreRun *run;

  g_return_if_fail (BD_IS_SETUP_SESSION (self));

  abandon_store (self);

  if (self->password == NULL || self->chosen_incoming == NULL)
    {
      set_store_state (self, BD_STORE_STATE_FAILED,
                       _("There is no password or no working server to store it for."));
      return;
    }

  if (self->keyring == NULL)
    self->keyring = bd_keyring_new ();

  run = g_new0 (StoreRun, 1);
  run->self = self;
  run->cancellable = g_cancellable_new ();
  self->store_run = run;
  run->servers = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (run->servers, g_object_ref (bd_server_check_get_server (self->chosen_incoming)));
  if (self->chosen_outgoing != NULL)
    g_ptr_array_add (run->servers,
                     g_object_ref (bd_server_check_get_server (self->chosen_outgoing)));

  set_store_state (self, BD_STORE_STATE_STORING, NULL);
  store_next (run);
}

/**
 * bd_setup_session_get_existing:
 *
 * Returns: (transfer none): the #BdServerCheck of each server of the
 *   existing account being tested.
 */
GListModel *
bd_setup_session_get_existing (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  return G_LIST_MODEL (self->existing);
}

/**
 * bd_setup_session_set_existing_password:
 * @password: (nullable): the existing account's password; "" or %NULL for
 *   none
 *
 * Keeps the password that the existing account's servers are tested with,
 * apart from the assistant's own (bd_setup_session_set_password()): the
 * one never replaces the other. Wiped like it.
 */
void
bd_setup_session_set_existing_password (BdSetupSession *self,
                                        const char     *password)
{
  g_return_if_fail (BD_IS_SETUP_SESSION (self));

  wipe_string (&self->existing_password);
  if (password != NULL && *password != '\0')
    self->existing_password = g_strdup (password);
}

/**
 * bd_setup_session_test_existing:
 * @servers: (element-type BdServer): the servers the person entered
 *
 * Tests the given servers, all at once, with the existing account's
 * password (bd_setup_session_set_existing_password()) if there is one.
 */
void
bd_setup_session_test_existing (BdSetupSession *self,
                                GPtrArray      *servers)
{
  guint n;

  g_return_if_fail (BD_IS_SETUP_SESSION (self));
  g_return_if_fail (servers != NULL);

  clear_model (self, self->existing);
  for (guint i = 0; i < servers->len; i++)
    {
      g_autoptr(BdServerCheck) check = bd_server_check_new (g_ptr_array_index (servers, i),
                                                            FALSE);

      add_check (self, self->existing, check);
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (self->existing));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BdServerCheck) check = g_list_model_get_item (G_LIST_MODEL (self->existing), i);

      run_check (self, check);
    }
  update_derived (self);
}

static void
append_server_settings (GString    *out,
                        const char *heading,
                        BdServer   *server)
{
  const char *username = bd_server_get_username (server);

  g_string_append_printf (out, "%s (%s)\n", heading,
                          bd_protocol_get_label (bd_server_get_protocol (server)));
  g_string_append_printf (out, "  %s %s\n", _("Server:"), bd_server_get_hostname (server));
  g_string_append_printf (out, "  %s %u\n", _("Port:"), bd_server_get_port (server));
  g_string_append_printf (out, "  %s %s\n", _("Security:"),
                          bd_security_get_label (bd_server_get_security (server)));
  if (username != NULL)
    g_string_append_printf (out, "  %s %s\n", _("User name:"), username);
}

static void
append_check_settings (GString       *out,
                       const char    *heading,
                       BdServerCheck *check)
{
  const char *pin = bd_server_check_get_pin (check);

  append_server_settings (out, heading, bd_server_check_get_server (check));
  if (pin != NULL)
    /* TRANSLATORS: the one certificate the person accepted, by its fingerprint */
    g_string_append_printf (out, "  %s %s\n", _("Accepted certificate:"), pin);
}

/**
 * bd_setup_session_dup_settings_text:
 *
 * Returns: (transfer full) (nullable): the chosen servers, as a person would
 *   type them into a mail program; never the password.
 */
char *
bd_setup_session_dup_settings_text (BdSetupSession *self)
{
  GString *out;

  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  if (self->chosen_incoming == NULL && self->chosen_outgoing == NULL)
    return NULL;

  out = g_string_new (NULL);
  if (self->address != NULL)
    g_string_append_printf (out, "%s %s\n\n", _("Email address:"),
                            bd_address_get_display (self->address));
  if (self->chosen_incoming != NULL)
    append_check_settings (out, _("Incoming mail"), self->chosen_incoming);
  if (self->chosen_outgoing != NULL)
    append_check_settings (out, _("Outgoing mail"), self->chosen_outgoing);
  return g_string_free (out, FALSE);
}

static void
collect_reports (GListModel *model,
                 GPtrArray  *reports)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BdServerCheck) check = g_list_model_get_item (model, i);
      BdProbeReport *report = bd_server_check_get_report (check);

      if (report != NULL)
        g_ptr_array_add (reports, g_object_ref (report));
    }
}

/* The certificates the person accepted by their fingerprints. */
static void
append_pins (GString    *out,
             GListModel *model)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BdServerCheck) check = g_list_model_get_item (model, i);
      g_autofree char *title = NULL;

      if (bd_server_check_get_pin (check) == NULL)
        continue;
      title = bd_server_check_dup_title (check);
      /* TRANSLATORS: "Accepted by you for imap.example.com:993: the certificate sha256:ab12…" */
      g_string_append_printf (out, _("Accepted by you for %s: the certificate %s\n"), title,
                              bd_server_check_get_pin (check));
    }
}

/**
 * bd_setup_session_dup_report_text:
 *
 * Returns: (transfer full): the diagnosis: what detection found and every
 *   server test, redacted (reports never hold a secret). On the page that
 *   tests an existing account, that account's tests only.
 */
char *
bd_setup_session_dup_report_text (BdSetupSession *self)
{
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func (g_object_unref);
  GString *out;

  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  out = g_string_new (NULL);
  if (self->page == BD_SETUP_PAGE_TEST_EXISTING)
    collect_reports (G_LIST_MODEL (self->existing), reports);
  else
    {
      if (self->detection != NULL)
        {
          g_autofree char *text = bd_report_detection_to_text (self->detection);

          g_string_append (out, text);
        }
      collect_reports (G_LIST_MODEL (self->incoming), reports);
      collect_reports (G_LIST_MODEL (self->outgoing), reports);
    }
  if (reports->len > 0)
    {
      g_autofree char *text = bd_probe_render_text (reports);

      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, text);
    }
  if (self->page == BD_SETUP_PAGE_TEST_EXISTING)
    append_pins (out, G_LIST_MODEL (self->existing));
  else
    {
      append_pins (out, G_LIST_MODEL (self->incoming));
      append_pins (out, G_LIST_MODEL (self->outgoing));
    }
  if (out->len == 0)
    g_string_append_printf (out, "%s\n", _("Nothing has been tested yet."));
  return g_string_free (out, FALSE);
}
