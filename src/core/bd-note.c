/* bd-note.c
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-note.h"

struct _BdNote
{
  BdNoteKind kind;
  char *text;   /* the provider's own words, untranslated; may be NULL */
  char *url;    /* the provider's help page; may be NULL */
};

G_DEFINE_BOXED_TYPE (BdNote, bd_note, bd_note_copy, bd_note_free)

BdNote *
bd_note_new (BdNoteKind  kind,
             const char *text,
             const char *url)
{
  BdNote *self = g_new0 (BdNote, 1);

  self->kind = kind;
  self->text = g_strdup (text);
  self->url = g_strdup (url);

  return self;
}

BdNote *
bd_note_copy (const BdNote *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return bd_note_new (self->kind, self->text, self->url);
}

void
bd_note_free (BdNote *self)
{
  if (self == NULL)
    return;
  g_free (self->text);
  g_free (self->url);
  g_free (self);
}

BdNoteKind
bd_note_get_kind (const BdNote *self)
{
  g_return_val_if_fail (self != NULL, BD_NOTE_DOCUMENTATION);
  return self->kind;
}

const char *
bd_note_get_text (const BdNote *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->text;
}

const char *
bd_note_get_url (const BdNote *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->url;
}

/**
 * bd_note_get_message:
 *
 * Returns: (transfer none): what the note means for the person, translated.
 *   The provider's own text (bd_note_get_text()) is shown beside it.
 */
const char *
bd_note_get_message (const BdNote *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  switch (self->kind)
    {
    case BD_NOTE_DOCUMENTATION:
      return _("The provider documents these settings.");
    case BD_NOTE_ENABLE:
      return _("Mail programs must first be allowed in the provider’s web settings.");
    case BD_NOTE_ENABLE_IMAP:
      return _("IMAP must first be switched on in the provider’s web settings.");
    case BD_NOTE_ENABLE_POP:
      return _("POP must first be switched on in the provider’s web settings.");
    case BD_NOTE_APP_PASSWORD:
      return _("This provider needs an app password for mail programs: create one in "
               "your account’s security settings and use it instead of your usual password.");
    case BD_NOTE_OAUTH2:
      return _("This provider prefers its own browser sign-in (OAuth2) for mail programs.");
    case BD_NOTE_OAUTH2_ONLY:
      return _("This provider accepts only its own browser sign-in (OAuth2) from mail "
               "programs; a password alone will be refused.");
    case BD_NOTE_BRIDGE:
      return _("This provider’s mail is reachable only through its Bridge program, "
               "which must be installed and running on this computer.");
    case BD_NOTE_INSECURE_SERVER:
      return _("One of these servers offers no encryption: Brevduva shows it but never "
               "sends your password to it.");
    case BD_NOTE_UNVERIFIED_SOURCE:
      return _("These settings come from a source that cannot be verified: check the "
               "server names before you enter your password.");
    case BD_NOTE_FOREIGN_SERVERS:
      return _("The servers belong to another domain than your address: approve them "
               "only if you know your mail is hosted there.");
    default:
      g_return_val_if_reached (NULL);
    }
}
