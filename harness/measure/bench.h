/*
 * bench.h - run a plan: warmups, measured runs, verification.
 *
 * For each group, runs are interleaved across its cells: round 1 runs every cell once, round 2
 * again, and so on, alternating forward and reverse order (A B C, C B A, A B C, ...) so that
 * slow drift of the machine's speed hits every cell alike, as PITFALLS.md and pyperf advise.
 * The reference cell runs first in the first round, so its output is known before any other
 * cell is compared with it. Warmup rounds come first; they are verified like measured runs but
 * never summarised. A run that crashes, times out, exits with a code the workload does not
 * accept, or prints something else fails its cell: the cell runs no more, and its samples stay
 * out of the summaries. With a time budget (plan.max_time_s), a cell whose measured runs have
 * used it, and that has plan.min_runs of them, sits out the remaining rounds. With a time floor
 * (plan.min_time_s, hyperfine's "at least 3 s"), rounds go on after the planned ones, for the
 * cells whose measured runs add up to less, still interleaved. If the reference
 * fails before its output is known, the other cells of the group fail with that reason. Nothing is
 * aborted: every other cell still runs.
 *
 * Every run, every hook (--setup, --prepare, ...) and every server goes through a struct
 * bench_executor, the seam between scheduling (this module) and the process layer, as hyperfine's
 * Executor trait (src/benchmark/executor.rs): bench_process_executor() starts real processes
 * (process.h, server.h); the unit tests give a scripted one (tests/support/mock_executor.h) and
 * check the order, the stopping rules and the verdicts without starting anything.
 */
#ifndef VERSUS_BENCH_H
#define VERSUS_BENCH_H

#include <stdbool.h>

#include "measure/hooks.h"
#include "measure/plan.h"
#include "measure/process.h"
#include "measure/server.h"
#include "util/error.h"

/* How runs and servers are carried out. Every function gets state as its first argument. */
struct bench_executor {
    void *state;
    /* Runs cell `cell` of the plan once, as spec says, and fills out as process_run does
     * (strings malloc'd; the scheduler frees them with run_outcome_clear). Returns 0, or -1
     * with err set when the run could not be started (the cell then fails with err). */
    int (*run)(void *state, size_t cell, const struct run_spec *spec, struct run_outcome *out,
               struct verr *err);
    /* As server_start, server_take_stats and server_stop (server.h). */
    int (*server_start)(void *state, char *const *argv, double timeout_s, struct server *s,
                        struct verr *err);
    json_t *(*server_stats)(void *state, const struct server *s, int reset, struct verr *err);
    json_t *(*server_stop)(void *state, struct server *s);
    /* Runs a hook (--setup, --prepare, ...) of cell `cell`: see hook_exec_fn (hooks.h). */
    hook_exec_fn hook;
    /* Reads how busy the machine is (contention.h), just before and just after each run; NULL:
     * the runs' contention is not recorded (a scripted executor). */
    void (*machine)(void *state, struct machine_reading *m);
};

/* The executor that starts real processes: process_run and the server.h functions. */
const struct bench_executor *bench_process_executor(void);

struct bench_options {
    const char *cwd;                       /* working directory of every run (the project root) */
    bool progress;                         /* print progress on stderr */
    const struct bench_executor *executor; /* NULL: bench_process_executor() */
    /* Called when group gi is done (its verdicts set), e.g. to print its table; or NULL. */
    void (*group_done)(void *arg, const struct plan *p, size_t gi);
    void *group_done_arg;
    /* The signal that interrupted versus, or 0; checked before every run and after it. NULL:
     * process_interrupted() (process.h). Once it answers non-zero, nothing more is launched:
     * the run it cut short is not recorded, the cells whose runs were not done get
     * VERDICT_INTERRUPTED (their samples so far stay), and plan.interrupted_by the signal. */
    int (*interrupted)(void);
};

/* Runs every pending cell of p and sets its verdict. Returns the number of failed cells. */
size_t bench_execute(struct plan *p, const struct bench_options *o);

/* Parses `name=value` lines (metrics channel, see runners/README.md) into a new JSON object
 * of reals; a name that appears more than once maps to an array of all its values (a
 * distribution, such as one latency per task). Lines that do not parse are ignored. Returns
 * NULL when there is nothing. */
json_t *bench_parse_metrics(const char *text, size_t len);

#endif
