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
#include "result/doc_text.h"
#include "util/escape.h"

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

static bool same_str(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static bool same_picture(const json_t *a, const json_t *b)
{
    return same_str(doc_str(a, "workload"), doc_str(b, "workload")) &&
           same_str(doc_input_name(a), doc_input_name(b));
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
        for (size_t k = 0; k < sizeof values / sizeof values[0]; k++) {
            fputc('\t', f);
            plot_write_number(f, values[k]);
        }
        fputc('\n', f);
    }
}

static int plot_latency_one(const json_t *doc, size_t key, bool *done, size_t n_cells,
                            const struct plot_options *o, struct plot_files *out, struct verr *err)
{
    const json_t *kc = doc_cell(doc, key);
    const char *workload = doc_str(kc, "workload"), *input = doc_input_name(kc);
    char label[512], name[340], stem[320];
    snprintf(label, sizeof label, "%s%s%s", workload ? workload : "(unnamed)", input ? " · " : "",
             input ? input : "");
    char *slug = plot_slug(label);
    if (slug == NULL)
        return verr_set(err, "out of memory");
    snprintf(stem, sizeof stem, "%s-latency", slug);
    snprintf(name, sizeof name, "%s.tsv", stem);
    char *data = NULL;
    FILE *f = plot_data_open(o, name, PLOT_NO_GROUP, out, &data, err);
    int rc = f == NULL ? -1 : 0;
    if (f != NULL) {
        fputs("# ", f);
        escape_tsv(f, label);
        fputs(": request latency against percentile (nearest rank, median over runs), one block "
              "per runner and case; seconds\n",
              f);
        bool first = true;
        for (size_t i = key; i < n_cells; i++) {
            const json_t *c = doc_cell(doc, i);
            if (done[i] || !usable(c) || !same_picture(c, kc))
                continue;
            done[i] = true;
            if (!first)
                fputs("\n\n", f);
            first = false;
            write_block(f, c);
        }
        rc = plot_data_close(f, data, err);
    }
    if (rc == 0) {
        char *machine = doc_machine_line(doc);
        char title[1024];
        snprintf(title, sizeof title, "%s · request latency by percentile\n%s", label,
                 machine ? machine : "");
        free(machine);
        rc = plot_render(o, "latency.gp", data, stem, title, NULL, 0, "latency", PLOT_NO_GROUP,
                         label, out, err);
    }
    free(data);
    free(slug);
    return rc;
}

int plot_latency(const json_t *doc, const struct plot_options *o, struct plot_files *out,
                 struct verr *err)
{
    size_t n_cells = json_array_size(json_object_get(doc, "cells"));
    bool *done = calloc(n_cells + 1, sizeof *done);
    if (done == NULL)
        return verr_set(err, "out of memory");
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n_cells; i++)
        if (!done[i] && usable(doc_cell(doc, i)))
            rc = plot_latency_one(doc, i, done, n_cells, o, out, err);
    free(done);
    return rc;
}
