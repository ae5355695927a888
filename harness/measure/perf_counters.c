/*
 * perf_counters.c - the perf counters a benchmark asks for and this machine has (see
 * perf_counters.h).
 */
#define _GNU_SOURCE /* syscall */

#include "measure/perf_counters.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/metric.h"

/* perf's own names and numbers for them (tools/perf/util/parse-events.c, event_symbols_sw and
 * event_symbols_hw). */
static const struct perf_counter_def DEFS[PERF_N_COUNTERS] = {
    [PERF_TASK_CLOCK] = {"task-clock", METRIC_TASK_CLOCK_S, PERF_COUNT_SW_TASK_CLOCK,
                         PERF_TYPE_SOFTWARE, false},
    [PERF_PAGE_FAULTS] = {"page-faults", METRIC_PAGE_FAULTS, PERF_COUNT_SW_PAGE_FAULTS,
                          PERF_TYPE_SOFTWARE, false},
    [PERF_CONTEXT_SWITCHES] = {"context-switches", METRIC_CONTEXT_SWITCHES,
                               PERF_COUNT_SW_CONTEXT_SWITCHES, PERF_TYPE_SOFTWARE, false},
    [PERF_CPU_MIGRATIONS] = {"cpu-migrations", METRIC_CPU_MIGRATIONS, PERF_COUNT_SW_CPU_MIGRATIONS,
                             PERF_TYPE_SOFTWARE, false},
    [PERF_INSTRUCTIONS] = {"instructions", METRIC_HW_INSTRUCTIONS, PERF_COUNT_HW_INSTRUCTIONS,
                           PERF_TYPE_HARDWARE, true},
    [PERF_CYCLES] = {"cycles", METRIC_CYCLES, PERF_COUNT_HW_CPU_CYCLES, PERF_TYPE_HARDWARE, true},
    [PERF_BRANCHES] = {"branches", METRIC_BRANCHES, PERF_COUNT_HW_BRANCH_INSTRUCTIONS,
                       PERF_TYPE_HARDWARE, true},
    [PERF_BRANCH_MISSES] = {"branch-misses", METRIC_BRANCH_MISSES, PERF_COUNT_HW_BRANCH_MISSES,
                            PERF_TYPE_HARDWARE, true},
    [PERF_CACHE_REFERENCES] = {"cache-references", METRIC_CACHE_REFERENCES,
                               PERF_COUNT_HW_CACHE_REFERENCES, PERF_TYPE_HARDWARE, true},
    [PERF_CACHE_MISSES] = {"cache-misses", METRIC_CACHE_MISSES, PERF_COUNT_HW_CACHE_MISSES,
                           PERF_TYPE_HARDWARE, true},
};

#define ALL_COUNTERS ((1u << PERF_N_COUNTERS) - 1)

const struct perf_counter_def *perf_counter_def(enum perf_counter k)
{
    return k < PERF_N_COUNTERS ? &DEFS[k] : NULL;
}

int perf_counter_find(const char *word)
{
    for (int k = 0; word != NULL && k < PERF_N_COUNTERS; k++) {
        if (strcmp(DEFS[k].event, word) == 0 || strcmp(DEFS[k].metric, word) == 0)
            return k;
    }
    return -1;
}

/* The counters of a group word, or 0 when word is none. *ok says whether it was one. */
static uint32_t group_of(const char *word, bool *ok)
{
    uint32_t software = 0;
    for (int k = 0; k < PERF_N_COUNTERS; k++)
        software |= DEFS[k].hardware ? 0 : 1u << k;
    *ok = true;
    if (strcmp(word, "all") == 0)
        return ALL_COUNTERS;
    if (strcmp(word, "software") == 0)
        return software;
    if (strcmp(word, "hardware") == 0 || strcmp(word, "default") == 0)
        return ALL_COUNTERS & ~software;
    if (strcmp(word, "none") == 0)
        return 0;
    *ok = false;
    return 0;
}

void perf_selection_default(struct perf_selection *s)
{
    bool ok;
    memset(s, 0, sizeof *s);
    s->wanted = group_of("default", &ok);
}

int perf_selection_parse(struct perf_selection *s, const char *list, char *why, size_t len)
{
    memset(s, 0, sizeof *s);
    const char *p = list;
    while (*p != '\0') {
        size_t n = strcspn(p, ",");
        char word[64];
        if (n > 0 && n < sizeof word) {
            memcpy(word, p, n);
            word[n] = '\0';
            bool is_group;
            uint32_t group = group_of(word, &is_group);
            int k = perf_counter_find(word);
            if (strcmp(word, "simulate") == 0) {
                s->simulate = true;
            } else if (is_group) {
                s->wanted |= group;
            } else if (k >= 0) {
                s->wanted |= 1u << k;
                s->named |= 1u << k;
            } else {
                int used = snprintf(why, len,
                                    "unknown counter '%s' (known: simulate, default, all, "
                                    "software, hardware, none",
                                    word);
                for (int j = 0; j < PERF_N_COUNTERS && used > 0 && (size_t)used < len; j++)
                    used += snprintf(why + used, len - (size_t)used, ", %s", DEFS[j].event);
                if (used > 0 && (size_t)used < len)
                    snprintf(why + used, len - (size_t)used, ")");
                return -1;
            }
        } else if (n >= sizeof word) {
            snprintf(why, len, "unknown counter '%.*s...'", 20, p);
            return -1;
        }
        p += n;
        if (*p == ',')
            p++;
    }
    return 0;
}

/* /proc/sys/kernel/perf_event_paranoid, or -99 when it cannot be read. */
static int paranoid_level(void)
{
    FILE *f = fopen("/proc/sys/kernel/perf_event_paranoid", "re");
    int v = -99;
    if (f != NULL) {
        if (fscanf(f, "%d", &v) != 1)
            v = -99;
        fclose(f);
    }
    return v;
}

void perf_reason(int e, char *out, size_t len)
{
    switch (e) {
    case ENOENT:
        snprintf(out, len,
                 "ENOENT: the kernel has no such event here (no PMU: a virtual machine "
                 "without a virtual PMU, or a CPU without this event)");
        break;
    case EOPNOTSUPP:
        snprintf(out, len, "EOPNOTSUPP: the PMU cannot count this event as asked");
        break;
    case ENODEV:
        snprintf(out, len, "ENODEV: no PMU for this event");
        break;
    case EACCES:
    case EPERM: {
        int level = paranoid_level();
        if (level == -99)
            snprintf(out, len, "%s: not permitted (perf_event_paranoid unreadable)",
                     e == EACCES ? "EACCES" : "EPERM");
        else
            snprintf(out, len, "%s: not permitted (perf_event_paranoid=%d)",
                     e == EACCES ? "EACCES" : "EPERM", level);
        break;
    }
    case ENOSYS:
        snprintf(out, len, "ENOSYS: this kernel has no perf_event_open");
        break;
    default:
        snprintf(out, len, "errno %d: %s", e, strerror(e));
        break;
    }
}

/* Opens counter k on this process, disabled, as the spawner opens it for a child. Returns 0,
 * or the errno. */
static int try_open(enum perf_counter k, bool exclude_kernel)
{
    struct perf_event_attr a;
    memset(&a, 0, sizeof a);
    a.size = sizeof a;
    a.type = DEFS[k].type;
    a.config = DEFS[k].config;
    a.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
    a.disabled = 1;
    a.inherit = 1;
    a.enable_on_exec = 1;
    a.exclude_hv = 1;
    a.exclude_kernel = exclude_kernel;
    long fd = syscall(SYS_perf_event_open, &a, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
    if (fd < 0)
        return errno;
    close((int)fd);
    return 0;
}

void perf_selection_probe(struct perf_selection *s)
{
    if (s->probed)
        return;
    s->probed = true;
    s->usable = 0;
    s->user_only = 0;
    for (int k = 0; k < PERF_N_COUNTERS; k++) {
        s->why_not[k][0] = '\0';
        if ((s->wanted & (1u << k)) == 0)
            continue;
        if (process_direct_spawn()) {
            snprintf(s->why_not[k], sizeof s->why_not[k],
                     "not counted: VERSUS_DIRECT_SPAWN=1 starts programs with posix_spawn, which "
                     "leaves no moment between fork and execve to open counters for the child");
            continue;
        }
        int e = try_open((enum perf_counter)k, false);
        if (e == EACCES || e == EPERM) {
            /* perf_event_paranoid >= 2: user mode only is what an unprivileged user may count */
            if (try_open((enum perf_counter)k, true) == 0) {
                s->user_only |= 1u << k;
                e = 0;
            }
        }
        if (e == 0)
            s->usable |= 1u << k;
        else
            perf_reason(e, s->why_not[k], sizeof s->why_not[k]);
    }
}

size_t perf_selection_events(const struct perf_selection *s, struct run_counter *out,
                             enum perf_counter *which)
{
    size_t n = 0;
    for (int k = 0; k < PERF_N_COUNTERS && n < PROCESS_MAX_COUNTERS; k++) {
        if ((s->usable & (1u << k)) == 0)
            continue;
        out[n] = (struct run_counter){.type = DEFS[k].type,
                                      .config = DEFS[k].config,
                                      .exclude_kernel = (s->user_only & (1u << k)) != 0};
        which[n++] = (enum perf_counter)k;
    }
    return n;
}

bool perf_reading_value(enum perf_counter k, const struct run_count *r, double *value,
                        double *fraction_running)
{
    *value = 0;
    *fraction_running = 0;
    if (r->error != 0 || r->running_ns == 0)
        return false;
    double v = (double)r->value;
    *fraction_running = 1;
    if (r->running_ns < r->enabled_ns) {
        /* Multiplexed: counted for running_ns of enabled_ns; perf stat's estimate. */
        *fraction_running = (double)r->running_ns / (double)r->enabled_ns;
        v = v * (double)r->enabled_ns / (double)r->running_ns;
    }
    *value = k == PERF_TASK_CLOCK ? v / 1e9 : v;
    return true;
}
