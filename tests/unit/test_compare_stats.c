/*
 * test_compare_stats.c - unit tests of compare_stats.c: ratio of medians with its bootstrap
 * interval, the Mann-Whitney U test, the verdict rule.
 *
 * Mann-Whitney reference values are scipy's (scipy 1.17.1, scipy.stats.mannwhitneyu with the
 * method named in each case, computed for this test). The first is the example in scipy's
 * documentation (ages at diagnosis: males [19, 22, 16, 29, 24], females [20, 11, 17, 12]:
 * U = 17, exact p = 0.1111111111111111, asymptotic p = 0.11134688653314041).
 */
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "compare/compare_stats.h"
#include "compare/median_boot.h"

/* A small deterministic generator for test data (SplitMix64), uniform in [0, 1). */
static double uniform01(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return (double)(z >> 11) / 9007199254740992.0;
}

/* Run-time-like samples: scale * (1 + 0.05 * exponential noise). */
static void fill_times(double *xs, size_t n, double scale, uint64_t *state)
{
    for (size_t i = 0; i < n; i++)
        xs[i] = scale * (1.0 + 0.05 * -log(1.0 - uniform01(state)));
}

static void check_mwu(const double *x, size_t nx, const double *y, size_t ny, double u1, double p,
                      int exact)
{
    struct compare_mwu r;
    ck_assert_int_eq(compare_mann_whitney(x, nx, y, ny, &r), 0);
    ck_assert_double_eq_tol(r.u1, u1, 1e-12);
    ck_assert_msg(fabs(r.p - p) <= 1e-12 * (p > 1e-3 ? 1 : p * 1e3 + 1e-9), "p = %.17g, want %.17g",
                  r.p, p);
    ck_assert_int_eq(r.exact, exact);
}

START_TEST(median_of_odd_and_even_counts)
{
    double odd[] = {5, 1, 3};
    double even[] = {4, 1, 3, 2};
    ck_assert_double_eq(compare_median(odd, 3), 3);
    ck_assert_double_eq(compare_median(even, 4), 2.5);
    ck_assert(isnan(compare_median(odd, 0)));
    ck_assert_double_eq(odd[0], 5); /* not modified */
}
END_TEST

START_TEST(bootstrap_contains_the_true_ratio_of_separated_samples)
{
    double before[40], after[40];
    uint64_t st = 42;
    fill_times(before, 40, 0.050, &st);
    fill_times(after, 40, 0.060, &st); /* true ratio 1.2 */
    struct compare_ratio r;
    ck_assert_int_eq(compare_ratio_ci(before, 40, after, 40, COMPARE_CONFIDENCE, &r), 0);
    ck_assert_double_eq_tol(r.ratio, compare_median(after, 40) / compare_median(before, 40), 1e-15);
    ck_assert_msg(r.low <= 1.2 && 1.2 <= r.high, "[%g, %g]", r.low, r.high);
    ck_assert_msg(r.low > 1.0, "low end %g should exclude 1", r.low);
    ck_assert(r.low <= r.ratio && r.ratio <= r.high);
}
END_TEST

START_TEST(bootstrap_is_deterministic_for_a_seed)
{
    double before[15], after[12];
    uint64_t st = 7;
    fill_times(before, 15, 1.0, &st);
    fill_times(after, 12, 1.0, &st);
    struct compare_ratio a, b, c;
    ck_assert_int_eq(compare_ratio_ci_resampled(before, 15, after, 12, 10000, 0.95, 99, &a), 0);
    ck_assert_int_eq(compare_ratio_ci_resampled(before, 15, after, 12, 10000, 0.95, 99, &b), 0);
    ck_assert_int_eq(compare_ratio_ci_resampled(before, 15, after, 12, 10000, 0.95, 100, &c), 0);
    ck_assert(a.low == b.low && a.high == b.high && a.ratio == b.ratio);
    /* Another seed draws other resamples; the interval barely moves (its ends are quantiles
     * of a discrete distribution, so they may even stay the same). */
    ck_assert(a.ratio == c.ratio);
    ck_assert_double_eq_tol(a.low, c.low, 0.02);
    ck_assert_double_eq_tol(a.high, c.high, 0.02);
}
END_TEST

START_TEST(bootstrap_of_constant_samples_is_exact)
{
    double before[] = {2, 2, 2, 2, 2}, after[] = {3, 3, 3};
    struct compare_ratio r;
    ck_assert_int_eq(compare_ratio_ci(before, 5, after, 3, 0.95, &r), 0);
    ck_assert_double_eq(r.ratio, 1.5);
    ck_assert_double_eq(r.low, 1.5);
    ck_assert_double_eq(r.high, 1.5);
}
END_TEST

START_TEST(bootstrap_rejects_what_it_cannot_compute)
{
    double zero[] = {0, 0, 0}, one[] = {1, 1, 1};
    struct compare_ratio r;
    ck_assert_int_eq(compare_ratio_ci(zero, 3, one, 3, 0.95, &r), -1); /* median 0 */
    ck_assert(isnan(r.ratio) && isnan(r.low) && isnan(r.high));
    ck_assert_int_eq(compare_ratio_ci(one, 0, one, 3, 0.95, &r), -1);
    ck_assert_int_eq(compare_ratio_ci(one, 3, one, 3, 1.0, &r), -1);
    ck_assert_int_eq(compare_ratio_ci_resampled(one, 3, one, 3, 0, 0.95, 1, &r), -1);
    /* A before sample mostly 0 (CPU time of a sleeping process): resamples with a 0 median
     * make the high end unbounded, not NaN. */
    double mostly0[] = {0, 0, 0, 0.001, 0.001}, after[] = {0.001, 0.001, 0.001};
    double late[] = {0.001, 0.001, 0.001, 0, 0};
    ck_assert_int_eq(compare_ratio_ci(late, 5, after, 3, 0.95, &r), 0);
    ck_assert(!isnan(r.high) && r.high == DBL_MAX);
    ck_assert_int_eq(compare_ratio_ci(mostly0, 5, after, 3, 0.95, &r), -1);
}
END_TEST

START_TEST(aa_false_alarms_are_rare)
{
    /* 200 simulated A/A comparisons of 20 runs each: the verdict should rarely claim a change
     * (nominally 5 %; the rule needs both the CI and the test, so fewer). */
    uint64_t st = 2024;
    int alarms = 0;
    for (int t = 0; t < 200; t++) {
        double a[20], b[20];
        fill_times(a, 20, 0.05, &st);
        fill_times(b, 20, 0.05, &st);
        struct compare_ratio r;
        struct compare_mwu u;
        ck_assert_int_eq(compare_ratio_ci(a, 20, b, 20, 0.95, &r), 0);
        ck_assert_int_eq(compare_mann_whitney(a, 20, b, 20, &u), 0);
        alarms += compare_verdict_of(r.low, r.high, u.p, 0.0) != COMPARE_NO_CHANGE;
    }
    ck_assert_msg(alarms <= 15, "%d/200 false alarms", alarms);
}
END_TEST

START_TEST(mann_whitney_matches_scipy_exact)
{
    double males[] = {19, 22, 16, 29, 24}, females[] = {20, 11, 17, 12};
    check_mwu(males, 5, females, 4, 17.0, 0.1111111111111111, 1);
    double a[] = {1, 2, 3}, b[] = {4, 5, 6};
    check_mwu(a, 3, b, 3, 0.0, 0.1, 1);
    double one[] = {1}, two[] = {2};
    check_mwu(one, 1, two, 1, 0.0, 1.0, 1);
    double x7[] = {1.5, 3.2, 4.8, 7.1, 9.9, 10.4, 12.6};
    double y12[] = {2.1, 5.5, 6.3, 8.8, 11.0, 13.3, 14.7, 15.2, 16.9, 17.5, 18.1, 19.4};
    check_mwu(x7, 7, y12, 12, 18.0, 0.04493133285702945, 1);
    /* A small side against a large one: x = 0.5, 2.5, ..., 12.5; y = 0, 1, ..., 199. */
    double x[7], y[200];
    for (int i = 0; i < 7; i++)
        x[i] = i * 2.0 + 0.5;
    for (int i = 0; i < 200; i++)
        y[i] = i;
    check_mwu(x, 7, y, 200, 49.0, 1.0562642768447192e-07, 1);
}
END_TEST

START_TEST(mann_whitney_matches_scipy_asymptotic)
{
    double sep_x[10], sep_y[10];
    for (int i = 0; i < 10; i++) {
        sep_x[i] = i + 1;
        sep_y[i] = i + 11;
    }
    check_mwu(sep_x, 10, sep_y, 10, 0.0, 0.00018267179110955002, 0);
    double tx[] = {1, 2, 2, 3, 3, 3, 4, 5}, ty[] = {3, 4, 4, 5, 5, 6, 7, 8};
    check_mwu(tx, 8, ty, 8, 7.5, 0.010573939594238448, 0);
    /* Small samples with ties: the normal approximation with the tie correction. */
    double sx[] = {1, 2, 2}, sy[] = {2, 3, 4};
    check_mwu(sx, 3, sy, 3, 1.0, 0.16415972847851523, 0);
    double ix[] = {1, 3, 5, 7, 9, 11, 13, 15}, iy[] = {2, 4, 6, 8, 10, 12, 14, 16};
    check_mwu(ix, 8, iy, 8, 28.0, 0.713191261016072, 0);
}
END_TEST

START_TEST(mann_whitney_rejects_empty_or_nan_samples_and_is_symmetric)
{
    double same[] = {5, 5, 5, 5}, nan_in[] = {1, NAN};
    struct compare_mwu r;
    ck_assert_int_eq(compare_mann_whitney(same, 4, same, 4, &r), 0);
    ck_assert_double_eq(r.p, 1.0);
    ck_assert_int_eq(compare_mann_whitney(same, 0, same, 4, &r), -1);
    ck_assert(isnan(r.p));
    ck_assert_int_eq(compare_mann_whitney(nan_in, 2, same, 4, &r), -1);
    /* Symmetric in its p-value; U of the other side is nx * ny - U. */
    double males[] = {19, 22, 16, 29, 24}, females[] = {20, 11, 17, 12};
    check_mwu(females, 4, males, 5, 3.0, 0.1111111111111111, 1);
}
END_TEST

START_TEST(the_smallest_exact_p_is_2_over_n_choose_k)
{
    ck_assert_double_eq_tol(compare_mwu_min_p(3, 3), 0.1, 1e-15);       /* 2 / C(6, 3) */
    ck_assert_double_eq_tol(compare_mwu_min_p(4, 4), 2.0 / 70, 1e-15);  /* 2 / C(8, 4) */
    ck_assert_double_eq_tol(compare_mwu_min_p(5, 4), 2.0 / 126, 1e-15); /* 2 / C(9, 4) */
    ck_assert_double_eq_tol(compare_mwu_min_p(2, 10), 2.0 / 66, 1e-15); /* 2 / C(12, 2) */
    ck_assert_double_eq(compare_mwu_min_p(1, 1), 1.0);
    ck_assert_double_eq(compare_mwu_min_p(0, 5), 1.0);
    ck_assert(compare_mwu_min_p(1000, 1000) < 1e-290);
    /* It is what the exact test gives for fully separated samples. */
    double a[] = {1, 2, 3, 4}, b[] = {5, 6, 7, 8};
    struct compare_mwu r;
    ck_assert_int_eq(compare_mann_whitney(a, 4, b, 4, &r), 0);
    ck_assert_double_eq_tol(r.p, compare_mwu_min_p(4, 4), 1e-15);
}
END_TEST

START_TEST(the_verdict_follows_the_interval_p_and_threshold)
{
    ck_assert_int_eq(compare_verdict_of(0.90, 0.95, 0.01, 0.05), COMPARE_FASTER);
    ck_assert_int_eq(compare_verdict_of(1.01, 1.20, 0.01, 0.05), COMPARE_SLOWER);
    ck_assert_int_eq(compare_verdict_of(1.06, 1.20, 0.01, 0.05), COMPARE_REGRESSED);
    ck_assert_int_eq(compare_verdict_of(1.05, 1.20, 0.01, 0.05), COMPARE_SLOWER); /* not above */
    ck_assert_int_eq(compare_verdict_of(1.06, 1.20, 0.01, 0.10), COMPARE_SLOWER);
    ck_assert_int_eq(compare_verdict_of(1.06, 1.20, 0.06, 0.05), COMPARE_NO_CHANGE);  /* p */
    ck_assert_int_eq(compare_verdict_of(0.90, 0.99, 0.05, 0.05), COMPARE_NO_CHANGE);  /* p = a */
    ck_assert_int_eq(compare_verdict_of(0.90, 1.10, 0.001, 0.05), COMPARE_NO_CHANGE); /* CI */
    ck_assert_int_eq(compare_verdict_of(NAN, 1.10, 0.001, 0.05), COMPARE_NO_CHANGE);
    ck_assert_int_eq(compare_verdict_of(1.5, DBL_MAX, 0.001, 0.05), COMPARE_REGRESSED);
    ck_assert_str_eq(compare_verdict_name(COMPARE_NO_CHANGE), "no significant change");
    ck_assert_str_eq(compare_verdict_name(COMPARE_FASTER), "faster");
    ck_assert_str_eq(compare_verdict_name(COMPARE_SLOWER), "slower");
    ck_assert_str_eq(compare_verdict_name(COMPARE_REGRESSED), "regressed");
}
END_TEST

/* The separation rule (near-deterministic metrics): ground truth by construction. */
START_TEST(the_separation_rule_needs_apart_ranges_beyond_spread_and_threshold)
{
    const double same[] = {1000, 1000, 1000};
    const double up1[] = {1010, 1010, 1010};  /* +1 %, no spread */
    const double up03[] = {1003, 1003, 1003}; /* +0.3 %: real, below a 0.5 % threshold */
    const double down1[] = {990, 990, 990};
    ck_assert_int_eq(compare_separation_verdict(same, 3, same, 3, 0.005), COMPARE_NO_CHANGE);
    ck_assert_int_eq(compare_separation_verdict(same, 3, up1, 3, 0.005), COMPARE_REGRESSED);
    ck_assert_int_eq(compare_separation_verdict(same, 3, up03, 3, 0.005), COMPARE_SLOWER);
    ck_assert_int_eq(compare_separation_verdict(same, 3, down1, 3, 0.005), COMPARE_FASTER);
    /* Overlapping ranges: never a change, however far apart the medians. */
    const double wide_b[] = {1000, 1001, 1100};
    const double wide_a[] = {1050, 1090, 1095};
    ck_assert_int_eq(compare_separation_verdict(wide_b, 3, wide_a, 3, 0.005), COMPARE_NO_CHANGE);
    /* Apart, but by less than 3 times the larger relative spread (1 %): no change. */
    const double noisy_b[] = {995, 1000, 1005};
    const double noisy_a[] = {1021, 1025, 1027}; /* +2.5 % < 3 x 1 % */
    ck_assert_int_eq(compare_separation_verdict(noisy_b, 3, noisy_a, 3, 0.005), COMPARE_NO_CHANGE);
    const double far_a[] = {1040, 1045, 1050}; /* +4.5 % > 3 x 1 % */
    ck_assert_int_eq(compare_separation_verdict(noisy_b, 3, far_a, 3, 0.005), COMPARE_REGRESSED);
    /* One value a side: the spread is unknown, so no verdict. */
    ck_assert_int_eq(compare_separation_verdict(same, 1, up1, 1, 0.005), COMPARE_NO_CHANGE);
    ck_assert_int_eq(compare_separation_verdict(same, 0, up1, 3, 0.005), COMPARE_NO_CHANGE);
}
END_TEST

START_TEST(the_median_atoms_of_small_samples_are_the_enumerated_ones)
{
    /* n = 2, {1, 3}: resamples {1,1}, {1,3}, {3,1}, {3,3}: medians 1, 2, 2, 3. */
    double two[] = {1, 3};
    struct median_atom *at;
    size_t k;
    ck_assert_int_eq(median_boot_atoms(two, 2, &at, &k), 0);
    ck_assert_uint_eq(k, 3);
    ck_assert(at[0].value == 1 && at[1].value == 2 && at[2].value == 3);
    ck_assert_double_eq_tol(at[0].p, 0.25, 1e-12);
    ck_assert_double_eq_tol(at[1].p, 0.5, 1e-12);
    ck_assert_double_eq_tol(at[2].p, 0.25, 1e-12);
    free(at);
    /* n = 3, {1, 2, 4}: of 27 resamples, the median is 1 in 7 (two or three 1s), 4 in 7, 2 in
     * 13. */
    double three[] = {1, 2, 4};
    ck_assert_int_eq(median_boot_atoms(three, 3, &at, &k), 0);
    ck_assert_uint_eq(k, 3);
    ck_assert_double_eq_tol(at[0].p, 7.0 / 27, 1e-12);
    ck_assert_double_eq_tol(at[1].p, 13.0 / 27, 1e-12);
    ck_assert_double_eq_tol(at[2].p, 7.0 / 27, 1e-12);
    free(at);
    /* n = 4, {1, 2, 3, 4}: of 256 resamples, enumerated by brute force here; several pairs
     * of order statistics give the same median (1 + 3 and 2 + 2), so compare per value. */
    double four[] = {1, 2, 3, 4};
    ck_assert_int_eq(median_boot_atoms(four, 4, &at, &k), 0);
    double sum = 0;
    for (size_t i = 0; i < k; i++) {
        double p = 0;
        for (size_t j = 0; j < k; j++)
            p += at[j].value == at[i].value ? at[j].p : 0;
        int hits = 0;
        for (int r = 0; r < 256; r++) {
            double v[4] = {four[r & 3], four[(r >> 2) & 3], four[(r >> 4) & 3], four[r >> 6]};
            hits += compare_median(v, 4) == at[i].value;
        }
        ck_assert_double_eq_tol(p, hits / 256.0, 1e-12);
        sum += at[i].p;
    }
    ck_assert_double_eq_tol(sum, 1.0, 1e-12);
    free(at);
}
END_TEST

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* A / B as median_boot.h defines it: B = 0 gives 1 for A = 0, else DBL_MAX. */
static double defined_ratio(double a, double b)
{
    double r = b > 0 ? a / b : (a > 0 ? DBL_MAX : 1.0);
    return r > DBL_MAX ? DBL_MAX : r;
}

/* inf{t : P(R <= t) >= q} by its definition: every ratio a / b tried as t, P(R <= t) summed
 * over every pair of atoms in the order median_boot.c sums it (per b, A's atoms in order; for
 * b = 0 each pair's product on its own), so that the sums agree to the last bit. */
static double brute_quantile(const struct median_atom *a, size_t na, const struct median_atom *b,
                             size_t nb, double q)
{
    double best = INFINITY;
    for (size_t i = 0; i < na; i++) {
        for (size_t j = 0; j < nb; j++) {
            double t = defined_ratio(a[i].value, b[j].value), cdf = 0;
            for (size_t jb = 0; jb < nb; jb++) {
                double below = 0;
                for (size_t ia = 0; ia < na; ia++) {
                    if (!(defined_ratio(a[ia].value, b[jb].value) <= t))
                        continue;
                    if (b[jb].value > 0)
                        below += a[ia].p;
                    else
                        cdf += b[jb].p * a[ia].p;
                }
                if (b[jb].value > 0)
                    cdf += b[jb].p * below;
            }
            if (cdf >= q && t < best)
                best = t;
        }
    }
    return best;
}

START_TEST(the_ratio_quantile_is_the_smallest_ratio_reaching_q)
{
    /* 300 random pairs of small samples with ties and zeros on either side (B keeps one value
     * above 0, as median_boot.h asks): the bisection's answer is the brute-force one, exactly. */
    uint64_t st = 4242;
    const double qs[] = {0.001, 0.025, 0.3, 0.5, 0.975, 0.999};
    for (int t = 0; t < 300; t++) {
        size_t na = 1 + (size_t)(uniform01(&st) * 8), nb = 1 + (size_t)(uniform01(&st) * 8);
        double xa[8], xb[8];
        for (size_t i = 0; i < na; i++)
            xa[i] = uniform01(&st) < 0.2 ? 0.0 : (double)(1 + (int)(uniform01(&st) * 5));
        for (size_t i = 0; i < nb; i++)
            xb[i] = uniform01(&st) < 0.3 ? 0.0 : (double)(1 + (int)(uniform01(&st) * 5));
        xb[nb - 1] = t % 3 == 0 ? 2.5 : xb[nb - 1] + 1.0;
        qsort(xa, na, sizeof *xa, cmp_double);
        qsort(xb, nb, sizeof *xb, cmp_double);
        struct median_atom *a, *b;
        size_t ka, kb;
        ck_assert_int_eq(median_boot_atoms(xa, na, &a, &ka), 0);
        ck_assert_int_eq(median_boot_atoms(xb, nb, &b, &kb), 0);
        for (size_t k = 0; k < sizeof qs / sizeof qs[0]; k++) {
            double got = median_boot_ratio_quantile(a, ka, b, kb, qs[k]);
            double want = brute_quantile(a, ka, b, kb, qs[k]);
            ck_assert_msg(got == want, "case %d, q %g: %.17g, by definition %.17g", t, qs[k], got,
                          want);
            /* the interval's ends, walked over a table of the ratios: the same bits */
            double low, high, q_high = qs[sizeof qs / sizeof qs[0] - 1 - k];
            ck_assert_int_eq(median_boot_ratio_interval(a, ka, b, kb, qs[k], q_high, &low, &high),
                             0);
            ck_assert_msg(low == want, "case %d, q %g: interval %.17g, by definition %.17g", t,
                          qs[k], low, want);
            ck_assert(high == median_boot_ratio_quantile(a, ka, b, kb, q_high));
        }
        free(a);
        free(b);
    }
}
END_TEST

START_TEST(the_exact_interval_agrees_with_monte_carlo)
{
    /* 60 random pairs of samples of 3 to 25 runs, after up to 10 % slower: the exact bounds
     * and those of 20 000 Monte-Carlo resamples agree within the Monte-Carlo error (the 2.5 %
     * quantile of 20 000 draws is off by about 0.1 % of the ratio's spread; 1 % is generous). */
    uint64_t st = 77;
    for (int t = 0; t < 60; t++) {
        size_t nb = 3 + (size_t)(uniform01(&st) * 23), na = 3 + (size_t)(uniform01(&st) * 23);
        double before[25], after[25];
        fill_times(before, nb, 0.05, &st);
        fill_times(after, na, 0.05 * (1 + 0.1 * uniform01(&st)), &st);
        struct compare_ratio e, m;
        ck_assert_int_eq(compare_ratio_ci(before, nb, after, na, 0.95, &e), 0);
        ck_assert_int_eq(
            compare_ratio_ci_resampled(before, nb, after, na, 20000, 0.95, (uint64_t)t, &m), 0);
        ck_assert(e.ratio == m.ratio);
        ck_assert_msg(fabs(e.low - m.low) <= 0.01 * e.ratio &&
                          fabs(e.high - m.high) <= 0.01 * e.ratio,
                      "n %zu/%zu: exact [%.6f, %.6f], Monte Carlo [%.6f, %.6f]", nb, na, e.low,
                      e.high, m.low, m.high);
        ck_assert(e.low <= e.ratio && e.ratio <= e.high);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("compare_stats");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, median_of_odd_and_even_counts);
    tcase_add_test(tc, bootstrap_contains_the_true_ratio_of_separated_samples);
    tcase_add_test(tc, bootstrap_is_deterministic_for_a_seed);
    tcase_add_test(tc, bootstrap_of_constant_samples_is_exact);
    tcase_add_test(tc, bootstrap_rejects_what_it_cannot_compute);
    tcase_add_test(tc, aa_false_alarms_are_rare);
    tcase_add_test(tc, the_median_atoms_of_small_samples_are_the_enumerated_ones);
    tcase_add_test(tc, the_exact_interval_agrees_with_monte_carlo);
    tcase_add_test(tc, the_ratio_quantile_is_the_smallest_ratio_reaching_q);
    tcase_add_test(tc, mann_whitney_matches_scipy_exact);
    tcase_add_test(tc, mann_whitney_matches_scipy_asymptotic);
    tcase_add_test(tc, mann_whitney_rejects_empty_or_nan_samples_and_is_symmetric);
    tcase_add_test(tc, the_smallest_exact_p_is_2_over_n_choose_k);
    tcase_add_test(tc, the_verdict_follows_the_interval_p_and_threshold);
    tcase_add_test(tc, the_separation_rule_needs_apart_ranges_beyond_spread_and_threshold);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
