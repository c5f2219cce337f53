/* bd-keyring.c
 *
 * One keyring item per server login, in the schema GNOME has always used for
 * network passwords, `org.gnome.keyring.NetworkPassword`, with the attributes
 * `user`, `server`, `protocol` (imap, pop3 or smtp) and `port` (an integer
 * attribute in that schema). So `secret-tool lookup protocol imap server HOST
 * user NAME` finds what Brevduva stored.
 *
 * Items go to the default collection, SECRET_COLLECTION_DEFAULT (the “Login”
 * keyring of GNOME Keyring). Storing an item whose attributes match an
 * existing one replaces its password and label, so there is only ever one
 * item per login.
 *
 * Everything goes through libsecret's password API (secret_password_*()),
 * never straight to D-Bus. Inside the Flatpak sandbox libsecret then picks
 * its file backend by itself, with the master secret from the Secret portal
 * (org.freedesktop.portal.Secret); nothing here needs to know. Only when the
 * Secret Service itself reports a locked collection is the SecretService
 * asked to unlock it, which cannot happen with that file backend.
 *
 * Passwords never reach a log or an error message. The one to store is
 * copied at once into a SecretValue, whose non-pageable memory libsecret
 * wipes when it is freed; a looked-up one is returned in that same memory,
 * for secret_password_free().
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "bd-enums.h"
#include "bd-error.h"
#include "bd-keyring.h"

#define KEYRING_ERROR_UNAVAILABLE BD_ERROR_KEYRING_UNAVAILABLE
#define KEYRING_ERROR_LOCKED BD_ERROR_KEYRING_LOCKED

struct _BdKeyring
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (BdKeyring, bd_keyring, G_TYPE_OBJECT)

/* The next step of an operation once its server is checked; it takes over
 * the reference to @task. */
typedef void (*KeyringStep) (GTask *task);

typedef struct
{
  GHashTable *attributes;
  char *label;
  SecretValue *value;
  gboolean unlocked;
} KeyringOp;

static void
keyring_op_free (KeyringOp *op)
{
  g_clear_pointer (&op->attributes, g_hash_table_unref);
  g_clear_pointer (&op->label, g_free);
  g_clear_pointer (&op->value, secret_value_unref);
  g_free (op);
}

static const SecretSchema *
network_schema (void)
{
  return secret_get_schema (SECRET_SCHEMA_TYPE_COMPAT_NETWORK);
}

static GError *
new_unavailable_error (const char *detail)
{
  return g_error_new (BD_ERROR, KEYRING_ERROR_UNAVAILABLE,
                      _("No keyring is available: no Secret Service, such as GNOME "
                        "Keyring, is running (%s)."), detail);
}

static GError *
new_locked_error (void)
{
  return g_error_new_literal (BD_ERROR, KEYRING_ERROR_LOCKED,
                              _("The keyring is locked, and it was not unlocked."));
}

static void
return_locked (GTask *task)
{
  g_task_return_error (task, new_locked_error ());
}

/* Whether @error says that nobody owns the Secret Service's bus name, or
 * that there is no session bus at all: libsecret's only GIOErrors are those
 * of connecting to the bus. */
static gboolean
is_unavailable_error (const GError *error)
{
  if (error->domain == G_DBUS_ERROR)
    {
      switch (error->code)
        {
        case G_DBUS_ERROR_SERVICE_UNKNOWN:
        case G_DBUS_ERROR_NAME_HAS_NO_OWNER:
        case G_DBUS_ERROR_NO_SERVER:
        case G_DBUS_ERROR_DISCONNECTED:
        case G_DBUS_ERROR_SPAWN_EXEC_FAILED:
        case G_DBUS_ERROR_SPAWN_FAILED:
        case G_DBUS_ERROR_SPAWN_CHILD_EXITED:
        case G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND:
        case G_DBUS_ERROR_SPAWN_SERVICE_INVALID:
          return TRUE;
        default:
          return FALSE;
        }
    }
  return error->domain == G_IO_ERROR;
}

/* Returns @error (which it takes) as a BD_ERROR, cancellation excepted. */
static GError *
to_bd_error (GError *error)
{
  g_autoptr(GError) owned = error;

  g_dbus_error_strip_remote_error (owned);
  if (g_error_matches (owned, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_steal_pointer (&owned);
  if (g_error_matches (owned, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    return new_locked_error ();
  if (is_unavailable_error (owned))
    return new_unavailable_error (owned->message);
  return g_error_new (BD_ERROR, BD_ERROR_FAILED, _("The keyring failed: %s"), owned->message);
}

static void
return_error (GTask  *task,
              GError *error)
{
  g_task_return_error (task, to_bd_error (error));
}

static gboolean
check_server (BdServer  *server,
              GError   **error)
{
  const char *hostname = bd_server_get_hostname (server);
  const char *username = bd_server_get_username (server);

  if (hostname == NULL || *hostname == '\0')
    {
      g_set_error_literal (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                           _("The server has no host name, so the keyring cannot keep "
                             "its password."));
      return FALSE;
    }
  if (username == NULL || *username == '\0')
    {
      g_set_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                   _("The server %s has no user name, so the keyring cannot keep "
                     "its password."), hostname);
      return FALSE;
    }
  return TRUE;
}

static GHashTable *
build_attributes (BdServer *server)
{
  BdProtocol protocol = bd_server_get_protocol (server);

  return secret_attributes_build (network_schema (),
                                  "user", bd_server_get_username (server),
                                  "server", bd_server_get_hostname (server),
                                  "protocol", bd_enum_get_nick (BD_TYPE_PROTOCOL, protocol),
                                  "port", (int) bd_server_get_port (server),
                                  NULL);
}

/**
 * bd_keyring_dup_lookup_command:
 * @server: the server, with its user name filled in
 *
 * The shell command that prints the password of @server's keyring item:
 * `secret-tool lookup` with the attributes build_attributes() gives the
 * item, the host and user name shell-quoted (they are the only ones that
 * can hold a character the shell takes for its own). A program's settings
 * that must fetch the password (msmtp's passwordeval, mbsync's PassCmd …)
 * name this command, quoted once more for that file's own syntax.
 *
 * Returns: (transfer full): the command, for `sh -c`.
 */
char *
bd_keyring_dup_lookup_command (BdServer *server)
{
  g_autofree char *host = NULL;
  g_autofree char *user = NULL;

  g_return_val_if_fail (BD_IS_SERVER (server), NULL);
  g_return_val_if_fail (bd_server_get_username (server) != NULL, NULL);

  host = g_shell_quote (bd_server_get_hostname (server));
  user = g_shell_quote (bd_server_get_username (server));
  /* The attributes of build_attributes(), in the order people type them. */
  return g_strdup_printf ("secret-tool lookup protocol %s server %s user %s port %u",
                          bd_enum_get_nick (BD_TYPE_PROTOCOL, bd_server_get_protocol (server)),
                          host, user, bd_server_get_port (server));
}

/* Takes @task and @op, checks @server, then goes on with @next. */
static void
keyring_op_start (GTask       *task,
                  KeyringOp   *op,
                  BdServer    *server,
                  KeyringStep  next)
{
  g_autoptr(GTask) owned = task;
  g_autoptr(GError) error = NULL;

  g_task_set_task_data (owned, op, (GDestroyNotify) keyring_op_free);
  if (!check_server (server, &error))
    {
      g_task_return_error (owned, g_steal_pointer (&error));
      return;
    }

  op->attributes = build_attributes (server);
  next (g_steal_pointer (&owned));
}

/* The first item of @items that is not locked. The search asked the Secret
 * Service to unlock, so a locked item left here means that the person
 * dismissed the unlock prompt, or that no prompt could be shown. */
static SecretRetrievable *
find_unlocked (GList    *items,
               gboolean *locked)
{
  *locked = FALSE;
  for (GList *l = items; l != NULL; l = l->next)
    {
      if (SECRET_IS_ITEM (l->data) && secret_item_get_locked (SECRET_ITEM (l->data)))
        *locked = TRUE;
      else
        return SECRET_RETRIEVABLE (l->data);
    }
  return NULL;
}

static void
search_unlocked (GTask               *task,
                 GAsyncReadyCallback  callback)
{
  KeyringOp *op = g_task_get_task_data (task);

  secret_password_searchv (network_schema (), op->attributes,
                           SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK,
                           g_task_get_cancellable (task), callback, task);
}

static void
bd_keyring_class_init (BdKeyringClass *klass)
{
}

static void
bd_keyring_init (BdKeyring *self)
{
}

/**
 * bd_keyring_new:
 *
 * Returns: (transfer full): a keyring that keeps mail passwords in the
 *   default collection of the Secret Service (or, in Flatpak, of libsecret's
 *   portal-backed file).
 */
BdKeyring *
bd_keyring_new (void)
{
  return g_object_new (BD_TYPE_KEYRING, NULL);
}

/**
 * bd_keyring_dup_label:
 * @server: the server, with its user name filled in
 *
 * Returns: (transfer full): the label of @server's keyring item, as Passwords
 *   and Keys (Seahorse) shows it.
 */
char *
bd_keyring_dup_label (BdServer *server)
{
  g_return_val_if_fail (BD_IS_SERVER (server), NULL);

  /* Translators: the name of a saved password, as the keyring (Passwords and
   * Keys) lists it: the user name, the server, then its protocol (IMAP, POP3 or
   * SMTP) and this program's name. */
  return g_strdup_printf (_("Mail password for %s on %s (%s, Brevduva)"),
                          bd_server_get_username (server),
                          bd_server_get_hostname (server),
                          bd_protocol_get_label (bd_server_get_protocol (server)));
}

static void unlock_default_collection (GTask *task);

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeyringOp *op = g_task_get_task_data (task);
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED) && !op->unlocked)
        {
          g_error_free (error);
          unlock_default_collection (g_steal_pointer (&task));
          return;
        }
      return_error (task, error);
      return;
    }

  g_clear_pointer (&op->value, secret_value_unref);
  g_task_return_boolean (task, TRUE);
}

static void
store_step (GTask *task)
{
  KeyringOp *op = g_task_get_task_data (task);

  secret_password_storev_binary (network_schema (), op->attributes, SECRET_COLLECTION_DEFAULT,
                                 op->label, op->value, g_task_get_cancellable (task),
                                 stored_cb, task);
}

static void
collection_unlocked_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeyringOp *op = g_task_get_task_data (task);
  GList *unlocked = NULL;
  GError *error = NULL;
  int n_unlocked;

  n_unlocked = secret_service_unlock_finish (SECRET_SERVICE (object), result, &unlocked, &error);
  g_list_free_full (unlocked, g_object_unref);
  if (error != NULL)
    {
      return_error (task, error);
      return;
    }
  if (n_unlocked == 0)
    {
      /* The person dismissed the unlock prompt, or none could be shown. */
      return_locked (task);
      return;
    }

  op->unlocked = TRUE;
  store_step (g_steal_pointer (&task));
}

static void
default_collection_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(SecretCollection) collection = NULL;
  g_autoptr(GList) objects = NULL;
  GError *error = NULL;

  collection = secret_collection_for_alias_finish (result, &error);
  if (error != NULL)
    {
      return_error (task, error);
      return;
    }
  if (collection == NULL)
    {
      return_locked (task);
      return;
    }

  objects = g_list_append (NULL, collection);
  secret_service_unlock (secret_collection_get_service (collection), objects, cancellable,
                         collection_unlocked_cb, g_steal_pointer (&task));
}

static void
service_ready_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(SecretService) service = NULL;
  GError *error = NULL;

  service = secret_service_get_finish (result, &error);
  if (service == NULL)
    {
      return_error (task, error);
      return;
    }

  secret_collection_for_alias (service, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE,
                               cancellable, default_collection_cb, g_steal_pointer (&task));
}

/* The Secret Service refuses new items in a locked collection, and does not
 * offer to unlock it, so that is done here: the Secret Service asks the
 * person for the keyring's password, then the store is tried once more. */
static void
unlock_default_collection (GTask *task)
{
  secret_service_get (SECRET_SERVICE_NONE, g_task_get_cancellable (task),
                      service_ready_cb, task);
}

/**
 * bd_keyring_store_async:
 * @self: a keyring
 * @server: the server whose login the password is for
 * @password: the password, copied at once into memory that is wiped after use
 * @cancellable: (nullable): cancels the store, and any unlock prompt
 * @callback: called when the password is stored or the store failed
 * @user_data: data for @callback
 *
 * Stores @password for @server's login in the default collection, replacing
 * the password of an item with the same user, server, protocol and port. When
 * that collection is locked, the Secret Service asks the person to unlock it;
 * when it stays locked, the store fails with a “locked” error.
 */
void
bd_keyring_store_async (BdKeyring           *self,
                        BdServer            *server,
                        const char          *password,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  KeyringOp *op;

  g_return_if_fail (BD_IS_KEYRING (self));
  g_return_if_fail (BD_IS_SERVER (server));
  g_return_if_fail (password != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_keyring_store_async);

  if (*password == '\0')
    {
      g_task_return_new_error (task, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                               _("The password is empty."));
      return;
    }
  if (!g_utf8_validate (password, -1, NULL))
    {
      g_task_return_new_error (task, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                               _("The password is not valid UTF-8 text."));
      return;
    }

  op = g_new0 (KeyringOp, 1);
  op->value = secret_value_new (password, -1, "text/plain");
  op->label = bd_keyring_dup_label (server);
  keyring_op_start (g_steal_pointer (&task), op, server, store_step);
}

/**
 * bd_keyring_store_finish:
 *
 * Returns: %TRUE when the password is stored; otherwise %FALSE with @error
 *   set, such as when no Secret Service is running or the keyring stayed
 *   locked.
 */
gboolean
bd_keyring_store_finish (BdKeyring     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (BD_IS_KEYRING (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bd_keyring_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
retrieved_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SecretValue *value;
  GError *error = NULL;
  char *password;
  gsize length;

  value = secret_retrievable_retrieve_secret_finish (SECRET_RETRIEVABLE (object), result, &error);
  if (value == NULL)
    {
      if (error != NULL)
        return_error (task, error);
      else
        g_task_return_pointer (task, NULL, NULL);
      return;
    }

  password = secret_value_unref_to_password (value, &length);
  if (password == NULL)
    {
      g_task_return_new_error (task, BD_ERROR, BD_ERROR_FAILED,
                               _("The keyring item holds something other than a text "
                                 "password."));
      return;
    }

  g_task_return_pointer (task, password, (GDestroyNotify) secret_password_free);
}

static void
lookup_found_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable = g_task_get_cancellable (task);
  GList *items;
  SecretRetrievable *item;
  GError *error = NULL;
  gboolean locked;

  items = secret_password_search_finish (result, &error);
  if (error != NULL)
    {
      return_error (task, error);
      return;
    }

  item = find_unlocked (items, &locked);
  if (item != NULL)
    secret_retrievable_retrieve_secret (item, cancellable, retrieved_cb, g_steal_pointer (&task));
  else if (locked)
    return_locked (task);
  else
    g_task_return_pointer (task, NULL, NULL);

  g_list_free_full (items, g_object_unref);
}

static void
lookup_step (GTask *task)
{
  search_unlocked (task, lookup_found_cb);
}

/**
 * bd_keyring_lookup_async:
 * @self: a keyring
 * @server: the server whose login to look up
 * @cancellable: (nullable): cancels the lookup, and any unlock prompt
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Looks up the password stored for @server's login. When its item is
 * locked, the Secret Service first asks the person to unlock it.
 */
void
bd_keyring_lookup_async (BdKeyring           *self,
                         BdServer            *server,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BD_IS_KEYRING (self));
  g_return_if_fail (BD_IS_SERVER (server));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_keyring_lookup_async);
  keyring_op_start (g_steal_pointer (&task), g_new0 (KeyringOp, 1), server, lookup_step);
}

/**
 * bd_keyring_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the password, to be freed with
 *   secret_password_free() (which wipes it), or %NULL. With @error unset,
 *   %NULL means that no password is stored for the server.
 */
char *
bd_keyring_lookup_finish (BdKeyring     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (BD_IS_KEYRING (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bd_keyring_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
cleared_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gboolean deleted;

  deleted = secret_password_clear_finish (result, &error);
  if (error != NULL)
    {
      return_error (task, error);
      return;
    }

  g_task_return_boolean (task, deleted);
}

static void
delete_found_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KeyringOp *op = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GList *items;
  GError *error = NULL;
  gboolean locked = FALSE;

  items = secret_password_search_finish (result, &error);
  if (error != NULL)
    {
      return_error (task, error);
      return;
    }

  /* A locked item cannot be deleted, and would survive unnoticed. */
  for (GList *l = items; l != NULL; l = l->next)
    locked |= SECRET_IS_ITEM (l->data) && secret_item_get_locked (SECRET_ITEM (l->data));

  if (items == NULL)
    g_task_return_boolean (task, FALSE);
  else if (locked)
    return_locked (task);
  else
    secret_password_clearv (network_schema (), op->attributes, cancellable, cleared_cb,
                            g_steal_pointer (&task));

  g_list_free_full (items, g_object_unref);
}

static void
delete_step (GTask *task)
{
  search_unlocked (task, delete_found_cb);
}

/**
 * bd_keyring_delete_async:
 * @self: a keyring
 * @server: the server whose stored login to delete
 * @cancellable: (nullable): cancels the deletion, and any unlock prompt
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Deletes the password stored for @server's login.
 */
void
bd_keyring_delete_async (BdKeyring           *self,
                         BdServer            *server,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BD_IS_KEYRING (self));
  g_return_if_fail (BD_IS_SERVER (server));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_keyring_delete_async);
  keyring_op_start (g_steal_pointer (&task), g_new0 (KeyringOp, 1), server, delete_step);
}

/**
 * bd_keyring_delete_finish:
 *
 * Returns: %TRUE when a password was deleted; %FALSE with @error unset when
 *   none was stored, and %FALSE with @error set when deleting failed.
 */
gboolean
bd_keyring_delete_finish (BdKeyring     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (BD_IS_KEYRING (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bd_keyring_delete_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The synchronous stores, for the hand-off's worker thread
 * (src/core/export): the same items as bd_keyring_store_async() makes,
 * and items of another program's schema. */

static gboolean
check_password (const char  *password,
                GError     **error)
{
  if (*password == '\0')
    {
      g_set_error_literal (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                           _("The password is empty."));
      return FALSE;
    }
  if (!g_utf8_validate (password, -1, NULL))
    {
      g_set_error_literal (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                           _("The password is not valid UTF-8 text."));
      return FALSE;
    }
  return TRUE;
}

/* As unlock_default_collection(), blocking: whether the default collection
 * is unlocked now. */
static gboolean
unlock_default_collection_sync (GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(SecretCollection) collection = NULL;
  g_autoptr(GList) objects = NULL;
  GList *unlocked = NULL;
  int n_unlocked;

  service = secret_service_get_sync (SECRET_SERVICE_NONE, cancellable, error);
  if (service == NULL)
    return FALSE;
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, cancellable, error);
  if (collection == NULL)
    return FALSE;

  objects = g_list_append (NULL, collection);
  n_unlocked = secret_service_unlock_sync (service, objects, cancellable, &unlocked, error);
  g_list_free_full (unlocked, g_object_unref);
  return n_unlocked > 0;
}

static gboolean
store_sync (const SecretSchema  *schema,
            GHashTable          *attributes,
            const char          *label,
            const char          *password,
            GCancellable        *cancellable,
            GError             **error)
{
  g_autoptr(SecretValue) value = secret_value_new (password, -1, "text/plain");
  GError *local_error = NULL;

  if (secret_password_storev_binary_sync (schema, attributes, SECRET_COLLECTION_DEFAULT,
                                          label, value, cancellable, &local_error))
    return TRUE;

  /* A locked collection: ask the Secret Service to unlock it, then once more. */
  if (g_error_matches (local_error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    {
      g_clear_error (&local_error);
      if (!unlock_default_collection_sync (cancellable, &local_error))
        {
          g_propagate_error (error, local_error != NULL ? to_bd_error (local_error)
                                                        : new_locked_error ());
          return FALSE;
        }
      if (secret_password_storev_binary_sync (schema, attributes, SECRET_COLLECTION_DEFAULT,
                                              label, value, cancellable, &local_error))
        return TRUE;
    }

  g_propagate_error (error, to_bd_error (local_error));
  return FALSE;
}

/**
 * bd_keyring_store_sync:
 * @self: a keyring
 * @server: the server whose login the password is for
 * @password: the password; libsecret copies it into memory it wipes
 * @cancellable: (nullable): cancels the store
 * @error: return location for an error
 *
 * Blocks while it does what bd_keyring_store_async() does: the same item,
 * in the same schema with the same attributes and label. For worker
 * threads only.
 *
 * Returns: %TRUE when the password is stored.
 */
gboolean
bd_keyring_store_sync (BdKeyring     *self,
                       BdServer      *server,
                       const char    *password,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (BD_IS_KEYRING (self), FALSE);
  g_return_val_if_fail (BD_IS_SERVER (server), FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  if (!check_password (password, error) || !check_server (server, error))
    return FALSE;

  attributes = build_attributes (server);
  label = bd_keyring_dup_label (server);
  return store_sync (network_schema (), attributes, label, password, cancellable, error);
}

/**
 * bd_keyring_store_item_sync:
 * @self: a keyring
 * @schema_name: another program's schema ("org.gnome.Evolution.Data.Source")
 * @attributes: (element-type utf8 utf8): its string attributes
 * @label: the item's label
 * @password: the password; libsecret copies it into memory it wipes
 * @cancellable: (nullable): cancels the store
 * @error: return location for an error
 *
 * Stores @password in an item of another program's schema, where that
 * program looks for it, replacing the password of an item with the same
 * attributes. Blocks: for worker threads only.
 *
 * Returns: %TRUE when the password is stored.
 */
gboolean
bd_keyring_store_item_sync (BdKeyring     *self,
                            const char    *schema_name,
                            GHashTable    *attributes,
                            const char    *label,
                            const char    *password,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GHashTable) types = g_hash_table_new (g_str_hash, g_str_equal);
  /* Not g_autoptr: libsecret 0.20.5 (Debian 12) declares SecretSchema's
   * cleanup as g_object_unref, and a schema is no GObject. */
  SecretSchema *schema;
  GHashTableIter iter;
  gpointer name;
  gboolean stored;

  g_return_val_if_fail (BD_IS_KEYRING (self), FALSE);
  g_return_val_if_fail (schema_name != NULL, FALSE);
  g_return_val_if_fail (attributes != NULL, FALSE);
  g_return_val_if_fail (label != NULL, FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  if (!check_password (password, error))
    return FALSE;

  g_hash_table_iter_init (&iter, attributes);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_hash_table_insert (types, name, GINT_TO_POINTER (SECRET_SCHEMA_ATTRIBUTE_STRING));
  schema = secret_schema_newv (schema_name, SECRET_SCHEMA_NONE, types);
  stored = store_sync (schema, attributes, label, password, cancellable, error);
  secret_schema_unref (schema);
  return stored;
}
