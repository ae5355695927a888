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
#include <unistd.h>

#include "measure/process.h"
#include "util/fsutil.h"
#include "util/prng.h"
#include "versus_test.h"

#define COMMITS 30
#define SERIES 4

/* The medians written, as read back from the text (what the page reads). */
static double medians[COMMITS][SERIES];

static const char *chromium(void)
{
    const char *env = getenv("CHROMIUM");
    return env != NULL && *env != '\0' ? env : "/usr/bin/chromium";
}

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

/* Runs Chromium headless on url with extra (NULL-terminated) arguments; returns stdout and
 * puts the log (stderr) into *log. */
static char *run_chromium(const char *profile, const char *url, const char *const *extra,
                          char **log)
{
    char profile_arg[700];
    snprintf(profile_arg, sizeof profile_arg, "--user-data-dir=%s", profile);
    char *argv[24];
    int n = 0;
    const char *const fixed[] = {"--headless",
                                 "--no-sandbox",
                                 "--disable-gpu",
                                 "--disable-background-networking",
                                 "--disable-component-update",
                                 "--disable-sync",
                                 "--disable-quic",
                                 "--no-first-run",
                                 "--enable-logging=stderr",
                                 "--v=0",
                                 "--window-size=1280,1400",
                                 "--virtual-time-budget=5000"};
    argv[n++] = (char *)chromium();
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        argv[n++] = (char *)fixed[i];
    argv[n++] = profile_arg;
    for (; *extra != NULL; extra++)
        argv[n++] = (char *)*extra;
    argv[n++] = (char *)url;
    argv[n] = NULL;
    char *out = NULL;
    struct verr err;
    int rc = process_capture(argv, NULL, 4 << 20, &out, log, &err);
    ck_assert_msg(rc == 0, "%s: %s", chromium(), rc < 0 ? err.msg : *log);
    return out;
}

static size_t count(const char *text, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(text, needle); p != NULL; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* Fails on a console error or an uncaught exception in Chromium's log. */
static void assert_no_console_error(const char *log)
{
    for (const char *line = log; line != NULL && *line != '\0';) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        char buf[600];
        snprintf(buf, sizeof buf, "%.*s", (int)(len < 599 ? len : 599), line);
        ck_assert_msg(strstr(buf, "CONSOLE") == NULL || strstr(buf, "Uncaught") == NULL,
                      "console error: %s", buf);
        ck_assert_msg(strstr(buf, ":ERROR:CONSOLE") == NULL, "console error: %s", buf);
        ck_assert_msg(strstr(buf, "ERR_FILE_NOT_FOUND") == NULL, "missing file: %s", buf);
        line = nl ? nl + 1 : NULL;
    }
}

START_TEST(test_dashboard_renders_in_chromium)
{
    ck_assert_msg(access(chromium(), X_OK) == 0,
                  "%s is not installed: scripts/setup.sh installs Debian's chromium", chromium());
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
    char *dom = run_chromium(profile, url, VT_ARGS("--dump-dom"), &log);
    ck_assert_msg(strstr(dom, "data-ready=\"true\"") != NULL, "the page did not finish:\n%s", log);
    ck_assert_msg(strstr(dom, "data-errors=\"0\"") != NULL, "the page counted errors:\n%s", log);
    ck_assert_msg(strstr(dom, "data-charts=\"4\"") != NULL, "not 4 charts");
    ck_assert_uint_eq(count(dom, "<canvas"), SERIES);
    ck_assert_uint_eq(count(dom, "class=\"chart\""), SERIES);
    /* The summary lists the planted step (commit 21, 1-based position 20) as a regression,
     * with a link to the commit. */
    char link[120];
    snprintf(link, sizeof link, "https://github.com/example/versus/commit/%s", sha_of(20));
    ck_assert_msg(strstr(dom, link) != NULL, "no link %s", link);
    ck_assert_ptr_nonnull(strstr(dom, "class=\"regression"));
    /* The compare view, by default the first commit against the last. */
    ck_assert_uint_eq(count(dom, "class=\"compare-row"), SERIES);
    assert_no_console_error(log);
    free(dom);
    free(log);

    /* Two commits picked by the address: every ratio as computed here. */
    char picked[800];
    snprintf(picked, sizeof picked, "%s#compare=%.10s..", url, sha_of(4));
    snprintf(picked + strlen(picked), sizeof picked - strlen(picked), "%.10s", sha_of(24));
    dom = run_chromium(profile, picked, VT_ARGS("--dump-dom"), &log);
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
    assert_no_console_error(log);
    free(dom);
    free(log);

    char artefacts[600], shot[700], shot_arg[720];
    snprintf(artefacts, sizeof artefacts, "%s/../artifacts", VERSUS_TEST_TMP);
    ck_assert_int_eq(fsutil_mkdir_p(artefacts, NULL), 0);
    snprintf(shot, sizeof shot, "%s/dashboard.png", artefacts);
    unlink(shot);
    snprintf(shot_arg, sizeof shot_arg, "--screenshot=%s", shot);
    free(run_chromium(profile, url, VT_ARGS(shot_arg), &log));
    assert_no_console_error(log);
    free(log);
    ck_assert_msg(fsutil_file_size(shot) > 10000, "no screenshot at %s", shot);
    printf("screenshot: %s\n", shot);
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
