/* bd-domain-web.c: the domain's autoconfig documents, and the ISPDB's
 *
 * The detection's HTTP client (bd-http-client.c) answers one question, "is
 * there a trustworthy document here?", and hides the rest. An administrator
 * needs the rest: every redirect and where it went, the status, the content
 * type, and why a certificate was refused. So the domain check fetches with
 * libsoup itself, keeping the detection's rules for strangers' documents:
 * bodies are capped (BD_HTTP_MAX_BODY), every fetch has one deadline,
 * redirects are followed by hand, at most BD_HTTP_MAX_REDIRECTS, and never
 * from https:// to http:// (the address is in the query: security rule 4).
 *
 * The URLs are the draft's (draft-ietf-mailmaint-autoconfig): over HTTPS,
 * autoconfig.DOMAIN/mail/config-v1.1.xml?emailaddress=ADDRESS and
 * DOMAIN/.well-known/autoconfig/mail/config-v1.1.xml; and the same two over
 * plain HTTP, without the address (security rule 4), because older clients
 * still fetch them. The address is one that does not exist, so a server
 * that answers only for real addresses is seen as clients see it at first;
 * given the administrator's real-looking address too, autoconfig over HTTPS
 * is asked again with it (run->address_fetch), and a document whose answer
 * differs depends on the mailbox (judge_address()).
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bd-autoconfig-parser.h"
#include "bd-domain.h"
#include "bd-domain-check-private.h"
#include "bd-error.h"
#include "bd-http-client.h"

#define READ_CHUNK 16384

typedef struct
{
  BdDomainRun *run;
  BdDomainFetch *fetch;
  GUri *uri;
  guint redirects;
  SoupMessage *message;
  GInputStream *stream;
  GByteArray *body;
  GCancellable *cancellable;
  gulong cancelled_id;
  GSource *deadline;
  gboolean timed_out;
} Request;

static void send_request (Request *request);

void
bd_domain_fetch_clear (BdDomainFetch *fetch)
{
  g_clear_pointer (&fetch->url, g_free);
  if (fetch->hops != NULL)
    g_string_free (fetch->hops, TRUE);
  fetch->hops = NULL;
  g_clear_pointer (&fetch->final_url, g_free);
  g_clear_pointer (&fetch->content_type, g_free);
  g_clear_pointer (&fetch->body, g_bytes_unref);
  g_clear_error (&fetch->error);
  g_clear_pointer (&fetch->certificate_names, g_free);
  g_clear_pointer (&fetch->foreign_redirect, g_free);
  g_clear_object (&fetch->config);
  g_clear_error (&fetch->parse_error);
}

static void
add_claims (BdDomainRun         *run,
            const BdDomainFetch *fetch)
{
  BdAddress *address = fetch == &run->address_fetch ? run->real_address : run->address;
  g_autoptr(BdAccountConfig) expanded = bd_account_config_expand (fetch->config, address);
  GPtrArray *lists[] = { bd_account_config_get_incoming (expanded),
                         bd_account_config_get_outgoing (expanded) };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      bd_domain_run_add_claim (run, lists[l]->pdata[i], fetch->final_url,
                               bd_server_get_auth (lists[l]->pdata[i]), fetch->which);
}

static void
request_finish (Request *request)
{
  BdDomainFetch *fetch = request->fetch;

  if (fetch->final_url == NULL && request->uri != NULL)
    fetch->final_url = g_uri_to_string (request->uri);
  if (fetch->body != NULL)
    {
      fetch->config = bd_autoconfig_parse (fetch->body, &fetch->parse_error);
      if (fetch->config == NULL && fetch->parse_error == NULL)
        g_set_error_literal (&fetch->parse_error, BD_ERROR, BD_ERROR_CONFIG_MALFORMED,
                             _("The document is not a clientConfig."));
      /* Its servers are probed now, while the other sources still answer. */
      if (fetch->config != NULL)
        add_claims (request->run, fetch);
    }
  if (request->deadline != NULL)
    {
      g_source_destroy (request->deadline);
      g_source_unref (request->deadline);
    }
  if (request->cancelled_id != 0)
    g_cancellable_disconnect (bd_domain_run_get_cancellable (request->run),
                              request->cancelled_id);
  if (request->message != NULL)
    g_signal_handlers_disconnect_by_data (request->message, request);
  g_clear_object (&request->message);
  g_clear_object (&request->stream);
  g_clear_object (&request->cancellable);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_clear_pointer (&request->uri, g_uri_unref);
  bd_domain_run_release (request->run);
  g_free (request);
}

static void
request_fail (Request *request,
              GError  *error)
{
  BdDomainFetch *fetch = request->fetch;

  if (request->timed_out)
    g_set_error (&fetch->error, BD_ERROR, BD_ERROR_TIMED_OUT,
                 _("No answer within %u seconds."), request->run->timeout_ms / 1000);
  else if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
    g_set_error (&fetch->error, BD_ERROR, BD_ERROR_DNS_NOT_FOUND,
                 _("%s does not exist."), g_uri_get_host (request->uri));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    g_set_error (&fetch->error, BD_ERROR, BD_ERROR_CONNECTION_REFUSED,
                 _("%s refused the connection."), g_uri_get_host (request->uri));
  else if (error->domain == G_TLS_ERROR || fetch->tls_errors != 0)
    g_set_error (&fetch->error, BD_ERROR,
                 (fetch->tls_errors & G_TLS_CERTIFICATE_BAD_IDENTITY)
                 ? BD_ERROR_CERTIFICATE_WRONG_HOST : BD_ERROR_CERTIFICATE_UNTRUSTED,
                 "%s", error->message);
  else
    g_set_error (&fetch->error, BD_ERROR, BD_ERROR_HTTP_FAILED, "%s", error->message);
  request_finish (request);
}

/* Called only when the system trust store rejected the certificate. */
static gboolean
accept_certificate_cb (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  Request *request = user_data;
  g_autoptr(GPtrArray) names = g_tls_certificate_get_dns_names (certificate);
  g_autoptr(GString) text = g_string_new (NULL);

  if (request->run->anchor != NULL)
    {
      g_autoptr(GSocketConnectable) identity =
        g_network_address_new (g_uri_get_host (request->uri),
                               (guint16) g_uri_get_port (request->uri));

      errors = g_tls_database_verify_chain (request->run->anchor, certificate,
                                            G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                            identity, NULL, G_TLS_DATABASE_VERIFY_NONE,
                                            NULL, NULL);
      if (errors == 0)
        return TRUE;
    }

  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      gsize size;
      const char *name = g_bytes_get_data (names->pdata[i], &size);

      g_string_append_printf (text, "%s%.*s", text->len > 0 ? ", " : "", (int) size, name);
    }
  request->fetch->tls_errors = errors;
  g_free (request->fetch->certificate_names);
  request->fetch->certificate_names = g_string_free (g_steal_pointer (&text), FALSE);
  return FALSE;
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object),
                                                              result, &error);

  if (chunk == NULL)
    {
      request_fail (request, error);
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      request->fetch->body = g_byte_array_free_to_bytes (g_steal_pointer (&request->body));
      request_finish (request);
      return;
    }
  if (request->body->len + g_bytes_get_size (chunk) > BD_HTTP_MAX_BODY)
    {
      g_set_error (&request->fetch->error, BD_ERROR, BD_ERROR_HTTP_TOO_LARGE,
                   _("The answer is larger than %u KiB; it was not read further."),
                   (guint) (BD_HTTP_MAX_BODY / 1024));
      request_finish (request);
      return;
    }
  g_byte_array_append (request->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (request->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   request->cancellable, read_cb, request);
}

/* Follows one redirect; notes one that leaves the domain, refuses one out of HTTPS. */
static void
follow_redirect (Request    *request,
                 const char *location)
{
  BdDomainFetch *fetch = request->fetch;
  g_autoptr(GUri) next = NULL;
  g_autofree char *to = NULL;

  if (location != NULL)
    next = g_uri_parse_relative (request->uri, location, SOUP_HTTP_URI_FLAGS, NULL);
  if (next == NULL || g_uri_get_host (next) == NULL)
    {
      g_set_error (&fetch->error, BD_ERROR, BD_ERROR_HTTP_FAILED,
                   _("The redirect points to an address that is not valid."));
      request_finish (request);
      return;
    }
  to = g_uri_to_string (next);
  g_string_append_printf (fetch->hops, " → %s", to);
  if (fetch->foreign_redirect == NULL &&
      !bd_domain_same_registrable (g_uri_get_host (next), request->run->domain))
    fetch->foreign_redirect = g_strdup (to);

  if (++request->redirects > BD_HTTP_MAX_REDIRECTS)
    {
      g_set_error (&fetch->error, BD_ERROR, BD_ERROR_HTTP_REDIRECT_REFUSED,
                   _("More than %u redirects."), (guint) BD_HTTP_MAX_REDIRECTS);
      request_finish (request);
      return;
    }
  if (g_str_equal (g_uri_get_scheme (request->uri), "https") &&
      g_strcmp0 (g_uri_get_scheme (next), "https") != 0)
    {
      g_set_error (&fetch->error, BD_ERROR, BD_ERROR_HTTP_REDIRECT_REFUSED,
                   _("It redirects from HTTPS to %s, which is not encrypted; clients do not "
                     "follow that."), to);
      request_finish (request);
      return;
    }
  g_uri_unref (request->uri);
  request->uri = g_steal_pointer (&next);
  send_request (request);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Request *request = user_data;
  BdDomainFetch *fetch = request->fetch;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  request->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (request->stream == NULL)
    {
      request_fail (request, error);
      return;
    }

  fetch->status = soup_message_get_status (request->message);
  headers = soup_message_get_response_headers (request->message);
  g_string_append_printf (fetch->hops, " (HTTP %u)", fetch->status);
  if (SOUP_STATUS_IS_REDIRECTION (fetch->status))
    {
      follow_redirect (request, soup_message_headers_get_one (headers, "Location"));
      return;
    }
  if (fetch->status != SOUP_STATUS_OK)
    {
      g_set_error (&fetch->error, BD_ERROR,
                   fetch->status == 404 || fetch->status == 410
                   ? BD_ERROR_PROVIDER_NOT_FOUND : BD_ERROR_HTTP_FAILED,
                   _("HTTP %u %s"), fetch->status,
                   soup_message_get_reason_phrase (request->message));
      request_finish (request);
      return;
    }

  g_free (fetch->content_type);
  fetch->content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
  request->body = g_byte_array_new ();
  g_input_stream_read_bytes_async (request->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   request->cancellable, read_cb, request);
}

static void
send_request (Request *request)
{
  if (request->message != NULL)
    g_signal_handlers_disconnect_by_data (request->message, request);
  g_clear_object (&request->message);
  g_clear_object (&request->stream);
  request->fetch->tls_errors = 0;
  request->message = soup_message_new_from_uri (SOUP_METHOD_GET, request->uri);
  soup_message_set_flags (request->message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_append (soup_message_get_request_headers (request->message),
                               "Accept", "application/xml, text/xml;q=0.9, */*;q=0.1");
  g_signal_connect (request->message, "accept-certificate",
                    G_CALLBACK (accept_certificate_cb), request);
  soup_session_send_async (request->run->session, request->message, G_PRIORITY_DEFAULT,
                           request->cancellable, send_cb, request);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Request *request = user_data;

  request->timed_out = TRUE;
  g_cancellable_cancel (request->cancellable);
  return G_SOURCE_REMOVE;
}

static void
run_cancelled_cb (GCancellable *run_cancellable,
                  GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

static void
fetch_start_into (BdDomainRun   *run,
                  BdDomainFetch *fetch,
                  BdDomainUrl    which,
                  const char    *url)
{
  Request *request = g_new0 (Request, 1);

  fetch->which = which;
  fetch->url = g_strdup (url);
  fetch->hops = g_string_new (url);
  request->run = run;
  request->fetch = fetch;
  request->uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  request->cancellable = g_cancellable_new ();
  bd_domain_run_hold (run);
  if (request->uri == NULL)
    {
      g_set_error (&fetch->error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a web address."), url);
      request_finish (request);
      return;
    }
  request->cancelled_id = g_cancellable_connect (bd_domain_run_get_cancellable (run),
                                                 G_CALLBACK (run_cancelled_cb),
                                                 request->cancellable, NULL);
  request->deadline = g_timeout_source_new (run->timeout_ms);
  g_source_set_callback (request->deadline, deadline_cb, request, NULL);
  g_source_attach (request->deadline, g_task_get_context (run->task));
  send_request (request);
}

static void
fetch_start (BdDomainRun *run,
             BdDomainUrl  which,
             const char  *url)
{
  fetch_start_into (run, &run->fetches[which], which, url);
}

static char *
autoconfig_url (BdDomainRun *run,
                BdAddress   *address)
{
  g_autofree char *text = bd_address_dup_ascii (address);
  g_autofree char *query = g_uri_escape_string (text, NULL, FALSE);

  return g_strdup_printf ("https://autoconfig.%s/mail/config-v1.1.xml?emailaddress=%s",
                          run->domain, query);
}

/**
 * bd_domain_web_start:
 *
 * Starts the four autoconfig fetches and the ISPDB's, each holding @run.
 */
void
bd_domain_web_start (BdDomainRun *run)
{
  g_autofree char *ac_https = autoconfig_url (run, run->address);
  g_autofree char *wk_https = g_strdup_printf ("https://%s/.well-known/autoconfig/mail/"
                                               "config-v1.1.xml", run->domain);
  g_autofree char *ac_http = g_strdup_printf ("http://autoconfig.%s/mail/config-v1.1.xml",
                                              run->domain);
  g_autofree char *wk_http = g_strdup_printf ("http://%s/.well-known/autoconfig/mail/"
                                              "config-v1.1.xml", run->domain);
  g_autofree char *ispdb = g_strconcat (run->ispdb_url,
                                        g_str_has_suffix (run->ispdb_url, "/") ? "" : "/",
                                        run->domain, NULL);

  fetch_start (run, BD_DOMAIN_URL_AUTOCONFIG_HTTPS, ac_https);
  fetch_start (run, BD_DOMAIN_URL_WELL_KNOWN_HTTPS, wk_https);
  fetch_start (run, BD_DOMAIN_URL_AUTOCONFIG_HTTP, ac_http);
  fetch_start (run, BD_DOMAIN_URL_WELL_KNOWN_HTTP, wk_http);
  fetch_start (run, BD_DOMAIN_URL_ISPDB, ispdb);
  if (run->real_address != NULL)
    {
      g_autofree char *ac_real = autoconfig_url (run, run->real_address);

      fetch_start_into (run, &run->address_fetch, BD_DOMAIN_URL_AUTOCONFIG_HTTPS, ac_real);
    }
}

static const char *
fetch_check_id (BdDomainUrl which)
{
  static const char * const ids[] = {
    "autoconfig-https", "well-known-https", "autoconfig-http", "well-known-http", "ispdb",
  };

  return ids[which];
}

static const char *
fetch_label (BdDomainUrl which)
{
  switch (which)
    {
    case BD_DOMAIN_URL_AUTOCONFIG_HTTPS:
      return _("Autoconfig over HTTPS");
    case BD_DOMAIN_URL_WELL_KNOWN_HTTPS:
      return _("The .well-known autoconfig over HTTPS");
    case BD_DOMAIN_URL_AUTOCONFIG_HTTP:
      return _("Autoconfig over plain HTTP");
    case BD_DOMAIN_URL_WELL_KNOWN_HTTP:
      return _("The .well-known autoconfig over plain HTTP");
    case BD_DOMAIN_URL_ISPDB:
    case BD_DOMAIN_N_URLS:
    default:
      return _("The ISPDB (Thunderbird’s database)");
    }
}

static BdDomainSection
section_of (BdDomainUrl which)
{
  return which == BD_DOMAIN_URL_ISPDB ? BD_DOMAIN_SECTION_ISPDB : BD_DOMAIN_SECTION_WEB;
}

static gboolean
fetch_has_config (const BdDomainFetch *fetch)
{
  return fetch->config != NULL;
}

/* A missing document is no mistake: DNS says no, 404, or a refused connection. */
static gboolean
fetch_is_absent (const BdDomainFetch *fetch)
{
  return fetch->body == NULL &&
         (g_error_matches (fetch->error, BD_ERROR, BD_ERROR_DNS_NOT_FOUND) ||
          g_error_matches (fetch->error, BD_ERROR, BD_ERROR_PROVIDER_NOT_FOUND) ||
          g_error_matches (fetch->error, BD_ERROR, BD_ERROR_CONNECTION_REFUSED));
}

static char *
fetch_host (const BdDomainFetch *fetch)
{
  g_autoptr(GUri) uri = g_uri_parse (fetch->url, G_URI_FLAGS_NONE, NULL);

  return g_strdup (uri != NULL ? g_uri_get_host (uri) : fetch->url);
}

static void
judge_failed_fetch (BdDomainRun         *run,
                    const BdDomainFetch *fetch)
{
  const char *id = fetch_check_id (fetch->which);
  g_autofree char *title = NULL;
  g_autofree char *evidence = g_strdup_printf ("%s: %s", fetch->hops->str, fetch->error->message);
  g_autofree char *host = fetch_host (fetch);
  g_autofree char *fix = NULL;
  BdDomainVerdict verdict;

  if (fetch_is_absent (fetch))
    {
      title = g_strdup_printf (_("%s: nothing published."), fetch_label (fetch->which));
      bd_domain_run_add (run, section_of (fetch->which), id, BD_DOMAIN_VERDICT_INFO, title,
                         evidence, NULL);
      return;
    }

  if (fetch->tls_errors != 0)
    {
      if (fetch->tls_errors & G_TLS_CERTIFICATE_BAD_IDENTITY)
        title = g_strdup_printf (_("%s: the certificate of %s does not name it (it names %s)."),
                                 fetch_label (fetch->which), host,
                                 fetch->certificate_names != NULL && fetch->certificate_names[0]
                                 ? fetch->certificate_names : "—");
      else
        title = g_strdup_printf (_("%s: the certificate of %s is not trusted."),
                                 fetch_label (fetch->which), host);
      fix = g_strdup_printf (_("Serve %s with a certificate from a public authority that "
                               "names it, or remove the DNS name if the web host cannot; clients "
                               "refuse the document, and wait for nothing else."), host);
      bd_domain_run_add (run, section_of (fetch->which), "autoconfig-certificate",
                         BD_DOMAIN_VERDICT_FAIL, title, evidence, fix);
      return;
    }

  if (g_error_matches (fetch->error, BD_ERROR, BD_ERROR_TIMED_OUT))
    {
      verdict = BD_DOMAIN_VERDICT_WARNING;
      title = g_strdup_printf (_("%s: %s does not answer; clients wait for it until they give "
                                 "up."), fetch_label (fetch->which), host);
      fix = g_strdup_printf (_("Let %s answer (or refuse the connection at once), or remove its "
                               "DNS record."), host);
    }
  else if (g_error_matches (fetch->error, BD_ERROR, BD_ERROR_HTTP_REDIRECT_REFUSED))
    {
      verdict = BD_DOMAIN_VERDICT_FAIL;
      title = g_strdup_printf (_("%s: a redirect that clients do not follow."),
                               fetch_label (fetch->which));
      fix = g_strdup (_("Serve the document at the URL itself, over HTTPS, or redirect only to "
                        "another https:// URL."));
    }
  else
    {
      verdict = fetch->which == BD_DOMAIN_URL_ISPDB ? BD_DOMAIN_VERDICT_INFO
                                                    : BD_DOMAIN_VERDICT_WARNING;
      title = g_strdup_printf (_("%s: the document could not be fetched."),
                               fetch_label (fetch->which));
      fix = g_strdup (_("Serve the document with status 200, or answer 404 where there is "
                        "none."));
    }
  bd_domain_run_add (run, section_of (fetch->which), id, verdict, title, evidence, fix);
}

static void
judge_content_type (BdDomainRun         *run,
                    const BdDomainFetch *fetch)
{
  g_autofree char *title = NULL;
  g_autofree char *evidence = NULL;
  g_autofree char *type = g_strdup (fetch->content_type != NULL ? fetch->content_type : "");
  char *semicolon = strchr (type, ';');

  if (semicolon != NULL)
    *semicolon = '\0';
  g_strstrip (type);
  if (g_ascii_strcasecmp (type, "application/xml") == 0 ||
      g_ascii_strcasecmp (type, "text/xml") == 0)
    return;

  title = g_strdup_printf (_("%s: served as “%s”, not as XML."), fetch_label (fetch->which),
                           type[0] != '\0' ? type : _("no content type"));
  evidence = g_strdup_printf ("Content-Type: %s (%s)",
                              fetch->content_type != NULL ? fetch->content_type : "—",
                              fetch->final_url);
  bd_domain_run_add (run, section_of (fetch->which), "autoconfig-content-type",
                     BD_DOMAIN_VERDICT_WARNING, title, evidence,
                     _("Serve config-v1.1.xml with “Content-Type: application/xml”."));
}

/* The draft's placeholders are %EMAILADDRESS%, %EMAILLOCALPART% and
 * %EMAILDOMAIN%; anything else between percent signs reaches the client
 * as it is written. */
static void
judge_placeholders (BdDomainRun         *run,
                    const BdDomainFetch *fetch)
{
  g_autoptr(GRegex) regex = g_regex_new ("%[A-Za-z_]+%", G_REGEX_OPTIMIZE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GString) unknown = g_string_new (NULL);
  gsize size;
  const char *text = g_bytes_get_data (fetch->body, &size);

  g_regex_match_full (regex, text, size, 0, 0, &match, NULL);
  while (g_match_info_matches (match))
    {
      g_autofree char *word = g_match_info_fetch (match, 0);

      if (!g_str_equal (word, "%EMAILADDRESS%") && !g_str_equal (word, "%EMAILLOCALPART%") &&
          !g_str_equal (word, "%EMAILDOMAIN%") && strstr (unknown->str, word) == NULL)
        g_string_append_printf (unknown, "%s%s", unknown->len > 0 ? ", " : "", word);
      g_match_info_next (match, NULL);
    }
  if (unknown->len > 0)
    {
      g_autofree char *title = g_strdup_printf (_("%s: placeholders that clients do not know: "
                                                  "%s."), fetch_label (fetch->which),
                                                unknown->str);

      bd_domain_run_add (run, section_of (fetch->which), "autoconfig-placeholders",
                         BD_DOMAIN_VERDICT_WARNING, title, fetch->final_url,
                         _("Use only %EMAILADDRESS%, %EMAILLOCALPART% and %EMAILDOMAIN%."));
    }
}

/* A username without a placeholder is the same for every person. */
static void
judge_usernames (BdDomainRun         *run,
                 const BdDomainFetch *fetch)
{
  GPtrArray *lists[] = { bd_account_config_get_incoming (fetch->config),
                         bd_account_config_get_outgoing (fetch->config) };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      {
        const char *username = bd_server_get_username (lists[l]->pdata[i]);
        g_autofree char *title = NULL;

        if (username == NULL || strchr (username, '%') != NULL)
          continue;
        title = g_strdup_printf (_("%s: the username “%s” is the same for everyone."),
                                 fetch_label (fetch->which), username);
        bd_domain_run_add (run, section_of (fetch->which), "autoconfig-placeholders",
                           BD_DOMAIN_VERDICT_WARNING, title, fetch->final_url,
                           _("Write <username>%EMAILADDRESS%</username> (or "
                             "%EMAILLOCALPART%)."));
        return;
      }
}

static gboolean
body_matches (const BdDomainFetch *fetch,
              const char          *pattern)
{
  gsize size;
  const char *text = g_bytes_get_data (fetch->body, &size);
  g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_CASELESS, 0, NULL);

  return g_regex_match_full (regex, text, size, 0, 0, NULL, NULL);
}

static void
judge_documentation (BdDomainRun         *run,
                     const BdDomainFetch *fetch)
{
  gsize size;
  const char *text = g_bytes_get_data (fetch->body, &size);
  g_autoptr(GRegex) regex = g_regex_new ("<documentation\\s+url\\s*=\\s*\"([^\"]*)\"",
                                         G_REGEX_CASELESS, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_regex_match_full (regex, text, size, 0, 0, &match, NULL);
  while (g_match_info_matches (match))
    {
      g_autofree char *url = g_match_info_fetch (match, 1);
      gboolean https = g_str_has_prefix (url, "https://");
      g_autofree char *title = https
        ? g_strdup_printf (_("%s: documentation at %s."), fetch_label (fetch->which), url)
        : g_strdup_printf (_("%s: the documentation URL %s is not https://."),
                           fetch_label (fetch->which), url);

      bd_domain_run_add (run, section_of (fetch->which), "autoconfig-documentation",
                         https ? BD_DOMAIN_VERDICT_INFO : BD_DOMAIN_VERDICT_WARNING, title,
                         fetch->final_url,
                         https ? NULL : _("Link the documentation with an https:// URL."));
      g_match_info_next (match, NULL);
    }
}


static void
judge_document (BdDomainRun         *run,
                const BdDomainFetch *fetch)
{
  const char *id = fetch_check_id (fetch->which);
  g_autofree char *title = NULL;

  if (fetch->parse_error != NULL)
    {
      g_autofree char *evidence = g_strdup_printf ("%s: %s", fetch->final_url,
                                                   fetch->parse_error->message);

      title = g_strdup_printf (_("%s: found, but not a well-formed clientConfig 1.1 "
                                 "document."), fetch_label (fetch->which));
      bd_domain_run_add (run, section_of (fetch->which), "autoconfig-xml", BD_DOMAIN_VERDICT_FAIL,
                         title, evidence,
                         _("Publish the document this report suggests, and check it with an "
                           "XML validator."));
      return;
    }

  title = g_strdup_printf (_("%s: found (HTTP %u)."), fetch_label (fetch->which),
                           fetch->status);
  bd_domain_run_add (run, section_of (fetch->which), id, BD_DOMAIN_VERDICT_PASS, title,
                     fetch->hops->str, NULL);
  if (fetch->foreign_redirect != NULL)
    {
      g_autofree char *warning = g_strdup_printf (_("%s: redirects to another domain."),
                                                  fetch_label (fetch->which));

      bd_domain_run_add (run, section_of (fetch->which), "autoconfig-redirect",
                         BD_DOMAIN_VERDICT_WARNING, warning, fetch->hops->str,
                         _("Serve the document from the domain itself: some clients do not "
                           "follow a redirect to another domain, and others ask the person "
                           "first."));
    }
  if (fetch->which != BD_DOMAIN_URL_ISPDB)
    {
      bd_domain_report_set_display_name (run->report,
                                         bd_account_config_get_display_name (fetch->config));
      judge_content_type (run, fetch);
      judge_placeholders (run, fetch);
      judge_usernames (run, fetch);
      if (body_matches (fetch, "<useGlobalPreferredServer>\\s*true\\s*</"))
        bd_domain_run_add (run, section_of (fetch->which), "autoconfig-global-preferred-server",
                           BD_DOMAIN_VERDICT_WARNING,
                           _("The outgoing server says useGlobalPreferredServer=true: "
                             "Thunderbird then sends with another account’s server."),
                           fetch->final_url,
                           _("Remove <useGlobalPreferredServer>, or set it to false."));
      judge_documentation (run, fetch);
    }
}

static void
judge_summary (BdDomainRun *run)
{
  BdDomainFetch *f = run->fetches;
  gboolean https = fetch_has_config (&f[BD_DOMAIN_URL_AUTOCONFIG_HTTPS]) ||
                   fetch_has_config (&f[BD_DOMAIN_URL_WELL_KNOWN_HTTPS]);
  gboolean http = fetch_has_config (&f[BD_DOMAIN_URL_AUTOCONFIG_HTTP]) ||
                  fetch_has_config (&f[BD_DOMAIN_URL_WELL_KNOWN_HTTP]);

  if (!https && http)
    bd_domain_run_add (run, BD_DOMAIN_SECTION_WEB, "autoconfig-http-only",
                       BD_DOMAIN_VERDICT_FAIL,
                       _("The settings are published over plain HTTP only: anyone on the "
                         "path can change them, and clients that follow the draft do not "
                         "use them."),
                       f[BD_DOMAIN_URL_AUTOCONFIG_HTTP].config != NULL
                       ? f[BD_DOMAIN_URL_AUTOCONFIG_HTTP].final_url
                       : f[BD_DOMAIN_URL_WELL_KNOWN_HTTP].final_url,
                       _("Serve the same document over HTTPS, with a certificate that names "
                         "the host."));
  if (fetch_has_config (&f[BD_DOMAIN_URL_AUTOCONFIG_HTTPS]) &&
      !fetch_has_config (&f[BD_DOMAIN_URL_WELL_KNOWN_HTTPS]))
    bd_domain_run_add (run, BD_DOMAIN_SECTION_WEB, "well-known-alias",
                       BD_DOMAIN_VERDICT_WARNING,
                       _("There is no .well-known alias: clients that ask the domain itself "
                         "find nothing."),
                       f[BD_DOMAIN_URL_WELL_KNOWN_HTTPS].hops->str,
                       _("Serve the same config-v1.1.xml at "
                         "/.well-known/autoconfig/mail/config-v1.1.xml on the domain’s own "
                         "web server."));
}

/* What a document says, for comparing two answers: its servers, each
 * expanded for the address it was asked with; or how it failed. */
static char *
fetch_servers_text (const BdDomainFetch *fetch,
                    BdAddress           *address)
{
  g_autoptr(BdAccountConfig) expanded = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  GPtrArray *lists[2];

  if (fetch->config == NULL)
    return g_strdup_printf (_("no document (HTTP %u)"), fetch->status);
  expanded = bd_account_config_expand (fetch->config, address);
  lists[0] = bd_account_config_get_incoming (expanded);
  lists[1] = bd_account_config_get_outgoing (expanded);
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      {
        g_autofree char *url = bd_server_dup_url (lists[l]->pdata[i]);

        g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", url);
      }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The draft asks for the document with the person's address, and clients
 * ask before the mailbox exists: a document that answers one address and
 * not another, or names other servers for it, depends on the mailbox. */
static void
judge_address (BdDomainRun *run)
{
  const BdDomainFetch *unknown = &run->fetches[BD_DOMAIN_URL_AUTOCONFIG_HTTPS];
  const BdDomainFetch *real = &run->address_fetch;
  g_autofree char *real_text = NULL;
  g_autofree char *unknown_text = NULL;
  g_autofree char *real_servers = NULL;
  g_autofree char *unknown_servers = NULL;
  g_autofree char *evidence = NULL;
  g_autofree char *title = NULL;

  if (run->real_address == NULL || (real->config == NULL && unknown->config == NULL))
    return;
  real_text = bd_address_dup_ascii (run->real_address);
  unknown_text = bd_address_dup_ascii (run->address);
  real_servers = fetch_servers_text (real, run->real_address);
  unknown_servers = fetch_servers_text (unknown, run->address);
  evidence = g_strdup_printf ("%s\n→ %s\n%s\n→ %s", real->hops->str, real_servers,
                              unknown->hops->str, unknown_servers);
  if (g_str_equal (real_servers, unknown_servers))
    {
      title = g_strdup_printf (_("Autoconfig over HTTPS names the same servers for %s as for "
                                 "an address that does not exist."), real_text);
      bd_domain_run_add (run, BD_DOMAIN_SECTION_WEB, "autoconfig-address",
                         BD_DOMAIN_VERDICT_PASS, title, evidence, NULL);
      return;
    }
  title = g_strdup_printf (_("Autoconfig over HTTPS answers %s differently from an address "
                             "that does not exist: the settings depend on the mailbox, and "
                             "clients ask before it exists."), real_text);
  bd_domain_run_add (run, BD_DOMAIN_SECTION_WEB, "autoconfig-address",
                     BD_DOMAIN_VERDICT_WARNING, title, evidence,
                     _("Serve one document for every address at the domain, with "
                       "%EMAILADDRESS% or %EMAILLOCALPART% where the username differs."));
}

/**
 * bd_domain_web_judge:
 *
 * Turns the fetches into findings and the servers they name into claims.
 */
void
bd_domain_web_judge (BdDomainRun *run)
{
  for (guint i = 0; i < BD_DOMAIN_N_URLS; i++)
    {
      BdDomainFetch *fetch = &run->fetches[i];

      if (fetch->body == NULL)
        judge_failed_fetch (run, fetch);
      else
        judge_document (run, fetch);
    }
  judge_address (run);
  judge_summary (run);
}
