/*
 * warnings.c - hyperfine's warnings about a command's runs, founded on Tukey's fences and a
 * measured floor (see warnings.h).
 */
#include "measure/warnings.h"

#include <float.h>
#include <math.h>
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
/* hyperfine's OUTLIER_THRESHOLD (src/outlier_detection.rs): a modified Z-score,
 * (x - median) / MAD with the raw MAD, above 1.4826 x 10. */
#define SLOW_FIRST_ZSCORE (1.4826 * 10.0)
/* versus's floor under it: the first run must also exceed the median of the others by this
 * share of it and by this many seconds. hyperfine has none: with steady runs its MAD shrinks
 * to microseconds (and to its epsilon at 0), and it then warns about 0.1 ms. */
#define SLOW_FIRST_MIN_SHARE 0.10
#define SLOW_FIRST_MIN_S 0.001

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

/* The median of n values (n >= 1; any order; not modified), or NaN when out of memory. */
static double median_of(const double *xs, size_t n)
{
    double *sorted = malloc(n * sizeof *sorted);
    if (sorted == NULL)
        return NAN;
    qsort(memcpy(sorted, xs, n * sizeof *sorted), n, sizeof *sorted, cmp_double);
    double m = stats_quantile_sorted(sorted, n, 0.5);
    free(sorted);
    return m;
}

/* True when the first of n >= 2 wall times is to be called much slower than the rest:
 * hyperfine's rule (its modified Z-score among all n runs above SLOW_FIRST_ZSCORE), and the
 * floor above (by both SLOW_FIRST_MIN_SHARE and SLOW_FIRST_MIN_S over the others' median,
 * which goes to *rest_median). */
static bool slow_first(const double *walls, size_t n, double *rest_median)
{
    *rest_median = median_of(walls + 1, n - 1);
    double median = median_of(walls, n);
    double *dev = malloc(n * sizeof *dev);
    if (dev == NULL || isnan(median) || isnan(*rest_median)) {
        free(dev);
        return false;
    }
    for (size_t i = 0; i < n; i++)
        dev[i] = fabs(walls[i] - median);
    double mad = median_of(dev, n);
    free(dev);
    if (!(mad > 0))
        mad = DBL_EPSILON; /* as hyperfine does */
    double excess = walls[0] - *rest_median;
    return (walls[0] - median) / mad > SLOW_FIRST_ZSCORE &&
           excess >= SLOW_FIRST_MIN_SHARE * *rest_median && excess >= SLOW_FIRST_MIN_S;
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
    free(sorted);
    char msg[512], a[32], b[32];
    double rest_median;
    bool first_flagged = slow_first(walls, n, &rest_median);
    if (first_flagged) {
        textfmt_duration(walls[0], a, sizeof a);
        textfmt_duration(rest_median, b, sizeof b);
        snprintf(msg, sizeof msg,
                 "the first run (%s) was much slower than the others (median %s): a cache it "
                 "filled? Try --warmup or --prepare",
                 a, b);
        add(list, "slow_first", msg,
            json_pack("{s:f, s:f}", "first_wall_s", walls[0], "others_median_wall_s", rest_median));
    }
    size_t far = 0;
    for (size_t i = first_flagged ? 1 : 0; i < n; i++)
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
