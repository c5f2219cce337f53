/* bd-setup-session-servers.c
 *
 * The setup session's servers: the three lists (BdServerList) of the
 * servers found for receiving and for sending mail, and of an existing
 * account's servers, which the session tests with the right password and
 * settings; the person's choice among them; the certificates accepted by
 * their fingerprints; the approval of unverified settings (security rule
 * 4); and the text a person takes away from them (bd-check-render.c).
 *
 * When the servers of a list all fail at once, their one cause is found by
 * bd-setup-session-cause.c.
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
    }
  bd_setup_session_watch_cause (self, list);
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
  bd_setup_session_stop_causes (self);
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
      bd_server_list_set_warm_connections (lists[i], self->warm);
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

  bd_setup_session_want_cause (self, self->incoming);
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
  if (list != NULL)
    {
      bd_setup_session_want_cause (self, list);
      bd_server_list_test_one (list, check);
    }
  bd_setup_session_update_derived (self);
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
  bd_setup_session_want_cause (self, self->existing);
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
