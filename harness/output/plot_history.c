/*
 * plot_history.c - the benchmark history (history.h: one JSON line per commit, appended by
 * `versus history append`) as pictures (see plot.h): for each group of cells (workload, input,
 * parameters), the median wall time at each commit, one line per runner (plots/history.gp).
 *
 * The x axis is the position of the line in the file (the order commits were appended), each
 * tick labelled with the commit's first 7 hex digits: dates of commits can go backwards
 * (rebases), the order of benchmarking cannot. A runner without a median at a commit (not run,
 * failed, skipped) gets a blank line in its block instead of a row, which gnuplot draws as a gap.
 * Groups, runners and cells are found through one index built in a pass over the history
 * (util/keymap.h): time linear in the number of cells, not in cells times groups.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/plot.h"
#include "result/doc.h"
#include "result/doc_text.h"
#include "result/history_read.h"
#include "util/escape.h"
#include "util/free_all.h"
#include "util/fsutil.h"
#include "util/keymap.h"

json_t *plot_load_history(const char *path, struct verr *err)
{
    return history_read(path, err);
}

/* The history's cells indexed once (util/keymap.h), so that drawing it takes time linear in
 * its cells instead of comparing every cell with every group and runner.
 *   group g: the cells of one (workload, input, parameters), numbered in order of first
 *            appearance; key[g] one of its cells; figures[g] some cell of it has a median;
 *   slot s:  a runner of a group, numbered in order of first appearance; its identity bytes
 *            (doc_identity_key with the runner), group and runner name;
 *   cells:   slot s's identity followed by an entry's position (size_t bytes) -> the index
 *            of the first cell of that identity in that entry. */
struct history_index {
    struct keymap *groups, *slots, *cells;
    size_t n_groups, n_slots;
    const json_t **key;
    bool *figures;
    size_t *slot_group;
    const char **slot_runner;
    char **slot_id;
    size_t *slot_id_len;
};

static void history_index_free(struct history_index *x)
{
    keymap_free(x->groups);
    keymap_free(x->slots);
    keymap_free(x->cells);
    for (size_t s = 0; x->slot_id != NULL && s < x->n_slots; s++)
        free(x->slot_id[s]);
    FREE_ALL(x->key, x->figures, x->slot_group, x->slot_runner, x->slot_id, x->slot_id_len);
}

/* Key bytes: id (len bytes) then the entry position i. Returns the length, or 0 when out of
 * memory (*out then NULL). */
static size_t cell_key(const char *id, size_t len, size_t i, char **out)
{
    *out = malloc(len + sizeof i);
    if (*out == NULL)
        return 0;
    memcpy(*out, id, len);
    memcpy(*out + len, &i, sizeof i);
    return len + sizeof i;
}

/* Indexes cell c (at position j of entry i). Returns 0 or -1 (out of memory). */
static int index_cell(struct history_index *x, const json_t *c, size_t i, size_t j)
{
    size_t glen, g, s;
    char *gid = doc_identity_key(c, false, &glen);
    if (gid == NULL)
        return -1;
    if (!keymap_find(x->groups, gid, glen, &g)) {
        g = x->n_groups++;
        x->key[g] = c;
        x->figures[g] = false;
        if (keymap_add(x->groups, gid, glen, g) != 0)
            return free(gid), -1;
    }
    free(gid);
    x->figures[g] = x->figures[g] || isfinite(doc_num(c, "median_wall_s"));
    const char *runner = doc_str(c, "runner");
    if (runner == NULL)
        return 0;
    size_t len;
    char *id = doc_identity_key(c, true, &len);
    if (id == NULL)
        return -1;
    if (!keymap_find(x->slots, id, len, &s)) {
        s = x->n_slots++;
        x->slot_group[s] = g;
        x->slot_runner[s] = runner;
        x->slot_id[s] = id;
        x->slot_id_len[s] = len;
        if (keymap_add(x->slots, id, len, s) != 0)
            return -1;
    } else {
        free(id);
    }
    char *ck;
    size_t cklen = cell_key(x->slot_id[s], x->slot_id_len[s], i, &ck);
    size_t first;
    int rc = ck == NULL                                 ? -1
             : keymap_find(x->cells, ck, cklen, &first) ? 0
                                                        : keymap_add(x->cells, ck, cklen, j);
    free(ck);
    return rc;
}

/* Builds the index of entries. Returns 0, or -1 when out of memory (x is then to be freed all
 * the same). */
static int history_index_build(struct history_index *x, const json_t *entries)
{
    memset(x, 0, sizeof *x);
    size_t total = 0, i, j;
    const json_t *e, *c;
    json_array_foreach(entries, i, e) total += json_array_size(json_object_get(e, "cells"));
    size_t cap = total > 0 ? total : 1;
    x->groups = keymap_new(cap);
    x->slots = keymap_new(cap);
    x->cells = keymap_new(cap);
    x->key = malloc(cap * sizeof *x->key);
    x->figures = malloc(cap * sizeof *x->figures);
    x->slot_group = malloc(cap * sizeof *x->slot_group);
    x->slot_runner = malloc(cap * sizeof *x->slot_runner);
    x->slot_id = malloc(cap * sizeof *x->slot_id);
    x->slot_id_len = malloc(cap * sizeof *x->slot_id_len);
    if (x->groups == NULL || x->slots == NULL || x->cells == NULL || x->key == NULL ||
        x->figures == NULL || x->slot_group == NULL || x->slot_runner == NULL ||
        x->slot_id == NULL || x->slot_id_len == NULL)
        return -1;
    json_array_foreach(entries, i, e)
    {
        json_array_foreach(json_object_get(e, "cells"), j, c)
        {
            if (json_is_object(c) && index_cell(x, c, i, j) != 0)
                return -1;
        }
    }
    return 0;
}

/* The cell of slot s in entry e (at position i), or NULL. */
static const json_t *find_cell(const struct history_index *x, const json_t *e, size_t i, size_t s)
{
    char *ck;
    size_t cklen = cell_key(x->slot_id[s], x->slot_id_len[s], i, &ck), j;
    bool found = ck != NULL && keymap_find(x->cells, ck, cklen, &j);
    free(ck);
    return found ? json_array_get(json_object_get(e, "cells"), j) : NULL;
}

/* Writes one runner's block; returns true when it ended with a blank line (a gap). */
static bool write_history_block(FILE *f, const json_t *entries, const struct history_index *x,
                                size_t slot)
{
    const char *runner = x->slot_runner[slot];
    plot_write_field(f, runner);
    fputs("\tposition\tcommit\tdate\tmedian_wall_s\tmedian_cpu_s\tmedian_max_rss_bytes\n", f);
    bool gap = false;
    size_t i;
    const json_t *e;
    json_array_foreach(entries, i, e)
    {
        const json_t *c = find_cell(x, e, i, slot);
        double wall = doc_num(c, "median_wall_s");
        if (!isfinite(wall)) {
            if (!gap) /* one blank line breaks the line; two would start a new block */
                fputc('\n', f);
            gap = true;
            continue;
        }
        gap = false;
        const char *commit = doc_str(e, "commit");
        char short_commit[8];
        snprintf(short_commit, sizeof short_commit, "%s", commit ? commit : "?");
        plot_write_field(f, runner);
        fprintf(f, "\t%zu\t", i);
        plot_write_field(f, short_commit);
        fputc('\t', f);
        plot_write_field(f, doc_str(e, "date"));
        double figures[] = {wall, doc_num(c, "median_cpu_s"), doc_num(c, "median_max_rss_bytes")};
        for (size_t k = 0; k < 3; k++) {
            fputc('\t', f);
            plot_write_number(f, figures[k]);
        }
        fputc('\n', f);
    }
    return gap;
}

/* Draws group g of x as picture number gi. */
static int plot_history_group(const json_t *entries, const struct history_index *x, size_t g,
                              size_t gi, const struct plot_options *o, struct plot_files *out,
                              struct verr *err)
{
    const json_t *key = x->key[g];
    char *label = doc_group_label(key);
    char *params = doc_parameters_text(key);
    char *slug = plot_group_stem(key);
    int rc = 0;
    char *data = NULL;
    if (slug == NULL || label == NULL || params == NULL) {
        rc = verr_set(err, "out of memory");
        goto done;
    }
    char stem[128], name[160];
    snprintf(stem, sizeof stem, "history-%02zu-%s", gi + 1, slug);
    snprintf(name, sizeof name, "%s.tsv", stem);
    FILE *f = plot_data_open(o, name, PLOT_NO_GROUP, out, &data, err);
    if (f == NULL) {
        rc = -1;
        goto done;
    }
    fputs("# ", f);
    escape_tsv(f, label);
    fputs(": medians per commit, per runner; seconds, bytes\n", f);
    bool gap = false, first = true;
    /* The group's runners in order of first appearance: its slots, in slot order. */
    for (size_t s = 0; s < x->n_slots; s++) {
        if (x->slot_group[s] != g)
            continue;
        if (!first) /* exactly two blank lines between blocks, counting a trailing gap's */
            fputs(gap ? "\n" : "\n\n", f);
        first = false;
        gap = write_history_block(f, entries, x, s);
    }
    if (plot_data_close(f, data, err) != 0) {
        rc = -1;
        goto done;
    }
    size_t n = json_array_size(entries);
    const char *date0 = doc_str(json_array_get(entries, 0), "date");
    const char *last = doc_str(json_array_get(entries, n - 1), "date");
    char title[1024];
    snprintf(title, sizeof title, "%s%s%s%s · history of %zu commit%s\n%s to %s", label,
             *params ? " (" : "", params, *params ? ")" : "", n, n == 1 ? "" : "s",
             date0 ? date0 : "?", last ? last : "?");
    const char *extra[] = {"wall"};
    rc = plot_render(o, "history.gp", data, stem, title, extra, 1, "history", PLOT_NO_GROUP, label,
                     out, err);
done:
    FREE_ALL(data, slug, params, label);
    return rc;
}

int plot_history(const json_t *entries, const struct plot_options *o, struct plot_files *out,
                 struct verr *err)
{
    struct history_index x;
    int rc = history_index_build(&x, entries) == 0 ? 0 : verr_set(err, "out of memory");
    size_t drawn = 0;
    for (size_t g = 0; rc == 0 && g < x.n_groups; g++) {
        if (x.figures[g])
            rc = plot_history_group(entries, &x, g, drawn++, o, out, err);
    }
    history_index_free(&x);
    return rc;
}
