/*
 * plot_speedup.c - the GIL claim's picture (see plot.h): for the measured cells of workload
 * "parallel" (runners/README.md), speed-up and parallel efficiency against the worker count W,
 * one line per runner, with the ideal line (speed-up = W, efficiency 100 %) (plots/speedup.gp).
 *
 * Takes a versus/1 document; gives one data file and picture per input, task count and round
 * count ("parallel-tasks4-rounds50000-speedup.tsv"). W is the runner's own `workers` metric
 * (so W = 0, "one per core", shows the count it used), else the case's `workers` parameter.
 * Speed-up at W = the runner's median wall time at W = 1 over its median wall time at W (the
 * process's wall time as wait4 measured it, interpreter start-up included: what a user waits
 * for); efficiency = speed-up / W (Amdahl 1967; Hennessy and Patterson, "Computer
 * Architecture", ch. 5). A runner without a measured W = 1 cell has NaN for both (its line is
 * not drawn). Of the cases with the same W (case wcores on a 2-core machine is W = 2, as is
 * w2), the first in the result is drawn and the others left out of the line (the report's table
 * has every case). The in-process compute time (metrics.compute_s, start-up excluded) is written
 * beside it for the reader of the data file; the report's table is built on that one.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/plot.h"
#include "result/doc.h"
#include "util/metric.h"

#define SPEEDUP_WORKLOAD "parallel"

static double workers_of(const json_t *cell)
{
    double w = doc_figure(cell, "metrics.workers", "median");
    if (!isfinite(w) || w <= 0)
        w = doc_num(json_object_get(cell, "parameters"), "workers");
    return isfinite(w) && w > 0 ? w : NAN;
}

/* True when the cell is a measured cell of workload parallel with a wall time and a W. */
static bool usable(const json_t *cell)
{
    const char *w = doc_str(cell, "workload");
    return w != NULL && strcmp(w, SPEEDUP_WORKLOAD) == 0 && doc_measured(cell) &&
           isfinite(doc_figure(cell, METRIC_WALL_S, "median")) && isfinite(workers_of(cell));
}

/* True when a and b are the same input, tasks and rounds (one picture). */
static bool same_series(const json_t *a, const json_t *b)
{
    const json_t *pa = json_object_get(a, "parameters"), *pb = json_object_get(b, "parameters");
    return plot_same_str(doc_input_name(a), doc_input_name(b)) &&
           doc_num(pa, "tasks") == doc_num(pb, "tasks") &&
           doc_num(pa, "rounds") == doc_num(pb, "rounds");
}

/* Writes one runner's block: its cells idx[0..n), sorted here by W. */
static void write_block(FILE *f, const json_t *doc, size_t *idx, size_t n)
{
    plot_sort_cells(doc, idx, n, workers_of);
    double one = NAN;
    for (size_t i = 0; i < n && isnan(one); i++)
        if (workers_of(doc_cell(doc, idx[i])) == 1.0)
            one = doc_figure(doc_cell(doc, idx[i]), METRIC_WALL_S, "median");
    const char *runner = doc_str(doc_cell(doc, idx[0]), "runner");
    plot_write_field(f, runner);
    fputs("\tworkers\twall_median_s\tspeedup\tefficiency\tcompute_median_s\tcpu_median_s\n", f);
    for (size_t i = 0; i < n; i++) {
        const json_t *cell = doc_cell(doc, idx[i]);
        double w = workers_of(cell), wall = doc_figure(cell, METRIC_WALL_S, "median");
        if (i > 0 && workers_of(doc_cell(doc, idx[i - 1])) == w)
            continue; /* "all cores" on a machine with as many cores as another case's W */
        double values[] = {w,
                           wall,
                           one / wall,
                           one / wall / w,
                           doc_figure(cell, "metrics.compute_s", "median"),
                           doc_figure(cell, METRIC_CPU_S, "median")};
        plot_write_field(f, runner);
        plot_write_numbers(f, values, sizeof values / sizeof values[0]);
    }
}

static void speedup_blocks(FILE *f, const json_t *doc, size_t key, bool *done, size_t n_cells,
                           size_t *idx)
{
    plot_runner_blocks(f, doc, key, done, n_cells, idx, usable, same_series, write_block);
}

static int plot_speedup_one(const json_t *doc, size_t key, bool *done, size_t n_cells,
                            const struct plot_options *o, struct plot_files *out, struct verr *err)
{
    static const struct plot_series speedup = {
        "speedup.gp",
        "speedup",
        "-speedup",
        "speed-up and efficiency against workers",
        "per runner, speed-up (median wall at W = 1 / median wall at W) and efficiency "
        "(speed-up / W) against W, one row per W (the first case with it); seconds",
        speedup_blocks};
    const json_t *kc = doc_cell(doc, key);
    const json_t *prm = json_object_get(kc, "parameters");
    const char *input = doc_input_name(kc);
    char label[512];
    snprintf(label, sizeof label, "%s%s%s · %.0f tasks × %.0f rounds", SPEEDUP_WORKLOAD,
             input ? " · " : "", input ? input : "", doc_num(prm, "tasks"), doc_num(prm, "rounds"));
    return plot_series_draw(doc, key, done, n_cells, label, &speedup, o, out, err);
}

int plot_speedup(const json_t *doc, const struct plot_options *o, struct plot_files *out,
                 struct verr *err)
{
    return plot_each_series(doc, usable, plot_speedup_one, o, out, err);
}
