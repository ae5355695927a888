/*
 * doc_check.c - checking the values of a result document's cell (see doc_check.h).
 */
#include "result/doc_check.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Checks one value named name (its unit from the name's ending) at field; null is allowed when
 * nullable. Returns 0, or -1 with why set. */
static int check_value(const json_t *v, const char *name, bool nullable, char *why, size_t len)
{
    if (v == NULL || (json_is_null(v) && nullable))
        return 0;
    if (!json_is_number(v)) {
        snprintf(why, len, "is not a number");
        return -1;
    }
    double x = json_number_value(v);
    if (ends_with(name, "_s")) {
        if (!(isfinite(x) && x >= 0 && x <= DOC_MAX_SECONDS)) {
            snprintf(why, len, "%.17g is not a time (a finite number of seconds, 0 to 1e9)", x);
            return -1;
        }
    } else if (ends_with(name, "_bytes")) {
        if (!(isfinite(x) && x >= 0 && x <= DOC_MAX_BYTES)) {
            snprintf(why, len, "%.17g is not a size (a finite number of bytes, 0 to 2^62)", x);
            return -1;
        }
    } else if (!isfinite(x)) {
        snprintf(why, len, "%.17g is not finite", x);
        return -1;
    }
    return 0;
}

/* Every value of obj (a sample, or its "metrics" object) named with a unit, at prefix. */
static int check_members(const json_t *obj, const char *prefix, char *field, size_t field_len,
                         char *why, size_t len)
{
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        if (json_is_object(v) || json_is_array(v) || json_is_string(v) || json_is_boolean(v))
            continue; /* "server", "digest", "warmup", a distribution's array: not one figure */
        bool unit = ends_with(key, "_s") || ends_with(key, "_bytes");
        if (!unit && !json_is_number(v))
            continue;
        if (check_value(v, key, true, why, len) != 0) {
            snprintf(field, field_len, "%s%s", prefix, key);
            return -1;
        }
    }
    return 0;
}

/* Every statistic of one summary entry named metric, at prefix. */
static int check_stats(const json_t *stats, const char *metric, const char *prefix, char *field,
                       size_t field_len, char *why, size_t len)
{
    if (!json_is_object(stats))
        return 0;
    const char *stat;
    const json_t *v;
    json_object_foreach((json_t *)stats, stat, v)
    {
        int bad = strcmp(stat, "n") == 0 ? (!json_is_integer(v) || json_integer_value(v) < 0
                                                ? (snprintf(why, len, "is not a count"), -1)
                                                : 0)
                                         : check_value(v, metric, true, why, len);
        if (bad != 0) {
            snprintf(field, field_len, "%s%s.%s", prefix, metric, stat);
            return -1;
        }
    }
    return 0;
}

int doc_check_cell_values(const json_t *cell, char *field, size_t field_len, char *why,
                          size_t why_len)
{
    const json_t *samples = json_object_get(cell, "samples");
    size_t measured = 0, k;
    const json_t *s;
    int bad = 0;
    json_array_foreach(samples, k, s)
    {
        char prefix[64];
        snprintf(prefix, sizeof prefix, "samples[%zu].", k);
        bad = check_members(s, prefix, field, field_len, why, why_len);
        if (bad == 0 && json_is_object(json_object_get(s, "metrics"))) {
            snprintf(prefix, sizeof prefix, "samples[%zu].metrics.", k);
            bad = check_members(json_object_get(s, "metrics"), prefix, field, field_len, why,
                                why_len);
        }
        if (bad != 0)
            break;
        measured += !json_is_true(json_object_get(s, "warmup"));
    }
    const json_t *summary = json_object_get(cell, "summary");
    const char *metric;
    const json_t *stats;
    if (bad == 0 && json_is_object(summary)) {
        json_object_foreach((json_t *)summary, metric, stats)
        {
            if (strcmp(metric, "n") == 0) {
                if (!json_is_integer(stats) || json_integer_value(stats) < 0) {
                    snprintf(field, field_len, "summary.n");
                    snprintf(why, why_len, "is not a count");
                    bad = -1;
                }
            } else if (strcmp(metric, "metrics") == 0 && json_is_object(stats)) {
                const char *name;
                const json_t *ms;
                json_object_foreach((json_t *)stats, name, ms)
                {
                    if ((bad = check_stats(ms, name, "summary.metrics.", field, field_len, why,
                                           why_len)) != 0)
                        break;
                }
            } else {
                bad = check_stats(stats, metric, "summary.", field, field_len, why, why_len);
            }
            if (bad != 0)
                break;
        }
    }
    const char *verdict = json_string_value(json_object_get(cell, "verdict"));
    verdict = verdict ? verdict : "";
    bool measured_verdict = strcmp(verdict, "verified") == 0 || strcmp(verdict, "ok") == 0;
    if (bad == 0 && json_is_array(samples) && json_is_object(summary)) {
        const json_t *n = json_object_get(summary, "n");
        const json_t *wn = json_object_get(json_object_get(summary, "wall_s"), "n");
        const json_t *counts[] = {n, wn};
        const char *names[] = {"summary.n", "summary.wall_s.n"};
        for (size_t c = 0; c < 2 && bad == 0; c++) {
            if (counts[c] != NULL && json_integer_value(counts[c]) != (json_int_t)measured) {
                snprintf(field, field_len, "%s", names[c]);
                snprintf(why, why_len,
                         "is %" JSON_INTEGER_FORMAT " but the cell has %zu measured samples",
                         json_integer_value(counts[c]), measured);
                bad = -1;
            }
        }
    }
    if (bad == 0 && measured_verdict && !json_is_object(summary)) {
        snprintf(field, field_len, "summary");
        snprintf(why, why_len, "is missing, but the verdict is \"%s\"", verdict);
        bad = -1;
    }
    if (bad == 0 && measured_verdict && json_is_array(samples) && measured == 0) {
        snprintf(field, field_len, "samples");
        snprintf(why, why_len, "has no measured sample, but the verdict is \"%s\"", verdict);
        bad = -1;
    }
    return bad;
}
