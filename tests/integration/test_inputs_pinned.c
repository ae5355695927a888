/*
 * test_inputs_pinned.c - `versus run` and `versus list` check an input against its pin before
 * using it (data/pin.h), on the fixture workload "echo" with its generated input "tiny" pinned:
 *   - `versus list` says present, corrupt (a byte changed in place) or missing;
 *   - a corrupt input is generated again before the run, and the run verifies;
 *   - with --no-fetch a corrupt input fails its cells with "does not match its pin" (exit 1),
 *     nothing is run on it;
 *   - --input-file is recorded as not pinned, a named input as pinned.
 */
#include <check.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/fsutil.h"
#include "versus_test.h"

#define FIXTURES VERSUS_SOURCE_DIR "/tests/fixtures/run"

static char tmpdir[4096], data[4200], json[4200], tiny[4300];

static void setup(void)
{
    vt_make_tmpdir(tmpdir, sizeof tmpdir, "inputs_pinned");
    snprintf(data, sizeof data, "%s/data", tmpdir);
    snprintf(json, sizeof json, "%s/out.json", tmpdir);
    snprintf(tiny, sizeof tiny, "%s/tiny.txt", data);
}

static int run(char **err, const char *extra)
{
    return vt_run_versus_args(NULL, err,
                              VT_ARGS("run", "--manifest", FIXTURES "/runners.json", "--workloads",
                                      FIXTURES "/workloads", "--data-dir", data, "--runner",
                                      "good,good-too", "--runs", "1", "--warmup", "0", "--quiet",
                                      "--json", json, extra));
}

static char *list_inputs(void)
{
    char *out = NULL;
    int rc = vt_run_versus_args(&out, NULL,
                                VT_ARGS("list", "--manifest", FIXTURES "/runners.json",
                                        "--workloads", FIXTURES "/workloads", "--data-dir", data));
    ck_assert_int_eq(rc, 0);
    return out;
}

static void corrupt_tiny(void)
{
    int fd = open(tiny, O_WRONLY);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(pwrite(fd, "#", 1, 100), 1);
    close(fd);
}

static json_t *first_cell(void)
{
    json_error_t e;
    json_t *doc = json_load_file(json, 0, &e);
    ck_assert_msg(doc != NULL, "%s", e.text);
    json_t *cell = json_incref(json_array_get(json_object_get(doc, "cells"), 0));
    json_decref(doc);
    return cell;
}

START_TEST(test_list_shows_each_input_present_corrupt_or_missing)
{
    setup();
    char *out = list_inputs();
    ck_assert_msg(strstr(out, "tiny") && strstr(out, "missing"), "%s", out);
    free(out);
    char *err = NULL;
    ck_assert_int_eq(run(&err, "--no-build"), 0);
    free(err);
    out = list_inputs();
    ck_assert_msg(strstr(out, "present") != NULL, "%s", out);
    free(out);
    corrupt_tiny();
    out = list_inputs();
    ck_assert_msg(strstr(out, "corrupt") != NULL && strstr(out, "pins") != NULL, "%s", out);
    free(out);
}
END_TEST

START_TEST(test_a_corrupt_input_is_made_again_or_fails_its_cells)
{
    setup();
    char *err = NULL;
    ck_assert_int_eq(run(&err, "--no-build"), 0);
    free(err);
    json_t *cell = first_cell();
    ck_assert(json_is_true(json_object_get(json_object_get(cell, "input"), "pinned")));
    json_decref(cell);

    corrupt_tiny();
    ck_assert_int_eq(run(&err, "--no-build"), 0);
    ck_assert_msg(strstr(err, "does not match its pin") != NULL, "%s", err);
    free(err);
    cell = first_cell();
    ck_assert_str_eq(json_string_value(json_object_get(cell, "verdict")), "verified");
    json_decref(cell);

    corrupt_tiny();
    int rc = run(&err, "--no-fetch");
    ck_assert_msg(rc == 1, "exit %d: %s", rc, err);
    free(err);
    cell = first_cell();
    ck_assert_str_eq(json_string_value(json_object_get(cell, "verdict")), "failed");
    const char *reason = json_string_value(json_object_get(cell, "reason"));
    ck_assert_msg(strstr(reason, "does not match its pin") != NULL, "%s", reason);
    ck_assert_int_eq(json_array_size(json_object_get(cell, "samples")), 0);
    json_decref(cell);
}
END_TEST

START_TEST(test_an_input_file_is_recorded_as_unpinned)
{
    setup();
    char file[4300];
    snprintf(file, sizeof file, "%s/mine.txt", tmpdir);
    struct verr verr;
    ck_assert_int_eq(fsutil_write_atomic(file, "hello\n", 6, &verr), 0);
    char *err = NULL;
    (void)vt_run_versus_args(NULL, &err,
                             VT_ARGS("run", "--manifest", FIXTURES "/runners.json", "--workloads",
                                     FIXTURES "/workloads", "--data-dir", data, "--runner", "good",
                                     "--runs", "1", "--warmup", "0", "--quiet", "--json", json,
                                     "--input-file", file));
    free(err);
    json_t *cell = first_cell();
    json_t *input = json_object_get(cell, "input");
    ck_assert(json_is_false(json_object_get(input, "pinned")));
    ck_assert_str_eq(json_string_value(json_object_get(input, "sha256")),
                     "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
    json_decref(cell);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("inputs_pinned");
    TCase *tc = tcase_create("pins");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_list_shows_each_input_present_corrupt_or_missing);
    tcase_add_test(tc, test_a_corrupt_input_is_made_again_or_fails_its_cells);
    tcase_add_test(tc, test_an_input_file_is_recorded_as_unpinned);
    suite_add_tcase(s, tc);
    return vt_run_suite(s, "test_inputs_pinned", NULL);
}
