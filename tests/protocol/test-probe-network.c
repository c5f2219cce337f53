/* test-probe-network.c: names, connections, cancellation, and whole accounts
 *
 * Nothing leaves the machine: names are answered by a scripted GResolver,
 * "unreachable" is a multicast address the kernel refuses to connect to,
 * and a port that swallows connections is a listener whose backlog is full.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "bd-account-probe.h"
#include "bd-error.h"
#include "bd-probe.h"
#include "bd-server-url.h"
#include "bd-test-mailserver.h"
#include "bd-tls-certificate.h"

/* ---- a resolver that answers as the test says ---- */

typedef enum {
  ANSWER_NOT_FOUND,
  ANSWER_TEMPORARY_FAILURE,
  ANSWER_NEVER,
} Answer;

#define BD_TYPE_TEST_RESOLVER (bd_test_resolver_get_type ())
G_DECLARE_FINAL_TYPE (BdTestResolver, bd_test_resolver, BD, TEST_RESOLVER, GResolver)

struct _BdTestResolver
{
  GResolver parent_instance;
  Answer answer;
};

G_DEFINE_FINAL_TYPE (BdTestResolver, bd_test_resolver, G_TYPE_RESOLVER)

static gboolean
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  g_task_return_error_if_cancelled (G_TASK (user_data));
  return G_SOURCE_REMOVE;
}

static void
lookup_async (GResolver           *resolver,
              const char          *hostname,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  BdTestResolver *self = BD_TEST_RESOLVER (resolver);
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);

  switch (self->answer)
    {
    case ANSWER_NOT_FOUND:
      g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                               "No such name: %s", hostname);
      break;
    case ANSWER_TEMPORARY_FAILURE:
      g_task_return_new_error (task, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE,
                               "No name server answered");
      break;
    case ANSWER_NEVER:
    default:
      {
        GSource *source = g_cancellable_source_new (cancellable);

        g_source_set_callback (source, G_SOURCE_FUNC (cancelled_cb), g_object_ref (task),
                               g_object_unref);
        g_source_attach (source, g_task_get_context (task));
        g_source_unref (source);
      }
    }
}

static void
lookup_with_flags_async (GResolver                *resolver,
                         const char               *hostname,
                         GResolverNameLookupFlags  flags,
                         GCancellable             *cancellable,
                         GAsyncReadyCallback       callback,
                         gpointer                  user_data)
{
  lookup_async (resolver, hostname, cancellable, callback, user_data);
}

static GList *
lookup_finish (GResolver     *resolver,
               GAsyncResult  *result,
               GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
bd_test_resolver_class_init (BdTestResolverClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  resolver_class->lookup_by_name_async = lookup_async;
  resolver_class->lookup_by_name_finish = lookup_finish;
  resolver_class->lookup_by_name_with_flags_async = lookup_with_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = lookup_finish;
}

static void
bd_test_resolver_init (BdTestResolver *self)
{
}

static GResolver *
test_resolver_new (Answer answer)
{
  BdTestResolver *self = g_object_new (BD_TYPE_TEST_RESOLVER, NULL);

  self->answer = answer;
  return G_RESOLVER (self);
}

/* ---- helpers ---- */

static BdProbe *
probe_for_url (const char *url,
               guint       timeout_ms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdServer) server = bd_server_new_from_url (url, &error);
  g_autofree char *ca = bd_test_certs_path ("ca.crt");
  BdProbe *probe;

  g_assert_no_error (error);
  probe = bd_probe_new (server);
  bd_probe_set_username (probe, BD_TEST_USER);
  bd_probe_set_password (probe, BD_TEST_PASSWORD, -1);
  bd_probe_set_timeout (probe, timeout_ms);
  g_assert_true (bd_probe_set_ca_file (probe, ca, NULL));
  return probe;
}

static BdProbeReport *
run (BdProbe *probe,
     guint   *elapsed)
{
  g_autoptr(GError) error = NULL;
  BdProbeReport *report = bd_test_probe_run (probe, NULL, elapsed, &error);

  g_assert_no_error (error);
  bd_test_assert_report_clean (report, BD_TEST_PASSWORD);
  return report;
}

/* A TCP listener on 127.0.0.1 (or ::1); with @swallow, its backlog is full, so
 * that further connections are never answered, as behind a firewall that drops. */
static int
listener_new (gboolean  ipv6,
              gboolean  swallow,
              guint16  *port,
              int       fillers[3])
{
  struct sockaddr_storage address = { 0 };
  socklen_t length;
  int fd = socket (ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  if (ipv6)
    {
      struct sockaddr_in6 *in6 = (struct sockaddr_in6 *) &address;

      in6->sin6_family = AF_INET6;
      in6->sin6_addr = in6addr_loopback;
      length = sizeof *in6;
    }
  else
    {
      struct sockaddr_in *in = (struct sockaddr_in *) &address;

      in->sin_family = AF_INET;
      in->sin_addr.s_addr = htonl (INADDR_LOOPBACK);
      length = sizeof *in;
    }
  g_assert_cmpint (bind (fd, (struct sockaddr *) &address, length), ==, 0);
  g_assert_cmpint (listen (fd, 0), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &address, &length), ==, 0);
  *port = ntohs (ipv6 ? ((struct sockaddr_in6 *) &address)->sin6_port
                      : ((struct sockaddr_in *) &address)->sin_port);
  for (guint i = 0; i < 3; i++)
    {
      fillers[i] = swallow ? socket (address.ss_family, SOCK_STREAM | SOCK_NONBLOCK, 0) : -1;
      if (fillers[i] >= 0)
        connect (fillers[i], (struct sockaddr *) &address, length);
    }
  g_usleep (50 * 1000);
  return fd;
}

static void
listener_free (int fd,
               int fillers[3])
{
  for (guint i = 0; i < 3; i++)
    if (fillers[i] >= 0)
      close (fillers[i]);
  close (fd);
}

/* ---- names ---- */

typedef struct
{
  const char *name;
  Answer answer;
  guint timeout_ms;
  const char *expected;
} NameCase;

static const NameCase name_cases[] = {
  { "dns-not-found", ANSWER_NOT_FOUND, 2000, "dns-not-found" },
  { "dns-failed", ANSWER_TEMPORARY_FAILURE, 2000, "dns-failed" },
  { "resolve-timed-out", ANSWER_NEVER, 300, "timed-out" },
};

static void
test_name (gconstpointer data)
{
  const NameCase *c = data;
  g_autoptr(GResolver) resolver = test_resolver_new (c->answer);
  g_autoptr(BdProbe) probe = probe_for_url ("imaps://mail.brevduva.test", c->timeout_ms);
  g_autoptr(BdProbeReport) report = NULL;
  guint elapsed = 0;

  bd_probe_set_resolver (probe, resolver);
  report = run (probe, &elapsed);
  bd_test_assert_code (report, c->expected);
  g_assert_cmpstr (bd_probe_report_get_failed_step (report), ==, "resolve");
  if (c->answer != ANSWER_NEVER)
    g_assert_nonnull (strstr (bd_probe_report_get_error (report)->message, "mail.brevduva.test"));
  g_assert_cmpuint (elapsed, <, c->timeout_ms + 2000);
}

/* ---- connections ---- */

/* The probe of @url fails at the connect step, at once, with @code. */
static void
assert_connect_fails (const char *url,
                      const char *code)
{
  g_autoptr(BdProbe) probe = probe_for_url (url, 2000);
  g_autoptr(BdProbeReport) report = NULL;
  guint elapsed = 0;

  report = run (probe, &elapsed);
  bd_test_assert_code (report, code);
  g_assert_cmpstr (bd_probe_report_get_failed_step (report), ==, "connect");
  g_assert_cmpuint (elapsed, <, 2000);
}

static void
test_connection_refused (void)
{
  int fillers[3];
  guint16 port = 0;
  int fd = listener_new (FALSE, FALSE, &port, fillers);
  g_autofree char *url = NULL;

  /* Closed, the port refuses: on both of localhost's addresses. */
  listener_free (fd, fillers);
  url = g_strdup_printf ("imaps://localhost:%u", port);
  assert_connect_fails (url, "connection-refused");
}

/* TCP to a multicast address fails in the kernel, before any packet is sent. */
static void
test_network_unreachable (void)
{
  assert_connect_fails ("imaps://224.0.0.1:993", "network-unreachable");
}

static void
test_connect_timed_out (void)
{
  int fillers[3];
  guint16 port = 0;
  int fd = listener_new (FALSE, TRUE, &port, fillers);
  g_autofree char *url = g_strdup_printf ("smtp://127.0.0.1:%u", port);
  g_autoptr(BdProbe) probe = probe_for_url (url, 500);
  g_autoptr(BdProbeReport) report = NULL;
  guint elapsed = 0;

  report = run (probe, &elapsed);
  listener_free (fd, fillers);
  bd_test_assert_code (report, "timed-out");
  g_assert_cmpstr (bd_probe_report_get_failed_step (report), ==, "connect");
  g_assert_cmpuint (elapsed, >=, 450);
  g_assert_cmpuint (elapsed, <, 2500);
}

/* A server started with @extra_argument, probed at @base and its port, is reached at @address. */
static void
assert_reached (const char *extra_argument,
                const char *protocol,
                const char *base,
                const char *address)
{
  const char *extra[] = { extra_argument, NULL };
  g_autoptr(BdTestServer) mailserver = bd_test_server_start (protocol, "implicit", "good", NULL,
                                                            extra);
  g_autofree char *url = g_strdup_printf ("%s:%u", base, bd_test_server_get_port (mailserver));
  g_autoptr(BdProbe) probe = probe_for_url (url, 2000);
  g_autoptr(BdProbeReport) report = NULL;
  guint elapsed = 0;

  report = run (probe, &elapsed);
  bd_test_assert_code (report, "ok");
  g_assert_cmpstr (bd_probe_report_get_address (report), ==, address);
  g_assert_cmpint (bd_probe_report_get_login (report), ==, BD_PROBE_LOGIN_OK);
}

static gboolean
has_ipv6_loopback (void)
{
  struct sockaddr_in6 address = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
  int fd = socket (AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
  gboolean ok = fd >= 0 && bind (fd, (struct sockaddr *) &address, sizeof address) == 0;

  if (fd >= 0)
    close (fd);
  return ok;
}

static void
test_ipv6 (void)
{
  if (!has_ipv6_loopback ())
    {
      g_test_skip ("this machine has no IPv6 loopback");
      return;
    }
  assert_reached ("--listen=::1", "imap", "imaps://[::1]", "::1");
}

/* localhost is ::1 first; the server listens on 127.0.0.1 only. */
static void
test_every_address_tried (void)
{
  assert_reached (NULL, "smtp", "smtps://localhost", "127.0.0.1");
}

static void
test_insecure_server_never_contacted (void)
{
  int fillers[3];
  guint16 port = 0;
  int fd = listener_new (FALSE, FALSE, &port, fillers);
  g_autoptr(BdServer) server = bd_server_new (BD_PROTOCOL_SMTP, "127.0.0.1", port,
                                              BD_SECURITY_NONE, BD_TEST_USER);
  g_autoptr(BdProbe) probe = bd_probe_new (server);
  g_autoptr(BdProbeReport) report = NULL;
  guint elapsed = 0;

  bd_probe_set_password (probe, BD_TEST_PASSWORD, -1);
  report = run (probe, &elapsed);
  bd_test_assert_code (report, "insecure-server");
  g_assert_cmpuint (bd_probe_report_get_steps (report)->len, ==, 0);
  /* Nobody knocked. */
  g_assert_cmpint (fcntl (fd, F_SETFL, O_NONBLOCK), ==, 0);
  g_assert_cmpint (accept (fd, NULL, NULL), <, 0);
  g_assert_cmpint (errno, ==, EAGAIN);
  listener_free (fd, fillers);
}

/* ---- cancellation ---- */

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_REMOVE;
}

static void
assert_cancelled_quickly (BdProbe *probe,
                          guint    after_ms)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BdProbeReport) report = NULL;
  guint elapsed = 0;

  g_timeout_add (after_ms, cancel_cb, cancellable);
  report = bd_test_probe_run (probe, cancellable, &elapsed, &error);
  g_assert_null (report);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (elapsed, >=, after_ms);
  g_assert_cmpuint (elapsed, <, after_ms + 1000);
}

static void
test_cancel_while_waiting_for_greeting (void)
{
  const char *extra[] = { "--behaviour=silent", NULL };
  g_autoptr(BdTestServer) mailserver = bd_test_server_start ("imap", "starttls", "good", NULL,
                                                            extra);
  g_autofree char *url = g_strdup_printf ("imap://localhost:%u",
                                          bd_test_server_get_port (mailserver));
  g_autoptr(BdProbe) probe = probe_for_url (url, 10000);

  assert_cancelled_quickly (probe, 200);
}

static void
test_cancel_while_connecting (void)
{
  int fillers[3];
  guint16 port = 0;
  int fd = listener_new (FALSE, TRUE, &port, fillers);
  g_autofree char *url = g_strdup_printf ("imaps://127.0.0.1:%u", port);
  g_autoptr(BdProbe) probe = probe_for_url (url, 10000);

  assert_cancelled_quickly (probe, 200);
  listener_free (fd, fillers);
}

static void
test_cancel_while_resolving (void)
{
  g_autoptr(GResolver) resolver = test_resolver_new (ANSWER_NEVER);
  g_autoptr(BdProbe) probe = probe_for_url ("imaps://mail.brevduva.test", 10000);

  bd_probe_set_resolver (probe, resolver);
  assert_cancelled_quickly (probe, 100);
}

/* ---- accounts ---- */

static BdAccountProbe *
account_probe_new (BdAccountConfig *config)
{
  BdAccountProbe *probe = bd_account_probe_new (config);
  g_autofree char *ca = bd_test_certs_path ("ca.crt");
  g_autoptr(GBytes) pem = bd_tls_load_pem_file (ca, NULL);

  bd_account_probe_set_password (probe, BD_TEST_PASSWORD, -1);
  bd_account_probe_set_ca_pem (probe, pem);
  bd_account_probe_set_timeout (probe, 1000);
  return probe;
}

static void
add_server (BdAccountConfig *config,
            BdProtocol       protocol,
            BdSecurity       security,
            guint16          port)
{
  g_autoptr(BdServer) server = bd_server_new (protocol, "localhost", port, security, BD_TEST_USER);

  bd_account_config_add_server (config, server);
}

static const char *
message_of (GPtrArray *reports,
            guint      index)
{
  return bd_probe_report_get_error (g_ptr_array_index (reports, index))->message;
}

/* On a network that blocks one submission port, the other is found, and the
 * blocked one is reported as not answering as soon as the other passed,
 * not after its own 10 s deadline. */
static void
test_account_blocked_port (void)
{
  g_autoptr(BdTestServer) imap = bd_test_server_start ("imap", "implicit", "good", NULL, NULL);
  g_autoptr(BdTestServer) smtps = bd_test_server_start ("smtp", "implicit", "good", NULL, NULL);
  g_autoptr(BdAccountConfig) config = bd_account_config_new ();
  g_autoptr(BdAccountProbe) probe = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GError) error = NULL;
  int fillers[3];
  guint16 blocked = 0;
  int fd = listener_new (FALSE, TRUE, &blocked, fillers);

  add_server (config, BD_PROTOCOL_IMAP, BD_SECURITY_TLS, bd_test_server_get_port (imap));
  add_server (config, BD_PROTOCOL_SMTP, BD_SECURITY_STARTTLS, blocked);
  add_server (config, BD_PROTOCOL_SMTP, BD_SECURITY_TLS, bd_test_server_get_port (smtps));
  probe = account_probe_new (config);
  bd_account_probe_set_timeout (probe, 10000);
  /* The blocked port waits for its SYN-ACK at least this long before the
   * other starts, so it has waited well past three of the other's connect
   * times even on a loaded machine, where a loopback connect can take a
   * hundred milliseconds of scheduling. */
  bd_account_probe_set_stagger (probe, 1000);

  reports = bd_test_account_probe_run (probe, NULL, &error);
  listener_free (fd, fillers);
  g_assert_no_error (error);
  g_assert_cmpuint (reports->len, ==, 3);
  bd_test_assert_code (g_ptr_array_index (reports, 0), "ok");
  bd_test_assert_code (g_ptr_array_index (reports, 1), "timed-out");
  g_assert_cmpstr (bd_probe_report_get_failed_step (g_ptr_array_index (reports, 1)), ==,
                   "connect");
  /* Named because the other port worked, not by its own deadline. */
  g_assert_nonnull (strstr (message_of (reports, 1),
                            bd_probe_report_get_url (g_ptr_array_index (reports, 2))));
  bd_test_assert_code (g_ptr_array_index (reports, 2), "ok");
  g_assert_true (bd_account_probe_is_usable (reports));
}

/* Once one submission server passed, an alternative not started yet is not
 * needed, and says so; it does not make the account fail. */
static void
test_account_alternative_not_needed (void)
{
  g_autoptr(BdTestServer) imap = bd_test_server_start ("imap", "implicit", "good", NULL, NULL);
  g_autoptr(BdTestServer) smtps = bd_test_server_start ("smtp", "implicit", "good", NULL, NULL);
  g_autoptr(BdAccountConfig) config = bd_account_config_new ();
  g_autoptr(BdAccountProbe) probe = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GError) error = NULL;
  BdProbeReport *second;

  add_server (config, BD_PROTOCOL_IMAP, BD_SECURITY_TLS, bd_test_server_get_port (imap));
  add_server (config, BD_PROTOCOL_SMTP, BD_SECURITY_TLS, bd_test_server_get_port (smtps));
  add_server (config, BD_PROTOCOL_SMTP, BD_SECURITY_TLS, bd_test_server_get_port (smtps));
  probe = account_probe_new (config);
  /* The second would start only after a minute. */
  bd_account_probe_set_stagger (probe, 60000);

  reports = bd_test_account_probe_run (probe, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reports->len, ==, 3);
  bd_test_assert_code (g_ptr_array_index (reports, 1), "ok");
  second = g_ptr_array_index (reports, 2);
  bd_test_assert_code (second, "cancelled");
  g_assert_cmpuint (bd_probe_report_get_steps (second)->len, ==, 0);
  g_assert_nonnull (strstr (message_of (reports, 2),
                            bd_probe_report_get_url (g_ptr_array_index (reports, 1))));
  g_assert_true (bd_account_probe_is_usable (reports));
}

/* An alternative that is connected but still busy when another one passed
 * is stopped, and reported as not needed at the step it had reached. */
static void
test_account_alternative_stopped (void)
{
  const char *extra[] = { "--behaviour=silent", NULL };
  g_autoptr(BdTestServer) imap = bd_test_server_start ("imap", "implicit", "good", NULL, NULL);
  g_autoptr(BdTestServer) silent = bd_test_server_start ("smtp", "starttls", "good", NULL, extra);
  g_autoptr(BdTestServer) smtps = bd_test_server_start ("smtp", "implicit", "good", NULL, NULL);
  g_autoptr(BdAccountConfig) config = bd_account_config_new ();
  g_autoptr(BdAccountProbe) probe = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GError) error = NULL;

  add_server (config, BD_PROTOCOL_IMAP, BD_SECURITY_TLS, bd_test_server_get_port (imap));
  add_server (config, BD_PROTOCOL_SMTP, BD_SECURITY_STARTTLS, bd_test_server_get_port (silent));
  add_server (config, BD_PROTOCOL_SMTP, BD_SECURITY_TLS, bd_test_server_get_port (smtps));
  probe = account_probe_new (config);
  bd_account_probe_set_timeout (probe, 10000);

  reports = bd_test_account_probe_run (probe, NULL, &error);
  g_assert_no_error (error);
  bd_test_assert_code (g_ptr_array_index (reports, 1), "cancelled");
  g_assert_cmpstr (bd_probe_report_get_failed_step (g_ptr_array_index (reports, 1)), ==,
                   "greeting");
  g_assert_nonnull (strstr (message_of (reports, 1),
                            bd_probe_report_get_url (g_ptr_array_index (reports, 2))));
  bd_test_assert_code (g_ptr_array_index (reports, 2), "ok");
  g_assert_true (bd_account_probe_is_usable (reports));
}

/* An alternative that fails hands its turn on at once: the next one does
 * not wait for its stagger. */
static void
test_account_failure_starts_next (void)
{
  g_autoptr(BdTestServer) imap = bd_test_server_start ("imap", "implicit", "good", NULL, NULL);
  g_autoptr(BdTestServer) smtps = bd_test_server_start ("smtp", "implicit", "good", NULL, NULL);
  g_autoptr(BdAccountConfig) config = bd_account_config_new ();
  g_autoptr(BdAccountProbe) probe = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GError) error = NULL;
  int fillers[3];
  guint16 closed = 0;

  /* A port nothing listens on any more: connection refused. */
  listener_free (listener_new (FALSE, FALSE, &closed, fillers), fillers);
  add_server (config, BD_PROTOCOL_IMAP, BD_SECURITY_TLS, bd_test_server_get_port (imap));
  add_server (config, BD_PROTOCOL_SMTP, BD_SECURITY_TLS, closed);
  add_server (config, BD_PROTOCOL_SMTP, BD_SECURITY_TLS, bd_test_server_get_port (smtps));
  probe = account_probe_new (config);
  /* Without the hand-over the second would start only after a minute. */
  bd_account_probe_set_stagger (probe, 60000);

  reports = bd_test_account_probe_run (probe, NULL, &error);
  g_assert_no_error (error);
  bd_test_assert_code (g_ptr_array_index (reports, 1), "connection-refused");
  bd_test_assert_code (g_ptr_array_index (reports, 2), "ok");
  g_assert_true (bd_account_probe_is_usable (reports));
}

static void
test_account_help_link (void)
{
  const char *extra[] = { "--behaviour=app-password-reply", NULL };
  g_autoptr(BdTestServer) imap = bd_test_server_start ("imap", "implicit", "good", NULL, extra);
  g_autoptr(BdAccountConfig) config = bd_account_config_new ();
  g_autoptr(BdAccountProbe) probe = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GError) error = NULL;

  add_server (config, BD_PROTOCOL_IMAP, BD_SECURITY_TLS, bd_test_server_get_port (imap));
  bd_account_config_add_note (config, bd_note_new (BD_NOTE_APP_PASSWORD, NULL,
                                                   "https://example.com/app-passwords"));
  probe = account_probe_new (config);

  reports = bd_test_account_probe_run (probe, NULL, &error);
  g_assert_no_error (error);
  bd_test_assert_code (g_ptr_array_index (reports, 0), "app-password-required");
  g_assert_cmpstr (bd_probe_report_get_help_url (g_ptr_array_index (reports, 0)), ==,
                   "https://example.com/app-passwords");
  g_assert_false (bd_account_probe_is_usable (reports));
}

/* A login refused in words that say nothing more (Microsoft's IMAP once basic
 * authentication is off: "AUTHENTICATE failed.") gets the advice and the link
 * of the provider's note; without a note, only the advice for its code. */
static void
test_account_login_failed_provider_advice (void)
{
  g_autoptr(BdTestServer) imap = bd_test_server_start ("imap", "implicit", "good",
                                                       "another-password", NULL);
  g_autoptr(BdAccountConfig) config = bd_account_config_new ();
  g_autoptr(BdAccountConfig) plain_config = bd_account_config_new ();
  g_autoptr(BdAccountProbe) probe = NULL;
  g_autoptr(BdAccountProbe) plain_probe = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GPtrArray) plain_reports = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdNote) note = bd_note_new (BD_NOTE_OAUTH2_ONLY, NULL, "https://example.com/oauth");
  BdProbeReport *report;
  const char *login_advice = bd_error_code_get_advice (BD_ERROR_LOGIN_FAILED);

  add_server (config, BD_PROTOCOL_IMAP, BD_SECURITY_TLS, bd_test_server_get_port (imap));
  bd_account_config_add_note (config, bd_note_copy (note));
  probe = account_probe_new (config);
  reports = bd_test_account_probe_run (probe, NULL, &error);
  g_assert_no_error (error);
  report = g_ptr_array_index (reports, 0);
  bd_test_assert_code (report, "login-failed");
  g_assert_cmpstr (bd_probe_report_get_help_url (report), ==, "https://example.com/oauth");
  g_assert_true (g_str_has_prefix (bd_probe_report_get_advice (report), login_advice));
  g_assert_nonnull (strstr (bd_probe_report_get_advice (report), bd_note_get_message (note)));

  add_server (plain_config, BD_PROTOCOL_IMAP, BD_SECURITY_TLS, bd_test_server_get_port (imap));
  plain_probe = account_probe_new (plain_config);
  plain_reports = bd_test_account_probe_run (plain_probe, NULL, &error);
  g_assert_no_error (error);
  report = g_ptr_array_index (plain_reports, 0);
  bd_test_assert_code (report, "login-failed");
  g_assert_null (bd_probe_report_get_help_url (report));
  g_assert_cmpstr (bd_probe_report_get_advice (report), ==, login_advice);
}

static void
test_account_cancel (void)
{
  const char *extra[] = { "--behaviour=silent", NULL };
  g_autoptr(BdTestServer) imap = bd_test_server_start ("imap", "starttls", "good", NULL, extra);
  g_autoptr(BdAccountConfig) config = bd_account_config_new ();
  g_autoptr(BdAccountProbe) probe = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GError) error = NULL;

  add_server (config, BD_PROTOCOL_IMAP, BD_SECURITY_STARTTLS, bd_test_server_get_port (imap));
  add_server (config, BD_PROTOCOL_SMTP, BD_SECURITY_STARTTLS, bd_test_server_get_port (imap));
  add_server (config, BD_PROTOCOL_SMTP, BD_SECURITY_TLS, bd_test_server_get_port (imap));
  probe = account_probe_new (config);
  bd_account_probe_set_timeout (probe, 10000);

  g_timeout_add (100, cancel_cb, cancellable);
  reports = bd_test_account_probe_run (probe, cancellable, &error);
  g_assert_null (reports);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  bd_test_certs_init ();

  for (gsize i = 0; i < G_N_ELEMENTS (name_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/probe/network/%s", name_cases[i].name);

      g_test_add_data_func (path, &name_cases[i], test_name);
    }
  g_test_add_func ("/probe/network/connection-refused", test_connection_refused);
  g_test_add_func ("/probe/network/network-unreachable", test_network_unreachable);
  g_test_add_func ("/probe/network/connect-timed-out", test_connect_timed_out);
  g_test_add_func ("/probe/network/ipv6", test_ipv6);
  g_test_add_func ("/probe/network/every-address-tried", test_every_address_tried);
  g_test_add_func ("/probe/network/insecure-server-never-contacted",
                   test_insecure_server_never_contacted);
  g_test_add_func ("/probe/cancel/while-waiting-for-greeting",
                   test_cancel_while_waiting_for_greeting);
  g_test_add_func ("/probe/cancel/while-connecting", test_cancel_while_connecting);
  g_test_add_func ("/probe/cancel/while-resolving", test_cancel_while_resolving);
  g_test_add_func ("/probe/account/blocked-port-reported-working-one-found",
                   test_account_blocked_port);
  g_test_add_func ("/probe/account/alternative-not-started-when-not-needed",
                   test_account_alternative_not_needed);
  g_test_add_func ("/probe/account/busy-alternative-stopped-when-not-needed",
                   test_account_alternative_stopped);
  g_test_add_func ("/probe/account/failed-alternative-starts-the-next-at-once",
                   test_account_failure_starts_next);
  g_test_add_func ("/probe/account/help-link-from-provider-notes", test_account_help_link);
  g_test_add_func ("/probe/account/login-failed-gets-provider-advice",
                   test_account_login_failed_provider_advice);
  g_test_add_func ("/probe/account/cancel", test_account_cancel);

  return bd_test_run_and_clean_up ();
}
