/*
 * test_manifest.c - unit tests of manifest.c: the real runners/runners.json loads; broken
 * manifests give "file:line:column: ..." errors (positions counted by hand in the fixtures
 * under tests/fixtures/manifests); runner_prepare decides availability (requirements, build,
 * resolve, check, version); runner_argv and runner_envp build what a run needs.
 */
#define _XOPEN_SOURCE 700 /* lutimes, mkdtemp */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "define/manifest.h"
#include "define/workload.h"
#include "measure/process.h"
#include "measure/runner_prepare.h"
#include "util/argv_split.h"
#include "util/fsutil.h"
#include "versus_test.h"

extern char **environ;

#define FIXTURES VERSUS_SOURCE_DIR "/tests/fixtures/manifests"
#define REAL_MANIFEST VERSUS_SOURCE_DIR "/runners/runners.json"
#define PREPARE_FIXTURE FIXTURES "/prepare.json"

static void assert_contains(const char *text, const char *part)
{
    ck_assert_msg(text != NULL && strstr(text, part) != NULL, "'%s' not in '%s'", part,
                  text != NULL ? text : "(null)");
}

/* Loads path, which must succeed. */
static void load_ok(const char *path, struct manifest *m)
{
    struct verr err = {{0}};
    ck_assert_msg(manifest_load(path, m, &err) == 0, "%s", err.msg);
}

/* Loads the prepare fixture and returns its runner called name. */
static struct runner *fixture_runner(struct manifest *m, const char *name)
{
    load_ok(PREPARE_FIXTURE, m);
    struct runner *r = manifest_find(m, name);
    ck_assert_ptr_nonnull(r);
    return r;
}

/* Writes text to dir/name (dir/name's directory must exist) with the given mode. */
static void write_file(const char *dir, const char *name, const char *text, mode_t mode)
{
    char *path = fsutil_join(dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    chmod(path, mode);
    free(path);
}

/* Sets the modification time of dir/name to now + delta seconds. */
static void set_mtime(const char *dir, const char *name, long delta)
{
    char *path = fsutil_join(dir, name);
    struct timeval tv[2];
    gettimeofday(&tv[0], NULL);
    tv[0].tv_sec += delta;
    tv[1] = tv[0];
    ck_assert_int_eq(lutimes(path, tv), 0);
    free(path);
}

static time_t mtime_of(const char *dir, const char *name)
{
    char *path = fsutil_join(dir, name);
    struct stat st;
    ck_assert_int_eq(lstat(path, &st), 0);
    free(path);
    return st.st_mtime;
}

/* The grep workload of the real workload set; the set stays loaded in ws. */
static const struct workload *real_grep(struct workload_set *ws)
{
    struct verr err = {{0}};
    ck_assert_msg(workload_set_load(VERSUS_SOURCE_DIR "/workloads", ws, &err) == 0, "%s", err.msg);
    const struct workload *w = workload_find(ws, "grep");
    ck_assert_ptr_nonnull(w);
    return w;
}

/* Checks argv against the NULL-terminated list want. */
static void expect_argv(char **argv, const char *const *want)
{
    ck_assert_ptr_nonnull(argv);
    size_t i = 0;
    for (; want[i] != NULL; i++) {
        ck_assert_msg(argv[i] != NULL, "argv too short at %zu (want '%s')", i, want[i]);
        ck_assert_str_eq(argv[i], want[i]);
    }
    ck_assert_msg(argv[i] == NULL, "extra argv[%zu] '%s'", i, argv[i]);
}

/* ---- Loading ---- */

START_TEST(test_the_real_manifest_loads_with_every_runner_and_its_fields)
{
    struct manifest m;
    load_ok(REAL_MANIFEST, &m);
    ck_assert_str_eq(m.path, REAL_MANIFEST);
    static const char *const names[] = {"gnu-grep", "c",    "python", "python-orjson",
                                        "go",       "rust", "ripgrep"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        ck_assert_msg(manifest_find(&m, names[i]) != NULL, "no runner %s", names[i]);
    ck_assert_ptr_null(manifest_find(&m, "nope"));

    const struct runner *grep = manifest_find(&m, "gnu-grep");
    ck_assert_str_eq(grep->language, "tool");
    ck_assert(!grep->has_build);
    ck_assert_str_eq(json_string_value(json_object_get(grep->env, "LC_ALL")), "C");
    ck_assert(runner_supports(grep, "grep"));
    ck_assert(!runner_supports(grep, "json-stats"));
    ck_assert(!grep->prepared);

    const struct runner *c = manifest_find(&m, "c");
    ck_assert(c->has_build);
    ck_assert_ptr_null(c->build.cwd);
    ck_assert_str_eq(c->build.output, "{build_dir}/runners/c/versus-runner-c-agent");
    ck_assert(runner_supports(c, "json-stats"));

    const struct runner *go = manifest_find(&m, "go");
    ck_assert_str_eq(go->build.cwd, "runners/go");
    ck_assert_int_eq(json_array_size(go->build.sources), 1);
    ck_assert_ptr_nonnull(go->command);

    const struct runner *orjson = manifest_find(&m, "python-orjson");
    ck_assert_ptr_nonnull(orjson->resolve);
    ck_assert_ptr_nonnull(orjson->check);
    ck_assert(!runner_supports(orjson, "grep"));
    manifest_free(&m);
    manifest_free(&m); /* safe twice */
}
END_TEST

/* A broken fixture, the position of the error (counted by hand) and what it must say. */
struct broken {
    const char *file;
    const char *where;
    const char *says;
};

static const struct broken BROKEN[] = {
    /* line 8 is "    }", right after the trailing comma of line 7 */
    {"syntax_trailing_comma.json",
     "syntax_trailing_comma.json:8:5: ", "string or '}' expected near '}'"},
    /* the second runner's object starts at line 9, column 5 */
    {"missing_name.json", "missing_name.json:9:5: ", "runners[1]: missing required field \"name\""},
    /* '      "build": "go build",': the value starts at column 16 */
    {"build_string.json", "build_string.json:7:16: ", "runner \"go\": \"build\" must be an object"},
    /* '      "comand": ["x"],': the value starts at column 17 */
    {"unknown_field.json",
     "unknown_field.json:7:17: ", "runner \"rust\": unknown field \"comand\""},
    /* '      "name": "b",': jansson points at the key's closing quote, column 12 */
    {"duplicate_key.json", "duplicate_key.json:7:7: ", "duplicate object key"},
    /* line 6 is '    { "name": "a", ...': the name's value at column 15 */
    {"duplicate_runner.json",
     "duplicate_runner.json:6:15: ", "runner \"a\": duplicate runner name (first at line 4)"},
    /* '      "workloads": { "grep": "protocol" }': the value at column 30 */
    {"protocol_without_command.json", "protocol_without_command.json:7:30: ",
     "workload \"grep\" is \"protocol\" but the runner has no \"command\""},
    {"workload_entry_bad.json", "workload_entry_bad.json:7:30: ",
     "workload \"grep\" must be \"protocol\" or an argv template"},
    /* '      "name": "Go_Runner",': column 15 */
    {"bad_name.json", "bad_name.json:5:15: ", "bad runner name \"Go_Runner\""},
    /* '      "workloads": { "grep": ["tool", "{pattern", "{input}"] }': element 1 at column 39 */
    {"bad_template.json",
     "bad_template.json:7:39: ", "runner \"tool\": template \"{pattern\": unterminated"},
    /* '  "schema": "versus-runners/2",': column 13 */
    {"wrong_schema.json", "wrong_schema.json:2:13: ", "\"schema\" must be \"versus-runners/1\""},
};

START_TEST(test_a_broken_manifest_is_rejected_with_file_position_and_reason)
{
    const struct broken *b = &BROKEN[_i];
    char path[512];
    snprintf(path, sizeof path, "%s/%s", FIXTURES, b->file);
    struct manifest m;
    struct verr err = {{0}};
    ck_assert_int_eq(manifest_load(path, &m, &err), -1);
    assert_contains(err.msg, path);
    assert_contains(err.msg, b->where);
    assert_contains(err.msg, b->says);
    ck_assert_ptr_null(strchr(err.msg, '\n'));
    ck_assert_ptr_null(m.runners);
    ck_assert_int_eq(m.n_runners, 0);
    manifest_free(&m);
}
END_TEST

START_TEST(test_a_missing_manifest_is_rejected_by_its_name)
{
    struct manifest m;
    struct verr err = {{0}};
    ck_assert_int_eq(manifest_load(FIXTURES "/no-such.json", &m, &err), -1);
    assert_contains(err.msg, "no-such.json");
    manifest_free(&m);
}
END_TEST

/* ---- Preparing ---- */

START_TEST(test_a_runner_requiring_a_missing_command_is_unavailable_saying_which)
{
    struct manifest m;
    struct runner *r = fixture_runner(&m, "needs-missing");
    runner_prepare(r, VERSUS_SOURCE_DIR, true);
    ck_assert(r->prepared);
    ck_assert(!r->available);
    ck_assert_str_eq(r->unavailable_reason,
                     "requires 'versus-no-such-command-6b1f', not found in PATH");
    manifest_free(&m);
}
END_TEST

START_TEST(test_a_failing_check_makes_a_runner_unavailable_once)
{
    struct manifest m;
    struct runner *r = fixture_runner(&m, "check-false");
    runner_prepare(r, VERSUS_SOURCE_DIR, true);
    ck_assert(!r->available);
    assert_contains(r->unavailable_reason, "check failed");
    /* Idempotent: a second call changes nothing. */
    const char *reason = r->unavailable_reason;
    runner_prepare(r, VERSUS_SOURCE_DIR, true);
    ck_assert_ptr_eq(r->unavailable_reason, reason);
    manifest_free(&m);
}
END_TEST

START_TEST(test_prepare_check_reports_last_stderr_line)
{
    struct manifest m;
    struct runner *r = fixture_runner(&m, "check-stderr");
    runner_prepare(r, VERSUS_SOURCE_DIR, true);
    ck_assert(!r->available);
    ck_assert_str_eq(r->unavailable_reason, "check failed: No module named x");
    manifest_free(&m);
}
END_TEST

START_TEST(test_a_prepared_runner_records_its_version_text)
{
    struct manifest m;
    struct runner *r = fixture_runner(&m, "versioned");
    runner_prepare(r, VERSUS_SOURCE_DIR, true);
    ck_assert_msg(r->available, "%s", r->unavailable_reason);
    ck_assert_ptr_null(r->unavailable_reason);
    ck_assert_str_eq(r->version_text, "v1.2");
    ck_assert_ptr_null(r->exe);
    manifest_free(&m);
}
END_TEST

START_TEST(test_prepare_version_on_stderr)
{
    struct manifest m;
    struct runner *r = fixture_runner(&m, "version-on-stderr");
    runner_prepare(r, VERSUS_SOURCE_DIR, true);
    ck_assert_msg(r->available, "%s", r->unavailable_reason);
    ck_assert_str_eq(r->version_text, "tool 3.4");
    manifest_free(&m);
}
END_TEST

START_TEST(test_a_resolved_runner_gets_an_absolute_executable_path)
{
    struct manifest m;
    struct runner *r = fixture_runner(&m, "resolved");
    runner_prepare(r, VERSUS_SOURCE_DIR, true);
    ck_assert_msg(r->available, "%s", r->unavailable_reason);
    ck_assert_ptr_nonnull(r->exe);
    ck_assert_int_eq(r->exe[0], '/');
    ck_assert_int_eq(access(r->exe, X_OK), 0);
    ck_assert_str_eq(r->version_text, "shell at " VERSUS_SOURCE_DIR);
    manifest_free(&m);
}
END_TEST

START_TEST(test_a_runner_not_built_or_failing_to_build_is_unavailable)
{
    struct manifest m;
    struct runner *r = fixture_runner(&m, "build-fails");
    runner_prepare(r, VERSUS_SOURCE_DIR, false);
    ck_assert(!r->available);
    assert_contains(r->unavailable_reason, "not built: ");
    assert_contains(r->unavailable_reason, "versus-test-never-made is missing");
    manifest_free(&m);

    r = fixture_runner(&m, "build-fails");
    runner_prepare(r, VERSUS_SOURCE_DIR, true);
    ck_assert(!r->available);
    ck_assert_str_eq(r->unavailable_reason, "build failed (exit 3): error: boom");
    manifest_free(&m);
}
END_TEST

START_TEST(test_prepare_build_when_stale)
{
    char *root = vt_new_tmpdir("build");
    char *work = fsutil_join(root, "work");
    struct verr err = {{0}};
    char *src = fsutil_join(work, "src");
    ck_assert_int_eq(fsutil_mkdir_p(src, &err), 0);
    write_file(src, "runner.sh", "#!/bin/sh\necho runner \"$@\"\n", 0755);
    set_mtime(src, "runner.sh", -100);
    set_mtime(work, "src", -100);

    /* Missing output, building not allowed. */
    struct manifest m;
    struct runner *r = fixture_runner(&m, "build-ok");
    runner_prepare(r, root, false);
    ck_assert(!r->available);
    assert_contains(r->unavailable_reason, "not built: ");
    assert_contains(r->unavailable_reason, "work/out/runner is missing");
    manifest_free(&m);

    /* Built. */
    r = fixture_runner(&m, "build-ok");
    runner_prepare(r, root, true);
    ck_assert_msg(r->available, "%s", r->unavailable_reason);
    char *out = fsutil_join(work, "out");
    ck_assert(fsutil_exists(out));
    manifest_free(&m);

    /* Up to date: no build needed. */
    r = fixture_runner(&m, "build-ok");
    runner_prepare(r, root, false);
    ck_assert_msg(r->available, "%s", r->unavailable_reason);
    manifest_free(&m);

    /* Older than its sources: stale again. */
    set_mtime(out, "runner", -200);
    r = fixture_runner(&m, "build-ok");
    runner_prepare(r, root, false);
    ck_assert(!r->available);
    assert_contains(r->unavailable_reason, "work/out/runner is older than its sources");
    manifest_free(&m);

    /* A build that finds nothing to do leaves the output fresh. */
    r = fixture_runner(&m, "build-silent");
    runner_prepare(r, root, true);
    ck_assert_msg(r->available, "%s", r->unavailable_reason);
    ck_assert(mtime_of(out, "runner") >= mtime_of(src, "runner.sh"));
    manifest_free(&m);

    /* The command of the built runner is resolved against the root. */
    struct workload_set ws;
    const struct workload *w = real_grep(&ws);
    r = fixture_runner(&m, "build-ok");
    runner_prepare(r, root, false);
    json_t *params = json_pack("{s:s, s:s}", "pattern", "x", "input", "/in");
    char **argv = runner_argv(r, w, params, root, &err);
    ck_assert_msg(argv != NULL, "%s", err.msg);
    char *exe = fsutil_join(out, "runner");
    const char *want[] = {exe, "grep", "x", "/in", NULL};
    expect_argv(argv, want);
    argv_free(argv);
    free(exe);
    json_decref(params);
    manifest_free(&m);
    workload_set_free(&ws);

    free(out);
    free(src);
    free(work);
    vt_free_tmpdir(root);
}
END_TEST

/* ---- Running ---- */

START_TEST(test_gnu_grep_gets_its_flags_from_the_grep_parameters)
{
    struct manifest m;
    struct workload_set ws;
    struct verr err = {{0}};
    load_ok(REAL_MANIFEST, &m);
    const struct workload *w = real_grep(&ws);
    struct runner *r = manifest_find(&m, "gnu-grep");
    runner_prepare(r, VERSUS_SOURCE_DIR, false);
    ck_assert_msg(r->available, "%s", r->unavailable_reason);
    assert_contains(r->version_text, "grep");
    char *grep = process_resolve_exe("grep", &err);
    ck_assert_ptr_nonnull(grep);

    json_t *params = json_pack("{s:s, s:s, s:b, s:s}", "name", "literal-casei", "pattern",
                               "president", "ignore_case", 1, "input", "/data/brown.txt");
    char **argv = runner_argv(r, w, params, VERSUS_SOURCE_DIR, &err);
    const char *with_i[] = {grep, "-a", "-E", "-i", "-e", "president", "--", "/data/brown.txt",
                            NULL};
    expect_argv(argv, with_i);
    argv_free(argv);

    json_object_set_new(params, "ignore_case", json_false());
    argv = runner_argv(r, w, params, VERSUS_SOURCE_DIR, &err);
    const char *without_i[] = {grep, "-a", "-E", "-e", "president", "--", "/data/brown.txt", NULL};
    expect_argv(argv, without_i);
    argv_free(argv);

    json_object_del(params, "ignore_case");
    argv = runner_argv(r, w, params, VERSUS_SOURCE_DIR, &err);
    expect_argv(argv, without_i);
    argv_free(argv);

    free(grep);
    json_decref(params);
    workload_set_free(&ws);
    manifest_free(&m);
}
END_TEST

START_TEST(test_a_runners_argv_follows_the_protocol_and_bad_templates_are_rejected)
{
    char *root = vt_new_tmpdir("proto");
    char *bin = fsutil_join(root, "bin");
    struct verr err = {{0}};
    ck_assert_int_eq(fsutil_mkdir_p(bin, &err), 0);
    write_file(bin, "proto-runner", "#!/bin/sh\nexit 0\n", 0755);
    char *exe = fsutil_join(bin, "proto-runner");
    char rootflag[1024];
    snprintf(rootflag, sizeof rootflag, "--root=%s", root);

    struct manifest m;
    struct workload_set ws;
    const struct workload *w = real_grep(&ws);
    struct runner *r = fixture_runner(&m, "proto");
    runner_prepare(r, root, false);
    ck_assert_msg(r->available, "%s", r->unavailable_reason);

    json_t *params = json_pack("{s:s, s:s, s:b, s:s, s:s}", "name", "word", "pattern", "\\bcity\\b",
                               "ignore_case", 1, "input", "/data/in.txt", "root", "/not/this/one");
    char **argv = runner_argv(r, w, params, root, &err);
    ck_assert_msg(argv != NULL, "%s", err.msg);
    const char *with_i[] = {exe, rootflag, "grep", "\\bcity\\b", "/data/in.txt", "--ignore-case",
                            NULL};
    expect_argv(argv, with_i);
    argv_free(argv);

    json_object_set_new(params, "ignore_case", json_false());
    argv = runner_argv(r, w, params, root, &err);
    const char *without_i[] = {exe, rootflag, "grep", "\\bcity\\b", "/data/in.txt", NULL};
    expect_argv(argv, without_i);
    argv_free(argv);

    /* A workload the runner does not perform. */
    struct workload other = {.name = "json-stats"};
    ck_assert_ptr_null(runner_argv(r, &other, params, root, &err));
    assert_contains(err.msg, "does not perform workload \"json-stats\"");

    /* A template naming {exe} on a runner without "resolve". */
    struct workload count = {.name = "count"};
    ck_assert_ptr_null(runner_argv(r, &count, params, root, &err));
    assert_contains(err.msg, "runner \"proto\", workload \"count\": ");
    assert_contains(err.msg, "unknown parameter \"exe\"");

    /* The program is missing under another root. */
    ck_assert_ptr_null(runner_argv(r, w, params, "/nonexistent-root", &err));
    assert_contains(err.msg, "/nonexistent-root/bin/proto-runner");

    json_decref(params);
    workload_set_free(&ws);
    manifest_free(&m);
    free(exe);
    free(bin);
    vt_free_tmpdir(root);
}
END_TEST

START_TEST(test_the_python_runner_runs_its_script_through_the_resolved_interpreter)
{
    struct manifest m;
    struct workload_set ws;
    struct verr err = {{0}};
    load_ok(REAL_MANIFEST, &m);
    const struct workload *w = real_grep(&ws);
    struct runner *r = manifest_find(&m, "python");
    runner_prepare(r, VERSUS_SOURCE_DIR, false);
    ck_assert_msg(r->available, "%s", r->unavailable_reason);
    ck_assert_ptr_nonnull(r->exe);
    assert_contains(r->version_text, "Python 3");
    json_t *params = json_pack("{s:s, s:s, s:s}", "name", "literal", "pattern", "President",
                               "input", "/data/brown.txt");
    char **argv = runner_argv(r, w, params, VERSUS_SOURCE_DIR, &err);
    ck_assert_msg(argv != NULL, "%s", err.msg);
    const char *want[] = {r->exe, "-B",        VERSUS_SOURCE_DIR "/runners/python/versus_runner.py",
                          "grep", "President", "/data/brown.txt",
                          NULL};
    expect_argv(argv, want);
    argv_free(argv);
    json_decref(params);
    workload_set_free(&ws);
    manifest_free(&m);
}
END_TEST

/* How many entries of envp start with prefix. */
static int count_prefix(char **envp, const char *prefix)
{
    int n = 0;
    for (; *envp != NULL; envp++)
        n += strncmp(*envp, prefix, strlen(prefix)) == 0;
    return n;
}

START_TEST(test_a_runners_env_overrides_the_harness_environment_and_keeps_the_rest)
{
    setenv("LC_ALL", "en_US.UTF-8", 1);
    setenv("VERSUS_OTHER_VAR", "kept", 1);
    struct manifest m;
    struct verr err = {{0}};
    struct runner *r = fixture_runner(&m, "resolved");
    char **envp = runner_envp(r, &err);
    ck_assert_ptr_nonnull(envp);
    ck_assert_int_eq(count_prefix(envp, "LC_ALL="), 1);
    ck_assert_int_eq(count_prefix(envp, "LC_ALL=C"), 1);
    ck_assert_int_eq(count_prefix(envp, "VERSUS_TEST_VAR=yes"), 1);
    ck_assert_int_eq(count_prefix(envp, "VERSUS_OTHER_VAR=kept"), 1);
    argv_free(envp);

    /* Without "env": the harness's environment as it is. */
    struct runner *plain = manifest_find(&m, "versioned");
    envp = runner_envp(plain, &err);
    ck_assert_ptr_nonnull(envp);
    ck_assert_int_eq(count_prefix(envp, "LC_ALL=en_US.UTF-8"), 1);
    ck_assert_int_eq(argv_count(envp), argv_count(environ));
    argv_free(envp);
    manifest_free(&m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("manifest");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_the_real_manifest_loads_with_every_runner_and_its_fields);
    tcase_add_loop_test(tc, test_a_broken_manifest_is_rejected_with_file_position_and_reason, 0,
                        (int)(sizeof BROKEN / sizeof BROKEN[0]));
    tcase_add_test(tc, test_a_missing_manifest_is_rejected_by_its_name);
    tcase_add_test(tc, test_a_runner_requiring_a_missing_command_is_unavailable_saying_which);
    tcase_add_test(tc, test_a_failing_check_makes_a_runner_unavailable_once);
    tcase_add_test(tc, test_prepare_check_reports_last_stderr_line);
    tcase_add_test(tc, test_a_prepared_runner_records_its_version_text);
    tcase_add_test(tc, test_prepare_version_on_stderr);
    tcase_add_test(tc, test_a_resolved_runner_gets_an_absolute_executable_path);
    tcase_add_test(tc, test_a_runner_not_built_or_failing_to_build_is_unavailable);
    tcase_add_test(tc, test_prepare_build_when_stale);
    tcase_add_test(tc, test_gnu_grep_gets_its_flags_from_the_grep_parameters);
    tcase_add_test(tc, test_a_runners_argv_follows_the_protocol_and_bad_templates_are_rejected);
    tcase_add_test(tc, test_the_python_runner_runs_its_script_through_the_resolved_interpreter);
    tcase_add_test(tc, test_a_runners_env_overrides_the_harness_environment_and_keeps_the_rest);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
