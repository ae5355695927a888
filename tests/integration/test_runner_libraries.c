/*
 * test_runner_libraries.c - no runner pays for libraries its workload does not use (issue 17).
 *
 * For each compiled reference runner (c, go, rust) and each of the workloads grep and
 * json-stats, the executable that runners/runners.json runs for that workload (its template's
 * argv[0], or "command"'s for a protocol entry, with {build_dir} and {root} filled in) is given
 * to ldd(1), and every shared library it lists must be on a short allowed list: the C library
 * and the dynamic loader for all, plus what that workload uses (PCRE2 for C grep, jansson for C
 * json-stats, libgcc_s and libm for Rust's unwinding and float formatting). libcurl and its 30
 * dependencies, loaded by the C runner's one executable before, cost grep and json-stats about
 * 3 ms and 6 MiB a run.
 *
 * The C runner is built with the tests; the Go and Rust runners by `versus list --build`. When
 * one of those is not built the program reports a skip (exit 77), or fails under
 * VERSUS_REQUIRE_ALL_TESTS=1 (versus_test.h).
 */
#include <check.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "define/manifest.h"
#include "measure/process.h"
#include "versus_test.h"

#define MANIFEST VERSUS_SOURCE_DIR "/runners/runners.json"

/* Libraries every executable may load: the kernel's vDSO, the C library, the loader. */
static const char *const BASE[] = {"linux-vdso.so.", "linux-gate.so.", "libc.so.", "ld-linux",
                                   NULL};

struct expectation {
    const char *runner, *workload;
    const char *const allowed[4]; /* prefixes of library names, NULL-terminated */
};

static const struct expectation EXPECT[] = {
    {"c", "grep", {"libpcre2-8.so.", NULL}},
    {"c", "json-stats", {"libjansson.so.", NULL}},
    {"rust", "grep", {"libgcc_s.so.", "libm.so.", NULL}},
    {"rust", "json-stats", {"libgcc_s.so.", "libm.so.", NULL}},
    {"go", "grep", {NULL}},
    {"go", "json-stats", {NULL}},
};
#define N_EXPECT (sizeof EXPECT / sizeof EXPECT[0])

/* Replaces the first "{build_dir}" or "{root}" at the start of text. Returns a malloc'd path. */
static char *expand(const char *text)
{
    char out[4096];
    if (strncmp(text, "{build_dir}", 11) == 0)
        snprintf(out, sizeof out, "%s%s", VERSUS_BUILD_DIR, text + 11);
    else if (strncmp(text, "{root}", 6) == 0)
        snprintf(out, sizeof out, "%s%s", VERSUS_SOURCE_DIR, text + 6);
    else if (text[0] != '/')
        snprintf(out, sizeof out, "%s/%s", VERSUS_SOURCE_DIR, text);
    else
        snprintf(out, sizeof out, "%s", text);
    return strdup(out);
}

/* The executable the manifest runs for runner's workload (malloc'd), or NULL after printing
 * why (called from main too, outside any Check test). */
static char *executable_of(const char *runner, const char *workload)
{
    struct manifest m;
    struct verr err;
    if (manifest_load(MANIFEST, &m, &err) != 0) {
        fprintf(stderr, "test_runner_libraries: %s\n", err.msg);
        return NULL;
    }
    const struct runner *r = manifest_find(&m, runner);
    const json_t *entry = r ? json_object_get(r->workloads, workload) : NULL;
    const json_t *argv = json_is_string(entry) ? r->command : entry;
    const char *argv0 = json_string_value(json_array_get(argv, 0));
    char *path = argv0 ? expand(argv0) : NULL;
    if (path == NULL)
        fprintf(stderr, "test_runner_libraries: %s: runner %s has no %s workload\n", MANIFEST,
                runner, workload);
    manifest_free(&m);
    return path;
}

static bool starts_with_any(const char *name, const char *const *prefixes)
{
    for (; *prefixes != NULL; prefixes++) {
        const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
        if (strncmp(base, *prefixes, strlen(*prefixes)) == 0)
            return true;
    }
    return false;
}

/* Checks one expectation: ldd's list against BASE and e->allowed. */
static void check_libraries(const struct expectation *e)
{
    char *exe = executable_of(e->runner, e->workload);
    ck_assert_ptr_nonnull(exe);
    ck_assert_msg(access(exe, X_OK) == 0, "%s not built: %s", e->runner, exe);
    char *argv[] = {"ldd", exe, NULL};
    char *out = NULL, *err_text = NULL;
    struct verr err;
    int rc = process_capture(argv, NULL, 1 << 16, &out, &err_text, &err);
    ck_assert_msg(rc >= 0, "cannot run ldd: %s", err.msg);
    /* ldd says "not a dynamic executable" (exit 1) for a static binary: nothing loaded. */
    if (rc != 0) {
        ck_assert_msg(strstr(err_text ? err_text : "", "not a dynamic executable") != NULL ||
                          strstr(out ? out : "", "not a dynamic executable") != NULL,
                      "ldd %s: exit %d: %s", exe, rc, err_text ? err_text : "");
    } else {
        int n = 0;
        for (char *line = strtok(out, "\n"); line != NULL; line = strtok(NULL, "\n")) {
            char name[512];
            if (sscanf(line, " %511s", name) != 1)
                continue;
            n++;
            ck_assert_msg(starts_with_any(name, BASE) || starts_with_any(name, e->allowed),
                          "%s %s (%s) loads %s, which is not on its allowed list", e->runner,
                          e->workload, exe, name);
        }
        ck_assert_msg(n >= 1, "ldd listed nothing for %s", exe);
        printf("test_runner_libraries: %s %s: %d libraries, all allowed\n", e->runner, e->workload,
               n);
    }
    free(out);
    free(err_text);
    free(exe);
}

START_TEST(workload_loads_only_allowed_libraries)
{
    check_libraries(&EXPECT[_i]);
}
END_TEST

/* The allow list can fail: the C runner's agent executable loads libcurl, which no grep or
 * json-stats list allows. */
START_TEST(the_check_catches_libcurl)
{
    const char *exe = VERSUS_BUILD_DIR "/runners/c/versus-runner-c-agent";
    char *argv[] = {"ldd", (char *)exe, NULL};
    char *out = NULL;
    struct verr err;
    ck_assert_int_eq(process_capture(argv, NULL, 1 << 16, &out, NULL, &err), 0);
    ck_assert_msg(strstr(out, "libcurl") != NULL, "%s", out);
    bool all_allowed = true;
    for (char *line = strtok(out, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        char name[512];
        if (sscanf(line, " %511s", name) == 1)
            all_allowed = all_allowed &&
                          (starts_with_any(name, BASE) || starts_with_any(name, EXPECT[1].allowed));
    }
    ck_assert(!all_allowed);
    free(out);
}
END_TEST

int main(void)
{
    /* Which compiled runners are built here: a missing one is a skip, reported at the end. */
    char missing[1024] = "";
    Suite *s = suite_create("runner-libraries");
    TCase *tc = tcase_create("ldd");
    for (size_t i = 0; i < N_EXPECT; i++) {
        char *exe = executable_of(EXPECT[i].runner, EXPECT[i].workload);
        if (exe == NULL)
            return EXIT_FAILURE;
        if (access(exe, X_OK) == 0) {
            tcase_add_loop_test(tc, workload_loads_only_allowed_libraries, (int)i, (int)i + 1);
        } else if (strstr(missing, EXPECT[i].runner) == NULL) {
            size_t used = strlen(missing);
            snprintf(missing + used, sizeof missing - used, "%s%s not built (%s)", used ? "; " : "",
                     EXPECT[i].runner, exe);
        }
        free(exe);
    }
    tcase_add_test(tc, the_check_catches_libcurl);
    suite_add_tcase(s, tc);
    return vt_run_suite(s, "test_runner_libraries", missing);
}
