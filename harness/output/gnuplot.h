/*
 * gnuplot.h - running gnuplot (http://www.gnuplot.info, Debian's gnuplot-nox) as a program.
 *
 * versus draws nothing itself: it writes tab-separated data files and runs the scripts in
 * plots/ (bars.gp, agent.gp, ratios.gp, history.gp) as `gnuplot -c SCRIPT ARG1 ARG2 ...`.
 * `-c` hands the arguments to the script as the strings ARG1..ARG9, so titles and paths need
 * no quoting for gnuplot's parser, and no shell is involved: the child is exec'd directly
 * (process_capture).
 */
#ifndef VERSUS_GNUPLOT_H
#define VERSUS_GNUPLOT_H

#include <stddef.h>

#include "util/error.h"

/* The most arguments a script takes (gnuplot 5 passes ARG1 to ARG9). */
#define GNUPLOT_MAX_ARGS 9

/* Finds the gnuplot program: $VERSUS_GNUPLOT when set and not empty, else "gnuplot" in PATH.
 * Returns a malloc'd absolute path, or NULL with err set ("gnuplot not found: 'gnuplot' not
 * found in PATH (install Debian's gnuplot-nox, or set VERSUS_GNUPLOT)"). */
char *gnuplot_find(struct verr *err);

/* Runs `GNUPLOT -c SCRIPT ARGS[0] ... ARGS[nargs-1]` (nargs <= GNUPLOT_MAX_ARGS) and waits for
 * it. gnuplot is the absolute path from gnuplot_find. Returns 0 when gnuplot exited with 0, or
 * -1 with err set ("gnuplot plots/bars.gp failed (exit status 1): "data.tsv" line 3: ...",
 * the last line gnuplot printed on stderr). Warnings gnuplot prints while succeeding are
 * dropped. */
int gnuplot_run(const char *gnuplot, const char *script, const char *const *args, size_t nargs,
                struct verr *err);

#endif
