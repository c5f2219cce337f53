/* bd-network-diagnosis.c
 *
 * One failed lookup cannot tell "this name does not exist" from "this
 * computer cannot look any name up": a resolver that answers "no such
 * name" for every name (a captive portal, filtering DNS, a broken VPN, an
 * offline machine with a stale resolver) says the same words about
 * imap.gmail.com as about a typo. So when lookups fail, this asks about
 * names that must exist (the reference names: the root's a.root-servers.net
 * and IANA's example.com by default, plus whatever the caller knows must
 * exist, such as the ISPDB's host), and what GNetworkMonitor knows, and
 * says which it is: no network, a name server that denies everything, one
 * that does not answer, a network that wants a sign-in first, or names
 * that work (so the failed one really does not exist).
 *
 * The verdict is a pure function of those facts
 * (bd_network_verdict_classify()), tested table by table; the run only
 * gathers them. A name that resolves settles it at once: names work. The
 * reference names are looked up at the same time, under one deadline, so
 * a resolver that never answers costs that deadline and no more.
 *
 * A captive portal without NetworkManager to see it is found through a
 * suspect: an address, or a name, that the caller's failures led to
 * (bd_network_diagnosis_set_suspect_address()).
 *
 * Tests must not reach the internet, and the reference names would: the
 * environment variable BREVDUVA_REFERENCE_NAMES (names separated by commas
 * or spaces) replaces the default ones, so a test world's own DNS serves
 * them.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-network-diagnosis.h"

static const char * const default_reference_names[] = {
  "a.root-servers.net",
  "example.com",
};

struct _BdNetworkDiagnosis
{
  GObject parent_instance;

  GResolver *resolver;
  GNetworkMonitor *monitor;
  GPtrArray *names;   /* of char *, the caller's own reference names */
  guint timeout_ms;
  char *suspect;      /* an address the servers' names led to, or NULL */
  char *suspect_name; /* a name whose addresses are suspects too, or NULL */
};

G_DEFINE_FINAL_TYPE (BdNetworkDiagnosis, bd_network_diagnosis, G_TYPE_OBJECT)

/**
 * bd_network_verdict_classify:
 * @network_available: what g_network_monitor_get_network_available() says
 * @connectivity: what g_network_monitor_get_connectivity() says
 * @lookups: (array length=n_lookups): how each lookup of a reference name ended
 *
 * A name that resolves is the strongest fact: names work, whatever the
 * monitor believes (it cannot see a proxy or a route it does not know),
 * unless the monitor knows the network holds everything back for a
 * sign-in page. Without one, no network at all explains every failure;
 * otherwise the name server is broken, in one of two ways.
 *
 * Returns: the verdict.
 */
BdNetworkVerdict
bd_network_verdict_classify (gboolean              network_available,
                             GNetworkConnectivity  connectivity,
                             const BdNameLookup   *lookups,
                             guint                 n_lookups)
{
  gboolean denied = FALSE;

  g_return_val_if_fail (lookups != NULL || n_lookups == 0, BD_NETWORK_VERDICT_UNKNOWN);

  if (connectivity == G_NETWORK_CONNECTIVITY_PORTAL && network_available)
    return BD_NETWORK_VERDICT_CAPTIVE_PORTAL;
  for (guint i = 0; i < n_lookups; i++)
    if (lookups[i] == BD_NAME_LOOKUP_RESOLVED)
      return BD_NETWORK_VERDICT_NAMES_WORK;
  if (!network_available)
    return BD_NETWORK_VERDICT_OFFLINE;
  if (n_lookups == 0)
    return BD_NETWORK_VERDICT_UNKNOWN;
  for (guint i = 0; i < n_lookups; i++)
    denied |= lookups[i] == BD_NAME_LOOKUP_NOT_FOUND;
  /* One "no such name" for a name that must exist is enough: a name server
   * that answers at all, and answers that, is the one that is wrong. */
  return denied ? BD_NETWORK_VERDICT_DNS_DENIES_ALL : BD_NETWORK_VERDICT_DNS_SILENT;
}

/**
 * bd_network_verdict_is_local:
 *
 * Returns: whether @verdict is about this computer or its network, so that
 *   a failed lookup says nothing about the name itself.
 */
gboolean
bd_network_verdict_is_local (BdNetworkVerdict verdict)
{
  return verdict == BD_NETWORK_VERDICT_OFFLINE ||
         verdict == BD_NETWORK_VERDICT_DNS_DENIES_ALL ||
         verdict == BD_NETWORK_VERDICT_DNS_SILENT ||
         verdict == BD_NETWORK_VERDICT_CAPTIVE_PORTAL;
}

/**
 * bd_network_verdict_to_error:
 *
 * Returns: (transfer full) (nullable): the cause, in the words a person
 *   sees once, above everything it explains (its advice is the code's);
 *   %NULL when @verdict is not about this computer.
 */
GError *
bd_network_verdict_to_error (BdNetworkVerdict verdict)
{
  switch (verdict)
    {
    case BD_NETWORK_VERDICT_OFFLINE:
      return g_error_new_literal (BD_ERROR, BD_ERROR_NETWORK_UNREACHABLE,
                                  _("This computer is not connected to a network, so no "
                                    "name can be looked up."));
    case BD_NETWORK_VERDICT_DNS_DENIES_ALL:
      return g_error_new_literal (BD_ERROR, BD_ERROR_DNS_UNAVAILABLE,
                                  _("This computer cannot look up names: its name server "
                                    "says that even names that must exist do not."));
    case BD_NETWORK_VERDICT_DNS_SILENT:
      return g_error_new_literal (BD_ERROR, BD_ERROR_DNS_UNAVAILABLE,
                                  _("This computer cannot look up names: its name server "
                                    "does not answer."));
    case BD_NETWORK_VERDICT_CAPTIVE_PORTAL:
      return g_error_new_literal (BD_ERROR, BD_ERROR_CAPTIVE_PORTAL,
                                  _("Sign in to this network first: it lets nothing through "
                                    "until you do."));
    case BD_NETWORK_VERDICT_UNKNOWN:
    case BD_NETWORK_VERDICT_NAMES_WORK:
    default:
      return NULL;
    }
}

/* The short forms of every shared cause, said under it for each server or
 * source it explains, while the cause itself is said once above them. */
static const struct
{
  BdErrorCode code;
  const char *not_tried;
  const char *not_reached;
} cause_words[] = {
  { BD_ERROR_NETWORK_UNREACHABLE,
    N_("Not tried: this computer is offline."),
    N_("Not reached: this computer is offline.") },
  { BD_ERROR_DNS_UNAVAILABLE,
    N_("Not tried: this computer cannot look up names."),
    N_("Not reached: this computer cannot look up names.") },
  { BD_ERROR_CAPTIVE_PORTAL,
    N_("Not tried: this network wants you to sign in first."),
    N_("Not reached: this network wants you to sign in first.") },
  { BD_ERROR_PROXY_UNREACHABLE,
    N_("Not tried: the proxy cannot be reached."),
    N_("Not reached: the proxy cannot be reached.") },
  { BD_ERROR_PROXY_AUTH_FAILED,
    N_("Not tried: the proxy wants a user name and password."),
    N_("Not reached: the proxy wants a user name and password.") },
};

/**
 * bd_network_cause_get_words:
 * @cause: a cause shared by several servers or sources
 * @words: which form
 *
 * Returns: (nullable): the few words a server's row (or a source's) says
 *   under @cause, which is said once above them; %NULL when @cause is not
 *   one that is shared.
 */
const char *
bd_network_cause_get_words (const GError *cause,
                            BdCauseWords  words)
{
  g_return_val_if_fail (cause != NULL, NULL);

  if (cause->domain != BD_ERROR)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (cause_words); i++)
    if ((int) cause_words[i].code == cause->code)
      return _(words == BD_CAUSE_WORDS_NOT_TRIED ? cause_words[i].not_tried
                                                 : cause_words[i].not_reached);
  return NULL;
}

/**
 * bd_name_lookup_from_error:
 * @error: (nullable): how a lookup failed; %NULL when it resolved
 */
BdNameLookup
bd_name_lookup_from_error (const GError *error)
{
  if (error == NULL)
    return BD_NAME_LOOKUP_RESOLVED;
  if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
    return BD_NAME_LOOKUP_NOT_FOUND;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return BD_NAME_LOOKUP_TIMED_OUT;
  return BD_NAME_LOOKUP_FAILED;
}

static void
bd_network_diagnosis_finalize (GObject *object)
{
  BdNetworkDiagnosis *self = BD_NETWORK_DIAGNOSIS (object);

  g_clear_object (&self->resolver);
  g_clear_object (&self->monitor);
  g_clear_pointer (&self->names, g_ptr_array_unref);
  g_free (self->suspect);
  g_free (self->suspect_name);

  G_OBJECT_CLASS (bd_network_diagnosis_parent_class)->finalize (object);
}

static void
bd_network_diagnosis_class_init (BdNetworkDiagnosisClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bd_network_diagnosis_finalize;
}

static void
bd_network_diagnosis_init (BdNetworkDiagnosis *self)
{
  self->names = g_ptr_array_new_with_free_func (g_free);
  self->timeout_ms = BD_NETWORK_DIAGNOSIS_DEFAULT_TIMEOUT_MS;
}

BdNetworkDiagnosis *
bd_network_diagnosis_new (void)
{
  return g_object_new (BD_TYPE_NETWORK_DIAGNOSIS, NULL);
}

/* The resolver to ask; the default one when unset. */
void
bd_network_diagnosis_set_resolver (BdNetworkDiagnosis *self,
                                   GResolver          *resolver)
{
  g_return_if_fail (BD_IS_NETWORK_DIAGNOSIS (self));
  g_return_if_fail (resolver == NULL || G_IS_RESOLVER (resolver));

  g_set_object (&self->resolver, resolver);
}

/* The monitor to ask; the default one when unset. */
void
bd_network_diagnosis_set_monitor (BdNetworkDiagnosis *self,
                                  GNetworkMonitor    *monitor)
{
  g_return_if_fail (BD_IS_NETWORK_DIAGNOSIS (self));
  g_return_if_fail (monitor == NULL || G_IS_NETWORK_MONITOR (monitor));

  g_set_object (&self->monitor, monitor);
}

void
bd_network_diagnosis_set_timeout (BdNetworkDiagnosis *self,
                                  guint               timeout_ms)
{
  g_return_if_fail (BD_IS_NETWORK_DIAGNOSIS (self));

  self->timeout_ms = timeout_ms > 0 ? timeout_ms : BD_NETWORK_DIAGNOSIS_DEFAULT_TIMEOUT_MS;
}

/**
 * bd_network_diagnosis_set_suspect_address:
 * @address: (nullable): an IP address, in text, that the servers' names
 *   led to and that took no connection
 *
 * A captive portal's name server answers every name with its own address,
 * where a web server sends every page to its sign-in page; GNetworkMonitor
 * sees that only where NetworkManager checks for it. When a reference name
 * leads to @address too, the name server sends different names to one
 * place, and one web request there (GET / for the reference name, port 80,
 * no proxy) tells: a redirect to another host is a sign-in page
 * (%BD_NETWORK_VERDICT_CAPTIVE_PORTAL); anything else leaves the verdict
 * at "names work". Nothing is asked over HTTP unless both met there.
 */
void
bd_network_diagnosis_set_suspect_address (BdNetworkDiagnosis *self,
                                          const char         *address)
{
  g_autoptr(GInetAddress) inet = NULL;

  g_return_if_fail (BD_IS_NETWORK_DIAGNOSIS (self));

  g_clear_pointer (&self->suspect, g_free);
  inet = address != NULL ? g_inet_address_new_from_string (address) : NULL;
  if (inet != NULL)
    self->suspect = g_inet_address_to_string (inet);
}

/**
 * bd_network_diagnosis_set_suspect_name:
 * @hostname: (nullable): a name whose lookup led the caller nowhere (the
 *   domain that no source answered for, say)
 *
 * Looked up with the reference names, under the same deadline; its
 * addresses are suspects as bd_network_diagnosis_set_suspect_address()'s.
 * Its own outcome says nothing about whether names work.
 */
void
bd_network_diagnosis_set_suspect_name (BdNetworkDiagnosis *self,
                                       const char         *hostname)
{
  g_return_if_fail (BD_IS_NETWORK_DIAGNOSIS (self));

  g_free (self->suspect_name);
  self->suspect_name = hostname != NULL && *hostname != '\0' ? g_strdup (hostname) : NULL;
}

/**
 * bd_network_diagnosis_add_reference_name:
 * @hostname: a name that must exist, asked besides the default ones (the
 *   ISPDB's host, say); ignored when %NULL or empty
 */
void
bd_network_diagnosis_add_reference_name (BdNetworkDiagnosis *self,
                                         const char         *hostname)
{
  g_return_if_fail (BD_IS_NETWORK_DIAGNOSIS (self));

  if (hostname == NULL || *hostname == '\0')
    return;
  for (guint i = 0; i < self->names->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (self->names, i), hostname) == 0)
      return;
  g_ptr_array_add (self->names, g_strdup (hostname));
}

/* The caller's names, then BREVDUVA_REFERENCE_NAMES or the default ones. */
static GPtrArray *
dup_reference_names (BdNetworkDiagnosis *self)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *env = g_getenv ("BREVDUVA_REFERENCE_NAMES");
  g_auto(GStrv) from_env = NULL;

  for (guint i = 0; i < self->names->len; i++)
    g_ptr_array_add (names, g_strdup (g_ptr_array_index (self->names, i)));
  if (env != NULL)
    {
      from_env = g_strsplit_set (env, ", ", -1);
      for (guint i = 0; from_env[i] != NULL; i++)
        if (*from_env[i] != '\0')
          g_ptr_array_add (names, g_strdup (from_env[i]));
    }
  else
    {
      for (gsize i = 0; i < G_N_ELEMENTS (default_reference_names); i++)
        g_ptr_array_add (names, g_strdup (default_reference_names[i]));
    }
  return names;
}

typedef struct
{
  GPtrArray *names;
  BdNameLookup *lookups;     /* TIMED_OUT until the lookup ends */
  guint pending;
  gboolean network_available;
  GNetworkConnectivity connectivity;
  GCancellable *cancellable; /* the lookups' own, cancelled when the run ends */
  GCancellable *caller_cancellable;
  gulong cancelled_id;
  GSource *timeout;
  gboolean done;
  GStrv *resolved;           /* each reference name's addresses, as text */
  GPtrArray *suspects;       /* of char *: the suspect addresses */
  gboolean suspect_pending;  /* the suspect name's lookup runs */
  gboolean asking_portal;    /* the web request to the suspect runs */
  gboolean portal;           /* it was answered with a sign-in page */
} RunData;

static void
run_data_free (RunData *data)
{
  if (data->timeout != NULL)
    {
      g_source_destroy (data->timeout);
      g_source_unref (data->timeout);
    }
  if (data->caller_cancellable != NULL)
    g_cancellable_disconnect (data->caller_cancellable, data->cancelled_id);
  g_clear_object (&data->caller_cancellable);
  g_clear_object (&data->cancellable);
  g_free (data->lookups);
  for (guint i = 0; i < data->names->len; i++)
    g_strfreev (data->resolved[i]);
  g_free (data->resolved);
  g_ptr_array_unref (data->suspects);
  g_ptr_array_unref (data->names);
  g_free (data);
}

typedef struct
{
  GTask *task;
  guint index;
} LookupRef;

static void
finish (GTask *task)
{
  RunData *data = g_task_get_task_data (task);
  BdNetworkVerdict verdict;

  data->done = TRUE;
  if (data->timeout != NULL)
    {
      g_source_destroy (data->timeout);
      g_clear_pointer (&data->timeout, g_source_unref);
    }
  g_cancellable_cancel (data->cancellable);
  if (g_task_return_error_if_cancelled (task))
    return;

  verdict = data->portal ? BD_NETWORK_VERDICT_CAPTIVE_PORTAL
                         : bd_network_verdict_classify (data->network_available,
                                                        data->connectivity, data->lookups,
                                                        data->names->len);
  g_debug ("Network diagnosis: %u names, network %s, verdict %d", data->names->len,
           data->network_available ? "available" : "unavailable", verdict);
  g_task_return_int (task, verdict);
  return;
}

/* The captive portal's test: one web request. */

#define PORTAL_HEAD_MAX 4096

typedef struct
{
  char *address;
  char *hostname;
  guint timeout_ms;
} PortalAsk;

static void
portal_ask_free (PortalAsk *ask)
{
  g_free (ask->address);
  g_free (ask->hostname);
  g_free (ask);
}

/* Whether @head (a response's status line and headers) sends the browser
 * to another host than @hostname: a 3xx with an absolute Location. */
static gboolean
redirects_elsewhere (const char *head,
                     const char *hostname)
{
  g_auto(GStrv) lines = g_strsplit (head, "\r\n", -1);
  guint status = 0;

  if (lines[0] == NULL || sscanf (lines[0], "HTTP/%*u.%*u %u", &status) != 1 ||
      status < 300 || status > 399)
    return FALSE;
  for (guint i = 1; lines[i] != NULL; i++)
    if (g_ascii_strncasecmp (lines[i], "Location:", 9) == 0)
      {
        g_autoptr(GUri) uri = g_uri_parse (g_strstrip (lines[i] + 9), G_URI_FLAGS_NONE, NULL);

        return uri != NULL && g_uri_get_host (uri) != NULL &&
               g_ascii_strcasecmp (g_uri_get_host (uri), hostname) != 0;
      }
  return FALSE;
}

/* In a worker thread: GET / for the reference name, at the suspect address. */
static void
ask_portal_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  PortalAsk *ask = task_data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string (ask->address, 80);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autofree char *request = NULL;
  g_autoptr(GString) head = g_string_new (NULL);
  char buffer[512];
  gssize n = 1;

  /* Straight to the address: the question is what this network does. */
  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_timeout (client, MAX (1, (ask->timeout_ms + 999) / 1000));
  connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), cancellable,
                                        NULL);
  if (connection == NULL)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  request = g_strdup_printf ("GET / HTTP/1.1\r\nHost: %s\r\nUser-Agent: Brevduva\r\n"
                             "Connection: close\r\n\r\n", ask->hostname);
  if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                  request, strlen (request), NULL, cancellable, NULL))
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  while (n > 0 && head->len < PORTAL_HEAD_MAX && strstr (head->str, "\r\n\r\n") == NULL)
    {
      n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                               buffer, sizeof buffer, cancellable, NULL);
      if (n > 0)
        g_string_append_len (head, buffer, n);
    }
  g_task_return_boolean (task, redirects_elsewhere (head->str, ask->hostname));
}

static void
portal_asked_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);

  data->portal = g_task_propagate_boolean (G_TASK (result), NULL);
  g_debug ("Network diagnosis: the suspect address is %sa sign-in page",
           data->portal ? "" : "not ");
  data->asking_portal = FALSE;
  finish (task);
}

/* A reference name led to a suspect address: ask it for a web page. The
 * run's deadline stops waiting for the other names, not for this. */
static void
ask_portal (GTask      *task,
            const char *hostname,
            const char *address)
{
  RunData *data = g_task_get_task_data (task);
  g_autoptr(GTask) ask_task = g_task_new (NULL, data->cancellable, portal_asked_cb,
                                          g_object_ref (task));
  PortalAsk *ask = g_new0 (PortalAsk, 1);

  ask->address = g_strdup (address);
  ask->hostname = g_strdup (hostname);
  ask->timeout_ms = BD_NETWORK_DIAGNOSIS_DEFAULT_TIMEOUT_MS;
  data->asking_portal = TRUE;
  if (data->timeout != NULL)
    {
      g_source_destroy (data->timeout);
      g_clear_pointer (&data->timeout, g_source_unref);
    }
  g_task_set_task_data (ask_task, ask, (GDestroyNotify) portal_ask_free);
  g_task_run_in_thread (ask_task, ask_portal_thread);
}

/* The addresses of a lookup, as text; %NULL for none. */
static GStrv
addresses_to_strv (GList *addresses)
{
  g_autoptr(GStrvBuilder) builder = NULL;

  if (addresses == NULL)
    return NULL;
  builder = g_strv_builder_new ();
  for (GList *l = addresses; l != NULL; l = l->next)
    {
      g_autofree char *text = g_inet_address_to_string (l->data);

      g_strv_builder_add (builder, text);
    }
  return g_strv_builder_end (builder);
}

/* The first of @addresses that is a suspect, and not this computer's own
 * (a sign-in page is never there). */
static const char *
find_suspect (RunData            *data,
              const char * const *addresses)
{
  for (guint i = 0; addresses != NULL && addresses[i] != NULL; i++)
    {
      g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (addresses[i]);

      if (inet == NULL || g_inet_address_get_is_loopback (inet) ||
          g_inet_address_get_is_link_local (inet))
        continue;
      for (guint j = 0; j < data->suspects->len; j++)
        if (g_strcmp0 (addresses[i], g_ptr_array_index (data->suspects, j)) == 0)
          return addresses[i];
    }
  return NULL;
}

/* After each lookup: a reference name that led to a suspect address is
 * asked for a web page; one that resolved settles it (once the suspect
 * name, if any, has answered too); else the run waits for the rest. */
static void
decide (GTask *task)
{
  RunData *data = g_task_get_task_data (task);
  gboolean any_resolved = FALSE;

  for (guint i = 0; i < data->names->len; i++)
    {
      const char *suspect;

      if (data->lookups[i] != BD_NAME_LOOKUP_RESOLVED)
        continue;
      any_resolved = TRUE;
      suspect = find_suspect (data, (const char * const *) data->resolved[i]);
      if (suspect != NULL)
        {
          ask_portal (task, g_ptr_array_index (data->names, i), suspect);
          return;
        }
    }
  if (any_resolved ? !data->suspect_pending : data->pending == 0)
    finish (task);
}

/* Which lookup a LookupRef is: the suspect name's has this index. */
#define SUSPECT_INDEX G_MAXUINT

static void
looked_up_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LookupRef *ref = user_data;
  g_autoptr(GTask) task = ref->task;
  RunData *data = g_task_get_task_data (task);
  guint index = ref->index;
  g_autoptr(GError) error = NULL;
  GList *addresses;
  g_auto(GStrv) texts = NULL;

  g_free (ref);
  addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (object), result, &error);
  texts = addresses_to_strv (addresses);
  g_resolver_free_addresses (addresses);
  if (data->done || data->asking_portal)
    return;

  if (index == SUSPECT_INDEX)
    {
      data->suspect_pending = FALSE;
      for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
        g_ptr_array_add (data->suspects, g_strdup (texts[i]));
    }
  else
    {
      data->lookups[index] = bd_name_lookup_from_error (error);
      data->resolved[index] = g_steal_pointer (&texts);
      data->pending--;
    }
  decide (task);
}

static void
look_up (GTask      *task,
         GResolver  *resolver,
         const char *hostname,
         guint       index)
{
  RunData *data = g_task_get_task_data (task);
  LookupRef *ref = g_new0 (LookupRef, 1);

  ref->task = g_object_ref (task);
  ref->index = index;
  g_resolver_lookup_by_name_async (resolver, hostname, data->cancellable, looked_up_cb, ref);
}

static gboolean
timeout_cb (gpointer user_data)
{
  GTask *task = user_data;

  /* The lookups still running stay TIMED_OUT. */
  finish (task);
  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

/**
 * bd_network_diagnosis_run_async:
 *
 * Asks GNetworkMonitor, and looks up every reference name at once under
 * one deadline; ends as soon as one resolves.
 */
void
bd_network_diagnosis_run_async (BdNetworkDiagnosis  *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GResolver) resolver = NULL;
  GNetworkMonitor *monitor;
  RunData *data;

  g_return_if_fail (BD_IS_NETWORK_DIAGNOSIS (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_network_diagnosis_run_async);

  monitor = self->monitor != NULL ? self->monitor : g_network_monitor_get_default ();
  resolver = self->resolver != NULL ? g_object_ref (self->resolver) : g_resolver_get_default ();

  data = g_new0 (RunData, 1);
  data->names = dup_reference_names (self);
  data->lookups = g_new (BdNameLookup, MAX (data->names->len, 1));
  data->pending = data->names->len;
  data->network_available = g_network_monitor_get_network_available (monitor);
  data->connectivity = g_network_monitor_get_connectivity (monitor);
  data->resolved = g_new0 (GStrv, MAX (data->names->len, 1));
  data->suspects = g_ptr_array_new_with_free_func (g_free);
  if (self->suspect != NULL)
    g_ptr_array_add (data->suspects, g_strdup (self->suspect));
  data->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);

  if (cancellable != NULL)
    {
      data->caller_cancellable = g_object_ref (cancellable);
      data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                  data->cancellable, NULL);
    }

  if (data->names->len == 0)
    {
      finish (task);
      return;
    }

  data->timeout = g_timeout_source_new (self->timeout_ms);
  g_task_attach_source (task, data->timeout, timeout_cb);
  for (guint i = 0; i < data->names->len; i++)
    data->lookups[i] = BD_NAME_LOOKUP_TIMED_OUT;
  data->suspect_pending = self->suspect_name != NULL;
  if (self->suspect_name != NULL)
    look_up (task, resolver, self->suspect_name, SUSPECT_INDEX);
  for (guint i = 0; i < data->names->len; i++)
    look_up (task, resolver, g_ptr_array_index (data->names, i), i);
}

/**
 * bd_network_diagnosis_run_finish:
 *
 * Returns: the verdict; %BD_NETWORK_VERDICT_UNKNOWN with
 *   %G_IO_ERROR_CANCELLED when cancelled.
 */
BdNetworkVerdict
bd_network_diagnosis_run_finish (BdNetworkDiagnosis  *self,
                                 GAsyncResult        *result,
                                 GError             **error)
{
  GError *local = NULL;
  gssize verdict;

  g_return_val_if_fail (BD_IS_NETWORK_DIAGNOSIS (self), BD_NETWORK_VERDICT_UNKNOWN);
  g_return_val_if_fail (g_task_is_valid (result, self), BD_NETWORK_VERDICT_UNKNOWN);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bd_network_diagnosis_run_async,
                        BD_NETWORK_VERDICT_UNKNOWN);

  verdict = g_task_propagate_int (G_TASK (result), &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return BD_NETWORK_VERDICT_UNKNOWN;
    }
  return (BdNetworkVerdict) verdict;
}
