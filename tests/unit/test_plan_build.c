/*
 * test_plan_build.c - unit tests of planning (measure/plan_choose.c, measure/plan_build.c):
 * which runners (reference first), profile, cases, inputs, counts and time budget a workload
 * gets from the command line, the suite (and its entry) and its definition; the groups and cells
 * plan_build makes from a small manifest and workload directory written for each test (runners are
 * /bin/echo, never run: nothing is measured here); its errors; and the ad-hoc plans of versus cmd
 * and versus ab, whose result document is byte-identical to the one of the plan those commands
 * built by hand before (run through the scripted executor, tests/support/mock_executor.h).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "define/manifest.h"
#include "define/sweep.h"
#include "define/workload.h"
#include "measure/bench.h"
#include "measure/plan_build.h"
#include "measure/plan_choose.h"
#include "mock_executor.h"
#include "result/result.h"
#include "util/argv_split.h"
#include "util/fsutil.h"
#include "versus_test.h"

static const char *RUNNERS_JSON =
    "{\"schema\": \"versus-runners/1\", \"runners\": [\n"
    " {\"name\": \"one\", \"language\": \"test\",\n"
    "  \"workloads\": {\"w\": [\"/bin/echo\", \"one\", \"{word}\", \"{input}\"],\n"
    "                \"nil\": [\"/bin/echo\", \"{url}\", \"{word}\"]}},\n"
    " {\"name\": \"two\", \"language\": \"test\",\n"
    "  \"workloads\": {\"w\": [\"/bin/echo\", \"two\", \"{word}\", \"{input}\"]}},\n"
    " {\"name\": \"gone\", \"language\": \"test\", \"requires\": [\"versus-no-such-tool\"],\n"
    "  \"workloads\": {\"w\": [\"versus-no-such-tool\"]}}\n"
    "]}\n";

static const char *W_JSON =
    "{\"schema\": \"versus-workload/1\", \"name\": \"w\", \"description\": \"test\",\n"
    " \"protocol\": [\"{input}\"], \"success_exit_codes\": [0],\n \"compare\": {\"mode\": "
    "\"digest\"},\n"
    " \"reference_runner\": \"two\", \"default_runners\": [\"one\", \"two\", \"gone\"],\n"
    " \"inputs\": [\"i1\", \"i2\"], \"quick_inputs\": [\"i1\"], \"timeout_s\": 5,\n"
    " \"cases\": [{\"name\": \"a\", \"word\": \"x\"}, {\"name\": \"b\", \"word\": \"y\"}],\n"
    " \"profiles\": {\"quick\": {\"description\": \"q\", \"cases\": [{\"name\": \"q\", \"word\": "
    "\"z\"}],\n"
    "                          \"runs\": 2, \"warmup\": 0}}}\n";

static const char *NIL_JSON =
    "{\"schema\": \"versus-workload/1\", \"name\": \"nil\", \"description\": \"no inputs\",\n"
    " \"protocol\": [\"{input}\"], \"success_exit_codes\": [0],\n \"compare\": {\"mode\": "
    "\"digest\"},\n"
    " \"reference_runner\": \"one\", \"default_runners\": [\"one\"], \"timeout_s\": 5,\n"
    " \"server\": {\"kind\": \"mock-llm\", \"args\": [\"--word\", \"{word}\"]},\n"
    " \"cases\": [{\"name\": \"c1\", \"word\": \"w1\"}, {\"name\": \"c2\", \"word\": \"w2\"}]}\n";

static const char *INPUTS_JSON =
    "{\"schema\": \"versus-inputs/1\", \"inputs\": [\n"
    " {\"name\": \"i1\", \"kind\": \"generated\", \"generator\": \"text\", \"seed\": 1,\n"
    "  \"size_bytes\": 64, \"file\": \"i1.txt\"},\n"
    " {\"name\": \"i2\", \"kind\": \"generated\", \"generator\": \"text\", \"seed\": 2,\n"
    "  \"size_bytes\": 64, \"file\": \"i2.txt\"}]}\n";

/* The definitions of one test, in a scratch directory. */
struct fixture {
    char dir[512];
    char *manifest_path, *workloads_dir;
    struct manifest m;
    struct workload_set ws;
    struct plan_places at;
    struct plan_input_source inputs;
};

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* Inputs: i1 is at DIR/i1.txt (7 bytes, as described), i2 cannot be had. */
static char *ensure_input(void *state, const struct input_def *in, char *why, size_t why_len)
{
    struct fixture *fx = state;
    if (strcmp(in->name, "i1") != 0) {
        snprintf(why, why_len, "input %s is missing", in->name);
        return NULL;
    }
    return fsutil_join(fx->dir, "i1.txt");
}

static void describe_input(void *state, struct group *g)
{
    (void)state;
    g->input_bytes = 7;
}

static void fixture_load(struct fixture *fx)
{
    memset(fx, 0, sizeof *fx);
    vt_make_tmpdir(fx->dir, sizeof fx->dir, "plan_build");
    fx->manifest_path = fsutil_join(fx->dir, "runners.json");
    fx->workloads_dir = fsutil_join(fx->dir, "workloads");
    ck_assert_int_eq(fsutil_mkdir_p(fx->workloads_dir, NULL), 0);
    write_text(fx->manifest_path, RUNNERS_JSON);
    char *path = fsutil_join(fx->workloads_dir, "w.json");
    write_text(path, W_JSON);
    free(path);
    path = fsutil_join(fx->workloads_dir, "nil.json");
    write_text(path, NIL_JSON);
    free(path);
    path = fsutil_join(fx->workloads_dir, "inputs.json");
    write_text(path, INPUTS_JSON);
    free(path);
    path = fsutil_join(fx->dir, "i1.txt");
    write_text(path, "i1 text");
    free(path);
    struct verr err = {{0}};
    ck_assert_msg(manifest_load(fx->manifest_path, &fx->m, &err) == 0, "%s", err.msg);
    ck_assert_msg(workload_set_load(fx->workloads_dir, &fx->ws, &err) == 0, "%s", err.msg);
    fx->at = (struct plan_places){.root = fx->dir,
                                  .manifest_path = fx->manifest_path,
                                  .workloads_dir = fx->workloads_dir,
                                  .server_exe = "/opt/versus"};
    fx->inputs =
        (struct plan_input_source){.state = fx, .ensure = ensure_input, .describe = describe_input};
}

static void fixture_free(struct fixture *fx)
{
    workload_set_free(&fx->ws);
    manifest_free(&fx->m);
    free(fx->manifest_path);
    free(fx->workloads_dir);
    vt_remove_tree(fx->dir);
}

/* A request as `versus run` makes it with no options: nothing given. */
static struct plan_request no_options(void)
{
    return (struct plan_request){.runs = -1, .warmup = -1, .min_runs = 5};
}

static char **list_of(const char *comma_separated)
{
    if (comma_separated == NULL)
        return NULL;
    char **list = calloc(16, sizeof *list);
    char *copy = strdup(comma_separated), *save = NULL;
    int n = 0;
    for (char *t = strtok_r(copy, ",", &save); t != NULL && n < 15; t = strtok_r(NULL, ",", &save))
        list[n++] = strdup(t);
    free(copy);
    return list;
}

static char *joined(char *const *list)
{
    static char buf[512];
    buf[0] = '\0';
    for (size_t i = 0; list != NULL && list[i] != NULL; i++)
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", i ? "," : "", list[i]);
    return buf;
}

/* plan_runner_names: --runner, the suite entry's runners, the workload's default_runners; the
 * reference to the front. */
static const struct {
    const char *runners, *reference, *suite_runners;
    const char *want;
} RUNNER_NAMES[] = {
    {NULL, NULL, NULL, "two,one,gone"},   /* the workload's reference moves to the front */
    {"one,gone", NULL, NULL, "one,gone"}, /* --runner: as given, the first the reference */
    {"one", "two", NULL, "two,one"},      /* --reference not in --runner is added */
    {NULL, "gone", NULL, "gone,one,two"}, /* --reference instead of the workload's */
    {NULL, NULL, "gone,one", "gone,one"}, /* the suite's list, as given */
};

START_TEST(test_runner_names_come_from_the_command_line_then_the_suite_then_the_workload)
{
    struct fixture fx;
    fixture_load(&fx);
    struct plan_request rq = no_options();
    rq.runners = list_of(RUNNER_NAMES[_i].runners);
    rq.reference = RUNNER_NAMES[_i].reference;
    json_t *suite = NULL;
    if (RUNNER_NAMES[_i].suite_runners != NULL) {
        char **names = list_of(RUNNER_NAMES[_i].suite_runners);
        json_t *runners = json_array();
        for (char **n = names; *n; n++)
            json_array_append_new(runners, json_string(*n));
        argv_free(names);
        suite = json_pack("{s:[{s:s, s:o}]}", "entries", "workload", "w", "runners", runners);
        rq.suite = suite;
    }
    char **names = plan_runner_names(workload_find(&fx.ws, "w"), &rq);
    ck_assert_str_eq(joined(names), RUNNER_NAMES[_i].want);
    argv_free(names);
    argv_free(rq.runners);
    json_decref(suite);
    fixture_free(&fx);
}
END_TEST

/* plan_cases_of, plan_input_names_of and plan_counts_of for one request. */
static const struct {
    const char *pattern, *cases, *profile, *suite_profile;
    bool quick;
    int runs, warmup;
    const char *want_cases, *want_inputs;
    int want_runs, want_warmup;
} CHOICES[] = {
    {NULL, NULL, NULL, NULL, false, -1, -1, "a,b", "i1,i2", 10, 1},
    {NULL, "b", NULL, NULL, false, -1, -1, "b", "i1,i2", 10, 1},
    {"needle", "b", NULL, NULL, false, -1, -1, "custom", "i1,i2", 10, 1},
    {NULL, NULL, NULL, NULL, true, -1, -1, "q", "i1", 2, 0}, /* --quick takes the quick profile */
    {NULL, NULL, "quick", NULL, false, -1, -1, "q", "i1,i2", 2, 0},
    {NULL, NULL, NULL, "quick", false, 4, 3, "q", "i1,i2", 4, 3}, /* the command line first */
    {NULL, NULL, NULL, NULL, false, 7, 0, "a,b", "i1,i2", 7, 0},
};

START_TEST(test_cases_inputs_and_counts_follow_the_options_the_suite_and_the_profile)
{
    struct fixture fx;
    fixture_load(&fx);
    struct plan_request rq = no_options();
    rq.pattern = CHOICES[_i].pattern;
    rq.cases = list_of(CHOICES[_i].cases);
    rq.profile = CHOICES[_i].profile;
    rq.quick = CHOICES[_i].quick;
    rq.runs = CHOICES[_i].runs;
    rq.warmup = CHOICES[_i].warmup;
    json_t *suite = NULL;
    if (CHOICES[_i].suite_profile != NULL)
        rq.suite = suite = json_pack("{s:[{s:s, s:s}]}", "entries", "workload", "w", "profile",
                                     CHOICES[_i].suite_profile);
    const struct workload *w = workload_find(&fx.ws, "w");
    json_t *cases = plan_cases_of(w, &rq);
    char *names[16] = {0};
    for (size_t i = 0; i < json_array_size(cases) && i < 15; i++)
        names[i] = (char *)json_string_value(json_object_get(json_array_get(cases, i), "name"));
    ck_assert_str_eq(joined(names), CHOICES[_i].want_cases);
    const json_t *inputs = plan_input_names_of(w, &rq);
    char *input_names[16] = {0};
    for (size_t i = 0; i < json_array_size(inputs) && i < 15; i++)
        input_names[i] = (char *)json_string_value(json_array_get(inputs, i));
    ck_assert_str_eq(joined(input_names), CHOICES[_i].want_inputs);
    int runs, warmup;
    plan_counts_of(w, &rq, &runs, &warmup);
    ck_assert_int_eq(runs, CHOICES[_i].want_runs);
    ck_assert_int_eq(warmup, CHOICES[_i].want_warmup);
    json_decref(cases);
    json_decref(suite);
    argv_free(rq.cases);
    fixture_free(&fx);
}
END_TEST

/* A suite entry's own budget (runs, warmup, max_time_s, min_runs): over the profile's counts
 * and the suite's max_time_s/min_runs, under the command line's. */
static const struct {
    const char *entry;          /* the suite entry for w, as JSON */
    int runs, warmup;           /* --runs, --warmup (-1: not given) */
    double max_time_s;          /* --max-time or the suite's (0: none) */
    bool max_time_given;        /* ... and it was --max-time */
    int min_runs;               /* --min-runs or the suite's (default 5) */
    bool min_runs_given;        /* ... and it was --min-runs */
    int want_runs, want_warmup; /* plan_counts_of */
    double want_max_time_s;     /* plan_budget_of */
    int want_min_runs;
} BUDGETS[] = {
    /* no budget of its own: the profile's counts, the suite's max_time_s and min_runs */
    {"{\"workload\": \"w\", \"profile\": \"quick\"}", -1, -1, 60, false, 3, false, 2, 0, 60, 3},
    /* the entry's over the profile's and the suite's */
    {"{\"workload\": \"w\", \"profile\": \"quick\", \"runs\": 7, \"warmup\": 1,"
     " \"max_time_s\": 20, \"min_runs\": 5}",
     -1, -1, 60, false, 3, false, 7, 1, 20, 5},
    /* without a profile, the entry's over the defaults (10 runs, 1 warmup) */
    {"{\"workload\": \"w\", \"warmup\": 0, \"max_time_s\": 2.5}", -1, -1, 0, false, 5, false, 10, 0,
     2.5, 5},
    /* the command line over the entry's */
    {"{\"workload\": \"w\", \"runs\": 7, \"warmup\": 1, \"max_time_s\": 20, \"min_runs\": 5}", 1, 0,
     4, true, 2, true, 1, 0, 4, 2},
};

START_TEST(test_a_suite_entrys_budget_is_over_the_profile_and_suite_and_under_the_command_line)
{
    struct fixture fx;
    fixture_load(&fx);
    struct plan_request rq = no_options();
    json_error_t jerr;
    json_t *entry = json_loads(BUDGETS[_i].entry, 0, &jerr);
    ck_assert_msg(entry != NULL, "%s", jerr.text);
    json_t *suite = json_pack("{s:[o]}", "entries", entry);
    rq.suite = suite;
    rq.runs = BUDGETS[_i].runs;
    rq.warmup = BUDGETS[_i].warmup;
    rq.max_time_s = BUDGETS[_i].max_time_s;
    rq.max_time_given = BUDGETS[_i].max_time_given;
    rq.min_runs = BUDGETS[_i].min_runs;
    rq.min_runs_given = BUDGETS[_i].min_runs_given;
    const struct workload *w = workload_find(&fx.ws, "w");
    int runs, warmup, min_runs;
    double max_time_s;
    plan_counts_of(w, &rq, &runs, &warmup);
    plan_budget_of(w, &rq, &max_time_s, &min_runs);
    ck_assert_int_eq(runs, BUDGETS[_i].want_runs);
    ck_assert_int_eq(warmup, BUDGETS[_i].want_warmup);
    ck_assert_double_eq(max_time_s, BUDGETS[_i].want_max_time_s);
    ck_assert_int_eq(min_runs, BUDGETS[_i].want_min_runs);
    /* plan_build gives every group of w that budget */
    struct plan p = {0};
    struct verr err = {{0}};
    ck_assert_msg(plan_build(&p, &fx.m, &fx.ws, &rq, &fx.at, &fx.inputs, &err) == 0, "%s", err.msg);
    ck_assert_uint_gt(p.n_groups, 0);
    for (size_t g = 0; g < p.n_groups; g++) {
        ck_assert_int_eq(p.groups[g].runs, BUDGETS[_i].want_runs);
        ck_assert_int_eq(p.groups[g].warmup, BUDGETS[_i].want_warmup);
        ck_assert_double_eq(p.groups[g].max_time_s, BUDGETS[_i].want_max_time_s);
        ck_assert_int_eq(p.groups[g].min_runs, BUDGETS[_i].want_min_runs);
    }
    plan_free(&p);
    json_decref(suite);
    fixture_free(&fx);
}
END_TEST

START_TEST(test_a_group_per_input_and_case_with_the_reference_first_and_skips_with_reasons)
{
    struct fixture fx;
    fixture_load(&fx);
    struct plan_request rq = no_options();
    rq.workloads = list_of("w");
    rq.timeout_s = 9;
    rq.max_time_s = 8;
    rq.min_time_s = 0.5;
    struct plan p = {0};
    struct verr err = {{0}};
    ck_assert_msg(plan_build(&p, &fx.m, &fx.ws, &rq, &fx.at, &fx.inputs, &err) == 0, "%s", err.msg);
    static const struct {
        const char *input, *case_name;
    } want[] = {{"i1", "a"}, {"i1", "b"}, {"i2", "a"}, {"i2", "b"}};
    ck_assert_uint_eq(p.n_groups, 4);
    for (size_t g = 0; g < 4; g++) {
        const struct group *gr = &p.groups[g];
        ck_assert_str_eq(gr->input_name, want[g].input);
        ck_assert_str_eq(gr->case_name, want[g].case_name);
        ck_assert_uint_eq(gr->n_cells, 3);
        ck_assert_int_eq(gr->runs, 10);
        ck_assert_int_eq(gr->warmup, 1);
        const struct cell *ref = &p.cells[gr->cells[0]];
        ck_assert_str_eq(ref->label, "two");
        const struct cell *gone = &p.cells[gr->cells[2]];
        ck_assert_str_eq(gone->label, "gone");
        ck_assert_int_eq(gone->verdict, VERDICT_SKIPPED);
        if (g < 2) {
            ck_assert(gr->has_reference);
            ck_assert_int_eq(gr->input_bytes, 7);
            char want_argv[600];
            snprintf(want_argv, sizeof want_argv, "/bin/echo,two,%s,%s/i1.txt", g == 0 ? "x" : "y",
                     fx.dir);
            ck_assert_str_eq(joined(ref->argv), want_argv);
            ck_assert_int_eq(ref->verdict, VERDICT_PENDING);
            ck_assert_ptr_nonnull(strstr(gone->reason, "versus-no-such-tool"));
        } else {
            for (size_t k = 0; k < 3; k++) {
                ck_assert_int_eq(p.cells[gr->cells[k]].verdict, VERDICT_SKIPPED);
                ck_assert_str_eq(p.cells[gr->cells[k]].reason, "input i2 is missing");
            }
        }
    }
    ck_assert_int_eq(p.runs, 10);
    ck_assert_int_eq(p.warmup, 1);
    ck_assert_double_eq(p.timeout_s, 9);
    ck_assert_double_eq(p.max_time_s, 8);
    ck_assert_double_eq(p.min_time_s, 0.5);
    ck_assert_int_eq(p.min_runs, 5);
    plan_free(&p);
    argv_free(rq.workloads);
    fixture_free(&fx);
}
END_TEST

START_TEST(test_an_unavailable_reference_hands_the_role_to_the_next_runner)
{
    struct fixture fx;
    fixture_load(&fx);
    struct plan_request rq = no_options();
    rq.workloads = list_of("w");
    rq.runners = list_of("gone,one");
    rq.inputs = list_of("i1");
    rq.cases = list_of("a");
    struct plan p = {0};
    struct verr err = {{0}};
    ck_assert_msg(plan_build(&p, &fx.m, &fx.ws, &rq, &fx.at, &fx.inputs, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(p.n_groups, 1);
    ck_assert(p.groups[0].has_reference);
    ck_assert_str_eq(p.cells[p.groups[0].cells[0]].label, "one");
    ck_assert_int_eq(p.cells[p.groups[0].cells[1]].verdict, VERDICT_SKIPPED);
    plan_free(&p);
    argv_free(rq.workloads);
    argv_free(rq.runners);
    argv_free(rq.inputs);
    argv_free(rq.cases);
    fixture_free(&fx);
}
END_TEST

START_TEST(test_a_workload_without_inputs_gets_a_group_per_case_and_its_server)
{
    struct fixture fx;
    fixture_load(&fx);
    struct plan_request rq = no_options();
    rq.workloads = list_of("nil");
    struct plan p = {0};
    struct verr err = {{0}};
    ck_assert_msg(plan_build(&p, &fx.m, &fx.ws, &rq, &fx.at, &fx.inputs, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(p.n_groups, 2);
    for (size_t g = 0; g < 2; g++) {
        ck_assert_ptr_null(p.groups[g].input_path);
        char want[128];
        snprintf(want, sizeof want, "/opt/versus,mock-llm,--word,w%zu", g + 1);
        ck_assert_str_eq(joined(p.groups[g].server_argv), want);
        snprintf(want, sizeof want, "/bin/echo," PLAN_URL_SENTINEL ",w%zu", g + 1);
        ck_assert_str_eq(joined(p.cells[p.groups[g].cells[0]].argv), want);
    }
    plan_free(&p);
    argv_free(rq.workloads);
    fixture_free(&fx);
}
END_TEST

START_TEST(test_a_profile_alone_chooses_the_workloads_that_have_it)
{
    struct fixture fx;
    fixture_load(&fx);
    struct plan_request rq = no_options();
    rq.profile = "quick";
    struct plan p = {0};
    struct verr err = {{0}};
    ck_assert_msg(plan_build(&p, &fx.m, &fx.ws, &rq, &fx.at, &fx.inputs, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(p.n_groups, 2); /* w's case q on i1 and i2; nil has no profile quick */
    for (size_t g = 0; g < p.n_groups; g++) {
        ck_assert_str_eq(p.groups[g].workload->name, "w");
        ck_assert_str_eq(p.groups[g].case_name, "q");
        ck_assert_int_eq(p.groups[g].runs, 2);
    }
    plan_free(&p);
    fixture_free(&fx);
}
END_TEST

/* plan_build's errors. */
static const struct {
    const char *workloads, *runners, *inputs, *input_file, *profile;
    const char *want; /* printf format with %s for the fixture's directory */
} BUILD_ERRORS[] = {
    {"w", "one,nope", NULL, NULL, NULL, "no runner 'nope' in %s/runners.json"},
    {"w", NULL, "i1,nope", NULL, NULL, "no input 'nope' in %s/workloads/inputs.json"},
    {"w", NULL, NULL, "/no/such/file", NULL, "cannot use --input-file /no/such/file"},
    {"w,nil", NULL, NULL, NULL, "quick", "workload nil has no profile 'quick'"},
};

START_TEST(test_an_unknown_runner_input_or_profile_is_an_error_that_names_it)
{
    struct fixture fx;
    fixture_load(&fx);
    struct plan_request rq = no_options();
    rq.workloads = list_of(BUILD_ERRORS[_i].workloads);
    rq.runners = list_of(BUILD_ERRORS[_i].runners);
    rq.inputs = list_of(BUILD_ERRORS[_i].inputs);
    rq.input_file = BUILD_ERRORS[_i].input_file;
    rq.profile = BUILD_ERRORS[_i].profile;
    struct plan p = {0};
    struct verr err = {{0}};
    ck_assert_int_eq(plan_build(&p, &fx.m, &fx.ws, &rq, &fx.at, &fx.inputs, &err), -1);
    char want[1024];
    snprintf(want, sizeof want, BUILD_ERRORS[_i].want, fx.dir);
    ck_assert_str_eq(err.msg, want);
    plan_free(&p);
    argv_free(rq.workloads);
    argv_free(rq.runners);
    argv_free(rq.inputs);
    fixture_free(&fx);
}
END_TEST

START_TEST(test_each_command_is_a_cell_of_one_group_without_a_reference)
{
    char *texts[] = {"true", "echo 'a b'"};
    struct plan_commands rq = {.texts = texts,
                               .n = 2,
                               .runs = 4,
                               .warmup = 2,
                               .min_time_s = 3,
                               .timeout_s = 1.5,
                               .check_exit_zero = true};
    struct plan p = {0};
    struct verr err = {{0}};
    ck_assert_msg(plan_build_commands(&p, &rq, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(p.n_groups, 1);
    ck_assert_uint_eq(p.n_cells, 2);
    ck_assert(!p.groups[0].has_reference);
    ck_assert_str_eq(p.groups[0].case_name, "exec");
    ck_assert(json_is_false(json_object_get(p.groups[0].params, "shell")));
    ck_assert_str_eq(p.cells[1].label, "echo 'a b'");
    ck_assert_int_eq(p.cells[1].argv[0][0], '/');
    ck_assert_str_eq(p.cells[1].argv[1], "a b");
    ck_assert_ptr_null(p.cells[1].argv[2]);
    ck_assert_int_eq(p.runs, 4);
    ck_assert_int_eq(p.warmup, 2);
    ck_assert_double_eq(p.min_time_s, 3);
    ck_assert_double_eq(p.timeout_s, 1.5);
    ck_assert(p.check_exit_zero);
    plan_free(&p);

    char *sh[] = {"sh", NULL};
    rq.shell = sh;
    rq.n = 1;
    struct plan q = {0};
    ck_assert_msg(plan_build_commands(&q, &rq, &err) == 0, "%s", err.msg);
    ck_assert_str_eq(q.groups[0].case_name, "shell");
    ck_assert_int_eq(q.cells[0].argv[0][0], '/'); /* sh, found in PATH */
    ck_assert_str_eq(strchr(joined(q.cells[0].argv), ','), ",-c,true");
    plan_free(&q);
}
END_TEST

static const struct {
    const char *text;
    const char *want; /* the start of the message */
} COMMAND_ERRORS[] = {
    {"versus-no-such-command --x", "'versus-no-such-command --x': "},
    {"echo 'unclosed", "'echo 'unclosed': "},
};

START_TEST(test_a_command_that_cannot_run_is_an_error_that_quotes_it)
{
    char *texts[] = {"true", (char *)COMMAND_ERRORS[_i].text};
    struct plan_commands rq = {.texts = texts, .n = 2, .runs = 1};
    struct plan p = {0};
    struct verr err = {{0}};
    ck_assert_int_eq(plan_build_commands(&p, &rq, &err), -1);
    ck_assert_msg(strncmp(err.msg, COMMAND_ERRORS[_i].want, strlen(COMMAND_ERRORS[_i].want)) == 0,
                  "'%s'", err.msg);
    ck_assert_uint_gt(strlen(err.msg), strlen(COMMAND_ERRORS[_i].want));
    ck_assert_uint_eq(p.n_cells, 0);
}
END_TEST

START_TEST(test_a_sweep_makes_a_cell_per_combination_and_command_with_the_reference_once)
{
    struct sweep sw = {0};
    struct verr err = {{0}};
    ck_assert(sweep_add_list(&sw, "n", "1,2", &err) == 0);
    char *texts[] = {"true ref", "echo {n}", "printf %s {n}"}, *names[] = {"e{n}", NULL};
    char *prepare[] = {"true p0 {n}", "true p1 {n}", "true p2 {n}", NULL};
    struct plan_commands rq = {.texts = texts,
                               .n = 3,
                               .names = names,
                               .first_is_reference = true,
                               .reference_name = "base",
                               .sweep = &sw,
                               .setup = "true setup {n}",
                               .prepare = prepare,
                               .runs = 3,
                               .max_runs = 7};
    struct plan p = {0};
    ck_assert_msg(plan_build_commands(&p, &rq, &err) == 0, "%s", err.msg);
    /* The reference, then per combination (outer) each command, hyperfine's order. */
    static const char *const labels[] = {"base", "e1", "printf %s 1", "e2", "printf %s 2"};
    ck_assert_uint_eq(p.n_cells, 5);
    for (size_t i = 0; i < 5; i++)
        ck_assert_str_eq(p.cells[i].label, labels[i]);
    ck_assert_ptr_null(p.cells[0].params);
    ck_assert_str_eq(json_string_value(json_object_get(p.cells[4].params, "n")), "2");
    ck_assert_str_eq(p.cells[3].argv[1], "2");
    /* Hooks get the values too, and the per-command --prepare goes to its command. */
    ck_assert_str_eq(strchr(joined(p.cells[0].hooks->setup), ','), ",setup,{n}");
    ck_assert_str_eq(strchr(joined(p.cells[4].hooks->setup), ','), ",setup,2");
    ck_assert_str_eq(strchr(joined(p.cells[4].hooks->prepare), ','), ",p2,2");
    ck_assert_ptr_null(p.cells[4].hooks->cleanup);
    ck_assert_int_eq(p.max_runs, 7);
    plan_free(&p);
    sweep_free(&sw);
}
END_TEST

START_TEST(test_commands_in_directories_take_their_program_from_there_and_their_values)
{
    char dir[] = "/tmp/versus-plan-build-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char prog[64];
    snprintf(prog, sizeof prog, "%s/prog", dir);
    FILE *f = fopen(prog, "w");
    ck_assert_ptr_nonnull(f);
    fputs("#!/bin/sh\n", f);
    fclose(f);
    ck_assert_int_eq(chmod(prog, 0755), 0);
    /* ab --git: one command, {rev} and {dir} per side, ./prog the side's. */
    char *texts[] = {"./prog {rev}", "./prog {rev}"}, *dirs[] = {dir, dir};
    char *names[] = {"HEAD~1 (aaa)", "HEAD (bbb)", NULL};
    json_t *values[] = {json_pack("{s:s}", "rev", "aaa"), json_pack("{s:s}", "rev", "bbb")};
    char *prepare[] = {"./prog {rev}", NULL};
    struct plan_commands rq = {
        .texts = texts, .n = 2, .names = names, .values = values, .dirs = dirs, .prepare = prepare};
    struct plan p = {0};
    struct verr err = {{0}};
    ck_assert_msg(plan_build_commands(&p, &rq, &err) == 0, "%s", err.msg);
    char want[128];
    snprintf(want, sizeof want, "%s,bbb", prog);
    ck_assert_str_eq(joined(p.cells[1].argv), want);
    ck_assert_str_eq(joined(p.cells[1].hooks->prepare), want);
    ck_assert_str_eq(p.cells[1].hooks->cwd, dir);
    ck_assert_str_eq(p.cells[0].label, "HEAD~1 (aaa)");
    ck_assert_ptr_null(p.cells[0].params); /* {rev} is not a parameter of the document */
    plan_free(&p);
    json_decref(values[0]);
    json_decref(values[1]);
    unlink(prog);
    rmdir(dir);
}
END_TEST

static const struct {
    const char *prepare[4], *names[4], *outputs[4];
    const char *want;
} COUNT_ERRORS[] = {
    {{"true", "true", NULL}, {NULL}, {NULL}, "--prepare is given 2 times for 3 commands: "},
    {{NULL}, {"a", "b", "c", "d"}, {NULL}, "4 --command-name for 3 commands"},
    {{NULL}, {NULL}, {"null", "pipe", NULL}, "--output is given 2 times for 3 commands: "},
    {{"versus-no-such-hook"}, {NULL}, {NULL}, "--prepare 'versus-no-such-hook': "},
};

START_TEST(test_a_per_command_option_given_a_wrong_number_of_times_is_an_error)
{
    char *texts[] = {"true", "true", "true"};
    struct plan_commands rq = {.texts = texts,
                               .n = 3,
                               .prepare = (char *const *)COUNT_ERRORS[_i].prepare,
                               .names = (char *const *)COUNT_ERRORS[_i].names,
                               .outputs = (char *const *)COUNT_ERRORS[_i].outputs};
    struct plan p = {0};
    struct verr err = {{0}};
    ck_assert_int_eq(plan_build_commands(&p, &rq, &err), -1);
    ck_assert_msg(strncmp(err.msg, COUNT_ERRORS[_i].want, strlen(COUNT_ERRORS[_i].want)) == 0,
                  "'%s'", err.msg);
    ck_assert_uint_eq(p.n_cells, 0);
}
END_TEST

/* The plan `versus ab` built by hand before plan_build_commands (cli_ab.c at 9091932). */
static void hand_built_ab_plan(struct plan *p, char **texts, int runs, int warmup)
{
    char **argvs[2];
    for (int i = 0; i < 2; i++) {
        argvs[i] = plan_command_argv(texts[i], false, NULL);
        ck_assert_ptr_nonnull(argvs[i]);
    }
    p->runs = runs;
    p->warmup = warmup;
    p->timeout_s = 0;
    p->check_exit_zero = true;
    json_t *params = json_pack("{s:s, s:b}", "name", "exec", "shell", 0);
    size_t gi = plan_add_group(p, NULL, NULL, NULL, NULL, params);
    for (int i = 0; i < 2; i++)
        plan_add_cell(p, gi, NULL, texts[i], argvs[i], NULL, false);
}

/* The document of a plan run through the same script. */
static char *document_of(struct plan *p)
{
    struct mock_executor m;
    mock_executor_init(&m);
    for (size_t c = 0; c < 2; c++)
        m.base[c] = (struct mock_run){
            .wall_s = 0.01 * (double)(c + 1), .rss_bytes = 1 << 20, .stdout_text = "same\n"};
    mock_executor_script(&m, 1, 3, (struct mock_run){.wall_s = 0.5, .stdout_text = "same\n"});
    struct bench_options o = {.executor = &m.ex};
    bench_execute(p, &o);
    mock_executor_free(&m);
    char *argv[] = {"versus", "ab", NULL};
    json_t *env = json_object(), *settings = json_pack("{s:i}", "runs", p->runs);
    struct result_meta meta = {.argc = 2,
                               .argv = argv,
                               .env = env,
                               .settings = settings,
                               .created_at = "2024-01-01T00:00:00Z"};
    json_t *doc = result_build(p, &meta);
    char *text = json_dumps(doc, JSON_INDENT(2));
    json_decref(doc);
    json_decref(settings);
    json_decref(env);
    return text;
}

START_TEST(test_the_commands_plan_gives_the_document_the_hand_built_plan_gave)
{
    char *texts[] = {"true", "echo 'a b'"};
    struct plan before = {0}, after = {0};
    hand_built_ab_plan(&before, texts, 5, 2);
    struct plan_commands rq = {
        .texts = texts, .n = 2, .runs = 5, .warmup = 2, .check_exit_zero = true};
    struct verr err = {{0}};
    ck_assert_msg(plan_build_commands(&after, &rq, &err) == 0, "%s", err.msg);
    char *a = document_of(&before), *b = document_of(&after);
    ck_assert_ptr_nonnull(strstr(a, "\"wall_s\""));
    ck_assert_str_eq(a, b);
    free(a);
    free(b);
    plan_free(&before);
    plan_free(&after);
}
END_TEST

#define N_OF(a) (int)(sizeof(a) / sizeof((a)[0]))

static Suite *plan_build_suite(void)
{
    Suite *s = suite_create("plan_build");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(
        tc, test_runner_names_come_from_the_command_line_then_the_suite_then_the_workload, 0,
        N_OF(RUNNER_NAMES));
    tcase_add_loop_test(tc,
                        test_cases_inputs_and_counts_follow_the_options_the_suite_and_the_profile,
                        0, N_OF(CHOICES));
    tcase_add_loop_test(
        tc, test_a_suite_entrys_budget_is_over_the_profile_and_suite_and_under_the_command_line, 0,
        N_OF(BUDGETS));
    tcase_add_test(tc,
                   test_a_group_per_input_and_case_with_the_reference_first_and_skips_with_reasons);
    tcase_add_test(tc, test_an_unavailable_reference_hands_the_role_to_the_next_runner);
    tcase_add_test(tc, test_a_workload_without_inputs_gets_a_group_per_case_and_its_server);
    tcase_add_test(tc, test_a_profile_alone_chooses_the_workloads_that_have_it);
    tcase_add_loop_test(tc, test_an_unknown_runner_input_or_profile_is_an_error_that_names_it, 0,
                        N_OF(BUILD_ERRORS));
    tcase_add_test(tc, test_each_command_is_a_cell_of_one_group_without_a_reference);
    tcase_add_loop_test(tc, test_a_command_that_cannot_run_is_an_error_that_quotes_it, 0,
                        N_OF(COMMAND_ERRORS));
    tcase_add_test(tc, test_the_commands_plan_gives_the_document_the_hand_built_plan_gave);
    tcase_add_test(tc,
                   test_a_sweep_makes_a_cell_per_combination_and_command_with_the_reference_once);
    tcase_add_test(tc, test_commands_in_directories_take_their_program_from_there_and_their_values);
    tcase_add_loop_test(tc, test_a_per_command_option_given_a_wrong_number_of_times_is_an_error, 0,
                        N_OF(COUNT_ERRORS));
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(plan_build_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
