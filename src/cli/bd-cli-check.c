/* bd-cli-check.c: brevduva-cli check ADDRESS
 *
 *   check ADDRESS [--password-stdin] [--ca-file PEM] [--offline] [--timeout SEC] [--json]
 *
 * Detects the account's servers as detect does (bd-cli-detect.c), then
 * proves every one of them as the assistant does (BdAccountProbe, through
 * bd-cli-prove.c), and says whether the account works: at least one
 * incoming and one outgoing server passed. A blocked alternative port
 * alone does not make it fail.
 *
 * The proving starts during the detection (issue 16 §2): the servers of an
 * answer that waits for better-ranked sources, and those the guess
 * confirms, are proven up to their capabilities with no credential, and
 * the probes of the winner's servers go on with those connections
 * (BdWarmConnections); the rest are ended politely.
 *
 * The password is only ever the first line of standard input (never an
 * argument; bd-cli-password.c), in one buffer that is wiped before the
 * command returns. It goes only where security rule 4 lets it go without
 * the person's approval (bd_account_config_needs_approval()): the command
 * line cannot ask, so for settings from an unverified source, or with
 * servers in other domains, the servers are proven without logging in and
 * the reason is said on standard error (and as "password_withheld" in JSON).
 *
 * Exit status: 0 when the account works, 1 when it does not or nothing was
 * found, 2 for bad input, with one line on standard error.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "bd-account-probe.h"
#include "bd-cli.h"
#include "bd-cli-check.h"
#include "bd-cli-detect.h"
#include "bd-cli-password.h"
#include "bd-cli-prove.h"
#include "bd-error.h"
#include "bd-network-facts.h"
#include "bd-probe-render.h"
#include "bd-report.h"

typedef struct
{
  gboolean password_stdin;
  char *ca_file;
  gboolean offline;
  double timeout;
  gboolean json;
} CheckOptions;

static void
check_options_clear (CheckOptions *options)
{
  g_free (options->ca_file);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CheckOptions, check_options_clear)

static const char *
approval_get_name (BdApproval approval)
{
  switch (approval)
    {
    case BD_APPROVAL_UNVERIFIED_SOURCE:
      return "unverified-source";
    case BD_APPROVAL_FOREIGN_DOMAINS:
      return "foreign-domains";
    case BD_APPROVAL_NOT_NEEDED:
    default:
      return NULL;
    }
}

/* {"ok", "detection": {…detect…}, "results": [… as in test …]},
 * "password_withheld" when security rule 4 kept the password back, and
 * "cause": {"code", "message", "advice"} when several servers failed for
 * one reason of this computer's (each result keeps its own error), and
 * "network": what was known about the network (bd-network-facts.c). */
static void
print_check_json (BdDetection  *detection,
                  GPtrArray    *reports,
                  gboolean      usable,
                  const char   *withheld,
                  const GError *cause)
{
  g_autoptr(JsonNode) results = bd_probe_render_json (reports);
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(BdNetworkFacts) facts = bd_network_facts_new_for_system (reports);
  JsonObject *object = json_object_new ();

  json_object_set_boolean_member (object, "ok", usable);
  if (withheld != NULL)
    json_object_set_string_member (object, "password_withheld", withheld);
  if (cause != NULL)
    json_object_set_member (object, "cause", bd_probe_render_cause_json (cause));
  json_object_set_member (object, "detection", bd_report_detection_to_json (detection));
  json_object_set_member (object, "results",
                          json_node_copy (json_object_get_member (json_node_get_object (results),
                                                                  "results")));
  json_object_set_member (object, "network", bd_network_facts_to_json (facts));
  json_node_take_object (root, object);
  bd_cli_print_json (root);
}

/* The shared cause first and once, then one line per server. */
static void
print_check_text (BdDetection  *detection,
                  GPtrArray    *reports,
                  gboolean      usable,
                  const GError *cause)
{
  BdAccountConfig *config = bd_detection_get_config (detection);
  const char *provider = bd_account_config_get_display_name (config);
  g_autofree char *text = bd_probe_render_text_under_cause (reports, cause);
  g_autofree char *footer = bd_report_config_footer_to_text (config);

  if (cause != NULL)
    {
      g_autoptr(GString) head = g_string_new (NULL);

      bd_probe_render_append_cause (head, cause);
      printf ("%s", head->str);
    }

  /* TRANSLATORS: "Servers of alice@example.com (Example Mail):" */
  printf (_("Servers of %s (%s):\n"), bd_address_get_display (bd_detection_get_address (detection)),
          provider != NULL ? provider : bd_address_get_domain (bd_detection_get_address (detection)));
  printf ("%s", text);
  printf ("%s\n", footer);
  if (usable)
    printf ("%s\n", _("The account works: at least one incoming and one outgoing server "
                      "passed."));
  else if (cause != NULL)
    /* TRANSLATORS: the shared cause's code, e.g. "dns-unavailable" */
    printf (_("The account could not be tested: this computer’s network is the problem "
              "(%s, at the top).\n"), bd_error_get_name (cause));
  else
    printf ("%s\n", _("The account does not work yet: see the failures above."));
}

static BdWarmConnections *
new_warm_connections (const CheckOptions *options,
                      GBytes             *ca_pem)
{
  BdWarmConnections *warm = bd_warm_connections_new ();

  bd_warm_connections_set_ca_pem (warm, ca_pem);
  bd_warm_connections_set_timeout (warm, (guint) (options->timeout * 1000));
  return warm;
}

static int
check_account (BdAddress          *address,
               const CheckOptions *options,
               GBytes             *ca_pem,
               BdCliPassword      *password)
{
  /* The candidates' servers are proven, without a credential, while the
   * detection waits for better sources; the probes go on from there. */
  g_autoptr(BdWarmConnections) warm = new_warm_connections (options, ca_pem);
  const BdCliDetectOptions detect_options = {
    .offline = options->offline,
    .ca_file = options->ca_file,
    .warm = warm,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(BdDetection) detection = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  g_autofree char *withheld = NULL;
  g_autoptr(GError) cause = NULL;
  BdAccountConfig *config;
  BdApproval approval = BD_APPROVAL_NOT_NEEDED;
  gboolean usable;

  detection = bd_cli_detect (address, &detect_options, &error);
  if (detection == NULL)
    return bd_cli_fail (error->message);
  config = bd_cli_detection_get_config (detection, &error);
  if (config == NULL)
    return bd_cli_fail (error->message);

  if (password != NULL)
    approval = bd_account_config_needs_approval (config, address);
  withheld = bd_cli_dup_withheld_reason (config, address, approval,
                                         BD_CLI_WITHHOLD_TEST_WITHOUT);
  if (withheld != NULL)
    g_printerr ("%s\n", withheld);

  reports = bd_cli_prove_account (config, withheld == NULL ? password : NULL, ca_pem,
                                  options->timeout, warm, &cause, &error);
  bd_warm_connections_drop_all (warm);
  if (reports == NULL)
    return bd_cli_fail (error->message);
  usable = bd_account_probe_is_usable (reports);
  if (options->json)
    print_check_json (detection, reports, usable, approval_get_name (approval), cause);
  else
    print_check_text (detection, reports, usable, cause);
  return usable ? BD_CLI_EXIT_OK : BD_CLI_EXIT_FAILED;
}

/**
 * bd_cli_check:
 * @argv: the arguments, starting with “check”
 *
 * Returns: the process's exit status.
 */
int
bd_cli_check (int    argc,
              char **argv)
{
  g_auto(CheckOptions) options = { 0 };
  GOptionEntry entries[] = {
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &options.password_stdin,
      N_("Read the password from the first line of standard input, and log in"), NULL },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &options.ca_file,
      N_("Also trust the certificate authorities in this PEM file"), N_("PEM") },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &options.offline,
      N_("Find the servers in the built-in database and by guessing only"), NULL },
    { "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &options.timeout,
      N_("Give each step SEC seconds (default 10)"), N_("SEC") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json,
      N_("Print one JSON object"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    bd_cli_option_context_new ("check", _("ADDRESS"),
                               _("Find an account’s servers, then prove each one."), entries);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) ca_pem = NULL;
  g_autoptr(BdAddress) address = NULL;
  g_autoptr(BdCliPassword) password = NULL;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return bd_cli_fail_usage (error->message);
  if (argc != 2)
    return bd_cli_fail_usage (_("check needs one email address, for example: "
                                "brevduva-cli check alice@example.com"));
  if (!bd_cli_check_timeout (options.timeout, &error) ||
      !bd_cli_load_ca_file (options.ca_file, &ca_pem, &error))
    return bd_cli_fail_usage (error->message);
  address = bd_address_parse (argv[1], &error);
  if (address == NULL)
    return bd_cli_fail_usage (error->message);
  if (options.password_stdin)
    {
      password = bd_cli_password_read_stdin (&error);
      if (password == NULL)
        return bd_cli_fail_usage (error->message);
    }

  return check_account (address, &options, ca_pem, password);
}
