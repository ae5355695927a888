/*
 * cli_compare.c - `versus compare BEFORE.json AFTER.json`: did anything get slower between two
 * result documents? A gate for continuous integration.
 *
 * Both files are read in brief (result/doc_brief.h): straight from the file by the stream
 * reader (result/doc_stream.h) when it takes the document, else with doc_load (versus/1, or a
 * hyperfine export); either way only each cell's identity, verdict and the compared metric's
 * values are kept, so two 60 000-cell documents compare in 2 s and 200 MB. Their cells matched
 * by identity (workload, input, parameters, runner), and each matched pair compared on one
 * metric (compare_report.h: ratio of medians with a bootstrap CI, Mann-Whitney p, verdict).
 * The report goes to stdout as a table or as Markdown, and to a versus-compare/1 JSON file
 * with --json. Exit status: 1 when a cell regressed (slower, with the CI above 1 + threshold)
 * or went from verified to failed; 0 otherwise; 2 for bad usage or unusable input (unreadable,
 * neither format, no cell in common).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "compare/compare_print.h"
#include "compare/compare_report.h"
#include "compare/compare_result.h"
#include "output/table.h"
#include "result/doc.h"
#include "result/doc_brief.h"
#include "result/doc_stream.h"
#include "util/metric.h"

static const char *USAGE =
    "usage: versus compare [options] BEFORE.json AFTER.json\n"
    "Compares two result documents (versus/1, or hyperfine --export-json) cell by cell.\n"
    "Exit 1 when a cell regressed or went from verified to failed, 0 otherwise.\n"
    "\n";

/* Reads the document at path in brief for metric m: straight from the file when the stream
 * reader takes it (result/doc_stream.h), else through doc_load (any document it accepts, or
 * its error: file, line and column, or file, cell and field). Returns 0, or -1 with err set. */
static int read_briefs(const char *path, const struct metric_def *m, struct doc_briefs *out,
                       struct verr *err)
{
    if (doc_stream_briefs(path, m->name, out) == 0)
        return 0;
    json_t *doc = doc_load(path, err);
    if (doc == NULL)
        return -1;
    int rc = doc_briefs_of_doc(doc, m->name, out);
    json_decref(doc);
    return rc == 0 ? 0 : verr_set(err, "%s: out of memory", path);
}

/* One document to read in brief, and what came of it. */
struct read_job {
    const char *path;
    const struct metric_def *metric;
    struct doc_briefs briefs;
    struct verr err;
    int rc;
};

static void *read_job_run(void *arg)
{
    struct read_job *job = arg;
    job->rc = read_briefs(job->path, job->metric, &job->briefs, &job->err);
    return NULL;
}

/* Reads both documents, the after one on a thread of its own while this one reads the before
 * one (each is about a second of parsing at 60 000 cells); on one thread when none can be
 * started. Returns 0, or -1 with err set (both emptied). */
static int read_both(struct read_job *before, struct read_job *after, struct verr *err)
{
    json_object_seed(0); /* jansson's hash seed, set once before two threads make objects */
    pthread_t thread;
    bool threaded = pthread_create(&thread, NULL, read_job_run, after) == 0;
    read_job_run(before);
    if (threaded)
        pthread_join(thread, NULL);
    else
        read_job_run(after);
    const struct read_job *bad = before->rc != 0 ? before : after->rc != 0 ? after : NULL;
    if (bad == NULL)
        return 0;
    *err = bad->err;
    doc_briefs_free(before->rc == 0 ? &before->briefs : NULL);
    doc_briefs_free(after->rc == 0 ? &after->briefs : NULL);
    return -1;
}

/* The --json report, written on a thread of its own while the table is printed (each is about
 * half a second at 60 000 cells, and neither changes the result). */
struct write_job {
    const struct compare_result *report;
    const char *path;
    struct verr err;
    int rc;
};

static void *write_job_run(void *arg)
{
    struct write_job *job = arg;
    job->rc = compare_result_write(job->report, job->path, &job->err);
    return NULL;
}

/* What a reader of figures from hyperfine must know about this metric, or NULL. */
static const char *hyperfine_note(const struct metric_def *m)
{
    if (strcmp(m->name, METRIC_MAX_RSS_BYTES) == 0)
        return "note: hyperfine's memory_usage_byte comes from getrusage(RUSAGE_CHILDREN), a "
               "running maximum over every child it waited for (hyperfine #753): a small "
               "command measured after a big one reads the big one's peak";
    if (strcmp(m->name, METRIC_CPU_S) == 0)
        return "note: hyperfine exports only the mean user and system time, not one per run, "
               "so its cells have no CPU samples to compare (n/a)";
    return NULL;
}

int cli_compare(int argc, char **argv, struct cli_context *ctx)
{
    const struct metric_def *metric = metric_find(METRIC_WALL_S);
    double threshold = -1; /* the metric's own (metric_default_threshold) */
    bool markdown = false;
    const char *json_path = NULL, *colour = "auto";
    const struct cli_opt opts[] = {
        {CLI_METRIC, .dst = &metric},
        {CLI_THRESHOLD,
         .help = "a cell regressed when the CI of after/before lies above 1 + T;\n"
                 "T as a percentage or a fraction (0.05); default: the metric's\n"
                 "(5%; instructions 0.5%, judged by the separation rule)",
         .dst = &threshold},
        CLI_FLAG("markdown", "print Markdown (for a pull-request comment) instead of a table",
                 &markdown),
        {CLI_JSON, .help = "also write the comparison as JSON (schema versus-compare/1)",
         .dst = &json_path},
        {CLI_COLOR, .dst = &colour},
        CLI_END,
    };
    const struct cli_command cmd = {.name = "compare", .usage = USAGE, .opts = opts};
    int first, rc = cli_parse(&cmd, argc, argv, ctx, &first);
    if (rc != CLI_PROCEED)
        return rc;
    if (argc - first != 2) {
        fprintf(stderr, "versus compare: needs two result files, BEFORE and AFTER (got %d)\n",
                argc - first);
        return 2;
    }
    const char *before_path = argv[first], *after_path = argv[first + 1];
    struct verr err;
    struct read_job bj = {.path = before_path, .metric = metric};
    struct read_job aj = {.path = after_path, .metric = metric};
    if (read_both(&bj, &aj, &err) != 0) {
        fprintf(stderr, "versus compare: %s\n", err.msg);
        return 2;
    }
    struct doc_briefs before = bj.briefs, after = aj.briefs;
    if (threshold < 0)
        threshold = metric_default_threshold(metric->name);
    const char *note =
        before.from_hyperfine || after.from_hyperfine ? hyperfine_note(metric) : NULL;
    struct compare_result *report =
        compare_briefs(&before, &after, before_path, after_path, metric, threshold, &err);
    if (report == NULL) {
        fprintf(stderr, "versus compare: %s\n", err.msg);
        return 2;
    }
    struct write_job wj = {.report = report, .path = json_path};
    pthread_t writer;
    bool writing = json_path != NULL && pthread_create(&writer, NULL, write_job_run, &wj) == 0;
    if (markdown)
        compare_print_markdown(stdout, report);
    else
        compare_print_table(stdout, report, table_colour_wanted(colour, stdout));
    if (note != NULL)
        printf(markdown ? "\n> %s.\n" : "%s\n", note);
    rc = compare_result_fails(report) ? 1 : 0;
    if (writing)
        pthread_join(writer, NULL);
    else if (json_path != NULL)
        write_job_run(&wj);
    if (json_path != NULL && wj.rc != 0) {
        fprintf(stderr, "versus compare: cannot write the comparison: %s\n", wj.err.msg);
        rc = 2;
    }
    compare_result_free(report);
    return rc;
}
