/*
 * metric.h - the names of what versus measures, one table for every stage.
 *
 * A metric is a number per sample with a unit. Its name is what the result document stores
 * (`wall_s`, `cpu_s`, `max_rss_bytes`; the unit lives in the name, see FORMAT.md); its flag is
 * the short word a user types after `--metric` (`wall`, `cpu`, `rss`). The table below holds
 * every metric that versus itself records for a sample. A runner may report more through its
 * metrics channel (`parse_s`, `latency_p99_s`, ...): those have no entry, and their unit is read
 * from the name's suffix (metric_unit_of_name).
 *
 * Adding a metric is one line in METRICS (metric.c) and its constant here; every reader (the
 * table, exports, report, plot, compare, history) finds it through metric_find.
 */
#ifndef VERSUS_METRIC_H
#define VERSUS_METRIC_H

#include <stdbool.h>
#include <stddef.h>

/* What one unit of the metric is. */
enum metric_unit {
    METRIC_UNIT_SECONDS,     /* name ends in "_s" */
    METRIC_UNIT_BYTES,       /* name ends in "_bytes" */
    METRIC_UNIT_COUNT,       /* a count of events: faults, switches, instructions */
    METRIC_UNIT_MIB_PER_MIN, /* a rate of memory growth: name ends in "_mib_per_min" */
};

/* The metrics of every sample, as the result document names them. */
#define METRIC_WALL_S "wall_s"               /* elapsed wall-clock time of the run, seconds */
#define METRIC_CPU_S "cpu_s"                 /* user + system CPU time (wait4), seconds */
#define METRIC_USER_S "user_s"               /* user CPU time (wait4 ru_utime), seconds */
#define METRIC_SYS_S "sys_s"                 /* system CPU time (wait4 ru_stime), seconds */
#define METRIC_MAX_RSS_BYTES "max_rss_bytes" /* peak resident set (wait4 ru_maxrss), bytes */
#define METRIC_INSTRUCTIONS "instructions"   /* executed, under Cachegrind (--counters simulate) */
#define METRIC_TREE_PEAK_RSS_BYTES "tree_peak_rss_bytes" /* peak of the process group's RSS sum */
#define METRIC_RSS_GROWTH "rss_growth_mib_per_min"       /* RSS slope over the run's 2nd half */

/* How `versus compare` and `versus ab` judge a change of a metric (compare_stats.h). */
enum metric_rule {
    METRIC_RULE_RANKS,      /* bootstrap interval + Mann-Whitney: noisy metrics (times) */
    METRIC_RULE_SEPARATION, /* the two sides' ranges apart by more than their spread: metrics
                             * that are near-deterministic (simulated instructions) */
};

/* The rest of wait4's rusage (getrusage(2)), counts for the child and its waited-for
 * descendants; every sample measured by versus-spawner or posix_spawn has them. */
#define METRIC_MINFLT "minflt"   /* minor page faults (no I/O), a count */
#define METRIC_MAJFLT "majflt"   /* major page faults (I/O), a count */
#define METRIC_NVCSW "nvcsw"     /* voluntary context switches, a count */
#define METRIC_NIVCSW "nivcsw"   /* involuntary context switches, a count */
#define METRIC_INBLOCK "inblock" /* 512-byte blocks read from storage, a count */
#define METRIC_OUBLOCK "oublock" /* 512-byte blocks written to storage, a count */

/* perf_event_open(2) counters (measure/perf_counters.h), where the machine has them. */
#define METRIC_TASK_CLOCK_S "task_clock_s"         /* task-clock: time on a CPU, seconds */
#define METRIC_PAGE_FAULTS "page_faults"           /* page-faults, a count */
#define METRIC_CONTEXT_SWITCHES "context_switches" /* context-switches, a count */
#define METRIC_CPU_MIGRATIONS "cpu_migrations"     /* cpu-migrations, a count */
#define METRIC_HW_INSTRUCTIONS "hw_instructions"   /* instructions retired (PMU), a count */
#define METRIC_CYCLES "cycles"                     /* CPU cycles (PMU), a count */
#define METRIC_BRANCHES "branches"                 /* branch instructions (PMU), a count */
#define METRIC_BRANCH_MISSES "branch_misses"       /* mispredicted branches (PMU), a count */
#define METRIC_CACHE_REFERENCES "cache_references" /* last-level cache accesses (PMU), a count */
#define METRIC_CACHE_MISSES "cache_misses"         /* last-level cache misses (PMU), a count */

struct metric_def {
    const char *name;  /* as stored in the document: "wall_s" */
    const char *flag;  /* as typed after --metric: "wall"; NULL when it has none */
    const char *label; /* for people: "wall time" */
    enum metric_unit unit;
};

/* The threshold of a metric that gives none: 5 %. */
#define METRIC_DEFAULT_THRESHOLD 0.05

/* True for the counts every sample has without asking (wait4's rusage: minflt, majflt, nvcsw,
 * nivcsw, inblock, oublock), as against the counters a run asked for with --counters. */
bool metric_is_free_count(const char *name);

/* The default --threshold of metric name (a fraction): 5 %, but for the metrics that are
 * judged otherwise (metric.c, JUDGED: instructions 0.5 %). */
double metric_default_threshold(const char *name);

/* The verdict rule of metric name: METRIC_RULE_RANKS, but METRIC_RULE_SEPARATION for the
 * near-deterministic ones (instructions). */
enum metric_rule metric_rule_of(const char *name);

/* The metric whose name or flag is word, or NULL when versus does not record it itself. */
const struct metric_def *metric_find(const char *word);

/* The metric at index i of the table (0 <= i < metric_count()), in the order tables show them. */
const struct metric_def *metric_at(size_t i);
size_t metric_count(void);

/* The unit of any metric name: the table's, else by suffix ("_s" seconds, "_bytes" bytes),
 * else a count. */
enum metric_unit metric_unit_of_name(const char *name);

/* Whether name is a counter of the table: wait4's rusage counts, a perf_event_open(2) counter
 * (task-clock included) or the simulated instruction count; not wall, CPU or user/system time,
 * nor a memory figure. The consumers that show "the counters when measured" (exports, history)
 * take these. */
bool metric_is_counter(const char *name);

/* The document name for word (a name or a flag), or NULL when word is neither a known metric
 * nor a name that ends in a unit suffix. */
const char *metric_name_of(const char *word);

#endif
