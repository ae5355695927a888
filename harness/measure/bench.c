/*
 * bench.c - the executor: runs the cells of a plan, interleaved, and judges every run
 * (see bench.h for the method and its reasons).
 */
#include "measure/bench.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measure/digest.h"
#include "measure/hooks.h"
#include "measure/process.h"
#include "measure/progress.h"
#include "measure/server.h"
#include "measure/simulate.h"
#include "measure/verify.h"
#include "util/textfmt.h"

static const int EXIT_ZERO[] = {0};

static int process_executor_run(void *state, size_t cell, const struct run_spec *spec,
                                struct run_outcome *out, struct verr *err)
{
    (void)state;
    (void)cell;
    return process_run(spec, out, err);
}

static int process_executor_server_start(void *state, char *const *argv, double timeout_s,
                                         struct server *s, struct verr *err)
{
    (void)state;
    return server_start(argv, timeout_s, s, err);
}

static json_t *process_executor_server_stats(void *state, const struct server *s, int reset,
                                             struct verr *err)
{
    (void)state;
    return server_take_stats(s, reset, err);
}

static json_t *process_executor_server_stop(void *state, struct server *s)
{
    (void)state;
    return server_stop(s);
}

static int process_executor_hook(void *state, size_t cell, enum hook_kind kind, char *const *argv,
                                 const char *cwd, size_t max_out, char **out, char **err_text,
                                 struct verr *err)
{
    (void)state;
    (void)cell;
    (void)kind;
    /* The output is read through a pipe (PITFALLS.md: never /dev/null), and kept only when
     * asked for (the output hook). */
    return process_capture(argv, cwd, max_out, out, err_text, err);
}

static void process_executor_machine(void *state, struct machine_reading *m)
{
    (void)state;
    contention_read(m);
}

const struct bench_executor *bench_process_executor(void)
{
    static const struct bench_executor real = {
        .state = NULL,
        .run = process_executor_run,
        .server_start = process_executor_server_start,
        .server_stats = process_executor_server_stats,
        .server_stop = process_executor_server_stop,
        .machine = process_executor_machine,
        .hook = process_executor_hook,
    };
    return &real;
}

/* Sets obj[name] = v; a name seen before becomes an array of all its values (a distribution,
 * e.g. one task_latency_s per task). */
static void add_metric(json_t *obj, const char *name, double v)
{
    json_t *old = json_object_get(obj, name);
    if (old == NULL) {
        json_object_set_new(obj, name, json_real(v));
    } else if (json_is_array(old)) {
        json_array_append_new(old, json_real(v));
    } else {
        json_t *arr = json_array();
        json_array_append(arr, old);
        json_array_append_new(arr, json_real(v));
        json_object_set_new(obj, name, arr);
    }
}

json_t *bench_parse_metrics(const char *text, size_t len)
{
    if (text == NULL || len == 0)
        return NULL;
    json_t *obj = json_object();
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = nl ? nl : end;
        const char *eq = memchr(p, '=', (size_t)(line_end - p));
        if (eq != NULL && eq > p && line_end - eq > 1 && eq - p < 64 && line_end - eq < 64) {
            char name[64], value[64];
            memcpy(name, p, (size_t)(eq - p));
            name[eq - p] = '\0';
            memcpy(value, eq + 1, (size_t)(line_end - eq - 1));
            value[line_end - eq - 1] = '\0';
            char *vend;
            double v = strtod(value, &vend);
            if (vend != value && (*vend == '\0' || *vend == '\r'))
                add_metric(obj, name, v);
        }
        p = nl ? nl + 1 : end;
    }
    if (json_object_size(obj) == 0) {
        json_decref(obj);
        return NULL;
    }
    return obj;
}

static void fail_cell(struct cell *c, const char *reason, const char *stderr_tail)
{
    c->verdict = VERDICT_FAILED;
    free(c->reason);
    c->reason = strdup(reason);
    if (stderr_tail != NULL && c->stderr_tail == NULL)
        c->stderr_tail = strdup(stderr_tail);
}

static void describe_exit(const struct run_outcome *o, double timeout_s, char *out, size_t len)
{
    const char *last = textfmt_last_line(o->stderr_tail);
    if (o->timed_out)
        snprintf(out, len, "timed out after %.3g s", timeout_s);
    else if (o->signal != 0)
        snprintf(out, len, "killed by signal %d (%s)%s%s", o->signal, strsignal(o->signal),
                 *last ? ": " : "", last);
    else
        snprintf(out, len, "exit status %d%s%s", o->exit_code, *last ? ": " : "", last);
}

/* The group's description for progress lines: "grep brown/literal". */
static void context_of(const struct plan *p, const struct group *g, char *out, size_t len)
{
    (void)p;
    if (g->workload == NULL)
        snprintf(out, len, "%s", "");
    else
        snprintf(out, len, "%s %s/%s", g->workload->name, g->input_name ? g->input_name : "-",
                 g->case_name);
}

static bool wants_metrics(const struct cell *c)
{
    return c->runner != NULL && strcmp(c->runner->language, "tool") != 0;
}

static json_int_t stat_int(const json_t *stats, const char *name)
{
    return (json_int_t)json_number_value(json_object_get(stats, name));
}

/* The server's verdict on one run: it saw no malformed request and no wrong tool result, and
 * (when the case says how many tasks and calls) exactly tasks x calls requests. */
static bool server_agrees(const struct group *g, const json_t *stats, char *why, size_t len)
{
    if (stats == NULL) {
        snprintf(why, len, "could not read the server's statistics for this run");
        return false;
    }
    json_int_t wrong = stat_int(stats, "wrong_tool_results");
    json_int_t malformed = stat_int(stats, "malformed");
    if (wrong != 0 || malformed != 0) {
        snprintf(why, len, "server saw %lld wrong tool results and %lld malformed requests",
                 (long long)wrong, (long long)malformed);
        return false;
    }
    const json_t *tasks = json_object_get(g->params, "tasks");
    const json_t *calls = json_object_get(g->params, "calls");
    if (json_is_integer(tasks) && json_is_integer(calls)) {
        json_int_t want = json_integer_value(tasks) * json_integer_value(calls);
        json_int_t got = stat_int(stats, "requests");
        if (got != want) {
            snprintf(why, len, "server saw %lld requests, expected tasks x calls = %lld",
                     (long long)got, (long long)want);
            return false;
        }
    }
    return true;
}

/* Replaces PLAN_URL_SENTINEL in every argument of every cell of g by url. */
static void give_cells_the_url(struct plan *p, struct group *g, const char *url)
{
    size_t slen = strlen(PLAN_URL_SENTINEL);
    for (size_t k = 0; k < g->n_cells; k++) {
        char **argv = p->cells[g->cells[k]].argv;
        for (size_t i = 0; argv != NULL && argv[i] != NULL; i++) {
            char *at = strstr(argv[i], PLAN_URL_SENTINEL);
            if (at == NULL)
                continue;
            size_t n = strlen(argv[i]) - slen + strlen(url) + 1;
            char *rewritten = malloc(n);
            snprintf(rewritten, n, "%.*s%s%s", (int)(at - argv[i]), argv[i], url, at + slen);
            free(argv[i]);
            argv[i] = rewritten;
        }
    }
}

/* The rusage counts and perf readings of a run into s (events[i] was counter which[i]). A
 * counter that could not be read in this run is left out of the sample, and its first such
 * reason is kept for the document (sel->why_not). */
static void record_counts(struct sample *s, const struct run_outcome *out,
                          const enum perf_counter *which, size_t n_events,
                          struct perf_selection *sel)
{
    const int64_t rusage[SAMPLE_PERF_FIRST] = {
        [SAMPLE_MINFLT] = out->minflt,   [SAMPLE_MAJFLT] = out->majflt,
        [SAMPLE_NVCSW] = out->nvcsw,     [SAMPLE_NIVCSW] = out->nivcsw,
        [SAMPLE_INBLOCK] = out->inblock, [SAMPLE_OUBLOCK] = out->oublock,
    };
    for (int k = 0; k < SAMPLE_PERF_FIRST; k++) {
        s->count[k] = (double)rusage[k];
        s->has_count |= 1u << k;
    }
    for (size_t i = 0; i < n_events; i++) {
        double v, running;
        if (perf_reading_value(which[i], &out->counts[i], &v, &running)) {
            s->count[SAMPLE_PERF_FIRST + which[i]] = v;
            s->counter_running[which[i]] = running;
            s->has_count |= 1u << (SAMPLE_PERF_FIRST + which[i]);
        } else if (sel->why_not[which[i]][0] == '\0') {
            char why[128];
            if (out->counts[i].error != 0)
                perf_reason(out->counts[i].error, why, sizeof why);
            else
                snprintf(why, sizeof why, "never scheduled on the PMU (time running 0)");
            snprintf(sel->why_not[which[i]], sizeof sel->why_not[which[i]],
                     "not counted in some runs: %s", why);
        }
    }
}

/* --counters simulate: runs spec again under Cachegrind, right after the native run whose sample
 * is the cell's last, and adds the instruction count to that sample. A simulated run that
 * times out fails the cell (Valgrind's group is killed like any other); one that fails where
 * the native run did not (a crash, another exit status, no count, another output, or the
 * server's disagreement) marks the cell unsupported under simulation, and no more are made:
 * its native figures stand. */
static void simulate_once(struct plan *p, size_t ci, const struct run_spec *spec,
                          const struct server *srv)
{
    struct cell *c = &p->cells[ci];
    struct group *g = &p->groups[c->group];
    struct simulated_run sr;
    struct verr err;
    if (simulate_run(p->simulator, spec, &sr, &err) != 0) {
        fail_cell(c, err.msg, NULL);
        return;
    }
    struct sample *native = &c->samples[c->n_samples - 1];
    json_t *stats = NULL;
    if (srv != NULL) {
        struct verr serr;
        stats = server_take_stats(srv, 1, &serr);
    }
    char why[2200] = "", said[1100] = ""; /* room for exit_text and said whole */
    if (sr.why[0] != '\0')
        snprintf(said, sizeof said, ": %s", sr.why);
    if (sr.run.timed_out) {
        snprintf(why, sizeof why, "timed out under simulation after %.3g s", spec->timeout_s);
        fail_cell(c, why, sr.run.stderr_tail);
    } else if (sr.run.signal != 0 || sr.run.exit_code != native->exit_code) {
        char exit_text[1000];
        describe_exit(&sr.run, spec->timeout_s, exit_text, sizeof exit_text);
        snprintf(why, sizeof why, "%s (natively: exit status %d)%s", exit_text, native->exit_code,
                 said);
    } else if (!sr.counted) {
        snprintf(why, sizeof why, "no instruction count%s", said);
    } else if (g->has_reference && (sr.run.stdout_digest != native->digest ||
                                    sr.run.stdout_bytes != native->stdout_bytes)) {
        snprintf(why, sizeof why, "another output (%llu bytes, natively %llu)",
                 (unsigned long long)sr.run.stdout_bytes, (unsigned long long)native->stdout_bytes);
    } else if (srv != NULL && !server_agrees(g, stats, why, sizeof why)) {
        /* why says what the server saw */
    } else {
        native->simulated = true;
        native->instructions = sr.instructions;
        native->sim_wall_s = sr.run.wall_s;
        native->sim_user_s = sr.run.user_s;
        native->sim_sys_s = sr.run.sys_s;
        native->sim_max_rss_bytes = sr.run.max_rss_bytes;
        native->sim_processes = (uint32_t)sr.processes;
    }
    if (c->verdict == VERDICT_PENDING && !native->simulated) {
        size_t n = strlen(why) + 64;
        c->sim_unsupported = malloc(n);
        snprintf(c->sim_unsupported, n, "unsupported under simulation: %s", why);
    }
    json_decref(stats);
    simulated_run_clear(&sr);
}

/* run_once's answer when the run was cut short by an interrupt (no sample recorded). */
#define RUN_INTERRUPTED (-2.0)

/* The signal that interrupted versus (bench_options.interrupted), or 0. */
static int interrupted(const struct bench_options *o)
{
    return o->interrupted != NULL ? o->interrupted() : process_interrupted();
}

/* Runs cell ci's output hook after a run and puts its stdout in place of the run's in out
 * (digest, length, kept head), so that it is what is recorded and compared. Returns 0 or -1
 * with why. */
static int take_hook_output(const struct plan *p, size_t ci, const struct bench_executor *ex,
                            const char *cwd, struct run_outcome *out, char *why, size_t len)
{
    char *text;
    size_t text_len;
    if (hooks_output(ex->hook, ex->state, p, ci, cwd, VERIFY_FULL_OUTPUT_CAP, &text, &text_len, why,
                     len) != 0)
        return -1;
    free(out->stdout_head);
    out->stdout_head = text;
    out->stdout_head_len = text_len;
    out->stdout_bytes = text_len;
    out->stdout_digest = digest_of(text, text_len);
    return 0;
}

/* The involuntary switching of cell c's runs so far (warmups and replaced runs too: each is a
 * run of the same program on the same machine), the baseline its next run is judged against
 * (contention.h). */
static void nivcsw_baseline_of(const struct cell *c, struct nivcsw_baseline *base)
{
    double *rates = malloc((c->n_samples + 1) * sizeof *rates);
    size_t n = 0;
    for (size_t i = 0; rates != NULL && i < c->n_samples; i++) {
        const struct sample *s = &c->samples[i];
        if (s->wall_s > 0 && (s->has_count & (1u << SAMPLE_NIVCSW)) != 0)
            rates[n++] = s->count[SAMPLE_NIVCSW] / s->wall_s;
    }
    contention_baseline(rates, rates != NULL ? n : 0, base);
    free(rates);
}

/* Runs cell ci once and records the sample; fails the cell (and, for a reference that has not
 * produced its output yet, the group) as needed. Returns the run's wall time or -1. */
static double run_once(struct plan *p, size_t ci, bool warmup, const struct bench_options *o,
                       const struct bench_executor *ex, const struct server *srv)
{
    struct cell *c = &p->cells[ci];
    struct group *g = &p->groups[c->group];
    double timeout_s = plan_timeout_of(p, ci);
    struct run_spec spec = {
        .argv = c->argv,
        .envp = c->envp,
        .cwd = o->cwd,
        .timeout_s = timeout_s,
        .keep_stdout_bytes =
            verify_needs_full_output(g->workload) ? VERIFY_FULL_OUTPUT_CAP : PLAN_OUTPUT_HEAD_BYTES,
        .want_metrics = wants_metrics(c),
        .rss_interval_s = p->rss_interval_s,
    };
    struct run_counter events[PERF_N_COUNTERS];
    enum perf_counter which[PERF_N_COUNTERS];
    if (p->counters != NULL) {
        spec.n_counters = perf_selection_events(p->counters, events, which);
        spec.counters = events;
    }
    const char *cwd = o->cwd;
    if (c->hooks != NULL) {
        if (c->hooks->cwd != NULL)
            spec.cwd = cwd = c->hooks->cwd;
        spec.stdin_path = c->hooks->stdin_path;
        spec.stdout_to = c->hooks->stdout_to;
        spec.stdout_path = c->hooks->stdout_path;
        spec.inherit_stderr = c->hooks->inherit_stderr;
    }
    struct run_outcome out;
    struct verr err;
    char hook_why[1200];
    if (hooks_run(ex->hook, ex->state, p, ci, HOOK_PREPARE, cwd, hook_why, sizeof hook_why) != 0) {
        fail_cell(c, hook_why, NULL);
        return -1;
    }
    struct machine_reading before, after;
    if (ex->machine != NULL)
        ex->machine(ex->state, &before);
    int rc = ex->run(ex->state, ci, &spec, &out, &err);
    if (ex->machine != NULL)
        ex->machine(ex->state, &after);
    if (rc == 0 &&
        hooks_run(ex->hook, ex->state, p, ci, HOOK_CONCLUDE, cwd, hook_why, sizeof hook_why) != 0)
        fail_cell(c, hook_why, NULL);
    if (rc != 0) {
        if (interrupted(o))
            return RUN_INTERRUPTED;
        fail_cell(c, err.msg, NULL);
        return -1;
    }
    if (interrupted(o)) {
        /* Killed by the interrupt (or ended just as it came): not a measurement. */
        run_outcome_clear(&out);
        return RUN_INTERRUPTED;
    }
    if (c->hooks != NULL && c->hooks->output != NULL &&
        take_hook_output(p, ci, ex, cwd, &out, hook_why, sizeof hook_why) != 0)
        fail_cell(c, hook_why, NULL);
    struct sample s = {
        .warmup = warmup,
        .wall_s = out.wall_s,
        .user_s = out.user_s,
        .sys_s = out.sys_s,
        .max_rss_bytes = out.max_rss_bytes,
        .exit_code = out.exit_code,
        .signal = out.signal,
        .timed_out = out.timed_out,
        .digest = out.stdout_digest,
        .stdout_bytes = out.stdout_bytes,
        .metrics = bench_parse_metrics(out.metrics, out.metrics_len),
        .contention_known = ex->machine != NULL,
    };
    record_counts(&s, &out, which, spec.n_counters, p->counters);
    plan_sample_take_rss(&s, &out);
    if (s.contention_known) {
        struct nivcsw_baseline base;
        nivcsw_baseline_of(c, &base);
        contention_judge(&before, &after, out.wall_s, out.nivcsw, &base, &s.contention);
    }
    if (srv != NULL) {
        struct verr serr;
        s.server = ex->server_stats(ex->state, srv, 1, &serr);
        if (s.server == NULL)
            fprintf(stderr, "versus: %s\n", serr.msg);
    }
    plan_add_sample(p, ci, &s);
    if (c->output_head == NULL) {
        size_t keep = out.stdout_head_len < PLAN_OUTPUT_HEAD_BYTES ? out.stdout_head_len
                                                                   : PLAN_OUTPUT_HEAD_BYTES;
        c->output_head = malloc(keep + 1);
        memcpy(c->output_head, out.stdout_head ? out.stdout_head : "", keep);
        c->output_head[keep] = '\0';
        c->output_head_len = keep;
    }

    const int *ok = EXIT_ZERO;
    size_t n_ok = 1;
    if (g->workload != NULL) {
        ok = g->workload->success_exit_codes;
        n_ok = g->workload->n_success_exit_codes;
    }
    bool is_reference = g->has_reference && g->cells[0] == ci;
    char why[1200];
    if (!run_outcome_exited_ok(&out, ok, n_ok) && (g->workload != NULL || p->check_exit_zero)) {
        describe_exit(&out, timeout_s, why, sizeof why);
        fail_cell(c, why, out.stderr_tail);
        if (is_reference && !g->reference_known) {
            char r[1400];
            snprintf(r, sizeof r, "no reference output: reference runner %s failed (%s)", c->label,
                     why);
            for (size_t k = 1; k < g->n_cells; k++) {
                struct cell *other = &p->cells[g->cells[k]];
                if (other->verdict == VERDICT_PENDING)
                    fail_cell(other, r, NULL);
            }
        }
    } else if (verify_needs_full_output(g->workload) && out.stdout_bytes > out.stdout_head_len) {
        snprintf(why, sizeof why, "output of %llu bytes is more than the %zu this comparison keeps",
                 (unsigned long long)out.stdout_bytes, VERIFY_FULL_OUTPUT_CAP);
        fail_cell(c, why, NULL);
    } else if (g->has_reference) {
        struct output_view got = {out.stdout_digest, out.stdout_bytes, out.stdout_head,
                                  out.stdout_head_len, o->cwd};
        size_t norm_len = 0;
        char *norm = verify_normalize(g->workload, &got, PLAN_OUTPUT_HEAD_BYTES, &norm_len);
        if (is_reference && !g->reference_known) {
            /* The reference output as compared: normalised (sorted lines, a line count) for
             * the workloads that compare that way, else its first bytes. */
            const char *text = norm ? norm : (out.stdout_head ? out.stdout_head : "");
            size_t len =
                norm ? norm_len
                     : (out.stdout_head_len < PLAN_OUTPUT_HEAD_BYTES ? out.stdout_head_len
                                                                     : PLAN_OUTPUT_HEAD_BYTES);
            g->reference_known = true;
            g->reference_digest = got.digest;
            g->reference_output_bytes = got.bytes;
            g->reference_output = malloc(len + 1);
            memcpy(g->reference_output, text, len);
            g->reference_output[len] = '\0';
            g->reference_output_len = len;
        } else {
            struct output_view want = {g->reference_digest, g->reference_output_bytes,
                                       g->reference_output, g->reference_output_len, NULL};
            if (!verify_outputs(g->workload, &want, &got, why, sizeof why))
                fail_cell(c, is_reference ? "reference output changed between runs" : why,
                          out.stderr_tail);
        }
        free(norm);
    }
    if (c->verdict == VERDICT_PENDING && srv != NULL &&
        !server_agrees(g, c->samples[c->n_samples - 1].server, why, sizeof why))
        fail_cell(c, why, NULL);
    if (c->verdict == VERDICT_PENDING && p->simulator != NULL && c->sim_unsupported == NULL &&
        !warmup)
        simulate_once(p, ci, &spec, srv);
    double wall = out.wall_s;
    run_outcome_clear(&out);
    return wall;
}

/* Runs cell ci once (run_once), and again while a measured run is flagged contaminated, up to
 * plan.rerun_contaminated more times: each one run again is marked replaced (kept in the
 * document, out of the summaries); the last one stands, contaminated or not. */
static double run_measured(struct plan *p, size_t ci, bool warmup, const struct bench_options *o,
                           const struct bench_executor *ex, const struct server *srv)
{
    double wall = run_once(p, ci, warmup, o, ex, srv);
    struct cell *c = &p->cells[ci];
    for (int again = 0;
         again < p->rerun_contaminated && !warmup && wall >= 0 && c->verdict == VERDICT_PENDING;
         again++) {
        struct sample *last = &c->samples[c->n_samples - 1];
        if (!last->contention_known || !last->contention.contaminated)
            break;
        last->replaced = true;
        wall = run_once(p, ci, warmup, o, ex, srv);
    }
    return wall;
}

/* The measured (not warmup, not replaced) runs of cell c so far: how many, and their wall times
 * summed (with --counters simulate, the time of the run under Valgrind too: the time the cell
 * took). */
static void measured_so_far(const struct cell *c, int *n, double *spent_s)
{
    *n = 0;
    *spent_s = 0;
    for (size_t i = 0; i < c->n_samples; i++) {
        if (!c->samples[i].warmup && !c->samples[i].replaced) {
            *spent_s += c->samples[i].wall_s + c->samples[i].sim_wall_s;
            (*n)++;
        }
    }
}

/* True when cell ci has spent its time budget (its group's max_time_s, else the plan's) on
 * measured runs and has at least min_runs of them (likewise), like rebar's --max-time: slow
 * cells get fewer samples rather than making a suite take hours. */
static bool over_budget(const struct plan *p, size_t ci)
{
    const struct group *g = &p->groups[p->cells[ci].group];
    double max_time_s = g->max_time_s >= 0 ? g->max_time_s : p->max_time_s;
    int min_runs = g->min_runs >= 0 ? g->min_runs : p->min_runs;
    if (max_time_s <= 0)
        return false;
    int n;
    double spent;
    measured_so_far(&p->cells[ci], &n, &spent);
    return n >= min_runs && spent >= max_time_s;
}

/* True when cell ci is still pending and its measured runs add up to less than plan.min_time_s
 * (and number fewer than PLAN_MIN_TIME_MAX_RUNS): hyperfine's rule that a command is measured
 * for at least 3 s, so that a fast command gets enough runs for its median to settle. */
static bool wants_more_runs(const struct plan *p, size_t ci)
{
    if (p->min_time_s <= 0 || p->cells[ci].verdict != VERDICT_PENDING || over_budget(p, ci))
        return false;
    int n;
    double spent;
    measured_so_far(&p->cells[ci], &n, &spent);
    return spent < p->min_time_s && n < (p->max_runs > 0 ? p->max_runs : PLAN_MIN_TIME_MAX_RUNS);
}

static bool group_wants_more_runs(const struct plan *p, const struct group *g)
{
    for (size_t k = 0; k < g->n_cells; k++)
        if (wants_more_runs(p, g->cells[k]))
            return true;
    return false;
}

/* Runs hook kind (setup or cleanup) of every cell of g still pending, in the group's order;
 * one that fails fails its cell. */
static void run_group_hooks(struct plan *p, const struct group *g, enum hook_kind kind,
                            const struct bench_options *o, const struct bench_executor *ex)
{
    for (size_t k = 0; k < g->n_cells; k++) {
        struct cell *c = &p->cells[g->cells[k]];
        char why[1200];
        /* Cleanup also follows a cell that failed after its setup ran. */
        bool due = c->verdict == VERDICT_PENDING ||
                   (kind == HOOK_CLEANUP && c->verdict == VERDICT_FAILED && c->n_samples > 0);
        const char *cwd = c->hooks != NULL && c->hooks->cwd != NULL ? c->hooks->cwd : o->cwd;
        if (due &&
            hooks_run(ex->hook, ex->state, p, g->cells[k], kind, cwd, why, sizeof why) != 0 &&
            c->verdict == VERDICT_PENDING)
            fail_cell(c, why, NULL);
    }
}

/* Marks pending cell c unfinished: versus was interrupted by signal sig before its runs were
 * done. Its samples so far stay. */
static void mark_interrupted(struct cell *c, int sig)
{
    int measured = 0;
    for (size_t i = 0; i < c->n_samples; i++)
        measured += !c->samples[i].warmup;
    char why[200];
    snprintf(why, sizeof why, "interrupted by %s after %d measured run%s",
             sig == SIGINT    ? "SIGINT"
             : sig == SIGTERM ? "SIGTERM"
             : sig == SIGHUP  ? "SIGHUP"
                              : "a signal",
             measured, measured == 1 ? "" : "s");
    c->verdict = VERDICT_INTERRUPTED;
    free(c->reason);
    c->reason = strdup(why);
}

static void run_group(struct plan *p, size_t gi, const struct bench_options *o,
                      const struct bench_executor *ex, struct progress *pr)
{
    struct group *g = &p->groups[gi];
    int runs = g->runs >= 0 ? g->runs : p->runs;
    int warmups = g->warmup >= 0 ? g->warmup : p->warmup;
    int rounds = warmups + runs;
    char context[256];
    context_of(p, g, context, sizeof context);
    struct server srv_storage, *srv = NULL;
    bool stopped = interrupted(o) != 0; /* by an interrupt, before the rounds were done */
    if (g->server_argv != NULL && !stopped) {
        struct verr err;
        if (ex->server_start(ex->state, g->server_argv, 30, &srv_storage, &err) != 0) {
            g->server_error = strdup(err.msg);
            for (size_t k = 0; k < g->n_cells; k++)
                if (p->cells[g->cells[k]].verdict == VERDICT_PENDING)
                    fail_cell(&p->cells[g->cells[k]], err.msg, NULL);
        } else {
            srv = &srv_storage;
            give_cells_the_url(p, g, srv->url);
            json_decref(ex->server_stats(ex->state, srv, 1, &err)); /* every run from zero */
        }
    }
    run_group_hooks(p, g, HOOK_SETUP, o, ex);
    progress_group(pr, gi + 1, p->n_groups, context, g->n_cells, rounds);
    double *last = calloc(g->n_cells + 1, sizeof *last);
    for (size_t k = 0; k < g->n_cells; k++)
        last[k] = -1;
    /* The planned rounds, then (plan.min_time_s) extra rounds for the cells that want them. */
    for (int round = 0; !stopped && (round < rounds || group_wants_more_runs(p, g)); round++) {
        bool warmup = round < warmups, extra = round >= rounds;
        int run = warmup ? round + 1 : round - warmups + 1;
        int of = warmup ? warmups : extra ? run : runs;
        for (size_t step = 0; step < g->n_cells && !stopped; step++) {
            /* A B C, C B A, ...; the reference leads the very first round. */
            size_t k = (round % 2 == 0) ? step : g->n_cells - 1 - step;
            size_t ci = g->cells[k];
            if (p->cells[ci].verdict != VERDICT_PENDING || (!warmup && over_budget(p, ci)) ||
                (extra && !wants_more_runs(p, ci)))
                continue;
            progress_run(pr, ci + 1, p->n_cells, run, of, warmup, p->cells[ci].label, context,
                         last[k]);
            last[k] = run_measured(p, ci, warmup, o, ex, srv);
            stopped = last[k] == RUN_INTERRUPTED || interrupted(o) != 0;
        }
    }
    free(last);
    run_group_hooks(p, g, HOOK_CLEANUP, o, ex);
    if (srv != NULL)
        g->server_final = ex->server_stop(ex->state, srv);
    for (size_t k = 0; k < g->n_cells; k++) {
        struct cell *c = &p->cells[g->cells[k]];
        if (c->verdict == VERDICT_PENDING && stopped) {
            mark_interrupted(c, interrupted(o));
        } else if (c->verdict == VERDICT_PENDING) {
            c->verdict = g->has_reference ? VERDICT_VERIFIED : VERDICT_OK;
        }
        if (c->verdict == VERDICT_SKIPPED)
            continue;
        char v[1200];
        if (c->verdict == VERDICT_FAILED)
            snprintf(v, sizeof v, "FAILED: %s", c->reason);
        else if (c->verdict == VERDICT_INTERRUPTED)
            snprintf(v, sizeof v, "interrupted: %s", c->reason);
        else
            snprintf(v, sizeof v, "%s", c->verdict == VERDICT_VERIFIED ? "verified" : "ok");
        progress_cell_done(pr, g->cells[k] + 1, p->n_cells, c->label, context, v);
    }
}

size_t bench_execute(struct plan *p, const struct bench_options *o)
{
    struct progress pr;
    const struct bench_executor *ex = o->executor ? o->executor : bench_process_executor();
    progress_init(&pr, o->progress);
    if (p->counters != NULL)
        perf_selection_probe(p->counters);
    size_t planned = 0;
    for (size_t gi = 0; gi < p->n_groups; gi++) {
        const struct group *g = &p->groups[gi];
        planned += g->n_cells * (size_t)((g->runs >= 0 ? g->runs : p->runs) +
                                         (g->warmup >= 0 ? g->warmup : p->warmup));
    }
    progress_plan(&pr, planned);
    for (size_t gi = 0; gi < p->n_groups; gi++) {
        run_group(p, gi, o, ex, &pr);
        if (o->group_done != NULL) {
            progress_finish(&pr);
            o->group_done(o->group_done_arg, p, gi);
        }
    }
    p->interrupted_by = interrupted(o);
    progress_finish(&pr);
    return plan_count_failed(p);
}
