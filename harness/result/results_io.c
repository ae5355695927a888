/*
 * results_io.c - loading result documents (versus/1, or hyperfine exports converted to it) and
 * matching their cells (see results_io.h for the formats and the identity of a cell).
 *
 * A versus/1 document is checked only for what comparisons read, so documents written by
 * older or newer versions of the same schema still load; anything else in them is kept as is.
 * A hyperfine export (https://github.com/sharkdp/hyperfine, `--export-json`; its fields are
 * those of hyperfine's BenchmarkResult) becomes one cell per result; its summary is computed
 * from the raw times with stats_summarize, then the figures hyperfine gives (mean, stddev,
 * median, min, max) take their place, so nothing hyperfine said is second-guessed.
 */
#include "result/results_io.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "result/result.h"
#include "util/fsutil.h"
#include "util/stats.h"

/* ---------------------------------------------------------------------------------------- */
/* versus/1 checks                                                                           */
/* ---------------------------------------------------------------------------------------- */

/* Checks one cell of a versus/1 document; returns 0 or -1 with err set. */
static int check_cell(const json_t *cell, size_t i, const char *path, struct verr *err)
{
    if (!json_is_object(cell))
        return verr_set(err, "%s: cell %zu is not an object", path, i + 1);
    static const char *const strings[] = {"workload", "runner"};
    for (size_t k = 0; k < sizeof strings / sizeof strings[0]; k++) {
        if (!json_is_string(json_object_get(cell, strings[k])))
            return verr_set(err, "%s: cell %zu: \"%s\" must be a string", path, i + 1, strings[k]);
    }
    const json_t *input = json_object_get(cell, "input");
    if (input != NULL && !json_is_null(input) && !json_is_object(input))
        return verr_set(err, "%s: cell %zu: \"input\" must be an object or null", path, i + 1);
    const json_t *params = json_object_get(cell, "parameters");
    if (params != NULL && !json_is_null(params) && !json_is_object(params))
        return verr_set(err, "%s: cell %zu: \"parameters\" must be an object or null", path, i + 1);
    const json_t *verdict = json_object_get(cell, "verdict");
    if (verdict != NULL && !json_is_string(verdict))
        return verr_set(err, "%s: cell %zu: \"verdict\" must be a string", path, i + 1);
    const json_t *samples = json_object_get(cell, "samples");
    if (samples != NULL && !json_is_array(samples))
        return verr_set(err, "%s: cell %zu: \"samples\" must be an array", path, i + 1);
    size_t k;
    const json_t *s;
    json_array_foreach(samples, k, s)
    {
        if (!json_is_object(s))
            return verr_set(err, "%s: cell %zu: sample %zu is not an object", path, i + 1, k + 1);
    }
    return 0;
}

static int check_versus1(const json_t *doc, const char *path, struct verr *err)
{
    const json_t *cells = json_object_get(doc, "cells");
    if (!json_is_array(cells))
        return verr_set(err, "%s: \"cells\" must be an array", path);
    size_t i;
    const json_t *cell;
    json_array_foreach(cells, i, cell)
    {
        if (check_cell(cell, i, path, err) != 0)
            return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* hyperfine import                                                                          */
/* ---------------------------------------------------------------------------------------- */

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
        "{s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:n, s:b, s:n, s:n, s:n}", "warmup", 0, "wall_s",
        element_number(json_object_get(r, "times"), i), "user_s", u, "sys_s", s, "cpu_s", cpu,
        "max_rss_bytes",
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
    json_object_set_new(s, "wall_s", wall);
    if (json_is_array(user) && json_is_array(sys)) {
        json_object_set_new(s, "user_s", summary_of_array(user));
        json_object_set_new(s, "sys_s", summary_of_array(sys));
        size_t nu, ns;
        double *u = numbers_of(user, &nu), *y = numbers_of(sys, &ns);
        size_t n = u == NULL || y == NULL ? 0 : nu < ns ? nu : ns;
        for (size_t i = 0; i < n; i++)
            u[i] += y[i];
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, isnan(u[i]) ? json_null() : json_real(u[i]));
        json_object_set_new(s, "cpu_s", summary_of_array(a));
        json_decref(a);
        free(u);
        free(y);
    } else {
        json_object_set_new(s, "user_s",
                            mean_only_summary(json_number_value(user), json_is_number(user)));
        json_object_set_new(s, "sys_s",
                            mean_only_summary(json_number_value(sys), json_is_number(sys)));
        json_object_set_new(s, "cpu_s",
                            mean_only_summary(json_number_value(user) + json_number_value(sys),
                                              json_is_number(user) && json_is_number(sys)));
    }
    json_object_set_new(s, "max_rss_bytes",
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

json_t *results_from_hyperfine(const json_t *hf, const char *source, struct verr *err)
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

/* ---------------------------------------------------------------------------------------- */
/* Loading                                                                                   */
/* ---------------------------------------------------------------------------------------- */

json_t *results_load(const char *path, struct verr *err)
{
    size_t len;
    char *text = fsutil_read_file(path, &len, err);
    if (text == NULL)
        return NULL;
    json_error_t je;
    json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    free(text);
    if (doc == NULL)
        return verr_set(err, "%s:%d:%d: %s", path, je.line, je.column, je.text), NULL;
    const json_t *schema = json_object_get(doc, "schema");
    if (json_is_object(doc) && json_is_string(schema)) {
        const char *name = json_string_value(schema);
        if (strcmp(name, RESULT_SCHEMA) != 0) {
            verr_set(err, "%s: schema \"%s\" is not %s (a result document) or a hyperfine export",
                     path, name, RESULT_SCHEMA);
            json_decref(doc);
            return NULL;
        }
        if (check_versus1(doc, path, err) != 0) {
            json_decref(doc);
            return NULL;
        }
        return doc;
    }
    if (json_is_object(doc) && schema == NULL && json_is_array(json_object_get(doc, "results"))) {
        json_t *conv = results_from_hyperfine(doc, path, err);
        json_decref(doc);
        return conv;
    }
    json_decref(doc);
    verr_set(err, "%s: not a %s result document or a hyperfine JSON export", path, RESULT_SCHEMA);
    return NULL;
}

/* ---------------------------------------------------------------------------------------- */
/* Cells                                                                                     */
/* ---------------------------------------------------------------------------------------- */

const char *results_cell_input_name(const json_t *cell)
{
    return json_string_value(json_object_get(json_object_get(cell, "input"), "name"));
}

const char *results_cell_verdict(const json_t *cell)
{
    const char *v = json_string_value(json_object_get(cell, "verdict"));
    return v ? v : "";
}

static bool same_string(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

bool results_cell_same(const json_t *a, const json_t *b)
{
    if (!same_string(json_string_value(json_object_get(a, "workload")),
                     json_string_value(json_object_get(b, "workload"))) ||
        !same_string(json_string_value(json_object_get(a, "runner")),
                     json_string_value(json_object_get(b, "runner"))) ||
        !same_string(results_cell_input_name(a), results_cell_input_name(b)))
        return false;
    const json_t *pa = json_object_get(a, "parameters");
    const json_t *pb = json_object_get(b, "parameters");
    bool empty_a =
        pa == NULL || json_is_null(pa) || (json_is_object(pa) && json_object_size(pa) == 0);
    bool empty_b =
        pb == NULL || json_is_null(pb) || (json_is_object(pb) && json_object_size(pb) == 0);
    if (empty_a || empty_b)
        return empty_a && empty_b;
    return json_equal((json_t *)pa, (json_t *)pb) != 0;
}

size_t results_match_cells(const json_t *before, const json_t *after, long *before_to_after,
                           long *after_to_before)
{
    const json_t *bc = json_object_get(before, "cells");
    const json_t *ac = json_object_get(after, "cells");
    size_t nb = json_array_size(bc), na = json_array_size(ac), matched = 0;
    for (size_t j = 0; j < na; j++)
        after_to_before[j] = -1;
    for (size_t i = 0; i < nb; i++) {
        before_to_after[i] = -1;
        for (size_t j = 0; j < na; j++) {
            if (after_to_before[j] < 0 &&
                results_cell_same(json_array_get(bc, i), json_array_get(ac, j))) {
                before_to_after[i] = (long)j;
                after_to_before[j] = (long)i;
                matched++;
                break;
            }
        }
    }
    return matched;
}

size_t results_cell_samples(const json_t *cell, const char *field, double **out)
{
    *out = NULL;
    const json_t *samples = json_object_get(cell, "samples");
    size_t n = json_array_size(samples), k = 0;
    if (n == 0)
        return 0;
    double *xs = malloc(n * sizeof *xs);
    if (xs == NULL)
        return 0;
    bool cpu = strcmp(field, "cpu_s") == 0;
    for (size_t i = 0; i < n; i++) {
        const json_t *s = json_array_get(samples, i);
        if (json_is_true(json_object_get(s, "warmup")))
            continue;
        const json_t *v = json_object_get(s, field);
        if (json_is_number(v)) {
            xs[k++] = json_number_value(v);
        } else if (cpu) {
            const json_t *u = json_object_get(s, "user_s"), *y = json_object_get(s, "sys_s");
            if (json_is_number(u) && json_is_number(y))
                xs[k++] = json_number_value(u) + json_number_value(y);
        }
    }
    if (k == 0) {
        free(xs);
        return 0;
    }
    *out = xs;
    return k;
}
