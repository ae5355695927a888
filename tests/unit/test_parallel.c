/*
 * test_parallel.c - util/parallel.c: every index of the range is worked on exactly once, by the
 * worker the interleaving gives it (index mod stride == first), for ranges below, at and above
 * the size that gets threads (an empty one too); the caller's thread is one of the workers, and
 * a large range on a machine of several processors gets more than one.
 */
#include <check.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "util/parallel.h"

#include "versus_test.h"

/* What the workers record: per index, how often it was visited and by which worker. */
struct visits {
    size_t n;
    atomic_int *count;
    size_t *first_of, *stride_of;
    pthread_t caller;
    atomic_int caller_worked, workers;
};

static void visit(void *ctx, size_t first, size_t stride)
{
    struct visits *v = ctx;
    if (pthread_equal(pthread_self(), v->caller))
        atomic_store(&v->caller_worked, 1);
    atomic_fetch_add(&v->workers, 1);
    for (size_t i = first; i < v->n; i += stride) {
        atomic_fetch_add(&v->count[i], 1);
        v->first_of[i] = first;
        v->stride_of[i] = stride;
    }
}

/* Runs parallel_for over n indices and checks every one; returns how many workers ran. */
static int check_range(size_t n, size_t min_per_thread)
{
    struct visits v = {.n = n, .caller = pthread_self()};
    v.count = calloc(n + 1, sizeof *v.count);
    v.first_of = calloc(n + 1, sizeof *v.first_of);
    v.stride_of = calloc(n + 1, sizeof *v.stride_of);
    ck_assert(v.count != NULL && v.first_of != NULL && v.stride_of != NULL);
    parallel_for(n, min_per_thread, visit, &v);
    for (size_t i = 0; i < n; i++) {
        ck_assert_int_eq(atomic_load(&v.count[i]), 1);
        ck_assert_uint_ge(v.stride_of[i], 1);
        ck_assert_uint_le(v.stride_of[i], PARALLEL_MAX_THREADS);
        ck_assert_uint_eq(i % v.stride_of[i], v.first_of[i]);
    }
    ck_assert_int_eq(atomic_load(&v.caller_worked), 1);
    free(v.count);
    free(v.first_of);
    free(v.stride_of);
    return atomic_load(&v.workers);
}

START_TEST(test_every_index_once_whatever_the_size)
{
    ck_assert_int_eq(check_range(0, 10), 1);
    ck_assert_int_eq(check_range(1, 10), 1);
    ck_assert_int_eq(check_range(19, 10), 1); /* below twice the threshold: the caller alone */
    check_range(20, 10);
    check_range(1001, 1);
    check_range(100003, 500);
}
END_TEST

START_TEST(test_a_large_range_gets_a_worker_per_processor)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    int expected = cpus < 1 ? 1 : cpus > PARALLEL_MAX_THREADS ? PARALLEL_MAX_THREADS : (int)cpus;
    ck_assert_int_eq(check_range(100000, 100), expected);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("parallel");
    TCase *tc = tcase_create("parallel");
    tcase_add_test(tc, test_every_index_once_whatever_the_size);
    tcase_add_test(tc, test_a_large_range_gets_a_worker_per_processor);
    suite_add_tcase(s, tc);
    return vt_run_suite(s, "test_parallel", NULL);
}
