/* bd-resolver.c: a GResolver with a thread pool of its own
 *
 * GLib 2.74's GThreadedResolver runs every lookup on GTask's shared pool,
 * ten threads that grow by one a tenth of a second at most, each blocked
 * for a whole round trip. A detection asks ~18 questions at once (the
 * ISPDB's host, autoconfig.DOMAIN and DOMAIN, six SRV names, the MX, the
 * guess's six names), so the last ones waited a round trip in that queue:
 * S2's submission server was resolved in 2 RTT, not 1 (docs/performance.md,
 * "The resolver's queue"); a batch of domain checks asks ~14 a domain.
 * This resolver asks the same libc functions (getaddrinfo(), res_nquery())
 * on a pool sized for what the program asks at once; the command line and
 * the desktop program make it the default resolver (bd_resolver_install()),
 * so libsoup's lookups and the probes' use it too.
 *
 * A cancelled lookup returns at once, as GThreadedResolver's do; its
 * thread finishes the question in the background and drops the answer.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <netdb.h>
#include <netinet/in.h>
#include <arpa/nameser.h>
#include <resolv.h>
#include <string.h>
#include <sys/socket.h>

#include "bd-resolver.h"
#include "bd-resolver-private.h"

/* The largest DNS message over TCP. */
#define ANSWER_SIZE 65536

struct _BdResolver
{
  GResolver parent_instance;

  GThreadPool *pool;
};

G_DEFINE_FINAL_TYPE (BdResolver, bd_resolver, G_TYPE_RESOLVER)

typedef enum {
  JOB_NAME,
  JOB_RECORDS,
  JOB_ADDRESS,
} JobKind;

typedef struct
{
  JobKind kind;
  char *name;
  int family;                   /* JOB_NAME: AF_UNSPEC, AF_INET or AF_INET6 */
  GResolverRecordType type;     /* JOB_RECORDS */
  GInetAddress *address;        /* JOB_ADDRESS */
  GSource *cancel_source;
  gint done;                    /* atomic: the task has returned */
} Job;

static void
job_free (Job *job)
{
  if (job->cancel_source != NULL)
    {
      g_source_destroy (job->cancel_source);
      g_source_unref (job->cancel_source);
    }
  g_clear_object (&job->address);
  g_free (job->name);
  g_free (job);
}

static void
free_records (GList *records)
{
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);
}

static void
free_name (char *name)
{
  g_free (name);
}

static GResolverError
gai_error (int rc)
{
#ifdef EAI_NODATA       /* a GNU extension */
  if (rc == EAI_NODATA)
    return G_RESOLVER_ERROR_NOT_FOUND;
#endif
  if (rc == EAI_NONAME)
    return G_RESOLVER_ERROR_NOT_FOUND;
  if (rc == EAI_AGAIN)
    return G_RESOLVER_ERROR_TEMPORARY_FAILURE;
  return G_RESOLVER_ERROR_INTERNAL;
}

/* The same errors as GThreadedResolver's, so that the findings read alike. */
static GList *
do_lookup_name (const char  *hostname,
                int          family,
                GError     **error)
{
  struct addrinfo hints = { 0 };
  struct addrinfo *result = NULL;
  GList *addresses = NULL;
  int rc;

  hints.ai_family = family;
  hints.ai_socktype = SOCK_STREAM;      /* one entry per address, not per socket type */
  hints.ai_flags = AI_ADDRCONFIG;       /* as GThreadedResolver asks */
  rc = getaddrinfo (hostname, NULL, &hints, &result);
  if (rc != 0)
    {
      g_set_error (error, G_RESOLVER_ERROR, gai_error (rc),
                   _("Error resolving “%s”: %s"), hostname, gai_strerror (rc));
      return NULL;
    }
  for (struct addrinfo *ai = result; ai != NULL; ai = ai->ai_next)
    {
      g_autoptr(GSocketAddress) address = g_socket_address_new_from_native (ai->ai_addr,
                                                                            ai->ai_addrlen);

      if (G_IS_INET_SOCKET_ADDRESS (address))
        addresses = g_list_prepend (addresses, g_object_ref (
          g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address))));
    }
  freeaddrinfo (result);
  if (addresses == NULL)
    g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                 _("Error resolving “%s”: %s"), hostname, gai_strerror (EAI_NONAME));
  return g_list_reverse (addresses);
}

static char *
do_lookup_address (GInetAddress  *address,
                   GError       **error)
{
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (address, 0);
  struct sockaddr_storage native;
  char name[NI_MAXHOST];
  int rc;

  if (!g_socket_address_to_native (socket_address, &native, sizeof native, error))
    return NULL;
  rc = getnameinfo ((struct sockaddr *) &native, g_socket_address_get_native_size (socket_address),
                    name, sizeof name, NULL, 0, NI_NAMEREQD);
  if (rc != 0)
    {
      g_autofree char *text = g_inet_address_to_string (address);

      g_set_error (error, G_RESOLVER_ERROR, gai_error (rc),
                   _("Error reverse-resolving “%s”: %s"), text, gai_strerror (rc));
      return NULL;
    }
  return g_strdup (name);
}

static int
record_type_to_rrtype (GResolverRecordType type)
{
  switch (type)
    {
    case G_RESOLVER_RECORD_SRV:
      return ns_t_srv;
    case G_RESOLVER_RECORD_MX:
      return ns_t_mx;
    case G_RESOLVER_RECORD_TXT:
      return ns_t_txt;
    case G_RESOLVER_RECORD_NS:
      return ns_t_ns;
    case G_RESOLVER_RECORD_SOA:
    default:
      return -1;
    }
}

/* The answer, as its sections' records (RFC 1035 §4.1). libc's ns_parserr()
 * lives in libresolv, which the project does not link. */
typedef struct
{
  const guchar *base;
  const guchar *end;
} Message;

typedef struct
{
  guint16 type;
  guint16 klass;
  const guchar *rdata;
  guint16 rdlen;
} Record;

static guint16
get16 (const guchar *at)
{
  return (guint16) ((at[0] << 8) | at[1]);
}

/* A compressed name in the answer, or NULL when it is malformed. */
static char *
expand_name (const Message *msg,
             const guchar  *at)
{
  char name[NS_MAXDNAME];

  if (dn_expand (msg->base, msg->end, at, name, sizeof name) < 0)
    return NULL;
  /* A GVariant string must be UTF-8; the answer's bytes need not be. */
  return g_utf8_make_valid (name, -1);
}

/* Steps over one name; FALSE when it runs past the end. */
static gboolean
skip_name (const Message  *msg,
           const guchar  **at)
{
  int len = dn_skipname (*at, msg->end);

  if (len < 0)
    return FALSE;
  *at += len;
  return TRUE;
}

static gboolean
next_record (const Message  *msg,
             const guchar  **at,
             Record         *record)
{
  if (!skip_name (msg, at) || msg->end - *at < 10)
    return FALSE;
  record->type = get16 (*at);
  record->klass = get16 (*at + 2);
  record->rdlen = get16 (*at + 8);
  record->rdata = *at + 10;
  if (msg->end - record->rdata < record->rdlen)
    return FALSE;
  *at = record->rdata + record->rdlen;
  return TRUE;
}

static GVariant *
parse_txt (const guchar *rdata,
           guint         rdlen)
{
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);

  for (guint at = 0; at < rdlen; )
    {
      guint len = rdata[at++];

      if (at + len > rdlen)
        return NULL;
      /* TXT strings are bytes (RFC 1035 §3.3.14); a GVariant string is UTF-8. */
      g_ptr_array_add (strings, g_utf8_make_valid ((const char *) rdata + at, len));
      at += len;
    }
  return g_variant_new ("(@as)", g_variant_new_strv ((const char * const *) strings->pdata,
                                                     strings->len));
}

/* One answer record as GResolver gives it (see GResolverRecordType). */
static GVariant *
parse_record (const Message       *msg,
              const Record        *record,
              GResolverRecordType  type)
{
  const guchar *rdata = record->rdata;
  guint rdlen = record->rdlen;
  g_autofree char *name = NULL;

  switch (type)
    {
    case G_RESOLVER_RECORD_SRV:
      if (rdlen < 7 || (name = expand_name (msg, rdata + 6)) == NULL)
        return NULL;
      return g_variant_new ("(qqqs)", get16 (rdata), get16 (rdata + 2), get16 (rdata + 4),
                            name);
    case G_RESOLVER_RECORD_MX:
      if (rdlen < 3 || (name = expand_name (msg, rdata + 2)) == NULL)
        return NULL;
      return g_variant_new ("(qs)", get16 (rdata), name);
    case G_RESOLVER_RECORD_NS:
      if ((name = expand_name (msg, rdata)) == NULL)
        return NULL;
      return g_variant_new ("(s)", name);
    case G_RESOLVER_RECORD_TXT:
      return parse_txt (rdata, rdlen);
    case G_RESOLVER_RECORD_SOA:
    default:
      return NULL;
    }
}

/* The records of @type in a DNS answer (RFC 1035 §4.1), as GResolver gives
 * them; bounds-checked at every step, since the answer comes off the network
 * (tests/fuzz/fuzz-dns.c). */
GList *
bd_resolver_parse_answer (const guchar         *answer,
                          int                   len,
                          const char           *rrname,
                          GResolverRecordType   type,
                          GError              **error)
{
  Message msg = { answer, answer + len };
  const guchar *at = answer + 12;
  GList *records = NULL;
  guint questions, answers;

  if (len < 12)
    {
      g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_INTERNAL,
                   _("Malformed DNS answer for “%s”"), rrname);
      return NULL;
    }
  questions = get16 (answer + 4);
  answers = get16 (answer + 6);
  for (guint i = 0; i < questions; i++)
    if (!skip_name (&msg, &at) || (at += 4) > msg.end)
      answers = 0;
  for (guint i = 0; i < answers; i++)
    {
      Record record;
      GVariant *variant;

      if (!next_record (&msg, &at, &record))
        break;
      if (record.klass != ns_c_in || record.type != record_type_to_rrtype (type))
        continue;     /* a CNAME on the way */
      variant = parse_record (&msg, &record, type);
      if (variant != NULL)
        records = g_list_prepend (records, g_variant_ref_sink (variant));
    }
  if (records == NULL)
    g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                 _("No DNS record of the requested type for “%s”"), rrname);
  return g_list_reverse (records);
}

static GList *
do_lookup_records (const char           *rrname,
                   GResolverRecordType   type,
                   GError              **error)
{
  struct __res_state state;
  g_autofree guchar *answer = NULL;
  int rrtype = record_type_to_rrtype (type);
  int len, herr;

  if (rrtype < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("This kind of DNS record cannot be looked up here."));
      return NULL;
    }
  /* A state of the thread's own, read afresh: resolv.conf may change. */
  memset (&state, 0, sizeof state);
  if (res_ninit (&state) != 0)
    {
      g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_INTERNAL,
                   _("Error resolving “%s”"), rrname);
      return NULL;
    }
  answer = g_malloc (ANSWER_SIZE);
  len = res_nquery (&state, rrname, ns_c_in, rrtype, answer, ANSWER_SIZE);
  herr = state.res_h_errno;
  res_nclose (&state);
  if (len < 0)
    {
      g_set_error (error, G_RESOLVER_ERROR,
                   herr == HOST_NOT_FOUND || herr == NO_DATA ? G_RESOLVER_ERROR_NOT_FOUND
                   : herr == TRY_AGAIN ? G_RESOLVER_ERROR_TEMPORARY_FAILURE
                   : G_RESOLVER_ERROR_INTERNAL,
                   herr == HOST_NOT_FOUND || herr == NO_DATA
                   ? _("No DNS record of the requested type for “%s”")
                   : herr == TRY_AGAIN ? _("Temporarily unable to resolve “%s”")
                   : _("Error resolving “%s”"), rrname);
      return NULL;
    }
  return bd_resolver_parse_answer (answer, MIN (len, ANSWER_SIZE), rrname, type, error);
}

static void
run_job (gpointer data,
         gpointer user_data)
{
  g_autoptr(GTask) task = data;
  Job *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gpointer result = NULL;
  GDestroyNotify free_result = NULL;

  if (g_atomic_int_get (&job->done))
    goto out;     /* cancelled while it waited for a thread */
  switch (job->kind)
    {
    case JOB_NAME:
      result = do_lookup_name (job->name, job->family, &error);
      free_result = (GDestroyNotify) g_resolver_free_addresses;
      break;
    case JOB_RECORDS:
      result = do_lookup_records (job->name, job->type, &error);
      free_result = (GDestroyNotify) free_records;
      break;
    case JOB_ADDRESS:
      result = do_lookup_address (job->address, &error);
      free_result = (GDestroyNotify) free_name;
      break;
    default:
      g_assert_not_reached ();
    }
  if (!g_atomic_int_compare_and_exchange (&job->done, FALSE, TRUE))
    {
      if (result != NULL)
        free_result (result);
    }
  else if (result != NULL)
    g_task_return_pointer (task, result, free_result);
  else
    g_task_return_error (task, g_steal_pointer (&error));
out:
  /* It holds the task: destroyed here, or the task would never be freed. */
  if (job->cancel_source != NULL)
    g_source_destroy (job->cancel_source);
}

/* In the task's context: the caller is answered now, the thread later. */
static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;
  Job *job = g_task_get_task_data (task);

  if (g_atomic_int_compare_and_exchange (&job->done, FALSE, TRUE))
    g_task_return_error_if_cancelled (task);
  return G_SOURCE_REMOVE;
}

static void
start_job (BdResolver          *self,
           Job                 *job,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data,
           gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  if (cancellable != NULL)
    {
      job->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (job->cancel_source, (GSourceFunc) cancelled_cb,
                             g_object_ref (task), g_object_unref);
      g_source_attach (job->cancel_source, g_task_get_context (task));
    }
  g_thread_pool_push (self->pool, task, NULL);
}

static Job *
name_job (const char *hostname,
          int         family)
{
  Job *job = g_new0 (Job, 1);

  job->kind = JOB_NAME;
  job->name = g_strdup (hostname);
  job->family = family;
  return job;
}

static int
flags_to_family (GResolverNameLookupFlags flags)
{
  if (flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV4_ONLY)
    return AF_INET;
  if (flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY)
    return AF_INET6;
  return AF_UNSPEC;
}

static GList *
bd_resolver_lookup_by_name (GResolver     *resolver,
                            const char    *hostname,
                            GCancellable  *cancellable,
                            GError       **error)
{
  return do_lookup_name (hostname, AF_UNSPEC, error);
}

static GList *
bd_resolver_lookup_by_name_with_flags (GResolver                 *resolver,
                                       const char                *hostname,
                                       GResolverNameLookupFlags   flags,
                                       GCancellable              *cancellable,
                                       GError                   **error)
{
  return do_lookup_name (hostname, flags_to_family (flags), error);
}

static void
bd_resolver_lookup_by_name_with_flags_async (GResolver                 *resolver,
                                             const char                *hostname,
                                             GResolverNameLookupFlags   flags,
                                             GCancellable              *cancellable,
                                             GAsyncReadyCallback        callback,
                                             gpointer                   user_data)
{
  start_job (BD_RESOLVER (resolver), name_job (hostname, flags_to_family (flags)),
             cancellable, callback, user_data, bd_resolver_lookup_by_name_with_flags_async);
}

static void
bd_resolver_lookup_by_name_async (GResolver           *resolver,
                                  const char          *hostname,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  start_job (BD_RESOLVER (resolver), name_job (hostname, AF_UNSPEC),
             cancellable, callback, user_data, bd_resolver_lookup_by_name_async);
}

static gpointer
finish_pointer (GResolver     *resolver,
                GAsyncResult  *result,
                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, resolver), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static char *
bd_resolver_lookup_by_address (GResolver     *resolver,
                               GInetAddress  *address,
                               GCancellable  *cancellable,
                               GError       **error)
{
  return do_lookup_address (address, error);
}

static void
bd_resolver_lookup_by_address_async (GResolver           *resolver,
                                     GInetAddress        *address,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);

  job->kind = JOB_ADDRESS;
  job->address = g_object_ref (address);
  start_job (BD_RESOLVER (resolver), job, cancellable, callback, user_data,
             bd_resolver_lookup_by_address_async);
}

static GList *
bd_resolver_lookup_records (GResolver            *resolver,
                            const char           *rrname,
                            GResolverRecordType   type,
                            GCancellable         *cancellable,
                            GError              **error)
{
  return do_lookup_records (rrname, type, error);
}

static void
bd_resolver_lookup_records_async (GResolver            *resolver,
                                  const char           *rrname,
                                  GResolverRecordType   type,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data)
{
  Job *job = g_new0 (Job, 1);

  job->kind = JOB_RECORDS;
  job->name = g_strdup (rrname);
  job->type = type;
  start_job (BD_RESOLVER (resolver), job, cancellable, callback, user_data,
             bd_resolver_lookup_records_async);
}

static void
bd_resolver_finalize (GObject *object)
{
  BdResolver *self = BD_RESOLVER (object);

  /* Every job holds its task and so this resolver: none is left. */
  g_thread_pool_free (self->pool, FALSE, FALSE);

  G_OBJECT_CLASS (bd_resolver_parent_class)->finalize (object);
}

static void
bd_resolver_class_init (BdResolverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  object_class->finalize = bd_resolver_finalize;
  resolver_class->lookup_by_name = bd_resolver_lookup_by_name;
  resolver_class->lookup_by_name_async = bd_resolver_lookup_by_name_async;
  resolver_class->lookup_by_name_finish = (gpointer) finish_pointer;
  resolver_class->lookup_by_name_with_flags = bd_resolver_lookup_by_name_with_flags;
  resolver_class->lookup_by_name_with_flags_async =
    bd_resolver_lookup_by_name_with_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = (gpointer) finish_pointer;
  resolver_class->lookup_by_address = bd_resolver_lookup_by_address;
  resolver_class->lookup_by_address_async = bd_resolver_lookup_by_address_async;
  resolver_class->lookup_by_address_finish = (gpointer) finish_pointer;
  resolver_class->lookup_records = bd_resolver_lookup_records;
  resolver_class->lookup_records_async = bd_resolver_lookup_records_async;
  resolver_class->lookup_records_finish = (gpointer) finish_pointer;
}

static void
bd_resolver_init (BdResolver *self)
{
}

/**
 * bd_resolver_new:
 * @max_threads: how many questions may wait for their answer at once
 *
 * Returns: (transfer full): a resolver whose lookups run on a pool of at
 *   most @max_threads threads of its own
 */
BdResolver *
bd_resolver_new (guint max_threads)
{
  BdResolver *self = g_object_new (BD_TYPE_RESOLVER, NULL);

  self->pool = g_thread_pool_new (run_job, self, (int) MAX (1, max_threads), FALSE, NULL);
  return self;
}

/**
 * bd_resolver_install:
 * @max_threads: how many questions may wait for their answers at once
 *
 * Makes a new #BdResolver the process's default resolver: libsoup's,
 * GSocketClient's and every source's and probe's that is given none.
 */
void
bd_resolver_install (guint max_threads)
{
  g_autoptr(BdResolver) resolver = bd_resolver_new (max_threads);

  g_resolver_set_default (G_RESOLVER (resolver));
}
