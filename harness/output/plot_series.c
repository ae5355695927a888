/*
 * plot_series.c - what the pictures drawn across groups share (see plot.h): the agent's
 * concurrency picture (plot_result.c), the speed-up picture (plot_speedup.c) and the latency
 * distribution (plot_latency.c) each gather the cells of one workload and input from the whole
 * document, sort a runner's cells by a parameter, and title the picture with the machine.
 *
 * Takes a versus/1 document and the caller's choice of cells; gives the calls of the caller's
 * picture function, one per series, and the titled rendering (plot_render). Errors: out of
 * memory, or the picture function's, -1 with err set.
 */
#include <stdlib.h>
#include <string.h>

#include "output/plot.h"
#include "result/doc.h"
#include "result/doc_text.h"
#include "util/escape.h"

bool plot_same_str(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

void plot_sort_cells(const json_t *doc, size_t *idx, size_t n, double (*key)(const json_t *cell))
{
    for (size_t i = 1; i < n; i++) { /* insertion sort: a handful of cases */
        size_t v = idx[i], j = i;
        for (; j > 0 && key(doc_cell(doc, idx[j - 1])) > key(doc_cell(doc, v)); j--)
            idx[j] = idx[j - 1];
        idx[j] = v;
    }
}

void plot_write_numbers(FILE *f, const double *values, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        fputc('\t', f);
        plot_write_number(f, values[i]);
    }
    fputc('\n', f);
}

void plot_runner_blocks(FILE *f, const json_t *doc, size_t key, bool *done, size_t n_cells,
                        size_t *idx, bool (*usable)(const json_t *cell),
                        bool (*same)(const json_t *a, const json_t *b), plot_block_fn block)
{
    bool first = true;
    for (size_t i = key; i < n_cells; i++) {
        const json_t *ci = doc_cell(doc, i);
        if (done[i] || !usable(ci) || !same(ci, doc_cell(doc, key)))
            continue;
        size_t n = 0; /* every cell of this runner, this one first */
        for (size_t j = i; j < n_cells; j++) {
            const json_t *cj = doc_cell(doc, j);
            if (!done[j] && usable(cj) && same(cj, ci) &&
                plot_same_str(doc_str(cj, "runner"), doc_str(ci, "runner"))) {
                idx[n++] = j;
                done[j] = true;
            }
        }
        if (!first)
            fputs("\n\n", f);
        first = false;
        block(f, doc, idx, n);
    }
}

int plot_each_series(const json_t *doc, bool (*usable)(const json_t *cell), plot_series_fn one,
                     const struct plot_options *o, struct plot_files *out, struct verr *err)
{
    size_t n_cells = json_array_size(json_object_get(doc, "cells"));
    bool *done = calloc(n_cells + 1, sizeof *done);
    if (done == NULL)
        return verr_set(err, "out of memory");
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n_cells; i++)
        if (!done[i] && usable(doc_cell(doc, i)))
            rc = one(doc, i, done, n_cells, o, out, err);
    free(done);
    return rc;
}

void plot_workload_label(const json_t *cell, char *out, size_t len)
{
    const char *workload = doc_str(cell, "workload"), *input = doc_input_name(cell);
    snprintf(out, len, "%s%s%s", workload ? workload : "(unnamed)", input ? " · " : "",
             input ? input : "");
}

int plot_series_draw(const json_t *doc, size_t key, bool *done, size_t n_cells, const char *label,
                     const struct plot_series *s, const struct plot_options *o,
                     struct plot_files *out, struct verr *err)
{
    char *slug = plot_slug(label);
    size_t *idx = malloc((n_cells + 1) * sizeof *idx);
    if (slug == NULL || idx == NULL) {
        free(slug);
        free(idx);
        return verr_set(err, "out of memory");
    }
    char stem[200], name[220];
    snprintf(stem, sizeof stem, "%s%s", slug, s->suffix);
    snprintf(name, sizeof name, "%s.tsv", stem);
    char *data = NULL;
    FILE *f = plot_data_open(o, name, PLOT_NO_GROUP, out, &data, err);
    int rc = f == NULL ? -1 : 0;
    if (f != NULL) {
        fputs("# ", f);
        escape_tsv(f, label);
        fprintf(f, ": %s\n", s->header);
        s->blocks(f, doc, key, done, n_cells, idx);
        rc = plot_data_close(f, data, err);
    }
    if (rc == 0) {
        char *machine = doc_machine_line(doc);
        char title[1024];
        snprintf(title, sizeof title, "%s · %s\n%s", label, s->what, machine ? machine : "");
        free(machine);
        rc = plot_render(o, s->script, data, stem, title, NULL, 0, s->kind, PLOT_NO_GROUP, label,
                         out, err);
    }
    free(data);
    free(slug);
    free(idx);
    return rc;
}
