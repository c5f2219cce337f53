/* bd-setup-session-export.c
 *
 * The setup session's hand-off (issue 12 §5): the mail programs the last
 * page offers (a #BdExportChoice for each target that is available on this
 * computer, GNOME Online Accounts first), and the run that hands the
 * account to one of them. The account is what the person proved here: the
 * chosen incoming and outgoing servers, each proven when its login worked
 * in this run, with the certificate the person trusted by its fingerprint;
 * the person's name; the provider, and whether it takes only its own web
 * sign-in; the CA file the servers were tested against.
 *
 * A run plans, then applies with the session's password (which the session
 * keeps, wiped, until it ends or starts over; apply copies it into memory
 * of its own and wipes that). Every rule of the hand-off lives in the
 * targets: the session only says what happened, on the choice. One rule is
 * the person's to decide, not the engine's: a target that cannot keep one
 * trusted certificate refuses (export-certificate-not-expressible), and
 * then the run plans again with BD_EXPORT_ALLOW_ANY_CERTIFICATE, only to
 * learn from the plan's warnings what the program would do, and leaves the
 * choice in needs-decision. Nothing is applied until the person chooses,
 * and bd_setup_session_export() is called again with that flag.
 *
 * For a provider that takes only its own web sign-in, only GNOME Online
 * Accounts is offered, as the sign-in hand-off (its plan opens its own
 * provider); without it, the page says which programs can sign in.
 *
 * Like the store run, an export run does not hold the session: an
 * abandoned run ends by freeing itself.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-error.h"
#include "bd-setup-session-private.h"
#include "bd-tls-certificate.h"
#include "bd-util-private.h"

#define GOA_ID "goa"

struct _BdExportRun
{
  BdSetupSession *self;      /* NULL once abandoned */
  BdExportChoice *choice;
  BdExportTarget *target;
  BdExportAccount *account;
  BdExportFlags flags;
  GCancellable *cancellable;
  BdExportPlan *plan;        /* while it is applied */
  GError *refusal;           /* export-certificate-not-expressible, while asking */
};

static void
export_run_free (BdExportRun *run)
{
  g_clear_object (&run->choice);
  g_clear_object (&run->target);
  g_clear_object (&run->account);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->plan);
  g_clear_error (&run->refusal);
  g_free (run);
}

/* The run is over: the session forgets it. */
static void
export_run_end (BdExportRun *run)
{
  if (run->self != NULL)
    g_ptr_array_remove (run->self->export_runs, run);
  export_run_free (run);
}

static void
abandon_run (gpointer data)
{
  BdExportRun *run = data;

  run->self = NULL;
  g_cancellable_cancel (run->cancellable);
}

/* Each run ends in its callback, with no session to report to. */
void
bd_setup_session_abandon_exports (BdSetupSession *self)
{
  if (self->export_runs == NULL)
    return;
  while (self->export_runs->len > 0)
    abandon_run (g_ptr_array_steal_index (self->export_runs, self->export_runs->len - 1));
}

/* Every program of @targets that is on this computer, GNOME Online
 * Accounts first. */
static void
take_targets (BdSetupSession *self,
              GPtrArray      *targets)
{
  g_clear_pointer (&self->export_targets, g_ptr_array_unref);
  self->export_targets = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < targets->len; i++)
      {
        BdExportTarget *target = g_ptr_array_index (targets, i);
        gboolean goa = g_strcmp0 (bd_export_target_get_id (target), GOA_ID) == 0;

        if ((pass == 0) != goa)
          continue;
        if (bd_export_target_is_available (target))
          g_ptr_array_add (self->export_targets, bd_export_choice_new (target));
      }
}

static void
ensure_targets (BdSetupSession *self)
{
  g_autoptr(GPtrArray) targets = NULL;

  if (self->export_targets != NULL)
    return;
  targets = bd_export_targets_new_all ();
  take_targets (self, targets);
}

/**
 * bd_setup_session_set_export_targets:
 * @targets: (element-type BdExportTarget): the programs to offer, those
 *   of them that are available (tests); the default is every target
 *
 * Any hand-off that runs is abandoned.
 */
void
bd_setup_session_set_export_targets (BdSetupSession *self,
                                     GPtrArray      *targets)
{
  g_return_if_fail (BD_IS_SETUP_SESSION (self));
  g_return_if_fail (targets != NULL);

  take_targets (self, targets);
  if (self->export_choices != NULL)
    bd_setup_session_prepare_exports (self);
}

static gboolean
browser_login (BdSetupSession *self)
{
  BdAccountConfig *config = bd_setup_session_get_config (self);
  g_autoptr(BdExportAccount) account = NULL;

  if (config == NULL || self->address == NULL)
    return FALSE;
  account = bd_export_account_new_from_config (config, self->address);
  return bd_export_account_get_browser_login (account);
}

static void
set_note (BdSetupSession *self,
          const char     *note)
{
  if (bd_set_str (&self->export_note, note))
    bd_setup_session_notify_prop (self, PROP_EXPORT_NOTE);
}

/**
 * bd_setup_session_prepare_exports:
 *
 * Offers the programs for the account as it is now, none of them tried:
 * every available one, or for a provider that takes only its own web
 * sign-in, GNOME Online Accounts alone as the sign-in hand-off.
 */
void
bd_setup_session_prepare_exports (BdSetupSession *self)
{
  g_autoptr(GPtrArray) offered = g_ptr_array_new ();
  gboolean sign_in = browser_login (self);

  bd_setup_session_abandon_exports (self);
  ensure_targets (self);
  for (guint i = 0; i < self->export_targets->len; i++)
    {
      BdExportChoice *choice = g_ptr_array_index (self->export_targets, i);
      gboolean goa = g_strcmp0 (bd_export_choice_get_id (choice), GOA_ID) == 0;

      bd_export_choice_set_state (choice, BD_EXPORT_STATE_IDLE, NULL, NULL);
      bd_export_choice_set_sign_in (choice, sign_in && goa);
      if (!sign_in || goa)
        g_ptr_array_add (offered, choice);
    }
  g_list_store_splice (self->export_choices, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->export_choices)),
                       offered->pdata, offered->len);

  if (sign_in && offered->len == 0)
    set_note (self, bd_error_code_get_advice (BD_ERROR_EXPORT_BROWSER_LOGIN_REQUIRED));
  else if (offered->len == 0)
    set_note (self, _("Brevduva found no mail program on this computer that it can add the "
                      "account to. Copy the settings, and add the account in your mail "
                      "program."));
  else
    set_note (self, NULL);
}

/**
 * bd_setup_session_get_export_choices:
 *
 * Returns: (transfer none): a #GListModel of #BdExportChoice, one for each
 *   mail program the account can be handed to on this computer.
 */
GListModel *
bd_setup_session_get_export_choices (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  if (self->export_choices == NULL)
    {
      self->export_choices = g_list_store_new (BD_TYPE_EXPORT_CHOICE);
      self->export_runs = g_ptr_array_new ();
      bd_setup_session_prepare_exports (self);
    }
  return G_LIST_MODEL (self->export_choices);
}

/**
 * bd_setup_session_get_export_note:
 *
 * Returns: (nullable): why no program is offered, and what to do instead.
 */
const char *
bd_setup_session_get_export_note (BdSetupSession *self)
{
  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  bd_setup_session_get_export_choices (self);
  return self->export_note;
}

/**
 * bd_setup_session_find_export_choice:
 * @id: a target's id, "msmtp"
 *
 * Returns: (transfer none) (nullable): that program, when it is offered.
 */
BdExportChoice *
bd_setup_session_find_export_choice (BdSetupSession *self,
                                     const char     *id)
{
  GListModel *choices;

  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), NULL);

  choices = bd_setup_session_get_export_choices (self);
  for (guint i = 0; i < g_list_model_get_n_items (choices); i++)
    {
      g_autoptr(BdExportChoice) choice = g_list_model_get_item (choices, i);

      if (g_strcmp0 (bd_export_choice_get_id (choice), id) == 0)
        return choice;
    }
  return NULL;
}

/**
 * bd_setup_session_set_ca_file:
 * @path: (nullable): a PEM file of extra trust anchors, or %NULL
 *
 * Tests the servers against the anchors of @path too, and hands @path on
 * with the account, so that a program that takes a CA file trusts what
 * the tests trusted.
 *
 * Returns: %FALSE when the file cannot be read.
 */
gboolean
bd_setup_session_set_ca_file (BdSetupSession  *self,
                              const char      *path,
                              GError         **error)
{
  g_autoptr(GBytes) pem = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (BD_IS_SETUP_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (path != NULL)
    {
      if (!g_file_get_contents (path, &contents, &length, error))
        return FALSE;
      pem = g_bytes_new_take (g_steal_pointer (&contents), length);
    }
  bd_setup_session_set_ca_pem (self, pem);
  self->ca_file = g_strdup (path);
  return TRUE;
}

/* A copy that edits on the servers page cannot change while a worker
 * thread reads it. */
static BdServer *
copy_server (BdServer *server)
{
  BdServer *copy = bd_server_new (bd_server_get_protocol (server),
                                  bd_server_get_hostname (server),
                                  bd_server_get_port (server),
                                  bd_server_get_security (server),
                                  bd_server_get_username (server));

  bd_server_set_auth (copy, bd_server_get_auth (server));
  return copy;
}

/* @check as tested in this run: proven when its login worked, with the
 * certificate trusted by its fingerprint, if one was. */
static void
add_server (BdExportAccount *account,
            BdServerCheck   *check)
{
  g_autoptr(BdServer) server = NULL;
  BdProbeReport *report;
  const char *pin;
  GBytes *der = NULL;
  gboolean proven;

  if (check == NULL)
    return;
  server = copy_server (bd_server_check_get_server (check));
  report = bd_server_check_get_report (check);
  proven = bd_server_check_get_state (check) == BD_CHECK_STATE_OK && report != NULL &&
           bd_probe_report_get_login (report) == BD_PROBE_LOGIN_OK;
  pin = bd_server_check_get_pin (check);
  if (pin != NULL && report != NULL && bd_probe_report_get_pinned (report))
    {
      GPtrArray *chain = bd_probe_report_get_certificates (report);

      if (chain != NULL && chain->len > 0)
        der = bd_tls_certificate_get_der (g_ptr_array_index (chain, 0));
    }
  bd_export_account_set_server (account, server, proven, pin, der);
}

static BdExportAccount *
build_account (BdSetupSession *self)
{
  BdAccountConfig *config = bd_setup_session_get_config (self);
  BdExportAccount *account;

  if (config == NULL || self->address == NULL)
    return NULL;
  account = bd_export_account_new_from_config (config, self->address);
  bd_export_account_set_name (account, self->name != NULL ? self->name : "");
  add_server (account, bd_server_list_get_chosen (self->incoming));
  add_server (account, bd_server_list_get_chosen (self->outgoing));
  bd_export_account_set_ca_file (account, self->ca_file);
  return account;
}

/* The exact failure, and what to do about it. */
static char *
dup_failure (const GError *error)
{
  const char *advice = NULL;

  if (error->domain == BD_ERROR)
    advice = bd_error_code_get_advice (error->code);
  if (advice == NULL || *advice == '\0')
    return g_strdup (error->message);
  return g_strdup_printf ("%s %s", error->message, advice);
}

static void
export_run_fail (BdExportRun  *run,
                 const GError *error)
{
  g_autofree char *message = NULL;

  if (run->self != NULL)
    {
      message = dup_failure (error);
      bd_export_choice_set_state (run->choice, BD_EXPORT_STATE_FAILED, message, NULL);
    }
  export_run_end (run);
}

static gboolean
plan_launches (BdExportPlan *plan)
{
  GPtrArray *steps = bd_export_plan_get_steps (plan);

  for (guint i = 0; i < steps->len; i++)
    if (((BdExportStep *) g_ptr_array_index (steps, i))->kind == BD_EXPORT_STEP_LAUNCH)
      return TRUE;
  return FALSE;
}

/* What was done, and what the program will do that Brevduva could not make
 * it do. */
static char *
dup_result (BdExportRun  *run,
            BdExportPlan *plan)
{
  GPtrArray *warnings = bd_export_plan_get_warnings (plan);
  const char *name = bd_export_choice_get_name (run->choice);
  GString *text = g_string_new (NULL);

  if (bd_export_choice_get_sign_in (run->choice) || plan_launches (plan))
    /* TRANSLATORS: %s is "GNOME Online Accounts" */
    g_string_printf (text, _("%s is open: sign in to your provider there."), name);
  else
    /* TRANSLATORS: %s is a mail program */
    g_string_printf (text, _("Added to %s."), name);
  for (guint i = 0; warnings != NULL && i < warnings->len; i++)
    g_string_append_printf (text, " %s", (const char *) g_ptr_array_index (warnings, i));
  return g_string_free (text, FALSE);
}

static char *
dup_warnings (BdExportPlan *plan)
{
  GPtrArray *warnings = bd_export_plan_get_warnings (plan);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;

  for (guint i = 0; warnings != NULL && i < warnings->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (warnings, i));
  lines = g_strv_builder_end (builder);
  return g_strjoinv ("\n", lines);
}

static void
apply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  BdExportRun *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!bd_export_target_apply_finish (BD_EXPORT_TARGET (object), result, &error))
    {
      export_run_fail (run, error);
      return;
    }
  if (run->self != NULL)
    {
      message = dup_result (run, run->plan);
      bd_export_choice_set_state (run->choice, BD_EXPORT_STATE_DONE, message, NULL);
    }
  export_run_end (run);
}

/* The second plan, with any certificate allowed: only to learn what the
 * program would do, which the person then decides on. */
static void
decision_plan_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  BdExportRun *run = user_data;
  g_autoptr(BdExportPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *decision = NULL;

  plan = bd_export_target_plan_finish (BD_EXPORT_TARGET (object), result, &error);
  if (plan == NULL)
    {
      /* It fails for another reason too: that one is the one to say. */
      export_run_fail (run, error);
      return;
    }
  if (run->self != NULL)
    {
      message = dup_failure (run->refusal);
      decision = dup_warnings (plan);
      bd_export_choice_set_state (run->choice, BD_EXPORT_STATE_NEEDS_DECISION, message,
                                  decision);
    }
  export_run_end (run);
}

static void
plan_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  BdExportRun *run = user_data;
  g_autoptr(BdExportPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  plan = bd_export_target_plan_finish (BD_EXPORT_TARGET (object), result, &error);
  if (run->self == NULL)
    {
      export_run_end (run);
      return;
    }
  if (plan == NULL &&
      g_error_matches (error, BD_ERROR, BD_ERROR_EXPORT_CERTIFICATE_NOT_EXPRESSIBLE) &&
      !(run->flags & BD_EXPORT_ALLOW_ANY_CERTIFICATE))
    {
      run->refusal = g_steal_pointer (&error);
      bd_export_target_plan_async (run->target, run->account,
                                   run->flags | BD_EXPORT_ALLOW_ANY_CERTIFICATE,
                                   run->cancellable, decision_plan_cb, run);
      return;
    }
  if (plan == NULL)
    {
      export_run_fail (run, error);
      return;
    }
  /* The plan stays with the run, for its warnings. */
  run->plan = g_steal_pointer (&plan);
  bd_export_target_apply_async (run->target, run->plan, run->self->password,
                                run->cancellable, apply_cb, run);
}

/**
 * bd_setup_session_export:
 * @choice: one of bd_setup_session_get_export_choices()
 * @flags: %BD_EXPORT_ALLOW_ANY_CERTIFICATE once the person chose it
 *
 * Hands the account to @choice's program: plans, then applies with the
 * password. The choice's state and message say how it goes.
 */
void
bd_setup_session_export (BdSetupSession *self,
                         BdExportChoice *choice,
                         BdExportFlags   flags)
{
  g_autoptr(BdExportAccount) account = NULL;
  BdExportRun *run;

  g_return_if_fail (BD_IS_SETUP_SESSION (self));
  g_return_if_fail (BD_IS_EXPORT_CHOICE (choice));

  if (bd_export_choice_get_state (choice) == BD_EXPORT_STATE_WORKING)
    return;
  bd_setup_session_get_export_choices (self);
  account = build_account (self);
  if (account == NULL)
    {
      bd_export_choice_set_state (choice, BD_EXPORT_STATE_FAILED,
                                  _("There are no tested settings to hand on yet."), NULL);
      return;
    }

  run = g_new0 (BdExportRun, 1);
  run->self = self;
  run->choice = g_object_ref (choice);
  run->target = g_object_ref (bd_export_choice_get_target (choice));
  run->account = g_steal_pointer (&account);
  run->flags = flags;
  run->cancellable = g_cancellable_new ();
  g_ptr_array_add (self->export_runs, run);

  bd_export_choice_set_state (choice, BD_EXPORT_STATE_WORKING,
                              _("Adding the account…"), NULL);
  bd_export_target_plan_async (run->target, run->account, flags, run->cancellable,
                               plan_cb, run);
}

/**
 * bd_setup_session_decline_export:
 *
 * The person would not let the program accept any certificate: nothing
 * was changed, and the row says why.
 */
void
bd_setup_session_decline_export (BdSetupSession *self,
                                 BdExportChoice *choice)
{
  g_autofree char *message = NULL;

  g_return_if_fail (BD_IS_SETUP_SESSION (self));
  g_return_if_fail (BD_IS_EXPORT_CHOICE (choice));

  if (bd_export_choice_get_state (choice) != BD_EXPORT_STATE_NEEDS_DECISION)
    return;
  message = g_strdup_printf ("%s %s", bd_export_choice_get_message (choice),
                             _("Nothing was changed."));
  bd_export_choice_set_state (choice, BD_EXPORT_STATE_FAILED, message, NULL);
}
