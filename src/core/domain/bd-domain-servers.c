/* bd-domain-servers.c: every server the domain names, probed without a login
 *
 * Each distinct server (protocol, host, port, security) named by any source
 * is probed once with BdProbe and no password: the name, the connection,
 * TLS verified against the system store (and --ca-file) with the name
 * checked, the greeting, the capabilities. No AUTH command is ever sent.
 * Probes of one host wait their turn in the run's BdDomainLimiter.
 *
 * What the probe's report says is then read as an administrator needs it:
 *  - the greeting shows which protocol really answers (an SMTP name that
 *    greets with "* OK" is an IMAP server);
 *  - on a STARTTLS server, the lines before STARTTLS show whether an
 *    authentication mechanism was offered before TLS (RFC 3207 §4.2 and
 *    RFC 9051 §6.2.1 forbid relying on it; RFC 8314 §3 prefers none);
 *  - the mechanisms after TLS: GSSAPI or NTLM alone leave a password
 *    client nothing to use; a source that promises encrypted passwords
 *    needs CRAM-MD5 or SCRAM;
 *  - per protocol, a STARTTLS server without an implicit-TLS twin
 *    (RFC 8314 §3.3 prefers implicit TLS).
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-domain-check-private.h"
#include "bd-error.h"
#include "bd-probe.h"
#include "bd-shared-resolver.h"

/* A domain names few servers; a hostile one is not probed past this many. */
#define MAX_PROBES 24

typedef struct
{
  BdDomainRun *run;
  BdServer *server;
  char *key;
  GPtrArray *sources;        /* of char *: where the server was named */
  BdAuthFlags auth;          /* what the sources promise, together */
  BdProbe *probe;
  BdProbeReport *report;
} DomainProbe;

static void
domain_probe_free (DomainProbe *probe)
{
  g_clear_object (&probe->server);
  g_free (probe->key);
  g_ptr_array_unref (probe->sources);
  g_clear_object (&probe->probe);
  g_clear_object (&probe->report);
  g_free (probe);
}

static char *
server_key (BdServer *server)
{
  g_autofree char *host = g_ascii_strdown (bd_server_get_hostname (server), -1);

  return g_strdup_printf ("%s:%s:%u:%s",
                          bd_enum_get_nick (BD_TYPE_PROTOCOL, bd_server_get_protocol (server)),
                          host, bd_server_get_port (server),
                          bd_enum_get_nick (BD_TYPE_SECURITY, bd_server_get_security (server)));
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  DomainProbe *probe = user_data;
  g_autoptr(GError) error = NULL;

  probe->report = bd_probe_run_finish (BD_PROBE (object), result, &error);
  /* Stopped with the whole check: the report as far as it got. */
  if (probe->report == NULL)
    probe->report = bd_probe_run_dup_stopped_report (BD_PROBE (object), result);
  bd_domain_limiter_release (probe->run->limiter, bd_server_get_hostname (probe->server));
  bd_domain_run_release (probe->run);
}

static void
probe_start (gpointer user_data)
{
  DomainProbe *probe = user_data;

  bd_probe_run_async (probe->probe, bd_domain_run_get_cancellable (probe->run), probe_cb,
                      probe);
}

static DomainProbe *
find_probe (BdDomainRun *run,
            const char  *key)
{
  for (guint i = 0; i < run->probes->len; i++)
    {
      DomainProbe *probe = run->probes->pdata[i];

      if (g_str_equal (probe->key, key))
        return probe;
    }
  return NULL;
}

void
bd_domain_servers_clear (BdDomainRun *run)
{
  g_clear_pointer (&run->probes, g_ptr_array_unref);
  g_clear_object (&run->probe_resolver);
}

/**
 * bd_domain_servers_probe:
 * @server: a server a source named, expanded
 *
 * Probes @server, holding @run, unless it is probed already (or the run
 * has reached MAX_PROBES).
 */
void
bd_domain_servers_probe (BdDomainRun *run,
                         BdServer    *server)
{
  g_autofree char *key = server_key (server);
  DomainProbe *probe;

  if (run->probes == NULL)
    {
      run->probes = g_ptr_array_new_with_free_func ((GDestroyNotify) domain_probe_free);
      run->probe_resolver = G_RESOLVER (bd_shared_resolver_new (run->resolver));
    }
  if (find_probe (run, key) != NULL || run->probes->len >= MAX_PROBES)
    return;

  probe = g_new0 (DomainProbe, 1);
  probe->run = run;
  probe->server = g_object_ref (server);
  probe->key = g_steal_pointer (&key);
  probe->sources = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (run->probes, probe);

  probe->probe = bd_probe_new (probe->server);
  bd_probe_set_login (probe->probe, FALSE);
  bd_probe_set_timeout (probe->probe, run->timeout_ms);
  bd_probe_set_resolver (probe->probe, run->probe_resolver);
  if (run->ca_pem != NULL)
    bd_probe_set_ca_pem (probe->probe, run->ca_pem);
  bd_domain_run_hold (run);
  bd_domain_limiter_acquire (run->limiter, bd_server_get_hostname (probe->server),
                             probe_start, probe);
}

/* Where the server was named and what was promised, from every claim. */
static void
collect_claims (BdDomainRun *run,
                DomainProbe *probe)
{
  for (guint i = 0; i < run->claims->len; i++)
    {
      BdDomainClaim *claim = run->claims->pdata[i];
      g_autofree char *key = server_key (claim->server);

      if (!g_str_equal (key, probe->key))
        continue;
      if (!g_ptr_array_find_with_equal_func (probe->sources, claim->source, g_str_equal, NULL))
        g_ptr_array_add (probe->sources, g_strdup (claim->source));
      probe->auth |= claim->auth;
    }
}

/* The protocol the greeting belongs to, or -1 when it is none of them. */
static int
greeting_protocol (BdProbeReport *report)
{
  GPtrArray *transcript = bd_probe_report_get_transcript (report);

  for (guint i = 0; i < transcript->len; i++)
    {
      BdTranscriptLine *line = transcript->pdata[i];

      if (line->direction != BD_TRANSCRIPT_SERVER)
        continue;
      if (g_str_has_prefix (line->line, "* "))
        return BD_PROTOCOL_IMAP;
      if (g_str_has_prefix (line->line, "+OK") || g_str_has_prefix (line->line, "-ERR"))
        return BD_PROTOCOL_POP3;
      if (g_ascii_isdigit (line->line[0]) && g_ascii_isdigit (line->line[1]) &&
          g_ascii_isdigit (line->line[2]))
        return BD_PROTOCOL_SMTP;
      return -1;
    }
  return -1;
}

/* Whether a server line before STARTTLS offered a way to log in. */
static char *
dup_auth_before_tls (BdProbeReport *report)
{
  GPtrArray *transcript = bd_probe_report_get_transcript (report);

  for (guint i = 0; i < transcript->len; i++)
    {
      BdTranscriptLine *line = transcript->pdata[i];
      g_autofree char *upper = NULL;

      if (line->direction == BD_TRANSCRIPT_CLIENT &&
          (g_str_has_suffix (line->line, "STARTTLS") || g_str_equal (line->line, "STLS")))
        return NULL;
      if (line->direction != BD_TRANSCRIPT_SERVER)
        continue;
      upper = g_ascii_strup (line->line, -1);
      if (strstr (upper, "AUTH=") != NULL || g_str_has_prefix (upper, "250-AUTH") ||
          g_str_has_prefix (upper, "250 AUTH") || g_str_has_prefix (upper, "SASL"))
        return g_strdup (line->line);
    }
  return NULL;
}

static gboolean
has_mechanism (const char * const *mechanisms,
               const char         *prefix)
{
  for (guint i = 0; mechanisms != NULL && mechanisms[i] != NULL; i++)
    if (g_ascii_strncasecmp (mechanisms[i], prefix, strlen (prefix)) == 0)
      return TRUE;
  return FALSE;
}

static char *
dup_sources (DomainProbe *probe)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < probe->sources->len; i++)
    g_string_append_printf (list, "%s%s", i > 0 ? "; " : "",
                            (const char *) probe->sources->pdata[i]);
  /* Translators: %s lists the sources that name a server: "autoconfig; SRV". */
  return g_strdup_printf (_("Named by: %s"), list->str);
}

static void
judge_failure (BdDomainRun *run,
               DomainProbe *probe,
               const char  *url,
               const char  *sources)
{
  const GError *error = bd_probe_report_get_error (probe->report);
  const char *says = bd_probe_report_get_server_says (probe->report);
  const char *advice = bd_probe_report_get_advice (probe->report);
  g_autofree char *title = NULL;
  g_autofree char *evidence = NULL;
  const char *check = "server";

  if (g_error_matches (error, BD_ERROR, BD_ERROR_TIMED_OUT))
    {
      title = g_strdup_printf (_("%s does not answer: clients wait for it until they give up "
                                 "(a firewall that drops the connection?)."), url);
      advice = _("Open the port, let the firewall refuse it at once, or stop publishing this "
                 "server.");
      check = "server-timeout";
    }
  else
    {
      const char *step = bd_probe_report_get_failed_step (probe->report);

      title = g_strdup_printf (_("%s fails at “%s”: %s"), url, bd_probe_step_get_label (step),
                               error != NULL ? error->message : "");
      if (error != NULL && (g_str_has_prefix (bd_error_get_name (error), "certificate-") ||
                            g_error_matches (error, BD_ERROR, BD_ERROR_TLS_HANDSHAKE_FAILED)))
        check = "server-tls";
      else if (g_error_matches (error, BD_ERROR, BD_ERROR_STARTTLS_NOT_OFFERED))
        check = "server-starttls";
      else if (g_error_matches (error, BD_ERROR, BD_ERROR_DNS_NOT_FOUND))
        check = "server-resolves";
      else if (g_error_matches (error, BD_ERROR, BD_ERROR_CONNECTION_REFUSED))
        check = "server-port";
    }
  evidence = says != NULL ? g_strdup_printf ("%s\n%s: %s", sources, _("The server says"), says)
                          : g_strdup (sources);
  bd_domain_run_add (run, BD_DOMAIN_SECTION_SERVERS, check, BD_DOMAIN_VERDICT_FAIL, title,
                     evidence, advice);
}

static void
judge_mechanisms (BdDomainRun *run,
                  DomainProbe *probe,
                  const char  *url,
                  const char  *sources)
{
  const char * const *mechanisms = bd_probe_report_get_auth_mechanisms (probe->report);
  gboolean password = has_mechanism (mechanisms, "PLAIN") ||
                      has_mechanism (mechanisms, "LOGIN") ||
                      has_mechanism (mechanisms, "SCRAM-") ||
                      has_mechanism (mechanisms, "CRAM-MD5");
  gboolean encrypted = has_mechanism (mechanisms, "SCRAM-") ||
                       has_mechanism (mechanisms, "CRAM-MD5") ||
                       has_mechanism (mechanisms, "DIGEST-MD5");
  gboolean kerberos = has_mechanism (mechanisms, "GSSAPI") || has_mechanism (mechanisms, "NTLM");
  g_autofree char *title = NULL;

  /* IMAP's LOGIN command and POP3's USER/PASS need no SASL mechanism. */
  if (bd_server_get_protocol (probe->server) != BD_PROTOCOL_SMTP &&
      (mechanisms == NULL || mechanisms[0] == NULL))
    return;

  if (kerberos && !password)
    {
      title = g_strdup_printf (_("%s offers only GSSAPI or NTLM, which a mail program with a "
                                 "password cannot use."), url);
      bd_domain_run_add (run, BD_DOMAIN_SECTION_SERVERS, "server-mechanisms",
                         BD_DOMAIN_VERDICT_FAIL, title, sources,
                         _("Offer PLAIN (over TLS) or SCRAM-SHA-256 as well."));
    }
  else if (kerberos)
    {
      title = g_strdup_printf (_("%s offers GSSAPI or NTLM: clients without Kerberos or a "
                                 "Windows domain may try them first and fail."), url);
      bd_domain_run_add (run, BD_DOMAIN_SECTION_SERVERS, "server-mechanisms",
                         BD_DOMAIN_VERDICT_WARNING, title, sources,
                         _("Offer GSSAPI and NTLM only where every client can use them."));
    }
  else if (!password)
    {
      title = g_strdup_printf (_("%s offers no way to log in with a password after TLS."), url);
      bd_domain_run_add (run, BD_DOMAIN_SECTION_SERVERS, "server-mechanisms",
                         BD_DOMAIN_VERDICT_FAIL, title, sources,
                         _("Offer PLAIN (over TLS) or SCRAM-SHA-256."));
    }

  if ((probe->auth & BD_AUTH_PASSWORD_ENCRYPTED) && !encrypted)
    {
      g_autofree char *promise = g_strdup_printf (_("The settings promise an encrypted password "
                                                    "for %s, but it offers no such mechanism: "
                                                    "the login fails."), url);

      bd_domain_run_add (run, BD_DOMAIN_SECTION_SERVERS, "server-mechanisms-promised",
                         BD_DOMAIN_VERDICT_FAIL, promise, sources,
                         _("Write <authentication>password-cleartext</authentication> (over "
                           "TLS it is safe), or offer CRAM-MD5 or SCRAM."));
    }
  if ((probe->auth & BD_AUTH_PASSWORD_CLEARTEXT) && !password &&
      bd_server_get_protocol (probe->server) == BD_PROTOCOL_SMTP)
    {
      g_autofree char *promise = g_strdup_printf (_("The settings promise a normal password for "
                                                    "%s, but it offers neither PLAIN nor LOGIN: "
                                                    "the login fails."), url);

      bd_domain_run_add (run, BD_DOMAIN_SECTION_SERVERS, "server-mechanisms-promised",
                         BD_DOMAIN_VERDICT_FAIL, promise, sources,
                         _("Offer PLAIN over TLS, or write the mechanism it offers."));
    }
}

static void
judge_probe (BdDomainRun *run,
             DomainProbe *probe)
{
  g_autofree char *url = bd_server_dup_url (probe->server);
  g_autofree char *sources = dup_sources (probe);
  g_autofree char *before_tls = NULL;
  int answered = greeting_protocol (probe->report);
  BdProtocol protocol = bd_server_get_protocol (probe->server);

  if (answered >= 0 && answered != (int) protocol)
    {
      g_autofree char *title =
        g_strdup_printf (_("%s is named as a %s server, but it answers %s."), url,
                         bd_protocol_get_label (protocol), bd_protocol_get_label (answered));

      bd_domain_run_add (run, BD_DOMAIN_SECTION_SERVERS, "server-protocol",
                         BD_DOMAIN_VERDICT_FAIL, title, sources,
                         _("Name the right host and port for this protocol."));
      return;
    }
  if (!bd_probe_report_get_ok (probe->report))
    {
      judge_failure (run, probe, url, sources);
      return;
    }

  {
    const char * const *mechanisms = bd_probe_report_get_auth_mechanisms (probe->report);
    g_autofree char *list = mechanisms != NULL && mechanisms[0] != NULL
                            ? g_strjoinv (" ", (char **) mechanisms) : g_strdup ("—");
    g_autofree char *title = g_strdup_printf (_("%s works: TLS verified (%s), the certificate "
                                                "names the host; mechanisms: %s."),
                                              url,
                                              bd_probe_report_get_tls_version (probe->report),
                                              list);

    bd_domain_run_add (run, BD_DOMAIN_SECTION_SERVERS, "server", BD_DOMAIN_VERDICT_PASS, title,
                       sources, NULL);
  }

  before_tls = bd_server_get_security (probe->server) == BD_SECURITY_STARTTLS
               ? dup_auth_before_tls (probe->report) : NULL;
  if (before_tls != NULL)
    {
      g_autofree char *title = g_strdup_printf (_("%s offers to log in before STARTTLS."), url);
      g_autofree char *evidence = g_strdup_printf ("%s\n%s: %s", sources, _("The server says"),
                                                   before_tls);

      bd_domain_run_add (run, BD_DOMAIN_SECTION_SERVERS, "server-auth-before-tls",
                         BD_DOMAIN_VERDICT_WARNING, title, evidence,
                         _("Offer authentication only after STARTTLS (Dovecot: "
                           "disable_plaintext_auth; Postfix: smtpd_tls_auth_only = yes)."));
    }
  judge_mechanisms (run, probe, url, sources);
  bd_domain_report_add_good_server (run->report, probe->server);
}

static void
judge_implicit_tls (BdDomainRun *run)
{
  GPtrArray *good = bd_domain_report_get_good_servers (run->report);

  for (int protocol = BD_PROTOCOL_IMAP; protocol <= BD_PROTOCOL_SMTP; protocol++)
    {
      gboolean tls = FALSE, starttls = FALSE;

      for (guint i = 0; i < good->len; i++)
        if (bd_server_get_protocol (good->pdata[i]) == (BdProtocol) protocol)
          {
            tls |= bd_server_get_security (good->pdata[i]) == BD_SECURITY_TLS;
            starttls |= bd_server_get_security (good->pdata[i]) == BD_SECURITY_STARTTLS;
          }
      if (starttls && !tls)
        {
          g_autofree char *title = g_strdup_printf (_("%s is offered with STARTTLS only; RFC "
                                                      "8314 prefers TLS from the first byte."),
                                                    bd_protocol_get_label (protocol));

          bd_domain_run_add (run, BD_DOMAIN_SECTION_SERVERS, "implicit-tls",
                             BD_DOMAIN_VERDICT_WARNING, title, NULL,
                             protocol == BD_PROTOCOL_SMTP
                             ? _("Offer submission on port 465 with implicit TLS.")
                             : protocol == BD_PROTOCOL_IMAP
                             ? _("Offer IMAP on port 993 with implicit TLS.")
                             : _("Offer POP3 on port 995 with implicit TLS."));
        }
    }
}

/**
 * bd_domain_servers_judge:
 *
 * Turns the probes' reports into findings and good servers, in the order
 * the sources name the servers (autoconfig, .well-known, plain HTTP, the
 * ISPDB, SRV), whichever answered first.
 */
void
bd_domain_servers_judge (BdDomainRun *run)
{
  g_autoptr(GHashTable) judged = g_hash_table_new (NULL, NULL);

  if (run->probes == NULL || run->probes->len == 0)
    return;
  for (guint origin = 0; origin <= BD_DOMAIN_ORIGIN_SRV; origin++)
    for (guint i = 0; i < run->claims->len; i++)
      {
        BdDomainClaim *claim = run->claims->pdata[i];
        g_autofree char *key = NULL;
        DomainProbe *probe;

        if (claim->origin != origin)
          continue;
        key = server_key (claim->server);
        probe = find_probe (run, key);
        if (probe == NULL || g_hash_table_contains (judged, probe) || probe->report == NULL)
          continue;
        g_hash_table_add (judged, probe);
        collect_claims (run, probe);
        judge_probe (run, probe);
      }
  judge_implicit_tls (run);
}
