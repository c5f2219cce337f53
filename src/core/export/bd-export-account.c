/* bd-export-account.c
 *
 * What a mail program is given: the servers the person chose, whether each
 * login was proven in this run, and how each certificate is trusted. It
 * holds no password: the password goes straight from the person (or the
 * keyring) to bd_export_target_apply_async().
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-export-account.h"

/* One chosen server and how far it was proven. */
typedef struct
{
  BdServer *server;
  gboolean  proven;
  char     *pin;
  GBytes   *pinned_der;
} Chosen;

struct _BdExportAccount
{
  GObject parent_instance;

  BdAddress *address;
  char      *name;
  char      *provider_id;
  char      *provider_name;
  Chosen     incoming;
  Chosen     outgoing;
  gboolean   browser_login;
  char      *ca_file;
};

G_DEFINE_FINAL_TYPE (BdExportAccount, bd_export_account, G_TYPE_OBJECT)

static void
chosen_clear (Chosen *chosen)
{
  g_clear_object (&chosen->server);
  g_clear_pointer (&chosen->pin, g_free);
  g_clear_pointer (&chosen->pinned_der, g_bytes_unref);
  chosen->proven = FALSE;
}

static void
bd_export_account_finalize (GObject *object)
{
  BdExportAccount *self = BD_EXPORT_ACCOUNT (object);

  g_clear_object (&self->address);
  g_free (self->name);
  g_free (self->provider_id);
  g_free (self->provider_name);
  chosen_clear (&self->incoming);
  chosen_clear (&self->outgoing);
  g_free (self->ca_file);

  G_OBJECT_CLASS (bd_export_account_parent_class)->finalize (object);
}

static void
bd_export_account_class_init (BdExportAccountClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bd_export_account_finalize;
}

static void
bd_export_account_init (BdExportAccount *self)
{
  self->name = g_strdup ("");
}

/**
 * bd_export_account_new:
 * @address: the account's address
 *
 * Returns: (transfer full): an account with no server yet.
 */
BdExportAccount *
bd_export_account_new (BdAddress *address)
{
  BdExportAccount *self;

  g_return_val_if_fail (address != NULL, NULL);

  self = g_object_new (BD_TYPE_EXPORT_ACCOUNT, NULL);
  self->address = g_object_ref (address);
  return self;
}

/* The provider lets mail programs in through its own web sign-in: every
 * setting that lists OAuth2 carries one of these notes (the autoconfig
 * parser adds BD_NOTE_OAUTH2; a provider's requirement adds the other).
 * Issue 12 §3: such an account is never handed off with a password. */
static gboolean
config_wants_browser_login (BdAccountConfig *config)
{
  return bd_account_config_find_note (config, BD_NOTE_OAUTH2) != NULL ||
         bd_account_config_find_note (config, BD_NOTE_OAUTH2_ONLY) != NULL;
}

/**
 * bd_export_account_new_from_config:
 * @config: the settings the servers come from
 * @address: the account's address
 *
 * Returns: (transfer full): an account with @config's provider and its
 *   browser-login rule, and no server yet: the caller sets the chosen ones.
 */
BdExportAccount *
bd_export_account_new_from_config (BdAccountConfig *config,
                                   BdAddress       *address)
{
  BdExportAccount *self;

  g_return_val_if_fail (BD_IS_ACCOUNT_CONFIG (config), NULL);

  self = bd_export_account_new (address);
  bd_export_account_set_provider (self, bd_account_config_get_provider_id (config),
                                  bd_account_config_get_display_name (config));
  self->browser_login = config_wants_browser_login (config);
  return self;
}

BdAddress *
bd_export_account_get_address (BdExportAccount *self)
{
  g_return_val_if_fail (BD_IS_EXPORT_ACCOUNT (self), NULL);

  return self->address;
}

const char *
bd_export_account_get_name (BdExportAccount *self)
{
  g_return_val_if_fail (BD_IS_EXPORT_ACCOUNT (self), NULL);

  return self->name;
}

/* Surrounding white space is dropped: it is a name in a From line. */
void
bd_export_account_set_name (BdExportAccount *self,
                            const char      *name)
{
  g_return_if_fail (BD_IS_EXPORT_ACCOUNT (self));

  g_free (self->name);
  self->name = g_strstrip (g_strdup (name != NULL ? name : ""));
}

const char *
bd_export_account_get_provider_id (BdExportAccount *self)
{
  g_return_val_if_fail (BD_IS_EXPORT_ACCOUNT (self), NULL);

  return self->provider_id;
}

const char *
bd_export_account_get_provider_name (BdExportAccount *self)
{
  g_return_val_if_fail (BD_IS_EXPORT_ACCOUNT (self), NULL);

  return self->provider_name;
}

void
bd_export_account_set_provider (BdExportAccount *self,
                                const char      *id,
                                const char      *name)
{
  g_return_if_fail (BD_IS_EXPORT_ACCOUNT (self));

  g_free (self->provider_id);
  self->provider_id = g_strdup (id);
  g_free (self->provider_name);
  self->provider_name = g_strdup (name);
}

static Chosen *
find_chosen (BdExportAccount *self,
             BdServer        *server)
{
  if (server != NULL && server == self->incoming.server)
    return &self->incoming;
  if (server != NULL && server == self->outgoing.server)
    return &self->outgoing;
  return NULL;
}

/**
 * bd_export_account_set_server:
 * @server: an incoming (IMAP, POP3) or outgoing (SMTP) server; it replaces
 *   the one set before in its direction
 * @proven: its login succeeded in this run
 * @pin: (nullable): "sha256:HEX" when its certificate is trusted by its
 *   fingerprint
 * @pinned_der: (nullable): that certificate, DER
 */
void
bd_export_account_set_server (BdExportAccount *self,
                              BdServer        *server,
                              gboolean         proven,
                              const char      *pin,
                              GBytes          *pinned_der)
{
  Chosen *chosen;

  g_return_if_fail (BD_IS_EXPORT_ACCOUNT (self));
  g_return_if_fail (BD_IS_SERVER (server));

  chosen = bd_server_is_incoming (server) ? &self->incoming : &self->outgoing;
  g_object_ref (server);
  chosen_clear (chosen);
  chosen->server = server;
  chosen->proven = proven;
  chosen->pin = g_strdup (pin);
  chosen->pinned_der = pinned_der != NULL ? g_bytes_ref (pinned_der) : NULL;
}

/**
 * bd_export_account_get_incoming:
 *
 * Returns: (transfer none) (nullable): the incoming server.
 */
BdServer *
bd_export_account_get_incoming (BdExportAccount *self)
{
  g_return_val_if_fail (BD_IS_EXPORT_ACCOUNT (self), NULL);

  return self->incoming.server;
}

/**
 * bd_export_account_get_outgoing:
 *
 * Returns: (transfer none) (nullable): the outgoing server.
 */
BdServer *
bd_export_account_get_outgoing (BdExportAccount *self)
{
  g_return_val_if_fail (BD_IS_EXPORT_ACCOUNT (self), NULL);

  return self->outgoing.server;
}

/* Returns: whether @server (one of this account's) was proven; FALSE for
 * any other server. */
gboolean
bd_export_account_get_proven (BdExportAccount *self,
                              BdServer        *server)
{
  Chosen *chosen;

  g_return_val_if_fail (BD_IS_EXPORT_ACCOUNT (self), FALSE);

  chosen = find_chosen (self, server);
  return chosen != NULL && chosen->proven;
}

/* Returns: (nullable): "sha256:HEX", or NULL when @server is verified the
 * usual way. */
const char *
bd_export_account_get_pin (BdExportAccount *self,
                           BdServer        *server)
{
  Chosen *chosen;

  g_return_val_if_fail (BD_IS_EXPORT_ACCOUNT (self), NULL);

  chosen = find_chosen (self, server);
  return chosen != NULL ? chosen->pin : NULL;
}

/* Returns: (transfer none) (nullable): the pinned certificate (DER). */
GBytes *
bd_export_account_get_pinned_certificate (BdExportAccount *self,
                                          BdServer        *server)
{
  Chosen *chosen;

  g_return_val_if_fail (BD_IS_EXPORT_ACCOUNT (self), NULL);

  chosen = find_chosen (self, server);
  return chosen != NULL ? chosen->pinned_der : NULL;
}

gboolean
bd_export_account_get_browser_login (BdExportAccount *self)
{
  g_return_val_if_fail (BD_IS_EXPORT_ACCOUNT (self), FALSE);

  return self->browser_login;
}

void
bd_export_account_set_browser_login (BdExportAccount *self,
                                     gboolean         browser_login)
{
  g_return_if_fail (BD_IS_EXPORT_ACCOUNT (self));

  self->browser_login = browser_login;
}

const char *
bd_export_account_get_ca_file (BdExportAccount *self)
{
  g_return_val_if_fail (BD_IS_EXPORT_ACCOUNT (self), NULL);

  return self->ca_file;
}

void
bd_export_account_set_ca_file (BdExportAccount *self,
                               const char      *path)
{
  g_return_if_fail (BD_IS_EXPORT_ACCOUNT (self));

  g_free (self->ca_file);
  self->ca_file = g_strdup (path);
}
