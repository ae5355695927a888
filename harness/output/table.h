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

/* Decides whether to use colour: mode "always", "never" or "auto" (a terminal, and no
 * NO_COLOR variable, per https://no-color.org). */
bool table_colour_wanted(const char *mode, FILE *out);

#endif
