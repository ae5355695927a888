/*
 * test_hyperfine_conformance.c - command lines in the shape of hyperfine's README "Usage"
 * section (runs, warmup, prepare, parameter scan with a decimal step, parameter list, command
 * names, the JSON export) run unchanged through `hyperfine` and `versus cmd`: both must run the
 * same commands, with the same names and parameters, the same number of times (exactly with
 * --runs; within 20 % with hyperfine's "at least 3 s" rule, which the two tools apply with
 * different estimates), and their medians of wall time must agree within 10 % (the machine is
 * shared: a line whose medians disagree is measured again, up to 3 times in all).
 *
 * Both read the commands' stdout through a pipe (hyperfine --output=pipe) and exec them
 * directly (hyperfine -N; versus's default), so that the same thing is measured. The commands
 * are the README's with shorter times (sleep 0.3 becomes sleep 0.1) to keep the test short.
 * hyperfine 1.15 (Debian) has no --reference or --conclude, so they are tested elsewhere
 * (test_cmd_hyperfine.c).
 *
 * Without hyperfine the test is reported as skipped (vt_skip_program: exit 77, or a failure
 * under VERSUS_REQUIRE_ALL_TESTS=1): it never passes without having compared anything.
 */
#include <check.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measure/process.h"
#include "versus_test.h"

#define TOLERANCE 0.10
#define ATTEMPTS 3

static char tmpdir[1024];
static char *hyperfine;

/* One README line: its options (NULL-terminated, hyperfine's spelling) and whether the run
 * count is exact (--runs) or hyperfine's automatic one. */
struct line {
    const char *args[16];
    bool exact_runs;
};

/* Compares the two --export-json documents result by result; returns false when a median
 * differs by more than TOLERANCE (the structure must agree, or the test fails at once). */
static bool compare(const char *hf_path, const char *vs_path, const struct line *l)
{
    json_error_t je;
    json_t *hf = json_load_file(hf_path, 0, &je);
    ck_assert_msg(hf != NULL, "%s: %s", hf_path, je.text);
    json_t *vs = json_load_file(vs_path, 0, &je);
    ck_assert_msg(vs != NULL, "%s: %s", vs_path, je.text);
    json_t *hr = json_object_get(hf, "results"), *vr = json_object_get(vs, "results");
    ck_assert_int_eq(json_array_size(hr), json_array_size(vr));
    bool agree = true;
    for (size_t i = 0; i < json_array_size(hr); i++) {
        json_t *h = json_array_get(hr, i), *v = json_array_get(vr, i);
        const char *cmd = json_string_value(json_object_get(h, "command"));
        ck_assert_str_eq(json_string_value(json_object_get(v, "command")), cmd);
        json_t *ph = json_object_get(h, "parameters"), *pv = json_object_get(v, "parameters");
        ck_assert_msg((ph == NULL && pv == NULL) || json_equal(ph, pv), "%s: parameters differ",
                      cmd);
        size_t nh = json_array_size(json_object_get(h, "times"));
        size_t nv = json_array_size(json_object_get(v, "times"));
        if (l->exact_runs)
            ck_assert_msg(nh == nv, "%s: hyperfine ran it %zu times, versus %zu", cmd, nh, nv);
        else
            ck_assert_msg(fabs((double)nv / (double)nh - 1) <= 0.2,
                          "%s: hyperfine ran it %zu times, versus %zu", cmd, nh, nv);
        double mh = json_number_value(json_object_get(h, "median"));
        double mv = json_number_value(json_object_get(v, "median"));
        printf("conformance: %-40s hyperfine %2zu runs %8.2f ms, versus %2zu runs %8.2f ms "
               "(%+.1f%%)\n",
               cmd, nh, mh * 1e3, nv, mv * 1e3, (mv / mh - 1) * 100);
        agree &= mh > 0 && fabs(mv / mh - 1) <= TOLERANCE;
    }
    fflush(stdout);
    json_decref(hf);
    json_decref(vs);
    return agree;
}

static bool once(const struct line *l)
{
    char hf_json[1200], vs_json[1200], vs_doc[1200];
    snprintf(hf_json, sizeof hf_json, "%s/hyperfine.json", tmpdir);
    snprintf(vs_json, sizeof vs_json, "%s/versus-hf.json", tmpdir);
    snprintf(vs_doc, sizeof vs_doc, "%s/versus.json", tmpdir);
    char *hf_argv[32] = {hyperfine, "-N", "--output=pipe", "--style", "none"};
    char *vs_argv[32] = {VERSUS_BIN, "cmd", "--quiet", "--json", vs_doc};
    int nh = 5, nv = 5;
    for (int i = 0; l->args[i] != NULL; i++)
        hf_argv[nh++] = vs_argv[nv++] = (char *)l->args[i];
    hf_argv[nh++] = vs_argv[nv++] = "--export-json";
    hf_argv[nh++] = hf_json;
    vs_argv[nv++] = vs_json;
    hf_argv[nh] = vs_argv[nv] = NULL;
    vt_run_ok(hf_argv);
    vt_run_ok(vs_argv);
    return compare(hf_json, vs_json, l);
}

static const struct line LINES[] = {
    /* hyperfine --runs 5 'sleep 0.3' */
    {{"--runs", "5", "sleep 0.1"}, true},
    /* hyperfine 'hexdump file' 'xxd file' (automatic run count: at least 10 runs and 3 s) */
    {{"sleep 0.2", "sleep 0.25"}, false},
    /* hyperfine --warmup 3 'grep -R TODO *': a CPU-bound command of 30 ms instead (grep on a
     * file is test_hyperfine_agreement.c's; a command of 1 ms measures how each tool starts a
     * process more than the command: hyperfine read 1.8-3.0 ms where versus read 1.1 ms) */
    {{"--warmup", "3", "--runs", "5", VERSUS_HELPERS_DIR "/burn_cpu_ms 30"}, true},
    /* hyperfine --prepare 'sync; ...' 'grep -R TODO *' */
    {{"--prepare", "sync", "--runs", "5", "sleep 0.05"}, true},
    /* hyperfine --parameter-scan delay 0.3 0.7 -D 0.2 'sleep {delay}' */
    {{"--runs", "4", "--parameter-scan", "delay", "0.03", "0.07", "-D", "0.02", "sleep {delay}"},
     true},
    /* hyperfine -L compiler gcc,clang '{compiler} -O2 main.cpp', with -n names */
    {{"--runs", "4", "-L", "d", "0.02,0.04", "-n", "nap {d}", "sleep {d}"}, true},
};

START_TEST(test_a_readme_usage_line_runs_as_under_hyperfine_with_close_medians)
{
    vt_make_tmpdir(tmpdir, sizeof tmpdir, "conformance");
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++)
        if (once(&LINES[_i]))
            return;
    ck_abort_msg("README line %d: medians differ by more than %.0f%% in %d attempts", _i,
                 TOLERANCE * 100, ATTEMPTS);
}
END_TEST

int main(void)
{
    struct verr err;
    hyperfine = process_resolve_exe("hyperfine", &err);
    if (hyperfine == NULL) {
        char why[1200];
        snprintf(why, sizeof why, "hyperfine is not installed (%s); scripts/setup.sh installs it",
                 err.msg);
        return vt_skip_program("test_hyperfine_conformance", why);
    }
    Suite *s = suite_create("hyperfine_conformance");
    TCase *tc = tcase_create("readme");
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, test_a_readme_usage_line_runs_as_under_hyperfine_with_close_medians, 0,
                        (int)(sizeof LINES / sizeof LINES[0]));
    suite_add_tcase(s, tc);
    return vt_run_suite(s, "test_hyperfine_conformance", NULL);
}
