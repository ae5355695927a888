/*
 * versus_test.h - what the integration tests share: a fresh scratch directory per test, and
 * running the versus binary under test (VERSUS_BIN) with its output captured.
 *
 * Compiled into every integration test (tests/CMakeLists.txt), so VERSUS_BIN and
 * VERSUS_TEST_TMP are the test's own compile definitions. Both functions fail the calling
 * Check test (ck_assert) when they cannot do their job.
 */
#ifndef VERSUS_TEST_H
#define VERSUS_TEST_H

#include <stddef.h>

/* Makes a new directory VERSUS_TEST_TMP/<name>.XXXXXX (mkdtemp) and writes its path into dir
 * (len bytes). */
void vt_make_tmpdir(char *dir, size_t len, const char *name);

/* Runs VERSUS_BIN with args (a NULL-terminated list, at most 62) and waits for it. Returns its
 * exit status (128 + N for a signal N, as process_capture). stdout goes into *out (malloc'd),
 * or, when out is NULL, is echoed to this test's stdout; stderr goes into *err (malloc'd), or
 * is dropped when err is NULL. The first 1 MiB of stdout is kept, the last bytes of stderr
 * (process_capture). */
int vt_run_versus_args(char **out, char **err, const char *const *args);

/* A NULL-terminated argument list: VT_ARGS("run", "--quiet"). */
#define VT_ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

#endif
