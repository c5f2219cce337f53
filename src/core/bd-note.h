/* bd-note.h: something the person must know or do, with a link to the provider's help
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "bd-enums.h"

G_BEGIN_DECLS

#define BD_TYPE_NOTE (bd_note_get_type ())

typedef struct _BdNote BdNote;

GType        bd_note_get_type    (void) G_GNUC_CONST;
BdNote      *bd_note_new         (BdNoteKind    kind,
                                  const char   *text,
                                  const char   *url);
BdNote      *bd_note_copy        (const BdNote *self);
void         bd_note_free        (BdNote       *self);
BdNoteKind   bd_note_get_kind    (const BdNote *self);
const char  *bd_note_get_text    (const BdNote *self);
const char  *bd_note_get_url     (const BdNote *self);
const char  *bd_note_get_message (const BdNote *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BdNote, bd_note_free)

G_END_DECLS
