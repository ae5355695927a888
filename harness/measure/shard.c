/*
 * shard.c - one of N parts of a plan (see shard.h).
 *
 * A shard is the groups g with g % N == I-1, each whole (its cells stay together, interleaved
 * and checked against its reference); plan_keep_groups drops the others in place.
 */
#include "measure/shard.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int shard_parse(const char *text, struct shard *out, struct verr *err)
{
    char *end;
    errno = 0;
    long i = strtol(text, &end, 10);
    long n = -1;
    if (end != text && *end == '/' && end[1] >= '0' && end[1] <= '9') {
        const char *ns = end + 1;
        n = strtol(ns, &end, 10);
    }
    if (errno != 0 || *end != '\0' || n < 1 || n > 1000000 || i < 1 || i > n)
        return verr_set(err, "--shard needs I/N with 1 <= I <= N, not '%s'", text);
    out->index = (int)i;
    out->count = (int)n;
    return 0;
}

bool shard_has_group(const struct shard *s, size_t g)
{
    return s->count <= 0 || g % (size_t)s->count == (size_t)(s->index - 1);
}

void shard_apply(struct plan *p, const struct shard *s)
{
    if (s->count <= 1)
        return;
    bool *keep = calloc(p->n_groups + 1, sizeof *keep);
    for (size_t g = 0; g < p->n_groups; g++)
        keep[g] = shard_has_group(s, g);
    plan_keep_groups(p, keep);
    free(keep);
}
