/*
 * resview.c - reading a versus/1 result document: groups of cells and their figures (see
 * resview.h).
 *
 * Grouping is by first appearance, comparing each cell with the first cell of every group so
 * far (workload, input name, parameters with json_equal): quadratic in the number of groups,
 * which is tens in a real result, and it keeps the document's own order (the order the tables
 * were printed in).
 *
 * resview_load is results_load (results_io.h): a versus/1 file, or a hyperfine export
 * converted into one, so that `versus plot` and `versus report` read what `versus compare`
 * reads.
 */
#include "result/resview.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "result/results_io.h"

json_t *resview_load(const char *path, struct verr *err)
{
    return results_load(path, err);
}

const char *resview_str(const json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

double resview_num(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

const char *resview_input_name(const json_t *cell)
{
    const json_t *in = json_object_get(cell, "input");
    if (json_is_string(in))
        return json_string_value(in);
    return resview_str(in, "name");
}

const char *resview_case_name(const json_t *cell)
{
    return resview_str(json_object_get(cell, "parameters"), "name");
}

static bool same_str(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Parameters: absent, null and {} are the same (as in results_io.h); json_equal(NULL, NULL)
 * would say they differ. */
static bool same_parameters(const json_t *a, const json_t *b)
{
    bool a_none = a == NULL || json_is_null(a) || (json_is_object(a) && json_object_size(a) == 0);
    bool b_none = b == NULL || json_is_null(b) || (json_is_object(b) && json_object_size(b) == 0);
    if (a_none || b_none)
        return a_none && b_none;
    return json_equal(a, b) != 0;
}

bool resview_same_group(const json_t *a, const json_t *b)
{
    return same_str(resview_str(a, "workload"), resview_str(b, "workload")) &&
           same_str(resview_input_name(a), resview_input_name(b)) &&
           same_parameters(json_object_get(a, "parameters"), json_object_get(b, "parameters"));
}

bool resview_measured(const json_t *cell)
{
    return json_is_object(json_object_get(cell, "summary"));
}

double resview_figure(const json_t *cell, const char *metric, const char *stat)
{
    const json_t *summary = json_object_get(cell, "summary");
    const json_t *m;
    if (strncmp(metric, "metrics.", 8) == 0)
        m = json_object_get(json_object_get(summary, "metrics"), metric + 8);
    else
        m = json_object_get(summary, metric);
    return resview_num(m, stat);
}

const json_t *resview_cell(const json_t *doc, size_t i)
{
    return json_array_get(json_object_get(doc, "cells"), i);
}

static int group_add(struct resview_group *g, size_t cell)
{
    size_t *grown = realloc(g->cells, (g->n + 1) * sizeof *grown);
    if (grown == NULL)
        return -1;
    g->cells = grown;
    g->cells[g->n++] = cell;
    return 0;
}

int resview_group_cells(const json_t *doc, struct resview_groups *out, struct verr *err)
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
        while (g < out->n && !resview_same_group(resview_cell(doc, out->groups[g].cells[0]), cell))
            g++;
        if (g == out->n) {
            struct resview_group *grown = realloc(out->groups, (out->n + 1) * sizeof *grown);
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
    resview_groups_free(out);
    return verr_set(err, "out of memory");
}

void resview_groups_free(struct resview_groups *g)
{
    for (size_t i = 0; i < g->n; i++)
        free(g->groups[i].cells);
    free(g->groups);
    memset(g, 0, sizeof *g);
}

/* Closes a memstream and returns its text, or NULL when anything failed. */
static char *close_text(FILE *f, char **text)
{
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        free(*text);
        return NULL;
    }
    return *text;
}

char *resview_group_label(const json_t *cell)
{
    const char *parts[3] = {resview_str(cell, "workload"), resview_input_name(cell),
                            resview_case_name(cell)};
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (f == NULL)
        return NULL;
    bool any = false;
    for (size_t i = 0; i < 3; i++) {
        if (parts[i] == NULL)
            continue;
        fprintf(f, "%s%s", any ? " · " : "", parts[i]);
        any = true;
    }
    if (!any)
        fputs("(unnamed)", f);
    return close_text(f, &text);
}

char *resview_parameters_text(const json_t *cell)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (f == NULL)
        return NULL;
    const char *key;
    const json_t *v;
    bool any = false;
    json_object_foreach((json_t *)json_object_get(cell, "parameters"), key, v)
    {
        if (strcmp(key, "name") == 0)
            continue;
        fprintf(f, "%s%s=", any ? ", " : "", key);
        if (json_is_string(v))
            fputs(json_string_value(v), f);
        else if (json_is_number(v))
            fprintf(f, "%g", json_number_value(v));
        else if (json_is_boolean(v))
            fputs(json_is_true(v) ? "true" : "false", f);
        else
            fputs(json_is_null(v) ? "null" : "…", f);
        any = true;
    }
    return close_text(f, &text);
}

char *resview_machine_line(const json_t *doc)
{
    const json_t *env = json_object_get(doc, "env");
    const char *cpu = resview_str(env, "cpu_model");
    double cores = resview_num(env, "cores");
    const char *created = resview_str(doc, "created_at");
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (f == NULL)
        return NULL;
    const char *sep = "";
    if (cpu != NULL) {
        fputs(cpu, f);
        sep = ", ";
    }
    if (!isnan(cores)) {
        fprintf(f, "%s%.0f core%s", sep, cores, cores == 1 ? "" : "s");
        sep = " · ";
    } else if (cpu != NULL) {
        sep = " · ";
    }
    if (created != NULL)
        fprintf(f, "%s%s", sep, created);
    return close_text(f, &text);
}
