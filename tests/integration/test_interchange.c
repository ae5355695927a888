/*
 * test_interchange.c - results leaving versus and coming together, end to end with the real
 * binary:
 *   - `versus run --shard 1/2` and `--shard 2/2` on a fixture workload of 6 groups run every
 *     group exactly once between them, each records its shard, and `versus merge` of the two
 *     holds exactly the cell identities of one unsharded run; merging a shard with itself is
 *     refused (exit 2, one line) unless --allow-duplicates;
 *   - `versus run` and `versus cmd` write the --export-* files beside the result;
 *   - `versus export` writes each format, and refuses bad input with exit 2 and one line;
 *   - `versus history append` twice gives two JSON lines.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "measure/process.h"
#include "util/fsutil.h"
#include "versus_test.h"

#define SHARD_FIXTURE VERSUS_SOURCE_DIR "/tests/fixtures/shard"
#define RESULT_FIXTURE VERSUS_SOURCE_DIR "/tests/fixtures/interchange/result.json"

static char tmpdir[4096];

static void make_tmpdir(void)
{
    vt_make_tmpdir(tmpdir, sizeof tmpdir, "interchange");
}

/* tmpdir/name in a static buffer (one of 64, used in turn: a test keeps fewer). */
static const char *in_tmp(const char *name)
{
    static char bufs[64][4300];
    static int next;
    char *b = bufs[next++ % 64];
    snprintf(b, sizeof bufs[0], "%s/%s", tmpdir, name);
    return b;
}

/* run_versus(&err, "run", "--quiet", NULL): exit status, stderr in *err (NULL: dropped). */
#define run_versus(err_text, ...)                                                                  \
    vt_run_versus_args(NULL, err_text, (const char *const[]){__VA_ARGS__})

static int count_lines(const char *text)
{
    int n = 0;
    for (; text && *text; text++)
        n += *text == '\n';
    return n;
}

/* Exit status 2 and exactly one line on stderr. */
static void expect_usage_error(int rc, char *err, const char *needle)
{
    ck_assert_msg(rc == 2, "exit %d, stderr: %s", rc, err ? err : "");
    ck_assert_msg(count_lines(err) == 1, "stderr is not one line: %s", err ? err : "");
    ck_assert_msg(strstr(err, needle) != NULL, "stderr lacks '%s': %s", needle, err);
    free(err);
}

static json_t *load(const char *path)
{
    json_error_t e;
    json_t *doc = json_load_file(path, 0, &e);
    ck_assert_msg(doc != NULL, "%s:%d: %s", path, e.line, e.text);
    return doc;
}

/* Runs the shard fixture (6 groups of 2 cells) into json, with extra arguments. */
static void run_fixture(const char *json, const char *shard, const char *extra1, const char *extra2)
{
    char *err = NULL;
    int rc = run_versus(&err, "run", "--manifest", SHARD_FIXTURE "/runners.json", "--workloads",
                        SHARD_FIXTURE "/workloads", "--data-dir", in_tmp("data"), "--runs", "2",
                        "--warmup", "0", "--quiet", "--color", "never", "--json", json,
                        shard ? "--shard" : extra1, shard ? shard : extra2, shard ? extra1 : NULL,
                        extra2, NULL);
    ck_assert_msg(rc == 0, "exit %d, stderr: %s", rc, err ? err : "");
    free(err);
}

/* "workload|input|parameters|runner" of every cell, sorted, one per line (malloc'd). */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *identities(const json_t *doc)
{
    json_t *cells = json_object_get(doc, "cells");
    size_t n = json_array_size(cells);
    char **ids = calloc(n + 1, sizeof *ids);
    for (size_t i = 0; i < n; i++) {
        json_t *c = json_array_get(cells, i);
        char *params = json_dumps(json_object_get(c, "parameters"), JSON_SORT_KEYS | JSON_COMPACT);
        const char *input = json_string_value(json_object_get(json_object_get(c, "input"), "name"));
        size_t len = strlen(params) + 256;
        ids[i] = malloc(len);
        snprintf(ids[i], len, "%s|%s|%s|%s", json_string_value(json_object_get(c, "workload")),
                 input ? input : "-", params, json_string_value(json_object_get(c, "runner")));
        free(params);
    }
    qsort(ids, n, sizeof *ids, cmp_str);
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    ck_assert_ptr_nonnull(f);
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "%s\n", ids[i]);
        free(ids[i]);
    }
    fclose(f);
    free(ids);
    return out;
}

/* How many groups a result of the shard fixture holds: every group has 2 cells. */
static size_t group_count(const json_t *doc)
{
    return json_array_size(json_object_get(doc, "cells")) / 2;
}

START_TEST(shards_cover_every_group_once_and_merge_back)
{
    make_tmpdir();
    const char *whole = in_tmp("whole.json"), *s1 = in_tmp("s1.json"), *s2 = in_tmp("s2.json");
    run_fixture(whole, NULL, NULL, NULL);
    run_fixture(s1, "1/2", NULL, NULL);
    run_fixture(s2, "2/2", NULL, NULL);
    json_t *dw = load(whole), *d1 = load(s1), *d2 = load(s2);
    ck_assert_int_eq(group_count(dw), 6);
    ck_assert_int_eq(group_count(d1), 3);
    ck_assert_int_eq(group_count(d2), 3);
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(d1, "settings"), "shard")),
                     "1/2");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(d2, "settings"), "shard")),
                     "2/2");
    /* Each shard's cells are verified: a group's reference stayed with it. */
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(d1, "cells"), i, c)
    {
        ck_assert_str_eq(json_string_value(json_object_get(c, "verdict")), "verified");
    }
    /* Disjoint: no identity in both shards; together: the unsharded plan's. */
    char *i1 = identities(d1), *i2 = identities(d2), *iw = identities(dw);
    for (char *line = i1, *nl; (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
        *nl = '\0';
        ck_assert_msg(strstr(i2, line) == NULL, "%s in both shards", line);
        ck_assert_msg(strstr(iw, line) != NULL, "%s not in the unsharded run", line);
        *nl = '\n';
    }

    const char *merged = in_tmp("merged.json");
    char *err = NULL;
    int rc = run_versus(&err, "merge", s1, s2, "--json", merged, NULL);
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err ? err : "");
    free(err);
    json_t *dm = load(merged);
    char *im = identities(dm);
    ck_assert_str_eq(im, iw);
    ck_assert_int_eq(json_array_size(json_object_get(dm, "merged_from")), 2);
    ck_assert_ptr_nonnull(json_object_get(json_object_get(dm, "env"), "note"));

    rc = run_versus(&err, "merge", s1, s1, "--json", in_tmp("dup.json"), NULL);
    expect_usage_error(rc, err, "is in both");
    ck_assert(!fsutil_exists(in_tmp("dup.json")));
    rc =
        run_versus(&err, "merge", s1, s1, "--allow-duplicates", "--json", in_tmp("dup.json"), NULL);
    ck_assert_int_eq(rc, 0);
    free(err);

    free(i1);
    free(i2);
    free(iw);
    free(im);
    json_decref(dw);
    json_decref(d1);
    json_decref(d2);
    json_decref(dm);
}
END_TEST

START_TEST(bad_shards_and_merges_are_usage_errors)
{
    make_tmpdir();
    char *err = NULL;
    int rc = run_versus(&err, "run", "--manifest", SHARD_FIXTURE "/runners.json", "--workloads",
                        SHARD_FIXTURE "/workloads", "--shard", "3/2", NULL);
    expect_usage_error(rc, err, "--shard needs I/N");
    rc = run_versus(&err, "merge", RESULT_FIXTURE, NULL);
    expect_usage_error(rc, err, "--json");
    rc = run_versus(&err, "merge", in_tmp("nope.json"), "--json", in_tmp("m.json"), NULL);
    expect_usage_error(rc, err, "cannot read");
    const char *notdoc = in_tmp("not.json");
    ck_assert_int_eq(fsutil_write_atomic(notdoc, "{\"results\": 3}", 14, NULL), 0);
    rc = run_versus(&err, "merge", notdoc, "--json", in_tmp("m.json"), NULL);
    ck_assert_int_eq(rc, 2);
    free(err);
}
END_TEST

START_TEST(run_and_cmd_write_exports)
{
    make_tmpdir();
    const char *hf = in_tmp("r.hyperfine.json"), *csv = in_tmp("r.csv");
    const char *gh = in_tmp("gh/r.github.json"), *md = in_tmp("r.md");
    char *err = NULL;
    int rc = run_versus(&err, "run", "--manifest", SHARD_FIXTURE "/runners.json", "--workloads",
                        SHARD_FIXTURE "/workloads", "--data-dir", in_tmp("data"), "--runs", "2",
                        "--warmup", "0", "--quiet", "--color", "never", "--json", in_tmp("r.json"),
                        "--export-hyperfine", hf, "--export-csv", csv, "--export-github", gh,
                        "--export-markdown", md, NULL);
    ck_assert_msg(rc == 0, "exit %d, stderr: %s", rc, err ? err : "");
    free(err);
    json_t *h = load(hf);
    ck_assert_int_eq(json_array_size(json_object_get(h, "results")), 12);
    json_t *r0 = json_array_get(json_object_get(h, "results"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(r0, "command")),
                     "first (words one, tiny-a)");
    ck_assert_int_eq(json_array_size(json_object_get(r0, "times")), 2);
    json_decref(h);
    json_t *g = load(gh);
    ck_assert_int_eq(json_array_size(g), 12);
    json_decref(g);
    char *text = fsutil_read_file(csv, NULL, NULL);
    ck_assert_int_eq(count_lines(text), 13);
    free(text);
    text = fsutil_read_file(md, NULL, NULL);
    ck_assert(strstr(text, "### words · tiny-a (1.00 KiB) · one") != NULL);
    free(text);

    rc = run_versus(&err, "cmd", "--runs", "2", "--warmup", "0", "--quiet", "--json",
                    in_tmp("c.json"), "--export-hyperfine", in_tmp("c.hf.json"),
                    VERSUS_HELPERS_DIR "/sleep_ms 5", NULL);
    ck_assert_msg(rc == 0, "exit %d, stderr: %s", rc, err ? err : "");
    free(err);
    h = load(in_tmp("c.hf.json"));
    ck_assert_int_eq(json_array_size(json_object_get(h, "results")), 1);
    r0 = json_array_get(json_object_get(h, "results"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(r0, "command")),
                     VERSUS_HELPERS_DIR "/sleep_ms 5");
    ck_assert(json_real_value(json_object_get(r0, "median")) >= 0.005);
    json_decref(h);
}
END_TEST

START_TEST(export_writes_every_format_and_rejects_bad_arguments_as_usage_errors)
{
    make_tmpdir();
    const char *formats[] = {"hyperfine", "github-action-benchmark", "csv", "markdown"};
    for (size_t i = 0; i < 4; i++) {
        const char *out = in_tmp(formats[i]);
        char *err = NULL;
        int rc =
            run_versus(&err, "export", RESULT_FIXTURE, "--format", formats[i], "--out", out, NULL);
        ck_assert_msg(rc == 0, "%s: exit %d, stderr: %s", formats[i], rc, err ? err : "");
        free(err);
        ck_assert(fsutil_file_size(out) > 100);
    }
    json_t *h = load(in_tmp("hyperfine"));
    ck_assert_int_eq(json_array_size(json_object_get(h, "results")), 4);
    json_decref(h);

    char *err = NULL;
    int rc = run_versus(&err, "export", RESULT_FIXTURE, "--format", "xml", NULL);
    expect_usage_error(rc, err, "unknown export format 'xml'");
    rc = run_versus(&err, "export", RESULT_FIXTURE, NULL);
    expect_usage_error(rc, err, "--format");
    rc = run_versus(&err, "export", in_tmp("missing.json"), "--format", "csv", NULL);
    expect_usage_error(rc, err, "cannot read");
    const char *broken = in_tmp("broken.json");
    ck_assert_int_eq(fsutil_write_atomic(broken, "{\"schema\": ", 11, NULL), 0);
    rc = run_versus(&err, "export", broken, "--format", "csv", NULL);
    expect_usage_error(rc, err, "broken.json:1:");
}
END_TEST

START_TEST(history_append_adds_one_line_per_result_with_its_commit)
{
    make_tmpdir();
    const char *file = in_tmp("hist/history.jsonl");
    char *err = NULL;
    int rc = run_versus(&err, "history", "append", RESULT_FIXTURE, "--file", file, NULL);
    ck_assert_msg(rc == 0, "exit %d, stderr: %s", rc, err ? err : "");
    free(err);
    rc = run_versus(&err, "history", "append", "--commit", "cafe", RESULT_FIXTURE, "--file", file,
                    NULL);
    ck_assert_msg(rc == 0, "exit %d, stderr: %s", rc, err ? err : "");
    free(err);
    char *text = fsutil_read_file(file, NULL, NULL);
    ck_assert_int_eq(count_lines(text), 2);
    char *second = strchr(text, '\n') + 1;
    json_t *j = json_loads(second, JSON_DISABLE_EOF_CHECK, NULL);
    ck_assert_ptr_nonnull(j);
    ck_assert_str_eq(json_string_value(json_object_get(j, "commit")), "cafe");
    ck_assert_int_eq(json_array_size(json_object_get(j, "cells")), 6);
    json_decref(j);
    free(text);

    rc = run_versus(&err, "history", "prepend", RESULT_FIXTURE, NULL);
    ck_assert_int_eq(rc, 2);
    free(err);
    rc = run_versus(&err, "history", "append", NULL);
    expect_usage_error(rc, err, "RESULT.json");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("interchange");
    TCase *tc = tcase_create("end-to-end");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, shards_cover_every_group_once_and_merge_back);
    tcase_add_test(tc, bad_shards_and_merges_are_usage_errors);
    tcase_add_test(tc, run_and_cmd_write_exports);
    tcase_add_test(tc, export_writes_every_format_and_rejects_bad_arguments_as_usage_errors);
    tcase_add_test(tc, history_append_adds_one_line_per_result_with_its_commit);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
