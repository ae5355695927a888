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

START_TEST(steal_and_preemption_beyond_their_allowance_mark_a_run_contaminated)
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
    /* Quiet: no steal, no preemption. */
    contention_judge(&a, &b, 1.0, 0, &c);
    ck_assert_double_eq(c.steal_share, 0);
    ck_assert_double_eq(c.psi_cpu_share, 0);
    ck_assert_double_eq(c.loadavg_1m, 1.5);
    ck_assert(!c.contaminated);
    /* One second of the machine's CPU time stolen in a 1 s run: 1 / cpus of it. */
    b.steal_ticks = a.steal_ticks + hz;
    b.psi_some_us = a.psi_some_us + 250000;
    contention_judge(&a, &b, 1.0, 0, &c);
    ck_assert_double_eq_tol(c.steal_share, 1.0 / (double)cpus, 1e-12);
    ck_assert_double_eq_tol(c.psi_cpu_share, 0.25, 1e-12);
    ck_assert(c.contaminated == (1.0 / (double)cpus > CONTENTION_MAX_STEAL_SHARE));
    /* Preempted: the allowance is base + per second of wall time. */
    b = a;
    double allowed = CONTENTION_NIVCSW_BASE + CONTENTION_NIVCSW_PER_S * 2.0;
    contention_judge(&a, &b, 2.0, (int64_t)allowed, &c);
    ck_assert(!c.contaminated);
    contention_judge(&a, &b, 2.0, (int64_t)allowed + 1, &c);
    ck_assert(c.contaminated);
    /* What could not be read is NaN, and does not flag. */
    b.have_steal = false;
    b.have_psi = false;
    a.have_loadavg = false;
    contention_judge(&a, &b, 1.0, 0, &c);
    ck_assert(isnan(c.steal_share) && isnan(c.psi_cpu_share) && isnan(c.loadavg_1m));
    ck_assert(!c.contaminated);
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
    tcase_add_test(t, steal_and_preemption_beyond_their_allowance_mark_a_run_contaminated);
    tcase_add_test(t, this_machine_reports_its_steal_and_psi_when_available);
    suite_add_tcase(s, t);
    SRunner *r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed == 0 ? 0 : 1;
}
