/* bd-cli-detect.c: an address's servers, found as every command finds them
 *
 * detect, check and store all start from the same question, so they ask it
 * in one way: one BdDetector, set from the command's options, run to the
 * end while the command waits (BdCliWaiter, so Ctrl+C stops the lookups).
 * A detection that found nothing is not an error of the engine (its
 * report says what each source answered), but for check and store it is
 * the end: bd_cli_detection_get_config() turns it into the one line they
 * print.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "bd-cli-detect.h"
#include "bd-cli-wait.h"
#include "bd-detector.h"
#include "bd-error.h"

/* Returns: (transfer full) (nullable): the detector, or %NULL with
 *   `invalid-argument` when the CA file cannot be used. */
static BdDetector *
new_detector (const BdCliDetectOptions  *options,
              GError                   **error)
{
  g_autoptr(BdDetector) detector = bd_detector_new ();

  if (options->ca_file != NULL && !bd_detector_set_ca_file (detector, options->ca_file, error))
    return NULL;
  if (options->ispdb_url != NULL)
    bd_detector_set_ispdb_url (detector, options->ispdb_url);
  bd_detector_set_offline (detector, options->offline);
  bd_detector_set_guess (detector, !options->no_guess);
  bd_detector_set_timeout (detector, (guint) (options->timeout * 1000));
  bd_detector_set_warm_connections (detector, options->warm);
  return g_steal_pointer (&detector);
}

/**
 * bd_cli_detect:
 *
 * Finds @address's servers, waiting for the answer.
 *
 * Returns: (transfer full) (nullable): the detection, whether it found
 *   servers or not; %NULL with `invalid-argument` when --ca-file cannot be
 *   used, or with %G_IO_ERROR_CANCELLED after Ctrl+C.
 */
BdDetection *
bd_cli_detect (BdAddress                *address,
               const BdCliDetectOptions *options,
               GError                  **error)
{
  g_autoptr(BdDetector) detector = new_detector (options, error);
  g_autoptr(BdCliWaiter) waiter = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if (detector == NULL)
    return NULL;
  waiter = bd_cli_waiter_new (1);
  bd_detector_run_async (detector, address, bd_cli_waiter_get_cancellable (waiter),
                         bd_cli_waiter_result_cb, waiter);
  result = bd_cli_waiter_run_for_result (waiter);
  return bd_detector_run_finish (detector, result, error);
}

/**
 * bd_cli_detection_get_config:
 *
 * Returns: (transfer none) (nullable): the settings found, or %NULL with
 *   the detection's error, which says why none were.
 */
BdAccountConfig *
bd_cli_detection_get_config (BdDetection  *detection,
                             GError      **error)
{
  BdAccountConfig *config = bd_detection_get_config (detection);
  const GError *failure;

  if (config != NULL)
    return config;
  failure = bd_detection_get_error (detection);
  if (failure != NULL)
    g_propagate_error (error, g_error_copy (failure));
  else
    g_set_error_literal (error, BD_ERROR, BD_ERROR_PROVIDER_NOT_FOUND,
                         _("No mail servers were found."));
  return NULL;
}
