/* bd-setup-session-servers.c
 *
 * The setup session's servers: the three lists (BdServerList) of the
 * servers found for receiving and for sending mail, and of an existing
 * account's servers, which the session tests with the right password and
 * settings; the person's choice among them; the certificates accepted by
 * their fingerprints; the approval of unverified settings (security rule
 * 4); and the text a person takes away from them (bd-check-render.c).
 *
 * And the network's part: when the found servers' tests have all ended and
 * no name at all could be looked up, the session asks whether this
 * computer can look names up (bd-probe-cause.c, the rule `check` follows).
 * If it cannot, that one cause is the session's network-cause, which the
 * page says once above the rows, and each of those rows says only that it
 * was not tried.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-check-render.h"
#include "bd-error.h"
#include "bd-probe-cause.h"
#include "bd-server-check-private.h"
#include "bd-setup-session-private.h"

/* Security rule 4: nothing secret goes to servers the person has not
 * approved. */
static const char *
assistant_password_cb (BdServerList *list,
                       gpointer      user_data)
{
  BdSetupSession *self = user_data;

  if (bd_setup_session_get_approval_needed (self) && !self->approved)
    return NULL;
  return self->password;
}

/* The existing account's servers are the person's own. */
static const char *
existing_password_cb (BdServerList *list,
                      gpointer      user_data)
{
  BdSetupSession *self = user_data;

  return self->existing_password;
}

static void
list_chosen_cb (BdSetupSession *self,
                GParamSpec     *pspec,
                BdServerList   *list)
{
  bd_setup_session_notify_prop (self, list == self->incoming ? PROP_CHOSEN_INCOMING
                                                             : PROP_CHOSEN_OUTGOING);
  bd_setup_session_update_derived (self);
}

/* The shared cause. */

static void
set_network_cause (BdSetupSession *self,
                   GError         *cause)
{
  if (self->network_cause == NULL && cause == NULL)
    return;
  g_clear_error (&self->network_cause);
  self->network_cause = cause;
  bd_setup_session_notify_prop (self, PROP_NETWORK_CAUSE);
  bd_setup_session_notify_prop (self, PROP_NETWORK_CAUSE_ADVICE);
}

/* Stops the diagnosis that runs, and forgets the cause: new tests start. */
static void
forget_network_cause (BdSetupSession *self)
{
  if (self->cause_cancellable != NULL)
    g_cancellable_cancel (self->cause_cancellable);
  g_clear_object (&self->cause_cancellable);
  set_network_cause (self, NULL);
}

/* The failed rows of @list, and their reports, by the same index. */
static void
collect_failed (BdServerList *list,
                GPtrArray    *checks,
                GPtrArray    *reports)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(BdServerCheck) check = g_list_model_get_item (G_LIST_MODEL (list), i);
      BdProbeReport *report = bd_server_check_get_report (check);

      if (report == NULL || bd_server_check_get_state (check) != BD_CHECK_STATE_FAILED)
        continue;
      g_ptr_array_add (checks, g_object_ref (check));
      g_ptr_array_add (reports, g_object_ref (report));
    }
}

typedef struct
{
  BdSetupSession *self;  /* not held: a cancelled diagnosis does not touch it */
  GPtrArray *checks;
} CauseRun;

static void
cause_found_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  CauseRun *run = user_data;
  g_autoptr(GPtrArray) checks = run->checks;
  BdSetupSession *self = run->self;
  g_autoptr(GError) error = NULL;
  GError *cause;

  g_free (run);
  cause = bd_probe_cause_find_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cause_cancellable);
  /* The rows' reports were blamed in place: they say so now. */
  for (guint i = 0; cause != NULL && i < checks->len; i++)
    bd_server_check_refresh (g_ptr_array_index (checks, i));
  set_network_cause (self, cause);
  bd_setup_session_update_derived (self);
}

/* Once every found server's test has ended: one cause for them all? */
static void
found_testing_cb (BdSetupSession *self)
{
  g_autoptr(GPtrArray) reports = NULL;
  CauseRun *run;

  if (!self->cause_wanted || bd_server_list_get_testing (self->incoming) ||
      bd_server_list_get_testing (self->outgoing))
    return;
  self->cause_wanted = FALSE;
  reports = g_ptr_array_new_with_free_func (g_object_unref);
  run = g_new0 (CauseRun, 1);
  run->self = self;
  run->checks = g_ptr_array_new_with_free_func (g_object_unref);
  collect_failed (self->incoming, run->checks, reports);
  collect_failed (self->outgoing, run->checks, reports);
  self->cause_cancellable = g_cancellable_new ();
  bd_probe_cause_find_async (reports, self->resolver, self->cause_cancellable, cause_found_cb,
                             run);
  bd_setup_session_update_derived (self);
}

static BdServerList *
new_list (BdSetupSession   *self,
          BdServerListKind  kind)
{
  BdServerList *list = bd_server_list_new (kind);

  bd_server_list_set_password_func (list, kind == BD_SERVER_LIST_FOUND ? assistant_password_cb
                                                                      : existing_password_cb,
                                    self, NULL);
  if (kind == BD_SERVER_LIST_FOUND)
    {
      g_signal_connect_swapped (list, "notify::chosen", G_CALLBACK (list_chosen_cb), self);
      g_signal_connect_swapped (list, "notify::testing", G_CALLBACK (found_testing_cb), self);
    }
  g_signal_connect_swapped (list, "notify::testing",
                            G_CALLBACK (bd_setup_session_update_derived), self);
  g_signal_connect_swapped (list, "items-changed",
                            G_CALLBACK (bd_setup_session_update_derived), self);
  return list;
}

void
bd_setup_session_init_lists (BdSetupSession *self)
{
  self->incoming = new_list (self, BD_SERVER_LIST_FOUND);
  self->outgoing = new_list (self, BD_SERVER_LIST_FOUND);
  self->existing = new_list (self, BD_SERVER_LIST_GIVEN);
}

static void
release_list (BdSetupSession *self,
              BdServerList   *list)
{
  g_signal_handlers_disconnect_by_data (list, self);
  bd_server_list_set_password_func (list, NULL, NULL, NULL);
  bd_server_list_clear (list);
}

/* The lists outlive the session when a page still shows them: they let go
 * of it, and of their rows, which stops every test. */
void
bd_setup_session_release_lists (BdSetupSession *self)
{
  if (self->cause_cancellable != NULL)
    g_cancellable_cancel (self->cause_cancellable);
  g_clear_object (&self->cause_cancellable);
  release_list (self, self->incoming);
  release_list (self, self->outgoing);
  release_list (self, self->existing);
}

/* The lists test as the session's settings say. */
void
bd_setup_session_configure_lists (BdSetupSession *self)
{
  BdServerList *lists[] = { self->incoming, self->outgoing, self->existing };

  for (gsize i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      bd_server_list_set_offline (lists[i], self->offline);
      bd_server_list_set_resolver (lists[i], self->resolver);
      bd_server_list_set_ca_pem (lists[i], self->ca_pem);
      bd_server_list_set_timeout (lists[i], self->probe_timeout_ms);
    }
}

/* The list that @check is a row of, if any. */
static BdServerList *
find_list (BdSetupSession *self,
           BdServerCheck  *check)
{
  if (bd_server_list_contains (self->incoming, check))
    return self->incoming;
  if (bd_server_list_contains (self->outgoing, check))
    return self->outgoing;
  if (bd_server_list_contains (self->existing, check))
    return self->existing;
  return NULL;
}

/* How the servers are tested; tests set these. */

/**
 * bd_setup_session_set_ca_pem:
 * @pem: (nullable): extra trust anchors for the server tests (tests)
 *
 * Anchors given this way come from no file, so the settings handed to a
 * mail program trust the system's store (bd_setup_session_set_ca_file()).
 */
void
bd_setup_session_set_ca_pem (BdSetupSession *self,
                             GBytes         *pem)
{
  g_return_if_fail (BD_IS_SETUP_SESSION (self));

  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->ca_pem, g_bytes_unref);
  if (pem != NULL)
    self->ca_pem = g_bytes_ref (pem);
  bd_setup_session_configure_lists (self);
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
  bd_setup_session_configure_lists (self);
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

  return bd_server_list_get_chosen (self->incoming);
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

  return bd_server_list_get_chosen (self->outgoing);
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

  if (!bd_server_list_choose (self->incoming, check))
    bd_server_list_choose (self->outgoing, check);
  bd_setup_session_update_derived (self);
}

gboolean
bd_setup_session_get_testing (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), FALSE);

  return self->testing;
}

/**
 * bd_setup_session_test_servers:
 *
 * Tests every server found as the command line's check does
 * (BdProbeSchedule): the incoming ones at once, the outgoing ones as
 * staggered alternatives until one works, with the password when there is
 * one and the settings need no approval (or have it).
 */
void
bd_setup_session_test_servers (BdSetupSession *self)
{
  g_autoptr(BdSharedResolver) lookups = NULL;

  g_return_if_fail (BD_IS_SETUP_SESSION (self));

  forget_network_cause (self);
  self->cause_wanted = TRUE;
  /* Every name looked up once for both sides. */
  lookups = bd_shared_resolver_new (self->resolver);
  bd_server_list_test_all (self->incoming, lookups);
  bd_server_list_test_all (self->outgoing, lookups);
  bd_setup_session_update_derived (self);
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
  BdServerList *list;

  g_return_if_fail (BD_IS_SETUP_SESSION (self));
  g_return_if_fail (BD_IS_SERVER_CHECK (check));

  list = find_list (self, check);
  if (list != NULL && list != self->existing)
    {
      forget_network_cause (self);
      self->cause_wanted = TRUE;
    }
  if (list != NULL)
    bd_server_list_test_one (list, check);
  bd_setup_session_update_derived (self);
}

/**
 * bd_setup_session_get_network_cause:
 *
 * Returns: (nullable): what made the found servers fail at once, because
 *   of this computer or its network (offline, no working name server, a
 *   sign-in page), said once above them; %NULL when there is none.
 */
const char *
bd_setup_session_get_network_cause (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  return self->network_cause != NULL ? self->network_cause->message : NULL;
}

/**
 * bd_setup_session_get_network_cause_advice:
 *
 * Returns: (nullable): what to do about the network cause.
 */
const char *
bd_setup_session_get_network_cause_advice (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  if (self->network_cause == NULL || self->network_cause->domain != BD_ERROR)
    return NULL;
  return bd_error_code_get_advice (self->network_cause->code);
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
  if (find_list (self, check) == NULL)
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
  bd_setup_session_notify_prop (self, PROP_APPROVED);
  if (self->page == BD_SETUP_PAGE_SERVERS)
    bd_setup_session_test_servers (self);
  bd_setup_session_update_derived (self);
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
 * bd_setup_session_test_existing:
 * @servers: (element-type BdServer): the servers the person entered
 *
 * Tests the given servers as bd_setup_session_test_servers() tests the
 * found ones, with the existing account's password
 * (bd_setup_session_set_existing_password()) if there is one.
 */
void
bd_setup_session_test_existing (BdSetupSession *self,
                                GPtrArray      *servers)
{
  g_return_if_fail (BD_IS_SETUP_SESSION (self));
  g_return_if_fail (servers != NULL);

  bd_server_list_set_servers (self->existing, servers);
  bd_server_list_test_all (self->existing, NULL);
  bd_setup_session_update_derived (self);
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
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  return bd_check_render_settings (self->address, bd_server_list_get_chosen (self->incoming),
                                   bd_server_list_get_chosen (self->outgoing));
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
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  if (self->page == BD_SETUP_PAGE_TEST_EXISTING)
    return bd_check_render_report (NULL, G_LIST_MODEL (self->existing), NULL);
  return bd_check_render_report (self->detection, G_LIST_MODEL (self->incoming),
                                 G_LIST_MODEL (self->outgoing));
}
