/*
 * cli_ab.c - `versus ab 'BEFORE' 'AFTER'`: is AFTER faster or slower than BEFORE, and is the
 * difference real? An A/B comparison of two commands on this machine, now.
 *
 * Both command strings are split into argv (argv_split.h) and exec'd directly, as `versus cmd`
 * does (measure/plan_build.h, plan_build_commands). The runs are interleaved A B B A A B B A ...
 * (warmups first, the same way), so slow drift of the machine's speed hits both alike (PITFALLS.md,
 * "Drift"); this is the forward/reverse round order of bench.c with two cells. Every run goes
 * through process_run (stdout through a pipe, digested; wait4 for CPU and peak RSS). Unless
 * --check-output none, every run of both must print the same bytes (same XXH3-64 digest): comparing
 * the speed of two programs that do different things says nothing.
 *
 * For wall time, CPU time and peak RSS it prints both medians, the ratio of medians after /
 * before with its 95 % percentile bootstrap interval, the Mann-Whitney p-value and the verdict
 * (compare_stats.h); the result document (versus/1, both cells) gets a "comparison" section
 * with one versus-compare/1 row per metric. Exit status: 0; 1 when a run failed or the outputs
 * differ; 2 for bad usage.
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
#include "cli/execute.h"
#include "cli/options.h"
#include "compare/compare_print.h"
#include "compare/compare_report.h"
#include "compare/compare_stats.h"
#include "measure/digest.h"
#include "measure/plan_build.h"
#include "output/table.h"
#include "util/argv_split.h"
#include "util/metric.h"

/* Measured runs of each command by default (validated, see the top of this file). */
#define AB_DEFAULT_RUNS 10
#define AB_DEFAULT_WARMUP 2

static const char *USAGE =
    "usage: versus ab [options] 'BEFORE COMMAND' 'AFTER COMMAND'\n"
    "Runs two commands interleaved (A B B A ...), checks they print the same output, and says\n"
    "whether AFTER is faster or slower than BEFORE in wall time, CPU time and peak RSS.\n"
    "\n";

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

/* The metrics an A/B test shows, by their names in util/metric.h. */
static const char *const METRICS[] = {METRIC_WALL_S, METRIC_CPU_S, METRIC_MAX_RSS_BYTES};

/* Adds "comparison" to doc (whose cells 0 and 1 are BEFORE and AFTER) and prints the figures.
 * Returns how many metrics regressed. */
static int compare_and_print(json_t *doc, const char *before, const char *after, double threshold,
                             const char *check, json_t *same, bool colour)
{
    json_t *cells = json_object_get(doc, "cells");
    json_t *b = json_array_get(cells, 0), *a = json_array_get(cells, 1);
    json_object_set_new(b, "role", json_string("before"));
    json_object_set_new(a, "role", json_string("after"));
    json_t *rows = json_array();
    json_int_t regressed = 0, improved = 0;
    size_t n_before = 0, n_after = 0; /* measured runs with a wall time */
    printf("\n%-9s  %10s  %10s  %12s  %16s  %7s  %s\n", "metric", "before", "after", "after/before",
           "95% CI", "p", "verdict");
    for (size_t k = 0; k < sizeof METRICS / sizeof METRICS[0]; k++) {
        const struct metric_def *m = metric_find(METRICS[k]);
        struct compare_figures f;
        compare_cell_figures(b, a, m, threshold, &f);
        if (strcmp(m->name, METRIC_WALL_S) == 0) {
            n_before = f.n_before;
            n_after = f.n_after;
        }
        json_t *row = compare_row_json(a, "matched", b, a, &f);
        json_object_set_new(row, "metric", json_string(compare_metric_name(m)));
        json_object_set(row, "runner_before", json_object_get(b, "runner"));
        json_array_append_new(rows, row);
        regressed += strcmp(f.verdict, "regressed") == 0;
        improved += strcmp(f.verdict, "faster") == 0;
        char mb[32], ma[32], ratio[32], ci[64], p[32];
        compare_format_value(m, f.median_before, mb, sizeof mb);
        compare_format_value(m, f.median_after, ma, sizeof ma);
        compare_format_ratio(f.ratio, ratio, sizeof ratio);
        compare_format_ci(f.ci_low, f.ci_high, false, ci, sizeof ci);
        compare_format_p(f.p_value, p, sizeof p);
        const char *on = !colour                               ? ""
                         : strcmp(f.verdict, "faster") == 0    ? "\033[32m"
                         : strcmp(f.verdict, "slower") == 0    ? "\033[31m"
                         : strcmp(f.verdict, "regressed") == 0 ? "\033[1;31m"
                                                               : "";
        /* For peak RSS, "slower" means bigger and "faster" smaller. */
        bool rss = m->unit == METRIC_UNIT_BYTES;
        const char *up = rss ? "bigger" : "slower", *down = rss ? "smaller" : "faster";
        char shown[96];
        if (strcmp(f.verdict, "regressed") == 0)
            snprintf(shown, sizeof shown, "%s (regressed: CI above 1 + %g%%)", up,
                     threshold * 100.0);
        else
            snprintf(shown, sizeof shown, "%s",
                     strcmp(f.verdict, "slower") == 0   ? up
                     : strcmp(f.verdict, "faster") == 0 ? down
                                                        : f.verdict);
        /* %*s pads by bytes: widen by the bytes of a multi-byte "µ". */
        int wb = 10 + (strstr(mb, "µ") ? 1 : 0), wa = 10 + (strstr(ma, "µ") ? 1 : 0);
        printf("%-9s  %*s  %*s  %12s  %16s  %7s  %s%s%s\n",
               k == 0   ? "wall"
               : k == 1 ? "CPU"
                        : "peak RSS",
               wb, mb, wa, ma, ratio, ci, p, on, shown, *on ? "\033[0m" : "");
    }
    printf("\nfaster/slower (smaller/bigger): the 95%% CI of after/before excludes 1 and "
           "Mann-Whitney p < 0.05\n");
    if (n_before > 0 && n_after > 0 && compare_mwu_min_p(n_before, n_after) >= COMPARE_ALPHA)
        printf("note: with %zu and %zu runs the smallest possible p is %.3g: no difference can be "
               "significant; use --runs 10 or more\n",
               n_before, n_after, compare_mwu_min_p(n_before, n_after));
    json_t *cmp = json_object();
    json_object_set_new(cmp, "schema", json_string(COMPARE_SCHEMA));
    json_object_set_new(cmp, "before", json_string(before));
    json_object_set_new(cmp, "after", json_string(after));
    json_object_set_new(cmp, "threshold", json_real(threshold));
    json_object_set_new(cmp, "confidence", json_real(COMPARE_CONFIDENCE));
    json_object_set_new(cmp, "check_output", json_string(check));
    json_object_set_new(cmp, "outputs_same", same);
    json_object_set_new(cmp, "cells", rows);
    json_object_set_new(cmp, "regressed", json_integer(regressed));
    json_object_set_new(cmp, "improved", json_integer(improved));
    json_object_set_new(doc, "comparison", cmp);
    return (int)regressed;
}

/* What the closing sequence's finish hook needs to say how the comparison went. */
struct ab_report {
    const char *texts[2];
    int runs, warmup;
    double threshold;
    bool check;
    const char *colour;
};

/* Prints the runs, whether the outputs agreed, and the comparison (added to doc). Returns
 * true when the outputs differ. */
static bool report(void *arg, const struct plan *p, size_t failed, json_t *doc)
{
    const struct ab_report *r = arg;
    printf("versus ab: %d runs each after %d warmup runs each, interleaved A B B A ...\n", r->runs,
           r->warmup);
    printf("  A (before): %s\n  B (after):  %s\n", r->texts[0], r->texts[1]);
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
    compare_and_print(doc, r->texts[0], r->texts[1], r->threshold, r->check ? "same" : "none", same,
                      table_colour_wanted(r->colour, stdout));
    fflush(stdout);
    if (differ)
        fprintf(stderr, "versus ab: %s\n", why);
    return differ;
}

int cli_ab(int argc, char **argv, struct cli_context *ctx)
{
    int runs = AB_DEFAULT_RUNS, warmup = AB_DEFAULT_WARMUP;
    double timeout_s = 0, threshold = 0.05;
    bool quiet = false;
    const char *json_path = NULL, *colour = "auto", *check_text = "same";
    struct perf_selection counters;
    perf_selection_default(&counters);
    int reruns = 0;
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
        {CLI_TIMEOUT, .dst = &timeout_s},
        {CLI_JSON, .dst = &json_path},
        {CLI_COLOR, .dst = &colour},
        {CLI_QUIET, .dst = &quiet},
        CLI_MEASURE_OPTS(&counters, &reruns),
        CLI_END,
    };
    const struct cli_command cmd = {.name = "ab", .usage = USAGE, .opts = opts};
    int first, rc = cli_parse(&cmd, argc, argv, ctx, &first);
    if (rc != CLI_PROCEED)
        return rc;
    bool check = strcmp(check_text, "same") == 0;
    if (argc - first != 2) {
        fprintf(stderr, "versus ab: needs exactly two commands, BEFORE and AFTER (got %d)\n",
                argc - first);
        return 2;
    }
    const char *texts[2] = {argv[first], argv[first + 1]};
    struct plan p = {0};
    struct plan_commands commands = {.texts = argv + first,
                                     .n = 2,
                                     .runs = runs,
                                     .warmup = warmup,
                                     .timeout_s = timeout_s,
                                     .check_exit_zero = true};
    struct verr err;
    if (plan_build_commands(&p, &commands, &err) != 0) {
        fprintf(stderr, "versus ab: %s\n", err.msg);
        return 2;
    }
    p.counters = &counters;
    p.rerun_contaminated = reruns;

    json_t *settings =
        json_pack("{s:i, s:i, s:f, s:s, s:s, s:f}", "runs", runs, "warmup", warmup, "timeout_s",
                  timeout_s, "order", "interleaved A B B A A B B A ..., warmups first",
                  "check_output", check ? "same" : "none", "threshold", threshold);
    struct ab_report r = {{texts[0], texts[1]}, runs, warmup, threshold, check, colour};
    struct cli_execution x = {.quiet = quiet,
                              .settings = settings,
                              .json_path = json_path,
                              .finish = report,
                              .finish_arg = &r};
    rc = cli_execute_and_write(ctx, &p, &x);
    json_decref(settings);
    plan_free(&p);
    return rc;
}
