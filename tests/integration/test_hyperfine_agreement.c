/*
 * test_hyperfine_agreement.c - versus measures what hyperfine measures: the same short
 * commands, run 20 times by hyperfine (-N: no shell; --output=pipe: stdout read through a
 * pipe, as versus reads it, never /dev/null) and by `versus cmd --runs 20`, have medians of
 * wall time within 10% of each other:
 *   - burn_cpu_ms 30 (CPU-bound, ~30 ms);
 *   - sleep_ms 20 (idle, ~20 ms);
 *   - grep -c the FILE on 16 MiB of text (a real tool that reads a file; ~15 ms, so that the
 *     two tools' different ways of starting a process weigh little).
 * Both get 2 warmup runs. The machine is shared, so a command whose medians disagree is
 * measured again, up to 3 times in all, and passes when one attempt agrees; every attempt is
 * printed. Reported as skipped (exit 77, ctest's SKIP_RETURN_CODE) when hyperfine is not
 * installed, and failed when VERSUS_REQUIRE_ALL_TESTS=1 (scripts/test.sh): scripts/setup.sh
 * installs it (Debian's hyperfine 1.15 has both -N and --output=pipe).
 */
#include <check.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "measure/process.h"
#include "util/argv_split.h"
#include "util/fsutil.h"
#include "versus_test.h"

#define RUNS "20"
#define WARMUP "2"
#define TOLERANCE 0.10
#define ATTEMPTS 3

static char tmpdir[4096];
static char *hyperfine;

static double json_median(const char *path, const char *results_key, const char *cmd)
{
    json_error_t je;
    json_t *doc = json_load_file(path, 0, &je);
    ck_assert_msg(doc != NULL, "%s: %s", path, je.text);
    double median = NAN;
    json_t *list = json_object_get(doc, results_key);
    json_t *first = json_array_get(list, 0);
    ck_assert_int_eq(json_array_size(list), 1);
    if (strcmp(results_key, "results") == 0) { /* hyperfine */
        ck_assert_str_eq(json_string_value(json_object_get(first, "command")), cmd);
        ck_assert_int_eq(json_array_size(json_object_get(first, "times")), atoi(RUNS));
        median = json_number_value(json_object_get(first, "median"));
    } else { /* versus/1 */
        ck_assert_str_eq(json_string_value(json_object_get(first, "verdict")), "ok");
        json_t *wall = json_object_get(json_object_get(first, "summary"), "wall_s");
        ck_assert_int_eq(json_integer_value(json_object_get(wall, "n")), atoi(RUNS));
        median = json_number_value(json_object_get(wall, "median"));
    }
    json_decref(doc);
    return median;
}

/* Measures cmd with both tools; returns true when the medians agree within TOLERANCE. */
static bool agree_once(const char *cmd, int attempt)
{
    char hf_json[4200], vs_json[4200];
    snprintf(hf_json, sizeof hf_json, "%s/hyperfine.json", tmpdir);
    snprintf(vs_json, sizeof vs_json, "%s/versus.json", tmpdir);
    char *hf_argv[] = {hyperfine, "-N",      "--output=pipe", "--runs",        RUNS,    "--warmup",
                       WARMUP,    "--style", "none",          "--export-json", hf_json, (char *)cmd,
                       NULL};
    vt_run_ok(hf_argv);
    char *vs_argv[] = {VERSUS_BIN, "cmd",   "--runs", RUNS,    "--warmup",  WARMUP, "--quiet",
                       "--color",  "never", "--json", vs_json, (char *)cmd, NULL};
    vt_run_ok(vs_argv);
    double h = json_median(hf_json, "results", cmd);
    double v = json_median(vs_json, "cells", cmd);
    double diff = v / h - 1;
    printf("hyperfine agreement: %-60s attempt %d: hyperfine %.2f ms, versus %.2f ms (%+.1f%%)\n",
           cmd, attempt, h * 1e3, v * 1e3, diff * 100);
    fflush(stdout); /* before a failing check ends this forked test process */
    return h > 0 && fabs(diff) <= TOLERANCE;
}

static void check_agreement(const char *cmd)
{
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++)
        if (agree_once(cmd, attempt))
            return;
    ck_abort_msg("medians of '%s' differ by more than %.0f%% in %d attempts", cmd, TOLERANCE * 100,
                 ATTEMPTS);
}

/* Finds hyperfine (main made sure it is installed) and makes the scratch directory. */
static bool setup(void)
{
    struct verr err;
    hyperfine = process_resolve_exe("hyperfine", &err);
    ck_assert_msg(hyperfine != NULL, "%s", err.msg);
    fsutil_mkdir_p(VERSUS_TEST_TMP, NULL);
    snprintf(tmpdir, sizeof tmpdir, "%s/hyperfine.XXXXXX", VERSUS_TEST_TMP);
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    return true;
}

/* The helper commands measured by both tools; each case is named on failure by its command. */
static const char *const HELPER_COMMANDS[] = {
    VERSUS_HELPERS_DIR "/burn_cpu_ms 30", /* CPU-bound */
    VERSUS_HELPERS_DIR "/sleep_ms 20",    /* sleeping: wall time, no CPU */
};

START_TEST(versus_agrees_with_hyperfine_on_a_cpu_bound_and_a_sleeping_command)
{
    if (setup())
        check_agreement(HELPER_COMMANDS[_i]);
}
END_TEST

START_TEST(versus_agrees_with_hyperfine_on_grep_over_a_file)
{
    if (!setup())
        return;
    char text_path[4200];
    snprintf(text_path, sizeof text_path, "%s/text.txt", tmpdir);
    FILE *f = fopen(text_path, "w");
    ck_assert_ptr_nonnull(f);
    for (int i = 0; i < 262144; i++) /* 64 bytes a line: 16 MiB */
        fprintf(f, "%s",
                i % 3 ? "a line of prose with the word in it, and some more words.\n  \n"
                      : "a line of prose without it, only other words and commas...\n  \n");
    fclose(f);
    struct verr err;
    char *grep = process_resolve_exe("grep", &err);
    ck_assert_msg(grep != NULL, "%s", err.msg);
    char cmd[8500];
    snprintf(cmd, sizeof cmd, "%s -c the %s", grep, text_path);
    free(grep);
    check_agreement(cmd);
}
END_TEST

int main(void)
{
    struct verr err;
    char *found = process_resolve_exe("hyperfine", &err);
    if (found == NULL) {
        char why[1200];
        snprintf(why, sizeof why, "hyperfine is not installed (%s); scripts/setup.sh installs it",
                 err.msg);
        return vt_skip_program("test_hyperfine_agreement", why);
    }
    free(found);
    Suite *s = suite_create("hyperfine-agreement");
    TCase *tc = tcase_create("medians");
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, versus_agrees_with_hyperfine_on_a_cpu_bound_and_a_sleeping_command, 0,
                        (int)(sizeof HELPER_COMMANDS / sizeof HELPER_COMMANDS[0]));
    tcase_add_test(tc, versus_agrees_with_hyperfine_on_grep_over_a_file);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
