/*
 * test_run.c - `versus run` and `versus cmd` end to end: the real binary, real child
 * processes, the result document read back with jansson.
 *
 *   - a crashing, a hanging and a wrong runner are each recorded as failed, a runner whose tool
 *     is missing as skipped, and the runners after them still run and verify; exit status 1;
 *   - `versus cmd` measures sleep, and a 5 MiB child interleaved with 200 MiB ones reads its
 *     own peak RSS (wait4), not the running maximum of RUSAGE_CHILDREN;
 *   - a broken manifest is a clear error naming file, line and column; exit status 2;
 *   - every reference runner's grep output equals GNU grep's on a small corpus with CRLF
 *     lines, a missing final newline, NUL bytes, a 1 MiB line, \v and invalid UTF-8.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "measure/process.h"
#include "util/argv_split.h"
#include "util/fsutil.h"
#include "versus_test.h"

static char tmpdir[4096];

static void make_tmpdir(void)
{
    vt_make_tmpdir(tmpdir, sizeof tmpdir, "run");
}

/* run_versus(&err, "run", "--quiet", NULL): exit status, stderr in *err, stdout echoed. */
#define run_versus(err_text, ...)                                                                  \
    vt_run_versus_args(NULL, err_text, (const char *const[]){__VA_ARGS__})

static json_t *load_json(const char *path)
{
    json_error_t e;
    json_t *doc = json_load_file(path, 0, &e);
    if (doc == NULL)
        ck_abort_msg("%s:%d:%d: %s", path, e.line, e.column, e.text);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "schema")), "versus/1");
    return doc;
}

static json_t *cell_of(json_t *doc, const char *runner)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(doc, "cells"), i, c)
    {
        if (strcmp(json_string_value(json_object_get(c, "runner")), runner) == 0)
            return c;
    }
    ck_abort_msg("no cell for %s", runner);
    return NULL;
}

static const char *verdict_of(json_t *cell)
{
    return json_string_value(json_object_get(cell, "verdict"));
}

static const char *reason_of(json_t *cell)
{
    const char *r = json_string_value(json_object_get(cell, "reason"));
    return r ? r : "";
}

START_TEST(failures_are_recorded_and_the_rest_runs)
{
    make_tmpdir();
    char json[4200], data[4200];
    snprintf(json, sizeof json, "%s/out.json", tmpdir);
    snprintf(data, sizeof data, "%s/data", tmpdir);
    char *err = NULL;
    int rc =
        run_versus(&err, "run", "--manifest", VERSUS_SOURCE_DIR "/tests/fixtures/run/runners.json",
                   "--workloads", VERSUS_SOURCE_DIR "/tests/fixtures/run/workloads", "--data-dir",
                   data, "--runs", "3", "--warmup", "1", "--quiet", "--json", json, NULL);
    ck_assert_msg(rc == 1, "exit %d, stderr: %s", rc, err ? err : "");
    free(err);
    json_t *doc = load_json(json);
    json_t *good = cell_of(doc, "good");
    ck_assert_str_eq(verdict_of(good), "verified");
    ck_assert_int_eq(json_array_size(json_object_get(good, "samples")), 4);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(good, "summary"), "n")), 3);
    ck_assert_str_eq(json_string_value(json_object_get(good, "reference_output")), "hello world\n");

    json_t *crasher = cell_of(doc, "crasher");
    ck_assert_str_eq(verdict_of(crasher), "failed");
    ck_assert_msg(strstr(reason_of(crasher), "signal 11") != NULL, "%s", reason_of(crasher));
    ck_assert(json_is_null(json_object_get(crasher, "summary")));

    json_t *hanger = cell_of(doc, "hanger");
    ck_assert_str_eq(verdict_of(hanger), "failed");
    ck_assert_msg(strstr(reason_of(hanger), "timed out") != NULL, "%s", reason_of(hanger));

    json_t *wrong = cell_of(doc, "wrong");
    ck_assert_str_eq(verdict_of(wrong), "failed");
    ck_assert_msg(strstr(reason_of(wrong), "differs") != NULL, "%s", reason_of(wrong));
    ck_assert(json_is_null(json_object_get(wrong, "summary")));

    json_t *missing = cell_of(doc, "missing");
    ck_assert_str_eq(verdict_of(missing), "skipped");
    ck_assert_msg(strstr(reason_of(missing), "versus-no-such-tool-anywhere") != NULL, "%s",
                  reason_of(missing));

    ck_assert_str_eq(verdict_of(cell_of(doc, "good-too")), "verified");
    ck_assert_int_eq(json_integer_value(json_object_get(doc, "failed_cells")), 3);

    char latest[4300];
    snprintf(latest, sizeof latest, "%s/latest.json", tmpdir);
    ck_assert(fsutil_exists(latest));
    json_decref(doc);
}
END_TEST

/* The summary median of a field of the cell whose runner (command) contains needle. */
/* The cell of doc whose runner contains needle (borrowed); aborts the test when none does. */
static json_t *cell_containing(json_t *doc, const char *needle)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(doc, "cells"), i, c)
    {
        if (strstr(json_string_value(json_object_get(c, "runner")), needle) != NULL)
            return c;
    }
    ck_abort_msg("no cell for %s", needle);
    return NULL;
}

static double median_of(json_t *doc, const char *needle, const char *field)
{
    json_t *s = json_object_get(json_object_get(cell_containing(doc, needle), "summary"), field);
    ck_assert_ptr_nonnull(s);
    return json_real_value(json_object_get(s, "median"));
}

START_TEST(cmd_measures_each_child_alone)
{
    make_tmpdir();
    char json[4200];
    snprintf(json, sizeof json, "%s/cmd.json", tmpdir);
    char *err = NULL;
    int rc = run_versus(&err, "cmd", "--runs", "3", "--warmup", "0", "--quiet", "--json", json,
                        VERSUS_HELPERS_DIR "/sleep_ms 200", VERSUS_HELPERS_DIR "/touch_mib 200",
                        VERSUS_HELPERS_DIR "/touch_mib 5", NULL);
    ck_assert_msg(rc == 0, "exit %d, stderr: %s", rc, err ? err : "");
    free(err);
    json_t *doc = load_json(json);
    double sleep_wall = median_of(doc, "sleep_ms", "wall_s");
    double sleep_cpu = median_of(doc, "sleep_ms", "cpu_s");
    ck_assert_msg(sleep_wall >= 0.195 && sleep_wall <= 0.260, "sleep wall %f", sleep_wall);
    ck_assert_msg(sleep_cpu < 0.020, "sleep cpu %f", sleep_cpu);
    double big = median_of(doc, "touch_mib 200", "max_rss_bytes");
    double small = median_of(doc, "touch_mib 5", "max_rss_bytes");
    ck_assert_msg(big >= 200.0 * 1048576, "200 MiB child read %f", big);
    ck_assert_msg(small < 30.0 * 1048576, "5 MiB child read %f bytes", small);
    json_decref(doc);
}
END_TEST

/* The number of measured (not warmup) samples of the cell whose runner contains needle. */
static size_t measured_runs(json_t *doc, const char *needle)
{
    size_t j, n = 0;
    json_t *s;
    json_array_foreach(json_object_get(cell_containing(doc, needle), "samples"), j, s) n +=
        !json_is_true(json_object_get(s, "warmup"));
    return n;
}

/* hyperfine's rule: at least 10 runs and at least --min-time of them; --runs N is exact. */
START_TEST(cmd_measures_for_at_least_min_time)
{
    make_tmpdir();
    char json[4200];
    snprintf(json, sizeof json, "%s/min-time.json", tmpdir);
    char *err = NULL;
    /* 20 ms and 200 ms commands, 1 s floor: the fast one needs about 50 runs, the slow one
     * reaches 1 s within its 10; both are interleaved. */
    int rc =
        run_versus(&err, "cmd", "--min-time", "1", "--warmup", "0", "--quiet", "--json", json,
                   VERSUS_HELPERS_DIR "/sleep_ms 20", VERSUS_HELPERS_DIR "/sleep_ms 200", NULL);
    ck_assert_msg(rc == 0, "exit %d, stderr: %s", rc, err ? err : "");
    free(err);
    json_t *doc = load_json(json);
    size_t fast = measured_runs(doc, "sleep_ms 20"), slow = measured_runs(doc, "sleep_ms 200");
    ck_assert_msg(fast >= 15 && fast <= 50, "20 ms command: %zu runs for 1 s", fast);
    ck_assert_msg(slow == 10, "200 ms command: %zu runs, want the 10 planned", slow);
    json_decref(doc);

    /* --runs 4 alone: exactly 4, whatever the time */
    err = NULL;
    rc = run_versus(&err, "cmd", "--runs", "4", "--warmup", "0", "--quiet", "--json", json,
                    VERSUS_HELPERS_DIR "/sleep_ms 20", NULL);
    ck_assert_msg(rc == 0, "exit %d, stderr: %s", rc, err ? err : "");
    free(err);
    doc = load_json(json);
    ck_assert_uint_eq(measured_runs(doc, "sleep_ms 20"), 4);
    json_decref(doc);
}
END_TEST

START_TEST(broken_manifest_names_file_line_column)
{
    make_tmpdir();
    char path[4200];
    snprintf(path, sizeof path, "%s/broken.json", tmpdir);
    const char *text = "{\n  \"schema\": \"versus-runners/1\",\n  \"runners\": [\n    { \"name\": "
                       "\"x\", }\n  ]\n}\n";
    ck_assert_int_eq(fsutil_write_atomic(path, text, strlen(text), NULL), 0);
    char *err = NULL;
    int rc = run_versus(&err, "run", "--manifest", path, "--quiet", NULL);
    ck_assert_int_eq(rc, 2);
    char expect[4300];
    snprintf(expect, sizeof expect, "%s:4:", path);
    ck_assert_msg(err != NULL && strstr(err, expect) != NULL, "stderr: %s", err ? err : "");
    free(err);
}
END_TEST

/* A small corpus with every trap we pin: CRLF, NUL, invalid UTF-8, \v and \f, a 1 MiB line,
 * and a last line without a newline. */
static void write_tricky_corpus(const char *path)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("The President of the city said on Monday that Reading was over.\r\n", f);
    fputs("a line with nothing of note\n", f);
    fwrite("NUL\0byte President\0here of\0the city\n", 1, 36, f);
    fputs("invalid \xff\xfe utf-8 \xc3\x28 president \xe9t\xe9 velocity Friday\n", f);
    fputs("vertical\vof\vtabs and form\ffeeds of\fthe Building\n", f);
    fputs("\n\n\t indented Wednesday morning of course\n", f);
    for (int i = 0; i < 1048576 / 64; i++)
        fputs(i == 9000 ? "a long line with a city of Tuesday Singing in the middle of it ..."
                        : "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789",
              f);
    fputs("\nCRLF only line\r\n", f);
    fputs("last line PRESIDENT of Thursday without newline", f);
    fclose(f);
}

START_TEST(every_runner_greps_like_gnu_grep)
{
    make_tmpdir();
    char corpus[4200], json[4200];
    snprintf(corpus, sizeof corpus, "%s/tricky.txt", tmpdir);
    snprintf(json, sizeof json, "%s/grep.json", tmpdir);
    write_tricky_corpus(corpus);
    char *err = NULL;
    int rc = run_versus(&err, "run", "--workload", "grep", "--input-file", corpus, "--runs", "1",
                        "--warmup", "0", "--quiet", "--color", "never", "--json", json, NULL);
    ck_assert_msg(rc == 0, "exit %d, stderr: %s", rc, err ? err : "");
    free(err);
    json_t *doc = load_json(json);
    size_t i, verified = 0;
    json_t *c;
    json_array_foreach(json_object_get(doc, "cells"), i, c)
    {
        ck_assert_msg(strcmp(verdict_of(c), "verified") == 0, "%s on %s: %s %s",
                      json_string_value(json_object_get(c, "runner")),
                      json_string_value(json_object_get(json_object_get(c, "parameters"), "name")),
                      verdict_of(c), reason_of(c));
        verified++;
    }
    ck_assert_int_eq(verified, 6 * 7); /* six runners, seven patterns */
    json_decref(doc);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("run");
    TCase *tc = tcase_create("end-to-end");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, failures_are_recorded_and_the_rest_runs);
    tcase_add_test(tc, cmd_measures_each_child_alone);
    tcase_add_test(tc, cmd_measures_for_at_least_min_time);
    tcase_add_test(tc, broken_manifest_names_file_line_column);
    tcase_add_test(tc, every_runner_greps_like_gnu_grep);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
