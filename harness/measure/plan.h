/*
 * plan.h - the matrix of a benchmark: groups of cells, and the samples each cell collects.
 *
 * Data flow: definitions (workloads, inputs, runners) -> plan (this) -> bench.c fills samples
 * -> summary.c -> result.c (JSON), table.c (terminal).
 *
 * A *group* is one workload on one input with one case (set of parameters): every cell in a
 * group must print the same output, and that output is defined by the group's reference cell.
 * A *cell* is one runner (or, for `versus cmd`, one command) in a group. A *sample* is one
 * measured run of a cell; warmup runs are samples too (marked), verified but never summarised.
 *
 * Ownership: the plan owns its groups, cells, argv/envp arrays, strings and samples; groups
 * borrow workload/input/runner definitions, which must outlive the plan.
 */
#ifndef VERSUS_PLAN_H
#define VERSUS_PLAN_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "define/manifest.h"
#include "define/workload.h"
#include "measure/contention.h"
#include "measure/perf_counters.h"
#include "measure/process.h"

struct simulator;

/* How many bytes of each output are kept: the reference output shown in the result document,
 * and what output comparisons that need the text (json-stats) can see. */
#define PLAN_OUTPUT_HEAD_BYTES 4096

/* The counts of a sample besides its times and peak RSS: the rest of wait4's rusage, then the
 * perf counters (SAMPLE_PERF_FIRST + enum perf_counter). Their document names are those of
 * util/metric.h (sample_count_name). */
enum sample_count {
    SAMPLE_MINFLT,
    SAMPLE_MAJFLT,
    SAMPLE_NVCSW,
    SAMPLE_NIVCSW,
    SAMPLE_INBLOCK,
    SAMPLE_OUBLOCK,
    SAMPLE_PERF_FIRST,
    SAMPLE_N_COUNTS = SAMPLE_PERF_FIRST + PERF_N_COUNTERS
};

/* The document name of count k: "minflt", ..., "task_clock_s", "page_faults", ... */
const char *sample_count_name(enum sample_count k);

struct sample {
    double wall_s, user_s, sys_s;
    int64_t max_rss_bytes;
    uint64_t digest; /* XXH3-64 of stdout */
    uint64_t stdout_bytes;
    json_t *metrics; /* owned object: metric name -> real (seconds, bytes), or NULL */
    json_t *server;  /* owned: the group's server's statistics for this run, or NULL */
    double count[SAMPLE_N_COUNTS]; /* counts (task-clock: seconds), where has_count says */
    double counter_running[PERF_N_COUNTERS]; /* perf counter k's time running / enabled: 1,
                                              * or less when the kernel multiplexed it (its
                                              * count is then scaled up by the inverse) */
    struct contention contention;            /* steal, CPU pressure, load; contaminated */
    /* --counters simulate: the same argv run again under Cachegrind right after the run above
     * (simulate.h). Its instruction count is the sample's; its own times and peak RSS, taken
     * under simulation, are kept apart (sim_*) and never enter a wall, CPU or RSS figure. */
    uint64_t instructions;                    /* Ir over the process tree, when simulated */
    double sim_wall_s, sim_user_s, sim_sys_s; /* of the run under Valgrind, seconds */
    int64_t sim_max_rss_bytes;                /* of the run under Valgrind, bytes */
    uint32_t sim_processes;                   /* processes counted (Cachegrind files) */
    uint32_t has_count;                       /* bit k: count[k] was measured */
    /* The memory timeline (rss_timeline.h; rss.n 0 when none was taken) and its summaries:
     * the peak of the process group's resident sum (never below max_rss_bytes; -1: none) and
     * its growth over the run's second half, MiB per minute (NaN: too few readings). */
    struct rss_timeline rss;
    int64_t tree_peak_rss_bytes;
    double rss_growth_mib_per_min;
    int exit_code; /* -1 when killed by a signal */
    int signal;    /* 0 when it exited */
    bool warmup;
    bool timed_out;
    bool contention_known; /* contention above was measured */
    bool replaced;  /* contaminated, and run again (--rerun-contaminated): kept in the document,
                       out of every summary */
    bool simulated; /* the simulated run was made and counted (instructions, sim_*) */
};

/* What hyperfine's options add around a command's runs (versus cmd): unmeasured commands, each
 * an argv with argv[0] absolute or NULL for none, and where its runs read and write. setup runs
 * once before the cell's first run, cleanup once after its last (both in the group's order,
 * before and after its interleaved rounds), prepare before and conclude after every run,
 * warmups included. A hook that fails fails the cell. */
/* Which hook: hyperfine's --setup, --prepare, --conclude, --cleanup; and a workload's output
 * (after every run, like conclude; its stdout is what is compared). */
enum hook_kind { HOOK_SETUP, HOOK_PREPARE, HOOK_CONCLUDE, HOOK_CLEANUP, HOOK_OUTPUT };

struct cell_hooks {
    char **setup, **prepare, **conclude, **cleanup;
    char **output;    /* run after each run like conclude; its stdout is compared instead of the
                         run's (a workload's "output"), or NULL */
    char *stdin_path; /* NULL: /dev/null */
    enum run_stdout stdout_to;
    char *stdout_path;   /* RUN_STDOUT_FILE */
    bool inherit_stderr; /* --show-output */
    char *cwd;           /* where its runs and hooks start (versus ab --git: a worktree);
                            NULL: the plan's */
};

enum verdict {
    VERDICT_PENDING,     /* not run yet */
    VERDICT_VERIFIED,    /* every run succeeded and matched the reference output */
    VERDICT_OK,          /* every run succeeded; nothing to compare with (versus cmd) */
    VERDICT_FAILED,      /* a run crashed, timed out, exited badly or printed something else */
    VERDICT_SKIPPED,     /* never run: runner or input unavailable (reason says why) */
    VERDICT_INTERRUPTED, /* unfinished: versus was interrupted (SIGINT, SIGTERM, SIGHUP) before
                            the cell's runs were done; its samples so far are kept, it has no
                            summary, and `versus run --resume` runs it again */
};

struct cell {
    size_t group;          /* index into plan.groups */
    struct runner *runner; /* NULL for ad-hoc commands */
    char *label;           /* runner name, or the command as typed */
    char **argv;           /* argv[0] absolute; NULL when skipped */
    char **envp;           /* NULL: the harness's environment */
    struct sample *samples;
    size_t n_samples, cap_samples;
    enum verdict verdict;
    char *reason;      /* one line, for FAILED and SKIPPED; else NULL */
    char *stderr_tail; /* stderr of the failing run, or NULL */
    char *output_head; /* first PLAN_OUTPUT_HEAD_BYTES of the first run's stdout */
    size_t output_head_len;
    json_t *params;           /* owned: this cell's own parameters (a parameter scan's values),
                                 set over the group's in the result document; or NULL */
    struct cell_hooks *hooks; /* owned (plan_set_hooks), or NULL */
    char *sim_unsupported;    /* "unsupported under simulation: why", when a run under Valgrind
                               * failed where the native one did not (no more are made); or NULL */
};

struct group {
    const struct workload *workload; /* NULL for ad-hoc commands */
    const struct input_def *input;   /* NULL for --input-file and ad-hoc commands */
    char *input_name;                /* name, or the file's base name */
    char *input_path;                /* absolute, or NULL */
    int64_t input_bytes;
    char input_sha256[65]; /* "" when not computed */
    json_t *params;        /* owned: the case's parameters (object with "name") */
    const char *case_name; /* borrowed from params */
    size_t *cells;         /* indices into plan.cells, reference first */
    size_t n_cells;
    bool has_reference;   /* cells[0] is the reference */
    bool reference_known; /* the reference produced its output */
    uint64_t reference_digest;
    char *reference_output; /* first PLAN_OUTPUT_HEAD_BYTES of it */
    size_t reference_output_len;
    uint64_t reference_output_bytes; /* its full length */
    int runs, warmup;                /* this group's counts; < 0: the plan's */
    double max_time_s;               /* this group's cells' --max-time budget (s); < 0: the
                                        plan's */
    int min_runs;                    /* runs a cell has before that budget applies; < 0: the
                                        plan's */
    char **server_argv;              /* owned: the server to run beside the group, or NULL */
    json_t *server_final;            /* owned: the server's statistics when it stopped */
    char *server_error;              /* owned: why the server could not run, or NULL */
};

/* The most measured runs plan.min_time_s adds up to (a command that takes microseconds). */
#define PLAN_MIN_TIME_MAX_RUNS 10000

/* Stands for the server's URL in cell argv until the server runs and says where it listens. */
#define PLAN_URL_SENTINEL "@versus-server-url@"

struct plan {
    struct group *groups;
    size_t n_groups;
    struct cell *cells;
    size_t n_cells;
    int runs, warmup;
    double max_time_s; /* > 0: a cell stops after its measured runs add up to
                          this many seconds, once it has min_runs of them */
    int min_runs;
    double min_time_s;    /* > 0: after its planned runs, a cell gets more rounds until its
                             measured runs add up to this many seconds (hyperfine's
                             "at least 3 s"), or it has PLAN_MIN_TIME_MAX_RUNS of them */
    int max_runs;         /* > 0: min_time_s adds no runs beyond this many (hyperfine's
                             --max-runs); 0: PLAN_MIN_TIME_MAX_RUNS */
    double timeout_s;     /* <= 0: each workload's own timeout_s */
    bool check_exit_zero; /* ad-hoc commands: a non-zero exit fails the cell */
    struct perf_selection *counters; /* perf counters to count (probed before the first run);
                                        NULL: none */
    int rerun_contaminated;          /* a measured run flagged contaminated is run again, up to this
                                        many times (the last one stands) */
    const struct simulator *simulator; /* --counters simulate: every run is followed by one
                                        * under Cachegrind (simulate.h); NULL: not */
    int interrupted_by;                /* the signal that stopped the execution (bench.h), or 0 */
    double rss_interval_s;             /* > 0: every run's memory timeline at this interval
                                        * (--rss-interval, process.h); 0: none */
};

/* Adds a group (taking ownership of params) and returns its index. input_name/input_path are
 * copied; either may be NULL. */
size_t plan_add_group(struct plan *p, const struct workload *w, const struct input_def *input,
                      const char *input_name, const char *input_path, json_t *params);

/* Adds a cell to group g and returns its index. label is copied; argv and envp are taken
 * (may be NULL). A cell added with is_reference becomes the group's first cell. */
size_t plan_add_cell(struct plan *p, size_t g, struct runner *r, const char *label, char **argv,
                     char **envp, bool is_reference);

/* Gives cell c its hooks (taken: every argv and string in it is freed with the plan). */
void plan_set_hooks(struct plan *p, size_t c, struct cell_hooks *hooks);

/* Marks a cell skipped (before any run) with a reason (copied). */
void plan_skip_cell(struct plan *p, size_t c, const char *reason);

/* Appends a sample to cell c (metrics ownership moves to the plan). Returns a pointer to it,
 * valid until the next append to that cell. */
struct sample *plan_add_sample(struct plan *p, size_t c, const struct sample *s);

/* Moves out's memory timeline into s and computes its summaries (tree_peak_rss_bytes from it
 * and s->max_rss_bytes, which must be set; rss_growth_mib_per_min). */
void plan_sample_take_rss(struct sample *s, struct run_outcome *out);

/* The timeout of a run of cell c, in seconds (<= 0: none). */
double plan_timeout_of(const struct plan *p, size_t c);

/* How many cells failed (verdict FAILED). */
size_t plan_count_failed(const struct plan *p);

/* Keeps only the groups g with keep[g] (and their cells), in their order, freeing the rest;
 * every index (cell.group, group.cells) is renumbered. For sharding a plan before it runs. */
void plan_keep_groups(struct plan *p, const bool *keep);

/* Sets name=value in the environment of every cell that has an argv: a cell without its own
 * environment (envp NULL: the harness's) gets a copy of the harness's first. Returns 0, or -1
 * when out of memory. */
int plan_set_env(struct plan *p, const char *name, const char *value);

void plan_free(struct plan *p);

#endif
