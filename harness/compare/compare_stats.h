/*
 * compare_stats.h - the statistics of a two-sample comparison (before vs after), pure functions.
 *
 *   - Effect size: the ratio of medians, after / before (> 1: after is slower or bigger), with
 *     a percentile bootstrap confidence interval (B. Efron, R. J. Tibshirani, "An Introduction
 *     to the Bootstrap", Chapman & Hall 1993, ch. 13): each sample is resampled with
 *     replacement, independently, the ratio of the two resampled medians is taken, and the
 *     interval is the (1 - confidence)/2 and (1 + confidence)/2 quantiles of that ratio's
 *     bootstrap distribution. compare_ratio_ci computes that distribution exactly
 *     (compare/median_boot.h: Efron 1979, section 3; Maritz & Jarrett 1978), which is the
 *     limit of the Monte-Carlo interval (compare_ratio_ci_resampled: B resamples by a seeded
 *     xoshiro256** generator, type-7 quantiles of the B ratios) as B grows: no resampling
 *     noise, the same interval on every machine, and microseconds instead of the ~20 ms that
 *     10 000 resamples of two 10-run samples take.
 *   - Significance: the two-sided p-value of the Mann-Whitney U test (H. B. Mann, D. R.
 *     Whitney, "On a test of whether one of two random variables is stochastically larger than
 *     the other", Ann. Math. Statist. 18(1), 1947), which assumes nothing about the shape of
 *     the distributions (run times are skewed and often bimodal).
 *   - Verdict: "faster" when the whole interval is below 1 and p < 0.05, "slower" when it is
 *     above 1 and p < 0.05, else "no significant change"; a slower result whose interval lies
 *     entirely above 1 + threshold is "regressed" (what a CI gate fails on).
 */
#ifndef VERSUS_COMPARE_STATS_H
#define VERSUS_COMPARE_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bootstrap resamples per Monte-Carlo interval (compare_ratio_ci_resampled), the confidence level
 * and the significance level used by `versus ab` and `versus compare`. */
#define COMPARE_RESAMPLES 10000
#define COMPARE_CONFIDENCE 0.95
#define COMPARE_ALPHA 0.05
/* The seed of every bootstrap `versus` computes, so that its intervals are reproducible. */
#define COMPARE_SEED UINT64_C(0x7665727375730001)

/* The median (type-7 0.5 quantile, stats.h) of n values in any order; xs is not modified.
 * Returns NaN when n == 0 or out of memory. */
double compare_median(const double *xs, size_t n);

/* A ratio of medians with its bootstrap interval. */
struct compare_ratio {
    double ratio;     /* median(after) / median(before) */
    double low, high; /* the interval's ends; a resample whose before-median is 0 counts as an
                       * unbounded ratio, written as DBL_MAX (so high may be DBL_MAX) */
};

/* Computes the ratio of medians of after[0..na) over before[0..nb) and its exact percentile
 * bootstrap interval at level confidence (0 < confidence < 1): the quantiles
 * inf{t : P(ratio* <= t) >= (1 -+ confidence)/2} of the bootstrap distribution of the ratio of
 * resampled medians (compare/median_boot.h). Values are in any unit, the same for both
 * samples, and must be >= 0 (times, bytes). Returns 0, or -1 (out is then all NaN) when a
 * sample is empty or has more than 100 000 values, median(before) is not > 0, confidence is
 * out of range, or out of memory. */
int compare_ratio_ci(const double *before, size_t nb, const double *after, size_t na,
                     double confidence, struct compare_ratio *out);

/* The same interval by Monte Carlo: resamples (>= 1) resamples drawn with the generator seeded
 * by seed, the interval the type-7 quantiles of the resampled ratios. Its bounds differ from
 * compare_ratio_ci's by the resampling error only (checked by test_median_boot). Same returns;
 * -1 also when resamples is out of range. */
int compare_ratio_ci_resampled(const double *before, size_t nb, const double *after, size_t na,
                               size_t resamples, double confidence, uint64_t seed,
                               struct compare_ratio *out);

/* The Mann-Whitney U test of x against y. */
struct compare_mwu {
    double u1;  /* U of the first sample: how many (x, y) pairs have x > y, ties counting 1/2 */
    double p;   /* two-sided p-value, in [0, 1] */
    bool exact; /* p from the exact distribution of U (else the normal approximation) */
};

/* Runs the two-sided Mann-Whitney U test. When both samples have at least 8 values, or any
 * value is tied (within or across the samples), p comes from the normal approximation with
 * the tie correction of the variance and a continuity correction of 0.5 (as
 * scipy.stats.mannwhitneyu(method="asymptotic") computes it; p = 1 when every value is the
 * same); otherwise from the exact null distribution of U (every arrangement of the pooled
 * values equally likely, counted by the recursion of Mann & Whitney 1947), p = 2 P(U <= min(U1,
 * U2)) capped at 1, as scipy's method="exact". Returns 0, or -1 (out then has p = NaN) when a
 * sample is empty, a value is NaN, or out of memory. */
int compare_mann_whitney(const double *x, size_t nx, const double *y, size_t ny,
                         struct compare_mwu *out);

/* The smallest two-sided p-value the Mann-Whitney test can give for samples of nx and ny
 * values (no ties): 2 / C(nx + ny, nx), capped at 1. When it is not below COMPARE_ALPHA, no
 * verdict but "no significant change" is possible (3 runs against 3: 0.1). */
double compare_mwu_min_p(size_t nx, size_t ny);

enum compare_verdict {
    COMPARE_NO_CHANGE, /* "no significant change" */
    COMPARE_FASTER,    /* "faster": ci_high < 1 and p < alpha */
    COMPARE_SLOWER,    /* "slower": ci_low > 1 and p < alpha */
    COMPARE_REGRESSED, /* "regressed": slower, and ci_low > 1 + threshold */
};

/* The verdict for an interval [ci_low, ci_high] of the ratio after/before, a p-value and a
 * threshold (a fraction: 0.05 for 5 %), at significance level COMPARE_ALPHA. A NaN anywhere
 * gives COMPARE_NO_CHANGE. */
enum compare_verdict compare_verdict_of(double ci_low, double ci_high, double p, double threshold);

/* The separation rule, for metrics whose own spread is tiny (simulated instruction counts,
 * util/metric.h METRIC_RULE_SEPARATION), where a rank test is powerless with few runs (3
 * against 3: p >= 0.1) and a bootstrap interval of 3 values is only their range. With
 * m_b, m_a the medians, r = m_a / m_b, and s = max over both sides of (max - min) / median
 * (each side's relative spread):
 *   slower     when min(after) > max(before) (the ranges do not overlap) and
 *              r - 1 > COMPARE_SEPARATION_K * s;
 *   regressed  when slower and r - 1 > threshold;
 *   faster     when max(after) < min(before) and 1 - r > COMPARE_SEPARATION_K * s;
 *   else no significant change (also with fewer than 2 values on a side, whose spread is
 *   then unknown, or a before median that is not > 0).
 * Why K = 3 (README.md, "The verdict rule"): under no change both sides are draws from one
 * distribution of relative width w, so |r - 1| <= w; the rule can then fire only if both
 * observed ranges are below w / K. For the worst bounded noise, uniform, the range of n = 3
 * draws is Beta(2, 2)-distributed in units of w, P(range < w/3) = 7/27, so both sides at once:
 * (7/27)^2 = 0.067; and the two medians must also sit at the far ends of the width, which
 * makes a false alarm rarer still. The threshold then keeps changes that are real but too small
 * to matter from failing a gate. */
#define COMPARE_SEPARATION_K 3.0

/* The verdict of the separation rule (above) for before[0..nb) and after[0..na) (any order,
 * any unit, values >= 0) at threshold (a fraction). */
enum compare_verdict compare_separation_verdict(const double *before, size_t nb,
                                                const double *after, size_t na, double threshold);

/* "no significant change", "faster", "slower" or "regressed". */
const char *compare_verdict_name(enum compare_verdict v);

#endif
