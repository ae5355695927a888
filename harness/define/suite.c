/*
 * suite.c - loading and checking named suites (see suite.h).
 */
#include "define/suite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fsutil.h"
#include "util/json_locate.h"

#define SUITES_SCHEMA "versus-suites/1"

static const char *const FILE_FIELDS[] = {"schema", "suites", NULL};
static const char *const SUITE_FIELDS[] = {"description", "entries", "max_time_s", "min_runs",
                                           NULL};
static const char *const ENTRY_FIELDS[] = {"workload", "profile",    "runners",  "runs",
                                           "warmup",   "max_time_s", "min_runs", NULL};

/* The budget fields a suite and an entry may carry: max_time_s a number > 0, min_runs (and, in
 * an entry, runs) a whole number >= 1, warmup a whole number >= 0. Returns 0 or -1. */
static int check_budget(struct json_checker *c, const json_t *obj)
{
    return json_checker_positive(c, obj, "max_time_s") != 0 ||
                   json_checker_whole(c, obj, "min_runs", 1) != 0 ||
                   json_checker_whole(c, obj, "runs", 1) != 0 ||
                   json_checker_whole(c, obj, "warmup", 0) != 0
               ? -1
               : 0;
}

static int check_entry(struct json_checker *c, const json_t *entry, const struct workload_set *set)
{
    const char *wname, *profile;
    json_t *runners;
    if (!json_is_object(entry))
        return json_checker_fail(c, "an entry must be an object");
    if (json_checker_keys(c, entry, ENTRY_FIELDS) != 0 ||
        json_checker_string(c, entry, "workload", JSON_CHECK_REQUIRED, &wname) != 0 ||
        json_checker_string(c, entry, "profile", 0, &profile) != 0 ||
        json_checker_strings(c, entry, "runners", JSON_CHECK_NONEMPTY, &runners) != 0 ||
        check_budget(c, entry) != 0)
        return -1;
    const struct workload *w = workload_find(set, wname);
    if (w == NULL)
        return json_checker_fail_at(c, "workload", "no workload \"%s\"", wname);
    if (profile != NULL && json_object_get(w->profiles, profile) == NULL)
        return json_checker_fail_at(c, "profile", "workload \"%s\" has no profile \"%s\"", wname,
                                    profile);
    return 0;
}

json_t *suite_load(const char *dir, const char *name, const struct workload_set *set,
                   struct verr *err)
{
    char *path = fsutil_join(dir, "suites.json");
    char *text = NULL;
    json_t *doc = json_locate_load(path, &text, err);
    json_t *suite = NULL;
    if (doc == NULL)
        goto out;
    struct json_checker c = {.file = path, .text = text, .err = err};
    const char *schema;
    json_t *suites, *entries;
    if (!json_is_object(doc)) {
        json_checker_fail(&c, "the suites file must be a JSON object");
        goto out;
    }
    if (json_checker_keys(&c, doc, FILE_FIELDS) != 0 ||
        json_checker_string(&c, doc, "schema", JSON_CHECK_REQUIRED, &schema) != 0 ||
        json_checker_object(&c, doc, "suites", JSON_CHECK_REQUIRED, &suites) != 0)
        goto out;
    if (strcmp(schema, SUITES_SCHEMA) != 0) {
        json_checker_fail_at(&c, "schema", "\"schema\" must be \"%s\"", SUITES_SCHEMA);
        goto out;
    }
    json_t *s = json_object_get(suites, name);
    if (s == NULL) {
        const char *key;
        json_t *v;
        char known[512] = "";
        size_t used = 0;
        json_object_foreach(suites, key, v)
        {
            (void)v;
            int n = snprintf(known + used, sizeof known - used, "%s%s", used ? ", " : "", key);
            if (n > 0 && (size_t)n < sizeof known - used)
                used += (size_t)n;
        }
        verr_set(err, "%s: no suite \"%s\" (there are: %s)", path, name, known);
        goto out;
    }
    json_checker_push_key(&c, "suites");
    json_checker_push_key(&c, name);
    snprintf(c.subject, sizeof c.subject, "suite \"%s\": ", name);
    if (!json_is_object(s)) {
        json_checker_fail(&c, "a suite must be an object");
        goto out;
    }
    if (json_checker_keys(&c, s, SUITE_FIELDS) != 0)
        goto out;
    entries = json_object_get(s, "entries");
    if (!json_is_array(entries) || json_array_size(entries) == 0) {
        json_checker_fail(&c, "\"entries\" must be a non-empty array of objects");
        goto out;
    }
    if (check_budget(&c, s) != 0)
        goto out;
    json_checker_push_key(&c, "entries");
    for (size_t i = 0; i < json_array_size(entries); i++) {
        json_checker_push_index(&c, i);
        if (check_entry(&c, json_array_get(entries, i), set) != 0)
            goto out;
        json_checker_pop(&c);
    }
    suite = json_incref(s);
out:
    json_decref(doc);
    free(text);
    free(path);
    return suite;
}

const json_t *suite_entry(const json_t *suite, const char *workload)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(suite, "entries"), i, e)
    {
        if (strcmp(json_string_value(json_object_get(e, "workload")), workload) == 0)
            return e;
    }
    return NULL;
}

json_t *suite_entry_budgets(const json_t *suite)
{
    static const char *const FIELDS[] = {"runs", "warmup", "max_time_s", "min_runs"};
    json_t *out = NULL;
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(suite, "entries"), i, e)
    {
        json_t *b = json_object();
        for (size_t k = 0; k < sizeof FIELDS / sizeof FIELDS[0]; k++) {
            json_t *v = json_object_get(e, FIELDS[k]);
            if (v != NULL)
                json_object_set(b, FIELDS[k], v);
        }
        if (json_object_size(b) > 0) {
            if (out == NULL)
                out = json_object();
            json_object_set_new(out, json_string_value(json_object_get(e, "workload")), b);
        } else {
            json_decref(b);
        }
    }
    return out;
}
