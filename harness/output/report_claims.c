/*
 * report_claims.c - the "The claims" section of a report (see report.h): each claim of the
 * documents (claims.h, workloads/claims.json) beside what this result measured, with a plain
 * verdict, and the ratio group by group, with its 95 % bootstrap confidence interval (computed
 * by claims_evaluate with compare_stats.h), so that the verdict can be checked by eye.
 *
 * Everything here is generic over the claims file: a claim added there appears here.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/claims.h"
#include "output/report.h"
#include "output/report_format.h"
#include "result/doc.h"
#include "util/metric.h"

/* The label of a metric of util/metric.h ("wall time", "CPU time", "peak RSS"), or the
 * metric's own name. */
static const char *metric_words(const char *metric)
{
    if (metric == NULL)
        return "?";
    const struct metric_def *d = metric_find(metric);
    if (d != NULL && strcmp(d->name, metric) == 0)
        return d->label;
    return strncmp(metric, "metrics.", 8) == 0 ? metric + 8 : metric;
}

/* "2.9× – 3.6×" from a group's ratio_ci_low and ratio_ci_high, or "—". */
static void format_interval(const json_t *group, char *out, size_t len)
{
    report_format_interval(doc_num(group, "ratio_ci_low"), doc_num(group, "ratio_ci_high"), out,
                           len);
}

/* A comparison's figure: a ratio ("3.2×"), or, for a value rule (no denominator), the value in
 * its metric's unit ("+1.25 MiB/min"). unbounded: the ratio of a figure to a measured 0 ("∞"). */
static void format_figure(const json_t *cmp, double v, bool unbounded, char *out, size_t len)
{
    if (unbounded)
        snprintf(out, len, "∞");
    else if (doc_str(cmp, "denominator") == NULL)
        report_format_value(doc_str(cmp, "metric") ? doc_str(cmp, "metric") : "", v, out, len);
    else
        report_format_ratio(v, out, len);
}

static void measured_sentence(struct report_out *o, const json_t *cmp, const char *workload,
                              const char *not_measured)
{
    double n = doc_num(cmp, "n");
    if (!(n > 0) && not_measured != NULL) {
        rep_textf(o, "Measured here: nothing (not measured yet: %s)", not_measured);
        return;
    }
    if (!(n > 0) && doc_str(cmp, "denominator") == NULL) {
        rep_textf(o,
                  "Measured here: nothing (no group of the %s workload has figures for %s in "
                  "this result)",
                  workload, doc_str(cmp, "numerator") ? doc_str(cmp, "numerator") : "?");
        return;
    }
    if (!(n > 0)) {
        rep_textf(o,
                  "Measured here: nothing (no group of the %s workload, same input and case, "
                  "has figures for both %s and %s in this result)",
                  workload, doc_str(cmp, "numerator") ? doc_str(cmp, "numerator") : "?",
                  doc_str(cmp, "denominator") ? doc_str(cmp, "denominator") : "(none)");
        return;
    }
    /* Unbounded ratios (a figure over a measured 0) sort above every other: the median and the
     * largest are unbounded when they fall among them. */
    double n_inf = doc_num(cmp, "n_unbounded");
    bool some_inf = n_inf > 0;
    char med[48], lo[48], hi[48];
    format_figure(cmp, doc_num(cmp, "ratio_median"), some_inf && 2 * n_inf >= n, med, sizeof med);
    format_figure(cmp, doc_num(cmp, "ratio_min"), some_inf && n_inf == n, lo, sizeof lo);
    format_figure(cmp, doc_num(cmp, "ratio_max"), some_inf, hi, sizeof hi);
    const char *times = doc_str(cmp, "denominator") != NULL ? "×" : "";
    if (n == 1) {
        /* One group: its ratio and the ratio's confidence interval. */
        const json_t *g = NULL, *el;
        size_t i;
        json_array_foreach(json_object_get(cmp, "groups"), i, el)
        {
            if (g == NULL &&
                (isfinite(doc_num(el, "ratio")) || json_is_true(json_object_get(el, "unbounded"))))
                g = el;
        }
        char ci[80];
        format_interval(g, ci, sizeof ci);
        rep_textf(o, "Measured here: %s (95 %% confidence interval %s; one group)", med, ci);
        return;
    }
    rep_textf(o,
              "Measured here: %s (median over %.0f group%s; from %s to %s; each group's 95 %% "
              "confidence interval below); at least %g%s in %.0f of %.0f, above %g%s in %.0f of "
              "%.0f",
              med, n, n == 1 ? "" : "s", lo, hi, doc_num(cmp, "holds_at_least"), times,
              doc_num(cmp, "n_holds"), n, doc_num(cmp, "partly_above"), times,
              doc_num(cmp, "n_partly"), n);
}

static void comparison(struct report_out *o, const json_t *cmp, const char *workload,
                       const char *not_measured)
{
    const char *metric = doc_str(cmp, "metric");
    const char *num = doc_str(cmp, "numerator"), *den = doc_str(cmp, "denominator");
    rep_para_begin(o);
    rep_strong(o, doc_str(cmp, "label") ? doc_str(cmp, "label") : "?");
    rep_textf(o, ". The documents: %s",
              doc_str(cmp, "documents") ? doc_str(cmp, "documents") : "—");
    double published = doc_num(cmp, "documents_measured");
    if (isfinite(published)) {
        char r[32];
        report_format_ratio(published, r, sizeof r);
        rep_textf(o, " (their own table: %s)", r);
    }
    rep_text(o, ". ");
    measured_sentence(o, cmp, workload, not_measured);
    rep_text(o, ". Verdict: ");
    rep_strong(o, doc_str(cmp, "verdict") ? doc_str(cmp, "verdict") : "?");
    rep_text(o, ".");
    rep_para_end(o);

    const json_t *groups = json_object_get(cmp, "groups");
    if (json_array_size(groups) == 0)
        return;
    char h1[160], h2[160];
    snprintf(h1, sizeof h1, "%s, median %s", num ? num : "?", metric_words(metric));
    snprintf(h2, sizeof h2, "%s, median %s", den ? den : "(none)", metric_words(metric));
    const char *head[] = {"group", h1, h2, den ? "ratio" : "value", "95 % CI", "verdict"};
    rep_table_begin(o, 6, head, "lrrrrl");
    size_t i;
    const json_t *g;
    json_array_foreach(groups, i, g)
    {
        char nv[48], dv[48], ratio[48], ci[80], verdict[700];
        report_format_value(metric ? metric : "", doc_num(g, "numerator_value"), nv, sizeof nv);
        report_format_value(metric ? metric : "", doc_num(g, "denominator_value"), dv, sizeof dv);
        format_figure(cmp, doc_num(g, "ratio"), json_is_true(json_object_get(g, "unbounded")),
                      ratio, sizeof ratio);
        format_interval(g, ci, sizeof ci);
        const char *reason = doc_str(g, "reason");
        snprintf(verdict, sizeof verdict, "%s%s%s", doc_str(g, "verdict"), reason ? ": " : "",
                 reason ? reason : "");
        const char *row[] = {doc_str(g, "label"), nv, dv, ratio, ci, verdict};
        rep_table_row(o, 6, row);
    }
    rep_table_end(o);
}

void report_claims(struct report_out *o, const struct report_options *ro)
{
    rep_heading(o, 2, "The claims");
    if (ro->claims == NULL) {
        rep_para(o, "No claims file was read, so no claim is checked here.");
        return;
    }
    rep_para_begin(o);
    rep_text(o, "What the documents claim, beside what this result measured. Each comparison "
                "divides one runner's median by another's, group by group (same workload, "
                "input and case, both verified). A group ");
    rep_strong(o, CLAIM_HOLDS);
    rep_text(o, " when the ratio reaches the documents' figure, ");
    rep_strong(o, CLAIM_PARTLY);
    rep_text(o, " when it only goes the claimed way; a comparison holds (partly) when more than "
                "half of its groups do, and a claim holds when all its comparisons hold, ");
    rep_strong(o, CLAIM_NOT);
    rep_text(o, " when none holds even partly. The claims and thresholds are data: ");
    rep_code(o, ro->claims_path ? ro->claims_path : "workloads/claims.json");
    rep_text(o, ". A verdict is about this machine and these inputs, not about the tools in "
                "general.");
    rep_para_end(o);
    size_t i;
    const json_t *claim;
    json_array_foreach(ro->claims, i, claim)
    {
        char heading[600];
        snprintf(heading, sizeof heading, "“%s”",
                 doc_str(claim, "claim") ? doc_str(claim, "claim") : "?");
        rep_heading(o, 3, heading);
        rep_para_begin(o);
        rep_text(o, "Verdict: ");
        rep_strong(o, doc_str(claim, "verdict") ? doc_str(claim, "verdict") : "?");
        rep_textf(o, ". Workload %s.",
                  doc_str(claim, "workload") ? doc_str(claim, "workload") : "?");
        if (doc_str(claim, "source") != NULL)
            rep_textf(o, " Source: %s.", doc_str(claim, "source"));
        rep_para_end(o);
        size_t j;
        const json_t *cmp;
        const char *workload = doc_str(claim, "workload") ? doc_str(claim, "workload") : "?";
        json_array_foreach(json_object_get(claim, "comparisons"), j, cmp)
            comparison(o, cmp, workload, doc_str(claim, "not_measured"));
    }
}
