/*
 * warnings.h - what hyperfine warns about a command's runs, on firmer ground
 * (sharkdp/hyperfine src/benchmark/mod.rs and src/output/warnings.rs are the model):
 *
 *   outliers     measured runs beyond Tukey's outer fences, Q1 - 3 IQR and Q3 + 3 IQR of the
 *                wall times ("far out": J. W. Tukey, "Exploratory Data Analysis", 1977, ch. 2;
 *                poop uses the same fences; hyperfine uses a modified Z-score above 14).
 *                Needs >= 5 runs; the message gives how many and the fence;
 *   slow_first   the first measured run much slower than the rest (a cache filled by the
 *                first run: hyperfine suggests --warmup): hyperfine's rule, its modified
 *                Z-score (x - median) / MAD among all runs above 1.4826 x 10
 *                (src/outlier_detection.rs), and a floor hyperfine lacks: at least 10 % and
 *                1 ms over the others' median (steady runs have a MAD of microseconds);
 *   too_fast     a median wall time under 5 ms (hyperfine's MIN_EXECUTION_TIME): the figure is
 *                then close to what starting any program costs here, which is measured (the
 *                median of 7 runs of the smallest program there is, `true`) and given;
 *   exit_codes   runs that exited non-zero: with --ignore-failure, how many were counted
 *                anyway; without it, the cell failed, and the warning says -i measures it.
 *
 * Takes a cell after its runs (plan.h); gives a new JSON array of {"kind", "message"} plus the
 * figures each kind rests on (seconds, counts), empty when nothing is to be said. Each
 * message is one line, without the command's name.
 */
#ifndef VERSUS_WARNINGS_H
#define VERSUS_WARNINGS_H

#include <jansson.h>
#include <stdbool.h>

#include "measure/plan.h"

/* hyperfine's threshold under which a command is too fast to measure well, in seconds. */
#define WARNINGS_FAST_S 0.005

/* The warnings of cell c; ignore_failure: non-zero exits were accepted (--ignore-failure). */
json_t *warnings_of_cell(const struct cell *c, bool ignore_failure);

/* The median wall time of starting `true` here, in seconds (measured once, then kept), or a
 * negative number when it could not be measured. */
double warnings_spawn_floor_s(void);

#endif
