/*
 * cli_cmd.c - `versus cmd 'COMMAND' ...`: ad-hoc benchmarks of whole commands, as hyperfine
 * does, measured the versus way (direct exec, stdout through a pipe and digested, wait4).
 *
 * Each command string is split into argv with shell quoting rules (argv_split.h) and exec'd
 * directly (the plan: measure/plan_build.h, plan_build_commands): no shell is started or measured.
 * Each command gets at least 10 measured runs and at least 3 s of them, as in hyperfine; --runs N
 * gives exactly N. --shell runs it as
 * `/bin/sh -c COMMAND` instead, and then the shell's start-up is part of every figure (the
 * table says so). A command that exits non-zero fails its cell unless --ignore-failure is
 * given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/execute.h"
#include "cli/options.h"
#include "measure/plan_build.h"
#include "output/export.h"

/* hyperfine's defaults: at least 10 runs, and at least 3 s of them (hyperfine --help). With
 * fewer, a fast command measured alone, then compared with another measured later
 * (versus compare), is at the mercy of the machine's drift between the two: see README,
 * "How often the gate is right". */
#define CMD_DEFAULT_RUNS 10
#define CMD_DEFAULT_MIN_TIME_S 3.0

static const char *USAGE = "usage: versus cmd [options] 'COMMAND' ['COMMAND' ...]\n"
                           "Benchmarks whole commands, each exec'd directly (quotes respected, "
                           "no shell).\n"
                           "\n";

/* Prints the note of --shell under the table. */
static bool note_shell(void *arg, const struct plan *p, size_t failed, json_t *doc)
{
    (void)p;
    (void)failed;
    (void)doc;
    if (*(const bool *)arg)
        printf("(through /bin/sh -c: the shell's start-up is included in every figure)\n");
    return false;
}

int cli_cmd(int argc, char **argv, struct cli_context *ctx)
{
    int runs = CMD_DEFAULT_RUNS, warmup = 1;
    double timeout_s = 0, min_time_s = -1; /* -1: not given */
    bool runs_given = false;
    bool shell = false, ignore = false, quiet = false;
    const char *json_path = NULL, *colour = "auto";
    struct export_requests exports = {0};
    struct perf_selection counters;
    perf_selection_default(&counters);
    int reruns = 0;
    const struct cli_opt opts[] = {
        {CLI_RUNS,
         .help = "exactly N measured runs per command (default: at least 10, and\n"
                 "more until they add up to --min-time, as hyperfine does)",
         .dst = &runs, .given = &runs_given},
        {CLI_MIN_TIME,
         .help = "measure each command for at least S seconds of runs (default 3;\n"
                 "with --runs: 0, unless given)",
         .dst = &min_time_s},
        {CLI_WARMUP, .dst = &warmup},
        {CLI_TIMEOUT, .dst = &timeout_s},
        CLI_FLAG("shell", "run each command through /bin/sh -c (its start-up is then measured)",
                 &shell),
        CLI_FLAG("ignore-failure", "a non-zero exit does not fail the command", &ignore),
        {CLI_JSON, .alias = "export-json", .dst = &json_path},
        {CLI_COLOR, .dst = &colour},
        {CLI_QUIET, .dst = &quiet},
        CLI_EXPORT_OPTS(&exports),
        CLI_MEASURE_OPTS(&counters, &reruns),
        CLI_END,
    };
    const struct cli_command cmd = {
        .name = "cmd", .usage = USAGE, .options_first = true, .opts = opts};
    int first, rc = cli_parse(&cmd, argc, argv, ctx, &first);
    if (rc != CLI_PROCEED)
        return rc;
    if (first >= argc)
        return cli_usage_error(&cmd, "no command given");
    if (min_time_s < 0)
        min_time_s = runs_given ? 0 : CMD_DEFAULT_MIN_TIME_S;
    struct plan p = {0};
    struct plan_commands commands = {.texts = argv + first,
                                     .n = (size_t)(argc - first),
                                     .shell = shell,
                                     .runs = runs,
                                     .warmup = warmup,
                                     .min_time_s = min_time_s,
                                     .timeout_s = timeout_s,
                                     .check_exit_zero = !ignore};
    struct verr err;
    if (plan_build_commands(&p, &commands, &err) != 0) {
        fprintf(stderr, "versus cmd: %s\n", err.msg);
        return 2;
    }
    p.counters = &counters;
    p.rerun_contaminated = reruns;
    json_t *settings = json_pack("{s:i, s:f, s:i, s:f, s:b, s:b}", "runs", runs, "min_time_s",
                                 min_time_s, "warmup", warmup, "timeout_s", timeout_s, "shell",
                                 shell, "ignore_failure", ignore);
    struct cli_execution x = {.quiet = quiet,
                              .colour = colour,
                              .settings = settings,
                              .json_path = json_path,
                              .exports = &exports,
                              .finish = note_shell,
                              .finish_arg = &shell};
    rc = cli_execute_and_write(ctx, &p, &x);
    json_decref(settings);
    plan_free(&p);
    return rc;
}
