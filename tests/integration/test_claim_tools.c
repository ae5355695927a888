/*
 * test_claim_tools.c - the "X -> Rust tool" workloads end to end: `versus run` of grep-tree
 * (GNU grep -r / ripgrep), find-name (find / fd), lint (flake8 / ruff check) and format-check
 * (black / ruff format --check) with the real tools, one run each, on a small tree made here
 * that holds what makes tools disagree when they are not told the same thing: hidden files and
 * a hidden folder, a .gitignore naming files, a binary file, files with a UTF-16 and a UTF-8
 * byte-order mark, a symbolic link to a file and one to a folder, Python files with known
 * pyflakes findings (F403, F405, F841) and files black would reformat. Every cell must be
 * verified, and the references must say what the tree holds (so that "verified" is not two
 * empty outputs agreeing). Also: `versus data fetch` skips an input marked large.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "measure/process.h"
#include "util/fsutil.h"
#include "versus_test.h"

static char tmpdir[4096];

static void make_tmpdir(void)
{
    vt_make_tmpdir(tmpdir, sizeof tmpdir, "claim_tools");
}

/* run_versus(&err, "run", "--quiet", NULL): exit status, stderr in *err, stdout echoed. */
#define run_versus(err_text, ...)                                                                  \
    vt_run_versus_args(NULL, err_text, (const char *const[]){__VA_ARGS__})

/* Writes len bytes of data to tree/rel (parents made). */
static void put(const char *tree, const char *rel, const char *data, size_t len)
{
    char path[4600];
    snprintf(path, sizeof path, "%s/%s", tree, rel);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    ck_assert_int_eq(fsutil_mkdir_p(path, NULL), 0);
    *slash = '/';
    struct verr err;
    ck_assert_msg(fsutil_write_atomic(path, data, len, &err) == 0, "%s", err.msg);
}

static void put_text(const char *tree, const char *rel, const char *text)
{
    put(tree, rel, text, strlen(text));
}

/* The fixture tree (see the top of the file). */
static void make_tree(const char *tree)
{
    /* F403 and F405 (star import), F841 (unused local); formatted as black wants. */
    put_text(tree, "a.py",
             "from os.path import *\n\n\ndef f():\n    unused = 1\n    return undefined_name\n"
             "\n\n# ValidationError raised elsewhere\n");
    /* Needs reformatting (quotes, spacing, blank lines). */
    put_text(tree, "b.py", "x = {  'a':37,'b':42,\n'c':927}\ndef g( a ):\n  return a+1\n");
    put_text(tree, ".hidden/h.py", "def h():\n    y = 2\n    return 3\n");
    put_text(tree, ".h.py", "import os\n\n\ndef k():\n    z = 1\n");
    put_text(tree, ".gitignore", "ignored.py\n*.dat\n");
    put_text(tree, "ignored.py", "def ign( ):\n    w = 'ValidationError'\n");
    put_text(tree, "sub/c.py", "x = 1\n");
    put_text(tree, "sub/d.py", "def m():\n    v = 1\n");
    put_text(tree, "sub/notes.txt", "raise ValidationError(\"x\")\nNotFoundError\n");
    static const char binary[] = "ValidationError in binary\0\1\2 more\nline two KeyError\n";
    put(tree, "bin.dat", binary, sizeof binary - 1);
    static const char utf16[] = "\xff\xfeV\0a\0l\0i\0d\0a\0t\0i\0o\0n\0E\0r\0r\0o\0r\0\n\0";
    put(tree, "utf16.txt", utf16, sizeof utf16 - 1);
    put_text(tree, "utf8bom.txt", "\xef\xbb\xbfValidationError with a BOM\n");
    char target[4600], link[4600];
    snprintf(link, sizeof link, "%s/link.py", tree);
    snprintf(target, sizeof target, "a.py");
    ck_assert_int_eq(symlink(target, link), 0);
    snprintf(link, sizeof link, "%s/linkdir", tree);
    ck_assert_int_eq(symlink("sub", link), 0);
}

static const char *verdict_of(const json_t *cell)
{
    return json_string_value(json_object_get(cell, "verdict"));
}

/* The reference output recorded for the group of workload/case (NULL when none). */
static const char *reference_of(const json_t *doc, const char *workload, const char *case_name)
{
    size_t i;
    const json_t *c;
    json_array_foreach(json_object_get(doc, "cells"), i, c)
    {
        const json_t *params = json_object_get(c, "parameters");
        if (strcmp(json_string_value(json_object_get(c, "workload")), workload) == 0 &&
            strcmp(json_string_value(json_object_get(params, "name")), case_name) == 0)
            return json_string_value(json_object_get(c, "reference_output"));
    }
    return NULL;
}

static void assert_has(const char *text, const char *part)
{
    ck_assert_msg(text != NULL && strstr(text, part) != NULL, "'%s' not in '%s'", part,
                  text ? text : "(null)");
}

static void assert_lacks(const char *text, const char *part)
{
    ck_assert_msg(text != NULL && strstr(text, part) == NULL, "'%s' in '%s'", part,
                  text ? text : "(null)");
}

START_TEST(every_tool_pair_verifies_on_a_tricky_tree)
{
    make_tmpdir();
    char tree[4200], json[4200];
    snprintf(tree, sizeof tree, "%s/tree", tmpdir);
    snprintf(json, sizeof json, "%s/out.json", tmpdir);
    make_tree(tree);
    char *err = NULL;
    int rc = run_versus(&err, "run", "--workload", "grep-tree,find-name,lint,format-check",
                        "--input-file", tree, "--runs", "1", "--warmup", "0", "--quiet", "--color",
                        "never", "--json", json, NULL);
    json_error_t jerr;
    json_t *doc = json_load_file(json, 0, &jerr);
    ck_assert_msg(doc != NULL, "exit %d, no result (%s); stderr: %s", rc, jerr.text,
                  err ? err : "");
    size_t i, verified = 0;
    json_t *c;
    json_array_foreach(json_object_get(doc, "cells"), i, c)
    {
        ck_assert_msg(strcmp(verdict_of(c), "verified") == 0, "%s %s on %s: %s: %s",
                      json_string_value(json_object_get(c, "workload")),
                      json_string_value(json_object_get(c, "runner")),
                      json_string_value(json_object_get(json_object_get(c, "parameters"), "name")),
                      verdict_of(c), json_string_value(json_object_get(c, "reason")));
        verified++;
    }
    /* grep-tree: 2 cases, find-name, lint, format-check: 1 each; two runners per group. */
    ck_assert_int_eq(verified, 2 * 5);
    ck_assert_msg(rc == 0, "exit %d, stderr: %s", rc, err ? err : "");
    free(err);

    /* The tree's input size is the sum of its regular files (links not followed). */
    const json_t *first = json_array_get(json_object_get(doc, "cells"), 0);
    ck_assert_int_gt(json_integer_value(json_object_get(json_object_get(first, "input"), "bytes")),
                     200);

    /* grep: hidden, ignored and binary files are searched; BOM files as bytes; links not. */
    const char *grep = reference_of(doc, "grep-tree", "literal");
    assert_has(grep, "/bin.dat:ValidationError in binary");
    assert_has(grep, "/ignored.py:    w = 'ValidationError'");
    assert_has(grep, "/utf8bom.txt:\xef\xbb\xbfValidationError");
    assert_has(grep, "/a.py:# ValidationError");
    assert_lacks(grep, "/link.py:");
    assert_lacks(grep, "/linkdir/");
    assert_lacks(grep, "/utf16.txt:");
    /* find: hidden and ignored .py files, not the links. */
    const char *find = reference_of(doc, "find-name", "py");
    assert_has(find, "/.hidden/h.py\n");
    assert_has(find, "/.h.py\n");
    assert_has(find, "/ignored.py\n");
    assert_lacks(find, "link");
    /* lint: the locations of the findings, hidden and ignored files included. */
    const char *lint = reference_of(doc, "lint", "pyflakes");
    assert_has(lint, "/a.py:1:1\n");
    assert_has(lint, "/a.py:5:5\n");
    assert_has(lint, "/.h.py:5:5\n");
    assert_has(lint, "/.hidden/h.py:2:5\n");
    assert_has(lint, "/sub/d.py:2:5\n");
    assert_has(lint, "/ignored.py:2:5\n");
    /* format-check: the two files that need it. */
    const char *fmt = reference_of(doc, "format-check", "check");
    ck_assert_msg(fmt != NULL && strstr(fmt, "/b.py\n") != NULL &&
                      strstr(fmt, "/ignored.py\n") != NULL && strstr(fmt, "/a.py") == NULL,
                  "%s", fmt ? fmt : "(null)");
    json_decref(doc);
}
END_TEST

START_TEST(data_fetch_skips_large_inputs)
{
    make_tmpdir();
    char dir[4200], data[4200];
    snprintf(dir, sizeof dir, "%s/workloads", tmpdir);
    snprintf(data, sizeof data, "%s/data", tmpdir);
    ck_assert_int_eq(fsutil_mkdir_p(dir, NULL), 0);
    const char *inputs =
        "{\"schema\": \"versus-inputs/1\", \"inputs\": [{\"name\": \"big\", \"kind\": "
        "\"pypi-sdist\", \"package\": \"nothing-here==0\", \"file\": \"big\", \"large\": true, "
        "\"sha256\": \"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"}]}\n";
    const char *workload =
        "{\"schema\": \"versus-workload/1\", \"name\": \"w\", \"reference_runner\": \"find\", "
        "\"default_runners\": [\"find\"], \"inputs\": [\"big\"], \"protocol\": [\"w\"], "
        "\"cases\": [{\"name\": \"c\"}]}\n";
    char path[4300];
    snprintf(path, sizeof path, "%s/inputs.json", dir);
    ck_assert_int_eq(fsutil_write_atomic(path, inputs, strlen(inputs), NULL), 0);
    snprintf(path, sizeof path, "%s/w.json", dir);
    ck_assert_int_eq(fsutil_write_atomic(path, workload, strlen(workload), NULL), 0);
    char *err = NULL;
    int rc = run_versus(&err, "data", "fetch", "--workloads", dir, "--data-dir", data, NULL);
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err ? err : "");
    assert_has(err, "skipping big (a large input: add --large to get it)");
    free(err);
    /* versus run does not fetch it either, and says how to. */
    char json[4300];
    snprintf(json, sizeof json, "%s/r.json", tmpdir);
    err = NULL;
    rc = run_versus(&err, "run", "--workloads", dir, "--data-dir", data, "--quiet", "--json", json,
                    NULL);
    /* the cell is skipped, with the reason, and a skipped cell is not a failure (exit 0) */
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err ? err : "");
    assert_has(err, "versus data fetch --large --input big");
    free(err);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("claim_tools");
    TCase *tc = tcase_create("end-to-end");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, every_tool_pair_verifies_on_a_tricky_tree);
    tcase_add_test(tc, data_fetch_skips_large_inputs);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
