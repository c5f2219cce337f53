/* bd-network-facts.h: what was known about the network, for the diagnostic report
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * BdClockCheck:
 * @BD_CLOCK_NOT_CHECKED: no certificate was seen to compare the clock with
 * @BD_CLOCK_PLAUSIBLE: the clock lies inside every certificate's validity
 * @BD_CLOCK_BEFORE_VALIDITY: the clock is before a certificate's start:
 *   most likely this computer's clock is behind
 * @BD_CLOCK_AFTER_VALIDITY: the clock is after a certificate's end: the
 *   certificate expired, or this computer's clock is ahead
 *
 * The clock check: is this computer's clock plausibly right?
 */
typedef enum {
  BD_CLOCK_NOT_CHECKED,
  BD_CLOCK_PLAUSIBLE,
  BD_CLOCK_BEFORE_VALIDITY,
  BD_CLOCK_AFTER_VALIDITY,
} BdClockCheck;

/* Name servers kept from resolv.conf at most; glibc uses only 3. */
#define BD_NETWORK_FACTS_MAX_NAME_SERVERS 8

#define BD_TYPE_NETWORK_FACTS (bd_network_facts_get_type ())

G_DECLARE_FINAL_TYPE (BdNetworkFacts, bd_network_facts, BD, NETWORK_FACTS, GObject)

BdNetworkFacts     *bd_network_facts_new                  (void);
BdNetworkFacts     *bd_network_facts_new_for_system       (GPtrArray            *reports);
void                bd_network_facts_read_monitor         (BdNetworkFacts       *self,
                                                           GNetworkMonitor      *monitor);
void                bd_network_facts_set_connectivity     (BdNetworkFacts       *self,
                                                           gboolean              available,
                                                           GNetworkConnectivity  connectivity,
                                                           gboolean              metered);
void                bd_network_facts_parse_resolv_conf    (BdNetworkFacts       *self,
                                                           const char           *path,
                                                           const char           *text);
void                bd_network_facts_read_resolv_conf     (BdNetworkFacts       *self,
                                                           const char           *path);
const char * const *bd_network_facts_get_name_servers     (BdNetworkFacts       *self);
void                bd_network_facts_set_proxy_resolver   (BdNetworkFacts       *self,
                                                           GProxyResolver       *resolver);
void                bd_network_facts_set_now              (BdNetworkFacts       *self,
                                                           GDateTime            *now);
void                bd_network_facts_add_reports          (BdNetworkFacts       *self,
                                                           GPtrArray            *reports);
BdClockCheck        bd_network_facts_get_clock            (BdNetworkFacts       *self);
JsonNode           *bd_network_facts_to_json              (BdNetworkFacts       *self);
void                bd_network_facts_append_text          (BdNetworkFacts       *self,
                                                           GString              *out);

const char         *bd_clock_check_get_nick               (BdClockCheck          check);
char               *bd_network_facts_dup_proxy_for_display (const char          *proxy_uri);

G_END_DECLS
