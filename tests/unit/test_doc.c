/*
 * test_doc.c - the one reader of a result document (result/doc.h): a cell's identity (workload,
 * input name, parameters, runner; absent, null and {} parameters alike; a string input as in
 * history lines), figures looked up by the metric names of util/metric.h and by
 * "metrics.NAME", measured samples with the CPU fallback, and groups in order of first
 * appearance. Table-driven: each row is one behaviour.
 */
#include <check.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "result/doc.h"
#include "util/metric.h"

static json_t *parse(const char *text)
{
    json_error_t je;
    json_t *j = json_loads(text, 0, &je);
    ck_assert_msg(j != NULL, "bad test JSON: %s", je.text);
    return j;
}

static const struct {
    const char *a, *b;
    bool same_group, same_cell;
} IDENTITY[] = {
    {"{\"workload\":\"grep\",\"input\":{\"name\":\"brown\"},\"parameters\":{\"name\":\"x\"},"
     "\"runner\":\"rust\"}",
     "{\"workload\":\"grep\",\"input\":{\"name\":\"brown\",\"bytes\":3},\"parameters\":{\"name\":"
     "\"x\"},\"runner\":\"rust\"}",
     true, true},
    {"{\"workload\":\"grep\",\"input\":{\"name\":\"brown\"},\"runner\":\"rust\"}",
     "{\"workload\":\"grep\",\"input\":{\"name\":\"brown\"},\"runner\":\"go\"}", true, false},
    {"{\"workload\":\"grep\",\"input\":{\"name\":\"brown\"},\"runner\":\"rust\"}",
     "{\"workload\":\"grep\",\"input\":\"brown\",\"runner\":\"rust\"}", true, true},
    {"{\"workload\":\"cmd\",\"input\":null,\"runner\":\"a\"}",
     "{\"workload\":\"cmd\",\"parameters\":{},\"runner\":\"a\"}", true, true},
    {"{\"workload\":\"cmd\",\"parameters\":null,\"runner\":\"a\"}",
     "{\"workload\":\"cmd\",\"parameters\":{\"ms\":1},\"runner\":\"a\"}", false, false},
    {"{\"workload\":\"grep\",\"parameters\":{\"name\":\"x\",\"p\":1},\"runner\":\"a\"}",
     "{\"workload\":\"grep\",\"parameters\":{\"p\":1,\"name\":\"x\"},\"runner\":\"a\"}", true,
     true},
    {"{\"workload\":\"grep\",\"input\":{\"name\":\"brown\"},\"runner\":\"a\"}",
     "{\"workload\":\"grep\",\"input\":{\"name\":\"linux\"},\"runner\":\"a\"}", false, false},
    {"{\"workload\":\"grep\",\"runner\":\"a\"}", "{\"workload\":\"json\",\"runner\":\"a\"}", false,
     false},
};

START_TEST(cells_with_the_same_workload_input_parameters_and_runner_are_the_same_cell)
{
    json_t *a = parse(IDENTITY[_i].a), *b = parse(IDENTITY[_i].b);
    ck_assert_msg(doc_same_group(a, b) == IDENTITY[_i].same_group, "row %d: group", _i);
    ck_assert_msg(doc_same_group(b, a) == IDENTITY[_i].same_group, "row %d: group, swapped", _i);
    ck_assert_msg(doc_same_cell(a, b) == IDENTITY[_i].same_cell, "row %d: cell", _i);
    json_decref(a);
    json_decref(b);
}
END_TEST

static const char *CELL =
    "{\"workload\":\"grep\",\"verdict\":\"verified\",\"summary\":{\"n\":2,"
    "\"wall_s\":{\"median\":0.5,\"p95\":0.9},\"cpu_s\":{\"median\":0.25},"
    "\"max_rss_bytes\":{\"median\":1048576},\"metrics\":{\"parse_s\":{\"median\":0.125}}},"
    "\"samples\":[{\"warmup\":true,\"wall_s\":9,\"user_s\":9,\"sys_s\":9},"
    "{\"warmup\":false,\"wall_s\":0.4,\"user_s\":0.1,\"sys_s\":0.05},"
    "{\"wall_s\":0.6,\"cpu_s\":0.3,\"max_rss_bytes\":2048}]}";

static const struct {
    const char *metric, *stat;
    double want; /* NAN: absent */
} FIGURES[] = {
    {METRIC_WALL_S, "median", 0.5},       {METRIC_WALL_S, "p95", 0.9},
    {METRIC_CPU_S, "median", 0.25},       {METRIC_MAX_RSS_BYTES, "median", 1048576},
    {"metrics.parse_s", "median", 0.125}, {METRIC_USER_S, "median", NAN},
    {"metrics.absent_s", "median", NAN},  {METRIC_WALL_S, "p99", NAN},
};

START_TEST(a_figure_is_the_summary_entry_of_the_metric_or_nan_when_absent)
{
    json_t *cell = parse(CELL);
    double got = doc_figure(cell, FIGURES[_i].metric, FIGURES[_i].stat);
    if (isnan(FIGURES[_i].want))
        ck_assert_msg(isnan(got), "row %d: %g, want NaN", _i, got);
    else
        ck_assert_double_eq(got, FIGURES[_i].want);
    json_decref(cell);
}
END_TEST

static const struct {
    const char *metric;
    size_t n;
    double first, second;
} SAMPLES[] = {
    {METRIC_WALL_S, 2, 0.4, 0.6},
    {METRIC_CPU_S, 2, 0.15000000000000002, 0.3}, /* user_s + sys_s where cpu_s is absent */
    {METRIC_MAX_RSS_BYTES, 1, 2048, 0},
    {METRIC_SYS_S, 1, 0.05, 0},
    {"minflt", 0, 0, 0},
};

START_TEST(measured_samples_leave_out_warmups_and_samples_without_the_metric)
{
    json_t *cell = parse(CELL);
    double *xs;
    size_t n = doc_samples(cell, SAMPLES[_i].metric, &xs);
    ck_assert_uint_eq(n, SAMPLES[_i].n);
    if (n > 0)
        ck_assert_double_eq_tol(xs[0], SAMPLES[_i].first, 1e-15);
    if (n > 1)
        ck_assert_double_eq_tol(xs[1], SAMPLES[_i].second, 1e-15);
    ck_assert(n > 0 || xs == NULL);
    free(xs);
    json_decref(cell);
}
END_TEST

static const struct {
    const char *cell;
    bool has_summary, measured;
    const char *verdict;
} VERDICTS[] = {
    {"{\"verdict\":\"verified\",\"summary\":{}}", true, true, "verified"},
    {"{\"verdict\":\"ok\",\"summary\":{}}", true, true, "ok"},
    {"{\"verdict\":\"failed\",\"summary\":null}", false, false, "failed"},
    {"{\"verdict\":\"skipped\"}", false, false, "skipped"},
    {"{\"summary\":{}}", true, false, ""},
};

START_TEST(only_verified_or_ok_cells_with_a_summary_are_measured)
{
    json_t *cell = parse(VERDICTS[_i].cell);
    ck_assert(doc_has_summary(cell) == VERDICTS[_i].has_summary);
    ck_assert(doc_measured(cell) == VERDICTS[_i].measured);
    ck_assert_str_eq(doc_verdict(cell), VERDICTS[_i].verdict);
    json_decref(cell);
}
END_TEST

START_TEST(groups_keep_the_order_of_their_first_cell)
{
    json_t *doc = parse("{\"cells\":["
                        "{\"workload\":\"grep\",\"parameters\":{\"name\":\"a\"},\"runner\":\"r\"},"
                        "{\"workload\":\"grep\",\"parameters\":{\"name\":\"b\"},\"runner\":\"r\"},"
                        "7,"
                        "{\"workload\":\"grep\",\"parameters\":{\"name\":\"a\"},\"runner\":\"s\"}"
                        "]}");
    struct doc_groups g;
    ck_assert_int_eq(doc_group_cells(doc, &g, NULL), 0);
    ck_assert_uint_eq(g.n, 2);
    ck_assert_uint_eq(g.groups[0].n, 2);
    ck_assert_uint_eq(g.groups[0].cells[0], 0);
    ck_assert_uint_eq(g.groups[0].cells[1], 3);
    ck_assert_uint_eq(g.groups[1].n, 1);
    ck_assert_uint_eq(g.groups[1].cells[0], 1);
    ck_assert_str_eq(doc_case_name(doc_cell(doc, 1)), "b");
    doc_groups_free(&g);
    json_decref(doc);
}
END_TEST

START_TEST(the_kth_of_several_cells_with_one_identity_meets_the_kth_of_the_other)
{
    const char *two = "{\"cells\":[{\"workload\":\"cmd\",\"runner\":\"a\"},"
                      "{\"workload\":\"cmd\",\"runner\":\"b\"},"
                      "{\"workload\":\"cmd\",\"runner\":\"a\"}]}";
    json_t *before = parse(two);
    json_t *after = parse("{\"cells\":[{\"workload\":\"cmd\",\"runner\":\"a\"},"
                          "{\"workload\":\"cmd\",\"runner\":\"a\"}]}");
    long b2a[3], a2b[2];
    ck_assert_uint_eq(doc_match_cells(before, after, b2a, a2b), 2);
    ck_assert_int_eq(b2a[0], 0);
    ck_assert_int_eq(b2a[1], -1);
    ck_assert_int_eq(b2a[2], 1);
    ck_assert_int_eq(a2b[0], 0);
    ck_assert_int_eq(a2b[1], 2);
    json_decref(before);
    json_decref(after);
}
END_TEST

START_TEST(every_metric_of_the_table_is_read_by_its_name)
{
    /* A metric added to util/metric.h is read like the others: no reader lists them. */
    for (size_t i = 0; i < metric_count(); i++) {
        const char *name = metric_at(i)->name;
        char text[256];
        snprintf(text, sizeof text,
                 "{\"verdict\":\"ok\",\"summary\":{\"%s\":{\"median\":%zu}},"
                 "\"samples\":[{\"%s\":%zu}]}",
                 name, i + 1, name, i + 1);
        json_t *cell = parse(text);
        ck_assert_double_eq(doc_figure(cell, name, "median"), (double)(i + 1));
        ck_assert_double_eq(doc_mean(cell, name), (double)(i + 1)); /* from the samples */
        double *xs;
        ck_assert_uint_eq(doc_samples(cell, name, &xs), 1);
        ck_assert_double_eq(xs[0], (double)(i + 1));
        free(xs);
        json_decref(cell);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("doc");
    TCase *tc = tcase_create("doc");
    tcase_add_loop_test(tc,
                        cells_with_the_same_workload_input_parameters_and_runner_are_the_same_cell,
                        0, (int)(sizeof IDENTITY / sizeof IDENTITY[0]));
    tcase_add_loop_test(tc, a_figure_is_the_summary_entry_of_the_metric_or_nan_when_absent, 0,
                        (int)(sizeof FIGURES / sizeof FIGURES[0]));
    tcase_add_loop_test(tc, measured_samples_leave_out_warmups_and_samples_without_the_metric, 0,
                        (int)(sizeof SAMPLES / sizeof SAMPLES[0]));
    tcase_add_loop_test(tc, only_verified_or_ok_cells_with_a_summary_are_measured, 0,
                        (int)(sizeof VERDICTS / sizeof VERDICTS[0]));
    tcase_add_test(tc, groups_keep_the_order_of_their_first_cell);
    tcase_add_test(tc, the_kth_of_several_cells_with_one_identity_meets_the_kth_of_the_other);
    tcase_add_test(tc, every_metric_of_the_table_is_read_by_its_name);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
