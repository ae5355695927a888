/*
 * plan_build.h - building the plan (plan.h) that bench.h runs.
 *
 * plan_build, for `versus run`: for every chosen workload (plan_choose.h) its runners are
 * checked and prepared (runner_prepare.h: built, versioned), then one group is added per input
 * and case (a workload without inputs: one per case), reference runner first, and one cell per
 * runner that performs the workload. A runner that is unavailable, or whose argv cannot be
 * made, gets a skipped cell with the reason; so does every runner of a group whose input
 * cannot be had. The first available runner in the list is the reference. A workload with a
 * "server" gets the server's argv (this versus, its kind, the expanded "args") and its cells
 * the placeholder PLAN_URL_SENTINEL for {url}. The plan's runs, warmups, timeout and stopping
 * rules are set from the request.
 *
 * plan_build_commands, for `versus cmd` and `versus ab`: one group of ad-hoc commands, a cell
 * per command string, no reference.
 *
 * Inputs come from the data stage, which sits above this one (README, "Layout"): the caller
 * passes how to get and describe them (struct plan_input_source).
 */
#ifndef VERSUS_PLAN_BUILD_H
#define VERSUS_PLAN_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "define/manifest.h"
#include "define/workload.h"
#include "measure/plan.h"
#include "measure/plan_choose.h"
#include "util/error.h"

/* How named inputs are had and described. */
struct plan_input_source {
    void *state;
    /* The path of input `in` (malloc'd), fetched or generated when missing if that is allowed;
     * or NULL with one line in why saying why not (its groups' cells are then skipped with
     * that reason, after a "versus: WHY" line on stderr). */
    char *(*ensure)(void *state, const struct input_def *in, char *why, size_t why_len);
    /* Fills g->input_bytes and g->input_sha256 from g->input_path (a file or a tree). */
    void (*describe)(void *state, struct group *g);
};

/* Where things are, for building argv and for messages. */
struct plan_places {
    const char *root;          /* project root: runners build and run there */
    const char *manifest_path; /* for "no runner 'X' in PATH" */
    const char *workloads_dir; /* for "no input 'X' in DIR/inputs.json" */
    const char *server_exe;    /* the versus that runs a workload's server; NULL: this process
                                  (/proc/self/exe) */
};

/* Fills p (zeroed by the caller) from the definitions. Returns 0, or -1 with err set ("no
 * runner 'X' in FILE", "no input 'X' in DIR/inputs.json", "cannot use --input-file F",
 * "workload W has no profile 'P'", "workload W: server: ...") and p left for plan_free. */
int plan_build(struct plan *p, struct manifest *m, const struct workload_set *ws,
               const struct plan_request *rq, const struct plan_places *at,
               const struct plan_input_source *inputs, struct verr *err);

/* The ad-hoc commands of `versus cmd` / `versus ab`. */
struct plan_commands {
    char *const *texts; /* the command strings as typed: one cell each, labelled so */
    size_t n;
    bool shell;           /* run each as /bin/sh -c TEXT (else split, no shell) */
    int runs, warmup;     /* the plan's counts */
    double min_time_s;    /* hyperfine's floor of measured time per command; 0: none */
    double timeout_s;     /* <= 0: none */
    bool check_exit_zero; /* a non-zero exit fails the command */
};

/* The argv of one command string: split with shell quoting rules (argv_split.h) and argv[0]
 * resolved to an absolute path now, not in the measured path; with shell,
 * ["/bin/sh", "-c", text]. Returns a malloc'd argv (argv_free), or NULL with err set. */
char **plan_command_argv(const char *text, bool shell, struct verr *err);

/* The same without a shell, for a command that runs in dir: a relative program path with a
 * '/' in it (./bench) is taken from dir, not from ours; a bare name is looked up in PATH.
 * dir NULL: as plan_command_argv. */
char **plan_command_argv_in(const char *text, const char *dir, struct verr *err);

/* Fills p (zeroed by the caller) with one group, case {"name": "exec" or "shell", "shell":
 * bool}, and a cell per command. Returns 0, or -1 with err "'TEXT': why" for the first
 * command that cannot be run, and p freed. */
int plan_build_commands(struct plan *p, const struct plan_commands *rq, struct verr *err);

#endif
