/*
 * rows.h - the rows of one results table: what the terminal table (table.h), the Markdown
 * export (export.h) and the report's tables (report.h) show for a group of cells, built once
 * so that each renderer only formats them.
 *
 * Takes the versus/1 cells of one group (result/doc.h: the same workload, input and case), in
 * document order; gives one row per cell with the figures every table shows (median and p95
 * wall time in seconds, median CPU time in seconds, median peak RSS in bytes, from the cell's
 * summary, and the median instruction count when simulated; NaN when unknown) and its ratio to the
 * fastest measured median of the group. A row is measured when the cell has figures (verdict
 * verified or ok, a summary) and a finite median wall time; the others are failed or skipped cells,
 * shown with their reason.
 */
#ifndef VERSUS_ROWS_H
#define VERSUS_ROWS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "result/doc.h"

struct row {
    const json_t *cell; /* borrowed */
    size_t order;       /* the cell's place in the group, in document order */
    bool measured;
    double median_s, p95_s; /* wall time */
    double cpu_s;           /* median CPU time (user + system) */
    double rss_bytes;       /* median peak RSS */
    double instructions;    /* median simulated instruction count (--counters simulate), or NaN */
    double ratio;           /* median_s / the group's fastest; NaN when not measured */
};

struct rows {
    struct row *rows;
    size_t n;
    double fastest_s; /* the smallest measured median, or NaN when none is */
};

/* The rows of cells[0..n), in that order. Returns 0, or -1 when out of memory. Free with
 * rows_free. */
int rows_build(const json_t *const *cells, size_t n, struct rows *out);

/* The rows of group g of doc (doc_group_cells). Returns 0, or -1 when out of memory. */
int rows_of_group(const json_t *doc, const struct doc_group *g, struct rows *out);

/* Orders the rows as the tables show them: measured rows first, fastest median first; rows of
 * equal median, and the rows that are not measured, in document order. */
void rows_sort_fastest(struct rows *r);

/* The names of the runners' in-process metrics (summary.metrics) of the rows, in order of
 * first appearance, at most max of them, into names (borrowed from the cells). Returns how
 * many. */
size_t rows_metric_names(const struct rows *r, const char **names, size_t max);

/* Whether any row has a median instruction count: the tables then show an instructions
 * column, and only then (a document without counters gives the tables it always gave). */
bool rows_have_instructions(const struct rows *r);

/* The four figures every table shows, as text for people (textfmt.h): "1.23 ms", "4.00 MiB";
 * and the instruction count ("12.3 M", "-" when not measured). */
struct row_text {
    char median[32], p95[32], cpu[32], rss[32], instructions[32];
};
void rows_text(const struct row *r, struct row_text *out);

void rows_free(struct rows *r);

#endif
