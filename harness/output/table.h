/*
 * table.h - the human table printed at the end of a run.
 *
 * One block per group (workload, input, case): a heading that names them and the case's
 * parameters, then one row per cell, fastest median first: median and p95 of wall time,
 * median CPU time (user + system), median peak RSS, any in-process metrics the workload asks
 * for (median), the ratio of its median to the fastest verified median, and whether its output
 * was verified. Failed cells are listed after the others, in red when colour is on, with the
 * reason; skipped cells with theirs.
 */
#ifndef VERSUS_TABLE_H
#define VERSUS_TABLE_H

#include <stdbool.h>
#include <stdio.h>

#include "measure/plan.h"

/* Prints the table of p to out; colour: use ANSI colours. */
void table_print(FILE *out, const struct plan *p, bool colour);

/* The order of a group's rows: fastest median first (the default), as the cells were given
 * (hyperfine's --sort command), or fastest mean first (--sort mean-time). */
enum table_order { TABLE_BY_MEDIAN, TABLE_AS_GIVEN, TABLE_BY_MEAN };

struct table_options {
    bool colour;
    enum table_order order;
    const char *time_unit; /* "second", "millisecond", "microsecond" (hyperfine's --time-unit),
                              or NULL: each figure in the unit that suits it */
};

/* Prints the block of group gi (as soon as it is done), and the line saying how many cells
 * failed (after the last group); table_print is every group then the footer. */
void table_print_group(FILE *out, const struct plan *p, size_t gi, const struct table_options *o);
void table_print_footer(FILE *out, const struct plan *p, bool colour);

/* Decides whether to use colour: mode "always", "never" or "auto" (a terminal, and no
 * NO_COLOR variable, per https://no-color.org). */
bool table_colour_wanted(const char *mode, FILE *out);

#endif
