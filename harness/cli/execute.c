/*
 * execute.c - environment, execution, table, document, write, exports: the end of run, cmd and
 * ab (see execute.h).
 */
#include "cli/execute.h"

#include <stdio.h>
#include <unistd.h>

#include "measure/bench.h"
#include "measure/contention.h"
#include "measure/envinfo.h"
#include "measure/process.h"
#include "output/table.h"
#include "result/result.h"

/* The settings of --counters and --rerun-contaminated: the counters asked for (perf's names,
 * and "simulate") and the reruns, with the rule that flags a run contaminated (contention.h). */
static void add_measure_settings(json_t *settings, const struct plan *p)
{
    if (!json_is_object(settings))
        return;
    if (p->counters != NULL) {
        json_t *names = json_array();
        for (int k = 0; k < PERF_N_COUNTERS; k++) {
            if ((p->counters->wanted & (1u << k)) != 0)
                json_array_append_new(names,
                                      json_string(perf_counter_def((enum perf_counter)k)->event));
        }
        if (p->counters->simulate)
            json_array_append_new(names, json_string("simulate"));
        json_object_set_new(settings, "counters", names);
    }
    json_object_set_new(settings, "rerun_contaminated", json_integer(p->rerun_contaminated));
    json_object_set_new(
        settings, "contaminated_when",
        json_pack("{s:f, s:f, s:f, s:i, s:f, s:f, s:f, s:f, s:f}", "steal_share_above",
                  CONTENTION_MAX_STEAL_SHARE, "psi_cpu_share_above", CONTENTION_MAX_PSI_SHARE,
                  "psi_min_window_s", CONTENTION_PSI_MIN_WINDOW_S, "baseline_min_runs",
                  CONTENTION_BASELINE_MIN_RUNS, "nivcsw_rate_above_median_k", CONTENTION_NIVCSW_K,
                  "nivcsw_mad_floor_of_median", CONTENTION_NIVCSW_FLOOR, "preemption_share_above",
                  CONTENTION_PREEMPT_SHARE, "nivcsw_poisson_quantile", CONTENTION_NIVCSW_QUANTILE,
                  "slice_s", contention_slice_s(sysconf(_SC_NPROCESSORS_ONLN))));
}

/* Prints a group's block of the table as soon as the group is done. */
struct table_sink {
    struct table_options options;
};

static void print_group_done(void *arg, const struct plan *p, size_t gi)
{
    const struct table_sink *t = arg;
    table_print_group(stdout, p, gi, &t->options);
}

int cli_execute_and_write(const struct cli_context *ctx, struct plan *p,
                          const struct cli_execution *x)
{
    char now[64];
    const char *created_at = x->created_at;
    if (created_at == NULL) {
        envinfo_utc_now(now, sizeof now, 0);
        created_at = now;
    }
    json_t *env = x->env != NULL ? json_incref(x->env) : envinfo_collect(ctx->root);
    add_measure_settings(x->settings, p);
    struct table_sink sink = {.options = x->table != NULL ? *x->table : (struct table_options){0}};
    sink.options.colour = x->colour != NULL && table_colour_wanted(x->colour, stdout);
    struct bench_options bo = {.cwd = x->cwd,
                               .progress = !x->quiet,
                               .group_done = x->colour != NULL ? print_group_done : NULL,
                               .group_done_arg = &sink};
    /* An interrupt stops the runs; what was measured is still written (process.h). */
    process_set_interruptible(true);
    size_t failed = bench_execute(p, &bo);
    if (x->colour != NULL)
        table_print_footer(stdout, p, sink.options.colour);
    struct result_meta meta = {
        .argc = ctx->full_argc,
        .argv = ctx->full_argv,
        .env = env,
        .manifest = x->manifest,
        .settings = x->settings,
        .created_at = created_at,
    };
    json_t *doc = result_build(p, &meta);
    bool fail = x->finish != NULL && x->finish(x->finish_arg, p, failed, doc);
    int wrote = cli_write_result(ctx, doc, x->json_path);
    if (x->exports != NULL)
        wrote |= export_requested(doc, x->exports);
    json_decref(doc);
    json_decref(env);
    if (p->interrupted_by != 0)
        return 128 + p->interrupted_by; /* as a shell reports death by that signal */
    return wrote != 0 ? 2 : (failed > 0 || fail) ? 1 : 0;
}
