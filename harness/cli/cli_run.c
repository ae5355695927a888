/*
 * cli_run.c - `versus run`: the matrix workload x input x case x runner.
 *
 * Steps: parse options; load definitions and the suite; build the plan (measure/plan_build.h:
 * choose workloads, inputs, cases and runners, prepare the runners in use, a group per
 * workload, input and case, a cell per runner, the reference first), with missing inputs
 * fetched or generated (data/input_ready.h); run it (bench.c); print the table; write the
 * result document. Exit status 1 when any cell failed, after everything ran and was written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_counters.h"
#include "cli/execute.h"
#include "cli/options.h"
#include "data/input_ready.h"
#include "define/suite.h"
#include "measure/envinfo.h"
#include "measure/plan.h"
#include "measure/plan_build.h"
#include "measure/shard.h"
#include "output/export.h"
#include "result/doc.h"
#include "result/resume.h"
#include "util/argv_split.h"
#include "util/fsutil.h"

struct run_options {
    char **workloads, **runners, **inputs, **cases;
    const char *input_file, *pattern, *json_path, *reference, *colour, *profile, *suite_name;
    const char *resume_path; /* --resume: an earlier (interrupted) document */
    json_t *suite;           /* the chosen suite (suite.h), or NULL */
    int runs, warmup, min_runs;
    bool min_runs_given, max_time_given; /* on the command line (over the suite's) */
    double timeout_s, max_time_s, min_time_s;
    bool quick, no_build, no_fetch, quiet;
    struct export_requests exports; /* --export-hyperfine, --export-csv, ... */
    const char *shard_text;         /* --shard I/N, as given */
    struct shard shard;             /* count 0: the whole plan */
    struct perf_selection counters; /* --counters */
    struct cli_counters sim;        /* --counters simulate, --deterministic */
    int rerun_contaminated;         /* --rerun-contaminated */
    int rss_interval_ms;            /* --rss-interval */
};

static const char *USAGE =
    "usage: versus run [options]\n"
    "Runs every chosen workload on every chosen input with every case and runner, checks that\n"
    "all runners print the reference runner's output, and reports wall time, CPU time and\n"
    "peak RSS per cell. Without options: the default suite (workloads/suites.json).\n"
    "\n";

/* --shard I/N (shard.h). */
static int parse_shard(const struct cli_opt *opt, const char *text, char *why, size_t len)
{
    struct run_options *o = opt->dst;
    struct verr err;
    if (shard_parse(text, &o->shard, &err) != 0) {
        snprintf(why, len, "%s", err.msg);
        return -1;
    }
    o->shard_text = text;
    return 0;
}

static int parse_options(int argc, char **argv, struct cli_context *ctx, struct run_options *o)
{
    memset(o, 0, sizeof *o);
    o->min_runs = 5;
    o->runs = -1;
    o->warmup = -1;
    o->colour = "auto";
    perf_selection_default(&o->counters);
    o->rss_interval_ms = CLI_RSS_INTERVAL_DEFAULT_MS;
    const struct cli_opt opts[] = {
        CLI_LIST("workload", "W[,W]", "workloads to run (default: all in the workloads directory)",
                 &o->workloads),
        {CLI_RUNNER,
         .help = "runners, in order; the first is the reference (default: the\n"
                 "workload's default_runners)",
         .dst = &o->runners},
        CLI_STRING("reference", "R", "the runner whose output defines the right answer",
                   &o->reference),
        {CLI_INPUT, .help = "named inputs (default: the workload's inputs)", .dst = &o->inputs},
        CLI_STRING("input-file", "PATH", "run on this file instead of named inputs",
                   &o->input_file),
        CLI_LIST("case", "C[,C]", "only these cases (by name)", &o->cases),
        CLI_STRING("pattern", "P", "one ad-hoc case with this pattern (grep)", &o->pattern),
        CLI_STRING("profile", "NAME",
                   "the workload's named case list (e.g. agent: paper, quick), with\n"
                   "its own inputs if it has some (grep-tree, find-name: large)",
                   &o->profile),
        CLI_STRING("suite", "NAME",
                   "a named suite of workloads, profiles and runners\n"
                   "(workloads/suites.json; without --workload, --suite or --profile:\n"
                   "the default suite)",
                   &o->suite_name),
        {CLI_RUNS, .help = "measured runs per cell (default 10; --quick: 3)", .dst = &o->runs},
        {CLI_WARMUP, .help = "unmeasured warmup runs per cell (default 1)", .dst = &o->warmup},
        {CLI_MAX_TIME,
         .help = "stop measuring a cell once its runs add up to S seconds and it has\n"
                 "--min-runs of them (default: no limit; every cell gets --runs)",
         .dst = &o->max_time_s},
        {CLI_MIN_RUNS, .dst = &o->min_runs, .given = &o->min_runs_given},
        {CLI_MIN_TIME,
         .help = "after its --runs, measure a cell until its runs add up to S\n"
                 "seconds (hyperfine's rule; default 0: exactly --runs)",
         .dst = &o->min_time_s},
        {CLI_TIMEOUT, .help = "kill a run after S seconds (default: the workload's timeout_s)",
         .dst = &o->timeout_s},
        CLI_FLAG("quick", "3 runs and the workload's small inputs (for CI)", &o->quick),
        {CLI_JSON, .alias = "export-json",
         .help = "result document (default: ROOT/results/<UTC time>.json);\n"
                 "latest.json is written beside it",
         .dst = &o->json_path},
        {CLI_NO_BUILD, .dst = &o->no_build},
        CLI_FLAG("no-fetch", "do not fetch or generate missing inputs", &o->no_fetch),
        CLI_STRING("resume", "RESULT.json",
                   "run only the cells RESULT.json lacks or left unfinished (an\n"
                   "interrupted run; give the same options); the new document holds both",
                   &o->resume_path),
        {CLI_COLOR, .dst = &o->colour},
        {CLI_QUIET, .dst = &o->quiet},
        {.name = "shard",
         .value = "I/N",
         .help = "run only the groups g with g % N == I-1 (for N machines; join the\n"
                 "results with versus merge)",
         .parse = parse_shard,
         .dst = o},
        CLI_EXPORT_OPTS(&o->exports),
        CLI_MEASURE_OPTS(&o->counters, &o->rerun_contaminated, &o->rss_interval_ms),
        CLI_DETERMINISTIC_OPT(&o->sim),
        CLI_END,
    };
    const struct cli_command cmd = {.name = "run", .usage = USAGE, .opts = opts};
    int first, rc = cli_parse(&cmd, argc, argv, ctx, &first);
    if (rc != CLI_PROCEED)
        return rc;
    if (first < argc)
        return cli_usage_error(&cmd, "unexpected argument '%s'", argv[first]);
    return CLI_PROCEED;
}

static void free_options(struct run_options *o)
{
    json_decref(o->suite);
    argv_free(o->workloads);
    argv_free(o->runners);
    argv_free(o->inputs);
    argv_free(o->cases);
    cli_counters_free(&o->sim);
}

/* The plan's request: what the options and the suite ask for. */
static struct plan_request request_of(const struct run_options *o)
{
    return (struct plan_request){
        .workloads = o->workloads,
        .runners = o->runners,
        .inputs = o->inputs,
        .cases = o->cases,
        .input_file = o->input_file,
        .pattern = o->pattern,
        .reference = o->reference,
        .profile = o->profile,
        .suite = o->suite,
        .quick = o->quick,
        .no_build = o->no_build,
        .runs = o->runs,
        .warmup = o->warmup,
        .min_runs = o->min_runs,
        .timeout_s = o->timeout_s,
        .max_time_s = o->max_time_s,
        .min_time_s = o->min_time_s,
        .max_time_given = o->max_time_given,
        .min_runs_given = o->min_runs_given,
    };
}

/* The run's settings for the result document. runs and warmup are the plan's defaults; a
 * profile may give its groups others (each cell's samples say how many it had). */
static json_t *settings_json(const struct run_options *o, const struct plan *p)
{
    json_t *s =
        json_pack("{s:i, s:i, s:f, s:f, s:i, s:f, s:b, s:s, s:s, s:s}", "runs", p->runs, "warmup",
                  p->warmup, "timeout_s", o->timeout_s, "max_time_s", o->max_time_s, "min_runs",
                  o->min_runs, "min_time_s", o->min_time_s, "quick", o->quick, "order",
                  "interleaved rounds, alternating forward and reverse (A B C, C B A, ...)",
                  "percentile_definition",
                  "linear interpolation between closest ranks (numpy default; Hyndman-Fan "
                  "type 7)",
                  "cpu_s", "user + system CPU time of the one child, from wait4");
    json_object_set_new(s, "suite", o->suite_name ? json_string(o->suite_name) : json_null());
    json_object_set_new(s, "profile", o->profile ? json_string(o->profile) : json_null());
    json_t *budgets = suite_entry_budgets(o->suite);
    if (budgets != NULL)
        json_object_set_new(s, "suite_budgets", budgets);
    return s;
}

struct resume_hook {
    const json_t *earlier;
    const char *path;
};

/* cli_execution.finish for --resume: the earlier document's finished cells go into the new
 * one; one of them failed makes the exit status 1. */
static bool finish_resumed(void *arg, const struct plan *p, size_t failed, json_t *doc)
{
    (void)p;
    (void)failed;
    const struct resume_hook *h = arg;
    return resume_carry(doc, h->earlier, h->path) > 0;
}

int cli_run(int argc, char **argv, struct cli_context *ctx)
{
    struct run_options o;
    int rc = parse_options(argc, argv, ctx, &o);
    if (rc != CLI_PROCEED) {
        free_options(&o);
        return rc;
    }
    struct manifest m;
    struct workload_set ws;
    if (cli_load_definitions(ctx, &m, &ws) != 0)
        return 2;
    rc = 2;
    struct plan p = {0};
    for (char **w = o.workloads; w && *w; w++)
        if (workload_find(&ws, *w) == NULL) {
            fprintf(stderr, "versus: no workload '%s' in %s\n", *w, ctx->workloads_dir);
            goto out;
        }
    /* Plain `versus run` runs the default suite, when the workloads directory has one. */
    char *suites_path = fsutil_join(ctx->workloads_dir, "suites.json");
    if (o.suite_name == NULL && o.workloads == NULL && o.profile == NULL &&
        fsutil_exists(suites_path))
        o.suite_name = "default";
    free(suites_path);
    if (o.suite_name != NULL) {
        struct verr err;
        if (o.workloads != NULL) {
            fprintf(stderr, "versus: --suite and --workload do not go together\n");
            goto out;
        }
        if ((o.suite = suite_load(ctx->workloads_dir, o.suite_name, &ws, &err)) == NULL) {
            fprintf(stderr, "versus: %s\n", err.msg);
            goto out;
        }
        o.max_time_given = o.max_time_s > 0;
        const json_t *mt = json_object_get(o.suite, "max_time_s");
        const json_t *mr = json_object_get(o.suite, "min_runs");
        if (o.max_time_s <= 0 && mt != NULL)
            o.max_time_s = json_number_value(mt);
        if (!o.min_runs_given && mr != NULL)
            o.min_runs = (int)json_number_value(mr);
    }
    char created_at[64];
    envinfo_utc_now(created_at, sizeof created_at, 0);
    json_t *env = envinfo_collect(ctx->root);
    struct plan_request rq = request_of(&o);
    struct plan_places at = {.root = ctx->root,
                             .manifest_path = ctx->manifest_path,
                             .workloads_dir = ctx->workloads_dir};
    struct input_ready ready = {.data_dir = ctx->data_dir, .no_fetch = o.no_fetch};
    struct plan_input_source inputs = input_ready_source(&ready);
    struct verr err;
    if (plan_build(&p, &m, &ws, &rq, &at, &inputs, &err) != 0) {
        fprintf(stderr, "versus: %s\n", err.msg);
        json_decref(env);
        goto out;
    }
    shard_apply(&p, &o.shard);
    p.counters = &o.counters;
    p.rerun_contaminated = o.rerun_contaminated;
    p.rss_interval_s = o.rss_interval_ms / 1e3;
    if (cli_counters_apply(&o.sim, &o.counters, &p, "run") != 0) {
        json_decref(env);
        goto out;
    }
    json_t *settings = settings_json(&o, &p);
    cli_counters_settings(&o.sim, settings);
    if (o.shard_text != NULL)
        json_object_set_new(settings, "shard", json_string(o.shard_text));
    json_t *earlier = NULL;
    if (o.resume_path != NULL) {
        if ((earlier = doc_load(o.resume_path, &err)) == NULL) {
            fprintf(stderr, "versus: --resume: %s\n", err.msg);
            json_decref(settings);
            json_decref(env);
            goto out;
        }
        size_t carried = resume_mark(&p, earlier);
        fprintf(stderr, "versus: resuming %s: %zu of %zu cells are done there, %zu to run\n",
                o.resume_path, carried, p.n_cells, p.n_cells - carried);
    }
    struct resume_hook hook = {earlier, o.resume_path};
    struct cli_execution x = {
        .cwd = ctx->root,
        .quiet = o.quiet,
        .colour = o.colour,
        .manifest = &m,
        .settings = settings,
        .json_path = o.json_path,
        .exports = &o.exports,
        .created_at = created_at,
        .env = env,
        .finish = earlier != NULL ? finish_resumed : NULL,
        .finish_arg = &hook,
    };
    rc = cli_execute_and_write(ctx, &p, &x);
    json_decref(earlier);
    json_decref(settings);
    json_decref(env);
out:
    plan_free(&p);
    workload_set_free(&ws);
    manifest_free(&m);
    free_options(&o);
    return rc;
}
