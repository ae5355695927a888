/*
 * contention.h - how busy the machine was around one run, and whether the run is to be
 * flagged `contaminated` (its figures include the neighbours' doing).
 *
 * Takes: a reading of the machine just before a run and one just after (contention_read), the
 * run's wall time and its involuntary context switches (ru_nivcsw from wait4). Gives, per run:
 *   steal_share  the CPU time the hypervisor gave to other guests during the run, as a share
 *                of all the machine's CPU time in the run: delta of the 8th number of the `cpu`
 *                line of /proc/stat (proc(5): steal, in USER_HZ ticks summed over every CPU)
 *                / USER_HZ / (window_s x online CPUs), where window_s is the time between the
 *                two readings (the run and the spawner's round trip; the run's wall time when
 *                the readings carry no time), so that the counts and the time they are divided
 *                by cover the same interval. /proc/stat counts in ticks of 1/USER_HZ s (10 ms),
 *                so for a run shorter than a few ticks the share is coarse: one tick in a 1 ms
 *                run on 2 CPUs reads 5.0;
 *   psi_cpu_share  the share of the run's wall time during which some runnable task waited
 *                for a CPU: delta of `some total=` (microseconds) in /proc/pressure/cpu
 *                (Documentation/accounting/psi.rst) / window_s; NaN where the kernel has no
 *                pressure stall information (CONFIG_PSI off, or psi=0);
 *   loadavg_1m   the 1-minute load average just before the run (getloadavg(3)).
 * A run is contaminated when steal_share > CONTENTION_MAX_STEAL_SHARE, or its involuntary
 * context switches exceed CONTENTION_NIVCSW_BASE + CONTENTION_NIVCSW_PER_S x wall_s: a
 * program alone on a CPU is switched out involuntarily only by the odd kernel thread, while
 * one that shares its CPU with a runnable neighbour is preempted at every slice (CFS: a few
 * milliseconds, sched(7)), hundreds of times a second. Thresholds are documented in README.md
 * ("Contaminated runs") with their reasons; they are judgement, not a standard.
 */
#ifndef VERSUS_CONTENTION_H
#define VERSUS_CONTENTION_H

#include <stdbool.h>
#include <stdint.h>

#define CONTENTION_MAX_STEAL_SHARE 0.05 /* more than 5 % of the machine's CPU time stolen */
#define CONTENTION_NIVCSW_BASE 2.0      /* involuntary switches a run may have for free */
#define CONTENTION_NIVCSW_PER_S 10.0    /* and per second of wall time */

/* The machine at one moment. */
struct machine_reading {
    bool have_steal;     /* /proc/stat read */
    int64_t steal_ticks; /* steal, USER_HZ ticks, all CPUs */
    bool have_psi;       /* /proc/pressure/cpu read */
    int64_t psi_some_us; /* some total, microseconds */
    bool have_loadavg;   /* getloadavg worked */
    double loadavg_1m;
    double at_s; /* when it was read (util/clock.h, monotonic seconds); 0: unknown */
};

/* What a run saw of its neighbours. */
struct contention {
    double steal_share;   /* NaN when /proc/stat could not be read */
    double psi_cpu_share; /* NaN when there is no /proc/pressure/cpu */
    double loadavg_1m;    /* NaN when unknown */
    bool contaminated;
};

/* Reads /proc/stat, /proc/pressure/cpu and the load average. Never fails: what cannot be read
 * is marked missing. */
void contention_read(struct machine_reading *m);

/* The contention of a run between readings before and after, of wall_s seconds, with nivcsw
 * involuntary context switches. */
void contention_judge(const struct machine_reading *before, const struct machine_reading *after,
                      double wall_s, int64_t nivcsw, struct contention *out);

/* Parses the steal ticks out of /proc/stat's text (the `cpu ` line's 8th number). Returns 0,
 * or -1 when the line is missing or has fewer than 8 numbers (a kernel before 2.6.11). */
int contention_parse_stat(const char *text, int64_t *steal_ticks);

/* Parses `some ... total=N` out of /proc/pressure/cpu's text. Returns 0, or -1. */
int contention_parse_psi(const char *text, int64_t *some_total_us);

/* True when this kernel has /proc/pressure/cpu (pressure stall information). */
bool contention_psi_available(void);

#endif
