/*
 * plot_result.c - the pictures of one versus/1 result document (see plot.h): per group, wall
 * time, CPU time, peak RSS and, when simulated, instructions per runner (plots/bars.gp); per agent
 * workload, task latency p95 and CPU against concurrency (plots/agent.gp); per group with memory
 * timelines, resident memory against time, one line per runner (plots/timeline.gp).
 *
 * Bars show the median with p5 to p95 whiskers: the median is what every versus figure quotes
 * (robust to the odd slow run on a shared machine, METHODOLOGY.md), the whiskers the spread a
 * reader needs to judge whether two bars differ. A summary without p5 or p95 (an imported
 * hyperfine result gives no percentiles) is drawn without whiskers, never with made-up ones.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/plot.h"
#include "result/doc.h"
#include "result/doc_text.h"
#include "util/escape.h"
#include "util/metric.h"

/* The bar charts of a group: kind (the METRIC argument of bars.gp) and summary field. The
 * instruction count (--counters simulate) is last, and its columns are written only when a cell
 * of the group has one, so a document without counters gives the data files it always gave. */
static const struct {
    const char *kind;
    const char *metric;
} BARS[] = {{"wall", METRIC_WALL_S},
            {"cpu", METRIC_CPU_S},
            {"rss", METRIC_MAX_RSS_BYTES},
            {"instructions", METRIC_INSTRUCTIONS}};
#define N_BARS (sizeof BARS / sizeof BARS[0])

#define TITLE_MAX 1024

/* "grep · brown · literal (pattern=President)\nAMD EPYC, 2 cores · 2026-11-21T15:02:11Z". */
static void group_title(const json_t *doc, const json_t *cell, const char *label, char *out,
                        size_t len)
{
    char *params = doc_parameters_text(cell);
    char *machine = doc_machine_line(doc);
    snprintf(out, len, "%s%s%s%s\n%s", label, params && *params ? " (" : "",
             params && *params ? params : "", params && *params ? ")" : "", machine ? machine : "");
    free(params);
    free(machine);
}

/* The median, p5 and p95 of metric; p5 and p95 fall back to the median when absent. */
static void write_spread(FILE *f, const json_t *cell, const char *metric, bool *has)
{
    double med = doc_figure(cell, metric, "median");
    double p5 = doc_figure(cell, metric, "p5");
    double p95 = doc_figure(cell, metric, "p95");
    if (isfinite(med))
        *has = true;
    fputc('\t', f);
    plot_write_number(f, med);
    fputc('\t', f);
    plot_write_number(f, isfinite(p5) ? p5 : med);
    fputc('\t', f);
    plot_write_number(f, isfinite(p95) ? p95 : med);
}

static int plot_group_bars(const json_t *doc, size_t gi, const struct doc_group *g,
                           const struct plot_options *o, struct plot_files *out, struct verr *err)
{
    size_t measured = 0;
    for (size_t k = 0; k < g->n; k++)
        measured += doc_has_summary(doc_cell(doc, g->cells[k]));
    if (measured == 0)
        return 0; /* every cell failed or was skipped: nothing to draw */
    const json_t *first = doc_cell(doc, g->cells[0]);
    char *label = doc_group_label(first);
    char *slug = plot_group_stem(first);
    if (slug == NULL || label == NULL) {
        free(slug);
        free(label);
        return verr_set(err, "out of memory");
    }
    char stem[128], name[160];
    snprintf(stem, sizeof stem, "%02zu-%s", gi + 1, slug);
    snprintf(name, sizeof name, "%s.tsv", stem);
    char *data = NULL;
    int rc = 0;
    FILE *f = plot_data_open(o, name, gi, out, &data, err);
    if (f == NULL) {
        rc = -1;
        goto done;
    }
    fputs("# ", f);
    escape_tsv(f, label); /* a newline in a name would start a data row */
    fputs(": median, p5, p95 per runner; seconds and bytes\n", f);
    size_t n_bars = N_BARS - 1;
    for (size_t k = 0; k < g->n; k++)
        if (isfinite(doc_figure(doc_cell(doc, g->cells[k]), METRIC_INSTRUCTIONS, "median")))
            n_bars = N_BARS;
    fputs("# runner\twall_s\tp5\tp95\tcpu_s\tp5\tp95\tmax_rss_bytes\tp5\tp95", f);
    fputs(n_bars == N_BARS ? "\tinstructions\tp5\tp95\n" : "\n", f);
    bool has[N_BARS] = {false};
    for (size_t k = 0; k < g->n; k++) {
        const json_t *cell = doc_cell(doc, g->cells[k]);
        if (!doc_has_summary(cell))
            continue;
        plot_write_field(f, doc_str(cell, "runner"));
        for (size_t b = 0; b < n_bars; b++)
            write_spread(f, cell, BARS[b].metric, &has[b]);
        fputc('\n', f);
    }
    if (plot_data_close(f, data, err) != 0) {
        rc = -1;
        goto done;
    }
    char title[TITLE_MAX];
    group_title(doc, first, label, title, sizeof title);
    for (size_t b = 0; rc == 0 && b < N_BARS; b++) {
        if (!has[b])
            continue;
        char image_stem[160];
        snprintf(image_stem, sizeof image_stem, "%s-%s", stem, BARS[b].kind);
        const char *extra[] = {BARS[b].kind};
        rc = plot_render(o, "bars.gp", data, image_stem, title, extra, 1, BARS[b].kind, gi, label,
                         out, err);
    }
done:
    free(data);
    free(slug);
    free(label);
    return rc;
}

/* The memory timeline a cell is drawn with: its last measured sample's rss_timeline.points
 * (borrowed), or NULL when it has none (failed, skipped, or measured with --rss-interval 0). */
static const json_t *timeline_of(const json_t *cell)
{
    if (!doc_has_summary(cell))
        return NULL;
    json_t *measured = doc_measured_samples(cell);
    const json_t *points = NULL;
    for (size_t i = json_array_size(measured); i-- > 0 && points == NULL;) {
        const json_t *p =
            json_object_get(json_object_get(json_array_get(measured, i), "rss_timeline"), "points");
        if (json_array_size(p) > 0)
            points = p;
    }
    json_decref(measured);
    return points; /* owned by the document, not by the measured array */
}

/* The group's resident memory against time, one line per runner (plots/timeline.gp): the data
 * file NN-stem-timeline.tsv holds one block per runner, a header row naming it, then
 * "t_s<TAB>bytes" rows. Nothing when no cell has a timeline. */
static int plot_group_timeline(const json_t *doc, size_t gi, const struct doc_group *g,
                               const struct plot_options *o, struct plot_files *out,
                               struct verr *err)
{
    size_t drawn = 0;
    for (size_t k = 0; k < g->n; k++)
        drawn += timeline_of(doc_cell(doc, g->cells[k])) != NULL;
    if (drawn == 0)
        return 0;
    const json_t *first = doc_cell(doc, g->cells[0]);
    char *label = doc_group_label(first);
    char *slug = plot_group_stem(first);
    char *data = NULL;
    int rc = -1;
    if (slug == NULL || label == NULL) {
        verr_set(err, "out of memory");
        goto done;
    }
    char stem[160], name[180];
    snprintf(stem, sizeof stem, "%02zu-%s-timeline", gi + 1, slug);
    snprintf(name, sizeof name, "%s.tsv", stem);
    FILE *f = plot_data_open(o, name, gi, out, &data, err);
    if (f == NULL)
        goto done;
    fprintf(f,
            "# %s: resident set of each runner's process tree against time (last measured "
            "run); blocks per runner\n",
            label);
    size_t block = 0;
    for (size_t k = 0; k < g->n; k++) {
        const json_t *cell = doc_cell(doc, g->cells[k]);
        const json_t *points = timeline_of(cell);
        if (points == NULL)
            continue;
        if (block++ > 0)
            fputs("\n\n", f);
        plot_write_field(f, doc_str(cell, "runner"));
        fputs("\tbytes\n", f);
        size_t i;
        const json_t *pt;
        json_array_foreach(points, i, pt)
        {
            plot_write_number(f, json_number_value(json_array_get(pt, 0)));
            fputc('\t', f);
            plot_write_number(f, json_number_value(json_array_get(pt, 1)));
            fputc('\n', f);
        }
    }
    if (plot_data_close(f, data, err) != 0)
        goto done;
    char title[TITLE_MAX];
    group_title(doc, first, label, title, sizeof title);
    rc = plot_render(o, "timeline.gp", data, stem, title, NULL, 0, "timeline", gi, label, out, err);
done:
    free(data);
    free(slug);
    free(label);
    return rc;
}

/* True when the cell has what the agent picture needs: a task latency p95 and a concurrency. */
static bool agent_cell(const json_t *cell)
{
    return isfinite(doc_figure(cell, "metrics.task_latency_s", "p95")) &&
           isfinite(doc_num(json_object_get(cell, "parameters"), "concurrency"));
}

static double concurrency_of(const json_t *cell)
{
    return doc_num(json_object_get(cell, "parameters"), "concurrency");
}

/* Writes one runner's block of the agent data file: the cells idx[0..n) of that runner, in
 * increasing concurrency. */
static void write_agent_block(FILE *f, const json_t *doc, size_t *idx, size_t n)
{
    plot_sort_cells(doc, idx, n, concurrency_of);
    const char *runner = doc_str(doc_cell(doc, idx[0]), "runner");
    plot_write_field(f, runner);
    fputs("\tconcurrency\tlatency_p95_s\tlatency_median_s\tcpu_s\tcpu_p5_s\tcpu_p95_s\t"
          "max_rss_bytes\tideal_s\n",
          f);
    for (size_t i = 0; i < n; i++) {
        const json_t *cell = doc_cell(doc, idx[i]);
        const json_t *prm = json_object_get(cell, "parameters");
        plot_write_field(f, runner);
        double values[] = {
            concurrency_of(cell),
            doc_figure(cell, "metrics.task_latency_s", "p95"),
            doc_figure(cell, "metrics.task_latency_s", "median"),
            doc_figure(cell, METRIC_CPU_S, "median"),
            doc_figure(cell, METRIC_CPU_S, "p5"),
            doc_figure(cell, METRIC_CPU_S, "p95"),
            doc_figure(cell, METRIC_MAX_RSS_BYTES, "median"),
            doc_num(prm, "calls") * doc_num(prm, "latency_ms") / 1000.0,
        };
        if (!isfinite(values[4]))
            values[4] = values[3];
        if (!isfinite(values[5]))
            values[5] = values[3];
        plot_write_numbers(f, values, sizeof values / sizeof values[0]);
    }
}

static bool same_workload_input(const json_t *a, const json_t *b)
{
    return plot_same_str(doc_str(a, "workload"), doc_str(b, "workload")) &&
           plot_same_str(doc_input_name(a), doc_input_name(b));
}

/* The agent picture of the cells agent_cell accepts with the workload and input of cell
 * `key`; every such cell's index is marked in done[]. */
static void agent_blocks(FILE *f, const json_t *doc, size_t key, bool *done, size_t n_cells,
                         size_t *idx)
{
    plot_runner_blocks(f, doc, key, done, n_cells, idx, agent_cell, same_workload_input,
                       write_agent_block);
}

static int plot_agent_one(const json_t *doc, size_t key, bool *done, size_t n_cells,
                          const struct plot_options *o, struct plot_files *out, struct verr *err)
{
    static const struct plot_series agent = {
        "agent.gp",
        "agent",
        "-concurrency",
        "task latency p95 and CPU time against concurrency",
        "per runner, task latency and CPU against concurrency; seconds, bytes",
        agent_blocks};
    char label[512];
    plot_workload_label(doc_cell(doc, key), label, sizeof label);
    return plot_series_draw(doc, key, done, n_cells, label, &agent, o, out, err);
}

static int plot_agent(const json_t *doc, const struct plot_options *o, struct plot_files *out,
                      struct verr *err)
{
    return plot_each_series(doc, agent_cell, plot_agent_one, o, out, err);
}

int plot_result(const json_t *doc, const struct plot_options *o, struct plot_files *out,
                struct verr *err)
{
    struct doc_groups groups;
    if (doc_group_cells(doc, &groups, err) != 0)
        return -1;
    int rc = 0;
    for (size_t gi = 0; rc == 0 && gi < groups.n; gi++)
        rc = plot_group_bars(doc, gi, &groups.groups[gi], o, out, err);
    for (size_t gi = 0; rc == 0 && gi < groups.n; gi++)
        rc = plot_group_timeline(doc, gi, &groups.groups[gi], o, out, err);
    doc_groups_free(&groups);
    if (rc == 0)
        rc = plot_agent(doc, o, out, err);
    if (rc == 0)
        rc = plot_speedup(doc, o, out, err);
    if (rc == 0)
        rc = plot_latency(doc, o, out, err);
    return rc;
}
