/*
 * changepoint.c - E-Divisive means with a permutation test (see changepoint.h for the method,
 * its sources and where it departs from Apache Otava 0.8.0).
 *
 * Every sum of distances over a block [a0, a1) x [b0, b1) is read in O(1) from the 2-D prefix
 * sums P[a][b] = sum_{i < a, j < b} |x_i - x_j|, built in O(n^2) for the series and again for
 * each permuted copy; the best split of a segment of length L then costs O(L^2).
 */
#include "compare/changepoint.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/prng.h"

struct changepoint_options changepoint_defaults(void)
{
    struct changepoint_options o = {
        .min_size = CHANGEPOINT_MIN_SIZE,
        .permutations = CHANGEPOINT_PERMUTATIONS,
        .alpha = CHANGEPOINT_ALPHA,
        .seed = CHANGEPOINT_SEED,
    };
    return o;
}

void changepoint_list_free(struct changepoint_list *l)
{
    free(l->points);
    l->points = NULL;
    l->n = 0;
}

/* The prefix sums of x[0..n) into p ((n + 1)^2 doubles, row-major). */
static void prefix_sums(const double *x, size_t n, double *p)
{
    size_t w = n + 1;
    memset(p, 0, w * sizeof *p);
    for (size_t a = 0; a < n; a++) {
        double *row = p + (a + 1) * w, *above = p + a * w;
        row[0] = 0;
        for (size_t b = 0; b < n; b++)
            row[b + 1] = above[b + 1] + row[b] - above[b] + fabs(x[a] - x[b]);
    }
}

/* sum_{a0 <= i < a1, b0 <= j < b1} |x_i - x_j|. */
static double block(const double *p, size_t w, size_t a0, size_t a1, size_t b0, size_t b1)
{
    return p[a1 * w + b1] - p[a0 * w + b1] - p[a1 * w + b0] + p[a0 * w + b0];
}

/* The best split of the segment [s, e): *tau and its Q; false when the segment is too short
 * for two parts of min_size values. */
static bool best_split(const double *p, size_t w, size_t s, size_t e, size_t min_size, size_t *tau,
                       double *q)
{
    bool found = false;
    for (size_t t = s + min_size; t + min_size <= e; t++) {
        double m = (double)(t - s);
        double within_x = block(p, w, s, t, s, t) / 2 / (m * (m - 1) / 2);
        for (size_t k = t + min_size; k <= e; k++) {
            double n = (double)(k - t);
            double between = 2 * block(p, w, s, t, t, k) / (m * n);
            double within_y = block(p, w, t, k, t, k) / 2 / (n * (n - 1) / 2);
            double v = m * n / (m + n) * (between - within_x - within_y);
            if (!found || v > *q) {
                *q = v;
                *tau = t;
                found = true;
            }
        }
    }
    return found;
}

/* The segments' bounds: 0, the change points' indexes, n (k + 2 values into bounds). */
static size_t segment_bounds(const struct changepoint_list *cps, size_t n, size_t *bounds)
{
    size_t k = 0;
    bounds[k++] = 0;
    for (size_t i = 0; i < cps->n; i++)
        bounds[k++] = cps->points[i].index;
    bounds[k++] = n;
    return k;
}

/* The best split over every segment of bounds (nb bounds): its index and Q; false when no
 * segment can be split. */
static bool best_candidate(const double *p, size_t w, const size_t *bounds, size_t nb,
                           size_t min_size, size_t *index, double *q)
{
    bool found = false;
    for (size_t i = 0; i + 1 < nb; i++) {
        size_t t;
        double v;
        if (best_split(p, w, bounds[i], bounds[i + 1], min_size, &t, &v) && (!found || v > *q)) {
            *index = t;
            *q = v;
            found = true;
        }
    }
    return found;
}

/* Shuffles x within each segment of bounds (Fisher-Yates). */
static void shuffle_segments(double *x, const size_t *bounds, size_t nb, struct rng *r)
{
    for (size_t i = 0; i + 1 < nb; i++) {
        double *seg = x + bounds[i];
        for (size_t j = bounds[i + 1] - bounds[i]; j > 1; j--) {
            size_t k = rng_uniform_below(r, j);
            double tmp = seg[j - 1];
            seg[j - 1] = seg[k];
            seg[k] = tmp;
        }
    }
}

/* Inserts cp into the sorted list (room for it is there). */
static void insert_sorted(struct changepoint_list *l, struct changepoint cp)
{
    size_t i = l->n;
    while (i > 0 && l->points[i - 1].index > cp.index) {
        l->points[i] = l->points[i - 1];
        i--;
    }
    l->points[i] = cp;
    l->n++;
}

int changepoint_edivisive(const double *x, size_t n, const struct changepoint_options *o,
                          struct changepoint_list *out, struct verr *err)
{
    out->points = NULL;
    out->n = 0;
    if (o->min_size < 2 || o->permutations < 1 || !(o->alpha > 0 && o->alpha < 1))
        return verr_set(err, "change points: min_size must be >= 2, permutations >= 1 and "
                             "alpha in (0, 1)");
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return verr_set(err, "change points: value %zu is not a finite number", i);
    if (n < 2 * o->min_size)
        return 0;
    size_t w = n + 1, max_points = n / o->min_size;
    double *p = malloc(w * w * sizeof *p), *copy = malloc(n * sizeof *copy);
    size_t *bounds = malloc((max_points + 2) * sizeof *bounds);
    out->points = malloc(max_points * sizeof *out->points);
    if (p == NULL || copy == NULL || bounds == NULL || out->points == NULL) {
        free(p);
        free(copy);
        free(bounds);
        changepoint_list_free(out);
        return verr_set(err, "change points: out of memory for %zu values", n);
    }
    struct rng r;
    rng_seed(&r, o->seed);
    prefix_sums(x, n, p);
    for (;;) {
        size_t nb = segment_bounds(out, n, bounds), index;
        double q;
        /* p holds the series' own prefix sums here */
        if (!best_candidate(p, w, bounds, nb, o->min_size, &index, &q))
            break;
        unsigned exceed = 0;
        for (unsigned k = 0; k < o->permutations; k++) {
            memcpy(copy, x, n * sizeof *copy);
            shuffle_segments(copy, bounds, nb, &r);
            prefix_sums(copy, n, p);
            size_t perm_index;
            double perm_q;
            if (best_candidate(p, w, bounds, nb, o->min_size, &perm_index, &perm_q) && perm_q >= q)
                exceed++;
        }
        prefix_sums(x, n, p);
        double pv = (1.0 + exceed) / (1.0 + o->permutations);
        if (pv > o->alpha)
            break;
        insert_sorted(out, (struct changepoint){.index = index, .qhat = q, .p_value = pv});
    }
    free(p);
    free(copy);
    free(bounds);
    return 0;
}
