/* bd-detector-not-found.c
 *
 * When no source found settings, the detector first asks BdNetworkDiagnosis
 * whether this computer can look names up at all (bd-detector.c). These
 * turn its verdict into the run's error and the sources' outcomes: a
 * source that could not be asked is "not reached", not "nothing there"
 * (issue 13).
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "bd-detector-not-found-private.h"
#include "bd-error.h"

/**
 * bd_detector_new_not_found_error:
 * @domain: the address's domain
 * @verdict: what BdNetworkDiagnosis found (%BD_NETWORK_VERDICT_UNKNOWN
 *   when it was not asked)
 *
 * Returns: (transfer full): "nothing found", unless this computer cannot
 *   look names up: then the sources could not be asked, and the error is
 *   the network's.
 */
GError *
bd_detector_new_not_found_error (const char       *domain,
                                 BdNetworkVerdict  verdict)
{
  g_autoptr(GError) cause = bd_network_verdict_to_error (verdict);

  if (verdict == BD_NETWORK_VERDICT_OFFLINE)
    return g_error_new (BD_ERROR, BD_ERROR_NETWORK_UNREACHABLE,
                        _("This computer is not connected to a network, so only the built-in "
                          "database could be asked about “%s”."), domain);
  if (cause != NULL)
    /* TRANSLATORS: "No source could be asked about “example.com”. This computer
     * cannot look up names: …" */
    return g_error_new (BD_ERROR, cause->code, _("No source could be asked about “%s”. %s"),
                        domain, cause->message);

  return g_error_new (BD_ERROR, BD_ERROR_PROVIDER_NOT_FOUND,
                      _("No settings were found for “%s”."), domain);
}

/**
 * bd_detector_dup_unreached_attempt:
 * @attempt: a source's finished attempt
 * @cause: why no name could be looked up (bd_network_verdict_to_error())
 *
 * Returns: (transfer full) (nullable): @attempt as "not reached", with
 *   @cause's code, when it found "nothing there" (the built-in database
 *   needs no network, so it is never one); %NULL for any other attempt.
 */
BdSourceAttempt *
bd_detector_dup_unreached_attempt (const BdSourceAttempt *attempt,
                                   const GError          *cause)
{
  if (bd_source_attempt_get_kind (attempt) == BD_SOURCE_BUILTIN ||
      bd_source_attempt_get_outcome (attempt) != BD_SOURCE_OUTCOME_NOT_FOUND)
    return NULL;
  return bd_source_attempt_new (bd_source_attempt_get_kind (attempt),
                                bd_source_attempt_get_url (attempt), BD_SOURCE_OUTCOME_FAILED,
                                bd_source_attempt_get_ms (attempt), bd_error_get_name (cause),
                                bd_network_cause_get_words (cause,
                                                            BD_CAUSE_WORDS_NOT_REACHED));
}
