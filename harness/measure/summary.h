/*
 * summary.h - the summary of a cell: statistics over its measured (non-warmup) samples.
 *
 * Only cells whose verdict is VERIFIED or OK are summarised: a failed cell's samples stay out
 * of every figure (they are still in the result document, raw), and so do samples replaced by
 * a rerun (--rerun-contaminated). CPU time is user + system.
 * Metrics from the runner's metrics channel are summarised like wall time, by name, over the
 * samples that reported them.
 */
#ifndef VERSUS_SUMMARY_H
#define VERSUS_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>

#include "measure/plan.h"
#include "util/stats.h"

struct metric_summary {
    char name[64];
    struct summary s;
};

struct cell_summary {
    bool valid; /* false: failed, skipped or no measured sample */
    struct summary wall_s, cpu_s, user_s, sys_s, max_rss_bytes;
    struct summary count[SAMPLE_N_COUNTS]; /* rusage counts and perf counters (plan.h), over
                                              the samples that have them; n 0: none has */
    size_t judged;                         /* measured samples whose contention was read */
    size_t contaminated;                   /* ... and were flagged contaminated */
    size_t replaced;                       /* samples run again (--rerun-contaminated) */
    /* --counters simulate: instructions (Ir) over the measured samples that were counted under
     * Cachegrind (instructions.n of them); n == 0 when none was. Only native runs are in the
     * time and RSS summaries above. */
    struct summary instructions;
    /* The memory timeline's summaries over the measured samples that have them (n 0: none). */
    struct summary tree_peak_rss_bytes, rss_growth_mib_per_min;
    struct metric_summary *metrics; /* owned */
    size_t n_metrics;
};

/* Summarises cell c into out (zeroed first). Returns out->valid. */
bool summary_of_cell(const struct cell *c, struct cell_summary *out);

/* The summary of metric name, or NULL. */
const struct summary *summary_metric(const struct cell_summary *s, const char *name);

void cell_summary_clear(struct cell_summary *s);

#endif
