/*
 * bench.c - the executor: runs the cells of a plan, interleaved, and judges every run
 * (see bench.h for the method and its reasons).
 */
#include "bench.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "process.h"
#include "progress.h"
#include "textfmt.h"
#include "verify.h"

static const int EXIT_ZERO[] = {0};

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

/* Runs cell ci once and records the sample; fails the cell (and, for a reference that has not
 * produced its output yet, the group) as needed. Returns the run's wall time or -1. */
static double run_once(struct plan *p, size_t ci, bool warmup, const struct bench_options *o)
{
    struct cell *c = &p->cells[ci];
    struct group *g = &p->groups[c->group];
    double timeout_s = plan_timeout_of(p, ci);
    struct run_spec spec = {
        .argv = c->argv,
        .envp = c->envp,
        .cwd = o->cwd,
        .timeout_s = timeout_s,
        .keep_stdout_bytes = PLAN_OUTPUT_HEAD_BYTES,
        .want_metrics = wants_metrics(c),
    };
    struct run_outcome out;
    struct verr err;
    if (process_run(&spec, &out, &err) != 0) {
        fail_cell(c, err.msg, NULL);
        return -1;
    }
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
    };
    plan_add_sample(p, ci, &s);
    if (c->output_head == NULL) {
        c->output_head = malloc(out.stdout_head_len + 1);
        memcpy(c->output_head, out.stdout_head ? out.stdout_head : "", out.stdout_head_len);
        c->output_head[out.stdout_head_len] = '\0';
        c->output_head_len = out.stdout_head_len;
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
            snprintf(r, sizeof r, "no reference output: reference runner %s failed (%s)",
                     c->label, why);
            for (size_t k = 1; k < g->n_cells; k++) {
                struct cell *other = &p->cells[g->cells[k]];
                if (other->verdict == VERDICT_PENDING)
                    fail_cell(other, r, NULL);
            }
        }
    } else if (g->has_reference) {
        struct output_view got = {out.stdout_digest, out.stdout_bytes, out.stdout_head,
                                  out.stdout_head_len};
        if (is_reference && !g->reference_known) {
            g->reference_known = true;
            g->reference_digest = out.stdout_digest;
            g->reference_output_bytes = out.stdout_bytes;
            g->reference_output = malloc(out.stdout_head_len + 1);
            memcpy(g->reference_output, out.stdout_head ? out.stdout_head : "",
                   out.stdout_head_len);
            g->reference_output[out.stdout_head_len] = '\0';
            g->reference_output_len = out.stdout_head_len;
        } else {
            struct output_view want = {g->reference_digest, g->reference_output_bytes,
                                       g->reference_output, g->reference_output_len};
            if (!verify_outputs(g->workload, &want, &got, why, sizeof why))
                fail_cell(c, is_reference ? "reference output changed between runs" : why,
                          out.stderr_tail);
        }
    }
    double wall = out.wall_s;
    run_outcome_clear(&out);
    return wall;
}

/* True when cell ci has spent its time budget (plan.max_time_s) on measured runs and has at
 * least plan.min_runs of them, like rebar's --max-time: slow cells get fewer samples rather
 * than making a suite take hours. */
static bool over_budget(const struct plan *p, size_t ci)
{
    if (p->max_time_s <= 0)
        return false;
    const struct cell *c = &p->cells[ci];
    double spent = 0;
    int n = 0;
    for (size_t i = 0; i < c->n_samples; i++) {
        if (!c->samples[i].warmup) {
            spent += c->samples[i].wall_s;
            n++;
        }
    }
    return n >= p->min_runs && spent >= p->max_time_s;
}

static void run_group(struct plan *p, size_t gi, const struct bench_options *o,
                      struct progress *pr)
{
    struct group *g = &p->groups[gi];
    int rounds = p->warmup + p->runs;
    char context[256];
    context_of(p, g, context, sizeof context);
    double *last = calloc(g->n_cells, sizeof *last);
    for (size_t k = 0; k < g->n_cells; k++)
        last[k] = -1;
    for (int round = 0; round < rounds; round++) {
        bool warmup = round < p->warmup;
        int run = warmup ? round + 1 : round - p->warmup + 1;
        int of = warmup ? p->warmup : p->runs;
        for (size_t step = 0; step < g->n_cells; step++) {
            /* A B C, C B A, ...; the reference leads the very first round. */
            size_t k = (round % 2 == 0) ? step : g->n_cells - 1 - step;
            size_t ci = g->cells[k];
            if (p->cells[ci].verdict != VERDICT_PENDING || (!warmup && over_budget(p, ci)))
                continue;
            progress_run(pr, ci + 1, p->n_cells, run, of, warmup, p->cells[ci].label, context,
                         last[k]);
            last[k] = run_once(p, ci, warmup, o);
        }
    }
    free(last);
    for (size_t k = 0; k < g->n_cells; k++) {
        struct cell *c = &p->cells[g->cells[k]];
        if (c->verdict == VERDICT_PENDING)
            c->verdict = g->has_reference ? VERDICT_VERIFIED : VERDICT_OK;
        if (c->verdict == VERDICT_SKIPPED)
            continue;
        char v[1200];
        if (c->verdict == VERDICT_FAILED)
            snprintf(v, sizeof v, "FAILED: %s", c->reason);
        else
            snprintf(v, sizeof v, "%s", c->verdict == VERDICT_VERIFIED ? "verified" : "ok");
        progress_cell_done(pr, g->cells[k] + 1, p->n_cells, c->label, context, v);
    }
}

size_t bench_execute(struct plan *p, const struct bench_options *o)
{
    struct progress pr;
    progress_init(&pr, o->progress);
    for (size_t gi = 0; gi < p->n_groups; gi++)
        run_group(p, gi, o, &pr);
    progress_finish(&pr);
    return plan_count_failed(p);
}
