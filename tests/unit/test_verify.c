/*
 * test_verify.c - output comparison modes: digest, json-stats (counters exact, number_sum
 * within a relative tolerance), sorted-lines, line-count, paths (the files named, relative
 * paths made absolute against the run's directory, with a tolerance) and names (the entries of
 * two long listings whose columns differ).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "define/workload.h"
#include "measure/digest.h"
#include "measure/verify.h"

static struct output_view view_of(const char *text)
{
    struct output_view v = {digest_of(text, strlen(text)), strlen(text), text, strlen(text), NULL};
    return v;
}

/* A view of text as run in cwd, normalised as the harness does (the normalised text freed). */
static struct output_view paths_view(const struct workload *w, const char *text, const char *cwd)
{
    struct output_view v = view_of(text);
    v.cwd = cwd;
    size_t len;
    free(verify_normalize(w, &v, 4096, &len));
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

START_TEST(json_stats_tolerance_is_1e_12_on_both_sides)
{
    /* Just inside and just outside a relative 1e-12, at three magnitudes and both signs: a
     * comparator with a looser (1e-4) or tighter (1e-14) tolerance fails one of these. */
    struct workload w = {.compare = COMPARE_JSON_STATS, .rel_tol = 1e-12};
    static const char *const cases[][3] = {
        /* reference, within 0.9e-12, beyond 1.1e-12 (relative) */
        {"1", "1.0000000000009", "1.0000000000011"},
        {"1000000", "1000000.0000009", "1000000.0000011"},
        {"-2.5e20", "-2.50000000000225e20", "-2.50000000000275e20"},
    };
    char why[256];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char ref_text[80], in_text[80], out_text[80];
        snprintf(ref_text, sizeof ref_text, "objects=1 number_sum=%s\n", cases[i][0]);
        snprintf(in_text, sizeof in_text, "objects=1 number_sum=%s\n", cases[i][1]);
        snprintf(out_text, sizeof out_text, "objects=1 number_sum=%s\n", cases[i][2]);
        struct output_view ref = view_of(ref_text), in = view_of(in_text), out = view_of(out_text);
        ck_assert_msg(verify_outputs(&w, &ref, &in, why, sizeof why), "%s vs %s: %s", cases[i][0],
                      cases[i][1], why);
        ck_assert_msg(verify_outputs(&w, &in, &ref, why, sizeof why), "%s vs %s: %s", cases[i][1],
                      cases[i][0], why);
        ck_assert_msg(!verify_outputs(&w, &ref, &out, why, sizeof why), "%s vs %s passed",
                      cases[i][0], cases[i][2]);
        ck_assert_msg(!verify_outputs(&w, &out, &ref, why, sizeof why), "%s vs %s passed",
                      cases[i][2], cases[i][0]);
    }
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

START_TEST(paths_compares_the_files_named)
{
    struct workload w = {.compare = COMPARE_PATHS};
    ck_assert(verify_needs_full_output(&w));
    /* black (absolute paths, stderr sent to stdout) and ruff format (grouped, relative to the
     * working directory /w) name the same two files. */
    const char *black = "would reformat /w/data/t/b.py\nwould reformat /w/data/t/.h/x.py\n\n"
                        "Oh no! \xf0\x9f\x92\xa5\n2 files would be reformatted, 3 files would be "
                        "left unchanged.\n";
    const char *ruff = "data/t/.h/x.py:\n  1:6 unformatted: File would be reformatted\n\n"
                       "./data//t/b.py:\n  2:1 unformatted: File would be reformatted\n\n"
                       "2 files would be reformatted, 3 files already formatted\n";
    struct output_view a = view_of(black);
    a.cwd = "/elsewhere";
    size_t len;
    char *text = verify_normalize(&w, &a, 4096, &len);
    ck_assert_str_eq(text, "/w/data/t/.h/x.py\n/w/data/t/b.py\n");
    free(text);
    struct output_view b = paths_view(&w, ruff, "/w");
    char why[512];
    ck_assert_msg(verify_outputs(&w, &a, &b, why, sizeof why), "%s", why);
    /* The same relative paths from another directory are other files. */
    struct output_view c = paths_view(&w, ruff, "/v");
    ck_assert(!verify_outputs(&w, &a, &c, why, sizeof why));
    ck_assert_msg(strstr(why, "only here: /v/data/t/.h/x.py") != NULL, "%s", why);
    ck_assert_msg(strstr(why, "only in the reference: /w/data/t/.h/x.py") != NULL, "%s", why);
    /* A linter's locations keep line and column; the message does not matter. */
    struct output_view f1 = paths_view(
        &w, "/w/t/a.py:5:5: F841 local variable 'x' is assigned to but never used\n", "/w");
    struct output_view f2 =
        paths_view(&w, "t/a.py:5:5: F841 Local variable `x` is assigned to but never used\n", "/w");
    struct output_view f3 =
        paths_view(&w, "t/a.py:6:5: F841 Local variable `x` is assigned to but never used\n", "/w");
    ck_assert(verify_outputs(&w, &f1, &f2, why, sizeof why));
    ck_assert(!verify_outputs(&w, &f1, &f3, why, sizeof why));
    /* Nothing named on either side agrees; something against nothing does not. */
    struct output_view none1 = paths_view(&w, "All done!\n", "/w");
    struct output_view none2 = paths_view(&w, "0 files would be reformatted\n", "/w");
    ck_assert(verify_outputs(&w, &none1, &none2, why, sizeof why));
    ck_assert(!verify_outputs(&w, &none1, &f1, why, sizeof why));
}
END_TEST

START_TEST(names_compares_the_entries_of_long_listings)
{
    struct workload w = {.compare = COMPARE_NAMES};
    ck_assert(verify_needs_full_output(&w));
    /* ls -lR (link counts, "total" lines) and lsd -lR (other columns, another order, no
     * totals) of the same tree list the same entries. */
    const char *ls = "/t:\ntotal 8\n-rw-r--r-- 1 u g 1365 Mar  4  2024 b.py\n"
                     "drwxr-xr-x 2 u g 4096 Mar  4  2024 Sub\n\n/t/Sub:\ntotal 0\n"
                     "-rw-r--r-- 1 u g    0 Dec 10  2020 b.py\n";
    const char *lsd = ".rw-r--r-- u g 1.3 KB Mon Mar  4 07:47:52 2024 b.py\n"
                      "drwxr-xr-x u g 4.0 KB Mon Mar  4 07:49:27 2024 Sub\n\n/t/Sub:\n"
                      ".rw-r--r-- u g   0 B  Thu Dec 10 21:10:34 2020 b.py\n";
    struct output_view a = view_of(ls);
    size_t len;
    char *text = verify_normalize(&w, &a, 4096, &len);
    ck_assert_str_eq(text, "Sub\nb.py\nb.py\n");
    free(text);
    struct output_view b = paths_view(&w, lsd, NULL);
    char why[512];
    ck_assert_msg(verify_outputs(&w, &a, &b, why, sizeof why), "%s", why);
    /* One entry missing (a listing that stopped short) does not agree. */
    struct output_view c =
        paths_view(&w,
                   "drwxr-xr-x u g 4.0 KB Mon Mar  4 07:49:27 2024 Sub\n/t/Sub:\n"
                   ".rw-r--r-- u g   0 B  Thu Dec 10 21:10:34 2020 b.py\n",
                   NULL);
    ck_assert(!verify_outputs(&w, &a, &c, why, sizeof why));
}
END_TEST

START_TEST(paths_tolerance_counts_the_files_named_by_one_side)
{
    /* 50 files named by both, 1 more by the second: 1 of 51 distinct is 2 %. */
    char *big = malloc(51 * 32), *small = malloc(51 * 32);
    size_t nb = 0, ns = 0;
    for (int i = 0; i < 51; i++) {
        nb += (size_t)sprintf(big + nb, "/t/f%02d.py\n", i);
        if (i < 50)
            ns += (size_t)sprintf(small + ns, "would reformat /t/f%02d.py\n", i);
    }
    struct workload strict = {.compare = COMPARE_PATHS};
    struct workload loose = {.compare = COMPARE_PATHS, .max_differ = 0.02};
    struct workload tight = {.compare = COMPARE_PATHS, .max_differ = 0.01};
    struct output_view ref = paths_view(&loose, small, NULL);
    struct output_view got = paths_view(&loose, big, NULL);
    char why[512];
    ck_assert(!verify_outputs(&strict, &ref, &got, why, sizeof why));
    ck_assert_msg(strstr(why, "1 of the 51 paths named differ") != NULL, "%s", why);
    ck_assert_msg(verify_outputs(&loose, &ref, &got, why, sizeof why), "%s", why);
    ck_assert(!verify_outputs(&tight, &ref, &got, why, sizeof why));
    ck_assert_msg(strstr(why, "only here: /t/f50.py") != NULL, "%s", why);
    free(big);
    free(small);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("verify");
    TCase *tc = tcase_create("modes");
    tcase_add_test(tc, digest_mode_needs_identical_bytes);
    tcase_add_test(tc, json_stats_counters_exact_sum_within_tolerance);
    tcase_add_test(tc, json_stats_tolerance_is_1e_12_on_both_sides);
    tcase_add_test(tc, sorted_lines_ignores_order_not_content);
    tcase_add_test(tc, line_count_compares_counts);
    tcase_add_test(tc, paths_compares_the_files_named);
    tcase_add_test(tc, paths_tolerance_counts_the_files_named_by_one_side);
    tcase_add_test(tc, names_compares_the_entries_of_long_listings);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
