/*
 * test_changepoint.c - unit tests of harness/compare/changepoint.c (E-Divisive means with a
 * permutation test): a noiseless step whose statistic is worked out by hand, noisy steps, one
 * outlier (never a change point), two steps, determinism, and bad input.
 */
#include <check.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "compare/changepoint.h"
#include "util/prng.h"

/* n values of level * (1 + noise * N(0, 1)) (Box-Muller over prng.h), seeded. */
static void noisy(double *x, size_t n, double level, double noise, uint64_t seed)
{
    struct rng r;
    rng_seed(&r, seed);
    for (size_t i = 0; i < n; i++) {
        double u1 = ((double)(rng_next(&r) >> 11) + 1.0) / 9007199254740993.0;
        double u2 = (double)(rng_next(&r) >> 11) / 9007199254740992.0;
        double z = sqrt(-2 * log(u1)) * cos(2 * M_PI * u2);
        x[i] = level * (1 + noise * z);
    }
}

static struct changepoint_list find(const double *x, size_t n)
{
    struct changepoint_options o = changepoint_defaults();
    struct changepoint_list l;
    struct verr err;
    ck_assert_int_eq(changepoint_edivisive(x, n, &o, &l, &err), 0);
    return l;
}

START_TEST(test_a_noiseless_step_is_found_with_q_10_and_p_1_in_200)
{
    /* 10 zeros then 10 ones. At tau = 10, kappa = 20: m = n = 10, the 100 between-distances are
     * 1 each, so 2/(m n) * 100 = 2, the within-terms are 0, and Q = m n / (m + n) * 2 = 10; any
     * kappa < 20 gives 2 n m / (m + n) < 10. A permutation reaches 10 only when it is the same
     * step again (probability 1/C(20,10)), so p = 1 / (R + 1) = 1/200. The segments either side
     * are constant: every split and permutation gives Q = 0, p = 1, and the search stops. */
    double x[20];
    for (size_t i = 0; i < 20; i++)
        x[i] = i < 10 ? 0 : 1;
    struct changepoint_list l = find(x, 20);
    ck_assert_uint_eq(l.n, 1);
    ck_assert_uint_eq(l.points[0].index, 10);
    ck_assert_double_eq_tol(l.points[0].qhat, 10.0, 1e-9);
    ck_assert_double_eq_tol(l.points[0].p_value, 1.0 / 200, 1e-12);
    changepoint_list_free(&l);
}
END_TEST

START_TEST(test_noisy_step_found_near_its_commit)
{
    /* 40 commits, 2 % noise, +8 % from index 25 on (the integration test's shape). */
    for (uint64_t seed = 1; seed <= 5; seed++) {
        double x[40];
        noisy(x, 40, 1.0, 0.02, seed);
        for (size_t i = 25; i < 40; i++)
            x[i] *= 1.08;
        struct changepoint_list l = find(x, 40);
        ck_assert_uint_ge(l.n, 1);
        bool near = false;
        for (size_t i = 0; i < l.n; i++)
            near = near || (l.points[i].index >= 24 && l.points[i].index <= 26);
        ck_assert_msg(near, "seed %llu: no change point within 1 of 25", (unsigned long long)seed);
        changepoint_list_free(&l);
    }
}
END_TEST

START_TEST(test_single_outlier_is_not_a_change_point)
{
    /* 1 % noise; one value 50 % high, in the middle, second to last, or last. */
    const size_t where[] = {20, 38, 39};
    for (size_t w = 0; w < 3; w++) {
        double x[40];
        noisy(x, 40, 2.0, 0.01, 100 + w);
        x[where[w]] *= 1.5;
        struct changepoint_list l = find(x, 40);
        ck_assert_msg(l.n == 0, "outlier at %zu: %zu change point(s), first at %zu", where[w], l.n,
                      l.n ? l.points[0].index : 0);
        changepoint_list_free(&l);
    }
}
END_TEST

START_TEST(test_two_noisy_steps_are_both_found)
{
    double x[60];
    noisy(x, 60, 1.0, 0.01, 7);
    for (size_t i = 20; i < 60; i++)
        x[i] *= i < 40 ? 1.10 : 0.95;
    struct changepoint_list l = find(x, 60);
    ck_assert_uint_eq(l.n, 2);
    ck_assert_uint_eq(l.points[0].index, 20);
    ck_assert_uint_eq(l.points[1].index, 40);
    changepoint_list_free(&l);
}
END_TEST

START_TEST(test_the_search_is_deterministic_and_leaves_its_input_alone)
{
    double x[50], before[50];
    noisy(x, 50, 3.0, 0.03, 11);
    for (size_t i = 30; i < 50; i++)
        x[i] *= 1.05;
    memcpy(before, x, sizeof x);
    struct changepoint_list a = find(x, 50), b = find(x, 50);
    ck_assert_int_eq(memcmp(x, before, sizeof x), 0);
    ck_assert_uint_eq(a.n, b.n);
    for (size_t i = 0; i < a.n; i++) {
        ck_assert_uint_eq(a.points[i].index, b.points[i].index);
        ck_assert(a.points[i].qhat == b.points[i].qhat);
        ck_assert(a.points[i].p_value == b.points[i].p_value);
    }
    changepoint_list_free(&a);
    changepoint_list_free(&b);
}
END_TEST

START_TEST(test_bad_and_short_input)
{
    struct changepoint_options o = changepoint_defaults();
    struct changepoint_list l;
    struct verr err;
    double x[8] = {1, 1, 1, 1, 2, 2, 2, NAN};
    ck_assert_int_eq(changepoint_edivisive(x, 8, &o, &l, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "value 7"));
    ck_assert_int_eq(changepoint_edivisive(x, 5, &o, &l, &err), 0); /* < 2 * min_size */
    ck_assert_uint_eq(l.n, 0);
    o.min_size = 1;
    ck_assert_int_eq(changepoint_edivisive(x, 7, &o, &l, &err), -1);
}
END_TEST

static Suite *changepoint_suite(void)
{
    Suite *suite = suite_create("changepoint");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_a_noiseless_step_is_found_with_q_10_and_p_1_in_200);
    tcase_add_test(tc, test_noisy_step_found_near_its_commit);
    tcase_add_test(tc, test_single_outlier_is_not_a_change_point);
    tcase_add_test(tc, test_two_noisy_steps_are_both_found);
    tcase_add_test(tc, test_the_search_is_deterministic_and_leaves_its_input_alone);
    tcase_add_test(tc, test_bad_and_short_input);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    SRunner *runner = srunner_create(changepoint_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
