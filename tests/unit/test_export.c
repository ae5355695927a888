/*
 * test_export.c - the export formats (export.h) of a fixture result document
 * (tests/fixtures/interchange/result.json: two grep groups with verified, failed and skipped
 * cells, and one `versus cmd` cell with a single run):
 *   - hyperfine JSON has hyperfine's field names in its order, seconds and bytes, only the
 *     measured samples, stddev null for one run, and no failed or skipped cell; it reads back
 *     through doc_load (result/doc.h) as the same cells with the same medians;
 *   - CSV has the header, one row per cell (failed and skipped rows with empty figures), and
 *     RFC 4180 quoting;
 *   - github-action-benchmark entries have name, unit "s", value (the median), range and extra;
 *   - the Markdown table, numbers as text, and format names.
 */
#include <check.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output/export.h"
#include "result/doc.h"
#include "result/doc_text.h"
#include "util/fsutil.h"

#define FIXTURE VERSUS_SOURCE_DIR "/tests/fixtures/interchange/result.json"

static json_t *fixture(void)
{
    json_error_t e;
    json_t *doc = json_load_file(FIXTURE, 0, &e);
    ck_assert_msg(doc != NULL, "%s:%d: %s", FIXTURE, e.line, e.text);
    return doc;
}

static json_t *result_named(json_t *results, const char *command)
{
    size_t i;
    json_t *r;
    json_array_foreach(results, i, r)
    {
        if (strcmp(json_string_value(json_object_get(r, "command")), command) == 0)
            return r;
    }
    ck_abort_msg("no result for %s", command);
    return NULL;
}

START_TEST(the_hyperfine_export_has_its_fields_in_order_in_seconds_without_warmups)
{
    json_t *doc = fixture();
    json_t *hf = export_hyperfine(doc);
    json_t *results = json_object_get(hf, "results");
    ck_assert_int_eq(json_array_size(results), 4); /* 6 cells less a failed and a skipped */

    json_t *g = result_named(results, "gnu-grep (grep literal, brown)");
    const char *order[] = {"command",    "mean",      "stddev", "median", "user",
                           "system",     "min",       "max",    "times",  "memory_usage_byte",
                           "exit_codes", "parameters"};
    void *it = json_object_iter(g);
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++, it = json_object_iter_next(g, it)) {
        ck_assert_ptr_nonnull(it);
        ck_assert_str_eq(json_object_iter_key(it), order[k]);
    }
    ck_assert_ptr_null(it);
    /* The warmup (0.030 s) is left out; the three measured runs stay, in order. */
    json_t *times = json_object_get(g, "times");
    ck_assert_int_eq(json_array_size(times), 3);
    ck_assert_double_eq_tol(json_real_value(json_array_get(times, 0)), 0.0158, 1e-12);
    ck_assert_double_eq_tol(json_real_value(json_object_get(g, "median")), 0.0158, 1e-12);
    ck_assert_double_eq_tol(json_real_value(json_object_get(g, "mean")), 0.0158, 1e-12);
    ck_assert_double_eq_tol(json_real_value(json_object_get(g, "stddev")), 0.0003, 1e-12);
    ck_assert_double_eq_tol(json_real_value(json_object_get(g, "min")), 0.0155, 1e-12);
    ck_assert_double_eq_tol(json_real_value(json_object_get(g, "user")), 0.016 / 3, 1e-12);
    ck_assert_double_eq_tol(json_real_value(json_object_get(g, "system")), 0.004 / 3, 1e-12);
    json_t *mem = json_object_get(g, "memory_usage_byte");
    ck_assert_int_eq(json_array_size(mem), 3);
    ck_assert(json_is_integer(json_array_get(mem, 0)));
    ck_assert_int_eq(json_integer_value(json_array_get(mem, 2)), 1900544);
    ck_assert_int_eq(json_integer_value(json_array_get(json_object_get(g, "exit_codes"), 1)), 0);
    json_t *params = json_object_get(g, "parameters");
    ck_assert_str_eq(json_string_value(json_object_get(params, "pattern")), "President");
    ck_assert_str_eq(json_string_value(json_object_get(params, "name")), "literal");
    ck_assert_str_eq(json_string_value(json_object_get(params, "input")), "brown");
    ck_assert_str_eq(json_string_value(json_object_get(params, "runner")), "gnu-grep");

    /* versus cmd: named by its command; one run has no stddev; its parameters are those of a
     * parameter scan only (settings.parameter_names; none here), as hyperfine writes them. */
    json_t *s = result_named(results, "sleep 0.01");
    ck_assert(json_is_null(json_object_get(s, "stddev")));
    ck_assert_ptr_null(json_object_get(s, "parameters")); /* empty: left out, as hyperfine */
    json_decref(hf);
    json_decref(doc);
}
END_TEST

START_TEST(hyperfine_export_reads_back)
{
    json_t *doc = fixture();
    char path[4096];
    snprintf(path, sizeof path, "%s/export-hf-%d.json", VERSUS_TEST_TMP, (int)getpid());
    fsutil_mkdir_p(VERSUS_TEST_TMP, NULL);
    struct verr err;
    ck_assert_int_eq(export_write(doc, EXPORT_HYPERFINE, path, &err), 0);
    json_t *back = doc_load(path, &err);
    ck_assert_msg(back != NULL, "%s", err.msg);
    json_t *cells = json_object_get(back, "cells");
    ck_assert_int_eq(json_array_size(cells), 4);
    size_t i;
    json_t *c;
    json_array_foreach(cells, i, c)
    {
        ck_assert_str_eq(json_string_value(json_object_get(c, "imported_from")), "hyperfine");
        const char *cmd = json_string_value(json_object_get(c, "runner"));
        /* The same median as the original cell of that name. */
        size_t k;
        json_t *orig;
        bool found = false;
        json_array_foreach(json_object_get(doc, "cells"), k, orig)
        {
            char *name = doc_cell_name(orig);
            if (strcmp(name, cmd) == 0) {
                found = true;
                ck_assert_double_eq_tol(doc_figure(c, "wall_s", "median"),
                                        doc_figure(orig, "wall_s", "median"), 1e-12);
            }
            free(name);
        }
        ck_assert_msg(found, "no original cell for %s", cmd);
    }
    json_decref(back);
    json_decref(doc);
    unlink(path);
}
END_TEST

/* Splits one CSV record (RFC 4180) into at most max fields; returns how many. */
static int csv_fields(const char *line, char fields[][256], int max)
{
    int n = 0;
    const char *p = line;
    while (n < max) {
        size_t k = 0;
        if (*p == '"') {
            for (p++; *p && !(*p == '"' && p[1] != '"'); p++) {
                if (*p == '"')
                    p++;
                if (k < 255)
                    fields[n][k++] = *p;
            }
            if (*p == '"')
                p++;
        } else {
            for (; *p && *p != ',' && *p != '\n'; p++)
                if (k < 255)
                    fields[n][k++] = *p;
        }
        fields[n++][k] = '\0';
        if (*p != ',')
            break;
        p++;
    }
    return n;
}

START_TEST(csv_has_hyperfines_header_one_row_per_cell_and_quotes_commas)
{
    json_t *doc = fixture();
    char *text = export_csv(doc);
    ck_assert_ptr_nonnull(text);
    const char *header = "command,mean,stddev,median,user,system,min,max,workload,input,case,"
                         "runner,verdict,p95,max_rss_bytes,tree_peak_rss_bytes,"
                         "rss_growth_mib_per_min\n";
    ck_assert(strncmp(text, header, strlen(header)) == 0);
    int lines = 0;
    for (const char *p = text; *p; p++)
        lines += *p == '\n';
    ck_assert_int_eq(lines, 1 + 6); /* header + one row per cell, failed and skipped too */

    char fields[20][256];
    const char *row = strchr(text, '\n') + 1;
    ck_assert_int_eq(csv_fields(row, fields, 20), 17);
    ck_assert_str_eq(fields[0], "gnu-grep (grep literal, brown)"); /* quoted: has a comma */
    ck_assert_str_eq(fields[3], "0.0158");
    ck_assert_str_eq(fields[8], "grep");
    ck_assert_str_eq(fields[9], "brown");
    ck_assert_str_eq(fields[10], "literal");
    ck_assert_str_eq(fields[11], "gnu-grep");
    ck_assert_str_eq(fields[12], "verified");
    ck_assert_str_eq(fields[14], "1835008");
    ck_assert_str_eq(fields[15], ""); /* no memory timeline in the fixture */
    ck_assert_str_eq(fields[16], "");
    ck_assert(strstr(text, "\"gnu-grep (grep literal, brown)\",") != NULL);

    row = strstr(text, "\"crasher");
    ck_assert_ptr_nonnull(row);
    ck_assert_int_eq(csv_fields(row, fields, 20), 17);
    ck_assert_str_eq(fields[12], "failed");
    ck_assert_str_eq(fields[1], "");
    ck_assert_str_eq(fields[3], "");
    ck_assert_str_eq(fields[14], "");

    row = strstr(text, "\nsleep 0.01,");
    ck_assert_ptr_nonnull(row);
    ck_assert_int_eq(csv_fields(row + 1, fields, 20), 17);
    ck_assert_str_eq(fields[2], ""); /* one run: no stddev, as hyperfine writes it */
    ck_assert_str_eq(fields[8], "cmd");
    ck_assert_str_eq(fields[12], "ok");
    free(text);
    json_decref(doc);
}
END_TEST

START_TEST(github_action_benchmark_gets_one_entry_per_measured_cell_in_seconds)
{
    json_t *doc = fixture();
    json_t *entries = export_github(doc);
    ck_assert_int_eq(json_array_size(entries), 4);
    size_t i;
    json_t *e;
    json_array_foreach(entries, i, e)
    {
        ck_assert(json_is_string(json_object_get(e, "name")));
        ck_assert_str_eq(json_string_value(json_object_get(e, "unit")), "s");
        ck_assert(json_is_number(json_object_get(e, "value")));
        ck_assert(json_is_string(json_object_get(e, "extra")));
        const char *keys[] = {"name", "unit", "value", "range", "extra"};
        const char *key;
        json_t *v;
        json_object_foreach(e, key, v)
        {
            bool known = false;
            for (size_t k = 0; k < 5; k++)
                known = known || strcmp(key, keys[k]) == 0;
            ck_assert_msg(known, "unexpected field %s", key);
        }
    }
    json_t *rust = json_array_get(entries, 1);
    ck_assert_str_eq(json_string_value(json_object_get(rust, "name")),
                     "rust (grep literal, brown)");
    ck_assert_double_eq_tol(json_real_value(json_object_get(rust, "value")), 0.0081, 1e-12);
    ck_assert(strncmp(json_string_value(json_object_get(rust, "range")), "± 0.000305", 11) == 0);
    ck_assert(strstr(json_string_value(json_object_get(rust, "extra")), "runs: 3") != NULL);
    json_t *sleep = json_array_get(entries, 3);
    ck_assert_str_eq(json_string_value(json_object_get(sleep, "name")), "sleep 0.01");
    ck_assert_ptr_null(json_object_get(sleep, "range")); /* one run: no spread to show */
    json_decref(entries);
    json_decref(doc);
}
END_TEST

START_TEST(the_markdown_table_puts_the_fastest_first_and_escapes_bars)
{
    json_t *doc = fixture();
    char *md = export_markdown(doc);
    ck_assert_ptr_nonnull(md);
    ck_assert(strstr(md, "### grep · brown (9.50 MiB) · literal\n") != NULL);
    ck_assert(strstr(md, "| runner | median | p95 | CPU | peak RSS | × fastest | verified |") !=
              NULL);
    /* fastest first; failed and skipped after, with their reason, "|" escaped in a table */
    char *rust = strstr(md, "| rust | 8.10 ms |");
    char *grep = strstr(md, "| gnu-grep | 15.8 ms |");
    ck_assert(rust != NULL && grep != NULL && rust < grep);
    ck_assert(strstr(md, "| crasher | – | – | – | – | – | ✗ failed: killed by signal 11") != NULL);
    ck_assert(strstr(md, "skipped: requires 'versus-no-such-tool' \\| not found |") != NULL);
    ck_assert(strstr(md, "`pattern=Monday|Tuesday`") != NULL); /* a code span outside a table */
    ck_assert(strstr(md, "### commands · exec") != NULL);
    ck_assert(strstr(md, "**1 cell failed.**") != NULL);
    free(md);
    json_decref(doc);
}
END_TEST

START_TEST(numbers_print_in_shortest_form_and_format_names_parse)
{
    char buf[40];
    doc_number_text(0.1, buf, sizeof buf);
    ck_assert_str_eq(buf, "0.1");
    doc_number_text(13148160.0, buf, sizeof buf);
    ck_assert_str_eq(buf, "13148160");
    doc_number_text(1e-7, buf, sizeof buf);
    ck_assert_str_eq(buf, "1e-07");
    doc_number_text(0.017659248, buf, sizeof buf);
    ck_assert_str_eq(buf, "0.017659248");
    doc_number_text(NAN, buf, sizeof buf);
    ck_assert_str_eq(buf, "");

    enum export_format f;
    struct verr err;
    ck_assert_int_eq(export_format_parse("github-action-benchmark", &f, &err), 0);
    ck_assert_int_eq(f, EXPORT_GITHUB);
    ck_assert_int_eq(export_format_parse("hyperfine", &f, &err), 0);
    ck_assert_int_eq(f, EXPORT_HYPERFINE);
    ck_assert_int_eq(export_format_parse("xml", &f, &err), -1);
    ck_assert(strstr(err.msg, "unknown export format 'xml'") != NULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("export");
    TCase *tc = tcase_create("formats");
    tcase_add_test(tc, the_hyperfine_export_has_its_fields_in_order_in_seconds_without_warmups);
    tcase_add_test(tc, hyperfine_export_reads_back);
    tcase_add_test(tc, csv_has_hyperfines_header_one_row_per_cell_and_quotes_commas);
    tcase_add_test(tc, github_action_benchmark_gets_one_entry_per_measured_cell_in_seconds);
    tcase_add_test(tc, the_markdown_table_puts_the_fastest_first_and_escapes_bars);
    tcase_add_test(tc, numbers_print_in_shortest_form_and_format_names_parse);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
