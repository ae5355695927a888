/*
 * test_compare.c - `versus compare` and `versus ab` end to end: the real binary on the fixtures
 * of tests/fixtures/compare/ (see its README.md) and on helper programs.
 *
 *   - compare: a regression and a verified -> failed cell fail the gate (exit 1, the JSON says
 *     which), equal documents pass (exit 0), appeared and disappeared cells are listed, the
 *     Markdown has its heading, table and regressions line, hyperfine exports compare, and
 *     unusable input is exit 2 with one line on stderr;
 *   - ab: sleep_ms 50 vs sleep_ms 100 is "slower" (and regressed in the JSON), different
 *     outputs exit 1 unless --check-output none, a failing command exits 1, bad usage exits 2.
 */
#include <check.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "measure/process.h"
#include "util/fsutil.h"
#include "versus_test.h"

#define FIXTURES VERSUS_SOURCE_DIR "/tests/fixtures/compare/"
#define SLEEP_MS VERSUS_HELPERS_DIR "/sleep_ms"
#define PRINT_TEXT VERSUS_HELPERS_DIR "/print_text"

static char tmpdir[4096];
static char *out_text, *err_text;

static void make_tmpdir(void)
{
    vt_make_tmpdir(tmpdir, sizeof tmpdir, "compare");
}

/* Runs versus with args (a NULL-terminated list); returns its exit status; stdout in out_text
 * (and echoed) and stderr in err_text, both freed by the next call. */
static int run_args(const char *const *args)
{
    free(out_text);
    free(err_text);
    out_text = err_text = NULL;
    int rc = vt_run_versus_args(&out_text, &err_text, args);
    fputs(out_text, stdout);
    return rc;
}

/* run_versus("compare", A, B, NULL): run_args over a compound literal. */
#define run_versus(...) run_args((const char *const[]){__VA_ARGS__})

/* Exactly one line on stderr, containing needle. */
static void one_error_line(const char *needle)
{
    ck_assert_ptr_nonnull(err_text);
    ck_assert_msg(strstr(err_text, needle) != NULL, "stderr '%s' lacks '%s'", err_text, needle);
    size_t len = strlen(err_text);
    ck_assert_msg(len > 0 && err_text[len - 1] == '\n' &&
                      strchr(err_text, '\n') == err_text + len - 1,
                  "not one line: '%s'", err_text);
}

static json_t *load_json(const char *path)
{
    json_error_t e;
    json_t *doc = json_load_file(path, 0, &e);
    if (doc == NULL)
        ck_abort_msg("%s:%d:%d: %s", path, e.line, e.column, e.text);
    return doc;
}

/* The report row of runner (and workload) in a versus-compare/1 report. */
static json_t *row_of(json_t *report, const char *workload, const char *runner)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(report, "cells"), i, r)
    {
        if (strcmp(json_string_value(json_object_get(r, "workload")), workload) == 0 &&
            strcmp(json_string_value(json_object_get(r, "runner")), runner) == 0)
            return r;
    }
    ck_abort_msg("no row for %s %s", workload, runner);
    return NULL;
}

static const char *s_of(json_t *j, const char *name)
{
    const char *s = json_string_value(json_object_get(j, name));
    return s ? s : "(null)";
}

START_TEST(compare_finds_regressions_and_failures)
{
    make_tmpdir();
    char json[4200];
    snprintf(json, sizeof json, "%s/cmp.json", tmpdir);
    int rc = run_versus("compare", FIXTURES "before.json", FIXTURES "after-regressed.json",
                        "--json", json, "--color", "never", NULL);
    ck_assert_msg(rc == 1, "exit %d: %s", rc, err_text);
    json_t *r = load_json(json);
    ck_assert_str_eq(s_of(r, "schema"), "versus-compare/1");
    ck_assert_str_eq(s_of(r, "metric"), "wall");
    ck_assert_double_eq(json_real_value(json_object_get(r, "threshold")), 0.05);
    ck_assert_double_eq(json_real_value(json_object_get(r, "confidence")), 0.95);
    ck_assert_int_eq(json_integer_value(json_object_get(r, "regressed")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(r, "improved")), 1);

    json_t *rust = row_of(r, "grep", "rust");
    ck_assert_str_eq(s_of(rust, "status"), "matched");
    ck_assert_str_eq(s_of(rust, "verdict"), "regressed");
    ck_assert(json_real_value(json_object_get(rust, "ci_low")) > 1.05);
    ck_assert(json_real_value(json_object_get(rust, "p_value")) < 0.05);
    ck_assert_int_eq(json_integer_value(json_object_get(rust, "n_before")), 10); /* no warmups */
    double ratio = json_real_value(json_object_get(rust, "ratio"));
    ck_assert_double_eq_tol(ratio,
                            json_real_value(json_object_get(rust, "median_after")) /
                                json_real_value(json_object_get(rust, "median_before")),
                            1e-12);

    json_t *python = row_of(r, "grep", "python");
    ck_assert_str_eq(s_of(python, "verdict"), "failed");
    ck_assert_str_eq(s_of(python, "verdict_before"), "verified");
    ck_assert_str_eq(s_of(python, "verdict_after"), "failed");
    ck_assert(json_is_true(json_object_get(python, "verdict_changed")));

    json_t *go = row_of(r, "grep", "go"); /* failed on both sides: not a change */
    ck_assert_str_eq(s_of(go, "verdict"), "failed");
    ck_assert(json_is_false(json_object_get(go, "verdict_changed")));

    ck_assert_str_eq(s_of(row_of(r, "grep", "gnu-grep"), "verdict"), "no significant change");
    ck_assert_str_eq(s_of(row_of(r, "grep", "c"), "verdict"), "faster");
    json_t *gone = row_of(r, "json-stats", "c");
    ck_assert_str_eq(s_of(gone, "status"), "disappeared");
    ck_assert(json_is_null(json_object_get(gone, "verdict_after")));
    ck_assert_str_eq(s_of(gone, "verdict"), "n/a");
    json_t *added = row_of(r, "grep", "ripgrep");
    ck_assert_str_eq(s_of(added, "status"), "appeared");
    ck_assert(json_is_null(json_object_get(added, "ratio")));
    json_decref(r);

    ck_assert_ptr_nonnull(strstr(out_text, "appeared"));
    ck_assert_ptr_nonnull(strstr(out_text, "disappeared"));
    ck_assert_ptr_nonnull(strstr(out_text, "verified -> failed"));
    ck_assert_ptr_nonnull(strstr(out_text, "regressed"));
}
END_TEST

START_TEST(compare_passes_equal_documents)
{
    make_tmpdir();
    char json[4200];
    snprintf(json, sizeof json, "%s/cmp.json", tmpdir);
    int rc = run_versus("compare", FIXTURES "before.json", FIXTURES "after-same.json", "--json",
                        json, NULL);
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err_text);
    json_t *r = load_json(json);
    ck_assert_int_eq(json_integer_value(json_object_get(r, "regressed")), 0);
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(r, "cells"), i, row)
    {
        ck_assert_str_eq(s_of(row, "status"), "matched");
        ck_assert(strcmp(s_of(row, "verdict"), "no significant change") == 0 ||
                  strcmp(s_of(row, "verdict"), "failed") == 0);
    }
    json_decref(r);
    /* Against itself, every p-value is 1. */
    rc = run_versus("compare", FIXTURES "before.json", FIXTURES "before.json", "--json", json,
                    "--metric", "cpu", NULL);
    ck_assert_int_eq(rc, 0);
    r = load_json(json);
    ck_assert_str_eq(s_of(r, "metric"), "cpu");
    ck_assert_ptr_null(strstr(out_text, "too few runs")); /* 10 runs a side is enough */
    ck_assert_double_eq(json_real_value(json_object_get(row_of(r, "grep", "rust"), "p_value")),
                        1.0);
    json_decref(r);
}
END_TEST

/* The instructions metric is judged by the separation rule, which uses no p-value: the p column
 * shows it in parentheses and a line says it is not used, in the table, in the Markdown and in
 * a wall-time comparison not at all (tests/fixtures/counters/cmd.json against itself). */
START_TEST(compare_marks_the_p_the_separation_rule_does_not_use)
{
    const char *doc = VERSUS_SOURCE_DIR "/tests/fixtures/counters/cmd.json";
    int rc = run_versus("compare", "--metric", "instructions", doc, doc, NULL);
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err_text);
    ck_assert_msg(strstr(out_text, " (1.000)  no significant change") != NULL, "%s", out_text);
    ck_assert_ptr_nonnull(strstr(out_text, "the separation rule does not use it"));
    rc = run_versus("compare", "--markdown", "--metric", "instructions", doc, doc, NULL);
    ck_assert_int_eq(rc, 0);
    ck_assert_msg(strstr(out_text, "| (1.000) |") != NULL, "%s", out_text);
    ck_assert_ptr_nonnull(strstr(out_text, "the separation rule does not use it"));
    rc = run_versus("compare", "--metric", "wall", doc, doc, NULL);
    ck_assert_int_eq(rc, 0);
    ck_assert_ptr_null(strstr(out_text, "(1.000)"));
    ck_assert_ptr_null(strstr(out_text, "does not use it"));
}
END_TEST

START_TEST(compare_gates_at_the_given_threshold_and_prints_markdown)
{
    /* At 30 %, the 20 % slower rust cell is only "slower"; the python cell still fails. */
    int rc = run_versus("compare", FIXTURES "before.json", FIXTURES "after-regressed.json",
                        "--threshold", "30%", "--markdown", NULL);
    ck_assert_int_eq(rc, 1);
    ck_assert_ptr_nonnull(strstr(out_text, "### versus compare: wall time"));
    ck_assert_ptr_nonnull(strstr(out_text, "| grep | brown | literal | rust |"));
    ck_assert_ptr_nonnull(strstr(out_text, "| slower |"));
    ck_assert_ptr_nonnull(strstr(out_text, "**No regressions** beyond +30%"));
    ck_assert_ptr_nonnull(strstr(out_text, "verified → failed (**fails the gate**)"));
    rc = run_versus("compare", FIXTURES "before.json", FIXTURES "after-regressed.json",
                    "--threshold", "0.05", "--markdown", NULL);
    ck_assert_int_eq(rc, 1);
    ck_assert_ptr_nonnull(
        strstr(out_text, "**Regressions** (beyond +5%): `grep brown/literal rust`"));
}
END_TEST

START_TEST(compare_reads_hyperfine_exports)
{
    int rc = run_versus("compare", FIXTURES "hyperfine.json", FIXTURES "hyperfine.json", NULL);
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err_text);
    ck_assert_ptr_nonnull(strstr(out_text, "sleep 0.01"));
    ck_assert_ptr_nonnull(strstr(out_text, "ms=1"));
    rc = run_versus("compare", FIXTURES "hyperfine-1.20.json", FIXTURES "hyperfine-1.20.json",
                    "--metric", "rss", NULL);
    ck_assert_int_eq(rc, 0);
    ck_assert_ptr_nonnull(strstr(out_text, "RUSAGE_CHILDREN"));
    /* 5 runs against 5 can be significant, 1 against 1 never: one cell has too few. */
    ck_assert_ptr_nonnull(strstr(out_text, "note: 1 matched cell has too few runs"));
}
END_TEST

START_TEST(compare_rejects_unusable_input)
{
    ck_assert_int_eq(run_versus("compare", FIXTURES "missing.json", FIXTURES "before.json", NULL),
                     2);
    one_error_line("cannot read");
    ck_assert_int_eq(
        run_versus("compare", FIXTURES "not-results.json", FIXTURES "before.json", NULL), 2);
    one_error_line("not a versus/1 result document or a hyperfine JSON export");
    ck_assert_int_eq(run_versus("compare", FIXTURES "before.json", FIXTURES "no-common.json", NULL),
                     2);
    one_error_line("no cell in common");
    ck_assert_int_eq(run_versus("compare", FIXTURES "before.json", NULL), 2);
    one_error_line("needs two result files");
    ck_assert_int_eq(run_versus("compare", "--metric", "speed", FIXTURES "before.json",
                                FIXTURES "before.json", NULL),
                     2);
    one_error_line("--metric");
    ck_assert_int_eq(run_versus("compare", "--threshold", "-5%", FIXTURES "before.json",
                                FIXTURES "before.json", NULL),
                     2);
    one_error_line("--threshold");
}
END_TEST

START_TEST(ab_calls_a_command_twice_as_slow_regressed_with_the_exact_p)
{
    make_tmpdir();
    char json[4200];
    snprintf(json, sizeof json, "%s/ab.json", tmpdir);
    int rc = run_versus("ab", "--runs", "5", "--warmup", "1", "--quiet", "--json", json,
                        SLEEP_MS " 50", SLEEP_MS " 100", NULL);
    /* ab is a gate: 2x slower on wall time regressed beyond 5 %, so exit 1, saying so */
    ck_assert_msg(rc == 1, "exit %d: %s", rc, err_text);
    ck_assert_ptr_nonnull(strstr(err_text, "AFTER regressed"));
    ck_assert_ptr_nonnull(strstr(out_text, "slower"));
    ck_assert_ptr_nonnull(strstr(out_text, "outputs: identical"));
    json_t *doc = load_json(json);
    ck_assert_str_eq(s_of(doc, "schema"), "versus/1");
    json_t *cells = json_object_get(doc, "cells");
    ck_assert_int_eq(json_array_size(cells), 2);
    ck_assert_str_eq(s_of(json_array_get(cells, 0), "role"), "before");
    ck_assert_str_eq(s_of(json_array_get(cells, 1), "runner"), SLEEP_MS " 100");
    /* Interleaved A B B A ...: warmups first, then the measured runs. */
    ck_assert_int_eq(json_array_size(json_object_get(json_array_get(cells, 0), "samples")), 6);
    json_t *cmp = json_object_get(doc, "comparison");
    ck_assert(json_is_true(json_object_get(cmp, "outputs_same")));
    json_t *wall = json_array_get(json_object_get(cmp, "cells"), 0);
    ck_assert_str_eq(s_of(wall, "metric"), "wall");
    ck_assert_str_eq(s_of(wall, "verdict"), "regressed"); /* 2x slower: beyond 5 % */
    double ratio = json_real_value(json_object_get(wall, "ratio"));
    ck_assert_msg(ratio > 1.6 && ratio < 2.4, "ratio %g", ratio);
    ck_assert_double_eq_tol(json_real_value(json_object_get(wall, "p_value")), 2.0 / 252.0,
                            1e-12); /* exact: 5 vs 5, fully separated */
    ck_assert_str_eq(s_of(json_array_get(json_object_get(cmp, "cells"), 2), "metric"), "rss");
    json_decref(doc);
}
END_TEST

START_TEST(ab_fails_when_the_outputs_differ_or_a_command_fails)
{
    make_tmpdir();
    char json[4200];
    snprintf(json, sizeof json, "%s/ab.json", tmpdir);
    int rc = run_versus("ab", "--runs", "2", "--warmup", "0", "--quiet", "--json", json,
                        PRINT_TEXT " a", PRINT_TEXT " b", NULL);
    ck_assert_int_eq(rc, 1);
    ck_assert_ptr_nonnull(strstr(err_text, "outputs differ"));
    ck_assert_ptr_nonnull(strstr(out_text, "outputs differ"));
    json_t *doc = load_json(json);
    ck_assert(json_is_false(json_object_get(json_object_get(doc, "comparison"), "outputs_same")));
    json_decref(doc);
    rc = run_versus("ab", "--runs", "2", "--warmup", "0", "--quiet", "--check-output", "none",
                    "--json", json, PRINT_TEXT " a", PRINT_TEXT " b", NULL);
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err_text);
    /* A command that fails (sleep_ms exits 2 on a bad argument) fails the comparison. */
    rc = run_versus("ab", "--runs", "2", "--warmup", "0", "--quiet", "--json", json, SLEEP_MS " 1",
                    SLEEP_MS " x", NULL);
    ck_assert_int_eq(rc, 1);
    ck_assert_ptr_nonnull(strstr(out_text, "FAILED"));
}
END_TEST

START_TEST(ab_rejects_bad_usage)
{
    ck_assert_int_eq(run_versus("ab", SLEEP_MS " 1", NULL), 2);
    one_error_line("needs exactly two commands");
    ck_assert_int_eq(
        run_versus("ab", "--check-output", "maybe", SLEEP_MS " 1", SLEEP_MS " 1", NULL), 2);
    one_error_line("--check-output");
    ck_assert_int_eq(run_versus("ab", "no-such-program-xyz", SLEEP_MS " 1", NULL), 2);
    one_error_line("not found");
    ck_assert_int_eq(run_versus("ab", SLEEP_MS " 1 | cat", SLEEP_MS " 1", NULL), 2);
    one_error_line("versus ab");
}
END_TEST

/* Writes a versus/1 document of n verified cells (3 measured samples and 1 warmup each, a
 * summary with its count) to path; every seventh cell's times scaled by factor; the cells in
 * reverse order when reversed. */
static void write_many_cells(const char *path, size_t n, double factor, bool reversed)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("{\"schema\": \"versus/1\", \"cells\": [", f);
    for (size_t k = 0; k < n; k++) {
        size_t i = reversed ? n - 1 - k : k;
        double base = 0.001 * (double)(1 + i % 97) * (i % 7 == 0 ? factor : 1.0);
        fprintf(f,
                "%s{\"workload\": \"grep\", \"input\": {\"name\": \"in-%zu\"}, "
                "\"parameters\": {\"name\": \"case-%zu\"}, \"runner\": \"r%zu\", "
                "\"verdict\": \"verified\", \"summary\": {\"n\": 3}, \"samples\": [",
                k ? ", " : "", i % 50, i / 50, i % 6);
        for (int s = 0; s < 4; s++)
            fprintf(f,
                    "%s{\"warmup\": %s, \"wall_s\": %.9g, \"user_s\": %.9g, \"sys_s\": %.9g, "
                    "\"max_rss_bytes\": %d}",
                    s ? ", " : "", s == 0 ? "true" : "false", base * (1 + 0.001 * s), base * 0.8,
                    base * 0.1, 2000000 + s);
        fputs("]}", f);
    }
    fputs("], \"failed_cells\": 0}\n", f);
    ck_assert_int_eq(fclose(f), 0);
}

/* Runs `versus compare before after --json report` and returns its peak RSS in bytes (wait4 on
 * that one child); its exit status in *status. */
static long compare_peak_rss(const char *before, const char *after, const char *report, int *status)
{
    char out_path[4200];
    snprintf(out_path, sizeof out_path, "%s/compare-out.txt", tmpdir);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        int fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0)
            _exit(127);
        execl(VERSUS_BIN, VERSUS_BIN, "compare", "--color", "never", before, after, "--json",
              report, (char *)NULL);
        _exit(127);
    }
    struct rusage ru;
    ck_assert_int_eq(wait4(pid, status, 0, &ru), pid);
    return ru.ru_maxrss * 1024L;
}

/* Issue 12: two 60 000-cell documents compare in bounded memory (the whole trees would take
 * about ten times the files' size), with every cell matched and every seventh one slower. */
START_TEST(compare_of_two_60000_cell_documents_stays_within_200_mb)
{
    make_tmpdir();
    char before[4200], after[4200], report[4200];
    snprintf(before, sizeof before, "%s/before.json", tmpdir);
    snprintf(after, sizeof after, "%s/after.json", tmpdir);
    snprintf(report, sizeof report, "%s/report.json", tmpdir);
    write_many_cells(before, 60000, 1.0, false);
    write_many_cells(after, 60000, 1.5, true);
    int status;
    long rss = compare_peak_rss(before, after, report, &status);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 0); /* 3 runs: nothing can be significant */
    ck_assert_msg(rss < 200L * 1024 * 1024, "versus compare peaked at %ld MiB", rss >> 20);
    json_t *doc = load_json(report);
    json_t *cells = json_object_get(doc, "cells");
    ck_assert_uint_eq(json_array_size(cells), 60000);
    size_t slower = 0, i;
    json_t *row;
    json_array_foreach(cells, i, row)
    {
        ck_assert_str_eq(json_string_value(json_object_get(row, "status")), "matched");
        slower += json_real_value(json_object_get(row, "ratio")) > 1.4;
    }
    ck_assert_uint_eq(slower, (60000 + 6) / 7);
    ck_assert_int_eq(json_integer_value(json_object_get(doc, "regressed")), 0); /* 3 runs */
    json_decref(doc);
    vt_remove_tree(tmpdir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("compare");
    TCase *tc = tcase_create("end-to-end");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, compare_finds_regressions_and_failures);
    tcase_add_test(tc, compare_passes_equal_documents);
    tcase_add_test(tc, compare_gates_at_the_given_threshold_and_prints_markdown);
    tcase_add_test(tc, compare_reads_hyperfine_exports);
    tcase_add_test(tc, compare_marks_the_p_the_separation_rule_does_not_use);
    tcase_add_test(tc, compare_rejects_unusable_input);
    tcase_add_test(tc, compare_of_two_60000_cell_documents_stays_within_200_mb);
    tcase_add_test(tc, ab_calls_a_command_twice_as_slow_regressed_with_the_exact_p);
    tcase_add_test(tc, ab_fails_when_the_outputs_differ_or_a_command_fails);
    tcase_add_test(tc, ab_rejects_bad_usage);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    free(out_text);
    free(err_text);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
