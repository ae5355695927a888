/*
 * cmd_report.h - what `versus cmd` says after its table, as hyperfine does after its results:
 * the warnings about each command's runs (measure/warnings.h), once per command, and the
 * relative summary ("'a' ran 1.52 times faster than 'b'") against --reference or the fastest,
 * with the 95 % percentile bootstrap interval of the ratio of medians (compare_stats.h) where
 * hyperfine propagates the standard deviations of means.
 *
 * Both go into the result document too: cells[i].warnings ([{kind, message, ...}]) for every
 * command of `versus cmd`, and "relative" {reference, confidence, rows: [{command, ratio,
 * ci_low, ci_high}]} (ratio = the other's median / the reference's: > 1 the reference ran
 * faster).
 */
#ifndef VERSUS_CMD_REPORT_H
#define VERSUS_CMD_REPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "measure/plan.h"

struct cmd_report {
    bool shell;          /* through a shell: its start-up is in every figure */
    bool ignore_failure; /* -i */
    bool has_reference;  /* cells[0] is --reference */
    bool print;          /* print (false: --style none) */
    const char *colour;  /* auto, always, never */
};

/* The finish hook of cli_execute_and_write (execute.h): prints and records the above. Returns
 * false (the exit status is the cells'). */
bool cmd_report_finish(void *arg, const struct plan *p, size_t failed, json_t *doc);

/* Prints the /dev/null warning (PITFALLS.md) when an --output is "null". */
void cmd_report_output_warning(char *const *outputs, bool show_output);

#endif
