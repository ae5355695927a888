/*
 * test_mock_llm_load.c - the mock LLM server under 1 000 concurrent clients (issue 12): one
 * well-behaved client making sequential completion requests, and 999 abusive ones at once
 * (tests/helpers/mock_llm_load.c): 200 with 20 KiB header sections, 200 with oversize bodies
 * (declared or chunked), 250 slow-loris clients dribbling a request head byte by byte, 250 that
 * connect and stay idle, 99 that disconnect mid-request; the server runs with --latency-ms 5,
 * --timeout-s 2 and --max-connections 500, so about half of them meet the cap. Checked:
 *   - every reply of the well-behaved client was 200 with its task's answer;
 *   - every abusive client got its documented answer: 431, 413, 408, a close without answer
 *     (idle), or 503 with Retry-After when the server was full; nothing else;
 *   - the server's stats count exactly what the clients saw (rejected 431/413/408/503,
 *     idle_closed, aborted_requests), and never more connections open than the cap;
 *   - the delay the server added beyond 5 ms (its own measure, over the well-behaved client's
 *     requests) has p99 <= MAX_P99_MS, 100 ms: a bound for a shared machine, not the 2 ms
 *     target of an idle one. On this 2-core machine idle (load average 0.3, 2026-12-05) six
 *     runs gave p99 1.01 to 1.25 ms (max 3.9 to 5.2 ms): the target holds; shared by other
 *     builds (load average 8.6) three runs gave p99 12, 16 and 28 ms, and one run 210 ms at
 *     load 8.9 while other tests ran beside it: ctest runs this test alone (RUN_SERIAL).
 * Needs 2 x 1 100 descriptors: skipped (exit 77) when RLIMIT_NOFILE's hard limit is lower.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "measure/process.h"
#include "mock_llm_server.h"
#include "versus_test.h"

#define CAP 500
#define N_HEADERS 200
#define N_BODIES 200
#define N_SLOW 250
#define N_IDLE 250
#define N_ABORT 99
#define MAX_P99_MS 100.0

static json_int_t at(json_t *doc, const char *path)
{
    /* path: "a.b.c" through objects */
    char copy[128];
    snprintf(copy, sizeof copy, "%s", path);
    json_t *v = doc;
    for (char *save = NULL, *key = strtok_r(copy, ".", &save); key != NULL;
         key = strtok_r(NULL, ".", &save))
        v = json_object_get(v, key);
    return json_integer_value(v); /* 0 when absent */
}

/* A kind's clients all got `expected` or 503, nothing else; returns how many got `expected`. */
static json_int_t only(json_t *clients, const char *kind, const char *expected, int n)
{
    json_t *o = json_object_get(clients, kind);
    ck_assert_msg(o != NULL, "no %s clients", kind);
    const char *key;
    json_t *v;
    json_int_t got = 0;
    json_object_foreach(o, key, v)
    {
        if (strcmp(key, "n") == 0)
            ck_assert_int_eq(json_integer_value(v), n);
        else
            ck_assert_msg(strcmp(key, expected) == 0 || strcmp(key, "503") == 0,
                          "%s clients got %s (%lld times)", kind, key,
                          (long long)json_integer_value(v));
    }
    got = json_integer_value(json_object_get(o, expected));
    ck_assert_int_eq(got + json_integer_value(json_object_get(o, "503")), n);
    return got;
}

START_TEST(test_thousand_clients_with_abusive_ones)
{
    char cap[16];
    snprintf(cap, sizeof cap, "%d", CAP);
    int port = 0;
    pid_t server = vt_start_mock_llm(VT_ARGS("--quiet", "--latency-ms", "5", "--timeout-s", "2",
                                             "--max-connections", cap, "--calls", "1"),
                                     &port);
    char port_s[16], h[16], b[16], s[16], i[16], a[16];
    snprintf(port_s, sizeof port_s, "%d", port);
    snprintf(h, sizeof h, "%d", N_HEADERS);
    snprintf(b, sizeof b, "%d", N_BODIES);
    snprintf(s, sizeof s, "%d", N_SLOW);
    snprintf(i, sizeof i, "%d", N_IDLE);
    snprintf(a, sizeof a, "%d", N_ABORT);
    char *argv[] = {VERSUS_HELPERS_DIR "/mock_llm_load", port_s, h, b, s, i, a, NULL};
    char *out = NULL, *err_text = NULL;
    struct verr err;
    int rc = process_capture(argv, NULL, 1 << 20, &out, &err_text, &err);
    vt_stop_mock_llm(server);
    ck_assert_msg(rc == 0, "mock_llm_load exited %d: %s", rc, err_text ? err_text : err.msg);
    json_error_t jerr;
    json_t *doc = json_loads(out, 0, &jerr);
    ck_assert_msg(doc != NULL, "not JSON (%s): %.200s", jerr.text, out);
    printf("mock_llm_load: %s\n", out); /* the figures, for the log */

    json_int_t requests = at(doc, "good.requests");
    ck_assert_int_ge(requests, 10);
    ck_assert_int_eq(at(doc, "good.ok"), requests);
    ck_assert_int_eq(at(doc, "good.wrong"), 0);

    json_t *clients = json_object_get(doc, "clients");
    json_int_t got431 = only(clients, "headers", "431", N_HEADERS);
    json_int_t got413 = only(clients, "bodies", "413", N_BODIES);
    json_int_t got408 = only(clients, "slow", "408", N_SLOW);
    json_int_t silent = only(clients, "idle", "closed_silently", N_IDLE);
    ck_assert_int_eq(at(doc, "clients.abort.aborted"), N_ABORT);
    json_int_t seen503 =
        (N_HEADERS - got431) + (N_BODIES - got413) + (N_SLOW - got408) + (N_IDLE - silent);
    ck_assert_msg(got431 > 0 && got413 > 0 && got408 > 0 && silent > 0 && seen503 > 0,
                  "every answer should occur: 431 %lld, 413 %lld, 408 %lld, idle %lld, 503 %lld",
                  (long long)got431, (long long)got413, (long long)got408, (long long)silent,
                  (long long)seen503);

    ck_assert_int_eq(at(doc, "server.rejected.431"), got431);
    ck_assert_int_eq(at(doc, "server.rejected.413"), got413);
    ck_assert_int_eq(at(doc, "server.rejected.408"), got408);
    ck_assert_int_eq(at(doc, "server.rejected.400"), 0);
    ck_assert_int_eq(at(doc, "server.idle_closed"), silent);
    /* an aborting client closes without reading: a 503 it got is counted by the server only */
    ck_assert_int_eq(at(doc, "server.rejected.503"),
                     seen503 + (N_ABORT - at(doc, "server.aborted_requests")));
    ck_assert_int_le(at(doc, "server.max_connections_open"), CAP);
    ck_assert_int_eq(at(doc, "server.connection_cap"), CAP);
    ck_assert_int_eq(at(doc, "server.completions"), requests);

    json_t *delay = json_object_get(json_object_get(doc, "server"), "added_delay_ms");
    ck_assert_int_eq(json_integer_value(json_object_get(delay, "n")), requests);
    double p99 = json_real_value(json_object_get(delay, "p99"));
    ck_assert_msg(p99 >= 0 && p99 <= MAX_P99_MS, "added delay p99 %.3f ms", p99);
    json_decref(doc);
    free(out);
    free(err_text);
}
END_TEST

int main(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < 1100))
        return vt_skip_program("test_mock_llm_load",
                               "RLIMIT_NOFILE's hard limit is below the 1 100 descriptors "
                               "each side of 1 000 connections needs");
    if (rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    Suite *suite = suite_create("mock_llm_load");
    TCase *tc = tcase_create("load");
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, test_thousand_clients_with_abusive_ones);
    suite_add_tcase(suite, tc);
    return vt_run_suite(suite, "test_mock_llm_load", NULL);
}
