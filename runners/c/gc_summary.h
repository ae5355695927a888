/*
 * gc_summary.h - the latency metrics of workload gc-latency (runners/README.md): from the
 * per-request latencies in seconds, in request order, the nearest-rank percentiles p50, p90,
 * p99, p99.9, p99.99 (the value at rank ceil(p × n) of the sorted latencies), the maximum, and the
 * pauses: runs of consecutive requests whose latency is above 1 ms, each as long as its largest
 * latency (the stall that delayed the run's first request).
 */
#ifndef VERSUS_RUNNER_C_GC_SUMMARY_H
#define VERSUS_RUNNER_C_GC_SUMMARY_H

#include "metrics.h"

#include <stddef.h>

#define GC_SUMMARY_METRICS 8

/* Writes p50_s, p90_s, p99_s, p999_s, p9999_s, max_s, pause_s and pauses (a count) into
 * out[0..7] and returns GC_SUMMARY_METRICS. Sorts lat in place; n >= 1. */
size_t gc_summary(double *lat, size_t n, struct metric out[GC_SUMMARY_METRICS]);

#endif
