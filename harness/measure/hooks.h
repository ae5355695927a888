/*
 * hooks.h - the unmeasured commands hyperfine runs around a benchmark (--setup, --prepare,
 * --conclude, --cleanup; struct cell_hooks in plan.h), run for the scheduler (bench.c).
 *
 * Takes a cell and which hook; runs it (process_capture: stdout through a pipe and dropped,
 * never /dev/null; no timeout), in the cell's working directory, and gives 0 when it exited 0
 * or the cell had no such hook, else -1 with why in one line ("--prepare 'make clean' exited
 * 2: make: *** No rule ...").
 */
#ifndef VERSUS_HOOKS_H
#define VERSUS_HOOKS_H

#include <stddef.h>

#include "measure/plan.h"

enum hook_kind { HOOK_SETUP, HOOK_PREPARE, HOOK_CONCLUDE, HOOK_CLEANUP };

/* Runs hook kind of c (if any) with working directory cwd (NULL: ours). */
int hooks_run(const struct cell *c, enum hook_kind kind, const char *cwd, char *why, size_t len);

#endif
