/*
 * test_agent_runners.c - every reference runner's agent loop against the real `versus mock-llm`.
 *
 * `versus run --workload agent --profile quick --runs 1 --warmup 0` with the runners c, python,
 * python-aiohttp, go, rust and rig: the harness starts the real mock server (harness/mock_llm)
 * for each case (c1: 10 tasks one at a time, c10: 20 tasks ten at a time, 2 calls of 100 ms
 * each), and this test reads the result document back and asserts, for every runner:
 *   - both cells verified (stdout equal to the C reference runner's answers);
 *   - the server's own count of each run: wrong_tool_results 0, malformed 0, requests = tasks x
 *     calls, completions = tasks (the conversation followed the script exactly);
 *   - one task_latency_s per task, none shorter than the 2 x 100 ms the server held the
 *     replies (less 5 %: clocks differ), none longer than 30 s.
 * The C runner is built with the tests and must be there; the others are built by
 * `versus list --build`: one that is not available here is reported as a skip (exit 77), or
 * fails the test under VERSUS_REQUIRE_ALL_TESTS=1 (versus_test.h).
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

#define RUNNERS "c,python,python-aiohttp,go,rust,rig"
#define CALLS 2
#define LATENCY_S 0.100

static const char *const NAMES[] = {"c", "python", "python-aiohttp", "go", "rust", "rig"};
#define N_NAMES (sizeof NAMES / sizeof NAMES[0])

static json_t *doc; /* the result document, read by main before the tests fork */

static json_int_t int_of(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    ck_assert_msg(json_is_integer(v), "%s is not an integer", key);
    return json_integer_value(v);
}

/* Checks one verified cell of runner: the server's counts and the task latencies of each run. */
static void check_cell(const char *runner, const json_t *cell)
{
    const json_t *params = json_object_get(cell, "parameters");
    const char *name = json_string_value(json_object_get(params, "name"));
    json_int_t tasks = int_of(params, "tasks");
    ck_assert_msg(strcmp(json_string_value(json_object_get(cell, "verdict")), "verified") == 0,
                  "%s %s: %s (%s)", runner, name,
                  json_string_value(json_object_get(cell, "verdict")),
                  json_string_value(json_object_get(cell, "reason")));
    ck_assert_int_eq(int_of(params, "calls"), CALLS);
    const json_t *samples = json_object_get(cell, "samples");
    ck_assert_uint_eq(json_array_size(samples), 1);
    size_t i;
    const json_t *s;
    json_array_foreach(samples, i, s)
    {
        ck_assert_int_eq(int_of(s, "exit"), 0);
        const json_t *server = json_object_get(s, "server");
        ck_assert_msg(json_is_object(server), "%s %s: no server statistics", runner, name);
        ck_assert_int_eq(int_of(server, "wrong_tool_results"), 0);
        ck_assert_int_eq(int_of(server, "malformed"), 0);
        ck_assert_int_eq(int_of(server, "requests"), tasks * CALLS);
        ck_assert_int_eq(int_of(server, "completions"), tasks);
        const json_t *lat = json_object_get(json_object_get(s, "metrics"), "task_latency_s");
        ck_assert_msg(json_array_size(lat) == (size_t)tasks,
                      "%s %s: %zu task latencies for %lld tasks", runner, name,
                      json_array_size(lat), (long long)tasks);
        size_t k;
        const json_t *v;
        json_array_foreach(lat, k, v)
        {
            double x = json_number_value(v);
            ck_assert_msg(x >= 0.95 * CALLS * LATENCY_S && x <= 30.0, "%s %s: task %zu took %.3f s",
                          runner, name, k, x);
        }
    }
}

START_TEST(runner_follows_the_script)
{
    const char *runner = NAMES[_i];
    size_t n = 0, i;
    const json_t *cell;
    json_array_foreach(json_object_get(doc, "cells"), i, cell)
    {
        if (strcmp(json_string_value(json_object_get(cell, "runner")), runner) != 0)
            continue;
        check_cell(runner, cell);
        n++;
    }
    ck_assert_msg(n == 2, "%s: %zu cells, expected c1 and c10", runner, n);
}
END_TEST

/* The verdict of runner's first cell in doc, or NULL when it has none. */
static const char *first_verdict(const char *runner)
{
    size_t i;
    const json_t *cell;
    json_array_foreach(json_object_get(doc, "cells"), i, cell)
    {
        if (strcmp(json_string_value(json_object_get(cell, "runner")), runner) == 0)
            return json_string_value(json_object_get(cell, "verdict"));
    }
    return NULL;
}

int main(void)
{
    doc = vt_main_run_versus_doc("test_agent_runners",
                                 VT_ARGS("run", "--workload", "agent", "--profile", "quick",
                                         "--runs", "1", "--warmup", "0", "--runner", RUNNERS));
    if (doc == NULL)
        return EXIT_FAILURE;

    /* A runner whose cells were skipped is not available here (not built, no venv). */
    char missing[512] = "";
    Suite *s = suite_create("agent-runners");
    TCase *tc = tcase_create("quick");
    tcase_set_timeout(tc, 120);
    for (size_t i = 0; i < N_NAMES; i++) {
        const char *v = first_verdict(NAMES[i]);
        if (i > 0 && v != NULL && strcmp(v, "skipped") == 0) {
            size_t used = strlen(missing);
            snprintf(missing + used, sizeof missing - used, "%s%s", used ? ", " : "", NAMES[i]);
            continue;
        }
        tcase_add_loop_test(tc, runner_follows_the_script, (int)i, (int)i + 1);
    }
    suite_add_tcase(s, tc);
    char why[600] = "";
    if (missing[0] != '\0')
        snprintf(why, sizeof why, "runners not available here: %s (versus list --build)", missing);
    int rc_suite = vt_run_suite(s, "test_agent_runners", why);
    json_decref(doc);
    return rc_suite;
}
