/*
 * test_claims.c - the claims (claims.h) and the reader they read the result through (result/doc.h):
 *   - a comparison's ratio per group, each group's verdict, and the comparison's and the
 *     claim's verdicts by the "more than half" rule; a group where one runner failed is listed
 *     as not measured and does not count;
 *   - the documents' own ratio from a workload's "published" entries (workloads/agent.json);
 *   - workloads/claims.json states the Python -> Rust agent claims per HTTP client (httpx,
 *     aiohttp), each with its own verdict;
 *   - workloads/claims.json loads; a wrong one is an error naming file, line, column and claim;
 *   - cells are grouped by workload, input name and parameters (key order does not matter);
 *   - each group's ratio has a bootstrap confidence interval from the cells' measured samples;
 *   - a claim's "not_measured" reason (why versus does not measure it yet) is passed on;
 *   - a denominator that measured 0 (Rust's pause total: no pause at all) gives an unbounded
 *     ratio that holds, not "not measured"; 0 over 0 is ratio 1.
 */
#include <check.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output/claims.h"
#include "result/doc.h"
#include "result/doc_text.h"
#include "util/fsutil.h"
#include "versus_test.h"

/* A grep cell of runner on case name with median wall time wall (NaN: a failed cell). */
static json_t *cell(const char *name, const char *runner, double wall)
{
    json_t *summary =
        isnan(wall) ? json_null()
                    : json_pack("{s:{s:f, s:f}}", "wall_s", "median", wall, "p95", wall * 1.1);
    return json_pack("{s:s, s:{s:s, s:i}, s:{s:s, s:s}, s:s, s:s, s:s?, s:o}", "workload", "grep",
                     "input", "name", "brown", "bytes", 100, "parameters", "name", name, "pattern",
                     "x", "runner", runner, "verdict", isnan(wall) ? "failed" : "verified",
                     "reason", isnan(wall) ? "timed out" : NULL, "summary", summary);
}

static json_t *doc_of(json_t *cells)
{
    return json_pack("{s:s, s:o}", "schema", "versus/1", "cells", cells);
}

static json_t *grep_claim(void)
{
    return json_pack("{s:s, s:[{s:s, s:s, s:s, s:[{s:s, s:s, s:s, s:s, s:s, s:f, s:f}]}]}",
                     "schema", CLAIMS_SCHEMA, "claims", "id", "rg", "claim", "rg is 10x faster",
                     "workload", "grep", "comparisons", "label", "grep / rg", "numerator", "gnu",
                     "denominator", "rg", "metric", "wall_s", "documents", "10×", "holds_at_least",
                     10.0, "partly_above", 1.0);
}

static const json_t *first_comparison(const json_t *evaluated)
{
    return json_array_get(json_object_get(json_array_get(evaluated, 0), "comparisons"), 0);
}

static const char *verdict(const json_t *obj)
{
    return json_string_value(json_object_get(obj, "verdict"));
}

START_TEST(more_than_half_of_the_groups_decide)
{
    /* a: 20x (holds), b: 2x (partly), c: 0.5x (not), d: rg failed (not measured) */
    json_t *doc =
        doc_of(json_pack("[o, o, o, o, o, o, o, o]", cell("a", "gnu", 0.1), cell("a", "rg", 0.005),
                         cell("b", "gnu", 0.02), cell("b", "rg", 0.01), cell("c", "gnu", 0.01),
                         cell("c", "rg", 0.02), cell("d", "gnu", 0.01), cell("d", "rg", NAN)));
    json_t *claims = grep_claim();
    json_t *ev = claims_evaluate(claims, doc, NULL);
    ck_assert_ptr_nonnull(ev);
    const json_t *cmp = first_comparison(ev);
    ck_assert_int_eq(json_integer_value(json_object_get(cmp, "n")), 3);
    ck_assert_int_eq(json_integer_value(json_object_get(cmp, "n_holds")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(cmp, "n_partly")), 2);
    ck_assert_str_eq(verdict(cmp), CLAIM_PARTLY); /* 2 of 3 go the claimed way */
    ck_assert_str_eq(verdict(json_array_get(ev, 0)), CLAIM_PARTLY);
    ck_assert_double_eq_tol(json_real_value(json_object_get(cmp, "ratio_median")), 2.0, 1e-12);
    ck_assert_double_eq_tol(json_real_value(json_object_get(cmp, "ratio_max")), 20.0, 1e-12);
    const json_t *groups = json_object_get(cmp, "groups");
    ck_assert_uint_eq(json_array_size(groups), 4);
    ck_assert_str_eq(verdict(json_array_get(groups, 0)), CLAIM_HOLDS);
    ck_assert_str_eq(verdict(json_array_get(groups, 1)), CLAIM_PARTLY);
    ck_assert_str_eq(verdict(json_array_get(groups, 2)), CLAIM_NOT);
    const json_t *d = json_array_get(groups, 3);
    ck_assert_str_eq(verdict(d), CLAIM_UNMEASURED);
    ck_assert_str_eq(json_string_value(json_object_get(d, "reason")), "rg failed: timed out");
    ck_assert_str_eq(json_string_value(json_object_get(d, "label")), "grep · brown · d");
    json_decref(ev);
    json_decref(claims);
    json_decref(doc);
}
END_TEST

/* A runner that measured 0 where the other measured more (node's pauses over rust's none):
 * the ratio is unbounded and holds; both 0 is ratio 1. The gc-latency paper run of 2026-12-05
 * reported "rust reported no metrics.pause_s" for a median of 0 s. */
START_TEST(a_measured_zero_denominator_gives_an_unbounded_ratio)
{
    json_t *doc = doc_of(json_pack(
        "[o, o, o, o, o, o]", cell("a", "gnu", 0.03), cell("a", "rg", 0.0), cell("b", "gnu", 0.0),
        cell("b", "rg", 0.0), cell("c", "gnu", 0.2), cell("c", "rg", 0.0)));
    json_t *claims = grep_claim();
    json_t *ev = claims_evaluate(claims, doc, NULL);
    const json_t *cmp = first_comparison(ev);
    ck_assert_int_eq(json_integer_value(json_object_get(cmp, "n")), 3);
    ck_assert_int_eq(json_integer_value(json_object_get(cmp, "n_holds")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(cmp, "n_unbounded")), 2);
    ck_assert_str_eq(verdict(cmp), CLAIM_HOLDS);
    ck_assert(json_is_null(json_object_get(cmp, "ratio_median"))); /* the median is unbounded */
    const json_t *groups = json_object_get(cmp, "groups");
    const json_t *a = json_array_get(groups, 0), *b = json_array_get(groups, 1);
    ck_assert_str_eq(verdict(a), CLAIM_HOLDS);
    ck_assert(json_is_true(json_object_get(a, "unbounded")));
    ck_assert(json_is_null(json_object_get(a, "ratio")));
    ck_assert_str_eq(json_string_value(json_object_get(a, "reason")),
                     "rg measured 0: the ratio is unbounded");
    ck_assert_str_eq(verdict(b), CLAIM_NOT); /* 1x: not the way claimed */
    ck_assert_double_eq(json_real_value(json_object_get(b, "ratio")), 1.0);
    ck_assert(json_is_false(json_object_get(b, "unbounded")));
    json_decref(ev);
    json_decref(claims);
    json_decref(doc);
}
END_TEST

/* A comparison without denominator sets one runner's median against the thresholds. */
START_TEST(a_value_rule_judges_one_runners_median)
{
    json_t *doc = doc_of(json_pack("[o, o, o, o]", cell("a", "gnu", 0.1), cell("b", "gnu", 0.02),
                                   cell("c", "gnu", 0.005), cell("c", "rg", 1.0)));
    json_t *claims =
        json_pack("{s:s, s:[{s:s, s:s, s:s, s:[{s:s, s:s, s:s, s:s, s:f, s:f}]}]}", "schema",
                  CLAIMS_SCHEMA, "claims", "id", "slow", "claim", "grep is slow", "workload",
                  "grep", "comparisons", "label", "gnu's wall time", "numerator", "gnu", "metric",
                  "wall_s", "documents", "slow", "holds_at_least", 0.05, "partly_above", 0.01);
    json_t *ev = claims_evaluate(claims, doc, NULL);
    const json_t *cmp = first_comparison(ev);
    ck_assert_int_eq(json_integer_value(json_object_get(cmp, "n")), 3);
    ck_assert_str_eq(verdict(cmp), CLAIM_PARTLY); /* 0.1 holds, 0.02 partly, 0.005 not */
    const json_t *groups = json_object_get(cmp, "groups");
    ck_assert_str_eq(verdict(json_array_get(groups, 0)), CLAIM_HOLDS);
    ck_assert_str_eq(verdict(json_array_get(groups, 1)), CLAIM_PARTLY);
    ck_assert_str_eq(verdict(json_array_get(groups, 2)), CLAIM_NOT);
    const json_t *a = json_array_get(groups, 0);
    ck_assert_double_eq_tol(json_real_value(json_object_get(a, "ratio")), 0.1, 1e-12);
    ck_assert(json_is_null(json_object_get(a, "denominator_value")));
    ck_assert(json_is_null(json_object_get(a, "ratio_ci_low")));
    json_decref(ev);
    json_decref(claims);
    json_decref(doc);
}
END_TEST

/* The cell of cell() with measured samples of wall time (and one warmup that must not count). */
static json_t *cell_with_samples(const char *name, const char *runner, const double *walls,
                                 size_t n)
{
    json_t *c = cell(name, runner, walls[n / 2]);
    json_t *samples = json_array();
    json_array_append_new(samples, json_pack("{s:b, s:f}", "warmup", 1, "wall_s", 1000.0));
    for (size_t i = 0; i < n; i++)
        json_array_append_new(samples, json_pack("{s:b, s:f}", "warmup", 0, "wall_s", walls[i]));
    json_object_set_new(c, "samples", samples);
    return c;
}

START_TEST(a_claim_not_measured_yet_says_why)
{
    json_t *doc = doc_of(json_pack("[o, o]", cell("a", "gnu", 0.02), cell("a", "rg", 0.01)));
    json_t *claims = grep_claim();
    json_t *ev = claims_evaluate(claims, doc, NULL);
    ck_assert_ptr_null(json_object_get(json_array_get(ev, 0), "not_measured"));
    json_decref(ev);
    json_object_set_new(json_array_get(json_object_get(claims, "claims"), 0), "not_measured",
                        json_string("no such workload yet"));
    ev = claims_evaluate(claims, doc, NULL);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(ev, 0), "not_measured")),
                     "no such workload yet");
    json_decref(ev);
    json_decref(claims);
    json_decref(doc);
}
END_TEST

START_TEST(each_group_has_a_bootstrap_interval_of_its_ratio)
{
    /* gnu around 1.0 s, rg around 0.1 s: the ratio 10x with an interval around it; the warmup
     * samples (1000 s) are left out. */
    const double gnu[] = {0.95, 0.98, 1.0, 1.02, 1.05}, rg[] = {0.097, 0.099, 0.1, 0.101, 0.104};
    json_t *doc = doc_of(json_pack("[o, o, o, o]", cell_with_samples("a", "gnu", gnu, 5),
                                   cell_with_samples("a", "rg", rg, 5), cell("b", "gnu", 0.2),
                                   cell("b", "rg", 0.1)));
    json_t *claims = grep_claim();
    json_t *ev = claims_evaluate(claims, doc, NULL);
    const json_t *groups = json_object_get(first_comparison(ev), "groups");
    const json_t *a = json_array_get(groups, 0), *b = json_array_get(groups, 1);
    double ratio = json_real_value(json_object_get(a, "ratio"));
    double lo = json_real_value(json_object_get(a, "ratio_ci_low"));
    double hi = json_real_value(json_object_get(a, "ratio_ci_high"));
    ck_assert_double_eq_tol(ratio, 10.0, 1e-9);
    ck_assert_msg(lo <= ratio && ratio <= hi && lo > 9.0 && hi < 11.0, "[%g, %g]", lo, hi);
    /* Cells without samples: no interval, the ratio still there. */
    ck_assert(json_is_null(json_object_get(b, "ratio_ci_low")));
    ck_assert(json_is_null(json_object_get(b, "ratio_ci_high")));
    ck_assert_double_eq_tol(json_real_value(json_object_get(b, "ratio")), 2.0, 1e-12);
    /* The same interval every time (a fixed seed). */
    json_t *again = claims_evaluate(claims, doc, NULL);
    const json_t *a2 = json_array_get(json_object_get(first_comparison(again), "groups"), 0);
    ck_assert(json_real_value(json_object_get(a2, "ratio_ci_low")) == lo);
    json_decref(again);
    json_decref(ev);
    json_decref(claims);
    json_decref(doc);
}
END_TEST

START_TEST(all_hold_none_hold_nothing_measured)
{
    json_t *claims = grep_claim();
    json_t *doc = doc_of(json_pack("[o, o, o, o]", cell("a", "gnu", 0.1), cell("a", "rg", 0.01),
                                   cell("b", "gnu", 0.3), cell("b", "rg", 0.01)));
    json_t *ev = claims_evaluate(claims, doc, NULL);
    ck_assert_str_eq(verdict(json_array_get(ev, 0)), CLAIM_HOLDS);
    json_decref(ev);
    json_decref(doc);

    doc = doc_of(json_pack("[o, o]", cell("a", "gnu", 0.01), cell("a", "rg", 0.01)));
    ev = claims_evaluate(claims, doc, NULL); /* equal: not even partly */
    ck_assert_str_eq(verdict(json_array_get(ev, 0)), CLAIM_NOT);
    json_decref(ev);
    json_decref(doc);

    doc = doc_of(json_pack("[o]", cell("a", "python", 0.01)));
    ev = claims_evaluate(claims, doc, NULL);
    ck_assert_str_eq(verdict(json_array_get(ev, 0)), CLAIM_UNMEASURED);
    ck_assert(json_is_null(json_object_get(first_comparison(ev), "ratio_median")));
    json_decref(ev);
    json_decref(doc);
    json_decref(claims);
}
END_TEST

START_TEST(the_documents_figures_come_from_published)
{
    struct verr err;
    json_t *claims = claims_load(VERSUS_SOURCE_DIR "/workloads/claims.json", &err);
    ck_assert_msg(claims != NULL, "%s", err.msg);
    json_t *doc = doc_of(json_array());
    json_t *ev = claims_evaluate(claims, doc, VERSUS_SOURCE_DIR "/workloads");
    ck_assert_uint_eq(json_array_size(ev), json_array_size(json_object_get(claims, "claims")));
    size_t i;
    const json_t *claim;
    size_t seen = 0; /* langchain comparisons checked */
    json_array_foreach(ev, i, claim)
    {
        ck_assert_str_eq(verdict(claim), CLAIM_UNMEASURED);
        if (strcmp(json_string_value(json_object_get(claim, "workload")), "agent") != 0)
            continue;
        /* workloads/agent.json: langchain 3.28 s / rust 0.1 s CPU, 115 / 25 MiB; the python
         * reference runner has no published figures, so its comparisons have none */
        size_t j;
        const json_t *cmp;
        json_array_foreach(json_object_get(claim, "comparisons"), j, cmp)
        {
            const char *num = json_string_value(json_object_get(cmp, "numerator"));
            const char *metric = json_string_value(json_object_get(cmp, "metric"));
            const json_t *measured = json_object_get(cmp, "documents_measured");
            if (strcmp(num, "langchain") != 0) {
                ck_assert_msg(json_is_null(measured), "%s: documents_measured", num);
                continue;
            }
            double want = strcmp(metric, "cpu_s") == 0 ? 32.8 : 4.6;
            ck_assert_double_eq_tol(json_real_value(measured), want, 1e-9);
            seen++;
        }
    }
    ck_assert_uint_eq(seen, 2);
    json_decref(ev);
    json_decref(doc);
    json_decref(claims);
}
END_TEST

/* An agent cell of runner (case c10, no input) with median CPU time cpu_s and peak RSS rss. */
static json_t *agent_cell(const char *runner, double cpu_s, double rss)
{
    return json_pack("{s:s, s:n, s:{s:s, s:i}, s:s, s:s, s:{s:{s:f, s:f}, s:{s:f, s:f}}}",
                     "workload", "agent", "input", "parameters", "name", "c10", "concurrency", 10,
                     "runner", runner, "verdict", "verified", "summary", "cpu_s", "median", cpu_s,
                     "p95", cpu_s, "max_rss_bytes", "median", rss, "p95", rss);
}

/* The claim of ev (claims_evaluate's answer) whose comparisons have numerator num and metric
 * metric, or NULL; *cmp_out gets that comparison. */
static const json_t *claim_with(const json_t *ev, const char *num, const char *metric,
                                const json_t **cmp_out)
{
    size_t i, j;
    const json_t *claim, *cmp;
    json_array_foreach(ev, i, claim)
    {
        json_array_foreach(json_object_get(claim, "comparisons"), j, cmp)
        {
            if (strcmp(json_string_value(json_object_get(cmp, "numerator")), num) == 0 &&
                strcmp(json_string_value(json_object_get(cmp, "metric")), metric) == 0) {
                *cmp_out = cmp;
                return claim;
            }
        }
    }
    return NULL;
}

START_TEST(the_agent_claims_are_stated_per_http_client)
{
    /* workloads/claims.json states Python -> Rust agent CPU and memory once with httpx (the
     * python runner) and once with aiohttp (python-aiohttp), as two claims with their own
     * verdicts: here httpx at 30x CPU holds, aiohttp at 5x only partly. */
    struct verr err;
    json_t *claims = claims_load(VERSUS_SOURCE_DIR "/workloads/claims.json", &err);
    ck_assert_msg(claims != NULL, "%s", err.msg);
    json_t *doc =
        doc_of(json_pack("[o, o, o]", agent_cell("python", 3.0, 60e6),
                         agent_cell("python-aiohttp", 0.5, 50e6), agent_cell("rust", 0.1, 10e6)));
    json_t *ev = claims_evaluate(claims, doc, NULL);
    const json_t *httpx_cpu, *httpx_rss, *aio_cpu, *aio_rss;
    const json_t *httpx = claim_with(ev, "python", "cpu_s", &httpx_cpu);
    const json_t *aio = claim_with(ev, "python-aiohttp", "cpu_s", &aio_cpu);
    ck_assert_ptr_nonnull(httpx);
    ck_assert_ptr_nonnull(aio);
    ck_assert_ptr_ne(httpx, aio);
    ck_assert_ptr_eq(claim_with(ev, "python", "max_rss_bytes", &httpx_rss), httpx);
    ck_assert_ptr_eq(claim_with(ev, "python-aiohttp", "max_rss_bytes", &aio_rss), aio);
    ck_assert_msg(strstr(json_string_value(json_object_get(httpx, "claim")), "httpx") != NULL,
                  "the httpx claim does not name its client");
    ck_assert_msg(strstr(json_string_value(json_object_get(aio, "claim")), "aiohttp") != NULL,
                  "the aiohttp claim does not name its client");
    ck_assert_str_eq(json_string_value(json_object_get(httpx_cpu, "denominator")), "rust");
    ck_assert_str_eq(json_string_value(json_object_get(aio_cpu, "denominator")), "rust");
    ck_assert_double_eq_tol(json_real_value(json_object_get(httpx_cpu, "ratio_median")), 30.0,
                            1e-9);
    ck_assert_double_eq_tol(json_real_value(json_object_get(aio_cpu, "ratio_median")), 5.0, 1e-9);
    ck_assert_str_eq(verdict(httpx_cpu), CLAIM_HOLDS);
    ck_assert_str_eq(verdict(aio_cpu), CLAIM_PARTLY);
    ck_assert_str_eq(verdict(httpx_rss), CLAIM_HOLDS); /* 6x */
    ck_assert_str_eq(verdict(aio_rss), CLAIM_HOLDS);   /* 5x */
    ck_assert_str_eq(verdict(aio), CLAIM_PARTLY);
    json_decref(ev);
    json_decref(doc);
    json_decref(claims);
}
END_TEST

START_TEST(a_wrong_claims_file_is_located)
{
    char dir[1024], path[1100];
    vt_make_tmpdir(dir, sizeof dir, "claims");
    snprintf(path, sizeof path, "%s/claims.json", dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
    ck_assert_int_ge(fd, 0);
    static const char text[] =
        "{\"schema\": \"versus-claims/1\", \"claims\": [\n"
        " {\"id\": \"rg\", \"claim\": \"c\", \"workload\": \"grep\", \"comparisons\": [\n"
        "  {\"label\": \"l\", \"numerator\": \"a\", \"denominator\": \"b\", \"metric\": "
        "\"wall_s\",\n"
        "   \"documents\": \"10×\", \"holds_at_least\": \"ten\", \"partly_above\": 1}]}]}\n";
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    struct verr err;
    ck_assert_ptr_null(claims_load(path, &err));
    char want[1200];
    snprintf(want, sizeof want, "%s:4:", path);
    ck_assert_msg(strstr(err.msg, want) != NULL, "%s", err.msg);
    ck_assert_msg(strstr(err.msg, "claim \"rg\"") != NULL, "%s", err.msg);
    ck_assert_msg(strstr(err.msg, "holds_at_least") != NULL, "%s", err.msg);
    vt_remove_tree(dir);
}
END_TEST

START_TEST(a_comparison_counts_only_the_cases_it_names)
{
    /* a: 20x (holds), b: 0.5x (not): over both, 1 of 2 goes the claimed way (not more than
     * half), so the comparison does not hold; over "a" alone it holds, b not even listed. */
    json_t *doc = doc_of(json_pack("[o, o, o, o]", cell("a", "gnu", 0.1), cell("a", "rg", 0.005),
                                   cell("b", "gnu", 0.01), cell("b", "rg", 0.02)));
    json_t *claims = grep_claim();
    json_t *ev = claims_evaluate(claims, doc, NULL);
    ck_assert_str_eq(verdict(first_comparison(ev)), CLAIM_NOT);
    json_decref(ev);
    json_t *cmp = json_array_get(
        json_object_get(json_array_get(json_object_get(claims, "claims"), 0), "comparisons"), 0);
    json_object_set_new(cmp, "cases", json_pack("[s]", "a"));
    ev = claims_evaluate(claims, doc, NULL);
    const json_t *only = first_comparison(ev);
    ck_assert_str_eq(verdict(only), CLAIM_HOLDS);
    ck_assert_uint_eq(json_array_size(json_object_get(only, "groups")), 1);
    json_decref(ev);
    json_decref(claims);
    json_decref(doc);
}
END_TEST

START_TEST(cells_group_by_workload_input_and_parameters)
{
    json_t *cells =
        json_pack("[o, o, o]", cell("a", "gnu", 0.1), cell("b", "gnu", 0.1), cell("a", "rg", 0.1));
    /* the same parameters in another key order still group together */
    json_object_set_new(json_array_get(cells, 2), "parameters",
                        json_pack("{s:s, s:s}", "pattern", "x", "name", "a"));
    json_t *doc = doc_of(cells);
    struct doc_groups g;
    ck_assert_int_eq(doc_group_cells(doc, &g, NULL), 0);
    ck_assert_uint_eq(g.n, 2);
    ck_assert_uint_eq(g.groups[0].n, 2);
    ck_assert_uint_eq(g.groups[0].cells[1], 2);
    char *label = doc_group_label(doc_cell(doc, 0));
    ck_assert_str_eq(label, "grep · brown · a");
    free(label);
    char *params = doc_parameters_text(doc_cell(doc, 0));
    ck_assert_str_eq(params, "pattern=x");
    free(params);
    ck_assert(isnan(doc_figure(doc_cell(doc, 0), "metrics.parse_s", "median")));
    ck_assert_double_eq(doc_figure(doc_cell(doc, 0), "wall_s", "median"), 0.1);
    doc_groups_free(&g);
    json_decref(doc);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("claims");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, more_than_half_of_the_groups_decide);
    tcase_add_test(tc, a_claim_not_measured_yet_says_why);
    tcase_add_test(tc, all_hold_none_hold_nothing_measured);
    tcase_add_test(tc, each_group_has_a_bootstrap_interval_of_its_ratio);
    tcase_add_test(tc, the_documents_figures_come_from_published);
    tcase_add_test(tc, the_agent_claims_are_stated_per_http_client);
    tcase_add_test(tc, a_wrong_claims_file_is_located);
    tcase_add_test(tc, a_comparison_counts_only_the_cases_it_names);
    tcase_add_test(tc, a_value_rule_judges_one_runners_median);
    tcase_add_test(tc, a_measured_zero_denominator_gives_an_unbounded_ratio);
    tcase_add_test(tc, cells_group_by_workload_input_and_parameters);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
