/*
 * test_verify.c - output comparison modes: digest, json-stats (counters exact, number_sum
 * within a relative tolerance), sorted-lines and line-count.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "verify.h"
#include "workload.h"

static struct output_view view_of(const char *text)
{
    struct output_view v = {digest_of(text, strlen(text)), strlen(text), text, strlen(text)};
    return v;
}

START_TEST(digest_mode_needs_identical_bytes)
{
    struct workload w = {.compare = COMPARE_DIGEST};
    struct output_view a = view_of("a\nb\n"), b = view_of("b\na\n");
    char why[256];
    ck_assert(verify_outputs(&w, &a, &a, why, sizeof why));
    ck_assert(!verify_outputs(&w, &a, &b, why, sizeof why));
    ck_assert_ptr_nonnull(strstr(why, "differs"));
}
END_TEST

START_TEST(json_stats_counters_exact_sum_within_tolerance)
{
    struct workload w = {.compare = COMPARE_JSON_STATS, .rel_tol = 1e-12};
    struct output_view ref = view_of("objects=2 arrays=1 number_sum=100.09999999999999\n");
    struct output_view close = view_of("objects=2 arrays=1 number_sum=100.1\n");
    struct output_view far = view_of("objects=2 arrays=1 number_sum=100.2\n");
    struct output_view count = view_of("objects=3 arrays=1 number_sum=100.09999999999999\n");
    char why[256];
    /* |100.1 - 100.09999999999999| = 1.4e-14 <= 1e-12 * 100.1 */
    ck_assert(verify_outputs(&w, &ref, &close, why, sizeof why));
    ck_assert(!verify_outputs(&w, &ref, &far, why, sizeof why));
    ck_assert_ptr_nonnull(strstr(why, "number_sum"));
    ck_assert(!verify_outputs(&w, &ref, &count, why, sizeof why));
    ck_assert_ptr_nonnull(strstr(why, "objects"));
}
END_TEST

START_TEST(sorted_lines_ignores_order_not_content)
{
    struct workload w = {.compare = COMPARE_SORTED_LINES};
    struct output_view a = view_of("b/x:1\na/y:2\na/x:3"), b = view_of("a/x:3\nb/x:1\na/y:2\n");
    struct output_view c = view_of("a/x:3\nb/x:1\n");
    size_t la, lb, lc;
    char *ta = verify_normalize(&w, &a, 4096, &la);
    char *tb = verify_normalize(&w, &b, 4096, &lb);
    char *tc = verify_normalize(&w, &c, 4096, &lc);
    ck_assert_str_eq(ta, "a/x:3\na/y:2\nb/x:1\n");
    ck_assert_str_eq(ta, tb);
    char why[256];
    ck_assert(verify_outputs(&w, &a, &b, why, sizeof why));
    ck_assert(!verify_outputs(&w, &a, &c, why, sizeof why));
    /* The text shown is cut at max_text, the digest is of everything. */
    size_t lshort;
    struct output_view d = view_of("b/x:1\na/y:2\na/x:3");
    char *tshort = verify_normalize(&w, &d, 4, &lshort);
    ck_assert_int_eq(lshort, 4);
    ck_assert_str_eq(tshort, "a/x:");
    ck_assert(d.digest == a.digest);
    free(ta);
    free(tb);
    free(tc);
    free(tshort);
}
END_TEST

START_TEST(line_count_compares_counts)
{
    struct workload w = {.compare = COMPARE_LINE_COUNT};
    struct output_view a = view_of("x\ny\nz"), b = view_of("1\n2\n3\n"), c = view_of("1\n");
    size_t l;
    char *t = verify_normalize(&w, &a, 4096, &l);
    ck_assert_str_eq(t, "3 lines\n");
    free(t);
    free(verify_normalize(&w, &b, 4096, &l));
    free(verify_normalize(&w, &c, 4096, &l));
    char why[256];
    ck_assert(verify_outputs(&w, &a, &b, why, sizeof why));
    ck_assert(!verify_outputs(&w, &a, &c, why, sizeof why));
    struct workload plain = {.compare = COMPARE_DIGEST};
    ck_assert_ptr_null(verify_normalize(&plain, &a, 4096, &l));
    ck_assert(!verify_needs_full_output(&plain));
    ck_assert(verify_needs_full_output(&w));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("verify");
    TCase *tc = tcase_create("modes");
    tcase_add_test(tc, digest_mode_needs_identical_bytes);
    tcase_add_test(tc, json_stats_counters_exact_sum_within_tolerance);
    tcase_add_test(tc, sorted_lines_ignores_order_not_content);
    tcase_add_test(tc, line_count_compares_counts);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
