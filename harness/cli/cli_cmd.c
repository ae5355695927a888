/*
 * cli_cmd.c - `versus cmd 'COMMAND' ...`: ad-hoc benchmarks of whole commands with hyperfine's
 * command line (hyperfine 1.20's --help: same option names, same meaning), measured the
 * versus way (direct exec, stdout through a pipe and digested, wait4, runs interleaved).
 *
 * Each command string is split into argv with shell quoting rules (argv_split.h) and exec'd
 * directly: -S/--shell none is the default here (hyperfine's -N). With -S SHELL ("sh", "bash
 * --norc", "default" for /bin/sh) it runs as SHELL -c COMMAND, and the shell's start-up is then
 * part of every figure (the table says so; hyperfine subtracts an estimate of it instead).
 * Each command gets at least -m (10) measured runs and at least 3 s of them, at most -M; -r N
 * gives exactly N. A command that exits non-zero fails its cell unless -i is given.
 *
 * Parameters (-P VAR MIN MAX [-D STEP], -L VAR a,b,c, several: their cross product, define/
 * sweep.h) make one command per combination and command, in hyperfine's order, with "{VAR}"
 * replaced in the command, its name (-n), and its --setup/--prepare/--conclude/--cleanup.
 * --reference CMD comes first and is what the summary compares with. The hooks run unmeasured
 * around the runs (measure/hooks.h): -s before a command's first run, -p before and -C after
 * every run, -c after its last; through the shell when -S names one, exec'd when none. The
 * cells and their hooks are built by plan_build_commands (measure/plan_build.h), as ab's are;
 * this file only reads the command line. --quiet means what it means for `versus run`: no
 * progress on stderr (the table and summary still print); --style none prints nothing.
 *
 * Differences from hyperfine, on purpose: the commands' runs are interleaved (A B B A ...), not
 * one command after another, so --setup of every command runs before the first round and
 * --cleanup after the last; the output goes through a pipe by default (--output pipe), since
 * /dev/null changes what some programs do (PITFALLS.md); one warmup run by default.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_counters.h"
#include "cli/cmd_report.h"
#include "cli/execute.h"
#include "cli/options.h"
#include "define/sweep.h"
#include "measure/plan.h"
#include "measure/plan_build.h"
#include "output/export.h"
#include "util/argv_split.h"

/* hyperfine's defaults: at least 10 runs, and at least 3 s of them (hyperfine --help). With
 * fewer, a fast command measured alone, then compared with another measured later
 * (versus compare), is at the mercy of the machine's drift between the two: see README,
 * "How often the gate is right". */
#define CMD_DEFAULT_RUNS 10
#define CMD_DEFAULT_MIN_TIME_S 3.0

static const char *USAGE =
    "usage: versus cmd [options] 'COMMAND' ['COMMAND' ...]\n"
    "Benchmarks whole commands, each exec'd directly (quotes respected, no shell), with\n"
    "hyperfine's options (README, \"Coming from hyperfine\").\n"
    "\n";

static const char *const SORTS[] = {"auto", "command", "mean-time", NULL};
static const char *const UNITS[] = {"microsecond", "millisecond", "second", NULL};
static const char *const STYLES[] = {"auto", "basic", "full", "nocolor", "color", "none", NULL};

/* Everything the command line says. */
struct cmd_args {
    int runs, warmup, min_runs, max_runs;
    bool runs_given, min_runs_given, max_runs_given;
    double timeout_s, min_time_s;
    const char *shell, *setup, *cleanup, *reference, *reference_name, *input;
    bool no_shell, ignore, quiet, show_output;
    char **prepare, **conclude, **names, **outputs;
    const char *sort, *time_unit, *style, *json_path, *colour, *step;
    struct sweep sweep;
    struct verr sweep_err;
    bool sweep_failed;
    struct export_requests exports;
};

/* -P VAR MIN MAX: kept as text until -D is known (it may come after). */
struct scan_text {
    char *words[3];
    bool given;
};
static struct scan_text scan;

static int parse_scan(const struct cli_opt *opt, char *const *words, char *why, size_t len)
{
    (void)opt;
    if (scan.given) {
        snprintf(why, len, "--parameter-scan may be given once (use -L for more parameters)");
        return -1;
    }
    for (int i = 0; i < 3; i++)
        scan.words[i] = words[i];
    scan.given = true;
    return 0;
}

static int parse_list(const struct cli_opt *opt, char *const *words, char *why, size_t len)
{
    struct cmd_args *a = opt->dst;
    if (sweep_add_list(&a->sweep, words[0], words[1], &a->sweep_err) != 0) {
        snprintf(why, len, "%s", a->sweep_err.msg);
        return -1;
    }
    return 0;
}

/* The document's settings: every option that changes what was measured. */
static json_t *settings_json(const struct plan *p, const struct cmd_args *a, bool has_ref,
                             char *const *shell)
{
    json_t *names = json_array();
    for (size_t i = 0; i < a->sweep.n; i++)
        json_array_append_new(names, json_string(a->sweep.params[i].name));
    json_t *s = json_pack("{s:i, s:f, s:i, s:f, s:b, s:b}", "runs", p->runs, "min_time_s",
                          p->min_time_s, "warmup", p->warmup, "timeout_s", p->timeout_s, "shell",
                          shell != NULL, "ignore_failure", a->ignore);
    json_object_set_new(s, "max_runs", p->max_runs > 0 ? json_integer(p->max_runs) : json_null());
    json_object_set_new(s, "shell_argv", shell ? json_array() : json_null());
    for (int i = 0; shell != NULL && shell[i] != NULL; i++)
        json_array_append_new(json_object_get(s, "shell_argv"), json_string(shell[i]));
    json_object_set_new(s, "parameter_names", names);
    json_object_set_new(s, "reference", json_boolean(has_ref));
    json_object_set_new(s, "sort", json_string(a->sort));
    json_object_set_new(s, "time_unit", a->time_unit ? json_string(a->time_unit) : json_null());
    json_object_set_new(s, "input", json_string(a->input ? a->input : "null"));
    json_object_set_new(s, "output",
                        json_string(a->show_output ? "inherit"
                                    : a->outputs   ? a->outputs[0]
                                                   : "pipe"));
    return s;
}

/* Runs and counts: hyperfine's -r, -m, -M and its "at least 3 s". Returns CLI_PROCEED or 2. */
static int plan_counts(const struct cli_command *cmd, struct plan_commands *rq,
                       const struct cmd_args *a)
{
    if (a->min_runs_given && a->max_runs_given && a->min_runs > a->max_runs)
        return cli_usage_error(cmd, "--min-runs %d is above --max-runs %d", a->min_runs,
                               a->max_runs);
    if (a->runs_given) {
        rq->runs = a->runs;
        rq->min_time_s = a->min_time_s >= 0 ? a->min_time_s : 0;
    } else {
        rq->runs = a->min_runs;
        if (a->max_runs_given && a->max_runs < rq->runs)
            rq->runs = a->max_runs;
        rq->min_time_s = a->min_time_s >= 0 ? a->min_time_s : CMD_DEFAULT_MIN_TIME_S;
        rq->max_runs = a->max_runs_given ? a->max_runs : 0;
    }
    rq->warmup = a->warmup;
    rq->timeout_s = a->timeout_s;
    rq->check_exit_zero = !a->ignore;
    return CLI_PROCEED;
}

int cli_cmd(int argc, char **argv, struct cli_context *ctx)
{
    struct cmd_args a = {.runs = CMD_DEFAULT_RUNS,
                         .warmup = 1,
                         .min_runs = CMD_DEFAULT_RUNS,
                         .min_time_s = -1,
                         .shell = "none",
                         .sort = "auto",
                         .style = "auto",
                         .colour = "auto"};
    memset(&scan, 0, sizeof scan);
    struct perf_selection counters;
    perf_selection_default(&counters);
    int rss_ms = CLI_RSS_INTERVAL_DEFAULT_MS;
    int reruns = 0;
    struct cli_counters sim = {0};
    const struct cli_opt opts[] = {
        {CLI_WARMUP, .short_name = 'w', .dst = &a.warmup},
        {CLI_MIN_RUNS, .short_name = 'm',
         .help = "at least N measured runs per command (default 10)", .dst = &a.min_runs,
         .given = &a.min_runs_given},
        {.name = "max-runs",
         .short_name = 'M',
         .value = "N",
         .parse = cli_parse_count,
         .min = 1,
         .help = "at most N measured runs per command (default: no limit)",
         .dst = &a.max_runs,
         .given = &a.max_runs_given},
        {CLI_RUNS, .short_name = 'r', .help = "exactly N measured runs per command", .dst = &a.runs,
         .given = &a.runs_given},
        {CLI_MIN_TIME, .alias = "min-benchmarking-time",
         .help = "at least S seconds of runs per command (default 3; -r: 0)", .dst = &a.min_time_s},
        CLI_SHORT_STRING("setup", 's', "CMD", "run CMD once before a command's runs (unmeasured)",
                         &a.setup),
        CLI_APPEND("prepare", 'p', "CMD",
                   "run CMD before every run (unmeasured); once for all or once per command",
                   &a.prepare),
        CLI_APPEND("conclude", 'C', "CMD",
                   "run CMD after every run (unmeasured); once for all or once per command",
                   &a.conclude),
        CLI_SHORT_STRING("cleanup", 'c', "CMD",
                         "run CMD once after a command's last run (unmeasured)", &a.cleanup),
        {.name = "parameter-scan",
         .short_name = 'P',
         .value = "VAR MIN MAX",
         .n_values = 3,
         .parse_words = parse_scan,
         .help = "one command per value MIN, MIN+STEP, ..., MAX of {VAR}",
         .dst = &a},
        CLI_SHORT_STRING("parameter-step-size", 'D', "STEP",
                         "the step of --parameter-scan (default 1)", &a.step),
        {.name = "parameter-list",
         .short_name = 'L',
         .value = "VAR a,b,c",
         .n_values = 2,
         .parse_words = parse_list,
         .help = "one command per value of {VAR}; several: every combination",
         .dst = &a},
        CLI_SHORT_STRING("shell", 'S', "SHELL",
                         "none (default: exec), default (/bin/sh) or 'bash --norc':\n"
                         "SHELL -c COMMAND, its start-up then measured too",
                         &a.shell),
        {.short_name = 'N', .help = "the same as --shell=none", .dst = &a.no_shell},
        {.name = "ignore-failure",
         .short_name = 'i',
         .help = "a non-zero exit does not fail the command",
         .dst = &a.ignore},
        CLI_APPEND("command-name", 'n', "NAME", "the name of a command (once per command)",
                   &a.names),
        CLI_STRING("reference", "CMD", "the command the summary compares the others with",
                   &a.reference),
        CLI_STRING("reference-name", "NAME", "the name of the --reference command",
                   &a.reference_name),
        CLI_STRING("input", "FILE", "what every run reads on stdin (default: null, /dev/null)",
                   &a.input),
        CLI_APPEND("output", 0, "WHERE",
                   "pipe (default), null (/dev/null: see the warning), inherit\n"
                   "or FILE; once for all or once per command",
                   &a.outputs),
        CLI_FLAG("show-output", "the commands' stdout and stderr go to ours", &a.show_output),
        {.name = "sort",
         .value = "ORDER",
         .parse = cli_parse_choice,
         .choices = SORTS,
         .help = "auto (table by median), command (as given) or mean-time",
         .dst = &a.sort},
        {.name = "time-unit",
         .short_name = 'u',
         .value = "UNIT",
         .parse = cli_parse_choice,
         .choices = UNITS,
         .help = "microsecond, millisecond or second (default: each its own)",
         .dst = &a.time_unit},
        {.name = "style",
         .value = "TYPE",
         .parse = cli_parse_choice,
         .choices = STYLES,
         .help = "auto, basic, full, nocolor, color or none (no output)",
         .dst = &a.style},
        {CLI_TIMEOUT, .dst = &a.timeout_s},
        {CLI_JSON, .help = "the versus/1 result document (default: ROOT/results/<UTC time>.json)",
         .dst = &a.json_path},
        CLI_STRING("export-json", "FILE", "hyperfine's JSON export",
                   &a.exports.path[EXPORT_HYPERFINE]),
        CLI_STRING("export-csv", "FILE", "hyperfine's CSV export",
                   &a.exports.path[EXPORT_HYPERFINE_CSV]),
        CLI_STRING("export-markdown", "FILE", "hyperfine's Markdown table",
                   &a.exports.path[EXPORT_HYPERFINE_MARKDOWN]),
        CLI_STRING("export-asciidoc", "FILE", "hyperfine's AsciiDoc table",
                   &a.exports.path[EXPORT_ASCIIDOC]),
        CLI_STRING("export-orgmode", "FILE", "hyperfine's Emacs org-mode table",
                   &a.exports.path[EXPORT_ORGMODE]),
        {CLI_EXPORT_HYPERFINE, .dst = &a.exports.path[EXPORT_HYPERFINE]},
        {CLI_EXPORT_GITHUB, .dst = &a.exports.path[EXPORT_GITHUB]},
        {CLI_COLOR, .dst = &a.colour},
        {CLI_QUIET, .dst = &a.quiet},
        CLI_MEASURE_OPTS(&counters, &reruns, &rss_ms),
        CLI_DETERMINISTIC_OPT(&sim),
        CLI_END,
    };
    const struct cli_command cmd = {.name = "cmd", .usage = USAGE, .opts = opts};
    int first, rc = cli_parse(&cmd, argc, argv, ctx, &first);
    if (rc == CLI_PROCEED && scan.given &&
        sweep_add_scan(&a.sweep, scan.words[0], scan.words[1], scan.words[2], a.step,
                       &a.sweep_err) != 0) {
        fprintf(stderr, "versus cmd: %s\n", a.sweep_err.msg);
        rc = 2;
    } else if (rc == CLI_PROCEED && a.step != NULL && !scan.given) {
        rc = cli_usage_error(&cmd, "--parameter-step-size needs --parameter-scan");
    }
    /* The case's own parameters (the group's) share the cells' object in the document. */
    for (size_t i = 0; rc == CLI_PROCEED && i < a.sweep.n; i++)
        if (strcmp(a.sweep.params[i].name, "name") == 0 ||
            strcmp(a.sweep.params[i].name, "shell") == 0)
            rc = cli_usage_error(&cmd,
                                 "parameter '%s' is a name versus cmd keeps for itself: "
                                 "rename it",
                                 a.sweep.params[i].name);
    int n_cmds = argc - first + (a.reference != NULL);
    if (rc == CLI_PROCEED && first >= argc)
        rc = cli_usage_error(&cmd, "no command given");
    if (rc == CLI_PROCEED && a.input != NULL && strcmp(a.input, "null") != 0 &&
        access(a.input, R_OK) != 0) {
        fprintf(stderr, "versus cmd: --input %s: cannot read it\n", a.input);
        rc = 2;
    }
    char **shell = NULL;
    if (rc == CLI_PROCEED && !a.no_shell && strcmp(a.shell, "none") != 0) {
        struct verr err;
        const char *sh = strcmp(a.shell, "default") == 0 ? "/bin/sh" : a.shell;
        if (argv_split(sh, &shell, &err) < 0) {
            fprintf(stderr, "versus cmd: --shell '%s': %s\n", a.shell, err.msg);
            rc = 2;
        }
    }
    struct plan p = {0};
    struct plan_commands rq = {.n = (size_t)n_cmds,
                               .shell = shell,
                               .names = a.names,
                               .first_is_reference = a.reference != NULL,
                               .reference_name = a.reference_name,
                               .sweep = &a.sweep,
                               .setup = a.setup,
                               .cleanup = a.cleanup,
                               .prepare = a.prepare,
                               .conclude = a.conclude,
                               .stdin_path =
                                   a.input && strcmp(a.input, "null") != 0 ? a.input : NULL,
                               .outputs = a.outputs,
                               .show_output = a.show_output};
    if (rc == CLI_PROCEED)
        rc = plan_counts(&cmd, &rq, &a);
    char **texts = calloc((size_t)n_cmds + 1, sizeof *texts);
    if (rc == CLI_PROCEED) {
        int k = 0;
        if (a.reference != NULL)
            texts[k++] = (char *)a.reference;
        for (int i = first; i < argc; i++)
            texts[k++] = argv[i];
        rq.texts = texts;
        struct verr err;
        if (plan_build_commands(&p, &rq, &err) != 0) {
            fprintf(stderr, "versus cmd: %s\n", err.msg);
            rc = 2;
        } else {
            cmd_report_output_warning(a.outputs, a.show_output);
        }
    }
    p.counters = &counters;
    p.rerun_contaminated = reruns;
    p.rss_interval_s = rss_ms / 1e3;
    if (rc == CLI_PROCEED && cli_counters_apply(&sim, &counters, &p, "cmd") != 0)
        rc = 2;
    if (rc == CLI_PROCEED) {
        bool none = strcmp(a.style, "none") == 0;
        const char *colour =
            strcmp(a.style, "basic") == 0 || strcmp(a.style, "nocolor") == 0 ? "never"
            : strcmp(a.style, "full") == 0 || strcmp(a.style, "color") == 0  ? "always"
                                                                             : a.colour;
        struct table_options table = {.order = strcmp(a.sort, "command") == 0     ? TABLE_AS_GIVEN
                                               : strcmp(a.sort, "mean-time") == 0 ? TABLE_BY_MEAN
                                                                                  : TABLE_BY_MEDIAN,
                                      .time_unit = a.time_unit};
        json_t *settings = settings_json(&p, &a, a.reference != NULL, shell);
        cli_counters_settings(&sim, settings);
        struct cmd_report report = {.shell = shell != NULL,
                                    .ignore_failure = a.ignore,
                                    .has_reference = a.reference != NULL,
                                    .print = !none,
                                    .colour = colour};
        struct cli_execution x = {.quiet = a.quiet || none,
                                  .colour = none ? NULL : colour,
                                  .table = &table,
                                  .settings = settings,
                                  .json_path = a.json_path,
                                  .exports = &a.exports,
                                  .finish = cmd_report_finish,
                                  .finish_arg = &report};
        rc = cli_execute_and_write(ctx, &p, &x);
        json_decref(settings);
    }
    free(texts);
    argv_free(shell);
    argv_free(a.prepare);
    argv_free(a.conclude);
    argv_free(a.names);
    argv_free(a.outputs);
    sweep_free(&a.sweep);
    plan_free(&p);
    cli_counters_free(&sim);
    return rc;
}
