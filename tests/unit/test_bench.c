/*
 * test_bench.c - unit tests of the scheduler (measure/bench.c) through a scripted executor
 * (tests/support/mock_executor.h): no process is started. What is checked is the method
 * bench.h documents: rounds interleaved forward and reverse (A B C, C B A; two cells A B B A),
 * the reference first; warmups first, verified and marked; --runs, --max-time/--min-runs and
 * --min-time deciding how many measured runs a cell gets; a run that fails, times out or prints
 * another output failing its cell while the rest go on; the verdicts; the group's server; the
 * hooks (--setup once before the rounds, --prepare and --conclude around every run, --cleanup
 * once after), which go through the executor too.
 */
#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "measure/bench.h"
#include "measure/plan.h"
#include "mock_executor.h"
#include "util/argv_split.h"

/* A workload whose outputs compare by digest, that accepts exit 0 only, with a 10 s timeout. */
static struct workload digest_workload(void)
{
    struct workload w;
    memset(&w, 0, sizeof w);
    w.name = "w";
    w.success_exit_codes[0] = 0;
    w.n_success_exit_codes = 1;
    w.compare = COMPARE_DIGEST;
    w.timeout_s = 10;
    return w;
}

/* Adds a group of w (NULL: ad-hoc commands) with n cells labelled A, B, C, ..., each with the
 * argv "/bin/true LABEL [extra]"; with a workload, A is the reference. Returns the group. */
static size_t add_group(struct plan *p, const struct workload *w, size_t n, const char *extra)
{
    size_t g =
        plan_add_group(p, w, NULL, w ? "input" : NULL, NULL, json_pack("{s:s}", "name", "case"));
    for (size_t i = 0; i < n; i++) {
        char label[2] = {(char)('A' + p->n_cells), '\0'};
        char *argv[] = {"/bin/true", label, (char *)extra, NULL};
        plan_add_cell(p, g, NULL, label, argv_copy(argv), NULL, w != NULL && i == 0);
    }
    return g;
}

static size_t run_plan(struct plan *p, struct mock_executor *m)
{
    struct bench_options o = {.cwd = NULL, .progress = false, .executor = &m->ex};
    return bench_execute(p, &o);
}

static int measured_runs(const struct cell *c)
{
    int n = 0;
    for (size_t i = 0; i < c->n_samples; i++)
        n += !c->samples[i].warmup;
    return n;
}

static void assert_calls(const struct mock_executor *m, const size_t *want, size_t n)
{
    ck_assert_uint_eq(m->n_calls, n);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(m->calls[i] == want[i], "run %zu was of cell %zu, expected %zu", i + 1,
                      m->calls[i], want[i]);
}

static void assert_contains(const char *text, const char *part)
{
    ck_assert_msg(text != NULL && strstr(text, part) != NULL, "'%s' not in '%s'", part,
                  text ? text : "(null)");
}

START_TEST(test_rounds_alternate_forward_and_reverse_with_the_reference_first)
{
    struct workload w = digest_workload();
    struct plan p = {.runs = 4, .warmup = 0};
    add_group(&p, &w, 3, NULL);
    struct mock_executor m;
    mock_executor_init(&m);
    ck_assert_uint_eq(run_plan(&p, &m), 0);
    static const size_t want[] = {0, 1, 2, 2, 1, 0, 0, 1, 2, 2, 1, 0};
    assert_calls(&m, want, sizeof want / sizeof want[0]);
    mock_executor_free(&m);
    plan_free(&p);
}
END_TEST

START_TEST(test_two_commands_run_a_b_b_a_with_the_warmups_first)
{
    struct plan p = {.runs = 2, .warmup = 2, .check_exit_zero = true};
    add_group(&p, NULL, 2, NULL);
    struct mock_executor m;
    mock_executor_init(&m);
    ck_assert_uint_eq(run_plan(&p, &m), 0);
    static const size_t want[] = {0, 1, 1, 0, 0, 1, 1, 0};
    assert_calls(&m, want, sizeof want / sizeof want[0]);
    for (size_t c = 0; c < 2; c++) {
        ck_assert_uint_eq(p.cells[c].n_samples, 4);
        for (size_t i = 0; i < 4; i++)
            ck_assert_msg(p.cells[c].samples[i].warmup == (i < 2), "cell %zu sample %zu", c, i);
    }
    mock_executor_free(&m);
    plan_free(&p);
}
END_TEST

START_TEST(test_groups_run_one_after_another)
{
    struct workload w = digest_workload();
    struct plan p = {.runs = 2, .warmup = 0};
    add_group(&p, &w, 2, NULL);
    add_group(&p, &w, 2, NULL);
    struct mock_executor m;
    mock_executor_init(&m);
    run_plan(&p, &m);
    static const size_t want[] = {0, 1, 1, 0, 2, 3, 3, 2};
    assert_calls(&m, want, sizeof want / sizeof want[0]);
    mock_executor_free(&m);
    plan_free(&p);
}
END_TEST

/* How many runs a cell gets: the group's counts, else the plan's. */
static const struct {
    int plan_runs, plan_warmup, group_runs, group_warmup;
    int want_measured, want_warmup;
} COUNTS[] = {
    {3, 0, -1, -1, 3, 0},
    {2, 1, -1, -1, 2, 1},
    {10, 1, 4, 0, 4, 0},
    {1, 0, -1, 3, 1, 3},
};

START_TEST(test_a_cell_gets_its_groups_runs_and_warmups_else_the_plans)
{
    struct workload w = digest_workload();
    struct plan p = {.runs = COUNTS[_i].plan_runs, .warmup = COUNTS[_i].plan_warmup};
    size_t g = add_group(&p, &w, 2, NULL);
    p.groups[g].runs = COUNTS[_i].group_runs;
    p.groups[g].warmup = COUNTS[_i].group_warmup;
    struct mock_executor m;
    mock_executor_init(&m);
    run_plan(&p, &m);
    for (size_t c = 0; c < 2; c++) {
        ck_assert_int_eq(measured_runs(&p.cells[c]), COUNTS[_i].want_measured);
        ck_assert_int_eq((int)p.cells[c].n_samples - measured_runs(&p.cells[c]),
                         COUNTS[_i].want_warmup);
        ck_assert_int_eq(p.cells[c].verdict, VERDICT_VERIFIED);
    }
    mock_executor_free(&m);
    plan_free(&p);
}
END_TEST

/* The stopping rules, on two ad-hoc cells whose every run takes wall_s[cell] seconds. */
static const struct {
    const char *rule;
    int runs, min_runs;
    double max_time_s, min_time_s;
    double wall_s[2];
    int want[2]; /* measured runs of each cell */
} STOPPING[] = {
    {"max-time stops a slow cell once it has min-runs", 10, 3, 2.5, 0, {1.0, 0.01}, {3, 10}},
    {"max-time never cuts a cell below min-runs", 10, 2, 1.0, 0, {10, 10}, {2, 2}},
    {"without max-time every cell gets --runs", 5, 5, 0, 0, {100, 0.001}, {5, 5}},
    {"min-time adds rounds until the runs add up to it", 2, 5, 0, 1.0, {0.25, 0.5}, {4, 2}},
    {"min-time never takes planned runs away", 5, 5, 0, 0.1, {1, 1}, {5, 5}},
    {"min-time stops at the run cap", 1, 5, 0, 1.0, {0, 0.5}, {PLAN_MIN_TIME_MAX_RUNS, 2}},
    {"max-time caps the rounds min-time adds", 2, 2, 1.0, 5.0, {0.25, 0.25}, {4, 4}},
};

START_TEST(test_stopping_rules_decide_how_many_runs_a_cell_gets)
{
    struct plan p = {.runs = STOPPING[_i].runs,
                     .warmup = 1,
                     .min_runs = STOPPING[_i].min_runs,
                     .max_time_s = STOPPING[_i].max_time_s,
                     .min_time_s = STOPPING[_i].min_time_s,
                     .check_exit_zero = true};
    add_group(&p, NULL, 2, NULL);
    struct mock_executor m;
    mock_executor_init(&m);
    for (size_t c = 0; c < 2; c++)
        m.base[c].wall_s = STOPPING[_i].wall_s[c];
    ck_assert_uint_eq(run_plan(&p, &m), 0);
    for (size_t c = 0; c < 2; c++) {
        ck_assert_msg(measured_runs(&p.cells[c]) == STOPPING[_i].want[c],
                      "%s: cell %zu had %d measured runs, expected %d", STOPPING[_i].rule, c,
                      measured_runs(&p.cells[c]), STOPPING[_i].want[c]);
        ck_assert_int_eq(p.cells[c].verdict, VERDICT_OK);
        ck_assert(p.cells[c].samples[0].warmup);
    }
    mock_executor_free(&m);
    plan_free(&p);
}
END_TEST

/* A group's own budget (a suite entry's max_time_s and min_runs, plan_choose.h) over the plan's:
 * of two groups whose cells take 1 s a run, the one with a budget stops early, the other
 * follows the plan's (none here: every run). */
START_TEST(test_a_groups_own_budget_stops_its_cells_and_not_the_others)
{
    struct plan p = {.runs = 10, .warmup = 0, .min_runs = 5, .check_exit_zero = true};
    size_t budgeted = add_group(&p, NULL, 2, NULL);
    add_group(&p, NULL, 2, NULL);
    p.groups[budgeted].max_time_s = 2.5;
    p.groups[budgeted].min_runs = 3;
    struct mock_executor m;
    mock_executor_init(&m);
    for (size_t c = 0; c < 4; c++)
        m.base[c].wall_s = 1.0;
    ck_assert_uint_eq(run_plan(&p, &m), 0);
    for (size_t c = 0; c < 4; c++)
        ck_assert_int_eq(measured_runs(&p.cells[c]), p.cells[c].group == budgeted ? 3 : 10);
    mock_executor_free(&m);
    plan_free(&p);
}
END_TEST

/* A run of cell B (of A, B, C; A the reference) that goes wrong, and what B's reason says. */
static const struct {
    struct mock_run run;
    const char *reason;
    const char *stderr_tail; /* NULL: none kept */
} FAILURES[] = {
    {{.exit_code = 3, .stderr_text = "warming up\nboom\n"}, "exit status 3: boom", "boom"},
    {{.signal = SIGSEGV}, "killed by signal 11 (", NULL},
    {{.timed_out = true}, "timed out after 10 s", NULL},
    {{.cannot_start = true}, "mock: cannot start", NULL},
    {{.stdout_text = "another answer\n"}, "output differs from the reference", NULL},
};

START_TEST(test_a_failed_run_fails_its_cell_and_the_rest_go_on)
{
    struct workload w = digest_workload();
    struct plan p = {.runs = 5, .warmup = 1};
    add_group(&p, &w, 3, NULL);
    struct mock_executor m;
    mock_executor_init(&m);
    for (size_t c = 0; c < 3; c++)
        m.base[c].stdout_text = "the answer\n";
    mock_executor_script(&m, 1, 2, FAILURES[_i].run); /* B's second measured run */
    ck_assert_uint_eq(run_plan(&p, &m), 1);
    const struct cell *b = &p.cells[1];
    ck_assert_int_eq(b->verdict, VERDICT_FAILED);
    assert_contains(b->reason, FAILURES[_i].reason);
    if (FAILURES[_i].stderr_tail != NULL)
        assert_contains(b->stderr_tail, FAILURES[_i].stderr_tail);
    ck_assert_uint_eq(m.runs_of[1], 3); /* it runs no more */
    for (size_t c = 0; c < 3; c += 2) {
        ck_assert_int_eq(p.cells[c].verdict, VERDICT_VERIFIED);
        ck_assert_uint_eq(m.runs_of[c], 6);
        ck_assert_int_eq(measured_runs(&p.cells[c]), 5);
    }
    mock_executor_free(&m);
    plan_free(&p);
}
END_TEST

START_TEST(test_a_reference_that_fails_first_fails_its_group_with_that_reason)
{
    struct workload w = digest_workload();
    struct plan p = {.runs = 3, .warmup = 1};
    add_group(&p, &w, 3, NULL);
    add_group(&p, &w, 2, NULL);
    struct mock_executor m;
    mock_executor_init(&m);
    m.base[0].exit_code = 1;
    ck_assert_uint_eq(run_plan(&p, &m), 3);
    assert_contains(p.cells[0].reason, "exit status 1");
    for (size_t c = 1; c < 3; c++) {
        ck_assert_int_eq(p.cells[c].verdict, VERDICT_FAILED);
        ck_assert_str_eq(p.cells[c].reason,
                         "no reference output: reference runner A failed (exit status 1)");
        ck_assert_uint_eq(m.runs_of[c], 0);
    }
    /* The next group is not touched. */
    ck_assert_int_eq(p.cells[3].verdict, VERDICT_VERIFIED);
    ck_assert_int_eq(p.cells[4].verdict, VERDICT_VERIFIED);
    mock_executor_free(&m);
    plan_free(&p);
}
END_TEST

START_TEST(test_a_reference_whose_output_changes_fails_and_the_others_are_still_verified)
{
    struct workload w = digest_workload();
    struct plan p = {.runs = 4, .warmup = 0};
    add_group(&p, &w, 2, NULL);
    struct mock_executor m;
    mock_executor_init(&m);
    m.base[0].stdout_text = m.base[1].stdout_text = "42\n";
    mock_executor_script(&m, 0, 2, (struct mock_run){.stdout_text = "43\n"});
    ck_assert_uint_eq(run_plan(&p, &m), 1);
    ck_assert_int_eq(p.cells[0].verdict, VERDICT_FAILED);
    ck_assert_str_eq(p.cells[0].reason, "reference output changed between runs");
    ck_assert_int_eq(p.cells[1].verdict, VERDICT_VERIFIED);
    ck_assert_int_eq(measured_runs(&p.cells[1]), 4);
    ck_assert_str_eq(p.groups[0].reference_output, "42\n");
    mock_executor_free(&m);
    plan_free(&p);
}
END_TEST

START_TEST(test_a_warmup_run_is_verified_like_a_measured_one)
{
    struct workload w = digest_workload();
    struct plan p = {.runs = 3, .warmup = 2};
    add_group(&p, &w, 2, NULL);
    struct mock_executor m;
    mock_executor_init(&m);
    mock_executor_script(&m, 1, 1, (struct mock_run){.stdout_text = "wrong\n"});
    ck_assert_uint_eq(run_plan(&p, &m), 1);
    ck_assert_int_eq(p.cells[1].verdict, VERDICT_FAILED);
    ck_assert_uint_eq(p.cells[1].n_samples, 2);
    ck_assert_int_eq(measured_runs(&p.cells[1]), 0);
    mock_executor_free(&m);
    plan_free(&p);
}
END_TEST

/* Ad-hoc commands: a non-zero exit fails the cell only with check_exit_zero; a workload's own
 * success_exit_codes decide for its runs. */
static const struct {
    bool workload, check_exit_zero;
    int exit_code;
    enum verdict want;
} EXIT_RULES[] = {
    {false, true, 1, VERDICT_FAILED},   {false, false, 1, VERDICT_OK},
    {false, true, 0, VERDICT_OK},       {true, false, 1, VERDICT_FAILED},
    {true, false, 2, VERDICT_VERIFIED}, /* 2 is in this workload's success_exit_codes */
};

START_TEST(test_an_exit_code_fails_a_cell_unless_accepted)
{
    struct workload w = digest_workload();
    w.success_exit_codes[1] = 2;
    w.n_success_exit_codes = 2;
    struct plan p = {.runs = 2, .warmup = 0, .check_exit_zero = EXIT_RULES[_i].check_exit_zero};
    add_group(&p, EXIT_RULES[_i].workload ? &w : NULL, 2, NULL);
    struct mock_executor m;
    mock_executor_init(&m);
    m.base[1].exit_code = EXIT_RULES[_i].exit_code;
    run_plan(&p, &m);
    ck_assert_int_eq(p.cells[1].verdict, EXIT_RULES[_i].want);
    ck_assert_int_eq(p.cells[0].verdict, EXIT_RULES[_i].workload ? VERDICT_VERIFIED : VERDICT_OK);
    mock_executor_free(&m);
    plan_free(&p);
}
END_TEST

START_TEST(test_a_skipped_cell_never_runs)
{
    struct workload w = digest_workload();
    struct plan p = {.runs = 2, .warmup = 1};
    add_group(&p, &w, 3, NULL);
    plan_skip_cell(&p, 1, "runner unavailable");
    struct mock_executor m;
    mock_executor_init(&m);
    ck_assert_uint_eq(run_plan(&p, &m), 0);
    ck_assert_uint_eq(m.runs_of[1], 0);
    ck_assert_int_eq(p.cells[1].verdict, VERDICT_SKIPPED);
    ck_assert_str_eq(p.cells[1].reason, "runner unavailable");
    static const size_t want[] = {0, 2, 2, 0, 0, 2};
    assert_calls(&m, want, sizeof want / sizeof want[0]);
    mock_executor_free(&m);
    plan_free(&p);
}
END_TEST

START_TEST(test_a_sample_keeps_the_runs_figures_its_metrics_and_the_first_output)
{
    struct workload w = digest_workload();
    struct runner r = {.name = "c", .language = "c"};
    struct plan p = {.runs = 2, .warmup = 0};
    size_t g = plan_add_group(&p, &w, NULL, "input", NULL, json_pack("{s:s}", "name", "case"));
    char *argv[] = {"/bin/true", NULL};
    plan_add_cell(&p, g, &r, "c", argv_copy(argv), NULL, true);
    struct mock_executor m;
    mock_executor_init(&m);
    m.base[0] = (struct mock_run){.wall_s = 0.5,
                                  .rss_bytes = 4096,
                                  .stdout_text = "hello\n",
                                  .metrics = "tasks=3\nlatency_s=0.1\nlatency_s=0.2\nbad line\n"};
    ck_assert_uint_eq(run_plan(&p, &m), 0);
    const struct cell *c = &p.cells[0];
    ck_assert_uint_eq(c->n_samples, 2);
    const struct sample *s = &c->samples[1];
    ck_assert_double_eq(s->wall_s, 0.5);
    ck_assert_double_eq(s->user_s, 0.5);
    ck_assert_int_eq(s->max_rss_bytes, 4096);
    ck_assert_uint_eq(s->stdout_bytes, 6);
    ck_assert_double_eq(json_real_value(json_object_get(s->metrics, "tasks")), 3);
    ck_assert_uint_eq(json_array_size(json_object_get(s->metrics, "latency_s")), 2);
    ck_assert_uint_eq(json_object_size(s->metrics), 2);
    ck_assert_str_eq(c->output_head, "hello\n");
    mock_executor_free(&m);
    plan_free(&p);
}
END_TEST

/* A group with a server: its cells get its URL; its statistics judge every run. */
static const struct {
    bool fails_to_start;
    const char *stats; /* JSON, or NULL for the mock's default (all zero) */
    enum verdict want;
    const char *reason;
} SERVERS[] = {
    {false, NULL, VERDICT_VERIFIED, NULL},
    {false, "{\"requests\": 6, \"wrong_tool_results\": 1, \"malformed\": 0}", VERDICT_FAILED,
     "server saw 1 wrong tool results and 0 malformed requests"},
    {false, "{\"requests\": 5, \"wrong_tool_results\": 0, \"malformed\": 0}", VERDICT_FAILED,
     "server saw 5 requests, expected tasks x calls = 6"},
    {true, NULL, VERDICT_FAILED, "mock: the server did not start"},
};

START_TEST(test_a_group_server_gives_its_url_and_judges_every_run)
{
    struct workload w = digest_workload();
    struct plan p = {.runs = 2, .warmup = 1};
    size_t g = plan_add_group(&p, &w, NULL, NULL, NULL,
                              json_pack("{s:s, s:i, s:i}", "name", "case", "tasks", 2, "calls", 3));
    char *argv[] = {"/bin/true", "--url=" PLAN_URL_SENTINEL "/v1", NULL};
    plan_add_cell(&p, g, NULL, "A", argv_copy(argv), NULL, true);
    char *server[] = {"/bin/true", "mock-llm", NULL};
    p.groups[g].server_argv = argv_copy(server);
    struct mock_executor m;
    mock_executor_init(&m);
    m.server_fails = SERVERS[_i].fails_to_start;
    if (SERVERS[_i].stats != NULL) {
        json_decref(m.server_stats);
        m.server_stats = json_loads(SERVERS[_i].stats, 0, NULL);
    } else {
        json_object_set_new(m.server_stats, "requests", json_integer(6));
    }
    run_plan(&p, &m);
    ck_assert_int_eq(p.cells[0].verdict, SERVERS[_i].want);
    if (SERVERS[_i].reason != NULL)
        assert_contains(p.cells[0].reason, SERVERS[_i].reason);
    if (SERVERS[_i].fails_to_start) {
        ck_assert_uint_eq(m.n_calls, 0);
        ck_assert_str_eq(p.groups[g].server_error, "mock: the server did not start");
    } else {
        ck_assert_str_eq(m.last_argv[0], "/bin/true --url=" MOCK_SERVER_URL "/v1");
        ck_assert_uint_eq(m.server_stops, 1);
        ck_assert(json_is_true(json_object_get(p.groups[g].server_final, "stopped")));
        ck_assert_ptr_nonnull(p.cells[0].samples[0].server);
        /* One reset before the first run, then one per run. */
        ck_assert_uint_eq(m.server_stats_calls, 1 + m.n_calls);
    }
    mock_executor_free(&m);
    plan_free(&p);
}
END_TEST

/* Gives every cell of p all four hooks ("/bin/true HOOK"). */
static void give_hooks(struct plan *p)
{
    for (size_t c = 0; c < p->n_cells; c++) {
        struct cell_hooks *h = calloc(1, sizeof *h);
        ck_assert_ptr_nonnull(h);
        char *setup[] = {"/bin/true", "setup", NULL}, *prepare[] = {"/bin/true", "prepare", NULL};
        char *conclude[] = {"/bin/true", "conclude", NULL};
        char *cleanup[] = {"/bin/true", "cleanup", NULL};
        h->setup = argv_copy(setup);
        h->prepare = argv_copy(prepare);
        h->conclude = argv_copy(conclude);
        h->cleanup = argv_copy(cleanup);
        plan_set_hooks(p, c, h);
    }
}

START_TEST(test_hooks_run_setup_once_prepare_and_conclude_around_every_run_cleanup_once)
{
    struct plan p = {.runs = 2, .warmup = 1, .check_exit_zero = true};
    add_group(&p, NULL, 2, NULL);
    give_hooks(&p);
    struct mock_executor m;
    mock_executor_init(&m);
    ck_assert_uint_eq(run_plan(&p, &m), 0);
    /* Setups before the first round, in the group's order; every run (the warmup too) between
     * its prepare and its conclude, rounds A B, B A, A B; cleanups after the last round. */
    ck_assert_str_eq(m.trace, "setup:0 setup:1 "
                              "prepare:0 run:0 conclude:0 prepare:1 run:1 conclude:1 "
                              "prepare:1 run:1 conclude:1 prepare:0 run:0 conclude:0 "
                              "prepare:0 run:0 conclude:0 prepare:1 run:1 conclude:1 "
                              "cleanup:0 cleanup:1 ");
    mock_executor_free(&m);
    plan_free(&p);
}
END_TEST

START_TEST(test_a_failing_hook_fails_its_cell_before_any_run_and_cleanup_is_skipped)
{
    struct plan p = {.runs = 2, .warmup = 0, .check_exit_zero = true};
    add_group(&p, NULL, 1, NULL);
    give_hooks(&p);
    struct mock_executor m;
    mock_executor_init(&m);
    m.hook_exit = 3;
    ck_assert_uint_eq(run_plan(&p, &m), 1);
    /* The setup fails the cell: no run, no cleanup (nothing was set up). */
    ck_assert_str_eq(m.trace, "setup:0 ");
    ck_assert_int_eq(p.cells[0].verdict, VERDICT_FAILED);
    assert_contains(p.cells[0].reason, "--setup '/bin/true setup' exited 3: mock: the hook failed");
    mock_executor_free(&m);
    plan_free(&p);
}
END_TEST

#define N_OF(a) (int)(sizeof(a) / sizeof((a)[0]))

static Suite *bench_suite(void)
{
    Suite *s = suite_create("bench");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_rounds_alternate_forward_and_reverse_with_the_reference_first);
    tcase_add_test(tc, test_two_commands_run_a_b_b_a_with_the_warmups_first);
    tcase_add_test(tc, test_groups_run_one_after_another);
    tcase_add_loop_test(tc, test_a_cell_gets_its_groups_runs_and_warmups_else_the_plans, 0,
                        N_OF(COUNTS));
    tcase_add_test(tc, test_a_groups_own_budget_stops_its_cells_and_not_the_others);
    tcase_add_loop_test(tc, test_stopping_rules_decide_how_many_runs_a_cell_gets, 0,
                        N_OF(STOPPING));
    tcase_add_loop_test(tc, test_a_failed_run_fails_its_cell_and_the_rest_go_on, 0, N_OF(FAILURES));
    tcase_add_test(tc, test_a_reference_that_fails_first_fails_its_group_with_that_reason);
    tcase_add_test(tc,
                   test_a_reference_whose_output_changes_fails_and_the_others_are_still_verified);
    tcase_add_test(tc, test_a_warmup_run_is_verified_like_a_measured_one);
    tcase_add_loop_test(tc, test_an_exit_code_fails_a_cell_unless_accepted, 0, N_OF(EXIT_RULES));
    tcase_add_test(tc, test_a_skipped_cell_never_runs);
    tcase_add_test(tc, test_a_sample_keeps_the_runs_figures_its_metrics_and_the_first_output);
    tcase_add_loop_test(tc, test_a_group_server_gives_its_url_and_judges_every_run, 0,
                        N_OF(SERVERS));
    tcase_add_test(tc,
                   test_hooks_run_setup_once_prepare_and_conclude_around_every_run_cleanup_once);
    tcase_add_test(tc, test_a_failing_hook_fails_its_cell_before_any_run_and_cleanup_is_skipped);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(bench_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
