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
 * On the servers page every server is tested as the command line's check
 * tests it, and alternatives (the other standard port of the same server)
 * once every server of their side has failed. Settings from an unverified
 * source, or whose servers belong to another domain, are tested without
 * the password until the person approves them (security rule 4).
 * Continuing from the servers stores the password in the keyring, once for
 * each chosen server; the last page hands the account on (-export.c).
 *
 * One file per concern (bd-setup-session-private.h); this one has the
 * object, the passwords and the pages.
 *
 * The password is never a property, never logged, and its buffer is wiped
 * when it is replaced or the session ends; the lists of servers ask for it
 * as each test starts and keep no copy. The page that tests an existing
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

#include "bd-secret-private.h"
#include "bd-setup-session-private.h"

#define DEFAULT_DETECT_DELAY_MS 400

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

/* The password buffer is wiped before it is freed. */
static void
clear_password (BdSetupSession *self)
{
  bd_secret_string_clear (&self->password);
}

void
bd_setup_session_notify_prop (BdSetupSession     *self,
                              BdSetupSessionProp  prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
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
      if (bd_server_list_get_chosen (self->incoming) == NULL)
        return FALSE;
      if (g_list_model_get_n_items (G_LIST_MODEL (self->outgoing)) > 0 &&
          bd_server_list_get_chosen (self->outgoing) == NULL)
        return FALSE;
      return TRUE;
    case BD_SETUP_PAGE_DONE:
    case BD_SETUP_PAGE_TEST_EXISTING:
    default:
      return FALSE;
    }
}

/* Recomputes what derives from the rest and notifies what changed. */
void
bd_setup_session_update_derived (BdSetupSession *self)
{
  gboolean testing;
  gboolean busy;
  gboolean can_continue;
  gboolean can_go_back;

  g_object_freeze_notify (G_OBJECT (self));

  testing = bd_server_list_get_testing (self->incoming) ||
            bd_server_list_get_testing (self->outgoing) ||
            bd_server_list_get_testing (self->existing) ||
            bd_setup_session_finding_cause (self);
  if (testing != self->testing)
    {
      self->testing = testing;
      bd_setup_session_notify_prop (self, PROP_TESTING);
    }

  busy = self->detect_run != NULL || testing || self->store_state == BD_STORE_STATE_STORING;
  if (busy != self->busy)
    {
      self->busy = busy;
      bd_setup_session_notify_prop (self, PROP_BUSY);
    }

  can_continue = compute_can_continue (self);
  if (can_continue != self->can_continue)
    {
      self->can_continue = can_continue;
      bd_setup_session_notify_prop (self, PROP_CAN_CONTINUE);
    }

  can_go_back = self->page != BD_SETUP_PAGE_ADDRESS;
  if (can_go_back != self->can_go_back)
    {
      self->can_go_back = can_go_back;
      bd_setup_session_notify_prop (self, PROP_CAN_GO_BACK);
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
  bd_setup_session_notify_prop (self, PROP_PAGE);
  bd_setup_session_update_derived (self);
}

void
bd_setup_session_enter_servers (BdSetupSession *self)
{
  set_page (self, BD_SETUP_PAGE_SERVERS);
  bd_setup_session_test_servers (self);
}

/* Bindings. */

static void
bd_setup_session_dispose (GObject *object)
{
  BdSetupSession *self = BD_SETUP_SESSION (object);

  /* Closing the window ends every piece of work at once. */
  g_clear_handle_id (&self->typing_id, g_source_remove);
  bd_setup_session_cancel_detection (self);
  bd_setup_session_abandon_store (self);
  bd_setup_session_abandon_exports (self);
  g_clear_pointer (&self->export_runs, g_ptr_array_unref);
  g_clear_object (&self->export_choices);
  g_clear_pointer (&self->export_targets, g_ptr_array_unref);
  if (self->incoming != NULL)
    bd_setup_session_release_lists (self);
  g_clear_object (&self->detection);
  if (self->warm != NULL)
    bd_warm_connections_drop_all (self->warm);
  g_clear_object (&self->warm);
  g_clear_object (&self->keyring);
  g_clear_object (&self->provider_db);
  g_clear_pointer (&self->custom_sources, g_ptr_array_unref);
  g_clear_object (&self->resolver);
  g_clear_pointer (&self->ca_pem, g_bytes_unref);
  clear_password (self);
  bd_secret_string_clear (&self->existing_password);

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
  bd_setup_session_clear_causes (self);
  g_clear_pointer (&self->store_error, g_free);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->export_note, g_free);
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
      g_value_set_object (value, bd_server_list_get_chosen (self->incoming));
      break;
    case PROP_CHOSEN_OUTGOING:
      g_value_set_object (value, bd_server_list_get_chosen (self->outgoing));
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
    case PROP_EXPORT_CHOICES:
      g_value_set_object (value, bd_setup_session_get_export_choices (self));
      break;
    case PROP_EXPORT_NOTE:
      g_value_set_string (value, bd_setup_session_get_export_note (self));
      break;
    case PROP_NETWORK_CAUSE:
      g_value_set_string (value, bd_setup_session_get_network_cause (self));
      break;
    case PROP_NETWORK_CAUSE_ADVICE:
      g_value_set_string (value, bd_setup_session_get_network_cause_advice (self));
      break;
    case PROP_EXISTING_CAUSE:
      g_value_set_string (value, bd_setup_session_get_existing_cause (self));
      break;
    case PROP_EXISTING_CAUSE_ADVICE:
      g_value_set_string (value, bd_setup_session_get_existing_cause_advice (self));
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
  properties[PROP_EXPORT_CHOICES] = ro_object ("export-choices", G_TYPE_LIST_MODEL);
  properties[PROP_EXPORT_NOTE] = ro_string ("export-note");
  /* What made the servers fail at once (offline, no working name server, a
   * sign-in page), said once above them, and what to do; %NULL if none. */
  properties[PROP_NETWORK_CAUSE] = ro_string ("network-cause");
  properties[PROP_NETWORK_CAUSE_ADVICE] = ro_string ("network-cause-advice");
  properties[PROP_EXISTING_CAUSE] = ro_string ("existing-cause");
  properties[PROP_EXISTING_CAUSE_ADVICE] = ro_string ("existing-cause-advice");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bd_setup_session_init (BdSetupSession *self)
{
  self->detect_delay_ms = DEFAULT_DETECT_DELAY_MS;
  self->sources = g_list_store_new (BD_TYPE_SOURCE_PROGRESS);
  bd_setup_session_init_lists (self);
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
    bd_setup_session_notify_prop (self, PROP_HAS_PASSWORD);
  bd_setup_session_update_derived (self);
}

gboolean
bd_setup_session_get_has_password (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), FALSE);

  return self->password != NULL;
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

  bd_secret_string_clear (&self->existing_password);
  if (password != NULL && *password != '\0')
    self->existing_password = g_strdup (password);
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
          bd_setup_session_set_address_error (self, self->address_error_pending != NULL
                                   ? self->address_error_pending
                                   : _("Enter your email address."));
          return FALSE;
        }
      if (self->detected_for == NULL)
        bd_setup_session_start_detection (self);
      if (self->detection != NULL && bd_detection_get_config (self->detection) != NULL)
        bd_setup_session_enter_servers (self);
      else
        set_page (self, BD_SETUP_PAGE_DETECTION);
      return TRUE;

    case BD_SETUP_PAGE_DETECTION:
      if (!self->can_continue)
        return FALSE;
      bd_setup_session_enter_servers (self);
      return TRUE;

    case BD_SETUP_PAGE_SERVERS:
      if (!self->can_continue)
        return FALSE;
      set_page (self, BD_SETUP_PAGE_DONE);
      bd_setup_session_store (self);
      bd_setup_session_prepare_exports (self);
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
      bd_server_list_cancel (self->incoming);
      bd_server_list_cancel (self->outgoing);
      set_page (self, BD_SETUP_PAGE_ADDRESS);
      return TRUE;
    case BD_SETUP_PAGE_DONE:
      set_page (self, BD_SETUP_PAGE_SERVERS);
      return TRUE;
    case BD_SETUP_PAGE_TEST_EXISTING:
      bd_server_list_cancel (self->existing);
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
  bd_setup_session_clear_detection (self);
  bd_setup_session_set_address_text (self, NULL);
  bd_setup_session_set_name (self, NULL);
  bd_setup_session_set_password (self, NULL);
  g_clear_handle_id (&self->typing_id, g_source_remove);
  bd_setup_session_set_address_error (self, NULL);
  if (self->store_state != BD_STORE_STATE_NONE)
    {
      self->store_state = BD_STORE_STATE_NONE;
      bd_setup_session_notify_prop (self, PROP_STORE_STATE);
    }
  /* No hand-off of the last account goes on, or shows. */
  if (self->export_choices != NULL)
    bd_setup_session_prepare_exports (self);
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
      bd_setup_session_cancel_detection (self);
      bd_setup_session_clear_detection (self);
    }
  bd_server_list_cancel (self->incoming);
  bd_server_list_cancel (self->outgoing);
  bd_server_list_cancel (self->existing);
  if (self->store_run != NULL)
    {
      bd_setup_session_abandon_store (self);
      bd_setup_session_set_store_state (self, BD_STORE_STATE_NONE, NULL);
    }
  if (self->page == BD_SETUP_PAGE_DETECTION)
    set_page (self, BD_SETUP_PAGE_ADDRESS);
  bd_setup_session_update_derived (self);
  g_object_thaw_notify (G_OBJECT (self));
}
