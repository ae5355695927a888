/*
 * test_conform.c - `versus conform json`, the JSON conformance gate.
 *
 *   - classification: every rule of conform_classify on made-up process outcomes (accepted,
 *     clean and unclean rejections, crash, hang, bad output), and the stats-line check;
 *   - case files: the package's `export default [...]` format is parsed, a case with U+FFFD is
 *     "not carried", NUL bytes survive, a bad file is an error; the hostile cases are written
 *     with their prefixes and sizes, and --case selection removes the other files;
 *   - end to end: a deliberately broken runner that accepts trailing commas
 *     (tests/fixtures/conform/lenient_json.py) is caught (exit 1, n_array_extra_comma named as
 *     a deviation), and the five default runners (c, python, python-orjson, go, rust: all
 *     required) neither crash nor hang on the hostile cases nor on the whole suite, accept every
 *     y_ case and reject every n_ case but for their pinned deviations (PINNED), and show no
 *     other deviation.
 * The npm package is fetched once into the repository's data directory (VERSUS_SOURCE_DIR
 * "/data"), as `versus data fetch` would.
 */
#include <check.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conform/conform.h"
#include "conform/conform_cases.h"
#include "measure/process.h"
#include "util/fsutil.h"
#include "versus_test.h"

#define DATA_DIR VERSUS_SOURCE_DIR "/data"
#define FIXTURE_MANIFEST VERSUS_SOURCE_DIR "/tests/fixtures/conform/runners.json"

/* The five default JSON runners (workloads/json-stats.json), all required. */
#define DEFAULT_RUNNERS "c,python,python-orjson,go,rust"
static const char *const MUST_ALL[] = {"c", "python", "python-orjson", "go", "rust", NULL};

static char tmpdir[4096];

static void make_tmpdir(void)
{
    vt_make_tmpdir(tmpdir, sizeof tmpdir, "conform");
}

/* run_versus(&err, ARGS("conform", "json")): exit status, stderr in *err, stdout echoed. */
#define run_versus(err_text, args) vt_run_versus_args(NULL, err_text, args)
#define ARGS VT_ARGS

static json_t *load_conformance(const char *path)
{
    json_error_t e;
    json_t *doc = json_load_file(path, 0, &e);
    if (doc == NULL)
        ck_abort_msg("%s:%d:%d: %s", path, e.line, e.column, e.text);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "schema")), "versus/1");
    json_t *c = json_object_get(doc, "conformance");
    ck_assert_msg(json_is_object(c), "no conformance section in %s", path);
    json_incref(c);
    json_decref(doc);
    return c;
}

static json_int_t count_of(json_t *runner, const char *name)
{
    return json_integer_value(json_object_get(json_object_get(runner, "counts"), name));
}

/* A made-up process outcome (strings borrowed). */
static struct run_outcome fake_run(int exit_code, int sig, bool timed_out, const char *out,
                                   const char *err)
{
    struct run_outcome r;
    memset(&r, 0, sizeof r);
    r.exit_code = exit_code;
    r.signal = sig;
    r.timed_out = timed_out;
    r.stdout_head = (char *)out;
    r.stdout_head_len = strlen(out);
    r.stdout_bytes = r.stdout_head_len;
    r.stderr_tail = (char *)err;
    r.stderr_tail_len = strlen(err);
    return r;
}

static const char *STATS = "objects=0 arrays=1 numbers=1 strings=0 true=0 false=0 null=0 "
                           "members=0 elements=1 string_bytes=0 number_sum=1\n";

/* Classifies one made-up outcome and returns the deviation. */
static enum conform_deviation classify(enum conform_expect e, int exit_code, int sig,
                                       bool timed_out, const char *out, const char *err,
                                       bool *accepted)
{
    struct run_outcome r = fake_run(exit_code, sig, timed_out, out, err);
    struct conform_outcome o;
    conform_classify(e, &r, &o);
    enum conform_deviation d = o.deviation;
    if (accepted != NULL)
        *accepted = o.accepted;
    ck_assert_msg((d == CONFORM_OK) == (o.got == NULL), "got must be set for deviations only");
    conform_outcome_clear(&o);
    return d;
}

START_TEST(each_outcome_is_classified_by_expectation_exit_and_stderr)
{
    bool acc;
    ck_assert_int_eq(classify(CONFORM_MUST_ACCEPT, 0, 0, false, STATS, "", &acc), CONFORM_OK);
    ck_assert(acc);
    ck_assert_int_eq(classify(CONFORM_MUST_ACCEPT, 2, 0, false, "", "bad\n", &acc),
                     CONFORM_REJECTED_Y);
    ck_assert(!acc);
    ck_assert_int_eq(classify(CONFORM_MUST_ACCEPT, 0, 0, false, "", "", NULL), CONFORM_BAD_OUTPUT);
    ck_assert_int_eq(classify(CONFORM_MUST_REJECT, 2, 0, false, "", "x: bad JSON\n", &acc),
                     CONFORM_OK);
    ck_assert(!acc);
    ck_assert_int_eq(classify(CONFORM_MUST_REJECT, 2, 0, false, "", "no newline", NULL),
                     CONFORM_OK);
    ck_assert_int_eq(classify(CONFORM_MUST_REJECT, 0, 0, false, STATS, "", &acc),
                     CONFORM_ACCEPTED_N);
    ck_assert(acc);
    ck_assert_int_eq(classify(CONFORM_MUST_REJECT, 1, 0, false, "", "x: bad JSON\n", NULL),
                     CONFORM_UNCLEAN_REJECTION);
    ck_assert_int_eq(classify(CONFORM_MUST_REJECT, 2, 0, false, "", "Traceback\n  x\n", NULL),
                     CONFORM_UNCLEAN_REJECTION);
    ck_assert_int_eq(classify(CONFORM_MUST_REJECT, 2, 0, false, "", "", NULL),
                     CONFORM_UNCLEAN_REJECTION);
    ck_assert_int_eq(classify(CONFORM_MUST_REJECT, 2, 0, false, "", "\n", NULL),
                     CONFORM_UNCLEAN_REJECTION);
    ck_assert_int_eq(classify(CONFORM_EITHER, 0, 0, false, STATS, "", NULL), CONFORM_OK);
    ck_assert_int_eq(classify(CONFORM_EITHER, 2, 0, false, "", "too deep\n", NULL), CONFORM_OK);
    ck_assert_int_eq(classify(CONFORM_EITHER, 2, 0, false, "",
                              "fatal error: stack overflow\n\n"
                              "goroutine 1\n",
                              NULL),
                     CONFORM_UNCLEAN_REJECTION);
    ck_assert_int_eq(classify(CONFORM_EITHER, -1, 11, false, "", "", NULL), CONFORM_CRASHED);
    ck_assert_int_eq(classify(CONFORM_MUST_ACCEPT, -1, 9, true, "", "", NULL), CONFORM_TIMED_OUT);

    /* The one stderr line is kept, cut to CONFORM_LINE_MAX bytes, as valid UTF-8. */
    char long_line[1000];
    memset(long_line, 'x', sizeof long_line - 2);
    long_line[0] = '\xff';
    long_line[sizeof long_line - 2] = '\n';
    long_line[sizeof long_line - 1] = '\0';
    struct run_outcome r = fake_run(2, 0, false, "", long_line);
    struct conform_outcome o;
    conform_classify(CONFORM_MUST_REJECT, &r, &o);
    ck_assert_int_eq(o.deviation, CONFORM_OK);
    ck_assert_int_eq(o.stderr_lines, 1);
    ck_assert_uint_le(strlen(o.stderr_line), CONFORM_LINE_MAX);
    ck_assert_msg(strncmp(o.stderr_line, "\xEF\xBF\xBD", 3) == 0, "%s", o.stderr_line);
    conform_outcome_clear(&o);
}
END_TEST

START_TEST(only_a_complete_stats_line_is_accepted)
{
    ck_assert(conform_is_stats_line(STATS, strlen(STATS)));
    const char *inf = "objects=0 arrays=1 numbers=1 strings=0 true=0 false=0 null=0 members=0 "
                      "elements=1 string_bytes=0 number_sum=inf\n";
    ck_assert(conform_is_stats_line(inf, strlen(inf)));
    const char *bad[] = {
        "",
        "objects=0\n",
        "objects=0 arrays=1 numbers=1 strings=0 true=0 false=0 null=0 members=0 elements=1 "
        "string_bytes=0 number_sum=1", /* no newline */
        "objects=0 arrays=1 numbers=1 strings=0 true=0 false=0 null=0 members=0 elements=1 "
        "string_bytes=0 number_sum=1\n\n",
        "objects=0 arrays=1 numbers=1 strings=0 true=0 false=0 null=0 members=0 elements=1 "
        "string_bytes=0 number_sum=abc\n",
        "objects=-1 arrays=1 numbers=1 strings=0 true=0 false=0 null=0 members=0 elements=1 "
        "string_bytes=0 number_sum=1\n",
        "arrays=1 objects=0 numbers=1 strings=0 true=0 false=0 null=0 members=0 elements=1 "
        "string_bytes=0 number_sum=1\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(!conform_is_stats_line(bad[i], strlen(bad[i])), "accepted: %s", bad[i]);
}
END_TEST

START_TEST(suite_file_is_parsed_and_uncarried_cases_skipped)
{
    make_tmpdir();
    static const char JS[] = "// Generated file, do NOT edit\n\nexport default [\n"
                             "  {\"name\": \"y_ok.json\", \"error\": false, \"input\": \"[1]\"},\n"
                             "  {\"name\": \"n_nul.json\", \"error\": true, \"input\": "
                             "\"123\\u0000\"},\n"
                             "  {\"name\": \"i_lost.json\", \"input\": \"[\\\"\\ufffd\\\"]\"}\n"
                             "];\n";
    char path[4200];
    snprintf(path, sizeof path, "%s/parsing.js", tmpdir);
    ck_assert_int_eq(fsutil_write_atomic(path, JS, sizeof JS - 1, NULL), 0);

    struct conform_case_set set;
    memset(&set, 0, sizeof set);
    struct verr err;
    ck_assert_int_eq(conform_cases_open(&set, tmpdir, &err), 0);
    ck_assert_msg(conform_cases_add_suite(&set, path, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(set.n_suite_total, 3);
    ck_assert_uint_eq(set.n_cases, 2);
    ck_assert_str_eq(set.cases[0].name, "y_ok");
    ck_assert_int_eq(set.cases[0].expect, CONFORM_MUST_ACCEPT);
    ck_assert_str_eq(set.cases[1].name, "n_nul");
    ck_assert_int_eq(set.cases[1].expect, CONFORM_MUST_REJECT);
    size_t len;
    char *bytes = fsutil_read_file(set.cases[1].path, &len, NULL);
    ck_assert_uint_eq(len, 4);
    ck_assert(memcmp(bytes, "123\0", 4) == 0);
    free(bytes);
    ck_assert_uint_eq(set.n_not_carried, 1);
    ck_assert_str_eq(set.not_carried[0], "i_lost");
    char *dir = strdup(set.dir);
    conform_case_set_free(&set);
    ck_assert(!fsutil_exists(dir));
    free(dir);

    /* Broken files are errors that say what is wrong. */
    json_t *cases;
    const char *no_prefix = "[{\"name\": \"y_a\", \"error\": false, \"input\": \"1\"}]";
    ck_assert_int_eq(conform_suite_parse(no_prefix, strlen(no_prefix), &cases, &err), -1);
    ck_assert_msg(strstr(err.msg, "export default") != NULL, "%s", err.msg);
    const char *disagree =
        "export default [{\"name\": \"y_a\", \"error\": true, \"input\": \"1\"}]";
    ck_assert_int_eq(conform_suite_parse(disagree, strlen(disagree), &cases, &err), -1);
    ck_assert_msg(strstr(err.msg, "y_a") != NULL, "%s", err.msg);
    const char *slash = "export default [{\"name\": \"i_../x\", \"input\": \"1\"}]";
    ck_assert_int_eq(conform_suite_parse(slash, strlen(slash), &cases, &err), -1);
    const char *extra = "export default [{\"name\": \"i_a\", \"input\": \"1\", \"skip\": true}]";
    ck_assert_int_eq(conform_suite_parse(extra, strlen(extra), &cases, &err), -1);
    ck_assert_msg(strstr(err.msg, "skip") != NULL, "%s", err.msg);
}
END_TEST

START_TEST(hostile_cases_are_written_and_selectable)
{
    make_tmpdir();
    struct conform_case_set set;
    memset(&set, 0, sizeof set);
    struct verr err;
    ck_assert_int_eq(conform_cases_open(&set, tmpdir, &err), 0);
    ck_assert_msg(conform_cases_add_hostile(&set, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(set.n_cases, 10);
    int64_t big = -1;
    for (size_t i = 0; i < set.n_cases; i++) {
        const struct conform_case *c = &set.cases[i];
        ck_assert(c->hostile);
        ck_assert_ptr_nonnull(c->why);
        ck_assert_int_eq(fsutil_file_size(c->path), c->bytes);
        if (strcmp(c->name, "i_hostile_nested_100000_arrays") == 0)
            ck_assert_int_eq(c->bytes, 200000);
        if (strcmp(c->name, "n_hostile_empty_file") == 0)
            ck_assert_int_eq(c->bytes, 0);
        if (strcmp(c->name, "n_hostile_lone_utf8_bom") == 0)
            ck_assert_int_eq(c->bytes, 3);
        if (strcmp(c->name, "n_hostile_unterminated_string_50mib") == 0) {
            ck_assert_int_eq(c->expect, CONFORM_MUST_REJECT);
            big = c->bytes;
        }
    }
    ck_assert_int_eq(big, 50 * 1024 * 1024 + 4);

    char *removed = strdup(set.cases[0].path);
    ck_assert_int_eq(conform_case_set_select(&set, "^n_hostile_(nan|infinity)$", &err), 2);
    ck_assert_str_eq(set.cases[0].name, "n_hostile_nan");
    ck_assert_str_eq(set.cases[1].name, "n_hostile_infinity");
    ck_assert(!fsutil_exists(removed));
    free(removed);
    ck_assert_int_eq(conform_case_set_select(&set, "(", &err), -1);
    conform_case_set_free(&set);
}
END_TEST

START_TEST(lenient_runner_is_caught)
{
    make_tmpdir();
    char json[4200];
    snprintf(json, sizeof json, "%s/lenient.json", tmpdir);
    char *err = NULL;
    int rc = run_versus(&err, ARGS("conform", "json", "--manifest", FIXTURE_MANIFEST, "--runner",
                                   "lenient", "--data-dir", DATA_DIR, "--json", json, "--quiet"));
    ck_assert_msg(rc == 1, "exit %d, stderr: %s", rc, err ? err : "");
    free(err);
    json_t *c = load_conformance(json);
    json_t *source = json_object_get(c, "source");
    ck_assert_int_eq(json_integer_value(json_object_get(source, "cases")), 318);
    ck_assert_int_eq(json_array_size(json_object_get(source, "not_carried")), 25);

    json_t *runner = json_array_get(json_object_get(c, "runners"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(runner, "runner")), "lenient");
    ck_assert(json_is_true(json_object_get(runner, "failed")));
    ck_assert_int_eq(json_array_size(json_object_get(runner, "cases")), 293 + 10);
    ck_assert_int_eq(count_of(runner, "y_accepted"), count_of(runner, "y_total"));
    ck_assert_int_eq(count_of(runner, "crashed"), 0);

    /* Every deviation is a trailing comma accepted; n_array_extra_comma is one of them. */
    bool extra_comma = false;
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(c, "deviations"), i, d)
    {
        const char *name = json_string_value(json_object_get(d, "case"));
        ck_assert_str_eq(json_string_value(json_object_get(d, "runner")), "lenient");
        ck_assert_msg(strcmp(json_string_value(json_object_get(d, "kind")), "accepted_n") == 0,
                      "%s: %s", name, json_string_value(json_object_get(d, "kind")));
        ck_assert_str_eq(json_string_value(json_object_get(d, "expected")), "n");
        extra_comma = extra_comma || strcmp(name, "n_array_extra_comma") == 0;
    }
    ck_assert_msg(extra_comma, "n_array_extra_comma is not named as a deviation");
    ck_assert_int_eq(json_array_size(json_object_get(c, "failed_runners")), 1);
    json_decref(c);
}
END_TEST

/* Asserts that no available runner of the document crashed or hung, and that each ran every
 * hostile case; fails when a runner in must_have is unavailable. Returns the runners seen. */
static size_t assert_no_crash_no_hang(json_t *c, const char *const *must_have)
{
    size_t n = 0, i;
    json_t *r;
    json_array_foreach(json_object_get(c, "runners"), i, r)
    {
        const char *name = json_string_value(json_object_get(r, "runner"));
        bool required = false;
        for (const char *const *m = must_have; *m; m++)
            required = required || strcmp(*m, name) == 0;
        if (!json_is_true(json_object_get(r, "available"))) {
            ck_assert_msg(!required, "runner %s unavailable: %s", name,
                          json_string_value(json_object_get(r, "unavailable_reason")));
            fprintf(stderr, "test_conform: runner %s unavailable here, not checked\n", name);
            continue;
        }
        n++;
        size_t k;
        json_t *o;
        json_array_foreach(json_object_get(r, "cases"), k, o)
        {
            const char *cname = json_string_value(json_object_get(o, "case"));
            ck_assert_msg(json_integer_value(json_object_get(o, "signal")) == 0, "%s crashed on %s",
                          name, cname);
            ck_assert_msg(!json_is_true(json_object_get(o, "timed_out")), "%s hung on %s", name,
                          cname);
            const char *dev = json_string_value(json_object_get(o, "deviation"));
            ck_assert_msg(dev == NULL || strcmp(dev, "not_run") != 0, "%s did not run %s", name,
                          cname);
        }
        ck_assert_int_eq(count_of(r, "crashed"), 0);
        ck_assert_int_eq(count_of(r, "timed_out"), 0);
    }
    return n;
}

START_TEST(real_runners_survive_hostile_cases)
{
    make_tmpdir();
    char json[4200];
    snprintf(json, sizeof json, "%s/hostile.json", tmpdir);
    char *err = NULL;
    int rc =
        run_versus(&err, ARGS("conform", "json", "--case", "_hostile_", "--runner", DEFAULT_RUNNERS,
                              "--data-dir", DATA_DIR, "--json", json, "--quiet"));
    ck_assert_msg(rc == 0 || rc == 1, "exit %d, stderr: %s", rc, err ? err : "");
    free(err);
    json_t *c = load_conformance(json);
    ck_assert_uint_eq(assert_no_crash_no_hang(c, MUST_ALL), 5);
    json_t *r0 = json_array_get(json_object_get(c, "runners"), 0);
    ck_assert_int_eq(json_array_size(json_object_get(r0, "cases")), 10);
    json_decref(c);
}
END_TEST

/* The deviations each default runner is known to have on the whole suite, pinned: a new one, or
 * one that went away, fails the test until this list is updated on purpose. jansson rejects a
 * \u0000 in an object key (its keys are NUL-terminated C strings). */
static const char *const PINNED[][3] = {
    {"c", "y_object_escaped_null_in_key", "rejected_y"},
};
#define N_PINNED (sizeof PINNED / sizeof PINNED[0])

START_TEST(default_runners_conform_with_pinned_deviations)
{
    make_tmpdir();
    char json[4200];
    snprintf(json, sizeof json, "%s/suite.json", tmpdir);
    char *err = NULL;
    int rc = run_versus(&err, ARGS("conform", "json", "--runner", DEFAULT_RUNNERS, "--data-dir",
                                   DATA_DIR, "--json", json, "--quiet"));
    ck_assert_msg(rc == 0 || rc == 1, "exit %d, stderr: %s", rc, err ? err : "");
    free(err);
    json_t *c = load_conformance(json);
    ck_assert_uint_eq(assert_no_crash_no_hang(c, MUST_ALL), 5);

    /* Every runner accepts what must be accepted and rejects what must be rejected, but for
     * its pinned deviations: a runner that rejects every document fails here. */
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(c, "runners"), i, r)
    {
        const char *name = json_string_value(json_object_get(r, "runner"));
        json_int_t pinned_y = 0;
        for (size_t k = 0; k < N_PINNED; k++)
            pinned_y += strcmp(PINNED[k][0], name) == 0 && strcmp(PINNED[k][2], "rejected_y") == 0;
        ck_assert_int_eq(count_of(r, "y_total"), 95);
        ck_assert_msg(count_of(r, "y_accepted") == 95 - pinned_y, "%s accepted %lld of 95 y_", name,
                      (long long)count_of(r, "y_accepted"));
        ck_assert_msg(count_of(r, "n_rejected") == count_of(r, "n_total"),
                      "%s rejected %lld of %lld n_", name, (long long)count_of(r, "n_rejected"),
                      (long long)count_of(r, "n_total"));
    }
    json_t *devs = json_object_get(c, "deviations");
    json_t *d;
    json_array_foreach(devs, i, d)
    {
        const char *runner = json_string_value(json_object_get(d, "runner"));
        const char *name = json_string_value(json_object_get(d, "case"));
        const char *kind = json_string_value(json_object_get(d, "kind"));
        bool pinned = false;
        for (size_t k = 0; k < N_PINNED; k++)
            pinned = pinned || (strcmp(PINNED[k][0], runner) == 0 &&
                                strcmp(PINNED[k][1], name) == 0 && strcmp(PINNED[k][2], kind) == 0);
        ck_assert_msg(pinned, "new deviation: %s %s %s", runner, name, kind);
    }
    ck_assert_uint_eq(json_array_size(devs), N_PINNED);
    json_decref(c);
}
END_TEST

START_TEST(usage_errors_exit_2)
{
    char *err = NULL;
    ck_assert_int_eq(run_versus(&err, ARGS("conform")), 2);
    free(err);
    err = NULL;
    ck_assert_int_eq(run_versus(&err, ARGS("conform", "xml")), 2);
    free(err);
    err = NULL;
    ck_assert_int_eq(run_versus(&err, ARGS("conform", "json", "--timeout", "0")), 2);
    free(err);
    err = NULL;
    ck_assert_int_eq(run_versus(&err, ARGS("conform", "json", "--case", "(")), 2);
    free(err);
    err = NULL;
    ck_assert_int_eq(run_versus(&err, ARGS("conform", "json", "--runner", "no-such-runner",
                                           "--data-dir", DATA_DIR)),
                     2);
    ck_assert_msg(err != NULL && strstr(err, "no-such-runner") != NULL, "%s", err ? err : "");
    free(err);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("conform");
    TCase *unit = tcase_create("cases-and-classification");
    tcase_add_test(unit, each_outcome_is_classified_by_expectation_exit_and_stderr);
    tcase_add_test(unit, only_a_complete_stats_line_is_accepted);
    tcase_add_test(unit, suite_file_is_parsed_and_uncarried_cases_skipped);
    tcase_add_test(unit, hostile_cases_are_written_and_selectable);
    suite_add_tcase(s, unit);
    TCase *e2e = tcase_create("end-to-end");
    tcase_set_timeout(e2e, 600);
    tcase_add_test(e2e, usage_errors_exit_2);
    tcase_add_test(e2e, lenient_runner_is_caught);
    tcase_add_test(e2e, real_runners_survive_hostile_cases);
    tcase_add_test(e2e, default_runners_conform_with_pinned_deviations);
    suite_add_tcase(s, e2e);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
