/*
 * plot_history.c - the benchmark history (history.h: one JSON line per commit, appended by
 * `versus history append`) as pictures (see plot.h): for each group of cells (workload, input,
 * parameters), the median wall time at each commit, one line per runner (plots/history.gp).
 *
 * The x axis is the position of the line in the file (the order commits were appended), each
 * tick labelled with the commit's first 7 hex digits: dates of commits can go backwards
 * (rebases), the order of benchmarking cannot. A runner without a median at a commit (not run,
 * failed, skipped) gets a blank line in its block instead of a row, which gnuplot draws as a gap.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/plot.h"
#include "result/doc.h"
#include "result/doc_text.h"
#include "result/history_read.h"
#include "util/escape.h"
#include "util/fsutil.h"

json_t *plot_load_history(const char *path, struct verr *err)
{
    return history_read(path, err);
}

/* A cell of entry e with the group of key and the runner runner, or NULL. */
static const json_t *find_cell(const json_t *e, const json_t *key, const char *runner)
{
    size_t i;
    const json_t *c;
    json_array_foreach(json_object_get(e, "cells"), i, c)
    {
        const char *r = doc_str(c, "runner");
        if (r != NULL && strcmp(r, runner) == 0 && doc_same_group(c, key))
            return c;
    }
    return NULL;
}

/* The distinct runners of key's group over every entry, in order of first appearance (a new
 * array of strings). */
static json_t *runners_of(const json_t *entries, const json_t *key)
{
    json_t *runners = json_array();
    size_t i, j, k;
    const json_t *e, *c, *r;
    json_array_foreach(entries, i, e)
    {
        json_array_foreach(json_object_get(e, "cells"), j, c)
        {
            const char *name = doc_str(c, "runner");
            if (name == NULL || !doc_same_group(c, key))
                continue;
            bool seen = false;
            json_array_foreach(runners, k, r) seen =
                seen || strcmp(json_string_value(r), name) == 0;
            if (!seen)
                json_array_append_new(runners, json_string(name));
        }
    }
    return runners;
}

/* Writes one runner's block; returns true when it ended with a blank line (a gap). */
static bool write_history_block(FILE *f, const json_t *entries, const json_t *key,
                                const char *runner)
{
    plot_write_field(f, runner);
    fputs("\tposition\tcommit\tdate\tmedian_wall_s\tmedian_cpu_s\tmedian_max_rss_bytes\n", f);
    bool gap = false;
    size_t i;
    const json_t *e;
    json_array_foreach(entries, i, e)
    {
        const json_t *c = find_cell(e, key, runner);
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

/* Draws the group of key (a cell of some entry) as picture number gi. */
static int plot_history_group(const json_t *entries, const json_t *key, size_t gi,
                              const struct plot_options *o, struct plot_files *out,
                              struct verr *err)
{
    char *label = doc_group_label(key);
    char *params = doc_parameters_text(key);
    char *slug = plot_group_stem(key);
    json_t *runners = runners_of(entries, key);
    int rc = 0;
    char *data = NULL;
    if (slug == NULL || label == NULL || params == NULL || runners == NULL) {
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
    size_t i;
    const json_t *r;
    bool gap = false;
    json_array_foreach(runners, i, r)
    {
        if (i > 0) /* exactly two blank lines between blocks, counting a trailing gap's */
            fputs(gap ? "\n" : "\n\n", f);
        gap = write_history_block(f, entries, key, json_string_value(r));
    }
    if (plot_data_close(f, data, err) != 0) {
        rc = -1;
        goto done;
    }
    size_t n = json_array_size(entries);
    const char *first = doc_str(json_array_get(entries, 0), "date");
    const char *last = doc_str(json_array_get(entries, n - 1), "date");
    char title[1024];
    snprintf(title, sizeof title, "%s%s%s%s · history of %zu commit%s\n%s to %s", label,
             *params ? " (" : "", params, *params ? ")" : "", n, n == 1 ? "" : "s",
             first ? first : "?", last ? last : "?");
    const char *extra[] = {"wall"};
    rc = plot_render(o, "history.gp", data, stem, title, extra, 1, "history", PLOT_NO_GROUP, label,
                     out, err);
done:
    free(data);
    json_decref(runners);
    free(slug);
    free(params);
    free(label);
    return rc;
}

/* True when some cell of key's group has a median wall time in some entry. */
static bool group_has_figures(const json_t *entries, const json_t *key)
{
    size_t i, j;
    const json_t *e, *c;
    json_array_foreach(entries, i, e)
    {
        json_array_foreach(json_object_get(e, "cells"), j, c)
        {
            if (doc_same_group(c, key) && isfinite(doc_num(c, "median_wall_s")))
                return true;
        }
    }
    return false;
}

int plot_history(const json_t *entries, const struct plot_options *o, struct plot_files *out,
                 struct verr *err)
{
    /* The groups, in order of first appearance: one key cell each. */
    json_t *keys = json_array();
    if (keys == NULL)
        return verr_set(err, "out of memory");
    size_t i, j, k;
    const json_t *e, *c, *key;
    json_array_foreach(entries, i, e)
    {
        json_array_foreach(json_object_get(e, "cells"), j, c)
        {
            if (!json_is_object(c))
                continue;
            bool seen = false;
            json_array_foreach(keys, k, key) seen = seen || doc_same_group(key, c);
            if (!seen)
                json_array_append(keys, (json_t *)c);
        }
    }
    int rc = 0;
    size_t drawn = 0;
    json_array_foreach(keys, k, key)
    {
        if (rc == 0 && group_has_figures(entries, key))
            rc = plot_history_group(entries, key, drawn++, o, out, err);
    }
    json_decref(keys);
    return rc;
}
