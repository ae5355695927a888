/*
 * prng.h - the one pseudo-random generator of the harness: xoshiro256** seeded by SplitMix64.
 *
 * Deterministic for a given seed on every machine (no rand(), no floating point), which the
 * seeded input generators (data_gen.c) and the bootstrap of compare_stats.c both need.
 *   - SplitMix64: G. L. Steele Jr., D. Lea, C. H. Flood, "Fast splittable pseudorandom number
 *     generators", OOPSLA 2014; constants as in S. Vigna's public-domain splitmix64.c. Used
 *     only to expand the 64-bit seed into xoshiro's 256-bit state, as its authors recommend.
 *   - xoshiro256** 1.0: D. Blackman, S. Vigna, "Scrambled linear pseudorandom number
 *     generators" (2018; ACM TOMS 47(4), 2021), https://prng.di.unimi.it/xoshiro256starstar.c
 * Header-only (static inline): it sits in inner loops of the generators.
 */
#ifndef VERSUS_PRNG_H
#define VERSUS_PRNG_H

#include <stddef.h>
#include <stdint.h>

struct rng {
    uint64_t s[4];
};

/* The next SplitMix64 output; advances *x. */
static inline uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Seeds r from one 64-bit seed. */
static inline void rng_seed(struct rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

static inline uint64_t rng_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* The next 64 uniformly distributed bits. */
static inline uint64_t rng_next(struct rng *r)
{
    uint64_t *s = r->s;
    const uint64_t result = rng_rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rng_rotl(s[3], 45);
    return result;
}

/* A uniform integer in [0, n), n >= 1, without modulo bias: D. Lemire, "Fast random integer
 * generation in an interval", ACM TOMACS 29(1), 2019 (multiply, reject the biased low part). */
static inline size_t rng_uniform_below(struct rng *r, size_t n)
{
    uint64_t bound = (uint64_t)n;
    unsigned __int128 m = (unsigned __int128)rng_next(r) * bound;
    uint64_t low = (uint64_t)m;
    if (low < bound) {
        uint64_t reject_below = -bound % bound;
        while (low < reject_below) {
            m = (unsigned __int128)rng_next(r) * bound;
            low = (uint64_t)m;
        }
    }
    return (size_t)(m >> 64);
}

#endif
