/*
 * test_doc_load.c - unit tests of result/doc.c and doc_hyperfine.c: loading versus/1 documents and
 * hyperfine exports (fixtures in tests/fixtures/compare/, see its README.md), clean errors for
 * anything else, cell identity and matching, measured samples.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "result/doc.h"
#include "result/doc_hyperfine.h"
#include "util/fsutil.h"

#define FIXTURES VERSUS_SOURCE_DIR "/tests/fixtures/compare/"

static json_t *load_ok(const char *path)
{
    struct verr err;
    json_t *doc = doc_load(path, &err);
    ck_assert_msg(doc != NULL, "%s", err.msg);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "schema")), "versus/1");
    return doc;
}

static void load_fails(const char *path, const char *needle)
{
    struct verr err;
    json_t *doc = doc_load(path, &err);
    ck_assert_ptr_null(doc);
    ck_assert_msg(strstr(err.msg, needle) != NULL, "'%s' lacks '%s'", err.msg, needle);
    ck_assert_ptr_null(strchr(err.msg, '\n'));
}

static json_t *cell(json_t *doc, size_t i)
{
    return json_array_get(json_object_get(doc, "cells"), i);
}

/* Writes text to a file under VERSUS_TEST_TMP and returns its path (static buffer). */
static const char *tmp_file(const char *name, const char *text)
{
    static char path[4096];
    fsutil_mkdir_p(VERSUS_TEST_TMP, NULL);
    snprintf(path, sizeof path, "%s/doc_load_%s", VERSUS_TEST_TMP, name);
    ck_assert_int_eq(fsutil_write_atomic(path, text, strlen(text), NULL), 0);
    return path;
}

START_TEST(loads_a_versus1_document)
{
    json_t *doc = load_ok(FIXTURES "before.json");
    ck_assert_int_eq(json_array_size(json_object_get(doc, "cells")), 6);
    json_t *rust = cell(doc, 1);
    ck_assert_str_eq(json_string_value(json_object_get(rust, "runner")), "rust");
    ck_assert_str_eq(doc_input_name(rust), "brown");
    ck_assert_str_eq(doc_verdict(rust), "verified");
    ck_assert_str_eq(doc_verdict(cell(doc, 3)), "failed");
    double *xs;
    size_t n = doc_samples(rust, "wall_s", &xs); /* 2 warmups + 10 measured */
    ck_assert_int_eq(n, 10);
    const json_t *third = json_array_get(json_object_get(rust, "samples"), 2);
    ck_assert_double_eq(xs[0], json_number_value(json_object_get(third, "wall_s")));
    free(xs);
    ck_assert_int_eq(doc_samples(rust, "max_rss_bytes", &xs), 10);
    ck_assert(xs[0] >= 3000000);
    free(xs);
    ck_assert_int_eq(doc_samples(rust, "no_such_field", &xs), 0);
    ck_assert_ptr_null(xs);
    json_decref(doc);
}
END_TEST

START_TEST(loads_a_hyperfine_export)
{
    json_t *doc = load_ok(FIXTURES "hyperfine.json");
    ck_assert_str_eq(json_string_value(json_object_get(doc, "imported_from")), "hyperfine");
    ck_assert_int_eq(json_array_size(json_object_get(doc, "cells")), 2);
    json_t *c = cell(doc, 0);
    ck_assert_str_eq(json_string_value(json_object_get(c, "workload")), "cmd");
    ck_assert_str_eq(json_string_value(json_object_get(c, "runner")), "sleep 0.01");
    ck_assert_str_eq(json_string_value(json_object_get(c, "imported_from")), "hyperfine");
    ck_assert_str_eq(json_string_value(json_object_get(c, "verdict")), "ok");
    ck_assert(json_is_null(json_object_get(c, "input")));
    ck_assert_ptr_null(doc_input_name(c));
    json_t *want = json_pack("{s:s}", "ms", "1");
    ck_assert(json_equal(json_object_get(c, "parameters"), want));
    json_decref(want);
    json_t *samples = json_object_get(c, "samples");
    ck_assert_int_eq(json_array_size(samples), 6);
    json_t *s0 = json_array_get(samples, 0);
    ck_assert_double_eq(json_real_value(json_object_get(s0, "wall_s")), 0.015704256);
    ck_assert(json_is_false(json_object_get(s0, "warmup")));
    ck_assert(json_is_null(json_object_get(s0, "user_s"))); /* only means are exported */
    ck_assert(json_is_null(json_object_get(s0, "cpu_s")));
    ck_assert(json_is_null(json_object_get(s0, "max_rss_bytes"))); /* hyperfine 1.15 */
    ck_assert_int_eq(json_integer_value(json_object_get(s0, "exit")), 0);
    json_t *summary = json_object_get(c, "summary");
    json_t *wall = json_object_get(summary, "wall_s");
    ck_assert_double_eq(json_real_value(json_object_get(wall, "median")), 0.0119454785);
    ck_assert_double_eq(json_real_value(json_object_get(wall, "mean")), 0.013021214166666668);
    ck_assert(json_is_real(json_object_get(wall, "p95"))); /* computed from times */
    ck_assert_double_eq(
        json_real_value(json_object_get(json_object_get(summary, "user_s"), "mean")),
        0.0013166666666666667);
    double *xs;
    ck_assert_int_eq(doc_samples(c, "wall_s", &xs), 6);
    free(xs);
    ck_assert_int_eq(doc_samples(c, "cpu_s", &xs), 0);
    json_decref(doc);
}
END_TEST

START_TEST(loads_memory_and_missing_parameters_from_newer_hyperfine)
{
    json_t *doc = load_ok(FIXTURES "hyperfine-1.20.json");
    json_t *c = cell(doc, 0);
    json_t *empty = json_object();
    ck_assert(json_equal(json_object_get(c, "parameters"), empty));
    json_decref(empty);
    double *xs;
    ck_assert_int_eq(doc_samples(c, "max_rss_bytes", &xs), 5);
    ck_assert_double_eq(xs[1], 2101248);
    free(xs);
    json_t *last = json_array_get(json_object_get(c, "samples"), 4);
    ck_assert(json_is_null(json_object_get(last, "exit")));
    json_t *rss = json_object_get(json_object_get(c, "summary"), "max_rss_bytes");
    ck_assert_double_eq(json_number_value(json_object_get(rss, "median")), 2097152);
    json_decref(doc);
}
END_TEST

START_TEST(user_and_system_arrays_give_cpu_per_sample)
{
    json_t *hf =
        json_pack("{s:[{s:s, s:f, s:f, s:f, s:[f, f], s:[f, f], s:f, s:f, s:[f, f]}]}", "results",
                  "command", "x", "mean", 1.0, "stddev", 0.1, "median", 1.0, "user", 0.5, 0.7,
                  "system", 0.1, 0.2, "min", 0.9, "max", 1.1, "times", 0.9, 1.1);
    struct verr err;
    json_t *doc = doc_from_hyperfine(hf, "inline", &err);
    ck_assert_msg(doc != NULL, "%s", err.msg);
    double *xs;
    ck_assert_int_eq(doc_samples(cell(doc, 0), "cpu_s", &xs), 2);
    ck_assert_double_eq_tol(xs[0], 0.6, 1e-12);
    ck_assert_double_eq_tol(xs[1], 0.9, 1e-12);
    free(xs);
    json_decref(doc);
    json_decref(hf);
}
END_TEST

START_TEST(rejects_what_is_not_a_result)
{
    load_fails(FIXTURES "not-results.json", "not a versus/1 result document or a hyperfine");
    load_fails(FIXTURES "no-such-file.json", "cannot read");
    load_fails(tmp_file("bad.json", "{\"schema\": "), "bad.json:1:");
    load_fails(tmp_file("compare.json", "{\"schema\": \"versus-compare/1\", \"cells\": []}"),
               "schema \"versus-compare/1\"");
    load_fails(tmp_file("array.json", "[1, 2]"), "not a versus/1");
    load_fails(tmp_file("norunner.json",
                        "{\"schema\": \"versus/1\", \"cells\": [{\"workload\": \"grep\"}]}"),
               "cell 1: \"runner\" must be a string");
    load_fails(tmp_file("nocells.json", "{\"schema\": \"versus/1\"}"),
               "\"cells\" must be an array");
    load_fails(tmp_file("hfbad.json", "{\"results\": [{\"mean\": 1}]}"),
               "hyperfine result 1: \"command\" must be a string");
    load_fails(tmp_file("samples.json", "{\"schema\": \"versus/1\", \"cells\": [{\"workload\": "
                                        "\"w\", \"runner\": \"r\", \"samples\": [1]}]}"),
               "sample 1 is not an object");
}
END_TEST

START_TEST(a_cell_is_its_workload_input_name_parameters_and_runner)
{
    json_t *a = json_pack("{s:s, s:{s:s}, s:{s:s}, s:s}", "workload", "grep", "input", "name",
                          "brown", "parameters", "name", "literal", "runner", "rust");
    json_t *b = json_deep_copy(a);
    ck_assert(doc_same_cell(a, b));
    json_object_set_new(json_object_get(b, "input"), "path", json_string("/elsewhere"));
    ck_assert(doc_same_cell(a, b)); /* only the input's name counts */
    json_object_set_new(json_object_get(b, "parameters"), "pattern", json_string("x"));
    ck_assert(!doc_same_cell(a, b)); /* the whole parameters object counts */
    json_decref(b);
    b = json_deep_copy(a);
    json_object_set_new(b, "runner", json_string("go"));
    ck_assert(!doc_same_cell(a, b));
    json_decref(b);
    b = json_deep_copy(a);
    json_object_set_new(b, "input", json_null());
    ck_assert(!doc_same_cell(a, b));
    json_decref(b);
    json_t *c = json_pack("{s:s, s:n, s:s}", "workload", "cmd", "input", "runner", "true");
    json_t *d = json_pack("{s:s, s:n, s:{}, s:s}", "workload", "cmd", "input", "parameters",
                          "runner", "true");
    ck_assert(doc_same_cell(c, d)); /* absent parameters are {} */
    json_decref(a);
    json_decref(c);
    json_decref(d);
}
END_TEST

START_TEST(duplicate_cells_are_matched_in_order)
{
    json_t *before =
        json_pack("{s:[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}]}", "cells", "workload", "cmd", "runner",
                  "x", "workload", "cmd", "runner", "x", "workload", "cmd", "runner", "gone");
    json_t *after =
        json_pack("{s:[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}]}", "cells", "workload", "cmd", "runner",
                  "new", "workload", "cmd", "runner", "x", "workload", "cmd", "runner", "x");
    long b2a[3], a2b[3];
    ck_assert_int_eq(doc_match_cells(before, after, b2a, a2b), 2);
    ck_assert_int_eq(b2a[0], 1);
    ck_assert_int_eq(b2a[1], 2);
    ck_assert_int_eq(b2a[2], -1);
    ck_assert_int_eq(a2b[0], -1);
    ck_assert_int_eq(a2b[1], 0);
    ck_assert_int_eq(a2b[2], 1);
    json_decref(before);
    json_decref(after);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("doc_load");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, loads_a_versus1_document);
    tcase_add_test(tc, loads_a_hyperfine_export);
    tcase_add_test(tc, loads_memory_and_missing_parameters_from_newer_hyperfine);
    tcase_add_test(tc, user_and_system_arrays_give_cpu_per_sample);
    tcase_add_test(tc, rejects_what_is_not_a_result);
    tcase_add_test(tc, a_cell_is_its_workload_input_name_parameters_and_runner);
    tcase_add_test(tc, duplicate_cells_are_matched_in_order);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
