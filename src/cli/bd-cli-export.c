/* bd-cli-export.c: brevduva-cli export ADDRESS --to PROGRAM
 *
 *   export ADDRESS --to goa|evolution|thunderbird|msmtp|mbsync|aerc|neomutt
 *          [--password-stdin] [--offline] [--no-verify] [--dry-run] [--print]
 *          [--json] [--ca-file PEM] [--ispdb-url URL] [--name NAME]
 *          [--profile NAME] [--allow-any-certificate]
 *
 * Hands a proven account to a mail program (issue 12 §6); how, and in
 * which order, is told below the includes.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "bd-cli.h"
#include "bd-cli-detect.h"
#include "bd-cli-export.h"
#include "bd-cli-password.h"
#include "bd-cli-prove.h"
#include "bd-cli-wait.h"
#include "bd-error.h"
#include "bd-export-target.h"
#include "bd-keyring.h"

/* export hands a proven account to a mail program in the order that
 * leaves nothing behind when a step fails:
 *
 *  1. detect the servers (bd-cli-detect.c);
 *  2. pick the best IMAP (else POP3) and SMTP server that may get a
 *     password, and prove their logins exactly as store does
 *     (bd-cli-prove.c), under the same approval rule (security rule 4:
 *     unverified or foreign settings are not logged in to from the command
 *     line); --no-verify hands them off unproven instead;
 *  3. plan the hand-off (BdExportTarget): a target refuses here, before
 *     anything is written (already configured, program running, browser
 *     login, a pinned certificate it cannot express …);
 *  4. store the password in Brevduva's own keyring items, as store does,
 *     which the terminal programs' `secret-tool lookup` commands read;
 *  5. apply the plan, with the password for the targets that keep their
 *     own copy (GOA, Evolution).
 *
 * --dry-run and --print stop after 3: they need no password, read none,
 * prove nothing (the servers are planned as unproven) and change nothing,
 * the keyring included.
 *
 * A provider that takes only its own web sign-in (browser login) gets no
 * password at all: its servers are neither logged in to nor stored, and
 * the target's plan says what happens instead (GOA opens its own provider;
 * the others refuse with export-browser-login-required).
 *
 * Output: text for people, or with --json one object on standard output
 * (DESIGN.md's contract): {"address", "target", "applied", "dry_run",
 * "logins", "stored", "steps", "warnings", "error"}; never the password,
 * and the files' texts only with --dry-run. Exit status 0 when the account
 * was handed off (or planned), 1 when a step failed or the target refused,
 * 2 for bad input, with one line on standard error.
 */

typedef struct
{
  char *to;
  gboolean password_stdin;
  gboolean offline;
  gboolean no_verify;
  gboolean dry_run;
  gboolean print;
  gboolean json;
  char *ca_file;
  char *ispdb_url;
  char *name;
  char *profile;
  gboolean allow_any_certificate;
} ExportOptions;

static void
export_options_clear (ExportOptions *options)
{
  g_free (options->to);
  g_free (options->ca_file);
  g_free (options->ispdb_url);
  g_free (options->name);
  g_free (options->profile);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ExportOptions, export_options_clear)

/* One run of export: what it found and did so far, for its answer. */
typedef struct
{
  const ExportOptions *options;
  BdAddress *address;
  BdExportTarget *target;
  GBytes *ca_pem;
  BdCliPassword *password;
  BdDetection *detection;
  GPtrArray *servers;    /* (element-type BdServer): the picked ones */
  GPtrArray *reports;    /* (element-type BdProbeReport): their proofs, or NULL */
  GPtrArray *stored;     /* (element-type BdServer): kept in the keyring */
  BdExportPlan *plan;
  gboolean applied;
  const char *advice;    /* a failed login's own advice, from its report */
} ExportRun;

static void
export_run_clear (ExportRun *run)
{
  g_clear_object (&run->address);
  g_clear_object (&run->target);
  g_clear_pointer (&run->ca_pem, g_bytes_unref);
  g_clear_pointer (&run->password, bd_cli_password_free);
  g_clear_pointer (&run->servers, g_ptr_array_unref);
  g_clear_pointer (&run->reports, g_ptr_array_unref);
  g_clear_pointer (&run->stored, g_ptr_array_unref);
  /* The servers belong to the detection's settings: it goes last. */
  g_clear_object (&run->detection);
  g_clear_object (&run->plan);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ExportRun, export_run_clear)

/* The plan is applied only after a real proof; a dry run or --print
 * proves nothing and changes nothing. */
static gboolean
changes_nothing (const ExportOptions *options)
{
  return options->dry_run || options->print;
}

/* ------------------------------------------------------------------------
 * The answer
 * ------------------------------------------------------------------------ */

static const char *
step_kind_get_name (BdExportStepKind kind)
{
  switch (kind)
    {
    case BD_EXPORT_STEP_FILE:
      return "file";
    case BD_EXPORT_STEP_KEYRING:
      return "keyring";
    case BD_EXPORT_STEP_DBUS:
      return "dbus";
    case BD_EXPORT_STEP_LAUNCH:
    default:
      return "launch";
    }
}

/* What to do about @error: @advice when the failure gave its own (a
 * login's, which knows the provider), else its code's. */
static const char *
get_advice (const GError *error,
            const char   *advice)
{
  if (advice != NULL)
    return advice;
  if (error->domain == BD_ERROR)
    return bd_error_code_get_advice (error->code);
  return NULL;
}

static void
add_error_member (JsonBuilder  *builder,
                  const char   *member,
                  const GError *error,
                  const char   *advice)
{
  json_builder_set_member_name (builder, member);
  if (error == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, bd_error_get_name (error));
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, error->message);
  advice = get_advice (error, advice);
  if (advice != NULL)
    {
      json_builder_set_member_name (builder, "advice");
      json_builder_add_string_value (builder, advice);
    }
  json_builder_end_object (builder);
}

/* "logins": [{"url", "username", "proven", "error"}…], one per server handed off. */
static void
add_logins (JsonBuilder *builder,
            ExportRun   *run)
{
  json_builder_set_member_name (builder, "logins");
  json_builder_begin_array (builder);
  for (guint i = 0; run->servers != NULL && i < run->servers->len; i++)
    {
      BdServer *server = g_ptr_array_index (run->servers, i);
      BdProbeReport *report = run->reports != NULL ? g_ptr_array_index (run->reports, i) : NULL;
      g_autofree char *url = bd_server_dup_url (server);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, url);
      json_builder_set_member_name (builder, "username");
      json_builder_add_string_value (builder, bd_server_get_username (server));
      json_builder_set_member_name (builder, "proven");
      json_builder_add_boolean_value (builder, bd_cli_login_succeeded (report));
      if (report != NULL)
        add_error_member (builder, "error", bd_probe_report_get_error (report),
                          bd_probe_report_get_advice (report));
      else
        add_error_member (builder, "error", NULL, NULL);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* "stored": the URLs whose password went into Brevduva's keyring items. */
static void
add_stored (JsonBuilder *builder,
            ExportRun   *run)
{
  json_builder_set_member_name (builder, "stored");
  json_builder_begin_array (builder);
  for (guint i = 0; run->stored != NULL && i < run->stored->len; i++)
    {
      g_autofree char *url = bd_server_dup_url (g_ptr_array_index (run->stored, i));

      json_builder_add_string_value (builder, url);
    }
  json_builder_end_array (builder);
}

static void
add_step (JsonBuilder  *builder,
          BdExportStep *step,
          gboolean      with_text)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, step_kind_get_name (step->kind));
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, step->description);
  json_builder_set_member_name (builder, "path");
  if (step->path != NULL)
    json_builder_add_string_value (builder, step->path);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "done");
  json_builder_add_boolean_value (builder, step->done);
  /* A file's text, a call or a command line: never a password (the plan
   * holds none), but long, so only for the dry run that shows them. */
  if (with_text && step->text != NULL)
    {
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, step->text);
    }
  json_builder_end_object (builder);
}

static void
add_plan (JsonBuilder *builder,
          ExportRun   *run)
{
  GPtrArray *steps = run->plan != NULL ? bd_export_plan_get_steps (run->plan) : NULL;
  GPtrArray *warnings = run->plan != NULL ? bd_export_plan_get_warnings (run->plan) : NULL;

  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  for (guint i = 0; steps != NULL && i < steps->len; i++)
    add_step (builder, g_ptr_array_index (steps, i), run->options->dry_run);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  for (guint i = 0; warnings != NULL && i < warnings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (warnings, i));
  json_builder_end_array (builder);
}

static void
print_json (ExportRun    *run,
            const GError *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "address");
  json_builder_add_string_value (builder, bd_address_get_display (run->address));
  json_builder_set_member_name (builder, "target");
  json_builder_add_string_value (builder, bd_export_target_get_id (run->target));
  json_builder_set_member_name (builder, "applied");
  json_builder_add_boolean_value (builder, run->applied);
  json_builder_set_member_name (builder, "dry_run");
  json_builder_add_boolean_value (builder, run->options->dry_run);
  add_logins (builder, run);
  add_stored (builder, run);
  add_plan (builder, run);
  add_error_member (builder, "error", error, run->advice);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  bd_cli_print_json (root);
}

/* Each step of the plan, ✓ when it took effect and ✗ when not. */
static void
print_steps (ExportRun *run,
             FILE      *stream)
{
  GPtrArray *steps = bd_export_plan_get_steps (run->plan);

  for (guint i = 0; i < steps->len; i++)
    {
      BdExportStep *step = g_ptr_array_index (steps, i);

      fprintf (stream, "%s %s\n", step->done ? "✓" : "✗", step->description);
    }
}

static void
print_warnings (ExportRun *run)
{
  GPtrArray *warnings = bd_export_plan_get_warnings (run->plan);

  for (guint i = 0; i < warnings->len; i++)
    /* Translators: a warning of the hand-off, such as “aerc will accept any
     * certificate for imap.example.com.” */
    printf (_("Note: %s\n"), (const char *) g_ptr_array_index (warnings, i));
}

/* What failed, what to do, and what was and was not done. */
static void
print_failure (ExportRun    *run,
               const GError *error)
{
  const char *advice = get_advice (error, run->advice);

  fprintf (stderr, "brevduva-cli: %s\n", error->message);
  if (advice != NULL)
    /* Translators: the advice after a failure. */
    fprintf (stderr, _("What to do: %s\n"), advice);
  if (run->plan != NULL && bd_export_plan_get_steps (run->plan)->len > 0)
    {
      /* Translators: “msmtp: what was done (✓) and what was not (✗):” */
      fprintf (stderr, _("%s: what was done (✓) and what was not (✗):\n"),
               bd_export_target_get_name (run->target));
      print_steps (run, stderr);
    }
  if (run->stored != NULL && run->stored->len > 0)
    fprintf (stderr, "%s\n", _("The password stays in the keyring, where brevduva-cli "
                               "store would keep it."));
}

static void
print_text (ExportRun *run)
{
  g_autofree char *text = NULL;

  if (run->options->print)
    {
      text = bd_export_plan_dup_config_text (run->plan);
      printf ("%s", text);
      return;
    }
  if (run->options->dry_run)
    {
      text = bd_export_plan_dup_text (run->plan);
      printf ("%s", text);
      return;
    }
  for (guint i = 0; run->stored != NULL && i < run->stored->len; i++)
    bd_cli_print_stored (g_ptr_array_index (run->stored, i));
  /* Translators: “Added alice@example.com to msmtp:” then each step. */
  printf (_("Added %s to %s:\n"), bd_address_get_display (run->address),
          bd_export_target_get_name (run->target));
  print_steps (run, stdout);
  print_warnings (run);
}

/* The command's answer, and its exit status. */
static int
answer (ExportRun    *run,
        const GError *error)
{
  if (run->options->json)
    print_json (run, error);
  if (error == NULL)
    {
      if (!run->options->json)
        print_text (run);
      return BD_CLI_EXIT_OK;
    }

  /* Standard error says it in words either way. */
  if (run->options->json)
    fprintf (stderr, "brevduva-cli: %s\n", error->message);
  else
    print_failure (run, error);
  return BD_CLI_EXIT_FAILED;
}

/* ------------------------------------------------------------------------
 * The steps
 * ------------------------------------------------------------------------ */

/* The password: the first line of standard input, or typed at a terminal
 * (whether one can be had was settled with the options). */
static gboolean
read_password (ExportRun  *run,
               GError    **error)
{
  if (run->options->password_stdin)
    run->password = bd_cli_password_read_stdin (error);
  else
    run->password = bd_cli_password_prompt (bd_address_get_display (run->address), error);
  return run->password != NULL;
}

static BdAccountConfig *
detect (ExportRun  *run,
        GError    **error)
{
  const BdCliDetectOptions detect_options = {
    .offline = run->options->offline,
    .ispdb_url = run->options->ispdb_url,
    .ca_file = run->options->ca_file,
  };

  run->detection = bd_cli_detect (run->address, &detect_options, error);
  if (run->detection == NULL)
    return NULL;
  return bd_cli_detection_get_config (run->detection, error);
}

/* A browser-login provider's servers take no password: the first of each
 * direction only tells the target which account it is. */
static void
pick_any_servers (ExportRun       *run,
                  BdAccountConfig *config)
{
  GPtrArray *incoming = bd_account_config_get_incoming (config);
  GPtrArray *outgoing = bd_account_config_get_outgoing (config);

  run->servers = g_ptr_array_new ();
  if (incoming->len > 0)
    g_ptr_array_add (run->servers, g_ptr_array_index (incoming, 0));
  if (outgoing->len > 0)
    g_ptr_array_add (run->servers, g_ptr_array_index (outgoing, 0));
}

/* The first login that failed, as the run's error. */
static gboolean
check_logins (ExportRun  *run,
              GError    **error)
{
  for (guint i = 0; i < run->servers->len; i++)
    {
      BdServer *server = g_ptr_array_index (run->servers, i);
      BdProbeReport *report = g_ptr_array_index (run->reports, i);
      const GError *failure = bd_probe_report_get_error (report);

      if (bd_cli_login_succeeded (report))
        continue;
      run->advice = bd_probe_report_get_advice (report);
      g_set_error (error, BD_ERROR,
                   failure != NULL && failure->domain == BD_ERROR ? failure->code
                                                                  : BD_ERROR_LOGIN_FAILED,
                   /* Translators: “The IMAP login to imap.example.com failed, so
                    * nothing was handed to msmtp: <the reason>” */
                   _("The %s login to %s failed, so nothing was handed to %s: %s"),
                   bd_protocol_get_label (bd_server_get_protocol (server)),
                   bd_server_get_hostname (server),
                   bd_export_target_get_name (run->target),
                   failure != NULL ? failure->message : _("No login was tried."));
      return FALSE;
    }
  return TRUE;
}

/* Proves the picked servers' logins, as store does. */
static gboolean
prove (ExportRun        *run,
       BdAccountConfig  *config,
       GError          **error)
{
  g_autofree char *reason =
    bd_cli_dup_withheld_reason (config, run->address,
                                bd_account_config_needs_approval (config, run->address),
                                BD_CLI_WITHHOLD_REFUSE_EXPORT);

  if (reason != NULL)
    {
      g_set_error_literal (error, BD_ERROR, BD_ERROR_EXPORT_NOT_PROVEN, reason);
      return FALSE;
    }
  run->reports = bd_cli_prove_logins (config, run->servers, run->password, run->ca_pem, error);
  return run->reports != NULL && check_logins (run, error);
}

/* What the program is given: the person's name, the CA file, and the
 * servers with how far each was proven. */
static void
fill_account (ExportRun       *run,
              BdExportAccount *account)
{
  bd_export_account_set_name (account, run->options->name);
  if (run->options->ca_file != NULL)
    {
      /* The program reads it later, from wherever it runs. */
      g_autofree char *ca_file = g_canonicalize_filename (run->options->ca_file, NULL);

      bd_export_account_set_ca_file (account, ca_file);
    }
  for (guint i = 0; i < run->servers->len; i++)
    {
      BdProbeReport *report = run->reports != NULL ? g_ptr_array_index (run->reports, i) : NULL;

      bd_export_account_set_server (account, g_ptr_array_index (run->servers, i),
                                    bd_cli_login_succeeded (report), NULL, NULL);
    }
}

static BdExportFlags
get_flags (ExportRun *run)
{
  BdExportFlags flags = BD_EXPORT_FLAGS_NONE;

  /* Nothing was proven: with --no-verify the person said so; a dry run
   * shows what would be written, and writes nothing. */
  if (run->options->no_verify || changes_nothing (run->options))
    flags |= BD_EXPORT_ALLOW_UNPROVEN;
  if (run->options->allow_any_certificate)
    flags |= BD_EXPORT_ALLOW_ANY_CERTIFICATE;
  return flags;
}

static gboolean
plan (ExportRun        *run,
      BdExportAccount  *account,
      GError          **error)
{
  g_autoptr(BdCliWaiter) waiter = bd_cli_waiter_new (1);
  g_autoptr(GAsyncResult) result = NULL;

  bd_export_target_plan_async (run->target, account, get_flags (run),
                               bd_cli_waiter_get_cancellable (waiter),
                               bd_cli_waiter_result_cb, waiter);
  result = bd_cli_waiter_run_for_result (waiter);
  run->plan = bd_export_target_plan_finish (run->target, result, error);
  return run->plan != NULL;
}

/* The password in Brevduva's own item for each server, as store keeps it:
 * the terminal programs' lookup commands read it there. */
static gboolean
store (ExportRun  *run,
       GError    **error)
{
  g_autoptr(BdKeyring) keyring = bd_keyring_new ();

  run->stored = g_ptr_array_new ();
  for (guint i = 0; i < run->servers->len; i++)
    {
      BdServer *server = g_ptr_array_index (run->servers, i);
      g_autoptr(GError) local_error = NULL;

      if (!bd_cli_store_password (keyring, server, run->password->bytes, &local_error))
        {
          g_set_error (error, BD_ERROR,
                       local_error->domain == BD_ERROR ? local_error->code : BD_ERROR_FAILED,
                       /* Translators: “Could not store the password for
                        * imap.example.com, so nothing was handed to msmtp: <why>” */
                       _("Could not store the password for %s, so nothing was handed to %s: %s"),
                       bd_server_get_hostname (server), bd_export_target_get_name (run->target),
                       local_error->message);
          return FALSE;
        }
      g_ptr_array_add (run->stored, server);
    }
  return TRUE;
}

static gboolean
apply (ExportRun  *run,
       GError    **error)
{
  g_autoptr(BdCliWaiter) waiter = bd_cli_waiter_new (1);
  g_autoptr(GAsyncResult) result = NULL;

  bd_export_target_apply_async (run->target, run->plan,
                                run->password != NULL ? run->password->bytes : NULL,
                                bd_cli_waiter_get_cancellable (waiter),
                                bd_cli_waiter_result_cb, waiter);
  result = bd_cli_waiter_run_for_result (waiter);
  run->applied = bd_export_target_apply_finish (run->target, result, error);
  return run->applied;
}

/* Returns: %FALSE with @error when a step failed; %BD_ERROR_INVALID_ARGUMENT
 * is bad input (the password). */
static gboolean
export_account (ExportRun  *run,
                GError    **error)
{
  g_autoptr(BdExportAccount) account = NULL;
  BdAccountConfig *config = detect (run, error);
  gboolean browser_login;
  gboolean with_password;

  if (config == NULL)
    return FALSE;

  /* The provider and its browser-login rule come from the settings. */
  account = bd_export_account_new_from_config (config, run->address);
  browser_login = bd_export_account_get_browser_login (account);
  with_password = !browser_login && !changes_nothing (run->options);
  if (browser_login)
    pick_any_servers (run, config);
  else
    run->servers = bd_cli_pick_servers (config, BD_CLI_PICK_ONE_INCOMING);
  if (run->servers->len == 0)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_OAUTH2_REQUIRED,
                   _("None of the servers for %s takes a password (the provider may want "
                     "you to sign in with OAuth2 instead), so nothing was handed off."),
                   bd_address_get_display (run->address));
      return FALSE;
    }

  if (with_password && !read_password (run, error))
    return FALSE;
  if (with_password && !run->options->no_verify && !prove (run, config, error))
    return FALSE;

  fill_account (run, account);
  if (!plan (run, account, error))
    return FALSE;
  if (changes_nothing (run->options))
    return TRUE;
  if (with_password && !store (run, error))
    return FALSE;
  return apply (run, error);
}

/* ------------------------------------------------------------------------
 * The command line
 * ------------------------------------------------------------------------ */

static gboolean
parse_options (int            *argc,
               char         ***argv,
               ExportOptions  *options,
               GError        **error)
{
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &options->to,
      N_("The mail program to hand the account to"), N_("PROGRAM") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &options->password_stdin,
      N_("Read the password from the first line of standard input"), NULL },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &options->offline,
      N_("Find the servers in the built-in database and by guessing only"), NULL },
    { "no-verify", 0, 0, G_OPTION_ARG_NONE, &options->no_verify,
      N_("Hand off the servers without first logging in to check the password"), NULL },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &options->dry_run,
      N_("Show every change the hand-off would make, and make none"), NULL },
    { "print", 0, 0, G_OPTION_ARG_NONE, &options->print,
      N_("Print only the settings text that would be written, and change nothing"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options->json,
      N_("Print one JSON object"), NULL },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &options->ca_file,
      N_("Also trust the certificate authorities in this PEM file"), N_("PEM") },
    { "ispdb-url", 0, 0, G_OPTION_ARG_STRING, &options->ispdb_url,
      N_("Ask this ISPDB instead of Thunderbird’s"), N_("URL") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &options->name,
      N_("Your name, as the From line shows it"), N_("NAME") },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &options->profile,
      N_("Thunderbird’s profile to add the account to"), N_("NAME") },
    { "allow-any-certificate", 0, 0, G_OPTION_ARG_NONE, &options->allow_any_certificate,
      N_("Let a program that cannot keep a trusted certificate accept any"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    bd_cli_option_context_new ("export", _("ADDRESS"),
                               _("Prove an account as store does, then hand it to a mail "
                                 "program."), entries);

  return g_option_context_parse (context, argc, argv, error);
}

/* --to PROGRAM: a target, or %NULL with the one line that lists them. */
static BdExportTarget *
new_target (const char  *id,
            GError     **error)
{
  g_autofree char *ids = bd_export_target_dup_ids ();
  BdExportTarget *target = id != NULL ? bd_export_target_new_for_id (id) : NULL;

  if (target != NULL)
    return target;
  if (id == NULL)
    g_set_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                 /* Translators: the list is “goa|evolution|thunderbird|…” */
                 _("export needs --to and a mail program: %s."), ids);
  else
    g_set_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                 _("--to “%s” is not a mail program brevduva-cli knows; choose one of %s."),
                 id, ids);
  return NULL;
}

/* --profile is the property of the one target that has profiles. */
static gboolean
set_profile (BdExportTarget  *target,
             const char      *profile,
             GError         **error)
{
  if (profile == NULL)
    return TRUE;
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (target), "profile") == NULL)
    {
      g_set_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                   _("--profile is Thunderbird’s, not %s’s."),
                   bd_export_target_get_name (target));
      return FALSE;
    }
  g_object_set (target, "profile", profile, NULL);
  return TRUE;
}

static gboolean
check_options (const ExportOptions  *options,
               GError              **error)
{
  const char *message = NULL;

  if (options->print && (options->dry_run || options->json))
    message = _("--print prints only the settings text: it goes with neither --dry-run "
                "nor --json.");
  else if (options->ispdb_url != NULL && !g_str_has_prefix (options->ispdb_url, "https://") &&
           !g_str_has_prefix (options->ispdb_url, "http://"))
    message = _("--ispdb-url must be an https:// address.");
  else if (!changes_nothing (options) && !options->password_stdin && !isatty (STDIN_FILENO))
    message = _("export reads the password from standard input: add --password-stdin (a "
                "password is never taken from the command line).");
  if (message == NULL)
    return TRUE;
  g_set_error_literal (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT, message);
  return FALSE;
}

/* Everything that is bad input, settled before any lookup. */
static gboolean
prepare (ExportRun      *run,
         int             argc,
         char          **argv,
         GError        **error)
{
  if (argc < 2)
    {
      g_set_error_literal (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                           _("export needs an email address, for example: brevduva-cli "
                             "export alice@example.com --to msmtp"));
      return FALSE;
    }
  if (argc > 2)
    {
      g_set_error_literal (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                           _("export takes one email address; there were more arguments (the "
                             "password is read from standard input)."));
      return FALSE;
    }
  run->address = bd_address_parse (argv[1], error);
  if (run->address == NULL)
    return FALSE;
  run->target = new_target (run->options->to, error);
  return run->target != NULL &&
         set_profile (run->target, run->options->profile, error) &&
         check_options (run->options, error) &&
         bd_cli_load_ca_file (run->options->ca_file, &run->ca_pem, error);
}

/**
 * bd_cli_export:
 * @argc: the number of arguments, the command “export” included
 * @argv: the arguments, starting with “export”
 *
 * Returns: the process's exit status.
 */
int
bd_cli_export (int    argc,
               char **argv)
{
  g_auto(ExportOptions) options = { 0 };
  g_auto(ExportRun) run = { .options = &options };
  g_autoptr(GError) error = NULL;

  if (!parse_options (&argc, &argv, &options, &error) ||
      !prepare (&run, argc, argv, &error))
    return bd_cli_fail_usage (error->message);

  if (!export_account (&run, &error) &&
      g_error_matches (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT))
    return bd_cli_fail_usage (error->message);
  return answer (&run, error);
}
