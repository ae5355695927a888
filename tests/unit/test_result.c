/*
 * test_result.c - the versus/1 result document: its schema, what goes into summaries (only
 * measured samples of cells that did not fail), and the atomic write.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "measure/plan.h"
#include "result/result.h"
#include "util/argv_split.h"
#include "util/fsutil.h"
#include "versus_test.h"

static struct sample sample_of(bool warmup, double wall, int64_t rss)
{
    struct sample s = {0};
    s.warmup = warmup;
    s.wall_s = wall;
    s.user_s = wall / 2;
    s.sys_s = wall / 4;
    s.max_rss_bytes = rss;
    s.digest = 0x0123456789abcdefULL;
    s.stdout_bytes = 6;
    return s;
}

/* A plan of one group (no workload: like versus cmd) with a verified and a failed cell. */
static void make_plan(struct plan *p)
{
    memset(p, 0, sizeof *p);
    p->runs = 3;
    p->warmup = 1;
    size_t g = plan_add_group(p, NULL, NULL, "corpus", "/tmp/corpus.txt",
                              json_pack("{s:s, s:s}", "name", "literal", "pattern", "x"));
    char *a1[] = {"/bin/echo", "hello", NULL};
    size_t good = plan_add_cell(p, g, NULL, "good", argv_copy(a1), NULL, true);
    size_t bad = plan_add_cell(p, g, NULL, "bad", argv_copy(a1), NULL, false);
    struct sample s = sample_of(true, 9.0, 1 << 20); /* a warmup: must not count */
    plan_add_sample(p, good, &s);
    double walls[] = {0.3, 0.1, 0.2};
    for (int i = 0; i < 3; i++) {
        s = sample_of(false, walls[i], (int64_t)(i + 1) << 20);
        s.metrics = json_pack("{s:f}", "parse_s", walls[i] / 10);
        plan_add_sample(p, good, &s);
    }
    p->cells[good].verdict = VERDICT_VERIFIED;
    s = sample_of(false, 0.05, 1 << 20);
    s.signal = 11;
    s.exit_code = -1;
    plan_add_sample(p, bad, &s);
    p->cells[bad].verdict = VERDICT_FAILED;
    p->cells[bad].reason = strdup("killed by signal 11 (Segmentation fault)");
    p->groups[g].has_reference = true;
    p->groups[g].reference_known = true;
    p->groups[g].reference_digest = 0x0123456789abcdefULL;
    p->groups[g].reference_output = strdup("hello\n");
    p->groups[g].reference_output_len = 6;
    p->groups[g].reference_output_bytes = 6;
}

static json_t *build(struct plan *p)
{
    char *argv[] = {"versus", "run", NULL};
    json_t *settings = json_pack("{s:i}", "runs", 3);
    struct result_meta meta = {.argc = 2,
                               .argv = argv,
                               .env = NULL,
                               .settings = settings,
                               .created_at = "2026-11-21T00:00:00Z"};
    json_t *doc = result_build(p, &meta);
    json_decref(settings);
    return doc;
}

START_TEST(document_has_the_schema_fields)
{
    struct plan p;
    make_plan(&p);
    json_t *doc = build(&p);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "schema")), "versus/1");
    ck_assert_str_eq(json_string_value(json_object_get(doc, "created_at")), "2026-11-21T00:00:00Z");
    ck_assert_int_eq(json_array_size(json_object_get(doc, "command_line")), 2);
    json_t *env = json_object_get(doc, "env");
    ck_assert_ptr_nonnull(json_object_get(env, "loadavg_end"));
    ck_assert_ptr_nonnull(json_object_get(env, "runners"));
    json_t *cells = json_object_get(doc, "cells");
    ck_assert_int_eq(json_array_size(cells), 2);
    json_t *good = json_array_get(cells, 0);
    ck_assert_str_eq(json_string_value(json_object_get(good, "runner")), "good");
    ck_assert_str_eq(json_string_value(json_object_get(good, "verdict")), "verified");
    ck_assert_str_eq(json_string_value(json_object_get(good, "reference_digest")),
                     "0123456789abcdef");
    ck_assert_str_eq(json_string_value(json_object_get(good, "reference_output")), "hello\n");
    json_t *input = json_object_get(good, "input");
    ck_assert_str_eq(json_string_value(json_object_get(input, "name")), "corpus");
    ck_assert_str_eq(
        json_string_value(json_object_get(json_object_get(good, "parameters"), "pattern")), "x");
    ck_assert_int_eq(json_array_size(json_object_get(good, "samples")), 4);
    json_t *s0 = json_array_get(json_object_get(good, "samples"), 0);
    const char *fields[] = {"warmup",    "wall_s",        "user_s",       "sys_s",
                            "cpu_s",     "max_rss_bytes", "exit",         "signal",
                            "timed_out", "digest",        "stdout_bytes", "metrics"};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        ck_assert_msg(json_object_get(s0, fields[i]) != NULL, "sample lacks %s", fields[i]);
    json_decref(doc);
    plan_free(&p);
}
END_TEST

START_TEST(summary_counts_only_measured_samples_of_good_cells)
{
    struct plan p;
    make_plan(&p);
    json_t *doc = build(&p);
    json_t *cells = json_object_get(doc, "cells");
    json_t *summary = json_object_get(json_array_get(cells, 0), "summary");
    ck_assert_int_eq(json_integer_value(json_object_get(summary, "n")), 3);
    json_t *wall = json_object_get(summary, "wall_s");
    /* walls 0.1 0.2 0.3 (the 9.0 s warmup left out): median 0.2, max 0.3,
     * p95 = 0.2 + 0.9 * (0.3 - 0.2) = 0.29 */
    ck_assert_double_eq_tol(json_real_value(json_object_get(wall, "median")), 0.2, 1e-12);
    ck_assert_double_eq_tol(json_real_value(json_object_get(wall, "max")), 0.3, 1e-12);
    ck_assert_double_eq_tol(json_real_value(json_object_get(wall, "p95")), 0.29, 1e-12);
    /* cpu = user + sys = 0.75 wall: median 0.15 */
    ck_assert_double_eq_tol(
        json_real_value(json_object_get(json_object_get(summary, "cpu_s"), "median")), 0.15, 1e-12);
    json_t *rss = json_object_get(summary, "max_rss_bytes");
    ck_assert_double_eq_tol(json_real_value(json_object_get(rss, "max")), 3.0 * 1048576, 1e-6);
    json_t *parse = json_object_get(json_object_get(summary, "metrics"), "parse_s");
    ck_assert_double_eq_tol(json_real_value(json_object_get(parse, "median")), 0.02, 1e-12);
    /* The failed cell has samples but no summary. */
    json_t *bad = json_array_get(cells, 1);
    ck_assert_str_eq(json_string_value(json_object_get(bad, "verdict")), "failed");
    ck_assert(json_is_null(json_object_get(bad, "summary")));
    ck_assert_int_eq(json_array_size(json_object_get(bad, "samples")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(doc, "failed_cells")), 1);
    json_decref(doc);
    plan_free(&p);
}
END_TEST

START_TEST(bytes_that_are_not_utf8_are_replaced_not_dropped)
{
    struct plan p;
    make_plan(&p);
    free(p.groups[0].reference_output);
    p.groups[0].reference_output = malloc(4);
    memcpy(p.groups[0].reference_output,
           "a\xff"
           "b",
           4);
    p.groups[0].reference_output_len = 3;
    json_t *doc = build(&p);
    const char *out = json_string_value(
        json_object_get(json_array_get(json_object_get(doc, "cells"), 0), "reference_output"));
    ck_assert_str_eq(out, "a\xEF\xBF\xBD"
                          "b");
    json_decref(doc);
    plan_free(&p);
}
END_TEST

START_TEST(write_is_atomic_and_reads_back)
{
    struct plan p;
    make_plan(&p);
    json_t *doc = build(&p);
    char dir[4096];
    vt_make_tmpdir(dir, sizeof dir, "result");
    char path[4200];
    snprintf(path, sizeof path, "%s/sub/dir/out.json", dir);
    struct verr err;
    ck_assert_int_eq(result_write(doc, path, &err), 0);
    json_error_t e;
    json_t *back = json_load_file(path, 0, &e);
    ck_assert_ptr_nonnull(back);
    ck_assert(json_equal(back, doc));
    /* Writing into something that is not a directory fails and leaves nothing behind. */
    char bad[4300];
    snprintf(bad, sizeof bad, "%s/out.json/x.json", path);
    ck_assert_int_eq(result_write(doc, bad, &err), -1);
    json_decref(back);
    json_decref(doc);
    plan_free(&p);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("result");
    TCase *tc = tcase_create("document");
    tcase_add_test(tc, document_has_the_schema_fields);
    tcase_add_test(tc, summary_counts_only_measured_samples_of_good_cells);
    tcase_add_test(tc, bytes_that_are_not_utf8_are_replaced_not_dropped);
    tcase_add_test(tc, write_is_atomic_and_reads_back);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
