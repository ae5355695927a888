/*
 * test_workload_hooks.c - a workload's "prepare" and "output" (FORMAT.md, section "Workload")
 * end to end through `versus run`: prepare runs before every run, warm-up included (the
 * reference runner's `mkdir DIR` fails when DIR is left from the run before); output's stdout
 * is what is compared (a runner that makes another directory prints nothing different itself
 * but fails verification, with the outputs named); a prepare that fails fails its cell with
 * the command named; {scratch} is a directory per workload, case and runner; and a workload
 * whose prepare is not a non-empty array of strings is rejected with its file position.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fsutil.h"
#include "versus_test.h"

static char tmpdir[4096];

#define run_versus(err_text, ...)                                                                  \
    vt_run_versus_args(NULL, err_text, (const char *const[]){__VA_ARGS__})

static const char MANIFEST[] =
    "{\"schema\": \"versus-runners/1\", \"runners\": [\n"
    " {\"name\": \"strict\", \"language\": \"tool\",\n"
    "  \"workloads\": {\"hooked\": [\"mkdir\", \"{scratch}/out\"],\n"
    "                \"bad-prepare\": [\"mkdir\", \"-p\", \"{scratch}/out\"]}},\n"
    " {\"name\": \"lenient\", \"language\": \"tool\",\n"
    "  \"workloads\": {\"hooked\": [\"mkdir\", \"-p\", \"{scratch}/out\"]}},\n"
    " {\"name\": \"other\", \"language\": \"tool\",\n"
    "  \"workloads\": {\"hooked\": [\"mkdir\", \"-p\", \"{scratch}/elsewhere\"]}}]}\n";

static const char HOOKED[] =
    "{\"schema\": \"versus-workload/1\", \"name\": \"hooked\", \"protocol\": [\"x\"],\n"
    " \"reference_runner\": \"strict\", \"default_runners\": [\"strict\", \"lenient\", "
    "\"other\"],\n"
    " \"prepare\": [\"rm\", \"-rf\", \"{scratch}/out\", \"{scratch}/elsewhere\"],\n"
    " \"output\": [\"ls\", \"{scratch}\"],\n"
    " \"cases\": [{\"name\": \"c\"}]}\n";

static const char BAD_PREPARE[] =
    "{\"schema\": \"versus-workload/1\", \"name\": \"bad-prepare\", \"protocol\": [\"x\"],\n"
    " \"reference_runner\": \"strict\", \"default_runners\": [\"strict\"],\n"
    " \"prepare\": [\"ls\", \"{scratch}/versus-not-there\"],\n"
    " \"cases\": [{\"name\": \"c\"}]}\n";

static const char SMALL_INPUTS[] =
    "{\"schema\": \"versus-inputs/1\", \"inputs\": [{\"name\": \"small\", \"kind\": "
    "\"generated\", \"generator\": \"text\", \"seed\": 1, \"size_bytes\": 10, \"file\": "
    "\"s.txt\"}]}\n";

static void put(const char *dir, const char *name, const char *text)
{
    char path[4300];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    vt_write_text(path, text);
}

static const json_t *cell_of(const json_t *doc, const char *workload, const char *runner)
{
    size_t i;
    const json_t *c;
    json_array_foreach(json_object_get(doc, "cells"), i, c)
    {
        if (strcmp(json_string_value(json_object_get(c, "workload")), workload) == 0 &&
            strcmp(json_string_value(json_object_get(c, "runner")), runner) == 0)
            return c;
    }
    return NULL;
}

static const char *field(const json_t *cell, const char *key)
{
    const char *s = json_string_value(json_object_get(cell, key));
    return s ? s : "";
}

START_TEST(prepare_runs_before_every_run_and_output_is_what_is_compared)
{
    vt_make_tmpdir(tmpdir, sizeof tmpdir, "workload_hooks");
    char dir[4200], manifest[4200], json[4200];
    snprintf(dir, sizeof dir, "%s/workloads", tmpdir);
    snprintf(manifest, sizeof manifest, "%s/runners.json", tmpdir);
    snprintf(json, sizeof json, "%s/r.json", tmpdir);
    ck_assert_int_eq(fsutil_mkdir_p(dir, NULL), 0);
    vt_write_text(manifest, MANIFEST);
    put(dir, "inputs.json", SMALL_INPUTS);
    put(dir, "hooked.json", HOOKED);
    put(dir, "bad-prepare.json", BAD_PREPARE);
    char *err = NULL;
    int rc = run_versus(&err, "run", "--workloads", dir, "--manifest", manifest, "--workload",
                        "hooked,bad-prepare", "--runs", "3", "--warmup", "1", "--quiet", "--json",
                        json, NULL);
    json_error_t jerr;
    json_t *doc = json_load_file(json, 0, &jerr);
    ck_assert_msg(doc != NULL, "exit %d, no result (%s): %s", rc, jerr.text, err ? err : "");
    ck_assert_int_ne(rc, 0); /* two cells fail */
    /* mkdir without -p succeeds four times: the directory was removed before each run. */
    const json_t *strict = cell_of(doc, "hooked", "strict");
    ck_assert_msg(strcmp(field(strict, "verdict"), "verified") == 0, "%s: %s",
                  field(strict, "verdict"), field(strict, "reason"));
    const json_t *lenient = cell_of(doc, "hooked", "lenient");
    ck_assert_msg(strcmp(field(lenient, "verdict"), "verified") == 0, "%s: %s",
                  field(lenient, "verdict"), field(lenient, "reason"));
    /* other prints as little as the others; only the output command tells it apart. */
    const json_t *other = cell_of(doc, "hooked", "other");
    ck_assert_str_eq(field(other, "verdict"), "failed");
    ck_assert_msg(strstr(field(other, "reason"), "output differs") != NULL, "%s",
                  field(other, "reason"));
    /* A prepare that exits non-zero fails the cell and names the command. */
    const json_t *bad = cell_of(doc, "bad-prepare", "strict");
    ck_assert_str_eq(field(bad, "verdict"), "failed");
    ck_assert_msg(strstr(field(bad, "reason"), "prepare") != NULL &&
                      strstr(field(bad, "reason"), "versus-not-there") != NULL,
                  "%s", field(bad, "reason"));
    json_decref(doc);
    free(err);
    vt_remove_tree(tmpdir);
}
END_TEST

START_TEST(a_prepare_that_is_not_an_argv_is_rejected_with_its_position)
{
    vt_make_tmpdir(tmpdir, sizeof tmpdir, "workload_hooks_bad");
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/workloads", tmpdir);
    ck_assert_int_eq(fsutil_mkdir_p(dir, NULL), 0);
    put(dir, "inputs.json", SMALL_INPUTS);
    put(dir, "w.json",
        "{\"schema\": \"versus-workload/1\", \"name\": \"w\", \"protocol\": [\"x\"],\n"
        " \"reference_runner\": \"a\", \"default_runners\": [\"a\"],\n"
        " \"prepare\": [],\n"
        " \"cases\": [{\"name\": \"c\"}]}\n");
    char *err = NULL;
    int rc = run_versus(&err, "list", "--workloads", dir, NULL);
    ck_assert_int_ne(rc, 0);
    ck_assert_msg(err != NULL && strstr(err, "w.json:3:") != NULL && strstr(err, "prepare"), "%s",
                  err ? err : "");
    free(err);
    vt_remove_tree(tmpdir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("workload_hooks");
    TCase *tc = tcase_create("end-to-end");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, prepare_runs_before_every_run_and_output_is_what_is_compared);
    tcase_add_test(tc, a_prepare_that_is_not_an_argv_is_rejected_with_its_position);
    suite_add_tcase(s, tc);
    return vt_run_suite(s, "test_workload_hooks", NULL);
}
