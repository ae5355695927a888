/*
 * claims.c - loading the claims file and checking each claim against a result (see claims.h).
 *
 * "More than half" is the reading of "on most" in the documents' own wording ("10–100× faster"
 * is said of grep in general, so it should hold on most of the cases a benchmark suite like
 * ripgrep's benchsuite tries, not on one chosen case). The ratio's median over groups is
 * reported as well, with the range, so that a reader can see how far from the threshold it is.
 */
#include "output/claims.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare/compare_stats.h"
#include "result/doc.h"
#include "result/doc_text.h"
#include "util/fsutil.h"
#include "util/json_locate.h"
#include "util/metric.h"
#include "util/stats.h"

static const char *const FILE_FIELDS[] = {"schema", "description", "claims", NULL};
static const char *const CLAIM_FIELDS[] = {"id",          "claim",        "source", "workload",
                                           "comparisons", "not_measured", NULL};
static const char *const COMPARISON_FIELDS[] = {"label",          "numerator",
                                                "denominator",    "metric",
                                                "documents",      "documents_from_published",
                                                "holds_at_least", "partly_above",
                                                "cases",          NULL};

/* Member key of obj as a number >= 0. */
static int check_number(struct json_checker *c, const json_t *obj, const char *key, double *out)
{
    const json_t *v = json_object_get(obj, key);
    if (v == NULL)
        return json_checker_fail(c, "missing required field \"%s\"", key);
    if (!json_is_number(v) || !(json_number_value(v) >= 0))
        return json_checker_fail_at(c, key, "\"%s\" must be a number >= 0", key);
    *out = json_number_value(v);
    return 0;
}

static bool metric_known(const char *m)
{
    const struct metric_def *d = metric_find(m); /* by name, not by flag */
    if (d != NULL && strcmp(d->name, m) == 0)
        return true;
    return strncmp(m, "metrics.", 8) == 0 && m[8] != '\0';
}

/* "cases" (optional): a non-empty array of case names. */
static int check_cases(struct json_checker *c, const json_t *cmp)
{
    const json_t *cases = json_object_get(cmp, "cases");
    if (cases == NULL)
        return 0;
    bool ok = json_is_array(cases) && json_array_size(cases) > 0;
    size_t i;
    const json_t *name;
    json_array_foreach(cases, i, name)
    {
        ok = ok && json_is_string(name) && json_string_length(name) > 0;
    }
    return ok ? 0
              : json_checker_fail_at(c, "cases",
                                     "\"cases\" must be a non-empty array of case names");
}

/* True when the comparison counts groups of case name (all cases when it lists none). */
static bool case_counts(const json_t *cmp, const char *name)
{
    const json_t *cases = json_object_get(cmp, "cases");
    if (cases == NULL)
        return true;
    size_t i;
    const json_t *c;
    json_array_foreach(cases, i, c)
    {
        if (name != NULL && strcmp(json_string_value(c), name) == 0)
            return true;
    }
    return false;
}

static int check_comparison(struct json_checker *c, const json_t *cmp)
{
    const char *s, *metric;
    double holds = 0, partly = 0;
    if (!json_is_object(cmp))
        return json_checker_fail(c, "each comparison must be an object");
    if (json_checker_keys(c, cmp, COMPARISON_FIELDS) != 0 ||
        json_checker_string(c, cmp, "label", JSON_CHECK_REQUIRED | JSON_CHECK_NONEMPTY, &s) != 0 ||
        json_checker_string(c, cmp, "numerator", JSON_CHECK_REQUIRED | JSON_CHECK_NONEMPTY, &s) !=
            0 ||
        json_checker_string(c, cmp, "denominator", JSON_CHECK_NONEMPTY, &s) != 0 ||
        json_checker_string(c, cmp, "metric", JSON_CHECK_REQUIRED, &metric) != 0 ||
        json_checker_string(c, cmp, "documents", JSON_CHECK_REQUIRED, &s) != 0 ||
        json_checker_string(c, cmp, "documents_from_published", 0, &s) != 0 ||
        check_number(c, cmp, "holds_at_least", &holds) != 0 ||
        check_number(c, cmp, "partly_above", &partly) != 0 || check_cases(c, cmp) != 0)
        return -1;
    if (!metric_known(metric))
        return json_checker_fail_at(c, "metric",
                                    "\"metric\" must be wall_s, cpu_s, user_s, sys_s, "
                                    "max_rss_bytes or metrics.NAME, not \"%s\"",
                                    metric);
    if (partly > holds)
        return json_checker_fail_at(c, "partly_above",
                                    "\"partly_above\" (%g) must not exceed \"holds_at_least\" (%g)",
                                    partly, holds);
    return 0;
}

static int check_claim(struct json_checker *c, const json_t *claim)
{
    const char *id, *s;
    if (!json_is_object(claim))
        return json_checker_fail(c, "each claim must be an object");
    if (json_checker_string(c, claim, "id", JSON_CHECK_REQUIRED | JSON_CHECK_NONEMPTY, &id) != 0)
        return -1;
    snprintf(c->subject, sizeof c->subject, "claim \"%s\": ", id);
    if (json_checker_keys(c, claim, CLAIM_FIELDS) != 0 ||
        json_checker_string(c, claim, "claim", JSON_CHECK_REQUIRED | JSON_CHECK_NONEMPTY, &s) !=
            0 ||
        json_checker_string(c, claim, "source", 0, &s) != 0 ||
        json_checker_string(c, claim, "not_measured", JSON_CHECK_NONEMPTY, &s) != 0 ||
        json_checker_string(c, claim, "workload", JSON_CHECK_REQUIRED | JSON_CHECK_NONEMPTY, &s) !=
            0)
        return -1;
    const json_t *cmps = json_object_get(claim, "comparisons");
    if (!json_is_array(cmps) || json_array_size(cmps) == 0)
        return json_checker_fail_at(c, "comparisons",
                                    "\"comparisons\" must be a non-empty array of objects");
    json_checker_push_key(c, "comparisons");
    size_t i;
    const json_t *cmp;
    json_array_foreach(cmps, i, cmp)
    {
        json_checker_push_index(c, i);
        if (check_comparison(c, cmp) != 0)
            return -1;
        json_checker_pop(c);
    }
    json_checker_pop(c);
    c->subject[0] = '\0';
    return 0;
}

json_t *claims_load(const char *path, struct verr *err)
{
    char *text = NULL;
    json_t *doc = json_locate_load(path, &text, err);
    if (doc == NULL)
        return NULL;
    struct json_checker c = {.file = path, .text = text, .err = err};
    const char *schema;
    int rc = -1;
    if (!json_is_object(doc)) {
        json_checker_fail(&c, "a claims file must be an object");
    } else if (json_checker_keys(&c, doc, FILE_FIELDS) == 0 &&
               json_checker_string(&c, doc, "schema", JSON_CHECK_REQUIRED, &schema) == 0) {
        const json_t *claims = json_object_get(doc, "claims");
        if (strcmp(schema, CLAIMS_SCHEMA) != 0) {
            json_checker_fail_at(&c, "schema", "\"schema\" must be \"%s\"", CLAIMS_SCHEMA);
        } else if (!json_is_array(claims)) {
            json_checker_fail_at(&c, "claims", "\"claims\" must be an array of objects");
        } else {
            rc = 0;
            json_checker_push_key(&c, "claims");
            size_t i;
            const json_t *claim;
            json_array_foreach(claims, i, claim)
            {
                json_checker_push_index(&c, i);
                if ((rc = check_claim(&c, claim)) != 0)
                    break;
                json_checker_pop(&c);
            }
        }
    }
    free(text);
    if (rc != 0) {
        json_decref(doc);
        return NULL;
    }
    return doc;
}

/* ---- evaluation ---- */

static const char *cell_verdict(double ratio, double holds, double partly)
{
    return ratio >= holds ? CLAIM_HOLDS : ratio > partly ? CLAIM_PARTLY : CLAIM_NOT;
}

/* The cell of runner in group g of doc, or NULL. */
static const json_t *runner_cell(const json_t *doc, const struct doc_group *g, const char *runner)
{
    for (size_t k = 0; k < g->n; k++) {
        const json_t *cell = doc_cell(doc, g->cells[k]);
        const char *r = doc_str(cell, "runner");
        if (r != NULL && strcmp(r, runner) == 0)
            return cell;
    }
    return NULL;
}

/* Why a runner's cell gives no figure: "rust was not run", "python failed: reason". */
static void why_unmeasured(const json_t *cell, const char *runner, const char *metric, char *out,
                           size_t len)
{
    if (cell == NULL) {
        snprintf(out, len, "%s was not run", runner);
        return;
    }
    const char *verdict = doc_str(cell, "verdict");
    const char *reason = doc_str(cell, "reason");
    if (!doc_has_summary(cell))
        snprintf(out, len, "%s %s%s%s", runner, verdict ? verdict : "has no figures",
                 reason ? ": " : "", reason ? reason : "");
    else
        snprintf(out, len, "%s reported no %s", runner, metric);
}

json_t *claims_published(const char *workloads_dir, const char *workload)
{
    if (workloads_dir == NULL || workload == NULL)
        return NULL;
    char name[300];
    snprintf(name, sizeof name, "%s.json", workload);
    char *path = fsutil_join(workloads_dir, name);
    if (path == NULL)
        return NULL;
    json_t *w = json_load_file(path, 0, NULL);
    free(path);
    json_t *published = json_incref(json_object_get(w, "published"));
    json_decref(w);
    if (!json_is_array(published)) {
        json_decref(published);
        return NULL;
    }
    return published;
}

bool claims_published_applies(const json_t *pub, const json_t *params)
{
    static const char *const keys[] = {"calls", "latency_ms"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const json_t *theirs = json_object_get(pub, keys[i]);
        const json_t *ours = json_object_get(params, keys[i]);
        if (json_is_number(theirs) && json_is_number(ours) &&
            json_number_value(theirs) != json_number_value(ours))
            return false;
    }
    return true;
}

/* The documents' own ratio from the workload's "published" entries, or NaN. */
static double published_ratio(const char *workloads_dir, const char *workload, const char *field,
                              const char *num_runner, const char *den_runner)
{
    if (field == NULL)
        return NAN;
    json_t *published = claims_published(workloads_dir, workload);
    double num = NAN, den = NAN;
    size_t i;
    const json_t *pub;
    json_array_foreach(published, i, pub)
    {
        const char *r = doc_str(pub, "runner");
        if (r != NULL && strcmp(r, num_runner) == 0 && isnan(num))
            num = doc_num(pub, field);
        if (r != NULL && strcmp(r, den_runner) == 0 && isnan(den))
            den = doc_num(pub, field);
    }
    json_decref(published);
    return den > 0 ? num / den : NAN;
}

static json_t *number_or_null(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *string_or_null(const char *s)
{
    return s != NULL ? json_string(s) : json_null();
}

/* The metric's value in each measured (not warmup) sample of cell, into a malloc'd array (its
 * length in *n); a "metrics.NAME" sample value that is a list (a distribution) counts by its
 * median. NULL with *n = 0 when there are none. */
static double *sample_values(const json_t *cell, const char *metric, size_t *n)
{
    const json_t *samples = json_object_get(cell, "samples");
    *n = 0;
    double *out = malloc((json_array_size(samples) + 1) * sizeof *out);
    if (out == NULL)
        return NULL;
    bool in_metrics = strncmp(metric, "metrics.", 8) == 0;
    size_t i;
    const json_t *s;
    json_array_foreach(samples, i, s)
    {
        if (json_is_true(json_object_get(s, "warmup")))
            continue;
        const json_t *v = in_metrics ? json_object_get(json_object_get(s, "metrics"), metric + 8)
                                     : json_object_get(s, metric);
        double x = NAN;
        if (json_is_number(v)) {
            x = json_number_value(v);
        } else if (json_is_array(v) && json_array_size(v) > 0) {
            double *xs = malloc(json_array_size(v) * sizeof *xs);
            size_t k = 0, j;
            const json_t *e;
            json_array_foreach(v, j, e)
            {
                if (xs != NULL && json_is_number(e))
                    xs[k++] = json_number_value(e);
            }
            x = xs != NULL && k > 0 ? compare_median(xs, k) : NAN;
            free(xs);
        }
        if (isfinite(x) && x >= 0)
            out[(*n)++] = x;
    }
    if (*n == 0) {
        free(out);
        return NULL;
    }
    return out;
}

/* The bootstrap confidence interval (compare_stats.h: compare_ratio_ci at COMPARE_CONFIDENCE) of
 * the ratio of the medians of metric, numerator cell over denominator cell, from their measured
 * samples. low and high are NaN when it cannot be computed. */
static void ratio_interval(const json_t *nc, const json_t *dc, const char *metric, double *low,
                           double *high)
{
    size_t nn = 0, nd = 0;
    double *num = sample_values(nc, metric, &nn), *den = sample_values(dc, metric, &nd);
    struct compare_ratio r;
    *low = *high = NAN;
    if (num != NULL && den != NULL &&
        compare_ratio_ci(den, nd, num, nn, COMPARE_CONFIDENCE, &r) == 0) {
        *low = r.low;
        *high = r.high;
    }
    free(num);
    free(den);
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Evaluates one comparison over every group of doc with the claim's workload. Without a
 * denominator, the numerator runner's median itself is the "ratio" set against the thresholds
 * (a value rule, such as a memory growth slope), with no interval. */
static json_t *evaluate_comparison(const json_t *cmp, const char *workload, const json_t *doc,
                                   const struct doc_groups *groups, const char *workloads_dir)
{
    const char *num_r = doc_str(cmp, "numerator"), *den_r = doc_str(cmp, "denominator");
    const char *metric = doc_str(cmp, "metric");
    double holds = doc_num(cmp, "holds_at_least"), partly = doc_num(cmp, "partly_above");
    json_t *list = json_array();
    double *ratios = malloc((groups->n + 1) * sizeof *ratios);
    if (list == NULL || ratios == NULL) {
        json_decref(list);
        free(ratios);
        return NULL;
    }
    size_t n = 0, n_holds = 0, n_partly = 0, n_unbounded = 0;
    for (size_t gi = 0; gi < groups->n; gi++) {
        const struct doc_group *g = &groups->groups[gi];
        const json_t *first = doc_cell(doc, g->cells[0]);
        const char *w = doc_str(first, "workload");
        if (w == NULL || strcmp(w, workload) != 0 || !case_counts(cmp, doc_case_name(first)))
            continue;
        const json_t *nc = runner_cell(doc, g, num_r);
        const json_t *dc = den_r != NULL ? runner_cell(doc, g, den_r) : NULL;
        if (nc == NULL && dc == NULL)
            continue; /* neither ran here: nothing to say about this group */
        double nv = doc_figure(nc, metric, "median");
        double dv = den_r != NULL ? doc_figure(dc, metric, "median") : 1;
        char reason[600] = "";
        const char *verdict = CLAIM_UNMEASURED;
        double ratio = NAN, ci_low = NAN, ci_high = NAN;
        bool unbounded = false;
        if (!isfinite(nv))
            why_unmeasured(nc, num_r, metric, reason, sizeof reason);
        else if (!isfinite(dv) || dv < 0)
            why_unmeasured(dc, den_r, metric, reason, sizeof reason);
        else if (dv == 0) {
            /* A measured zero (no pause at all): x / 0 is above any threshold, 0 / 0 is two
             * equal figures (ratio 1). No interval: the resampled medians divide by zero. */
            ratio = nv > 0 ? INFINITY : 1.0;
            unbounded = nv > 0;
            snprintf(reason, sizeof reason, "%s measured 0%s", den_r,
                     nv > 0 ? ": the ratio is unbounded" : " and so did the other: ratio 1");
            verdict = cell_verdict(ratio, holds, partly);
            ratios[n++] = ratio;
            n_holds += ratio >= holds;
            n_partly += ratio > partly;
            n_unbounded += unbounded;
        } else {
            ratio = nv / dv;
            if (den_r != NULL)
                ratio_interval(nc, dc, metric, &ci_low, &ci_high);
            else
                dv = NAN; /* no denominator: the value is the figure */
            verdict = cell_verdict(ratio, holds, partly);
            ratios[n++] = ratio;
            n_holds += ratio >= holds;
            n_partly += ratio > partly;
        }
        char *label = doc_group_label(first);
        char *params = doc_parameters_text(first);
        json_array_append_new(
            list,
            json_pack("{s:s?, s:o, s:o, s:s?, s:o, s:o, s:o, s:o, s:o, s:s, s:o, s:b}", "label",
                      label, "input", string_or_null(doc_input_name(first)), "case",
                      string_or_null(doc_case_name(first)), "parameters", params, "numerator_value",
                      number_or_null(nv), "denominator_value", number_or_null(dv), "ratio",
                      number_or_null(ratio), "ratio_ci_low", number_or_null(ci_low),
                      "ratio_ci_high", number_or_null(ci_high), "verdict", verdict, "reason",
                      *reason ? json_string(reason) : json_null(), "unbounded", unbounded));
        free(label);
        free(params);
    }
    double rmin = NAN, rmed = NAN, rmax = NAN;
    if (n > 0) {
        qsort(ratios, n, sizeof *ratios, compare_doubles);
        rmin = ratios[0];
        rmax = ratios[n - 1];
        rmed = stats_quantile_sorted(ratios, n, 0.5);
        if (isnan(rmed) && isinf(rmax))
            rmed = INFINITY; /* the middle ratios are unbounded (inf - inf in the interpolation) */
    }
    free(ratios);
    const char *verdict = n == 0             ? CLAIM_UNMEASURED
                          : 2 * n_holds > n  ? CLAIM_HOLDS
                          : 2 * n_partly > n ? CLAIM_PARTLY
                                             : CLAIM_NOT;
    double published =
        den_r == NULL ? NAN
                      : published_ratio(workloads_dir, workload,
                                        doc_str(cmp, "documents_from_published"), num_r, den_r);
    return json_pack("{s:s?, s:s?, s:s?, s:s?, s:s?, s:o, s:f, s:f, s:s, s:I, s:I, s:I, s:I, s:o, "
                     "s:o, s:o, s:o}",
                     "label", doc_str(cmp, "label"), "numerator", num_r, "denominator", den_r,
                     "metric", metric, "documents", doc_str(cmp, "documents"), "documents_measured",
                     number_or_null(published), "holds_at_least", holds, "partly_above", partly,
                     "verdict", verdict, "n", (json_int_t)n, "n_holds", (json_int_t)n_holds,
                     "n_partly", (json_int_t)n_partly, "n_unbounded", (json_int_t)n_unbounded,
                     "ratio_min", number_or_null(rmin), "ratio_median", number_or_null(rmed),
                     "ratio_max", number_or_null(rmax), "groups", list);
}

/* A claim's verdict from its comparisons' verdicts. */
static const char *claim_verdict(const json_t *comparisons)
{
    size_t measured = 0, holds = 0, not_holds = 0, i;
    const json_t *c;
    json_array_foreach(comparisons, i, c)
    {
        const char *v = doc_str(c, "verdict");
        if (v == NULL || strcmp(v, CLAIM_UNMEASURED) == 0)
            continue;
        measured++;
        holds += strcmp(v, CLAIM_HOLDS) == 0;
        not_holds += strcmp(v, CLAIM_NOT) == 0;
    }
    if (measured == 0)
        return CLAIM_UNMEASURED;
    if (holds == measured)
        return CLAIM_HOLDS;
    if (not_holds == measured)
        return CLAIM_NOT;
    return CLAIM_PARTLY;
}

json_t *claims_evaluate(const json_t *claims, const json_t *doc, const char *workloads_dir)
{
    struct doc_groups groups;
    if (doc_group_cells(doc, &groups, NULL) != 0)
        return NULL;
    json_t *out = json_array();
    size_t i, j;
    const json_t *claim, *cmp;
    json_array_foreach(json_object_get(claims, "claims"), i, claim)
    {
        const char *workload = doc_str(claim, "workload");
        json_t *comparisons = json_array();
        json_array_foreach(json_object_get(claim, "comparisons"), j, cmp)
        {
            json_t *e = evaluate_comparison(cmp, workload, doc, &groups, workloads_dir);
            if (e != NULL)
                json_array_append_new(comparisons, e);
        }
        json_t *e =
            json_pack("{s:s?, s:s?, s:s?, s:s?, s:s, s:o}", "id", doc_str(claim, "id"), "claim",
                      doc_str(claim, "claim"), "source", doc_str(claim, "source"), "workload",
                      workload, "verdict", claim_verdict(comparisons), "comparisons", comparisons);
        if (doc_str(claim, "not_measured") != NULL)
            json_object_set_new(e, "not_measured", json_string(doc_str(claim, "not_measured")));
        json_array_append_new(out, e);
    }
    doc_groups_free(&groups);
    return out;
}
