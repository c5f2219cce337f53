/* bd-domain-check-private.h: one run of a domain check, shared by its parts
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "bd-account-config.h"
#include "bd-address.h"
#include "bd-domain-limiter.h"
#include "bd-domain-report.h"
#include "bd-probe-report.h"

G_BEGIN_DECLS

/* The report's sections, in the order an administrator reads them. */
typedef enum {
  BD_DOMAIN_SECTION_WEB,
  BD_DOMAIN_SECTION_ISPDB,
  BD_DOMAIN_SECTION_SRV,
  BD_DOMAIN_SECTION_MX,
  BD_DOMAIN_SECTION_CONSISTENCY,
  BD_DOMAIN_SECTION_SERVERS,
  BD_DOMAIN_SECTION_INFO,
  BD_DOMAIN_N_SECTIONS,
} BdDomainSection;

/* The four autoconfig URLs of the draft, and the ISPDB. */
typedef enum {
  BD_DOMAIN_URL_AUTOCONFIG_HTTPS,
  BD_DOMAIN_URL_WELL_KNOWN_HTTPS,
  BD_DOMAIN_URL_AUTOCONFIG_HTTP,
  BD_DOMAIN_URL_WELL_KNOWN_HTTP,
  BD_DOMAIN_URL_ISPDB,
  BD_DOMAIN_N_URLS,
} BdDomainUrl;

/* The six SRV services of RFC 6186 and RFC 8314. */
#define BD_DOMAIN_N_SERVICES 6

/* One document fetched over HTTP(S), with everything the checks look at. */
typedef struct
{
  BdDomainUrl which;
  char *url;                    /* the first URL asked */
  GString *hops;                /* "URL → HTTP 301 → URL …" */
  char *final_url;
  guint status;                 /* of the last answer; 0 when there was none */
  char *content_type;
  GBytes *body;
  GError *error;                /* why there is no document */
  GTlsCertificateFlags tls_errors;
  char *certificate_names;      /* the names of a certificate that was refused */
  char *foreign_redirect;       /* a redirect to another registrable domain */
  BdAccountConfig *config;      /* the document parsed, as written */
  GError *parse_error;
} BdDomainFetch;

/* A server named by one of the domain's sources. */
typedef struct
{
  BdServer *server;             /* expanded for the check's address */
  char *source;                 /* where it was named, for the evidence */
  BdAuthFlags auth;             /* the authentication the source promises */
  guint origin;                 /* a BdDomainUrl, or BD_DOMAIN_ORIGIN_SRV */
} BdDomainClaim;

#define BD_DOMAIN_ORIGIN_SRV BD_DOMAIN_N_URLS

/* One SRV service's answer. */
typedef struct
{
  const char *service;          /* "_imaps._tcp." */
  GList *records;               /* of GVariant (qqqs), as GResolver gives them */
  GError *error;
} BdDomainSrv;

typedef struct
{
  GTask *task;                  /* not owned: the task owns the run */
  GCancellable *cancellable;
  char *domain;
  BdAddress *address;           /* an address that does not exist, for the lookups */
  BdAddress *real_address;      /* the administrator's real-looking one, or NULL */
  BdDomainFetch address_fetch;  /* autoconfig over HTTPS asked with real_address */
  BdDomainReport *report;
  GPtrArray *sections[BD_DOMAIN_N_SECTIONS];   /* of BdDomainFinding */
  SoupSession *session;
  GTlsDatabase *anchor;         /* --ca-file, for HTTPS */
  GBytes *ca_pem;               /* --ca-file, for the probes */
  GResolver *resolver;
  char *ispdb_url;
  guint timeout_ms;
  BdDomainLimiter *limiter;
  guint pending;
  BdDomainFetch fetches[BD_DOMAIN_N_URLS];
  BdDomainSrv srv[BD_DOMAIN_N_SERVICES];
  GList *mx;                    /* of GVariant (qs) */
  GError *mx_error;
  GPtrArray *dns_timeouts;      /* of char *: the names whose lookup hit the deadline */
  char *txt_mta_sts;
  char *txt_tls_rpt;
  GPtrArray *claims;            /* of BdDomainClaim */
  GPtrArray *probes;            /* of DomainProbe (bd-domain-servers.c) */
  GResolver *probe_resolver;    /* one lookup per name for every probe */
  gint64 started_us;
} BdDomainRun;

void  bd_domain_run_add        (BdDomainRun     *run,
                                BdDomainSection  section,
                                const char      *check,
                                BdDomainVerdict  verdict,
                                const char      *title,
                                const char      *evidence,
                                const char      *fix);
void  bd_domain_run_hold       (BdDomainRun     *run);
void  bd_domain_run_release    (BdDomainRun     *run);
GCancellable *bd_domain_run_get_cancellable (BdDomainRun *run);
void  bd_domain_run_add_claim  (BdDomainRun     *run,
                                BdServer        *server,
                                const char      *source,
                                BdAuthFlags      auth,
                                guint            origin);

/* bd-domain-web.c */
void  bd_domain_web_start      (BdDomainRun     *run);
void  bd_domain_web_judge      (BdDomainRun     *run);
void  bd_domain_fetch_clear    (BdDomainFetch   *fetch);

/* bd-domain-dns.c */
void  bd_domain_dns_start      (BdDomainRun     *run);
void  bd_domain_dns_judge      (BdDomainRun     *run);
void  bd_domain_dns_clear      (BdDomainRun     *run);

/* bd-domain-servers.c */
void  bd_domain_servers_probe  (BdDomainRun     *run,
                                BdServer        *server);
void  bd_domain_servers_clear  (BdDomainRun     *run);
void  bd_domain_servers_judge  (BdDomainRun     *run);
void  bd_domain_consistency_judge (BdDomainRun  *run);

G_END_DECLS
