/*
 * suite.h - loads named suites (workloads/suites.json, versus-suites/1): which workloads
 * `versus run --suite NAME` runs, and how. Format: FORMAT.md, section "Suites".
 *
 * Gives each suite's entries (a workload and, optionally, a profile and runners, first =
 * reference) and its defaults (max_time_s, min_runs) for measure/plan_choose.h. Errors name
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

#endif
