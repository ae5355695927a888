/*
 * workload.h - loads workload definitions (workloads/<name>.json, versus-workload/1) and the
 * inputs file (workloads/inputs.json, versus-inputs/1) into structs, checking every field.
 * Format: FORMAT.md, sections "Workload" and "Inputs".
 *
 * A workload is a task every runner performs the same way (after rebar, definitions are kept
 * apart from the runners). Loading checks what one file can check: required fields, types,
 * names, that inputs are declared in inputs.json, argv templates' braces (template.h); unknown
 * fields are errors. Whether the runners a workload names exist is checked by the caller,
 * which knows the manifest. Every error names file, line and column (util/json_locate.h).
 */
#ifndef VERSUS_WORKLOAD_H
#define VERSUS_WORKLOAD_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

enum compare_mode {
    COMPARE_DIGEST,       /* stdout must be byte-identical (equal XXH3-64) */
    COMPARE_JSON_STATS,   /* json-stats lines: counters equal, number_sum within rel_tol */
    COMPARE_SORTED_LINES, /* the same lines in any order (tools that walk a tree in their own
                             order): the lines are sorted bytewise, then digested */
    COMPARE_LINE_COUNT,   /* the same number of lines (tools that print differently) */
    COMPARE_PATHS,        /* the same files named, each line's path word (verify.h) */
    COMPARE_NAMES,        /* the same entries listed: the last word of every line of at least
                             three words (long listings such as ls -l and lsd -l), sorted */
};

/* Strings (char *) are owned copies (description: NULL when absent); json_t fields are
 * borrowed from the document. */
struct workload {
    char *name, *description, *path; /* path: dir/<name>.json */
    json_t *doc;                     /* the whole document; fields below borrow from it */
    json_t *protocol;                /* argv template after the runner's command */
    int success_exit_codes[16];
    size_t n_success_exit_codes;
    enum compare_mode compare;
    double rel_tol;    /* for COMPARE_JSON_STATS */
    double max_differ; /* for COMPARE_PATHS: share of paths that may differ, 0 <= f < 1 */
    char *reference_runner;
    json_t *default_runners; /* array of strings */
    json_t *inputs;          /* array of input names */
    json_t *quick_inputs;    /* array of input names (defaults to inputs) */
    json_t *metrics;         /* array of metric names to show, or NULL */
    double timeout_s;
    json_t *cases;     /* array of objects, each with a "name" */
    json_t *profiles;  /* object: profile name -> {"description", "cases"}, or NULL */
    json_t *server;    /* {"kind": "mock-llm", "args": [template...]}, or NULL */
    json_t *published; /* array of {"label", "source", figures...}: others' results, or NULL */
    json_t *prepare;   /* argv template run before every run, unmeasured, or NULL */
    json_t *output;    /* argv template run after every run, unmeasured, whose stdout is what
                          is compared instead of the run's, or NULL */
};

struct input_def {
    char *name, *kind, *file, *sha256, *description; /* sha256, description: or NULL */
    bool large;  /* "large": fetched only by versus data fetch --large */
    json_t *def; /* the whole object (generator settings, package, members) */
};

struct workload_set {
    struct workload *workloads;
    size_t n_workloads;
    struct input_def *inputs;
    size_t n_inputs;
    json_t *inputs_doc;
};

/* Loads dir/inputs.json and every other dir/<name>.json (in name order; names starting with
 * '.' are skipped, and so are claims.json, the report's claims (claims.h), and suites.json
 * (suite.h)), at least one.
 * Returns 0, or -1 with err naming file:line:column (or the
 * directory, when it cannot be read or has no workload). On failure set is left empty
 * (workload_set_free is still safe). */
int workload_set_load(const char *dir, struct workload_set *set, struct verr *err);
void workload_set_free(struct workload_set *set);

/* The workload / input called name, or NULL. */
struct workload *workload_find(const struct workload_set *set, const char *name);
struct input_def *input_find(const struct workload_set *set, const char *name);

#endif
