/*
 * test_report_emit.c - report elements (report_emit.h) and figures for people (report.h),
 * plot file names (plot.h):
 *   - HTML escapes & < > " ' everywhere; Markdown escapes the punctuation that would change
 *     the meaning of a line or of a table row, and code spans outlast backticks inside them;
 *   - Markdown image links are relative to the file's directory and percent-encoded; HTML
 *     embeds the image as a base64 data: URI;
 *   - base64 matches RFC 4648's test vectors;
 *   - slugs and group stems are file-name safe.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output/plot.h"
#include "output/report.h"
#include "output/report_emit.h"
#include "output/report_format.h"
#include "util/fsutil.h"
#include "versus_test.h"

/* A report_out writing into memory; finish with done(). */
struct mem {
    char *text;
    size_t len;
    struct report_out o;
};

static void start(struct mem *m, enum report_format f, const char *base_dir)
{
    memset(m, 0, sizeof *m);
    m->o.f = open_memstream(&m->text, &m->len);
    m->o.format = f;
    m->o.base_dir = base_dir;
}

static char *done(struct mem *m)
{
    fclose(m->o.f);
    return m->text;
}

START_TEST(html_escapes_text_and_cells)
{
    struct mem m;
    start(&m, REPORT_HTML, NULL);
    rep_para(&m.o, "a<b & \"c\" 'd'>");
    const char *head[] = {"x", "y"}, *row[] = {"<td>", NULL};
    rep_table_begin(&m.o, 2, head, "lr");
    rep_table_row(&m.o, 2, row);
    rep_table_end(&m.o);
    char *t = done(&m);
    ck_assert_msg(strstr(t, "<p>a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;</p>") != NULL, "%s", t);
    ck_assert_msg(strstr(t, "<tr><td>&lt;td&gt;</td><td class=\"r\"></td></tr>") != NULL, "%s", t);
    free(t);
}
END_TEST

START_TEST(markdown_escapes_what_has_a_meaning)
{
    struct mem m;
    start(&m, REPORT_MARKDOWN, NULL);
    rep_para(&m.o, "a*b_c [d] <e> `f` 1+1");
    const char *head[] = {"a|b", "n"}, *row[] = {"x\ny", "2"};
    rep_table_begin(&m.o, 2, head, "lr");
    rep_table_row(&m.o, 2, row);
    rep_table_end(&m.o);
    rep_para_begin(&m.o);
    rep_code(&m.o, "a`b");
    rep_para_end(&m.o);
    char *t = done(&m);
    ck_assert_msg(strstr(t, "a\\*b\\_c \\[d\\] \\<e\\> \\`f\\` 1+1\n\n") != NULL, "%s", t);
    ck_assert_msg(strstr(t, "| a\\|b | n |\n| --- | ---: |\n| x y | 2 |\n") != NULL, "%s", t);
    ck_assert_msg(strstr(t, "``a`b``") != NULL, "%s", t);
    free(t);
}
END_TEST

START_TEST(images_link_relative_or_embed)
{
    char dir[1024];
    vt_make_tmpdir(dir, sizeof dir, "report_emit");
    char *sub = fsutil_join(dir, "r plots");
    ck_assert_int_eq(fsutil_mkdir_p(sub, NULL), 0);
    char *png = fsutil_join(sub, "a.png");
    ck_assert_int_eq(fsutil_write_atomic(png, "foobar", 6, NULL), 0);

    struct mem m;
    start(&m, REPORT_MARKDOWN, dir);
    ck_assert_int_eq(rep_image(&m.o, png, "wall [ms]", NULL), 0);
    char *t = done(&m);
    ck_assert_str_eq(t, "![wall \\[ms\\]](r%20plots/a.png)\n\n");
    free(t);

    start(&m, REPORT_HTML, NULL);
    ck_assert_int_eq(rep_image(&m.o, png, "a \"b\"", NULL), 0);
    t = done(&m);
    ck_assert_str_eq(t, "<img alt=\"a &quot;b&quot;\" src=\"data:image/png;base64,Zm9vYmFy\">\n");
    free(t);

    struct verr err;
    start(&m, REPORT_HTML, NULL);
    ck_assert_int_eq(rep_image(&m.o, "/nonexistent.png", "x", &err), -1);
    ck_assert_msg(strstr(err.msg, "/nonexistent.png") != NULL, "%s", err.msg);
    free(done(&m));

    vt_remove_tree(dir);
    free(png);
    free(sub);
}
END_TEST

START_TEST(base64_gives_the_rfc4648_test_vectors)
{
    static const char *const in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    static const char *const out[] = {"",         "Zg==",     "Zm8=",    "Zm9v",
                                      "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        char *b = rep_base64((const unsigned char *)in[i], strlen(in[i]));
        ck_assert_str_eq(b, out[i]);
        free(b);
    }
}
END_TEST

START_TEST(figures_are_printed_with_three_digits_and_their_unit)
{
    char buf[64];
    report_format_value("wall_s", 0.0123, buf, sizeof buf);
    ck_assert_str_eq(buf, "12.3 ms");
    report_format_value("max_rss_bytes", 2097152, buf, sizeof buf);
    ck_assert_str_eq(buf, "2.00 MiB");
    report_format_value("metrics.parse_s", NAN, buf, sizeof buf);
    ck_assert_str_eq(buf, "—");
    report_format_ratio(3.14159, buf, sizeof buf);
    ck_assert_str_eq(buf, "3.14×");
    report_format_ratio(31.4159, buf, sizeof buf);
    ck_assert_str_eq(buf, "31.4×");
    report_format_ratio(314.159, buf, sizeof buf);
    ck_assert_str_eq(buf, "314×");
}
END_TEST

START_TEST(file_names_are_safe)
{
    char *s = plot_slug("grep · brown/../x y");
    ck_assert_str_eq(s, "grep_brown_.._x_y");
    free(s);
    s = plot_slug("");
    ck_assert_str_eq(s, "_");
    free(s);
    json_t *cell = json_pack("{s:s, s:{s:s}, s:{s:s}}", "workload", "json-stats", "input", "name",
                             "citm catalog", "parameters", "name", "parse");
    s = plot_group_stem(cell);
    ck_assert_str_eq(s, "json-stats-citm_catalog-parse");
    free(s);
    json_decref(cell);
    cell = json_pack("{s:s, s:n, s:{}}", "workload", "cmd", "input", "parameters");
    s = plot_group_stem(cell);
    ck_assert_str_eq(s, "cmd");
    free(s);
    json_decref(cell);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("report_emit");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, html_escapes_text_and_cells);
    tcase_add_test(tc, markdown_escapes_what_has_a_meaning);
    tcase_add_test(tc, images_link_relative_or_embed);
    tcase_add_test(tc, base64_gives_the_rfc4648_test_vectors);
    tcase_add_test(tc, figures_are_printed_with_three_digits_and_their_unit);
    tcase_add_test(tc, file_names_are_safe);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
