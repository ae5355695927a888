/*
 * test_merge.c - joining result documents (merge.h) and splitting plans (shard.h):
 *   - two documents merge into one versus/1 document: cells concatenated, every source in
 *     merged_from, env the first's with a note, failed cells recounted, no "shard" setting;
 *   - a cell identity (workload, input name, parameters, runner) in two sources is refused,
 *     naming both files, unless duplicates are allowed;
 *   - --shard I/N parses strictly, and the N shards of a plan hold every group once, with
 *     their cells, references and skipped cells.
 */
#include <check.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "measure/shard.h"
#include "result/merge.h"
#include "util/argv_split.h"

#define FIXTURE VERSUS_SOURCE_DIR "/tests/fixtures/interchange/result.json"

static json_t *fixture(void)
{
    json_error_t e;
    json_t *doc = json_load_file(FIXTURE, 0, &e);
    ck_assert_msg(doc != NULL, "%s:%d: %s", FIXTURE, e.line, e.text);
    return doc;
}

/* The fixture with only cells [from, to), and settings.shard set. */
static json_t *part(size_t from, size_t to, const char *shard)
{
    json_t *doc = fixture();
    json_t *cells = json_array();
    for (size_t i = from; i < to; i++)
        json_array_append(cells, json_array_get(json_object_get(doc, "cells"), i));
    json_object_set_new(doc, "cells", cells);
    json_object_set_new(json_object_get(doc, "settings"), "shard", json_string(shard));
    return doc;
}

START_TEST(merge_concatenates_and_records_sources)
{
    json_t *docs[2] = {part(0, 3, "1/2"), part(3, 6, "2/2")};
    json_object_set_new(json_object_get(docs[1], "env"), "cores", json_integer(64));
    const char *files[2] = {"a.json", "b.json"};
    char *argv[] = {"versus", "merge", "a.json", "b.json", "--json", "m.json", NULL};
    struct verr err;
    json_t *m = merge_documents(docs, files, 2, false, 6, argv, &err);
    ck_assert_msg(m != NULL, "%s", err.msg);
    ck_assert_str_eq(json_string_value(json_object_get(m, "schema")), "versus/1");
    json_t *whole = fixture();
    ck_assert(json_equal(json_object_get(m, "cells"), json_object_get(whole, "cells")));
    ck_assert_int_eq(json_integer_value(json_object_get(m, "failed_cells")), 1);
    ck_assert_ptr_null(json_object_get(json_object_get(m, "settings"), "shard"));
    json_t *env = json_object_get(m, "env");
    ck_assert_int_eq(json_integer_value(json_object_get(env, "cores")), 2);
    ck_assert(strstr(json_string_value(json_object_get(env, "note")), "a.json") != NULL);
    json_t *from = json_object_get(m, "merged_from");
    ck_assert_int_eq(json_array_size(from), 2);
    json_t *b = json_array_get(from, 1);
    ck_assert_str_eq(json_string_value(json_object_get(b, "file")), "b.json");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(b, "env"), "cores")), 64);
    ck_assert_str_eq(json_string_value(json_object_get(b, "created_at")), "2026-11-21T15:02:11Z");
    ck_assert(json_is_array(json_object_get(b, "command_line")));
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(b, "settings"), "shard")),
                     "2/2");
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(m, "command_line"), 1)),
                     "merge");
    json_decref(m);
    json_decref(whole);
    json_decref(docs[0]);
    json_decref(docs[1]);
}
END_TEST

START_TEST(merge_refuses_duplicates_unless_allowed)
{
    json_t *docs[2] = {part(0, 3, "1/2"), part(2, 4, "2/2")}; /* cell 2 in both */
    const char *files[2] = {"a.json", "b.json"};
    char *argv[] = {"versus", NULL};
    struct verr err;
    ck_assert_ptr_null(merge_documents(docs, files, 2, false, 1, argv, &err));
    ck_assert_msg(strstr(err.msg, "grep/brown/literal/crasher is in both a.json and b.json") !=
                      NULL,
                  "%s", err.msg);
    json_t *m = merge_documents(docs, files, 2, true, 1, argv, &err);
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(json_array_size(json_object_get(m, "cells")), 5);
    ck_assert_int_eq(json_integer_value(json_object_get(m, "failed_cells")), 2);
    json_decref(m);
    json_decref(docs[0]);
    json_decref(docs[1]);
}
END_TEST

START_TEST(a_shard_is_i_of_n_with_1_le_i_le_n)
{
    struct shard s;
    struct verr err;
    ck_assert_int_eq(shard_parse("1/2", &s, &err), 0);
    ck_assert_int_eq(s.index, 1);
    ck_assert_int_eq(s.count, 2);
    ck_assert_int_eq(shard_parse("3/3", &s, &err), 0);
    const char *bad[] = {"0/2", "3/2", "1/0", "1", "1/", "/2", "a/b", "1/2x", "-1/2", "1/-2", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_msg(shard_parse(bad[i], &s, &err) == -1, "accepted '%s'", bad[i]);
        ck_assert(strstr(err.msg, "--shard needs I/N") != NULL);
    }
}
END_TEST

/* A plan of 5 groups of 3 cells: the reference added last (it goes first), one cell skipped. */
static void make_plan(struct plan *p)
{
    memset(p, 0, sizeof *p);
    for (int g = 0; g < 5; g++) {
        char name[16];
        snprintf(name, sizeof name, "case%d", g);
        size_t gi = plan_add_group(p, NULL, NULL, "in", "/in", json_pack("{s:s}", "name", name));
        char *argv[] = {"/bin/echo", name, NULL};
        plan_add_cell(p, gi, NULL, "x", argv_copy(argv), NULL, false);
        size_t skipped = plan_add_cell(p, gi, NULL, "y", NULL, NULL, false);
        plan_skip_cell(p, skipped, "not here");
        plan_add_cell(p, gi, NULL, "ref", argv_copy(argv), NULL, true);
    }
}

START_TEST(shards_cover_every_group_once)
{
    int seen[5] = {0};
    for (int i = 1; i <= 2; i++) {
        struct plan p;
        make_plan(&p);
        struct shard s = {i, 2};
        shard_apply(&p, &s);
        ck_assert_int_eq(p.n_groups, i == 1 ? 3 : 2);
        ck_assert_int_eq(p.n_cells, p.n_groups * 3);
        for (size_t g = 0; g < p.n_groups; g++) {
            const struct group *gr = &p.groups[g];
            int k = gr->case_name[4] - '0';
            ck_assert_int_eq(k % 2, i - 1);
            seen[k]++;
            ck_assert(gr->has_reference);
            ck_assert_int_eq(gr->n_cells, 3);
            ck_assert_str_eq(p.cells[gr->cells[0]].label, "ref");
            ck_assert_str_eq(p.cells[gr->cells[0]].argv[1], gr->case_name);
            ck_assert_str_eq(gr->input_name, "in");
            const struct cell *y = &p.cells[gr->cells[2]];
            ck_assert_str_eq(y->label, "y");
            ck_assert_int_eq(y->verdict, VERDICT_SKIPPED);
            ck_assert_str_eq(y->reason, "not here");
        }
        plan_free(&p);
    }
    for (int k = 0; k < 5; k++)
        ck_assert_int_eq(seen[k], 1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("merge");
    TCase *tc = tcase_create("merge");
    tcase_add_test(tc, merge_concatenates_and_records_sources);
    tcase_add_test(tc, merge_refuses_duplicates_unless_allowed);
    tcase_add_test(tc, a_shard_is_i_of_n_with_1_le_i_le_n);
    tcase_add_test(tc, shards_cover_every_group_once);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
