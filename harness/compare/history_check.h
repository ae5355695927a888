/*
 * history_check.h - `versus history check`: the change points of every cell series of the
 * benchmark history (history.h, read by history_read.h), and the gate over them.
 *
 * Takes the history's entries (one per commit, in file order) and gives a
 * versus-history-check/1 document (README, "Finding regressions in the history"). A series is
 * one cell identity (workload, input name, parameters, runner: result/doc.h) followed over the
 * commits: its values are the cell's "median_<metric>" at each commit that has one (commits
 * where the cell is missing, failed or skipped are left out of it). Its change points come from
 * changepoint.h (E-Divisive means with a permutation test); each gets the median of the series
 * in the segment before it and in the one after it (up to the neighbouring change points) and
 * their ratio, after / before (> 1: slower or bigger). A change point is a regression when the
 * ratio exceeds 1 + threshold, and recent when its commit is one of the last `recent` commits
 * of the history analysed.
 *
 * The cumulative rule, for slow drifts: a drift at low noise is found as a staircase of small
 * change points, each under the threshold. The series' "cumulative" member compares the latest
 * segment's median with the median of a reference segment: by default the segment before the
 * staircase that ends at the last change point (the longest run of consecutive change points,
 * ending at the last one, each slower but none a regression on its own; a step that is one ends
 * the run, so that an old, accepted regression is not counted again); with --baseline COMMIT the
 * segment holding that commit (its first value at or after it). It is a regression when that
 * ratio exceeds 1 + threshold; it counts for the gate when its last change point is recent
 * (by default) or at once (with a baseline: the level has moved since the commit named).
 * The gate fails (status "regressed") when a recent regression of either kind exists.
 */
#ifndef VERSUS_HISTORY_CHECK_H
#define VERSUS_HISTORY_CHECK_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "compare/changepoint.h"
#include "util/error.h"

#define HISTORY_CHECK_SCHEMA "versus-history-check/1"
#define HISTORY_CHECK_RECENT 10
#define HISTORY_CHECK_THRESHOLD 0.05

struct history_check_options {
    const char *metric;   /* the document name: "wall_s", "cpu_s", ... (metric.h) */
    const char *since;    /* analyse from the first commit whose hash starts with this, or NULL */
    const char *baseline; /* the cumulative rule's reference commit (a prefix), or NULL */
    size_t recent;        /* K: a regression in the last K commits fails the gate */
    double threshold;     /* a change point is a regression above 1 + threshold */
    struct changepoint_options cp;
};

/* The defaults of `versus history check`: wall time, the whole history, K = 10, 5 %, and
 * changepoint_defaults(). */
struct history_check_options history_check_defaults(void);

/* The check of entries (history_read) as a new versus-history-check/1 document; file is the
 * history's path, recorded in it. NULL with err set when the input is unusable: no entries, an
 * unknown --since or --baseline commit (or a baseline before --since), or no cell with a number for
 * the metric. */
json_t *history_check(const json_t *entries, const char *file,
                      const struct history_check_options *o, struct verr *err);

/* True when the document's status is "regressed" (exit 1). */
bool history_check_regressed(const json_t *doc);

#endif
