/*
 * doc_text.c - a result document's cells and values as text (see doc_text.h).
 *
 * Numbers are written in the shortest form that reads back as the same double: the smallest
 * precision of %.*g (1 to 17 significant digits) whose strtod gives the value back. 17 digits
 * always suffice for an IEEE 754 double (C11 5.2.4.2.2: DBL_DECIMAL_DIG, 17 for binary64), so
 * CSV and Markdown lose nothing. Whole numbers (byte counts, run counts) are written as
 * integers, never as "1.3e+07".
 */
#include "result/doc_text.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "result/doc.h"

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

char *doc_group_label(const json_t *cell)
{
    const char *parts[3] = {doc_str(cell, "workload"), doc_input_name(cell), doc_case_name(cell)};
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

char *doc_parameters_text(const json_t *cell)
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

char *doc_machine_line(const json_t *doc)
{
    const json_t *env = json_object_get(doc, "env");
    const char *cpu = doc_str(env, "cpu_model");
    double cores = doc_num(env, "cores");
    const char *created = doc_str(doc, "created_at");
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

char *doc_cell_name(const json_t *cell)
{
    const char *workload = doc_str(cell, "workload");
    const char *runner = doc_str(cell, "runner");
    if (runner == NULL)
        runner = "?";
    if (workload == NULL || strcmp(workload, "cmd") == 0)
        return strdup(runner);
    const char *c = doc_case_name(cell);
    if (c == NULL)
        c = "";
    const char *input = doc_input_name(cell);
    const char *fmt = "%s (%s%s%s%s%s)";
    const char *sep = *c ? " " : "", *comma = input ? ", " : "", *in = input ? input : "";
    int n = snprintf(NULL, 0, fmt, runner, workload, sep, c, comma, in);
    char *name = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (name != NULL)
        snprintf(name, (size_t)n + 1, fmt, runner, workload, sep, c, comma, in);
    return name;
}

void doc_number_text(double v, char *out, size_t len)
{
    if (!isfinite(v)) {
        snprintf(out, len, "%s", "");
        return;
    }
    if (v == floor(v) && fabs(v) < 9007199254740992.0) { /* a whole number below 2^53 */
        snprintf(out, len, "%.0f", v);
        return;
    }
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(out, len, "%.*g", digits, v);
        if (strtod(out, NULL) == v)
            return;
    }
}

char *doc_value_text(const json_t *v)
{
    if (json_is_string(v))
        return strdup(json_string_value(v));
    if (json_is_real(v)) {
        char buf[40];
        doc_number_text(json_real_value(v), buf, sizeof buf);
        return strdup(buf);
    }
    char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    return text ? text : strdup("");
}

void doc_identity_text(const json_t *cell, char *out, size_t len)
{
    const char *w = doc_str(cell, "workload"), *in = doc_input_name(cell);
    const char *r = doc_str(cell, "runner"), *c = doc_case_name(cell);
    snprintf(out, len, "%s/%s/%s/%s", w ? w : "?", in ? in : "-", c ? c : "", r ? r : "?");
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

json_t *doc_cmd_parameters(const json_t *cell)
{
    json_t *out = json_object();
    const json_t *params = json_object_get(cell, "parameters");
    const char **names = calloc(json_object_size(params) + 1, sizeof *names);
    size_t n = 0;
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)params, key, v)
    {
        if (names != NULL && strcmp(key, "name") != 0 && strcmp(key, "shell") != 0)
            names[n++] = key;
    }
    if (n > 1)
        qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        char *text = doc_value_text(json_object_get(params, names[i]));
        json_object_set_new(out, names[i], json_string(text ? text : ""));
        free(text);
    }
    free(names);
    return out;
}
