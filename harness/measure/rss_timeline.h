/*
 * rss_timeline.h - a run's memory timeline: the resident set of the child's whole process
 * group (rss_tree.h) read at a fixed interval while it runs, and its two summaries.
 *
 * Takes readings (seconds since the child started, bytes) as process.c makes them; gives the
 * peak of the tree sum and the growth slope over the second half of the run in MiB per minute
 * (ordinary least squares of bytes on seconds, over the readings with t_s >= half the last
 * reading's t_s; Draper & Smith, "Applied Regression Analysis", ch. 1). Readings are a poll:
 * a peak shorter than the interval can fall between two of them (PITFALLS.md, "Polling RSS
 * misses peaks"), so the tree peak is never reported below wait4's ru_maxrss, which is exact
 * for the child and the descendants it waited for (rss_timeline_tree_peak).
 */
#ifndef VERSUS_RSS_TIMELINE_H
#define VERSUS_RSS_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

/* The most readings one run keeps: 50 ms for 10 hours. Past it, readings are dropped. */
#define RSS_TIMELINE_MAX_POINTS 720000

struct rss_timeline {
    double interval_s; /* the interval asked for, seconds; 0: no timeline was taken */
    size_t n, cap;
    double *t_s;    /* seconds since the child started, increasing */
    int64_t *bytes; /* the tree's resident bytes at t_s[i] */
};

/* Appends one reading. When memory runs out (or RSS_TIMELINE_MAX_POINTS is reached) the
 * reading is dropped and the timeline stays as it was. */
void rss_timeline_add(struct rss_timeline *tl, double t_s, int64_t bytes);

/* Frees the arrays and zeroes tl. */
void rss_timeline_clear(struct rss_timeline *tl);

/* Moves src into dst (dst is overwritten without being freed; src is zeroed). */
void rss_timeline_move(struct rss_timeline *dst, struct rss_timeline *src);

/* The largest reading, or at least max_rss_bytes (the exact per-process peak from wait4);
 * -1 when there are no readings. */
int64_t rss_timeline_tree_peak(const struct rss_timeline *tl, int64_t max_rss_bytes);

/* The least-squares slope of bytes over t_s in MiB per minute, over the readings in the second
 * half of the run (t_s >= t_s[n-1] / 2); NaN when fewer than 3 readings are there. */
double rss_timeline_growth_mib_per_min(const struct rss_timeline *tl);

/* The second half of a run must span this long for its slope to be a sample's growth: over a
 * shorter one the slope is start-up (the agent soak's python-aiohttp run of 1.3 s read +26
 * MiB/min on 2026-12-05, a Rust runner's 0.2 s run +233), not memory that keeps growing. */
#define RSS_GROWTH_MIN_HALF_S 1.0

/* rss_timeline_growth_mib_per_min when the run's second half spans RSS_GROWTH_MIN_HALF_S or
 * more (a run of 2 s or longer), NaN otherwise: what a sample records as its growth. */
double rss_timeline_sample_growth_mib_per_min(const struct rss_timeline *tl);

#endif
