/*
 * test_rss_timeline_summary.c - unit tests of measure/rss_timeline.c: the tree peak and the
 * growth slope of readings whose truth is known by construction.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "measure/rss_timeline.h"

#define MIB (1024.0 * 1024.0)

START_TEST(a_straight_line_gives_its_slope_in_mib_per_minute)
{
    struct rss_timeline tl = {.interval_s = 0.1};
    /* 2 MiB per second from 10 MiB: 120 MiB per minute. */
    for (int i = 0; i <= 100; i++)
        rss_timeline_add(&tl, i * 0.1, (int64_t)((10 + 2 * i * 0.1) * MIB));
    ck_assert_double_eq_tol(rss_timeline_growth_mib_per_min(&tl), 120, 1e-6);
    ck_assert_int_eq(rss_timeline_tree_peak(&tl, 0), (int64_t)(30 * MIB));
    rss_timeline_clear(&tl);
    ck_assert_uint_eq(tl.n, 0);
}
END_TEST

START_TEST(only_the_second_half_counts_so_warm_up_is_left_out)
{
    struct rss_timeline tl = {.interval_s = 0.1};
    /* Steep growth for 5 s (warm-up), then flat at 50 MiB for 5 s. */
    for (int i = 0; i <= 100; i++) {
        double t = i * 0.1;
        rss_timeline_add(&tl, t, (int64_t)((t < 5 ? 10 * t : 50) * MIB));
    }
    ck_assert_double_eq_tol(rss_timeline_growth_mib_per_min(&tl), 0, 1e-9);
    rss_timeline_clear(&tl);
}
END_TEST

START_TEST(the_tree_peak_is_never_below_the_exact_per_process_peak)
{
    struct rss_timeline tl = {0};
    ck_assert_int_eq(rss_timeline_tree_peak(&tl, 5000), -1); /* no readings: none */
    rss_timeline_add(&tl, 0, 1000);
    rss_timeline_add(&tl, 0.05, 3000);
    ck_assert_int_eq(rss_timeline_tree_peak(&tl, 5000), 5000); /* a peak between readings */
    ck_assert_int_eq(rss_timeline_tree_peak(&tl, 2000), 3000); /* workers summed */
    ck_assert(isnan(rss_timeline_growth_mib_per_min(&tl)));    /* too few readings */
    rss_timeline_clear(&tl);
}
END_TEST

/* A sample's growth needs a second half of a second or more: the same straight line over
 * 1.9 s gives no sample growth (start-up, not growth), over 2 s it does. */
START_TEST(a_run_shorter_than_two_seconds_records_no_growth)
{
    struct rss_timeline tl = {.interval_s = 0.05};
    for (int i = 0; i <= 38; i++)
        rss_timeline_add(&tl, i * 0.05, (int64_t)((10 + i * 0.05) * MIB));
    ck_assert_double_eq_tol(rss_timeline_growth_mib_per_min(&tl), 60, 1e-3);
    ck_assert(isnan(rss_timeline_sample_growth_mib_per_min(&tl)));
    rss_timeline_add(&tl, 2.0, (int64_t)(12 * MIB));
    ck_assert_double_eq_tol(rss_timeline_sample_growth_mib_per_min(&tl), 60, 1e-3);
    rss_timeline_clear(&tl);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rss_timeline_summary");
    TCase *t = tcase_create("core");
    tcase_add_test(t, a_straight_line_gives_its_slope_in_mib_per_minute);
    tcase_add_test(t, only_the_second_half_counts_so_warm_up_is_left_out);
    tcase_add_test(t, the_tree_peak_is_never_below_the_exact_per_process_peak);
    tcase_add_test(t, a_run_shorter_than_two_seconds_records_no_growth);
    suite_add_tcase(s, t);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
