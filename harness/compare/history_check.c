/*
 * history_check.c - the change points of every cell series of the history and the gate over
 * them (see history_check.h; the detector is changepoint.c).
 */
#include "compare/history_check.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare/compare_stats.h"
#include "result/doc.h"
#include "util/keymap.h"
#include "util/metric.h"

struct history_check_options history_check_defaults(void)
{
    struct history_check_options o = {
        .metric = METRIC_WALL_S,
        .recent = HISTORY_CHECK_RECENT,
        .threshold = HISTORY_CHECK_THRESHOLD,
        .cp = changepoint_defaults(),
    };
    return o;
}

/* One cell identity over the commits: its values and the entry each came from. */
struct series {
    const json_t *key; /* a cell of the series (borrowed from entries) */
    const char *runner;
    double *values;
    size_t *entry; /* index into the entries analysed */
    size_t n, cap;
};

struct series_set {
    struct series *s;
    size_t n, cap;
    struct keymap *index; /* cell identity (doc_identity_key) -> index into s */
};

static void series_set_free(struct series_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        free(set->s[i].values);
        free(set->s[i].entry);
    }
    free(set->s);
    keymap_free(set->index);
}

/* The series of cell c (created when new), or NULL when out of memory. */
static struct series *series_of(struct series_set *set, const json_t *c, const char *runner)
{
    /* By identity through a hash table: a history of many cells stays linear. */
    if (set->index == NULL && (set->index = keymap_new(64)) == NULL)
        return NULL;
    size_t len, i;
    char *key = doc_identity_key(c, true, &len);
    if (key == NULL)
        return NULL;
    if (keymap_find(set->index, key, len, &i)) {
        free(key);
        return &set->s[i];
    }
    if (set->n == set->cap) {
        size_t cap = set->cap ? 2 * set->cap : 16;
        struct series *grown = realloc(set->s, cap * sizeof *grown);
        if (grown == NULL) {
            free(key);
            return NULL;
        }
        set->s = grown;
        set->cap = cap;
    }
    int added = keymap_add(set->index, key, len, set->n); /* runner is part of the key */
    free(key);
    if (added != 0)
        return NULL;
    struct series *s = &set->s[set->n++];
    *s = (struct series){.key = c, .runner = runner};
    return s;
}

static int series_add(struct series *s, double v, size_t entry)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 32;
        double *values = realloc(s->values, cap * sizeof *values);
        if (values != NULL)
            s->values = values;
        size_t *entries = realloc(s->entry, cap * sizeof *entries);
        if (entries != NULL)
            s->entry = entries;
        if (values == NULL || entries == NULL)
            return -1;
        s->cap = cap;
    }
    s->values[s->n] = v;
    s->entry[s->n++] = entry;
    return 0;
}

/* Collects the series of entries[first..] with a number under key. */
static int collect(const json_t *entries, size_t first, const char *key, struct series_set *set)
{
    for (size_t i = first; i < json_array_size(entries); i++) {
        size_t j;
        const json_t *c;
        json_array_foreach(json_object_get(json_array_get(entries, i), "cells"), j, c)
        {
            const char *runner = doc_str(c, "runner");
            double v = doc_num(c, key);
            if (runner == NULL || !isfinite(v))
                continue;
            struct series *s = series_of(set, c, runner);
            if (s == NULL || series_add(s, v, i - first) != 0)
                return -1;
        }
    }
    return 0;
}

/* The index of the first entry whose commit starts with prefix, or -1. */
static long find_commit(const json_t *entries, const char *prefix)
{
    size_t i;
    const json_t *e;
    json_array_foreach(entries, i, e)
    {
        const char *c = doc_str(e, "commit");
        if (c != NULL && *prefix != '\0' && strncmp(c, prefix, strlen(prefix)) == 0)
            return (long)i;
    }
    return -1;
}

static json_t *identity(const struct series *s)
{
    const char *input = doc_input_name(s->key);
    const json_t *params = json_object_get(s->key, "parameters");
    json_t *o = json_object();
    json_object_set(o, "workload", json_object_get(s->key, "workload"));
    json_object_set_new(o, "input", input ? json_string(input) : json_null());
    json_object_set_new(o, "parameters", params ? json_deep_copy(params) : json_object());
    json_object_set_new(o, "runner", json_string(s->runner));
    return o;
}

/* A copy of member key of obj, or null. */
static json_t *member_or_null(const json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return v != NULL ? json_copy(v) : json_null();
}

static json_t *number_or_null(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

/* The JSON of change point k of list l in series s. */
static json_t *point_json(const struct series *s, const struct changepoint_list *l, size_t k,
                          const json_t *entries, size_t first, size_t n_entries,
                          const struct history_check_options *o)
{
    size_t at = l->points[k].index;
    size_t from = k > 0 ? l->points[k - 1].index : 0;
    size_t to = k + 1 < l->n ? l->points[k + 1].index : s->n;
    double before = compare_median(s->values + from, at - from);
    double after = compare_median(s->values + at, to - at);
    double ratio = before > 0 ? after / before : NAN;
    size_t entry = s->entry[at];
    const json_t *e = json_array_get(entries, first + entry);
    bool recent = entry + o->recent >= n_entries;
    char key[96];
    json_t *p = json_object();
    json_object_set_new(p, "commit", member_or_null(e, "commit"));
    json_object_set_new(p, "date", member_or_null(e, "date"));
    json_object_set_new(p, "position", json_integer((json_int_t)(first + entry)));
    json_object_set_new(p, "n_before", json_integer((json_int_t)(at - from)));
    json_object_set_new(p, "n_after", json_integer((json_int_t)(to - at)));
    snprintf(key, sizeof key, "median_before_%s", o->metric);
    json_object_set_new(p, key, number_or_null(before));
    snprintf(key, sizeof key, "median_after_%s", o->metric);
    json_object_set_new(p, key, number_or_null(after));
    json_object_set_new(p, "ratio", number_or_null(ratio));
    json_object_set_new(p, "p_value", json_real(l->points[k].p_value));
    snprintf(key, sizeof key, "qhat_%s", o->metric);
    json_object_set_new(p, key, json_real(l->points[k].qhat));
    json_object_set_new(p, "recent", json_boolean(recent));
    json_object_set_new(p, "regression", json_boolean(ratio > 1 + o->threshold));
    return p;
}

static json_t *settings_json(const struct history_check_options *o)
{
    json_t *s = json_object();
    json_object_set_new(s, "since", o->since ? json_string(o->since) : json_null());
    json_object_set_new(s, "baseline", o->baseline ? json_string(o->baseline) : json_null());
    json_object_set_new(s, "recent", json_integer((json_int_t)o->recent));
    json_object_set_new(s, "threshold", json_real(o->threshold));
    json_object_set_new(s, "method",
                        json_string("e-divisive means, permutation test "
                                    "(Matteson & James 2014; as Apache Otava 0.8.0)"));
    json_object_set_new(s, "min_size", json_integer((json_int_t)o->cp.min_size));
    json_object_set_new(s, "permutations", json_integer((json_int_t)o->cp.permutations));
    json_object_set_new(s, "alpha", json_real(o->cp.alpha));
    char seed[24];
    snprintf(seed, sizeof seed, "%016llx", (unsigned long long)o->cp.seed);
    json_object_set_new(s, "seed", json_string(seed));
    return s;
}

/* The median of segment j of series s cut at the change points of l (segment 0 before the
 * first change point, segment l->n after the last). */
static double segment_median(const struct series *s, const struct changepoint_list *l, size_t j)
{
    size_t from = j > 0 ? l->points[j - 1].index : 0;
    size_t to = j < l->n ? l->points[j].index : s->n;
    return compare_median(s->values + from, to - from);
}

/* The segment of s that holds its first value at or after entry position pos, or SIZE_MAX when
 * the series has no value from pos on. */
static size_t segment_at(const struct series *s, const struct changepoint_list *l, size_t pos)
{
    size_t v = 0;
    while (v < s->n && s->entry[v] < pos)
        v++;
    if (v == s->n)
        return SIZE_MAX;
    size_t j = 0;
    while (j < l->n && l->points[j].index <= v)
        j++;
    return j;
}

/* The cumulative rule (history_check.h): the series' "cumulative" member, or null when there is
 * nothing to compare (no staircase of two or more small slower steps ending at the last change
 * point; with a baseline, no value from the baseline on). baseline is an entry position
 * (relative to first) or SIZE_MAX. */
static json_t *cumulative_json(const struct series *s, const struct changepoint_list *l,
                               size_t baseline, const json_t *entries, size_t first,
                               size_t n_entries, const struct history_check_options *o)
{
    size_t ref, steps;
    if (baseline != SIZE_MAX) {
        ref = segment_at(s, l, baseline);
        if (ref == SIZE_MAX)
            return json_null();
        steps = l->n - ref;
    } else {
        ref = l->n; /* walk back over the staircase ending at the last change point */
        while (ref > 0) {
            double r = segment_median(s, l, ref) / segment_median(s, l, ref - 1);
            if (!(r > 1 && r <= 1 + o->threshold))
                break;
            ref--;
        }
        steps = l->n - ref;
        if (steps < 2)
            return json_null();
    }
    double before = segment_median(s, l, ref), latest = segment_median(s, l, l->n);
    double ratio = before > 0 ? latest / before : NAN;
    /* the reference: the baseline's commit, or the staircase's first change point */
    size_t at = baseline != SIZE_MAX ? baseline : s->entry[l->points[ref].index];
    bool recent = l->n > 0 && s->entry[l->points[l->n - 1].index] + o->recent >= n_entries;
    char key[96];
    json_t *c = json_object();
    json_object_set_new(c, "reference",
                        json_string(baseline != SIZE_MAX ? "baseline" : "staircase"));
    json_object_set_new(c, "commit", member_or_null(json_array_get(entries, first + at), "commit"));
    json_object_set_new(c, "position", json_integer((json_int_t)(first + at)));
    json_object_set_new(c, "steps", json_integer((json_int_t)steps));
    snprintf(key, sizeof key, "median_reference_%s", o->metric);
    json_object_set_new(c, key, number_or_null(before));
    snprintf(key, sizeof key, "median_latest_%s", o->metric);
    json_object_set_new(c, key, number_or_null(latest));
    json_object_set_new(c, "ratio", number_or_null(ratio));
    json_object_set_new(c, "recent", json_boolean(recent));
    json_object_set_new(c, "regression", json_boolean(ratio > 1 + o->threshold));
    json_object_set_new(c, "gate",
                        json_boolean(ratio > 1 + o->threshold && (recent || baseline != SIZE_MAX)));
    return c;
}

/* Adds one entry to regressions: the series' identity, the rule that found it, then the
 * members of what found it (a change point or the cumulative comparison). */
static void add_regression(json_t *regressions, const struct series *s, const char *rule,
                           const json_t *what)
{
    json_t *r = identity(s);
    json_object_set_new(r, "rule", json_string(rule));
    json_object_update(r, (json_t *)what);
    json_array_append_new(regressions, r);
}

/* Adds the series' change points to doc's "series" and its recent regressions to
 * "regressions". Returns 0 or -1 with err set. */
static int check_series(const struct series *s, const json_t *entries, size_t first,
                        size_t n_entries, size_t baseline, const struct history_check_options *o,
                        json_t *series, json_t *regressions, struct verr *err)
{
    struct changepoint_list l;
    if (changepoint_edivisive(s->values, s->n, &o->cp, &l, err) != 0)
        return -1;
    json_t *js = identity(s), *points = json_array();
    json_object_set_new(js, "values", json_integer((json_int_t)s->n));
    for (size_t k = 0; k < l.n; k++) {
        json_t *p = point_json(s, &l, k, entries, first, n_entries, o);
        if (json_is_true(json_object_get(p, "recent")) &&
            json_is_true(json_object_get(p, "regression")))
            add_regression(regressions, s, "change point", p);
        json_array_append_new(points, p);
    }
    json_object_set_new(js, "change_points", points);
    json_t *c = cumulative_json(s, &l, baseline, entries, first, n_entries, o);
    if (json_is_true(json_object_get(c, "gate")))
        add_regression(regressions, s, "cumulative", c);
    json_object_set_new(js, "cumulative", c);
    json_array_append_new(series, js);
    changepoint_list_free(&l);
    return 0;
}

json_t *history_check(const json_t *entries, const char *file,
                      const struct history_check_options *o, struct verr *err)
{
    size_t total = json_array_size(entries), first = 0;
    if (total == 0) {
        verr_set(err, "%s: the history has no entries", file);
        return NULL;
    }
    if (o->since != NULL) {
        long at = find_commit(entries, o->since);
        if (at < 0) {
            verr_set(err, "%s: no commit starting with '%s' in the history", file, o->since);
            return NULL;
        }
        first = (size_t)at;
    }
    size_t baseline = SIZE_MAX;
    if (o->baseline != NULL) {
        long at = find_commit(entries, o->baseline);
        if (at < 0 || (size_t)at < first) {
            verr_set(err, "%s: no commit starting with '%s' in the history%s", file, o->baseline,
                     at < 0 ? "" : " from --since on");
            return NULL;
        }
        baseline = (size_t)at - first;
    }
    char key[96];
    snprintf(key, sizeof key, "median_%s", o->metric);
    struct series_set set = {0};
    if (collect(entries, first, key, &set) != 0) {
        series_set_free(&set);
        verr_set(err, "%s: out of memory", file);
        return NULL;
    }
    if (set.n == 0) {
        series_set_free(&set);
        verr_set(err, "%s: no cell has a number for \"%s\" in the commits analysed", file, key);
        return NULL;
    }
    size_t n_entries = total - first;
    json_t *series = json_array(), *regressions = json_array();
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < set.n; i++)
        rc = check_series(&set.s[i], entries, first, n_entries, baseline, o, series, regressions,
                          err);
    series_set_free(&set);
    if (rc != 0) {
        json_decref(series);
        json_decref(regressions);
        return NULL;
    }
    json_t *doc = json_object();
    json_object_set_new(doc, "schema", json_string(HISTORY_CHECK_SCHEMA));
    json_object_set_new(doc, "file", json_string(file));
    json_object_set_new(doc, "metric", json_string(o->metric));
    json_object_set_new(doc, "settings", settings_json(o));
    json_object_set_new(doc, "commits", json_integer((json_int_t)n_entries));
    json_object_set_new(doc, "first_commit",
                        member_or_null(json_array_get(entries, first), "commit"));
    json_object_set_new(doc, "last_commit",
                        member_or_null(json_array_get(entries, total - 1), "commit"));
    json_object_set_new(doc, "status",
                        json_string(json_array_size(regressions) > 0 ? "regressed" : "ok"));
    json_object_set_new(doc, "regressions", regressions);
    json_object_set_new(doc, "series", series);
    return doc;
}

bool history_check_regressed(const json_t *doc)
{
    const char *s = json_string_value(json_object_get(doc, "status"));
    return s != NULL && strcmp(s, "regressed") == 0;
}
