/*
 * suite.h - loads named suites (workloads/suites.json, versus-suites/1): which workloads
 * `versus run --suite NAME` runs, and how. Format: FORMAT.md, section "Suites".
 *
 * Gives each suite's entries (a workload and, optionally, a profile, runners (first =
 * reference) and the entry's own budget: runs, warmup, max_time_s, min_runs) and the suite's
 * defaults (max_time_s, min_runs) for measure/plan_choose.h, which applies them. Units:
 * max_time_s in seconds of measured wall time per cell; the rest are counts of runs. Errors name
 * file, line and column.
 */
#ifndef VERSUS_SUITE_H
#define VERSUS_SUITE_H

#include <jansson.h>

#include "define/workload.h"
#include "util/error.h"

/* Loads suite `name` from dir/suites.json and checks that each entry names a workload of set
 * (and a profile it has). Returns a new reference to the suite object, or NULL with err set. */
json_t *suite_load(const char *dir, const char *name, const struct workload_set *set,
                   struct verr *err);

/* The entry of suite for workload name, or NULL (borrowed). */
const json_t *suite_entry(const json_t *suite, const char *workload);

/* The entries of suite that carry a budget of their own, as {WORKLOAD: {"runs": N, "warmup": N,
 * "max_time_s": S, "min_runs": N}} (only the fields the entry has), for the result document's
 * settings; NULL when none does (or suite is NULL). A new reference. */
json_t *suite_entry_budgets(const json_t *suite);

#endif
