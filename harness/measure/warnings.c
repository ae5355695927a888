/*
 * warnings.c - hyperfine's warnings about a command's runs, founded on Tukey's fences and a
 * measured floor (see warnings.h).
 */
#include "measure/warnings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measure/process.h"
#include "util/stats.h"
#include "util/textfmt.h"

/* Runs of `true` behind the floor. */
#define FLOOR_RUNS 7
/* Tukey's outer fences are this many interquartile ranges beyond the quartiles. */
#define FAR_OUT_IQR 3.0
/* Fewer runs than this give quartiles too rough to call anything an outlier. */
#define MIN_RUNS_FOR_FENCES 5

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The outer fences of n sorted values. */
static void fences(const double *sorted, size_t n, double *low, double *high)
{
    double q1 = stats_quantile_sorted(sorted, n, 0.25);
    double q3 = stats_quantile_sorted(sorted, n, 0.75);
    *low = q1 - FAR_OUT_IQR * (q3 - q1);
    *high = q3 + FAR_OUT_IQR * (q3 - q1);
}

static void add(json_t *list, const char *kind, const char *message, json_t *figures)
{
    json_t *w = json_pack("{s:s, s:s}", "kind", kind, "message", message);
    json_object_update(w, figures);
    json_decref(figures);
    json_array_append_new(list, w);
}

double warnings_spawn_floor_s(void)
{
    static double floor_s = 0; /* 0: not measured yet */
    if (floor_s != 0)
        return floor_s;
    floor_s = -1;
    struct verr err;
    char *exe = process_resolve_exe("true", &err);
    if (exe == NULL)
        return floor_s;
    char *argv[] = {exe, NULL};
    double walls[FLOOR_RUNS];
    size_t n = 0;
    for (int i = 0; i < FLOOR_RUNS; i++) {
        struct run_spec spec = {.argv = argv};
        struct run_outcome out;
        if (process_run(&spec, &out, &err) == 0 && out.exit_code == 0)
            walls[n++] = out.wall_s;
        run_outcome_clear(&out);
    }
    free(exe);
    if (n > 0) {
        qsort(walls, n, sizeof *walls, cmp_double);
        floor_s = stats_quantile_sorted(walls, n, 0.5);
    }
    return floor_s;
}

static void outliers(json_t *list, const double *walls, size_t n)
{
    double *sorted = malloc(n * sizeof *sorted);
    if (sorted == NULL)
        return;
    memcpy(sorted, walls, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp_double);
    double low, high;
    fences(sorted, n, &low, &high);
    /* The first run against the others' fences. */
    double rest_low, rest_high;
    qsort(memcpy(sorted, walls + 1, (n - 1) * sizeof *sorted), n - 1, sizeof *sorted, cmp_double);
    fences(sorted, n - 1, &rest_low, &rest_high);
    free(sorted);
    char msg[512], a[32], b[32];
    if (walls[0] > rest_high) {
        textfmt_duration(walls[0], a, sizeof a);
        textfmt_duration(rest_high, b, sizeof b);
        snprintf(msg, sizeof msg,
                 "the first run (%s) was slower than every fence of the others (Q3 + 3 IQR = %s): "
                 "a cache it filled? Try --warmup or --prepare",
                 a, b);
        add(list, "slow_first", msg,
            json_pack("{s:f, s:f}", "first_wall_s", walls[0], "fence_s", rest_high));
    }
    size_t far = 0;
    for (size_t i = walls[0] > rest_high ? 1 : 0; i < n; i++)
        far += walls[i] < low || walls[i] > high;
    if (far > 0) {
        textfmt_duration(low > 0 ? low : 0, a, sizeof a);
        textfmt_duration(high, b, sizeof b);
        snprintf(msg, sizeof msg,
                 "%zu of %zu runs lie beyond Tukey's outer fences (%s, %s): the machine was "
                 "disturbed; the median stands, the mean and stddev do not",
                 far, n, a, b);
        add(list, "outliers", msg,
            json_pack("{s:I, s:I, s:f, s:f}", "outliers", (json_int_t)far, "runs", (json_int_t)n,
                      "fence_low_s", low, "fence_high_s", high));
    }
}

json_t *warnings_of_cell(const struct cell *c, bool ignore_failure)
{
    json_t *list = json_array();
    double *walls = malloc((c->n_samples + 1) * sizeof *walls);
    size_t n = 0, nonzero = 0;
    for (size_t i = 0; walls != NULL && i < c->n_samples; i++) {
        const struct sample *s = &c->samples[i];
        if (s->warmup)
            continue;
        walls[n++] = s->wall_s;
        nonzero += s->exit_code != 0;
    }
    char msg[512];
    if (n >= MIN_RUNS_FOR_FENCES && c->verdict != VERDICT_FAILED)
        outliers(list, walls, n);
    if (n > 0 && c->verdict != VERDICT_FAILED) {
        double *sorted = malloc(n * sizeof *sorted);
        if (sorted != NULL) {
            qsort(memcpy(sorted, walls, n * sizeof *sorted), n, sizeof *sorted, cmp_double);
            double median = stats_quantile_sorted(sorted, n, 0.5);
            free(sorted);
            if (median < WARNINGS_FAST_S) {
                double floor_s = warnings_spawn_floor_s();
                char m[32], f[32] = "?";
                textfmt_duration(median, m, sizeof m);
                if (floor_s > 0)
                    textfmt_duration(floor_s, f, sizeof f);
                snprintf(msg, sizeof msg,
                         "median %s is under 5 ms; starting a program that does nothing (true) "
                         "takes %s here, so the figure is mostly process start-up: measure more "
                         "work per run",
                         m, f);
                add(list, "too_fast", msg,
                    json_pack("{s:f, s:o}", "median_wall_s", median, "spawn_floor_s",
                              floor_s > 0 ? json_real(floor_s) : json_null()));
            }
        }
    }
    if (!ignore_failure && c->verdict == VERDICT_FAILED && c->reason != NULL &&
        strncmp(c->reason, "exit status ", 12) == 0) {
        snprintf(msg, sizeof msg, "it ended with %.*s; -i/--ignore-failure measures it anyway",
                 (int)strcspn(c->reason, ":"), c->reason);
        add(list, "exit_codes", msg, json_pack("{s:I}", "nonzero_exits", (json_int_t)nonzero));
    }
    if (ignore_failure && nonzero > 0) {
        snprintf(msg, sizeof msg,
                 "%zu of %zu runs exited non-zero (counted anyway: --ignore-failure)", nonzero, n);
        add(list, "exit_codes", msg,
            json_pack("{s:I, s:I}", "nonzero_exits", (json_int_t)nonzero, "runs", (json_int_t)n));
    }
    free(walls);
    return list;
}
