/*
 * test_stats.c - unit tests of harness/util/stats.c: percentiles (numpy "linear", Hyndman & Fan
 * type 7), median, MAD, mean and sample standard deviation, against values worked out by
 * hand (the arithmetic is in the comments).
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/stats.h"

#define TOL 1e-12

/* Summarizes xs[0..n) into *s, failing the test if stats_summarize does. */
static void summarize(const double *xs, size_t n, struct summary *s)
{
    ck_assert_int_eq(stats_summarize(xs, n, s), 0);
    ck_assert_uint_eq(s->n, n);
}

START_TEST(test_four_values_give_type_7_quantiles_sample_stddev_and_mad)
{
    /* {1,2,3,4}, n = 4, h = 3p:
     *   median: h = 1.5  -> x[1] + 0.5 (x[2] - x[1]) = 2 + 0.5 = 2.5
     *   p25:    h = 0.75 -> x[0] + 0.75 (x[1] - x[0]) = 1 + 0.75 = 1.75
     *   p75:    h = 2.25 -> 3 + 0.25 = 3.25
     *   p95:    h = 2.85 -> 3 + 0.85 = 3.85
     *   p5:     h = 0.15 -> 1 + 0.15 = 1.15
     *   p99:    h = 2.97 -> 3 + 0.97 = 3.97
     *   mean 2.5; deviations -1.5 -0.5 0.5 1.5, squares sum 2.25+0.25+0.25+2.25 = 5,
     *   stddev sqrt(5/3) = 1.2909944487358056
     *   MAD: |x - 2.5| = {1.5, 0.5, 0.5, 1.5}, sorted {0.5,0.5,1.5,1.5}, median 1.0 */
    const double xs[] = {1, 2, 3, 4};
    struct summary s;
    summarize(xs, 4, &s);
    ck_assert_double_eq_tol(s.median, 2.5, TOL);
    ck_assert_double_eq_tol(s.p25, 1.75, TOL);
    ck_assert_double_eq_tol(s.p75, 3.25, TOL);
    ck_assert_double_eq_tol(s.p95, 3.85, TOL);
    ck_assert_double_eq_tol(s.p5, 1.15, TOL);
    ck_assert_double_eq_tol(s.p99, 3.97, TOL);
    ck_assert_double_eq_tol(s.mean, 2.5, TOL);
    ck_assert_double_eq_tol(s.stddev, 1.2909944487358056, TOL);
    ck_assert_double_eq_tol(s.mad, 1.0, TOL);
    ck_assert_double_eq(s.min, 1.0);
    ck_assert_double_eq(s.max, 4.0);
}
END_TEST

START_TEST(test_five_values_give_type_7_quantiles_and_mean)
{
    /* {15,20,35,40,50}, n = 5, h = 4p:
     *   p5:  h = 0.2  -> 15 + 0.2 (20 - 15) = 16.0
     *   p25: h = 1.0  -> x[1] = 20
     *   median: h = 2 -> x[2] = 35
     *   p75: h = 3.0  -> x[3] = 40
     *   p95: h = 3.8  -> 40 + 0.8 (50 - 40) = 48.0
     *   p99: h = 3.96 -> 40 + 0.96 (50 - 40) = 49.6
     *   mean = 160 / 5 = 32 */
    const double xs[] = {15, 20, 35, 40, 50};
    struct summary s;
    summarize(xs, 5, &s);
    ck_assert_double_eq_tol(s.p5, 16.0, TOL);
    ck_assert_double_eq_tol(s.p25, 20.0, TOL);
    ck_assert_double_eq_tol(s.median, 35.0, TOL);
    ck_assert_double_eq_tol(s.p75, 40.0, TOL);
    ck_assert_double_eq_tol(s.p95, 48.0, TOL);
    ck_assert_double_eq_tol(s.p99, 49.6, TOL);
    ck_assert_double_eq_tol(s.mean, 32.0, TOL);
}
END_TEST

START_TEST(test_quantile_0_and_1_are_the_extremes_and_p_outside_is_clamped)
{
    /* p = 0 and p = 1 are the extremes exactly; p outside [0,1] is clamped. */
    const double xs[] = {-3.5, 0.25, 7, 1e9};
    ck_assert_double_eq(stats_quantile_sorted(xs, 4, 0.0), -3.5);
    ck_assert_double_eq(stats_quantile_sorted(xs, 4, 1.0), 1e9);
    ck_assert_double_eq(stats_quantile_sorted(xs, 4, -0.5), -3.5);
    ck_assert_double_eq(stats_quantile_sorted(xs, 4, 1.5), 1e9);
    /* h = 3 * (1/3) = 1 (to within rounding) -> x[1] = 0.25 */
    ck_assert_double_eq_tol(stats_quantile_sorted(xs, 4, 1.0 / 3.0), 0.25, TOL);
    /* Two values: h = p, so the p-quantile of {10, 20} is 10 + 10p. */
    const double two[] = {10, 20};
    ck_assert_double_eq_tol(stats_quantile_sorted(two, 2, 0.3), 13.0, TOL);
    ck_assert_double_eq_tol(stats_quantile_sorted(two, 2, 0.7), 17.0, TOL);
}
END_TEST

START_TEST(test_a_single_value_is_every_quantile_with_zero_spread)
{
    /* n = 1: every quantile is the value, h = 0; stddev 0 by definition; MAD 0. */
    const double xs[] = {42.5};
    struct summary s;
    summarize(xs, 1, &s);
    ck_assert_double_eq(s.min, 42.5);
    ck_assert_double_eq(s.max, 42.5);
    ck_assert_double_eq(s.mean, 42.5);
    ck_assert_double_eq(s.median, 42.5);
    ck_assert_double_eq(s.p5, 42.5);
    ck_assert_double_eq(s.p99, 42.5);
    ck_assert_double_eq(s.stddev, 0.0);
    ck_assert_double_eq(s.mad, 0.0);
}
END_TEST

START_TEST(test_unsorted_input_not_modified)
{
    /* The values of test_five_values_give_type_7_quantiles_and_mean, shuffled: the same
     * summary, and xs left as it was. */
    double xs[] = {40, 15, 50, 35, 20};
    double before[5];
    memcpy(before, xs, sizeof xs);
    struct summary s;
    summarize(xs, 5, &s);
    ck_assert_mem_eq(xs, before, sizeof xs);
    ck_assert_double_eq(s.min, 15.0);
    ck_assert_double_eq(s.max, 50.0);
    ck_assert_double_eq_tol(s.median, 35.0, TOL);
    ck_assert_double_eq_tol(s.p5, 16.0, TOL);
    ck_assert_double_eq_tol(s.p95, 48.0, TOL);
}
END_TEST

START_TEST(test_the_mad_is_the_raw_median_absolute_deviation)
{
    /* {1,1,2,2,4,6,9}: median x[3] = 2; |x - 2| = {1,1,0,0,2,4,7}, sorted {0,0,1,1,2,4,7},
     * median 1. MAD is raw, not scaled by 1.4826. */
    const double xs[] = {1, 1, 2, 2, 4, 6, 9};
    struct summary s;
    summarize(xs, 7, &s);
    ck_assert_double_eq_tol(s.median, 2.0, TOL);
    ck_assert_double_eq_tol(s.mad, 1.0, TOL);
}
END_TEST

START_TEST(test_the_stddev_divides_by_n_minus_1)
{
    /* {2,4,4,4,5,5,7,9}: mean 40/8 = 5; squared deviations 9,1,1,1,0,0,4,16, sum 32;
     * n-1 divisor: sqrt(32/7) = sqrt(4.571428...) = 2.138089935299395
     * (the population value would be sqrt(32/8) = 2). */
    const double xs[] = {2, 4, 4, 4, 5, 5, 7, 9};
    struct summary s;
    summarize(xs, 8, &s);
    ck_assert_double_eq_tol(s.mean, 5.0, TOL);
    ck_assert_double_eq_tol(s.stddev, 2.138089935299395, TOL);
}
END_TEST

START_TEST(test_an_empty_sample_is_an_error_and_zeroes_the_summary)
{
    /* n = 0 is an error, and out is zeroed. */
    const double xs[] = {1};
    struct summary s;
    memset(&s, 0xab, sizeof s);
    ck_assert_int_eq(stats_summarize(xs, 0, &s), -1);
    ck_assert_uint_eq(s.n, 0);
    ck_assert_double_eq(s.mean, 0.0);
    ck_assert_double_eq(s.p99, 0.0);
}
END_TEST

START_TEST(test_ten_wall_times_summarize_as_python_statistics_does)
{
    /* Ten wall times in seconds, as versus records them. Sorted:
     *   x = .028 .029 .029 .030 .030 .031 .031 .033 .035 .052, n = 10, h = 9p
     *   p5:  h = 0.45 -> .028 + .45 (.029 - .028) = .02845
     *   p25: h = 2.25 -> .029 + .25 (.030 - .029) = .02925
     *   median: h = 4.5 -> .030 + .5 (.031 - .030) = .0305
     *   p75: h = 6.75 -> .031 + .75 (.033 - .031) = .0325
     *   p95: h = 8.55 -> .035 + .55 (.052 - .035) = .04435
     *   p99: h = 8.91 -> .035 + .91 (.052 - .035) = .05047
     *   mean .328 / 10 = .0328; squared deviations (in 1e-8) 3.24 14.44 4.84 7.84 368.64 23.04
     *   0.04 7.84 3.24 14.44, sum 447.6, stddev sqrt(447.6e-8 / 9) = 0.0070521864221908745
     *   MAD: |x - .0305| sorted .0005 x4, .0015 x2, .0025 x2, .0045, .0215 -> (.0015 + .0015)/2
     * Python's statistics module agrees (quantiles(xs, n=100, method="inclusive") is also
     * type 7): 0.028450000000000003 0.02925 0.0305 0.0325 0.04435000000000001
     * 0.05047000000000001, stdev 0.0070521864221908745. */
    const double xs[] = {0.031, 0.029, 0.035, 0.030, 0.052, 0.028, 0.033, 0.030, 0.031, 0.029};
    struct summary s;
    summarize(xs, 10, &s);
    ck_assert_double_eq_tol(s.p5, 0.02845, TOL);
    ck_assert_double_eq_tol(s.p25, 0.02925, TOL);
    ck_assert_double_eq_tol(s.median, 0.0305, TOL);
    ck_assert_double_eq_tol(s.p75, 0.0325, TOL);
    ck_assert_double_eq_tol(s.p95, 0.04435, TOL);
    ck_assert_double_eq_tol(s.p99, 0.05047, TOL);
    ck_assert_double_eq_tol(s.mean, 0.0328, TOL);
    ck_assert_double_eq_tol(s.stddev, 0.0070521864221908745, TOL);
    ck_assert_double_eq_tol(s.mad, 0.0015, TOL);
}
END_TEST

static Suite *stats_suite(void)
{
    Suite *suite = suite_create("stats");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_four_values_give_type_7_quantiles_sample_stddev_and_mad);
    tcase_add_test(tc, test_five_values_give_type_7_quantiles_and_mean);
    tcase_add_test(tc, test_quantile_0_and_1_are_the_extremes_and_p_outside_is_clamped);
    tcase_add_test(tc, test_a_single_value_is_every_quantile_with_zero_spread);
    tcase_add_test(tc, test_unsorted_input_not_modified);
    tcase_add_test(tc, test_the_mad_is_the_raw_median_absolute_deviation);
    tcase_add_test(tc, test_the_stddev_divides_by_n_minus_1);
    tcase_add_test(tc, test_an_empty_sample_is_an_error_and_zeroes_the_summary);
    tcase_add_test(tc, test_ten_wall_times_summarize_as_python_statistics_does);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    SRunner *runner = srunner_create(stats_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
