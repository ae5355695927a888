/*
 * gc_summary.c - gc-latency's latency metrics (see gc_summary.h).
 */
#include "gc_summary.h"

#include <math.h>
#include <stdlib.h>

#define PAUSE_THRESHOLD_S 0.001

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The value at rank ceil(p × n) of the sorted array. */
static double rank(const double *sorted, size_t n, double p)
{
    size_t r = (size_t)ceil(p * (double)n);
    return sorted[r == 0 ? 0 : r - 1];
}

size_t gc_summary(double *lat, size_t n, struct metric out[GC_SUMMARY_METRICS])
{
    double total = 0.0, run_max = 0.0;
    size_t pauses = 0;
    for (size_t i = 0; i < n; i++) {
        if (lat[i] > PAUSE_THRESHOLD_S) {
            if (run_max == 0.0)
                pauses++;
            run_max = fmax(run_max, lat[i]);
        } else {
            total += run_max;
            run_max = 0.0;
        }
    }
    total += run_max;
    qsort(lat, n, sizeof *lat, cmp_double);
    out[0] = (struct metric){"p50_s", rank(lat, n, 0.50)};
    out[1] = (struct metric){"p90_s", rank(lat, n, 0.90)};
    out[2] = (struct metric){"p99_s", rank(lat, n, 0.99)};
    out[3] = (struct metric){"p999_s", rank(lat, n, 0.999)};
    out[4] = (struct metric){"p9999_s", rank(lat, n, 0.9999)};
    out[5] = (struct metric){"max_s", lat[n - 1]};
    out[6] = (struct metric){"pause_s", total};
    out[7] = (struct metric){"pauses", (double)pauses};
    return GC_SUMMARY_METRICS;
}
