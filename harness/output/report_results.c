/*
 * report_results.c - the "Results" and "Failures" sections of a report (see report.h).
 *
 * One table per workload, input and case, with the columns of the terminal table (table.h)
 * so that the report and the run's own output read alike, plus each in-process metric the
 * runners reported (median / p95), and the median simulated instruction count when measured.
 * "× fastest" divides a runner's median wall time by the
 * smallest median of the group. The group's wall, CPU and RSS pictures follow its table, or,
 * in the HTML report, the place of its interactive chart (report_html.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/report.h"
#include "output/report_format.h"
#include "output/report_html.h"
#include "output/rows.h"
#include "result/doc.h"
#include "result/doc_text.h"
#include "util/metric.h"
#include "util/textfmt.h"

#define MAX_METRICS 8
#define MAX_COLS (8 + MAX_METRICS) /* runner, 4 figures, instructions, ratio, verified */

static const char *verified_text(const json_t *cell)
{
    const char *v = doc_str(cell, "verdict");
    if (v == NULL)
        return "?";
    if (strcmp(v, "verified") == 0)
        return "✓";
    if (strcmp(v, "ok") == 0)
        return "ok (not compared)";
    if (strcmp(v, "failed") == 0)
        return "✗ failed";
    return v;
}

static void group_intro(struct report_out *o, const json_t *cell)
{
    const json_t *input = json_object_get(cell, "input");
    const char *ref = doc_str(cell, "reference_runner");
    char *params = doc_parameters_text(cell);
    bool has_params = params != NULL && *params;
    if (doc_input_name(cell) == NULL && !has_params && ref == NULL) {
        free(params);
        return; /* versus cmd, or an import: nothing to say */
    }
    rep_para_begin(o);
    if (doc_input_name(cell) != NULL) {
        char size[32] = "";
        double bytes = doc_num(input, "bytes");
        if (isfinite(bytes))
            textfmt_bytes(bytes, size, sizeof size);
        rep_textf(o, "Input %s%s%s%s. ", doc_input_name(cell), *size ? " (" : "", size,
                  *size ? ")" : "");
    }
    if (has_params) {
        rep_text(o, "Parameters: ");
        rep_code(o, params);
        rep_text(o, ". ");
    }
    if (ref != NULL)
        rep_textf(o, "Outputs compared with %s's.", ref);
    rep_para_end(o);
    free(params);
}

/* Writes the figure of metric into the next column of a row. */
static void put_value(char v[][96], const char **row, size_t *c, const char *metric, double x)
{
    report_format_value(metric, x, v[*c], 96);
    row[*c] = v[*c];
    (*c)++;
}

static void group_table(struct report_out *o, const json_t *doc, const struct doc_group *g)
{
    struct rows rows;
    if (rows_of_group(doc, g, &rows) != 0)
        return;
    const char *metrics[MAX_METRICS];
    size_t nm = rows_metric_names(&rows, metrics, MAX_METRICS);
    const char *head[MAX_COLS];
    char mhead[MAX_METRICS][80];
    char align[MAX_COLS + 1];
    size_t nc = 0;
    head[nc++] = "runner";
    head[nc++] = "median";
    head[nc++] = "p95";
    head[nc++] = "CPU";
    head[nc++] = "peak RSS";
    bool instructions = rows_have_instructions(&rows);
    if (instructions)
        head[nc++] = "instructions";
    for (size_t i = 0; i < nm; i++) {
        snprintf(mhead[i], sizeof mhead[i], "%s (median / p95)", metrics[i]);
        head[nc++] = mhead[i];
    }
    head[nc++] = "× fastest";
    head[nc++] = "verified";
    for (size_t i = 0; i < nc; i++)
        align[i] = i == 0 || i == nc - 1 ? 'l' : 'r';
    align[nc] = '\0';

    rep_table_begin(o, nc, head, align);
    for (size_t k = 0; k < rows.n; k++) {
        const struct row *r = &rows.rows[k];
        char v[MAX_COLS][96];
        const char *row[MAX_COLS];
        size_t c = 0;
        row[c++] = doc_str(r->cell, "runner");
        put_value(v, row, &c, METRIC_WALL_S, r->median_s);
        put_value(v, row, &c, METRIC_WALL_S, r->p95_s);
        put_value(v, row, &c, METRIC_CPU_S, r->cpu_s);
        put_value(v, row, &c, METRIC_MAX_RSS_BYTES, r->rss_bytes);
        if (instructions)
            put_value(v, row, &c, METRIC_INSTRUCTIONS, r->instructions);
        for (size_t i = 0; i < nm; i++) {
            char key[80], med[40], p95[40];
            snprintf(key, sizeof key, "metrics.%s", metrics[i]);
            report_format_value(metrics[i], doc_figure(r->cell, key, "median"), med, sizeof med);
            report_format_value(metrics[i], doc_figure(r->cell, key, "p95"), p95, sizeof p95);
            snprintf(v[c], 96, "%s / %s", med, p95);
            row[c] = v[c];
            c++;
        }
        if (isfinite(r->ratio))
            snprintf(v[c], 96, "%.2f", r->ratio);
        else
            snprintf(v[c], 96, "—");
        row[c] = v[c];
        c++;
        row[c++] = verified_text(r->cell);
        rep_table_row(o, nc, row);
    }
    rep_table_end(o);
    rows_free(&rows);
}

int report_pictures(struct report_out *o, const struct plot_files *plots, const char *kind,
                    size_t group, const char *what, struct verr *err)
{
    for (size_t i = 0; plots != NULL && i < plots->n; i++) {
        const struct plot_file *pf = &plots->files[i];
        if (pf->format != PLOT_PNG || strcmp(pf->kind, kind) != 0 ||
            (group != PLOT_NO_GROUP && pf->group != group))
            continue;
        char alt[600];
        snprintf(alt, sizeof alt, "%s: %s", pf->label ? pf->label : "", what);
        if (rep_image(o, pf->path, alt, err) != 0)
            return -1;
    }
    return 0;
}

/* The last lines of a stderr tail (at most max_bytes of them, from a line start). */
static const char *tail_lines(const char *text, size_t max_bytes)
{
    size_t len = strlen(text);
    if (len <= max_bytes)
        return text;
    const char *p = text + len - max_bytes;
    const char *nl = strchr(p, '\n');
    return nl != NULL && nl[1] != '\0' ? nl + 1 : p;
}

static void failures(struct report_out *o, const json_t *doc)
{
    rep_heading(o, 2, "Failures");
    size_t i, n = 0;
    const json_t *cell;
    json_array_foreach(json_object_get(doc, "cells"), i, cell)
    {
        const char *v = doc_str(cell, "verdict");
        if (v == NULL || strcmp(v, "failed") == 0 || strcmp(v, "skipped") == 0)
            n++;
    }
    if (n == 0) {
        rep_para(o, "None: every cell ran, and every output that was compared matched the "
                    "reference runner's.");
        return;
    }
    rep_para_begin(o);
    rep_textf(o, "%zu cell%s failed or %s skipped; %s kept out of every figure above.", n,
              n == 1 ? "" : "s", n == 1 ? "was" : "were", n == 1 ? "it is" : "they are");
    rep_para_end(o);
    json_array_foreach(json_object_get(doc, "cells"), i, cell)
    {
        const char *v = doc_str(cell, "verdict");
        if (v != NULL && strcmp(v, "failed") != 0 && strcmp(v, "skipped") != 0)
            continue;
        char *label = doc_group_label(cell);
        const char *reason = doc_str(cell, "reason");
        const char *runner = doc_str(cell, "runner");
        rep_para_begin(o);
        rep_strong(o, label ? label : "?");
        rep_textf(o, " · %s: %s — %s", runner ? runner : "?", v ? v : "no verdict",
                  reason ? reason : "no reason recorded");
        rep_para_end(o);
        const char *tail = doc_str(cell, "stderr_tail");
        if (tail != NULL && *tail)
            rep_pre(o, tail_lines(tail, 1200));
        free(label);
    }
}

int report_results(struct report_out *o, const json_t *doc, const struct report_options *ro,
                   struct verr *err)
{
    struct doc_groups groups;
    if (doc_group_cells(doc, &groups, err) != 0)
        return -1;
    rep_heading(o, 2, "Results");
    bool charts = o->n_scripts > 0; /* the HTML page draws its own charts (report_html.h) */
    if (charts) {
        rep_para(o, "Each chart: the wall time of every measured run, one line per runner; "
                    "hover a run for its wall time, CPU time and peak RSS. Click a column "
                    "heading to sort a table.");
    } else if (ro->plots_note != NULL) {
        rep_para_begin(o);
        rep_text(o, "No pictures: ");
        rep_text(o, ro->plots_note);
        rep_para_end(o);
    } else {
        rep_para(o, "Each picture: a bar at the median, whiskers from the 5th to the 95th "
                    "percentile of the measured runs.");
    }
    if (groups.n == 0)
        rep_para(o, "The result has no cells.");
    int rc = 0;
    for (size_t gi = 0; rc == 0 && gi < groups.n; gi++) {
        const json_t *first = doc_cell(doc, groups.groups[gi].cells[0]);
        char *label = doc_group_label(first);
        rep_heading(o, 3, label ? label : "?");
        free(label);
        group_intro(o, first);
        group_table(o, doc, &groups.groups[gi]);
        if (charts) {
            report_html_chart(o, gi);
            continue;
        }
        static const struct {
            const char *kind, *what;
        } bars[] = {{"wall", "wall time per runner (median, p5 to p95)"},
                    {"cpu", "CPU time per runner (median, p5 to p95)"},
                    {"rss", "peak RSS per runner (median, p5 to p95)"},
                    {"instructions", "simulated instructions per runner (median, p5 to p95)"},
                    {"timeline", "resident memory of each runner's process tree against time "
                                 "(its last measured run)"}};
        for (size_t b = 0; rc == 0 && b < sizeof bars / sizeof bars[0]; b++)
            rc = report_pictures(o, ro->plots, bars[b].kind, gi, bars[b].what, err);
    }
    doc_groups_free(&groups);
    bool agent = false;
    for (size_t i = 0; ro->plots != NULL && i < ro->plots->n; i++)
        agent = agent || (ro->plots->files[i].format == PLOT_PNG &&
                          strcmp(ro->plots->files[i].kind, "agent") == 0);
    if (rc == 0 && agent) {
        rep_heading(o, 3, "Against concurrency");
        rep_para(o, "Task latency p95 (each task's own latency, over every task of every "
                    "measured run) and the process's CPU time per run, against the number of "
                    "tasks in flight; the dashed line is the ideal latency (calls × model "
                    "latency).");
        rc = report_pictures(o, ro->plots, "agent", PLOT_NO_GROUP,
                             "task latency p95 and CPU time against concurrency", err);
    }
    if (rc == 0)
        failures(o, doc);
    return rc;
}
