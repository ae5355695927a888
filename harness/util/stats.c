/*
 * stats.c - descriptive statistics of a set of samples (see stats.h for the definitions).
 */
#include "util/stats.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int stats_cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa;
    double b = *(const double *)pb;
    int na = isnan(a) != 0;
    int nb = isnan(b) != 0;
    if (na || nb)
        return na - nb;
    return (a > b) - (a < b);
}

double stats_quantile_sorted(const double *sorted, size_t n, double p)
{
    if (!(p > 0.0)) /* also catches a NaN p */
        p = 0.0;
    if (p > 1.0)
        p = 1.0;
    double h = (double)(n - 1) * p;
    double floor_h = floor(h);
    size_t lo = (size_t)floor_h;
    if (lo >= n - 1)
        return sorted[n - 1];
    double t = h - floor_h;
    double a = sorted[lo];
    double b = sorted[lo + 1];
    if (t == 0.0)
        return a;
    /* The interpolation as numpy's _lerp writes it: from whichever end is nearer, which
     * keeps the result monotonic in p and exact at both ends. */
    double diff = b - a;
    return t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
}

int stats_summarize(const double *xs, size_t n, struct summary *out)
{
    memset(out, 0, sizeof *out);
    if (n == 0 || n > SIZE_MAX / sizeof(double))
        return -1;
    double *buf = malloc(n * sizeof(double));
    if (buf == NULL)
        return -1;
    memcpy(buf, xs, n * sizeof(double));
    qsort(buf, n, sizeof(double), stats_cmp_double);

    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += xs[i];
    double mean = sum / (double)n;
    double squares = 0.0;
    for (size_t i = 0; i < n; i++)
        squares += (xs[i] - mean) * (xs[i] - mean);

    out->n = n;
    out->min = buf[0];
    out->max = buf[n - 1];
    out->mean = mean;
    out->stddev = n > 1 ? sqrt(squares / (double)(n - 1)) : 0.0;
    out->median = stats_quantile_sorted(buf, n, 0.5);
    out->p5 = stats_quantile_sorted(buf, n, 0.05);
    out->p25 = stats_quantile_sorted(buf, n, 0.25);
    out->p75 = stats_quantile_sorted(buf, n, 0.75);
    out->p95 = stats_quantile_sorted(buf, n, 0.95);
    out->p99 = stats_quantile_sorted(buf, n, 0.99);

    /* The sorted copy is no longer needed: reuse it for the absolute deviations. */
    for (size_t i = 0; i < n; i++)
        buf[i] = fabs(xs[i] - out->median);
    qsort(buf, n, sizeof(double), stats_cmp_double);
    out->mad = stats_quantile_sorted(buf, n, 0.5);

    free(buf);
    return 0;
}
