/*
 * cli_bisect.c - `versus bisect GOOD BAD 'BENCH COMMAND' [--build 'BUILD COMMAND']
 * [--metric wall|cpu|rss] [--threshold T] [--runs N] [--warmup N] [--repo DIR] [--json FILE]`:
 * which commit between GOOD and BAD made the benchmark slower. `git bisect run` with a benchmark
 * as its test (git-bisect(1)): a binary search over the first-parent commits of GOOD..BAD.
 *
 * Every commit tested is checked out in a temporary git worktree (measure/worktree.h), built
 * with the build command (unmeasured, in the worktree; split into argv, no shell: pass
 * `sh -c '...'` for one) and measured against GOOD as `versus ab` measures two commands: both
 * run in their own worktree, interleaved A B B A ... after warmups (bench.h), stdout through a
 * pipe, wait4 for CPU time and peak RSS. The ratio of medians candidate / GOOD of the chosen
 * metric gets its 95 % bootstrap interval and Mann-Whitney p (compare_report.h, as `versus ab`
 * and `compare`); the commit is bad when it is significantly slower (p < 0.05, interval above 1)
 * and its ratio of medians exceeds 1 + threshold, else good. GOOD is measured again beside every
 * candidate, so the machine's drift during the search hits both sides alike.
 *
 * First GOOD against BAD: when BAD is not bad, there is nothing to find (exit 1). Then, with GOOD
 * known good and BAD known bad, the midpoint of the commits between is measured and the search
 * goes on in the half that holds the change, until the first bad commit is next to a good one:
 * about log2(n) + 1 measurements for n commits. Worktrees are removed after each measurement
 * (GOOD's at the end), and on SIGINT or SIGTERM (exit 128 + signal).
 *
 * --json writes a versus-bisect/1 document: schema, repository, good, bad, metric, threshold,
 * runs, warmup, commits (the candidates, oldest first), steps (each: commit, position among the
 * candidates, median_good_<metric>, median_<metric>, ratio, ci_low, ci_high, p_value, verdict,
 * bad) and first_bad (a commit, or null).
 * Exit status: 0 the first bad commit is named; 1 BAD is not slower than GOOD beyond the
 * threshold, or a build or a benchmark run failed; 2 bad usage or an unusable repository.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_history_check.h"
#include "cli/options.h"
#include "compare/compare_print.h"
#include "compare/compare_report.h"
#include "measure/bench.h"
#include "measure/plan.h"
#include "measure/plan_build.h"
#include "measure/process.h"
#include "measure/worktree.h"
#include "result/result.h"
#include "util/argv_split.h"
#include "util/fsutil.h"
#include "util/metric.h"

#define BISECT_SCHEMA "versus-bisect/1"
#define BISECT_RUNS 10
#define BISECT_WARMUP 2

static const char *USAGE =
    "usage: versus bisect [options] GOOD BAD 'BENCH COMMAND'\n"
    "Finds the first commit between GOOD and BAD that makes BENCH COMMAND slower: builds each\n"
    "commit tested in a temporary git worktree, measures it interleaved with GOOD (as versus ab)\n"
    "and searches the commits in halves, as `git bisect run` would with a benchmark as its test.\n"
    "\n";

static const char *NOTES =
    "A commit is bad when it is significantly slower than GOOD (95% CI of the ratio of medians\n"
    "above 1, Mann-Whitney p < 0.05) and its ratio exceeds 1 + T. The commands run in each\n"
    "commit's worktree; a relative program path (./bench) is taken from there.\n"
    "Exit status: 0 first bad commit found; 1 BAD is not slower than GOOD, or a build or run\n"
    "failed; 2 bad usage or repository; 128+N interrupted by signal N.\n";

struct bisect {
    struct worktree_set set;
    const char *bench, *build;
    const struct metric_def *metric;
    double threshold, timeout_s;
    int runs, warmup;
    bool quiet;
    const struct worktree *good; /* GOOD's worktree */
    json_t *steps;
};

/* The executor of one measurement: real processes, each cell in its own worktree, and no more
 * runs once a signal has arrived. */
struct cwd_executor {
    const char *cwd[2];
};

static int run_in_worktree(void *state, size_t cell, const struct run_spec *spec,
                           struct run_outcome *out, struct verr *err)
{
    const struct cwd_executor *x = state;
    if (worktree_interrupted())
        return verr_set(err, "interrupted");
    struct run_spec in = *spec;
    in.cwd = x->cwd[cell];
    return process_run(&in, out, err);
}

/* Runs the build command in worktree t. Returns 0, or -1 with err set. */
static int build(const struct bisect *b, const struct worktree *t, struct verr *err)
{
    if (b->build == NULL)
        return 0;
    char **argv = plan_command_argv_in(b->build, t->path, err);
    if (argv == NULL)
        return verr_prefix(err, "--build");
    if (!b->quiet)
        fprintf(stderr, "versus bisect: building %.12s: %s\n", t->commit, b->build);
    char *out = NULL, *err_text = NULL;
    int rc = process_capture(argv, t->path, 1 << 16, &out, &err_text, err);
    argv_free(argv);
    if (rc > 0) {
        const char *tail = err_text && *err_text ? err_text : out ? out : "";
        size_t n = strlen(tail);
        verr_set(err, "the build of %.12s exited with %d: %s", t->commit, rc,
                 n > 300 ? tail + n - 300 : tail);
    }
    free(out);
    free(err_text);
    return rc == 0 ? 0 : -1;
}

/* Measures the bench command in GOOD's worktree and in t's, interleaved, into f. Returns 0, or
 * -1 with err set (a run failed or could not start). */
static int measure(const struct bisect *b, const struct worktree *t, struct compare_figures *f,
                   struct verr *err)
{
    struct plan p = {0};
    p.runs = b->runs;
    p.warmup = b->warmup;
    p.timeout_s = b->timeout_s;
    p.check_exit_zero = true;
    size_t g = plan_add_group(&p, NULL, NULL, NULL, NULL, json_pack("{s:s}", "name", "bisect"));
    const struct worktree *trees[2] = {b->good, t};
    for (int i = 0; i < 2; i++) {
        char **argv = plan_command_argv_in(b->bench, trees[i]->path, err);
        if (argv == NULL) {
            plan_free(&p);
            return verr_prefix(err, "%.12s", trees[i]->commit);
        }
        char label[64];
        snprintf(label, sizeof label, "%s %.12s", i == 0 ? "good" : "candidate", trees[i]->commit);
        plan_add_cell(&p, g, NULL, label, argv, NULL, false);
    }
    struct cwd_executor x = {{b->good->path, t->path}};
    const struct bench_executor *real = bench_process_executor();
    struct bench_executor ex = *real;
    ex.state = &x;
    ex.run = run_in_worktree;
    struct bench_options o = {.cwd = NULL, .progress = !b->quiet, .executor = &ex};
    size_t failed = bench_execute(&p, &o);
    int rc = 0;
    if (failed > 0) {
        for (int i = 0; i < 2; i++)
            if (p.cells[i].verdict == VERDICT_FAILED)
                verr_set(err, "%.12s: %s", trees[i]->commit,
                         p.cells[i].reason ? p.cells[i].reason : "a run failed");
        rc = -1;
    } else {
        json_t *before = result_cell_json(&p, 0), *after = result_cell_json(&p, 1);
        compare_cell_figures(before, after, b->metric, b->threshold, f);
        json_decref(before);
        json_decref(after);
    }
    plan_free(&p);
    return rc;
}

static json_t *num(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

/* Builds and measures commit (the candidate at position pos), records the step and prints it.
 * Returns 1 bad, 0 good, -1 with err set. */
static int test_commit(struct bisect *b, const char *commit, size_t pos, struct verr *err)
{
    const struct worktree *t = worktree_add(&b->set, commit, err);
    if (t == NULL || build(b, t, err) != 0)
        return -1;
    struct compare_figures f = {.verdict = "n/a"};
    if (measure(b, t, &f, err) != 0)
        return -1;
    if (worktree_remove(&b->set, commit, err) != 0)
        return -1;
    bool slower = strcmp(f.verdict, "slower") == 0 || strcmp(f.verdict, "regressed") == 0;
    bool bad = slower && f.ratio > 1 + b->threshold;
    char key[96], mg[32], mc[32], ratio[32], ci[64], p[32];
    json_t *s = json_object();
    json_object_set_new(s, "commit", json_string(commit));
    json_object_set_new(s, "position", json_integer((json_int_t)pos));
    snprintf(key, sizeof key, "median_good_%s", b->metric->name);
    json_object_set_new(s, key, num(f.median_before));
    snprintf(key, sizeof key, "median_%s", b->metric->name);
    json_object_set_new(s, key, num(f.median_after));
    json_object_set_new(s, "ratio", num(f.ratio));
    json_object_set_new(s, "ci_low", num(f.ci_low));
    json_object_set_new(s, "ci_high", num(f.ci_high));
    json_object_set_new(s, "p_value", num(f.p_value));
    json_object_set_new(s, "verdict", json_string(f.verdict));
    json_object_set_new(s, "bad", json_boolean(bad));
    json_array_append_new(b->steps, s);
    compare_format_value(b->metric, f.median_before, mg, sizeof mg);
    compare_format_value(b->metric, f.median_after, mc, sizeof mc);
    compare_format_ratio(f.ratio, ratio, sizeof ratio);
    compare_format_ci(f.ci_low, f.ci_high, false, ci, sizeof ci);
    compare_format_p(f.p_value, p, sizeof p);
    printf("%-12.12s  +%3zu  %10s  %10s  %8s  %16s  %7s  %-22s  %s\n", commit, pos + 1, mg, mc,
           ratio, ci, p, f.verdict, bad ? "BAD" : "good");
    fflush(stdout);
    return bad ? 1 : 0;
}

/* The first-parent commits of good..bad, oldest first, as a JSON array of hashes; NULL with
 * err set when bad does not descend from good. */
static json_t *candidates(const struct bisect *b, const char *good, const char *bad,
                          struct verr *err)
{
    char range[200];
    snprintf(range, sizeof range, "%s..%s", good, bad);
    char *out = worktree_git(
        &b->set, (const char *const[]){"rev-list", "--first-parent", "--reverse", range, NULL},
        1 << 24, err);
    char *base = worktree_git(
        &b->set, (const char *const[]){"merge-base", "--is-ancestor", good, bad, NULL}, 64, err);
    if (out == NULL || base == NULL) {
        free(out);
        free(base);
        verr_set(err, "%.12s is not an ancestor of %.12s", good, bad);
        return NULL;
    }
    free(base);
    json_t *list = json_array();
    char *save = NULL;
    for (char *line = strtok_r(out, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save))
        json_array_append_new(list, json_string(line));
    free(out);
    if (json_array_size(list) == 0) {
        json_decref(list);
        verr_set(err, "no commits between %.12s and %.12s", good, bad);
        return NULL;
    }
    return list;
}

/* The binary search. Returns the index of the first bad candidate, -1 when BAD is good, -2
 * with err set on a failure. */
static long search(struct bisect *b, const json_t *list, struct verr *err)
{
    long lo = -1, hi = (long)json_array_size(list) - 1; /* lo: known good (GOOD), hi: known bad */
    int r = test_commit(b, json_string_value(json_array_get(list, (size_t)hi)), (size_t)hi, err);
    if (r < 0)
        return -2;
    if (r == 0)
        return -1;
    while (hi - lo > 1) {
        if (worktree_interrupted())
            return verr_set(err, "interrupted"), -2;
        long mid = lo + (hi - lo) / 2;
        r = test_commit(b, json_string_value(json_array_get(list, (size_t)mid)), (size_t)mid, err);
        if (r < 0)
            return -2;
        if (r == 1)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

/* One line naming the commit: its short hash and subject. */
static void print_commit(const struct bisect *b, const char *what, const char *commit)
{
    struct verr err;
    char *line = worktree_git(
        &b->set, (const char *const[]){"log", "-1", "--format=%h %s", commit, NULL}, 4096, &err);
    printf("%s%s", what, line ? line : commit);
    if (line == NULL || line[strlen(line) - 1] != '\n')
        putchar('\n');
    free(line);
}

static int bisect_run(struct bisect *b, const char *good_rev, const char *bad_rev,
                      const char *json_path)
{
    struct verr err;
    char *good = worktree_resolve(&b->set, good_rev, &err);
    char *bad = good ? worktree_resolve(&b->set, bad_rev, &err) : NULL;
    json_t *list = bad ? candidates(b, good, bad, &err) : NULL;
    if (list == NULL) {
        fprintf(stderr, "versus bisect: %s\n", err.msg);
        free(good);
        free(bad);
        return 2;
    }
    printf("versus bisect: %zu commits after %.12s up to %.12s; %s, %d runs each after %d "
           "warmups, interleaved with GOOD; bad: slower and above %g %%\n",
           json_array_size(list), good, bad, b->metric->label, b->runs, b->warmup,
           100 * b->threshold);
    printf("%-12s  %4s  %10s  %10s  %8s  %16s  %7s  %-22s  %s\n", "commit", "+n", "good", "this",
           "ratio", "95% CI", "p", "verdict", "");
    b->steps = json_array();
    long first = -2;
    b->good = worktree_add(&b->set, good, &err);
    if (b->good != NULL && build(b, b->good, &err) == 0)
        first = search(b, list, &err);
    int rc = 0;
    if (first == -2) {
        fprintf(stderr, "versus bisect: %s\n", err.msg);
        rc = worktree_interrupted() ? 128 + worktree_interrupted() : 1;
    } else if (first == -1) {
        printf("BAD (%.12s) is not slower than GOOD by more than %g %%: nothing to bisect\n", bad,
               100 * b->threshold);
        rc = 1;
    } else {
        print_commit(b,
                     "first bad commit: ", json_string_value(json_array_get(list, (size_t)first)));
    }
    if (json_path != NULL) {
        json_t *doc = json_object();
        json_object_set_new(doc, "schema", json_string(BISECT_SCHEMA));
        json_object_set_new(doc, "repository", json_string(b->set.repo));
        json_object_set_new(doc, "good", json_string(good));
        json_object_set_new(doc, "bad", json_string(bad));
        json_object_set_new(doc, "metric", json_string(b->metric->name));
        json_object_set_new(doc, "threshold", json_real(b->threshold));
        json_object_set_new(doc, "runs", json_integer(b->runs));
        json_object_set_new(doc, "warmup", json_integer(b->warmup));
        json_object_set_new(doc, "commits", json_incref(list));
        json_object_set_new(doc, "steps", json_incref(b->steps));
        json_object_set_new(doc, "first_bad",
                            first >= 0 ? json_copy(json_array_get(list, (size_t)first))
                                       : json_null());
        if (compare_report_write(doc, json_path, &err) != 0) {
            fprintf(stderr, "versus bisect: %s\n", err.msg);
            rc = rc ? rc : 2;
        }
        json_decref(doc);
    }
    json_decref(b->steps);
    json_decref(list);
    free(good);
    free(bad);
    return rc;
}

int cli_bisect(int argc, char **argv, struct cli_context *ctx)
{
    struct bisect b = {.metric = metric_find(METRIC_WALL_S),
                       .threshold = 0.05,
                       .runs = BISECT_RUNS,
                       .warmup = BISECT_WARMUP};
    const char *repo = ".", *json_path = NULL, *metric = METRIC_WALL_S;
    const struct cli_opt opts[] = {
        CLI_STRING("build", "CMD", "build each commit with CMD in its worktree (no shell)",
                   &b.build),
        CLI_STRING("repo", "DIR", "the git repository (default: the current directory's)", &repo),
        {.name = "metric",
         .value = "M",
         .help = "wall (default), cpu or rss",
         .parse = cli_parse_metric_name,
         .dst = &metric},
        {CLI_THRESHOLD, .help = "bad above 1 + T (5%, the default, or 0.05)", .dst = &b.threshold},
        {CLI_RUNS, .help = "measured runs of each side per commit (default 10)", .dst = &b.runs},
        {CLI_WARMUP, .help = "unmeasured warmup runs of each side (default 2)", .dst = &b.warmup},
        {CLI_TIMEOUT, .dst = &b.timeout_s},
        {CLI_JSON, .help = "write the versus-bisect/1 document", .dst = &json_path},
        {CLI_QUIET, .dst = &b.quiet},
        CLI_END,
    };
    const struct cli_command cmd = {.name = "bisect", .usage = USAGE, .opts = opts, .notes = NOTES};
    int first, rc = cli_parse(&cmd, argc, argv, ctx, &first);
    if (rc != CLI_PROCEED)
        return rc;
    if (argc - first != 3) {
        fprintf(stderr,
                "versus bisect: needs GOOD, BAD and the benchmark command (got %d "
                "arguments; see --help)\n",
                argc - first);
        return 2;
    }
    b.metric = metric_find(metric);
    if (b.metric == NULL) {
        fprintf(stderr, "versus bisect: no metric '%s'\n", metric);
        return 2;
    }
    b.bench = argv[first + 2];
    struct verr err;
    if (worktree_set_init(&b.set, repo, &err) != 0) {
        fprintf(stderr, "versus bisect: %s\n", err.msg);
        return 2;
    }
    worktree_watch_signals(1);
    rc = bisect_run(&b, argv[first], argv[first + 1], json_path);
    worktree_set_free(&b.set);
    worktree_watch_signals(0);
    return rc;
}
