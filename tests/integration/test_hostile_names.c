/*
 * test_hostile_names.c - every output format gets the same hostile names (util/escape.h): a
 * result document whose input, case and runner names hold a newline, "<!--", a terminal escape
 * sequence (ESC [ 31m, and the C1 CSI U+009B) and a leading "=cmd" goes through
 *   - the escaping functions themselves (TSV, Markdown text and code span, terminal, CSV, HTML);
 *   - `versus list` (a workload's name and description from its definition file: escaped, and
 *     the description wrapped at 100 columns);
 *   - `versus export --format csv` (no field starts a formula), `--format markdown`,
 *     `versus compare` (terminal) and `versus compare --markdown` (the pull-request comment:
 *     no raw "<!--", the regressions line still there), `versus report --markdown` and
 *     `--html`, and `versus plot` (gnuplot data files, drawn with the golden tests' stand-in):
 * no output holds an ESC byte or a C1 control, no Markdown or HTML output a raw "<!--", no data
 * file a line that is not a comment or a row of the right width.
 */
#define _GNU_SOURCE /* open_memstream, setenv */
#include <check.h>
#include <dirent.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/escape.h"
#include "util/fsutil.h"
#include "versus_test.h"

#define HOSTILE                                                                                    \
    "=cmd\n<!-- x -->\x1b[31mred\xc2\x9b"                                                          \
    "1m|a`b"

/* What f's escaping of HOSTILE wrote. */
static char *escaped(void (*escape)(FILE *, const char *))
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    escape(f, HOSTILE);
    fclose(f);
    return buf;
}

static void assert_no_controls(const char *what, const char *text, bool newline_ok)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        ck_assert_msg(*p != 0x1b, "%s: an ESC byte", what);
        ck_assert_msg(!(p[0] == 0xc2 && p[1] == 0x9b), "%s: a C1 CSI", what);
        ck_assert_msg(newline_ok || *p != '\n', "%s: a newline", what);
    }
}

/* True when Markdown text has a "<!--" that would open an HTML comment: not backslash-escaped
 * and outside code spans (a backtick run opens one, a run of the same length closes it). */
static bool md_raw_comment(const char *text)
{
    size_t open = 0; /* fence length of the code span we are in, 0: none */
    for (const char *p = text; *p; p++) {
        if (*p == '\\' && p[1] != '\0') {
            p++;
            continue;
        }
        if (*p == '`') {
            size_t n = strspn(p, "`");
            open = open == 0 ? n : open == n ? 0 : open;
            p += n - 1;
            continue;
        }
        if (*p == '\n' && open == 0)
            continue;
        if (open == 0 && strncmp(p, "<!--", 4) == 0)
            return true;
    }
    return false;
}

START_TEST(test_every_escaping_function_neutralises_the_same_hostile_names)
{
    char *s = escaped(escape_tsv);
    assert_no_controls("tsv", s, false);
    ck_assert(strchr(s, '\t') == NULL);
    free(s);
    s = escaped(escape_markdown);
    assert_no_controls("markdown", s, false);
    ck_assert_msg(!md_raw_comment(s) && strstr(s, "\\<!--") != NULL, "%s", s);
    ck_assert_ptr_nonnull(strstr(s, "\\|"));
    free(s);
    s = escaped(escape_markdown_code);
    assert_no_controls("markdown code", s, false);
    ck_assert_msg(strncmp(s, "``", 2) == 0, "%s", s); /* a fence longer than the one backtick */
    free(s);
    s = escaped(escape_terminal);
    assert_no_controls("terminal", s, false);
    ck_assert_msg(strstr(s, "\\x1b[31m") != NULL && strstr(s, "\\u009b") != NULL, "%s", s);
    free(s);
    s = escaped(escape_csv);
    ck_assert_msg(strncmp(s, "\"'=cmd", 6) == 0, "%s", s);
    free(s);
    s = escaped(escape_html);
    assert_no_controls("html", s, true);
    ck_assert_msg(strstr(s, "<!--") == NULL && strstr(s, "&lt;!--") != NULL, "%s", s);
    free(s);
}
END_TEST

/* A document with two matched cells whose names are hostile; the second regressed. */
static json_t *hostile_doc(double factor)
{
    json_t *cells = json_array();
    for (int k = 0; k < 2; k++) {
        json_t *samples = json_array();
        for (int i = 0; i < 10; i++) {
            double w = (0.010 + 0.0001 * i) * (k == 1 ? factor : 1.0);
            json_array_append_new(samples,
                                  json_pack("{s:b, s:f, s:f, s:f, s:f, s:I}", "warmup", 0, "wall_s",
                                            w, "user_s", w, "sys_s", 0.0, "cpu_s", w,
                                            "max_rss_bytes", (json_int_t)1000000));
        }
        json_t *stats =
            json_pack("{s:i, s:f, s:f, s:f, s:f, s:f}", "n", 10, "median", 0.0105 * factor, "p95",
                      0.0109 * factor, "mean", 0.0105, "min", 0.010, "max", 0.011 * factor);
        json_t *summary =
            json_pack("{s:i, s:o, s:O, s:O, s:O, s:{}}", "n", 10, "wall_s", stats, "cpu_s", stats,
                      "user_s", stats, "max_rss_bytes", stats, "metrics");
        json_array_append_new(
            cells, json_pack("{s:s, s:{s:s, s:I}, s:{s:s}, s:s, s:s, s:o, s:o}", "workload", "grep",
                             "input", "name", HOSTILE, "bytes", (json_int_t)100, "parameters",
                             "name", HOSTILE, "runner", k == 0 ? HOSTILE : "rust", "verdict",
                             "verified", "summary", summary, "samples", samples));
    }
    return json_pack("{s:s, s:s, s:[], s:n, s:{}, s:o, s:i}", "schema", "versus/1", "created_at",
                     "2026-12-04T00:00:00Z", "command_line", "settings", "env", "cells", cells,
                     "failed_cells", 0);
}

static char *read_text(const char *path)
{
    struct verr err;
    char *t = fsutil_read_file(path, NULL, &err);
    ck_assert_msg(t != NULL, "%s", err.msg);
    return t;
}

/* Every file below dir: no ESC or C1; Markdown/HTML without a raw "<!--"; data files with
 * comment lines or rows of as many tab-separated fields as their first row. */
static void check_dir(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    const struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *path = fsutil_join(dir, e->d_name);
        if (fsutil_is_dir(path)) {
            check_dir(path);
            free(path);
            continue;
        }
        char *t = read_text(path);
        assert_no_controls(path, t, true);
        const char *ext = strrchr(e->d_name, '.');
        if (ext && strcmp(ext, ".md") == 0)
            ck_assert_msg(!md_raw_comment(t), "%s: a raw <!--", path);
        if (ext && strcmp(ext, ".html") == 0)
            ck_assert_msg(strstr(t, "<!-- x") == NULL, "%s: a raw <!--", path);
        if (ext && strcmp(ext, ".tsv") == 0) {
            int width = -1;
            for (char *line = strtok(t, "\n"); line; line = strtok(NULL, "\n")) {
                if (line[0] == '#')
                    continue;
                int tabs = 0;
                for (char *p = line; *p; p++)
                    tabs += *p == '\t';
                if (width < 0)
                    width = tabs;
                ck_assert_msg(tabs == width, "%s: a row of another width: %s", path, line);
            }
        }
        free(t);
        free(path);
    }
    closedir(d);
}

START_TEST(test_every_output_of_a_hostile_document_is_escaped_for_its_format)
{
    char dir[4096], before[4200], after[4200], out[4200];
    vt_make_tmpdir(dir, sizeof dir, "hostile");
    snprintf(before, sizeof before, "%s/before.json", dir);
    snprintf(after, sizeof after, "%s/after.json", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    ck_assert_int_eq(fsutil_mkdir_p(out, NULL), 0);
    json_t *b = hostile_doc(1.0), *a = hostile_doc(1.5);
    ck_assert_int_eq(json_dump_file(b, before, 0), 0);
    ck_assert_int_eq(json_dump_file(a, after, 0), 0);
    json_decref(b);
    json_decref(a);
    setenv("VERSUS_GNUPLOT", VERSUS_SOURCE_DIR "/tests/golden/fake-gnuplot.sh", 1);

    char csv[4300], md[4300], cmp_md[4300], rep_md[4300], rep_html[4300], plots[4300];
    snprintf(csv, sizeof csv, "%s/export.csv", out);
    snprintf(md, sizeof md, "%s/export.md", out);
    snprintf(cmp_md, sizeof cmp_md, "%s/compare.md", out);
    snprintf(rep_md, sizeof rep_md, "%s/report.md", out);
    snprintf(rep_html, sizeof rep_html, "%s/report.html", out);
    snprintf(plots, sizeof plots, "%s/plots", out);
    char *text = NULL, *err = NULL;
    int rc =
        vt_run_versus_args(NULL, &err, VT_ARGS("export", before, "--format", "csv", "--out", csv));
    ck_assert_msg(rc == 0, "export csv: %d %s", rc, err);
    free(err);
    char *t = read_text(csv);
    ck_assert_msg(strstr(t, "\n=") == NULL && strstr(t, ",=") == NULL && strstr(t, "\"=") == NULL,
                  "a CSV field starts a formula: %s", t);
    ck_assert_ptr_nonnull(strstr(t, "'=cmd"));
    free(t);
    rc = vt_run_versus_args(NULL, NULL,
                            VT_ARGS("export", before, "--format", "markdown", "--out", md));
    ck_assert_int_eq(rc, 0);
    /* compare on the terminal, then as the pull-request comment */
    rc = vt_run_versus_args(&text, NULL, VT_ARGS("compare", "--color", "never", before, after));
    ck_assert_int_eq(rc, 1); /* the regression */
    assert_no_controls("compare (terminal)", text, true);
    free(text);
    rc = vt_run_versus_args(&text, NULL, VT_ARGS("compare", "--markdown", before, after));
    ck_assert_int_eq(rc, 1);
    ck_assert_msg(!md_raw_comment(text), "%s", text);
    ck_assert_ptr_nonnull(strstr(text, "**Regressions**"));
    FILE *f = fopen(cmp_md, "w");
    fputs(text, f);
    fclose(f);
    free(text);
    rc = vt_run_versus_args(NULL, NULL, VT_ARGS("report", before, "--markdown", rep_md));
    ck_assert_int_eq(rc, 0);
    rc = vt_run_versus_args(NULL, NULL, VT_ARGS("report", before, "--html", rep_html));
    ck_assert_int_eq(rc, 0);
    rc = vt_run_versus_args(NULL, &err, VT_ARGS("plot", before, "--out", plots));
    ck_assert_msg(rc == 0, "plot: %d %s", rc, err);
    free(err);
    check_dir(out);
}
END_TEST

/* A workload definition whose name and long description are hostile, listed by `versus list`:
 * no control byte reaches the terminal, and no line is wider than 100 columns (the description
 * is wrapped; the one word longer than a line stays whole on a line of its own). */
START_TEST(test_list_escapes_and_wraps_a_hostile_description)
{
    char *dir = vt_new_tmpdir("hostile_list");
    char workloads[4200], manifest[4200], def[4300];
    snprintf(workloads, sizeof workloads, "%s/workloads", dir);
    snprintf(manifest, sizeof manifest, "%s/runners.json", dir);
    snprintf(def, sizeof def, "%s/inputs.json", workloads);
    ck_assert_int_eq(fsutil_mkdir_p(workloads, NULL), 0);
    vt_write_text(def, "{\"schema\": \"versus-inputs/1\", \"inputs\": [{\"name\": \"s\", "
                       "\"kind\": \"generated\", \"generator\": \"text\", \"seed\": 1, "
                       "\"size_bytes\": 10, \"file\": \"s.txt\"}]}\n");
    snprintf(def, sizeof def, "%s/hostile.json", workloads);
    vt_write_text(manifest, "{\"schema\": \"versus-runners/1\", \"runners\": [{\"name\": "
                            "\"cat\", \"language\": \"tool\", \"workloads\": {\"hostile\": "
                            "[\"cat\"]}}]}\n");
    json_t *w = json_pack("{s:s, s:s, s:s, s:[s], s:s, s:[s], s:[{s:s}]}", "schema",
                          "versus-workload/1", "name", "hostile", "description",
                          "Words " HOSTILE " and more words to fill a line: one two three four "
                          "five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                          "sixteen seventeen eighteen nineteen twenty, and one word longer than a "
                          "line: "
                          "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                          "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa end.",
                          "protocol", "x", "reference_runner", "cat", "default_runners", "cat",
                          "cases", "name", "c");
    ck_assert_int_eq(json_dump_file(w, def, 0), 0);
    json_decref(w);
    char *text = NULL, *err = NULL;
    int rc = vt_run_versus_args(&text, &err,
                                VT_ARGS("list", "--workloads", workloads, "--manifest", manifest));
    ck_assert_msg(rc == 0, "list: %d %s", rc, err);
    assert_no_controls("list", text, true);
    ck_assert_ptr_nonnull(strstr(text, "\\x1b[31mred")); /* shown, not obeyed */
    ck_assert_ptr_nonnull(strstr(text, "\n                 aaaaaaaa"));
    ck_assert_ptr_nonnull(strstr(text, "end."));
    for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        if (strncmp(line, "Inputs", 6) == 0)
            break; /* the workloads' section is over */
        if (strstr(line, "aaaaaaaa") != NULL)
            continue; /* the long word */
        size_t columns = 0;
        for (const char *p = line; *p; p++)
            columns += ((unsigned char)*p & 0xC0) != 0x80;
        ck_assert_msg(columns <= 100, "a line of %zu columns: %s", columns, line);
    }
    free(text);
    free(err);
    vt_free_tmpdir(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hostile_names");
    TCase *tc = tcase_create("escape");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_every_escaping_function_neutralises_the_same_hostile_names);
    tcase_add_test(tc, test_every_output_of_a_hostile_document_is_escaped_for_its_format);
    tcase_add_test(tc, test_list_escapes_and_wraps_a_hostile_description);
    suite_add_tcase(s, tc);
    return vt_run_suite(s, "test_hostile_names", NULL);
}
