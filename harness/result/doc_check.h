/*
 * doc_check.h - the values of a result document's cell, checked before any reader trusts them
 * (doc_load calls it for every cell).
 *
 * Takes one cell (a JSON object); gives 0, or -1 with the field and what is wrong, which doc.c
 * turns into a message naming the file, the cell (its number and identity) and the field:
 * "r.json: cell 3
 * (grep/brown/literal/rust): samples[2].wall_s: -0.5 is not a time (a finite number of seconds,
 * 0 to 1e9)". Checked:
 *   - times (a field or metric whose name ends in "_s": wall_s, cpu_s, user_s, sys_s, a
 *     runner's parse_s) are finite, 0 to 1e9 s (31 years); sizes ("_bytes") finite, 0 to 2^62
 *     bytes; in every sample and every summary statistic (a statistic may be null: a hyperfine
 *     export has no percentiles). Other runner metrics must be finite. A value of 1e308 is not a
 *     measurement, and would print as 300 digits;
 *   - counts match their arrays: summary.n and summary.wall_s.n equal the number of measured
 *     (non-warmup) samples when the cell lists its samples;
 *   - a cell whose verdict is "verified" or "ok" has a summary and at least one measured
 *     sample (when it lists its samples): a verdict with no data behind it is refused.
 */
#ifndef VERSUS_DOC_CHECK_H
#define VERSUS_DOC_CHECK_H

#include <jansson.h>
#include <stddef.h>

#include "util/error.h"

/* Largest time (seconds) and size (bytes) a document may hold. */
#define DOC_MAX_SECONDS 1e9
#define DOC_MAX_BYTES 4611686018427387904.0 /* 2^62 */

/* Checks the values of one cell (see above). Returns 0, or -1 with the field ("samples[2].wall_s")
 * in field and what is wrong with it in why; the caller names the file and the cell. */
int doc_check_cell_values(const json_t *cell, char *field, size_t field_len, char *why,
                          size_t why_len);

#endif
