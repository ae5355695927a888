/*
 * changepoint.h - change points of one series by E-Divisive means with a permutation test: a
 * pure function over an array of doubles, deterministic for a given seed.
 *
 * Takes n values in order (one per commit, any unit; no NaN), gives the indexes i at which the
 * distribution changes (i is the first value of the new segment, as in Apache Otava), each with
 * its statistic q-hat and the permutation p-value that accepted it.
 *
 * Method: D. S. Matteson, N. A. James, "A Nonparametric Approach for Multiple Change Point
 * Analysis of Multivariate Data", JASA 109(505):334-345, 2014 (arXiv:1306.4933), with alpha = 1
 * (distances |x_i - x_j|), followed as Apache Otava 0.8.0 does in compute_change_points_orig
 * (otava/change_point_divisive/{calculator,detector,significance_test}.py, tag
 * 0.8.0-incubating-rc2, commit 57e3982):
 *   1. In every segment [s, e) between the change points found so far, the candidate is the
 *      (tau, kappa), s < tau < kappa <= e, that maximises
 *          Q = m n / (m + n) * ( 2/(m n) sum_{X,Y} |x - y| - C(m,2)^-1 sum_{X pairs} |x - x'|
 *                                - C(n,2)^-1 sum_{Y pairs} |y - y'| ),
 *      X = x[s..tau), Y = x[tau..kappa), m = |X|, n = |Y|; the best over all segments is tried.
 *   2. Permutation test: R times, the values are shuffled within each segment and step 1 is
 *      repeated; p = (1 + #{permuted Q >= observed Q}) / (R + 1). The candidate becomes a change
 *      point when p <= alpha, and the search goes on in the new segments; else it stops.
 * Two deliberate differences from Otava's code:
 *   - Every segment (X and Y above) holds at least min_size >= 2 values (the paper's and the R
 *     package ecp's "min.size"). Otava allows single-value segments, for which the within-term
 *     is empty, so that one outlier becomes a segment of its own with a large Q. With two or
 *     more values per segment the within-Y term cancels an outlier's distance to the rest:
 *     a single outlier commit is not a change point.
 *   - The p-value counts the observed statistic as one of the permutations (Phipson & Smyth,
 *     "Permutation p-values should never be zero", SAGMB 9(1), 2010); Otava divides the count
 *     of exceedances alone by R + 1.
 * Cost: O(n^2) memory and O(R n^2) time per change point tested (n = 200, R = 199: ~10 ms).
 */
#ifndef VERSUS_CHANGEPOINT_H
#define VERSUS_CHANGEPOINT_H

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

/* The defaults of `versus history check` (README, "Finding regressions in the history"). */
#define CHANGEPOINT_MIN_SIZE 3
#define CHANGEPOINT_PERMUTATIONS 199
#define CHANGEPOINT_ALPHA 0.01
#define CHANGEPOINT_SEED UINT64_C(0x7665727375730002)

struct changepoint_options {
    size_t min_size;       /* values per segment, at least 2 */
    unsigned permutations; /* R, at least 1 */
    double alpha;          /* accept a candidate when its p-value <= alpha */
    uint64_t seed;         /* of the shuffles (prng.h) */
};

/* The defaults above. */
struct changepoint_options changepoint_defaults(void);

struct changepoint {
    size_t index;   /* the first value after the change */
    double qhat;    /* Q of the accepted split, in the series' unit */
    double p_value; /* of the permutation test that accepted it */
};

/* Change points, sorted by index. */
struct changepoint_list {
    struct changepoint *points;
    size_t n;
};

/* Finds the change points of x[0..n) into *out (empty when there are none, e.g. when n <
 * 2 * min_size). Returns 0, or -1 with err set (a NaN or infinite value, bad options, out of
 * memory). Free out with changepoint_list_free. */
int changepoint_edivisive(const double *x, size_t n, const struct changepoint_options *o,
                          struct changepoint_list *out, struct verr *err);

void changepoint_list_free(struct changepoint_list *l);

#endif
