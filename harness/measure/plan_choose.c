/*
 * plan_choose.c - see plan_choose.h.
 */
#include "measure/plan_choose.h"

#include <stdlib.h>
#include <string.h>

#include "define/suite.h"
#include "util/argv_split.h"

bool plan_list_has(char *const *list, const char *s)
{
    for (; list && *list; list++)
        if (strcmp(*list, s) == 0)
            return true;
    return false;
}

int plan_wants_workload(const struct workload *w, const struct plan_request *rq, struct verr *err)
{
    if (rq->workloads && !plan_list_has(rq->workloads, w->name))
        return 0;
    if (rq->suite != NULL && suite_entry(rq->suite, w->name) == NULL)
        return 0;
    if (rq->suite == NULL && rq->profile != NULL &&
        json_object_get(w->profiles, rq->profile) == NULL) {
        if (rq->workloads == NULL)
            return 0; /* --profile alone: the workloads that have it */
        return verr_set(err, "workload %s has no profile '%s'", w->name, rq->profile);
    }
    return 1;
}

/* The strings of a JSON array as a malloc'd NULL-terminated list. */
static char **strings_of(const json_t *array)
{
    size_t n = json_array_size(array);
    char **names = calloc(n + 1, sizeof *names);
    for (size_t i = 0; i < n; i++)
        names[i] = strdup(json_string_value(json_array_get(array, i)));
    return names;
}

char **plan_runner_names(const struct workload *w, const struct plan_request *rq)
{
    char **names;
    const json_t *entry_runners = json_object_get(suite_entry(rq->suite, w->name), "runners");
    if (rq->runners != NULL)
        names = argv_copy(rq->runners);
    else if (entry_runners != NULL)
        names = strings_of(entry_runners);
    else
        names = strings_of(w->default_runners);
    const char *ref =
        rq->reference ? rq->reference : (rq->runners || entry_runners ? NULL : w->reference_runner);
    if (ref != NULL) {
        int n = argv_count(names), at = -1;
        for (int i = 0; i < n; i++)
            if (strcmp(names[i], ref) == 0)
                at = i;
        if (at > 0) {
            char *r = names[at];
            memmove(names + 1, names, (size_t)at * sizeof *names);
            names[0] = r;
        } else if (at < 0) {
            char **more = realloc(names, (size_t)(n + 2) * sizeof *names);
            names = more;
            memmove(names + 1, names, (size_t)(n + 1) * sizeof *names);
            names[0] = strdup(ref);
        }
    }
    return names;
}

const char *plan_profile_of(const struct workload *w, const struct plan_request *rq)
{
    const char *p = json_string_value(json_object_get(suite_entry(rq->suite, w->name), "profile"));
    if (p != NULL)
        return p;
    if (rq->profile != NULL)
        return rq->profile;
    if (rq->quick && json_object_get(w->profiles, "quick") != NULL)
        return "quick";
    return NULL;
}

/* The object of w's profile, or NULL. */
static const json_t *profile_object(const struct workload *w, const struct plan_request *rq)
{
    const char *profile = plan_profile_of(w, rq);
    return profile ? json_object_get(w->profiles, profile) : NULL;
}

json_t *plan_cases_of(const struct workload *w, const struct plan_request *rq)
{
    json_t *cases = json_array();
    if (rq->pattern != NULL) {
        json_array_append_new(cases,
                              json_pack("{s:s, s:s}", "name", "custom", "pattern", rq->pattern));
        return cases;
    }
    json_t *list = w->cases;
    json_t *chosen = json_object_get(profile_object(w, rq), "cases");
    if (chosen != NULL)
        list = chosen;
    size_t i;
    json_t *c;
    json_array_foreach(list, i, c)
    {
        const char *name = json_string_value(json_object_get(c, "name"));
        if (rq->cases == NULL || plan_list_has(rq->cases, name))
            json_array_append(cases, c);
    }
    return cases;
}

const json_t *plan_input_names_of(const struct workload *w, const struct plan_request *rq)
{
    const json_t *own = json_object_get(profile_object(w, rq), "inputs");
    if (own != NULL)
        return own; /* a profile with inputs of its own ("large") */
    return rq->quick ? w->quick_inputs : w->inputs;
}

/* Member key of w's suite entry as a whole number, else of its profile; NULL when neither has
 * it (borrowed). */
static const json_t *entry_or_profile(const struct workload *w, const struct plan_request *rq,
                                      const char *key)
{
    const json_t *v = json_object_get(suite_entry(rq->suite, w->name), key);
    return json_is_integer(v) ? v : json_object_get(profile_object(w, rq), key);
}

void plan_counts_of(const struct workload *w, const struct plan_request *rq, int *runs, int *warmup)
{
    const json_t *r = entry_or_profile(w, rq, "runs"), *wu = entry_or_profile(w, rq, "warmup");
    *runs = rq->runs >= 0        ? rq->runs
            : json_is_integer(r) ? (int)json_integer_value(r)
            : rq->quick          ? 3
                                 : 10;
    *warmup = rq->warmup >= 0 ? rq->warmup : json_is_integer(wu) ? (int)json_integer_value(wu) : 1;
}

void plan_budget_of(const struct workload *w, const struct plan_request *rq, double *max_time_s,
                    int *min_runs)
{
    const json_t *entry = suite_entry(rq->suite, w->name);
    const json_t *mt = json_object_get(entry, "max_time_s"),
                 *mr = json_object_get(entry, "min_runs");
    *max_time_s =
        !rq->max_time_given && json_is_number(mt) ? json_number_value(mt) : rq->max_time_s;
    *min_runs =
        !rq->min_runs_given && json_is_integer(mr) ? (int)json_integer_value(mr) : rq->min_runs;
}
