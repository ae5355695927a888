/*
 * versus_test.c - see versus_test.h.
 */
#define _XOPEN_SOURCE 700 /* mkdtemp */

#include "versus_test.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/data_util.h"
#include "measure/process.h"
#include "util/fsutil.h"

void vt_make_tmpdir(char *dir, size_t len, const char *name)
{
    fsutil_mkdir_p(VERSUS_TEST_TMP, NULL);
    snprintf(dir, len, "%s/%s.XXXXXX", VERSUS_TEST_TMP, name);
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

char *vt_new_tmpdir(const char *name)
{
    size_t len = strlen(VERSUS_TEST_TMP) + strlen(name) + 16;
    char *dir = malloc(len);
    ck_assert_ptr_nonnull(dir);
    vt_make_tmpdir(dir, len, name);
    return dir;
}

void vt_remove_tree(const char *path)
{
    data_remove_tree(path);
}

void vt_free_tmpdir(char *dir)
{
    vt_remove_tree(dir);
    free(dir);
}

int vt_run_versus_args(char **out, char **err, const char *const *args)
{
    char *argv[64];
    int n = 0;
    argv[n++] = VERSUS_BIN;
    for (; *args != NULL && n < 63; args++)
        argv[n++] = (char *)*args;
    argv[n] = NULL;
    char *out_text = NULL, *err_text = NULL;
    struct verr e;
    int rc = process_capture(argv, NULL, 1 << 20, &out_text, &err_text, &e);
    ck_assert_msg(rc >= 0, "cannot run %s: %s", VERSUS_BIN, e.msg);
    if (out != NULL)
        *out = out_text;
    else {
        if (out_text != NULL)
            fputs(out_text, stdout);
        free(out_text);
    }
    if (err != NULL)
        *err = err_text;
    else
        free(err_text);
    return rc;
}

json_t *vt_main_run_versus_doc(const char *test, const char *const *args)
{
    char dir[4096], json[4200];
    fsutil_mkdir_p(VERSUS_TEST_TMP, NULL);
    snprintf(dir, sizeof dir, "%s/%s.XXXXXX", VERSUS_TEST_TMP, test);
    if (mkdtemp(dir) == NULL) {
        perror(dir);
        return NULL;
    }
    snprintf(json, sizeof json, "%s/result.json", dir);
    char *argv[64];
    int n = 0;
    argv[n++] = VERSUS_BIN;
    for (; *args != NULL && n < 61; args++)
        argv[n++] = (char *)*args;
    argv[n++] = "--json";
    argv[n++] = json;
    argv[n] = NULL;
    char *out = NULL, *err = NULL;
    struct verr verr;
    int rc = process_capture(argv, NULL, 1 << 20, &out, &err, &verr);
    if (out != NULL)
        fputs(out, stdout);
    free(out);
    json_error_t e;
    json_t *doc = json_load_file(json, 0, &e);
    if (doc == NULL)
        printf("%s: versus run exited %d and wrote no document (%s): %s\n", test, rc,
               rc < 0 ? verr.msg : e.text, err ? err : "");
    free(err);
    return doc;
}

int vt_skip_program(const char *test, const char *why)
{
    const char *require = getenv("VERSUS_REQUIRE_ALL_TESTS");
    if (require != NULL && strcmp(require, "1") == 0) {
        printf("%s: FAILED: cannot run here and VERSUS_REQUIRE_ALL_TESTS=1: %s\n", test, why);
        return 1;
    }
    printf("%s: SKIPPED: %s\n", test, why);
    return VT_SKIP_CODE;
}

int vt_run_suite(Suite *s, const char *test, const char *skipped)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    if (failed != 0)
        return EXIT_FAILURE;
    return skipped != NULL && skipped[0] != '\0' ? vt_skip_program(test, skipped) : EXIT_SUCCESS;
}

char *vt_git(const char *dir, const char *const *args)
{
    char *argv[16];
    const char *what = args[0];
    int n = 0;
    argv[n++] = "git";
    argv[n++] = "-c";
    argv[n++] = "user.name=versus test";
    argv[n++] = "-c";
    argv[n++] = "user.email=versus@example.invalid";
    argv[n++] = "-c";
    argv[n++] = "commit.gpgsign=false";
    for (; *args != NULL && n < 15; args++)
        argv[n++] = (char *)*args;
    argv[n] = NULL;
    char *out = NULL, *err_text = NULL;
    struct verr err;
    int rc = process_capture(argv, dir, 4096, &out, &err_text, &err);
    ck_assert_msg(rc == 0, "git %s: %s", what, rc < 0 ? err.msg : err_text);
    free(err_text);
    return out;
}

void vt_write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
}

struct input_def vt_input_from_json(const char *json_text)
{
    json_error_t jerr;
    json_t *def = json_loads(json_text, 0, &jerr);
    ck_assert_msg(def != NULL, "%s", jerr.text);
    struct input_def in = {.def = def};
    in.name = (char *)json_string_value(json_object_get(def, "name"));
    in.kind = (char *)json_string_value(json_object_get(def, "kind"));
    in.file = (char *)json_string_value(json_object_get(def, "file"));
    in.sha256 = (char *)json_string_value(json_object_get(def, "sha256"));
    return in;
}

void vt_run_ok(char **argv)
{
    char *out = NULL, *err = NULL;
    struct verr e;
    int rc = process_capture(argv, NULL, 1 << 16, &out, &err, &e);
    ck_assert_msg(rc == 0, "%s exited %d: %s", argv[0], rc, rc < 0 ? e.msg : err ? err : "");
    free(out);
    free(err);
}
