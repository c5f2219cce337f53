/* bd-source-lineup.c
 *
 * The detector's sources in rank order, as one table: each place names its
 * kind, when it is in the lineup (always, online, guessing offline or
 * online) and how its source is made from the detector's settings
 * (BdSourceLineup). A run's sources are made from it
 * (bd_source_lineup_create()), and bd_detector_count_sources() reads the
 * same table for the progress view without making a single source: no
 * HTTP source, no resolver, no guess.
 *
 * The detector's setters for those settings that are not properties live
 * here too, next to what they set; the properties' stay with their pspecs
 * in bd-detector.c.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-autoconfig-source.h"
#include "bd-builtin-source.h"
#include "bd-detector.h"
#include "bd-guess-source.h"
#include "bd-ispdb-source.h"
#include "bd-mx-source.h"
#include "bd-source-lineup-private.h"
#include "bd-srv-source.h"
#include "bd-well-known-source.h"

#define DEFAULT_SOURCE_TIMEOUT_MS 10000

typedef enum
{
  WHEN_ALWAYS,
  WHEN_ONLINE,
  WHEN_GUESSING_OFFLINE,
  WHEN_GUESSING_ONLINE,
} When;

typedef struct _Place Place;

struct _Place
{
  BdSourceKind kind;
  When when;
  gboolean https;             /* autoconfig and well-known: https://, or http:// */
  BdSource *(*create) (const BdSourceLineup *self,
                       const Place          *place);
};

static BdSource *
create_builtin (const BdSourceLineup *self,
                const Place          *place)
{
  return bd_builtin_source_new (self->db);
}

static BdSource *
create_ispdb (const BdSourceLineup *self,
              const Place          *place)
{
  return bd_ispdb_source_new (self->http, self->ispdb_url);
}

static BdSource *
create_autoconfig (const BdSourceLineup *self,
                   const Place          *place)
{
  return bd_autoconfig_source_new (self->http, place->https);
}

static BdSource *
create_well_known (const BdSourceLineup *self,
                   const Place          *place)
{
  return bd_well_known_source_new (self->http, place->https);
}

static BdSource *
create_srv (const BdSourceLineup *self,
            const Place          *place)
{
  return bd_srv_source_new (self->resolver);
}

static BdSource *
create_mx (const BdSourceLineup *self,
           const Place          *place)
{
  return bd_mx_source_new (self->resolver, self->db, self->http, self->ispdb_url);
}

static BdSource *
create_guess (const BdSourceLineup *self,
              const Place          *place)
{
  return bd_guess_source_new ();
}

static BdSource *
create_confirmed_guess (const BdSourceLineup *self,
                        const Place          *place)
{
  BdSource *guess = bd_guess_source_new_confirmed (self->resolver, self->ca_file,
                                                   MAX (self->source_timeout_ms / 2, 1000));

  bd_guess_source_set_warm_connections (BD_GUESS_SOURCE (guess), self->warm);
  return guess;
}

/* In rank order: what the provider itself publishes over HTTPS first, then
 * unsigned DNS, then plain HTTP, then guessing (security rule 4). */
static const Place places[] = {
  { BD_SOURCE_BUILTIN,    WHEN_ALWAYS, FALSE, create_builtin },
  { BD_SOURCE_ISPDB,      WHEN_ONLINE, FALSE, create_ispdb },
  { BD_SOURCE_AUTOCONFIG, WHEN_ONLINE, TRUE,  create_autoconfig },
  { BD_SOURCE_WELL_KNOWN, WHEN_ONLINE, TRUE,  create_well_known },
  { BD_SOURCE_SRV,        WHEN_ONLINE, FALSE, create_srv },
  { BD_SOURCE_MX,         WHEN_ONLINE, FALSE, create_mx },
  { BD_SOURCE_AUTOCONFIG, WHEN_ONLINE, FALSE, create_autoconfig },
  { BD_SOURCE_WELL_KNOWN, WHEN_ONLINE, FALSE, create_well_known },
  /* Offline, the conventional names unconfirmed; online, only those that a
   * live greeting over verified TLS confirms (see docs/decisions.md). */
  { BD_SOURCE_GUESS,      WHEN_GUESSING_OFFLINE, FALSE, create_guess },
  { BD_SOURCE_GUESS,      WHEN_GUESSING_ONLINE,  FALSE, create_confirmed_guess },
};

static gboolean
is_in_lineup (const BdSourceLineup *self,
              const Place          *place)
{
  switch (place->when)
    {
    case WHEN_ALWAYS:
      return TRUE;
    case WHEN_ONLINE:
      return !self->offline;
    case WHEN_GUESSING_OFFLINE:
      return self->guess && self->offline;
    case WHEN_GUESSING_ONLINE:
      return self->guess && !self->offline;
    default:
      g_return_val_if_reached (FALSE);
    }
}

void
bd_source_lineup_init (BdSourceLineup *self)
{
  *self = (BdSourceLineup) {
    .guess = TRUE,
    .source_timeout_ms = DEFAULT_SOURCE_TIMEOUT_MS,
    .ispdb_url = g_strdup (BD_ISPDB_DEFAULT_URL),
    .http = bd_http_client_new (),
  };
}

void
bd_source_lineup_clear (BdSourceLineup *self)
{
  g_clear_object (&self->db);
  g_clear_object (&self->http);
  g_clear_object (&self->resolver);
  g_clear_pointer (&self->custom_sources, g_ptr_array_unref);
  g_clear_pointer (&self->ispdb_url, g_free);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_object (&self->warm);
}

/* How many sources of @kind bd_source_lineup_create() would make: the
 * table read, not a single source made. */
static guint
count_sources (const BdSourceLineup *self,
               BdSourceKind          kind)
{
  guint n = 0;

  if (self->custom_sources != NULL)
    {
      for (guint i = 0; i < self->custom_sources->len; i++)
        n += bd_source_get_kind (g_ptr_array_index (self->custom_sources, i)) == kind;
      return n;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (places); i++)
    n += places[i].kind == kind && is_in_lineup (self, &places[i]);
  return n;
}

/**
 * bd_source_lineup_create:
 *
 * Returns: (transfer full) (element-type BdSource): the sources a run asks,
 *   best-ranked first: the test's own when it set some, else the lineup's
 *   in the table's order.
 */
GPtrArray *
bd_source_lineup_create (const BdSourceLineup *self)
{
  GPtrArray *sources = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->custom_sources != NULL)
    {
      for (guint i = 0; i < self->custom_sources->len; i++)
        g_ptr_array_add (sources, g_object_ref (g_ptr_array_index (self->custom_sources, i)));
      return sources;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (places); i++)
    {
      BdSource *source;

      if (!is_in_lineup (self, &places[i]))
        continue;
      source = places[i].create (self, &places[i]);
      /* The count is read from the table: the two must agree, or a progress
       * row would wait for a source that never comes. */
      g_assert (bd_source_get_kind (source) == places[i].kind);
      g_ptr_array_add (sources, source);
    }
  return sources;
}

/**
 * bd_source_lineup_builtin_suffices:
 *
 * Returns: whether the built-in database (the first in the standard
 *   lineup) knows @address's domain: then the other sources are not even
 *   started, and a known domain needs no network at all (DESIGN.md,
 *   "Built-in database").
 */
gboolean
bd_source_lineup_builtin_suffices (const BdSourceLineup *self,
                                   BdAddress            *address)
{
  if (self->custom_sources != NULL)
    return FALSE;
  return bd_provider_db_lookup (self->db != NULL ? self->db : bd_provider_db_get_default (),
                                bd_address_get_ascii_domain (address)) != NULL;
}

/* The detector's setters for what its sources are given. */

/**
 * bd_detector_set_provider_db:
 * @db: (nullable): the database for the built-in source; %NULL for the one
 *   compiled into the program
 */
void
bd_detector_set_provider_db (BdDetector   *self,
                             BdProviderDb *db)
{
  g_return_if_fail (BD_IS_DETECTOR (self));
  g_set_object (&bd_detector_get_lineup (self)->db, db);
}

/**
 * bd_detector_set_ca_file:
 *
 * Adds a trust anchor for the https lookups, as `--ca-file` does.
 */
gboolean
bd_detector_set_ca_file (BdDetector  *self,
                         const char  *path,
                         GError     **error)
{
  BdSourceLineup *lineup;

  g_return_val_if_fail (BD_IS_DETECTOR (self), FALSE);

  lineup = bd_detector_get_lineup (self);
  if (!bd_http_client_set_ca_file (lineup->http, path, error))
    return FALSE;
  g_free (lineup->ca_file);
  lineup->ca_file = g_canonicalize_filename (path, NULL);
  return TRUE;
}

/**
 * bd_detector_set_source_timeout:
 * @timeout_ms: each source's own deadline; 0 for the default (10 s)
 */
void
bd_detector_set_source_timeout (BdDetector *self,
                                guint       timeout_ms)
{
  BdSourceLineup *lineup;

  g_return_if_fail (BD_IS_DETECTOR (self));

  lineup = bd_detector_get_lineup (self);
  lineup->source_timeout_ms = timeout_ms > 0 ? timeout_ms : DEFAULT_SOURCE_TIMEOUT_MS;
  bd_http_client_set_deadline (lineup->http, lineup->source_timeout_ms);
}

/**
 * bd_detector_set_sources:
 * @sources: (nullable) (element-type BdSource): the sources, best-ranked
 *   first; %NULL for the standard set
 *
 * Replaces the standard sources, for tests of the ranking and for programs
 * that embed the engine with sources of their own.
 */
void
bd_detector_set_sources (BdDetector *self,
                         GPtrArray  *sources)
{
  BdSourceLineup *lineup;

  g_return_if_fail (BD_IS_DETECTOR (self));

  lineup = bd_detector_get_lineup (self);
  g_clear_pointer (&lineup->custom_sources, g_ptr_array_unref);
  if (sources != NULL)
    lineup->custom_sources = g_ptr_array_ref (sources);
}

/**
 * bd_detector_set_resolver:
 * @resolver: (nullable): the resolver for SRV and MX; %NULL for the default
 */
void
bd_detector_set_resolver (BdDetector *self,
                          GResolver  *resolver)
{
  g_return_if_fail (BD_IS_DETECTOR (self));
  g_set_object (&bd_detector_get_lineup (self)->resolver, resolver);
}

/**
 * bd_detector_set_warm_connections:
 * @warm: (nullable): where an answer's servers are proven while it waits
 *   out its grace period, and the guess parks its connections
 */
void
bd_detector_set_warm_connections (BdDetector        *self,
                                  BdWarmConnections *warm)
{
  g_return_if_fail (BD_IS_DETECTOR (self));
  g_return_if_fail (warm == NULL || BD_IS_WARM_CONNECTIONS (warm));
  g_set_object (&bd_detector_get_lineup (self)->warm, warm);
}

/**
 * bd_detector_count_sources:
 *
 * Returns: how many sources of @kind a run with the present settings asks
 *   (the HTTP kinds are asked twice, over https:// and http://), so that a
 *   progress view knows when a kind is done. No source is made to count
 *   them.
 */
guint
bd_detector_count_sources (BdDetector   *self,
                           BdSourceKind  kind)
{
  g_return_val_if_fail (BD_IS_DETECTOR (self), 0);
  return count_sources (bd_detector_get_lineup (self), kind);
}
