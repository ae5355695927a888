/*
 * test_doc_check.c - result readers refuse values they cannot trust (result/doc_check.h), and
 * the compare gate never passes on "no data" (compare/compare_report.h):
 *   - a negative time, 1e308 seconds, a negative size, a summary count that does not match the
 *     samples, a verified cell without a measured sample, a failed_cells count that does not
 *     match: each refused by doc_load, naming file, cell and field;
 *   - a cell measured before and skipped, unfinished or without samples after gets the verdict
 *     "no data" and fails the gate; so does a cell missing from an interrupted after document;
 *     a cell missing from a complete one does not.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare/compare_report.h"
#include "compare/compare_result.h"
#include "result/doc.h"
#include "util/fsutil.h"
#include "util/metric.h"
#include "versus_test.h"

/* A valid document: one verified cell with 3 measured samples and 1 warmup. */
static json_t *valid_doc(void)
{
    json_t *samples = json_array();
    double walls[] = {0.5, 0.010, 0.011, 0.012};
    for (int i = 0; i < 4; i++)
        json_array_append_new(samples,
                              json_pack("{s:b, s:f, s:f, s:f, s:f, s:I, s:I}", "warmup", i == 0,
                                        "wall_s", walls[i], "user_s", 0.005, "sys_s", 0.001,
                                        "cpu_s", 0.006, "max_rss_bytes", (json_int_t)2000000,
                                        "stdout_bytes", (json_int_t)10));
    json_t *stats = json_pack("{s:i, s:f, s:f, s:f, s:f, s:f}", "n", 3, "median", 0.011, "p95",
                              0.012, "mean", 0.011, "min", 0.010, "max", 0.012);
    json_t *summary = json_pack("{s:i, s:o, s:{}}", "n", 3, "wall_s", stats, "metrics");
    json_t *cell = json_pack("{s:s, s:{s:s}, s:{s:s}, s:s, s:s, s:o, s:o}", "workload", "grep",
                             "input", "name", "brown", "parameters", "name", "literal", "runner",
                             "rust", "verdict", "verified", "summary", summary, "samples", samples);
    return json_pack("{s:s, s:[o], s:i}", "schema", "versus/1", "cells", cell, "failed_cells", 0);
}

static json_t *cell0(json_t *doc)
{
    return json_array_get(json_object_get(doc, "cells"), 0);
}

/* Writes doc to dir/name and loads it back; returns the document or NULL with err. */
static json_t *round_trip(const char *dir, const char *name, json_t *doc, struct verr *err)
{
    char *path = fsutil_join(dir, name);
    ck_assert_int_eq(json_dump_file(doc, path, 0), 0);
    json_t *back = doc_load(path, err);
    free(path);
    return back;
}

static void expect_refused(const char *dir, json_t *doc, const char *field)
{
    struct verr err = {{0}};
    json_t *back = round_trip(dir, "bad.json", doc, &err);
    ck_assert_msg(back == NULL, "accepted a document with a bad %s", field);
    ck_assert_msg(strstr(err.msg, "bad.json: ") != NULL, "%s", err.msg);
    ck_assert_msg(strstr(err.msg, field) != NULL, "%s (want %s)", err.msg, field);
    json_decref(doc);
}

START_TEST(test_untrustworthy_values_are_refused_naming_file_cell_and_field)
{
    char *dir = vt_new_tmpdir("doc_check");
    struct verr err;
    json_t *good = valid_doc();
    json_t *ok = round_trip(dir, "ok.json", good, &err);
    ck_assert_msg(ok != NULL, "%s", err.msg);
    json_decref(ok);
    json_decref(good);

    json_t *d = valid_doc();
    json_object_set_new(json_array_get(json_object_get(cell0(d), "samples"), 2), "wall_s",
                        json_real(-0.5));
    expect_refused(dir, d,
                   "cell 1 (grep/brown/literal/rust): samples[2].wall_s: -0.5 is not a time");

    d = valid_doc();
    json_object_set_new(json_array_get(json_object_get(cell0(d), "samples"), 1), "user_s",
                        json_real(1e308));
    expect_refused(dir, d, "samples[1].user_s");

    d = valid_doc();
    json_object_set_new(json_array_get(json_object_get(cell0(d), "samples"), 3), "max_rss_bytes",
                        json_integer(-4096));
    expect_refused(dir, d, "samples[3].max_rss_bytes");

    d = valid_doc();
    json_object_set_new(json_object_get(json_object_get(cell0(d), "summary"), "wall_s"), "median",
                        json_real(-0.011));
    expect_refused(dir, d, "summary.wall_s.median");

    d = valid_doc();
    json_object_set_new(json_object_get(cell0(d), "summary"), "n", json_integer(30));
    expect_refused(dir, d, "summary.n: is 30 but the cell has 3 measured samples");

    d = valid_doc();
    json_array_clear(json_object_get(cell0(d), "samples"));
    json_object_set_new(json_object_get(cell0(d), "summary"), "n", json_integer(0));
    json_object_set_new(json_object_get(json_object_get(cell0(d), "summary"), "wall_s"), "n",
                        json_integer(0));
    expect_refused(dir, d, "samples: has no measured sample, but the verdict is \"verified\"");

    d = valid_doc();
    json_object_set_new(cell0(d), "summary", json_null());
    expect_refused(dir, d, "summary: is missing");

    d = valid_doc();
    json_object_set_new(d, "failed_cells", json_integer(2));
    expect_refused(dir, d, "failed_cells");
    vt_free_tmpdir(dir);
}
END_TEST

static const char *gate(json_t *before, json_t *after, const char **verdict)
{
    struct verr err;
    json_t *report = compare_documents(before, after, "b.json", "a.json",
                                       compare_metric_parse("wall"), 0.05, &err);
    ck_assert_msg(report != NULL, "%s", err.msg);
    *verdict = json_string_value(
        json_object_get(json_array_get(json_object_get(report, "cells"), 0), "verdict"));
    static char copy[64];
    snprintf(copy, sizeof copy, "%s", *verdict);
    *verdict = copy;
    const char *rc = compare_report_fails(report) ? "fails" : "passes";
    json_decref(report);
    return rc;
}

START_TEST(test_the_gate_never_passes_on_no_data)
{
    const char *verdict;
    json_t *before = valid_doc();

    json_t *after = valid_doc();
    ck_assert_str_eq(gate(before, after, &verdict), "passes");
    json_decref(after);

    /* Skipped after. */
    after = valid_doc();
    json_object_set_new(cell0(after), "verdict", json_string("skipped"));
    json_object_set_new(cell0(after), "summary", json_null());
    json_array_clear(json_object_get(cell0(after), "samples"));
    ck_assert_str_eq(gate(before, after, &verdict), "fails");
    ck_assert_str_eq(verdict, "no data");
    json_decref(after);

    /* Unfinished after (an interrupted run): its samples do not count. */
    after = valid_doc();
    json_object_set_new(cell0(after), "verdict", json_string("interrupted"));
    json_object_set_new(cell0(after), "summary", json_null());
    ck_assert_str_eq(gate(before, after, &verdict), "fails");
    ck_assert_str_eq(verdict, "no data");
    json_decref(after);

    /* Missing from an interrupted after document; a second cell keeps them matched. */
    json_t *two = valid_doc();
    json_t *other = json_deep_copy(cell0(two));
    json_object_set_new(other, "runner", json_string("go"));
    json_array_append_new(json_object_get(two, "cells"), other);
    after = valid_doc();
    ck_assert_str_eq(gate(two, after, &verdict), "passes"); /* a complete document: dropped */
    json_object_set_new(after, "interrupted", json_true());
    struct verr err;
    json_t *report =
        compare_documents(two, after, "b.json", "a.json", compare_metric_parse("wall"), 0.05, &err);
    ck_assert(compare_report_fails(report));
    ck_assert_int_eq(json_integer_value(json_object_get(report, "no_data")), 1);
    json_decref(report);
    json_decref(after);
    json_decref(two);
    json_decref(before);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("doc_check");
    TCase *tc = tcase_create("doc_check");
    tcase_add_test(tc, test_untrustworthy_values_are_refused_naming_file_cell_and_field);
    tcase_add_test(tc, test_the_gate_never_passes_on_no_data);
    suite_add_tcase(s, tc);
    return vt_run_suite(s, "test_doc_check", NULL);
}
