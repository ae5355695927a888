/*
 * test_keymap.c - util/keymap.c and the places that match by it, at scale:
 *   - keys are bytes (a NUL inside counts), duplicates come back in insertion order, one per
 *     take; the table grows past its first size;
 *   - doc_match_cells matches 100 000 cells with 100 000 in reverse order, the k-th of a
 *     repeated identity with the k-th, cells whose parameters differ only in member order as
 *     the same (json_equal), and leaves cells without a partner unmatched;
 *   - merge_documents joins two 100 000-cell documents and still finds one repeated identity;
 *   - summary_of_cell summarises 100 000 distinct metric names of one sample, in order.
 * A quadratic matcher would take many minutes on these; the test case's timeout (120 s) is the
 * bound, not a timing target.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measure/plan.h"
#include "measure/summary.h"
#include "result/doc.h"
#include "result/merge.h"
#include "util/keymap.h"

#include "versus_test.h"

#define N 100000

START_TEST(test_keys_are_bytes_and_duplicates_keep_their_order)
{
    struct keymap *m = keymap_new(1);
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(keymap_add(m, "a\0b", 3, 7), 0);
    ck_assert_int_eq(keymap_add(m, "a\0c", 3, 8), 0);
    ck_assert_int_eq(keymap_add(m, "a\0b", 3, 9), 0);
    for (size_t i = 0; i < 1000; i++) {
        char k[32];
        int n = snprintf(k, sizeof k, "key %zu", i);
        ck_assert_int_eq(keymap_add(m, k, (size_t)n, i), 0);
    }
    ck_assert_uint_eq(keymap_count(m), 1002);
    size_t v;
    ck_assert(keymap_find(m, "a\0b", 3, &v));
    ck_assert_uint_eq(v, 7);
    ck_assert(keymap_take(m, "a\0b", 3, &v));
    ck_assert_uint_eq(v, 7);
    ck_assert(keymap_take(m, "a\0b", 3, &v));
    ck_assert_uint_eq(v, 9);
    ck_assert(!keymap_take(m, "a\0b", 3, &v));
    ck_assert(!keymap_find(m, "a", 1, &v));
    ck_assert(keymap_find(m, "key 999", 7, &v));
    ck_assert_uint_eq(v, 999);
    keymap_free(m);
}
END_TEST

/* A document of n cells: cell i has workload w, input in-(i % 7), parameters {"name": c-i, "k":
 * i % 3, "x": 1} (members in the order given by flip), runner r-(i % 5). */
static json_t *big_doc(size_t n, bool reverse, bool flip)
{
    json_t *cells = json_array();
    for (size_t k = 0; k < n; k++) {
        size_t i = reverse ? n - 1 - k : k;
        char in[32], name[32], runner[32];
        snprintf(in, sizeof in, "in-%zu", i % 7);
        snprintf(name, sizeof name, "c-%zu", i);
        snprintf(runner, sizeof runner, "r-%zu", i % 5);
        json_t *params =
            flip ? json_pack("{s:i, s:I, s:s}", "x", 1, "k", (json_int_t)(i % 3), "name", name)
                 : json_pack("{s:s, s:I, s:i}", "name", name, "k", (json_int_t)(i % 3), "x", 1);
        json_array_append_new(cells, json_pack("{s:s, s:{s:s}, s:o, s:s, s:s}", "workload", "w",
                                               "input", "name", in, "parameters", params, "runner",
                                               runner, "verdict", "skipped"));
    }
    return json_pack("{s:s, s:o, s:i}", "schema", "versus/1", "cells", cells, "failed_cells", 0);
}

START_TEST(test_100000_cells_are_matched_in_seconds)
{
    json_t *before = big_doc(N, false, false), *after = big_doc(N, true, true);
    /* Two cells with the same identity on each side, and one without a partner. */
    json_t *bc = json_object_get(before, "cells"), *ac = json_object_get(after, "cells");
    json_array_append_new(bc, json_deep_copy(json_array_get(bc, 0)));
    json_array_append_new(ac, json_deep_copy(json_array_get(ac, N - 1)));
    json_t *lonely = json_deep_copy(json_array_get(bc, 1));
    json_object_set_new(lonely, "runner", json_string("nobody"));
    json_array_append_new(bc, lonely);
    size_t nb = json_array_size(bc), na = json_array_size(ac);
    long *b2a = malloc(nb * sizeof *b2a), *a2b = malloc(na * sizeof *a2b);
    ck_assert_uint_eq(doc_match_cells(before, after, b2a, a2b), N + 1);
    for (size_t i = 1; i < N; i++)
        ck_assert_int_eq(b2a[i], (long)(N - 1 - i));
    ck_assert_int_eq(b2a[0], N - 1); /* the first of the repeated identity with the first */
    ck_assert_int_eq(b2a[N], N);     /* the second with the second */
    ck_assert_int_eq(b2a[N + 1], -1);
    free(b2a);
    free(a2b);

    /* merge: no identity repeats across the two halves of before... */
    json_t *first = big_doc(N, false, false), *second = big_doc(N, false, false);
    json_t *second_cells = json_object_get(second, "cells");
    for (size_t i = 0; i < N; i++)
        json_object_set_new(json_array_get(second_cells, i), "workload", json_string("v"));
    json_t *docs[] = {first, second};
    const char *files[] = {"first.json", "second.json"};
    struct verr err;
    char *argv[] = {"versus", "merge", NULL};
    json_t *merged = merge_documents(docs, files, 2, false, 2, argv, &err);
    ck_assert_msg(merged != NULL, "%s", err.msg);
    ck_assert_uint_eq(json_array_size(json_object_get(merged, "cells")), 2 * N);
    json_decref(merged);
    /* ... until one does. */
    json_object_set_new(json_array_get(second_cells, N / 2), "workload", json_string("w"));
    ck_assert_ptr_null(merge_documents(docs, files, 2, false, 2, argv, &err));
    ck_assert_msg(strstr(err.msg, "is in both first.json and second.json") != NULL, "%s", err.msg);
    json_decref(first);
    json_decref(second);
    json_decref(before);
    json_decref(after);
}
END_TEST

START_TEST(test_100000_metric_names_are_summarised_in_seconds)
{
    json_t *metrics = json_object();
    for (size_t i = 0; i < N; i++) {
        char name[32];
        snprintf(name, sizeof name, "m%zu_s", i);
        json_object_set_new(metrics, name, json_real((double)i));
    }
    struct sample s = {.wall_s = 0.1, .metrics = metrics};
    struct cell c = {.verdict = VERDICT_VERIFIED, .samples = &s, .n_samples = 1};
    struct cell_summary cs;
    ck_assert(summary_of_cell(&c, &cs));
    ck_assert_uint_eq(cs.n_metrics, N);
    const struct summary *m = summary_metric(&cs, "m12345_s");
    ck_assert_ptr_nonnull(m);
    ck_assert_double_eq(m->median, 12345.0);
    cell_summary_clear(&cs);
    json_decref(metrics);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("keymap");
    TCase *tc = tcase_create("keymap");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_keys_are_bytes_and_duplicates_keep_their_order);
    tcase_add_test(tc, test_100000_cells_are_matched_in_seconds);
    tcase_add_test(tc, test_100000_metric_names_are_summarised_in_seconds);
    suite_add_tcase(s, tc);
    return vt_run_suite(s, "test_keymap", NULL);
}
