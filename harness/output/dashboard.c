/*
 * dashboard.c - the history dashboard's files (see dashboard.h): the static page and its
 * assets copied from ROOT/web, and assets/data.js built from the history and its check.
 */
#include "output/dashboard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare/compare_print.h"
#include "result/doc.h"
#include "util/fsutil.h"
#include "util/metric.h"

/* The files copied: source under web/, name under DIR. */
static const char *const COPIES[][2] = {
    {"dashboard/index.html", "index.html"},
    {"dashboard/dashboard.js", "assets/dashboard.js"},
    {"dashboard/dashboard.css", "assets/dashboard.css"},
    {"vendor/uplot/uPlot.iife.min.js", "assets/uPlot.iife.min.js"},
    {"vendor/uplot/uPlot.min.css", "assets/uPlot.min.css"},
    {"vendor/uplot/LICENSE", "assets/uPlot.LICENSE"},
};

static int copy_file(const char *from, const char *to, struct verr *err)
{
    size_t len;
    char *data = fsutil_read_file(from, &len, err);
    if (data == NULL)
        return verr_prefix(err, "dashboard asset (run scripts/vendor-web.sh?)");
    int rc = fsutil_write_atomic(to, data, len, err);
    free(data);
    return rc;
}

/* The cell of entry e with series s's identity, or NULL. */
static const json_t *cell_of(const json_t *e, const json_t *s)
{
    const char *runner = doc_str(s, "runner");
    size_t i;
    const json_t *c;
    json_array_foreach(json_object_get(e, "cells"), i, c)
    {
        const char *r = doc_str(c, "runner");
        if (r != NULL && runner != NULL && strcmp(r, runner) == 0 && doc_same_group(c, s))
            return c;
    }
    return NULL;
}

static json_t *figure(const json_t *cell, const char *stat, const char *metric)
{
    char key[96];
    snprintf(key, sizeof key, "%s_%s", stat, metric);
    const json_t *v = json_object_get(cell, key);
    return json_is_number(v) ? json_copy((json_t *)v) : json_null();
}

/* A series of the check with its figures at every entry. */
static json_t *series_json(const json_t *entries, const json_t *s, const char *metric)
{
    json_t *o = json_deep_copy(s), *median = json_array(), *p5 = json_array(), *p95 = json_array();
    char kase[128];
    compare_format_case(json_object_get(s, "parameters"), kase, sizeof kase);
    json_object_set_new(o, "case", strcmp(kase, "-") ? json_string(kase) : json_null());
    size_t i;
    const json_t *e;
    json_array_foreach(entries, i, e)
    {
        const json_t *c = cell_of(e, s);
        json_array_append_new(median, figure(c, "median", metric));
        json_array_append_new(p5, figure(c, "p5", metric));
        json_array_append_new(p95, figure(c, "p95", metric));
    }
    json_object_set_new(o, "median", median);
    json_object_set_new(o, "p5", p5);
    json_object_set_new(o, "p95", p95);
    return o;
}

static json_t *data_json(const json_t *entries, const json_t *check,
                         const struct dashboard_options *o)
{
    const char *metric = json_string_value(json_object_get(check, "metric"));
    const struct metric_def *def = metric_find(metric);
    enum metric_unit unit = metric_unit_of_name(metric);
    json_t *d = json_object(), *commits = json_array(), *series = json_array();
    size_t i;
    const json_t *e, *s;
    json_array_foreach(entries, i, e)
    {
        json_t *c = json_object();
        json_object_set_new(c, "commit", json_deep_copy(json_object_get(e, "commit")));
        json_object_set_new(c, "date", json_deep_copy(json_object_get(e, "date")));
        json_array_append_new(commits, c);
    }
    json_array_foreach(json_object_get(check, "series"), i, s)
    {
        json_array_append_new(series, series_json(entries, s, metric));
    }
    json_object_set_new(d, "schema", json_string("versus-dashboard/1"));
    json_object_set_new(d, "file", json_string(o->history_path));
    json_object_set_new(d, "metric", json_string(metric));
    json_object_set_new(d, "metric_label", json_string(def ? def->label : metric));
    json_object_set_new(d, "unit",
                        json_string(unit == METRIC_UNIT_SECONDS       ? "seconds"
                                    : unit == METRIC_UNIT_BYTES       ? "bytes"
                                    : unit == METRIC_UNIT_MIB_PER_MIN ? "MiB/min"
                                                                      : "count"));
    json_object_set_new(d, "repository_url",
                        o->repository_url ? json_string(o->repository_url) : json_null());
    json_object_set_new(d, "commits", commits);
    json_object_set_new(d, "series", series);
    json_object_set_new(d, "check", json_deep_copy(check));
    return d;
}

static int write_data(const json_t *entries, const json_t *check, const struct dashboard_options *o,
                      const char *path, struct verr *err)
{
    json_t *d = data_json(entries, check, o);
    char *text = json_dumps(d, JSON_COMPACT | JSON_REAL_PRECISION(10));
    json_decref(d);
    if (text == NULL)
        return verr_set(err, "cannot serialise the dashboard's data");
    static const char PREFIX[] = "window.VERSUS_DASHBOARD = ", SUFFIX[] = ";\n";
    size_t n = strlen(text);
    char *js = malloc(sizeof PREFIX + n + sizeof SUFFIX);
    if (js == NULL) {
        free(text);
        return verr_set(err, "out of memory");
    }
    snprintf(js, sizeof PREFIX + n + sizeof SUFFIX, "%s%s%s", PREFIX, text, SUFFIX);
    int rc = fsutil_write_atomic(path, js, strlen(js), err);
    free(js);
    free(text);
    return rc;
}

int dashboard_write(const json_t *entries, const json_t *check, const struct dashboard_options *o,
                    struct verr *err)
{
    char *assets = fsutil_join(o->out_dir, "assets");
    int rc = assets != NULL ? fsutil_mkdir_p(assets, err) : verr_set(err, "out of memory");
    free(assets);
    for (size_t i = 0; rc == 0 && i < sizeof COPIES / sizeof COPIES[0]; i++) {
        char *from = fsutil_join(o->web_dir, COPIES[i][0]),
             *to = fsutil_join(o->out_dir, COPIES[i][1]);
        rc = from && to ? copy_file(from, to, err) : verr_set(err, "out of memory");
        free(from);
        free(to);
    }
    if (rc == 0) {
        char *data = fsutil_join(o->out_dir, "assets/data.js");
        rc = data ? write_data(entries, check, o, data, err) : verr_set(err, "out of memory");
        free(data);
    }
    return rc;
}
