/*
 * report.h - one self-contained report of a result: Markdown or HTML.
 *
 * The HTML report (one file, working offline) has the history dashboard's look and chart
 * library (report_html.h) and puts what a reader came for first: "Key findings" (the claims
 * at a glance and each group's ratios to its fastest runner, each with its 95 % interval),
 * then the results (sortable tables, one interactive chart per group: every run's wall time
 * per runner, hover for the run's wall, CPU and RSS), the agent table, "The claims" in detail
 * and the failures; the environment and the method come last.
 *
 * The Markdown report keeps its pictures for places without JavaScript. Its sections, in
 * order: the environment (machine, OS and kernel, git commit, load averages,
 * settings, runner versions); the results, one table per workload, input and case (runner,
 * median and p95 wall time, median CPU time and peak RSS, each in-process metric's median and
 * p95, ratio of the median to the group's fastest, verified) with its wall, CPU and RSS
 * pictures; the agent workload against concurrency; the failures and their reasons; the
 * documents' agent table with our rows beside theirs; the language claims' tables with their
 * pictures (report_language.c: the GIL, GC pauses, long-run memory, Polars / pandas); and "The
 * claims": each claim of the documents (claims.h) beside what was measured, with a verdict
 * (holds / holds partly / does not hold here / not measured here).
 *
 * The pictures are drawn beforehand (plot.h) and handed in as a list of files; the report
 * uses their PNGs. Without pictures (no gnuplot) the report says so and is complete otherwise.
 */
#ifndef VERSUS_REPORT_H
#define VERSUS_REPORT_H

#include <jansson.h>

#include "output/plot.h"
#include "output/report_emit.h"
#include "util/error.h"

struct report_options {
    const char *result_path;        /* named in the report's title */
    const json_t *claims;           /* evaluated claims (claims_evaluate), or NULL */
    const char *claims_path;        /* where they came from, named in the report */
    const struct plot_files *plots; /* pictures of the result (plot_result), or NULL */
    const char *plots_note;         /* why there are no pictures, or NULL */
    const char *workloads_dir;      /* where <workload>.json files are (their "published"
                                       figures), or NULL */
    const char *web_dir;            /* HTML: the page sources (ROOT/web, report_html.h) */
};

/* Writes the report of doc (a versus/1 document) in format to path, atomically (temporary
 * file and rename). Markdown image links are relative to path's directory, so the pictures
 * should be below it; HTML embeds them. Returns 0, or -1 with err set ("cannot write PATH:
 * ...", or a picture that cannot be read). */
int report_write(const json_t *doc, const struct report_options *ro, enum report_format format,
                 const char *path, struct verr *err);

/* ---- the sections, each in its own file, called by report_write ---- */

/* "Results" (report_results.c): a table per workload, input and case with its pictures, the
 * agent pictures, then "Failures". Returns 0, or -1 with err set (a picture not readable). */
int report_results(struct report_out *o, const json_t *doc, const struct report_options *ro,
                   struct verr *err);

/* "Agent loop: the documents' table" (report_agent.c): for each agent group (runners that
 * report task_latency_s), task latency median and p95, CPU and peak RSS per runner, then the
 * documents' rows from the workload's "published" entries. Nothing when there is no such
 * group. */
void report_agent(struct report_out *o, const json_t *doc, const struct report_options *ro);

/* "Key findings" (report_findings.c): the claims at a glance, each group's ratios to its
 * fastest runner with their 95 % intervals, and the count of failed or skipped cells. */
void report_findings(struct report_out *o, const json_t *doc, const struct report_options *ro);
/* "Parallel speed-up: the GIL claim" (report_parallel.c): for each verified cell of workload
 * parallel, its runner's speed-up and parallel efficiency against one worker, CPU and peak
 * RSS. Nothing when the result has no such cell. */
void report_parallel(struct report_out *o, const json_t *doc);

/* The language claims' sections (report_language.c): report_parallel's table and the speed-up
 * pictures; then, for the measured cells of gc-latency, agent-soak and dataframe, a table each
 * (latency percentiles, pauses, CPU and memory; growth slope and peaks; load, q1..q5 and their
 * sum, with pandas over Polars per column) and their pictures (latency distribution, memory
 * timelines). Returns 0, or -1 with err set (a picture not readable). */
int report_language(struct report_out *o, const json_t *doc, const struct report_options *ro,
                    struct verr *err);

/* The PNG pictures in plots of kind for group (PLOT_NO_GROUP: any), each with its caption
 * "LABEL: what" (report_results.c). Returns 0, or -1 with err set (rep_image). */
int report_pictures(struct report_out *o, const struct plot_files *plots, const char *kind,
                    size_t group, const char *what, struct verr *err);

/* "The claims" (report_claims.c): every evaluated claim with its verdict, the documents'
 * figure, what was measured, and the ratio per group. */
void report_claims(struct report_out *o, const struct report_options *ro);

#endif
