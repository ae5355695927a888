/*
 * report_language.c - the report's sections on the documents' language claims (see report.h,
 * issue 14): the GIL claim (workload parallel: report_parallel's table, then the speed-up
 * pictures), the garbage-collector pause claim (gc-latency: request latency percentiles, pauses
 * above 1 ms, CPU and memory, then the latency-distribution pictures), the long-run memory
 * claim (agent-soak: growth slope and peaks, then each group's memory timeline) and the
 * Polars / pandas claim (dataframe: load, each question and the whole, then pandas' time over
 * Polars' per question).
 *
 * Takes a versus/1 document and the pictures plot_result drew (plot.h; kinds "speedup",
 * "latency", "timeline"); gives tables of the measured cells (verdict verified or ok) of each
 * workload, one row per runner, case and input, every figure the median over the measured
 * runs (the runner's own metrics: runners/README.md; wall, CPU and peak RSS from wait4; the
 * process tree's peak and growth from the memory timeline, rss_timeline.h). A section is left
 * out when the result has no measured cell of its workload. Errors: a picture that cannot be
 * read (rep_image), -1 with err set.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/report.h"
#include "output/report_format.h"
#include "result/doc.h"
#include "util/metric.h"

#define MAX_LANG_COLS 12

/* One column: its heading, the summary figure (doc_figure's metric), a scale (1e3: seconds
 * shown in ms; 1 / 2^20: bytes in MiB) and a printf format. */
struct lang_col {
    const char *head;
    const char *metric;
    double scale;
    const char *format;
};

#define MIB (1.0 / 1048576.0)

static const struct lang_col GC_COLS[] = {
    {"p50 ms", "metrics.p50_s", 1e3, "%.3f"},
    {"p99 ms", "metrics.p99_s", 1e3, "%.3f"},
    {"p99.9 ms", "metrics.p999_s", 1e3, "%.3f"},
    {"max ms", "metrics.max_s", 1e3, "%.2f"},
    {"pauses > 1 ms", "metrics.pauses", 1.0, "%.0f"},
    {"pause total ms", "metrics.pause_s", 1e3, "%.2f"},
    {"CPU s", METRIC_CPU_S, 1.0, "%.3f"},
    {"peak RSS MiB", METRIC_MAX_RSS_BYTES, MIB, "%.1f"},
    {"tree peak MiB", METRIC_TREE_PEAK_RSS_BYTES, MIB, "%.1f"},
};

static const struct lang_col SOAK_COLS[] = {
    {"wall s", METRIC_WALL_S, 1.0, "%.2f"},
    {"growth MiB/min", METRIC_RSS_GROWTH, 1.0, "%+.2f"},
    {"tree peak MiB", METRIC_TREE_PEAK_RSS_BYTES, MIB, "%.1f"},
    {"peak RSS MiB", METRIC_MAX_RSS_BYTES, MIB, "%.1f"},
    {"CPU s", METRIC_CPU_S, 1.0, "%.2f"},
};

static const struct lang_col DATAFRAME_COLS[] = {
    {"load s", "metrics.load_s", 1.0, "%.3f"},
    {"q1 s", "metrics.q1_s", 1.0, "%.3f"},
    {"q2 s", "metrics.q2_s", 1.0, "%.3f"},
    {"q3 s", "metrics.q3_s", 1.0, "%.3f"},
    {"q4 s", "metrics.q4_s", 1.0, "%.3f"},
    {"q5 s", "metrics.q5_s", 1.0, "%.3f"},
    {"q1–q5 s", "metrics.query_s", 1.0, "%.3f"},
    {"wall s", METRIC_WALL_S, 1.0, "%.3f"},
    {"CPU s", METRIC_CPU_S, 1.0, "%.3f"},
    {"threads", "metrics.threads", 1.0, "%.0f"},
    {"peak RSS MiB", METRIC_MAX_RSS_BYTES, MIB, "%.0f"},
};

#define N_COLS(a) (sizeof(a) / sizeof((a)[0]))

static bool is_workload(const json_t *cell, const char *workload)
{
    const char *w = doc_str(cell, "workload");
    return w != NULL && strcmp(w, workload) == 0 && doc_measured(cell);
}

static bool any_cell(const json_t *doc, const char *workload)
{
    const json_t *cell;
    for (size_t i = 0; (cell = doc_cell(doc, i)) != NULL; i++)
        if (is_workload(cell, workload))
            return true;
    return false;
}

/* "input · case", "case" or "—". */
static void where_text(const json_t *cell, char *out, size_t len)
{
    const char *input = doc_input_name(cell), *kase = doc_case_name(cell);
    snprintf(out, len, "%s%s%s", input ? input : "", input && kase ? " · " : "",
             kase ? kase : (input ? "" : "—"));
}

/* The table of every measured cell of workload: runner, input and case, then cols. */
static void lang_table(struct report_out *o, const json_t *doc, const char *workload,
                       const struct lang_col *cols, size_t ncols)
{
    const char *head[MAX_LANG_COLS + 2] = {"runner", "case"};
    char align[MAX_LANG_COLS + 3] = "ll";
    for (size_t c = 0; c < ncols; c++) {
        head[c + 2] = cols[c].head;
        align[c + 2] = 'r';
    }
    align[ncols + 2] = '\0';
    rep_table_begin(o, ncols + 2, head, align);
    const json_t *cell;
    for (size_t i = 0; (cell = doc_cell(doc, i)) != NULL; i++) {
        if (!is_workload(cell, workload))
            continue;
        char v[MAX_LANG_COLS + 2][64];
        const char *row[MAX_LANG_COLS + 2];
        const char *runner = doc_str(cell, "runner");
        row[0] = runner ? runner : "?";
        where_text(cell, v[1], sizeof v[1]);
        row[1] = v[1];
        for (size_t c = 0; c < ncols; c++) {
            report_format_fixed(doc_figure(cell, cols[c].metric, "median") * cols[c].scale,
                                cols[c].format, v[c + 2], sizeof v[c + 2]);
            row[c + 2] = v[c + 2];
        }
        rep_table_row(o, ncols + 2, row);
    }
    rep_table_end(o);
}

/* The measured dataframe cell of runner with the input and case of like, or NULL. */
static const json_t *engine_cell(const json_t *doc, const json_t *like, const char *runner)
{
    const json_t *cell;
    for (size_t i = 0; (cell = doc_cell(doc, i)) != NULL; i++) {
        const char *r = doc_str(cell, "runner");
        if (is_workload(cell, "dataframe") && r != NULL && strcmp(r, runner) == 0 &&
            doc_same_group(cell, like))
            return cell;
    }
    return NULL;
}

/* Per input and case: pandas' median over Polars' for each timed column (load, q1..q5, the
 * whole, wall), the claim's "5 to 20 times faster" read directly. */
static void dataframe_ratios(struct report_out *o, const json_t *doc)
{
    static const size_t timed[] = {0, 1, 2, 3, 4, 5, 6, 7};
    const char *head[N_COLS(timed) + 1] = {"pandas ÷ polars"};
    char align[N_COLS(timed) + 2] = "l";
    for (size_t c = 0; c < N_COLS(timed); c++) {
        head[c + 1] = DATAFRAME_COLS[timed[c]].head;
        align[c + 1] = 'r';
    }
    align[N_COLS(timed) + 1] = '\0';
    bool begun = false;
    const json_t *cell;
    for (size_t i = 0; (cell = doc_cell(doc, i)) != NULL; i++) {
        const char *r = doc_str(cell, "runner");
        if (!is_workload(cell, "dataframe") || r == NULL || strcmp(r, "pandas") != 0)
            continue;
        const json_t *polars = engine_cell(doc, cell, "polars");
        if (polars == NULL)
            continue;
        if (!begun)
            rep_table_begin(o, N_COLS(timed) + 1, head, align);
        begun = true;
        char v[N_COLS(timed) + 1][64];
        const char *row[N_COLS(timed) + 1];
        where_text(cell, v[0], sizeof v[0]);
        row[0] = v[0];
        for (size_t c = 0; c < N_COLS(timed); c++) {
            const char *m = DATAFRAME_COLS[timed[c]].metric;
            report_format_fixed(doc_figure(cell, m, "median") / doc_figure(polars, m, "median"),
                                "%.2f×", v[c + 1], sizeof v[c + 1]);
            row[c + 1] = v[c + 1];
        }
        rep_table_row(o, N_COLS(timed) + 1, row);
    }
    if (begun)
        rep_table_end(o);
}

/* The timeline pictures of the groups of workload. */
static int group_timelines(struct report_out *o, const json_t *doc, const struct report_options *ro,
                           const char *workload, struct verr *err)
{
    struct doc_groups groups;
    if (doc_group_cells(doc, &groups, err) != 0)
        return -1;
    int rc = 0;
    for (size_t gi = 0; rc == 0 && gi < groups.n; gi++) {
        const char *w = doc_str(doc_cell(doc, groups.groups[gi].cells[0]), "workload");
        if (w != NULL && strcmp(w, workload) == 0)
            rc = report_pictures(o, ro->plots, "timeline", gi,
                                 "resident memory of each runner's process tree against time "
                                 "(its last measured run)",
                                 err);
    }
    doc_groups_free(&groups);
    return rc;
}

int report_language(struct report_out *o, const json_t *doc, const struct report_options *ro,
                    struct verr *err)
{
    report_parallel(o, doc);
    int rc = report_pictures(o, ro->plots, "speedup", PLOT_NO_GROUP,
                             "speed-up (median wall at W = 1 / median wall at W) and efficiency "
                             "against the worker count W; dashed: the ideal",
                             err);
    if (rc == 0 && any_cell(doc, "gc-latency")) {
        rep_heading(o, 2, "Request latency under a live heap: the GC-pause claim");
        rep_para(o, "Per runner and heap case: each request's latency from when it was due "
                    "(no coordinated omission), nearest-rank percentiles of one run's requests, "
                    "the pauses (runs of requests above 1 ms, each as long as its largest "
                    "latency: their number and total length), the process's CPU time, its peak "
                    "RSS and its process tree's; every figure the median over the measured runs. "
                    "A percentile rests on the run's request count: p99.9 of 5 000 requests is "
                    "the 5th largest. The picture draws p50 to p99.99 and the maximum on "
                    "HdrHistogram's 1 / (1 − p) scale.");
        lang_table(o, doc, "gc-latency", GC_COLS, N_COLS(GC_COLS));
        rc = report_pictures(o, ro->plots, "latency", PLOT_NO_GROUP,
                             "request latency against percentile, one line per runner and case",
                             err);
    }
    if (rc == 0 && any_cell(doc, "agent-soak")) {
        rep_heading(o, 2, "Memory over a long run: the long-run memory claim");
        rep_para(o, "Per runner: the agent loop over many tasks with the memory timeline on. "
                    "Growth is the least-squares slope of the process tree's resident set over "
                    "the second half of each run (flat after warm-up: near 0; a run shorter than "
                    "2 s shows —, since its slope would be start-up, not growth), tree peak the "
                    "largest sum over its processes, peak RSS the largest single process "
                    "(wait4); medians over the measured runs. A slope over a short run says "
                    "little about hours: the paper profile runs longest.");
        lang_table(o, doc, "agent-soak", SOAK_COLS, N_COLS(SOAK_COLS));
        rc = group_timelines(o, doc, ro, "agent-soak", err);
    }
    if (rc == 0 && any_cell(doc, "dataframe")) {
        rep_heading(o, 2, "Group-by queries: the Polars / pandas claim");
        rep_para(o, "Per engine and table: loading the CSV, each db-benchmark groupby question "
                    "q1–q5 and their sum (one process answers each question once; medians over "
                    "the measured runs), the process's wall and CPU time, the engine's thread "
                    "count and peak RSS. Polars and DuckDB use every core, pandas one: compare "
                    "CPU time beside wall time. Then pandas' time over Polars' per column.");
        lang_table(o, doc, "dataframe", DATAFRAME_COLS, N_COLS(DATAFRAME_COLS));
        dataframe_ratios(o, doc);
    }
    return rc;
}
