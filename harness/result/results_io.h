/*
 * results_io.h - reading result documents back, for comparisons (`versus compare`, `versus ab`).
 *
 * results_load accepts two formats and always returns a versus/1 document (README.md, "The
 * result document"):
 *   - a versus/1 document, as `versus run`, `versus cmd` or `versus ab` wrote it; checked just
 *     enough that every cell has what a comparison reads (workload, runner, samples);
 *   - a hyperfine JSON export (`hyperfine --export-json`: {"results": [{"command", "mean",
 *     "stddev", "median", "user", "system", "min", "max", "times": [...],
 *     "memory_usage_byte": [...], "exit_codes": [...], "parameters": {...}}]}), each result
 *     converted into a cell: workload "cmd", runner = the command, input null, parameters =
 *     hyperfine's parameters or {}, verdict "ok", "imported_from": "hyperfine", one measured
 *     sample per entry of times (wall_s), with max_rss_bytes from memory_usage_byte and exit
 *     from exit_codes when given; user_s, sys_s and cpu_s per sample only when hyperfine gives
 *     them as arrays (it gives only their means: those go into the summary), else null. Note that
 *     hyperfine's memory_usage_byte comes from getrusage(RUSAGE_CHILDREN), a running maximum
 *     over every child it ever waited for (hyperfine #753).
 *
 * A cell's identity, for matching cells of two documents, is its workload, its input's name
 * (null for none), its parameters (the whole object, compared with json_equal; absent is {})
 * and its runner. When one document holds several cells with the same identity, the k-th of
 * one is matched with the k-th of the other.
 */
#ifndef VERSUS_RESULTS_IO_H
#define VERSUS_RESULTS_IO_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

/* Loads path as a versus/1 document (a new reference; free with json_decref), converting a
 * hyperfine export. Returns NULL with err set ("results/a.json: cannot read: No such file or
 * directory", "a.json:3:5: JSON error: ...", "a.json: not a versus/1 result document or a
 * hyperfine JSON export", "a.json: cell 2: \"runner\" must be a string") on failure. */
json_t *results_load(const char *path, struct verr *err);

/* Converts a parsed hyperfine export into a versus/1 document (a new reference); source is
 * recorded as where it came from. Returns NULL with err set when hf is not one. */
json_t *results_from_hyperfine(const json_t *hf, const char *source, struct verr *err);

/* The name of a cell's input (borrowed), or NULL when it has none. */
const char *results_cell_input_name(const json_t *cell);

/* The cell's verdict string (borrowed): "verified", "ok", "failed", "skipped", or "" when
 * absent. */
const char *results_cell_verdict(const json_t *cell);

/* True when cells a and b have the same identity (above). */
bool results_cell_same(const json_t *a, const json_t *b);

/* Matches the cells of document before with those of document after. before_to_after must
 * have room for the before's cell count and after_to_before for the after's: each entry is
 * set to the index of the matching cell in the other document, or -1 for none. Returns the
 * number of matched pairs. */
size_t results_match_cells(const json_t *before, const json_t *after, long *before_to_after,
                           long *after_to_before);

/* The values of field ("wall_s", "cpu_s", "max_rss_bytes", ...) over the cell's measured
 * samples (warmup samples excluded; samples where the field is not a number skipped; "cpu_s"
 * falls back to user_s + sys_s), in sample order, in *out (malloc'd; NULL when there are
 * none). Returns how many. */
size_t results_cell_samples(const json_t *cell, const char *field, double **out);

#endif
