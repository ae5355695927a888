/*
 * rss_timeline.c - a run's memory timeline and its summaries (see rss_timeline.h).
 */
#include "measure/rss_timeline.h"

#include <math.h>
#include <stdlib.h>

void rss_timeline_add(struct rss_timeline *tl, double t_s, int64_t bytes)
{
    if (tl->n == tl->cap) {
        size_t cap = tl->cap ? tl->cap * 2 : 256;
        if (cap > RSS_TIMELINE_MAX_POINTS)
            cap = RSS_TIMELINE_MAX_POINTS;
        if (cap <= tl->n)
            return;
        double *t = realloc(tl->t_s, cap * sizeof *t);
        if (t == NULL)
            return;
        tl->t_s = t;
        int64_t *b = realloc(tl->bytes, cap * sizeof *b);
        if (b == NULL)
            return;
        tl->bytes = b;
        tl->cap = cap;
    }
    tl->t_s[tl->n] = t_s;
    tl->bytes[tl->n] = bytes;
    tl->n++;
}

void rss_timeline_clear(struct rss_timeline *tl)
{
    free(tl->t_s);
    free(tl->bytes);
    *tl = (struct rss_timeline){0};
}

void rss_timeline_move(struct rss_timeline *dst, struct rss_timeline *src)
{
    *dst = *src;
    *src = (struct rss_timeline){0};
}

int64_t rss_timeline_tree_peak(const struct rss_timeline *tl, int64_t max_rss_bytes)
{
    if (tl->n == 0)
        return -1;
    int64_t peak = max_rss_bytes;
    for (size_t i = 0; i < tl->n; i++)
        if (tl->bytes[i] > peak)
            peak = tl->bytes[i];
    return peak;
}

double rss_timeline_growth_mib_per_min(const struct rss_timeline *tl)
{
    if (tl->n < 3)
        return NAN;
    double half = tl->t_s[tl->n - 1] / 2;
    double n = 0, mx = 0, my = 0;
    for (size_t i = 0; i < tl->n; i++) {
        if (tl->t_s[i] < half)
            continue;
        n++;
        mx += tl->t_s[i];
        my += (double)tl->bytes[i];
    }
    if (n < 3)
        return NAN;
    mx /= n;
    my /= n;
    double sxy = 0, sxx = 0;
    for (size_t i = 0; i < tl->n; i++) {
        if (tl->t_s[i] < half)
            continue;
        double dx = tl->t_s[i] - mx;
        sxx += dx * dx;
        sxy += dx * ((double)tl->bytes[i] - my);
    }
    if (sxx <= 0)
        return NAN;
    return sxy / sxx * 60.0 / (1024.0 * 1024.0);
}

double rss_timeline_sample_growth_mib_per_min(const struct rss_timeline *tl)
{
    if (tl->n < 3 || tl->t_s[tl->n - 1] / 2 < RSS_GROWTH_MIN_HALF_S)
        return NAN;
    return rss_timeline_growth_mib_per_min(tl);
}
