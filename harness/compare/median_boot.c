/*
 * median_boot.c - the exact bootstrap distribution of a sample median and the quantiles of a
 * ratio of two (see median_boot.h).
 *
 * Method. A resample draws n indices into the sorted sample x_(1) <= ... <= x_(n) uniformly
 * and independently, so N(<= i), how many draws fall at or below index i, is Binomial(n, i/n)
 * and the k-th order statistic of the resample is at or below x_(i) exactly when
 * N(<= i) >= k. For odd n the median is the order statistic k = (n + 1)/2, so
 *     P(median* = x_(i)) = P(Bin(n, i/n) >= k) - P(Bin(n, (i-1)/n) >= k)
 * (B. Efron, "Bootstrap methods: another look at the jackknife", Ann. Statist. 7(1), 1979,
 * section 3; J. S. Maritz, R. G. Jarrett, "A note on estimating the variance of the sample
 * median", JASA 73(361), 1978). For even n = 2m the type-7 median is the midpoint of the m-th
 * and (m+1)-th order statistics, at indices L <= U. From the multinomial counts: L = i < U = j
 * means exactly m draws at or below i with at least one at i, and the other m all at or above j
 * with at least one at j, so
 *     P(L = i, U = j) = C(n, m) (F_i^m - F_{i-1}^m) ((1 - F_{j-1})^m - (1 - F_j)^m),  F_i = i/n,
 * and summing over j > i telescopes to C(n, m) (F_i^m - F_{i-1}^m) (1 - F_i)^m, which
 * P(L = i) (the binomial formula above with k = m) minus it gives P(L = U = i). The pair (i, j)
 * gives the value stats_quantile_sorted gives for {x_(i), x_(j)}, bit for bit the median a
 * resample with those order statistics has. Terms are computed in logarithms (log-factorials),
 * so that C(n, m) does not overflow for large n; the cost is O(n^2) per sample, and n is the
 * number of runs of a cell (10 by default).
 *
 * The ratio R = A / B of the two resampled medians (independent) has the distribution
 *     P(R <= t) = sum over atoms b of B of P(B = b) P(A / b <= t),
 * evaluated in one pass over both atom lists (A / b <= t admits more atoms of A as b grows).
 * Its q-quantile inf{t : P(R <= t) >= q}, the limit of the Monte-Carlo percentile bound as the
 * number of resamples grows, is one of the ratios a / b: it is found by bisection on t
 * (geometric, since ratios are scale quantities) in which either end is snapped down to the
 * largest ratio at or below the pivot, and the same pass finds the smallest ratio above it,
 * until the upper end is the next ratio above the lower. The result is deterministic and has
 * no resampling error; ratios are formed exactly as the Monte-Carlo code forms them (B = 0
 * gives 1 for A = 0, else DBL_MAX; overflow gives DBL_MAX).
 *
 * The atoms' probabilities depend on n alone, not on the values: they are made once per n
 * (struct term) and kept, so that a sample's atoms cost n(n+1)/2 midpoints and a sort.
 */
#include "compare/median_boot.h"

#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "util/stats.h"

/* ---------------------------------------------------------------------------------------- */
/* The distribution of one median                                                             */
/* ---------------------------------------------------------------------------------------- */

/* P(Bin(n, p) >= k), from the log-factorials lf[0..n]. */
static double binomial_tail(size_t n, size_t k, double p, const double *lf)
{
    if (k == 0 || p >= 1.0)
        return 1.0;
    if (p <= 0.0)
        return 0.0;
    double lp = log(p), lq = log1p(-p), sum = 0;
    for (size_t j = k; j <= n; j++)
        sum += exp(lf[n] - lf[j] - lf[n - j] + (double)j * lp + (double)(n - j) * lq);
    return sum > 1.0 ? 1.0 : sum;
}

/* log(u^m - v^m) for 0 <= v < u, or -INFINITY when it is 0. */
static double log_power_difference(double u, double v, size_t m)
{
    if (!(u > 0))
        return -INFINITY;
    double lu = (double)m * log(u);
    if (v <= 0)
        return lu;
    return lu + log1p(-exp((double)m * log(v / u)));
}

/* An atom and the index of its term, for sorting large lists (sort_atoms). */
struct indexed_atom {
    struct median_atom atom;
    size_t index;
};

/* By value, then by term index: the order a stable sort gives. */
static int cmp_indexed_atom(const void *pa, const void *pb)
{
    const struct indexed_atom *a = pa, *b = pb;
    int by_value = (a->atom.value > b->atom.value) - (a->atom.value < b->atom.value);
    return by_value != 0 ? by_value : (a->index > b->index) - (a->index < b->index);
}

/* Lists up to this long are sorted by insertion: 10 runs give 55 atoms, and qsort's calls
 * through a comparison function were a sixth of the time of an interval (30 000 intervals:
 * 0.82 s of CPU with qsort, 0.70 s with insertion). */
#define INSERTION_SORT_MAX 64

/* Sorts atoms[0..k) by value, equal values kept in their order (the sums over atoms, and so
 * the quantiles, depend on it to the last bit). Returns 0, or -1 when out of memory. */
static int sort_atoms(struct median_atom *atoms, size_t k)
{
    if (k <= INSERTION_SORT_MAX) {
        for (size_t i = 1; i < k; i++) {
            struct median_atom x = atoms[i];
            size_t j = i;
            for (; j > 0 && atoms[j - 1].value > x.value; j--)
                atoms[j] = atoms[j - 1];
            atoms[j] = x;
        }
        return 0;
    }
    struct indexed_atom *tmp = malloc(k * sizeof *tmp);
    if (tmp == NULL)
        return -1;
    for (size_t i = 0; i < k; i++)
        tmp[i] = (struct indexed_atom){atoms[i], i};
    qsort(tmp, k, sizeof *tmp, cmp_indexed_atom);
    for (size_t i = 0; i < k; i++)
        atoms[i] = tmp[i].atom;
    free(tmp);
    return 0;
}

/* The midpoint stats_quantile_sorted gives for the pair (lo, hi). */
static double pair_median(double lo, double hi)
{
    double two[2] = {lo, hi};
    return stats_quantile_sorted(two, 2, 0.5);
}

/* One atom of the median's distribution in terms of order statistics: the value at index lo of
 * the sorted sample when hi == lo, else the midpoint of those at lo and hi (0-based), with its
 * probability. These depend on n only, not on the values. */
struct term {
    size_t lo, hi;
    double p;
};

/* P(L = i) - sum_{j > i} P(L = i, U = j), the terms of the even case, into out. */
static size_t even_terms(size_t n, const double *lf, const double *tail, struct term *out)
{
    size_t m = n / 2, k = 0;
    double dn = (double)n, log_c = lf[n] - lf[m] - lf[n - m];
    for (size_t i = 1; i <= n; i++) {
        double log_a = log_power_difference((double)i / dn, (double)(i - 1) / dn, m);
        if (log_a == -INFINITY)
            continue;
        double p_low = tail[i] - tail[i - 1]; /* P(L = i) */
        double cross = exp(log_c + log_a + (double)m * log1p(-(double)i / dn));
        if (i == n)
            cross = 0;
        double same = p_low - cross;
        if (same > 0)
            out[k++] = (struct term){i - 1, i - 1, same};
        for (size_t j = i + 1; j <= n; j++) {
            double log_b =
                log_power_difference(1.0 - (double)(j - 1) / dn, 1.0 - (double)j / dn, m);
            double p = exp(log_c + log_a + log_b);
            if (p > 0)
                out[k++] = (struct term){i - 1, j - 1, p};
        }
    }
    return k;
}

/* The terms for samples of n values into *out (malloc'd) and *count. Returns 0, or -1 when out
 * of memory. */
static int terms_of(size_t n, struct term **out, size_t *count)
{
    size_t cap = n % 2 ? n : n * (n + 1) / 2;
    double *lf = malloc((n + 1) * sizeof *lf);
    double *tail = malloc((n + 1) * sizeof *tail);
    struct term *terms = malloc(cap * sizeof *terms);
    if (lf == NULL || tail == NULL || terms == NULL) {
        free(lf);
        free(tail);
        free(terms);
        return -1;
    }
    lf[0] = 0;
    for (size_t i = 1; i <= n; i++)
        lf[i] = lf[i - 1] + log((double)i);
    size_t k_order = n % 2 ? (n + 1) / 2 : n / 2; /* the (lower) middle order statistic */
    for (size_t i = 0; i <= n; i++)
        tail[i] = binomial_tail(n, k_order, (double)i / (double)n, lf);
    size_t k = 0;
    if (n % 2) {
        for (size_t i = 1; i <= n; i++)
            if (tail[i] - tail[i - 1] > 0)
                terms[k++] = (struct term){i - 1, i - 1, tail[i] - tail[i - 1]};
    } else {
        k = even_terms(n, lf, tail, terms);
    }
    free(lf);
    free(tail);
    *out = terms;
    *count = k;
    return 0;
}

/* The terms of every n up to TERMS_CACHED_MAX_N, made once and kept for the process (a compare
 * of 60 000 cells of 10 runs needs the same 55 terms 120 000 times, and making them is most of
 * making the atoms): under a mutex, since compare works on several threads. Larger n are made
 * for each call (their terms take O(n^2) memory). */
#define TERMS_CACHED_MAX_N 200
static pthread_mutex_t terms_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
    struct term *terms;
    size_t count;
} terms_cache[TERMS_CACHED_MAX_N + 1];

/* The terms for n, cached or made (*owned true: the caller frees *out). Returns 0 or -1. */
static int terms_for(size_t n, struct term **out, size_t *count, bool *owned)
{
    *owned = n > TERMS_CACHED_MAX_N;
    if (*owned)
        return terms_of(n, out, count);
    int rc = 0;
    pthread_mutex_lock(&terms_lock);
    if (terms_cache[n].terms == NULL)
        rc = terms_of(n, &terms_cache[n].terms, &terms_cache[n].count);
    *out = terms_cache[n].terms;
    *count = terms_cache[n].count;
    pthread_mutex_unlock(&terms_lock);
    return rc;
}

int median_boot_atoms(const double *sorted, size_t n, struct median_atom **out, size_t *count)
{
    *out = NULL;
    *count = 0;
    if (n == 0 || n > 100000)
        return -1;
    struct term *terms;
    size_t k;
    bool owned;
    if (terms_for(n, &terms, &k, &owned) != 0)
        return -1;
    struct median_atom *atoms = malloc((k > 0 ? k : 1) * sizeof *atoms);
    if (atoms != NULL) {
        for (size_t t = 0; t < k; t++) {
            const struct term *x = &terms[t];
            double v = x->lo == x->hi ? sorted[x->lo] : pair_median(sorted[x->lo], sorted[x->hi]);
            atoms[t] = (struct median_atom){v, x->p};
        }
        if (sort_atoms(atoms, k) != 0) {
            free(atoms);
            atoms = NULL;
        }
    }
    if (owned)
        free(terms);
    if (atoms == NULL)
        return -1;
    *out = atoms;
    *count = k;
    return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Quantiles of the ratio                                                                    */
/* ---------------------------------------------------------------------------------------- */

/* A / B as the Monte-Carlo bootstrap forms it (compare_stats.c). */
static double ratio_of(double a, double b)
{
    double r = b > 0 ? a / b : (a > 0 ? DBL_MAX : 1.0);
    return r > DBL_MAX ? DBL_MAX : r;
}

/* The two atom lists, and where the ratios a[j] / b[i] come from: computed on each use, or read
 * from a table of all of them (row i for b[i]) made once for both ends of an interval. A walk
 * divides about na + 2 nb times inside its dependent loop and an end takes about 13 walks: with
 * 10 runs a side (55 atoms), about 4 300 divisions for the two ends against the table's 3 025,
 * made in one loop that does not wait on them (30 000 intervals: 0.70 s of CPU without the
 * table, 0.63 s with it, on this project's 2-core machine). */
struct ratios {
    const struct median_atom *a, *b;
    size_t na, nb;
    double *table; /* NULL, or na * nb ratios */
};

/* Tables of at most this many ratios (128 KiB) are made: 10 runs give 55 atoms a side, 3025
 * ratios; samples of hundreds of runs would need gigabytes, and walk dividing as they go. */
#define RATIO_TABLE_MAX ((size_t)1 << 14)

/* a[j] / b[i] (ratio_of), from the table when there is one: the same value bit for bit. */
static double ratio_at(const struct ratios *r, size_t i, size_t j)
{
    return r->table != NULL ? r->table[i * r->na + j] : ratio_of(r->a[j].value, r->b[i].value);
}

struct walk {
    double cdf;     /* P(R <= t) */
    double at_most; /* the largest ratio <= t, or -1 for none */
    double above;   /* the smallest ratio > t, or INFINITY for none */
};

/* One pass over both atom lists for the threshold t. */
static struct walk walk_at(const struct ratios *rs, double t)
{
    const struct median_atom *a = rs->a, *b = rs->b;
    size_t na = rs->na;
    struct walk w = {0, -1, INFINITY};
    size_t ka = 0;
    double below = 0; /* P(A <= t * b) for the current b */
    for (size_t i = 0; i < rs->nb; i++) {
        if (!(b[i].value > 0)) { /* every A meets a B of 0: its ratio is 1 or DBL_MAX */
            for (size_t j = 0; j < na; j++) {
                double r = ratio_at(rs, i, j);
                if (r <= t) {
                    w.cdf += b[i].p * a[j].p;
                    w.at_most = r > w.at_most ? r : w.at_most;
                } else {
                    w.above = r < w.above ? r : w.above;
                }
            }
            continue;
        }
        /* A / b grows with A: the atoms of A at or under t * b are a prefix, longer as b
         * grows; the first atom past it gives this b's smallest ratio above t. */
        double r = 0;
        while (ka < na && (r = ratio_at(rs, i, ka)) <= t)
            below += a[ka++].p;
        w.cdf += b[i].p * below;
        if (ka < na)
            w.above = r < w.above ? r : w.above;
        if (ka > 0) {
            double last = ratio_at(rs, i, ka - 1);
            w.at_most = last > w.at_most ? last : w.at_most;
        }
    }
    return w;
}

/* Where every search over rs starts, whatever its q: the smallest and largest ratios, and the
 * walk at the smallest (made once for both ends of an interval). */
struct search_start {
    double lo, hi;
    struct walk at_lo;
};

static struct search_start search_start_of(const struct ratios *rs)
{
    const struct median_atom *a = rs->a, *b = rs->b;
    size_t na = rs->na, nb = rs->nb;
    struct search_start s;
    /* The largest ratio: the largest A over the smallest B when no value is negative (A / b
     * grows with A and, for b > 0, shrinks as b grows; B = 0 gives the largest of all). */
    s.hi =
        a[0].value >= 0 && b[0].value >= 0 ? ratio_at(rs, 0, na - 1) : walk_at(rs, DBL_MAX).at_most;
    /* The smallest ratio: the smallest A over the largest B, or a special one (B = 0). */
    s.lo = ratio_at(rs, nb - 1, 0);
    if (!(b[0].value > 0)) {
        double special = ratio_at(rs, 0, 0);
        s.lo = special < s.lo ? special : s.lo;
    }
    s.at_lo = walk_at(rs, s.lo);
    return s;
}

/* The q-quantile of the ratio (median_boot_ratio_quantile) from rs, searched from s. */
static double quantile_of(const struct ratios *rs, const struct search_start *s, double q)
{
    if (s->at_lo.cdf >= q)
        return s->lo;
    double lo = s->lo, hi = s->hi;
    /* Now lo and hi are ratios with P(R <= lo) < q <= P(R <= hi), and next is the smallest
     * ratio above lo: the quantile is hi once next reaches it. Every step moves one end to a
     * ratio strictly inside, so the loop ends (the cap is only a guard). */
    double next = s->at_lo.above;
    for (int iter = 0; iter < 4000 && next < hi; iter++) {
        double mid = lo > 0 ? sqrt(lo) * sqrt(hi) : lo + (hi - lo) / 2;
        if (!(mid >= next && mid < hi)) /* never under next: each step passes a ratio */
            mid = next;
        struct walk w = walk_at(rs, mid);
        if (w.cdf >= q) {
            hi = w.at_most; /* a ratio in [next, mid]: P(R <= it) = P(R <= mid) */
        } else {
            lo = w.at_most; /* likewise, with P(R <= it) < q */
            next = w.above;
        }
    }
    return hi;
}

double median_boot_ratio_quantile(const struct median_atom *a, size_t na,
                                  const struct median_atom *b, size_t nb, double q)
{
    if (na == 0 || nb == 0)
        return NAN;
    struct ratios rs = {a, b, na, nb, NULL};
    struct search_start s = search_start_of(&rs);
    return quantile_of(&rs, &s, q);
}

int median_boot_ratio_interval(const struct median_atom *a, size_t na, const struct median_atom *b,
                               size_t nb, double q_low, double q_high, double *low, double *high)
{
    *low = *high = NAN;
    if (na == 0 || nb == 0)
        return -1;
    struct ratios rs = {a, b, na, nb, NULL};
    if (na <= RATIO_TABLE_MAX / nb) {
        rs.table = malloc(na * nb * sizeof *rs.table);
        if (rs.table == NULL)
            return -1;
        for (size_t i = 0; i < nb; i++)
            for (size_t j = 0; j < na; j++)
                rs.table[i * na + j] = ratio_of(a[j].value, b[i].value);
    }
    struct search_start s = search_start_of(&rs);
    *low = quantile_of(&rs, &s, q_low);
    *high = quantile_of(&rs, &s, q_high);
    free(rs.table);
    return 0;
}
