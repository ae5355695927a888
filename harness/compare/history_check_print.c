/*
 * history_check_print.c - the table and the Markdown of `versus history check` (see
 * history_check_print.h).
 */
#include "compare/history_check_print.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare/compare_print.h"
#include "util/metric.h"
#include "util/textfmt.h"

enum { C_CELL, C_RUNNER, C_COMMIT, C_DATE, C_BEFORE, C_AFTER, C_RATIO, C_P, C_NOTE, N_COLS };
#define TEXT 160

static const char *const HEADINGS[N_COLS] = {
    "cell", "runner", "commit", "date", "before", "after", "ratio", "p", "",
};

void history_check_format_value(const char *metric, double x, char *out, size_t len)
{
    if (!isfinite(x))
        snprintf(out, len, "-");
    else if (metric_unit_of_name(metric) == METRIC_UNIT_SECONDS)
        textfmt_duration(x, out, len);
    else if (metric_unit_of_name(metric) == METRIC_UNIT_BYTES)
        textfmt_bytes(x, out, len);
    else if (metric_unit_of_name(metric) == METRIC_UNIT_MIB_PER_MIN)
        textfmt_growth(x, out, len);
    else
        snprintf(out, len, "%.4g", x);
}

static double num(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* One change point's row: (series s, point p). */
struct row {
    const json_t *s, *p;
};

static int by_position_desc(const void *a, const void *b)
{
    double pa = num(((const struct row *)a)->p, "position");
    double pb = num(((const struct row *)b)->p, "position");
    return pa < pb ? 1 : pa > pb ? -1 : 0;
}

/* "workload · input · case" of series s. */
static void cell_text(const json_t *s, char *out, size_t len)
{
    const char *input = json_string_value(json_object_get(s, "input"));
    const char *workload = json_string_value(json_object_get(s, "workload"));
    char kase[96];
    compare_format_case(json_object_get(s, "parameters"), kase, sizeof kase);
    snprintf(out, len, "%s%s%s%s%s", workload ? workload : "-", input ? " · " : "",
             input ? input : "", strcmp(kase, "-") ? " · " : "", strcmp(kase, "-") ? kase : "");
}

static void row_texts(const struct row *r, const char *metric, char t[N_COLS][TEXT])
{
    char key[96];
    cell_text(r->s, t[C_CELL], TEXT);
    snprintf(t[C_RUNNER], TEXT, "%s", json_string_value(json_object_get(r->s, "runner")));
    const char *commit = json_string_value(json_object_get(r->p, "commit"));
    snprintf(t[C_COMMIT], TEXT, "%.10s", commit ? commit : "?");
    const char *date = json_string_value(json_object_get(r->p, "date"));
    snprintf(t[C_DATE], TEXT, "%.10s", date ? date : "-");
    snprintf(key, sizeof key, "median_before_%s", metric);
    history_check_format_value(metric, num(r->p, key), t[C_BEFORE], TEXT);
    snprintf(key, sizeof key, "median_after_%s", metric);
    history_check_format_value(metric, num(r->p, key), t[C_AFTER], TEXT);
    compare_format_ratio(num(r->p, "ratio"), t[C_RATIO], TEXT);
    compare_format_p(num(r->p, "p_value"), t[C_P], TEXT);
    bool regression = json_is_true(json_object_get(r->p, "regression"));
    bool recent = json_is_true(json_object_get(r->p, "recent"));
    snprintf(t[C_NOTE], TEXT, "%s",
             regression && recent     ? "REGRESSION (recent)"
             : regression             ? "regression"
             : num(r->p, "ratio") < 1 ? "faster"
                                      : "");
}

static size_t width_of(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

static void print_line(FILE *out, char t[N_COLS][TEXT], const size_t *w, bool markdown)
{
    for (size_t c = 0; c < N_COLS; c++) {
        if (markdown) {
            fprintf(out, "| %s ", t[c]);
            continue;
        }
        bool right = c >= C_BEFORE && c <= C_P;
        size_t pad = w[c] - width_of(t[c]);
        fprintf(out, "%s%*s%s%*s", c ? "  " : "", right ? (int)pad : 0, "", t[c],
                right || c + 1 == N_COLS ? 0 : (int)pad, "");
    }
    fputs(markdown ? "|\n" : "\n", out);
}

/* One line per series whose cumulative comparison (history_check.h) is a regression. */
static void print_cumulative(FILE *out, const json_t *doc, const char *metric, bool markdown)
{
    size_t i;
    const json_t *s;
    bool any = false;
    json_array_foreach(json_object_get(doc, "series"), i, s)
    {
        const json_t *c = json_object_get(s, "cumulative");
        if (!json_is_true(json_object_get(c, "regression")))
            continue;
        char cell[TEXT], ref[32], latest[32], ratio[32], key[96];
        cell_text(s, cell, sizeof cell);
        snprintf(key, sizeof key, "median_reference_%s", metric);
        history_check_format_value(metric, num(c, key), ref, sizeof ref);
        snprintf(key, sizeof key, "median_latest_%s", metric);
        history_check_format_value(metric, num(c, key), latest, sizeof latest);
        compare_format_ratio(num(c, "ratio"), ratio, sizeof ratio);
        const char *commit = json_string_value(json_object_get(c, "commit"));
        bool baseline = strcmp(json_string_value(json_object_get(c, "reference")), "baseline") == 0;
        if (!any)
            fprintf(out, "\nCumulative change%s:\n",
                    baseline ? " since the baseline" : " over staircases of small steps");
        any = true;
        fprintf(out, "%s%s (%s): %s -> %s, %s over %lld step%s since %.10s%s\n",
                markdown ? "- " : "  ", cell, json_string_value(json_object_get(s, "runner")), ref,
                latest, ratio, (long long)num(c, "steps"), num(c, "steps") == 1 ? "" : "s",
                commit ? commit : "?",
                json_is_true(json_object_get(c, "gate")) ? "  REGRESSION" : "  regression");
    }
}

void history_check_print(FILE *out, const json_t *doc, bool markdown)
{
    const char *metric = json_string_value(json_object_get(doc, "metric"));
    const struct metric_def *def = metric ? metric_find(metric) : NULL;
    const json_t *settings = json_object_get(doc, "settings");
    size_t n_rows = 0, cap = 16, i, j;
    struct row *rows = malloc(cap * sizeof *rows);
    const json_t *s, *p;
    json_array_foreach(json_object_get(doc, "series"), i, s)
    {
        json_array_foreach(json_object_get(s, "change_points"), j, p)
        {
            if (n_rows == cap) {
                struct row *grown = realloc(rows, 2 * cap * sizeof *rows);
                if (grown == NULL)
                    break;
                rows = grown;
                cap *= 2;
            }
            rows[n_rows++] = (struct row){s, p};
        }
    }
    if (rows != NULL)
        qsort(rows, n_rows, sizeof *rows, by_position_desc);
    if (markdown)
        fprintf(out, "### Change points in the history (%s)\n\n", def ? def->label : metric);
    fprintf(out,
            "%lld commits, %zu series, %zu change points (E-divisive means, p <= %g, %lld "
            "permutations); a regression is a ratio above %.3f.\n",
            (long long)num(doc, "commits"), json_array_size(json_object_get(doc, "series")), n_rows,
            num(settings, "alpha"), (long long)num(settings, "permutations"),
            1 + num(settings, "threshold"));
    if (n_rows > 0) {
        fputs(markdown ? "\n" : "", out);
        char(*t)[N_COLS][TEXT] = malloc((n_rows + 1) * sizeof *t);
        size_t w[N_COLS] = {0};
        for (size_t c = 0; c < N_COLS; c++)
            snprintf(t[0][c], TEXT, "%s", HEADINGS[c]);
        for (size_t r = 0; r < n_rows; r++)
            row_texts(&rows[r], metric, t[r + 1]);
        for (size_t r = 0; r <= n_rows; r++)
            for (size_t c = 0; c < N_COLS; c++)
                if (width_of(t[r][c]) > w[c])
                    w[c] = width_of(t[r][c]);
        print_line(out, t[0], w, markdown);
        if (markdown)
            fputs("| --- | --- | --- | --- | ---: | ---: | ---: | ---: | --- |\n", out);
        for (size_t r = 1; r <= n_rows; r++)
            print_line(out, t[r], w, markdown);
        free(t);
    }
    print_cumulative(out, doc, metric, markdown);
    size_t n_reg = json_array_size(json_object_get(doc, "regressions"));
    fprintf(out, "%s%s: %zu regression%s beyond %g %% in the last %lld commits.\n",
            markdown ? "\n" : "", n_reg ? (markdown ? "**Regressed**" : "REGRESSED") : "OK", n_reg,
            n_reg == 1 ? "" : "s", 100 * num(settings, "threshold"),
            (long long)num(settings, "recent"));
    free(rows);
}
