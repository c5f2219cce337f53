/* bd-domain-check.c
 *
 * A domain check asks every source at once: the four autoconfig URLs of
 * the draft and the ISPDB (bd-domain-web.c), the six SRV services, the MX
 * and the MTA-STS and TLS-RPT records (bd-domain-dns.c). Each server a
 * source names is probed without a login (bd-domain-servers.c) as soon as
 * that source has answered, not once they all have: a slow or silent
 * source does not hold up the servers the others named. Probes of one host
 * take turns (BdDomainLimiter). Every question and probe holds the run; the
 * last to end judges everything. The findings are kept per section and
 * joined in a fixed order, so the report reads the same however the
 * answers raced. A check never sends a password: there is none to send.
 *
 * The lookups use an address that does not exist at the domain
 * (BD_DOMAIN_CHECK_LOCAL_PART), as clients do before the person has an
 * account there; with bd_domain_check_set_address(), autoconfig over HTTPS
 * is asked a second time with a real-looking one, to compare.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-domain-check.h"
#include "bd-domain-check-private.h"
#include "bd-error.h"
#include "bd-tls-certificate.h"

#define BD_DOMAIN_CHECK_LOCAL_PART "brevduva-domain-check"

struct _BdDomainCheck
{
  GObject parent_instance;

  char *ca_file;
  GTlsDatabase *anchor;
  GBytes *ca_pem;
  char *ispdb_url;
  guint timeout_ms;
  GResolver *resolver;
  BdDomainLimiter *limiter;
  BdAddress *address;
};

G_DEFINE_FINAL_TYPE (BdDomainCheck, bd_domain_check, G_TYPE_OBJECT)

static void
bd_domain_check_finalize (GObject *object)
{
  BdDomainCheck *self = BD_DOMAIN_CHECK (object);

  g_free (self->ca_file);
  g_clear_object (&self->anchor);
  g_clear_pointer (&self->ca_pem, g_bytes_unref);
  g_free (self->ispdb_url);
  g_clear_object (&self->resolver);
  g_clear_object (&self->limiter);
  g_clear_object (&self->address);

  G_OBJECT_CLASS (bd_domain_check_parent_class)->finalize (object);
}

static void
bd_domain_check_class_init (BdDomainCheckClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bd_domain_check_finalize;
}

static void
bd_domain_check_init (BdDomainCheck *self)
{
  self->ispdb_url = g_strdup (BD_DOMAIN_CHECK_DEFAULT_ISPDB_URL);
  self->timeout_ms = BD_DOMAIN_CHECK_DEFAULT_TIMEOUT_MS;
}

BdDomainCheck *
bd_domain_check_new (void)
{
  return g_object_new (BD_TYPE_DOMAIN_CHECK, NULL);
}

/**
 * bd_domain_check_set_ca_file:
 * @path: a PEM file of CA certificates to trust besides the system's
 *
 * Returns: %FALSE with `invalid-argument` when the file cannot be used.
 */
gboolean
bd_domain_check_set_ca_file (BdDomainCheck  *self,
                             const char     *path,
                             GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *absolute = NULL;
  g_autoptr(GBytes) pem = NULL;
  GTlsDatabase *anchor;

  g_return_val_if_fail (BD_IS_DOMAIN_CHECK (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  pem = bd_tls_load_pem_file (path, error);
  if (pem == NULL)
    return FALSE;
  /* GTlsFileDatabase wants an absolute path. */
  absolute = g_canonicalize_filename (path, NULL);
  anchor = g_tls_file_database_new (absolute, &local_error);
  if (anchor == NULL)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                   _("The CA file “%s” cannot be used: %s"), path, local_error->message);
      return FALSE;
    }
  g_clear_object (&self->anchor);
  self->anchor = anchor;
  g_clear_pointer (&self->ca_pem, g_bytes_unref);
  self->ca_pem = g_steal_pointer (&pem);
  return TRUE;
}

/**
 * bd_domain_check_get_ca_pem:
 *
 * Returns: (transfer none) (nullable): the certificates of the CA file
 *   (bd_domain_check_set_ca_file()), as the probes of a check are given
 *   them, or %NULL without one
 */
GBytes *
bd_domain_check_get_ca_pem (BdDomainCheck *self)
{
  g_return_val_if_fail (BD_IS_DOMAIN_CHECK (self), NULL);
  return self->ca_pem;
}

/**
 * bd_domain_check_set_ispdb_url:
 * @url: the ISPDB's base URL; the domain is appended
 */
void
bd_domain_check_set_ispdb_url (BdDomainCheck *self,
                               const char    *url)
{
  g_return_if_fail (BD_IS_DOMAIN_CHECK (self));
  g_free (self->ispdb_url);
  self->ispdb_url = g_strdup (url != NULL ? url : BD_DOMAIN_CHECK_DEFAULT_ISPDB_URL);
}

/**
 * bd_domain_check_set_timeout:
 * @timeout_ms: the most each fetch, lookup and probe may take (0: the default)
 */
void
bd_domain_check_set_timeout (BdDomainCheck *self,
                             guint          timeout_ms)
{
  g_return_if_fail (BD_IS_DOMAIN_CHECK (self));
  self->timeout_ms = timeout_ms > 0 ? timeout_ms : BD_DOMAIN_CHECK_DEFAULT_TIMEOUT_MS;
}

void
bd_domain_check_set_resolver (BdDomainCheck *self,
                              GResolver     *resolver)
{
  g_return_if_fail (BD_IS_DOMAIN_CHECK (self));
  g_set_object (&self->resolver, resolver);
}

/**
 * bd_domain_check_set_limiter:
 * @limiter: shared by every check that may name the same servers
 */
void
bd_domain_check_set_limiter (BdDomainCheck   *self,
                             BdDomainLimiter *limiter)
{
  g_return_if_fail (BD_IS_DOMAIN_CHECK (self));
  g_set_object (&self->limiter, limiter);
}

/**
 * bd_domain_check_set_address:
 * @address: (nullable): a real-looking address at the domain to check
 *
 * Autoconfig over HTTPS is then also asked with @address, besides the
 * address that does not exist, and a document whose answer differs between
 * the two (one that depends on the mailbox) is flagged.
 *
 * Returns: %FALSE with `invalid-argument` when @address is not one.
 */
gboolean
bd_domain_check_set_address (BdDomainCheck  *self,
                             const char     *address,
                             GError        **error)
{
  BdAddress *parsed = NULL;

  g_return_val_if_fail (BD_IS_DOMAIN_CHECK (self), FALSE);

  if (address != NULL && (parsed = bd_address_parse (address, error)) == NULL)
    return FALSE;
  g_clear_object (&self->address);
  self->address = parsed;
  return TRUE;
}

/**
 * bd_domain_check_normalize:
 * @domain: a domain as the person typed it, maybe an IDN
 *
 * Returns: (transfer full) (nullable): the domain in ASCII, lower case, or
 *   %NULL with `invalid-argument`.
 */
char *
bd_domain_check_normalize (const char  *domain,
                           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(BdAddress) address = NULL;
  g_autofree char *text = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (domain != NULL ? domain : ""));

  if (g_str_has_suffix (trimmed, "."))
    trimmed[strlen (trimmed) - 1] = '\0';
  if (trimmed[0] == '\0' || strchr (trimmed, '@') != NULL || strchr (trimmed, '/') != NULL ||
      strchr (trimmed, ':') != NULL)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a domain name, such as example.org."), trimmed);
      return NULL;
    }
  text = g_strconcat (BD_DOMAIN_CHECK_LOCAL_PART "@", trimmed, NULL);
  address = bd_address_parse (text, &local_error);
  if (address == NULL || strchr (bd_address_get_ascii_domain (address), '.') == NULL)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a domain name, such as example.org."), trimmed);
      return NULL;
    }
  return g_ascii_strdown (bd_address_get_ascii_domain (address), -1);
}

static void
run_free (BdDomainRun *run)
{
  for (guint i = 0; i < BD_DOMAIN_N_SECTIONS; i++)
    g_ptr_array_unref (run->sections[i]);
  for (guint i = 0; i < BD_DOMAIN_N_URLS; i++)
    bd_domain_fetch_clear (&run->fetches[i]);
  bd_domain_dns_clear (run);
  g_clear_pointer (&run->claims, g_ptr_array_unref);
  bd_domain_servers_clear (run);
  g_free (run->domain);
  g_clear_object (&run->address);
  g_clear_object (&run->real_address);
  bd_domain_fetch_clear (&run->address_fetch);
  g_clear_object (&run->report);
  g_clear_object (&run->session);
  g_clear_object (&run->anchor);
  g_clear_pointer (&run->ca_pem, g_bytes_unref);
  g_clear_object (&run->resolver);
  g_clear_object (&run->limiter);
  g_clear_object (&run->cancellable);
  g_free (run->ispdb_url);
  g_free (run);
}

static void
claim_free (BdDomainClaim *claim)
{
  g_clear_object (&claim->server);
  g_free (claim->source);
  g_free (claim);
}

void
bd_domain_run_add (BdDomainRun     *run,
                   BdDomainSection  section,
                   const char      *check,
                   BdDomainVerdict  verdict,
                   const char      *title,
                   const char      *evidence,
                   const char      *fix)
{
  g_ptr_array_add (run->sections[section],
                   bd_domain_finding_new (check, verdict, title, evidence, fix));
}

/**
 * bd_domain_run_add_claim:
 * @server: a server a source names, expanded
 * @source: where, for the evidence
 */
void
bd_domain_run_add_claim (BdDomainRun *run,
                         BdServer    *server,
                         const char  *source,
                         BdAuthFlags  auth,
                         guint        origin)
{
  BdDomainClaim *claim = g_new0 (BdDomainClaim, 1);

  claim->server = g_object_ref (server);
  claim->source = g_strdup (source);
  claim->auth = auth;
  claim->origin = origin;
  g_ptr_array_add (run->claims, claim);
  if (!g_cancellable_is_cancelled (run->cancellable))
    bd_domain_servers_probe (run, server);
}

GCancellable *
bd_domain_run_get_cancellable (BdDomainRun *run)
{
  return run->cancellable;
}

void
bd_domain_run_hold (BdDomainRun *run)
{
  run->pending++;
}

static void
run_finish (BdDomainRun *run)
{
  g_autoptr(GTask) task = run->task;

  bd_domain_web_judge (run);
  bd_domain_dns_judge (run);
  bd_domain_servers_judge (run);
  bd_domain_consistency_judge (run);
  for (guint s = 0; s < BD_DOMAIN_N_SECTIONS; s++)
    for (guint i = 0; i < run->sections[s]->len; i++)
      bd_domain_report_add (run->report, bd_domain_finding_copy (run->sections[s]->pdata[i]));
  bd_domain_report_set_ms (run->report,
                           (guint) ((g_get_monotonic_time () - run->started_us) / 1000));

  if (g_cancellable_is_cancelled (run->cancellable))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The domain check was stopped."));
      return;
    }
  g_task_return_pointer (task, g_object_ref (run->report), g_object_unref);
}

void
bd_domain_run_release (BdDomainRun *run)
{
  g_return_if_fail (run->pending > 0);
  if (--run->pending > 0)
    return;
  run_finish (run);
}

/**
 * bd_domain_check_run_async:
 * @domain: the domain to check, as bd_domain_check_normalize() accepts it
 *
 * Checks everything the domain publishes for mail clients, in parallel.
 */
void
bd_domain_check_run_async (BdDomainCheck       *self,
                           const char          *domain,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ascii = NULL;
  g_autofree char *address = NULL;
  BdDomainRun *run;

  g_return_if_fail (BD_IS_DOMAIN_CHECK (self));
  g_return_if_fail (domain != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bd_domain_check_run_async);

  ascii = bd_domain_check_normalize (domain, &error);
  if (ascii == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The address given must be at the domain checked: it stands for one
   * of the domain's people. */
  if (self->address != NULL &&
      g_ascii_strcasecmp (bd_address_get_ascii_domain (self->address), ascii) != 0)
    {
      g_autofree char *text = bd_address_dup_ascii (self->address);

      g_task_return_new_error (task, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                               _("The address %s is not at %s."), text, ascii);
      return;
    }

  run = g_new0 (BdDomainRun, 1);
  run->real_address = self->address != NULL ? g_object_ref (self->address) : NULL;
  run->domain = g_steal_pointer (&ascii);
  address = g_strconcat (BD_DOMAIN_CHECK_LOCAL_PART "@", run->domain, NULL);
  run->address = bd_address_parse (address, NULL);
  run->report = bd_domain_report_new (run->domain);
  for (guint i = 0; i < BD_DOMAIN_N_SECTIONS; i++)
    run->sections[i] = g_ptr_array_new_with_free_func ((GDestroyNotify) bd_domain_finding_free);
  run->claims = g_ptr_array_new_with_free_func ((GDestroyNotify) claim_free);
  /* libsoup's own timeout is only a backstop, a second past the fetch's
   * deadline (bd-domain-web.c), which says what timed out: libsoup's, when
   * the name server is silent, ends as "no such name". */
  run->session = soup_session_new_with_options ("user-agent",
                                                "Brevduva/" PACKAGE_VERSION
                                                " (+https://github.com/brevduva/brevduva)",
                                                "timeout", (guint) MAX (1, self->timeout_ms / 1000) + 1,
                                                NULL);
  run->anchor = self->anchor != NULL ? g_object_ref (self->anchor) : NULL;
  run->ca_pem = self->ca_pem != NULL ? g_bytes_ref (self->ca_pem) : NULL;
  run->resolver = self->resolver != NULL ? g_object_ref (self->resolver)
                                         : g_resolver_get_default ();
  run->limiter = self->limiter != NULL ? g_object_ref (self->limiter)
                                       : bd_domain_limiter_new (0);
  run->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  run->ispdb_url = g_strdup (self->ispdb_url);
  run->timeout_ms = self->timeout_ms;
  run->started_us = g_get_monotonic_time ();
  run->task = g_object_ref (task);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);

  /* Held while starting, so that an answer that comes at once cannot end
   * the run before every question is out. */
  bd_domain_run_hold (run);
  bd_domain_web_start (run);
  bd_domain_dns_start (run);
  bd_domain_run_release (run);
}

/**
 * bd_domain_check_run_finish:
 *
 * Returns: (transfer full): the report, or %NULL with `invalid-argument`
 *   for a domain that is not one, or %G_IO_ERROR_CANCELLED.
 */
BdDomainReport *
bd_domain_check_run_finish (BdDomainCheck  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
