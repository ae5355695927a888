/*
 * doc_hyperfine.c - a hyperfine export as a versus/1 document (see doc_hyperfine.h).
 *
 * hyperfine (https://github.com/sharkdp/hyperfine, `--export-json`; its fields are those of
 * hyperfine's BenchmarkResult): each result becomes one cell; its summary is computed from the
 * raw times with stats_summarize, then the figures hyperfine gives (mean, stddev, median, min,
 * max) take their place, so nothing hyperfine said is second-guessed.
 */
#include "result/doc_hyperfine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "result/result.h"
#include "util/metric.h"
#include "util/stats.h"

static json_t *number_or_null(const json_t *v)
{
    return json_is_number(v) ? json_real(json_number_value(v)) : json_null();
}

/* A summary object in the versus/1 shape, from n values, or with every figure null when n is 0.
 */
static json_t *summary_of(const double *xs, size_t n)
{
    struct summary s;
    if (n > 0 && stats_summarize(xs, n, &s) == 0)
        return result_summary_json(&s);
    return json_pack("{s:I, s:n, s:n, s:n, s:n, s:n, s:n, s:n, s:n, s:n, s:n, s:n}", "n",
                     (json_int_t)0, "median", "p95", "mean", "stddev", "mad", "min", "max", "p5",
                     "p25", "p75", "p99");
}

/* The numbers of array a (non-numbers as NaN) in a malloc'd buffer of json_array_size(a)
 * doubles (NULL for an empty or absent array). */
static double *numbers_of(const json_t *a, size_t *n)
{
    *n = json_is_array(a) ? json_array_size(a) : 0;
    if (*n == 0)
        return NULL;
    double *xs = malloc(*n * sizeof *xs);
    for (size_t i = 0; xs != NULL && i < *n; i++) {
        const json_t *v = json_array_get(a, i);
        xs[i] = json_is_number(v) ? json_number_value(v) : NAN;
    }
    return xs;
}

/* The summary of array a's numbers (NaNs left out). */
static json_t *summary_of_array(const json_t *a)
{
    size_t n, k = 0;
    double *xs = numbers_of(a, &n);
    for (size_t i = 0; i < n; i++)
        if (!isnan(xs[i]))
            xs[k++] = xs[i];
    json_t *s = summary_of(xs, k);
    free(xs);
    return s;
}

/* A summary whose only known figure is a mean (hyperfine's user and system). */
static json_t *mean_only_summary(double mean, bool known)
{
    json_t *s = summary_of(NULL, 0);
    if (known)
        json_object_set_new(s, "mean", json_real(mean));
    return s;
}

/* Element i of array a if it is a number, else null (a new reference). */
static json_t *element_number(const json_t *a, size_t i)
{
    return number_or_null(json_is_array(a) ? json_array_get(a, i) : NULL);
}

static json_t *hyperfine_sample(const json_t *r, size_t i)
{
    const json_t *user = json_object_get(r, "user");
    const json_t *sys = json_object_get(r, "system");
    json_t *u = element_number(user, i), *s = element_number(sys, i);
    json_t *cpu = json_is_number(u) && json_is_number(s)
                      ? json_real(json_number_value(u) + json_number_value(s))
                      : json_null();
    const json_t *codes = json_object_get(r, "exit_codes");
    const json_t *code = json_is_array(codes) ? json_array_get(codes, i) : NULL;
    const json_t *mem = json_object_get(r, "memory_usage_byte");
    const json_t *m = json_is_array(mem) ? json_array_get(mem, i) : NULL;
    return json_pack(
        "{s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:n, s:b, s:n, s:n, s:n}", "warmup", 0, METRIC_WALL_S,
        element_number(json_object_get(r, "times"), i), METRIC_USER_S, u, METRIC_SYS_S, s,
        METRIC_CPU_S, cpu, METRIC_MAX_RSS_BYTES,
        json_is_number(m) ? json_integer((json_int_t)json_number_value(m)) : json_null(), "exit",
        json_is_integer(code) ? json_integer(json_integer_value(code)) : json_null(), "signal",
        "timed_out", 0, "digest", "stdout_bytes", "metrics");
}

static json_t *hyperfine_summary(const json_t *r)
{
    const json_t *times = json_object_get(r, "times");
    json_t *wall = summary_of_array(times);
    static const char *const given[] = {"mean", "stddev", "median", "min", "max"};
    for (size_t k = 0; k < sizeof given / sizeof given[0]; k++) {
        const json_t *v = json_object_get(r, given[k]);
        if (json_is_number(v))
            json_object_set_new(wall, given[k], json_real(json_number_value(v)));
    }
    const json_t *user = json_object_get(r, "user");
    const json_t *sys = json_object_get(r, "system");
    json_t *s = json_object();
    json_object_set_new(
        s, "n", json_integer(json_is_array(times) ? (json_int_t)json_array_size(times) : 0));
    json_object_set_new(s, METRIC_WALL_S, wall);
    if (json_is_array(user) && json_is_array(sys)) {
        json_object_set_new(s, METRIC_USER_S, summary_of_array(user));
        json_object_set_new(s, METRIC_SYS_S, summary_of_array(sys));
        size_t nu, ns;
        double *u = numbers_of(user, &nu), *y = numbers_of(sys, &ns);
        size_t n = u == NULL || y == NULL ? 0 : nu < ns ? nu : ns;
        for (size_t i = 0; i < n; i++)
            u[i] += y[i];
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, isnan(u[i]) ? json_null() : json_real(u[i]));
        json_object_set_new(s, METRIC_CPU_S, summary_of_array(a));
        json_decref(a);
        free(u);
        free(y);
    } else {
        json_object_set_new(s, METRIC_USER_S,
                            mean_only_summary(json_number_value(user), json_is_number(user)));
        json_object_set_new(s, METRIC_SYS_S,
                            mean_only_summary(json_number_value(sys), json_is_number(sys)));
        json_object_set_new(s, METRIC_CPU_S,
                            mean_only_summary(json_number_value(user) + json_number_value(sys),
                                              json_is_number(user) && json_is_number(sys)));
    }
    json_object_set_new(s, METRIC_MAX_RSS_BYTES,
                        summary_of_array(json_object_get(r, "memory_usage_byte")));
    json_object_set_new(s, "metrics", json_object());
    return s;
}

static json_t *hyperfine_cell(const json_t *r)
{
    const json_t *params = json_object_get(r, "parameters");
    json_t *cell = json_object();
    json_object_set_new(cell, "workload", json_string("cmd"));
    json_object_set_new(cell, "input", json_null());
    json_object_set_new(cell, "parameters",
                        json_is_object(params) ? json_deep_copy(params) : json_object());
    json_object_set(cell, "runner", json_object_get(r, "command"));
    json_object_set_new(cell, "language", json_null());
    json_object_set_new(cell, "argv", json_null());
    json_object_set_new(cell, "verdict", json_string("ok"));
    json_object_set_new(cell, "reason", json_null());
    json_object_set_new(cell, "reference_runner", json_null());
    json_object_set_new(cell, "imported_from", json_string("hyperfine"));
    json_object_set_new(cell, "summary", hyperfine_summary(r));
    json_t *samples = json_array();
    const json_t *times = json_object_get(r, "times");
    for (size_t i = 0; json_is_array(times) && i < json_array_size(times); i++)
        json_array_append_new(samples, hyperfine_sample(r, i));
    json_object_set_new(cell, "samples", samples);
    return cell;
}

json_t *doc_from_hyperfine(const json_t *hf, const char *source, struct verr *err)
{
    const json_t *results = json_object_get(hf, "results");
    if (!json_is_object(hf) || !json_is_array(results))
        return verr_set(err, "%s: not a hyperfine JSON export", source), NULL;
    size_t i;
    const json_t *r;
    json_array_foreach(results, i, r)
    {
        if (!json_is_object(r) || !json_is_string(json_object_get(r, "command")))
            return verr_set(err, "%s: hyperfine result %zu: \"command\" must be a string", source,
                            i + 1),
                   NULL;
        const json_t *times = json_object_get(r, "times");
        if (times != NULL && !json_is_array(times))
            return verr_set(err, "%s: hyperfine result %zu: \"times\" must be an array", source,
                            i + 1),
                   NULL;
        const json_t *params = json_object_get(r, "parameters");
        if (params != NULL && !json_is_null(params) && !json_is_object(params))
            return verr_set(err, "%s: hyperfine result %zu: \"parameters\" must be an object",
                            source, i + 1),
                   NULL;
    }
    json_t *doc = json_object();
    json_object_set_new(doc, "schema", json_string(RESULT_SCHEMA));
    json_object_set_new(doc, "imported_from", json_string("hyperfine"));
    json_object_set_new(doc, "source", json_string(source));
    json_object_set_new(doc, "created_at", json_null());
    json_object_set_new(doc, "command_line", json_null());
    json_object_set_new(doc, "settings", json_null());
    json_object_set_new(doc, "env", json_null());
    json_t *cells = json_array();
    json_array_foreach(results, i, r) json_array_append_new(cells, hyperfine_cell(r));
    json_object_set_new(doc, "cells", cells);
    json_object_set_new(doc, "failed_cells", json_integer(0));
    return doc;
}
