/* bd-probe-replies.h: what a server's refusal means, from its code and its words (no I/O)
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "bd-enums.h"
#include "bd-error.h"

G_BEGIN_DECLS

BdErrorCode bd_probe_replies_classify (BdProtocol   protocol,
                                       const char  *code,
                                       const char  *text,
                                       BdErrorCode  fallback);
const char *bd_probe_replies_describe (BdProtocol   protocol,
                                       const char  *code,
                                       BdErrorCode  classified);

G_END_DECLS
