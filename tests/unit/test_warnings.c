/*
 * test_warnings.c - measure/warnings.c's slow_first warning follows hyperfine's rule (a
 * modified Z-score above 1.4826 x 10, src/outlier_detection.rs) with versus's floor (10 % and
 * 1 ms over the others' median):
 *   - very steady runs whose first is 0.1 ms slower (hyperfine's Z-score alone is huge there,
 *     the MAD being a few microseconds) give no warning;
 *   - a first run twice as slow as the rest gives it, with the first run and the others'
 *     median as its figures;
 *   - a first run 5 ms slower among runs that spread by more than that gives none.
 */
#include <check.h>
#include <jansson.h>
#include <string.h>

#include "measure/plan.h"
#include "measure/warnings.h"

#include "versus_test.h"

/* The warning of kind in the warnings of a verified cell with n measured wall times, or NULL
 * (*list is to be freed by the caller). */
static const json_t *warning_for(const double *walls, size_t n, const char *kind, json_t **list)
{
    struct sample samples[16];
    ck_assert_uint_le(n, 16);
    memset(samples, 0, sizeof samples);
    for (size_t i = 0; i < n; i++)
        samples[i].wall_s = walls[i];
    struct cell c;
    memset(&c, 0, sizeof c);
    c.samples = samples;
    c.n_samples = n;
    c.verdict = VERDICT_VERIFIED;
    *list = warnings_of_cell(&c, false);
    size_t i;
    json_t *w;
    json_array_foreach(
        *list, i, w) if (strcmp(json_string_value(json_object_get(w, "kind")), kind) == 0) return w;
    return NULL;
}

/* No warning of kind for these 7 wall times. */
static void no_warning(const double walls[7], const char *kind)
{
    json_t *list;
    ck_assert_ptr_null(warning_for(walls, 7, kind, &list));
    json_decref(list);
}

START_TEST(test_a_steady_first_run_0_1_ms_slower_is_not_called_slow)
{
    /* 50 ms runs within 2 us of each other; the first 0.1 ms slower. */
    double walls[] = {0.0501, 0.050000, 0.050002, 0.049999, 0.050001, 0.050000, 0.049998};
    no_warning(walls, "slow_first");
}
END_TEST

START_TEST(test_a_first_run_twice_as_slow_is_called_slow)
{
    double walls[] = {0.100, 0.050, 0.051, 0.049, 0.050, 0.052, 0.050};
    json_t *list;
    const json_t *w = warning_for(walls, 7, "slow_first", &list);
    ck_assert_ptr_nonnull(w);
    ck_assert_double_eq_tol(json_real_value(json_object_get(w, "first_wall_s")), 0.100, 1e-12);
    ck_assert_double_eq_tol(json_real_value(json_object_get(w, "others_median_wall_s")), 0.050,
                            1e-12);
    /* The first run is the warning's: it is not counted again as an outlier. */
    no_warning(walls, "outliers");
    json_decref(list);
}
END_TEST

START_TEST(test_a_first_run_within_the_spread_is_not_called_slow)
{
    double walls[] = {0.105, 0.100, 0.092, 0.108, 0.097, 0.110, 0.090};
    no_warning(walls, "slow_first");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("warnings");
    TCase *tc = tcase_create("warnings");
    tcase_add_test(tc, test_a_steady_first_run_0_1_ms_slower_is_not_called_slow);
    tcase_add_test(tc, test_a_first_run_twice_as_slow_is_called_slow);
    tcase_add_test(tc, test_a_first_run_within_the_spread_is_not_called_slow);
    suite_add_tcase(s, tc);
    return vt_run_suite(s, "test_warnings", NULL);
}
