/*
 * result.h - builds and writes the result document (versus/1) from a plan's measured cells:
 * settings, environment, every cell with its summary and raw samples; writes it atomically.
 * Format: FORMAT.md, section "Result document"; read back by result/doc.h.
 */
#ifndef VERSUS_RESULT_H
#define VERSUS_RESULT_H

#include <jansson.h>

#include "define/manifest.h"
#include "measure/plan.h"
#include "util/error.h"
#include "util/stats.h"

#define RESULT_SCHEMA "versus/1"

struct result_meta {
    int argc;
    char **argv;                     /* the command line, recorded as given */
    json_t *env;                     /* from envinfo_collect (borrowed; runners are added) */
    const struct manifest *manifest; /* runners to describe in env.runners, or NULL */
    json_t *settings;                /* borrowed: runs, warmup, timeout_s, quick, ... */
    const char *created_at;          /* ISO 8601 UTC */
};

/* Builds the whole document (a new reference). */
json_t *result_build(const struct plan *p, const struct result_meta *meta);

/* Cell ci of p as the document holds it (a new reference): what the terminal table reads its
 * rows from, so that it shows what the document says. */
json_t *result_cell_json(const struct plan *p, size_t ci);

/* The summary object of one statistics set, as written in the document (a new reference). */
json_t *result_summary_json(const struct summary *s);

/* Writes doc to path atomically (temporary file + rename), pretty-printed with sorted-free
 * insertion order. Creates the directory if needed. Returns 0 or -1 with err set. */
int result_write(const json_t *doc, const char *path, struct verr *err);

/* Writes any JSON document as result_write does (parent directory made, one space of indent,
 * reals with precision significant digits, a final newline, atomically); what names it in
 * the error "cannot serialise WHAT". Returns 0 or -1 with err set. */
int result_write_json(const json_t *doc, const char *path, int precision, const char *what,
                      struct verr *err);

#endif
