/*
 * test_bisect.c - `versus bisect` end to end: a real git repository of 8 commits whose build
 * script copies the file `units` to `units.built`, which the benchmark reads
 * (tests/helpers/work_units @units.built: 50 units, 60 from commit 5 on, a 20 % slowdown).
 * Bisecting commit 1 (good) .. commit 8 (bad) on CPU time must build each commit tested in its
 * own worktree (the benchmark cannot run without the build's file), name commit 5 as the first
 * bad one, exit 0, write the versus-bisect/1 document, and leave no worktree behind. From
 * commit 5 on nothing is slower (exit 1); an unknown commit is bad usage (exit 2).
 */
#include <check.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "versus_test.h"

#define COMMITS 8
#define BAD_FROM 5 /* 1-based: commits 5..8 do 20 % more work */

/* Makes the repository and returns the commit hashes (oldest first) in shas. */
static void make_repository(const char *repo, char shas[COMMITS][41])
{
    char path[1200];
    free(vt_git(repo, VT_ARGS("init", "-q")));
    snprintf(path, sizeof path, "%s/build.sh", repo);
    vt_write_text(path, "#!/bin/sh\n# the build: what the benchmark runs is made here\n"
                        "cp units units.built\n");
    ck_assert_int_eq(chmod(path, 0755), 0);
    snprintf(path, sizeof path, "%s/units", repo);
    for (int i = 1; i <= COMMITS; i++) {
        vt_write_text(path, i >= BAD_FROM ? "60\n" : "50\n");
        char message[32];
        snprintf(message, sizeof message, "commit %d", i);
        free(vt_git(repo, VT_ARGS("add", "units", "build.sh")));
        free(vt_git(repo, VT_ARGS("commit", "-q", "--allow-empty", "-m", message)));
        char *sha = vt_git(repo, VT_ARGS("rev-parse", "HEAD"));
        ck_assert_uint_ge(strlen(sha), 40);
        snprintf(shas[i - 1], 41, "%.40s", sha);
        free(sha);
    }
}

START_TEST(test_names_the_first_slow_commit)
{
    char dir[512], repo[600], json_path[600], bench[1200];
    vt_make_tmpdir(dir, sizeof dir, "bisect");
    snprintf(repo, sizeof repo, "%s/repo", dir);
    snprintf(json_path, sizeof json_path, "%s/bisect.json", dir);
    snprintf(bench, sizeof bench, "%s/work_units @units.built", VERSUS_HELPERS_DIR);
    ck_assert_int_eq(mkdir(repo, 0755), 0);
    char shas[COMMITS][41];
    make_repository(repo, shas);

    char *out = NULL, *err = NULL;
    int rc = vt_run_versus_args(&out, &err,
                                VT_ARGS("bisect", "--quiet", "--repo", repo, "--build",
                                        "./build.sh", "--metric", "cpu", "--runs", "5", "--json",
                                        json_path, shas[0], shas[COMMITS - 1], bench));
    fputs(out, stdout);
    ck_assert_msg(rc == 0, "versus bisect exited %d: %s", rc, err);
    char expected[64];
    snprintf(expected, sizeof expected, "first bad commit: %.7s commit %d", shas[BAD_FROM - 1],
             BAD_FROM);
    ck_assert_msg(strstr(out, expected) != NULL, "no '%s' in the output", expected);
    free(out);
    free(err);

    json_error_t je;
    json_t *doc = json_load_file(json_path, 0, &je);
    ck_assert_ptr_nonnull(doc);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "schema")), "versus-bisect/1");
    ck_assert_str_eq(json_string_value(json_object_get(doc, "first_bad")), shas[BAD_FROM - 1]);
    ck_assert_uint_eq(json_array_size(json_object_get(doc, "commits")), COMMITS - 1);
    /* BAD, then midpoints: 7 candidates take 3 or 4 measurements, never all 7. */
    const json_t *steps = json_object_get(doc, "steps");
    ck_assert_uint_ge(json_array_size(steps), 3);
    ck_assert_uint_le(json_array_size(steps), 4);
    size_t i;
    const json_t *s;
    json_array_foreach(steps, i, s)
    {
        int at = (int)json_integer_value(json_object_get(s, "position")) + 2; /* 1-based */
        double ratio = json_number_value(json_object_get(s, "ratio"));
        bool bad = json_is_true(json_object_get(s, "bad"));
        ck_assert_msg(bad == (at >= BAD_FROM), "commit %d judged %s (ratio %.3f)", at,
                      bad ? "bad" : "good", ratio);
        /* Generous: interleaved CPU times of 5 runs a side on this shared machine measured the
         * 20 % step as 1.087 once in a whole-suite run (the judgement was still right). */
        if (bad)
            ck_assert_msg(ratio > 1.05 && ratio < 1.5, "commit %d: ratio %.3f is not near 1.2", at,
                          ratio);
    }
    json_decref(doc);
    /* Every worktree is gone: only the repository's own remains. */
    out = vt_git(repo, VT_ARGS("worktree", "list", "--porcelain"));
    ck_assert_ptr_null(strstr(strstr(out, "worktree ") + 1, "worktree "));
    free(out);

    /* From commit 5 to 8 nothing gets slower: nothing to bisect. */
    rc = vt_run_versus_args(&out, NULL,
                            VT_ARGS("bisect", "--quiet", "--repo", repo, "--build", "./build.sh",
                                    "--metric", "cpu", "--runs", "5", shas[BAD_FROM - 1],
                                    shas[COMMITS - 1], bench));
    ck_assert_int_eq(rc, 1);
    ck_assert_ptr_nonnull(strstr(out, "nothing to bisect"));
    free(out);
    /* Bad usage: an unknown commit, BAD before GOOD, a directory that is no repository. */
    ck_assert_int_eq(vt_run_versus_args(
                         NULL, NULL, VT_ARGS("bisect", "--repo", repo, "feedface", shas[1], bench)),
                     2);
    ck_assert_int_eq(
        vt_run_versus_args(NULL, NULL, VT_ARGS("bisect", "--repo", repo, shas[3], shas[1], bench)),
        2);
    ck_assert_int_eq(
        vt_run_versus_args(NULL, NULL, VT_ARGS("bisect", "--repo", dir, shas[0], shas[1], bench)),
        2);
    vt_remove_tree(dir);
}
END_TEST

static Suite *bisect_suite(void)
{
    Suite *suite = suite_create("bisect");
    TCase *tc = tcase_create("git");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_names_the_first_slow_commit);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    return vt_run_suite(bisect_suite(), "test_bisect", NULL);
}
