/*
 * shard.c - one of N parts of a plan (see shard.h).
 *
 * The plan has no way to remove a group, so the kept groups are moved into a new plan through
 * plan.h's own functions (plan_add_group, plan_add_cell, plan_skip_cell), in the original
 * order of groups and of cells: argv, envp, parameters and server argv change owner (the old
 * plan's pointers are cleared before it is freed), borrowed definitions stay borrowed.
 */
#include "shard.h"

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
    struct plan out = {0};
    out.runs = p->runs;
    out.warmup = p->warmup;
    out.max_time_s = p->max_time_s;
    out.min_runs = p->min_runs;
    out.timeout_s = p->timeout_s;
    out.check_exit_zero = p->check_exit_zero;
    size_t *new_index = calloc(p->n_groups + 1, sizeof *new_index);
    for (size_t g = 0; g < p->n_groups; g++) {
        struct group *old = &p->groups[g];
        if (!shard_has_group(s, g))
            continue;
        size_t ng = plan_add_group(&out, old->workload, old->input, old->input_name,
                                   old->input_path, old->params);
        old->params = NULL;
        struct group *gn = &out.groups[ng];
        gn->input_bytes = old->input_bytes;
        memcpy(gn->input_sha256, old->input_sha256, sizeof gn->input_sha256);
        gn->runs = old->runs;
        gn->warmup = old->warmup;
        gn->server_argv = old->server_argv;
        old->server_argv = NULL;
        new_index[g] = ng;
    }
    for (size_t c = 0; c < p->n_cells; c++) {
        struct cell *old = &p->cells[c];
        const struct group *og = &p->groups[old->group];
        if (!shard_has_group(s, old->group))
            continue;
        /* The group's first cell goes first again (has_reference is restored below). */
        bool is_ref = og->n_cells > 0 && og->cells[0] == c;
        size_t nc = plan_add_cell(&out, new_index[old->group], old->runner, old->label, old->argv,
                                  old->envp, is_ref);
        old->argv = NULL;
        old->envp = NULL;
        if (old->verdict == VERDICT_SKIPPED)
            plan_skip_cell(&out, nc, old->reason ? old->reason : "skipped");
    }
    /* A group whose reference could not be prepared was marked as having none. */
    for (size_t g = 0; g < p->n_groups; g++)
        if (shard_has_group(s, g))
            out.groups[new_index[g]].has_reference = p->groups[g].has_reference;
    free(new_index);
    plan_free(p);
    *p = out;
}
