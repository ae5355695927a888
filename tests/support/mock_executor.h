/*
 * mock_executor.h - a scripted bench_executor (measure/bench.h) for unit tests: runs and
 * servers that start no process, like hyperfine's MockExecutor (src/benchmark/executor.rs).
 *
 * Each cell has a run it repeats (mock_executor.base[cell]); single runs can be scripted to
 * differ (mock_executor_script: a failure, a timeout, another output). The mock records the
 * cell of every run in order (calls) and each cell's last argv, so that a test can check the
 * interleaving and what a run was given. A run's figures are the scripted ones: wall_s, user_s
 * = wall_s, sys_s = 0, max_rss_bytes = rss_bytes; its stdout digest is XXH3-64 of the scripted
 * text (digest.h), as process_run would compute it. Servers: start gives the URL
 * MOCK_SERVER_URL (or fails with server_fails); every stats call returns a copy of
 * server_stats; stop returns {"stopped": true}. Hooks (--setup, --prepare, ...) start nothing
 * either: each exits hook_exit (0 unless set) and is written to trace, as every run is, in the
 * order they came: "setup:0 prepare:0 run:0 conclude:0 ... cleanup:0 " (kind:cell).
 */
#ifndef VERSUS_MOCK_EXECUTOR_H
#define VERSUS_MOCK_EXECUTOR_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "measure/bench.h"

#define MOCK_MAX_CELLS 16
#define MOCK_MAX_SCRIPTED 32
#define MOCK_SERVER_URL "http://127.0.0.1:9"

/* One run as the mock reports it. A zeroed mock_run exits 0 at once with no output. */
struct mock_run {
    double wall_s;
    int64_t rss_bytes;
    int exit_code;           /* when it exited (signal 0, not timed out) */
    int signal;              /* killed by this signal (exit_code is then -1) */
    bool timed_out;          /* killed after the timeout (signal SIGKILL) */
    bool cannot_start;       /* the executor's run fails with "mock: cannot start" */
    const char *stdout_text; /* NULL: "" */
    const char *stderr_text; /* NULL: "" */
    const char *metrics;     /* what the metrics channel got; NULL: nothing */
};

struct mock_executor {
    struct bench_executor ex; /* point bench_options.executor here */
    struct mock_run base[MOCK_MAX_CELLS];
    struct {
        size_t cell, run; /* run counts from 0, warmups included */
        struct mock_run r;
    } scripted[MOCK_MAX_SCRIPTED];
    size_t n_scripted;
    size_t *calls; /* the cell of every run, in the order they ran */
    size_t n_calls, cap_calls;
    size_t runs_of[MOCK_MAX_CELLS];
    char *last_argv[MOCK_MAX_CELLS]; /* each cell's last argv, joined with spaces */
    char *trace;                     /* "kind:cell " for every hook and run, in order (malloc'd) */
    size_t trace_len, trace_cap;
    int hook_exit; /* what every hook exits with */
    bool server_fails;
    json_t *server_stats; /* owned; what every stats call returns (a copy) */
    size_t server_stats_calls, server_starts, server_stops;
};

void mock_executor_init(struct mock_executor *m);
/* Run number `run` (from 0, warmups included) of cell is r instead of base[cell]. */
void mock_executor_script(struct mock_executor *m, size_t cell, size_t run, struct mock_run r);
void mock_executor_free(struct mock_executor *m);

#endif
