/* bd-domain-dns.c: the domain's SRV, MX and TXT records, and what they say
 *
 * SRV (RFC 6186, RFC 8314 §5.1): each of the six services, every record
 * with its priority, weight, port and target. A lone "." target means "not
 * offered" (RFC 2782). RFC 8314 gave implicit TLS its own service names:
 * port 465 under _submission (which means STARTTLS) sends clients to speak
 * plain SMTP to a TLS port, where they hang; the same for 993 under _imap
 * and 995 under _pop3, and the reverse.
 *
 * MX (RFC 5321 §5.1, RFC 7505): a null MX says the domain takes no mail; an
 * MX at a big hosted provider (the built-in database knows its domain) says
 * the people's mail settings are that provider's.
 *
 * MTA-STS (RFC 8461) and TLS-RPT (RFC 8460): only reported; they protect
 * mail between servers, not a person's client.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-domain.h"
#include "bd-domain-check-private.h"
#include "bd-provider-db.h"

/* More alternatives than a person would ever try, few enough to probe; the
 * records of a service past these are only counted. */
#define MAX_TARGETS_PER_SERVICE 4
/* A hostile answer may hold hundreds of MX records: the evidence shows this many. */
#define MAX_RECORDS_SHOWN 16

static const struct {
  const char *service;
  BdProtocol protocol;
  BdSecurity security;
  guint16 wrong_port;     /* the port of the twin service: a mistake here */
} services[BD_DOMAIN_N_SERVICES] = {
  { "_imaps._tcp.", BD_PROTOCOL_IMAP, BD_SECURITY_TLS, 143 },
  { "_imap._tcp.", BD_PROTOCOL_IMAP, BD_SECURITY_STARTTLS, 993 },
  { "_pop3s._tcp.", BD_PROTOCOL_POP3, BD_SECURITY_TLS, 110 },
  { "_pop3._tcp.", BD_PROTOCOL_POP3, BD_SECURITY_STARTTLS, 995 },
  { "_submissions._tcp.", BD_PROTOCOL_SMTP, BD_SECURITY_TLS, 587 },
  { "_submission._tcp.", BD_PROTOCOL_SMTP, BD_SECURITY_STARTTLS, 465 },
};

typedef struct
{
  BdDomainRun *run;
  guint index;        /* of services[], or G_MAXUINT for MX, G_MAXUINT - 1, -2 for TXT */
  char *name;
  GCancellable *cancellable;   /* cancelled by the run or by the deadline */
  gulong cancelled_id;
  GSource *deadline;
  gboolean timed_out;
} Query;

#define QUERY_MX G_MAXUINT
#define QUERY_MTA_STS (G_MAXUINT - 1)
#define QUERY_TLS_RPT (G_MAXUINT - 2)

void
bd_domain_dns_clear (BdDomainRun *run)
{
  for (guint i = 0; i < BD_DOMAIN_N_SERVICES; i++)
    {
      g_list_free_full (run->srv[i].records, (GDestroyNotify) g_variant_unref);
      run->srv[i].records = NULL;
      g_clear_error (&run->srv[i].error);
    }
  g_list_free_full (run->mx, (GDestroyNotify) g_variant_unref);
  run->mx = NULL;
  g_clear_error (&run->mx_error);
  g_clear_pointer (&run->txt_mta_sts, g_free);
  g_clear_pointer (&run->txt_tls_rpt, g_free);
  g_clear_pointer (&run->dns_timeouts, g_ptr_array_unref);
}

static char *
join_txt (GList *records)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (GList *l = records; l != NULL; l = l->next)
    {
      g_autofree const char **strings = NULL;

      g_variant_get (l->data, "(^a&s)", &strings);
      if (text->len > 0)
        g_string_append (text, " | ");
      for (guint i = 0; strings[i] != NULL; i++)
        g_string_append (text, strings[i]);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
is_root (const char *target)
{
  return target[0] == '\0' || g_str_equal (target, ".");
}

/* RFC 2782 order: priority, then the heavier weight first. */
static int
compare_srv (gconstpointer a,
             gconstpointer b)
{
  guint16 pa, wa, pb, wb;

  g_variant_get ((GVariant *) a, "(qqq&s)", &pa, &wa, NULL, NULL);
  g_variant_get ((GVariant *) b, "(qqq&s)", &pb, &wb, NULL, NULL);
  if (pa != pb)
    return (int) pa - (int) pb;
  return (int) wb - (int) wa;
}

/* The service's first records, in RFC 2782 order, name servers to probe
 * now; the ones that judge_srv_record() finds wrong are left out. */
static void
claim_srv (BdDomainRun *run,
           guint        i)
{
  BdDomainSrv *srv = &run->srv[i];
  guint n = 0;

  srv->records = g_list_sort (srv->records, compare_srv);
  for (GList *l = srv->records; l != NULL && n < MAX_TARGETS_PER_SERVICE; l = l->next, n++)
    {
      guint16 priority, weight, port;
      const char *target;
      g_autofree char *evidence = NULL;
      g_autoptr(BdServer) server = NULL;

      g_variant_get (l->data, "(qqq&s)", &priority, &weight, &port, &target);
      if (is_root (target) || target[0] == '_' || port == services[i].wrong_port)
        continue;
      evidence = g_strdup_printf ("%s%s. SRV %u %u %u %s.", services[i].service, run->domain,
                                  priority, weight, port, target);
      server = bd_server_new (services[i].protocol, target, port, services[i].security, NULL);
      bd_domain_run_add_claim (run, server, evidence, 0, BD_DOMAIN_ORIGIN_SRV);
    }
}

/* GResolver's own limits are the system resolver's (resolv.conf: 5 s,
 * twice, per name server), longer than --timeout: a silent name server
 * would hold the whole check. Each question is cancelled at the check's
 * deadline instead, and says so. */
static gboolean
deadline_cb (gpointer user_data)
{
  Query *query = user_data;

  query->timed_out = TRUE;
  g_cancellable_cancel (query->cancellable);
  return G_SOURCE_REMOVE;
}

static void
run_cancelled_cb (GCancellable *run_cancellable,
                  GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

static void
query_free (Query *query)
{
  if (query->deadline != NULL)
    {
      g_source_destroy (query->deadline);
      g_source_unref (query->deadline);
    }
  if (query->cancelled_id != 0)
    g_cancellable_disconnect (bd_domain_run_get_cancellable (query->run), query->cancelled_id);
  g_clear_object (&query->cancellable);
  g_free (query->name);
  g_free (query);
}

static void
records_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Query *query = user_data;
  BdDomainRun *run = query->run;
  g_autoptr(GError) error = NULL;
  GList *records = g_resolver_lookup_records_finish (G_RESOLVER (object), result, &error);

  if (query->timed_out && !g_cancellable_is_cancelled (run->cancellable))
    {
      g_clear_error (&error);
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   _("The name server did not answer within %u seconds."),
                   MAX (1, run->timeout_ms / 1000));
      if (run->dns_timeouts == NULL)
        run->dns_timeouts = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (run->dns_timeouts, g_strdup (query->name));
    }
  if (query->index == QUERY_MX)
    {
      run->mx = records;
      run->mx_error = g_steal_pointer (&error);
    }
  else if (query->index == QUERY_MTA_STS || query->index == QUERY_TLS_RPT)
    {
      char *text = records != NULL ? join_txt (records) : NULL;

      if (query->index == QUERY_MTA_STS)
        run->txt_mta_sts = text;
      else
        run->txt_tls_rpt = text;
      g_list_free_full (records, (GDestroyNotify) g_variant_unref);
    }
  else
    {
      run->srv[query->index].records = records;
      run->srv[query->index].error = g_steal_pointer (&error);
      claim_srv (run, query->index);
    }
  query_free (query);
  bd_domain_run_release (run);
}

static void
ask (BdDomainRun          *run,
     const char           *name,
     GResolverRecordType   type,
     guint                 index)
{
  Query *query = g_new0 (Query, 1);

  query->run = run;
  query->index = index;
  query->name = g_strdup_printf ("%s. %s", name, type == G_RESOLVER_RECORD_SRV ? "SRV"
                                                : type == G_RESOLVER_RECORD_MX ? "MX" : "TXT");
  query->cancellable = g_cancellable_new ();
  query->cancelled_id = g_cancellable_connect (bd_domain_run_get_cancellable (run),
                                               G_CALLBACK (run_cancelled_cb),
                                               query->cancellable, NULL);
  query->deadline = g_timeout_source_new (run->timeout_ms);
  g_source_set_callback (query->deadline, deadline_cb, query, NULL);
  g_source_attach (query->deadline, g_task_get_context (run->task));
  bd_domain_run_hold (run);
  g_resolver_lookup_records_async (run->resolver, name, type, query->cancellable,
                                   records_cb, query);
}

/**
 * bd_domain_dns_start:
 *
 * Asks for the six SRV services, the MX and the two TXT records at once.
 */
void
bd_domain_dns_start (BdDomainRun *run)
{
  g_autofree char *mta_sts = g_strconcat ("_mta-sts.", run->domain, NULL);
  g_autofree char *tls_rpt = g_strconcat ("_smtp._tls.", run->domain, NULL);

  for (guint i = 0; i < BD_DOMAIN_N_SERVICES; i++)
    {
      g_autofree char *name = g_strconcat (services[i].service, run->domain, NULL);

      run->srv[i].service = services[i].service;
      ask (run, name, G_RESOLVER_RECORD_SRV, i);
    }
  ask (run, run->domain, G_RESOLVER_RECORD_MX, QUERY_MX);
  ask (run, mta_sts, G_RESOLVER_RECORD_TXT, QUERY_MTA_STS);
  ask (run, tls_rpt, G_RESOLVER_RECORD_TXT, QUERY_TLS_RPT);
}


static void
judge_srv_record (BdDomainRun *run,
                  guint        i,
                  GVariant    *record)
{
  guint16 priority, weight, port;
  const char *target;
  g_autofree char *evidence = NULL;
  g_autofree char *title = NULL;

  g_variant_get (record, "(qqq&s)", &priority, &weight, &port, &target);
  evidence = g_strdup_printf ("%s%s. SRV %u %u %u %s.", services[i].service, run->domain,
                              priority, weight, port, is_root (target) ? "" : target);
  if (is_root (target))
    {
      title = g_strdup_printf (_("%s%s: explicitly not offered (target “.”)."),
                               services[i].service, run->domain);
      bd_domain_run_add (run, BD_DOMAIN_SECTION_SRV, "srv-not-offered", BD_DOMAIN_VERDICT_INFO,
                         title, evidence, NULL);
      return;
    }
  if (target[0] == '_')
    {
      title = g_strdup_printf (_("%s%s points at a service name, not a host."),
                               services[i].service, run->domain);
      bd_domain_run_add (run, BD_DOMAIN_SECTION_SRV, "srv-target", BD_DOMAIN_VERDICT_FAIL,
                         title, evidence, _("The target of an SRV record is a host name."));
      return;
    }
  if (port == services[i].wrong_port)
    {
      gboolean submission = services[i].protocol == BD_PROTOCOL_SMTP;

      title = services[i].security == BD_SECURITY_STARTTLS
        ? g_strdup_printf (_("Port %u, which speaks TLS from the first byte, is published "
                             "under %s, which means STARTTLS: clients hang there (RFC 8314)."),
                           port, services[i].service)
        : g_strdup_printf (_("Port %u, which expects STARTTLS, is published under %s, which "
                             "means TLS from the first byte (RFC 8314)."),
                           port, services[i].service);
      bd_domain_run_add (run, BD_DOMAIN_SECTION_SRV,
                         submission ? "srv-submission-port" : "srv-port",
                         BD_DOMAIN_VERDICT_FAIL, title, evidence,
                         services[i].security == BD_SECURITY_STARTTLS
                         ? _("Publish that port under the implicit-TLS service "
                             "(_submissions, _imaps, _pop3s), and only the STARTTLS port "
                             "under this one.")
                         : _("Publish that port under the STARTTLS service (_submission, "
                             "_imap, _pop3)."));
      return;
    }
  title = g_strdup_printf (_("%s%s: %s port %u."), services[i].service, run->domain, target,
                           port);
  bd_domain_run_add (run, BD_DOMAIN_SECTION_SRV, "srv", BD_DOMAIN_VERDICT_PASS, title,
                     evidence, NULL);
}

static void
judge_srv (BdDomainRun *run)
{
  guint found = 0;
  gboolean timed_out = FALSE;

  for (guint i = 0; i < BD_DOMAIN_N_SERVICES; i++)
    {
      BdDomainSrv *srv = &run->srv[i];

      if (g_error_matches (srv->error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        {
          timed_out = TRUE;   /* said once, by judge_timeouts() */
          continue;
        }
      if (srv->error != NULL &&
          !g_error_matches (srv->error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
        {
          g_autofree char *title = g_strdup_printf (_("%s%s could not be looked up."),
                                                    services[i].service, run->domain);

          bd_domain_run_add (run, BD_DOMAIN_SECTION_SRV, "srv", BD_DOMAIN_VERDICT_WARNING,
                             title, srv->error->message,
                             _("Make the domain’s name servers answer SRV questions."));
          continue;
        }
      for (GList *l = srv->records; l != NULL; l = l->next, found++)
        {
          g_autofree char *title = NULL;

          if (g_list_position (srv->records, l) < MAX_TARGETS_PER_SERVICE)
            {
              judge_srv_record (run, i, l->data);
              continue;
            }
          title = g_strdup_printf (_("%s%s has %u more records, neither shown nor probed."),
                                   services[i].service, run->domain, g_list_length (l));
          bd_domain_run_add (run, BD_DOMAIN_SECTION_SRV, "srv", BD_DOMAIN_VERDICT_INFO,
                             title, NULL, NULL);
          found += g_list_length (l);
          break;
        }
    }
  /* Unanswered is not "none". */
  if (found == 0 && !timed_out)
    bd_domain_run_add (run, BD_DOMAIN_SECTION_SRV, "srv", BD_DOMAIN_VERDICT_INFO,
                       _("No SRV records for mail (RFC 6186)."), NULL,
                       _("Publish the SRV records this report suggests: some clients use "
                         "nothing else."));
}

static void
judge_mx_provider (BdDomainRun *run,
                   const char  *exchanger,
                   const char  *evidence)
{
  g_autofree char *mx_domain = bd_domain_dup_registrable (exchanger);
  BdAccountConfig *known;
  g_autofree char *title = NULL;

  if (mx_domain == NULL || bd_domain_same_registrable (exchanger, run->domain))
    return;
  known = bd_provider_db_lookup (bd_provider_db_get_default (), mx_domain);
  if (known == NULL)
    return;
  title = g_strdup_printf (_("The domain’s mail is hosted by %1$s: the people’s mail settings "
                             "are %1$s’s, and its own autoconfig should name them."),
                           bd_account_config_get_display_name (known));
  bd_domain_run_add (run, BD_DOMAIN_SECTION_MX, "mx-hosted", BD_DOMAIN_VERDICT_INFO, title,
                     evidence, NULL);
}

static void
judge_mx (BdDomainRun *run)
{
  g_autoptr(GString) evidence = g_string_new (NULL);
  const char *best = NULL;
  guint16 best_preference = G_MAXUINT16;
  gboolean null_mx = FALSE;

  if (g_error_matches (run->mx_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return;     /* said once, by judge_timeouts() */
  if (run->mx_error != NULL)
    {
      gboolean none = g_error_matches (run->mx_error, G_RESOLVER_ERROR,
                                       G_RESOLVER_ERROR_NOT_FOUND);

      bd_domain_run_add (run, BD_DOMAIN_SECTION_MX, "mx",
                         none ? BD_DOMAIN_VERDICT_INFO : BD_DOMAIN_VERDICT_WARNING,
                         none ? _("The domain has no MX record: mail for it goes to its address "
                                  "record, if any (RFC 5321 §5.1).")
                              : _("The domain’s MX record could not be looked up."),
                         run->mx_error->message, NULL);
      return;
    }
  for (GList *l = run->mx; l != NULL; l = l->next)
    {
      guint16 preference;
      const char *exchanger;

      g_variant_get (l->data, "(q&s)", &preference, &exchanger);
      if (g_list_position (run->mx, l) < MAX_RECORDS_SHOWN)
        g_string_append_printf (evidence, "%s%s. MX %u %s.", evidence->len > 0 ? "\n" : "",
                                run->domain, preference, exchanger);
      else if (l->next == NULL)
        g_string_append_printf (evidence, "\n… (%u records)", g_list_length (run->mx));
      if (is_root (exchanger))
        null_mx = TRUE;
      else if (preference < best_preference)
        {
          best = exchanger;
          best_preference = preference;
        }
    }
  if (null_mx && best == NULL)
    {
      bd_domain_run_add (run, BD_DOMAIN_SECTION_MX, "mx-null", BD_DOMAIN_VERDICT_INFO,
                         _("Null MX (RFC 7505): the domain says it accepts no mail."),
                         evidence->str, NULL);
      return;
    }
  if (best == NULL)
    return;
  bd_domain_run_add (run, BD_DOMAIN_SECTION_MX, "mx", BD_DOMAIN_VERDICT_PASS,
                     _("The domain has an MX record."), evidence->str, NULL);
  judge_mx_provider (run, best, evidence->str);
}

static void
judge_txt (BdDomainRun *run)
{
  g_autofree char *mta_sts = g_strdup_printf ("_mta-sts.%s. TXT \"%s\"", run->domain,
                                              run->txt_mta_sts != NULL ? run->txt_mta_sts : "");
  g_autofree char *tls_rpt = g_strdup_printf ("_smtp._tls.%s. TXT \"%s\"", run->domain,
                                              run->txt_tls_rpt != NULL ? run->txt_tls_rpt : "");

  bd_domain_run_add (run, BD_DOMAIN_SECTION_INFO, "mta-sts", BD_DOMAIN_VERDICT_INFO,
                     run->txt_mta_sts != NULL
                     ? _("MTA-STS is published (RFC 8461). It protects mail between servers, "
                         "not the people’s mail programs.")
                     : _("No MTA-STS (RFC 8461). It protects mail between servers, not the "
                         "people’s mail programs; nothing here depends on it."),
                     run->txt_mta_sts != NULL ? mta_sts : NULL, NULL);
  bd_domain_run_add (run, BD_DOMAIN_SECTION_INFO, "tls-rpt", BD_DOMAIN_VERDICT_INFO,
                     run->txt_tls_rpt != NULL
                     ? _("TLS-RPT is published (RFC 8460): reports about mail between "
                         "servers.")
                     : _("No TLS-RPT (RFC 8460): reports about mail between servers; nothing "
                         "here depends on it."),
                     run->txt_tls_rpt != NULL ? tls_rpt : NULL, NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* One finding for every lookup the deadline cut short: the DNS step is
 * the one that timed out, whichever records it was asked for. */
static void
judge_timeouts (BdDomainRun *run)
{
  g_autofree char *title = NULL;
  g_autofree char *evidence = NULL;

  if (run->dns_timeouts == NULL)
    return;
  g_ptr_array_sort (run->dns_timeouts, compare_names);
  g_ptr_array_add (run->dns_timeouts, NULL);
  evidence = g_strjoinv ("\n", (char **) run->dns_timeouts->pdata);
  g_ptr_array_remove_index (run->dns_timeouts, run->dns_timeouts->len - 1);
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "DNS: the name server did not answer %u question "
                                        "within %u seconds: clients wait that long, then guess.",
                                        "DNS: the name server did not answer %u questions "
                                        "within %u seconds: clients wait that long, then guess.",
                                        run->dns_timeouts->len),
                           run->dns_timeouts->len, MAX (1, run->timeout_ms / 1000));
  bd_domain_run_add (run, BD_DOMAIN_SECTION_SRV, "dns-timeout", BD_DOMAIN_VERDICT_WARNING,
                     title, evidence,
                     _("Make the domain’s name servers answer every question, also for names "
                       "that do not exist (NXDOMAIN) and record types they do not hold "
                       "(an empty answer)."));
}

/**
 * bd_domain_dns_judge:
 *
 * Turns the answers into findings and the SRV targets into claims.
 */
void
bd_domain_dns_judge (BdDomainRun *run)
{
  judge_timeouts (run);
  judge_srv (run);
  judge_mx (run);
  judge_txt (run);
}
