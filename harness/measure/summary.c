/*
 * summary.c - per-cell statistics (see summary.h).
 */
#include "measure/summary.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/keymap.h"

/* The timeline summaries (summary.h) over the measured samples that have them; m has room for
 * one value per measured sample. */
static void summarize_timeline(const struct cell *c, double *m, struct cell_summary *out)
{
    size_t got = 0;
    for (size_t i = 0; i < c->n_samples; i++) {
        const struct sample *s = &c->samples[i];
        if (!s->warmup && !s->replaced && s->rss.n > 0)
            m[got++] = (double)s->tree_peak_rss_bytes;
    }
    if (got > 0)
        stats_summarize(m, got, &out->tree_peak_rss_bytes);
    got = 0;
    for (size_t i = 0; i < c->n_samples; i++) {
        const struct sample *s = &c->samples[i];
        if (!s->warmup && !s->replaced && s->rss.n > 0 && !isnan(s->rss_growth_mib_per_min))
            m[got++] = s->rss_growth_mib_per_min;
    }
    if (got > 0)
        stats_summarize(m, got, &out->rss_growth_mib_per_min);
}

bool summary_of_cell(const struct cell *c, struct cell_summary *out)
{
    memset(out, 0, sizeof *out);
    if (c->verdict != VERDICT_VERIFIED && c->verdict != VERDICT_OK)
        return false;
    size_t n = 0;
    for (size_t i = 0; i < c->n_samples; i++) {
        n += !c->samples[i].warmup && !c->samples[i].replaced;
        out->replaced += c->samples[i].replaced;
    }
    if (n == 0)
        return false;
    double *wall = malloc(n * sizeof *wall), *cpu = malloc(n * sizeof *cpu);
    double *user = malloc(n * sizeof *user), *sys = malloc(n * sizeof *sys);
    double *rss = malloc(n * sizeof *rss), *m = malloc(n * sizeof *m);
    double *ir = malloc(n * sizeof *ir);
    size_t k = 0, n_ir = 0;
    for (size_t i = 0; i < c->n_samples; i++) {
        const struct sample *s = &c->samples[i];
        if (s->warmup || s->replaced)
            continue;
        out->judged += s->contention_known;
        out->contaminated += s->contention_known && s->contention.contaminated;
        wall[k] = s->wall_s;
        user[k] = s->user_s;
        sys[k] = s->sys_s;
        cpu[k] = s->user_s + s->sys_s;
        rss[k] = (double)s->max_rss_bytes;
        if (s->simulated)
            ir[n_ir++] = (double)s->instructions;
        k++;
    }
    if (n_ir > 0)
        stats_summarize(ir, n_ir, &out->instructions);
    free(ir);
    stats_summarize(wall, n, &out->wall_s);
    stats_summarize(cpu, n, &out->cpu_s);
    stats_summarize(user, n, &out->user_s);
    stats_summarize(sys, n, &out->sys_s);
    stats_summarize(rss, n, &out->max_rss_bytes);
    summarize_timeline(c, m, out);
    for (int j = 0; j < SAMPLE_N_COUNTS; j++) {
        size_t got = 0;
        for (size_t i = 0; i < c->n_samples; i++) {
            const struct sample *s = &c->samples[i];
            if (!s->warmup && !s->replaced && (s->has_count & (1u << j)) != 0)
                m[got++] = s->count[j];
        }
        if (got > 0)
            stats_summarize(m, got, &out->count[j]);
    }

    /* Metric names, in order of first appearance; seen through a hash table, so that a runner
     * writing 150 000 distinct names costs linear time, not quadratic. */
    struct keymap *seen = keymap_new(16);
    size_t cap_metrics = 0;
    for (size_t i = 0; seen != NULL && i < c->n_samples; i++) {
        const struct sample *s = &c->samples[i];
        const char *name;
        json_t *v;
        if (s->warmup || s->replaced || s->metrics == NULL)
            continue;
        json_object_foreach(s->metrics, name, v)
        {
            (void)v;
            size_t len = strlen(name), known;
            if (len >= 64 || keymap_find(seen, name, len, &known))
                continue;
            if (out->n_metrics == cap_metrics) {
                cap_metrics = cap_metrics ? 2 * cap_metrics : 16;
                out->metrics = realloc(out->metrics, cap_metrics * sizeof *out->metrics);
            }
            if (keymap_add(seen, name, len, out->n_metrics) != 0)
                continue;
            struct metric_summary *ms = &out->metrics[out->n_metrics++];
            memset(ms, 0, sizeof *ms);
            snprintf(ms->name, sizeof ms->name, "%s", name);
        }
    }
    keymap_free(seen);
    for (size_t j = 0; j < out->n_metrics; j++) {
        /* Pool every value of the metric over the measured samples: a scalar per sample, or
         * an array (a distribution such as one latency per task). */
        size_t mk = 0, cap = n;
        for (size_t i = 0; i < c->n_samples; i++) {
            const struct sample *s = &c->samples[i];
            json_t *v =
                s->warmup || s->replaced ? NULL : json_object_get(s->metrics, out->metrics[j].name);
            size_t count = json_is_array(v) ? json_array_size(v) : v != NULL;
            if (mk + count > cap) {
                cap = (mk + count) * 2;
                m = realloc(m, cap * sizeof *m);
            }
            if (json_is_array(v)) {
                size_t vi;
                json_t *e;
                json_array_foreach(v, vi, e) m[mk++] = json_number_value(e);
            } else if (v != NULL) {
                m[mk++] = json_number_value(v);
            }
        }
        stats_summarize(m, mk, &out->metrics[j].s);
    }
    free(wall);
    free(cpu);
    free(user);
    free(sys);
    free(rss);
    free(m);
    out->valid = true;
    return true;
}

const struct summary *summary_metric(const struct cell_summary *s, const char *name)
{
    for (size_t i = 0; i < s->n_metrics; i++)
        if (strcmp(s->metrics[i].name, name) == 0)
            return &s->metrics[i].s;
    return NULL;
}

void cell_summary_clear(struct cell_summary *s)
{
    free(s->metrics);
    memset(s, 0, sizeof *s);
}
