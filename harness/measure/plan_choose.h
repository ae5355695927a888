/*
 * plan_choose.h - what `versus run` measures, decided from the definitions and the request:
 * for each workload, its runners (reference first), the profile whose cases it runs, those
 * cases, and how many runs and warmups its groups get. The first step of planning; plan_build.h
 * turns the choices into groups and cells. Pure functions of their arguments: nothing is run
 * or read from disk.
 *
 * Precedence (README, "versus run"): the command line first, then the suite's entry for the
 * workload (define/suite.h), then the workload's own definition (define/workload.h).
 */
#ifndef VERSUS_PLAN_CHOOSE_H
#define VERSUS_PLAN_CHOOSE_H

#include <jansson.h>
#include <stdbool.h>

#include "define/workload.h"

/* What was asked for: `versus run`'s options and the chosen suite. Lists are NULL-terminated
 * and NULL when not given; everything is borrowed. */
struct plan_request {
    char **workloads;       /* --workload: only these (NULL: all, or the suite's) */
    char **runners;         /* --runner: these, in order, the first the reference */
    char **inputs;          /* --input: these named inputs instead of the workload's */
    char **cases;           /* --case: only the cases with these names */
    const char *input_file; /* --input-file: one group per case on this file */
    const char *pattern;    /* --pattern: one ad-hoc case {"name": "custom", "pattern": P} */
    const char *reference;  /* --reference: the runner whose output is the right answer */
    const char *profile;    /* --profile: the workload's named case list */
    const json_t *suite;    /* the chosen suite (suite.h), or NULL */
    bool quick;             /* --quick: 3 runs, quick inputs, the "quick" profile if any */
    bool no_build;          /* --no-build: a stale runner is unavailable */
    int runs, warmup;       /* --runs, --warmup; < 0: not given */
    int min_runs;           /* --min-runs (or the suite's) */
    double timeout_s, max_time_s, min_time_s; /* --timeout, --max-time, --min-time; 0: none */
    bool max_time_given, min_runs_given;      /* --max-time, --min-runs were on the command
                                                 line: a suite entry's own do not replace them */
};

/* True when list (NULL-terminated, may be NULL) holds s. */
bool plan_list_has(char *const *list, const char *s);

/* Whether workload w is part of the run: named by --workload, in the suite, or (--profile
 * alone) having that profile. Returns 1 when it is, 0 when it is not, -1 with err set when
 * it was named but has no such profile ("workload W has no profile 'P'"). */
int plan_wants_workload(const struct workload *w, const struct plan_request *rq, struct verr *err);

/* The runner names for w, in order, reference first: --runner, else the suite entry's
 * "runners", else w's default_runners; the reference (--reference, else, without --runner or
 * a suite list, w's reference_runner) moved or added to the front. Malloc'd (argv_free). */
char **plan_runner_names(const struct workload *w, const struct plan_request *rq);

/* The profile whose cases w runs: the suite entry's, else --profile, else "quick" with --quick
 * when w has one; NULL for w's default cases. Borrowed. */
const char *plan_profile_of(const struct workload *w, const struct plan_request *rq);

/* The cases of w: --pattern makes one ad-hoc case; else the profile's cases (or w's), kept
 * when --case names them. A new array (the case objects shared with w). */
json_t *plan_cases_of(const struct workload *w, const struct plan_request *rq);

/* The input names w runs on: its profile's "inputs", else quick_inputs with --quick, else its
 * inputs (borrowed; NULL for a workload without inputs). --input and --input-file are the
 * caller's. */
const json_t *plan_input_names_of(const struct workload *w, const struct plan_request *rq);

/* Runs and warmups of w's groups: --runs/--warmup; else the suite entry's "runs"/"warmup";
 * else its profile's; else 3 runs with --quick and 10 without, and 1 warmup. */
void plan_counts_of(const struct workload *w, const struct plan_request *rq, int *runs,
                    int *warmup);

/* The time budget of w's cells (bench.c's --max-time rule): --max-time/--min-runs when given on
 * the command line; else the suite entry's "max_time_s"/"min_runs"; else rq's (the suite's own
 * or the defaults). max_time_s in seconds of measured wall time per cell, 0: no limit. */
void plan_budget_of(const struct workload *w, const struct plan_request *rq, double *max_time_s,
                    int *min_runs);

#endif
