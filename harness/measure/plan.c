/*
 * plan.c - bookkeeping of the benchmark matrix (see plan.h). No policy lives here: what goes
 * into a plan is decided by the subcommands (cli_run.c, cli_cmd.c), how it runs by bench.c.
 */
#include "measure/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/argv_split.h"
#include "util/free_all.h"
#include "util/metric.h"

extern char **environ;

static void *grow(void *ptr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return ptr;
    size_t cap2 = *cap ? *cap * 2 : 8;
    while (cap2 < need)
        cap2 *= 2;
    void *p2 = realloc(ptr, cap2 * elem);
    if (p2 == NULL) {
        fprintf(stderr, "versus: out of memory\n");
        exit(2);
    }
    *cap = cap2;
    return p2;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

const char *sample_count_name(enum sample_count k)
{
    static const char *const RUSAGE[SAMPLE_PERF_FIRST] = {
        [SAMPLE_MINFLT] = METRIC_MINFLT,   [SAMPLE_MAJFLT] = METRIC_MAJFLT,
        [SAMPLE_NVCSW] = METRIC_NVCSW,     [SAMPLE_NIVCSW] = METRIC_NIVCSW,
        [SAMPLE_INBLOCK] = METRIC_INBLOCK, [SAMPLE_OUBLOCK] = METRIC_OUBLOCK,
    };
    if (k < SAMPLE_PERF_FIRST)
        return RUSAGE[k];
    const struct perf_counter_def *d = perf_counter_def((enum perf_counter)(k - SAMPLE_PERF_FIRST));
    return d != NULL ? d->metric : NULL;
}

size_t plan_add_group(struct plan *p, const struct workload *w, const struct input_def *input,
                      const char *input_name, const char *input_path, json_t *params)
{
    size_t cap = p->n_groups;
    p->groups = grow(p->groups, &cap, p->n_groups + 1, sizeof *p->groups);
    struct group *g = &p->groups[p->n_groups];
    memset(g, 0, sizeof *g);
    g->workload = w;
    g->input = input;
    g->input_name = dup_or_null(input_name);
    g->input_path = dup_or_null(input_path);
    g->input_bytes = -1;
    g->runs = -1;
    g->warmup = -1;
    g->max_time_s = -1;
    g->min_runs = -1;
    g->params = params;
    const char *name = json_string_value(json_object_get(params, "name"));
    g->case_name = name ? name : "";
    return p->n_groups++;
}

size_t plan_add_cell(struct plan *p, size_t gi, struct runner *r, const char *label, char **argv,
                     char **envp, bool is_reference)
{
    size_t cap = p->n_cells;
    p->cells = grow(p->cells, &cap, p->n_cells + 1, sizeof *p->cells);
    size_t ci = p->n_cells++;
    struct cell *c = &p->cells[ci];
    memset(c, 0, sizeof *c);
    c->group = gi;
    c->runner = r;
    c->label = strdup(label);
    c->argv = argv;
    c->envp = envp;
    c->verdict = VERDICT_PENDING;

    struct group *g = &p->groups[gi];
    size_t gcap = g->n_cells;
    g->cells = grow(g->cells, &gcap, g->n_cells + 1, sizeof *g->cells);
    if (is_reference) {
        memmove(g->cells + 1, g->cells, g->n_cells * sizeof *g->cells);
        g->cells[0] = ci;
        g->has_reference = true;
    } else {
        g->cells[g->n_cells] = ci;
    }
    g->n_cells++;
    return ci;
}

void plan_skip_cell(struct plan *p, size_t ci, const char *reason)
{
    struct cell *c = &p->cells[ci];
    c->verdict = VERDICT_SKIPPED;
    free(c->reason);
    c->reason = strdup(reason);
}

struct sample *plan_add_sample(struct plan *p, size_t ci, const struct sample *s)
{
    struct cell *c = &p->cells[ci];
    c->samples = grow(c->samples, &c->cap_samples, c->n_samples + 1, sizeof *c->samples);
    c->samples[c->n_samples] = *s;
    return &c->samples[c->n_samples++];
}

void plan_sample_take_rss(struct sample *s, struct run_outcome *out)
{
    rss_timeline_move(&s->rss, &out->rss);
    s->tree_peak_rss_bytes = rss_timeline_tree_peak(&s->rss, s->max_rss_bytes);
    s->rss_growth_mib_per_min = rss_timeline_sample_growth_mib_per_min(&s->rss);
}

double plan_timeout_of(const struct plan *p, size_t ci)
{
    if (p->timeout_s > 0)
        return p->timeout_s;
    const struct workload *w = p->groups[p->cells[ci].group].workload;
    return w ? w->timeout_s : 0;
}

size_t plan_count_failed(const struct plan *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n_cells; i++)
        n += p->cells[i].verdict == VERDICT_FAILED;
    return n;
}

void plan_set_hooks(struct plan *p, size_t ci, struct cell_hooks *hooks)
{
    p->cells[ci].hooks = hooks;
}

static void hooks_free(struct cell_hooks *h)
{
    if (h == NULL)
        return;
    argv_free(h->setup);
    argv_free(h->prepare);
    argv_free(h->conclude);
    argv_free(h->cleanup);
    argv_free(h->output);
    FREE_ALL(h->stdin_path, h->stdout_path, h->cwd, h);
}

/* A malloc'd NULL-terminated copy of env (NULL: environ) without name's entry, with room
 * for one more; NULL when out of memory. */
static char **env_without(char *const *env, const char *name)
{
    if (env == NULL)
        env = environ;
    size_t n = 0, len = strlen(name);
    while (env[n] != NULL)
        n++;
    char **copy = calloc(n + 2, sizeof *copy);
    if (copy == NULL)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (strncmp(env[i], name, len) == 0 && env[i][len] == '=')
            continue;
        if ((copy[k++] = strdup(env[i])) == NULL) {
            argv_free(copy);
            return NULL;
        }
    }
    return copy;
}

int plan_set_env(struct plan *p, const char *name, const char *value)
{
    for (size_t ci = 0; ci < p->n_cells; ci++) {
        struct cell *c = &p->cells[ci];
        if (c->argv == NULL)
            continue;
        char **env = env_without(c->envp, name);
        size_t n = 0;
        while (env != NULL && env[n] != NULL)
            n++;
        size_t len = strlen(name) + strlen(value) + 2;
        char *entry = env != NULL ? malloc(len) : NULL;
        if (entry == NULL) {
            argv_free(env);
            return -1;
        }
        snprintf(entry, len, "%s=%s", name, value);
        env[n] = entry;
        argv_free(c->envp);
        c->envp = env;
    }
    return 0;
}

/* Frees what cell c owns. */
static void cell_clear(struct cell *c)
{
    for (size_t j = 0; j < c->n_samples; j++) {
        json_decref(c->samples[j].metrics);
        rss_timeline_clear(&c->samples[j].rss);
        json_decref(c->samples[j].server);
    }
    argv_free(c->argv);
    argv_free(c->envp);
    json_decref(c->params);
    hooks_free(c->hooks);
    FREE_ALL(c->samples, c->label, c->reason, c->stderr_tail, c->output_head, c->sim_unsupported);
    memset(c, 0, sizeof *c);
}

/* Frees what group g owns. */
static void group_clear(struct group *g)
{
    json_decref(g->params);
    json_decref(g->server_final);
    argv_free(g->server_argv);
    FREE_ALL(g->input_name, g->input_path, g->cells, g->reference_output, g->server_error);
    memset(g, 0, sizeof *g);
}

void plan_keep_groups(struct plan *p, const bool *keep)
{
    size_t *group_to = calloc(p->n_groups + 1, sizeof *group_to);
    size_t *cell_to = calloc(p->n_cells + 1, sizeof *cell_to);
    size_t ng = 0, nc = 0;
    for (size_t g = 0; g < p->n_groups; g++) {
        if (keep[g])
            p->groups[group_to[g] = ng++] = p->groups[g];
        else
            group_clear(&p->groups[g]);
    }
    for (size_t c = 0; c < p->n_cells; c++) {
        struct cell cell = p->cells[c];
        if (!keep[cell.group]) {
            cell_clear(&cell);
            continue;
        }
        cell.group = group_to[cell.group];
        cell_to[c] = nc;
        p->cells[nc++] = cell;
    }
    for (size_t g = 0; g < ng; g++)
        for (size_t k = 0; k < p->groups[g].n_cells; k++)
            p->groups[g].cells[k] = cell_to[p->groups[g].cells[k]];
    p->n_groups = ng;
    p->n_cells = nc;
    free(group_to);
    free(cell_to);
}

void plan_free(struct plan *p)
{
    for (size_t i = 0; i < p->n_cells; i++)
        cell_clear(&p->cells[i]);
    for (size_t i = 0; i < p->n_groups; i++)
        group_clear(&p->groups[i]);
    free(p->cells);
    free(p->groups);
    memset(p, 0, sizeof *p);
}
