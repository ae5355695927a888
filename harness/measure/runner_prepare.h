/*
 * runner_prepare.h - making the runners of a loaded manifest (define/manifest.h) ready to run
 * on this machine, and the argv and environment of one run. The measure stage's first step:
 * the plan (plan.h) is built from prepared runners.
 */
#ifndef VERSUS_RUNNER_PREPARE_H
#define VERSUS_RUNNER_PREPARE_H

#include <stdbool.h>

#include <jansson.h>

#include "define/manifest.h"
#include "define/workload.h"
#include "util/error.h"

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

/* Expands another argv template of workload w (its "prepare" or "output", named what in
 * errors) for runner r, with the same parameters and argv[0] resolution as runner_argv. */
char **runner_hook_argv(const struct runner *r, const struct workload *w, const json_t *tmpl,
                        const char *what, const json_t *params, const char *root, struct verr *err);

/* The environment of r's runs: the harness's own environment with r's "env" entries added
 * (replacing variables of the same name). Returns a malloc'd NULL-terminated array of
 * "NAME=value" strings (free with argv_free), or NULL with err set (out of memory). */
char **runner_envp(const struct runner *r, struct verr *err);

#endif
