/*
 * plot.c - what the three kinds of pictures share (see plot.h): the list of files written,
 * file names, data-file fields, and drawing one data file in every requested format.
 *
 * Data files are plain tab-separated text (gnuplot's `set datafile separator "\t"`), one
 * record per line, numbers with 9 significant digits (more than any clock here resolves),
 * "NaN" for a figure that is absent. Runner names from `versus cmd` are whole command lines,
 * so fields are cleaned of the bytes gnuplot would read as structure and shortened for an
 * axis label.
 */
#include "output/plot.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/gnuplot.h"
#include "result/doc.h"
#include "util/escape.h"
#include "util/fsutil.h"

#define FIELD_MAX 48
#define SLUG_MAX 60

void plot_files_free(struct plot_files *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->files[i].path);
        free(f->files[i].label);
    }
    free(f->files);
    memset(f, 0, sizeof *f);
}

int plot_files_add(struct plot_files *f, const char *path, const char *kind, unsigned format,
                   size_t group, const char *label, struct verr *err)
{
    struct plot_file *grown = realloc(f->files, (f->n + 1) * sizeof *grown);
    if (grown == NULL)
        return verr_set(err, "out of memory");
    f->files = grown;
    struct plot_file *pf = &f->files[f->n];
    memset(pf, 0, sizeof *pf);
    pf->path = strdup(path);
    pf->label = label != NULL ? strdup(label) : NULL;
    if (pf->path == NULL || (label != NULL && pf->label == NULL)) {
        free(pf->path);
        free(pf->label);
        return verr_set(err, "out of memory");
    }
    snprintf(pf->kind, sizeof pf->kind, "%s", kind);
    pf->format = format;
    pf->group = group;
    f->n++;
    return 0;
}

static int safe_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

char *plot_slug(const char *text)
{
    char *out = malloc(SLUG_MAX + 2);
    if (out == NULL)
        return NULL;
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p != '\0' && n < SLUG_MAX; p++) {
        if (safe_char(*p))
            out[n++] = (char)*p;
        else if (n == 0 || out[n - 1] != '_')
            out[n++] = '_';
    }
    if (n == 0)
        out[n++] = '_';
    out[n] = '\0';
    return out;
}

char *plot_group_stem(const json_t *cell)
{
    const char *parts[] = {doc_str(cell, "workload"), doc_input_name(cell), doc_case_name(cell)};
    char stem[3 * (SLUG_MAX + 1) + 8] = "";
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        if (parts[i] == NULL)
            continue;
        char *slug = plot_slug(parts[i]);
        if (slug == NULL)
            return NULL;
        size_t len = strlen(stem);
        snprintf(stem + len, sizeof stem - len, "%s%s", len > 0 ? "-" : "", slug);
        free(slug);
    }
    return strdup(stem[0] != '\0' ? stem : "cell");
}

void plot_write_field(FILE *f, const char *text)
{
    if (text == NULL)
        text = "-";
    size_t len = strlen(text);
    size_t n = len > FIELD_MAX ? FIELD_MAX - 1 : len;
    /* Do not cut a UTF-8 sequence in two: back up to the start of a character. */
    while (n < len && n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
        n--;
    char piece[FIELD_MAX + 1];
    memcpy(piece, text, n);
    piece[n] = '\0';
    escape_tsv(f, piece);
    if (n < len)
        fputs("…", f);
}

void plot_write_number(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, "%.9g", v);
    else
        fputs("NaN", f);
}

FILE *plot_data_open(const struct plot_options *o, const char *name, size_t group,
                     struct plot_files *out, char **path, struct verr *err)
{
    *path = NULL;
    if (fsutil_mkdir_p(o->out_dir, err) != 0)
        return NULL;
    char *p = fsutil_join(o->out_dir, name);
    if (p == NULL) {
        verr_set(err, "out of memory");
        return NULL;
    }
    FILE *f = fopen(p, "w");
    if (f == NULL) {
        verr_set(err, "cannot write %s: %s", p, strerror(errno));
        free(p);
        return NULL;
    }
    if (plot_files_add(out, p, "data", 0, group, NULL, err) != 0) {
        fclose(f);
        free(p);
        return NULL;
    }
    *path = p;
    return f;
}

int plot_data_close(FILE *f, const char *path, struct verr *err)
{
    int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        return verr_set(err, "cannot write %s: %s", path, strerror(errno));
    return 0;
}

int plot_render(const struct plot_options *o, const char *script, const char *data_path,
                const char *stem, const char *title, const char *const *extra, size_t n_extra,
                const char *kind, size_t group, const char *label, struct plot_files *out,
                struct verr *err)
{
    static const struct {
        unsigned format;
        const char *ext;
    } formats[] = {{PLOT_PNG, "png"}, {PLOT_SVG, "svg"}};
    if (n_extra > GNUPLOT_MAX_ARGS - 4)
        return verr_set(err, "plot %s: too many arguments", script);
    char *script_path = fsutil_join(o->scripts_dir, script);
    if (script_path == NULL)
        return verr_set(err, "out of memory");
    if (!fsutil_exists(script_path)) {
        verr_set(err, "%s: no such gnuplot script (is --root the project?)", script_path);
        free(script_path);
        return -1;
    }
    /* The title's lines, each escaped for gnuplot (names from the document may hold control
     * bytes and quotes); its line breaks are versus's own. */
    char *clean = NULL;
    size_t clean_len = 0;
    FILE *cf = open_memstream(&clean, &clean_len);
    if (cf != NULL) {
        char *copy = strdup(title ? title : "");
        char *save = NULL;
        bool first = true;
        for (char *line = copy ? strtok_r(copy, "\n", &save) : NULL; line != NULL;
             line = strtok_r(NULL, "\n", &save), first = false) {
            if (!first)
                fputc('\n', cf);
            escape_tsv(cf, line);
        }
        free(copy);
        fclose(cf);
    }
    if (clean != NULL)
        title = clean;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof formats / sizeof formats[0]; i++) {
        if ((o->formats & formats[i].format) == 0)
            continue;
        char name[256];
        snprintf(name, sizeof name, "%s.%s", stem, formats[i].ext);
        char *image = fsutil_join(o->out_dir, name);
        if (image == NULL) {
            rc = verr_set(err, "out of memory");
            break;
        }
        const char *args[GNUPLOT_MAX_ARGS];
        size_t n = 0;
        args[n++] = data_path;
        args[n++] = image;
        args[n++] = title;
        args[n++] = formats[i].ext;
        for (size_t k = 0; k < n_extra; k++)
            args[n++] = extra[k];
        remove(image); /* so that a stale picture is never taken for a new one */
        if (gnuplot_run(o->gnuplot, script_path, args, n, err) != 0)
            rc = -1;
        else if (fsutil_file_size(image) <= 0)
            rc = verr_set(err, "gnuplot %s wrote no %s", script_path, image);
        else
            rc = plot_files_add(out, image, kind, formats[i].format, group, label, err);
        free(image);
    }
    free(script_path);
    free(clean);
    return rc;
}
