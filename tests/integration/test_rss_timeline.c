/*
 * test_rss_timeline.c - integration tests of the memory timeline (measure/rss_tree.c,
 * measure/rss_timeline.c, through process.c and `versus cmd`): helpers whose memory is known
 * (tests/helpers/grow_mib.c grows 1 MiB per step; fork_touch.c forks a worker that touches
 * N MiB and is never waited for) against what the timeline says, with generous bounds.
 */
#include <check.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measure/process.h"
#include "versus_test.h"

#define HELPER(name) VERSUS_HELPERS_DIR "/" name
#define MIB (1024.0 * 1024.0)

static void run_timed(char *const *argv, double interval_s, struct run_outcome *o)
{
    struct run_spec spec = {
        .argv = argv, .timeout_s = 60, .keep_stdout_bytes = 64, .rss_interval_s = interval_s};
    struct verr err;
    ck_assert_msg(process_run(&spec, o, &err) == 0, "%s", err.msg);
    ck_assert_msg(o->exit_code == 0, "%s: exit %d: %s", argv[0], o->exit_code, o->stderr_tail);
}

/* 50 MiB at 1 MiB per 10 ms: 100 MiB/s, 6000 MiB per minute, for 0.5 s. */
START_TEST(a_linear_grower_gives_its_slope_and_peak)
{
    char *argv[] = {HELPER("grow_mib"), "50", "10", NULL};
    struct run_outcome o;
    run_timed(argv, 0.01, &o);
    ck_assert_str_eq(o.stdout_head, "grew 50\n");
    double slope = rss_timeline_growth_mib_per_min(&o.rss);
    double peak = (double)rss_timeline_tree_peak(&o.rss, o.max_rss_bytes) / MIB;
    fprintf(stderr,
            "grow_mib 50 10: %zu readings, slope %.0f MiB/min (truth 6000), peak %.1f MiB\n",
            o.rss.n, slope, peak);
    ck_assert_msg(o.rss.n >= 5, "%zu readings in 0.5 s at 10 ms (or slower: 1 %% of a CPU)",
                  o.rss.n);
    ck_assert_double_eq(o.rss.interval_s, 0.01);
    for (size_t i = 1; i < o.rss.n; i++)
        ck_assert_msg(o.rss.t_s[i] > o.rss.t_s[i - 1], "readings out of order at %zu", i);
    /* A reading taken after the exit, before the reap, would read a zombie's 0 bytes. */
    for (size_t i = 0; i < o.rss.n; i++)
        ck_assert_msg(o.rss.bytes[i] > 0, "reading %zu of %zu is 0 bytes", i, o.rss.n);
    ck_assert_msg(slope >= 3000 && slope <= 9000, "slope %.0f MiB/min, truth 6000", slope);
    ck_assert_msg(peak >= 50 && peak <= 60, "tree peak %.1f MiB for 50 MiB touched", peak);
    run_outcome_clear(&o);
}
END_TEST

/* Flat memory: a program that only sleeps grows by about nothing. The bound is on the growth
 * over the run (slope x duration: under 256 KiB, a few dozen pages of libc and stack), not on
 * the slope itself: over the 200 ms half a slope is fitted to, one page more reads as
 * 1.2 MiB/min. */
START_TEST(a_sleeper_grows_by_nothing)
{
    char *argv[] = {HELPER("sleep_ms"), "400", NULL};
    struct run_outcome o;
    run_timed(argv, 0.01, &o);
    double slope = rss_timeline_growth_mib_per_min(&o.rss);
    fprintf(stderr, "sleep_ms 400: %zu readings, slope %.2f MiB/min\n", o.rss.n, slope);
    double grown_mib = fabs(slope) * 0.4 / 60;
    ck_assert_msg(grown_mib < 0.25, "slope %.2f MiB/min for a sleeper: %.3f MiB over its 0.4 s",
                  slope, grown_mib);
    run_outcome_clear(&o);
}
END_TEST

START_TEST(a_forked_worker_counts_in_the_tree_peak_but_not_in_the_parents_peak)
{
    char *argv[] = {HELPER("fork_touch"), "64", "400", NULL};
    struct run_outcome o;
    run_timed(argv, 0.02, &o);
    ck_assert_str_eq(o.stdout_head, "forked 64\n");
    double peak = (double)rss_timeline_tree_peak(&o.rss, o.max_rss_bytes) / MIB;
    double own = (double)o.max_rss_bytes / MIB;
    fprintf(stderr, "fork_touch 64: tree peak %.1f MiB, ru_maxrss %.1f MiB\n", peak, own);
    ck_assert_msg(peak >= 64, "tree peak %.1f MiB with a 64 MiB worker", peak);
    ck_assert_msg(own < 16, "the parent's ru_maxrss %.1f MiB", own);
    run_outcome_clear(&o);
}
END_TEST

START_TEST(no_interval_means_no_timeline)
{
    char *argv[] = {HELPER("grow_mib"), "5", "10", NULL};
    struct run_outcome o;
    run_timed(argv, 0, &o);
    ck_assert_uint_eq(o.rss.n, 0);
    ck_assert_int_eq(rss_timeline_tree_peak(&o.rss, o.max_rss_bytes), -1);
    run_outcome_clear(&o);
}
END_TEST

START_TEST(the_series_and_its_summaries_are_in_the_result_document)
{
    char *dir = vt_new_tmpdir("rss_timeline_doc");
    char json[4096];
    snprintf(json, sizeof json, "%s/r.json", dir);
    const char *args[] = {"cmd",
                          "--runs",
                          "2",
                          "--rss-interval",
                          "10",
                          "--json",
                          json,
                          "--",
                          HELPER("grow_mib") " 30 80", /* 2.4 s: long enough for a growth */
                          NULL};
    char *out = NULL, *err = NULL;
    int rc = vt_run_versus_args(&out, &err, args);
    ck_assert_msg(rc == 0, "versus cmd: %d: %s", rc, err);
    json_error_t je;
    json_t *doc = json_load_file(json, 0, &je);
    ck_assert_msg(doc != NULL, "%s", je.text);
    json_t *cell = json_array_get(json_object_get(doc, "cells"), 0);
    json_t *s = json_array_get(json_object_get(cell, "samples"), 0);
    json_t *tl = json_object_get(s, "rss_timeline");
    ck_assert_double_eq(json_real_value(json_object_get(tl, "interval_s")), 0.01);
    json_t *points = json_object_get(tl, "points");
    ck_assert_msg(json_array_size(points) >= 5, "%zu points", json_array_size(points));
    json_t *last = json_array_get(points, json_array_size(points) - 1);
    ck_assert(json_is_real(json_array_get(last, 0)) && json_is_integer(json_array_get(last, 1)));
    ck_assert_int_ge(json_integer_value(json_object_get(s, "tree_peak_rss_bytes")), 30 << 20);
    /* 30 MiB in 2.4 s: 750 MiB/min (a sample records a slope only for runs of 2 s or more,
     * measure/rss_timeline.h; the unit test checks that shorter ones record none) */
    double growth = json_real_value(json_object_get(s, "rss_growth_mib_per_min"));
    ck_assert_msg(growth > 375 && growth < 1500, "growth %.0f MiB/min, truth 750", growth);
    json_t *sum = json_object_get(cell, "summary");
    ck_assert_int_eq(
        json_integer_value(json_object_get(json_object_get(sum, "tree_peak_rss_bytes"), "n")), 2);
    ck_assert(json_object_get(sum, "rss_growth_mib_per_min") != NULL);
    json_decref(doc);
    free(out);
    free(err);
    vt_free_tmpdir(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rss_timeline");
    TCase *t = tcase_create("timeline");
    tcase_set_timeout(t, 120);
    tcase_add_test(t, a_linear_grower_gives_its_slope_and_peak);
    tcase_add_test(t, a_sleeper_grows_by_nothing);
    tcase_add_test(t, a_forked_worker_counts_in_the_tree_peak_but_not_in_the_parents_peak);
    tcase_add_test(t, no_interval_means_no_timeline);
    tcase_add_test(t, the_series_and_its_summaries_are_in_the_result_document);
    suite_add_tcase(s, t);
    return vt_run_suite(s, "test_rss_timeline", NULL);
}
