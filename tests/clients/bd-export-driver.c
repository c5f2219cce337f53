/* bd-export-driver.c: one hand-off, from arguments, for the clients tier
 *
 *   bd-export-driver --to ID --address ADDR [--name NAME] [--provider ID] [--incoming URL]
 *       [--outgoing URL] [--user NAME] [--pin-incoming sha256:HEX]
 *       [--pin-outgoing sha256:HEX] [--pinned-certificate-incoming PEM]
 *       [--pinned-certificate-outgoing PEM] [--ca-file PEM] [--unproven]
 *       [--allow-unproven] [--allow-any-certificate] [--browser-login]
 *       [--dry-run | --print] [--set KEY=VALUE]…
 *
 * Builds a BdExportAccount as the assistant and `brevduva-cli export` do
 * once the servers are proven, without detecting or probing anything, so
 * that each target's test drives the engine straight against the real mail
 * program. The password is the first line of standard input, read only
 * when the plan is applied. Prints the plan (--dry-run), the files' text
 * (--print) or "applied" and the plan; on failure the error's code name and
 * message on stderr, exit 1 (2 for bad arguments).
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "bd-error.h"
#include "bd-export-target.h"
#include "bd-server-url.h"
#include "bd-tls-certificate.h"

typedef struct
{
  char     *to;
  char     *address;
  char     *name;
  char     *provider;
  char     *incoming;
  char     *outgoing;
  char     *user;
  char     *pin_incoming;
  char     *pin_outgoing;
  char     *pinned_incoming;
  char     *pinned_outgoing;
  char     *ca_file;
  gboolean  unproven;
  gboolean  allow_unproven;
  gboolean  allow_any_certificate;
  gboolean  browser_login;
  gboolean  dry_run;
  gboolean  print;
  char    **set;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->to);
  g_free (options->address);
  g_free (options->name);
  g_free (options->provider);
  g_free (options->incoming);
  g_free (options->outgoing);
  g_free (options->user);
  g_free (options->pin_incoming);
  g_free (options->pin_outgoing);
  g_free (options->pinned_incoming);
  g_free (options->pinned_outgoing);
  g_free (options->ca_file);
  g_strfreev (options->set);
}

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static GAsyncResult *
wait_for (Wait *wait)
{
  g_main_loop_run (wait->loop);
  return wait->result;
}

static int
fail (const GError *error)
{
  fprintf (stderr, "%s: %s\n", bd_error_get_name (error), error->message);
  return 1;
}

static int
usage (const char *message)
{
  fprintf (stderr, "bd-export-driver: %s\n", message);
  return 2;
}

/* A server from @url, with @user as its user name when given. */
static BdServer *
server_from (const char  *url,
             const char  *user,
             const char  *address,
             GError     **error)
{
  BdServer *server = bd_server_new_from_url (url, error);

  if (server != NULL)
    bd_server_set_username (server, user != NULL ? user : address);
  return server;
}

/* The DER of the PEM certificate in @path (NULL: none). */
static gboolean
load_der (const char  *path,
          GBytes     **der,
          GError     **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GByteArray) bytes = NULL;

  *der = NULL;
  if (path == NULL)
    return TRUE;
  certificate = g_tls_certificate_new_from_file (path, error);
  if (certificate == NULL)
    return FALSE;
  g_object_get (certificate, "certificate", &bytes, NULL);
  *der = g_bytes_new (bytes->data, bytes->len);
  return TRUE;
}

static gboolean
add_server (BdExportAccount  *account,
            const char       *url,
            const char       *pin,
            const char       *pinned,
            const Options    *options,
            GError          **error)
{
  g_autoptr(BdServer) server = NULL;
  g_autoptr(GBytes) der = NULL;

  if (url == NULL)
    return TRUE;
  server = server_from (url, options->user, options->address, error);
  if (server == NULL)
    return FALSE;
  if (pin != NULL)
    {
      g_autofree char *hex = bd_tls_pin_parse (pin, error);

      if (hex == NULL)
        return FALSE;
    }
  if (!load_der (pinned, &der, error))
    return FALSE;
  bd_export_account_set_server (account, server, !options->unproven, pin, der);
  return TRUE;
}

static gboolean
set_properties (BdExportTarget  *target,
                char           **set,
                GError         **error)
{
  for (guint i = 0; set != NULL && set[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (set[i], "=", 2);

      if (g_strv_length (pair) != 2 ||
          g_object_class_find_property (G_OBJECT_GET_CLASS (target), pair[0]) == NULL)
        {
          g_set_error (error, BD_ERROR, BD_ERROR_INVALID_ARGUMENT,
                       "--set %s: no such property of %s", set[i],
                       bd_export_target_get_id (target));
          return FALSE;
        }
      g_object_set (target, pair[0], pair[1], NULL);
    }
  return TRUE;
}

static char *
read_password (void)
{
  char line[4096];
  size_t length;

  if (fgets (line, sizeof line, stdin) == NULL)
    return g_strdup ("");
  length = strcspn (line, "\r\n");
  line[length] = '\0';
  return g_strdup (line);
}

static int
run (const Options *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BdAddress) address = NULL;
  g_autoptr(BdExportAccount) account = NULL;
  g_autoptr(BdExportTarget) target = NULL;
  g_autoptr(BdExportPlan) plan = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *password = NULL;
  g_autofree char *text = NULL;
  BdExportFlags flags = BD_EXPORT_FLAGS_NONE;
  Wait wait = { loop, NULL };

  address = bd_address_parse (options->address, &error);
  if (address == NULL)
    return fail (error);
  target = bd_export_target_new_for_id (options->to);
  if (target == NULL)
    return usage ("unknown --to");

  account = bd_export_account_new (address);
  bd_export_account_set_name (account, options->name);
  if (options->provider != NULL)
    bd_export_account_set_provider (account, options->provider, options->provider);
  bd_export_account_set_browser_login (account, options->browser_login);
  bd_export_account_set_ca_file (account, options->ca_file);
  if (!add_server (account, options->incoming, options->pin_incoming,
                   options->pinned_incoming, options, &error) ||
      !add_server (account, options->outgoing, options->pin_outgoing,
                   options->pinned_outgoing, options, &error) ||
      !set_properties (target, options->set, &error))
    return fail (error);

  if (options->allow_unproven)
    flags |= BD_EXPORT_ALLOW_UNPROVEN;
  if (options->allow_any_certificate)
    flags |= BD_EXPORT_ALLOW_ANY_CERTIFICATE;

  bd_export_target_plan_async (target, account, flags, NULL, done_cb, &wait);
  plan = bd_export_target_plan_finish (target, wait_for (&wait), &error);
  g_clear_object (&wait.result);
  if (plan == NULL)
    return fail (error);

  if (options->dry_run || options->print)
    {
      text = options->print ? bd_export_plan_dup_config_text (plan)
                            : bd_export_plan_dup_text (plan);
      fputs (text, stdout);
      return 0;
    }

  password = read_password ();
  bd_export_target_apply_async (target, plan, password, NULL, done_cb, &wait);
  if (!bd_export_target_apply_finish (target, wait_for (&wait), &error))
    {
      g_clear_object (&wait.result);
      return fail (error);
    }
  g_clear_object (&wait.result);
  text = bd_export_plan_dup_text (plan);
  printf ("applied\n%s", text);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  Options options = { 0 };
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &options.to, "The target", "ID" },
    { "address", 0, 0, G_OPTION_ARG_STRING, &options.address, "The address", "ADDR" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &options.name, "The person's name", "NAME" },
    { "provider", 0, 0, G_OPTION_ARG_STRING, &options.provider, "The provider's id", "ID" },
    { "incoming", 0, 0, G_OPTION_ARG_STRING, &options.incoming, "Incoming server", "URL" },
    { "outgoing", 0, 0, G_OPTION_ARG_STRING, &options.outgoing, "Outgoing server", "URL" },
    { "user", 0, 0, G_OPTION_ARG_STRING, &options.user, "User name (default: the address)", "NAME" },
    { "pin-incoming", 0, 0, G_OPTION_ARG_STRING, &options.pin_incoming, "Pin", "sha256:HEX" },
    { "pin-outgoing", 0, 0, G_OPTION_ARG_STRING, &options.pin_outgoing, "Pin", "sha256:HEX" },
    { "pinned-certificate-incoming", 0, 0, G_OPTION_ARG_FILENAME, &options.pinned_incoming, "The pinned certificate", "PEM" },
    { "pinned-certificate-outgoing", 0, 0, G_OPTION_ARG_FILENAME, &options.pinned_outgoing, "The pinned certificate", "PEM" },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &options.ca_file, "CA file", "PEM" },
    { "unproven", 0, 0, G_OPTION_ARG_NONE, &options.unproven, "Servers not proven", NULL },
    { "allow-unproven", 0, 0, G_OPTION_ARG_NONE, &options.allow_unproven, "Flag", NULL },
    { "allow-any-certificate", 0, 0, G_OPTION_ARG_NONE, &options.allow_any_certificate, "Flag", NULL },
    { "browser-login", 0, 0, G_OPTION_ARG_NONE, &options.browser_login, "OAuth2 only", NULL },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &options.dry_run, "Print the plan", NULL },
    { "print", 0, 0, G_OPTION_ARG_NONE, &options.print, "Print the files", NULL },
    { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.set, "Target property", "KEY=VALUE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  int status;

  /* Arguments in the locale's encoding (an IDN address, a name with ö). */
  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    status = usage (error->message);
  else if (options.to == NULL || options.address == NULL)
    status = usage ("--to and --address are needed");
  else
    status = run (&options);
  options_clear (&options);
  return status;
}
