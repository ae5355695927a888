/*
 * cli_run.c - `versus run`: the matrix workload x input x case x runner.
 *
 * Steps, each in its own function: parse options; load definitions; choose workloads,
 * inputs, cases and runners; make sure inputs exist (fetching or generating missing ones);
 * prepare (build, version) the runners in use; build the plan (a group per workload, input and
 * case; a cell per runner, the reference first); run it (bench.c); print the table; write the
 * result document. Exit status 1 when any cell failed, after everything ran and was written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/execute.h"
#include "cli/options.h"
#include "data/data.h"
#include "define/suite.h"
#include "define/template.h"
#include "measure/envinfo.h"
#include "measure/plan.h"
#include "measure/runner_prepare.h"
#include "measure/shard.h"
#include "output/export.h"
#include "util/argv_split.h"
#include "util/fsutil.h"
#include <unistd.h>

struct run_options {
    char **workloads, **runners, **inputs, **cases;
    const char *input_file, *pattern, *json_path, *reference, *colour, *profile, *suite_name;
    json_t *suite; /* the chosen suite (suite.h), or NULL */
    int runs, warmup, min_runs;
    bool min_runs_given;
    double timeout_s, max_time_s, min_time_s;
    bool quick, no_build, no_fetch, quiet;
    struct export_requests exports; /* --export-hyperfine, --export-csv, ... */
    const char *shard_text;         /* --shard I/N, as given */
    struct shard shard;             /* count 0: the whole plan */
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
        {CLI_COLOR, .dst = &o->colour},
        {CLI_QUIET, .dst = &o->quiet},
        {.name = "shard",
         .value = "I/N",
         .help = "run only the groups g with g % N == I-1 (for N machines; join the\n"
                 "results with versus merge)",
         .parse = parse_shard,
         .dst = o},
        CLI_EXPORT_OPTS(&o->exports),
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
}

static bool list_has(char **list, const char *s)
{
    for (; list && *list; list++)
        if (strcmp(*list, s) == 0)
            return true;
    return false;
}

/* The runner names for workload w, in order, reference first. Returns a malloc'd list. */
static char **runner_names_for(const struct workload *w, const struct run_options *o)
{
    char **names;
    const json_t *entry_runners = json_object_get(suite_entry(o->suite, w->name), "runners");
    if (o->runners != NULL) {
        names = argv_copy(o->runners);
    } else if (entry_runners != NULL) {
        size_t n = json_array_size(entry_runners);
        names = calloc(n + 1, sizeof *names);
        for (size_t i = 0; i < n; i++)
            names[i] = strdup(json_string_value(json_array_get(entry_runners, i)));
    } else {
        size_t n = json_array_size(w->default_runners);
        names = calloc(n + 1, sizeof *names);
        for (size_t i = 0; i < n; i++)
            names[i] = strdup(json_string_value(json_array_get(w->default_runners, i)));
    }
    const char *ref =
        o->reference ? o->reference : (o->runners || entry_runners ? NULL : w->reference_runner);
    if (ref != NULL) {
        int n = argv_count(names), at = -1;
        for (int i = 0; i < n; i++)
            if (strcmp(names[i], ref) == 0)
                at = i;
        if (at > 0) {
            char *r = names[at];
            memmove(names + 1, names, (size_t)at * sizeof *names);
            names[0] = r;
        } else if (at < 0) {
            char **more = realloc(names, (size_t)(n + 2) * sizeof *names);
            names = more;
            memmove(names + 1, names, (size_t)(n + 1) * sizeof *names);
            names[0] = strdup(ref);
        }
    }
    return names;
}

/* Makes sure a named input's file exists; returns its path or NULL (with a reason). */
static char *ensure_input(const struct cli_context *ctx, const struct input_def *in, bool no_fetch,
                          char *why, size_t why_len)
{
    char *path = data_input_path(in, ctx->data_dir);
    if (fsutil_exists(path))
        return path;
    struct verr err;
    int rc = -1;
    if (no_fetch) {
        snprintf(why, why_len, "input %s is missing (%s): run versus data fetch / data gen",
                 in->name, path);
        free(path);
        return NULL;
    }
    if (in->large) {
        snprintf(why, why_len,
                 "input %s is large and is not fetched by versus run: run versus data fetch "
                 "--large --input %s",
                 in->name, in->name);
        free(path);
        return NULL;
    }
    if (strcmp(in->kind, "generated") == 0)
        rc = data_gen_input(in, ctx->data_dir, 0, &err);
    else
        rc = data_fetch_input(in, ctx->data_dir, &err);
    if (rc != 0) {
        snprintf(why, why_len, "input %s unavailable: %s", in->name, err.msg);
        free(path);
        return NULL;
    }
    return path;
}

/* Fills the group's input facts: size and SHA-256. For a directory (a tree input), the size
 * is the sum of its regular files' sizes and the SHA-256 the one recorded for the archive it
 * was unpacked from (data.h), or none. */
static void describe_input(struct group *g)
{
    if (g->input_path == NULL)
        return;
    if (fsutil_is_dir(g->input_path)) {
        g->input_bytes = fsutil_tree_size(g->input_path, NULL);
        (void)data_tree_recorded_sha256(g->input_path, g->input_sha256);
        return;
    }
    g->input_bytes = fsutil_file_size(g->input_path);
    struct verr err;
    if (fsutil_sha256_file(g->input_path, g->input_sha256, &err) != 0)
        g->input_sha256[0] = '\0';
}

/* The profile whose cases w runs: the suite entry's, else --profile, else "quick" with
 * --quick when w has one; NULL for the default cases. */
static const char *profile_for(const struct workload *w, const struct run_options *o)
{
    const char *p = json_string_value(json_object_get(suite_entry(o->suite, w->name), "profile"));
    if (p != NULL)
        return p;
    if (o->profile != NULL)
        return o->profile;
    if (o->quick && json_object_get(w->profiles, "quick") != NULL)
        return "quick";
    return NULL;
}

/* The cases of w to run: --pattern makes one ad-hoc case; --case filters. New reference. */
static json_t *cases_for(const struct workload *w, const struct run_options *o)
{
    json_t *cases = json_array();
    if (o->pattern != NULL) {
        json_array_append_new(cases,
                              json_pack("{s:s, s:s}", "name", "custom", "pattern", o->pattern));
        return cases;
    }
    const char *profile = profile_for(w, o);
    json_t *list = w->cases;
    json_t *chosen =
        profile ? json_object_get(json_object_get(w->profiles, profile), "cases") : NULL;
    if (chosen != NULL)
        list = chosen;
    size_t i;
    json_t *c;
    json_array_foreach(list, i, c)
    {
        const char *name = json_string_value(json_object_get(c, "name"));
        if (o->cases == NULL || list_has(o->cases, name))
            json_array_append(cases, c);
    }
    return cases;
}

/* Adds the cells of one group: one per runner that performs the workload. */
static void add_cells(struct plan *p, size_t gi, const struct workload *w, char **names,
                      struct manifest *m, const struct cli_context *ctx, const char *input_why)
{
    struct group *g = &p->groups[gi];
    bool reference_placed = false;
    for (char **n = names; *n; n++) {
        struct runner *r = manifest_find(m, *n);
        if (r == NULL || !runner_supports(r, w->name))
            continue;
        if (input_why != NULL || !r->available) {
            size_t ci = plan_add_cell(p, gi, r, r->name, NULL, NULL, false);
            plan_skip_cell(p, ci, input_why ? input_why : r->unavailable_reason);
            continue;
        }
        /* The first available runner in the list is the reference: the requested one
         * unless it cannot run here, and the result document names whichever it was. */
        bool is_ref = !reference_placed;
        json_t *params = json_deep_copy(g->params);
        json_object_set_new(params, "input", json_string(g->input_path ? g->input_path : ""));
        if (g->server_argv != NULL)
            json_object_set_new(params, "url", json_string(PLAN_URL_SENTINEL));
        struct verr err;
        char **argv = runner_argv(r, w, params, ctx->root, &err);
        json_decref(params);
        char **envp = argv ? runner_envp(r, &err) : NULL;
        size_t ci = plan_add_cell(p, gi, r, r->name, argv, envp, is_ref);
        if (argv == NULL || envp == NULL) {
            plan_skip_cell(p, ci, err.msg);
            if (is_ref)
                p->groups[gi].has_reference = false;
            continue;
        }
        reference_placed = reference_placed || is_ref;
    }
}

/* For a workload with a server: the server's argv (this versus, "mock-llm", the expanded
 * "args"), kept in the group. Returns 0, or -1 with a message printed. */
static int add_server(struct plan *p, size_t gi, const struct workload *w)
{
    if (w->server == NULL)
        return 0;
    struct group *g = &p->groups[gi];
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) {
        fprintf(stderr, "versus: cannot find its own executable to start the server\n");
        return -1;
    }
    self[n] = '\0';
    json_t *tmpl = json_array();
    json_array_append_new(tmpl, json_string(self));
    json_array_append_new(tmpl, json_string(json_string_value(json_object_get(w->server, "kind"))));
    if (json_object_get(w->server, "args") != NULL)
        json_array_extend(tmpl, json_object_get(w->server, "args"));
    struct verr err;
    g->server_argv = template_expand(tmpl, g->params, &err);
    json_decref(tmpl);
    if (g->server_argv == NULL) {
        fprintf(stderr, "versus: workload %s: server: %s\n", w->name, err.msg);
        return -1;
    }
    return 0;
}

/* Checks runner names and prepares (builds) every runner in use. */
static int prepare_runners(struct manifest *m, struct workload_set *ws, const struct run_options *o,
                           const struct cli_context *ctx, char ***chosen)
{
    for (size_t i = 0; i < ws->n_workloads; i++) {
        const struct workload *w = &ws->workloads[i];
        if (o->workloads && !list_has(o->workloads, w->name))
            continue;
        if (o->suite != NULL && suite_entry(o->suite, w->name) == NULL)
            continue;
        if (o->suite == NULL && o->profile != NULL &&
            json_object_get(w->profiles, o->profile) == NULL) {
            if (o->workloads == NULL)
                continue; /* --profile alone: the workloads that have it */
            fprintf(stderr, "versus: workload %s has no profile '%s'\n", w->name, o->profile);
            return -1;
        }
        char **names = runner_names_for(w, o);
        for (char **n = names; *n; n++) {
            struct runner *r = manifest_find(m, *n);
            if (r == NULL) {
                fprintf(stderr, "versus: no runner '%s' in %s\n", *n, ctx->manifest_path);
                argv_free(names);
                return -1;
            }
            if (runner_supports(r, w->name))
                runner_prepare(r, ctx->root, !o->no_build);
        }
        chosen[i] = names;
    }
    return 0;
}

/* Runs and warmups of w's groups: as given on the command line; else its profile's; else 3
 * with --quick and 10 without, and 1 warmup. */
static void counts_for(const struct workload *w, const struct run_options *o, int *runs,
                       int *warmup)
{
    const json_t *prof = json_object_get(w->profiles, profile_for(w, o) ? profile_for(w, o) : "");
    const json_t *r = json_object_get(prof, "runs"), *wu = json_object_get(prof, "warmup");
    *runs = o->runs >= 0         ? o->runs
            : json_is_integer(r) ? (int)json_integer_value(r)
            : o->quick           ? 3
                                 : 10;
    *warmup = o->warmup >= 0 ? o->warmup : json_is_integer(wu) ? (int)json_integer_value(wu) : 1;
}

static int build_plan(struct plan *p, struct manifest *m, struct workload_set *ws,
                      const struct run_options *o, const struct cli_context *ctx, char ***chosen)
{
    for (size_t i = 0; i < ws->n_workloads; i++) {
        const struct workload *w = &ws->workloads[i];
        if (chosen[i] == NULL)
            continue;
        json_t *input_names = o->quick ? w->quick_inputs : w->inputs;
        const char *profile = profile_for(w, o);
        json_t *profile_inputs =
            profile ? json_object_get(json_object_get(w->profiles, profile), "inputs") : NULL;
        if (profile_inputs != NULL)
            input_names = profile_inputs; /* a profile with inputs of its own ("large") */
        size_t n_inputs = o->input_file ? 1
                          : o->inputs   ? (size_t)argv_count(o->inputs)
                                        : json_array_size(input_names);
        json_t *cases = cases_for(w, o);
        if (w->inputs == NULL && !o->input_file && !o->inputs) {
            /* A workload without inputs (agent): one group per case. */
            size_t ci;
            json_t *c;
            json_array_foreach(cases, ci, c)
            {
                size_t gi = plan_add_group(p, w, NULL, NULL, NULL, json_deep_copy(c));
                counts_for(w, o, &p->groups[gi].runs, &p->groups[gi].warmup);
                if (add_server(p, gi, w) != 0) {
                    json_decref(cases);
                    return -1;
                }
                add_cells(p, gi, w, chosen[i], m, ctx, NULL);
            }
            json_decref(cases);
            continue;
        }
        for (size_t k = 0; k < n_inputs; k++) {
            const struct input_def *in = NULL;
            char *path = NULL;
            char why[1200];
            const char *input_why = NULL;
            const char *name;
            if (o->input_file) {
                path = realpath(o->input_file, NULL);
                name =
                    strrchr(o->input_file, '/') ? strrchr(o->input_file, '/') + 1 : o->input_file;
                if (path == NULL) {
                    fprintf(stderr, "versus: cannot use --input-file %s\n", o->input_file);
                    json_decref(cases);
                    return -1;
                }
            } else {
                name = o->inputs ? o->inputs[k] : json_string_value(json_array_get(input_names, k));
                in = input_find(ws, name);
                if (in == NULL) {
                    fprintf(stderr, "versus: no input '%s' in %s/inputs.json\n", name,
                            ctx->workloads_dir);
                    json_decref(cases);
                    return -1;
                }
                path = ensure_input(ctx, in, o->no_fetch, why, sizeof why);
                if (path == NULL) {
                    fprintf(stderr, "versus: %s\n", why);
                    input_why = why;
                }
            }
            size_t ci;
            json_t *c;
            json_array_foreach(cases, ci, c)
            {
                size_t gi = plan_add_group(p, w, in, name, path, json_deep_copy(c));
                counts_for(w, o, &p->groups[gi].runs, &p->groups[gi].warmup);
                describe_input(&p->groups[gi]);
                if (add_server(p, gi, w) != 0) {
                    free(path);
                    json_decref(cases);
                    return -1;
                }
                add_cells(p, gi, w, chosen[i], m, ctx, input_why);
            }
            free(path);
        }
        json_decref(cases);
    }
    return 0;
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
    return s;
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
    char ***chosen = calloc(ws.n_workloads + 1, sizeof *chosen);
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
    if (prepare_runners(&m, &ws, &o, ctx, chosen) != 0 ||
        build_plan(&p, &m, &ws, &o, ctx, chosen) != 0) {
        json_decref(env);
        goto out;
    }
    shard_apply(&p, &o.shard);
    p.runs = o.runs >= 0 ? o.runs : o.quick ? 3 : 10;
    p.warmup = o.warmup >= 0 ? o.warmup : 1;
    p.timeout_s = o.timeout_s;
    p.max_time_s = o.max_time_s;
    p.min_time_s = o.min_time_s;
    p.min_runs = o.min_runs;
    json_t *settings = settings_json(&o, &p);
    if (o.shard_text != NULL)
        json_object_set_new(settings, "shard", json_string(o.shard_text));
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
    };
    rc = cli_execute_and_write(ctx, &p, &x);
    json_decref(settings);
    json_decref(env);
out:
    for (size_t i = 0; i < ws.n_workloads; i++)
        argv_free(chosen[i]);
    free(chosen);
    plan_free(&p);
    workload_set_free(&ws);
    manifest_free(&m);
    free_options(&o);
    return rc;
}
