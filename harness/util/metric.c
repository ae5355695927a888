/*
 * metric.c - the table of metrics versus records for every sample (see metric.h).
 */
#include "util/metric.h"

#include <string.h>

static const struct metric_def METRICS[] = {
    {METRIC_WALL_S, "wall", "wall time", METRIC_UNIT_SECONDS},
    {METRIC_CPU_S, "cpu", "CPU time", METRIC_UNIT_SECONDS},
    {METRIC_USER_S, "user", "user CPU time", METRIC_UNIT_SECONDS},
    {METRIC_SYS_S, "sys", "system CPU time", METRIC_UNIT_SECONDS},
    {METRIC_MAX_RSS_BYTES, "rss", "peak RSS", METRIC_UNIT_BYTES},
    {METRIC_TREE_PEAK_RSS_BYTES, "tree-rss", "peak tree RSS", METRIC_UNIT_BYTES},
    {METRIC_RSS_GROWTH, "rss-growth", "RSS growth", METRIC_UNIT_MIB_PER_MIN},
    {METRIC_MINFLT, "minflt", "minor page faults", METRIC_UNIT_COUNT},
    {METRIC_MAJFLT, "majflt", "major page faults", METRIC_UNIT_COUNT},
    {METRIC_NVCSW, "nvcsw", "voluntary context switches", METRIC_UNIT_COUNT},
    {METRIC_NIVCSW, "nivcsw", "involuntary context switches", METRIC_UNIT_COUNT},
    {METRIC_INBLOCK, "inblock", "blocks read (512 B)", METRIC_UNIT_COUNT},
    {METRIC_OUBLOCK, "oublock", "blocks written (512 B)", METRIC_UNIT_COUNT},
    {METRIC_TASK_CLOCK_S, "task-clock", "task clock (perf)", METRIC_UNIT_SECONDS},
    {METRIC_PAGE_FAULTS, "page-faults", "page faults (perf)", METRIC_UNIT_COUNT},
    {METRIC_CONTEXT_SWITCHES, "context-switches", "context switches (perf)", METRIC_UNIT_COUNT},
    {METRIC_CPU_MIGRATIONS, "cpu-migrations", "CPU migrations (perf)", METRIC_UNIT_COUNT},
    {METRIC_HW_INSTRUCTIONS, "hw-instructions", "instructions (PMU)", METRIC_UNIT_COUNT},
    {METRIC_CYCLES, "cycles", "cycles (PMU)", METRIC_UNIT_COUNT},
    {METRIC_BRANCHES, "branches", "branches (PMU)", METRIC_UNIT_COUNT},
    {METRIC_BRANCH_MISSES, "branch-misses", "branch misses (PMU)", METRIC_UNIT_COUNT},
    {METRIC_CACHE_REFERENCES, "cache-references", "cache references (PMU)", METRIC_UNIT_COUNT},
    {METRIC_CACHE_MISSES, "cache-misses", "cache misses (PMU)", METRIC_UNIT_COUNT},
    {METRIC_INSTRUCTIONS, "instructions", "instructions", METRIC_UNIT_COUNT},
};

/* The metrics not judged at 5 % by the ranks rule (compare_stats.h): their default threshold
 * and rule. Simulated instructions move by well under 0.1 % from run to run for compiled
 * programs (README.md, "How often the gate is right"), so 0.5 % is a change. */
static const struct {
    const char *name;
    double threshold;
    enum metric_rule rule;
} JUDGED[] = {
    {METRIC_INSTRUCTIONS, 0.005, METRIC_RULE_SEPARATION},
};

size_t metric_count(void)
{
    return sizeof METRICS / sizeof METRICS[0];
}

const struct metric_def *metric_at(size_t i)
{
    return i < metric_count() ? &METRICS[i] : NULL;
}

const struct metric_def *metric_find(const char *word)
{
    if (word == NULL)
        return NULL;
    for (size_t i = 0; i < metric_count(); i++)
        if (strcmp(METRICS[i].name, word) == 0 ||
            (METRICS[i].flag != NULL && strcmp(METRICS[i].flag, word) == 0))
            return &METRICS[i];
    return NULL;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && strcmp(s + n - m, suffix) == 0;
}

enum metric_unit metric_unit_of_name(const char *name)
{
    const struct metric_def *d = metric_find(name);
    if (d != NULL)
        return d->unit;
    if (ends_with(name, "_bytes"))
        return METRIC_UNIT_BYTES;
    if (ends_with(name, "_mib_per_min"))
        return METRIC_UNIT_MIB_PER_MIN;
    if (ends_with(name, "_s"))
        return METRIC_UNIT_SECONDS;
    return METRIC_UNIT_COUNT;
}

bool metric_is_counter(const char *name)
{
    const struct metric_def *d = metric_find(name);
    return d != NULL && (d->unit == METRIC_UNIT_COUNT || strcmp(d->name, METRIC_TASK_CLOCK_S) == 0);
}

bool metric_is_free_count(const char *name)
{
    static const char *const FREE[] = {METRIC_MINFLT, METRIC_MAJFLT,  METRIC_NVCSW,
                                       METRIC_NIVCSW, METRIC_INBLOCK, METRIC_OUBLOCK};
    for (size_t i = 0; name != NULL && i < sizeof FREE / sizeof FREE[0]; i++)
        if (strcmp(name, FREE[i]) == 0)
            return true;
    return false;
}

const char *metric_name_of(const char *word)
{
    const struct metric_def *d = metric_find(word);
    if (d != NULL)
        return d->name;
    if (word != NULL && (ends_with(word, "_bytes") || ends_with(word, "_s")))
        return word;
    return NULL;
}

/* The index of name (or flag) in JUDGED, or -1. */
static long judged_index(const char *name)
{
    const struct metric_def *d = metric_find(name);
    for (size_t i = 0; d != NULL && i < sizeof JUDGED / sizeof JUDGED[0]; i++)
        if (strcmp(JUDGED[i].name, d->name) == 0)
            return (long)i;
    return -1;
}

double metric_default_threshold(const char *name)
{
    long i = judged_index(name);
    return i >= 0 ? JUDGED[i].threshold : METRIC_DEFAULT_THRESHOLD;
}

enum metric_rule metric_rule_of(const char *name)
{
    long i = judged_index(name);
    return i >= 0 ? JUDGED[i].rule : METRIC_RULE_RANKS;
}
