/* bd-network-diagnosis.h: can this computer look names up at all?
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * BdNameLookup:
 * @BD_NAME_LOOKUP_RESOLVED: the name has addresses
 * @BD_NAME_LOOKUP_NOT_FOUND: the name server said there is no such name
 * @BD_NAME_LOOKUP_FAILED: the lookup failed without an answer (no name
 *   server reachable, a temporary failure)
 * @BD_NAME_LOOKUP_TIMED_OUT: no answer within the diagnosis's deadline
 *
 * How one lookup of a name that must exist ended.
 */
typedef enum {
  BD_NAME_LOOKUP_RESOLVED,
  BD_NAME_LOOKUP_NOT_FOUND,
  BD_NAME_LOOKUP_FAILED,
  BD_NAME_LOOKUP_TIMED_OUT,
} BdNameLookup;

/**
 * BdNetworkVerdict:
 * @BD_NETWORK_VERDICT_UNKNOWN: nothing was asked
 * @BD_NETWORK_VERDICT_NAMES_WORK: names are looked up: a name that is not
 *   found really does not exist (as far as this network knows)
 * @BD_NETWORK_VERDICT_OFFLINE: this computer is not connected to a network
 * @BD_NETWORK_VERDICT_DNS_DENIES_ALL: the name server says that even names
 *   that must exist do not
 * @BD_NETWORK_VERDICT_DNS_SILENT: connected, but no name server answers
 * @BD_NETWORK_VERDICT_CAPTIVE_PORTAL: the network wants a sign-in first
 */
typedef enum {
  BD_NETWORK_VERDICT_UNKNOWN,
  BD_NETWORK_VERDICT_NAMES_WORK,
  BD_NETWORK_VERDICT_OFFLINE,
  BD_NETWORK_VERDICT_DNS_DENIES_ALL,
  BD_NETWORK_VERDICT_DNS_SILENT,
  BD_NETWORK_VERDICT_CAPTIVE_PORTAL,
} BdNetworkVerdict;

/**
 * BdCauseWords:
 * @BD_CAUSE_WORDS_NOT_TRIED: for a server that was not tried
 * @BD_CAUSE_WORDS_NOT_REACHED: for a detection source that was not reached
 *
 * Which of a shared cause's short forms (bd_network_cause_get_words()).
 */
typedef enum {
  BD_CAUSE_WORDS_NOT_TRIED,
  BD_CAUSE_WORDS_NOT_REACHED,
} BdCauseWords;

/* How long the lookups of the reference names may take, in all. */
#define BD_NETWORK_DIAGNOSIS_DEFAULT_TIMEOUT_MS 3000

#define BD_TYPE_NETWORK_DIAGNOSIS (bd_network_diagnosis_get_type ())

G_DECLARE_FINAL_TYPE (BdNetworkDiagnosis, bd_network_diagnosis, BD, NETWORK_DIAGNOSIS, GObject)

BdNetworkVerdict     bd_network_verdict_classify        (gboolean              network_available,
                                                         GNetworkConnectivity  connectivity,
                                                         const BdNameLookup   *lookups,
                                                         guint                 n_lookups);
gboolean             bd_network_verdict_is_local        (BdNetworkVerdict      verdict);
GError              *bd_network_verdict_to_error        (BdNetworkVerdict      verdict);
const char          *bd_network_cause_get_words         (const GError         *cause,
                                                         BdCauseWords          words);
BdNameLookup         bd_name_lookup_from_error          (const GError         *error);

BdNetworkDiagnosis  *bd_network_diagnosis_new           (void);
void                 bd_network_diagnosis_set_resolver  (BdNetworkDiagnosis   *self,
                                                         GResolver            *resolver);
void                 bd_network_diagnosis_set_monitor   (BdNetworkDiagnosis   *self,
                                                         GNetworkMonitor      *monitor);
void                 bd_network_diagnosis_set_timeout   (BdNetworkDiagnosis   *self,
                                                         guint                 timeout_ms);
void                 bd_network_diagnosis_set_suspect_address
                                                        (BdNetworkDiagnosis   *self,
                                                         const char           *address);
void                 bd_network_diagnosis_set_suspect_name
                                                        (BdNetworkDiagnosis   *self,
                                                         const char           *hostname);
void                 bd_network_diagnosis_add_reference_name
                                                        (BdNetworkDiagnosis   *self,
                                                         const char           *hostname);
void                 bd_network_diagnosis_run_async     (BdNetworkDiagnosis   *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
BdNetworkVerdict     bd_network_diagnosis_run_finish    (BdNetworkDiagnosis   *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

G_END_DECLS
