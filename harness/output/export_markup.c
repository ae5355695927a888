/*
 * export_markup.c - a `versus cmd` document as hyperfine writes its summary tables and CSV
 * (see export.h): --export-markdown, --export-asciidoc, --export-orgmode and --export-csv of
 * `versus cmd`, byte for byte in hyperfine 1.20's shapes (sharkdp/hyperfine src/export/
 * markup.rs, markdown.rs, asciidoc.rs, orgmode.rs, csv.rs).
 *
 * Tables: "Command | Mean [unit] | Min [unit] | Max [unit] | Relative", one row per command with
 * figures; the unit is settings.time_unit ("second", "millisecond", "microsecond") or, as
 * hyperfine picks it, the one that suits the first command's mean (µs under 1 ms, ms under
 * 1 s, else s); seconds with 3 decimals, ms and µs with 1. Rows are in the order the commands
 * were given unless settings.sort is "mean-time". Relative is mean / the reference's mean
 * (settings.reference true: the first cell; else the smallest mean) with hyperfine's error
 * propagation, ratio * sqrt((sd/mean)^2 + (sd_ref/mean_ref)^2), left out for the reference
 * itself. The terminal summary of `versus cmd` gives a bootstrap interval instead; these files
 * keep hyperfine's figure, which tools that read them expect.
 * CSV: command, mean, stddev (0 for one run), median, user, system, min, max (seconds, shortest
 * round-trip text), then parameter_NAME for each parameter of the first command.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/export.h"
#include "result/doc.h"
#include "result/doc_text.h"
#include "util/metric.h"
#include "util/textfmt.h"

struct entry {
    const json_t *cell;
    char *name;
    double mean, stddev, min, max;
};

static int by_mean(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    return (x->mean > y->mean) - (x->mean < y->mean);
}

/* The measured cells of doc as entries (malloc'd); *n their count. */
static struct entry *entries_of(const json_t *doc, size_t *n)
{
    const json_t *cells = json_object_get(doc, "cells");
    struct entry *e = calloc(json_array_size(cells) + 1, sizeof *e);
    *n = 0;
    size_t i;
    json_t *cell;
    json_array_foreach(cells, i, cell)
    {
        if (e == NULL || !doc_measured(cell))
            continue;
        double sd = doc_figure(cell, METRIC_WALL_S, "stddev");
        e[*n] = (struct entry){cell,
                               doc_cell_name(cell),
                               doc_figure(cell, METRIC_WALL_S, "mean"),
                               doc_figure(cell, METRIC_WALL_S, "n") >= 2 ? sd : NAN,
                               doc_figure(cell, METRIC_WALL_S, "min"),
                               doc_figure(cell, METRIC_WALL_S, "max")};
        (*n)++;
    }
    return e;
}

static void entries_free(struct entry *e, size_t n)
{
    for (size_t i = 0; e != NULL && i < n; i++)
        free(e[i].name);
    free(e);
}

/* hyperfine's Unit::format: seconds with 3 decimals, ms and µs with 1. */
static void in_unit(double seconds, const char *unit, char *out, size_t len)
{
    if (strcmp(unit, "µs") == 0)
        snprintf(out, len, "%.1f", seconds * 1e6);
    else if (strcmp(unit, "ms") == 0)
        snprintf(out, len, "%.1f", seconds * 1e3);
    else
        snprintf(out, len, "%.3f", seconds);
}

static const char *unit_of(const json_t *doc, double first_mean)
{
    const char *u = doc_str(json_object_get(doc, "settings"), "time_unit");
    if (u != NULL && strcmp(u, "microsecond") == 0)
        return "µs";
    if (u != NULL && strcmp(u, "millisecond") == 0)
        return "ms";
    if (u != NULL && strcmp(u, "second") == 0)
        return "s";
    return first_mean < 0.001 ? "µs" : first_mean < 1.0 ? "ms" : "s";
}

/* Text written to a FILE in memory (open_memstream). */
struct memtext {
    char *text;
    size_t len;
    FILE *f;
};

static FILE *memtext_open(struct memtext *m)
{
    m->text = NULL;
    m->len = 0;
    m->f = open_memstream(&m->text, &m->len);
    return m->f;
}

/* The text written (malloc'd), or NULL. */
static char *memtext_close(struct memtext *m)
{
    if (fclose(m->f) != 0) {
        free(m->text);
        return NULL;
    }
    return m->text;
}

/* The start of every table: the document's entries (*e, *n) and the text they are written to.
 * Returns the stream, or NULL (out of memory; nothing is left to free). */
static FILE *table_begin(const json_t *doc, struct entry **e, size_t *n, struct memtext *mt)
{
    *e = entries_of(doc, n);
    FILE *b = memtext_open(mt);
    if (b == NULL)
        entries_free(*e, *n);
    return b;
}

/* The end of every table: frees the entries and returns the text written (malloc'd), or NULL. */
static char *table_end(struct entry *e, size_t n, struct memtext *mt)
{
    entries_free(e, n);
    return memtext_close(mt);
}

enum markup { MARKDOWN, ASCIIDOC, ORGMODE };

static void row(FILE *b, enum markup m, const char *const cells[5])
{
    switch (m) {
    case MARKDOWN:
        fprintf(b, "| %s | %s | %s | %s | %s |\n", cells[0], cells[1], cells[2], cells[3],
                cells[4]);
        break;
    case ASCIIDOC:
        fprintf(b, "\n| %s \n| %s \n| %s \n| %s \n| %s \n", cells[0], cells[1], cells[2], cells[3],
                cells[4]);
        break;
    case ORGMODE:
        fprintf(b, "| %s  |  %s |  %s |  %s |  %s |\n", cells[0], cells[1], cells[2], cells[3],
                cells[4]);
        break;
    }
}

static char *markup(const json_t *doc, enum markup m)
{
    size_t n;
    struct entry *e;
    struct memtext mt;
    FILE *b = table_begin(doc, &e, &n, &mt);
    if (b == NULL)
        return NULL;
    bool has_ref = json_is_true(json_object_get(json_object_get(doc, "settings"), "reference"));
    size_t ref = 0;
    for (size_t i = 1; i < n && !has_ref; i++)
        if (e[i].mean < e[ref].mean)
            ref = i;
    const struct entry reference = n > 0 ? e[ref] : (struct entry){0};
    const char *sort = doc_str(json_object_get(doc, "settings"), "sort");
    if (sort != NULL && strcmp(sort, "mean-time") == 0 && n > 1)
        qsort(e, n, sizeof *e, by_mean);
    const char *unit = unit_of(doc, n > 0 ? e[0].mean : 1.0);
    char h[3][32];
    snprintf(h[0], sizeof h[0], "Mean [%s]", unit);
    snprintf(h[1], sizeof h[1], "Min [%s]", unit);
    snprintf(h[2], sizeof h[2], "Max [%s]", unit);
    const char *head[5] = {"Command", h[0], h[1], h[2], "Relative"};
    if (m == ASCIIDOC)
        fprintf(b, "[cols=\"<,>,>,>,>\"]\n|===");
    row(b, m, head);
    if (m == MARKDOWN)
        fprintf(b, "|:---|---:|---:|---:|---:|\n");
    if (m == ORGMODE)
        fprintf(b, "|--+--+--+--+--|\n");
    for (size_t i = 0; i < n; i++) {
        char name[1200], mean[64], sd[48] = "", lo[32], hi[32], rel[64];
        /* hyperfine escapes '|' in a command (markup.rs), and quotes it as code. */
        size_t k = 0;
        for (const char *c = e[i].name ? e[i].name : ""; *c && k + 3 < 1100; c++) {
            if (*c == '|')
                name[k++] = '\\';
            name[k++] = *c;
        }
        name[k] = '\0';
        char quoted[1200];
        snprintf(quoted, sizeof quoted, m == ORGMODE ? "=%s=" : "`%s`", name);
        in_unit(e[i].mean, unit, mean, sizeof mean);
        if (isfinite(e[i].stddev)) {
            char v[32];
            in_unit(e[i].stddev, unit, v, sizeof v);
            snprintf(sd, sizeof sd, " ± %s", v);
        }
        strncat(mean, sd, sizeof mean - strlen(mean) - 1);
        in_unit(e[i].min, unit, lo, sizeof lo);
        in_unit(e[i].max, unit, hi, sizeof hi);
        double ratio = e[i].mean / reference.mean;
        bool is_ref = e[i].cell == reference.cell;
        if (!is_ref && isfinite(e[i].stddev) && isfinite(reference.stddev))
            snprintf(rel, sizeof rel, "%.2f ± %.2f", ratio,
                     ratio * sqrt(pow(e[i].stddev / e[i].mean, 2) +
                                  pow(reference.stddev / reference.mean, 2)));
        else
            snprintf(rel, sizeof rel, "%.2f", ratio);
        const char *cells[5] = {quoted, mean, lo, hi, rel};
        row(b, m, cells);
    }
    if (m == ASCIIDOC)
        fprintf(b, "|===\n");
    return table_end(e, n, &mt);
}

char *export_markdown_hyperfine(const json_t *doc)
{
    return markup(doc, MARKDOWN);
}

char *export_asciidoc(const json_t *doc)
{
    return markup(doc, ASCIIDOC);
}

char *export_orgmode(const json_t *doc)
{
    return markup(doc, ORGMODE);
}

char *export_csv_hyperfine(const json_t *doc)
{
    size_t n;
    struct entry *e;
    struct memtext mt;
    FILE *b = table_begin(doc, &e, &n, &mt);
    if (b == NULL)
        return NULL;
    json_t *first = n > 0 ? doc_cmd_parameters(e[0].cell) : json_object();
    size_t n_params = json_object_size(first);
    static const char *const HEAD[] = {"command", "mean",   "stddev", "median",
                                       "user",    "system", "min",    "max"};
    for (size_t i = 0; i < 8; i++)
        export_csv_field(b, HEAD[i], i + 1 == 8 && n_params == 0);
    const char *key;
    json_t *v;
    size_t k = 0;
    json_object_foreach(first, key, v)
    {
        char h[300];
        snprintf(h, sizeof h, "parameter_%s", key);
        export_csv_field(b, h, ++k == n_params);
    }
    json_decref(first);
    for (size_t i = 0; i < n; i++) {
        const json_t *c = e[i].cell;
        double figures[7] = {e[i].mean,
                             isfinite(e[i].stddev) ? e[i].stddev : 0.0,
                             doc_figure(c, METRIC_WALL_S, "median"),
                             doc_mean(c, METRIC_USER_S),
                             doc_mean(c, METRIC_SYS_S),
                             e[i].min,
                             e[i].max};
        export_csv_field(b, e[i].name ? e[i].name : "", false);
        json_t *params = doc_cmd_parameters(c);
        size_t np = json_object_size(params), j = 0;
        for (size_t f = 0; f < 7; f++) {
            char t[64];
            doc_number_text(isnan(figures[f]) ? 0.0 : figures[f], t, sizeof t);
            export_csv_field(b, t, f == 6 && np == 0);
        }
        json_object_foreach(params, key, v) export_csv_field(b, json_string_value(v), ++j == np);
        json_decref(params);
    }
    return table_end(e, n, &mt);
}
