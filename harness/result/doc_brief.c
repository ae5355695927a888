/*
 * doc_brief.c - a loaded document's cells in brief, their identity keys, and freeing them (see
 * doc_brief.h). The figures come from doc.h's own accessors, so a brief says what the tree says.
 */
#include "result/doc_brief.h"

#include <stdlib.h>
#include <string.h>

#include "result/doc.h"

/* A copy of s (NULL stays NULL); *failed set when out of memory. */
static char *copy_of(const char *s, bool *failed)
{
    if (s == NULL)
        return NULL;
    char *c = strdup(s);
    if (c == NULL)
        *failed = true;
    return c;
}

int doc_briefs_of_doc(const json_t *doc, const char *metric, struct doc_briefs *out)
{
    memset(out, 0, sizeof *out);
    const json_t *cells = json_object_get(doc, "cells");
    size_t n = json_array_size(cells);
    out->interrupted = json_is_true(json_object_get(doc, "interrupted"));
    const char *from = json_string_value(json_object_get(doc, "imported_from"));
    out->from_hyperfine = from != NULL && strcmp(from, "hyperfine") == 0;
    if (n == 0)
        return 0;
    out->cells = calloc(n, sizeof *out->cells);
    if (out->cells == NULL)
        return -1;
    bool failed = false;
    for (size_t i = 0; i < n && !failed; i++) {
        const json_t *cell = json_array_get(cells, i);
        struct doc_brief *b = &out->cells[out->n++];
        b->workload = copy_of(doc_str(cell, "workload"), &failed);
        b->input = copy_of(doc_input_name(cell), &failed);
        b->runner = copy_of(doc_str(cell, "runner"), &failed);
        b->verdict = copy_of(doc_verdict(cell), &failed);
        json_t *params = json_object_get(cell, "parameters");
        b->parameters = json_is_object(params) ? json_incref(params) : NULL;
        b->n = doc_samples(cell, metric, &b->values);
    }
    if (failed) {
        doc_briefs_free(out);
        return -1;
    }
    return 0;
}

char *doc_brief_key(const struct doc_brief *b, size_t *len)
{
    return doc_identity_key_of(b->workload, b->input, b->parameters, b->runner, true, len);
}

void doc_briefs_free(struct doc_briefs *briefs)
{
    if (briefs == NULL)
        return;
    for (size_t i = 0; i < briefs->n; i++) {
        struct doc_brief *b = &briefs->cells[i];
        free(b->workload);
        free(b->input);
        free(b->runner);
        free(b->verdict);
        json_decref(b->parameters);
        free(b->values);
    }
    free(briefs->cells);
    memset(briefs, 0, sizeof *briefs);
}
