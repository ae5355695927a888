/*
 * plot_compare.c - a versus-compare/1 document as a picture (see plot.h): one row per matched
 * cell, the ratio after / before of its medians with the bootstrap confidence interval that
 * `versus compare` computed (compare_stats.h) as error bars, and a line at 1 (plots/ratios.gp).
 *
 * Cells that appeared or disappeared, or whose ratio could not be computed (a side failed),
 * have no ratio to draw: they are listed in the data file as comments, and in the compare
 * table itself. An interval whose upper end is unbounded (a resampled median of 0 before) is
 * drawn without whiskers and labelled so.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/plot.h"
#include "result/doc.h"
#include "result/doc_text.h"
#include "util/escape.h"

json_t *plot_load_compare(const char *path, struct verr *err)
{
    json_error_t e;
    json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &e);
    if (doc == NULL) {
        if (e.line <= 0)
            verr_set(err, "%s: %s", path, e.text);
        else
            verr_set(err, "%s: line %d, column %d: %s", path, e.line, e.column, e.text);
        return NULL;
    }
    const char *schema = doc_str(doc, "schema");
    if (schema == NULL || strcmp(schema, "versus-compare/1") != 0 ||
        !json_is_array(json_object_get(doc, "cells"))) {
        json_decref(doc);
        verr_set(err,
                 "%s: not a versus-compare/1 document (no \"schema\": \"versus-compare/1\" "
                 "with a \"cells\" array)",
                 path);
        return NULL;
    }
    return doc;
}

/* The colour of a verdict, 0xRRGGBB: red for worse, green for better, grey otherwise. */
static const char *verdict_colour(const char *verdict)
{
    static const struct {
        const char *verdict, *colour;
    } colours[] = {{"regressed", "0xd62728"}, {"slower", "0xff7f0e"}, {"faster", "0x2ca02c"}};
    for (size_t i = 0; verdict != NULL && i < sizeof colours / sizeof colours[0]; i++) {
        if (strcmp(verdict, colours[i].verdict) == 0)
            return colours[i].colour;
    }
    return "0x7f7f7f";
}

/* "grep · brown · literal · rust". */
static char *cell_label(const json_t *cell)
{
    char *group = doc_group_label(cell);
    const char *runner = doc_str(cell, "runner");
    if (group == NULL)
        return NULL;
    size_t len = strlen(group) + (runner ? strlen(runner) : 0) + 8;
    char *label = malloc(len);
    if (label != NULL)
        snprintf(label, len, "%s · %s", group, runner ? runner : "?");
    free(group);
    return label;
}

/* The last path component of path (borrowed). */
static const char *base_name(const char *path)
{
    const char *slash = path != NULL ? strrchr(path, '/') : NULL;
    return slash != NULL ? slash + 1 : path != NULL ? path : "?";
}

/* Writes the row of one matched cell with a ratio; returns 1 when written, 0 when the cell has
 * no ratio (written as a comment), -1 when out of memory. */
static int write_row(FILE *f, const json_t *cell)
{
    char *label = cell_label(cell);
    if (label == NULL)
        return -1;
    const char *status = doc_str(cell, "status");
    double ratio = doc_num(cell, "ratio");
    const char *verdict = doc_str(cell, "verdict");
    if (status == NULL || strcmp(status, "matched") != 0 || !isfinite(ratio) || ratio <= 0) {
        fputs("# not drawn: ", f);
        escape_tsv(f, label);
        fputs(": ", f);
        escape_tsv(f, status ? status : "no status");
        fputs(", verdict ", f);
        escape_tsv(f, verdict ? verdict : "none");
        fputc('\n', f);
        free(label);
        return 0;
    }
    double low = doc_num(cell, "ci_low"), high = doc_num(cell, "ci_high");
    bool bounded = isfinite(low) && isfinite(high) && low > 0 && high < 1e300;
    plot_write_field(f, label);
    fputc('\t', f);
    plot_write_number(f, ratio);
    fputc('\t', f);
    plot_write_number(f, bounded ? low : ratio);
    fputc('\t', f);
    plot_write_number(f, bounded ? high : ratio);
    fprintf(f, "\t%s\t", verdict_colour(verdict));
    plot_write_field(f, verdict ? verdict : "n/a");
    if (!bounded)
        fputs(" (interval unbounded)", f);
    fputc('\n', f);
    free(label);
    return 1;
}

int plot_compare(const json_t *cmp, const struct plot_options *o, struct plot_files *out,
                 struct verr *err)
{
    const json_t *cells = json_object_get(cmp, "cells");
    size_t i, drawable = 0;
    const json_t *cell;
    json_array_foreach(cells, i, cell)
    {
        const char *status = doc_str(cell, "status");
        double ratio = doc_num(cell, "ratio");
        drawable +=
            status != NULL && strcmp(status, "matched") == 0 && isfinite(ratio) && ratio > 0;
    }
    if (drawable == 0)
        return 0;
    char *data = NULL;
    FILE *f = plot_data_open(o, "compare-ratios.tsv", PLOT_NO_GROUP, out, &data, err);
    if (f == NULL)
        return -1;
    fputs("# label\tratio after/before\tCI low\tCI high\tcolour\tverdict\n", f);
    int rc = 0;
    json_array_foreach(cells, i, cell)
    {
        if (json_is_object(cell) && write_row(f, cell) < 0) {
            rc = verr_set(err, "out of memory");
            break;
        }
    }
    if (plot_data_close(f, data, err) != 0)
        rc = -1;
    if (rc == 0) {
        const char *metric = doc_str(cmp, "metric");
        if (metric == NULL)
            metric = "wall";
        double threshold = doc_num(cmp, "threshold"), confidence = doc_num(cmp, "confidence");
        char title[1024], thr[32];
        snprintf(
            title, sizeof title,
            "versus compare: %s → %s\nmetric: median %s; %zu matched cell%s; %.0f%% confidence "
            "intervals; %.0f regressed, %.0f improved",
            base_name(doc_str(cmp, "before")), base_name(doc_str(cmp, "after")), metric, drawable,
            drawable == 1 ? "" : "s", isfinite(confidence) ? confidence * 100 : 95.0,
            isfinite(doc_num(cmp, "regressed")) ? doc_num(cmp, "regressed") : 0.0,
            isfinite(doc_num(cmp, "improved")) ? doc_num(cmp, "improved") : 0.0);
        snprintf(thr, sizeof thr, "%g", isfinite(threshold) && threshold > 0 ? threshold : 0.0);
        const char *extra[] = {metric, thr};
        rc = plot_render(o, "ratios.gp", data, "compare-ratios", title, extra, 2, "ratios",
                         PLOT_NO_GROUP, "compare", out, err);
    }
    free(data);
    return rc;
}
