/*
 * test_suite.c - unit tests of define/suite.c: a suite's entries with budgets of their own
 * (runs, warmup, max_time_s, min_runs) load and are handed to the result document's settings;
 * a bad budget is an error at its file, line and column (positions counted by hand in the
 * texts below); and the real workloads/suites.json: both suites load, and every cell of the
 * paper suite that a claim judges (workloads/claims.json) gets at least 5 measured runs, but for
 * the entries whose fewer runs METHODOLOGY.md ("The paper suite's time budget") explains.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "define/suite.h"
#include "define/workload.h"
#include "measure/plan_choose.h"
#include "util/fsutil.h"
#include "versus_test.h"

#define REAL_WORKLOADS VERSUS_SOURCE_DIR "/workloads"

static void assert_contains(const char *text, const char *part)
{
    ck_assert_msg(text != NULL && strstr(text, part) != NULL, "'%s' not in '%s'", part,
                  text != NULL ? text : "(null)");
}

/* Loads suite name from a scratch directory holding suites.json = text, against the real
 * workloads. Returns the suite (NULL with *err set); *dir is the scratch directory. */
static json_t *load_text(const char *text, const char *name, struct workload_set *ws,
                         struct verr *err, char **dir)
{
    *dir = vt_new_tmpdir("suite");
    char *path = fsutil_join(*dir, "suites.json");
    vt_write_text(path, text);
    free(path);
    return suite_load(*dir, name, ws, err);
}

static const char *BUDGETED =
    "{\"schema\": \"versus-suites/1\", \"suites\": {\"s\": {\"description\": \"d\",\n"
    " \"max_time_s\": 60, \"min_runs\": 5, \"entries\": [\n"
    "  {\"workload\": \"grep\"},\n"
    "  {\"workload\": \"lint\", \"warmup\": 0, \"max_time_s\": 30},\n"
    "  {\"workload\": \"parallel\", \"profile\": \"paper\", \"runs\": 5, \"min_runs\": 6}]}}}\n";

START_TEST(test_entries_carry_budgets_of_their_own_into_the_documents_settings)
{
    struct workload_set ws;
    struct verr err = {{0}};
    ck_assert_msg(workload_set_load(REAL_WORKLOADS, &ws, &err) == 0, "%s", err.msg);
    char *dir;
    json_t *suite = load_text(BUDGETED, "s", &ws, &err, &dir);
    ck_assert_msg(suite != NULL, "%s", err.msg);
    json_t *budgets = suite_entry_budgets(suite);
    ck_assert_ptr_nonnull(budgets);
    char *text = json_dumps(budgets, JSON_SORT_KEYS | JSON_COMPACT);
    ck_assert_str_eq(text, "{\"lint\":{\"max_time_s\":30,\"warmup\":0},"
                           "\"parallel\":{\"min_runs\":6,\"runs\":5}}");
    free(text);
    /* plan_choose applies them: lint's budget is its own, grep's the suite's */
    struct plan_request rq = {.runs = -1, .warmup = -1, .min_runs = 5, .max_time_s = 60};
    rq.suite = suite;
    int runs, warmup, min_runs;
    double max_time_s;
    plan_counts_of(workload_find(&ws, "lint"), &rq, &runs, &warmup);
    plan_budget_of(workload_find(&ws, "lint"), &rq, &max_time_s, &min_runs);
    ck_assert_int_eq(runs, 10);
    ck_assert_int_eq(warmup, 0);
    ck_assert_double_eq(max_time_s, 30);
    ck_assert_int_eq(min_runs, 5);
    plan_budget_of(workload_find(&ws, "grep"), &rq, &max_time_s, &min_runs);
    ck_assert_double_eq(max_time_s, 60);
    plan_counts_of(workload_find(&ws, "parallel"), &rq, &runs, &warmup);
    plan_budget_of(workload_find(&ws, "parallel"), &rq, &max_time_s, &min_runs);
    ck_assert_int_eq(runs, 5);   /* over the paper profile's 3 */
    ck_assert_int_eq(warmup, 1); /* the profile's */
    ck_assert_int_eq(min_runs, 6);
    json_decref(budgets);
    json_decref(suite);
    vt_free_tmpdir(dir);
    /* a suite without budgets in its entries adds nothing to the settings */
    ck_assert_ptr_null(suite_entry_budgets(NULL));
    workload_set_free(&ws);
}
END_TEST

/* A bad budget field, and the error: file suites.json, line 3 (the entry's line), the column
 * of the member's value (1-based, counted by hand). */
static const struct {
    const char *entry;
    const char *want;
} BAD[] = {
    {"{\"workload\": \"grep\", \"runs\": 0}", "suites.json:3:32: suite \"s\": \"runs\" must be a "
                                              "whole number >= 1"},
    {"{\"workload\": \"grep\", \"warmup\": -1}", "suites.json:3:34: suite \"s\": \"warmup\" must "
                                                 "be a whole number >= 0"},
    {"{\"workload\": \"grep\", \"min_runs\": 2.5}", "suites.json:3:36: suite \"s\": \"min_runs\" "
                                                    "must be a whole number >= 1"},
    {"{\"workload\": \"grep\", \"max_time_s\": \"1m\"}", "suites.json:3:38: suite \"s\": "
                                                         "\"max_time_s\" must be a number > 0"},
    {"{\"workload\": \"grep\", \"max_time\": 1}", "suites.json:3:36: suite \"s\": unknown field "
                                                  "\"max_time\""},
};

START_TEST(test_a_bad_budget_is_an_error_at_its_line_and_column)
{
    struct workload_set ws;
    struct verr err = {{0}};
    ck_assert_msg(workload_set_load(REAL_WORKLOADS, &ws, &err) == 0, "%s", err.msg);
    char text[512];
    snprintf(text, sizeof text,
             "{\"schema\": \"versus-suites/1\", \"suites\": {\"s\": {\"description\": \"d\",\n"
             " \"entries\": [\n"
             "  %s]}}}\n",
             BAD[_i].entry);
    char *dir;
    json_t *suite = load_text(text, "s", &ws, &err, &dir);
    ck_assert_ptr_null(suite);
    assert_contains(err.msg, BAD[_i].want);
    vt_free_tmpdir(dir);
    workload_set_free(&ws);
}
END_TEST

/* The entries of the paper suite that may give a judged cell fewer than 5 measured runs, and
 * how many: METHODOLOGY.md says why (agent: the documents' 2 runs of 20 to 4 000 tasks each,
 * latency pooled over the tasks; agent-soak: one long run, its slope taken inside it; hmr: 3
 * runs of a dev server start and 10 timed edits each, the claim judged on the 30 edits;
 * format-check: 3 runs, black's run is a 1 to 2 minute CPU-bound pass over the Django tree). */
static const struct {
    const char *workload;
    int runs;
} FEWER[] = {{"agent", 2}, {"agent-soak", 1}, {"hmr", 3}, {"format-check", 3}};

/* True when workload is named by a claim of claims.json that is measured. */
static bool judged(const json_t *claims, const char *workload)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(claims, "claims"), i, c)
    {
        if (json_object_get(c, "not_measured") == NULL &&
            strcmp(json_string_value(json_object_get(c, "workload")), workload) == 0)
            return true;
    }
    return false;
}

START_TEST(test_the_paper_suite_gives_every_judged_cell_at_least_five_runs)
{
    struct workload_set ws;
    struct verr err = {{0}};
    ck_assert_msg(workload_set_load(REAL_WORKLOADS, &ws, &err) == 0, "%s", err.msg);
    json_t *def = suite_load(REAL_WORKLOADS, "default", &ws, &err);
    ck_assert_msg(def != NULL, "%s", err.msg);
    json_decref(def);
    json_t *paper = suite_load(REAL_WORKLOADS, "paper", &ws, &err);
    ck_assert_msg(paper != NULL, "%s", err.msg);
    json_error_t jerr;
    json_t *claims = json_load_file(REAL_WORKLOADS "/claims.json", 0, &jerr);
    ck_assert_msg(claims != NULL, "%s", jerr.text);
    /* as `versus run --suite paper` asks with no other option (cli_run.c) */
    const json_t *mt = json_object_get(paper, "max_time_s"),
                 *mr = json_object_get(paper, "min_runs");
    struct plan_request rq = {.runs = -1,
                              .warmup = -1,
                              .min_runs = mr ? (int)json_integer_value(mr) : 5,
                              .max_time_s = mt ? json_number_value(mt) : 0,
                              .suite = paper};
    int n_judged = 0;
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(paper, "entries"), i, e)
    {
        const char *name = json_string_value(json_object_get(e, "workload"));
        if (!judged(claims, name))
            continue;
        n_judged++;
        const struct workload *w = workload_find(&ws, name);
        int runs, warmup, min_runs;
        double max_time_s;
        plan_counts_of(w, &rq, &runs, &warmup);
        plan_budget_of(w, &rq, &max_time_s, &min_runs);
        int fewest = max_time_s > 0 && min_runs < runs ? min_runs : runs;
        int allowed = 5;
        for (size_t k = 0; k < sizeof FEWER / sizeof FEWER[0]; k++)
            if (strcmp(FEWER[k].workload, name) == 0)
                allowed = FEWER[k].runs;
        ck_assert_msg(fewest >= allowed, "%s: a judged cell may get %d measured runs (at least %d)",
                      name, fewest, allowed);
    }
    ck_assert_int_ge(n_judged, 10);
    json_decref(claims);
    json_decref(paper);
    workload_set_free(&ws);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("suite");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_entries_carry_budgets_of_their_own_into_the_documents_settings);
    tcase_add_loop_test(tc, test_a_bad_budget_is_an_error_at_its_line_and_column, 0,
                        (int)(sizeof BAD / sizeof BAD[0]));
    tcase_add_test(tc, test_the_paper_suite_gives_every_judged_cell_at_least_five_runs);
    suite_add_tcase(s, tc);
    return vt_run_suite(s, "test_suite", NULL);
}
