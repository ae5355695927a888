/*
 * report_findings.c - "Key findings", the opening section of the HTML report (see report.h):
 * the claims at a glance (one row per comparison of claims.h: what was measured, its 95 %
 * interval, the verdict) and, per group, the fastest runner and every other one's ratio of
 * median wall times to it with its 95 % percentile bootstrap interval (compare_stats.h:
 * compare_ratio_ci, the exact bootstrap distribution, as `versus compare`),
 * then how many cells failed or were skipped. The claims and results sections after it give
 * the detail.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare/compare_stats.h"
#include "output/report.h"
#include "output/report_format.h"
#include "output/rows.h"
#include "result/doc.h"
#include "result/doc_text.h"
#include "util/metric.h"

/* One row per comparison of every claim that this result measured: its ratio (median over
 * groups), the 95 % interval (one group: its own; several: from the lowest group's low end to
 * the highest one's high end) and the verdict; then one line for those it did not measure. */
static void claims_table(struct report_out *o, const json_t *claims)
{
    static const char *const head[] = {"claim",         "comparison", "measured",
                                       "95 % interval", "groups",     "verdict"};
    size_t i, j, k, shown = 0, unmeasured = 0;
    const json_t *claim, *cmp, *g;
    json_array_foreach(claims, i, claim)
    {
        json_array_foreach(json_object_get(claim, "comparisons"), j, cmp)
        {
            if (!(doc_num(cmp, "n") > 0)) {
                unmeasured++;
                continue;
            }
            if (shown++ == 0)
                rep_table_begin(o, 6, head, "llrrrl");
            double lo = INFINITY, hi = -INFINITY;
            json_array_foreach(json_object_get(cmp, "groups"), k, g)
            {
                double l = doc_num(g, "ratio_ci_low"), h = doc_num(g, "ratio_ci_high");
                if (isfinite(l) && l < lo)
                    lo = l;
                if (isfinite(h) && h > hi)
                    hi = h;
            }
            char measured[32], ci[80], n[32];
            report_format_ratio(doc_num(cmp, "ratio_median"), measured, sizeof measured);
            report_format_interval(lo, hi, ci, sizeof ci);
            double groups = doc_num(cmp, "n");
            snprintf(n, sizeof n, "%.0f", isfinite(groups) ? groups : 0);
            const char *row[] = {doc_str(claim, "claim"), doc_str(cmp, "label"), measured, ci, n,
                                 doc_str(cmp, "verdict")};
            rep_table_row(o, 6, row);
        }
    }
    if (shown > 0)
        rep_table_end(o);
    if (unmeasured > 0) {
        rep_para_begin(o);
        rep_textf(o,
                  "%s%zu comparison%s of the claims %s not measured by this result (\"The "
                  "claims\" says which and why).",
                  shown ? "" : "No claim was measured by this result: ", unmeasured,
                  unmeasured == 1 ? "" : "s", unmeasured == 1 ? "is" : "are");
        rep_para_end(o);
    }
}

/* "R 2.31× (95 % CI 2.20× – 2.40×)" for row r against the group's fastest row f. */
static void ratio_item(struct report_out *o, const struct row *f, const struct row *r)
{
    double *b = NULL, *a = NULL;
    size_t nb = doc_samples(f->cell, METRIC_WALL_S, &b),
           na = doc_samples(r->cell, METRIC_WALL_S, &a);
    struct compare_ratio cr = {NAN, NAN, NAN};
    if (nb > 0 && na > 0)
        compare_ratio_ci(b, nb, a, na, COMPARE_CONFIDENCE, &cr);
    free(b);
    free(a);
    char ratio[32], ci[80];
    report_format_ratio(r->ratio, ratio, sizeof ratio);
    report_format_interval(cr.low, cr.high, ci, sizeof ci);
    rep_textf(o, "; %s %s (95 %% CI %s)", doc_str(r->cell, "runner"), ratio, ci);
}

static void group_item(struct report_out *o, const json_t *doc, const struct doc_group *g)
{
    struct rows rows;
    if (rows_of_group(doc, g, &rows) != 0)
        return;
    rows_sort_fastest(&rows);
    char *label = doc_group_label(doc_cell(doc, g->cells[0]));
    rep_item_begin(o);
    rep_strong(o, label ? label : "?");
    if (rows.n > 0 && rows.rows[0].measured) {
        char median[32];
        report_format_value(METRIC_WALL_S, rows.rows[0].median_s, median, sizeof median);
        rep_textf(o, ": fastest %s (median wall time %s)", doc_str(rows.rows[0].cell, "runner"),
                  median);
        for (size_t k = 1; k < rows.n && rows.rows[k].measured; k++)
            ratio_item(o, &rows.rows[0], &rows.rows[k]);
        rep_text(o, ".");
    } else {
        rep_text(o, ": nothing measured.");
    }
    rep_item_end(o);
    free(label);
    rows_free(&rows);
}

void report_findings(struct report_out *o, const json_t *doc, const struct report_options *ro)
{
    rep_heading(o, 2, "Key findings");
    if (json_array_size(ro->claims) > 0) {
        rep_para(o, "The claims at a glance: each comparison's ratio (median over the groups "
                    "measured) with its 95 % bootstrap interval, and the verdict; \"The claims\" "
                    "below gives each group.");
        claims_table(o, ro->claims);
    }
    struct doc_groups groups;
    struct verr err;
    if (doc_group_cells(doc, &groups, &err) != 0)
        return;
    rep_para(o, "Per group, the fastest runner by median wall time, and each other runner's "
                "ratio to it with its 95 % bootstrap interval:");
    rep_list_begin(o);
    for (size_t gi = 0; gi < groups.n; gi++)
        group_item(o, doc, &groups.groups[gi]);
    rep_list_end(o);
    doc_groups_free(&groups);
    size_t i, bad = 0;
    const json_t *cell;
    json_array_foreach(json_object_get(doc, "cells"), i, cell)
    {
        const char *v = doc_str(cell, "verdict");
        bad += v == NULL || strcmp(v, "failed") == 0 || strcmp(v, "skipped") == 0;
    }
    rep_para_begin(o);
    if (bad == 0)
        rep_text(o, "Every cell ran and passed its output check.");
    else
        rep_textf(o, "%zu cell%s failed or %s skipped (see \"Failures\").", bad,
                  bad == 1 ? "" : "s", bad == 1 ? "was" : "were");
    rep_para_end(o);
}
