/*
 * test_c_json_stats.c - the C runner's json-stats, the reference every other JSON runner is
 * verified against, checked against ground truth:
 *   - small documents whose statistics are derived by hand in the comments below (counts,
 *     UTF-8 bytes of escaped keys, a sum that depends on the key order), --repeat, a duplicate
 *     key, and bad input (empty file, bad JSON, NaN): exit 2 with exactly one stderr line;
 *   - the three corpus files (canada, citm_catalog, twitter; fetched with `versus data fetch`
 *     into the repository's data directory when missing) against the line that Python's json
 *     module gives (tests/fixtures/json_stats/reference.py, a plain recursive walk written for
 *     this test): the same counters, and number_sum equal (both add the same correctly rounded
 *     doubles in the same order).
 * Without python3 or the corpus (no network) the corpus test reports a skip (exit 77), or
 * fails under VERSUS_REQUIRE_ALL_TESTS=1 (versus_test.h).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "measure/process.h"
#include "util/fsutil.h"
#include "versus_test.h"

#define EXE VERSUS_BUILD_DIR "/runners/c/versus-runner-c-json-stats"
#define DATA_DIR VERSUS_SOURCE_DIR "/data"
#define REFERENCE VERSUS_SOURCE_DIR "/tests/fixtures/json_stats/reference.py"

static const char *const CORPUS[] = {"canada", "citm_catalog", "twitter"};
#define N_CORPUS (sizeof CORPUS / sizeof CORPUS[0])

static char tmpdir[4096];

/* Runs argv; returns its exit code with stdout in *out and stderr in *err (both malloc'd). */
static int run(char *const *argv, char **out, char **err)
{
    struct verr e;
    int rc = process_capture(argv, NULL, 1 << 20, out, err, &e);
    ck_assert_msg(rc >= 0, "cannot run %s: %s", argv[0], e.msg);
    return rc;
}

/* Writes text to a file in tmpdir and returns the C runner's stdout on it (exit 0 asserted). */
static char *stats_of(const char *text, const char *repeat)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/doc.json", tmpdir);
    ck_assert_int_eq(fsutil_write_atomic(path, text, strlen(text), NULL), 0);
    char *argv[] = {EXE, path, "--repeat", (char *)repeat, NULL};
    char *out = NULL, *err = NULL;
    int rc = run(argv, &out, &err);
    ck_assert_msg(rc == 0, "exit %d on %s: %s", rc, text, err);
    free(err);
    return out;
}

START_TEST(small_documents_match_hand_derived_statistics)
{
    vt_make_tmpdir(tmpdir, sizeof tmpdir, "cjson");
    static const char *const cases[][2] = {
        /* Objects: the outer one and {"z":...} = 2; one array, 3 elements; numbers 1, 2.5,
         * -0.5; strings: keys b, a, c, z and "héllo" = 5, bytes 1+1+1+1 + 6 = 10; members
         * 3 + 1 = 4; sum 3. */
        {"{\"b\": [1, 2.5, {\"z\": -0.5}], \"a\": \"h\\u00e9llo\", \"c\": true}",
         "objects=2 arrays=1 numbers=3 strings=5 true=1 false=0 null=0 members=4 elements=3 "
         "string_bytes=10 number_sum=3\n"},
        /* Arrays: the outer one (8 elements) and []; {} one object; strings "" and "é😀"
         * (2 + 4 bytes); numbers 10 and -3e2: sum -290. */
        {"[null, false, [], {}, \"\", \"\\u00e9\\ud83d\\ude00\", 10, -3e2]",
         "objects=1 arrays=2 numbers=2 strings=2 true=0 false=1 null=1 members=0 elements=8 "
         "string_bytes=6 number_sum=-290\n"},
        /* Keys sorted by bytes: B, a, ab, b, é. 1 + 1 + 0.1 + 0.2 = 2.3000000000000003,
         * + 1e16 rounds to 1e16 + 2, - 1e16 leaves 2; in document order the first 1 would be
         * absorbed and the sum would be 1.3000000000000003. 5 keys of 1+1+2+1+2 bytes. */
        {"{\"b\": 1e16, \"a\": 1, \"\\u00e9\": -1e16, \"B\": 1, \"ab\": [0.1, 0.2]}",
         "objects=1 arrays=1 numbers=6 strings=5 true=0 false=0 null=0 members=5 elements=2 "
         "string_bytes=7 number_sum=2\n"},
        /* A duplicated key counts once, the last value wins (members 1, sum 2); the DOM keeps
         * one key, so strings 1. */
        {"{\"a\": 1, \"a\": 2}",
         "objects=1 arrays=0 numbers=1 strings=1 true=0 false=0 null=0 members=1 elements=0 "
         "string_bytes=1 number_sum=2\n"},
        /* A bare scalar; 0.1 + 0.2 printed with 17 significant digits. */
        {"[0.1, 0.2]", "objects=0 arrays=1 numbers=2 strings=0 true=0 false=0 null=0 members=0 "
                       "elements=2 string_bytes=0 number_sum=0.30000000000000004\n"},
        {"\"x\"", "objects=0 arrays=0 numbers=0 strings=1 true=0 false=0 null=0 members=0 "
                  "elements=0 string_bytes=1 number_sum=0\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = stats_of(cases[i][0], "1");
        ck_assert_msg(strcmp(out, cases[i][1]) == 0, "%s\n got %s want %s", cases[i][0], out,
                      cases[i][1]);
        free(out);
        out = stats_of(cases[i][0], "3"); /* --repeat parses again; the line is the same */
        ck_assert_str_eq(out, cases[i][1]);
        free(out);
    }
}
END_TEST

START_TEST(bad_input_is_one_line_and_exit_2)
{
    vt_make_tmpdir(tmpdir, sizeof tmpdir, "cjson");
    static const char *const bad[] = {"", "[1, 2", "{\"a\" 1}", "[NaN]", "[1,]", "1 2"};
    char path[4200];
    snprintf(path, sizeof path, "%s/bad.json", tmpdir);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_int_eq(fsutil_write_atomic(path, bad[i], strlen(bad[i]), NULL), 0);
        char *argv[] = {EXE, path, NULL};
        char *out = NULL, *err = NULL;
        ck_assert_int_eq(run(argv, &out, &err), 2);
        ck_assert_msg(out[0] == '\0', "stdout on bad input '%s': %s", bad[i], out);
        size_t len = strlen(err);
        ck_assert_msg(len > 1 && strchr(err, '\n') == err + len - 1,
                      "not one stderr line for '%s': %s", bad[i], err);
        free(out);
        free(err);
    }
}
END_TEST

START_TEST(corpus_file_matches_python_json)
{
    const char *name = CORPUS[_i];
    char path[4200];
    snprintf(path, sizeof path, "%s/%s.json", DATA_DIR, name);
    char *c_argv[] = {EXE, path, NULL};
    char *py_argv[] = {"python3", REFERENCE, path, NULL};
    char *c_out = NULL, *py_out = NULL, *err = NULL;
    ck_assert_int_eq(run(c_argv, &c_out, &err), 0);
    free(err);
    ck_assert_int_eq(run(py_argv, &py_out, &err), 0);
    free(err);
    ck_assert_msg(strcmp(c_out, py_out) == 0, "%s:\n C      %s Python %s", name, c_out, py_out);
    printf("test_c_json_stats: %s: %s", name, c_out);
    free(c_out);
    free(py_out);
}
END_TEST

/* Makes sure the corpus is there (fetching what is missing). Returns NULL, or why not. */
static const char *corpus_ready(char *why, size_t len)
{
    struct verr e;
    char *py = process_resolve_exe("python3", &e);
    if (py == NULL) {
        snprintf(why, len, "no python3 for the reference: %.900s", e.msg);
        return why;
    }
    free(py);
    char *argv[] = {VERSUS_BIN,   "data",   "fetch", "--input", "canada,citm_catalog,twitter",
                    "--data-dir", DATA_DIR, NULL};
    char *out = NULL, *err = NULL;
    int rc = process_capture(argv, NULL, 1 << 16, &out, &err, &e);
    free(out);
    if (rc != 0) {
        snprintf(why, len, "versus data fetch failed (exit %d): %.900s", rc, err ? err : e.msg);
        free(err);
        return why;
    }
    free(err);
    return NULL;
}

int main(void)
{
    char why[1024];
    const char *no_corpus = corpus_ready(why, sizeof why);
    Suite *s = suite_create("c-json-stats");
    TCase *tc = tcase_create("ground-truth");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, small_documents_match_hand_derived_statistics);
    tcase_add_test(tc, bad_input_is_one_line_and_exit_2);
    if (no_corpus == NULL)
        tcase_add_loop_test(tc, corpus_file_matches_python_json, 0, (int)N_CORPUS);
    suite_add_tcase(s, tc);
    return vt_run_suite(s, "test_c_json_stats", no_corpus);
}
