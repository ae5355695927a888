/*
 * test_suite_budget.c - `versus run --suite NAME` gives each workload the budget of its suite
 * entry (runs, warmup, max_time_s, min_runs; define/suite.h), the command line's options still
 * first, and records the entries' budgets in the document's settings.suite_budgets. Runs real
 * processes: a workload whose one runner is /bin/echo, in a scratch directory with its own
 * manifest, workloads and suites.json. What is checked is the number of warmup and measured
 * samples of every cell in the written document.
 */
#include <check.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "util/fsutil.h"
#include "versus_test.h"

static const char *RUNNERS_JSON = "{\"schema\": \"versus-runners/1\", \"runners\": [\n"
                                  " {\"name\": \"echo\", \"language\": \"test\",\n"
                                  "  \"workloads\": {\"w\": [\"/bin/echo\", \"{word}\"], \"v\": "
                                  "[\"/bin/echo\", \"{word}\"]}}]}\n";

static const char *W_JSON =
    "{\"schema\": \"versus-workload/1\", \"name\": \"%s\", \"description\": \"test\",\n"
    " \"protocol\": [\"{word}\"], \"success_exit_codes\": [0], \"compare\": {\"mode\": "
    "\"digest\"},\n \"reference_runner\": \"echo\", \"default_runners\": [\"echo\"],\n"
    " \"timeout_s\": 5, \"cases\": [{\"name\": \"a\", \"word\": \"x\"}]}\n";

/* w: 4 runs and no warmup of its own; v: the suite's max_time_s, its own min_runs of 2 (echo
 * takes far more than 1e-6 s, so v's cells stop at 2 measured runs). */
static const char *SUITES_JSON =
    "{\"schema\": \"versus-suites/1\", \"suites\": {\"s\": {\"description\": \"d\",\n"
    " \"max_time_s\": 0.000001, \"min_runs\": 3, \"entries\": [\n"
    "  {\"workload\": \"w\", \"runs\": 4, \"warmup\": 0, \"max_time_s\": 100},\n"
    "  {\"workload\": \"v\", \"min_runs\": 2}]}}}\n";

/* The document's samples of workload's one cell: measured and warmup counts. */
static void samples_of(const json_t *doc, const char *workload, int *measured, int *warmups)
{
    *measured = *warmups = -1;
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(doc, "cells"), i, c)
    {
        if (strcmp(json_string_value(json_object_get(c, "workload")), workload) != 0)
            continue;
        *measured = *warmups = 0;
        size_t k;
        json_t *s;
        json_array_foreach(json_object_get(c, "samples"), k, s)
        {
            if (json_is_true(json_object_get(s, "warmup")))
                (*warmups)++;
            else
                (*measured)++;
        }
    }
}

/* Runs the suite with extra options; returns the document. */
static json_t *run_suite(const char *dir, const char *extra1, const char *extra2)
{
    char *manifest = fsutil_join(dir, "runners.json");
    char *workloads = fsutil_join(dir, "workloads");
    char *out = fsutil_join(dir, "out.json");
    const char *args[] = {"run",        "--root",  dir,    "--manifest", manifest, "--workloads",
                          workloads,    "--suite", "s",    "--quiet",    "--json", out,
                          "--no-fetch", extra1,    extra2, NULL};
    char *err = NULL;
    int rc = vt_run_versus_args(NULL, &err, args);
    ck_assert_msg(rc == 0, "versus run exited %d: %s", rc, err ? err : "");
    free(err);
    json_error_t jerr;
    json_t *doc = json_load_file(out, 0, &jerr);
    ck_assert_msg(doc != NULL, "%s", jerr.text);
    free(manifest);
    free(workloads);
    free(out);
    return doc;
}

static char *make_root(void)
{
    char *dir = vt_new_tmpdir("suite_budget");
    char *path = fsutil_join(dir, "runners.json");
    vt_write_text(path, RUNNERS_JSON);
    free(path);
    char *workloads = fsutil_join(dir, "workloads");
    ck_assert_int_eq(fsutil_mkdir_p(workloads, NULL), 0);
    const char *names[] = {"w", "v"};
    for (int i = 0; i < 2; i++) {
        char text[1024], file[16];
        snprintf(text, sizeof text, W_JSON, names[i]);
        snprintf(file, sizeof file, "%s.json", names[i]);
        path = fsutil_join(workloads, file);
        vt_write_text(path, text);
        free(path);
    }
    path = fsutil_join(workloads, "inputs.json");
    vt_write_text(path, "{\"schema\": \"versus-inputs/1\", \"inputs\": [{\"name\": \"i\", "
                        "\"kind\": \"generated\", \"generator\": \"text\", \"seed\": 1, "
                        "\"size_bytes\": 64, \"file\": \"i.txt\"}]}\n");
    free(path);
    path = fsutil_join(workloads, "suites.json");
    vt_write_text(path, SUITES_JSON);
    free(path);
    free(workloads);
    return dir;
}

START_TEST(test_each_workload_gets_its_entrys_budget_and_the_document_records_it)
{
    char *dir = make_root();
    json_t *doc = run_suite(dir, NULL, NULL);
    int measured, warmups;
    samples_of(doc, "w", &measured, &warmups);
    ck_assert_int_eq(measured, 4);
    ck_assert_int_eq(warmups, 0);
    samples_of(doc, "v", &measured, &warmups);
    ck_assert_int_eq(measured, 2);
    ck_assert_int_eq(warmups, 1);
    char *budgets = json_dumps(json_object_get(json_object_get(doc, "settings"), "suite_budgets"),
                               JSON_SORT_KEYS | JSON_COMPACT);
    ck_assert_str_eq(budgets, "{\"v\":{\"min_runs\":2},"
                              "\"w\":{\"max_time_s\":100,\"runs\":4,\"warmup\":0}}");
    free(budgets);
    json_decref(doc);
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_the_command_line_comes_before_the_entrys_budget)
{
    char *dir = make_root();
    json_t *doc = run_suite(dir, "--runs", "3");
    int measured, warmups;
    samples_of(doc, "w", &measured, &warmups);
    ck_assert_int_eq(measured, 3);
    ck_assert_int_eq(warmups, 0);
    json_decref(doc);
    /* --min-runs over v's own min_runs: 3 measured runs before the suite's max_time_s stops it */
    doc = run_suite(dir, "--min-runs", "3");
    samples_of(doc, "v", &measured, &warmups);
    ck_assert_int_eq(measured, 3);
    json_decref(doc);
    vt_free_tmpdir(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("suite_budget");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_each_workload_gets_its_entrys_budget_and_the_document_records_it);
    tcase_add_test(tc, test_the_command_line_comes_before_the_entrys_budget);
    suite_add_tcase(s, tc);
    return vt_run_suite(s, "test_suite_budget", NULL);
}
