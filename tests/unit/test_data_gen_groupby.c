/*
 * test_data_gen_groupby.c - generator "groupby" (harness/data/data_gen_groupby.c): the size
 * to rows mapping, the exact size, the columns' formats and ranges against groupby-datagen.R's
 * definition, and one pinned output.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/data.h"
#include "data/data_gen_groupby.h"
#include "util/fsutil.h"
#include "versus_test.h"

/* SHA-256 of data_generate("groupby", 20261204, size of 1000 rows): changes only on purpose. */
#define PIN_SHA256 "22b9baea04614a088ae239cbaf40381a20cb0902fde956b20190ce2d6f5306cc"

START_TEST(test_size_gives_row_count_and_back)
{
    ck_assert_int_eq(groupby_size_for_rows(1000000), 54000033);
    ck_assert_int_eq(groupby_size_for_rows(10000000), 550000033);
    ck_assert_int_eq(groupby_size_for_rows(100), 33 + 100 * 50);
    static const int64_t rows[] = {100, 1000, 12300, 100000, 1000000, 10000000};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        ck_assert_int_eq(groupby_rows_for_size(groupby_size_for_rows(rows[i])), rows[i]);
    ck_assert_int_eq(groupby_rows_for_size(33), -1);
    ck_assert_int_eq(groupby_rows_for_size(54000034), -1);
    ck_assert_int_eq(groupby_rows_for_size(33 + 50 * 50), -1); /* 50 rows: not a multiple of 100 */
}
END_TEST

/* Parses one row; fails the test unless every field has its format and range for rows rows. */
static void check_row(const char *line, long rows, int *seen_id1, int *seen_v1)
{
    unsigned id1, id2, id4, id5, v1, v2, v3i, v3f;
    unsigned long id3, id6;
    int end = 0;
    ck_assert_msg(sscanf(line, "id%3u,id%3u,id%10lu,%3u,%3u,%lu,%1u,%2u,%2u.%6u\n%n", &id1, &id2,
                         &id3, &id4, &id5, &id6, &v1, &v2, &v3i, &v3f, &end) == 10,
                  "bad row %s", line);
    int w6 = snprintf(NULL, 0, "%ld", rows / 100); /* id6 is as wide as N/K */
    ck_assert_int_eq((int)strlen(line), 49 + w6);
    ck_assert_int_eq(end, 49 + w6);
    ck_assert(id1 >= 1 && id1 <= 100 && id2 >= 1 && id2 <= 100);
    ck_assert(id4 >= 1 && id4 <= 100 && id5 >= 1 && id5 <= 100);
    ck_assert(id3 >= 1 && id3 <= (unsigned long)rows / 100 && id6 >= 1 &&
              id6 <= (unsigned long)rows / 100);
    ck_assert(v1 >= 1 && v1 <= 5 && v2 >= 1 && v2 <= 15 && v3i <= 99 && v3f <= 999999);
    seen_id1[id1] = 1;
    seen_v1[v1] = 1;
}

START_TEST(test_rows_have_benchmark_formats_and_ranges)
{
    char *dir = vt_new_tmpdir("data_gen_groupby");
    char *path = fsutil_join(dir, "g1.csv");
    const long rows = 100000;
    struct verr err;
    ck_assert_msg(data_generate("groupby", 7, groupby_size_for_rows(rows), path, &err) == 0, "%s",
                  err.msg);
    ck_assert_int_eq(fsutil_file_size(path), groupby_size_for_rows(rows));
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    char line[256];
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
    ck_assert_str_eq(line, "id1,id2,id3,id4,id5,id6,v1,v2,v3\n");
    int seen_id1[101] = {0}, seen_v1[6] = {0};
    long n = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        check_row(line, rows, seen_id1, seen_v1);
        n++;
    }
    fclose(f);
    ck_assert_int_eq(n, rows);
    for (int i = 1; i <= 100; i++)
        ck_assert_msg(seen_id1[i], "id%03d never drawn in %ld rows", i, rows);
    for (int i = 1; i <= 5; i++)
        ck_assert(seen_v1[i]);
    free(path);
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_pinned_output_and_bad_sizes)
{
    char *dir = vt_new_tmpdir("data_gen_groupby");
    char *path = fsutil_join(dir, "g1.csv");
    struct verr err;
    ck_assert_msg(data_generate("groupby", 20261204, groupby_size_for_rows(1000), path, &err) == 0,
                  "%s", err.msg);
    char digest[65];
    ck_assert_msg(fsutil_sha256_file(path, digest, &err) == 0, "%s", err.msg);
    ck_assert_str_eq(digest, PIN_SHA256);
    ck_assert_int_eq(data_generate("groupby", 1, 1000, path, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "33 + N x (49 + digits(N/100))"));
    free(path);
    vt_free_tmpdir(dir);
}
END_TEST

static Suite *groupby_suite(void)
{
    Suite *suite = suite_create("data_gen_groupby");
    TCase *tc = tcase_create("groupby");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_size_gives_row_count_and_back);
    tcase_add_test(tc, test_rows_have_benchmark_formats_and_ranges);
    tcase_add_test(tc, test_pinned_output_and_bad_sizes);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    return vt_run_suite(groupby_suite(), "test_data_gen_groupby", NULL);
}
