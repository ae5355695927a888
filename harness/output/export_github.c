/*
 * export_github.c - a versus/1 document as github-action-benchmark input (see export.h).
 *
 * The "customSmallerIsBetter" tool of benchmark-action/github-action-benchmark reads a JSON
 * array of {name, value, unit, range?, extra?} (src/extract.ts, interface BenchmarkResult):
 * value is a number, the others strings, and a smaller value is better. One entry per cell
 * with figures: its median wall time in seconds (unit "s"), "± stddev" as the range when there
 * were two runs or more, and in extra (shown in the chart's tooltip) the number of runs, the
 * median CPU time and peak RSS, and the verdict. The name is the cell's name (doc_text.h),
 * stable from commit to commit, which is what the action keys its series on. After it, one
 * entry per counter the run asked for (metric_is_counter, less the rusage counts every sample
 * has without asking, which would add six series to every benchmark), named "CELL NAME:
 * METRIC" ("rust (grep literal, brown): instructions"), its median as the value, the unit
 * "Ir" for simulated instructions (Cachegrind's name for instructions executed), "s" for
 * task-clock, "count" for the other counts; a separate series in the action's charts.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/export.h"
#include "result/doc.h"
#include "result/doc_text.h"
#include "util/metric.h"

static json_t *entry_of(const json_t *cell)
{
    char *name = doc_cell_name(cell);
    json_t *e = json_object();
    json_object_set_new(e, "name", json_string(name ? name : ""));
    free(name);
    json_object_set_new(e, "unit", json_string("s"));
    json_object_set_new(e, "value", json_real(doc_figure(cell, METRIC_WALL_S, "median")));
    double n = doc_figure(cell, METRIC_WALL_S, "n");
    double sd = doc_figure(cell, METRIC_WALL_S, "stddev");
    char a[40], b[40], c[40], text[256];
    if (n >= 2 && isfinite(sd)) {
        doc_number_text(sd, a, sizeof a);
        snprintf(text, sizeof text, "± %s", a);
        json_object_set_new(e, "range", json_string(text));
    }
    doc_number_text(n, a, sizeof a);
    doc_number_text(doc_figure(cell, METRIC_CPU_S, "median"), b, sizeof b);
    doc_number_text(doc_figure(cell, METRIC_MAX_RSS_BYTES, "median"), c, sizeof c);
    const char *verdict = doc_str(cell, "verdict");
    snprintf(text, sizeof text,
             "runs: %s\nmedian CPU: %s s\nmedian peak RSS: %s bytes\nverdict: %s", a, *b ? b : "?",
             *c ? c : "?", verdict ? verdict : "?");
    json_object_set_new(e, "extra", json_string(text));
    return e;
}

/* The unit github-action-benchmark shows for counter name. */
static const char *counter_unit(const char *name)
{
    if (strcmp(name, METRIC_INSTRUCTIONS) == 0)
        return "Ir";
    return metric_unit_of_name(name) == METRIC_UNIT_SECONDS ? "s" : "count";
}

json_t *export_github(const json_t *doc)
{
    const char *counters[DOC_MAX_COUNTERS];
    size_t n_counters = doc_counters_of(doc, counters, DOC_MAX_COUNTERS);
    json_t *out = json_array();
    size_t i;
    const json_t *cell;
    json_array_foreach(json_object_get(doc, "cells"), i, cell)
    {
        if (!doc_measured(cell))
            continue;
        json_array_append_new(out, entry_of(cell));
        char *cell_name = doc_cell_name(cell);
        for (size_t k = 0; k < n_counters; k++) {
            double v = doc_figure(cell, counters[k], "median");
            if (!isfinite(v) || metric_is_free_count(counters[k]))
                continue;
            char name[512];
            snprintf(name, sizeof name, "%s: %s", cell_name ? cell_name : "", counters[k]);
            json_array_append_new(out, json_pack("{s:s, s:s, s:f}", "name", name, "unit",
                                                 counter_unit(counters[k]), "value", v));
        }
        free(cell_name);
    }
    return out;
}
