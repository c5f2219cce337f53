/* bd-source.h: one way of finding an account's settings (the detector's extension point)
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "bd-account-config.h"
#include "bd-address.h"

G_BEGIN_DECLS

#define BD_TYPE_SOURCE (bd_source_get_type ())

G_DECLARE_DERIVABLE_TYPE (BdSource, bd_source, BD, SOURCE, GObject)

struct _BdSourceClass
{
  GObjectClass parent_class;

  void              (*lookup_async)  (BdSource            *self,
                                      BdAddress           *address,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
  BdAccountConfig * (*lookup_finish) (BdSource            *self,
                                      GAsyncResult        *result,
                                      GError             **error);
  /* The URL the source asks for @address, for the report; may be NULL. */
  char *            (*dup_url)       (BdSource            *self,
                                      BdAddress           *address);

  gpointer padding[8];
};

/* What a lookup that has said nothing about its progress is taken to still
 * need, in network round trips: a whole HTTPS fetch (DNS, TCP, TLS, request). */
#define BD_SOURCE_DEFAULT_ROUND_TRIPS 4

/**
 * BdRoundTrip:
 * @BD_ROUND_TRIP_DNS: from a DNS question to its answer
 * @BD_ROUND_TRIP_CONNECT: from a TCP SYN to the connection (one round trip
 *   and nothing else, so the detector prefers it)
 *
 * What a measured round trip (BdSource::round-trip) was.
 */
typedef enum {
  BD_ROUND_TRIP_DNS,
  BD_ROUND_TRIP_CONNECT,
} BdRoundTrip;

BdSourceKind     bd_source_get_kind      (BdSource            *self);
void             bd_source_lookup_async  (BdSource            *self,
                                          BdAddress           *address,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
BdAccountConfig *bd_source_lookup_finish (BdSource            *self,
                                          GAsyncResult        *result,
                                          GError             **error);
char            *bd_source_dup_url       (BdSource            *self,
                                          BdAddress           *address);
void             bd_source_report_progress (BdSource          *self,
                                          guint                round_trips_left);
void             bd_source_report_round_trip (BdSource        *self,
                                          BdRoundTrip          kind,
                                          gint64               rtt_us);

G_END_DECLS
