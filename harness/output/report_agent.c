/*
 * report_agent.c - the "Agent loop: the documents' table" section of a report (see report.h).
 *
 * The documents give the agent loop as one table: per program, task latency median and p95 in
 * ms, CPU seconds and peak RSS in MiB, for 2 model calls at fixed latency. This section prints
 * that table for every agent group of the result (every group whose runners report the
 * task_latency_s metric: one per concurrency level), with a row per runner measured here
 * (reference runners and real frameworks alike), then the documents' own rows from the
 * workload's "published" entries (workloads/<workload>.json), labelled as theirs, when they
 * were measured on the group's loop (their "calls" and "latency_ms", when given, equal the
 * group's parameters; otherwise the section says they are left out). Task latency
 * is each task's own latency over every task of every measured run (the runner's metric); CPU
 * and peak RSS are the process's, median over the measured runs. The documents do not state a
 * concurrency for their figures, so their rows are repeated in every group and say so.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/claims.h"
#include "output/report.h"
#include "output/report_format.h"
#include "result/doc.h"
#include "result/doc_text.h"
#include "util/metric.h"

/* True when the cell reports the agent metric task_latency_s (measured or not). */
static bool is_agent_cell(const json_t *cell)
{
    const char *w = doc_str(cell, "workload");
    if (w == NULL)
        return false;
    if (isfinite(doc_figure(cell, "metrics.task_latency_s", "median")))
        return true;
    /* A failed cell has no figures; it belongs to an agent group when its workload does. */
    return strcmp(w, "agent") == 0;
}

static void format_ms(double seconds, char *out, size_t len)
{
    if (isfinite(seconds))
        snprintf(out, len, "%.1f", seconds * 1e3);
    else
        snprintf(out, len, "—");
}

/* "concurrency 10, 100 tasks, 2 calls of 1000 ms (ideal task latency 2000 ms)" from the
 * group's parameters, or the parameters as text when they are not the agent's. */
static void group_intro(struct report_out *o, const json_t *cell)
{
    const json_t *prm = json_object_get(cell, "parameters");
    double conc = doc_num(prm, "concurrency"), tasks = doc_num(prm, "tasks");
    double calls = doc_num(prm, "calls"), lat = doc_num(prm, "latency_ms");
    rep_para_begin(o);
    if (isfinite(conc) && isfinite(tasks) && isfinite(calls) && isfinite(lat))
        rep_textf(o,
                  "Concurrency %.0f, %.0f tasks, %.0f calls of %.0f ms each (ideal task "
                  "latency %.0f ms).",
                  conc, tasks, calls, lat, calls * lat);
    else {
        char *params = doc_parameters_text(cell);
        rep_text(o, "Parameters: ");
        rep_code(o, params ? params : "?");
        rep_text(o, ".");
        free(params);
    }
    rep_para_end(o);
}

static void measured_row(struct report_out *o, const json_t *cell)
{
    char med[32], p95[32], cpu[32], rss[32];
    const char *runner = doc_str(cell, "runner");
    const char *verdict = doc_str(cell, "verdict");
    format_ms(doc_figure(cell, "metrics.task_latency_s", "median"), med, sizeof med);
    format_ms(doc_figure(cell, "metrics.task_latency_s", "p95"), p95, sizeof p95);
    report_format_fixed(doc_figure(cell, METRIC_CPU_S, "median"), "%.2f", cpu, sizeof cpu);
    report_format_fixed(doc_figure(cell, METRIC_MAX_RSS_BYTES, "median") / 1048576.0, "%.1f", rss,
                        sizeof rss);
    char shown[64];
    snprintf(shown, sizeof shown, "here, %s", verdict ? verdict : "no verdict");
    const char *row[] = {runner ? runner : "?", med, p95, cpu, rss, shown};
    rep_table_row(o, 6, row);
}

/* The documents' rows of published that were measured on the loop of prm; returns how many
 * were left out because their loop differs. */
static size_t published_rows(struct report_out *o, const json_t *published, const json_t *prm)
{
    size_t i, other = 0;
    const json_t *pub;
    json_array_foreach(published, i, pub)
    {
        if (!claims_published_applies(pub, prm)) {
            other++;
            continue;
        }
        char med[32], p95[32], cpu[32], rss[32];
        report_format_fixed(doc_num(pub, "median_ms"), "%.0f", med, sizeof med);
        report_format_fixed(doc_num(pub, "p95_ms"), "%.0f", p95, sizeof p95);
        report_format_fixed(doc_num(pub, METRIC_CPU_S), "%.2f", cpu, sizeof cpu);
        report_format_fixed(doc_num(pub, "max_rss_mib"), "%.0f", rss, sizeof rss);
        const char *label = doc_str(pub, "label");
        const char *row[] = {label ? label : "documents",
                             med,
                             p95,
                             cpu,
                             rss,
                             "the documents (concurrency not stated)"};
        rep_table_row(o, 6, row);
    }
    return other;
}

void report_agent(struct report_out *o, const json_t *doc, const struct report_options *ro)
{
    struct doc_groups groups;
    struct verr err;
    if (doc_group_cells(doc, &groups, &err) != 0)
        return;
    bool any = false;
    json_t *published = NULL;
    const char *published_for = NULL;
    for (size_t gi = 0; gi < groups.n; gi++) {
        const struct doc_group *g = &groups.groups[gi];
        const json_t *first = doc_cell(doc, g->cells[0]);
        if (!is_agent_cell(first))
            continue;
        const char *workload = doc_str(first, "workload");
        if (!any) {
            rep_heading(o, 2, "Agent loop: the documents' table");
            rep_para(o, "Per program: task latency (each task's own, over every task of every "
                        "measured run) median and p95 in ms, the process's CPU time (user + "
                        "system) in s and peak RSS in MiB, medians over the measured runs; then "
                        "the documents' own figures for the same loop, as published.");
            any = true;
        }
        if (published_for == NULL || strcmp(published_for, workload) != 0) {
            json_decref(published);
            published = claims_published(ro->workloads_dir, workload);
            published_for = workload;
        }
        char *label = doc_group_label(first);
        rep_heading(o, 3, label ? label : "?");
        free(label);
        group_intro(o, first);
        static const char *const head[] = {"program", "median ms",    "p95 ms",
                                           "CPU s",   "peak RSS MiB", "measured by"};
        rep_table_begin(o, 6, head, "lrrrrl");
        for (size_t k = 0; k < g->n; k++)
            measured_row(o, doc_cell(doc, g->cells[k]));
        size_t other = published_rows(o, published, json_object_get(first, "parameters"));
        rep_table_end(o);
        if (other > 0)
            rep_para(o, "The documents' figures are for another loop (calls or model latency) "
                        "and are left out here; the agent profile \"paper\" runs theirs.");
    }
    json_decref(published);
    doc_groups_free(&groups);
}
