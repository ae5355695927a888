/*
 * test_counters.c - the counts of a run besides time and memory, against ground truth with
 * generous bounds: wait4's rusage and perf_event_open's software counters for helpers whose
 * behaviour is known (64 MiB touched page by page is at least 16 384 minor faults of 4 KiB
 * pages; a sleep is at least one voluntary switch; a CPU burner's task-clock is its CPU time),
 * and, through `versus cmd`, a counter the machine lacks recorded once as unsupported while the
 * run passes, and the contention fields and --rerun-contaminated in the document.
 */
#include <check.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measure/perf_counters.h"
#include "measure/process.h"
#include "versus_test.h"

#define HELPER(name) VERSUS_HELPERS_DIR "/" name

/* Runs argv with the software counters asked for; fills o and, per counter, its figure in
 * value[k] (NaN when not counted). */
static void run_counting(char *const *argv, struct run_outcome *o, double *value)
{
    struct perf_selection sel;
    char why[256];
    ck_assert_int_eq(perf_selection_parse(&sel, "software", why, sizeof why), 0);
    perf_selection_probe(&sel);
    struct run_counter events[PERF_N_COUNTERS];
    enum perf_counter which[PERF_N_COUNTERS];
    size_t n = perf_selection_events(&sel, events, which);
    struct run_spec spec = {
        .argv = argv,
        .timeout_s = 60,
        .keep_stdout_bytes = 64,
        .counters = events,
        .n_counters = n,
    };
    struct verr err = {{0}};
    ck_assert_msg(process_run(&spec, o, &err) == 0, "process_run(%s): %s", argv[0], err.msg);
    ck_assert_int_eq(o->exit_code, 0);
    for (int k = 0; k < PERF_N_COUNTERS; k++)
        value[k] = NAN;
    for (size_t i = 0; i < n; i++) {
        double v, running;
        if (perf_reading_value(which[i], &o->counts[i], &v, &running))
            value[which[i]] = v;
    }
}

START_TEST(touched_memory_is_minor_faults)
{
    char *argv[] = {HELPER("touch_mib"), "64", NULL};
    struct run_outcome o;
    double v[PERF_N_COUNTERS];
    run_counting(argv, &o, v);
    /* 64 MiB / 4 KiB pages = 16 384 first touches, each a minor fault (no I/O: anonymous). */
    ck_assert_msg(o.minflt >= 16384, "minflt %lld for 64 MiB touched", (long long)o.minflt);
    ck_assert_msg(o.majflt < 100, "majflt %lld for anonymous memory", (long long)o.majflt);
    if (!isnan(v[PERF_PAGE_FAULTS]))
        ck_assert_msg(v[PERF_PAGE_FAULTS] >= 16384, "page-faults %.0f", v[PERF_PAGE_FAULTS]);
    run_outcome_clear(&o);

    /* And 0 MiB: far fewer, so the count is the child's, not a running total. */
    char *none[] = {HELPER("touch_mib"), "0", NULL};
    run_counting(none, &o, v);
    ck_assert_msg(o.minflt < 4000, "minflt %lld for touch_mib 0", (long long)o.minflt);
    run_outcome_clear(&o);
}
END_TEST

START_TEST(a_sleep_is_a_voluntary_switch)
{
    char *argv[] = {HELPER("sleep_ms"), "50", NULL};
    struct run_outcome o;
    double v[PERF_N_COUNTERS];
    run_counting(argv, &o, v);
    ck_assert_msg(o.nvcsw >= 1, "nvcsw %lld for a 50 ms sleep", (long long)o.nvcsw);
    if (!isnan(v[PERF_CONTEXT_SWITCHES]))
        ck_assert_msg(v[PERF_CONTEXT_SWITCHES] >= 1, "context-switches %.0f for a sleep",
                      v[PERF_CONTEXT_SWITCHES]);
    run_outcome_clear(&o);
}
END_TEST

START_TEST(task_clock_is_cpu_time)
{
    char *argv[] = {HELPER("burn_cpu_ms"), "300", NULL};
    struct run_outcome o;
    double v[PERF_N_COUNTERS];
    run_counting(argv, &o, v);
    double cpu = o.user_s + o.sys_s;
    ck_assert_msg(!isnan(v[PERF_TASK_CLOCK]), "task-clock not counted (software events must be)");
    ck_assert_msg(v[PERF_TASK_CLOCK] >= 0.25, "task-clock %.4f s for a 300 ms burn",
                  v[PERF_TASK_CLOCK]);
    ck_assert_msg(fabs(v[PERF_TASK_CLOCK] - cpu) <= 0.25 * cpu + 0.01,
                  "task-clock %.4f s against wait4's CPU time %.4f s", v[PERF_TASK_CLOCK], cpu);
    run_outcome_clear(&o);
}
END_TEST

START_TEST(a_counter_selection_takes_names_groups_or_none_and_rejects_others)
{
    struct perf_selection s;
    char why[512];
    ck_assert_int_eq(perf_selection_parse(&s, "task-clock,page_faults", why, sizeof why), 0);
    ck_assert_uint_eq(s.wanted, (1u << PERF_TASK_CLOCK) | (1u << PERF_PAGE_FAULTS));
    ck_assert_uint_eq(s.named, s.wanted);
    ck_assert_int_eq(perf_selection_parse(&s, "none", why, sizeof why), 0);
    ck_assert_uint_eq(s.wanted, 0);
    ck_assert_int_eq(perf_selection_parse(&s, "software,instructions", why, sizeof why), 0);
    ck_assert_uint_eq(s.named, 1u << PERF_INSTRUCTIONS);
    ck_assert_int_eq(perf_selection_parse(&s, "task-clock,bogus", why, sizeof why), -1);
    ck_assert_msg(strstr(why, "'bogus'") != NULL && strstr(why, "cache-misses") != NULL, "%s", why);
    perf_selection_default(&s);
    for (int k = 0; k < PERF_N_COUNTERS; k++)
        ck_assert_int_eq((s.wanted >> k) & 1, perf_counter_def((enum perf_counter)k)->hardware);
}
END_TEST

START_TEST(multiplexed_readings_are_scaled)
{
    struct run_count r = {.value = 1000, .enabled_ns = 4000, .running_ns = 1000};
    double v, running;
    ck_assert(perf_reading_value(PERF_INSTRUCTIONS, &r, &v, &running));
    ck_assert_double_eq_tol(v, 4000, 1e-9);
    ck_assert_double_eq_tol(running, 0.25, 1e-12);
    r = (struct run_count){.value = 2500000000ULL, .enabled_ns = 5, .running_ns = 5};
    ck_assert(perf_reading_value(PERF_TASK_CLOCK, &r, &v, &running));
    ck_assert_double_eq_tol(v, 2.5, 1e-12); /* nanoseconds to seconds */
    ck_assert_double_eq(running, 1);
    r = (struct run_count){.value = 7, .enabled_ns = 5, .running_ns = 0};
    ck_assert(!perf_reading_value(PERF_CYCLES, &r, &v, &running)); /* never ran: no figure */
    r = (struct run_count){.error = 2};
    ck_assert(!perf_reading_value(PERF_CYCLES, &r, &v, &running));
}
END_TEST

/* Loads a JSON file or fails. */
static json_t *load(const char *path)
{
    json_error_t je;
    json_t *doc = json_load_file(path, 0, &je);
    ck_assert_msg(doc != NULL, "%s: %s", path, je.text);
    return doc;
}

START_TEST(unsupported_counter_is_recorded_once_and_the_run_passes)
{
    char dir[4096], json[4200];
    vt_make_tmpdir(dir, sizeof dir, "counters");
    snprintf(json, sizeof json, "%s/c.json", dir);
    char *out = NULL, *err = NULL;
    int rc = vt_run_versus_args(
        &out, &err,
        VT_ARGS("cmd", "--runs", "3", "--warmup", "0", "--quiet", "--color", "never", "--counters",
                "instructions,task-clock,page-faults", "--json", json, HELPER("touch_mib") " 8"));
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err ? err : "");
    json_t *doc = load(json);
    const json_t *cell = json_array_get(json_object_get(doc, "cells"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(cell, "verdict")), "ok");
    const json_t *unsupported = json_object_get(doc, "counters_unsupported");
    ck_assert(json_is_object(unsupported));
    const json_t *samples = json_object_get(cell, "samples");
    const json_t *first = json_array_get(samples, 0);
    /* instructions: counted where there is a PMU, else unsupported with the kernel's reason. */
    const char *why = json_string_value(json_object_get(unsupported, "instructions"));
    if (why != NULL) {
        ck_assert_msg(strncmp(why, "ENOENT", 6) == 0 || strncmp(why, "EOPNOTSUPP", 10) == 0 ||
                          strncmp(why, "ENODEV", 6) == 0 || strncmp(why, "EACCES", 6) == 0,
                      "reason '%s'", why);
        ck_assert_ptr_null(json_object_get(first, "hw_instructions"));
    } else {
        ck_assert(json_is_integer(json_object_get(first, "hw_instructions")));
    }
    /* The software counters, the rusage counts and the contention fields, per sample and in the
     * summary. */
    ck_assert_ptr_null(json_object_get(unsupported, "task-clock"));
    ck_assert(json_real_value(json_object_get(first, "task_clock_s")) > 0);
    ck_assert(json_integer_value(json_object_get(first, "minflt")) >= 2048);
    ck_assert(json_integer_value(json_object_get(first, "page_faults")) >= 2048);
    ck_assert(json_is_boolean(json_object_get(first, "contaminated")));
    ck_assert(json_is_number(json_object_get(first, "loadavg_1m")));
    const json_t *summary = json_object_get(cell, "summary");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(summary, "minflt"), "n")),
                     3);
    ck_assert(json_is_integer(json_object_get(summary, "contaminated")));
    /* The table shows a column for each counter named that was counted. */
    ck_assert_msg(strstr(out, "task-clock") != NULL && strstr(out, "page-faults") != NULL, "%s",
                  out);
    json_decref(doc);
    free(out);
    free(err);
}
END_TEST

START_TEST(rerun_contaminated_keeps_the_replaced_out_of_the_summary)
{
    char dir[4096], json[4200];
    vt_make_tmpdir(dir, sizeof dir, "rerun");
    snprintf(json, sizeof json, "%s/r.json", dir);
    char *err = NULL;
    /* A 30 ms burner: contaminated or not depends on the neighbours; whatever happened, the
     * document must add up. */
    int rc = vt_run_versus_args(NULL, &err,
                                VT_ARGS("cmd", "--runs", "5", "--warmup", "0", "--quiet",
                                        "--rerun-contaminated", "2", "--json", json,
                                        HELPER("burn_cpu_ms") " 30"));
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err ? err : "");
    json_t *doc = load(json);
    const json_t *cell = json_array_get(json_object_get(doc, "cells"), 0);
    size_t i, measured = 0, replaced = 0;
    json_t *s;
    json_array_foreach(json_object_get(cell, "samples"), i, s)
    {
        bool r = json_is_true(json_object_get(s, "replaced"));
        replaced += r;
        measured += !r;
        if (r) /* only a contaminated run is run again */
            ck_assert(json_is_true(json_object_get(s, "contaminated")));
    }
    ck_assert_uint_eq(measured, 5);
    ck_assert_uint_le(replaced, 10);
    const json_t *summary = json_object_get(cell, "summary");
    ck_assert_int_eq(json_integer_value(json_object_get(summary, "n")), 5);
    ck_assert_int_eq(json_integer_value(json_object_get(summary, "replaced")),
                     (json_int_t)replaced);
    const json_t *settings = json_object_get(doc, "settings");
    ck_assert_int_eq(json_integer_value(json_object_get(settings, "rerun_contaminated")), 2);
    /* The rule the flags followed, as contention.h states it. */
    const json_t *rule = json_object_get(settings, "contaminated_when");
    ck_assert_int_eq(json_integer_value(json_object_get(rule, "baseline_min_runs")), 3);
    ck_assert_double_eq(json_real_value(json_object_get(rule, "preemption_share_above")), 0.05);
    double slice = json_real_value(json_object_get(rule, "slice_s"));
    ck_assert(slice >= 0.00075 && slice <= 0.003);
    json_decref(doc);
    free(err);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("counters");
    TCase *t = tcase_create("counters");
    tcase_set_timeout(t, 120);
    tcase_add_test(t, touched_memory_is_minor_faults);
    tcase_add_test(t, a_sleep_is_a_voluntary_switch);
    tcase_add_test(t, task_clock_is_cpu_time);
    tcase_add_test(t, a_counter_selection_takes_names_groups_or_none_and_rejects_others);
    tcase_add_test(t, multiplexed_readings_are_scaled);
    tcase_add_test(t, unsupported_counter_is_recorded_once_and_the_run_passes);
    tcase_add_test(t, rerun_contaminated_keeps_the_replaced_out_of_the_summary);
    suite_add_tcase(s, t);
    SRunner *r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed == 0 ? 0 : 1;
}
