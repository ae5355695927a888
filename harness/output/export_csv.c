/*
 * export_csv.c - a versus/1 document as CSV, one row per cell (see export.h).
 *
 * Columns: hyperfine's --export-csv ones first (sharkdp/hyperfine, src/export/csv.rs in its
 * 1.x releases: command, mean, stddev, median, user, system, min, max; wall and CPU times in
 * seconds, user and system the mean per run, stddev empty for one run), then workload, input,
 * case, runner, verdict, p95 (wall, seconds), max_rss_bytes (the median peak RSS), and the memory
 * timeline's tree_peak_rss_bytes and rss_growth_mib_per_min (medians; empty without one), then a
 * column per counter of util/metric.h (metric_is_counter: rusage counts, perf counters, simulated
 * instructions) that some measured cell of the document has, named as the document names it and
 * holding the cell's median (empty where that cell has none); a document without counters gets
 * no such column. A failed
 * or skipped cell keeps its row, with its verdict and every figure empty. Quoting follows RFC
 * 4180: a field holding a comma, a double quote, CR or LF is enclosed in double quotes, and a
 * double quote inside is doubled. Lines end in LF (RFC 4180 says CRLF; every CSV reader we
 * know, and hyperfine's own writer, use LF).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/export.h"
#include "result/doc.h"
#include "result/doc_text.h"
#include "util/escape.h"
#include "util/metric.h"

static const char *HEADER = "command,mean,stddev,median,user,system,min,max,workload,input,case,"
                            "runner,verdict,p95,max_rss_bytes,tree_peak_rss_bytes,"
                            "rss_growth_mib_per_min";

/* A text field (a name from the document): util/escape.h's CSV rules, formula guard included. */
void export_csv_field(FILE *out, const char *text, bool last)
{
    escape_csv(out, text);
    fputc(last ? '\n' : ',', out);
}

/* A number, as it is (a negative one is no formula). */
static void put_number(FILE *out, double v, bool wanted)
{
    char buf[40] = "";
    if (wanted)
        doc_number_text(v, buf, sizeof buf);
    fputs(buf, out);
    fputc(',', out);
}

static void put_row(FILE *out, const json_t *cell, const char *const *counters, size_t n_counters)
{
    char *name = doc_cell_name(cell);
    export_csv_field(out, name, false);
    free(name);
    bool m = doc_measured(cell);
    double n = doc_figure(cell, METRIC_WALL_S, "n");
    put_number(out, doc_figure(cell, METRIC_WALL_S, "mean"), m);
    put_number(out, doc_figure(cell, METRIC_WALL_S, "stddev"), m && n >= 2);
    put_number(out, doc_figure(cell, METRIC_WALL_S, "median"), m);
    put_number(out, doc_mean(cell, METRIC_USER_S), m);
    put_number(out, doc_mean(cell, METRIC_SYS_S), m);
    put_number(out, doc_figure(cell, METRIC_WALL_S, "min"), m);
    put_number(out, doc_figure(cell, METRIC_WALL_S, "max"), m);
    export_csv_field(out, doc_str(cell, "workload"), false);
    export_csv_field(out, doc_input_name(cell), false);
    export_csv_field(out, doc_case_name(cell), false);
    export_csv_field(out, doc_str(cell, "runner"), false);
    export_csv_field(out, doc_str(cell, "verdict"), false);
    put_number(out, doc_figure(cell, METRIC_WALL_S, "p95"), m);
    char rss[40] = "";
    if (m)
        doc_number_text(doc_figure(cell, METRIC_MAX_RSS_BYTES, "median"), rss, sizeof rss);
    export_csv_field(out, rss, false);
    double tree = doc_figure(cell, METRIC_TREE_PEAK_RSS_BYTES, "median");
    put_number(out, tree, m && isfinite(tree));
    char growth[40] = "";
    double g = doc_figure(cell, METRIC_RSS_GROWTH, "median");
    if (m && isfinite(g))
        doc_number_text(g, growth, sizeof growth);
    export_csv_field(out, growth, n_counters == 0);
    for (size_t k = 0; k < n_counters; k++) {
        char count[40] = "";
        double v = doc_figure(cell, counters[k], "median");
        if (m && isfinite(v))
            doc_number_text(v, count, sizeof count);
        export_csv_field(out, count, k + 1 == n_counters);
    }
}

char *export_csv(const json_t *doc)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (out == NULL)
        return NULL;
    const char *counters[DOC_MAX_COUNTERS];
    size_t n_counters = doc_counters_of(doc, counters, DOC_MAX_COUNTERS);
    fputs(HEADER, out);
    for (size_t k = 0; k < n_counters; k++)
        fprintf(out, ",%s", counters[k]);
    fputc('\n', out);
    size_t i;
    json_t *cell;
    json_array_foreach(json_object_get(doc, "cells"), i, cell)
    {
        put_row(out, cell, counters, n_counters);
    }
    fclose(out);
    return text;
}
