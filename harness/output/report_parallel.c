/*
 * report_parallel.c - the "Parallel speed-up" section of a report (see report.h): the GIL
 * claim's table.
 *
 * Takes the verified cells of workload "parallel" (runners/README.md) and gives, per runner
 * and worker count W (the runner's own `workers` metric, so W = 0 "all cores" shows the count
 * it used), the median compute time (metrics.compute_s: pool or threads started to the last
 * result, interpreter start-up excluded), the speed-up against the same runner's W = 1 cell
 * with the same tasks and rounds (median over median), the parallel efficiency (speed-up / W,
 * the usual definition: Amdahl 1967; Hennessy and Patterson), the process's median CPU time
 * (user + system, waited-for worker processes included) and median peak RSS (wait4's
 * ru_maxrss: the largest single process, not the sum over worker processes; BIAS.md) and the
 * process tree's peak (tree_peak_rss_bytes: the memory timeline's sum over its processes). A runner
 * without a verified W = 1 cell shows "—" for speed-up and efficiency. Prints nothing when the
 * result has no such cell.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "output/report.h"
#include "output/report_format.h"
#include "result/doc.h"
#include "util/metric.h"

#define PARALLEL_WORKLOAD "parallel"

/* True when cell is a verified cell of the parallel workload with its figures. */
static bool usable(const json_t *cell)
{
    const char *w = doc_str(cell, "workload"), *v = doc_verdict(cell);
    return cell != NULL && w != NULL && strcmp(w, PARALLEL_WORKLOAD) == 0 && v != NULL &&
           strcmp(v, "verified") == 0 &&
           isfinite(doc_figure(cell, "metrics.compute_s", "median")) &&
           isfinite(doc_figure(cell, "metrics.workers", "median"));
}

/* True when a and b are the same runner on the same input, tasks and rounds. */
static bool same_series(const json_t *a, const json_t *b)
{
    const json_t *pa = json_object_get(a, "parameters"), *pb = json_object_get(b, "parameters");
    const char *ra = doc_str(a, "runner"), *rb = doc_str(b, "runner");
    const char *ia = doc_input_name(a), *ib = doc_input_name(b);
    return ra != NULL && rb != NULL && strcmp(ra, rb) == 0 &&
           (ia == ib || (ia != NULL && ib != NULL && strcmp(ia, ib) == 0)) &&
           doc_num(pa, "tasks") == doc_num(pb, "tasks") &&
           doc_num(pa, "rounds") == doc_num(pb, "rounds");
}

/* The median compute time of cell's series at one worker, or NaN. */
static double one_worker_time(const json_t *doc, const json_t *cell)
{
    const json_t *other;
    for (size_t i = 0; (other = doc_cell(doc, i)) != NULL; i++) {
        if (usable(other) && same_series(cell, other) &&
            doc_figure(other, "metrics.workers", "median") == 1.0)
            return doc_figure(other, "metrics.compute_s", "median");
    }
    return NAN;
}

static void row(struct report_out *o, const json_t *doc, const json_t *cell)
{
    const json_t *prm = json_object_get(cell, "parameters");
    double w = doc_figure(cell, "metrics.workers", "median");
    double t = doc_figure(cell, "metrics.compute_s", "median");
    double speedup = one_worker_time(doc, cell) / t;
    char tasks[48], workers[32], compute[32], sp[32], eff[32], cpu[32], rss[32], tree[32];
    snprintf(tasks, sizeof tasks, "%.0f × %.0f", doc_num(prm, "tasks"), doc_num(prm, "rounds"));
    report_format_fixed(w, "%.0f", workers, sizeof workers);
    report_format_fixed(t * 1e3, "%.1f", compute, sizeof compute);
    report_format_fixed(speedup, "%.2f×", sp, sizeof sp);
    report_format_fixed(100.0 * speedup / w, "%.0f %%", eff, sizeof eff);
    report_format_fixed(doc_figure(cell, METRIC_CPU_S, "median"), "%.3f", cpu, sizeof cpu);
    report_format_fixed(doc_figure(cell, METRIC_MAX_RSS_BYTES, "median") / 1048576.0, "%.1f", rss,
                        sizeof rss);
    report_format_fixed(doc_figure(cell, METRIC_TREE_PEAK_RSS_BYTES, "median") / 1048576.0, "%.1f",
                        tree, sizeof tree);
    const char *runner = doc_str(cell, "runner");
    const char *cells[] = {runner ? runner : "?", tasks, workers, compute, sp, eff, cpu, rss, tree};
    rep_table_row(o, 9, cells);
}

/* True when an earlier usable cell than index i has the same runner as cell i. */
static bool runner_seen_before(const json_t *doc, size_t i)
{
    const char *r = doc_str(doc_cell(doc, i), "runner");
    for (size_t k = 0; k < i; k++) {
        const json_t *c = doc_cell(doc, k);
        const char *rk = doc_str(c, "runner");
        if (usable(c) && r != NULL && rk != NULL && strcmp(r, rk) == 0)
            return true;
    }
    return false;
}

void report_parallel(struct report_out *o, const json_t *doc)
{
    const json_t *cell;
    bool any = false;
    /* Rows by runner (in the order runners first appear), then in the result's order. */
    for (size_t i = 0; (cell = doc_cell(doc, i)) != NULL; i++) {
        if (!usable(cell) || runner_seen_before(doc, i))
            continue;
        if (!any) {
            rep_heading(o, 2, "Parallel speed-up: the GIL claim");
            rep_para(o, "Per runner and worker count W (as the runner used it: \"all cores\" "
                        "shows the count): the median compute time (workers started to the last "
                        "result, start-up excluded), the speed-up over the same runner with one "
                        "worker and its parallel efficiency (speed-up / W), then the process's "
                        "CPU time (worker processes included), its peak RSS (the largest single "
                        "process) and its process tree's peak (the sum over worker processes, "
                        "from the memory timeline). The picture draws the speed-up of the "
                        "process's wall time, start-up included. On a machine whose "
                        "other load takes cores away, no runner can show the speed-up its "
                        "code allows (BIAS.md).");
            static const char *const head[] = {"runner",     "tasks × rounds", "W",
                                               "compute ms", "speed-up",       "efficiency",
                                               "CPU s",      "peak RSS MiB",   "tree peak MiB"};
            rep_table_begin(o, 9, head, "llrrrrrrr");
            any = true;
        }
        const char *runner = doc_str(cell, "runner");
        const json_t *c;
        for (size_t k = i; (c = doc_cell(doc, k)) != NULL; k++) {
            const char *rk = doc_str(c, "runner");
            if (usable(c) && runner != NULL && rk != NULL && strcmp(runner, rk) == 0)
                row(o, doc, c);
        }
    }
    if (any)
        rep_table_end(o);
}
