/*
 * compare_report.c - cell-by-cell comparison of two result documents into a versus-compare/1
 * report (see compare_report.h for the format, compare_stats.h for the statistics).
 */
#include "compare/compare_report.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare/compare_stats.h"
#include "result/doc.h"
#include "result/result.h"
#include "util/fsutil.h"

const struct metric_def *compare_metric_parse(const char *text)
{
    return metric_find(text);
}

const char *compare_metric_name(const struct metric_def *m)
{
    return m->flag != NULL ? m->flag : m->name;
}

static void figures_unknown(struct compare_figures *f, const char *verdict)
{
    f->n_before = f->n_after = 0;
    f->median_before = f->median_after = NAN;
    f->ratio = f->ci_low = f->ci_high = f->p_value = NAN;
    f->verdict = verdict;
}

/* True when a cell with this verdict has samples to compare. */
static bool usable(const char *verdict)
{
    return strcmp(verdict, "failed") != 0 && strcmp(verdict, "skipped") != 0 &&
           strcmp(verdict, "interrupted") != 0;
}

void compare_cell_figures(const json_t *before_cell, const json_t *after_cell,
                          const struct metric_def *m, double threshold, struct compare_figures *out)
{
    figures_unknown(out, "n/a");
    const char *vb = doc_verdict(before_cell);
    const char *va = doc_verdict(after_cell);
    double *b = NULL, *a = NULL;
    const char *field = m->name;
    out->n_before = doc_samples(before_cell, field, &b);
    out->n_after = doc_samples(after_cell, field, &a);
    /* A failed, skipped or interrupted (unfinished) side's samples stay out of every figure. */
    bool b_ok = usable(vb), a_ok = usable(va);
    if (out->n_before > 0 && b_ok)
        out->median_before = compare_median(b, out->n_before);
    if (out->n_after > 0 && a_ok)
        out->median_after = compare_median(a, out->n_after);
    if (strcmp(vb, "failed") == 0 || strcmp(va, "failed") == 0) {
        out->verdict = "failed";
    } else if (b_ok && out->n_before > 0 && (!a_ok || out->n_after == 0)) {
        out->verdict = COMPARE_NO_DATA; /* measured before, not after: the gate cannot pass */
    } else if (b_ok && a_ok && out->n_before > 0 && out->n_after > 0) {
        struct compare_ratio r;
        struct compare_mwu u;
        if (compare_ratio_ci(b, out->n_before, a, out->n_after, COMPARE_CONFIDENCE, &r) == 0 &&
            compare_mann_whitney(b, out->n_before, a, out->n_after, &u) == 0) {
            out->ratio = r.ratio;
            out->ci_low = r.low;
            out->ci_high = r.high;
            out->p_value = u.p;
            enum compare_verdict v =
                metric_rule_of(m->name) == METRIC_RULE_SEPARATION
                    ? compare_separation_verdict(b, out->n_before, a, out->n_after, threshold)
                    : compare_verdict_of(r.low, r.high, u.p, threshold);
            out->verdict = compare_verdict_name(v);
        }
    }
    free(b);
    free(a);
}

/* A number for the report: null when unknown (NaN) or unbounded (DBL_MAX). */
static json_t *num(double x)
{
    return isnan(x) || fabs(x) >= DBL_MAX ? json_null() : json_real(x);
}

static json_t *verdict_json(const json_t *cell)
{
    return cell != NULL ? json_string(doc_verdict(cell)) : json_null();
}

json_t *compare_row_json(const json_t *identity_cell, const char *status, const json_t *before_cell,
                         const json_t *after_cell, const struct compare_figures *f)
{
    struct compare_figures none;
    if (f == NULL) {
        figures_unknown(&none, "n/a");
        f = &none;
    }
    const char *input = doc_input_name(identity_cell);
    const json_t *params = json_object_get(identity_cell, "parameters");
    json_t *row = json_object();
    json_object_set(row, "workload", json_object_get(identity_cell, "workload"));
    json_object_set_new(row, "input", input ? json_string(input) : json_null());
    json_object_set_new(row, "parameters",
                        json_is_object(params) ? json_deep_copy(params) : json_object());
    json_object_set(row, "runner", json_object_get(identity_cell, "runner"));
    json_object_set_new(row, "status", json_string(status));
    json_object_set_new(row, "verdict_before", verdict_json(before_cell));
    json_object_set_new(row, "verdict_after", verdict_json(after_cell));
    bool changed = before_cell != NULL && after_cell != NULL &&
                   strcmp(doc_verdict(before_cell), doc_verdict(after_cell)) != 0;
    json_object_set_new(row, "verdict_changed", json_boolean(changed));
    json_object_set_new(row, "n_before",
                        before_cell ? json_integer((json_int_t)f->n_before) : json_null());
    json_object_set_new(row, "n_after",
                        after_cell ? json_integer((json_int_t)f->n_after) : json_null());
    const struct {
        const char *key;
        double value;
    } figures[] = {{"median_before", f->median_before},
                   {"median_after", f->median_after},
                   {"ratio", f->ratio},
                   {"ci_low", f->ci_low},
                   {"ci_high", f->ci_high},
                   {"p_value", f->p_value}};
    for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++)
        json_object_set_new(row, figures[i].key, num(figures[i].value));
    json_object_set_new(row, "verdict", json_string(f->verdict));
    return row;
}

/* The figures of a cell present on one side only: its own sample count and median. */
static void one_side(const json_t *cell, const struct metric_def *m, bool is_before,
                     struct compare_figures *f)
{
    figures_unknown(f, "n/a");
    double *xs = NULL;
    size_t n = doc_samples(cell, m->name, &xs);
    double med = n > 0 ? compare_median(xs, n) : NAN;
    free(xs);
    if (is_before) {
        f->n_before = n;
        f->median_before = med;
    } else {
        f->n_after = n;
        f->median_after = med;
    }
}

json_t *compare_documents(const json_t *before, const json_t *after, const char *before_path,
                          const char *after_path, const struct metric_def *m, double threshold,
                          struct verr *err)
{
    const json_t *bc = json_object_get(before, "cells");
    const json_t *ac = json_object_get(after, "cells");
    size_t nb = json_array_size(bc), na = json_array_size(ac);
    long *b2a = malloc((nb + 1) * sizeof *b2a);
    long *a2b = malloc((na + 1) * sizeof *a2b);
    if (b2a == NULL || a2b == NULL) {
        free(b2a);
        free(a2b);
        verr_set(err, "out of memory");
        return NULL;
    }
    if (doc_match_cells(before, after, b2a, a2b) == 0) {
        free(b2a);
        free(a2b);
        verr_set(err,
                 "%s and %s have no cell in common (a cell is matched by workload, input, "
                 "parameters and runner)",
                 before_path, after_path);
        return NULL;
    }
    json_t *rows = json_array();
    json_int_t regressed = 0, improved = 0, no_data = 0;
    /* An interrupted after document lacks cells because it stopped, not because they were
     * dropped: a cell measured before is then "no data" too. */
    bool after_interrupted = json_is_true(json_object_get(after, "interrupted"));
    for (size_t i = 0; i < nb; i++) {
        const json_t *b = json_array_get(bc, i);
        struct compare_figures f;
        if (b2a[i] < 0) {
            one_side(b, m, true, &f);
            if (after_interrupted && f.n_before > 0 && usable(doc_verdict(b)))
                f.verdict = COMPARE_NO_DATA;
            no_data += strcmp(f.verdict, COMPARE_NO_DATA) == 0;
            json_array_append_new(rows, compare_row_json(b, "disappeared", b, NULL, &f));
            continue;
        }
        const json_t *a = json_array_get(ac, (size_t)b2a[i]);
        compare_cell_figures(b, a, m, threshold, &f);
        regressed += strcmp(f.verdict, "regressed") == 0;
        improved += strcmp(f.verdict, "faster") == 0;
        no_data += strcmp(f.verdict, COMPARE_NO_DATA) == 0;
        json_array_append_new(rows, compare_row_json(b, "matched", b, a, &f));
    }
    for (size_t j = 0; j < na; j++) {
        if (a2b[j] >= 0)
            continue;
        const json_t *a = json_array_get(ac, j);
        struct compare_figures f;
        one_side(a, m, false, &f);
        json_array_append_new(rows, compare_row_json(a, "appeared", NULL, a, &f));
    }
    free(b2a);
    free(a2b);
    json_t *report = json_object();
    json_object_set_new(report, "schema", json_string(COMPARE_SCHEMA));
    json_object_set_new(report, "before", json_string(before_path));
    json_object_set_new(report, "after", json_string(after_path));
    json_object_set_new(report, "metric", json_string(compare_metric_name(m)));
    json_object_set_new(report, "threshold", json_real(threshold));
    if (metric_rule_of(m->name) == METRIC_RULE_SEPARATION)
        json_object_set_new(report, "rule", json_string("separation"));
    json_object_set_new(report, "confidence", json_real(COMPARE_CONFIDENCE));
    json_object_set_new(report, "cells", rows);
    json_object_set_new(report, "regressed", json_integer(regressed));
    json_object_set_new(report, "improved", json_integer(improved));
    json_object_set_new(report, "no_data", json_integer(no_data));
    return report;
}

bool compare_row_went_failed(const json_t *row)
{
    const char *vb = json_string_value(json_object_get(row, "verdict_before"));
    const char *va = json_string_value(json_object_get(row, "verdict_after"));
    return vb != NULL && va != NULL && (strcmp(vb, "verified") == 0 || strcmp(vb, "ok") == 0) &&
           strcmp(va, "failed") == 0;
}

bool compare_report_fails(const json_t *report)
{
    if (json_integer_value(json_object_get(report, "regressed")) > 0 ||
        json_integer_value(json_object_get(report, "no_data")) > 0)
        return true;
    size_t i;
    const json_t *row;
    json_array_foreach(json_object_get(report, "cells"), i, row)
    {
        if (compare_row_went_failed(row))
            return true;
    }
    return false;
}

int compare_report_write(const json_t *report, const char *path, struct verr *err)
{
    return result_write_json(report, path, 15, "the comparison", err);
}
