/*
 * resview.h - reading a result document (schema "versus/1", README.md "The result document"):
 * its cells grouped by workload, input and case, and the figures of a cell's summary.
 *
 * Read-only helpers over the json_t tree, shared by the plots (plot.h), the report (report.h)
 * and the claims (claims.h). They never trust the document's shape: a missing or mistyped
 * field reads as absent (NULL, NaN), never as a crash, since a document may come from another
 * version of versus or from another tool's export.
 *
 * A cell's identity (the same in `versus compare` and the history): workload + input name +
 * parameters (the whole object, compared with json_equal) + runner. A group is the cells of one
 * workload, input and parameters: the runners that did the same work, as one table shows them.
 */
#ifndef VERSUS_RESVIEW_H
#define VERSUS_RESVIEW_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

/* Loads the result document at path: a versus/1 file, or another tool's export that
 * results_load (results_io.h) converts. Returns a new reference, or NULL with err set ("PATH:
 * line 3, column 5: ..." or "PATH: not a versus/1 result document"). */
json_t *resview_load(const char *path, struct verr *err);

/* The cell's input name: input.name when input is an object (versus/1), input itself when it
 * is a string (history lines, compare files), NULL when there is none (versus cmd). */
const char *resview_input_name(const json_t *cell);

/* The cell's case name: parameters.name, or NULL. */
const char *resview_case_name(const json_t *cell);

/* True when a and b have the same workload, input name and parameters (json_equal; absent,
 * null and {} are the same, as in results_io.h). */
bool resview_same_group(const json_t *a, const json_t *b);

/* One figure of a cell's summary: summary[metric][stat], where metric is "wall_s", "cpu_s",
 * "user_s", "sys_s", "max_rss_bytes", or "metrics.NAME" for a runner's in-process metric
 * (summary.metrics.NAME), and stat "median", "p95", "p5", "mean", ... Seconds or bytes, as in
 * the document. NaN when the cell has no summary (failed, skipped) or not that figure. */
double resview_figure(const json_t *cell, const char *metric, const char *stat);

/* True when the cell has figures (a summary object: verified, or ok for versus cmd). */
bool resview_measured(const json_t *cell);

/* The cells of one group, as indexes into the document's "cells" array, in document order. */
struct resview_group {
    size_t *cells;
    size_t n;
};

/* Every group of a document, in the order of each group's first cell. */
struct resview_groups {
    struct resview_group *groups;
    size_t n;
};

/* Groups the cells of doc (cells that are not objects are left out). Returns 0 (out may hold
 * no group), or -1 with err set when out of memory. Free with resview_groups_free. */
int resview_group_cells(const json_t *doc, struct resview_groups *out, struct verr *err);

void resview_groups_free(struct resview_groups *g);

/* The i-th cell of doc (borrowed), or NULL. */
const json_t *resview_cell(const json_t *doc, size_t i);

/* A group's name for titles: "grep · brown · literal" (workload, input, case; the parts that
 * are absent left out), or "(unnamed)". Malloc'd, or NULL when out of memory. */
char *resview_group_label(const json_t *cell);

/* The parameters other than "name" as "pattern=President, ignore_case=true" (strings as they
 * are, numbers with %g), or "" when there are none. Malloc'd, or NULL when out of memory. */
char *resview_parameters_text(const json_t *cell);

/* The machine line for titles: "AMD EPYC, 2 cores · 2026-11-21T15:02:11Z" from env.cpu_model,
 * env.cores and created_at (parts that are absent left out). Malloc'd, or NULL. */
char *resview_machine_line(const json_t *doc);

/* The string member key of obj, or NULL when absent or not a string. */
const char *resview_str(const json_t *obj, const char *key);

/* The number member key of obj (integer or real), or NaN. */
double resview_num(const json_t *obj, const char *key);

#endif
