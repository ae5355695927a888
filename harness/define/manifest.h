/*
 * manifest.h - loads the runner manifest (runners/runners.json, versus-runners/1) into structs,
 * checking every field. Format: FORMAT.md, section "Runners".
 *
 * A runner is a program that performs workloads: one of our reference implementations
 * (runners/c, runners/python, runners/go, runners/rust) or a real tool (GNU grep, ripgrep).
 * After rebar's engines file, the manifest says for each runner how to build it, how to ask its
 * version, what it needs on the machine, and how to run each workload. Preparing a runner
 * (building, resolving, checking) is measure/runner_prepare.h; this module only loads and
 * checks. Unknown fields, a "protocol" entry on a runner without "command" and two runners with
 * one name are errors; whether workloads exist is checked by the caller. Every error names the
 * file, line and column of the offending value.
 */
#ifndef VERSUS_MANIFEST_H
#define VERSUS_MANIFEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

struct workload;

/* Strings (char *) are owned copies; json_t fields are borrowed from the manifest document. */
struct runner_build {
    json_t *argv;    /* array of strings (borrowed from the manifest document) */
    char *cwd;       /* template, relative to the project root; NULL: root */
    json_t *sources; /* array of path templates whose newest mtime decides staleness */
    char *output;    /* template: the file the build makes */
};

struct runner {
    /* description and build_flags are NULL when absent. */
    char *name, *language, *description, *build_flags;
    json_t *requires;  /* array of strings, or NULL */
    json_t *resolve;   /* argv, or NULL */
    json_t *check;     /* argv, or NULL */
    json_t *version;   /* argv, or NULL */
    json_t *command;   /* argv prefix for "protocol" workloads, or NULL */
    json_t *env;       /* object of strings, or NULL */
    json_t *workloads; /* object: workload name -> "protocol" | argv template */
    bool has_build;
    struct runner_build build;

    /* Filled by runner_prepare, not by the loader: */
    bool prepared;
    bool available;
    char *unavailable_reason; /* why not, one line; NULL when available */
    char *exe;                /* what "resolve" printed, or NULL */
    char *version_text;       /* first line of the version command, or NULL */
};

struct manifest {
    char *path;  /* as given to manifest_load */
    json_t *doc; /* the whole document; runner fields borrow from it */
    struct runner *runners;
    size_t n_runners;
};

/* Reads and validates the manifest at path. Returns 0, or -1 with err naming path:line:column
 * and what is wrong. On failure m is left empty (manifest_free is still safe). */
int manifest_load(const char *path, struct manifest *m, struct verr *err);
void manifest_free(struct manifest *m);

/* The runner called name, or NULL. */
struct runner *manifest_find(const struct manifest *m, const char *name);

/* True when r performs workload (its "workloads" object names it). */
bool runner_supports(const struct runner *r, const char *workload);

#endif
