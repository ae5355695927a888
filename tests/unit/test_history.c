/*
 * test_history.c - the benchmark history (history.h): a line per result with the commit (the
 * document's, or the one given), the date and every cell's medians (null for a cell without
 * figures); appending twice gives two lines, each valid JSON; a history whose last line lost
 * its newline is mended rather than glued to.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "result/history.h"
#include "util/fsutil.h"

#define FIXTURE VERSUS_SOURCE_DIR "/tests/fixtures/interchange/result.json"

static json_t *fixture(void)
{
    json_error_t e;
    json_t *doc = json_load_file(FIXTURE, 0, &e);
    ck_assert_msg(doc != NULL, "%s:%d: %s", FIXTURE, e.line, e.text);
    return doc;
}

static char *tmp_path(const char *name)
{
    static char path[8300];
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/history.%d", VERSUS_TEST_TMP, (int)getpid());
    ck_assert_int_eq(fsutil_mkdir_p(dir, NULL), 0);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    unlink(path);
    return path;
}

static void check_entry(const json_t *e, const char *commit)
{
    ck_assert_str_eq(json_string_value(json_object_get(e, "commit")), commit);
    ck_assert_str_eq(json_string_value(json_object_get(e, "date")), "2026-11-21T15:02:11Z");
    json_t *cells = json_object_get(e, "cells");
    ck_assert_int_eq(json_array_size(cells), 6);
    json_t *g = json_array_get(cells, 0);
    ck_assert_str_eq(json_string_value(json_object_get(g, "workload")), "grep");
    ck_assert_str_eq(json_string_value(json_object_get(g, "input")), "brown");
    ck_assert_str_eq(
        json_string_value(json_object_get(json_object_get(g, "parameters"), "pattern")),
        "President");
    ck_assert_str_eq(json_string_value(json_object_get(g, "runner")), "gnu-grep");
    ck_assert_str_eq(json_string_value(json_object_get(g, "verdict")), "verified");
    ck_assert_double_eq_tol(json_number_value(json_object_get(g, "median_wall_s")), 0.0158, 1e-12);
    ck_assert_double_eq_tol(json_number_value(json_object_get(g, "median_cpu_s")), 0.007, 1e-12);
    ck_assert_double_eq_tol(json_number_value(json_object_get(g, "median_max_rss_bytes")), 1835008,
                            1e-6);
    json_t *crasher = json_array_get(cells, 2);
    ck_assert_str_eq(json_string_value(json_object_get(crasher, "verdict")), "failed");
    ck_assert(json_is_null(json_object_get(crasher, "median_wall_s")));
    ck_assert(json_is_null(json_object_get(crasher, "median_max_rss_bytes")));
    json_t *cmd = json_array_get(cells, 5);
    ck_assert(json_is_null(json_object_get(cmd, "input")));
    ck_assert_str_eq(json_string_value(json_object_get(cmd, "runner")), "sleep 0.01");
}

START_TEST(entry_takes_commit_date_and_medians)
{
    json_t *doc = fixture();
    json_t *e = history_entry(doc, NULL);
    check_entry(e, "23026c6f00000000000000000000000000000000");
    json_decref(e);
    e = history_entry(doc, "feedbeef");
    check_entry(e, "feedbeef");
    json_decref(e);
    json_decref(doc);
}
END_TEST

START_TEST(append_twice_gives_two_json_lines)
{
    json_t *doc = fixture();
    char *path = strdup(tmp_path("sub/dir/history.jsonl")); /* directories are created */
    struct verr err;
    json_t *e1 = history_entry(doc, "aaaa"), *e2 = history_entry(doc, NULL);
    ck_assert_msg(history_append(path, e1, &err) == 0, "%s", err.msg);
    ck_assert_msg(history_append(path, e2, &err) == 0, "%s", err.msg);
    size_t len;
    char *text = fsutil_read_file(path, &len, &err);
    ck_assert_ptr_nonnull(text);
    ck_assert(len > 0 && text[len - 1] == '\n');
    char *save = NULL;
    int n = 0;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        json_error_t je;
        json_t *j = json_loads(line, 0, &je);
        ck_assert_msg(j != NULL, "line %d: %s", n + 1, je.text);
        check_entry(j, n == 0 ? "aaaa" : "23026c6f00000000000000000000000000000000");
        json_decref(j);
        n++;
    }
    ck_assert_int_eq(n, 2);
    free(text);
    free(path);
    json_decref(e1);
    json_decref(e2);
    json_decref(doc);
}
END_TEST

START_TEST(a_missing_final_newline_is_mended)
{
    char *path = strdup(tmp_path("torn.jsonl"));
    const char *old = "{\"commit\":\"old\",\"date\":null,\"cells\":[]}";
    ck_assert_int_eq(fsutil_write_atomic(path, old, strlen(old), NULL), 0);
    json_t *e = json_pack("{s:s, s:n, s:[]}", "commit", "new", "date", "cells");
    ck_assert_int_eq(history_append(path, e, NULL), 0);
    char *text = fsutil_read_file(path, NULL, NULL);
    ck_assert_str_eq(text, "{\"commit\":\"old\",\"date\":null,\"cells\":[]}\n"
                           "{\"commit\":\"new\",\"date\":null,\"cells\":[]}\n");
    free(text);
    free(path);
    json_decref(e);
}
END_TEST

/* A torn last line (not JSON, no newline) is refused, naming the line; the file is left. */
START_TEST(a_torn_last_line_is_refused)
{
    char *path = strdup(tmp_path("torn2.jsonl"));
    const char *old = "{\"commit\":\"a\",\"date\":null,\"cells\":[]}\n{\"commit\":\"b\",\"da";
    ck_assert_int_eq(fsutil_write_atomic(path, old, strlen(old), NULL), 0);
    json_t *e = json_pack("{s:s, s:n, s:[]}", "commit", "new", "date", "cells");
    struct verr err;
    ck_assert_int_eq(history_append(path, e, &err), -1);
    ck_assert_msg(strstr(err.msg, "torn2.jsonl:2: the last line is torn") != NULL, "%s", err.msg);
    char *text = fsutil_read_file(path, NULL, NULL);
    ck_assert_str_eq(text, old);
    free(text);
    free(path);
    json_decref(e);
}
END_TEST

/* A history file that is a symbolic link is written through: the link stays a link. */
START_TEST(a_symlinked_history_is_written_through)
{
    char *target = strdup(tmp_path("real.jsonl")), *link = strdup(tmp_path("link.jsonl"));
    const char *old = "{\"commit\":\"a\",\"date\":null,\"cells\":[]}\n";
    ck_assert_int_eq(fsutil_write_atomic(target, old, strlen(old), NULL), 0);
    unlink(link);
    ck_assert_int_eq(symlink(target, link), 0);
    json_t *e = json_pack("{s:s, s:n, s:[]}", "commit", "new", "date", "cells");
    struct verr err;
    ck_assert_msg(history_append(link, e, &err) == 0, "%s", err.msg);
    struct stat st;
    ck_assert_int_eq(lstat(link, &st), 0);
    ck_assert(S_ISLNK(st.st_mode));
    char *text = fsutil_read_file(target, NULL, NULL);
    ck_assert_str_eq(text, "{\"commit\":\"a\",\"date\":null,\"cells\":[]}\n"
                           "{\"commit\":\"new\",\"date\":null,\"cells\":[]}\n");
    free(text);
    free(target);
    free(link);
    json_decref(e);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("history");
    TCase *tc = tcase_create("history");
    tcase_add_test(tc, entry_takes_commit_date_and_medians);
    tcase_add_test(tc, append_twice_gives_two_json_lines);
    tcase_add_test(tc, a_missing_final_newline_is_mended);
    tcase_add_test(tc, a_torn_last_line_is_refused);
    tcase_add_test(tc, a_symlinked_history_is_written_through);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
