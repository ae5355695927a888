/*
 * cli_counters.h - what `--counters simulate` and `--deterministic` need beyond the perf
 * selection, shared by the subcommands that measure (run, cmd, ab).
 *
 * Takes: the parsed --counters selection (measure/perf_counters.h; "simulate" is one of its
 * words) and --deterministic. Gives: the plan's simulator (measure/simulate.h) when simulating,
 * the deterministic environment (PYTHONHASHSEED=0 in every cell's environment) when
 * --deterministic asks, and what the result document's settings record of both
 * (METHODOLOGY.md, "Simulated instruction counts"). Errors: Valgrind missing (one line on
 * stderr, exit status 2).
 */
#ifndef VERSUS_CLI_COUNTERS_H
#define VERSUS_CLI_COUNTERS_H

#include <jansson.h>
#include <stdbool.h>

#include "measure/perf_counters.h"
#include "measure/plan.h"
#include "measure/simulate.h"

struct cli_counters {
    bool simulate;      /* --counters ...,simulate: set by cli_counters_apply */
    bool deterministic; /* --deterministic */
    struct simulator sim;
};

/* The --deterministic option of a subcommand that measures, into the struct cli_counters C. */
#define CLI_DETERMINISTIC_OPT(c)                                                                   \
    {                                                                                              \
        .name = "deterministic", .help = "PYTHONHASHSEED=0 for every run",                         \
        .dst = &(c)->deterministic                                                                 \
    }

/* Before the plan runs: when sel asks to simulate, finds Valgrind and gives the plan its
 * simulator; sets the deterministic environment when asked. Returns 0, or -1 after printing
 * why ("versus CMD: --counters simulate needs Valgrind: ..."). */
int cli_counters_apply(struct cli_counters *c, const struct perf_selection *sel, struct plan *p,
                       const char *cmd);

/* Adds what was asked to the settings object: "deterministic" and "PYTHONHASHSEED", and with
 * simulate "simulation" {valgrind, version, options, aslr, instructions}. Nothing when neither
 * was asked, so that documents stay as they were. */
void cli_counters_settings(const struct cli_counters *c, json_t *settings);

void cli_counters_free(struct cli_counters *c);

#endif
