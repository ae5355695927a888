/*
 * parallel.h - runs independent pieces of work over an index range on up to one thread per
 * processor: how versus compare computes the figures and the table texts of tens of thousands
 * of rows (compare/compare_result.c, compare/compare_print.c).
 *
 * Takes a count n and a function called as work(ctx, first, stride) on each of w workers
 * (first = 0 .. w-1, stride = w): the worker does the indices first, first + stride, ... below
 * n. The function must write nothing shared but what belongs to its own indices (every index
 * belongs to exactly one worker), so the result is the same whatever w is. Workers are POSIX
 * threads (pthread_create(3)); when one cannot be started its share is done on the calling
 * thread, so the call never fails. Returns when every worker has finished.
 */
#ifndef VERSUS_PARALLEL_H
#define VERSUS_PARALLEL_H

#include <stddef.h>

/* The most threads parallel_for starts, whatever the processor count. */
#define PARALLEL_MAX_THREADS 8

/* Runs work over [0, n) as above: on one thread (the caller's) when n is below min_per_thread
 * times two, else on up to min(processors, PARALLEL_MAX_THREADS, n / min_per_thread)
 * workers, one of them the caller. */
void parallel_for(size_t n, size_t min_per_thread,
                  void (*work)(void *ctx, size_t first, size_t stride), void *ctx);

#endif
