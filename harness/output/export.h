/*
 * export.h - a versus/1 result document in other tools' formats, so that versus can stand in
 * for hyperfine or feed a CI dashboard.
 *
 * Formats (each in its own file, export_<format>.c):
 *   hyperfine  hyperfine's --export-json: {"results": [{command, mean, stddev, median, user,
 *              system, min, max, times, memory_usage_byte, exit_codes, parameters}]}, field
 *              names and units as hyperfine writes them (src/benchmark/benchmark_result.rs:
 *              seconds, bytes; stddev null for one run; user and system the mean over runs);
 *   github     github-action-benchmark's "customSmallerIsBetter" input: [{name, unit, value,
 *              range, extra}] (src/extract.ts, interface BenchmarkResult): the median wall time
 *              in seconds, "± stddev" as the range; then one entry per counter the cell
 *              measured (its median; unit "Ir" for simulated instructions, "s", or "count");
 *   csv        one row per cell: hyperfine's --export-csv columns (command, mean, stddev,
 *              median, user, system, min, max; seconds) then workload, input, case, runner,
 *              verdict, p95 (wall, seconds) and max_rss_bytes (median peak RSS), the memory
 *              timeline's medians, then a column per counter present in the document, RFC 4180
 *              quoting; failed and skipped cells have their verdict and empty figures;
 *   markdown   the human table (table.h) as Markdown: one table per workload, input and case
 *              (with an instructions column when simulated).
 *
 * Only measured samples count (warmups never do), and only cells whose verdict is verified or
 * ok have figures: hyperfine and github exports leave failed and skipped cells out, as every
 * versus figure does (a failed cell's timings describe a run that did not do the work).
 *
 * A cell is named "RUNNER (WORKLOAD CASE, INPUT)" ("rust (grep literal, brown)"), or by its
 * command text for `versus cmd` (workload "cmd"), as hyperfine names it.
 */
#ifndef VERSUS_EXPORT_H
#define VERSUS_EXPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "util/error.h"

enum export_format {
    EXPORT_HYPERFINE,
    EXPORT_GITHUB,
    EXPORT_CSV,
    EXPORT_MARKDOWN,
    EXPORT_HYPERFINE_CSV,      /* `versus cmd --export-csv`: hyperfine's CSV, exactly */
    EXPORT_HYPERFINE_MARKDOWN, /* `versus cmd --export-markdown`: hyperfine's table */
    EXPORT_ASCIIDOC,           /* hyperfine's --export-asciidoc table */
    EXPORT_ORGMODE,            /* hyperfine's --export-orgmode table */
    EXPORT_N_FORMATS
};

/* The format called name: "hyperfine", "github-action-benchmark" (or "github"), "csv",
 * "markdown". Returns 0, or -1 with err set ("unknown export format 'x' (hyperfine, ...)"). */
int export_format_parse(const char *name, enum export_format *out, struct verr *err);

/* The document in hyperfine's JSON export shape (a new reference). */
json_t *export_hyperfine(const json_t *doc);

/* The document as github-action-benchmark customSmallerIsBetter entries (a new array). */
json_t *export_github(const json_t *doc);

/* The document as CSV text, header first, lines ending in "\n" (malloc'd). */
char *export_csv(const json_t *doc);

/* The document as Markdown tables (malloc'd). */
char *export_markdown(const json_t *doc);

/* The document (of `versus cmd`) as hyperfine writes its tables and CSV (export_markup.c):
 * malloc'd text, or NULL when out of memory. */
char *export_markdown_hyperfine(const json_t *doc);
char *export_asciidoc(const json_t *doc);
char *export_orgmode(const json_t *doc);
char *export_csv_hyperfine(const json_t *doc);

/* Writes one CSV field to out, quoted as RFC 4180 says when it must be, then ',' or, when last,
 * '\n'. */
void export_csv_field(FILE *out, const char *text, bool last);

/* The document in format f as text ending in a newline (malloc'd), or NULL with err set when
 * out of memory. */
char *export_render(const json_t *doc, enum export_format f, struct verr *err);

/* Renders the document in format f and writes it to path ("-": standard output) atomically
 * (temporary file + rename, fsutil_write_atomic), creating the directory if needed. Returns 0,
 * or -1 with err set ("cannot write PATH: reason"). */
int export_write(const json_t *doc, enum export_format f, const char *path, struct verr *err);

/* --- The hyperfine-style --export-FORMAT options of `versus run` and `versus cmd` ----------- */

/* Where each format was asked to go (NULL: not asked). Zero-initialise; the options are
 * defined in cli/options.c. */
struct export_requests {
    const char *path[EXPORT_N_FORMATS];
};

/* Writes every requested export of doc; prints "versus: wrote PATH" or the error for each on
 * stderr. Returns 0 when all were written (or none asked), -1 when any failed. */
int export_requested(const json_t *doc, const struct export_requests *r);

#endif
