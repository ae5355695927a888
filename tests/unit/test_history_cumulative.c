/*
 * test_history_cumulative.c - unit tests of harness/compare/history_check.c's cumulative rule on
 * histories built in memory: a staircase of small slower steps that adds up to more than the
 * threshold fails the gate though no step does; an old regression followed by a small step does
 * not (the step that is a regression on its own ends the staircase); --baseline compares the
 * latest level with the named commit's, and an unknown baseline is unusable input.
 */
#include <check.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compare/history_check.h"
#include "util/prng.h"
#include "versus_test.h"

/* A history of n commits with one cell whose median_wall_s is level(i) * (1 + 0.002 z),
 * z uniform in [-1, 1) from a seeded generator. */
static json_t *history(size_t n, double (*level)(size_t))
{
    struct rng r;
    rng_seed(&r, 42);
    json_t *entries = json_array();
    for (size_t i = 0; i < n; i++) {
        char commit[41];
        snprintf(commit, sizeof commit, "%040zx", i + 1);
        double z = (double)(rng_next(&r) >> 11) / 4503599627370496.0 - 1.0;
        json_t *cell = json_pack("{s:s, s:s, s:{}, s:s, s:s, s:f}", "workload", "w", "input", "in",
                                 "parameters", "runner", "c", "verdict", "ok", "median_wall_s",
                                 level(i) * (1 + 0.002 * z));
        json_array_append_new(entries, json_pack("{s:s, s:[o]}", "commit", commit, "cells", cell));
    }
    return entries;
}

/* +3 % every 8 commits from commit 8 on: 1.00, 1.03, ... 1.03^4 = 1.126 over 40 commits. */
static double staircase(size_t i)
{
    return pow(1.03, (double)(i / 8));
}

/* +10 % at commit 10 (long ago), then +3 % at commit 32. */
static double old_step_then_small(size_t i)
{
    return (i >= 10 ? 1.10 : 1.0) * (i >= 32 ? 1.03 : 1.0);
}

static json_t *check(const json_t *entries, const char *baseline, struct verr *err)
{
    struct history_check_options o = history_check_defaults();
    o.baseline = baseline;
    return history_check(entries, "memory", &o, err);
}

START_TEST(test_a_staircase_of_small_slower_steps_adds_up_to_a_regression)
{
    json_t *entries = history(40, staircase);
    struct verr err;
    json_t *doc = check(entries, NULL, &err);
    ck_assert_ptr_nonnull(doc);
    const json_t *s = json_array_get(json_object_get(doc, "series"), 0);
    const json_t *cps = json_object_get(s, "change_points");
    ck_assert_uint_ge(json_array_size(cps), 3);
    size_t k;
    const json_t *p;
    json_array_foreach(cps, k, p) ck_assert(json_is_false(json_object_get(p, "regression")));
    const json_t *c = json_object_get(s, "cumulative");
    ck_assert_str_eq(json_string_value(json_object_get(c, "reference")), "staircase");
    ck_assert_int_ge(json_integer_value(json_object_get(c, "steps")), 3);
    double ratio = json_number_value(json_object_get(c, "ratio"));
    ck_assert_msg(ratio > 1.08 && ratio < 1.14, "cumulative ratio %.3f", ratio);
    ck_assert(json_is_true(json_object_get(c, "gate")));
    ck_assert(history_check_regressed(doc));
    const json_t *r = json_array_get(json_object_get(doc, "regressions"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(r, "rule")), "cumulative");
    json_decref(doc);
    json_decref(entries);
}
END_TEST

START_TEST(test_old_regression_is_not_counted_again)
{
    json_t *entries = history(40, old_step_then_small);
    struct verr err;
    json_t *doc = check(entries, NULL, &err);
    ck_assert_ptr_nonnull(doc);
    const json_t *s = json_array_get(json_object_get(doc, "series"), 0);
    ck_assert_uint_eq(json_array_size(json_object_get(s, "change_points")), 2);
    ck_assert(json_is_null(json_object_get(s, "cumulative")));
    ck_assert(!history_check_regressed(doc));
    json_decref(doc);
    /* Against commit 1 the latest level is 13 % up: the baseline rule fails the gate. */
    doc = check(entries, "0000000000000000000000000000000000000001", &err);
    ck_assert_ptr_nonnull(doc);
    s = json_array_get(json_object_get(doc, "series"), 0);
    const json_t *c = json_object_get(s, "cumulative");
    ck_assert_str_eq(json_string_value(json_object_get(c, "reference")), "baseline");
    ck_assert_int_eq(json_integer_value(json_object_get(c, "steps")), 2);
    double ratio = json_number_value(json_object_get(c, "ratio"));
    ck_assert_msg(ratio > 1.11 && ratio < 1.16, "baseline ratio %.3f", ratio);
    ck_assert(history_check_regressed(doc));
    json_decref(doc);
    /* Against commit 20 (after the old step) only the small step remains: no regression. */
    doc = check(entries, "0000000000000000000000000000000000000014", &err);
    ck_assert_ptr_nonnull(doc);
    s = json_array_get(json_object_get(doc, "series"), 0);
    c = json_object_get(s, "cumulative");
    ck_assert_int_eq(json_integer_value(json_object_get(c, "steps")), 1);
    ck_assert(json_is_false(json_object_get(c, "regression")));
    ck_assert(!history_check_regressed(doc));
    json_decref(doc);
    ck_assert_ptr_null(check(entries, "feedface", &err));
    ck_assert_ptr_nonnull(strstr(err.msg, "feedface"));
    json_decref(entries);
}
END_TEST

static Suite *history_check_suite(void)
{
    Suite *suite = suite_create("history_cumulative");
    TCase *tc = tcase_create("cumulative");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_a_staircase_of_small_slower_steps_adds_up_to_a_regression);
    tcase_add_test(tc, test_old_regression_is_not_counted_again);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    return vt_run_suite(history_check_suite(), "test_history_cumulative", NULL);
}
