/* bd-guess-source.c
 *
 * Without the network (--offline), guessing can only name the conventional
 * servers; they are marked as an unverified guess, and the tester proves or
 * disproves each one before any password goes anywhere. Confirming guesses
 * with a live greeting is the online detector's job.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-guess-source.h"

struct _BdGuessSource
{
  BdSource parent_instance;
};

G_DEFINE_FINAL_TYPE (BdGuessSource, bd_guess_source, BD_TYPE_SOURCE)

/* Best first: implicit TLS (RFC 8314 §3) before STARTTLS, IMAP before POP3. */
static const struct {
  const char *prefix;
  BdProtocol protocol;
  BdSecurity security;
} guesses[] = {
  { "imap.", BD_PROTOCOL_IMAP, BD_SECURITY_TLS },
  { "mail.", BD_PROTOCOL_IMAP, BD_SECURITY_TLS },
  { "imap.", BD_PROTOCOL_IMAP, BD_SECURITY_STARTTLS },
  { "pop.", BD_PROTOCOL_POP3, BD_SECURITY_TLS },
  { "pop3.", BD_PROTOCOL_POP3, BD_SECURITY_TLS },
  { "smtp.", BD_PROTOCOL_SMTP, BD_SECURITY_TLS },
  { "mail.", BD_PROTOCOL_SMTP, BD_SECURITY_TLS },
  { "smtp.", BD_PROTOCOL_SMTP, BD_SECURITY_STARTTLS },
  { "mail.", BD_PROTOCOL_SMTP, BD_SECURITY_STARTTLS },
};

static BdAccountConfig *
build_guess (BdAddress *address)
{
  const char *domain = bd_address_get_ascii_domain (address);
  g_autofree char *username = bd_address_dup_ascii (address);
  BdAccountConfig *config = bd_account_config_new ();

  bd_account_config_set_provider_id (config, domain);
  bd_account_config_set_display_name (config, bd_address_get_domain (address));
  bd_account_config_add_domain (config, domain);

  for (guint i = 0; i < G_N_ELEMENTS (guesses); i++)
    {
      g_autofree char *hostname = g_strconcat (guesses[i].prefix, domain, NULL);
      g_autoptr(BdServer) server = NULL;

      server = bd_server_new (guesses[i].protocol, hostname,
                              bd_server_default_port (guesses[i].protocol, guesses[i].security),
                              guesses[i].security, username);
      bd_account_config_add_server (config, server);
    }

  bd_account_config_set_provenance (config, BD_SOURCE_GUESS, NULL, BD_TRUST_UNVERIFIED);
  bd_account_config_add_note (config, bd_note_new (BD_NOTE_UNVERIFIED_SOURCE, NULL, NULL));

  return config;
}

static void
bd_guess_source_lookup_async (BdSource            *source,
                              BdAddress           *address,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);

  g_task_set_source_tag (task, bd_guess_source_lookup_async);
  g_task_return_pointer (task, build_guess (address), g_object_unref);
}

static void
bd_guess_source_class_init (BdGuessSourceClass *klass)
{
  BD_SOURCE_CLASS (klass)->lookup_async = bd_guess_source_lookup_async;
}

static void
bd_guess_source_init (BdGuessSource *self)
{
}

BdSource *
bd_guess_source_new (void)
{
  return g_object_new (BD_TYPE_GUESS_SOURCE, "kind", BD_SOURCE_GUESS, NULL);
}
