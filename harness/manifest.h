/*
 * manifest.h - the runner manifest, runners/runners.json.
 *
 * A runner is a program that performs workloads: one of our reference implementations
 * (runners/c, runners/python, runners/go, runners/rust) or a real tool (GNU grep, ripgrep).
 * After rebar's engines file, the manifest says for each runner how to build it, how to ask its
 * version, what it needs on the machine, and how to run each workload. Format (versus-runners/1):
 *
 *   { "schema": "versus-runners/1",
 *     "runners": [ {
 *       "name": "rust",                         required, [a-z0-9_-]+
 *       "language": "rust",                     required
 *       "description": "...",
 *       "requires": ["cargo"],                  commands that must be on PATH
 *       "resolve": ["python3", "-c", "..."],   optional: prints the real executable -> {exe}
 *       "check": ["{exe}", "-c", "import x"],  optional: must exit 0 or the runner is unavailable
 *       "build": { "argv": [...], "cwd": "runners/rust",
 *                  "sources": ["runners/rust/src", ...], "output": "runners/rust/target/..." },
 *       "build_flags": "--release",             recorded in the result document
 *       "version": ["rustc", "--version"],      first line of its stdout is recorded
 *       "command": ["runners/rust/target/release/versus-runner-rust"],
 *       "env": { "LC_ALL": "C" },               added to the environment of every run
 *       "workloads": { "grep": "protocol",      command + the workload's protocol arguments
 *                      "json-stats": ["tool", "{input}"] }  or a whole argv template
 *     } ] }
 *
 * Every argv template (see template.h) may use {root} (the project root), {build_dir} (the
 * CMake build directory of this versus) and, once "resolve" ran, {exe}; workload templates also
 * get the case's parameters and {input}. An argv[0] containing '/' is relative to the project
 * root; other argv[0]s are looked up in PATH when the run is planned (never in the measured
 * path). "cwd", "sources" and "output" are templates too, relative to the root. Unknown fields
 * are errors (so that typos are caught), and so are a "protocol" entry on a runner without
 * "command" and two runners with one name; whether workloads and the runners a workload names
 * exist is checked by the caller. Every error names the file, line and column of the offending
 * value.
 */
#ifndef VERSUS_MANIFEST_H
#define VERSUS_MANIFEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "error.h"

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

/* Decides whether r can run on this machine, in this order: every "requires" command is on
 * PATH; the build is run when its output is missing or older (mtime, seconds; the output is
 * not followed if it is a symbolic link) than the newest file under any source, after a line
 * "versus: building runner NAME: ARGV" on stderr, in root/cwd, and when it fails its stderr
 * tail is copied to our stderr (when allow_build is false a stale runner is "not built");
 * "resolve" prints the executable on its first stdout line ({exe}); "check" exits 0; "version"
 * prints a non-empty line (the first one of stdout, or of stderr when stdout is empty). Helper
 * commands run in root, unmeasured, with argv[0] looked up in PATH. Sets r->available and,
 * when not, r->unavailable_reason (one line: "requires 'cargo', not found in PATH", "not
 * built: ...", "build failed (exit N): LAST STDERR LINE", "check failed: LAST STDERR LINE",
 * ...); sets r->exe and r->version_text as they become known. root is the project root. Never
 * fails as a whole: a runner that cannot be used is recorded as such. Idempotent (a second
 * call does nothing). A successful build whose output stays older than its sources (the tool
 * found nothing to do) gets the output's mtime set to now, so that it is not rebuilt again. */
void runner_prepare(struct runner *r, const char *root, bool allow_build);

/* True when r performs workload (its "workloads" object names it). */
bool runner_supports(const struct runner *r, const char *workload);

/* The argv of one run of workload w by r (a prepared, available runner that supports w):
 * for a "protocol" entry, the expanded "command" followed by the expanded w->protocol; for an
 * array, that template expanded. params is the case object with "input" (the input file's
 * path) added by the caller; "root" (= root), "build_dir" and, when known, "exe" are added here
 * and override the caller's. argv[0] is then made an absolute path to an executable: against
 * root when it contains '/', else by a PATH search (process_resolve_exe), so that nothing is
 * looked up in the measured path. Returns a malloc'd NULL-terminated argv (free with
 * argv_free), or NULL with err set (unknown template parameter, program not found, ...). */
char **runner_argv(const struct runner *r, const struct workload *w, const json_t *params,
                   const char *root, struct verr *err);

/* The environment of r's runs: the harness's own environment with r's "env" entries added
 * (replacing variables of the same name). Returns a malloc'd NULL-terminated array of
 * "NAME=value" strings (free with argv_free), or NULL with err set (out of memory). */
char **runner_envp(const struct runner *r, struct verr *err);

#endif
