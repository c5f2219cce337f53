/* test-shared-resolver.c: one lookup per name, shared by every caller
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "bd-shared-resolver.h"
#include "bd-test-wait.h"

/* ---- an inner resolver that counts its lookups and answers on request ---- */

#define TEST_TYPE_COUNTING_RESOLVER (test_counting_resolver_get_type ())
G_DECLARE_FINAL_TYPE (TestCountingResolver, test_counting_resolver, TEST, COUNTING_RESOLVER,
                      GResolver)

struct _TestCountingResolver
{
  GResolver parent_instance;
  guint lookups;
  GPtrArray *pending;   /* of GTask, answered by counting_resolver_answer() */
};

G_DEFINE_FINAL_TYPE (TestCountingResolver, test_counting_resolver, G_TYPE_RESOLVER)

static void
counting_lookup_async (GResolver           *resolver,
                       const char          *hostname,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  TestCountingResolver *self = TEST_COUNTING_RESOLVER (resolver);
  GTask *task = g_task_new (resolver, cancellable, callback, user_data);

  self->lookups++;
  g_task_set_task_data (task, g_strdup (hostname), g_free);
  g_ptr_array_add (self->pending, task);
}

static GList *
counting_lookup_finish (GResolver     *resolver,
                        GAsyncResult  *result,
                        GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_counting_resolver_finalize (GObject *object)
{
  g_ptr_array_unref (TEST_COUNTING_RESOLVER (object)->pending);
  G_OBJECT_CLASS (test_counting_resolver_parent_class)->finalize (object);
}

static void
test_counting_resolver_class_init (TestCountingResolverClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_counting_resolver_finalize;
  G_RESOLVER_CLASS (klass)->lookup_by_name_async = counting_lookup_async;
  G_RESOLVER_CLASS (klass)->lookup_by_name_finish = counting_lookup_finish;
}

static void
test_counting_resolver_init (TestCountingResolver *self)
{
  self->pending = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Answers every pending lookup: names starting "missing" are not found,
 * the others are 192.0.2.1 (RFC 5737). */
static void
counting_resolver_answer (TestCountingResolver *self)
{
  g_autoptr(GPtrArray) pending = g_steal_pointer (&self->pending);

  self->pending = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < pending->len; i++)
    {
      GTask *task = g_ptr_array_index (pending, i);
      const char *hostname = g_task_get_task_data (task);

      if (g_str_has_prefix (hostname, "missing"))
        g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                                 "No such name: %s", hostname);
      else
        g_task_return_pointer (task, g_list_append (NULL, g_inet_address_new_from_string ("192.0.2.1")),
                               (GDestroyNotify) g_resolver_free_addresses);
    }
}

/* ---- the callers ---- */

typedef struct
{
  guint done;
  GList *addresses;
  GError *error;
} Answer;

static void
answer_clear (Answer *answer)
{
  g_resolver_free_addresses (answer->addresses);
  g_clear_error (&answer->error);
}

static void
lookup_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Answer *answer = user_data;

  answer->addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (object), result,
                                                        &answer->error);
  answer->done++;
}

static gboolean
answered (gpointer data)
{
  const Answer *answer = data;

  return answer->done > 0;
}

static void
assert_answered_with_address (const Answer *answer)
{
  g_autofree char *text = NULL;

  g_assert_no_error (answer->error);
  g_assert_cmpuint (g_list_length (answer->addresses), ==, 1);
  text = g_inet_address_to_string (answer->addresses->data);
  g_assert_cmpstr (text, ==, "192.0.2.1");
}

/* Two probes asking for one name at once cause one lookup; both are told. */
static void
test_concurrent_lookups_share_one (void)
{
  g_autoptr(TestCountingResolver) inner = g_object_new (TEST_TYPE_COUNTING_RESOLVER, NULL);
  g_autoptr(BdSharedResolver) shared = bd_shared_resolver_new (G_RESOLVER (inner));
  Answer first = { 0 }, second = { 0 }, other = { 0 };

  g_resolver_lookup_by_name_async (G_RESOLVER (shared), "smtp.example.test", NULL,
                                   lookup_done_cb, &first);
  g_resolver_lookup_by_name_async (G_RESOLVER (shared), "smtp.example.test", NULL,
                                   lookup_done_cb, &second);
  g_resolver_lookup_by_name_async (G_RESOLVER (shared), "imap.example.test", NULL,
                                   lookup_done_cb, &other);
  bd_test_iterate_pending ();
  g_assert_cmpuint (inner->lookups, ==, 2);
  g_assert_cmpuint (first.done + second.done + other.done, ==, 0);

  counting_resolver_answer (inner);
  bd_test_wait_until (answered, &first, 0);
  bd_test_wait_until (answered, &second, 0);
  bd_test_wait_until (answered, &other, 0);
  assert_answered_with_address (&first);
  assert_answered_with_address (&second);
  assert_answered_with_address (&other);
  g_assert_cmpuint (bd_shared_resolver_get_lookups (shared), ==, 2);

  answer_clear (&first);
  answer_clear (&second);
  answer_clear (&other);
}

/* A name looked up ahead is answered later without a new lookup. */
static void
test_prefetch_answers_later_callers (void)
{
  g_autoptr(TestCountingResolver) inner = g_object_new (TEST_TYPE_COUNTING_RESOLVER, NULL);
  g_autoptr(BdSharedResolver) shared = bd_shared_resolver_new (G_RESOLVER (inner));
  Answer later = { 0 };

  bd_shared_resolver_prefetch (shared, "smtp.example.test");
  bd_shared_resolver_prefetch (shared, "smtp.example.test");
  bd_shared_resolver_prefetch (shared, "192.0.2.7");
  bd_shared_resolver_prefetch (shared, "localhost");
  g_assert_cmpuint (inner->lookups, ==, 1);
  counting_resolver_answer (inner);
  bd_test_iterate_pending ();

  g_resolver_lookup_by_name_async (G_RESOLVER (shared), "smtp.example.test", NULL,
                                   lookup_done_cb, &later);
  bd_test_wait_until (answered, &later, 0);
  assert_answered_with_address (&later);
  g_assert_cmpuint (inner->lookups, ==, 1);
  answer_clear (&later);
}

/* A failure is shared too, with its own error. */
static void
test_failure_is_shared (void)
{
  g_autoptr(TestCountingResolver) inner = g_object_new (TEST_TYPE_COUNTING_RESOLVER, NULL);
  g_autoptr(BdSharedResolver) shared = bd_shared_resolver_new (G_RESOLVER (inner));
  Answer first = { 0 }, second = { 0 };

  g_resolver_lookup_by_name_async (G_RESOLVER (shared), "missing.example.test", NULL,
                                   lookup_done_cb, &first);
  counting_resolver_answer (inner);
  bd_test_wait_until (answered, &first, 0);
  g_resolver_lookup_by_name_async (G_RESOLVER (shared), "missing.example.test", NULL,
                                   lookup_done_cb, &second);
  bd_test_wait_until (answered, &second, 0);

  g_assert_error (first.error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND);
  g_assert_error (second.error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND);
  g_assert_cmpuint (inner->lookups, ==, 1);
  answer_clear (&first);
  answer_clear (&second);
}

/* A caller that gives up is told at once; the lookup goes on for the others. */
static void
test_cancelled_caller_alone_stops (void)
{
  g_autoptr(TestCountingResolver) inner = g_object_new (TEST_TYPE_COUNTING_RESOLVER, NULL);
  g_autoptr(BdSharedResolver) shared = bd_shared_resolver_new (G_RESOLVER (inner));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Answer quitter = { 0 }, stayer = { 0 };

  g_resolver_lookup_by_name_async (G_RESOLVER (shared), "smtp.example.test", cancellable,
                                   lookup_done_cb, &quitter);
  g_resolver_lookup_by_name_async (G_RESOLVER (shared), "smtp.example.test", NULL,
                                   lookup_done_cb, &stayer);
  bd_test_iterate_pending ();
  g_cancellable_cancel (cancellable);
  bd_test_wait_until (answered, &quitter, 0);
  g_assert_error (quitter.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (stayer.done, ==, 0);

  counting_resolver_answer (inner);
  bd_test_wait_until (answered, &stayer, 0);
  assert_answered_with_address (&stayer);
  g_assert_cmpuint (quitter.done, ==, 1);
  answer_clear (&quitter);
  answer_clear (&stayer);
}

/* Stopping ends the lookups still running: their callers are told, and the
 * resolver goes away once the inner lookups have returned. */
static void
test_stop_ends_pending_lookups (void)
{
  g_autoptr(TestCountingResolver) inner = g_object_new (TEST_TYPE_COUNTING_RESOLVER, NULL);
  BdSharedResolver *shared = bd_shared_resolver_new (G_RESOLVER (inner));
  GTask *inner_task;
  Answer waiting = { 0 };

  g_resolver_lookup_by_name_async (G_RESOLVER (shared), "slow.example.test", NULL,
                                   lookup_done_cb, &waiting);
  bd_shared_resolver_stop (shared);
  g_object_add_weak_pointer (G_OBJECT (shared), (gpointer *) &shared);
  g_object_unref (shared);
  g_assert_nonnull (shared);   /* kept by its inner lookup */

  /* The inner resolver sees the cancellation and returns. */
  inner_task = g_ptr_array_index (inner->pending, 0);
  g_assert_true (g_cancellable_is_cancelled (g_task_get_cancellable (inner_task)));
  g_task_return_error_if_cancelled (inner_task);
  g_ptr_array_set_size (inner->pending, 0);   /* the task holds the resolver */
  bd_test_wait_until (answered, &waiting, 0);
  g_assert_error (waiting.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  bd_test_iterate_pending ();
  g_assert_null (shared);
  answer_clear (&waiting);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shared-resolver/concurrent-lookups-share-one",
                   test_concurrent_lookups_share_one);
  g_test_add_func ("/shared-resolver/prefetch-answers-later-callers",
                   test_prefetch_answers_later_callers);
  g_test_add_func ("/shared-resolver/failure-is-shared", test_failure_is_shared);
  g_test_add_func ("/shared-resolver/cancelled-caller-alone-stops",
                   test_cancelled_caller_alone_stops);
  g_test_add_func ("/shared-resolver/stop-ends-pending-lookups", test_stop_ends_pending_lookups);

  return g_test_run ();
}
