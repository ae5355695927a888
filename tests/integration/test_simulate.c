/*
 * test_simulate.c - integration tests of `--counters simulate` (harness/measure/simulate.c,
 * cachegrind.c, the spawner's ADDR_NO_RANDOMIZE): ground truth with generous bounds, never
 * speed targets.
 *   - work_units N and 2N (a known number of loop iterations) count instructions in the
 *     proportion 2, within 1 %, and the same N counts the same in every run;
 *   - a program killed under simulation by the timeout fails its cell, and versus goes on;
 *   - a program that cannot run under simulation is recorded as unsupported, its native
 *     figures stand, and the other commands are still counted;
 *   - the spawner turns address-space randomisation off when asked (personality(2)).
 * Needs Valgrind (Debian's valgrind package, installed by scripts/setup.sh).
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>

#include "measure/process.h"
#include "versus_test.h"

#define HELPER(name) VERSUS_HELPERS_DIR "/" name
#define WORK HELPER("work_units")
#define UNDER_VALGRIND HELPER("under_valgrind")

static json_t *load(const char *path)
{
    json_error_t e;
    json_t *doc = json_load_file(path, 0, &e);
    ck_assert_msg(doc != NULL, "%s: %s", path, e.text);
    return doc;
}

static json_t *cell_at(json_t *doc, size_t i)
{
    return json_array_get(json_object_get(doc, "cells"), i);
}

/* Runs `versus cmd --quiet --counters simulate --warmup 0 --json FILE ARGS...`, checks that it
 * exits with want, and returns the document it wrote; *table gets its stdout (free it). */
static json_t *simulate_cmd(int want, const char *const *args, char **table)
{
    char dir[4096], json[4200];
    vt_make_tmpdir(dir, sizeof dir, "simulate");
    snprintf(json, sizeof json, "%s/r.json", dir);
    const char *all[64] = {"cmd",      "--quiet", "--counters", "simulate",
                           "--warmup", "0",       "--json",     json};
    size_t n = 8;
    for (size_t i = 0; args[i] != NULL && n < 63; i++)
        all[n++] = args[i];
    all[n] = NULL;
    char *err = NULL;
    int rc = vt_run_versus_args(table, &err, all);
    ck_assert_msg(rc == want, "exit %d, not %d: %s", rc, want, err);
    free(err);
    return load(json);
}

/* The instruction counts of the measured samples of a cell, into ir (at most max); how many. */
static size_t counts_of(json_t *cell, double *ir, size_t max)
{
    size_t n = 0, i;
    json_t *s;
    json_array_foreach(json_object_get(cell, "samples"), i, s)
    {
        json_t *v = json_object_get(s, "instructions");
        if (!json_is_true(json_object_get(s, "warmup")) && json_is_integer(v) && n < max)
            ir[n++] = (double)json_integer_value(v);
    }
    return n;
}

START_TEST(instructions_are_proportional_to_work)
{
    char *out = NULL;
    json_t *doc = simulate_cmd(0, VT_ARGS("--runs", "2", WORK " 10", WORK " 20"), &out);
    ck_assert_msg(strstr(out, "instructions") != NULL, "no instructions column:\n%s", out);
    double a[4], b[4];
    ck_assert_int_eq(counts_of(cell_at(doc, 0), a, 4), 2);
    ck_assert_int_eq(counts_of(cell_at(doc, 1), b, 4), 2);
    /* 3 000 000 and 6 000 000 xorshift steps of a few instructions each, plus start-up. */
    ck_assert_msg(a[0] > 1e7, "%g instructions for work_units 10", a[0]);
    double ratio = b[0] / a[0];
    ck_assert_msg(ratio > 2 * 0.99 && ratio < 2 * 1.01, "2N/N: %g", ratio);
    /* Address-space randomisation off, the same environment: the same count every run. */
    ck_assert_msg(a[0] == a[1] && b[0] == b[1], "counts moved: %g %g, %g %g", a[0], a[1], b[0],
                  b[1]);
    json_t *settings = json_object_get(doc, "settings");
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(settings, "counters"), 0)),
                     "simulate");
    ck_assert(json_is_true(json_object_get(cell_at(doc, 0), "simulated")));
    json_t *s0 = json_array_get(json_object_get(cell_at(doc, 0), "samples"), 0);
    json_t *sim = json_object_get(s0, "under_simulation");
    ck_assert(json_is_object(sim));
    /* The times under Valgrind are kept apart: the sample's own are the native run's. */
    ck_assert(json_real_value(json_object_get(sim, "wall_s")) >
              json_real_value(json_object_get(s0, "wall_s")));
    json_decref(doc);
    free(out);
}
END_TEST

START_TEST(killed_under_simulation_fails_the_cell)
{
    char *out = NULL; /* exit 1: a cell failed */
    json_t *doc = simulate_cmd(
        1, VT_ARGS("--runs", "2", "--timeout", "10", UNDER_VALGRIND " hang", WORK " 1"), &out);
    json_t *hung = cell_at(doc, 0);
    ck_assert_str_eq(json_string_value(json_object_get(hung, "verdict")), "failed");
    const char *reason = json_string_value(json_object_get(hung, "reason"));
    ck_assert_msg(reason != NULL && strstr(reason, "timed out under simulation") != NULL,
                  "reason: %s", reason ? reason : "(null)");
    /* The other command still ran and was counted. */
    double ir[4];
    ck_assert_str_eq(json_string_value(json_object_get(cell_at(doc, 1), "verdict")), "ok");
    ck_assert_int_eq(counts_of(cell_at(doc, 1), ir, 4), 2);
    json_decref(doc);
    free(out);
}
END_TEST

START_TEST(unsupported_under_simulation_is_recorded)
{
    char *out = NULL;
    json_t *doc =
        simulate_cmd(0, VT_ARGS("--runs", "3", UNDER_VALGRIND " refuse", WORK " 5"), &out);
    ck_assert_msg(strstr(out, "unsupported under simulation") != NULL, "table:\n%s", out);
    json_t *refused = cell_at(doc, 0);
    ck_assert_str_eq(json_string_value(json_object_get(refused, "verdict")), "ok");
    ck_assert(json_is_false(json_object_get(refused, "simulated")));
    const char *why = json_string_value(json_object_get(refused, "simulation_unsupported"));
    ck_assert_msg(why != NULL && strstr(why, "unsupported under simulation: exit status 3") != NULL,
                  "simulation_unsupported: %s", why ? why : "(null)");
    /* Its native runs are all there, with no count; the other command is counted. */
    ck_assert_int_eq(json_array_size(json_object_get(refused, "samples")), 3);
    double ir[4];
    ck_assert_int_eq(counts_of(refused, ir, 4), 0);
    ck_assert_int_eq(counts_of(cell_at(doc, 1), ir, 4), 3);
    json_decref(doc);
    free(out);
}
END_TEST

START_TEST(spawner_turns_aslr_off_when_asked)
{
    for (int off = 0; off < 2; off++) {
        char *argv[] = {"/bin/cat", "/proc/self/personality", NULL};
        struct run_spec spec = {.argv = argv, .keep_stdout_bytes = 64, .no_aslr = off != 0};
        struct run_outcome o;
        struct verr e = {{0}};
        ck_assert_msg(process_run(&spec, &o, &e) == 0, "%s", e.msg);
        unsigned long persona = strtoul(o.stdout_head, NULL, 16);
        ck_assert_msg(((persona & ADDR_NO_RANDOMIZE) != 0) == (off != 0), "persona %s",
                      o.stdout_head);
        run_outcome_clear(&o);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("simulate");
    TCase *tc = tcase_create("cachegrind");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, instructions_are_proportional_to_work);
    tcase_add_test(tc, killed_under_simulation_fails_the_cell);
    tcase_add_test(tc, unsupported_under_simulation_is_recorded);
    tcase_add_test(tc, spawner_turns_aslr_off_when_asked);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
