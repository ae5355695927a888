/*
 * compare_result.h - the comparison of two documents' cells in brief (result/doc_brief.h): the
 * versus-compare/1 report of compare_report.h, held compactly and made into JSON one row at a
 * time, so that `versus compare` of two 60 000-cell documents fits in 200 MB (issue 12).
 *
 * A report of 60 000 rows as jansson objects takes 190 MB (17 members each, every member and
 * value allocated on its own); a struct compare_row takes 100 bytes. The printers
 * (compare_print.h) and the writer ask for each row's JSON when they need it
 * (compare_result_row), so what people read and what machines read still come from the same
 * entry, made by compare_brief_row_json.
 *
 * Matching is by identity (doc_brief_key) through a hash table (util/keymap.h): linear time;
 * when one document holds several cells with the same identity, the k-th of one meets the k-th
 * of the other (as doc_match_cells). Rows come in the report's order: every before cell in its
 * order (matched or disappeared), then the after cells that appeared.
 */
#ifndef VERSUS_COMPARE_RESULT_H
#define VERSUS_COMPARE_RESULT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "compare/compare_report.h"
#include "result/doc_brief.h"
#include "util/error.h"
#include "util/metric.h"

/* One row: the cell's index in each document's briefs (-1 for a missing side), its status
 * ("matched", "appeared", "disappeared"; a static string) and its figures. */
struct compare_row {
    long before, after;
    const char *status;
    struct compare_figures f;
};

/* A comparison: the report's members other than "cells" in head (schema, before, after,
 * metric, threshold, rule, confidence, regressed, improved, no_data, in the report's order, with
 * an empty "cells" where the rows go), and its rows. Owns everything; free with
 * compare_result_free. */
struct compare_result {
    json_t *head;
    struct compare_row *rows;
    size_t n;
    struct doc_briefs before, after;
};

/* Compares before with after (both stolen: emptied, whatever happens) for metric m at
 * threshold (a fraction), recording before_path and after_path. Returns the result, or NULL
 * with err set when the documents have no cell in common or memory runs out. */
struct compare_result *compare_briefs(struct doc_briefs *before, struct doc_briefs *after,
                                      const char *before_path, const char *after_path,
                                      const struct metric_def *m, double threshold,
                                      struct verr *err);

/* The i-th row as a versus-compare/1 "cells" entry (a new reference; NULL when out of memory
 * or i is out of range). */
json_t *compare_result_row(const struct compare_result *r, size_t i);

/* The verdict of the before (after) cell of row i, or NULL when that side is missing. */
const char *compare_result_verdict_before(const struct compare_result *r, size_t i);
const char *compare_result_verdict_after(const struct compare_result *r, size_t i);

/* True when row i's cell went from verified or ok to failed (compare_row_went_failed). */
bool compare_result_went_failed(const struct compare_result *r, size_t i);

/* The whole report as JSON (a new reference), as compare_documents gives it; NULL when out of
 * memory. */
json_t *compare_result_json(const struct compare_result *r);

/* Writes the report to path as compare_report_write would write compare_result_json(r), byte
 * for byte, without holding its rows as JSON at once. Returns 0, or -1 with err set. */
int compare_result_write(const struct compare_result *r, const char *path, struct verr *err);

/* The gate (compare_report_fails): a regressed cell, a "no data" cell, or a cell that went
 * from verified (or ok) to failed. */
bool compare_result_fails(const struct compare_result *r);

/* Compares two versus/1 documents (doc_load) for metric m at threshold and returns the
 * versus-compare/1 report (a new reference), recording before_path and after_path. Returns NULL
 * with err set when the documents have no cell in common. */
json_t *compare_documents(const json_t *before, const json_t *after, const char *before_path,
                          const char *after_path, const struct metric_def *m, double threshold,
                          struct verr *err);

/* Frees r and everything it owns. NULL-safe. */
void compare_result_free(struct compare_result *r);

#endif
