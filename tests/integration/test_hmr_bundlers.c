/*
 * test_hmr_bundlers.c - the hmr workload end to end with the real tools: `versus run --workload
 * hmr --profile quick` (50 generated components, 3 edits, one run) with the webpack and
 * turbopack runners (Next.js's dev server with either bundler, runners/next). Both cells must
 * be verified, the reference output must say what the page shows after the last edit (50
 * sections, versus-edit-3, 3 edits), and each run's metrics must be sane: one hmr_s per edit,
 * each above 0 and below the driver's per-step limit, a cold start after the server's ready
 * line. Reported as skipped (exit 77) when runners/next/node_modules is not installed (`versus
 * list --build` runs npm ci there) or chromium is missing; failed instead under
 * VERSUS_REQUIRE_ALL_TESTS=1 (versus_test.h), as scripts/test.sh runs it.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "measure/process.h"
#include "util/fsutil.h"
#include "versus_test.h"

#define EDITS 3
#define COMPONENTS 50

static json_t *doc;

/* The values of metric name in sample s, failing when absent: an array when the run wrote the
 * name several times, a number when once (FORMAT.md). */
static const json_t *metric(const json_t *s, const char *runner, const char *name)
{
    const json_t *v = json_object_get(json_object_get(s, "metrics"), name);
    ck_assert_msg((json_is_array(v) && json_array_size(v) > 0) || json_is_number(v), "%s: no %s",
                  runner, name);
    return v;
}

/* The single value of metric name in sample s. */
static double metric_one(const json_t *s, const char *runner, const char *name)
{
    const json_t *v = metric(s, runner, name);
    ck_assert_msg(json_is_number(v), "%s: %s written more than once", runner, name);
    return json_number_value(v);
}

static const json_t *cell_of(const char *runner)
{
    size_t i;
    const json_t *cell;
    json_array_foreach(json_object_get(doc, "cells"), i, cell)
    {
        if (strcmp(json_string_value(json_object_get(cell, "runner")), runner) == 0)
            return cell;
    }
    return NULL;
}

static const char *const RUNNERS[] = {"webpack", "turbopack"};

START_TEST(bundler_updates_the_page_for_every_edit)
{
    const char *runner = RUNNERS[_i];
    const json_t *cell = cell_of(runner);
    ck_assert_msg(cell != NULL, "%s: no cell", runner);
    ck_assert_msg(strcmp(json_string_value(json_object_get(cell, "verdict")), "verified") == 0,
                  "%s: %s (%s)", runner, json_string_value(json_object_get(cell, "verdict")),
                  json_string_value(json_object_get(cell, "reason")));
    const char *ref = json_string_value(json_object_get(cell, "reference_output"));
    ck_assert_msg(ref != NULL && strstr(ref, "components=50 leaf=versus-edit-3 edits=3 ") == ref,
                  "%s: reference output '%s'", runner, ref ? ref : "(null)");
    const json_t *samples = json_object_get(cell, "samples");
    ck_assert_uint_eq(json_array_size(samples), 1);
    const json_t *s = json_array_get(samples, 0);
    ck_assert_int_eq(json_integer_value(json_object_get(s, "exit")), 0);
    const json_t *hmr = metric(s, runner, "hmr_s");
    ck_assert_msg(json_is_array(hmr) && json_array_size(hmr) == EDITS, "%s: %zu hmr_s for %d edits",
                  runner, json_array_size(hmr), EDITS);
    size_t k;
    const json_t *v;
    json_array_foreach(hmr, k, v)
    {
        double x = json_number_value(v);
        ck_assert_msg(x > 0.0 && x < 180.0, "%s: edit %zu took %.3f s", runner, k + 1, x);
    }
    double ready = metric_one(s, runner, "ready_s");
    double cold = metric_one(s, runner, "cold_start_s");
    double wall = json_number_value(json_object_get(s, "wall_s"));
    ck_assert_msg(ready > 0.0 && cold > ready && cold < wall,
                  "%s: ready %.3f s, cold start %.3f s, wall %.3f s", runner, ready, cold, wall);
}
END_TEST

int main(void)
{
    char probe[4200];
    snprintf(probe, sizeof probe, "%s/runners/next/node_modules/next/package.json",
             VERSUS_SOURCE_DIR);
    if (access(probe, R_OK) != 0)
        return vt_skip_program("test_hmr_bundlers",
                               "runners/next/node_modules is not installed (versus list --build)");
    doc = vt_main_run_versus_doc("test_hmr_bundlers",
                                 VT_ARGS("run", "--workload", "hmr", "--profile", "quick", "--runs",
                                         "1", "--warmup", "0", "--runner", "webpack,turbopack"));
    if (doc == NULL)
        return EXIT_FAILURE;
    /* Skipped cells: a runner not available here (chromium or node missing). */
    const json_t *w = cell_of("webpack");
    if (w != NULL && strcmp(json_string_value(json_object_get(w, "verdict")), "skipped") == 0) {
        char why[600];
        snprintf(why, sizeof why, "the hmr runners are not available here: %s",
                 json_string_value(json_object_get(w, "reason")));
        json_decref(doc);
        return vt_skip_program("test_hmr_bundlers", why);
    }
    Suite *s = suite_create("hmr-bundlers");
    TCase *tc = tcase_create("quick");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, bundler_updates_the_page_for_every_edit, 0, 2);
    suite_add_tcase(s, tc);
    int rc_suite = vt_run_suite(s, "test_hmr_bundlers", "");
    json_decref(doc);
    return rc_suite;
}
