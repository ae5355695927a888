/*
 * plot_latency.c - the GC-pause claim's picture (see plot.h): a latency percentile
 * distribution in HdrHistogram's style (Gil Tene, HdrHistogram's HistogramLogAnalyzer and
 * "How NOT to measure latency"): request latency against percentile, the percentile on a log
 * scale of 1 / (1 - p) so that 90 %, 99 %, 99.9 % and 99.99 % sit a decade apart, one line per
 * runner and case (plots/latency.gp).
 *
 * Takes a versus/1 document; draws the measured cells whose runner reported the request
 * latency percentiles of workload gc-latency (runners/README.md: nearest rank, the value at
 * rank ceil(p × R) of the run's R sorted latencies): metrics p50_s, p90_s, p99_s, p999_s,
 * p9999_s and max_s. Each point is the median over the measured runs of the run's own
 * percentile. The maximum is drawn at 1 / (1 - p) = R (the case's `requests`: rank R is the
 * largest of R values), and a percentile is left out when 1 / (1 - p) > R (it rests on fewer
 * than one request beyond the maximum: it is the maximum). One picture per workload and input
 * ("gc-latency-latency.tsv"); a cell without a percentile (older runners sent no p90 or
 * p99.99) is drawn with the points it has.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/plot.h"
#include "result/doc.h"

static const struct {
    const char *metric; /* in the cell's summary */
    double p;           /* the quantile; 1 for the maximum */
    const char *label;
} POINTS[] = {{"metrics.p50_s", 0.50, "50%"},        {"metrics.p90_s", 0.90, "90%"},
              {"metrics.p99_s", 0.99, "99%"},        {"metrics.p999_s", 0.999, "99.9%"},
              {"metrics.p9999_s", 0.9999, "99.99%"}, {"metrics.max_s", 1.0, "max"}};
#define N_POINTS (sizeof POINTS / sizeof POINTS[0])

static bool usable(const json_t *cell)
{
    return doc_measured(cell) && isfinite(doc_figure(cell, "metrics.p50_s", "median")) &&
           isfinite(doc_figure(cell, "metrics.max_s", "median"));
}

static bool same_picture(const json_t *a, const json_t *b)
{
    return plot_same_str(doc_str(a, "workload"), doc_str(b, "workload")) &&
           plot_same_str(doc_input_name(a), doc_input_name(b));
}

/* One cell's block: a header naming "runner · case", then one row per percentile drawn:
 * label, quantile, 1 / (1 - p), latency (s), requests per run. */
static void write_block(FILE *f, const json_t *cell)
{
    const char *runner = doc_str(cell, "runner"), *kase = doc_case_name(cell);
    char line[256];
    snprintf(line, sizeof line, "%s%s%s", runner ? runner : "?", kase ? " · " : "",
             kase ? kase : "");
    plot_write_field(f, line);
    fputs("\tquantile\tone_over_1_minus_p\tlatency_median_s\trequests\n", f);
    double requests = doc_num(json_object_get(cell, "parameters"), "requests");
    for (size_t i = 0; i < N_POINTS; i++) {
        double v = doc_figure(cell, POINTS[i].metric, "median");
        double x = POINTS[i].p < 1.0 ? 1.0 / (1.0 - POINTS[i].p) : requests;
        if (!isfinite(v) || !isfinite(x) || (isfinite(requests) && x > requests))
            continue;
        fputs(POINTS[i].label, f);
        double values[] = {POINTS[i].p, x, v, requests};
        plot_write_numbers(f, values, sizeof values / sizeof values[0]);
    }
}

static void latency_blocks(FILE *f, const json_t *doc, size_t key, bool *done, size_t n_cells,
                           size_t *idx)
{
    (void)idx;
    bool first = true;
    for (size_t i = key; i < n_cells; i++) {
        const json_t *c = doc_cell(doc, i);
        if (done[i] || !usable(c) || !same_picture(c, doc_cell(doc, key)))
            continue;
        done[i] = true;
        if (!first)
            fputs("\n\n", f);
        first = false;
        write_block(f, c);
    }
}

static int plot_latency_one(const json_t *doc, size_t key, bool *done, size_t n_cells,
                            const struct plot_options *o, struct plot_files *out, struct verr *err)
{
    static const struct plot_series latency = {
        "latency.gp",
        "latency",
        "-latency",
        "request latency by percentile",
        "request latency against percentile (nearest rank, median over runs), one block per "
        "runner and case; seconds",
        latency_blocks};
    char label[512];
    plot_workload_label(doc_cell(doc, key), label, sizeof label);
    return plot_series_draw(doc, key, done, n_cells, label, &latency, o, out, err);
}

int plot_latency(const json_t *doc, const struct plot_options *o, struct plot_files *out,
                 struct verr *err)
{
    return plot_each_series(doc, usable, plot_latency_one, o, out, err);
}
