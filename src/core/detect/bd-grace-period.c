/* bd-grace-period.c
 *
 * The detector's grace period, counted in round trips (issue 16 §1): once
 * an answer is in hand, a better-ranked source still running is waited for
 * only as long as it could still plausibly answer: the round trips it said
 * it still needs, each as long as this network's round trip as measured in
 * this run, with a jitter margin. bd-detector.c keeps what each source
 * said and when; this is the arithmetic, in one place.
 *
 * SPDX-FileCopyrightText: 2026 The Brevduva developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bd-detector.h"
#include "bd-grace-period-private.h"
#include "bd-http-source.h"
#include "bd-source.h"

/* The jitter margin: a step may take 1.5 times its round trips, plus this
 * for the main loop's scheduling. */
#define GRACE_MARGIN_NUM 3
#define GRACE_MARGIN_DEN 2
#define GRACE_SLACK_US (10 * 1000)

/**
 * bd_detector_grace_allowance_us:
 * @round_trips: what a source still needs
 * @rtt_us: one round trip of this network
 *
 * The grace rule, for tests and for the documentation's tables.
 *
 * Returns: how long after its last step a better-ranked source is waited
 *   for: @round_trips × @rtt_us × 1.5, plus 10 ms for scheduling.
 */
gint64
bd_detector_grace_allowance_us (guint  round_trips,
                                gint64 rtt_us)
{
  return (gint64) round_trips * MAX (rtt_us, 0) * GRACE_MARGIN_NUM / GRACE_MARGIN_DEN +
         GRACE_SLACK_US;
}

/**
 * bd_grace_period_learn:
 * @kind: a #BdRoundTripKind
 * @rtt_us: a round trip a source measured
 *
 * Returns: whether the measure grew, so that deadlines move.
 */
gboolean
bd_grace_period_learn (BdGracePeriod *self,
                       int            kind,
                       gint64         rtt_us)
{
  gint64 *largest = kind == BD_ROUND_TRIP_CONNECT ? &self->connect_rtt_us : &self->dns_rtt_us;

  if (rtt_us <= *largest)
    return FALSE;
  *largest = rtt_us;
  return TRUE;
}

/**
 * bd_grace_period_deadline_us:
 * @best_us: how long the best answer in hand took
 * @step_us: when the source waited for last said how far it was
 * @round_trips_left: what it said it still needed then
 *
 * The round trip is the largest TCP connect measured (one round trip and
 * nothing else); until one is, the largest DNS answer time (which may hold
 * more: a recursive lookup, A then AAAA); until then, the time the best
 * answer took (any answer took at least one).
 *
 * Returns: when that source can no longer plausibly answer.
 */
gint64
bd_grace_period_deadline_us (const BdGracePeriod *self,
                             gint64               best_us,
                             gint64               step_us,
                             guint                round_trips_left)
{
  gint64 rtt_us = self->connect_rtt_us;
  gint64 pace_us;

  if (rtt_us == 0)
    rtt_us = self->dns_rtt_us;
  if (rtt_us == 0)
    rtt_us = best_us;
  /* Round trips are not all a step costs: TLS's arithmetic, a busy CPU, a
   * sanitizer. The answer in hand went through the same, so half the time
   * it took is a margin that grows with how slow this machine is now, and
   * stays small where answers come fast. */
  pace_us = MAX (best_us / 2 - GRACE_SLACK_US, 0);
  return step_us + pace_us + bd_detector_grace_allowance_us (round_trips_left, rtt_us);
}

/**
 * bd_grace_period_guess_yields:
 * @better_source: a #BdSource ranked above guessing, still running
 * @round_trips_left: what it last said it still needs
 *
 * Guessing is ranked last because it proves nothing about what the domain
 * publishes: settings from it are unverified (security rule 4) and a
 * person must approve them, where a trusted document needs nothing. So an
 * answer from guessing does not pre-empt a trusted source (over HTTPS)
 * whose server has already completed the TLS handshake and has its request
 * (two round trips or fewer left): that server is there and answering, if
 * slowly (a loaded web server; a guess that a fast network confirms in a
 * few milliseconds). It is waited for until it answers or its own deadline
 * ends it. A source that has not reached its server, and any better
 * answer that is itself unverified (SRV before a slow ISPDB: S3 of
 * docs/performance.md), keeps the grace period in round trips.
 *
 * Returns: whether a guess waits for @better_source without a grace limit.
 */
gboolean
bd_grace_period_guess_yields (BdSource *better_source,
                              guint     round_trips_left)
{
  return BD_IS_HTTP_SOURCE (better_source) &&
         bd_http_source_get_https (BD_HTTP_SOURCE (better_source)) &&
         round_trips_left <= 2;
}
