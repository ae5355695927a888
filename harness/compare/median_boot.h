/*
 * median_boot.h - the exact bootstrap distribution of a sample median, and the quantiles of the
 * ratio of two independent ones: the limit, as the number of resamples grows, of the Monte-Carlo
 * percentile bootstrap of a ratio of medians (compare_stats.h), without resampling noise.
 *
 * Takes sorted samples (values >= 0, any unit); gives the atoms (value, probability) of the
 * median (type-7, util/stats.h) of a resample of n values drawn with replacement, and the
 * q-quantile of the ratio A / B of two such independent resampled medians. Errors: -1 when
 * out of memory or a sample is empty. Method and sources: median_boot.c.
 */
#ifndef VERSUS_MEDIAN_BOOT_H
#define VERSUS_MEDIAN_BOOT_H

#include <stddef.h>

/* One possible value of a resample's median and its probability. */
struct median_atom {
    double value;
    double p;
};

/* The distribution of the median of n draws with replacement from sorted[0..n) (ascending):
 * *out (malloc'd, sorted by value, probabilities summing to 1 up to rounding) and its length in
 * *count (n atoms for odd n, at most n(n+1)/2 for even n). Returns 0, or -1. */
int median_boot_atoms(const double *sorted, size_t n, struct median_atom **out, size_t *count);

/* The q-quantile (0 < q < 1), in the sense inf{t : P(R <= t) >= q}, of R = A / B where A and B
 * are independent with the atoms a[0..na) and b[0..nb) (sorted by value, values >= 0, some
 * b > 0). A B of 0 gives R = 1 when A is 0 and DBL_MAX otherwise, as the Monte-Carlo bootstrap
 * counts them. One end, dividing as it walks: the path median_boot_ratio_interval takes above
 * 16384 ratios, kept public so that the tests can check that path on small samples. */
double median_boot_ratio_quantile(const struct median_atom *a, size_t na,
                                  const struct median_atom *b, size_t nb, double q);

/* The q_low- and q_high-quantiles of the same R into *low and *high (what compare uses), each
 * the value median_boot_ratio_quantile gives, bit for bit, made faster by computing every ratio
 * once when there are at most 16384 of them and starting both searches from one walk; the
 * tests check it against median_boot_ratio_quantile, which divides as it goes. Returns 0, or -1
 * (both NAN) when a list is empty or out of memory. */
int median_boot_ratio_interval(const struct median_atom *a, size_t na, const struct median_atom *b,
                               size_t nb, double q_low, double q_high, double *low, double *high);

#endif
