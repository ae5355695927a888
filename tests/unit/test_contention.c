/*
 * test_contention.c - contention.h: parsing /proc/stat's steal and /proc/pressure/cpu's total
 * (texts as the kernel writes them, and broken ones), the steal share's definition, and the
 * rule that flags a run contaminated.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#include "measure/contention.h"

START_TEST(steal_is_the_eighth_number)
{
    int64_t steal = -1;
    ck_assert_int_eq(contention_parse_stat("cpu  194352 1160 50141 947760 1266 0 258 180 0 0\n"
                                           "cpu0 97176 580 25070 473880 633 0 129 90 0 0\n",
                                           &steal),
                     0);
    ck_assert_int_eq(steal, 180);
    /* Exactly eight numbers (no guest columns). */
    ck_assert_int_eq(contention_parse_stat("cpu  1 2 3 4 5 6 7 8\n", &steal), 0);
    ck_assert_int_eq(steal, 8);
    /* Seven numbers on the line: the 8th must not be taken from the next line. */
    ck_assert_int_eq(contention_parse_stat("cpu  1 2 3 4 5 6 7\ncpu0 9 9 9 9 9 9 9 9\n", &steal),
                     -1);
    ck_assert_int_eq(contention_parse_stat("cpu0 1 2 3 4 5 6 7 8\n", &steal), -1);
    ck_assert_int_eq(contention_parse_stat("cpu  1 2 x 4 5 6 7 8\n", &steal), -1);
    ck_assert_int_eq(contention_parse_stat("", &steal), -1);
}
END_TEST

START_TEST(the_psi_total_is_read_from_the_some_line_only)
{
    int64_t total = -1;
    ck_assert_int_eq(contention_parse_psi("some avg10=98.66 avg60=97.52 avg300=89.28 "
                                          "total=821077924\n"
                                          "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",
                                          &total),
                     0);
    ck_assert_int_eq(total, 821077924);
    ck_assert_int_eq(contention_parse_psi("full avg10=0.00 total=5\n", &total), -1);
    ck_assert_int_eq(contention_parse_psi("some avg10=0.00\nfull total=5\n", &total), -1);
    ck_assert_int_eq(contention_parse_psi("some total=\n", &total), -1);
}
END_TEST

START_TEST(steal_and_pressure_beyond_their_thresholds_mark_a_run_contaminated)
{
    long hz = sysconf(_SC_CLK_TCK), cpus = sysconf(_SC_NPROCESSORS_ONLN);
    struct machine_reading a = {.have_steal = true,
                                .steal_ticks = 100,
                                .have_psi = true,
                                .psi_some_us = 1000000,
                                .have_loadavg = true,
                                .loadavg_1m = 1.5};
    struct machine_reading b = a;
    struct contention c;
    /* Quiet: no steal, no pressure, no preemption. */
    contention_judge(&a, &b, 1.0, 0, NULL, &c);
    ck_assert_double_eq(c.steal_share, 0);
    ck_assert_double_eq(c.psi_cpu_share, 0);
    ck_assert_double_eq(c.loadavg_1m, 1.5);
    ck_assert(!c.contaminated);
    /* One second of the machine's CPU time stolen in a 1 s run: 1 / cpus of it. */
    b.steal_ticks = a.steal_ticks + hz;
    contention_judge(&a, &b, 1.0, 0, NULL, &c);
    ck_assert_double_eq_tol(c.steal_share, 1.0 / (double)cpus, 1e-12);
    ck_assert(c.contaminated == (1.0 / (double)cpus > CONTENTION_MAX_STEAL_SHARE));
    /* CPU pressure: 10 % of the run is fine, 25 % is not. */
    b = a;
    b.psi_some_us = a.psi_some_us + 100000;
    contention_judge(&a, &b, 1.0, 0, NULL, &c);
    ck_assert_double_eq_tol(c.psi_cpu_share, 0.10, 1e-12);
    ck_assert(!c.contaminated);
    b.psi_some_us = a.psi_some_us + 250000;
    contention_judge(&a, &b, 1.0, 0, NULL, &c);
    ck_assert_double_eq_tol(c.psi_cpu_share, 0.25, 1e-12);
    ck_assert(c.contaminated);
    /* ... but not over a window under half a second: 3.5 ms of pressure in a 7 ms run (0.5)
     * is what an idle machine shows around any short run. */
    b.psi_some_us = a.psi_some_us + 3500;
    contention_judge(&a, &b, 0.007, 0, NULL, &c);
    ck_assert_double_eq_tol(c.psi_cpu_share, 0.5, 1e-9);
    ck_assert(!c.contaminated);
    /* What could not be read is NaN, and does not flag. */
    b.have_steal = false;
    b.have_psi = false;
    a.have_loadavg = false;
    contention_judge(&a, &b, 1.0, 0, NULL, &c);
    ck_assert(isnan(c.steal_share) && isnan(c.psi_cpu_share) && isnan(c.loadavg_1m));
    ck_assert(!c.contaminated);
}
END_TEST

/* The slice estimate is EEVDF's: 0.75 ms x (1 + log2 CPUs), CPUs capped at 8. */
START_TEST(the_slice_is_the_scaled_eevdf_base_slice)
{
    ck_assert_double_eq_tol(contention_slice_s(1), 0.00075, 1e-12);
    ck_assert_double_eq_tol(contention_slice_s(2), 0.0015, 1e-12);
    ck_assert_double_eq_tol(contention_slice_s(4), 0.00225, 1e-12);
    ck_assert_double_eq_tol(contention_slice_s(64), 0.003, 1e-12);
}
END_TEST

/* Preemption is judged against the cell's own earlier runs. The figures are this machine's
 * (README, "Contaminated runs"): a 45 ms CPU-bound run alone is switched out about 8 times
 * (175/s); the same run beside a busy neighbour 30 to 70 times. */
START_TEST(preemption_is_judged_against_the_cells_own_rate)
{
    struct machine_reading a = {0}, b = {0};
    struct contention c;
    double slice = contention_slice_s(sysconf(_SC_NPROCESSORS_ONLN));
    double quiet[] = {8 / 0.045, 9 / 0.046, 7 / 0.045, 10 / 0.047, 8 / 0.045};
    struct nivcsw_baseline base;
    contention_baseline(quiet, 5, &base);
    ck_assert_uint_eq(base.n, 5);
    ck_assert_double_eq_tol(base.median_per_s, 8 / 0.045, 1e-9);
    /* The old fixed allowance (2 + 10/s: 2.45 in 45 ms) flagged every one of these. */
    contention_judge(&a, &b, 0.045, 8, &base, &c);
    ck_assert(!c.contaminated);
    contention_judge(&a, &b, 0.045, 12, &base, &c); /* 1.5 x its usual rate: noise */
    ck_assert(!c.contaminated);
    contention_judge(&a, &b, 0.045, 40, &base, &c); /* 5 x, costing 32 slices: a neighbour */
    ck_assert_msg(c.contaminated, "40 switches in 45 ms (slice %g s)", slice);
    /* A rate far above the median but a cost under 5 % of the run: not flagged. A 10 s run
     * with a median of 1/s, switched out 60 times: 6/s, far above, but 50 x 1.5 ms = 75 ms
     * is 0.75 % of it. */
    double slow[] = {1.0, 1.0, 1.1, 0.9};
    contention_baseline(slow, 4, &base);
    contention_judge(&a, &b, 10.0, 60, &base, &c);
    ck_assert(!c.contaminated);
    /* Without a baseline (fewer than 3 earlier runs) the switches are not judged, however
     * many: a count alone cannot tell the kernel's preemptions from a neighbour's. */
    contention_baseline(quiet, 2, &base);
    contention_judge(&a, &b, 0.045, 8, &base, &c);
    ck_assert(!c.contaminated);
    contention_judge(&a, &b, 0.045, 40, NULL, &c);
    ck_assert(!c.contaminated);
}
END_TEST

/* A short run's few switches vary as a Poisson count: a 7 ms run whose cell was switched out
 * once a run is not flagged for 4 (P(X >= 4) = 1.9 % at a mean of 1), though 4 is far above
 * the median rate and 3 extra slices are 64 % of the run; 6 (P = 0.06 %) is. */
START_TEST(a_short_runs_few_switches_are_judged_as_a_poisson_count)
{
    ck_assert_double_eq(contention_poisson_quantile(0, 0.999), 0);
    ck_assert_double_eq(contention_poisson_quantile(1, 0.999), 5);
    ck_assert_double_eq(contention_poisson_quantile(10, 0.999), 21);
    ck_assert_double_eq(contention_poisson_quantile(1000, 0.999), 1099);
    ck_assert_double_eq(contention_poisson_quantile(2000, 0.999), 2139); /* normal tail */
    struct machine_reading a = {0}, b = {0};
    struct contention c;
    double once[] = {1 / 0.007, 1 / 0.007, 1 / 0.007, 1 / 0.007, 1 / 0.007};
    struct nivcsw_baseline base;
    contention_baseline(once, 5, &base);
    contention_judge(&a, &b, 0.007, 4, &base, &c);
    ck_assert(!c.contaminated);
    contention_judge(&a, &b, 0.007, 6, &base, &c);
    ck_assert(c.contaminated);
}
END_TEST

START_TEST(this_machine_reports_its_steal_and_psi_when_available)
{
    struct machine_reading m;
    contention_read(&m);
    ck_assert(m.have_steal); /* every Linux since 2.6.11 has the column */
    ck_assert(m.steal_ticks >= 0);
    ck_assert(m.have_psi == contention_psi_available());
}
END_TEST

int main(void)
{
    Suite *s = suite_create("contention");
    TCase *t = tcase_create("contention");
    tcase_add_test(t, steal_is_the_eighth_number);
    tcase_add_test(t, the_psi_total_is_read_from_the_some_line_only);
    tcase_add_test(t, steal_and_pressure_beyond_their_thresholds_mark_a_run_contaminated);
    tcase_add_test(t, the_slice_is_the_scaled_eevdf_base_slice);
    tcase_add_test(t, preemption_is_judged_against_the_cells_own_rate);
    tcase_add_test(t, a_short_runs_few_switches_are_judged_as_a_poisson_count);
    tcase_add_test(t, this_machine_reports_its_steal_and_psi_when_available);
    suite_add_tcase(s, t);
    SRunner *r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed == 0 ? 0 : 1;
}
