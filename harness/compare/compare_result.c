/*
 * compare_result.c - comparing two documents in brief, and the report's rows made one at a time
 * (see compare_result.h).
 */
#include "compare/compare_result.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare/compare_report.h"
#include "compare/compare_stats.h"
#include "util/fsutil.h"
#include "util/keymap.h"
#include "util/parallel.h"

/* Sets b2a[i] and a2b[j] to the matching cell's index (-1 for none), the k-th before cell of an
 * identity taking the k-th after cell of it. Returns the number of matched pairs, or -1 when
 * out of memory. */
static long match_briefs(const struct doc_briefs *before, const struct doc_briefs *after, long *b2a,
                         long *a2b)
{
    for (size_t i = 0; i < before->n; i++)
        b2a[i] = -1;
    for (size_t j = 0; j < after->n; j++)
        a2b[j] = -1;
    struct keymap *m = keymap_new(after->n);
    if (m == NULL)
        return -1;
    long matched = 0;
    for (size_t j = 0; j < after->n && matched >= 0; j++) {
        size_t len;
        char *key = doc_brief_key(&after->cells[j], &len);
        if (key == NULL || keymap_add(m, key, len, j) != 0)
            matched = -1;
        free(key);
    }
    for (size_t i = 0; i < before->n && matched >= 0; i++) {
        size_t len, j;
        char *key = doc_brief_key(&before->cells[i], &len);
        if (key == NULL)
            matched = -1;
        else if (keymap_take(m, key, len, &j)) {
            b2a[i] = (long)j;
            a2b[j] = (long)i;
            matched++;
        }
        free(key);
    }
    keymap_free(m);
    return matched;
}

/* The figures of a cell present on one side only: its own sample count and median (whatever
 * its verdict), every other figure unknown and the verdict "n/a". */
static void one_side(const struct doc_brief *cell, bool is_before, const struct metric_def *m,
                     struct compare_figures *f)
{
    compare_sample_figures("skipped", NULL, 0, "skipped", NULL, 0, m, 0, f);
    double med = cell->n > 0 ? compare_median(cell->values, cell->n) : NAN;
    if (is_before) {
        f->n_before = cell->n;
        f->median_before = med;
    } else {
        f->n_after = cell->n;
        f->median_after = med;
    }
}

/* The report's members but "cells", which is left empty where the rows go. */
static json_t *head_of(const char *before_path, const char *after_path, const struct metric_def *m,
                       double threshold, json_int_t regressed, json_int_t improved,
                       json_int_t no_data)
{
    json_t *head = json_object();
    json_object_set_new(head, "schema", json_string(COMPARE_SCHEMA));
    json_object_set_new(head, "before", json_string(before_path));
    json_object_set_new(head, "after", json_string(after_path));
    json_object_set_new(head, "metric", json_string(compare_metric_name(m)));
    json_object_set_new(head, "threshold", json_real(threshold));
    if (metric_rule_of(m->name) == METRIC_RULE_SEPARATION)
        json_object_set_new(head, "rule", json_string("separation"));
    json_object_set_new(head, "confidence", json_real(COMPARE_CONFIDENCE));
    json_object_set_new(head, "cells", json_array());
    json_object_set_new(head, "regressed", json_integer(regressed));
    json_object_set_new(head, "improved", json_integer(improved));
    json_object_set_new(head, "no_data", json_integer(no_data));
    return head;
}

/* What every worker of compute_all_figures shares. */
struct figures_job {
    struct compare_result *r;
    const struct metric_def *m;
    double threshold;
};

/* Computes the figures of the matched rows first, first + stride, ... (util/parallel.h: no
 * shared state is written but those rows). */
static void compute_figures(void *ctx, size_t first, size_t stride)
{
    const struct figures_job *job = ctx;
    struct compare_result *r = job->r;
    for (size_t k = first; k < r->n; k += stride) {
        struct compare_row *row = &r->rows[k];
        if (row->before < 0 || row->after < 0)
            continue;
        const struct doc_brief *b = &r->before.cells[row->before], *a = &r->after.cells[row->after];
        compare_sample_figures(b->verdict, b->values, b->n, a->verdict, a->values, a->n, job->m,
                               job->threshold, &row->f);
    }
}

/* The matched rows' figures, on a thread per processor for 1000 rows or more: the exact
 * bootstrap interval is most of compare's time for tens of thousands of cells, and every row
 * is independent, so the figures are the same on any number of threads. */
static void compute_all_figures(struct compare_result *r, const struct metric_def *m,
                                double threshold)
{
    struct figures_job job = {r, m, threshold};
    parallel_for(r->n, 500, compute_figures, &job);
}

/* Fills r->rows from the matching (b2a, a2b) and gives the tallies. */
static void fill_rows(struct compare_result *r, const long *b2a, const long *a2b,
                      const struct metric_def *m, double threshold, json_int_t tally[3])
{
    const struct doc_briefs *bs = &r->before, *as = &r->after;
    for (size_t i = 0; i < bs->n; i++) {
        struct compare_row *row = &r->rows[r->n++];
        row->before = (long)i;
        row->after = b2a[i];
        row->status = b2a[i] < 0 ? "disappeared" : "matched";
    }
    for (size_t j = 0; j < as->n; j++) {
        if (a2b[j] >= 0)
            continue;
        struct compare_row *row = &r->rows[r->n++];
        row->before = -1;
        row->after = (long)j;
        row->status = "appeared";
    }
    compute_all_figures(r, m, threshold);
    for (size_t k = 0; k < r->n; k++) {
        struct compare_row *row = &r->rows[k];
        if (row->after < 0) {
            const struct doc_brief *b = &bs->cells[row->before];
            one_side(b, true, m, &row->f);
            /* An interrupted after document lacks cells because it stopped, not because they
             * were dropped: a cell measured before is then "no data" too. */
            if (as->interrupted && row->f.n_before > 0 && compare_verdict_usable(b->verdict))
                row->f.verdict = COMPARE_NO_DATA;
        } else if (row->before < 0) {
            one_side(&as->cells[row->after], false, m, &row->f);
            continue;
        } else {
            tally[0] += strcmp(row->f.verdict, "regressed") == 0;
            tally[1] += strcmp(row->f.verdict, "faster") == 0;
        }
        tally[2] += strcmp(row->f.verdict, COMPARE_NO_DATA) == 0;
    }
}

struct compare_result *compare_briefs(struct doc_briefs *before, struct doc_briefs *after,
                                      const char *before_path, const char *after_path,
                                      const struct metric_def *m, double threshold,
                                      struct verr *err)
{
    struct compare_result *r = calloc(1, sizeof *r);
    long *b2a = malloc((before->n + 1) * sizeof *b2a);
    long *a2b = malloc((after->n + 1) * sizeof *a2b);
    if (r != NULL) {
        r->before = *before;
        r->after = *after;
        memset(before, 0, sizeof *before);
        memset(after, 0, sizeof *after);
        r->rows = calloc(r->before.n + r->after.n + 1, sizeof *r->rows);
    } else {
        doc_briefs_free(before);
        doc_briefs_free(after);
    }
    long matched = r != NULL && r->rows != NULL && b2a != NULL && a2b != NULL
                       ? match_briefs(&r->before, &r->after, b2a, a2b)
                       : -1;
    if (matched <= 0) {
        if (matched < 0)
            verr_set(err, "out of memory");
        else
            verr_set(err,
                     "%s and %s have no cell in common (a cell is matched by workload, input, "
                     "parameters and runner)",
                     before_path, after_path);
        free(b2a);
        free(a2b);
        compare_result_free(r);
        return NULL;
    }
    json_int_t tally[3] = {0, 0, 0}; /* regressed, improved, no data */
    fill_rows(r, b2a, a2b, m, threshold, tally);
    free(b2a);
    free(a2b);
    r->head = head_of(before_path, after_path, m, threshold, tally[0], tally[1], tally[2]);
    return r;
}

/* The brief of a row's side, or NULL when it is missing. */
static const struct doc_brief *side(const struct doc_briefs *briefs, long i)
{
    return i >= 0 ? &briefs->cells[i] : NULL;
}

json_t *compare_result_row(const struct compare_result *r, size_t i)
{
    if (i >= r->n)
        return NULL;
    const struct compare_row *row = &r->rows[i];
    const struct doc_brief *b = side(&r->before, row->before), *a = side(&r->after, row->after);
    return compare_brief_row_json(b != NULL ? b : a, row->status, b, a, &row->f);
}

const char *compare_result_verdict_before(const struct compare_result *r, size_t i)
{
    const struct doc_brief *b = i < r->n ? side(&r->before, r->rows[i].before) : NULL;
    return b != NULL ? b->verdict : NULL;
}

const char *compare_result_verdict_after(const struct compare_result *r, size_t i)
{
    const struct doc_brief *a = i < r->n ? side(&r->after, r->rows[i].after) : NULL;
    return a != NULL ? a->verdict : NULL;
}

bool compare_result_went_failed(const struct compare_result *r, size_t i)
{
    const char *vb = compare_result_verdict_before(r, i), *va = compare_result_verdict_after(r, i);
    return vb != NULL && va != NULL && (strcmp(vb, "verified") == 0 || strcmp(vb, "ok") == 0) &&
           strcmp(va, "failed") == 0;
}

json_t *compare_result_json(const struct compare_result *r)
{
    json_t *report = json_deep_copy(r->head);
    json_t *cells = json_object_get(report, "cells");
    for (size_t i = 0; cells != NULL && i < r->n; i++) {
        json_t *row = compare_result_row(r, i);
        if (row == NULL || json_array_append_new(cells, row) != 0) {
            json_decref(report);
            return NULL;
        }
    }
    return report;
}

bool compare_result_fails(const struct compare_result *r)
{
    if (json_integer_value(json_object_get(r->head, "regressed")) > 0 ||
        json_integer_value(json_object_get(r->head, "no_data")) > 0)
        return true;
    for (size_t i = 0; i < r->n; i++) {
        if (compare_result_went_failed(r, i))
            return true;
    }
    return false;
}

/* The JSON text flags of compare_report_write (result_write_json at precision 15). */
#define REPORT_FLAGS (JSON_INDENT(1) | JSON_REAL_PRECISION(15))

/* text with every line after the first indented by two more spaces (malloc'd; NULL when out
 * of memory or text is NULL): a row dumped alone, placed inside the report's "cells" array.
 * A second pass over json_dumps's text, and still the cheaper way: json_dump_callback into an
 * open_memstream, indenting in the callback, calls fwrite for every token and made compare of
 * two 60 000-cell documents with --json slower (median wall 4.67 against 4.51 s, user CPU
 * 8.35 against 8.09 s, in five interleaved runs each; same output, byte for byte). */
static char *indented(const char *text)
{
    if (text == NULL)
        return NULL;
    size_t lines = 0, len = 0;
    for (const char *p = text; *p; p++, len++)
        lines += *p == '\n';
    char *out = malloc(len + 2 * lines + 1), *o = out;
    if (out == NULL)
        return NULL;
    for (const char *p = text; *p; p++) {
        *o++ = *p;
        if (*p == '\n') {
            *o++ = ' ';
            *o++ = ' ';
        }
    }
    *o = '\0';
    return out;
}

/* A block of rows made into JSON text ahead of writing: texts[k] is row first + k's
 * json_dumps text, indented for its place (malloc'd), NULL when out of memory. */
struct dump_block {
    const struct compare_result *r;
    size_t first, count;
    char **texts;
};

/* Makes the texts of the block's rows k, k + stride, ... (util/parallel.h). */
static void dump_rows(void *ctx, size_t k0, size_t stride)
{
    struct dump_block *d = ctx;
    for (size_t k = k0; k < d->count; k += stride) {
        json_t *row = compare_result_row(d->r, d->first + k);
        char *text = row != NULL ? json_dumps(row, REPORT_FLAGS) : NULL;
        d->texts[k] = indented(text);
        free(text);
        json_decref(row);
    }
}

/* Rows are made into text a block at a time, the block's rows on a thread per processor, and
 * written in order: a row's JSON, its text and its indenting are most of the writer's time,
 * and a block bounds what is held at once (4096 rows: about 2 MB of text). */
#define DUMP_BLOCK_ROWS 4096

/* Writes the report's text into out: head's text with the rows spliced in at its empty
 * "cells". Returns 0, or -1 when out of memory. */
static int put_report(FILE *out, const struct compare_result *r)
{
    static const char MARK[] = "\n \"cells\": []";
    char *head = json_dumps(r->head, REPORT_FLAGS);
    char *at = head != NULL ? strstr(head, MARK) : NULL;
    char **texts = malloc(DUMP_BLOCK_ROWS * sizeof *texts);
    if (at == NULL || texts == NULL) {
        free(head);
        free(texts);
        return -1;
    }
    size_t before_rows = (size_t)(at - head) + sizeof MARK - 3; /* up to and with "cells": */
    fwrite(head, 1, before_rows, out);
    fputc('[', out);
    int rc = 0;
    for (size_t first = 0; first < r->n; first += DUMP_BLOCK_ROWS) {
        size_t count = r->n - first < DUMP_BLOCK_ROWS ? r->n - first : DUMP_BLOCK_ROWS;
        struct dump_block block = {r, first, count, texts};
        parallel_for(count, 256, dump_rows, &block);
        for (size_t k = 0; k < count; k++) {
            if (texts[k] == NULL || rc != 0) {
                rc = -1;
                free(texts[k]);
                continue;
            }
            fputs("\n  ", out);
            fputs(texts[k], out);
            if (first + k + 1 < r->n)
                fputc(',', out);
            free(texts[k]);
        }
        if (rc != 0)
            break;
    }
    fputs(r->n > 0 ? "\n ]" : "]", out);
    fputs(at + sizeof MARK - 1, out);
    fputc('\n', out);
    free(head);
    free(texts);
    return rc;
}

int compare_result_write(const struct compare_result *r, const char *path, struct verr *err)
{
    char *dir = fsutil_dir_name(path);
    if (dir == NULL)
        return verr_set(err, "out of memory");
    int rc = strcmp(dir, ".") != 0 && strcmp(dir, "/") != 0 ? fsutil_mkdir_p(dir, err) : 0;
    free(dir);
    if (rc != 0)
        return -1;
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (out == NULL)
        return verr_set(err, "out of memory");
    rc = put_report(out, r);
    if (fclose(out) != 0 || rc != 0) {
        free(text);
        return verr_set(err, "cannot serialise the comparison");
    }
    rc = fsutil_write_atomic(path, text, len, err);
    free(text);
    return rc;
}

json_t *compare_documents(const json_t *before, const json_t *after, const char *before_path,
                          const char *after_path, const struct metric_def *m, double threshold,
                          struct verr *err)
{
    struct doc_briefs b, a;
    if (doc_briefs_of_doc(before, m->name, &b) != 0)
        return verr_set(err, "out of memory"), NULL;
    if (doc_briefs_of_doc(after, m->name, &a) != 0) {
        doc_briefs_free(&b);
        return verr_set(err, "out of memory"), NULL;
    }
    struct compare_result *r = compare_briefs(&b, &a, before_path, after_path, m, threshold, err);
    if (r == NULL)
        return NULL;
    json_t *report = compare_result_json(r);
    compare_result_free(r);
    if (report == NULL)
        verr_set(err, "out of memory");
    return report;
}

void compare_result_free(struct compare_result *r)
{
    if (r == NULL)
        return;
    json_decref(r->head);
    free(r->rows);
    doc_briefs_free(&r->before);
    doc_briefs_free(&r->after);
    free(r);
}
