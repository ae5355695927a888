/*
 * contention.c - steal time, CPU pressure and load around a run (see contention.h).
 */
#define _GNU_SOURCE /* getloadavg */

#include "measure/contention.h"

#include "util/clock.h"
#include "util/stats.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Reads the start of a /proc file into buf (NUL-terminated). Returns the length, or -1. */
static ssize_t read_start(const char *path, char *buf, size_t cap)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n;
    do
        n = read(fd, buf, cap - 1);
    while (n < 0 && errno == EINTR);
    close(fd);
    if (n < 0)
        return -1;
    buf[n] = '\0';
    return n;
}

int contention_parse_stat(const char *text, int64_t *steal_ticks)
{
    if (text == NULL || strncmp(text, "cpu ", 4) != 0)
        return -1;
    const char *eol = strchr(text, '\n');
    const char *limit = eol != NULL ? eol : text + strlen(text);
    const char *p = text + 4;
    long long x = 0;
    for (int field = 1; field <= 8; field++) { /* user nice system idle iowait irq softirq steal */
        char *end;
        errno = 0;
        x = strtoll(p, &end, 10);
        if (end == p || end > limit || errno != 0 || x < 0)
            return -1;
        p = end;
    }
    *steal_ticks = x;
    return 0;
}

int contention_parse_psi(const char *text, int64_t *some_total_us)
{
    if (text == NULL || strncmp(text, "some ", 5) != 0)
        return -1;
    const char *eol = strchr(text, '\n');
    const char *t = strstr(text, " total=");
    if (t == NULL || (eol != NULL && t > eol))
        return -1;
    char *end;
    errno = 0;
    long long v = strtoll(t + 7, &end, 10);
    if (end == t + 7 || errno != 0 || v < 0)
        return -1;
    *some_total_us = v;
    return 0;
}

void contention_read(struct machine_reading *m)
{
    char buf[512];
    *m = (struct machine_reading){0};
    /* The `cpu` line comes first; 512 bytes hold it whatever the counts. */
    m->have_steal = read_start("/proc/stat", buf, sizeof buf) > 0 &&
                    contention_parse_stat(buf, &m->steal_ticks) == 0;
    m->have_psi = read_start("/proc/pressure/cpu", buf, sizeof buf) > 0 &&
                  contention_parse_psi(buf, &m->psi_some_us) == 0;
    double load[1];
    m->have_loadavg = getloadavg(load, 1) == 1;
    m->loadavg_1m = m->have_loadavg ? load[0] : 0;
    m->at_s = clock_monotonic_s();
}

bool contention_psi_available(void)
{
    char buf[512];
    int64_t v;
    return read_start("/proc/pressure/cpu", buf, sizeof buf) > 0 &&
           contention_parse_psi(buf, &v) == 0;
}

double contention_slice_s(long cpus)
{
    long c = cpus < 1 ? 1 : cpus > 8 ? 8 : cpus;
    int log2 = 0;
    while ((c >>= 1) > 0)
        log2++;
    return CONTENTION_SLICE_BASE_S * (1 + log2);
}

void contention_baseline(const double *rates_per_s, size_t n, struct nivcsw_baseline *out)
{
    struct summary s;
    out->n = 0;
    out->median_per_s = out->mad_per_s = out->mean_per_s = NAN;
    if (n > 0 && stats_summarize(rates_per_s, n, &s) == 0) {
        out->n = n;
        out->median_per_s = s.median;
        out->mad_per_s = s.mad;
        out->mean_per_s = s.mean;
    }
}

double contention_poisson_quantile(double lambda, double p)
{
    if (!(lambda > 0))
        return 0;
    if (lambda > 1000) /* z_0.999; other p use the same tail, a few counts either way */
        return ceil(lambda + 3.090 * sqrt(lambda));
    double log_pmf = -lambda, cdf = exp(log_pmf);
    double k = 0;
    while (cdf < p && k < 10 * lambda + 100) {
        k += 1;
        log_pmf += log(lambda) - log(k);
        cdf += exp(log_pmf);
    }
    return k;
}

/* True when nivcsw involuntary switches in wall_s seconds are preemption by neighbours by the
 * rule in contention.h. */
static bool preempted(double wall_s, double nivcsw, const struct nivcsw_baseline *base,
                      double slice_s)
{
    if (!(wall_s > 0))
        return false;
    if (base == NULL || base->n < CONTENTION_BASELINE_MIN_RUNS || isnan(base->median_per_s))
        return false; /* no baseline: a count alone is not judged */
    double m = base->median_per_s, spread = base->mad_per_s;
    if (spread < CONTENTION_NIVCSW_FLOOR * m)
        spread = CONTENTION_NIVCSW_FLOOR * m;
    double excess = nivcsw - m * wall_s; /* switches beyond the cell's usual rate */
    double rate = !isnan(base->mean_per_s) && base->mean_per_s > m ? base->mean_per_s : m;
    return nivcsw / wall_s > m + CONTENTION_NIVCSW_K * spread &&
           excess * slice_s / wall_s > CONTENTION_PREEMPT_SHARE &&
           nivcsw > contention_poisson_quantile(rate * wall_s, CONTENTION_NIVCSW_QUANTILE);
}

void contention_judge(const struct machine_reading *before, const struct machine_reading *after,
                      double wall_s, int64_t nivcsw, const struct nivcsw_baseline *base,
                      struct contention *out)
{
    static long ticks_per_s, cpus;
    if (ticks_per_s == 0) {
        ticks_per_s = sysconf(_SC_CLK_TCK);
        cpus = sysconf(_SC_NPROCESSORS_ONLN);
    }
    out->steal_share = NAN;
    out->psi_cpu_share = NAN;
    out->loadavg_1m = before->have_loadavg ? before->loadavg_1m : NAN;
    /* The machine's counters grow over the whole window between the two readings, which holds
     * the run and the spawner's round trip: divide by that window when it is known, so that a
     * share never exceeds 1; by the run's wall time otherwise. */
    double window_s =
        after->at_s > before->at_s && before->at_s > 0 ? after->at_s - before->at_s : wall_s;
    if (window_s < wall_s)
        window_s = wall_s;
    if (window_s > 0 && before->have_steal && after->have_steal && ticks_per_s > 0 && cpus > 0)
        out->steal_share = (double)(after->steal_ticks - before->steal_ticks) /
                           (double)ticks_per_s / (window_s * (double)cpus);
    if (window_s > 0 && before->have_psi && after->have_psi)
        out->psi_cpu_share = (double)(after->psi_some_us - before->psi_some_us) / 1e6 / window_s;
    out->contaminated =
        (!isnan(out->steal_share) && out->steal_share > CONTENTION_MAX_STEAL_SHARE) ||
        (!isnan(out->psi_cpu_share) && window_s >= CONTENTION_PSI_MIN_WINDOW_S &&
         out->psi_cpu_share > CONTENTION_MAX_PSI_SHARE) ||
        preempted(wall_s, (double)nivcsw, base, contention_slice_s(cpus));
}
