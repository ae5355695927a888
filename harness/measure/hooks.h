/*
 * hooks.h - the unmeasured commands hyperfine runs around a benchmark (--setup, --prepare,
 * --conclude, --cleanup; struct cell_hooks and enum hook_kind in plan.h), run for the scheduler
 * (bench.c) through its executor (bench.h: .hook, of type hook_exec_fn), so that a scripted
 * executor sees them too.
 *
 * Takes the executor, a cell and which hook; runs it in the cell's working directory and gives
 * 0 when it exited 0 or the cell had no such hook, else -1 with why in one line ("--prepare
 * 'make clean' exited 2: make: *** No rule ..."). bench_process_executor runs it with
 * process_capture: stdout through a pipe and dropped (never /dev/null), no timeout.
 */
#ifndef VERSUS_HOOKS_H
#define VERSUS_HOOKS_H

#include <stddef.h>

#include "measure/plan.h"
#include "util/error.h"

/* The option that sets hook kind: "--setup", "--prepare", "--conclude" or "--cleanup" ("output"
 * for a workload's output hook). */
const char *hooks_option(enum hook_kind kind);

/* How a hook is run (bench.h: struct bench_executor's .hook): argv of hook kind of cell `cell`,
 * unmeasured, in cwd (NULL: ours), waited for. Returns its exit status (>= 0; 128 + N when
 * killed by signal N) with its stderr in *err_text (malloc'd, may be NULL), or -1 with err set
 * when it could not be started. */
typedef int (*hook_exec_fn)(void *state, size_t cell, enum hook_kind kind, char *const *argv,
                            const char *cwd, size_t max_out, char **out, char **err_text,
                            struct verr *err);

/* Runs hook kind of cell ci of p (if any) through exec (with state), with working directory cwd
 * (NULL: ours). */
int hooks_run(hook_exec_fn exec, void *state, const struct plan *p, size_t ci, enum hook_kind kind,
              const char *cwd, char *why, size_t len);

/* Runs the output hook of cell ci (a workload's "output": a command that reports what a run
 * did, such as `pip list --format=freeze` of the environment it installed into; the cell must
 * have one) through exec: 0 with its stdout in *text (malloc'd, NUL-terminated, at most max_out
 * bytes, its length in *text_len), or -1 with why (and *text NULL). */
int hooks_output(hook_exec_fn exec, void *state, const struct plan *p, size_t ci, const char *cwd,
                 size_t max_out, char **text, size_t *text_len, char *why, size_t len);

#endif
