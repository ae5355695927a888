/*
 * test_data_pin.c - unit tests of data/pin.c: inputs checked against their pins.
 *   - a file input matching its sha256 is present; a missing one is missing; one changed in
 *     place (same size, mtime set back) or truncated is corrupt, with both digests named;
 *   - the digest cache is used while size, inode, mtime and ctime are unchanged (a cached
 *     wrong digest is believed, which shows the file was not hashed again) and not otherwise;
 *   - a tree input is checked against the manifest written when it was unpacked: a changed,
 *     added or removed file, a missing manifest or a record naming another archive make it
 *     corrupt, with the file named.
 */
#define _XOPEN_SOURCE 700 /* futimens, truncate */

#include <check.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data/pin.h"
#include "util/fsutil.h"
#include "versus_test.h"

static void write_in(const char *dir, const char *name, const char *text)
{
    char *path = fsutil_join(dir, name);
    struct verr err;
    ck_assert_msg(fsutil_write_atomic(path, text, strlen(text), &err) == 0, "%s", err.msg);
    free(path);
}

/* sha256 of "hello\n" and of "jello\n". */
#define HELLO "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"
#define JELLO "8b128914480c08c1d7a9c8a8ef78487f4f21cbc802a8134aa3850c9501571a15"

START_TEST(test_a_file_input_is_present_missing_or_corrupt_against_its_pin)
{
    char *dir = vt_new_tmpdir("data_pin");
    struct input_def in =
        vt_input_from_json("{\"name\": \"h\", \"kind\": \"npm\", \"file\": \"h.txt\", "
                           "\"sha256\": \"" HELLO "\"}");
    char why[1024], digest[65];
    ck_assert_int_eq(data_pin_check(&in, dir, digest, why, sizeof why), PIN_MISSING);
    ck_assert_ptr_nonnull(strstr(why, "missing"));

    write_in(dir, "h.txt", "hello\n");
    ck_assert_int_eq(data_pin_check(&in, dir, digest, why, sizeof why), PIN_PRESENT);
    ck_assert_str_eq(digest, HELLO);

    /* Changed in place, same size, mtime set back to what it was: still caught (ctime). */
    char *path = fsutil_join(dir, "h.txt");
    struct stat before;
    ck_assert_int_eq(stat(path, &before), 0);
    usleep(20000);
    int fd = open(path, O_WRONLY);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(pwrite(fd, "j", 1, 0), 1);
    struct timespec times[2] = {before.st_atim, before.st_mtim};
    ck_assert_int_eq(futimens(fd, times), 0);
    close(fd);
    ck_assert_int_eq(data_pin_check(&in, dir, digest, why, sizeof why), PIN_CORRUPT);
    ck_assert_msg(strstr(why, HELLO) != NULL && strstr(why, "pins") != NULL, "%s", why);

    /* Truncated. */
    ck_assert_int_eq(truncate(path, 3), 0);
    ck_assert_int_eq(data_pin_check(&in, dir, digest, why, sizeof why), PIN_CORRUPT);
    ck_assert_str_eq(data_pin_state_name(PIN_CORRUPT), "corrupt");
    free(path);
    json_decref(in.def);
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_the_digest_cache_is_used_while_the_files_stat_is_unchanged)
{
    char *dir = vt_new_tmpdir("data_pin");
    struct input_def in =
        vt_input_from_json("{\"name\": \"h\", \"kind\": \"npm\", \"file\": \"h.txt\", "
                           "\"sha256\": \"" HELLO "\"}");
    write_in(dir, "h.txt", "hello\n");
    char why[1024], digest[65];
    ck_assert_int_eq(data_pin_check(&in, dir, digest, why, sizeof why), PIN_PRESENT);
    char *cache_path = fsutil_join(dir, ".sha256-cache.json");
    json_t *cache = json_load_file(cache_path, 0, NULL);
    ck_assert_ptr_nonnull(cache);
    json_t *entry = json_object_get(json_object_get(cache, "files"), "h.txt");
    ck_assert_str_eq(json_string_value(json_array_get(entry, 4)), HELLO);

    /* Plant a wrong digest: believed while the file's stat facts are unchanged. */
    json_array_set_new(entry, 4, json_string(JELLO));
    ck_assert_int_eq(json_dump_file(cache, cache_path, 0), 0);
    ck_assert_int_eq(data_pin_check(&in, dir, digest, why, sizeof why), PIN_CORRUPT);
    ck_assert_str_eq(digest, JELLO);

    /* Rewritten with the same bytes (new inode, times): hashed again, present. */
    write_in(dir, "h.txt", "hello\n");
    ck_assert_int_eq(data_pin_check(&in, dir, digest, why, sizeof why), PIN_PRESENT);
    ck_assert_str_eq(digest, HELLO);
    json_decref(cache);
    free(cache_path);
    json_decref(in.def);
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_a_tree_input_is_checked_file_by_file_against_its_manifest)
{
    char *dir = vt_new_tmpdir("data_pin");
    struct verr err;
    char *tree = fsutil_join(dir, "t"), *sub = fsutil_join(tree, "sub");
    ck_assert_int_eq(fsutil_mkdir_p(sub, &err), 0);
    write_in(tree, "a.py", "a\n");
    write_in(sub, "b.py", "b\n");
    const char *archive = "1111111111111111111111111111111111111111111111111111111111111111";
    struct input_def in =
        vt_input_from_json("{\"name\": \"t\", \"kind\": \"pypi-sdist\", \"file\": \"t\", "
                           "\"package\": \"t==1\", \"sha256\": "
                           "\"1111111111111111111111111111111111111111111111111111111111111111\"}");
    char why[1024];
    /* No record of the archive yet. */
    ck_assert_int_eq(data_pin_check(&in, dir, NULL, why, sizeof why), PIN_CORRUPT);
    char record[100];
    snprintf(record, sizeof record, "%s  t-1.tar.gz\n", archive);
    write_in(dir, ".t.sha256", record);
    /* No manifest (a tree fetched by an older versus). */
    ck_assert_int_eq(data_pin_check(&in, dir, NULL, why, sizeof why), PIN_CORRUPT);
    ck_assert_msg(data_pin_write_manifest(tree, dir, &err) == 0, "%s", err.msg);
    char *manifest = fsutil_join(dir, ".t.files.sha256");
    size_t len = 0;
    char *text = fsutil_read_file(manifest, &len, &err);
    ck_assert_ptr_nonnull(strstr(text, "  a.py\n"));
    ck_assert_ptr_nonnull(strstr(text, "  sub/b.py\n"));
    free(text);
    ck_assert_int_eq(data_pin_check(&in, dir, NULL, why, sizeof why), PIN_PRESENT);

    write_in(sub, "b.py", "B\n");
    ck_assert_int_eq(data_pin_check(&in, dir, NULL, why, sizeof why), PIN_CORRUPT);
    ck_assert_msg(strstr(why, "sub/b.py has sha256") != NULL, "%s", why);
    write_in(sub, "b.py", "b\n");
    ck_assert_int_eq(data_pin_check(&in, dir, NULL, why, sizeof why), PIN_PRESENT);

    write_in(sub, "extra.py", "x\n");
    ck_assert_int_eq(data_pin_check(&in, dir, NULL, why, sizeof why), PIN_CORRUPT);
    ck_assert_msg(strstr(why, "sub/extra.py is not in the tree's manifest") != NULL, "%s", why);
    char *extra = fsutil_join(sub, "extra.py"), *a = fsutil_join(tree, "a.py");
    ck_assert_int_eq(unlink(extra), 0);
    ck_assert_int_eq(unlink(a), 0);
    ck_assert_int_eq(data_pin_check(&in, dir, NULL, why, sizeof why), PIN_CORRUPT);
    ck_assert_msg(strstr(why, "a.py is missing") != NULL, "%s", why);

    /* The record names another archive. */
    write_in(tree, "a.py", "a\n");
    ck_assert_int_eq(data_pin_check(&in, dir, NULL, why, sizeof why), PIN_PRESENT);
    snprintf(record, sizeof record, "%064d  t-1.tar.gz\n", 2);
    write_in(dir, ".t.sha256", record);
    ck_assert_int_eq(data_pin_check(&in, dir, NULL, why, sizeof why), PIN_CORRUPT);
    free(extra);
    free(a);
    free(manifest);
    free(sub);
    free(tree);
    json_decref(in.def);
    vt_free_tmpdir(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("data_pin");
    TCase *tc = tcase_create("pin");
    tcase_add_test(tc, test_a_file_input_is_present_missing_or_corrupt_against_its_pin);
    tcase_add_test(tc, test_the_digest_cache_is_used_while_the_files_stat_is_unchanged);
    tcase_add_test(tc, test_a_tree_input_is_checked_file_by_file_against_its_manifest);
    suite_add_tcase(s, tc);
    return vt_run_suite(s, "test_data_pin", NULL);
}
