/*
 * test_report_html.c - the HTML report (`versus report RESULT.json --html FILE`) in a real
 * browser, as test_dashboard.c tests the history dashboard: headless Chromium (chromium.h)
 * loads the report of tests/fixtures/plot/grep.json (2 groups: 3 and 5 runners) from file://,
 * and the DOM it dumps after the scripts ran must say that the page finished (data-ready),
 * counted no error (data-errors) and drew one interactive chart per group (data-charts, one
 * uPlot canvas and legend each), with sortable tables and the sections in the order report.h
 * gives (key findings first, the environment and the method last); the log shows no console
 * error. The pictures are drawn (by tests/golden/fake-gnuplot.sh, a gnuplot stand-in): the
 * Markdown report links them, the HTML report embeds none of them. A screenshot is kept as a
 * test artefact: build/tests/artifacts/report.png.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chromium.h"
#include "util/fsutil.h"
#include "versus_test.h"

#define GROUPS 2

/* Fails unless the headings come in this order in text. */
static void assert_order(const char *text, const char *const *headings, size_t n)
{
    const char *at = text;
    for (size_t i = 0; i < n; i++) {
        const char *p = strstr(at, headings[i]);
        ck_assert_msg(p != NULL, "'%s' missing or out of order", headings[i]);
        at = p;
    }
}

START_TEST(test_report_renders_in_chromium)
{
    vt_require_chromium();
    char dir[512], html[600], md[600], profile[600], url[700];
    vt_make_tmpdir(dir, sizeof dir, "report_html");
    snprintf(html, sizeof html, "%s/report.html", dir);
    snprintf(md, sizeof md, "%s/report.md", dir);
    snprintf(profile, sizeof profile, "%s/profile", dir);
    setenv("VERSUS_GNUPLOT", VERSUS_SOURCE_DIR "/tests/golden/fake-gnuplot.sh", 1);
    char *err = NULL;
    int rc = vt_run_versus_args(
        NULL, &err,
        VT_ARGS("report", VERSUS_SOURCE_DIR "/tests/fixtures/plot/grep.json", "--html", html,
                "--markdown", md, "--claims", VERSUS_SOURCE_DIR "/workloads/claims.json"));
    ck_assert_msg(rc == 0, "versus report: %s", err);
    free(err);

    char *text = fsutil_read_file(html, NULL, NULL);
    ck_assert_ptr_nonnull(text);
    ck_assert_uint_eq(vt_count(text, "<div class=\"run-chart\""), GROUPS);
    ck_assert_msg(strstr(text, "<img") == NULL, "the HTML report embeds a picture");
    ck_assert_msg(strstr(text, "src=\"") == NULL && strstr(text, "<link") == NULL,
                  "the HTML report loads a file: it must stand alone");
    free(text);
    text = fsutil_read_file(md, NULL, NULL);
    ck_assert_ptr_nonnull(text);
    ck_assert_msg(vt_count(text, "![") >= 3 * GROUPS, "the Markdown report lost its pictures");
    free(text);

    snprintf(url, sizeof url, "file://%s", html);
    char *log = NULL;
    char *dom = vt_chromium(profile, url, VT_ARGS("--dump-dom"), &log);
    ck_assert_msg(strstr(dom, "data-ready=\"true\"") != NULL, "the page did not finish:\n%s", log);
    ck_assert_msg(strstr(dom, "data-errors=\"0\"") != NULL, "the page counted errors:\n%s", log);
    char want[64];
    snprintf(want, sizeof want, "data-charts=\"%d\"", GROUPS);
    ck_assert_msg(strstr(dom, want) != NULL, "not %d charts", GROUPS);
    ck_assert_uint_eq(vt_count(dom, "<canvas"), GROUPS);
    ck_assert_uint_eq(vt_count(dom, "class=\"u-legend"), GROUPS);
    /* Every results table (one per group), the claims' and the environment's sort. */
    ck_assert_uint_ge(vt_count(dom, "class=\"sortable\""), GROUPS + 2);
    static const char *const order[] = {"<h2>Key findings</h2>", "<h2>Results</h2>",
                                        "<h2>The claims</h2>", "<h2>Environment</h2>",
                                        "<h2>Method</h2>"};
    assert_order(dom, order, sizeof order / sizeof order[0]);
    /* Key findings give each ratio with its interval. */
    ck_assert_ptr_nonnull(strstr(dom, "(95 % CI "));
    vt_assert_no_console_error(log);
    free(dom);
    free(log);
    vt_chromium_screenshot(profile, url, "report.png", 3200);
    vt_remove_tree(dir);
}
END_TEST

static Suite *report_html_suite(void)
{
    Suite *suite = suite_create("report_html");
    TCase *tc = tcase_create("chromium");
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, test_report_renders_in_chromium);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    return vt_run_suite(report_html_suite(), "test_report_html", NULL);
}
