/*
 * cli_cmd.c - `versus cmd 'COMMAND' ...`: ad-hoc benchmarks of whole commands, as hyperfine
 * does, measured the versus way (direct exec, stdout through a pipe and digested, wait4).
 *
 * Each command string is split into argv with shell quoting rules (argv_split.h) and exec'd
 * directly: no shell is started or measured. Each command gets at least 10 measured runs and
 * at least 3 s of them, as in hyperfine; --runs N gives exactly N. --shell runs it as
 * `/bin/sh -c COMMAND` instead, and then the shell's start-up is part of every figure (the
 * table says so). A command that exits non-zero fails its cell unless --ignore-failure is
 * given.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "measure/bench.h"
#include "measure/envinfo.h"
#include "measure/process.h"
#include "output/export.h"
#include "output/table.h"
#include "result/result.h"
#include "util/argv_split.h"

/* hyperfine's defaults: at least 10 runs, and at least 3 s of them (hyperfine --help). With
 * fewer, a fast command measured alone, then compared with another measured later
 * (versus compare), is at the mercy of the machine's drift between the two: see README,
 * "How often the gate is right". */
#define CMD_DEFAULT_RUNS 10
#define CMD_DEFAULT_MIN_TIME_S 3.0

static const char *USAGE =
    "usage: versus cmd [options] 'COMMAND' ['COMMAND' ...]\n"
    "Benchmarks whole commands, each exec'd directly (quotes respected, no shell).\n"
    "\n"
    "  --runs N           exactly N measured runs per command (default: at least 10, and\n"
    "                     more until they add up to --min-time, as hyperfine does)\n"
    "  --min-time S       measure each command for at least S seconds of runs (default 3;\n"
    "                     with --runs: 0, unless given)\n"
    "  --warmup N         unmeasured warmup runs (default 1)\n"
    "  --timeout S        kill a run after S seconds (default: none)\n"
    "  --shell            run each command through /bin/sh -c (its start-up is then measured)\n"
    "  --ignore-failure   a non-zero exit does not fail the command\n"
    "  --json FILE        result document (default: ROOT/results/<UTC time>.json)\n"
    "  --color WHEN       auto, always or never\n"
    "  --quiet            no progress on stderr\n" EXPORT_CLI_HELP CLI_COMMON_HELP "  -h, --help\n";

enum {
    O_RUNS = OPT_COMMON_LAST,
    O_MIN_TIME,
    O_WARMUP,
    O_TIMEOUT,
    O_SHELL,
    O_IGNORE,
    O_JSON,
    O_COLOR,
    O_QUIET
};

int cli_cmd(int argc, char **argv, struct cli_context *ctx)
{
    static const struct option longopts[] = {
        CLI_COMMON_OPTIONS,
        {"runs", required_argument, 0, O_RUNS},
        {"min-time", required_argument, 0, O_MIN_TIME},
        {"warmup", required_argument, 0, O_WARMUP},
        {"timeout", required_argument, 0, O_TIMEOUT},
        {"shell", no_argument, 0, O_SHELL},
        {"ignore-failure", no_argument, 0, O_IGNORE},
        {"json", required_argument, 0, O_JSON},
        {"export-json", required_argument, 0, O_JSON},
        {"color", required_argument, 0, O_COLOR},
        {"quiet", no_argument, 0, O_QUIET},
        EXPORT_CLI_OPTIONS,
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    int runs = CMD_DEFAULT_RUNS, warmup = 1, c;
    double timeout_s = 0, min_time_s = -1; /* -1: not given */
    bool runs_given = false;
    bool shell = false, ignore = false, quiet = false;
    const char *json_path = NULL, *colour = "auto";
    struct export_requests exports = {0};
    optind = 1;
    while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
        if (cli_context_option(ctx, c, optarg) || export_cli_option(&exports, c, optarg))
            continue;
        switch (c) {
        case O_RUNS:
            runs = cli_parse_count("--runs", optarg, 1);
            runs_given = true;
            break;
        case O_MIN_TIME:
            min_time_s = cli_parse_seconds("--min-time", optarg);
            break;
        case O_WARMUP:
            warmup = cli_parse_count("--warmup", optarg, 0);
            break;
        case O_TIMEOUT:
            timeout_s = cli_parse_seconds("--timeout", optarg);
            break;
        case O_SHELL:
            shell = true;
            break;
        case O_IGNORE:
            ignore = true;
            break;
        case O_JSON:
            json_path = optarg;
            break;
        case O_COLOR:
            colour = optarg;
            break;
        case O_QUIET:
            quiet = true;
            break;
        case 'h':
            fputs(USAGE, stdout);
            return 0;
        default:
            fputs(USAGE, stderr);
            return 2;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "versus cmd: no command given\n%s", USAGE);
        return 2;
    }
    if (min_time_s < 0)
        min_time_s = runs_given ? 0 : CMD_DEFAULT_MIN_TIME_S;
    struct plan p = {0};
    p.runs = runs;
    p.min_time_s = min_time_s;
    p.warmup = warmup;
    p.timeout_s = timeout_s;
    p.check_exit_zero = !ignore;
    json_t *params = json_pack("{s:s, s:b}", "name", shell ? "shell" : "exec", "shell", shell);
    size_t gi = plan_add_group(&p, NULL, NULL, NULL, NULL, params);
    for (int i = optind; i < argc; i++) {
        struct verr err;
        char **cargv = cli_command_argv(argv[i], shell, &err);
        if (cargv == NULL) {
            fprintf(stderr, "versus cmd: '%s': %s\n", argv[i], err.msg);
            plan_free(&p);
            return 2;
        }
        plan_add_cell(&p, gi, NULL, argv[i], cargv, NULL, false);
    }
    char created_at[64];
    envinfo_utc_now(created_at, sizeof created_at, 0);
    json_t *env = envinfo_collect(ctx->root);
    struct bench_options bo = {.cwd = NULL, .progress = !quiet};
    size_t failed = bench_execute(&p, &bo);
    table_print(stdout, &p, table_colour_wanted(colour, stdout));
    if (shell)
        printf("(through /bin/sh -c: the shell's start-up is included in every figure)\n");

    json_t *settings = json_pack("{s:i, s:f, s:i, s:f, s:b, s:b}", "runs", runs, "min_time_s",
                                 min_time_s, "warmup", warmup, "timeout_s", timeout_s, "shell",
                                 shell, "ignore_failure", ignore);
    struct result_meta meta = {.argc = ctx->full_argc,
                               .argv = ctx->full_argv,
                               .env = env,
                               .settings = settings,
                               .created_at = created_at};
    json_t *doc = result_build(&p, &meta);
    int wrote = cli_write_result(ctx, doc, json_path);
    wrote |= export_requested(doc, &exports);
    json_decref(doc);
    json_decref(settings);
    json_decref(env);
    plan_free(&p);
    return wrote != 0 ? 2 : failed > 0 ? 1 : 0;
}
