/*
 * data_gen_groupby.c - the H2O db-benchmark G1 table as fixed-width CSV (see
 * data_gen_groupby.h).
 */
#include "data/data_gen_groupby.h"

#include "util/prng.h"

#include <stdio.h>

#define GROUPS 100
#define HEADER "id1,id2,id3,id4,id5,id6,v1,v2,v3\n"
#define HEADER_LEN 33
#define ROW_FIXED 49 /* a row's bytes besides id6's digits, commas and newline included */

/* The decimal digits of n >= 1. */
static int digits(int64_t n)
{
    int d = 1;
    while (n >= 10) {
        n /= 10;
        d++;
    }
    return d;
}

int64_t groupby_size_for_rows(int64_t rows)
{
    return HEADER_LEN + rows * (ROW_FIXED + digits(rows / GROUPS));
}

int64_t groupby_rows_for_size(int64_t size)
{
    for (int w = 1; w <= 18 && size > HEADER_LEN; w++) {
        int64_t body = size - HEADER_LEN;
        if (body % (ROW_FIXED + w) != 0)
            continue;
        int64_t rows = body / (ROW_FIXED + w);
        if (rows % GROUPS == 0 && digits(rows / GROUPS) == w)
            return rows;
    }
    return -1;
}

/* A uniform integer in 1..n (n < 2^32): the high 64 bits of a 64 × 64-bit product (Lemire's
 * multiply-shift without rejection; the bias is below n / 2^64). */
static uint64_t uniform_1_to(struct rng *r, uint64_t n)
{
    return (uint64_t)(((unsigned __int128)rng_next(r) * n) >> 64) + 1;
}

void groupby_generate(uint64_t seed, int64_t rows, groupby_emit_fn *emit, void *ctx)
{
    struct rng r;
    rng_seed(&r, seed);
    uint64_t small = (uint64_t)(rows / GROUPS);
    int w6 = digits((int64_t)small);
    emit(ctx, HEADER, HEADER_LEN);
    char row[128];
    for (int64_t i = 0; i < rows; i++) {
        uint64_t id1 = uniform_1_to(&r, GROUPS), id2 = uniform_1_to(&r, GROUPS);
        uint64_t id3 = uniform_1_to(&r, small), id4 = uniform_1_to(&r, GROUPS);
        uint64_t id5 = uniform_1_to(&r, GROUPS), id6 = uniform_1_to(&r, small);
        uint64_t v1 = uniform_1_to(&r, 5), v2 = uniform_1_to(&r, 15);
        uint64_t v3 = uniform_1_to(&r, 100000000) - 1; /* micro-units of [0, 100) */
        int n = snprintf(row, sizeof row,
                         "id%03u,id%03u,id%010llu,%03u,%03u,%0*llu,%u,%02u,%02u.%06u\n",
                         (unsigned)id1, (unsigned)id2, (unsigned long long)id3, (unsigned)id4,
                         (unsigned)id5, w6, (unsigned long long)id6, (unsigned)v1, (unsigned)v2,
                         (unsigned)(v3 / 1000000), (unsigned)(v3 % 1000000));
        emit(ctx, row, (size_t)n);
    }
}
