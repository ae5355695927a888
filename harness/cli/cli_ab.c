/*
 * cli_ab.c - `versus ab 'BEFORE' 'AFTER'`: is AFTER faster or slower than BEFORE, and is the
 * difference real? An A/B comparison of two commands on this machine, now.
 *
 * Both command strings are split into argv (argv_split.h) and exec'd directly, as `versus cmd`
 * does (plan_command_argv, measure/plan_build.h). The runs are interleaved A B B A A B B A ...
 * (warmups first, the same way), so slow drift of the machine's speed hits both alike (PITFALLS.md,
 * "Drift"); this is the forward/reverse round order of bench.c with two cells. Every run goes
 * through process_run (stdout through a pipe, digested; wait4 for CPU and peak RSS). Unless
 * --check-output none, every run of both must print the same bytes (same XXH3-64 digest): comparing
 * the speed of two programs that do different things says nothing.
 *
 * For wall time, CPU time and peak RSS it prints both medians, the ratio of medians after /
 * before with its 95 % percentile bootstrap interval, the Mann-Whitney p-value and the verdict
 * (compare_stats.h); the result document (versus/1, both cells) gets a "comparison" section
 * with one versus-compare/1 row per metric. It is a gate, like `versus compare`: exit status 1
 * when AFTER regressed on --metric (wall by default: the whole 95 % CI of after/before above
 * 1 + --threshold), and 1 when a run failed or the outputs differ, each with its message; else
 * 0; 2 for bad usage.
 *
 * --git BASE HEAD compares two revisions of the repository versus is started in: each is checked
 * out in a temporary worktree (measure/worktree.h, as `versus bisect` does) and built there by
 * --build (/bin/sh -c BUILD, unmeasured), and the
 * one COMMAND runs in each worktree, with {rev} (12 hex digits) and {dir} (the worktree)
 * replaced; a program named by a relative path (./prog) is the worktree's. The cells, both
 * sides, are built by plan_build_commands (measure/plan_build.h) as cmd's are. The worktrees are
 * removed afterwards, also on SIGINT, SIGTERM and SIGHUP (worktree_remove_on_signal).
 *
 * The default of 10 runs each passed scripts/validate-gate.sh on the project's 2-core machine
 * (false alarms <= 5 %, a 10 % slowdown detected >= 90 % of the time): idle, 0 of 90 false
 * alarms and 97-98 % detected on wall and CPU time; loaded by other builds, 93 % on CPU time
 * but under 60 % on wall time. README.md, "How often the gate is right".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_counters.h"
#include "cli/execute.h"
#include "cli/options.h"
#include "compare/compare_print.h"
#include "compare/compare_report.h"
#include "compare/compare_stats.h"
#include "define/sweep.h"
#include "measure/digest.h"
#include "measure/plan.h"
#include "measure/plan_build.h"
#include "measure/process.h"
#include "measure/worktree.h"
#include "output/table.h"
#include "util/argv_split.h"
#include "util/fsutil.h"
#include "util/metric.h"
#include "util/textfmt.h"

/* Measured runs of each command by default (validated, see the top of this file). */
#define AB_DEFAULT_RUNS 10
#define AB_DEFAULT_WARMUP 2

static const char *USAGE =
    "usage: versus ab [options] 'BEFORE COMMAND' 'AFTER COMMAND'\n"
    "Runs two commands interleaved (A B B A ...), checks they print the same output, and says\n"
    "whether AFTER is faster or slower than BEFORE in wall time, CPU time and peak RSS.\n"
    "\n";

static const char *NOTES =
    "Exit status: 0, or 1 when AFTER regressed on --metric (the 95% CI of after/before lies\n"
    "above 1 + --threshold), a run failed, a build failed or the outputs differ; 2 bad usage.\n";

static const char *const CHECKS[] = {"same", "none", NULL};

/* Checks that every run of both cells printed the same bytes. Returns true when they did;
 * else writes why into why. */
static bool outputs_same(const struct plan *p, char *why, size_t len)
{
    const struct sample *first = &p->cells[0].samples[0];
    for (size_t c = 0; c < 2; c++) {
        const struct cell *cell = &p->cells[c];
        for (size_t i = 0; i < cell->n_samples; i++) {
            const struct sample *s = &cell->samples[i];
            if (s->digest == first->digest && s->stdout_bytes == first->stdout_bytes)
                continue;
            char d0[17], d1[17];
            digest_format(first->digest, d0);
            digest_format(s->digest, d1);
            if (c == 0)
                snprintf(why, len,
                         "BEFORE's output changes between runs (run 1: %llu bytes, digest %s; "
                         "run %zu: %llu bytes, digest %s)",
                         (unsigned long long)first->stdout_bytes, d0, i + 1,
                         (unsigned long long)s->stdout_bytes, d1);
            else
                snprintf(why, len,
                         "outputs differ: BEFORE printed %llu bytes (digest %s), AFTER %llu bytes "
                         "(digest %s)",
                         (unsigned long long)first->stdout_bytes, d0,
                         (unsigned long long)s->stdout_bytes, d1);
            return false;
        }
    }
    return true;
}

/* The metrics an A/B test shows, by their names in util/metric.h; with --counters simulate the
 * instruction count too, and the gated metric (--metric) when it is none of them. */
static const char *const METRICS[] = {METRIC_WALL_S, METRIC_CPU_S, METRIC_MAX_RSS_BYTES};

/* The most metrics one `versus ab` shows. */
#define AB_MAX_METRICS 8

/* The metrics to show, into out; returns how many. */
static int ab_metrics(bool simulate, const struct metric_def *gated, const struct metric_def **out)
{
    int n = 0;
    for (size_t i = 0; i < sizeof METRICS / sizeof METRICS[0]; i++)
        out[n++] = metric_find(METRICS[i]);
    if (simulate)
        out[n++] = metric_find(METRIC_INSTRUCTIONS);
    bool shown = false;
    for (int i = 0; i < n; i++)
        shown |= out[i] == gated;
    if (!shown)
        out[n++] = gated;
    return n;
}

/* The threshold of metric m: --threshold when given (>= 0), else the metric's own. */
static double threshold_of(const struct metric_def *m, double threshold)
{
    return threshold >= 0 ? threshold : metric_default_threshold(m->name);
}

/* Prints one metric's row of the table. */
static void print_row(const struct metric_def *m, const struct compare_figures *f, double threshold,
                      bool colour)
{
    char mb[32], ma[32], ratio[32], ci[64], p[32];
    compare_format_value(m, f->median_before, mb, sizeof mb);
    compare_format_value(m, f->median_after, ma, sizeof ma);
    compare_format_ratio(f->ratio, ratio, sizeof ratio);
    compare_format_ci(f->ci_low, f->ci_high, false, ci, sizeof ci);
    compare_format_p_of(m, f->p_value, p, sizeof p);
    const char *on = !colour                                ? ""
                     : strcmp(f->verdict, "faster") == 0    ? "\033[32m"
                     : strcmp(f->verdict, "slower") == 0    ? "\033[31m"
                     : strcmp(f->verdict, "regressed") == 0 ? "\033[1;31m"
                                                            : "";
    /* For peak RSS, "slower" means bigger and "faster" smaller; for a count, more and fewer. */
    bool bytes = m->unit == METRIC_UNIT_BYTES,
         count = m->unit == METRIC_UNIT_COUNT || m->unit == METRIC_UNIT_MIB_PER_MIN;
    const char *up = bytes ? "bigger" : count ? "more" : "slower";
    const char *down = bytes ? "smaller" : count ? "fewer" : "faster";
    bool separation = metric_rule_of(m->name) == METRIC_RULE_SEPARATION;
    char shown[96];
    if (strcmp(f->verdict, "regressed") == 0)
        snprintf(shown, sizeof shown, "%s (regressed: %s above 1 + %g%%)", up,
                 separation ? "ratio" : "CI", threshold * 100.0);
    else
        snprintf(shown, sizeof shown, "%s",
                 strcmp(f->verdict, "slower") == 0   ? up
                 : strcmp(f->verdict, "faster") == 0 ? down
                                                     : f->verdict);
    /* %*s pads by bytes: widen by the bytes of a multi-byte "µ". */
    int wb = 10 + (strstr(mb, "µ") ? 1 : 0), wa = 10 + (strstr(ma, "µ") ? 1 : 0);
    const char *label = strcmp(m->name, METRIC_WALL_S) == 0          ? "wall"
                        : strcmp(m->name, METRIC_CPU_S) == 0         ? "CPU"
                        : strcmp(m->name, METRIC_MAX_RSS_BYTES) == 0 ? "peak RSS"
                                                                     : compare_metric_name(m);
    printf("%-12s  %*s  %*s  %12s  %16s  %7s  %s%s%s\n", label, wb, mb, wa, ma, ratio, ci, p, on,
           shown, *on ? "\033[0m" : "");
}

/* What the comparison is of: the metrics shown, --threshold (< 0: each metric's own) and the
 * metric the gate judges. */
struct ab_metrics {
    const struct metric_def *shown[AB_MAX_METRICS];
    int n;
    double threshold;
    const struct metric_def *gated;
};

/* Adds "comparison" to doc (whose cells 0 and 1 are BEFORE and AFTER) and prints the figures.
 * Returns true when the gated metric regressed. */
static bool compare_and_print(json_t *doc, const char *before, const char *after,
                              const struct ab_metrics *ms, const char *check, json_t *same,
                              bool colour)
{
    bool gate = false;
    json_t *cells = json_object_get(doc, "cells");
    json_t *b = json_array_get(cells, 0), *a = json_array_get(cells, 1);
    json_object_set_new(b, "role", json_string("before"));
    json_object_set_new(a, "role", json_string("after"));
    json_t *rows = json_array();
    json_int_t regressed = 0, improved = 0;
    size_t n_before = 0, n_after = 0; /* measured runs of a metric judged by ranks */
    bool separation = false;
    printf("\n%-12s  %10s  %10s  %12s  %16s  %7s  %s\n", "metric", "before", "after",
           "after/before", "95% CI", "p", "verdict");
    for (int k = 0; k < ms->n; k++) {
        const struct metric_def *m = ms->shown[k];
        double th = threshold_of(m, ms->threshold);
        struct compare_figures f;
        compare_cell_figures(b, a, m, th, &f);
        bool sep = metric_rule_of(m->name) == METRIC_RULE_SEPARATION;
        separation |= sep;
        if (!sep && f.n_before > 0 && f.n_after > 0) {
            n_before = f.n_before;
            n_after = f.n_after;
        }
        json_t *row = compare_row_json(a, "matched", b, a, &f);
        json_object_set_new(row, "metric", json_string(compare_metric_name(m)));
        json_object_set(row, "runner_before", json_object_get(b, "runner"));
        json_object_set_new(row, "threshold", json_real(th));
        if (sep)
            json_object_set_new(row, "rule", json_string("separation"));
        json_array_append_new(rows, row);
        regressed += strcmp(f.verdict, "regressed") == 0;
        gate |= m == ms->gated && strcmp(f.verdict, "regressed") == 0;
        improved += strcmp(f.verdict, "faster") == 0;
        print_row(m, &f, th, colour);
    }
    printf("\nfaster/slower (smaller/bigger): the 95%% CI of after/before excludes 1 and "
           "Mann-Whitney p < 0.05\n");
    if (separation) {
        const struct metric_def *inst = metric_find(METRIC_INSTRUCTIONS);
        char rule[512], th[32];
        snprintf(th, sizeof th, "%g%%", threshold_of(inst, ms->threshold) * 100.0);
        compare_rule_text(inst, th, false, rule, sizeof rule);
        printf("instructions: %s\n%s\n", rule, COMPARE_P_UNUSED_NOTE);
    }
    if (n_before > 0 && n_after > 0 && compare_mwu_min_p(n_before, n_after) >= COMPARE_ALPHA)
        printf("note: with %zu and %zu runs the smallest possible p is %.3g: no difference in time "
               "or size can be significant; use --runs 10 or more\n",
               n_before, n_after, compare_mwu_min_p(n_before, n_after));
    json_t *cmp = json_object();
    json_object_set_new(cmp, "schema", json_string(COMPARE_SCHEMA));
    json_object_set_new(cmp, "before", json_string(before));
    json_object_set_new(cmp, "after", json_string(after));
    json_object_set_new(cmp, "threshold", json_real(threshold_of(ms->gated, ms->threshold)));
    json_object_set_new(cmp, "confidence", json_real(COMPARE_CONFIDENCE));
    json_object_set_new(cmp, "check_output", json_string(check));
    json_object_set_new(cmp, "outputs_same", same);
    json_object_set_new(cmp, "cells", rows);
    json_object_set_new(cmp, "regressed", json_integer(regressed));
    json_object_set_new(cmp, "improved", json_integer(improved));
    json_object_set_new(cmp, "gated_metric", json_string(compare_metric_name(ms->gated)));
    json_object_set_new(cmp, "gate_failed", json_boolean(gate));
    json_object_set_new(doc, "comparison", cmp);
    return gate;
}

/* What the closing sequence's finish hook needs to say how the comparison went. */
struct ab_report {
    const char *texts[2];
    int runs, warmup;
    bool check;
    const char *colour;
    struct ab_metrics metrics;
};

/* Prints the runs, whether the outputs agreed, and the comparison (added to doc). Returns
 * true when the outputs differ or AFTER regressed on the gated metric. */
static bool report(void *arg, const struct plan *p, size_t failed, json_t *doc)
{
    const struct ab_report *r = arg;
    printf("versus ab: %d runs each after %d warmup runs each, interleaved A B B A ...\n", r->runs,
           r->warmup);
    printf("  A (before): %s%s%s\n  B (after):  %s%s%s\n",
           p->cells[0].hooks && p->cells[0].hooks->cwd ? p->cells[0].label : "",
           p->cells[0].hooks && p->cells[0].hooks->cwd ? ": " : "", r->texts[0],
           p->cells[1].hooks && p->cells[1].hooks->cwd ? p->cells[1].label : "",
           p->cells[1].hooks && p->cells[1].hooks->cwd ? ": " : "", r->texts[1]);
    for (int i = 0; i < 2; i++)
        if (p->cells[i].verdict == VERDICT_FAILED)
            printf("  %s FAILED: %s\n", i == 0 ? "A (before)" : "B (after)", p->cells[i].reason);
    char why[512] = "";
    json_t *same = json_null();
    bool differ = false;
    if (failed == 0 && r->check) {
        differ = !outputs_same(p, why, sizeof why);
        same = json_boolean(!differ);
        if (differ) {
            printf("  %s\n", why);
        } else {
            char d[17];
            digest_format(p->cells[0].samples[0].digest, d);
            printf("  outputs: identical in every run (%llu bytes, digest %s)\n",
                   (unsigned long long)p->cells[0].samples[0].stdout_bytes, d);
        }
    } else if (failed == 0) {
        printf("  outputs: not checked (--check-output none)\n");
    }
    bool regressed =
        compare_and_print(doc, r->texts[0], r->texts[1], &r->metrics, r->check ? "same" : "none",
                          same, table_colour_wanted(r->colour, stdout));
    fflush(stdout);
    if (differ)
        fprintf(stderr, "versus ab: %s\n", why);
    if (regressed && failed == 0)
        fprintf(stderr,
                "versus ab: AFTER regressed: its %s is more than %g%% above BEFORE's (%s)\n",
                compare_metric_name(r->metrics.gated),
                threshold_of(r->metrics.gated, r->metrics.threshold) * 100.0,
                metric_rule_of(r->metrics.gated->name) == METRIC_RULE_SEPARATION
                    ? "every run of AFTER above every run of BEFORE, beyond their spread"
                    : "the whole 95% CI of the ratio");
    return differ || (regressed && failed == 0);
}

/* --git BASE HEAD, kept as given. */
static int parse_git(const struct cli_opt *opt, char *const *words, char *why, size_t len)
{
    (void)why;
    (void)len;
    const char **revs = opt->dst;
    revs[0] = words[0];
    revs[1] = words[1];
    return 0;
}

/* The two revisions of --git, each checked out in a temporary worktree (measure/worktree.h). */
struct ab_git {
    struct worktree_set set;
    char *commit[2], *dir[2];
    char shortc[2][13]; /* {rev}: the first 12 hex digits */
};

static void ab_git_close(struct ab_git *g)
{
    worktree_set_free(&g->set);
    for (int i = 0; i < 2; i++) {
        free(g->commit[i]);
        free(g->dir[i]);
    }
    memset(g, 0, sizeof *g);
}

/* Resolves BASE and HEAD in the repository around the working directory and checks each out
 * (the same commit twice: one worktree), removed again on SIGINT, SIGTERM or SIGHUP. Returns 0,
 * or -1 with err set and g closed. */
static int ab_git_open(struct ab_git *g, const char *const *revs, struct verr *err)
{
    memset(g, 0, sizeof *g);
    if (worktree_set_init(&g->set, ".", err) != 0)
        return verr_prefix(err, "--git needs a git repository here");
    int rc = worktree_remove_on_signal(&g->set, err);
    for (int i = 0; i < 2 && rc == 0; i++) {
        g->commit[i] = worktree_resolve(&g->set, revs[i], err);
        if (g->commit[i] == NULL)
            rc = verr_prefix(err, "--git");
        else
            snprintf(g->shortc[i], sizeof g->shortc[i], "%.12s", g->commit[i]);
    }
    for (int i = 0; i < 2 && rc == 0; i++) {
        const struct worktree *t = worktree_add(&g->set, g->commit[i], err);
        if (t == NULL || (g->dir[i] = strdup(t->path)) == NULL)
            rc = t == NULL ? verr_prefix(err, "--git") : verr_set(err, "out of memory");
    }
    if (rc != 0)
        ab_git_close(g);
    return rc;
}

/* Runs build (sh -c BUILD, unmeasured, its output shown only when it fails) in each worktree,
 * BASE then HEAD (once when both are one). Returns 0, or -1 with err set. */
static int ab_git_build(const struct ab_git *g, const char *const *revs, const char *build,
                        struct verr *err)
{
    for (int i = 0; i < 2; i++) {
        if (i == 1 && strcmp(g->dir[0], g->dir[1]) == 0)
            break;
        char *argv[] = {"/bin/sh", "-c", (char *)build, NULL};
        char *out = NULL, *err_text = NULL;
        fprintf(stderr, "versus ab: building %s (%s) in %s: %s\n", revs[i], g->shortc[i], g->dir[i],
                build);
        int rc = process_capture(argv, g->dir[i], 1 << 16, &out, &err_text, err);
        if (rc > 0) {
            fprintf(stderr, "%s%s", out ? out : "", err_text ? err_text : "");
            verr_set(err, "--build in %s (%s) exited %d: %s", revs[i], g->shortc[i], rc,
                     textfmt_last_line(err_text));
        }
        free(out);
        free(err_text);
        if (rc != 0)
            return -1;
    }
    return 0;
}

int cli_ab(int argc, char **argv, struct cli_context *ctx)
{
    int runs = AB_DEFAULT_RUNS, warmup = AB_DEFAULT_WARMUP;
    double timeout_s = 0, threshold = -1; /* -1: each metric's own */
    bool quiet = false;
    const struct metric_def *metric = metric_find(METRIC_WALL_S);
    const char *json_path = NULL, *colour = "auto", *check_text = "same";
    struct perf_selection counters;
    perf_selection_default(&counters);
    int rss_ms = CLI_RSS_INTERVAL_DEFAULT_MS;
    int reruns = 0;
    struct cli_counters sim = {0};
    const char *revs[2] = {NULL, NULL}, *build = NULL, *prepare = NULL;
    const struct cli_opt opts[] = {
        {CLI_RUNS, .help = "measured runs of each command (default 10)", .dst = &runs},
        {CLI_WARMUP, .help = "unmeasured warmup runs of each (default 2)", .dst = &warmup},
        {.name = "check-output",
         .value = "C",
         .help = "same (default: every run must print the same bytes) or none",
         .parse = cli_parse_choice,
         .choices = CHECKS,
         .dst = &check_text},
        {CLI_THRESHOLD, .dst = &threshold},
        {CLI_METRIC,
         .help = "what the gate judges: wall (default), cpu, rss, instructions (with\n"
                 "--counters simulate) or any counter recorded (task-clock, ...)",
         .dst = &metric},
        {.name = "git",
         .value = "BASE HEAD",
         .n_values = 2,
         .parse_words = parse_git,
         .help = "compare two revisions of the repository here, each in a temporary\n"
                 "git worktree: one COMMAND, with {rev} and {dir}, run in each",
         .dst = revs},
        CLI_STRING("build", "CMD", "with --git: build each worktree first (sh -c CMD, unmeasured)",
                   &build),
        CLI_STRING("prepare", "CMD", "run CMD before every run of both (unmeasured)", &prepare),
        {CLI_TIMEOUT, .dst = &timeout_s},
        {CLI_JSON, .dst = &json_path},
        {CLI_COLOR, .dst = &colour},
        {CLI_QUIET, .dst = &quiet},
        CLI_MEASURE_OPTS(&counters, &reruns, &rss_ms),
        CLI_DETERMINISTIC_OPT(&sim),
        CLI_END,
    };
    const struct cli_command cmd = {.name = "ab", .usage = USAGE, .notes = NOTES, .opts = opts};
    int first, rc = cli_parse(&cmd, argc, argv, ctx, &first);
    if (rc != CLI_PROCEED)
        return rc;
    bool check = strcmp(check_text, "same") == 0;
    bool git = revs[0] != NULL;
    if (git && argc - first != 1) {
        fprintf(stderr,
                "versus ab: --git needs exactly one command, run in both worktrees (got %d)\n",
                argc - first);
        return 2;
    }
    if (!git && argc - first != 2) {
        fprintf(stderr, "versus ab: needs exactly two commands, BEFORE and AFTER (got %d)\n",
                argc - first);
        return 2;
    }
    if (!git && build != NULL) {
        fprintf(stderr, "versus ab: --build needs --git\n");
        return 2;
    }
    struct ab_git g = {0};
    struct verr err;
    if (git && ab_git_open(&g, revs, &err) != 0) {
        fprintf(stderr, "versus ab: %s\n", err.msg);
        return 2;
    }
    if (git && build != NULL && ab_git_build(&g, revs, build, &err) != 0) {
        fprintf(stderr, "versus ab: %s\n", err.msg);
        ab_git_close(&g);
        return 1;
    }
    /* With --git the one command runs in both worktrees, {rev} and {dir} replaced. */
    char *given[2] = {argv[first], argv[git ? first : first + 1]};
    json_t *values[2] = {NULL, NULL};
    char labels[2][600], *names[3] = {labels[0], labels[1], NULL};
    char *prepares[2] = {(char *)prepare, NULL};
    char *texts[2];
    for (int i = 0; i < 2; i++) {
        if (git) {
            values[i] = json_pack("{s:s, s:s}", "rev", g.shortc[i], "dir", g.dir[i]);
            snprintf(labels[i], sizeof labels[i], "%s (%s)", revs[i], g.shortc[i]);
        }
        texts[i] = git ? sweep_substitute(given[i], values[i]) : strdup(given[i]);
    }
    struct plan p = {0};
    struct plan_commands rq = {.texts = given,
                               .n = 2,
                               .names = git ? names : NULL,
                               .values = git ? values : NULL,
                               .dirs = git ? g.dir : NULL,
                               .prepare = prepare ? prepares : NULL,
                               .runs = runs,
                               .warmup = warmup,
                               .timeout_s = timeout_s,
                               .check_exit_zero = true};
    if (plan_build_commands(&p, &rq, &err) != 0) {
        fprintf(stderr, "versus ab: %s\n", err.msg);
        rc = 2;
    }
    json_decref(values[0]);
    json_decref(values[1]);
    p.counters = &counters;
    p.rerun_contaminated = reruns;
    p.rss_interval_s = rss_ms / 1e3;
    if (rc == CLI_PROCEED && cli_counters_apply(&sim, &counters, &p, "ab") != 0)
        rc = 2;
    json_t *settings =
        json_pack("{s:i, s:i, s:f, s:s, s:s, s:f, s:s}", "runs", runs, "warmup", warmup,
                  "timeout_s", timeout_s, "order", "interleaved A B B A A B B A ..., warmups first",
                  "check_output", check ? "same" : "none", "threshold",
                  threshold_of(metric, threshold), "metric", compare_metric_name(metric));
    cli_counters_settings(&sim, settings);
    if (git)
        json_object_set_new(settings, "git",
                            json_pack("{s:s, s:s, s:s, s:s, s:s?}", "base", revs[0], "base_commit",
                                      g.commit[0], "head", revs[1], "head_commit", g.commit[1],
                                      "build", build));
    struct ab_report r = {{texts[0], texts[1]}, runs, warmup, check, colour, {{NULL}, 0, -1, NULL}};
    r.metrics.n = ab_metrics(counters.simulate, metric, r.metrics.shown);
    r.metrics.threshold = threshold;
    r.metrics.gated = metric;
    struct cli_execution x = {.quiet = quiet,
                              .settings = settings,
                              .json_path = json_path,
                              .finish = report,
                              .finish_arg = &r};
    if (rc == CLI_PROCEED)
        rc = cli_execute_and_write(ctx, &p, &x);
    json_decref(settings);
    plan_free(&p);
    free(texts[0]);
    free(texts[1]);
    ab_git_close(&g);
    cli_counters_free(&sim);
    return rc;
}
