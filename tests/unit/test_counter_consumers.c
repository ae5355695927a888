/*
 * test_counter_consumers.c - every consumer of a result document carries the counters when
 * they were measured, and only then (issue 11 item 5). Two fixtures: tests/fixtures/counters/
 * cmd.json (`versus cmd --runs 3 --counters simulate,task-clock,page-faults true 'seq 2000'`:
 * rusage counts, task-clock, page-faults, simulated instructions) and tests/fixtures/interchange/
 * result.json (no counters). For each consumer (the history line, the CSV, github-action-
 * benchmark and Markdown exports, the rows shared by the tables and the report) a row of the
 * table says what text must appear for the first and must not appear for the second; the
 * values are checked against the document's own medians.
 */
#include <check.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/export.h"
#include "output/rows.h"
#include "result/doc.h"
#include "result/history.h"
#include "util/metric.h"

#define COUNTERS VERSUS_SOURCE_DIR "/tests/fixtures/counters/cmd.json"
#define PLAIN VERSUS_SOURCE_DIR "/tests/fixtures/interchange/result.json"

static json_t *load(const char *path)
{
    json_error_t e;
    json_t *doc = json_load_file(path, 0, &e);
    ck_assert_msg(doc != NULL, "%s:%d: %s", path, e.line, e.text);
    return doc;
}

static char *history_text(const json_t *doc)
{
    json_t *e = history_entry(doc, "0123456789abcdef0123456789abcdef01234567");
    char *text = json_dumps(e, JSON_COMPACT);
    json_decref(e);
    return text;
}

static char *github_text(const json_t *doc)
{
    json_t *e = export_github(doc);
    char *text = json_dumps(e, JSON_COMPACT);
    json_decref(e);
    return text;
}

/* What each consumer must say of the counters fixture (its medians: `true` executes 127771
 * simulated instructions, `seq 2000` 453383), and what it says of neither fixture without
 * them. */
static const struct {
    const char *what;
    char *(*render)(const json_t *doc);
    const char *with_counters[3];
    const char *absent; /* found in neither the plain fixture's text */
} CONSUMERS[] = {
    {"history line",
     history_text,
     {"\"median_instructions\":127771", "\"p95_instructions\":453383", "\"median_task_clock_s\":"},
     "instructions"},
    {"CSV",
     export_csv,
     {",task_clock_s,page_faults,instructions\n", ",127771\n", ",453383\n"},
     "instructions"},
    {"github-action-benchmark",
     github_text,
     {"{\"name\":\"true: instructions\",\"unit\":\"Ir\",\"value\":127771",
      "{\"name\":\"seq 2000: page_faults\",\"unit\":\"count\"",
      "{\"name\":\"true: task_clock_s\",\"unit\":\"s\""},
     "instructions"},
    {"Markdown",
     export_markdown,
     {"| peak RSS | instructions | × fastest |", "| 127.8 k |", "| 453.4 k |"},
     "instructions"},
};

START_TEST(each_consumer_carries_the_counters_only_when_the_document_has_them)
{
    json_t *with = load(COUNTERS), *without = load(PLAIN);
    for (size_t i = 0; i < sizeof CONSUMERS / sizeof CONSUMERS[0]; i++) {
        char *a = CONSUMERS[i].render(with), *b = CONSUMERS[i].render(without);
        ck_assert_ptr_nonnull(a);
        ck_assert_ptr_nonnull(b);
        for (size_t k = 0; k < 3; k++)
            ck_assert_msg(strstr(a, CONSUMERS[i].with_counters[k]) != NULL, "%s lacks %s:\n%s",
                          CONSUMERS[i].what, CONSUMERS[i].with_counters[k], a);
        ck_assert_msg(strstr(b, CONSUMERS[i].absent) == NULL,
                      "%s of a document without "
                      "counters mentions %s:\n%s",
                      CONSUMERS[i].what, CONSUMERS[i].absent, b);
        free(a);
        free(b);
    }
    json_decref(with);
    json_decref(without);
}
END_TEST

/* The CSV's counter columns are the document's medians, one per counter present, in the order
 * of util/metric.h's table; the history line has median, p5 and p95 of each. */
START_TEST(the_counter_columns_hold_each_cells_median_in_the_tables_order)
{
    json_t *doc = load(COUNTERS);
    const char *names[DOC_MAX_COUNTERS];
    size_t n = doc_counters_of(doc, names, DOC_MAX_COUNTERS);
    static const char *const want[] = {"minflt",       "majflt",      "nvcsw",
                                       "nivcsw",       "inblock",     "oublock",
                                       "task_clock_s", "page_faults", "instructions"};
    ck_assert_uint_eq(n, sizeof want / sizeof want[0]);
    for (size_t k = 0; k < n; k++)
        ck_assert_str_eq(names[k], want[k]);
    json_t *entry = history_entry(doc, NULL);
    for (size_t c = 0; c < 2; c++) {
        const json_t *cell = json_array_get(json_object_get(doc, "cells"), c);
        const json_t *line = json_array_get(json_object_get(entry, "cells"), c);
        for (size_t k = 0; k < n; k++)
            for (const char *const *stat = (const char *const[]){"median", "p5", "p95", NULL};
                 *stat != NULL; stat++) {
                char key[64];
                snprintf(key, sizeof key, "%s_%s", *stat, names[k]);
                ck_assert_msg(json_real_value(json_object_get(line, key)) ==
                                  doc_figure(cell, names[k], *stat),
                              "cell %zu: %s", c, key);
            }
    }
    json_decref(entry);
    json_decref(doc);
}
END_TEST

/* The rows the terminal table, the Markdown export and the report share have the median
 * instruction count of each cell, and say so; a document without counters has none. */
START_TEST(the_rows_have_the_instruction_count_when_it_was_simulated)
{
    static const struct {
        const char *path;
        bool instructions;
    } cases[] = {{COUNTERS, true}, {PLAIN, false}};
    for (size_t i = 0; i < 2; i++) {
        json_t *doc = load(cases[i].path);
        struct doc_groups groups;
        ck_assert_int_eq(doc_group_cells(doc, &groups, NULL), 0);
        struct rows rows;
        ck_assert_int_eq(rows_of_group(doc, &groups.groups[0], &rows), 0);
        ck_assert_msg(rows_have_instructions(&rows) == cases[i].instructions, "%s", cases[i].path);
        if (cases[i].instructions) {
            ck_assert(rows.rows[0].instructions == 127771);
            struct row_text t;
            rows_text(&rows.rows[1], &t);
            ck_assert_str_eq(t.instructions, "453.4 k");
        }
        rows_free(&rows);
        doc_groups_free(&groups);
        json_decref(doc);
    }
}
END_TEST

/* Which metrics the consumers call counters: counts and task-clock, not times or memory. */
START_TEST(counters_are_the_counts_and_task_clock_not_times_or_memory)
{
    static const struct {
        const char *name;
        bool counter;
    } cases[] = {{METRIC_INSTRUCTIONS, true},   {METRIC_MINFLT, true},
                 {METRIC_TASK_CLOCK_S, true},   {METRIC_CYCLES, true},
                 {METRIC_WALL_S, false},        {METRIC_USER_S, false},
                 {METRIC_MAX_RSS_BYTES, false}, {METRIC_TREE_PEAK_RSS_BYTES, false},
                 {METRIC_RSS_GROWTH, false},    {"parse_s", false}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_msg(metric_is_counter(cases[i].name) == cases[i].counter, "%s", cases[i].name);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("counter_consumers");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, each_consumer_carries_the_counters_only_when_the_document_has_them);
    tcase_add_test(tc, the_counter_columns_hold_each_cells_median_in_the_tables_order);
    tcase_add_test(tc, the_rows_have_the_instruction_count_when_it_was_simulated);
    tcase_add_test(tc, counters_are_the_counts_and_task_clock_not_times_or_memory);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
