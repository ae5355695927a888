/*
 * stats.h - descriptive statistics of a set of samples.
 *
 * Percentiles use linear interpolation between closest ranks, the definition numpy's
 * percentile() uses by default ("linear", type 7 in Hyndman & Fan, "Sample Quantiles in
 * Statistical Packages", The American Statistician 50(4), 1996): for sorted x[0..n-1] and
 * p in [0,1], h = (n-1)p, and the p-quantile is x[floor h] + (h - floor h)(x[floor h + 1] -
 * x[floor h]). The median is the 0.5 quantile. MAD is the raw median absolute deviation from
 * the median (not scaled by 1.4826). stddev is the sample standard deviation (n-1 divisor);
 * 0 when n = 1.
 */
#ifndef VERSUS_STATS_H
#define VERSUS_STATS_H

#include <stddef.h>

struct summary {
    size_t n;
    double min, max, mean, stddev;
    double median, mad;
    double p5, p25, p75, p95, p99;
};

/* The p-quantile (0 <= p <= 1; outside that range p is clamped to it) of n >= 1 values
 * already sorted ascending (definition above). Interpolates the way numpy does, from the
 * nearer of the two neighbours, so results match numpy.percentile(..., method="linear"). */
double stats_quantile_sorted(const double *sorted, size_t n, double p);

/* Fills out from n values (any order; xs is not modified; units are the caller's, and every
 * field but n is in them). A NaN sorts after every number, so it shows up in max and mean.
 * Returns 0, or -1 when n == 0 or out of memory (out is then zeroed). */
int stats_summarize(const double *xs, size_t n, struct summary *out);

/* qsort comparator for doubles: ascending, NaN after every number (a total order, so qsort
 * stays well defined even on bad input). */
int stats_cmp_double(const void *pa, const void *pb);

#endif
