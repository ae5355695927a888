/*
 * perf_counters.h - which perf_event_open(2) counters a benchmark asks for, which of them this
 * machine has (and why not), and what a run's readings come to.
 *
 * Takes: a `--counters` list (perf's event names, as `perf list` spells them: task-clock,
 * page-faults, context-switches, cpu-migrations, instructions, cycles, branches,
 * branch-misses, cache-references, cache-misses; or the groups hardware (= default),
 * software, all, none), and the raw readings of a run (value, time enabled, time running: read(2)
 * of an event opened with PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING). Gives:
 * the events to open for every run (type and config of perf_event_attr, the <linux/perf_event.h>
 * constants perf itself uses for these names), the reason each asked-for event cannot be counted
 * here ("ENOENT: ..."), and each reading as a figure: scaled by enabled/running when the kernel
 * multiplexed the event (perf stat's estimate), task-clock turned from nanoseconds into seconds.
 *
 * The system call is made directly (glibc has no wrapper; no libpfm4: the ten events are
 * generic ones with fixed numbers). The events themselves are opened for each child by
 * versus-spawner (spawner_protocol.h); support is probed here once per run by opening each on
 * versus itself, disabled, and closing it: ENOENT (no such event: a machine without a PMU, such
 * as most virtual machines, for the hardware ones), EOPNOTSUPP, ENODEV, EACCES (with
 * /proc/sys/kernel/perf_event_paranoid's value: at 2 or more, an unprivileged user may count
 * only user mode, so the probe retries with exclude_kernel and records that it did).
 */
#ifndef VERSUS_PERF_COUNTERS_H
#define VERSUS_PERF_COUNTERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "measure/process.h"

enum perf_counter {
    PERF_TASK_CLOCK,
    PERF_PAGE_FAULTS,
    PERF_CONTEXT_SWITCHES,
    PERF_CPU_MIGRATIONS,
    PERF_INSTRUCTIONS,
    PERF_CYCLES,
    PERF_BRANCHES,
    PERF_BRANCH_MISSES,
    PERF_CACHE_REFERENCES,
    PERF_CACHE_MISSES,
    PERF_N_COUNTERS
};

struct perf_counter_def {
    const char *event;  /* perf's name: "task-clock" */
    const char *metric; /* the result document's name (util/metric.h): "task_clock_s" */
    uint64_t config;    /* perf_event_attr.config */
    uint32_t type;      /* perf_event_attr.type */
    bool hardware;      /* needs a PMU */
};

/* The definition of counter k (0 <= k < PERF_N_COUNTERS). */
const struct perf_counter_def *perf_counter_def(enum perf_counter k);

/* The counter whose event name or document name is word, or -1. */
int perf_counter_find(const char *word);

/* What a benchmark counts. Bit k of a mask is counter k. */
struct perf_selection {
    uint32_t wanted;    /* asked for (the default: every counter, where the machine has it) */
    uint32_t named;     /* named one by one in --counters (the table shows them as columns) */
    bool probed;        /* perf_selection_probe ran */
    uint32_t usable;    /* wanted and opened by the probe */
    uint32_t user_only; /* usable only with exclude_kernel (perf_event_paranoid) */
    char why_not[PERF_N_COUNTERS][160]; /* wanted and not usable: the kernel's reason */
    bool simulate; /* "simulate" in the list: instructions counted under Valgrind's Cachegrind
                    * after each measured run (measure/simulate.h), not a perf event */
};

/* The selection without --counters: the hardware counters, where the kernel offers them (on a
 * machine without a PMU none is opened, and they are recorded unsupported). The software ones
 * are asked for by name: each open event costs every run about 10 us of fork, exec and exit in
 * the kernel (README, "Counters"), and the rusage counts give most of what they tell for free. */
void perf_selection_default(struct perf_selection *s);

/* Parses a --counters list ("task-clock,page-faults", "software", "none") into s (replacing
 * it). Returns 0, or -1 with why set ("unknown counter 'x' (known: ...)") for a word that is
 * none of the names or groups. */
int perf_selection_parse(struct perf_selection *s, const char *list, char *why, size_t len);

/* Opens every wanted counter once on this process (disabled) and closes it, filling usable,
 * user_only and why_not. Once per run; safe to call again (does nothing). */
void perf_selection_probe(struct perf_selection *s);

/* The events to open for a run: the usable ones, in counter order, into out (room for
 * PERF_N_COUNTERS), with which counter each is in which[]. Returns how many. */
size_t perf_selection_events(const struct perf_selection *s, struct run_counter *out,
                             enum perf_counter *which);

/* A reading as the figure the document keeps: value x enabled / running when running <
 * enabled (multiplexed), task-clock in seconds. *fraction_running gets running / enabled (1
 * when not multiplexed). Returns false when the event never ran (running 0), and so has no
 * figure. */
bool perf_reading_value(enum perf_counter k, const struct run_count *r, double *value,
                        double *fraction_running);

/* "ENOENT: no such event on this machine (no PMU: ...)" for errno e of perf_event_open, into
 * out. */
void perf_reason(int e, char *out, size_t len);

#endif
