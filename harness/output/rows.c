/*
 * rows.c - the rows of one results table (see rows.h).
 */
#include "output/rows.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/metric.h"
#include "util/textfmt.h"

int rows_build(const json_t *const *cells, size_t n, struct rows *out)
{
    out->n = n;
    out->fastest_s = NAN;
    out->rows = calloc(n + 1, sizeof *out->rows);
    if (out->rows == NULL)
        return -1;
    for (size_t k = 0; k < n; k++) {
        const json_t *c = cells[k];
        struct row *r = &out->rows[k];
        r->cell = c;
        r->order = k;
        r->median_s = doc_figure(c, METRIC_WALL_S, "median");
        r->p95_s = doc_figure(c, METRIC_WALL_S, "p95");
        r->cpu_s = doc_figure(c, METRIC_CPU_S, "median");
        r->rss_bytes = doc_figure(c, METRIC_MAX_RSS_BYTES, "median");
        r->instructions = doc_figure(c, METRIC_INSTRUCTIONS, "median");
        r->measured = doc_measured(c) && isfinite(r->median_s);
        if (r->measured && !(r->median_s >= out->fastest_s))
            out->fastest_s = r->median_s;
    }
    for (size_t k = 0; k < n; k++) {
        struct row *r = &out->rows[k];
        r->ratio = r->measured && out->fastest_s > 0 ? r->median_s / out->fastest_s : NAN;
    }
    return 0;
}

int rows_of_group(const json_t *doc, const struct doc_group *g, struct rows *out)
{
    const json_t **cells = calloc(g->n + 1, sizeof *cells);
    if (cells == NULL)
        return -1;
    for (size_t k = 0; k < g->n; k++)
        cells[k] = doc_cell(doc, g->cells[k]);
    int rc = rows_build(cells, g->n, out);
    free(cells);
    return rc;
}

static int fastest_first(const void *a, const void *b)
{
    const struct row *x = a, *y = b;
    if (x->measured != y->measured)
        return x->measured ? -1 : 1;
    if (x->measured && x->median_s != y->median_s)
        return x->median_s < y->median_s ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

void rows_sort_fastest(struct rows *r)
{
    if (r->n > 1)
        qsort(r->rows, r->n, sizeof *r->rows, fastest_first);
}

size_t rows_metric_names(const struct rows *r, const char **names, size_t max)
{
    size_t n = 0;
    for (size_t k = 0; k < r->n; k++) {
        const json_t *m = json_object_get(json_object_get(r->rows[k].cell, "summary"), "metrics");
        const char *key;
        const json_t *v;
        json_object_foreach((json_t *)m, key, v)
        {
            bool seen = false;
            for (size_t i = 0; i < n; i++)
                seen = seen || strcmp(names[i], key) == 0;
            if (!seen && n < max)
                names[n++] = key;
        }
    }
    return n;
}

bool rows_have_instructions(const struct rows *r)
{
    for (size_t k = 0; k < r->n; k++)
        if (r->rows[k].measured && isfinite(r->rows[k].instructions))
            return true;
    return false;
}

void rows_text(const struct row *r, struct row_text *out)
{
    if (isfinite(r->instructions))
        textfmt_count(r->instructions, out->instructions, sizeof out->instructions);
    else
        snprintf(out->instructions, sizeof out->instructions, "-");
    textfmt_duration(r->median_s, out->median, sizeof out->median);
    textfmt_duration(r->p95_s, out->p95, sizeof out->p95);
    textfmt_duration(r->cpu_s, out->cpu, sizeof out->cpu);
    textfmt_bytes(r->rss_bytes, out->rss, sizeof out->rss);
}

void rows_free(struct rows *r)
{
    free(r->rows);
    memset(r, 0, sizeof *r);
}
