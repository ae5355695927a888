/*
 * doc.c - reading a versus/1 result document: loading and checking it, its cells' identity,
 * groups and figures (see doc.h).
 *
 * Grouping is by first appearance, comparing each cell with the first cell of every group so
 * far: quadratic in the number of groups, which is tens in a real result, and it keeps the
 * document's own order (the order the tables were printed in). Matching is the same, greedy in
 * document order, so the k-th of several cells with one identity meets the k-th of the other.
 */
#include "result/doc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "result/doc_check.h"
#include "result/doc_hyperfine.h"
#include "result/result.h"
#include "util/fsutil.h"
#include "util/json_locate.h"
#include "util/keymap.h"
#include "util/metric.h"

/* ---------------------------------------------------------------------------------------- */
/* Loading                                                                                   */
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
    static const char *const objects[] = {"input", "parameters"};
    for (size_t k = 0; k < sizeof objects / sizeof objects[0]; k++) {
        const json_t *v = json_object_get(cell, objects[k]);
        if (v != NULL && !json_is_null(v) && !json_is_object(v))
            return verr_set(err, "%s: cell %zu: \"%s\" must be an object or null", path, i + 1,
                            objects[k]);
    }
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
    char field[300] = "", why[200] = "";
    if (doc_check_cell_values(cell, field, sizeof field, why, sizeof why) == 0)
        return 0;
    const char *input = doc_input_name(cell), *case_name = doc_case_name(cell);
    return verr_set(err, "%s: cell %zu (%s/%s/%s/%s): %s: %s", path, i + 1,
                    doc_str(cell, "workload"), input ? input : "-", case_name ? case_name : "-",
                    doc_str(cell, "runner"), field, why);
}

static int check_versus1(const json_t *doc, const char *path, struct verr *err)
{
    const json_t *cells = json_object_get(doc, "cells");
    if (!json_is_array(cells))
        return verr_set(err, "%s: \"cells\" must be an array", path);
    size_t i;
    const json_t *cell;
    size_t failed = 0;
    json_array_foreach(cells, i, cell)
    {
        if (check_cell(cell, i, path, err) != 0)
            return -1;
        failed += strcmp(doc_verdict(cell), "failed") == 0;
    }
    const json_t *fc = json_object_get(doc, "failed_cells");
    if (fc != NULL && (!json_is_integer(fc) || json_integer_value(fc) != (json_int_t)failed))
        return verr_set(err, "%s: failed_cells: the document says %s, its cells have %zu failed",
                        path, json_is_integer(fc) ? "another count" : "no count", failed);
    return 0;
}

json_t *doc_load(const char *path, struct verr *err)
{
    size_t len;
    char *text = fsutil_read_file(path, &len, err);
    if (text == NULL)
        return NULL;
    json_error_t je;
    json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    int line = 0, column = 0;
    if (doc == NULL)
        json_locate_syntax_error(text, len, &je, &line, &column);
    free(text);
    if (doc == NULL)
        return verr_set(err, "%s:%d:%d: %s", path, line, column, je.text), NULL;
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
        json_t *conv = doc_from_hyperfine(doc, path, err);
        json_decref(doc);
        if (conv != NULL && check_versus1(conv, path, err) != 0) {
            json_decref(conv);
            return NULL;
        }
        return conv;
    }
    json_decref(doc);
    verr_set(err, "%s: not a %s result document or a hyperfine JSON export", path, RESULT_SCHEMA);
    return NULL;
}

/* ---------------------------------------------------------------------------------------- */
/* Cells and their identity                                                                  */
/* ---------------------------------------------------------------------------------------- */

const char *doc_str(const json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

double doc_num(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

const json_t *doc_cell(const json_t *doc, size_t i)
{
    return json_array_get(json_object_get(doc, "cells"), i);
}

const char *doc_input_name(const json_t *cell)
{
    const json_t *in = json_object_get(cell, "input");
    if (json_is_string(in))
        return json_string_value(in);
    return doc_str(in, "name");
}

const char *doc_case_name(const json_t *cell)
{
    return doc_str(json_object_get(cell, "parameters"), "name");
}

const char *doc_verdict(const json_t *cell)
{
    const char *v = doc_str(cell, "verdict");
    return v ? v : "";
}

static bool same_str(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Parameters: absent, null and {} are the same; json_equal(NULL, NULL) would say they differ. */
static bool same_parameters(const json_t *a, const json_t *b)
{
    bool a_none = a == NULL || json_is_null(a) || (json_is_object(a) && json_object_size(a) == 0);
    bool b_none = b == NULL || json_is_null(b) || (json_is_object(b) && json_object_size(b) == 0);
    if (a_none || b_none)
        return a_none && b_none;
    return json_equal(a, b) != 0;
}

bool doc_same_group(const json_t *a, const json_t *b)
{
    return same_str(doc_str(a, "workload"), doc_str(b, "workload")) &&
           same_str(doc_input_name(a), doc_input_name(b)) &&
           same_parameters(json_object_get(a, "parameters"), json_object_get(b, "parameters"));
}

bool doc_same_cell(const json_t *a, const json_t *b)
{
    return doc_same_group(a, b) && same_str(doc_str(a, "runner"), doc_str(b, "runner"));
}

/* Appends one part of a key: "-" for none, else "+LENGTH:" and the bytes (so that no two
 * different identities give the same key). */
static int key_part(char **buf, size_t *len, size_t *cap, const char *part, size_t n)
{
    char head[32];
    int h =
        part == NULL ? snprintf(head, sizeof head, "-") : snprintf(head, sizeof head, "+%zu:", n);
    size_t need = *len + (size_t)h + (part ? n : 0) + 1;
    if (need > *cap) {
        size_t c = *cap ? *cap : 128;
        while (c < need)
            c *= 2;
        char *grown = realloc(*buf, c);
        if (grown == NULL)
            return -1;
        *buf = grown;
        *cap = c;
    }
    if (*buf == NULL) /* cannot happen: need > 0 grows an empty buffer above */
        return -1;
    memcpy(*buf + *len, head, (size_t)h);
    *len += (size_t)h;
    if (part != NULL) {
        memcpy(*buf + *len, part, n);
        *len += n;
    }
    (*buf)[*len] = '\0';
    return 0;
}

char *doc_identity_key_of(const char *workload, const char *input, const json_t *parameters,
                          const char *runner, bool with_runner, size_t *len)
{
    const json_t *params = parameters;
    bool none = params == NULL || json_is_null(params) ||
                (json_is_object(params) && json_object_size(params) == 0);
    /* Sorted keys, compact, reals to 17 digits: equal parameters give equal text. */
    char *ptext = none ? NULL : json_dumps(params, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
    char *buf = NULL;
    size_t cap = 0;
    *len = 0;
    int rc = key_part(&buf, len, &cap, workload, workload ? strlen(workload) : 0);
    rc = rc ? rc : key_part(&buf, len, &cap, input, input ? strlen(input) : 0);
    rc = rc ? rc : key_part(&buf, len, &cap, none ? "{}" : ptext, none ? 2 : strlen(ptext));
    if (with_runner)
        rc = rc ? rc : key_part(&buf, len, &cap, runner, runner ? strlen(runner) : 0);
    free(ptext);
    if (rc != 0 || (!none && ptext == NULL)) {
        free(buf);
        return NULL;
    }
    return buf;
}

char *doc_identity_key(const json_t *cell, bool with_runner, size_t *len)
{
    return doc_identity_key_of(doc_str(cell, "workload"), doc_input_name(cell),
                               json_object_get(cell, "parameters"), doc_str(cell, "runner"),
                               with_runner, len);
}

size_t doc_match_cells(const json_t *before, const json_t *after, long *before_to_after,
                       long *after_to_before)
{
    const json_t *bc = json_object_get(before, "cells");
    const json_t *ac = json_object_get(after, "cells");
    size_t nb = json_array_size(bc), na = json_array_size(ac), matched = 0;
    for (size_t j = 0; j < na; j++)
        after_to_before[j] = -1;
    for (size_t i = 0; i < nb; i++)
        before_to_after[i] = -1;
    /* The after cells by identity, in order: the k-th before cell of an identity takes the
     * k-th after cell of it. */
    struct keymap *m = keymap_new(na);
    for (size_t j = 0; m != NULL && j < na; j++) {
        size_t len;
        char *key = doc_identity_key(json_array_get(ac, j), true, &len);
        if (key == NULL || keymap_add(m, key, len, j) != 0) {
            keymap_free(m);
            m = NULL;
        }
        free(key);
    }
    for (size_t i = 0; m != NULL && i < nb; i++) {
        size_t len, j;
        char *key = doc_identity_key(json_array_get(bc, i), true, &len);
        if (key != NULL && keymap_take(m, key, len, &j)) {
            before_to_after[i] = (long)j;
            after_to_before[j] = (long)i;
            matched++;
        }
        free(key);
    }
    keymap_free(m);
    return matched;
}

/* ---------------------------------------------------------------------------------------- */
/* Figures and samples                                                                       */
/* ---------------------------------------------------------------------------------------- */

bool doc_has_summary(const json_t *cell)
{
    return json_is_object(json_object_get(cell, "summary"));
}

bool doc_measured(const json_t *cell)
{
    const char *v = doc_verdict(cell);
    return (strcmp(v, "verified") == 0 || strcmp(v, "ok") == 0) && doc_has_summary(cell);
}

double doc_figure(const json_t *cell, const char *metric, const char *stat)
{
    const json_t *summary = json_object_get(cell, "summary");
    const json_t *m;
    if (strncmp(metric, "metrics.", 8) == 0)
        m = json_object_get(json_object_get(summary, "metrics"), metric + 8);
    else
        m = json_object_get(summary, metric);
    return doc_num(m, stat);
}

/* A measured sample: not a warmup, and not one that a rerun replaced (--rerun-contaminated). */
static bool is_measured(const json_t *s)
{
    return !json_is_true(json_object_get(s, "warmup")) &&
           !json_is_true(json_object_get(s, "replaced"));
}

json_t *doc_measured_samples(const json_t *cell)
{
    json_t *out = json_array();
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(cell, "samples"), i, s)
    {
        if (is_measured(s))
            json_array_append(out, s);
    }
    return out;
}

double doc_mean(const json_t *cell, const char *metric)
{
    double v = doc_figure(cell, metric, "mean");
    if (!isnan(v))
        return v;
    json_t *samples = doc_measured_samples(cell);
    double sum = 0;
    size_t i;
    json_t *s;
    json_array_foreach(samples, i, s)
    {
        const json_t *x = json_object_get(s, metric);
        sum += json_is_number(x) ? json_number_value(x) : NAN;
    }
    size_t n = json_array_size(samples);
    json_decref(samples);
    return n > 0 ? sum / (double)n : NAN;
}

size_t doc_samples(const json_t *cell, const char *metric, double **out)
{
    *out = NULL;
    const json_t *samples = json_object_get(cell, "samples");
    size_t n = json_array_size(samples), k = 0;
    if (n == 0)
        return 0;
    double *xs = malloc(n * sizeof *xs);
    if (xs == NULL)
        return 0;
    bool cpu = strcmp(metric, METRIC_CPU_S) == 0;
    for (size_t i = 0; i < n; i++) {
        const json_t *s = json_array_get(samples, i);
        if (!is_measured(s))
            continue;
        const json_t *v = json_object_get(s, metric);
        if (json_is_number(v)) {
            xs[k++] = json_number_value(v);
        } else if (cpu) {
            const json_t *u = json_object_get(s, METRIC_USER_S);
            const json_t *y = json_object_get(s, METRIC_SYS_S);
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

json_t *doc_map_measured(const json_t *doc, json_t *(*entry)(const json_t *cell))
{
    json_t *out = json_array();
    size_t i;
    const json_t *cell;
    json_array_foreach(json_object_get(doc, "cells"), i, cell)
    {
        if (doc_measured(cell))
            json_array_append_new(out, entry(cell));
    }
    return out;
}

size_t doc_counters_of(const json_t *doc, const char **names, size_t max)
{
    size_t n = 0;
    for (size_t m = 0; m < metric_count() && n < max; m++) {
        const char *name = metric_at(m)->name;
        bool has = false;
        size_t i;
        const json_t *cell;
        json_array_foreach(json_object_get(doc, "cells"), i, cell)
        {
            has = has || (metric_is_counter(name) && doc_measured(cell) &&
                          isfinite(doc_figure(cell, name, "median")));
        }
        if (has)
            names[n++] = name;
    }
    return n;
}

/* ---------------------------------------------------------------------------------------- */
/* Groups                                                                                    */
/* ---------------------------------------------------------------------------------------- */

static int group_add(struct doc_group *g, size_t cell)
{
    size_t *grown = realloc(g->cells, (g->n + 1) * sizeof *grown);
    if (grown == NULL)
        return -1;
    g->cells = grown;
    g->cells[g->n++] = cell;
    return 0;
}

int doc_group_cells(const json_t *doc, struct doc_groups *out, struct verr *err)
{
    memset(out, 0, sizeof *out);
    const json_t *cells = json_object_get(doc, "cells");
    size_t i;
    const json_t *cell;
    json_array_foreach(cells, i, cell)
    {
        if (!json_is_object(cell))
            continue;
        size_t g = 0;
        while (g < out->n && !doc_same_group(doc_cell(doc, out->groups[g].cells[0]), cell))
            g++;
        if (g == out->n) {
            struct doc_group *grown = realloc(out->groups, (out->n + 1) * sizeof *grown);
            if (grown == NULL)
                goto oom;
            out->groups = grown;
            memset(&out->groups[out->n++], 0, sizeof *grown);
        }
        if (group_add(&out->groups[g], i) != 0)
            goto oom;
    }
    return 0;
oom:
    doc_groups_free(out);
    return verr_set(err, "out of memory");
}

void doc_groups_free(struct doc_groups *g)
{
    for (size_t i = 0; i < g->n; i++)
        free(g->groups[i].cells);
    free(g->groups);
    memset(g, 0, sizeof *g);
}
