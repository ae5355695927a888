/*
 * compare_report.h - the comparison of two result documents, cell by cell: the report
 * `versus compare` prints and writes (versus-compare/1), and the per-cell figures `versus ab`
 * shows for each metric. Format: FORMAT.md, section "Comparison".
 *
 * For a pair of matched cells (result/doc.h) and one metric (wall time, CPU time = user +
 * system, peak RSS, instructions, or any other of util/metric.h), the figures come from the
 * measured samples of each (warmups excluded): both medians, the ratio of medians after /
 * before with its 95 % percentile bootstrap interval, the two-sided Mann-Whitney p-value
 * (compare_stats.h), and the verdict: by the ranks rule, or for a metric whose rule is
 * METRIC_RULE_SEPARATION (instructions) by the separation rule; the report then says
 * "rule": "separation".
 * A cell measured before (samples; not failed, skipped or interrupted) but not after (skipped,
 * "interrupted", no samples; or missing from an interrupted after document) gets "no data"
 * and fails the gate: the gate never passes on the absence of a measurement.
 */
#ifndef VERSUS_COMPARE_REPORT_H
#define VERSUS_COMPARE_REPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "result/doc_brief.h"
#include "util/error.h"
#include "util/metric.h"

#define COMPARE_SCHEMA "versus-compare/1"
#define COMPARE_NO_DATA "no data"

/* A comparison is of one metric of util/metric.h: its sample field is m->name ("wall_s"),
 * what people call it m->label ("wall time"), and its unit m->unit. */

/* The metric text names: a flag ("wall", "cpu", "rss", ...) or a name ("wall_s"); NULL when
 * versus records no such metric. */
const struct metric_def *compare_metric_parse(const char *text);
/* The metric as the report names it: its flag ("wall", "cpu", "rss"), else its name. */
const char *compare_metric_name(const struct metric_def *m);

/* The figures of one pair of cells for one metric. Unknown numbers are NaN. */
struct compare_figures {
    size_t n_before, n_after;           /* measured samples that have the metric */
    double median_before, median_after; /* seconds, or bytes for rss */
    double ratio, ci_low, ci_high;      /* after / before; ci_high may be DBL_MAX (unbounded) */
    double p_value;
    const char *verdict; /* "faster", "slower", "no significant change", "regressed",
                          * "failed", "no data" or "n/a" (static strings) */
};

/* True when a cell with this verdict has samples to compare: not "failed", "skipped" or
 * "interrupted" (unfinished). */
bool compare_verdict_usable(const char *verdict);

/* Computes the figures of a cell whose verdict was verdict_before with the measured values b
 * (n_before of them; doc_samples) against one whose verdict is verdict_after with a (n_after),
 * for metric m and threshold (a fraction, 0.05 for 5 %). */
void compare_sample_figures(const char *verdict_before, const double *b, size_t n_before,
                            const char *verdict_after, const double *a, size_t n_after,
                            const struct metric_def *m, double threshold,
                            struct compare_figures *out);

/* Computes the figures of before_cell vs after_cell (versus/1 cells) for metric m and
 * threshold (a fraction, 0.05 for 5 %). */
void compare_cell_figures(const json_t *before_cell, const json_t *after_cell,
                          const struct metric_def *m, double threshold,
                          struct compare_figures *out);

/* One entry of the report's "cells" (a new reference): the identity taken from identity_cell,
 * the status, each side's cell verdict (null for a missing side; either cell may be NULL),
 * and the figures (NULL: every figure null and verdict "n/a"). */
json_t *compare_row_json(const json_t *identity_cell, const char *status, const json_t *before_cell,
                         const json_t *after_cell, const struct compare_figures *f);

/* The same entry from briefs (result/doc_brief.h): the identity from identity, each side's
 * verdict from before and after (either may be NULL). */
json_t *compare_brief_row_json(const struct doc_brief *identity, const char *status,
                               const struct doc_brief *before, const struct doc_brief *after,
                               const struct compare_figures *f);

/* Writes a report to path atomically (fsutil_write_atomic; the directory is created if
 * needed), indented, numbers with 15 significant digits (so 0.05 stays 0.05). Returns 0, or -1
 * with err set. */
int compare_report_write(const json_t *report, const char *path, struct verr *err);

/* The gate: true when the report has a regressed cell, a "no data" cell (measured before, not
 * after), or a cell whose verdict went from verified (or ok) to failed. */
bool compare_report_fails(const json_t *report);

/* True when a report row's cell went from verified or ok to failed. */
bool compare_row_went_failed(const json_t *row);

#endif
