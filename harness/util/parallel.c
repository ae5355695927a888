/*
 * parallel.c - a fixed team of POSIX threads over an index range, interleaved (see
 * parallel.h). Interleaving (index i to worker i mod w) rather than blocks keeps the workers'
 * loads even when the cost of an index drifts along the range, as rows of one workload next to
 * each other tend to cost alike.
 */
#include "util/parallel.h"

#include <pthread.h>
#include <stdbool.h>
#include <unistd.h>

/* One worker's share: the function, its context and its first index. */
struct share {
    void (*work)(void *ctx, size_t first, size_t stride);
    void *ctx;
    size_t first, stride;
};

static void *run_share(void *arg)
{
    const struct share *s = arg;
    s->work(s->ctx, s->first, s->stride);
    return NULL;
}

/* How many workers n indices get: processors online (sysconf(3)), capped. */
static size_t workers_for(size_t n, size_t min_per_thread)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    size_t w = cpus < 1 ? 1 : (size_t)cpus;
    w = w > PARALLEL_MAX_THREADS ? PARALLEL_MAX_THREADS : w;
    size_t by_size = min_per_thread > 0 ? n / min_per_thread : n;
    w = by_size < w ? by_size : w;
    return w < 1 ? 1 : w;
}

void parallel_for(size_t n, size_t min_per_thread,
                  void (*work)(void *ctx, size_t first, size_t stride), void *ctx)
{
    size_t w = workers_for(n, min_per_thread);
    struct share shares[PARALLEL_MAX_THREADS];
    pthread_t threads[PARALLEL_MAX_THREADS];
    bool started[PARALLEL_MAX_THREADS] = {false};
    for (size_t i = 0; i < w; i++) {
        shares[i] = (struct share){work, ctx, i, w};
        started[i] = i > 0 && pthread_create(&threads[i], NULL, run_share, &shares[i]) == 0;
    }
    run_share(&shares[0]);
    for (size_t i = 1; i < w; i++) {
        if (started[i])
            pthread_join(threads[i], NULL);
        else
            run_share(&shares[i]);
    }
}
