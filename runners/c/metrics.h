/*
 * metrics.h - the runner protocol's metrics channel and the monotonic clock it reports.
 *
 * When the environment has VERSUS_METRICS_FD=N, file descriptor N is open for writing and
 * the runner may write `name=value` lines to it once, at the end (runners/README.md).
 */
#ifndef VERSUS_RUNNER_C_METRICS_H
#define VERSUS_RUNNER_C_METRICS_H

#include <stddef.h>

/* One metric: its name ends with its unit (`_s` seconds, `_bytes` bytes). */
struct metric {
    const char *name;
    double value;
};

/* Returns the time of CLOCK_MONOTONIC in seconds (an arbitrary origin: only differences mean
 * anything). */
double metrics_now(void);

/* Writes each of the `count` metrics as a `name=value` line to the descriptor named by
 * VERSUS_METRICS_FD. Does nothing when the variable is unset; ignores a malformed value and
 * any write error, since the metrics must never change the runner's outcome. */
void metrics_report(const struct metric *metrics, size_t count);

#endif
