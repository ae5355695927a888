/*
 * test_compare_result.c - the comparison held as compact rows (compare/compare_result.h) says and
 * writes exactly what the whole JSON report says:
 *   - compare_result_write's text is byte for byte compare_report_write's text of
 *     compare_result_json, for every fixture pair and every metric, and for cells that
 *     appeared, disappeared or went failed and names with quotes, newlines and nested
 *     parameters;
 *   - briefs made from a loaded document (doc_briefs_of_doc) match the cells the way
 *     doc_match_cells does, the k-th duplicate with the k-th;
 *   - the gate (compare_result_fails) agrees with compare_report_fails.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare/compare_report.h"
#include "compare/compare_result.h"
#include "result/doc.h"
#include "result/doc_brief.h"
#include "util/fsutil.h"
#include "util/metric.h"
#include "versus_test.h"

/* A cell with these identity parts, verdict and measured wall times. */
static json_t *cell(const char *runner, json_t *parameters, const char *verdict, double base)
{
    json_t *samples = json_array();
    for (int i = 0; i < 6; i++)
        json_array_append_new(samples, json_pack("{s:b, s:f, s:f, s:f}", "warmup", i == 0, "wall_s",
                                                 base * (1 + 0.01 * i), "user_s", base * 0.5,
                                                 "sys_s", base * 0.1));
    json_t *summary = json_pack("{s:i}", "n", 5);
    return json_pack("{s:s, s:{s:s}, s:o, s:s, s:s, s:o, s:o}", "workload", "grep \"odd\"\nname",
                     "input", "name", "in\tput", "parameters", parameters, "runner", runner,
                     "verdict", verdict, "summary", summary, "samples", samples);
}

/* Two documents: matched (same, slower, went failed, duplicates), disappeared and appeared. */
static void two_docs(json_t **before, json_t **after)
{
    json_t *b = json_array(), *a = json_array();
    json_array_append_new(b, cell("c", json_pack("{s:s}", "name", "lit"), "verified", 0.01));
    json_array_append_new(a, cell("c", json_pack("{s:s}", "name", "lit"), "verified", 0.01));
    json_array_append_new(b, cell("rust",
                                  json_pack("{s:s, s:{s:[i,i]}}", "name", "x", "deep", "k", 1, 2),
                                  "verified", 0.02));
    json_array_append_new(a, cell("rust",
                                  json_pack("{s:{s:[i,i]}, s:s}", "deep", "k", 1, 2, "name", "x"),
                                  "verified", 0.03));
    json_array_append_new(b, cell("go", json_object(), "verified", 0.05));
    json_t *failed = cell("go", json_null(), "failed", 0.05);
    json_object_del(failed, "summary");
    json_array_append_new(a, failed);
    json_array_append_new(b, cell("dup", json_null(), "verified", 0.01));
    json_array_append_new(b, cell("dup", json_null(), "verified", 0.02));
    json_array_append_new(a, cell("dup", json_null(), "verified", 0.02));
    json_array_append_new(a, cell("dup", json_null(), "verified", 0.01));
    json_array_append_new(b, cell("gone\x1b[31m", json_null(), "verified", 0.01));
    json_array_append_new(a, cell("new <!--", json_null(), "verified", 0.01));
    *before = json_pack("{s:s, s:o}", "schema", "versus/1", "cells", b);
    *after = json_pack("{s:s, s:o, s:i}", "schema", "versus/1", "cells", a, "failed_cells", 1);
}

/* Asserts that the compact result of before/after for metric writes the same bytes as the
 * whole report, and gives the same gate. */
static void expect_same_text(const char *dir, const json_t *before, const json_t *after,
                             const char *metric_flag)
{
    const struct metric_def *m = compare_metric_parse(metric_flag);
    ck_assert_ptr_nonnull(m);
    struct verr err = {{0}};
    json_t *whole = compare_documents(before, after, "b \"1\".json", "a.json", m, 0.05, &err);
    ck_assert_msg(whole != NULL, "%s", err.msg);
    struct doc_briefs b, a;
    ck_assert_int_eq(doc_briefs_of_doc(before, m->name, &b), 0);
    ck_assert_int_eq(doc_briefs_of_doc(after, m->name, &a), 0);
    struct compare_result *r = compare_briefs(&b, &a, "b \"1\".json", "a.json", m, 0.05, &err);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(compare_result_fails(r), compare_report_fails(whole));
    char *p1 = fsutil_join(dir, "whole.json"), *p2 = fsutil_join(dir, "rows.json");
    ck_assert_int_eq(compare_report_write(whole, p1, &err), 0);
    ck_assert_int_eq(compare_result_write(r, p2, &err), 0);
    size_t n1, n2;
    char *t1 = fsutil_read_file(p1, &n1, &err), *t2 = fsutil_read_file(p2, &n2, &err);
    ck_assert_ptr_nonnull(t1);
    ck_assert_ptr_nonnull(t2);
    ck_assert_msg(n1 == n2 && memcmp(t1, t2, n1) == 0, "the texts differ:\n%s\n---\n%s", t1, t2);
    free(t1);
    free(t2);
    free(p1);
    free(p2);
    compare_result_free(r);
    json_decref(whole);
}

START_TEST(test_the_rows_write_the_whole_reports_text_byte_for_byte)
{
    char *dir = vt_new_tmpdir("compare_result");
    json_t *before, *after;
    two_docs(&before, &after);
    static const char *const metrics[] = {"wall", "cpu", "rss"};
    for (size_t i = 0; i < 3; i++)
        expect_same_text(dir, before, after, metrics[i]);
    json_decref(before);
    json_decref(after);
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_every_fixture_pair_writes_the_same_text_either_way)
{
    char *dir = vt_new_tmpdir("compare_result_fixtures");
    static const char *const afters[] = {"after-same.json", "after-regressed.json"};
    static const char *const metrics[] = {"wall", "cpu", "rss"};
    struct verr err = {{0}};
    json_t *before = doc_load(VERSUS_SOURCE_DIR "/tests/fixtures/compare/before.json", &err);
    ck_assert_msg(before != NULL, "%s", err.msg);
    for (size_t k = 0; k < 2; k++) {
        char path[512];
        snprintf(path, sizeof path, "%s/tests/fixtures/compare/%s", VERSUS_SOURCE_DIR, afters[k]);
        json_t *after = doc_load(path, &err);
        ck_assert_msg(after != NULL, "%s", err.msg);
        for (size_t i = 0; i < 3; i++)
            expect_same_text(dir, before, after, metrics[i]);
        json_decref(after);
    }
    json_decref(before);
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_duplicates_are_matched_kth_with_kth_as_in_the_tree)
{
    json_t *before, *after;
    two_docs(&before, &after);
    const struct metric_def *m = compare_metric_parse("wall");
    struct doc_briefs b, a;
    ck_assert_int_eq(doc_briefs_of_doc(before, m->name, &b), 0);
    ck_assert_int_eq(doc_briefs_of_doc(after, m->name, &a), 0);
    long b2a[8], a2b[8];
    size_t matched = doc_match_cells(before, after, b2a, a2b);
    struct verr err = {{0}};
    struct compare_result *r = compare_briefs(&b, &a, "b", "a", m, 0.05, &err);
    ck_assert_ptr_nonnull(r);
    size_t seen = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (r->rows[i].before >= 0) {
            ck_assert_int_eq(r->rows[i].after, b2a[r->rows[i].before]);
            seen += r->rows[i].after >= 0;
        }
    }
    ck_assert_uint_eq(seen, matched);
    ck_assert_uint_eq(matched, 5);      /* {} and null parameters are the same identity */
    ck_assert(compare_result_fails(r)); /* go went from verified to failed */
    compare_result_free(r);
    json_decref(before);
    json_decref(after);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("compare_result");
    TCase *tc = tcase_create("compare_result");
    tcase_add_test(tc, test_the_rows_write_the_whole_reports_text_byte_for_byte);
    tcase_add_test(tc, test_every_fixture_pair_writes_the_same_text_either_way);
    tcase_add_test(tc, test_duplicates_are_matched_kth_with_kth_as_in_the_tree);
    suite_add_tcase(s, tc);
    return vt_run_suite(s, "test_compare_result", NULL);
}
