/*
 * versus_test.h - what the tests share: a fresh scratch directory per test (and its removal),
 * running the versus binary under test (VERSUS_BIN) with its output captured, and git in a
 * test repository.
 *
 * Part of the versustest library linked into every unit and integration test
 * (tests/CMakeLists.txt), which gives it VERSUS_BIN and VERSUS_TEST_TMP. The functions fail
 * the calling Check test (ck_assert) when they cannot do their job.
 */
#ifndef VERSUS_TEST_H
#define VERSUS_TEST_H

#include "define/workload.h"

#include <check.h>
#include <jansson.h>
#include <stddef.h>

/* Makes a new directory VERSUS_TEST_TMP/<name>.XXXXXX (mkdtemp) and writes its path into dir
 * (len bytes). */
void vt_make_tmpdir(char *dir, size_t len, const char *name);

/* The same, returning the path malloc'd (free it, or give it to vt_free_tmpdir). */
char *vt_new_tmpdir(const char *name);

/* Removes path and everything below it, like rm -rf (data_remove_tree: directories made
 * writable first, symbolic links removed, not followed). What cannot be removed is left. */
void vt_remove_tree(const char *path);

/* An input definition (define/workload.h) read from JSON text such as
 * {"name": "x", "kind": "npm", "file": "x.txt", "sha256": "..."}: its strings borrowed from the
 * JSON, which it holds in .def (release with json_decref(in.def)). Fails the test on bad JSON. */
struct input_def vt_input_from_json(const char *json_text);

/* Runs argv (NULL-terminated, argv[0] absolute or on PATH) unmeasured, its output captured and
 * dropped; fails the test unless it exits 0, quoting its stderr. */
void vt_run_ok(char **argv);

/* vt_remove_tree(dir), then free(dir): the end of a directory from vt_new_tmpdir. */
void vt_free_tmpdir(char *dir);

/* Runs VERSUS_BIN with args (a NULL-terminated list, at most 62) and waits for it. Returns its
 * exit status (128 + N for a signal N, as process_capture). stdout goes into *out (malloc'd),
 * or, when out is NULL, is echoed to this test's stdout; stderr goes into *err (malloc'd), or
 * is dropped when err is NULL. The first 1 MiB of stdout is kept, the last bytes of stderr
 * (process_capture). */
int vt_run_versus_args(char **out, char **err, const char *const *args);

/* For main(), outside a Check test (nothing here calls ck_assert): makes a new directory
 * VERSUS_TEST_TMP/<test>.XXXXXX, runs VERSUS_BIN with args (NULL-terminated, at most 60) and
 * "--json DIR/result.json", echoes its stdout and loads that document. Returns it (a new
 * reference), or NULL after printing why, naming test, when versus wrote none. */
json_t *vt_main_run_versus_doc(const char *test, const char *const *args);

/* The exit code ctest reads as "skipped" (SKIP_RETURN_CODE in tests/CMakeLists.txt). */
#define VT_SKIP_CODE 77

/* For main(): the test program named test cannot run here because of why (a tool or a runner
 * missing). Prints "test: SKIPPED: why" and returns VT_SKIP_CODE, so that ctest reports a skip,
 * not a pass; when the environment has VERSUS_REQUIRE_ALL_TESTS=1 (scripts/test.sh sets it,
 * so CI does), prints "test: FAILED: ..." and returns 1 instead: a test the README promises
 * must not be skipped silently. */
int vt_skip_program(const char *test, const char *why);

/* For main(): runs suite s (CK_NORMAL output) and returns the program's exit code: EXIT_FAILURE
 * when a test failed; else, when skipped is a non-empty reason (what could not be checked
 * here), vt_skip_program(test, skipped); else EXIT_SUCCESS. */
int vt_run_suite(Suite *s, const char *test, const char *skipped);

/* Runs git with args (NULL-terminated, at most 8) in dir, with a fixed author and no signing,
 * and returns its stdout (malloc'd); fails the test when git fails. */
char *vt_git(const char *dir, const char *const *args);

/* Writes text into path (created or truncated); fails the test when it cannot. */
void vt_write_text(const char *path, const char *text);

/* A NULL-terminated argument list: VT_ARGS("run", "--quiet"). */
#define VT_ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

#endif
