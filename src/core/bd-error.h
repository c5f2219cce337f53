/* bd-error.h: the BD_ERROR domain, with a stable name and advice per code
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define BD_ERROR (bd_error_quark ())
#define BD_TYPE_ERROR_CODE (bd_error_code_get_type ())

/**
 * BdErrorCode:
 *
 * Every failure the user can meet. The nick of each value (see
 * bd_error_code_get_name()) is stable: JSON output and scripts depend on it,
 * and `docs/errors.md` documents each one. Append new codes; never renumber
 * or rename.
 */
typedef enum {
  BD_ERROR_FAILED,
  BD_ERROR_INVALID_ARGUMENT,

  /* Address parsing */
  BD_ERROR_ADDRESS_EMPTY,
  BD_ERROR_ADDRESS_MISSING_AT,
  BD_ERROR_ADDRESS_MULTIPLE_AT,
  BD_ERROR_ADDRESS_EMPTY_LOCAL_PART,
  BD_ERROR_ADDRESS_EMPTY_DOMAIN,
  BD_ERROR_ADDRESS_INVALID_DOMAIN,
  BD_ERROR_ADDRESS_CONTAINS_SPACE,
  BD_ERROR_ADDRESS_INVALID_CHARACTER,
  BD_ERROR_ADDRESS_INVALID_LOCAL_PART,
  BD_ERROR_ADDRESS_LOCAL_PART_TOO_LONG,
  BD_ERROR_ADDRESS_DOMAIN_TOO_LONG,
  BD_ERROR_ADDRESS_TOO_LONG,

  /* Autoconfig documents */
  BD_ERROR_CONFIG_TOO_LARGE,
  BD_ERROR_CONFIG_INVALID_ENCODING,
  BD_ERROR_CONFIG_MALFORMED,
  BD_ERROR_CONFIG_FORBIDDEN_DTD,
  BD_ERROR_CONFIG_NOT_AUTOCONFIG,
  BD_ERROR_CONFIG_MISSING_FIELD,
  BD_ERROR_CONFIG_INVALID_VALUE,

  /* Detection */
  BD_ERROR_PROVIDER_NOT_FOUND,
  BD_ERROR_DETECTION_TIMED_OUT,
} BdErrorCode;

GQuark       bd_error_quark           (void);
GType        bd_error_code_get_type   (void) G_GNUC_CONST;
const char  *bd_error_code_get_name   (BdErrorCode  code);
const char  *bd_error_code_get_advice (BdErrorCode  code);
const char  *bd_error_get_name        (const GError *error);

G_END_DECLS
