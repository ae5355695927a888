/*
 * progress.h - the progress line on stderr while a plan runs.
 *
 * On a terminal, one line is rewritten in place ("\r" and clear-to-end-of-line); otherwise
 * (CI logs) a line is printed only when a cell finishes, so logs stay short.
 */
#ifndef VERSUS_PROGRESS_H
#define VERSUS_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

struct progress {
    bool enabled;
    bool tty;
    bool line_open; /* a rewritable line is on screen */
};

/* Sets up p for stderr (enabled: print at all). */
void progress_init(struct progress *p, bool enabled);

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
