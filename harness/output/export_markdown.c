/*
 * export_markdown.c - the human table (table.h) as Markdown, for pull-request comments and
 * READMEs (see export.h).
 *
 * Cells are grouped as the table groups them: by workload, input name and case parameters
 * (compared whole; doc_group_cells), in the order the groups first appear, so a merged
 * document (merge.h) groups the same way. Each group is a heading "workload · input (size) ·
 * case", its other parameters, and a GitHub-flavoured Markdown table: runner, median and p95
 * wall time, median CPU time, median peak RSS, the median simulated instruction count (only when
 * a cell of the group has one), the ratio to the fastest median, and ✓ when
 * the output was verified. Cells with figures come first, fastest first; failed and skipped
 * cells after them with their reason. A "|" in table text is escaped, line breaks become spaces.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/export.h"
#include "output/rows.h"
#include "result/doc.h"
#include "result/doc_text.h"
#include "util/escape.h"
#include "util/metric.h"
#include "util/textfmt.h"

/* Writes a name or value from the document: in a table (in_table) as escaped Markdown text,
 * else inside the code span the caller opened (control bytes as spaces). */
static void put_text_in(FILE *out, const char *text, bool in_table)
{
    if (in_table) {
        escape_markdown(out, text);
        return;
    }
    for (const char *p = text ? text : ""; *p; p++)
        fputc((unsigned char)*p < 0x20 || *p == 0x7f ? ' ' : *p, out);
}

static void put_text(FILE *out, const char *text)
{
    put_text_in(out, text, true);
}

static void put_heading(FILE *out, const json_t *cell)
{
    const char *w = doc_str(cell, "workload");
    fputs("### ", out);
    put_text(out, w == NULL || strcmp(w, "cmd") == 0 ? "commands" : w);
    const char *input = doc_input_name(cell);
    if (input != NULL) {
        fputs(" · ", out);
        put_text(out, input);
        const json_t *bytes = json_object_get(json_object_get(cell, "input"), "bytes");
        if (json_is_number(bytes)) {
            char size[32];
            textfmt_bytes(json_number_value(bytes), size, sizeof size);
            fprintf(out, " (%s)", size);
        }
    }
    const char *case_name = doc_case_name(cell);
    if (case_name != NULL && *case_name) {
        fputs(" · ", out);
        put_text(out, case_name);
    }
    fputs("\n\n", out);
    /* The other parameters, as one code span ("pattern=President ignore_case=true"). */
    char *params = NULL;
    size_t len = 0;
    FILE *p = open_memstream(&params, &len);
    const char *key;
    json_t *v;
    json_object_foreach(json_object_get(cell, "parameters"), key, v)
    {
        if (strcmp(key, "name") == 0)
            continue;
        char *text = doc_value_text(v);
        fprintf(p, "%s%s=%s", ftell(p) > 0 ? " " : "", key, text ? text : "");
        free(text);
    }
    fclose(p);
    if (len > 0) {
        const char *fence = strchr(params, '`') ? "`` " : "`";
        fprintf(out, "%s", fence);
        put_text_in(out, params, false);
        fprintf(out, "%s\n\n", strchr(params, '`') ? " ``" : "`");
    }
    free(params);
}

static void put_row(FILE *out, const struct row *r, bool instructions)
{
    fputs("| ", out);
    put_text(out, doc_str(r->cell, "runner"));
    const char *verdict = doc_verdict(r->cell);
    if (!r->measured) {
        const char *reason = doc_str(r->cell, "reason");
        fprintf(out, " | – | – | – | –%s | – | %s: ", instructions ? " | –" : "",
                strcmp(verdict, "failed") == 0 ? "✗ failed" : "skipped");
        put_text(out, reason ? reason : "no samples");
        fputs(" |\n", out);
        return;
    }
    struct row_text t;
    rows_text(r, &t);
    fprintf(out, " | %s | %s | %s | %s%s%s | %.2f | %s |\n", t.median, t.p95, t.cpu, t.rss,
            instructions ? " | " : "", instructions ? t.instructions : "",
            isnan(r->ratio) ? 0.0 : r->ratio, strcmp(verdict, "verified") == 0 ? "✓" : "-");
}

static void put_group(FILE *out, const json_t *doc, const struct doc_group *g)
{
    struct rows rows;
    if (rows_of_group(doc, g, &rows) != 0)
        return;
    rows_sort_fastest(&rows);
    put_heading(out, doc_cell(doc, g->cells[0]));
    bool instructions = rows_have_instructions(&rows);
    fprintf(out,
            "| runner | median | p95 | CPU | peak RSS%s | × fastest | verified |\n"
            "| :--- | ---: | ---: | ---: | ---:%s | ---: | :---: |\n",
            instructions ? " | instructions" : "", instructions ? " | ---:" : "");
    for (size_t k = 0; k < rows.n; k++)
        put_row(out, &rows.rows[k], instructions);
    fputc('\n', out);
    rows_free(&rows);
}

char *export_markdown(const json_t *doc)
{
    struct doc_groups groups;
    if (doc_group_cells(doc, &groups, NULL) != 0)
        return NULL;
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (out == NULL) {
        doc_groups_free(&groups);
        return NULL;
    }
    for (size_t i = 0; i < groups.n; i++)
        put_group(out, doc, &groups.groups[i]);
    doc_groups_free(&groups);
    size_t i, failed = 0;
    json_t *cell;
    json_array_foreach(json_object_get(doc, "cells"), i, cell)
    {
        const char *v = doc_str(cell, "verdict");
        failed += v != NULL && strcmp(v, "failed") == 0;
    }
    if (failed > 0)
        fprintf(out, "**%zu cell%s failed.**\n\n", failed, failed == 1 ? "" : "s");
    fclose(out);
    return text;
}
