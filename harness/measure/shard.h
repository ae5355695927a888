/*
 * shard.h - `versus run --shard I/N`: run one of N parts of the plan, so N machines (a CI
 * matrix) can share a suite and `versus merge` can join their results.
 *
 * The plan is split by group (one workload on one input with one case): shard I keeps the
 * groups g (0-based, in plan order) with g % N == I - 1. A group's cells stay together, so
 * they are still interleaved with each other and checked against their reference; the N
 * shards together run every group exactly once. Round-robin rather than contiguous ranges
 * spreads the groups of one workload, and so the work, over the shards.
 */
#ifndef VERSUS_SHARD_H
#define VERSUS_SHARD_H

#include "measure/plan.h"
#include "util/error.h"

struct shard {
    int index; /* 1..count */
    int count; /* 0: no sharding */
};

/* Parses "I/N" (whole numbers, 1 <= I <= N <= 1000000). Returns 0, or -1 with err set
 * ("--shard needs I/N with 1 <= I <= N, not 'x'"). */
int shard_parse(const char *text, struct shard *out, struct verr *err);

/* True when group g belongs to shard s (always, when s->count is 0). */
bool shard_has_group(const struct shard *s, size_t g);

/* Keeps only the groups of shard s in p, which must not have run yet (no samples), keeping
 * their order, cells, references, skipped cells and settings. */
void shard_apply(struct plan *p, const struct shard *s);

#endif
