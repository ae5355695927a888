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

bool compare_verdict_usable(const char *verdict)
{
    return strcmp(verdict, "failed") != 0 && strcmp(verdict, "skipped") != 0 &&
           strcmp(verdict, "interrupted") != 0;
}

void compare_sample_figures(const char *verdict_before, const double *b, size_t n_before,
                            const char *verdict_after, const double *a, size_t n_after,
                            const struct metric_def *m, double threshold,
                            struct compare_figures *out)
{
    figures_unknown(out, "n/a");
    const char *vb = verdict_before, *va = verdict_after;
    out->n_before = n_before;
    out->n_after = n_after;
    /* A failed, skipped or interrupted (unfinished) side's samples stay out of every figure. */
    bool b_ok = compare_verdict_usable(vb), a_ok = compare_verdict_usable(va);
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
}

void compare_cell_figures(const json_t *before_cell, const json_t *after_cell,
                          const struct metric_def *m, double threshold, struct compare_figures *out)
{
    double *b = NULL, *a = NULL;
    size_t nb = doc_samples(before_cell, m->name, &b);
    size_t na = doc_samples(after_cell, m->name, &a);
    compare_sample_figures(doc_verdict(before_cell), b, nb, doc_verdict(after_cell), a, na, m,
                           threshold, out);
    free(b);
    free(a);
}

/* A number for the report: null when unknown (NaN) or unbounded (DBL_MAX). */
static json_t *num(double x)
{
    return isnan(x) || fabs(x) >= DBL_MAX ? json_null() : json_real(x);
}

static json_t *verdict_json(const struct doc_brief *cell)
{
    return cell != NULL ? json_string(cell->verdict) : json_null();
}

json_t *compare_brief_row_json(const struct doc_brief *identity, const char *status,
                               const struct doc_brief *before, const struct doc_brief *after,
                               const struct compare_figures *f)
{
    struct compare_figures none;
    if (f == NULL) {
        figures_unknown(&none, "n/a");
        f = &none;
    }
    json_t *row = json_object();
    if (identity->workload != NULL)
        json_object_set_new(row, "workload", json_string(identity->workload));
    json_object_set_new(row, "input", identity->input ? json_string(identity->input) : json_null());
    json_object_set_new(row, "parameters",
                        identity->parameters != NULL ? json_deep_copy(identity->parameters)
                                                     : json_object());
    if (identity->runner != NULL)
        json_object_set_new(row, "runner", json_string(identity->runner));
    json_object_set_new(row, "status", json_string(status));
    json_object_set_new(row, "verdict_before", verdict_json(before));
    json_object_set_new(row, "verdict_after", verdict_json(after));
    bool changed = before != NULL && after != NULL && strcmp(before->verdict, after->verdict) != 0;
    json_object_set_new(row, "verdict_changed", json_boolean(changed));
    json_object_set_new(row, "n_before",
                        before ? json_integer((json_int_t)f->n_before) : json_null());
    json_object_set_new(row, "n_after", after ? json_integer((json_int_t)f->n_after) : json_null());
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

/* A brief of cell that borrows its strings and parameters (no values): for one row. */
static struct doc_brief borrowed_brief(const json_t *cell)
{
    struct doc_brief b = {0};
    if (cell == NULL)
        return b;
    b.workload = (char *)doc_str(cell, "workload");
    b.input = (char *)doc_input_name(cell);
    b.runner = (char *)doc_str(cell, "runner");
    b.verdict = (char *)doc_verdict(cell);
    const json_t *params = json_object_get(cell, "parameters");
    b.parameters = json_is_object(params) ? (json_t *)params : NULL;
    return b;
}

json_t *compare_row_json(const json_t *identity_cell, const char *status, const json_t *before_cell,
                         const json_t *after_cell, const struct compare_figures *f)
{
    struct doc_brief id = borrowed_brief(identity_cell), b = borrowed_brief(before_cell),
                     a = borrowed_brief(after_cell);
    return compare_brief_row_json(&id, status, before_cell ? &b : NULL, after_cell ? &a : NULL, f);
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
