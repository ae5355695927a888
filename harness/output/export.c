/*
 * export.c - choosing, rendering and writing the export formats (see export.h); the formats
 * themselves are export_hyperfine.c, export_github.c, export_csv.c and export_markdown.c.
 *
 * Files are written the way result documents are (fsutil_write_atomic: a temporary file in
 * the same directory, then rename), so a CI step never picks up half an export.
 */
#include "output/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fsutil.h"

static const struct {
    const char *name;
    enum export_format format;
} FORMATS[] = {
    {"hyperfine", EXPORT_HYPERFINE},
    {"github-action-benchmark", EXPORT_GITHUB},
    {"github", EXPORT_GITHUB},
    {"csv", EXPORT_CSV},
    {"markdown", EXPORT_MARKDOWN},
    {"hyperfine-csv", EXPORT_HYPERFINE_CSV},
    {"hyperfine-markdown", EXPORT_HYPERFINE_MARKDOWN},
    {"asciidoc", EXPORT_ASCIIDOC},
    {"orgmode", EXPORT_ORGMODE},
};

int export_format_parse(const char *name, enum export_format *out, struct verr *err)
{
    for (size_t i = 0; i < sizeof FORMATS / sizeof FORMATS[0]; i++) {
        if (strcmp(name, FORMATS[i].name) == 0) {
            *out = FORMATS[i].format;
            return 0;
        }
    }
    return verr_set(
        err,
        "unknown export format '%s' (hyperfine, github-action-benchmark, csv, markdown, "
        "hyperfine-csv, hyperfine-markdown, asciidoc, orgmode)",
        name);
}

/* JSON text with a final newline, as hyperfine writes its export (serde_json's pretty printer
 * indents by two spaces). */
static char *json_text(json_t *j)
{
    char *text = json_dumps(j, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
    json_decref(j);
    if (text == NULL)
        return NULL;
    size_t len = strlen(text);
    char *more = realloc(text, len + 2);
    if (more == NULL) {
        free(text);
        return NULL;
    }
    more[len] = '\n';
    more[len + 1] = '\0';
    return more;
}

/* Each format's renderer: a JSON one (serialised by json_text) or a text one. */
static const struct {
    json_t *(*json)(const json_t *doc);
    char *(*text)(const json_t *doc);
} RENDERERS[EXPORT_N_FORMATS] = {
    [EXPORT_HYPERFINE] = {.json = export_hyperfine},
    [EXPORT_GITHUB] = {.json = export_github},
    [EXPORT_CSV] = {.text = export_csv},
    [EXPORT_MARKDOWN] = {.text = export_markdown},
    [EXPORT_HYPERFINE_CSV] = {.text = export_csv_hyperfine},
    [EXPORT_HYPERFINE_MARKDOWN] = {.text = export_markdown_hyperfine},
    [EXPORT_ASCIIDOC] = {.text = export_asciidoc},
    [EXPORT_ORGMODE] = {.text = export_orgmode},
};

char *export_render(const json_t *doc, enum export_format f, struct verr *err)
{
    char *text = NULL;
    if ((int)f >= 0 && f < EXPORT_N_FORMATS)
        text = RENDERERS[f].json != NULL   ? json_text(RENDERERS[f].json(doc))
               : RENDERERS[f].text != NULL ? RENDERERS[f].text(doc)
                                           : NULL;
    if (text == NULL)
        verr_set(err, "cannot render the export: out of memory");
    return text;
}

int export_write(const json_t *doc, enum export_format f, const char *path, struct verr *err)
{
    char *text = export_render(doc, f, err);
    if (text == NULL)
        return -1;
    size_t len = strlen(text);
    int rc = 0;
    if (strcmp(path, "-") == 0) {
        if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0)
            rc = verr_set(err, "cannot write to standard output");
    } else {
        char *dir = strdup(path);
        char *slash = dir ? strrchr(dir, '/') : NULL;
        if (slash != NULL && slash != dir) {
            *slash = '\0';
            rc = fsutil_mkdir_p(dir, err);
        }
        free(dir);
        if (rc == 0)
            rc = fsutil_write_atomic(path, text, len, err);
    }
    free(text);
    return rc;
}

int export_requested(const json_t *doc, const struct export_requests *r)
{
    int rc = 0;
    for (int f = 0; f < EXPORT_N_FORMATS; f++) {
        if (r->path[f] == NULL)
            continue;
        struct verr err;
        if (export_write(doc, (enum export_format)f, r->path[f], &err) != 0) {
            fprintf(stderr, "versus: %s\n", err.msg);
            rc = -1;
        } else if (strcmp(r->path[f], "-") != 0) {
            fprintf(stderr, "versus: wrote %s\n", r->path[f]);
        }
    }
    return rc;
}
