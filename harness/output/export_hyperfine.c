/*
 * export_hyperfine.c - a versus/1 document in hyperfine's --export-json shape (see export.h).
 *
 * The fields, their order and units follow hyperfine's BenchmarkResult
 * (sharkdp/hyperfine, src/benchmark/benchmark_result.rs, serialised by src/export/json.rs):
 * command; mean, stddev (null when there is one run), median, min, max of the wall times and
 * user, system (the mean user and system CPU time per run), all in seconds; times (every
 * measured wall time); memory_usage_byte (every run's peak RSS in bytes; left out when a run
 * lacks it, as hyperfine leaves out a None); exit_codes (null for a run killed by a signal);
 * parameters (name -> string; left out when empty, as hyperfine does). One result per cell with
 * figures; the parameters are the case's parameters as text plus "input" (its name) and "runner",
 * so that a result imported back (result/doc.h) keeps what told the cells apart.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/export.h"
#include "result/doc.h"
#include "result/doc_text.h"
#include "util/metric.h"

/* The mean CPU time of kind (METRIC_USER_S, METRIC_SYS_S) per run, or 0 when unknown (hyperfine's
 * field is a plain number). */
static double cpu_mean(const json_t *cell, const char *kind)
{
    double v = doc_mean(cell, kind);
    return isnan(v) ? 0.0 : v;
}

static json_t *number_or_null(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

/* The runs' values of key as an array of reals (or integers), or NULL when one lacks it. */
static json_t *sample_values(const json_t *samples, const char *key, bool integers)
{
    json_t *out = json_array();
    size_t i;
    json_t *s;
    json_array_foreach(samples, i, s)
    {
        const json_t *v = json_object_get(s, key);
        if (!json_is_number(v)) {
            json_decref(out);
            return NULL;
        }
        json_array_append_new(out, integers ? json_integer((json_int_t)json_number_value(v))
                                            : json_real(json_number_value(v)));
    }
    return out;
}

static json_t *exit_codes(const json_t *samples)
{
    json_t *out = json_array();
    size_t i;
    json_t *s;
    json_array_foreach(samples, i, s)
    {
        const json_t *code = json_object_get(s, "exit");
        const json_t *sig = json_object_get(s, "signal");
        bool signalled = json_is_integer(sig) && json_integer_value(sig) != 0;
        json_array_append_new(out, json_is_integer(code) && !signalled ? json_copy((json_t *)code)
                                                                       : json_null());
    }
    return out;
}

static json_t *parameters(const json_t *cell)
{
    /* A command of `versus cmd`: its parameter scan's values only, as hyperfine writes them. */
    const char *workload = doc_str(cell, "workload");
    if (workload != NULL && strcmp(workload, "cmd") == 0)
        return doc_cmd_parameters(cell);
    json_t *out = json_object();
    const char *key;
    json_t *v;
    json_object_foreach(json_object_get(cell, "parameters"), key, v)
    {
        char *text = doc_value_text(v);
        json_object_set_new(out, key, json_string(text ? text : ""));
        free(text);
    }
    const char *input = doc_input_name(cell);
    if (input != NULL)
        json_object_set_new(out, "input", json_string(input));
    const char *runner = doc_str(cell, "runner");
    json_object_set_new(out, "runner", json_string(runner ? runner : ""));
    return out;
}

static json_t *result_of(const json_t *cell)
{
    json_t *samples = doc_measured_samples(cell);
    char *name = doc_cell_name(cell);
    double n = doc_figure(cell, METRIC_WALL_S, "n");
    json_t *r = json_object();
    json_object_set_new(r, "command", json_string(name ? name : ""));
    free(name);
    json_object_set_new(r, "mean", number_or_null(doc_figure(cell, METRIC_WALL_S, "mean")));
    json_object_set_new(r, "stddev",
                        n >= 2 ? number_or_null(doc_figure(cell, METRIC_WALL_S, "stddev"))
                               : json_null());
    json_object_set_new(r, "median", number_or_null(doc_figure(cell, METRIC_WALL_S, "median")));
    json_object_set_new(r, "user", json_real(cpu_mean(cell, METRIC_USER_S)));
    json_object_set_new(r, "system", json_real(cpu_mean(cell, METRIC_SYS_S)));
    json_object_set_new(r, "min", number_or_null(doc_figure(cell, METRIC_WALL_S, "min")));
    json_object_set_new(r, "max", number_or_null(doc_figure(cell, METRIC_WALL_S, "max")));
    json_t *times = sample_values(samples, METRIC_WALL_S, false);
    json_object_set_new(r, "times", times ? times : json_array());
    json_t *rss = sample_values(samples, METRIC_MAX_RSS_BYTES, true);
    if (rss != NULL)
        json_object_set_new(r, "memory_usage_byte", rss);
    json_object_set_new(r, "exit_codes", exit_codes(samples));
    /* hyperfine leaves out an empty map (skip_serializing_if = "BTreeMap::is_empty") */
    json_t *params = parameters(cell);
    if (json_object_size(params) > 0)
        json_object_set_new(r, "parameters", params);
    else
        json_decref(params);
    json_decref(samples);
    return r;
}

json_t *export_hyperfine(const json_t *doc)
{
    json_t *results = doc_map_measured(doc, result_of);
    return json_pack("{s:o}", "results", results);
}
