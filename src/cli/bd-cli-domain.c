/* bd-cli-domain.c: brevduva-cli domain DOMAIN, or --from FILE
 *
 * One domain: the report (text, or one JSON object; --address also asks
 * autoconfig with a real-looking address at the domain), and on request what
 * to publish: --write-config FILE writes the config-v1.1.xml, --print-srv
 * prints the SRV zone lines instead of the report. Exit status 0 when no
 * check failed (warnings allowed), 1 when one did, 2 for bad input.
 *
 * Many domains (--from FILE, one a line, "#" comments): at most --jobs
 * checks at once, all sharing one BdDomainLimiter, so that no server gets
 * more than a few connections at a time however many customer domains name
 * it. Each domain's result is printed when it is done (a line of text, or
 * one JSON object a line with --json), then a summary (with --json, a last
 * object {"summary":…}).
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "bd-address.h"
#include "bd-cli.h"
#include "bd-cli-domain.h"
#include "bd-cli-wait.h"
#include "bd-domain-check.h"
#include "bd-domain-render.h"
#include "bd-error.h"
#include "bd-probe.h"
#include "bd-resolver.h"

#define DEFAULT_JOBS 4
#define MAX_JOBS 64
#define MAX_DOMAINS 100000

typedef struct
{
  gboolean json;
  gboolean print_srv;
  double timeout;
  int jobs;
  char *ispdb_url;
  char *ca_file;
  char *write_config;
  char *from;
  char *address;
} Options;

/* Made once per command run: a check copies its settings into each run it
 * starts, so one check serves every domain of --from, and the CA file is
 * read once. */
static BdDomainCheck *
new_check (const Options  *options,
           GError        **error)
{
  g_autoptr(BdDomainCheck) check = bd_domain_check_new ();

  if (options->ca_file != NULL && !bd_domain_check_set_ca_file (check, options->ca_file, error))
    return NULL;
  if (options->ispdb_url != NULL)
    bd_domain_check_set_ispdb_url (check, options->ispdb_url);
  bd_domain_check_set_timeout (check, (guint) (options->timeout * 1000));
  return g_steal_pointer (&check);
}

/* The trust stores a check's first connections would otherwise parse on
 * its critical path: GIO's default TLS database, which libsoup's HTTPS
 * fetches verify with (glib-networking parses the system bundle into it on
 * the first connection, on the main thread: ~100 M instructions, a quarter
 * of a whole check), and the probes' shared context
 * (bd_probe_prepare_trust(), parsed by the first probe right before its
 * SYN otherwise). Called right after the check has started, while its first
 * DNS questions are out and the main thread has nothing else to do, as
 * `check` does (bd-cli-prove.c), with the CA file's certificates as @check
 * read them. A failure is the check's to report. */
static void
prepare_trust (BdDomainCheck *check)
{
  g_autoptr(GTlsDatabase) database = NULL;

  database = g_tls_backend_get_default_database (g_tls_backend_get_default ());
  bd_probe_prepare_trust (bd_domain_check_get_ca_pem (check), NULL);
}

static char *
json_line (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static int
exit_status (BdDomainReport *report)
{
  return bd_domain_report_get_worst (report) == BD_DOMAIN_VERDICT_FAIL ? BD_CLI_EXIT_FAILED
                                                                        : BD_CLI_EXIT_OK;
}

static int
write_config (BdDomainReport *report,
              const char     *path)
{
  g_autofree char *xml = bd_domain_render_config_xml (report);
  g_autoptr(GError) error = NULL;

  if (xml == NULL)
    return bd_cli_fail (_("No configuration was written: no incoming and outgoing server "
                          "proved good."));
  if (!g_file_set_contents (path, xml, -1, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Cannot write %s: %s"), path,
                                                  error->message);

      return bd_cli_fail (message);
    }
  return BD_CLI_EXIT_OK;
}

/* --address: one of the domain's people, as the draft's lookup asks with. */
static gboolean
set_address (BdDomainCheck  *check,
             const char     *address,
             const char     *domain,
             GError        **error)
{
  g_autoptr(BdAddress) parsed = bd_address_parse (address, error);

  if (parsed == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (bd_address_get_ascii_domain (parsed), domain) != 0)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                   _("--address must be an address at %s."), domain);
      return FALSE;
    }
  return bd_domain_check_set_address (check, address, error);
}

static int
check_one (const Options *options,
           const char    *domain)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ascii = bd_domain_check_normalize (domain, &error);
  g_autoptr(BdDomainCheck) check = NULL;
  g_autoptr(BdCliWaiter) waiter = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(BdDomainReport) report = NULL;

  if (ascii == NULL)
    return bd_cli_fail_usage (error->message);
  check = new_check (options, &error);
  if (check == NULL)
    return bd_cli_fail_usage (error->message);
  if (options->address != NULL && !set_address (check, options->address, ascii, &error))
    return bd_cli_fail_usage (error->message);

  waiter = bd_cli_waiter_new (1);
  bd_domain_check_run_async (check, ascii, bd_cli_waiter_get_cancellable (waiter),
                             bd_cli_waiter_result_cb, waiter);
  prepare_trust (check);
  result = bd_cli_waiter_run_for_result (waiter);
  report = bd_domain_check_run_finish (check, result, &error);
  if (report == NULL)
    return bd_cli_fail (error->message);

  if (options->print_srv)
    {
      g_autofree char *srv = bd_domain_render_srv (report);

      if (srv == NULL)
        return bd_cli_fail (_("No SRV records to publish: no server proved good."));
      printf ("%s", srv);
    }
  else if (options->json)
    {
      g_autoptr(JsonNode) node = bd_domain_render_json (report);

      bd_cli_print_json (node);
    }
  else
    {
      g_autofree char *text = bd_domain_render_text (report);

      printf ("%s", text);
    }

  if (options->write_config != NULL)
    {
      int status = write_config (report, options->write_config);

      if (status != BD_CLI_EXIT_OK)
        return status;
    }
  return exit_status (report);
}

/* --from: the state of many checks. */
typedef struct
{
  const Options *options;
  BdDomainCheck *check;
  BdCliWaiter *waiter;
  BdDomainLimiter *limiter;
  GPtrArray *domains;
  guint next;
  guint running;
  guint peak_running;
  guint counts[BD_DOMAIN_VERDICT_FAIL + 1];
  guint errors;
} Batch;

/* One domain of the batch, while its check runs. */
typedef struct
{
  Batch *batch;
  const char *domain;  /* in batch->domains */
} BatchItem;

static void batch_start_next (Batch *batch);

static void
batch_print_error (Batch        *batch,
                   const char   *domain,
                   const GError *error)
{
  if (batch->options->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *line = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "domain");
      json_builder_add_string_value (builder, domain);
      json_builder_set_member_name (builder, "error");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, bd_error_get_name (error));
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, error->message);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      line = json_line (node);
      printf ("%s\n", line);
    }
  else
    printf ("%s: %s\n", domain, error->message);
  batch->errors++;
}

static void
batch_print_report (Batch          *batch,
                    BdDomainReport *report)
{
  BdDomainVerdict worst = bd_domain_report_get_worst (report);

  batch->counts[worst]++;
  if (batch->options->json)
    {
      g_autoptr(JsonNode) node = bd_domain_render_json (report);
      g_autofree char *line = json_line (node);

      printf ("%s\n", line);
    }
  else
    printf (_("%s: %s (failed %u, warnings %u)\n"), bd_domain_report_get_domain (report),
            bd_domain_verdict_get_label (worst),
            bd_domain_report_count (report, BD_DOMAIN_VERDICT_FAIL),
            bd_domain_report_count (report, BD_DOMAIN_VERDICT_WARNING));
  fflush (stdout);
}

static void
batch_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autofree BatchItem *item = user_data;
  Batch *batch = item->batch;
  g_autoptr(GError) error = NULL;
  g_autoptr(BdDomainReport) report = bd_domain_check_run_finish (BD_DOMAIN_CHECK (object),
                                                                 result, &error);

  if (report == NULL)
    batch_print_error (batch, item->domain, error);
  else
    batch_print_report (batch, report);
  batch->running--;
  batch_start_next (batch);
  bd_cli_waiter_done (batch->waiter);
}

static void
batch_start_next (Batch *batch)
{
  while (batch->running < (guint) batch->options->jobs && batch->next < batch->domains->len &&
         !g_cancellable_is_cancelled (bd_cli_waiter_get_cancellable (batch->waiter)))
    {
      BatchItem *item = g_new0 (BatchItem, 1);

      item->batch = batch;
      item->domain = batch->domains->pdata[batch->next++];
      batch->running++;
      batch->peak_running = MAX (batch->peak_running, batch->running);
      bd_domain_check_run_async (batch->check, item->domain,
                                 bd_cli_waiter_get_cancellable (batch->waiter), batch_done_cb,
                                 item);
    }
  /* After Ctrl+C the domains not started count as done. */
  while (batch->running == 0 && batch->next < batch->domains->len)
    {
      batch->next++;
      bd_cli_waiter_done (batch->waiter);
    }
}

static GPtrArray *
read_domains (const char  *path,
              GError     **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) domains = g_ptr_array_new_with_free_func (g_free);

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (line[0] == '\0' || line[0] == '#')
        continue;
      if (domains->len >= MAX_DOMAINS)
        {
          g_set_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                       _("%s lists more than %u domains."), path, (guint) MAX_DOMAINS);
          return NULL;
        }
      g_ptr_array_add (domains, g_strdup (line));
    }
  return g_steal_pointer (&domains);
}

static void
batch_print_summary (Batch *batch)
{
  if (batch->options->json)
    {
      g_autofree char *line = g_strdup_printf ("{\"summary\":{\"domains\":%u,\"pass\":%u,"
                                               "\"info\":%u,\"warning\":%u,\"fail\":%u,"
                                               "\"errors\":%u,\"jobs\":%d,"
                                               "\"most_at_once\":%u,"
                                               "\"most_per_host\":%u}}",
                                               batch->domains->len,
                                               batch->counts[BD_DOMAIN_VERDICT_PASS],
                                               batch->counts[BD_DOMAIN_VERDICT_INFO],
                                               batch->counts[BD_DOMAIN_VERDICT_WARNING],
                                               batch->counts[BD_DOMAIN_VERDICT_FAIL],
                                               batch->errors, batch->options->jobs,
                                               batch->peak_running,
                                               bd_domain_limiter_get_peak (batch->limiter));

      printf ("%s\n", line);
      return;
    }
  printf (_("\nDomains: %u; without a fault: %u; with warnings: %u; failed: %u; not "
            "checked: %u.\n"),
          batch->domains->len,
          batch->counts[BD_DOMAIN_VERDICT_PASS] + batch->counts[BD_DOMAIN_VERDICT_INFO],
          batch->counts[BD_DOMAIN_VERDICT_WARNING], batch->counts[BD_DOMAIN_VERDICT_FAIL],
          batch->errors);
}

static int
check_many (const Options *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) domains = read_domains (options->from, &error);
  g_autoptr(BdDomainCheck) check = NULL;
  g_autoptr(BdCliWaiter) waiter = NULL;
  g_autoptr(BdDomainLimiter) limiter = NULL;
  Batch batch = { 0 };

  if (domains == NULL)
    return bd_cli_fail_usage (error->message);
  check = new_check (options, &error);
  if (check == NULL)
    return bd_cli_fail_usage (error->message);
  if (domains->len == 0)
    return bd_cli_fail_usage (_("The file lists no domain."));

  waiter = bd_cli_waiter_new (domains->len);
  limiter = bd_domain_limiter_new (0);
  bd_domain_check_set_limiter (check, limiter);
  batch.options = options;
  batch.check = check;
  batch.waiter = waiter;
  batch.limiter = limiter;
  batch.domains = domains;
  batch_start_next (&batch);
  prepare_trust (check);
  bd_cli_waiter_run (waiter);
  batch_print_summary (&batch);
  if (batch.errors > 0 || batch.counts[BD_DOMAIN_VERDICT_FAIL] > 0)
    return BD_CLI_EXIT_FAILED;
  return BD_CLI_EXIT_OK;
}

static int
check_options (Options *options,
               int      argc)
{
  g_autoptr(GError) error = NULL;

  if (!bd_cli_check_timeout (options->timeout, &error))
    return bd_cli_fail_usage (error->message);
  if (options->ispdb_url != NULL && !g_str_has_prefix (options->ispdb_url, "https://") &&
      !g_str_has_prefix (options->ispdb_url, "http://"))
    return bd_cli_fail_usage (_("--ispdb-url must be an https:// address."));
  if (options->jobs < 1 || options->jobs > MAX_JOBS)
    return bd_cli_fail_usage (_("--jobs must be a number from 1 to 64."));
  if (options->from != NULL)
    {
      if (argc > 1)
        return bd_cli_fail_usage (_("domain takes either a domain or --from FILE, not both."));
      if (options->write_config != NULL || options->print_srv || options->address != NULL)
        return bd_cli_fail_usage (_("--write-config, --print-srv and --address take one "
                                    "domain, not --from."));
      return -1;
    }
  if (argc < 2)
    return bd_cli_fail_usage (_("domain needs a domain name, for example: brevduva-cli domain "
                                "example.org"));
  if (argc > 2)
    return bd_cli_fail_usage (_("domain takes one domain name; there were more arguments."));
  return -1;
}

/* main() installed a resolver with its own thread pool (bd-resolver.c);
 * a batch of domain checks asks ~14 questions a domain at once, so --from
 * gets a pool for as many as the batch asks. */
#define QUESTIONS_PER_DOMAIN 16

static void
use_own_resolver (const Options *options)
{
  if (options->from != NULL)
    bd_resolver_install ((guint) options->jobs * QUESTIONS_PER_DOMAIN);
}

/**
 * bd_cli_domain:
 *
 * Returns: the exit status of `brevduva-cli domain`.
 */
int
bd_cli_domain (int    argc,
               char **argv)
{
  Options options = { .jobs = DEFAULT_JOBS };
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json,
      N_("Print one JSON object (one a line with --from)"), NULL },
    { "ispdb-url", 0, 0, G_OPTION_ARG_STRING, &options.ispdb_url,
      N_("Ask this ISPDB instead of Thunderbird’s"), N_("URL") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &options.ca_file,
      N_("Also trust the certificate authorities in this PEM file"), N_("PEM") },
    { "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &options.timeout,
      N_("Give each lookup, fetch and server SEC seconds"), N_("SEC") },
    { "address", 0, 0, G_OPTION_ARG_STRING, &options.address,
      N_("Also ask for the autoconfig document with this address at the domain"),
      N_("ADDRESS") },
    { "write-config", 0, 0, G_OPTION_ARG_FILENAME, &options.write_config,
      N_("Write the config-v1.1.xml to publish to FILE"), N_("FILE") },
    { "print-srv", 0, 0, G_OPTION_ARG_NONE, &options.print_srv,
      N_("Print the SRV records to publish, as zone file lines, instead of the report"), NULL },
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &options.from,
      N_("Check every domain listed in FILE, one a line"), N_("FILE") },
    { "jobs", 0, 0, G_OPTION_ARG_INT, &options.jobs,
      N_("With --from, check at most N domains at once (default 4)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    bd_cli_option_context_new ("domain", _("DOMAIN"),
                               _("Check the mail settings a domain publishes, and say what it "
                                 "should publish."), entries);
  g_autoptr(GError) error = NULL;
  int status;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    status = bd_cli_fail_usage (error->message);
  else if ((status = check_options (&options, argc)) < 0)
    {
      use_own_resolver (&options);
      status = options.from != NULL ? check_many (&options) : check_one (&options, argv[1]);
    }

  g_free (options.ispdb_url);
  g_free (options.ca_file);
  g_free (options.write_config);
  g_free (options.from);
  g_free (options.address);
  return status;
}
