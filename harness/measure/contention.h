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
 * A run is contaminated when (README.md, "Counters and contaminated runs", has the
 * measurements behind the numbers):
 *   - steal_share > CONTENTION_MAX_STEAL_SHARE;
 *   - or psi_cpu_share > CONTENTION_MAX_PSI_SHARE over a window of at least
 *     CONTENTION_PSI_MIN_WINDOW_S: pressure is the whole machine's, and every run brings a few
 *     milliseconds of it with it (its start and end, the spawner's readings), so over a short
 *     run its share swings from 0 to 0.9 on an idle machine with no change in wall time (the
 *     default suite of 2026-12-05 on this machine, load average 1: 228 of 563 runs under 50 ms
 *     above 0.20, none of 151 runs of 0.5 s and more above 0.13);
 *   - or it was preempted far more than its cell's earlier runs (warmups included, at least
 *     CONTENTION_BASELINE_MIN_RUNS of them): its involuntary context switches per second of
 *     wall time exceed their median by CONTENTION_NIVCSW_K x max(MAD, CONTENTION_NIVCSW_FLOOR
 *     x median), AND the switches beyond the median's rate, each costing one scheduler slice,
 *     add up to more than CONTENTION_PREEMPT_SHARE of the wall time, AND the count is above
 *     the CONTENTION_NIVCSW_QUANTILE quantile of a Poisson count with the cell's rate
 *     (the larger of the earlier runs' median and mean rate, x the run's wall time): on an
 *     idle machine a program's involuntary switches are the kernel's and the hypervisor's own
 *     work at a steady rate, so a short run's few switches vary as a Poisson count does, and 4
 *     where its cell had 1 is chance, not a neighbour. A run with fewer earlier runs than
 *     that is not judged by its switches: a count alone cannot tell the kernel's cheap
 *     preemptions from a neighbour's slices.
 * The slice is the kernel's EEVDF base slice, 0.75 ms x (1 + log2 of the online CPUs, at most
 * 8) (kernel/sched/fair.c: sysctl_sched_base_slice, scaled by get_update_sysctl_factor under
 * the default SCHED_TUNABLESCALING_LOG): the time a runnable neighbour may hold the CPU once
 * it preempts. The per-cell baseline is what makes the rule fit a machine: on this 2-CPU
 * virtual machine a CPU-bound run alone is switched out 150 to 200 times a second (the
 * hypervisor's and the kernel's own work), which a fixed allowance took for neighbours.
 * Thresholds are judgement calibrated on this machine, not a standard.
 */
#ifndef VERSUS_CONTENTION_H
#define VERSUS_CONTENTION_H

#include <stdbool.h>
#include <stdint.h>

#include <stddef.h>

#define CONTENTION_MAX_STEAL_SHARE 0.05  /* more than 5 % of the machine's CPU time stolen */
#define CONTENTION_MAX_PSI_SHARE 0.20    /* some task waited for a CPU 20 % of the run */
#define CONTENTION_BASELINE_MIN_RUNS 3   /* earlier runs of the cell before it is a baseline */
#define CONTENTION_NIVCSW_K 3.0          /* robust margin over the cell's median rate: k x MAD */
#define CONTENTION_NIVCSW_FLOOR 0.5      /* ... with the MAD taken as at least half the median */
#define CONTENTION_PREEMPT_SHARE 0.05    /* the excess switches cost 5 % of the wall time */
#define CONTENTION_NIVCSW_QUANTILE 0.999 /* ... and above a Poisson count's 99.9 % quantile */
#define CONTENTION_PSI_MIN_WINDOW_S 0.5  /* pressure judged over half a second or more */
#define CONTENTION_SLICE_BASE_S 0.00075  /* EEVDF's base slice before scaling by CPU count */

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

/* What a cell's earlier runs (warmups included) showed of involuntary switching: how many
 * runs, and the median, MAD and mean of their involuntary context switches per second of
 * wall time. */
struct nivcsw_baseline {
    size_t n;
    double median_per_s, mad_per_s, mean_per_s;
};

/* The baseline of n rates (involuntary switches per second of wall time; any order, not
 * modified). n may be 0. */
void contention_baseline(const double *rates_per_s, size_t n, struct nivcsw_baseline *out);

/* The smallest k with P(X <= k) >= p for a Poisson count X of mean lambda (>= 0; p in (0, 1)):
 * the pmf summed in log space up to lambda 1000, the normal approximation lambda + z_p
 * sqrt(lambda) (z_0.999 = 3.090) above it. A count above it has a chance under 1 - p. */
double contention_poisson_quantile(double lambda, double p);

/* The scheduler slice estimate above, in seconds, for cpus online CPUs. */
double contention_slice_s(long cpus);

/* Reads /proc/stat, /proc/pressure/cpu and the load average. Never fails: what cannot be read
 * is marked missing. */
void contention_read(struct machine_reading *m);

/* The contention of a run between readings before and after, of wall_s seconds, with nivcsw
 * involuntary context switches, against its cell's earlier runs (base; NULL: none). */
void contention_judge(const struct machine_reading *before, const struct machine_reading *after,
                      double wall_s, int64_t nivcsw, const struct nivcsw_baseline *base,
                      struct contention *out);

/* Parses the steal ticks out of /proc/stat's text (the `cpu ` line's 8th number). Returns 0,
 * or -1 when the line is missing or has fewer than 8 numbers (a kernel before 2.6.11). */
int contention_parse_stat(const char *text, int64_t *steal_ticks);

/* Parses `some ... total=N` out of /proc/pressure/cpu's text. Returns 0, or -1. */
int contention_parse_psi(const char *text, int64_t *some_total_us);

/* True when this kernel has /proc/pressure/cpu (pressure stall information). */
bool contention_psi_available(void);

#endif
