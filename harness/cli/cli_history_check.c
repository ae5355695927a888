/*
 * cli_history_check.c - `versus history check [--file F] [--metric M] [--since COMMIT]
 * [--baseline COMMIT] [--recent K] [--threshold T] [--markdown] [--json FILE]`: the change points
 * of every cell series of the history (compare/history_check.h, E-Divisive means with a permutation
 * test) as a table or Markdown on stdout and a versus-history-check/1 document with --json. Exit 1
 * when a regression change point beyond the threshold lies in the last K commits, 0 otherwise, 2
 * for bad usage or an unusable history (with one line on stderr).
 */
#include "cli/cli_history_check.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/options.h"
#include "compare/compare_report.h"
#include "compare/history_check.h"
#include "compare/history_check_print.h"
#include "result/history_read.h"
#include "util/fsutil.h"
#include "util/metric.h"

static const char *USAGE =
    "usage: versus history check [--file FILE] [--metric wall|cpu|rss|NAME] [--since COMMIT]\n"
    "                            [--baseline COMMIT] [--recent K] [--threshold T]\n"
    "                            [--markdown] [--json FILE]\n"
    "Finds change points in every cell's series over the commits of the history (E-divisive\n"
    "means with a permutation test, Matteson & James 2014) and gates on the recent ones, and\n"
    "on a staircase of small recent steps that adds up to a regression (a slow drift).\n";

static const char *NOTES =
    "Exit status: 0 no recent regression, 1 a regression in the last K commits (or, with\n"
    "--baseline, a latest level beyond the threshold from the baseline's), 2 unusable input.\n";

int cli_parse_metric_name(const struct cli_opt *opt, const char *text, char *why, size_t len)
{
    const char *name = metric_name_of(text);
    if (name == NULL) {
        snprintf(why, len,
                 "--%s needs a metric versus records (wall, cpu, rss, instructions, minflt, "
                 "task-clock, ...: versus list) or a name ending in _s or _bytes, not '%s'",
                 opt->name, text);
        return -1;
    }
    *(const char **)opt->dst = name;
    return 0;
}

/* A significance level in (0, 0.5] (double). */
static int parse_alpha(const struct cli_opt *opt, const char *text, char *why, size_t len)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || *end != '\0' || errno != 0 || !(v > 0 && v <= 0.5)) {
        snprintf(why, len, "--%s needs a level in (0, 0.5], not '%s'", opt->name, text);
        return -1;
    }
    *(double *)opt->dst = v;
    return 0;
}

int cli_history_check(int argc, char **argv, struct cli_context *ctx)
{
    struct history_check_options o = history_check_defaults();
    const char *file = NULL, *json_path = NULL;
    bool markdown = false;
    o.threshold = NAN; /* the metric's own default unless --threshold is given */
    int recent = (int)o.recent, permutations = (int)o.cp.permutations,
        min_size = (int)o.cp.min_size;
    const struct cli_opt opts[] = {
        CLI_STRING("file", "FILE", "the history (default: ROOT/results/history.jsonl)", &file),
        {.name = "metric",
         .value = "M",
         .help = "wall (default), cpu, rss, instructions, or any metric the history records",
         .parse = cli_parse_metric_name,
         .dst = &o.metric},
        CLI_STRING("since", "COMMIT", "analyse from this commit (a hash or its prefix) on",
                   &o.since),
        CLI_STRING("baseline", "COMMIT",
                   "also compare the latest level with this commit's (the cumulative rule)",
                   &o.baseline),
        CLI_COUNT("recent", "K", "fail on a regression in the last K commits (default 10)", &recent,
                  1, 0),
        {CLI_THRESHOLD,
         .help = "a change point is a regression above 1 + T (default: the metric's, 5% or "
                 "0.5% for instructions)",
         .dst = &o.threshold},
        CLI_FLAG("markdown", "print Markdown instead of a table", &markdown),
        {CLI_JSON, .help = "write the versus-history-check/1 document", .dst = &json_path},
        {.name = "alpha",
         .value = "A",
         .help = "significance level of each change point (default 0.01)",
         .parse = parse_alpha,
         .dst = &o.cp.alpha},
        CLI_COUNT("permutations", "R", "permutations per test (default 199)", &permutations, 1, 0),
        CLI_COUNT("min-size", "N", "commits on each side of a change point (default 3)", &min_size,
                  2, 0),
        CLI_END,
    };
    const struct cli_command cmd = {
        .name = "history check", .usage = USAGE, .opts = opts, .notes = NOTES};
    int first, rc = cli_parse(&cmd, argc, argv, ctx, &first);
    if (rc != CLI_PROCEED)
        return rc;
    if (first != argc) {
        fprintf(stderr, "versus history check: unexpected argument '%s' (see --help)\n",
                argv[first]);
        return 2;
    }
    if (isnan(o.threshold))
        o.threshold = metric_default_threshold(o.metric);
    o.recent = (size_t)recent;
    o.cp.permutations = (unsigned)permutations;
    o.cp.min_size = (size_t)min_size;
    char *path = file ? strdup(file) : fsutil_join(ctx->root, "results/history.jsonl");
    struct verr err;
    json_t *entries = history_read(path, &err);
    json_t *doc = entries ? history_check(entries, path, &o, &err) : NULL;
    rc = doc == NULL ? 2 : 0;
    if (doc == NULL)
        fprintf(stderr, "versus history check: %s\n", err.msg);
    if (doc != NULL && json_path != NULL && compare_report_write(doc, json_path, &err) != 0) {
        fprintf(stderr, "versus history check: %s\n", err.msg);
        rc = 2;
    }
    if (rc == 0) {
        history_check_print(stdout, doc, markdown);
        rc = history_check_regressed(doc) ? 1 : 0;
    }
    json_decref(doc);
    json_decref(entries);
    free(path);
    return rc;
}
