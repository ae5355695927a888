/*
 * test_dashboard.c - the history dashboard (`versus report --history FILE --html DIR`) in a
 * real browser: Debian's headless Chromium (scripts/setup.sh installs it; $CHROMIUM overrides
 * /usr/bin/chromium) loads DIR/index.html from file://, and the DOM it dumps after the scripts
 * ran must say that the page finished (data-ready), counted no error (data-errors, fed by a
 * window "error" listener) and drew one chart per cell series (data-charts and one uPlot
 * canvas each); Chromium's own log must show no console error. A screenshot is kept as a test
 * artefact: build/tests/artifacts/dashboard.png.
 *
 * The history is made here: 30 commits of 2 workloads x 2 runners (4 series), 2 % noise from a
 * seeded generator, and a 10 % step at commit 21 (position 20) in one series, which the summary
 * must list. The compare view, opened on two commits by the address (#compare=A..B), must show
 * every series' ratio of medians B / A as computed here from the same numbers, and mark the
 * stepped series slower.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chromium.h"
#include "util/prng.h"
#include "versus_test.h"

#define COMMITS 30
#define SERIES 4

/* The medians written, as read back from the text (what the page reads). */
static double medians[COMMITS][SERIES];

/* The made-up commit hash of commit c (0-based), 40 hex digits (a static buffer). */
static const char *sha_of(int c)
{
    static char sha[41];
    snprintf(sha, sizeof sha, "%08x%032x", (unsigned)(c + 1) * 2654435761u, 0u);
    return sha;
}

/* Writes the history described above to path. */
static void write_history(const char *path)
{
    static const char *const workloads[SERIES] = {"grep", "grep", "json", "json"};
    static const char *const runners[SERIES] = {"c", "python", "c", "python"};
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    struct rng r;
    rng_seed(&r, 20261204);
    for (int c = 0; c < COMMITS; c++) {
        fprintf(f, "{\"commit\":\"%s\",\"date\":\"2026-11-%02dT03:00:00Z\",\"cells\":[", sha_of(c),
                c % 28 + 1);
        for (int s = 0; s < SERIES; s++) {
            double level = 0.010 * (s + 1) * (s == 1 && c >= 20 ? 1.10 : 1.0);
            double noise = ((double)(rng_next(&r) >> 11) / 9007199254740992.0 - 0.5) * 0.04;
            double m = level * (1 + noise);
            char text[32];
            snprintf(text, sizeof text, "%.9f", m);
            medians[c][s] = strtod(text, NULL);
            fprintf(f,
                    "%s{\"workload\":\"%s\",\"input\":\"small\",\"parameters\":{\"name\":\"case\"},"
                    "\"runner\":\"%s\",\"verdict\":\"verified\",\"median_wall_s\":%.9f,"
                    "\"median_cpu_s\":%.9f,\"median_max_rss_bytes\":1048576,\"p5_wall_s\":%.9f,"
                    "\"p95_wall_s\":%.9f}",
                    s ? "," : "", workloads[s], runners[s], m, m * 0.9, m * 0.98, m * 1.03);
        }
        fputs("]}\n", f);
    }
    ck_assert_int_eq(fclose(f), 0);
}

START_TEST(test_dashboard_renders_in_chromium)
{
    vt_require_chromium();
    char dir[512], history[600], site[600], profile[600], url[700];
    vt_make_tmpdir(dir, sizeof dir, "dashboard");
    snprintf(history, sizeof history, "%s/history.jsonl", dir);
    snprintf(site, sizeof site, "%s/site", dir);
    snprintf(profile, sizeof profile, "%s/profile", dir);
    write_history(history);
    char *out = NULL, *err = NULL;
    int rc = vt_run_versus_args(&out, &err,
                                VT_ARGS("report", "--history", history, "--html", site,
                                        "--repo-url", "https://github.com/example/versus"));
    ck_assert_msg(rc == 0, "versus report --history: %s", err);
    ck_assert_ptr_nonnull(strstr(out, "index.html"));
    free(out);
    free(err);
    snprintf(url, sizeof url, "file://%s/index.html", site);

    char *log = NULL;
    char *dom = vt_chromium(profile, url, VT_ARGS("--dump-dom"), &log);
    ck_assert_msg(strstr(dom, "data-ready=\"true\"") != NULL, "the page did not finish:\n%s", log);
    ck_assert_msg(strstr(dom, "data-errors=\"0\"") != NULL, "the page counted errors:\n%s", log);
    ck_assert_msg(strstr(dom, "data-charts=\"4\"") != NULL, "not 4 charts");
    ck_assert_uint_eq(vt_count(dom, "<canvas"), SERIES);
    ck_assert_uint_eq(vt_count(dom, "class=\"chart\""), SERIES);
    /* The summary lists the planted step (commit 21, 1-based position 20) as a regression,
     * with a link to the commit. */
    char link[120];
    snprintf(link, sizeof link, "https://github.com/example/versus/commit/%s", sha_of(20));
    ck_assert_msg(strstr(dom, link) != NULL, "no link %s", link);
    ck_assert_ptr_nonnull(strstr(dom, "class=\"regression"));
    /* The compare view, by default the first commit against the last. */
    ck_assert_uint_eq(vt_count(dom, "class=\"compare-row"), SERIES);
    vt_assert_no_console_error(log);
    free(dom);
    free(log);

    /* Two commits picked by the address: every ratio as computed here. */
    char picked[800];
    snprintf(picked, sizeof picked, "%s#compare=%.10s..", url, sha_of(4));
    snprintf(picked + strlen(picked), sizeof picked - strlen(picked), "%.10s", sha_of(24));
    dom = vt_chromium(profile, picked, VT_ARGS("--dump-dom"), &log);
    ck_assert_msg(strstr(dom, "data-errors=\"0\"") != NULL, "the page counted errors:\n%s", log);
    char want[120];
    snprintf(want, sizeof want, "data-compare=\"%.10s..", sha_of(4));
    snprintf(want + strlen(want), sizeof want - strlen(want), "%.10s\"", sha_of(24));
    ck_assert_msg(strstr(dom, want) != NULL, "the compare view did not pick %s", want);
    for (int s = 0; s < SERIES; s++) {
        snprintf(want, sizeof want, "data-ratio=\"%.4f\"", medians[24][s] / medians[4][s]);
        ck_assert_msg(strstr(dom, want) != NULL, "series %d: no %s in the compare view", s, want);
    }
    ck_assert_msg(strstr(dom, "slower beyond 5 %") != NULL, "the 10 %% step is not marked");
    vt_assert_no_console_error(log);
    free(dom);
    free(log);

    vt_chromium_screenshot(profile, url, "dashboard.png", 1400);
}
END_TEST

static Suite *dashboard_suite(void)
{
    Suite *suite = suite_create("dashboard");
    TCase *tc = tcase_create("chromium");
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, test_dashboard_renders_in_chromium);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    SRunner *runner = srunner_create(dashboard_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
