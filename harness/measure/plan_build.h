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
 * plan_build_commands, for `versus cmd`, `versus ab` and `versus ab --git`: one group of ad-hoc
 * commands, a cell per command string (cmd: per command and combination of parameters, its
 * --reference first), each with its hooks (--setup, --prepare, --conclude, --cleanup, stdin,
 * stdout, working directory), as hyperfine 1.20's --help defines them.
 *
 * Inputs come from the data stage, which sits above this one (README, "Layout"): the caller
 * passes how to get and describe them (struct plan_input_source).
 */
#ifndef VERSUS_PLAN_BUILD_H
#define VERSUS_PLAN_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "define/manifest.h"
#include "define/sweep.h"
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
    /* Optional: true when the last ensure that returned NULL found the input present but not
     * as pinned; its cells then fail (an error) rather than skip. */
    bool (*corrupt)(void *state);
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

/* The ad-hoc commands of `versus cmd` and `versus ab` (with or without --git). */
struct plan_commands {
    char *const *texts; /* the command strings as typed */
    size_t n;
    char *const *shell;      /* SHELL's words: every command and hook runs as SHELL... -c TEXT,
                                SHELL[0] resolved in PATH; NULL: exec'd (split, no shell) */
    char *const *names;      /* the cells' labels, in the order of texts (NULL-terminated; fewer:
                                the rest are labelled with their text); NULL: none */
    bool first_is_reference; /* texts[0] is cmd's --reference: one cell, before every other, never
                                substituted; its label is reference_name when given */
    const char *reference_name;
    const struct sweep *sweep;   /* a cell per combination and command (combinations outer, as
                                    hyperfine orders them), {VAR} replaced in the text, the label
                                    and the hooks, the combination in the cell's params; NULL: one */
    json_t *const *values;       /* per command: more {NAME}s to replace (ab --git's {rev}, {dir}),
                                    not recorded in params; NULL: none */
    char *const *dirs;           /* per command: its working directory, where a relative program
                                    path (./prog) is taken from; NULL or NULL entries: the plan's */
    const char *setup, *cleanup; /* for every command; NULL: none */
    char *const *prepare, *const *conclude; /* once for all, or once per command (NULL-terminated
                                               lists; another count is an error); NULL: none */
    const char *stdin_path;                 /* what every run reads; NULL: /dev/null */
    char *const *outputs; /* --output per command or once for all: pipe, null, inherit, FILE */
    bool show_output;     /* stdout and stderr inherited */
    int runs, warmup;     /* the plan's counts */
    int max_runs;         /* cap of the runs min_time_s adds; 0: the plan's default */
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

/* The argv of text run by shell (its words; NULL: exec'd as plan_command_argv_in): SHELL[0]
 * resolved, its other words, "-c", text. Returns a malloc'd argv, or NULL with err set. */
char **plan_shell_argv(const char *text, char *const *shell, const char *dir, struct verr *err);

/* Fills p (zeroed by the caller) with one group, case {"name": "exec" or "shell", "shell":
 * bool}, and the cells rq describes, each with its hooks (struct cell_hooks). Returns 0, or -1
 * with err "'TEXT': why" for the first command that cannot be run ("--prepare 'TEXT': why" for
 * a hook, "--prepare is given 2 times for 3 commands: ..." for a count), and p freed. */
int plan_build_commands(struct plan *p, const struct plan_commands *rq, struct verr *err);

#endif
