/*
 * doc_brief.h - a result document's cells in brief: for each cell only what `versus compare`
 * reads (its identity, its verdict and one metric's measured values), so that two documents of
 * tens of thousands of cells compare in little memory (issue 12: two 60 000-cell documents in
 * at most 2 s and 200 MB).
 *
 * A full json_t tree costs about six times the file's size (jansson allocates every value and
 * every object member on its own: 1.8 GB for a 290 MB document of 60 000 cells); a brief costs
 * the cell's names, its parameters object and one double per measured sample.
 *
 * Two ways to get briefs, with the same result for the same document:
 *   - doc_briefs_of_doc: from a loaded document (doc_load), any size, hyperfine exports too;
 *   - doc_stream_briefs (result/doc_stream.h): straight from a versus/1 file through yajl's
 *     event parser, one cell at a time, never holding the tree.
 * Ownership: a struct doc_briefs owns everything it points to; free with doc_briefs_free.
 */
#ifndef VERSUS_DOC_BRIEF_H
#define VERSUS_DOC_BRIEF_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* One cell in brief. Every string is owned (malloc'd) and NUL-terminated. */
struct doc_brief {
    char *workload;     /* the cell's workload */
    char *input;        /* its input's name (doc_input_name), or NULL when it has none */
    json_t *parameters; /* its parameters object (owned reference), or NULL (absent or null) */
    char *runner;       /* its runner */
    char *verdict;      /* its verdict, "" when absent (doc_verdict) */
    double *values;     /* doc_samples(cell, metric): the measured samples' values, or NULL */
    size_t n;           /* how many values */
};

/* A document's cells in brief, in document order, and what compare reads of the document
 * itself. */
struct doc_briefs {
    struct doc_brief *cells;
    size_t n;
    bool interrupted;    /* the document's "interrupted" is true */
    bool from_hyperfine; /* its "imported_from" is "hyperfine" */
};

/* The briefs of doc (a document from doc_load) for metric (a name of util/metric.h, in the
 * unit of its name), into out. Returns 0, or -1 when out of memory (out then holds nothing). */
int doc_briefs_of_doc(const json_t *doc, const char *metric, struct doc_briefs *out);

/* The identity of a brief as bytes (malloc'd; *len its length; NULL when out of memory), equal
 * to doc_identity_key(cell, true, len) of the cell it was made from. */
char *doc_brief_key(const struct doc_brief *b, size_t *len);

/* Frees everything briefs owns and empties it. NULL-safe. */
void doc_briefs_free(struct doc_briefs *briefs);

#endif
