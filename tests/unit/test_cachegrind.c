/*
 * test_cachegrind.c - unit tests of harness/measure/cachegrind.c: the Ir total of Cachegrind
 * output files (format: the Cachegrind manual, "Cachegrind Output File Format"), one file and
 * a directory of them (one per process), and the errors for files that are not whole.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "measure/cachegrind.h"

/* What valgrind-3.19 --tool=cachegrind --cache-sim=no wrote for tests/helpers/work_units 20. */
static const char IR_ONLY[] = "desc: I1 cache:         32768 B, 64 B, 8-way associative\n"
                              "desc: D1 cache:         32768 B, 64 B, 8-way associative\n"
                              "desc: LL cache:         268435456 B, 64 B, direct-mapped\n"
                              "cmd: /build/tests/helpers/work_units 20\n"
                              "events: Ir\n"
                              "fl=./csu/../csu/libc-start.c\n"
                              "fn=__libc_start_main@@GLIBC_2.34\n"
                              "128 2\n"
                              "fn=main\n"
                              "0 72000036\n"
                              "summary: 72128970\n";

/* With the cache simulation: Ir is the first of nine events. */
static const char ALL_EVENTS[] = "cmd: prog\n"
                                 "events: Ir I1mr ILmr Dr D1mr DLmr Dw D1mw DLmw\n"
                                 "fl=a.c\nfn=main\n1 5 1 1 2 0 0 1 0 0\n"
                                 "summary: 123456 7 7 2 0 0 1 0 0\n";

static int parse(const char *text, uint64_t *ir, struct verr *e)
{
    return cachegrind_parse_ir(text, strlen(text), "cg.1", ir, e);
}

START_TEST(the_ir_total_comes_from_the_summary_line)
{
    uint64_t ir = 0;
    struct verr e = {{0}};
    ck_assert_int_eq(parse(IR_ONLY, &ir, &e), 0);
    ck_assert_uint_eq(ir, 72128970);
    ck_assert_int_eq(parse(ALL_EVENTS, &ir, &e), 0);
    ck_assert_uint_eq(ir, 123456);
    /* Ir need not be the first event, and CRLF line ends are read too. */
    ck_assert_int_eq(parse("events: Dr Ir\r\nsummary: 9 42\r\n", &ir, &e), 0);
    ck_assert_uint_eq(ir, 42);
}
END_TEST

START_TEST(names_what_is_wrong)
{
    uint64_t ir = 0;
    struct verr e = {{0}};
    ck_assert_int_eq(parse("cmd: x\nevents: Ir\nfn=main\n0 5\n", &ir, &e), -1);
    ck_assert_ptr_nonnull(strstr(e.msg, "cg.1: no summary: line"));
    ck_assert_int_eq(parse("", &ir, &e), -1);
    ck_assert_ptr_nonnull(strstr(e.msg, "no events: line"));
    ck_assert_int_eq(parse("events: Dr Dw\nsummary: 1 2\n", &ir, &e), -1);
    ck_assert_ptr_nonnull(strstr(e.msg, "cg.1: line 1: no Ir among the events"));
    ck_assert_int_eq(parse("events: Ir Dr\nsummary: 1\n", &ir, &e), -1);
    ck_assert_ptr_nonnull(strstr(e.msg, "line 2: summary has 1 counts for 2 events"));
    ck_assert_int_eq(parse("events: Ir\nsummary: 12x\n", &ir, &e), -1);
    ck_assert_ptr_nonnull(strstr(e.msg, "line 2: Ir count '12x' is not a count"));
    ck_assert_int_eq(parse("events: Ir\nsummary: -5\n", &ir, &e), -1);
    ck_assert_int_eq(parse("events: Ir\nsummary: 99999999999999999999999\n", &ir, &e), -1);
    ck_assert_int_eq(parse("summary: 5\nevents: Ir\n", &ir, &e), -1);
    ck_assert_ptr_nonnull(strstr(e.msg, "summary: before events:"));
}
END_TEST

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

START_TEST(sums_a_process_tree)
{
    char dir[] = "/tmp/test_cachegrind.XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    uint64_t ir = 1;
    size_t files = 1;
    struct verr e = {{0}};
    ck_assert_int_eq(cachegrind_sum_dir(dir, "cg.", &ir, &files, &e), 0);
    ck_assert_uint_eq(ir, 0);
    ck_assert_uint_eq(files, 0);
    write_file(dir, "cg.100", IR_ONLY);
    write_file(dir, "cg.101", ALL_EVENTS);
    write_file(dir, "log.100", "--100-- warning: L3 cache found\n"); /* not a count */
    ck_assert_int_eq(cachegrind_sum_dir(dir, "cg.", &ir, &files, &e), 0);
    ck_assert_uint_eq(ir, 72128970 + 123456);
    ck_assert_uint_eq(files, 2);
    /* A process killed before it wrote its summary: the sum is not trusted. */
    write_file(dir, "cg.102", "events: Ir\nfn=main\n");
    ck_assert_int_eq(cachegrind_sum_dir(dir, "cg.", &ir, &files, &e), -1);
    ck_assert_ptr_nonnull(strstr(e.msg, "cg.102: no summary: line"));
    const char *names[] = {"cg.100", "cg.101", "cg.102", "log.100"};
    for (size_t i = 0; i < 4; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
    ck_assert_int_eq(cachegrind_sum_dir(dir, "cg.", &ir, &files, &e), -1);
    ck_assert_ptr_nonnull(strstr(e.msg, "cannot read"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cachegrind");
    TCase *tc = tcase_create("output files");
    tcase_add_test(tc, the_ir_total_comes_from_the_summary_line);
    tcase_add_test(tc, names_what_is_wrong);
    tcase_add_test(tc, sums_a_process_tree);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
