/*
 * progress.h - the progress line on stderr while a plan runs.
 *
 * On a terminal, one line is rewritten in place ("\r" and clear-to-end-of-line): a bar of the
 * runs done of the runs planned, the time elapsed, an ETA (the runs left times the median of
 * the recent run times, as hyperfine estimates from the runs so far), and the cell running now;
 * otherwise (CI logs) a line is printed only when a group starts and a cell finishes, so logs
 * stay short. Runs that --min-time adds are not planned: the bar may go past 100 %, and says so
 * by showing the count.
 */
#ifndef VERSUS_PROGRESS_H
#define VERSUS_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

/* How many recent run times the ETA's median rests on. */
#define PROGRESS_RECENT_RUNS 256

struct progress {
    bool enabled;
    bool tty;
    bool line_open;       /* a rewritable line is on screen */
    size_t planned, done; /* runs planned in all (progress_plan) and started so far */
    double start_s;       /* CLOCK_MONOTONIC at progress_init */
    double recent[PROGRESS_RECENT_RUNS]; /* the last run times, seconds (a ring) */
    size_t n_recent;
};

/* Sets up p for stderr (enabled: print at all). */
void progress_init(struct progress *p, bool enabled);

/* Sets how many runs are planned in all (warmups included), for the bar and the ETA. */
void progress_plan(struct progress *p, size_t planned_runs);

/* Reports run `run` of `runs` (1-based; warmups have warmup=true) of cell `cell` of `cells`
 * (1-based), what it is (label, context such as "grep brown/literal") and the wall time of the
 * run that just ended (seconds, < 0 when none yet). */
void progress_run(struct progress *p, size_t cell, size_t cells, int run, int runs, bool warmup,
                  const char *label, const char *context, double last_wall_s);

/* Reports that group `group` of `groups` (1-based) starts, with what it is ("grep brown/literal")
 * and how many cells and rounds it has. Printed on terminals and in logs alike. */
void progress_group(struct progress *p, size_t group, size_t groups, const char *context,
                    size_t cells, int rounds);

/* Reports that a cell is done, with its verdict text ("verified", "FAILED: ..."). */
void progress_cell_done(struct progress *p, size_t cell, size_t cells, const char *label,
                        const char *context, const char *verdict);

/* Prints a message as its own line, clearing the progress line first. */
void progress_message(struct progress *p, const char *text);

/* Clears the progress line, if any. */
void progress_finish(struct progress *p);

#endif
