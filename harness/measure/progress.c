/*
 * progress.c - progress reporting on stderr (see progress.h).
 */
#include "measure/progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/textfmt.h"

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void progress_init(struct progress *p, bool enabled)
{
    memset(p, 0, sizeof *p);
    p->enabled = enabled;
    p->tty = isatty(STDERR_FILENO) == 1;
    p->start_s = now_s();
}

void progress_plan(struct progress *p, size_t planned_runs)
{
    p->planned = planned_runs;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of the recent run times, or -1 when there are none. */
static double recent_median(const struct progress *p)
{
    size_t n = p->n_recent < PROGRESS_RECENT_RUNS ? p->n_recent : PROGRESS_RECENT_RUNS;
    if (n == 0)
        return -1;
    double sorted[PROGRESS_RECENT_RUNS];
    memcpy(sorted, p->recent, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp_double);
    return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

static void clock_text(double s, char *out, size_t len)
{
    long t = (long)(s + 0.5);
    if (t >= 3600)
        snprintf(out, len, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(out, len, "%ld:%02ld", t / 60, t % 60);
}

static void clear_line(struct progress *p)
{
    if (p->line_open) {
        fputs("\r\033[K", stderr);
        p->line_open = false;
    }
}

void progress_run(struct progress *p, size_t cell, size_t cells, int run, int runs, bool warmup,
                  const char *label, const char *context, double last_wall_s)
{
    if (last_wall_s >= 0)
        p->recent[p->n_recent++ % PROGRESS_RECENT_RUNS] = last_wall_s;
    p->done++;
    if (!p->enabled || !p->tty)
        return;
    char t[32] = "", elapsed[32], eta[32] = "?", bar[64] = "";
    if (last_wall_s >= 0)
        textfmt_duration(last_wall_s, t, sizeof t);
    clock_text(now_s() - p->start_s, elapsed, sizeof elapsed);
    double med = recent_median(p);
    if (med >= 0 && p->planned >= p->done)
        clock_text(med * (double)(p->planned - p->done + 1), eta, sizeof eta);
    if (p->planned > 0) {
        size_t width = 20,
               full = p->done >= p->planned ? width : width * (p->done - 1) / p->planned;
        size_t used = 0;
        for (size_t i = 0; i < width; i++)
            used += (size_t)snprintf(bar + used, sizeof bar - used, "%s", i < full ? "#" : "-");
    }
    clear_line(p);
    fprintf(stderr, "[%s] %zu/%zu runs %s elapsed, ETA %s | [cell %zu/%zu] %s %d/%d %.30s %s%s%s",
            bar, p->done - 1, p->planned, elapsed, eta, cell, cells, warmup ? "warmup" : "run", run,
            runs, label, context, *t ? "  last " : "", t);
    fflush(stderr);
    p->line_open = true;
}

void progress_group(struct progress *p, size_t group, size_t groups, const char *context,
                    size_t cells, int rounds)
{
    if (!p->enabled)
        return;
    clear_line(p);
    fprintf(stderr, "[group %zu/%zu] %s: %zu runners, %d rounds\n", group, groups, context, cells,
            rounds);
    fflush(stderr);
}

void progress_cell_done(struct progress *p, size_t cell, size_t cells, const char *label,
                        const char *context, const char *verdict)
{
    if (!p->enabled)
        return;
    clear_line(p);
    fprintf(stderr, "[cell %zu/%zu] %-14s %s: %s\n", cell, cells, label, context, verdict);
    fflush(stderr);
}

void progress_message(struct progress *p, const char *text)
{
    clear_line(p);
    fprintf(stderr, "%s\n", text);
}

void progress_finish(struct progress *p)
{
    clear_line(p);
    fflush(stderr);
}
