/*
 * export_cell.c - reading one cell of a versus/1 document for the export formats (see
 * export_cell.h).
 *
 * Numbers are written in the shortest form that reads back as the same double: the smallest
 * precision of %.*g (1 to 17 significant digits) whose strtod gives the value back. 17 digits
 * always suffice for an IEEE 754 double (C11 5.2.4.2.2: DBL_DECIMAL_DIG, 17 for binary64), so
 * CSV and Markdown lose nothing. Whole numbers (byte counts, run counts) are written as
 * integers, never as "1.3e+07".
 */
#include "result/export_cell.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "result/resview.h"

const char *export_cell_case(const json_t *cell)
{
    const char *name = resview_case_name(cell);
    return name ? name : "";
}

char *export_cell_name(const json_t *cell)
{
    const char *workload = resview_str(cell, "workload");
    const char *runner = resview_str(cell, "runner");
    if (runner == NULL)
        runner = "?";
    if (workload == NULL || strcmp(workload, "cmd") == 0)
        return strdup(runner);
    const char *c = export_cell_case(cell);
    const char *input = resview_input_name(cell);
    const char *fmt = "%s (%s%s%s%s%s)";
    const char *sep = *c ? " " : "", *comma = input ? ", " : "", *in = input ? input : "";
    int n = snprintf(NULL, 0, fmt, runner, workload, sep, c, comma, in);
    char *name = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (name != NULL)
        snprintf(name, (size_t)n + 1, fmt, runner, workload, sep, c, comma, in);
    return name;
}

bool export_cell_measured(const json_t *cell)
{
    const char *v = resview_str(cell, "verdict");
    return v != NULL && (strcmp(v, "verified") == 0 || strcmp(v, "ok") == 0) &&
           resview_measured(cell);
}

json_t *export_cell_samples(const json_t *cell)
{
    json_t *out = json_array();
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(cell, "samples"), i, s)
    {
        if (!json_is_true(json_object_get(s, "warmup")))
            json_array_append(out, s);
    }
    return out;
}

double export_cell_mean(const json_t *cell, const char *metric)
{
    double v = resview_figure(cell, metric, "mean");
    if (!isnan(v))
        return v;
    json_t *samples = export_cell_samples(cell);
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

void export_number(double v, char *out, size_t len)
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

char *export_value_text(const json_t *v)
{
    if (json_is_string(v))
        return strdup(json_string_value(v));
    if (json_is_real(v)) {
        char buf[40];
        export_number(json_real_value(v), buf, sizeof buf);
        return strdup(buf);
    }
    char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    return text ? text : strdup("");
}
