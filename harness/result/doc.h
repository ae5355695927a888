/*
 * doc.h - the one reader of a result document (schema "versus/1", FORMAT.md, "Result
 * document"), for every stage that reads one back: the terminal table's rows, the
 * exports, the report, the plots, `versus compare`, the history and `versus merge`.
 *
 * Takes a file (doc_load: a versus/1 document, or a hyperfine export converted by
 * doc_hyperfine.h) or a json_t tree; gives its cells, each cell's identity, its groups, and the
 * figures of its summary. The accessors never trust the tree's shape: a missing or mistyped
 * field reads as absent (NULL, NaN, 0 samples), never as a crash, since a document may come
 * from another version of versus or from another tool's export. Errors (doc_load,
 * doc_group_cells) are returned through struct verr (util/error.h).
 *
 * A cell's identity, the same everywhere (compare, merge, history, groups): its workload, its
 * input's name (input.name when input is an object, input itself when it is a string as in the
 * history lines, none when null), its parameters (the whole object, compared with json_equal;
 * absent, null and {} are the same; the case is parameters.name) and its runner. A group is the
 * cells of one workload, input and parameters: the runners that did the same work, as one
 * table shows them.
 *
 * Figures: summary[METRIC][STAT], where METRIC is a name of util/metric.h (METRIC_WALL_S,
 * METRIC_CPU_S, ..., or any metric of the table) or "metrics.NAME" for a runner's in-process
 * metric (summary.metrics.NAME), and STAT one of "n", "median", "p95", "p5", "mean", "stddev",
 * "mad", "min", "max", "p25", "p75", "p99"; in the unit of the metric's name (seconds, bytes,
 * a count).
 */
#ifndef VERSUS_DOC_H
#define VERSUS_DOC_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

/* Loads path as a versus/1 document (a new reference; free with json_decref), converting a
 * hyperfine export (doc_hyperfine.h). A versus/1 document is checked only for what the
 * readers need (every cell an object with string workload and runner; input and parameters
 * objects or null; verdict a string; samples an array of objects), so that documents of older
 * or newer versions of the same schema still load. Returns NULL with err set
 * ("results/a.json: cannot read: No such file or directory", "a.json:3:5: JSON error: ...",
 * "a.json: not a versus/1 result document or a hyperfine JSON export", "a.json: cell 2:
 * \"runner\" must be a string") on failure. */
json_t *doc_load(const char *path, struct verr *err);

/* The string member key of obj, or NULL when absent or not a string. */
const char *doc_str(const json_t *obj, const char *key);

/* The number member key of obj (integer or real), or NaN. */
double doc_num(const json_t *obj, const char *key);

/* The i-th cell of doc (borrowed), or NULL. */
const json_t *doc_cell(const json_t *doc, size_t i);

/* ---- identity ---------------------------------------------------------------------------- */

/* The cell's input name (see above), or NULL when it has none (versus cmd). */
const char *doc_input_name(const json_t *cell);

/* The cell's case name: parameters.name, or NULL. */
const char *doc_case_name(const json_t *cell);

/* The cell's verdict ("verified", "ok", "failed", "skipped"), or "" when absent. */
const char *doc_verdict(const json_t *cell);

/* True when a and b have the same workload, input name and parameters: the same group. */
bool doc_same_group(const json_t *a, const json_t *b);

/* True when a and b have the same identity: the same group and the same runner. */
bool doc_same_cell(const json_t *a, const json_t *b);

/* The identity of cell as bytes (malloc'd; *len its length; NULL when out of memory): equal
 * for two cells exactly when doc_same_cell (with_runner) or doc_same_group (without) says so,
 * for hash tables (util/keymap.h). */
char *doc_identity_key(const json_t *cell, bool with_runner, size_t *len);

/* The same key from the identity's parts (any may be NULL: none): what doc_identity_key gives
 * for a cell with this workload, input name, parameters (absent, null and {} alike) and
 * runner. */
char *doc_identity_key_of(const char *workload, const char *input, const json_t *parameters,
                          const char *runner, bool with_runner, size_t *len);

/* Matches the cells of document before with those of document after, by identity (through a
 * hash table: linear time); when one
 * document holds several cells with the same identity, the k-th of one is matched with the
 * k-th of the other. before_to_after must have room for the before's cell count and
 * after_to_before for the after's: each entry is set to the index of the matching cell in the
 * other document, or -1 for none. Returns the number of matched pairs. */
size_t doc_match_cells(const json_t *before, const json_t *after, long *before_to_after,
                       long *after_to_before);

/* ---- figures ----------------------------------------------------------------------------- */

/* True when the cell has a summary object (verified, or ok for versus cmd). */
bool doc_has_summary(const json_t *cell);

/* True when the cell has figures to show: verdict "verified" or "ok" and a summary. */
bool doc_measured(const json_t *cell);

/* summary[metric][stat] (see above), or NaN when the cell has no summary (failed, skipped) or
 * not that figure. */
double doc_figure(const json_t *cell, const char *metric, const char *stat);

/* The mean of metric per measured run: summary.<metric>.mean, else the mean of the measured
 * samples' <metric>, else NaN (a sample lacks it, or there are none). */
double doc_mean(const json_t *cell, const char *metric);

/* The values of metric over the cell's measured samples (warmup and replaced samples excluded;
 * samples where it is not a number skipped; METRIC_CPU_S falls back to user_s + sys_s), in sample
 * order, in *out (malloc'd; NULL when there are none). Returns how many. */
size_t doc_samples(const json_t *cell, const char *metric, double **out);

/* The cell's measured samples (warmup false or absent, not replaced by a rerun), borrowed, in
 * order, as a new array. */
json_t *doc_measured_samples(const json_t *cell);

/* A JSON array of entry(cell) (new references) for every measured cell of doc
 * (doc_measured), in document order: the shape of the hyperfine export. */
json_t *doc_map_measured(const json_t *doc, json_t *(*entry)(const json_t *cell));

/* The most counters doc_counters_of gives (util/metric.h's table holds fewer). */
#define DOC_MAX_COUNTERS 32

/* The counters of util/metric.h (metric_is_counter: rusage counts, perf counters, simulated
 * instructions) that some measured cell of doc has a median of, in the table's order, at most
 * max of them, into names (static strings). Returns how many: the columns and entries the
 * exports add for a document measured with counters, and none for one without. */
size_t doc_counters_of(const json_t *doc, const char **names, size_t max);

/* ---- groups ------------------------------------------------------------------------------ */

/* The cells of one group, as indexes into the document's "cells" array, in document order. */
struct doc_group {
    size_t *cells;
    size_t n;
};

/* Every group of a document, in the order of each group's first cell. */
struct doc_groups {
    struct doc_group *groups;
    size_t n;
};

/* Groups the cells of doc (cells that are not objects are left out), by first appearance.
 * Returns 0 (out may hold no group), or -1 with err set when out of memory. Free with
 * doc_groups_free. */
int doc_group_cells(const json_t *doc, struct doc_groups *out, struct verr *err);

void doc_groups_free(struct doc_groups *g);

#endif
