/*
 * suite.h - named suites: which workloads `versus run --suite NAME` runs, and how.
 *
 * workloads/suites.json (versus-suites/1):
 *
 *   { "schema": "versus-suites/1",
 *     "suites": {
 *       "default": { "description": "...", "max_time_s": 8,
 *                    "entries": [ { "workload": "grep" },
 *                                 { "workload": "agent", "profile": "quick" } ] },
 *       "paper":   { "entries": [ { "workload": "agent", "profile": "paper",
 *                                   "runners": ["rust", "python", "langchain"] } ] } } }
 *
 * An entry names a workload and, optionally, the profile whose cases it runs and the runners
 * (first = reference) instead of the workload's defaults. A suite may set max_time_s and
 * min_runs (versus run --max-time/--min-runs) as its defaults. Errors name file, line and
 * column.
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
